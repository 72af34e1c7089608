//! One credential against the assertion: a row per field, each with its status and difference,
//! and a score that ranks how close the credential came.

use super::diff::{diff, to_segments};
use super::report::{Assertion, CredentialReport, Field, Row, Status};
use super::subject::classify_subject;
use crate::credential::{Credential, Matcher};
use crate::expression::Expression;
use crate::finding::Code;
use crate::token::Token;

/// A row with no difference to show.
fn plain(field: Field, expected: &str, actual: Option<&str>, status: Status) -> Row {
    Row {
        field,
        expected: expected.to_owned(),
        actual: actual.map(str::to_owned),
        status,
        diff: None,
        code: None,
    }
}

/// A differing row, with where the two values differ and the code that names it.
fn differs(field: Field, expected: &str, actual: &str, code: Code) -> Row {
    Row {
        field,
        expected: expected.to_owned(),
        actual: Some(actual.to_owned()),
        status: Status::Mismatch,
        diff: Some(diff(expected, actual)),
        code: Some(code),
    }
}

pub(super) fn compare(
    c: &Credential,
    assertion: &Assertion,
    token: Option<&Token>,
) -> CredentialReport {
    let (issuer, issuer_score) = issuer_row(&c.issuer, assertion.issuer.as_deref());
    let (audience, audience_score) = audience_row(c.audience(), &assertion.audiences);
    let (matcher, matcher_score) = match &c.matcher {
        Matcher::Subject(expected) => subject_row(expected, assertion.subject.as_deref()),
        Matcher::Expression(text) => expression_row(&c.issuer, text, assertion, token),
    };
    let rows = vec![issuer, audience, matcher];
    let matches = rows.iter().all(|r| r.status == Status::Match);
    CredentialReport {
        name: c.name.clone(),
        rows,
        matches,
        score: issuer_score + audience_score + matcher_score,
    }
}

/// The issuer: equal (80), a recognised near miss (40), or different.
fn issuer_row(expected: &str, actual: Option<&str>) -> (Row, u32) {
    let Some(actual) = actual else {
        return (plain(Field::Issuer, expected, None, Status::Unknown), 0);
    };
    if actual == expected {
        return (
            plain(Field::Issuer, expected, Some(actual), Status::Match),
            80,
        );
    }
    let code = if actual.trim_end_matches('/') == expected.trim_end_matches('/') {
        Code::IssuerTrailingSlash
    } else if actual.trim() == expected.trim() {
        Code::IssuerWhitespace
    } else if actual.eq_ignore_ascii_case(expected) {
        Code::IssuerCase
    } else if (actual.contains("vstoken.dev.azure.com")
        && expected.contains("login.microsoftonline.com"))
        || (expected.contains("vstoken.dev.azure.com")
            && actual.contains("login.microsoftonline.com"))
    {
        Code::AdoIssuerGeneration
    } else {
        Code::IssuerMismatch
    };
    let score = if code == Code::IssuerMismatch { 0 } else { 40 };
    (differs(Field::Issuer, expected, actual, code), score)
}

/// The audience: one of the token's (40), a case-only difference (20), or different.
fn audience_row(expected: &str, audiences: &[String]) -> (Row, u32) {
    let Some(first) = audiences.first() else {
        return (plain(Field::Audience, expected, None, Status::Unknown), 0);
    };
    if audiences.iter().any(|a| a == expected) {
        return (
            plain(Field::Audience, expected, Some(expected), Status::Match),
            40,
        );
    }
    if first.eq_ignore_ascii_case(expected) {
        (
            differs(Field::Audience, expected, first, Code::AudienceCase),
            20,
        )
    } else {
        (
            differs(Field::Audience, expected, first, Code::AudienceMismatch),
            0,
        )
    }
}

/// The subject: equal (160), a case or white-space difference (120), or as close as the
/// characters the two share (0 to 80), with a small bonus for a recognised near miss.
fn subject_row(expected: &str, actual: Option<&str>) -> (Row, u32) {
    let Some(actual) = actual else {
        return (plain(Field::Subject, expected, None, Status::Unknown), 0);
    };
    if actual == expected {
        return (
            plain(Field::Subject, expected, Some(actual), Status::Match),
            160,
        );
    }
    let (code, _) = classify_subject(expected, actual);
    let mut row = differs(Field::Subject, expected, actual, code);
    let shared = row
        .diff
        .as_ref()
        .map_or(0, |d| d.prefix.chars().count() + d.suffix.chars().count());
    // Shown by whole `:` segments, except where the characters are the point (case, white
    // space, a lookalike).
    if !matches!(
        code,
        Code::SubjectCase | Code::SubjectWhitespace | Code::SubjectLookalike
    ) {
        row.diff = row
            .diff
            .take()
            .map(|d| to_segments(d, expected, actual, ':'));
    }
    let longest = expected.chars().count().max(actual.chars().count()).max(1);
    let similarity = (80 * shared / longest) as u32;
    let score = match code {
        Code::SubjectCase | Code::SubjectWhitespace => 120,
        Code::SubjectMismatch => similarity,
        _ => similarity + 10,
    };
    (row, score)
}

/// A flexible credential's expression, evaluated on the token's claims (or, from an error text,
/// on the subject alone): holds (160), fails, or cannot be known.
fn expression_row(
    issuer: &str,
    text: &str,
    assertion: &Assertion,
    token: Option<&Token>,
) -> (Row, u32) {
    let Ok(expression) = text.parse::<Expression>() else {
        let mut row = plain(Field::Expression, text, None, Status::Mismatch);
        row.code = Some(Code::ExpressionInvalid);
        return (row, 0);
    };
    // Since 2026 Entra applies no GitHub or GitLab expression that does not pin an ID.
    // A self-managed GitLab (an issuer no provider recognises) is judged by GitLab's rules when
    // the expression uses its claims, as the builder and the audit judge it.
    let unapplied = crate::platforms::issuers::flexible_rules_for(issuer, &expression).is_some_and(
        |(rules, _)| crate::expression::missing_id_claim(&rules, &expression).is_some(),
    );
    let claim = |name: &str| -> Option<String> {
        match token {
            Some(t) => t.claim_str(name).map(str::to_owned),
            None if name == "sub" => assertion.subject.clone(),
            None => None,
        }
    };
    let known = expression.terms.iter().all(|t| claim(&t.claim).is_some());
    let holds = expression
        .terms
        .iter()
        .all(|t| claim(&t.claim).is_some_and(|v| t.op.apply(&v, &t.value)));
    let actual = expression
        .terms
        .iter()
        .map(|t| {
            let value = claim(&t.claim).unwrap_or_else(|| "(absent)".to_owned());
            format!("{}={value}", t.claim)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let status = if holds && !unapplied {
        Status::Match
    } else if known || token.is_some() || unapplied {
        Status::Mismatch
    } else {
        Status::Unknown
    };
    let mut row = plain(Field::Expression, text, Some(&actual), status.clone());
    row.code = if unapplied {
        Some(Code::ExpressionMissingIdClaim)
    } else {
        (status == Status::Mismatch).then_some(Code::ExpressionNoMatch)
    };
    let score = match (holds, unapplied) {
        (true, false) => 160,
        (true, true) => 120,
        (false, _) => 0,
    };
    (row, score)
}
