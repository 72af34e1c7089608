//! Credential JSON import, and comparing a token with whatever it imports.
#![no_main]
use fedcred_core::explain::{SignatureStatus, explain_paste};
use fedcred_core::import::import;
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwic3ViIjoicmVwbzpjb250b3NvL2FwcDplbnZpcm9ubWVudDpwcm9kIiwiYXVkIjoiYXBpOi8vQXp1cmVBRFRva2VuRXhjaGFuZ2UiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let imported = import(&text);
    let _ = explain_paste(TOKEN, Some(&imported), 1_767_225_600, SignatureStatus::NotChecked);
});
