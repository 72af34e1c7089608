//! The JSON reader: never panics, and what it reads prints back to text that reads the same.
#![no_main]
use fedcred_core::json::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(value) = parse(&text) {
        assert_eq!(parse(&value.to_string()).as_ref(), Ok(&value));
        assert_eq!(parse(&value.to_pretty()).as_ref(), Ok(&value));
    }
});
