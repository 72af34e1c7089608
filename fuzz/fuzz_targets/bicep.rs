//! The Bicep reader (issue 31): any text as main.bicep, and split in two as a file and the
//! module it calls (with a .bicepparam for it). It reads or refuses, never panics; the audit of
//! what it read writes JSON that reads back.
#![no_main]
mod iac_common;

use fedcred_core::iac::{Given, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (first, second) = iac_common::halves(&text);
    let given = Given {
        values: vec![("repo".to_owned(), "o/r".to_owned()), ("envs".to_owned(), "['a', 'b']".to_owned())],
        ..Given::default()
    };
    for sources in [
        vec![Source::new("main.bicep", &*text)],
        vec![
            Source::new("main.bicep", format!("module m './child.bicep' = {{\n  name: 'm'\n  params: {{ a: 'x' }}\n}}\n{first}")),
            Source::new("child.bicep", second),
            Source::new("main.bicepparam", format!("using 'main.bicep'\n{first}")),
        ],
    ] {
        iac_common::read_and_audit(&sources, &given);
    }
});
