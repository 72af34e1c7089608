//! Why a token does or does not match the credentials, which error Entra will return, and the fix.
//!
//! Entra looks for a credential with the assertion's issuer, then its audience, then its subject
//! (or expression), and refuses expired assertions (field guide §7, §8). The report follows that
//! order: the verdict, the predicted `AADSTS…` code, the closest credential, and findings with
//! stable codes, each with a message for a person and a concrete fix.

use crate::json::{Map, Value};
use serde::Serialize;

use crate::aadsts::{self, AadstsError};
use crate::audience::Cloud;
use crate::claims::{ClaimExplanation, IssuerKind, explain_claims};
use crate::credential::{Credential, Matcher};
use crate::expression::{Expression, Op};
use crate::finding::Code;
use crate::import::{Import, Imported, Location};
use crate::platforms::Platform;
use crate::snippets::quote::sh;
use crate::token::{Token, TokenError, decode_unverified};

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A credential accepts the assertion.
    Match,
    /// None does (or the token is refused before matching).
    NoMatch,
    /// The input could not be read.
    InvalidInput,
}

/// Whether the signature was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Decoded, not verified.
    #[default]
    NotChecked,
    /// Verified against the given keys.
    Valid,
    /// The check ran and failed.
    Invalid,
}

/// One finding of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    /// A stable code (`subject_environment_vs_ref`, …).
    pub code: Code,
    /// The credential it is about, if any.
    pub fic: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
    /// What to do, for a person: the corrected value.
    pub fix: Option<String>,
    /// The command that applies the fix, alone, ready to paste.
    pub command: Option<String>,
}

/// A value split around where two strings differ: `prefix` and `suffix` are shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Shared start.
    pub prefix: String,
    /// The credential's differing middle.
    pub expected: String,
    /// The assertion's differing middle.
    pub actual: String,
    /// Shared end.
    pub suffix: String,
}

/// Character-level difference: the longest shared prefix and suffix, and what lies between.
pub fn diff(expected: &str, actual: &str) -> Diff {
    // Byte offsets that are character boundaries in both strings (equal characters have equal
    // lengths, so the shared prefix and suffix end on boundaries in both).
    let prefix = expected
        .char_indices()
        .zip(actual.chars())
        .find(|((_, e), a)| e != a)
        .map_or(expected.len().min(actual.len()), |((i, _), _)| i);
    let (e_rest, a_rest) = (
        expected.get(prefix..).unwrap_or_default(),
        actual.get(prefix..).unwrap_or_default(),
    );
    let suffix: usize = e_rest
        .chars()
        .rev()
        .zip(a_rest.chars().rev())
        .take_while(|(e, a)| e == a)
        .map(|(e, _)| e.len_utf8())
        .sum();
    let slice =
        |text: &str, from: usize, to: usize| text.get(from..to).unwrap_or_default().to_owned();
    Diff {
        prefix: slice(expected, 0, prefix),
        expected: slice(e_rest, 0, e_rest.len() - suffix),
        actual: slice(a_rest, 0, a_rest.len() - suffix),
        suffix: slice(e_rest, e_rest.len() - suffix, e_rest.len()),
    }
}

/// How one field of a credential compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Equal.
    Match,
    /// Different.
    Mismatch,
    /// The assertion's value is not known (an error text that does not quote it).
    Unknown,
}

/// One row of a credential's comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `issuer`, `audience`, `subject` or `expression`.
    pub field: &'static str,
    /// The credential's value.
    pub expected: String,
    /// The assertion's value.
    pub actual: Option<String>,
    /// The outcome.
    pub status: Status,
    /// Where they differ.
    pub diff: Option<Diff>,
    /// The finding code that names the difference.
    pub code: Option<Code>,
}

/// One credential compared with the assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialReport {
    /// The credential's name.
    pub name: String,
    /// Issuer, audience, subject/expression.
    pub rows: Vec<Row>,
    /// Whether it accepts the assertion.
    pub matches: bool,
    /// How close it is (higher is closer).
    pub score: u32,
}

