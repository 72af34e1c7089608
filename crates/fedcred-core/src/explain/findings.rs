//! Findings about the closest credential, each with its fix and the command that applies it.

use super::report::finding;
use super::report::{Assertion, CredentialReport, Field, ReportFinding, Row, Widening};
use super::subject::classify_subject;
use crate::audience::Cloud;
use crate::claims::IssuerKind;
use crate::credential::Matcher;
use crate::expression::{Expression, Op};
use crate::finding::Code;
use crate::import::Imported;
use crate::snippets::fix::{create_beside_command, update_command};

/// A fix that changes one field of the credential: the words, and the value the command sets.
struct SetField {
    words: String,
    field: &'static str,
    value: String,
}

/// What the token says about where the fix belongs.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TokenSide<'a> {
    /// The token is the wrong kind entirely (Entra-issued): comparing it with a credential means
    /// nothing, and no credential change helps.
    pub(super) wrong_token: bool,
    /// Who issued it, to write the workload's fix in its own terms.
    pub(super) kind: Option<IssuerKind>,
    /// The token is outside its time window too (`has also expired`, `is also not valid yet`):
    /// each fix keeps its own words and says what a fresh token would still meet.
    pub(super) outside_window: Option<&'static str>,
    /// How a credential with the token's subject would trust more than one the identity has.
    pub(super) widening: Option<&'a Widening>,
    /// The token itself is refused too (unsigned, another algorithm, a missing claim): what
    /// Entra answers once the credential is fixed (its code, when the sources name one).
    pub(super) refused_after: Option<Option<&'static str>>,
}

