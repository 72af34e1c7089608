//! Findings about the closest credential, each with its fix and the command that applies it.

use super::report::finding;
use super::report::{Assertion, CredentialReport, ReportFinding};
use super::subject::classify_subject;
use crate::audience::Cloud;
use crate::credential::Matcher;
use crate::expression::{Expression, Op};
use crate::finding::Code;
use crate::import::Imported;
use crate::snippets::fix::update_command;

/// Findings about the closest credential, each with its fix.
pub(super) fn credential_findings(
    imported: &Imported,
    report: &CredentialReport,
    assertion: &Assertion,
    findings: &mut Vec<ReportFinding>,
) {
    let name = Some(report.name.as_str());
    for row in &report.rows {
        let Some(code) = row.code else { continue };
        let actual = row.actual.clone().unwrap_or_default();
        let mut command = None;
        // The fix as words, with the command kept apart so it can be copied alone.
        let mut fix_with = |words: String, field: &str, value: &str| -> Option<String> {
            let (cmd, alternative) = update_command(imported, field, value);
            command = Some(cmd);
            Some(match alternative {
                Some(other) => format!(
                    "{words} (this command is for an app registration; for a managed identity: {other})"
                ),
                None => words,
            })
        };
        let (message, fix) = match (row.field, code) {
            ("issuer", Code::IssuerTrailingSlash) => (
                format!(
                    "the issuers differ only by a trailing slash: the token says {actual}, the credential {}",
                    row.expected
                ),
                fix_with(
                    format!("set the credential's issuer to {actual}"),
                    "issuer",
                    &actual,
                ),
            ),
            ("issuer", Code::AdoIssuerGeneration) => (
                format!(
                    "the service connection uses the {} issuer but the credential holds the {} one: after converting a connection, its credential must change too",
                    if actual.contains("vstoken") {
                        "legacy Azure DevOps"
                    } else {
                        "Entra"
                    },
                    if row.expected.contains("vstoken") {
                        "legacy Azure DevOps"
                    } else {
                        "Entra"
                    }
                ),
                fix_with(
                    "update the issuer and subject to the values on the service connection page"
                        .to_owned(),
                    "issuer",
                    &actual,
                ),
            ),
            ("issuer", _) => (
                format!(
                    "the issuer differs: the token says {actual}, the credential {}",
                    row.expected
                ),
                fix_with(
                    format!("set the credential's issuer to {actual}"),
                    "issuer",
                    &actual,
                ),
            ),
            ("audience", _) => (
                format!(
                    "the audience differs: the token says {actual}, the credential {}{}",
                    row.expected,
                    if actual.starts_with("https://kubernetes") || actual.contains(".svc") {
                        " — this is the default service account token; mount the projected token with audience api://AzureADTokenExchange (the Azure Workload Identity webhook does)"
                    } else {
                        ""
                    }
                ),
                if Cloud::from_audience(&row.expected).is_some() {
                    fix_with(
                        format!(
                            "make the workload request the audience {} (azure/login's audience input, GitLab's id_tokens aud), or set the credential's audience to {actual}",
                            row.expected
                        ),
                        "audience",
                        &actual,
                    )
                } else {
                    fix_with(
                        format!("set the credential's audience to {actual}"),
                        "audience",
                        &actual,
                    )
                },
            ),
            ("subject", _) => {
                let message = classify_subject(&row.expected, &actual).1();
                (
                    message,
                    fix_with(
                        format!("set the credential's subject to {actual}"),
                        "subject",
                        &actual,
                    ),
                )
            }
            ("expression", Code::ExpressionInvalid) => (
                match row.expected.parse::<Expression>() {
                    Err(e) => format!("the credential's expression does not parse {e}"),
                    Ok(_) => "the credential's expression does not parse".to_owned(),
                },
                None,
            ),
            ("expression", _) => {
                let failing = row.expected.parse::<Expression>().ok().and_then(|e| {
                    e.terms.into_iter().find(|t| {
                        let value = if t.claim == "sub" {
                            assertion.subject.clone()
                        } else {
                            None
                        };
                        value.is_none_or(|v| !t.op.apply(&v, &t.value))
                    })
                });
                (
                    format!(
                        "the expression does not hold for this token{}: {}",
                        failing
                            .as_ref()
                            .map(|t| format!(" ({t} is false)"))
                            .unwrap_or_default(),
                        actual
                    ),
                    None,
                )
            }
            _ => continue,
        };
        findings.push(ReportFinding {
            code,
            fic: name.map(str::to_owned),
            message,
            fix,
            command,
        });
    }
    if let Matcher::Expression(text) = &imported.credential.matcher
        && let Ok(e) = text.parse::<Expression>()
        && e.terms.iter().any(|t| t.op == Op::StartsWith)
    {
        findings.push(finding(Code::ExpressionInvalid, name, "the expression uses startswith, which the Entra docs do not list (only eq and matches)", Some("use matches 'prefix*' instead".to_owned())));
    }
}