/// The assertion's values: from the token, else from the error text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Assertion {
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud` (several when the token has an array).
    pub audiences: Vec<String>,
}

/// The token part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenView {
    /// The header.
    pub header: Map,
    /// The claims.
    pub claims: Map,
}

/// A credential that would accept the token, as the builder's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The platform inputs.
    pub platform: Platform,
    /// Name, audience.
    pub common: crate::platforms::Common,
}

/// The whole diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Match, no match, or invalid input.
    pub verdict: Verdict,
    /// The `AADSTS…` code Entra will return.
    pub predicted_error: Option<String>,
    /// What that code means.
    pub predicted_error_meaning: Option<String>,
    /// The credential that came closest.
    pub closest_fic: Option<String>,
    /// Findings, most important first.
    pub findings: Vec<ReportFinding>,
    /// The decoded token.
    pub token: Option<TokenView>,
    /// Whether the signature was checked.
    pub signature: SignatureStatus,
    /// Each claim explained.
    pub claims: Vec<ClaimExplanation>,
    /// The issuer family.
    pub issuer_kind: Option<IssuerKind>,
    /// The values compared.
    pub assertion: Assertion,
    /// Each credential compared.
    pub credentials: Vec<CredentialReport>,
    /// What the pasted error text said.
    pub error: Option<AadstsError>,
    /// A credential that would accept this token.
    pub suggestion: Option<Suggestion>,
}

/// What to explain.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// A pasted token.
    pub token: Option<&'a str>,
    /// A pasted AADSTS error text.
    pub error: Option<&'a str>,
    /// The credentials to compare with; `None` when none were given at all. Borrowed: a page
    /// imports them once, not on every paste.
    pub credentials: Option<&'a Import>,
    /// The current time, Unix seconds.
    pub now: i64,
    /// Whether (and how) the signature was checked.
    pub signature: SignatureStatus,
}

fn finding(
    code: Code,
    fic: Option<&str>,
    message: impl Into<String>,
    fix: Option<String>,
) -> ReportFinding {
    ReportFinding {
        code,
        fic: fic.map(str::to_owned),
        message: message.into(),
        fix,
        command: None,
    }
}

fn invalid(findings: Vec<ReportFinding>, error: Option<AadstsError>) -> Report {
    Report {
        verdict: Verdict::InvalidInput,
        predicted_error: None,
        predicted_error_meaning: None,
        closest_fic: None,
        findings,
        token: None,
        signature: SignatureStatus::NotChecked,
        claims: Vec::new(),
        issuer_kind: None,
        assertion: Assertion::default(),
        credentials: Vec::new(),
        error,
        suggestion: None,
    }
}

/// Explains a token and/or an error text against credentials.
pub fn explain(input: Input<'_>) -> Report {
    let error = input.error.and_then(aadsts::parse);
    if input.error.is_some_and(|e| !e.trim().is_empty()) && error.is_none() && input.token.is_none()
    {
        return invalid(
            vec![finding(
                Code::MalformedToken,
                None,
                "the error text has no AADSTS code and quotes no issuer, subject or audience: paste the whole error message",
                None,
            )],
            None,
        );
    }
    let token = match input.token.map(decode_unverified) {
        None => None,
        Some(Ok(token)) => Some(token),
        Some(Err(e)) => {
            let code = if e == TokenError::Encrypted {
                Code::EncryptedToken
            } else {
                Code::MalformedToken
            };
            return invalid(vec![finding(code, None, e.to_string(), Some("copy the token again, whole: it is the value the workload sends as client_assertion".to_owned()))], error);
        }
    };
    if token.is_none() && error.is_none() {
        return invalid(
            vec![finding(
                Code::MalformedToken,
                None,
                "nothing to explain: paste a token or an AADSTS error text",
                None,
            )],
            None,
        );
    }

    let mut findings = Vec::new();
    let mut assertion = Assertion::default();
    let mut expired = false;
    let mut entra_access_token = false;
    let (mut issuer_kind, mut claims) = (None, Vec::new());
    if let Some(token) = &token {
        let (kind, explained) = explain_claims(token, input.now);
        issuer_kind = Some(kind);
        claims = explained;
        assertion.issuer = token.claim_str("iss").map(str::to_owned);
        assertion.subject = token.claim_str("sub").map(str::to_owned);
        assertion.audiences = token.audiences().into_iter().map(str::to_owned).collect();
        token_findings(
            token,
            kind,
            input.now,
            &mut findings,
            &mut expired,
            &mut entra_access_token,
        );
    }
    if let Some(e) = &error {
        assertion.issuer = assertion.issuer.or_else(|| e.issuer.clone());
        assertion.subject = assertion.subject.or_else(|| e.subject.clone());
        if assertion.audiences.is_empty() {
            assertion.audiences.extend(e.audience.clone());
        }
        if let (Some(now), Some(exp)) = (e.current_time, e.expires)
            && now > exp
            && token.is_none()
        {
            expired = true;
            findings.push(finding(
                Code::TokenExpired,
                None,
                format!("Entra received the assertion {} after it expired (it was valid {} → {})", crate::time::duration(now - exp), crate::time::utc(e.valid_from.unwrap_or(exp)), crate::time::utc(exp)),
                Some("request the token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes, so long jobs must fetch a new one".to_owned()),
            ));
        }
        if e.truncated {
            findings.push(finding(
                Code::MalformedToken,
                None,
                "a quoted value in the error text is cut off: the comparison uses what is there",
                None,
            ));
        }
        if issuer_kind.is_none() {
            issuer_kind = assertion
                .issuer
                .as_deref()
                .map(|i| IssuerKind::of(i, assertion.subject.as_deref().unwrap_or_default()));
        }
    }

    // The pasted error's own code, explained; codes that are not about matching a credential
    // (a client secret, an unknown app, an unreachable issuer, a policy) are the answer as they are.
    let mut told: Option<&'static str> = None;
    // Said after the credential findings: the specific cause first, the code's meaning after.
    let mut about_code = Vec::new();
    let code = error.as_ref().and_then(|e| e.code.as_deref());
    if let Some(unknown) = code.filter(|c| aadsts::known(c).is_none()) {
        about_code.push(finding(
            Code::AadstsError,
            None,
            format!("{unknown} is not a code fedcred knows for federated sign-in; if the text was cut off, paste the whole message"),
            Some("search the code in the Entra error reference (login.microsoftonline.com/error?code=…)".to_owned()),
        ));
    }
    if let Some(known) = code.and_then(aadsts::known) {
        about_code.push(finding(
            Code::AadstsError,
            None,
            format!("Entra answered {}: {}", known.code, known.meaning),
            Some(known.fix.to_owned()),
        ));
        let about_matching = matches!(
            known.code,
            "AADSTS70021"
                | "AADSTS700211"
                | "AADSTS700212"
                | "AADSTS700213"
                | "AADSTS7002138"
                | "AADSTS7002137"
                | "AADSTS70025"
                | "AADSTS700024"
        );
        if !about_matching {
            told = Some(known.code);
        }
    }
    let suggestion = token.as_ref().and_then(suggest);
    let mut reports = Vec::new();
    let mut predicted: Option<&'static str> = None;
    let mut closest: Option<String> = None;
    match &input.credentials {
        None => findings.push(finding(Code::NoFics, None, "no credentials given to compare with: paste the output of az identity federated-credential list (or az ad app federated-credential list)", None)),
        Some(import) => {
            for f in &import.findings {
                findings.push(finding(Code::FicInvalid, None, f.message.clone(), Some("fix the JSON, or paste the credential as az or Graph prints it".to_owned())));
            }
            if import.credentials.is_empty() {
                if import.findings.is_empty() {
                    findings.push(finding(Code::NoFics, None, "the identity has no federated credential: Entra answers AADSTS70025", Some("create one (the builder fills it in from this token)".to_owned())));
                    predicted = Some("AADSTS70025");
                }
            } else {
                reports = import.credentials.iter().map(|i| compare(&i.credential, &assertion, token.as_ref())).collect();
                let best = reports.iter().enumerate().max_by_key(|(i, r)| (r.matches, r.score, std::cmp::Reverse(*i))).map(|(i, _)| i);
                if let Some(best) = best.and_then(|i| import.credentials.get(i).zip(reports.get(i))) {
                    closest = Some(best.1.name.clone());
                    credential_findings(best.0, best.1, &assertion, &mut findings);
                }
                for (imported, report) in import.credentials.iter().zip(&reports) {
                    if let Some(rule) = &imported.broken_rule {
                        findings.push(finding(Code::FicInvalid, Some(&report.name), format!("this credential breaks an Entra rule: {rule}"), None));
                    }
                }
                predicted = predict(&reports, &assertion, entra_access_token);
            }
        }
    }
    findings.extend(about_code);
    let matched = reports.iter().any(|r| r.matches);
    if matched && !expired {
        findings.insert(
            0,
            finding(
                Code::Match,
                closest.as_deref(),
                format!(
                    "'{}' accepts this assertion: issuer, audience and subject all match",
                    closest.as_deref().unwrap_or_default()
                ),
                None,
            ),
        );
    }
    if let Some(code) = told {
        predicted = Some(code);
    }
    if predicted.is_none() && expired {
        predicted = Some("AADSTS700024");
    }
    if predicted.is_none() && input.credentials.is_none() {
        predicted = error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .and_then(|c| aadsts::known(c).map(|k| k.code));
    }
    let verdict = if matched && !expired && predicted.is_none() {
        Verdict::Match
    } else {
        Verdict::NoMatch
    };
    let signature = if token.is_some() {
        input.signature
    } else {
        SignatureStatus::NotChecked
    };
    Report {
        verdict,
        predicted_error: predicted.map(str::to_owned),
        predicted_error_meaning: predicted
            .and_then(aadsts::known)
            .map(|k| k.meaning.to_owned()),
        closest_fic: closest,
        findings,
        token: token.map(|t| TokenView {
            header: t.header,
            claims: t.claims,
        }),
        signature,
        claims,
        issuer_kind,
        assertion,
        credentials: reports,
        error,
        suggestion,
    }
}

/// Entra's order: issuer, then audience, then subject; then the assertion's time window.
fn predict(
    reports: &[CredentialReport],
    assertion: &Assertion,
    entra_access_token: bool,
) -> Option<&'static str> {
    let row_ok = |r: &CredentialReport, field: &str| {
        r.rows
            .iter()
            .filter(|row| row.field == field)
            .all(|row| row.status != Status::Mismatch)
    };
    let with_issuer: Vec<&CredentialReport> =
        reports.iter().filter(|r| row_ok(r, "issuer")).collect();
    if with_issuer.is_empty() {
        return Some(if entra_access_token {
            "AADSTS700222"
        } else {
            "AADSTS700211"
        });
    }
    let with_audience: Vec<&&CredentialReport> = with_issuer
        .iter()
        .filter(|r| row_ok(r, "audience"))
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

fn token_findings(
    token: &Token,
    kind: IssuerKind,
    now: i64,
    findings: &mut Vec<ReportFinding>,
    expired: &mut bool,
    entra_access_token: &mut bool,
) {
    match token.alg() {
        Some("none") | None => findings.push(finding(Code::UnsignedToken, None, "the token is not signed (alg is none or missing): Entra refuses unsigned assertions", Some("present the token exactly as the issuer produced it".to_owned()))),
        Some("RS256") => {}
        Some(other) => findings.push(finding(Code::UnsupportedAlgorithm, None, format!("the token is signed with {other}; Entra supports RS256 for external tokens (others may work but are untested)"), None)),
    }
    if token.alg() != Some("none") && token.signature.is_empty() {
        findings.push(finding(
            Code::UnsignedToken,
            None,
            "the token has no signature (its third part is empty)",
            None,
        ));
    }
    for claim in ["iss", "sub", "aud", "exp"] {
        match token.claims.get(claim) {
            None => findings.push(finding(
                Code::MissingClaim,
                None,
                format!("the token has no {claim} claim; Entra needs iss, sub, aud and exp"),
                None,
            )),
            Some(value) => {
                let ok = match claim {
                    "exp" => token.claim_time("exp").is_some(),
                    "aud" => !token.audiences().is_empty(),
                    _ => value.is_string(),
                };
                if !ok {
                    let expected = if claim == "exp" {
                        "a number of seconds"
                    } else if claim == "aud" {
                        "a string (or a list of strings)"
                    } else {
                        "a string"
                    };
                    findings.push(finding(
                        Code::MissingClaim,
                        None,
                        format!(
                            "the {claim} claim is {}, not {expected}: Entra cannot read it",
                            value.kind()
                        ),
                        None,
                    ));
                }
            }
        }
    }
    if let Value::Array(items) = token.claims.get("aud").unwrap_or(&Value::Null)
        && items.len() > 1
    {
        findings.push(finding(Code::AudienceArray, None, format!("aud is a list of {} values; a credential matches one of them, so request a token for exactly one audience (api://AzureADTokenExchange)", items.len()), None));
    }
    if let Some(exp) = token.claim_time("exp")
        && exp <= now
    {
        *expired = true;
        let lifetime = token
            .claim_time("iat")
            .or(token.claim_time("nbf"))
            .map(|iat| format!(" It lived {}.", crate::time::duration(exp - iat)))
            .unwrap_or_default();
        findings.push(finding(
            Code::TokenExpired,
            None,
            format!("the token expired {} ({}).{lifetime} Entra answers AADSTS700024", crate::time::relative(exp, now), crate::time::utc(exp)),
            Some("request the token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes".to_owned()),
        ));
    }
    if let Some(nbf) = token.claim_time("nbf")
        && nbf > now
    {
        *expired = true;
        findings.push(finding(
            Code::TokenNotYetValid,
            None,
            format!(
                "the token is valid only from {} ({}); check the clock of the machine that made it",
                crate::time::utc(nbf),
                crate::time::relative(nbf, now)
            ),
            None,
        ));
    }
    if kind == IssuerKind::Entra {
        let access = token.claims.contains_key("scp")
            || token.claims.contains_key("roles")
            || token
                .claim_str("iss")
                .is_some_and(|i| i.contains("sts.windows.net"));
        let exchange_audience = token
            .audiences()
            .iter()
            .any(|a| a.starts_with("api://AzureADTokenExchange"));
        if access || !exchange_audience {
            *entra_access_token = true;
            findings.push(finding(
                Code::EntraIssuedToken,
                None,
                format!("this is a token Entra issued{} for {}, not the workload's own OIDC token: Entra refuses it as an assertion (AADSTS700222)", if access { " (an access token)" } else { "" }, token.audiences().first().copied().unwrap_or("another resource")),
                Some("paste the token the workload gets from its own issuer (GitHub's ACTIONS_ID_TOKEN_REQUEST_URL, the projected service account token file, …)".to_owned()),
            ));
        }
    }
}

/// The command that updates a credential's field, and, when it is not known whether the
/// credential is on a managed identity or an app registration, the other form.
fn update_command(imported: &Imported, field: &str, value: &str) -> (String, Option<String>) {
    let c = &imported.credential;
    let Location {
        identity_name,
        resource_group,
        subscription,
    } = &imported.location;
    match (identity_name, resource_group) {
        (Some(mi), Some(rg)) => {
            let sub = subscription
                .as_deref()
                .map(|s| format!(" --subscription {}", sh(s)))
                .unwrap_or_default();
            let flag = if field == "audience" {
                "--audiences"
            } else {
                &format!("--{field}")
            };
            let command = format!(
                "az identity federated-credential update --name {} --identity-name {} --resource-group {}{sub} {flag} {}",
                sh(&c.name),
                sh(mi),
                sh(rg),
                sh(value)
            );
            (command, None)
        }
        _ => {
            let mut body = crate::credential::GraphCredential::from(c);
            match field {
                "issuer" => body.issuer = value.to_owned(),
                "subject" => body.subject = Some(value.to_owned()),
                _ => body.audiences = vec![value.to_owned()],
            }
            let json = body.to_json().to_string();
            let command = format!(
                "az ad app federated-credential update --id \"${{APP_ID:?set APP_ID to the application (client) ID}}\" --federated-credential-id {} --parameters {}",
                sh(&c.name),
                sh(&json)
            );
            let alternative = format!(
                "az identity federated-credential update --name {} --identity-name \"${{IDENTITY_NAME:?set IDENTITY_NAME}}\" --resource-group \"${{RESOURCE_GROUP:?set RESOURCE_GROUP}}\" --{} {}",
                sh(&c.name),
                if field == "audience" {
                    "audiences"
                } else {
                    field
                },
                sh(value)
            );
            (command, Some(alternative))
        }
    }
}

/// Parses a default GitHub subject into repository and context.
fn github_parts(subject: &str) -> Option<(&str, &str)> {
    let rest = subject.strip_prefix("repo:")?;
    rest.split_once(':')
}

/// A message written only when it is read: [`compare`] ranks every credential by the code alone,
/// and only the closest one's findings need the words.
type Message<'a> = Box<dyn FnOnce() -> String + 'a>;

/// A [`Message`] from `format!` arguments.
macro_rules! say {
    ($($arg:tt)*) => {
        Box::new(move || format!($($arg)*)) as Message<'_>
    };
}

/// Names the difference between a credential's subject and the assertion's.
fn classify_subject<'a>(expected: &'a str, actual: &'a str) -> (Code, Message<'a>) {
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
    if expected.contains(":pull-request") {
        return (
            Code::SubjectPullRequestHyphen,
            say!("the credential says pull-request with a hyphen; GitHub writes pull_request"),
        );
    }
    match (github_parts(expected), github_parts(actual)) {
        (Some((e_repo, e_ctx)), Some((a_repo, a_ctx))) => {
            let immutable = |r: &str| r.contains('@');
            if e_repo != a_repo {
                if immutable(e_repo) != immutable(a_repo) {
                    return (
                        Code::SubjectImmutableFormat,
                        say!(
                            "the {} uses the immutable form with numeric IDs (repo:OWNER@ID/REPO@ID) and the {} does not; the repository switched subject formats",
                            if immutable(a_repo) {
                                "token"
                            } else {
                                "credential"
                            },
                            if immutable(a_repo) {
                                "credential"
                            } else {
                                "token"
                            }
                        ),
                    );
                }
                return (
                    Code::SubjectMismatch,
                    say!(
                        "the repository differs: the credential names {e_repo}, the token comes from {a_repo} (renamed or transferred?)"
                    ),
                );
            }
            let kind = |c: &str| {
                if c.starts_with("environment:") {
                    "environment"
                } else if c == "pull_request" {
                    "pull_request"
                } else if c.starts_with("ref:refs/heads/") {
                    "branch"
                } else if c.starts_with("ref:refs/tags/") {
                    "tag"
                } else {
                    "other"
                }
            };
            match (kind(e_ctx), kind(a_ctx)) {
                ("environment", "branch" | "tag") | ("branch" | "tag", "environment") => (
                    Code::SubjectEnvironmentVsRef,
                    if kind(a_ctx) == "environment" {
                        say!(
                            "the job names an environment, so GitHub sends {actual}; the credential expects the ref form. The environment always wins over the branch"
                        )
                    } else {
                        say!(
                            "the credential expects an environment but the job names none, so GitHub sends the ref form {actual}. Add environment: to the job, or use the ref form"
                        )
                    },
                ),
                ("pull_request", _) | (_, "pull_request") => (
                    Code::SubjectPullRequestVsRef,
                    say!(
                        "one side is a pull_request run and the other is not: the token says {a_ctx}, the credential {e_ctx}"
                    ),
                ),
                ("branch", "branch") => (
                    Code::SubjectBranchDiffers,
                    say!(
                        "the run was on branch {}, the credential is for branch {}",
                        a_ctx.trim_start_matches("ref:refs/heads/"),
                        e_ctx.trim_start_matches("ref:refs/heads/")
                    ),
                ),
                ("branch", "tag") | ("tag", "branch") => (
                    Code::SubjectTagVsBranch,
                    say!(
                        "one is a tag and the other a branch: the token says {a_ctx}, the credential {e_ctx}"
                    ),
                ),
                // Only a side with %3A can differ by the escape: check that before building strings.
                ("environment", "environment")
                    if (e_ctx.contains("%3A") || a_ctx.contains("%3A"))
                        && e_ctx.replace(':', "%3A").replacen(
                            "environment%3A",
                            "environment:",
                            1,
                        ) == a_ctx
                        || e_ctx == a_ctx.replace("%3A", ":") =>
                {
                    (
                        Code::SubjectColonEscape,
                        say!(
                            "GitHub writes ':' in an environment name as %3A: the subject is {actual}"
                        ),
                    )
                }
                _ => (
                    Code::SubjectMismatch,
                    say!("the subjects differ: the token says {a_ctx}, the credential {e_ctx}"),
                ),
            }
        }
        (Some(_), None) if actual.contains(':') && !actual.starts_with("repo:") => (
            Code::SubjectCustomized,
            say!(
                "the token's subject '{actual}' does not start with repo: — the repository or organization customised its subject template (include_claim_keys); build the credential for that template"
            ),
        ),
        (None, Some(_)) if expected.contains(':') => (
            Code::SubjectCustomized,
            say!(
                "the credential expects a customised subject, but the token has the default repo:… form (the repository has not opted in, use_default: false)"
            ),
        ),
        _ => (Code::SubjectMismatch, say!("the subjects differ")),
    }
}

fn compare(c: &Credential, assertion: &Assertion, token: Option<&Token>) -> CredentialReport {
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

/// Findings about the closest credential, each with its fix.
fn credential_findings(
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

/// The builder inputs for a credential that accepts this token.
pub fn suggest(token: &Token) -> Option<Suggestion> {
    use crate::platforms::{
        azure_devops, github, gitlab, kubernetes, managed_identity, other, terraform,
    };
    let issuer = token.claim_str("iss")?.to_owned();
    let subject = token.claim_str("sub")?.to_owned();
    let audience = token
        .audiences()
        .first()
        .map(|a| (*a).to_owned())
        .unwrap_or_default();
    let common = crate::platforms::Common {
        cloud: Cloud::from_audience(&audience).unwrap_or_default(),
        audience: if Cloud::from_audience(&audience).is_some() {
            String::new()
        } else {
            audience
        },
        ..Default::default()
    };
    let fallback = || {
        Platform::Other(other::OtherInput {
            issuer: issuer.clone(),
            subject: subject.clone(),
            expression: String::new(),
        })
    };
    let platform = match IssuerKind::of(&issuer, &subject) {
        IssuerKind::GitHub => match github_parts(&subject) {
            Some((repo, context))
                if !repo.contains('@') && issuer == crate::validation::GITHUB_ISSUER =>
            {
                let entity = if let Some(e) = context.strip_prefix("environment:") {
                    Some(github::Entity::Environment(e.replace("%3A", ":")))
                } else if context == "pull_request" {
                    Some(github::Entity::PullRequest)
                } else if let Some(b) = context.strip_prefix("ref:refs/heads/") {
                    Some(github::Entity::Branch(b.to_owned()))
                } else {
                    context
                        .strip_prefix("ref:refs/tags/")
                        .map(|t| github::Entity::Tag(t.to_owned()))
                };
                match entity {
                    Some(entity) => Platform::GitHub(github::GitHubInput {
                        repo: repo.to_owned(),
                        entity,
                        ..Default::default()
                    }),
                    None => fallback(),
                }
            }
            _ => fallback(),
        },
        IssuerKind::Kubernetes => {
            let mut parts = subject
                .strip_prefix("system:serviceaccount:")?
                .splitn(2, ':');
            let (ns, sa) = (parts.next()?, parts.next()?);
            Platform::Kubernetes(kubernetes::KubernetesInput {
                issuer,
                namespace: ns.to_owned(),
                service_account: sa.to_owned(),
            })
        }
        IssuerKind::AzureDevOpsLegacy => {
            let org_id = issuer.rsplit('/').next()?.to_owned();
            let mut names = subject.strip_prefix("sc://")?.splitn(3, '/');
            let (org, project, connection) = (names.next()?, names.next()?, names.next()?);
            Platform::AzureDevops(azure_devops::AzureDevOpsInput {
                generation: azure_devops::Generation::Legacy,
                organization_id: org_id,
                organization: org.to_owned(),
                project: project.to_owned(),
                connection: connection.to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Entra if subject.starts_with("/eid1/") => {
            let parts: Vec<&str> = subject.split('/').collect();
            let sc = parts.iter().position(|p| *p == "sc")?;
            let tenant = token.claim_str("tid").map(str::to_owned).or_else(|| {
                parts
                    .get(5)
                    .and_then(|t| crate::guid::Guid::from_compact(t))
                    .map(|g| g.to_string())
            })?;
            Platform::AzureDevops(azure_devops::AzureDevOpsInput {
                tenant_id: tenant,
                organization_id: (*parts.get(sc + 1)?).to_owned(),
                connection_id: (*parts.get(sc + 2)?).to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Entra
            if subject.parse::<crate::guid::Guid>().is_ok() && token.claim_str("tid").is_some() =>
        {
            Platform::ManagedIdentity(managed_identity::ManagedIdentityInput {
                tenant_id: token.claim_str("tid")?.to_owned(),
                principal_id: subject,
            })
        }
        IssuerKind::Entra => return None,
        IssuerKind::GitLab => {
            let rest = subject.strip_prefix("project_path:")?;
            let (path, tail) = rest.split_once(":ref_type:")?;
            let (ref_type, git_ref) = tail.split_once(":ref:")?;
            let ref_type = if ref_type == "tag" {
                gitlab::RefType::Tag
            } else {
                gitlab::RefType::Branch
            };
            let issuer = if issuer == gitlab::GITLAB_COM {
                String::new()
            } else {
                issuer
            };
            Platform::GitLab(gitlab::GitLabInput {
                issuer,
                project_path: path.to_owned(),
                ref_type,
                git_ref: git_ref.to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Terraform => {
            let field = |key: &str, next: &str| {
                subject.split_once(&format!("{key}:")).map(|(_, r)| {
                    r.split(&format!(":{next}:"))
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
            };
            let phase = match subject.rsplit(':').next() {
                Some("plan") => terraform::RunPhase::Plan,
                Some("apply") => terraform::RunPhase::Apply,
                _ => terraform::RunPhase::Both,
            };
            let issuer = if issuer == terraform::TERRAFORM_CLOUD {
                String::new()
            } else {
                issuer
            };
            Platform::Terraform(terraform::TerraformInput {
                issuer,
                organization: field("organization", "project")?,
                project: field("project", "workspace")?,
                workspace: field("workspace", "run_phase")?,
                run_phase: phase,
            })
        }
        IssuerKind::Other => fallback(),
    };
    Some(Suggestion { platform, common })
}

/// What a single pasted text is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Paste {
    /// Nothing yet.
    Empty,
    /// A token (JWS or JWE compact form).
    Token,
    /// An Entra error text; the code if it has one.
    Error {
        /// `AADSTS700213`.
        code: Option<String>,
    },
    /// Neither: a short reason.
    Unknown,
}

/// Recognises a paste: a token has dot-separated base64url parts starting with `eyJ`; an error
/// text has an AADSTS code or quotes an assertion value.
pub fn recognise(text: &str) -> Paste {
    let cleaned = crate::token::clean(text);
    if cleaned.is_empty() {
        return Paste::Empty;
    }
    if cleaned.starts_with("eyJ") && cleaned.contains('.') {
        return Paste::Token;
    }
    match aadsts::parse(text) {
        Some(e) => Paste::Error { code: e.code },
        None => Paste::Unknown,
    }
}

/// Explains one pasted text, whichever it is, against the credentials.
pub fn explain_paste(
    text: &str,
    credentials: Option<&Import>,
    now: i64,
    signature: SignatureStatus,
) -> Report {
    let input = match recognise(text) {
        Paste::Token | Paste::Empty | Paste::Unknown => Input {
            token: Some(text),
            ..Default::default()
        },
        Paste::Error { .. } => Input {
            error: Some(text),
            ..Default::default()
        },
    };
    explain(Input {
        credentials,
        now,
        signature,
        ..input
    })
}

/// Credentials from the builder, in the shape the explainer compares.
pub fn import_built(credentials: &[Credential]) -> Import {
    Import {
        credentials: credentials
            .iter()
            .map(|c| Imported::new(c.clone(), Location::default()))
            .collect(),
        findings: Vec::new(),
    }
}

#[cfg(test)]
mod paste_tests {
    use super::*;

    #[test]
    fn pastes_are_recognised() {
        assert_eq!(recognise("  "), Paste::Empty);
        assert_eq!(
            recognise("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
            Paste::Token
        );
        assert_eq!(
            recognise("Error: AADSTS700213: No matching …"),
            Paste::Error {
                code: Some("AADSTS700213".into())
            }
        );
        assert_eq!(recognise("hello"), Paste::Unknown);
    }
}
