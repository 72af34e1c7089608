//! How a credential's subject and the assertion's differ, named.

use super::diff::diff;
use crate::finding::{Code, Message, say};

/// Names the difference between a credential's subject and the assertion's.
pub(super) fn classify_subject<'a>(expected: &'a str, actual: &'a str) -> (Code, Message<'a>) {
    if expected.trim() == actual.trim() {
        return (
            Code::SubjectWhitespace,
            say!(
                "the credential's subject has white space around it that the token's sub does not"
            ),
        );
    }
    if expected.eq_ignore_ascii_case(actual) {
        let d = diff(expected, actual);
        return (
            Code::SubjectCase,
            say!(
                "the subjects differ only in case ('{}' vs '{}'), and Entra compares case-sensitively (AADSTS7002138)",
                d.expected,
                d.actual
            ),
        );
    }
    // A character outside ASCII on one side only: usually a lookalike (a Cyrillic 'а' for 'a',
    // a zero-width space, a right-to-left mark) that makes two subjects look equal.
    if expected.is_ascii() != actual.is_ascii() {
        let (side, text) = if actual.is_ascii() {
            ("credential's", expected)
        } else {
            ("token's", actual)
        };
        if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
            return (
                Code::SubjectLookalike,
                say!(
                    "the {side} subject contains '{}' (U+{:04X}), which is not a plain ASCII character: it may look like one, but the subjects differ there",
                    c.escape_default(),
                    u32::from(c)
                ),
            );
        }
    }
    crate::platforms::compare_subjects(expected, actual)
        .unwrap_or_else(|| (Code::SubjectMismatch, say!("the subjects differ")))
}
