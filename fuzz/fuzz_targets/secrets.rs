//! The secrets-listing reader (issue 30): any text as one listing, and split in two as a listing
//! and a federated-credential list named for an app. It answers or refuses, never panics; its
//! JSON reads back; every script it writes names only GUIDs it checked.
#![no_main]
use fedcred_core::secrets::script::{Format, script};
use fedcred_core::secrets::{read, report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (first, second) = text.split_at(middle);
    for files in [
        vec![("apps.json", &*text)],
        vec![("apps.json", first), ("fics-00000000-0000-0000-0000-000000000001.json", second)],
    ] {
        if let Ok(listing) = read(&files) {
            let r = report(&listing, 1_796_428_800, 30);
            assert!(fedcred_core::json::parse(&r.to_json().to_string()).is_ok());
            let _ = r.to_text();
            for format in [Format::Az, Format::PowerShell, Format::Graph] {
                let _ = script(&r, format);
            }
        }
    }
});
