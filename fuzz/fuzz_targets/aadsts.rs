//! AADSTS error-text parsing, and diagnosing from the text alone.
#![no_main]
use fedcred_core::explain::{Input, explain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = fedcred_core::aadsts::parse(&text);
    let _ = explain(Input { error: Some(&text), now: 1_767_225_600, ..Default::default() });
});
