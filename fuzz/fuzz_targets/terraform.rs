//! The Terraform reader (issue 31): any text as a module's main.tf, and split in two as a
//! module and the module it calls (with a terraform.tfvars beside it). It reads or refuses,
//! never panics; the audit of what it read writes JSON that reads back.
#![no_main]
mod iac_common;

use fedcred_core::iac::{Given, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (first, second) = iac_common::halves(&text);
    let given = Given {
        values: vec![("repo".to_owned(), "o/r".to_owned()), ("data.x.y.z".to_owned(), "[\"a\"]".to_owned())],
        ..Given::default()
    };
    for sources in [
        vec![Source::new("main.tf", &*text)],
        vec![
            Source::new("root/main.tf", format!("module \"m\" {{\n  source = \"../child\"\n}}\n{first}")),
            Source::new("child/main.tf", second),
            Source::new("root/terraform.tfvars", first),
        ],
    ] {
        iac_common::read_and_audit(&sources, &given);
    }
});
