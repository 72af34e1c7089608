//! Which error Entra will return, in its own order of checks.

use super::report::{Assertion, CredentialReport, Field, Report, Status};
use crate::finding::Code;

/// Entra's order among the credentials: issuer, then audience, then subject (field guide §7).
/// Where the assertion's time window stands in that order the sources do not say: an expired
/// token is the caller's to add.
pub(super) fn predict(
    reports: &[CredentialReport],
    assertion: &Assertion,
    entra_access_token: bool,
) -> Option<&'static str> {
    let row_ok = |r: &CredentialReport, field: Field| {
        r.rows
            .iter()
            .filter(|row| row.field == field)
            .all(|row| row.status != Status::Mismatch)
    };
    let with_issuer: Vec<&CredentialReport> = reports
        .iter()
        .filter(|r| row_ok(r, Field::Issuer))
        .collect();
    if with_issuer.is_empty() {
        return Some(if entra_access_token {
            "AADSTS700222"
        } else {
            "AADSTS700211"
        });
    }
    let with_audience: Vec<&&CredentialReport> = with_issuer
        .iter()
        .filter(|r| row_ok(r, Field::Audience))
        .collect();
    if with_audience.is_empty() {
        return Some("AADSTS700212");
    }
    if with_audience.iter().any(|r| r.matches) {
        return None;
    }
    let case_only = with_audience
        .iter()
        .any(|r| r.rows.iter().any(|row| row.code == Some(Code::SubjectCase)));
    if case_only {
        Some("AADSTS7002138")
    } else if assertion
        .subject
        .as_deref()
        .is_some_and(|s| s.starts_with("/eid1/"))
    {
        Some("AADSTS7002137")
    } else {
        Some("AADSTS700213")
    }
}

impl Report {
    /// Whether the token is also outside its time window while the predicted code is a
    /// credential's: the sources do not say which of the two Entra checks first, so the
    /// headline names both (the predicted code, then AADSTS700024).
    pub fn also_outside_window(&self) -> bool {
        self.predicted_error
            .as_deref()
            .is_some_and(|code| code != "AADSTS700024")
            && !self.answered()
            && self
                .findings
                .iter()
                .any(|f| matches!(f.code, Code::TokenExpired | Code::TokenNotYetValid))
    }

    /// A token with nothing to compare it with: no credentials and no error text were given,
    /// and the token alone predicts no refusal.
    pub fn not_compared(&self) -> bool {
        self.token.is_some()
            && self.predicted_error.is_none()
            && self.error.is_none()
            && self.credentials.is_empty()
            && self.findings.iter().any(|f| f.code == Code::NoFics)
            && !self.findings.iter().any(|f| super::token::refuses(f.code))
    }
}
