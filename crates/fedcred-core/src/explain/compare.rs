//! One credential against the assertion: a row per field, each with its status and difference.

use super::diff::diff;
use super::report::{Assertion, CredentialReport, Row, Status};
use super::subject::classify_subject;
use crate::credential::{Credential, Matcher};
use crate::expression::Expression;
use crate::finding::Code;
use crate::token::Token;

pub(super) fn compare(
    c: &Credential,
    assertion: &Assertion,
    token: Option<&Token>,
) -> CredentialReport {
    let mut rows = Vec::new();
    let mut score = 0u32;
    // Issuer.
    let issuer_row = match &assertion.issuer {
        None => Row {
            field: "issuer",
            expected: c.issuer.clone(),
            actual: None,
            status: Status::Unknown,
            diff: None,
            code: None,
        },
        Some(actual) if *actual == c.issuer => {
            score += 80;
            Row {
                field: "issuer",
                expected: c.issuer.clone(),
                actual: Some(actual.clone()),
                status: Status::Match,
                diff: None,
                code: None,
            }
        }
        Some(actual) => {
            let code = if actual.trim_end_matches('/') == c.issuer.trim_end_matches('/') {
                Code::IssuerTrailingSlash
            } else if actual.trim() == c.issuer.trim() {
                Code::IssuerWhitespace
            } else if actual.eq_ignore_ascii_case(&c.issuer) {
                Code::IssuerCase
            } else if (actual.contains("vstoken.dev.azure.com")
                && c.issuer.contains("login.microsoftonline.com"))
                || (c.issuer.contains("vstoken.dev.azure.com")
                    && actual.contains("login.microsoftonline.com"))
            {
                Code::AdoIssuerGeneration
            } else {
                Code::IssuerMismatch
            };
            if code != Code::IssuerMismatch {
                score += 40;
            }
            Row {
                field: "issuer",
                expected: c.issuer.clone(),
                actual: Some(actual.clone()),
                status: Status::Mismatch,
                diff: Some(diff(&c.issuer, actual)),
                code: Some(code),
            }
        }
    };
    rows.push(issuer_row);
    // Audience.
    let expected_aud = c.audience().to_owned();
    let audience_row = if assertion.audiences.is_empty() {
        Row {
            field: "audience",
            expected: expected_aud,
            actual: None,
            status: Status::Unknown,
            diff: None,
            code: None,
        }
    } else if assertion.audiences.contains(&expected_aud) {
        score += 40;
        Row {
            field: "audience",
            expected: expected_aud.clone(),
            actual: Some(expected_aud),
            status: Status::Match,
            diff: None,
            code: None,
        }
    } else {
        let actual = assertion.audiences.first().cloned().unwrap_or_default();
        let code = if actual.eq_ignore_ascii_case(&expected_aud) {
            Code::AudienceCase
        } else {
            Code::AudienceMismatch
        };
        if code == Code::AudienceCase {
            score += 20;
        }
        Row {
            field: "audience",
            expected: expected_aud.clone(),
            diff: Some(diff(&expected_aud, &actual)),
            actual: Some(actual),
            status: Status::Mismatch,
            code: Some(code),
        }
    };
    rows.push(audience_row);
    // Subject or expression.
    let matcher_row = match &c.matcher {
        Matcher::Subject(expected) => match &assertion.subject {
            None => Row {
                field: "subject",
                expected: expected.clone(),
                actual: None,
                status: Status::Unknown,
                diff: None,
                code: None,
            },
            Some(actual) if actual == expected => {
                score += 160;
                Row {
                    field: "subject",
                    expected: expected.clone(),
                    actual: Some(actual.clone()),
                    status: Status::Match,
                    diff: None,
                    code: None,
                }
            }
            Some(actual) => {
                let (code, _) = classify_subject(expected, actual);
                let d = diff(expected, actual);
                // How much the two share, against the longer of them: 0 to 80.
                let shared = d.prefix.chars().count() + d.suffix.chars().count();
                let longest = expected.chars().count().max(actual.chars().count()).max(1);
                let similarity = (80 * shared / longest) as u32;
                score += match code {
                    Code::SubjectCase | Code::SubjectWhitespace => 120,
                    // Similarity decides; a recognised near miss gets a small bonus on top.
                    Code::SubjectMismatch => similarity,
                    _ => similarity + 10,
                };
                Row {
                    field: "subject",
                    expected: expected.clone(),
                    actual: Some(actual.clone()),
                    status: Status::Mismatch,
                    diff: Some(d),
                    code: Some(code),
                }
            }
        },
        Matcher::Expression(text) => {
            let claim = |name: &str| -> Option<String> {
                match token {
                    Some(t) => t.claim_str(name).map(str::to_owned),
                    None if name == "sub" => assertion.subject.clone(),
                    None => None,
                }
            };
            match text.parse::<Expression>() {
                Err(_) => Row {
                    field: "expression",
                    expected: text.clone(),
                    actual: None,
                    status: Status::Mismatch,
                    diff: None,
                    code: Some(Code::ExpressionInvalid),
                },
                Ok(expression) => {
                    let known = expression.terms.iter().all(|t| claim(&t.claim).is_some());
                    let holds = expression
                        .terms
                        .iter()
                        .all(|t| claim(&t.claim).is_some_and(|v| t.op.apply(&v, &t.value)));
                    let actual = expression
                        .terms
                        .iter()
                        .map(|t| {
                            format!(
                                "{}={}",
                                t.claim,
                                claim(&t.claim).unwrap_or_else(|| "(absent)".to_owned())
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    let status = if holds {
                        Status::Match
                    } else if known || token.is_some() {
                        Status::Mismatch
                    } else {
                        Status::Unknown
                    };
                    if holds {
                        score += 160;
                    }
                    Row {
                        field: "expression",
                        expected: text.clone(),
                        actual: Some(actual),
                        status: status.clone(),
                        diff: None,
                        code: (status == Status::Mismatch).then_some(Code::ExpressionNoMatch),
                    }
                }
            }
        }
    };
    rows.push(matcher_row);
    let matches = rows.iter().all(|r| r.status == Status::Match);
    CredentialReport {
        name: c.name.clone(),
        rows,
        matches,
        score,
    }
}
