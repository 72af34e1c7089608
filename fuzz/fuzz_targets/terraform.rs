//! The Terraform reader (issue 31): any text as a module's main.tf, and split in two as a
//! module and the module it calls (with a terraform.tfvars beside it). It reads or refuses,
//! never panics; the audit of what it read writes JSON that reads back.
#![no_main]
use fedcred_core::iac::{self, Given, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (first, second) = text.split_at(middle);
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
        let reading = iac::read(&sources, &given, Default::default());
        let report = iac::audit(reading, &Default::default());
        assert!(fedcred_core::json::parse(&report.to_json().to_string()).is_ok());
    }
});
