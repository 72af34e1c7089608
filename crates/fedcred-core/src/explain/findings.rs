//! Findings about the closest credential, each with its fix and the command that applies it.

use super::report::finding;
use super::report::{Assertion, CredentialReport, Field, ReportFinding, Row};
use super::subject::classify_subject;
use crate::audience::Cloud;
use crate::claims::IssuerKind;
use crate::credential::Matcher;
use crate::expression::{Expression, Op};
use crate::finding::Code;
use crate::import::Imported;
use crate::snippets::fix::update_command;

/// A fix that changes one field of the credential: the words, and the value the command sets.
struct SetField {
    words: String,
    field: &'static str,
    value: String,
}

/// What the token says about where the fix belongs.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TokenSide {
    /// The token is the wrong kind (Entra-issued, expired): no credential change helps.
    pub(super) wrong_token: bool,
    /// Who issued it, to write the workload's fix in its own terms.
    pub(super) kind: Option<IssuerKind>,
}

pub(super) fn credential_findings(
    imported: &Imported,
    report: &CredentialReport,
    assertion: &Assertion,
    side: TokenSide,
    findings: &mut Vec<ReportFinding>,
) {
    let name = Some(report.name.as_str());
    for row in &report.rows {
        let Some(code) = row.code else { continue };
        let actual = row.actual.clone().unwrap_or_default();
        let (message, set) = match row.field {
            Field::Issuer => issuer(row, code, &actual),
            Field::Audience => audience(row, &actual),
            Field::Subject => subject(row, &actual),
            Field::Expression => (
                expression(row, code, &imported.credential.issuer, assertion, &actual),
                None,
            ),
        };
        let (fix, command) = match set {
            None => (None, None),
            // Fixing the credential to fit a token Entra refuses anyway makes things worse.
            Some(_) if side.wrong_token => (
                Some("the fix is on the workload side: it presented a token Entra refuses (see above), so changing the credential would not help; present the workload's own, current OIDC token".to_owned()),
                None,
            ),
            Some(set) if row.field == Field::Audience && Cloud::from_audience(&row.expected).is_some() => {
                // The workload's fix first, as copyable as the credential's (which trusts more).
                let (credential, _) = update_command(imported, set.field, &set.value);
                let (words, yaml) = workload_audience(side.kind, &row.expected);
                (
                    Some(format!(
                        "{words}; or, weaker, change the credential instead ({credential}): it then trusts every token the issuer mints for {}, whatever service it was meant for",
                        set.value
                    )),
                    Some(yaml),
                )
            }
            Some(set) => {
                // The fix as words, with the command kept apart so it can be copied alone.
                let (command, alternative) = update_command(imported, set.field, &set.value);
                let words = match alternative {
                    Some(other) => format!(
                        "{} (this command is for an app registration; for a managed identity: {other})",
                        set.words
                    ),
                    None => set.words,
                };
                (Some(words), Some(command))
            }
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
        findings.push(finding(
            Code::ExpressionInvalid,
            name,
            "the expression uses startswith, which the Entra docs do not list (only eq and matches)",
            Some("use matches 'prefix*' instead".to_owned()),
        ));
    }
}

/// Where the workload asks for its token's audience, and the line that sets it, per issuer
/// (azure/login's `audience` input; GitLab's `id_tokens … aud`; the projected service account
/// token's `audience`; field guide §3, §5).
fn workload_audience(kind: Option<IssuerKind>, audience: &str) -> (String, String) {
    match kind {
        Some(IssuerKind::GitHub) => (
            format!(
                "make the workload request the audience {audience}: azure/login's audience input (its default), or the audience parameter of a script that calls ACTIONS_ID_TOKEN_REQUEST_URL"
            ),
            // azure/login@v3: the Node 24 release (Azure/login#577, 2026-03-17).
            format!("- uses: azure/login@v3\n  with:\n    audience: {audience}"),
        ),
        Some(IssuerKind::GitLab) => (
            format!("make the job request the audience {audience} in its id_tokens"),
            format!("id_tokens:\n  AZURE_FEDERATED_TOKEN:\n    aud: {audience}"),
        ),
        Some(IssuerKind::Kubernetes) => (
            format!(
                "mount the projected service account token with audience {audience} (the Azure Workload Identity webhook does, for pods labelled azure.workload.identity/use: \"true\")"
            ),
            format!(
                "- serviceAccountToken:\n    path: azure-identity-token\n    audience: {audience}"
            ),
        ),
        _ => (
            format!("make the workload request a token for the audience {audience}"),
            format!("audience: {audience}"),
        ),
    }
}

fn set(words: String, field: &'static str, value: &str) -> Option<SetField> {
    Some(SetField {
        words,
        field,
        value: value.to_owned(),
    })
}

fn issuer(row: &Row, code: Code, actual: &str) -> (String, Option<SetField>) {
    let generation = |issuer: &str| {
        if issuer.contains("vstoken") {
            "legacy Azure DevOps"
        } else {
            "Entra"
        }
    };
    match code {
        Code::IssuerTrailingSlash => (
            format!(
                "the issuers differ only by a trailing slash: the token says {actual}, the credential {}",
                row.expected
            ),
            set(
                format!("set the credential's issuer to {actual}"),
                "issuer",
                actual,
            ),
        ),
        Code::AdoIssuerGeneration => (
            format!(
                "the service connection uses the {} issuer but the credential holds the {} one: after converting a connection, its credential must change too",
                generation(actual),
                generation(&row.expected)
            ),
            set(
                "update the issuer and subject to the values on the service connection page"
                    .to_owned(),
                "issuer",
                actual,
            ),
        ),
        _ => (
            format!(
                "the issuer differs: the token says {actual}, the credential {}",
                row.expected
            ),
            set(
                format!("set the credential's issuer to {actual}"),
                "issuer",
                actual,
            ),
        ),
    }
}

fn audience(row: &Row, actual: &str) -> (String, Option<SetField>) {
    let default_token = actual.starts_with("https://kubernetes") || actual.contains(".svc");
    let message = format!(
        "the audience differs: the token says {actual}, the credential {}{}",
        row.expected,
        if default_token {
            " — this is the default service account token; mount the projected token with audience api://AzureADTokenExchange (the Azure Workload Identity webhook does)"
        } else {
            ""
        }
    );
    let words = format!("set the credential's audience to {actual}");
    (message, set(words, "audience", actual))
}

fn subject(row: &Row, actual: &str) -> (String, Option<SetField>) {
    (
        classify_subject(&row.expected, actual).1(),
        set(
            format!("set the credential's subject to {actual}"),
            "subject",
            actual,
        ),
    )
}

fn expression(row: &Row, code: Code, issuer: &str, assertion: &Assertion, actual: &str) -> String {
    if code == Code::ExpressionMissingIdClaim {
        let why = crate::platforms::issuers::flexible_rules(issuer)
            .zip(row.expected.parse::<Expression>().ok())
            .and_then(|(rules, e)| crate::expression::missing_id_claim(&rules, &e))
            .unwrap_or_default();
        return format!("Entra will not apply this credential, whatever the token: {why}");
    }
    if code == Code::ExpressionInvalid {
        return match row.expected.parse::<Expression>() {
            Err(e) => format!("the credential's expression does not parse {e}"),
            Ok(_) => "the credential's expression does not parse".to_owned(),
        };
    }
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
    format!(
        "the expression does not hold for this token{}: {}",
        failing
            .as_ref()
            .map(|t| format!(" ({t} is false)"))
            .unwrap_or_default(),
        actual
    )
}
