//! The plan and state reader (issue 31): any text as what terraform show -json prints, or a
//! state file. It reads or refuses, never panics; the audit's JSON reads back.
#![no_main]
use fedcred_core::iac::{self, Given, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reading = iac::read(&[Source::new("plan.json", &*text)], &Given::default(), Default::default());
    let report = iac::audit(reading, &Default::default());
    assert!(fedcred_core::json::parse(&report.to_json().to_string()).is_ok());
});
