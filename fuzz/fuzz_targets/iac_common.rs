//! What the infrastructure-as-code targets share (issue 31): a text cut in two, and the check
//! each makes of what it read. Not every target cuts its text in two.
#![allow(dead_code)]
use fedcred_core::iac::{self, Given, Source};

/// `text` cut in two at its middle character.
pub fn halves(text: &str) -> (&str, &str) {
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    text.split_at(middle)
}

/// `sources` read with `given` and audited: the readers read or refuse, never panic, and the
/// audit writes JSON that reads back.
pub fn read_and_audit(sources: &[Source], given: &Given) {
    let reading = iac::read(sources, given, Default::default());
    let report = iac::audit(reading, &Default::default());
    assert!(fedcred_core::json::parse(&report.to_json().to_string()).is_ok());
}
