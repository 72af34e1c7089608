//! Credential JSON import, comparing a token with whatever it imports, and the audit of it with
//! its migration scripts.
#![no_main]
use fedcred_core::audit::{Options, audit_with, migrate};
use fedcred_core::explain::{SignatureStatus, explain_paste};
use fedcred_core::import::import;
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwic3ViIjoicmVwbzpjb250b3NvL2FwcDplbnZpcm9ubWVudDpwcm9kIiwiYXVkIjoiYXBpOi8vQXp1cmVBRFRva2VuRXhjaGFuZ2UiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln";

const GH: &str = "https://token.actions.githubusercontent.com";
const IDS: &str = r#"[{"id": 1, "full_name": "contoso/app", "owner": {"id": 2}}, {"id": 3, "full_name": "o/r", "owner": {"id": 4}}]"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let imported = import(&text);
    let _ = explain_paste(TOKEN, Some(&imported), 1_767_225_600, SignatureStatus::NotChecked);
    let report = audit_with(
        &text,
        &Options {
            github_ids: IDS.to_owned(),
            reissue: vec![(GH.to_owned(), format!("{GH}/contoso"))],
            ado_subjects: String::new(),
        },
    );
    for format in ["az", "powershell", "graph"] {
        let _ = migrate::script(&report, format);
    }
});