pub(super) fn credential_findings(
    imported: &Imported,
    report: &CredentialReport,
    assertion: &Assertion,
    side: TokenSide<'_>,
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
        // Entra's order of an expiry check against a credential check is not documented: a
        // fresh token is the first fix, and this difference still has to go.
        let window = |words: String| match (side.outside_window, side.refused_after) {
            (Some(state), _) => format!(
                "{words}. The token {state} (AADSTS700024): present a fresh token as well; a fresh token is still refused for this difference ({}) until it is fixed",
                refused_for(row, code)
            ),
            // Entra looks for the credential before it checks the token's signature against
            // the issuer's keys (as `refusal_code` in mod.rs reasons): this difference is what it
            // answers first, the token's own refusal what it answers after.
            (None, Some(then)) => format!(
                "{words}. This difference is what Entra answers first ({}); once it is fixed, Entra refuses the token itself for the reason above{}: present the token exactly as the issuer produced it",
                refused_for(row, code),
                then.map(|c| format!(" ({c})")).unwrap_or_default()
            ),
            (None, None) => words,
        };
        let widening = side.widening.filter(|_| row.field == Field::Subject);
        let mut widened = None;
        let (fix, command) = match set {
            None => (None, None),
            // Fixing the credential to fit a token Entra refuses anyway makes things worse.
            Some(_) if side.wrong_token => (
                Some("the fix is on the workload side: it presented a token Entra refuses (see above), so changing the credential would not help; present the workload's own, current OIDC token".to_owned()),
                None,
            ),
            Some(set) => {
                // The command kept apart from the words, so it can be copied alone. A subject
                // that another run may still present (another branch, environment, tag or
                // repository) is not changed: a credential is added beside it, so that no run
                // that signs in today stops doing so (issue 24).
                let (command, alternative, set) = if row.field == Field::Subject && in_use(code) {
                    let (command, new_name) = create_beside_command(imported, &set.value);
                    let located = imported.location.identity_name.is_some()
                        && imported.location.resource_group.is_some();
                    let words = format!(
                        "add a credential for {} beside '{}' (named '{new_name}'): changing '{}' instead would take it from the runs that present {} now; delete '{}' only once none does{}",
                        set.value,
                        report.name,
                        report.name,
                        row.expected,
                        report.name,
                        if located { "" } else { " (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)" }
                    );
                    (command, None, SetField { words, ..set })
                } else {
                    let (command, alternative) = update_command(imported, set.field, &set.value);
                    (command, alternative, set)
                };
                if row.field == Field::Audience && Cloud::from_audience(&row.expected).is_some() {
                    // The workload's fix first, as copyable as the credential's (which trusts
                    // more).
                    let (words, yaml) = workload_audience(side.kind, &row.expected);
                    (
                        Some(window(format!(
                            "{words}; or, weaker, change the credential instead ({command}): it then trusts every token the issuer mints for {}, whatever service it was meant for",
                            set.value
                        ))),
                        Some(yaml),
                    )
                } else if let Some(w) = widening {
                    // The workload's change first; the credential's, which trusts more, after it
                    // as a finding of its own, labelled so.
                    let mut f = finding(
                        w.code,
                        name,
                        format!(
                            "setting the credential's subject to {} instead widens trust: {}",
                            set.value, w.message
                        ),
                        Some(format!(
                            "only if that is meant: {}",
                            with_alternative(set.words, alternative)
                        )),
                    );
                    f.command = Some(command);
                    widened = Some(f);
                    (Some(window(w.workload_fix.clone())), w.workload_yaml.clone())
                } else {
                    (
                        Some(window(with_alternative(set.words, alternative))),
                        Some(command),
                    )
                }
            }
        };
        findings.push(ReportFinding {
            code,
            fic: name.map(str::to_owned),
            message,
            fix,
            command,
        });
        findings.extend(widened);
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

/// A fix's words, with the other identity type's command when the one kept apart is for an app
/// registration.
/// Whether a subject difference leaves the credential's own subject one that some run can still
/// present (another branch, environment, tag, the pull_request form, another repository), as
/// opposed to a value no run ever sends (surrounding white space, `pull-request`, a look-alike
/// character, another case, an unescaped `:`, a form the repository no longer uses).
fn in_use(code: Code) -> bool {
    matches!(
        code,
        Code::SubjectEnvironmentVsRef
            | Code::SubjectPullRequestVsRef
            | Code::SubjectBranchDiffers
            | Code::SubjectTagVsBranch
            | Code::SubjectMismatch
    )
}

fn with_alternative(words: String, alternative: Option<String>) -> String {
    match alternative {
        Some(other) => format!(
            "{words} (this command is for an app registration; for a managed identity: {other})"
        ),
        None => words,
    }
}

/// The code Entra gives for this difference (field guide §7, §9).
fn refused_for(row: &Row, code: Code) -> &'static str {
    match row.field {
        Field::Issuer => "AADSTS700211",
        Field::Audience => "AADSTS700212",
        Field::Subject if code == Code::SubjectCase => "AADSTS7002138",
        Field::Subject
            if row
                .actual
                .as_deref()
                .is_some_and(|s| s.starts_with("/eid1/")) =>
        {
            "AADSTS7002137"
        }
        Field::Subject => "AADSTS700213",
        Field::Expression => "AADSTS7002131",
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
    let parsed = match row.expected.parse::<Expression>() {
        Ok(parsed) => parsed,
        Err(e) => return format!("the credential's expression does not parse {e}"),
    };
    if code == Code::ExpressionInvalid {
        return "the credential's expression does not parse".to_owned();
    }
    // The token's value of each term's claim: `sub` from the assertion, the others from the
    // row's `claim=value, …` (written in the terms' order; `(absent)` when not known).
    let mut rest = actual;
    let values: Vec<Option<String>> = parsed
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let written = rest
                .strip_prefix(t.claim.as_str())
                .and_then(|r| r.strip_prefix('='))
                .and_then(|after| {
                    let end = parsed
                        .terms
                        .get(i + 1)
                        .and_then(|next| after.find(&format!(", {}=", next.claim)))
                        .unwrap_or(after.len());
                    after.split_at_checked(end)
                })
                .map(|(value, tail)| {
                    rest = tail.strip_prefix(", ").unwrap_or(tail);
                    value
                });
            if t.claim == "sub" {
                assertion.subject.clone()
            } else {
                written.filter(|v| *v != "(absent)").map(str::to_owned)
            }
        })
        .collect();
    let known_false = parsed.terms.iter().zip(&values).find_map(|(t, v)| {
        v.as_deref()
            .filter(|v| !t.op.apply(v, &t.value))
            .map(|v| (t, v))
    });
    if code == Code::ExpressionMissingIdClaim {
        let why = crate::platforms::issuers::flexible_rules_for(issuer, &parsed)
            .and_then(|(rules, _)| crate::expression::missing_id_claim(&rules, &parsed))
            .unwrap_or_default();
        // The expression's own mismatch too, so pinning the ID does not reveal it only later.
        let also = known_false
            .map(|(t, v)| {
                format!(
                    ". Pinning the ID is not enough for this token: {t} is false (the token's {} is {v})",
                    t.claim
                )
            })
            .unwrap_or_default();
        return format!("Entra will not apply this credential, whatever the token: {why}{also}");
    }
    let failing = known_false.map(|(t, _)| t).or_else(|| {
        parsed
            .terms
            .iter()
            .zip(&values)
            .find_map(|(t, v)| v.is_none().then_some(t))
    });
    format!(
        "the expression does not hold for this token{}: {}",
        failing
            .map(|t| format!(" ({t} is false)"))
            .unwrap_or_default(),
        actual
    )
}
