//! The plan and state reader (issue 31): any text as what terraform show -json prints, or a
//! state file. It reads or refuses, never panics; the audit's JSON reads back.
#![no_main]
mod iac_common;

use fedcred_core::iac::{Given, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    iac_common::read_and_audit(&[Source::new("plan.json", &*text)], &Given::default());
});
