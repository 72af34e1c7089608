//! Why a token does or does not match the credentials, which error Entra will return, and the fix.
//!
//! Entra looks for a credential with the assertion's issuer, then its audience, then its subject
//! (or expression), and refuses expired assertions (field guide §7, §8); the sources do not say
//! whether the time window is checked before or after the credentials, so when both fail the
//! report names both codes. The report follows that order: the verdict, the predicted `AADSTS…`
//! code, the closest credential, and findings with stable codes, each with a message for a person
//! and a concrete fix. A fix that would make a credential trust more than one the identity has
//! for the same workload says so, after the workload's own change.

use crate::aadsts;
use crate::aadsts::AadstsError;
use crate::claims::{IssuerKind, explain_claims};
use crate::finding::Code;
use crate::import::Import;
use crate::token::{Token, TokenError, decode_unverified};

mod compare;
mod diff;
mod findings;
mod job;
pub(crate) mod markdown;
mod paste;
mod report;
mod runner;
mod subject;
mod suggest;
mod text;
mod token;
mod verdict;
mod widen;

pub use diff::{Diff, diff, segment_diff};
pub use job::{Ci, JobInput, JobReport, JobVerdict, Missing, explain_job};
pub use markdown::{headline, markdown};
pub use paste::{Paste, explain_paste, import_built, recognise};
pub use report::{
    Assertion, CredentialReport, Field, Input, Report, ReportFinding, Row, SignatureStatus, Status,
    Suggestion, TokenView, Verdict, Widening,
};
pub use suggest::{suggest, suggestion_snippet};
pub use text::{claims_text, suggestion_heading, text};

use compare::compare;
use findings::credential_findings;
use report::{finding, invalid};
use token::token_findings;
use verdict::predict;

/// Explains a token and/or an error text against credentials.
pub fn explain(input: Input<'_>) -> Report {
    let (token, error) = match read(&input) {
        Ok(read) => read,
        Err(report) => return *report,
    };
    let mut facts = Facts::default();
    if let Some(token) = &token {
        facts.read_token(token, input.now);
    }
    if let Some(e) = &error {
        facts.read_error(e, token.is_none());
    }
    let about_code = about_code(error.as_ref());
    let compared = against(input.credentials, &facts, token.as_ref());
    let Facts {
        mut findings,
        assertion,
        expired,
        issuer_kind,
        claims,
        ..
    } = facts;
    // A finding that says Entra refuses the token outranks a credential that matches it.
    let refused = findings.iter().any(|f| token::refuses(f.code));
    findings.extend(compared.findings);
    findings.extend(about_code);
    let matched = compared.reports.iter().any(|r| r.matches);
    let closest = compared.closest;
    // What the credentials and the token say Entra will answer. Outside its time window with
    // no credential difference, the window is the refusal. With a difference too, the sources do
    // not say which Entra checks first: the credential's code leads (a fresh token still gets
    // it) and the meaning names AADSTS700024 beside it.
    let mut ours = compared.predicted.map(str::to_owned);
    if ours.is_none() && expired {
        ours = Some("AADSTS700024".to_owned());
    }
    // Entra checks the signature once a credential told it whose keys to fetch: only then is
    // the refusal the answer; before, the credential-level code is.
    if ours.is_none() && refused && matched {
        ours = refusal_code(&findings).map(str::to_owned);
    }
    // What Entra did answer, when the error text is pasted: it leads, never replaced by a guess.
    let answered = error
        .as_ref()
        .and_then(|e| e.code.as_deref())
        .map(str::to_ascii_uppercase);
    if let Some(code) = &answered {
        // A credential that nothing known contradicts (an error text quotes only some values).
        let consistent = compared
            .reports
            .iter()
            .any(|r| r.rows.iter().all(|row| row.status != Status::Mismatch));
        let ours = if consistent { None } else { ours.as_deref() };
        // An expired assertion explains AADSTS700024 whatever the credentials say.
        let explained = expired && code == "AADSTS700024";
        if !explained && let Some(f) = against_the_answer(code, ours, input.credentials.is_some()) {
            findings.push(f);
        }
        if input.credentials.is_none()
            && let Some(f) = error.as_ref().and_then(|e| set_subject(code, e))
        {
            findings.push(f);
        }
    } else if matched && !expired && !refused {
        let message = format!(
            "'{}' accepts this assertion: issuer, audience and subject all match",
            closest.as_deref().unwrap_or_default()
        );
        findings.insert(0, finding(Code::Match, closest.as_deref(), message, None));
    }
    let predicted = answered.clone().or(ours);
    // As `Report::also_outside_window` says it for the headline.
    let both = answered.is_none() && predicted.as_deref() != Some("AADSTS700024");
    let meaning = predicted.as_deref().map(|code| {
        let meaning = match aadsts::known(code) {
            Some(known) => known.meaning.to_owned(),
            None => format!(
                "Entra's own words: {}",
                error
                    .as_ref()
                    .map(|e| e.description.trim())
                    .unwrap_or_default()
            ),
        };
        match outside_window(&findings).filter(|_| both) {
            Some(state) => format!(
                "{meaning}. The token {state} (AADSTS700024): Entra's documentation does not say which of the two it checks first, so either code may come back; both must be fixed"
            ),
            None => meaning,
        }
    });
    let verdict = if matched && !expired && !refused && predicted.is_none() {
        Verdict::Match
    } else {
        Verdict::NoMatch
    };
    // A credential to create only when none accepts the token (an expired token that one
    // accepts needs a fresh token, not a second credential), on the identity that holds the
    // pasted credentials when their ids name it, and said when it would trust more than one
    // the identity has.
    let suggestion = match verdict {
        Verdict::Match => None,
        _ if matched => None,
        _ => token.as_ref().and_then(suggest).map(|mut s| {
            s.target = compared.closest_target.clone();
            s.widens = compared.widening;
            s
        }),
    };
    Report {
        verdict,
        predicted_error: predicted,
        predicted_error_meaning: meaning,
        closest_fic: closest,
        findings,
        signature: if token.is_some() {
            input.signature
        } else {
            SignatureStatus::NotChecked
        },
        token: token.map(|t| TokenView {
            header: t.header,
            claims: t.claims,
        }),
        claims,
        issuer_kind,
        assertion,
        credentials: compared.reports,
        error,
        suggestion,
    }
}

/// How the token is outside its time window, as a finding said it (`has also expired`, `is also
/// not valid yet`).
fn outside_window(findings: &[ReportFinding]) -> Option<&'static str> {
    findings.iter().find_map(|f| match f.code {
        Code::TokenExpired => Some("has also expired"),
        Code::TokenNotYetValid => Some("is also not valid yet"),
        _ => None,
    })
}

/// What a run will present, known from its pipeline file rather than from a token, against
/// credentials: `claims` are the issuer (`iss`), subject (`sub`), audience (`aud`) and any other
/// claim a flexible credential may test (`repository_id`, `job_workflow_ref`, …). The comparison,
/// the closest credential and its findings, with the same fixes [`explain`] gives for a token
/// (fedcred predict's coverage, issue 25). Nothing about a token's own validity is judged: there
/// is none.
pub fn explain_presented(claims: &[(&str, &str)], credentials: &Import) -> Report {
    let mut map = crate::json::Map::new();
    for (name, value) in claims {
        map.insert((*name).to_owned(), (*value).into());
    }
    let token = Token {
        header: crate::json::Map::new(),
        claims: map,
        signing_input: String::new(),
        signature: Vec::new(),
    };
    let claim = |name: &str| token.claim_str(name).map(str::to_owned);
    let facts = Facts {
        assertion: Assertion {
            issuer: claim("iss"),
            subject: claim("sub"),
            audiences: claim("aud").into_iter().collect(),
        },
        issuer_kind: claim("iss")
            .map(|iss| IssuerKind::of(&iss, &claim("sub").unwrap_or_default())),
        ..Facts::default()
    };
    let compared = against(Some(credentials), &facts, Some(&token));
    let matched = compared.reports.iter().any(|r| r.matches);
    let predicted = if matched {
        None
    } else {
        compared.predicted.map(str::to_owned)
    };
    Report {
        verdict: if matched {
            Verdict::Match
        } else {
            Verdict::NoMatch
        },
        predicted_error_meaning: predicted
            .as_deref()
            .and_then(aadsts::known)
            .map(|k| k.meaning.to_owned()),
        predicted_error: predicted,
        closest_fic: compared.closest,
        findings: compared.findings,
        token: None,
        signature: SignatureStatus::NotChecked,
        claims: Vec::new(),
        issuer_kind: facts.issuer_kind,
        assertion: facts.assertion,
        credentials: compared.reports,
        error: None,
        suggestion: None,
    }
}

/// The code Entra answers for a refused token when the sources name one: an unsigned token fails
/// signature validation (AADSTS700027), an Entra-issued one is refused as such (AADSTS700222).
/// For another algorithm or a missing claim no source names the code, so none is predicted.
fn refusal_code(findings: &[ReportFinding]) -> Option<&'static str> {
    findings.iter().find_map(|f| match f.code {
        Code::UnsignedToken => Some("AADSTS700027"),
        Code::EntraIssuedToken => Some("AADSTS700222"),
        _ => None,
    })
}

/// Codes that say which part of the matching failed: the credentials can confirm or contradict them.
fn about_matching(code: &str) -> bool {
    matches!(
        code,
        "AADSTS70021"
            | "AADSTS700211"
            | "AADSTS700212"
            | "AADSTS700213"
            | "AADSTS7002131"
            | "AADSTS7002138"
            | "AADSTS7002137"
            | "AADSTS70025"
            | "AADSTS700024"
    )
}

/// When the pasted credentials point elsewhere than the code Entra gave: say so, and name the
/// likely causes (field guide §8.9, §8.12; §9 for the stale record).
fn against_the_answer(answered: &str, ours: Option<&str>, compared: bool) -> Option<ReportFinding> {
    if !compared || !about_matching(answered) || ours == Some(answered) {
        return None;
    }
    let causes = "the workload's client ID may name another identity than the one whose credentials you pasted, a credential created or changed in the last few minutes may not have reached Entra yet, or the record is stale";
    let fix = "check the client ID the workload signs in with (az identity show … --query clientId, or the app's appId); wait a few minutes after a change; if it persists, delete the credential and create it again".to_owned();
    let message = match (answered, ours) {
        // Redth/mobile-canvas-ghcp PR 50 (2026): a case-only error against a byte-identical subject.
        ("AADSTS7002138", None) => "Entra reports a case-only subject difference, but the credential's subject is byte-identical to the assertion's: a stale record. Delete the credential and create it again".to_owned(),
        ("AADSTS700213", Some("AADSTS7002138")) => format!("Entra answered AADSTS700213 (the subject differs), while the closest credential differs from the assertion's subject only in case, which Entra reports as AADSTS7002138: the credential Entra compared is probably not this one: {causes}"),
        (_, None) => format!("nothing in the credentials you pasted contradicts what Entra saw, yet it answered {answered}: {causes}"),
        (_, Some(ours)) => format!(
            "the credentials you pasted would give {ours} ({}), not {answered}: {causes}",
            aadsts::known(ours).map_or("", |k| k.meaning)
        ),
    };
    Some(finding(Code::PastedErrorDiffers, None, message, Some(fix)))
}

/// With only an error text that names the subject Entra saw, the command that sets it
/// (the credential and the identity as placeholders).
fn set_subject(answered: &str, error: &AadstsError) -> Option<ReportFinding> {
    let subject_codes = [
        "AADSTS700213",
        "AADSTS7002131",
        "AADSTS7002138",
        "AADSTS70021",
    ];
    if !subject_codes.contains(&answered) {
        return None;
    }
    let subject = error.subject.as_deref()?;
    let mut f = finding(
        Code::SubjectMismatch,
        None,
        format!(
            "Entra saw the subject {subject}: a credential on the identity must hold exactly this subject"
        ),
        Some(format!(
            "set the credential's subject to {subject}, or run the job the way the credential expects"
        )),
    );
    f.command = Some(crate::snippets::fix::set_subject_command(subject));
    Some(f)
}

/// The token decoded and the error text parsed, or the report that says why there is nothing
/// to explain.
fn read(input: &Input<'_>) -> Result<(Option<Token>, Option<AadstsError>), Box<Report>> {
    let error = input.error.and_then(aadsts::parse);
    if error.is_none()
        && let Some(f) = input.error.and_then(runner::failure)
    {
        // Nothing reached Entra: no verdict about credentials, only the runner's cause.
        let mut report = invalid(vec![f], None);
        report.verdict = Verdict::NoMatch;
        return Err(Box::new(report));
    }
    if input.error.is_some_and(|e| !e.trim().is_empty()) && error.is_none() && input.token.is_none()
    {
        return Err(Box::new(invalid(
            vec![finding(
                Code::MalformedToken,
                None,
                "the error text has no AADSTS code and quotes no issuer, subject or audience: paste the whole error message",
                None,
            )],
            None,
        )));
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
            let fix = "copy the token again, whole: it is the value the workload sends as client_assertion";
            return Err(Box::new(invalid(
                vec![finding(code, None, e.to_string(), Some(fix.to_owned()))],
                error,
            )));
        }
    };
    if token.is_none() && error.is_none() {
        return Err(Box::new(invalid(
            vec![finding(
                Code::MalformedToken,
                None,
                "nothing to explain: paste a token or an AADSTS error text",
                None,
            )],
            None,
        )));
    }
    Ok((token, error))
}

/// What the token and the error text say, before any credential is compared.
#[derive(Default)]
struct Facts {
    findings: Vec<ReportFinding>,
    assertion: Assertion,
    expired: bool,
    entra_access_token: bool,
    issuer_kind: Option<IssuerKind>,
    claims: Vec<crate::claims::ClaimExplanation>,
}

impl Facts {
    fn read_token(&mut self, token: &Token, now: i64) {
        let (kind, explained) = explain_claims(token, now);
        self.issuer_kind = Some(kind);
        self.claims = explained;
        self.assertion.issuer = token.claim_str("iss").map(str::to_owned);
        self.assertion.subject = token.claim_str("sub").map(str::to_owned);
        self.assertion.audiences = token.audiences().into_iter().map(str::to_owned).collect();
        token_findings(
            token,
            kind,
            now,
            &mut self.findings,
            &mut self.expired,
            &mut self.entra_access_token,
        );
    }

    /// The values the error text quotes fill in what the token did not say.
    fn read_error(&mut self, e: &AadstsError, without_token: bool) {
        let assertion = &mut self.assertion;
        assertion.issuer = assertion.issuer.take().or_else(|| e.issuer.clone());
        assertion.subject = assertion.subject.take().or_else(|| e.subject.clone());
        if assertion.audiences.is_empty() {
            assertion.audiences.extend(e.audience.clone());
        }
        if let (Some(now), Some(exp)) = (e.current_time, e.expires)
            && now > exp
            && without_token
        {
            self.expired = true;
            self.findings.push(finding(
                Code::TokenExpired,
                None,
                format!("Entra received the assertion {} after it expired (it was valid {} → {})", crate::time::duration(now - exp), crate::time::utc(e.valid_from.unwrap_or(exp)), crate::time::utc(exp)),
                Some("request the token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes, so long jobs must fetch a new one".to_owned()),
            ));
        }
        if e.truncated {
            self.findings.push(finding(
                Code::MalformedToken,
                None,
                "a quoted value in the error text is cut off: the comparison uses what is there",
                None,
            ));
        }
        if self.issuer_kind.is_none() {
            let subject = self.assertion.subject.as_deref().unwrap_or_default();
            self.issuer_kind = self
                .assertion
                .issuer
                .as_deref()
                .map(|i| IssuerKind::of(i, subject));
        }
    }
}

/// The pasted error's own code, explained (said after the credential findings: the specific
/// cause first, the code's meaning after).
fn about_code(error: Option<&AadstsError>) -> Vec<ReportFinding> {
    let Some(code) = error.and_then(|e| e.code.as_deref()) else {
        return Vec::new();
    };
    let Some(known) = aadsts::known(code) else {
        return vec![finding(
            Code::AadstsError,
            None,
            format!("Entra answered {code}, a code fedcred does not know for federated sign-in: the error text is Entra's own explanation; if it was cut off, paste the whole message"),
            Some("search the code in the Entra error reference (login.microsoftonline.com/error?code=…)".to_owned()),
        )];
    };
    vec![finding(
        Code::AadstsError,
        None,
        format!("Entra answered {}: {}", known.code, known.meaning),
        Some(known.fix.to_owned()),
    )]
}

/// The assertion against the credentials: each compared, the closest one's findings, and the
/// code Entra's order of checks predicts.
#[derive(Default)]
struct Compared {
    reports: Vec<CredentialReport>,
    findings: Vec<ReportFinding>,
    predicted: Option<&'static str>,
    closest: Option<String>,
    /// The managed identity of the closest credential, when its id names it.
    closest_target: Option<crate::target::Target>,
    /// How a credential with the token's subject would trust more than one of the identity's.
    widening: Option<Widening>,
}

fn against(credentials: Option<&Import>, facts: &Facts, token: Option<&Token>) -> Compared {
    let mut out = Compared::default();
    let Some(import) = credentials else {
        out.findings.push(finding(Code::NoFics, None, "no credentials given to compare with: paste the output of az identity federated-credential list (or az ad app federated-credential list)", None));
        return out;
    };
    for f in &import.findings {
        out.findings.push(finding(
            Code::FicInvalid,
            None,
            f.message.clone(),
            Some("fix the JSON, or paste the credential as az or Graph prints it".to_owned()),
        ));
    }
    if import.credentials.is_empty() {
        if import.findings.is_empty() {
            out.findings.push(finding(
                Code::NoFics,
                None,
                "the identity has no federated credential: Entra answers AADSTS70025",
                Some("create one (the builder fills it in from this token)".to_owned()),
            ));
            out.predicted = Some("AADSTS70025");
        }
        return out;
    }
    let assertion = &facts.assertion;
    out.reports = import
        .credentials
        .iter()
        .map(|i| compare(&i.credential, assertion, token))
        .collect();
    let best = out
        .reports
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.matches, r.score, std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    if let Some((imported, report)) =
        best.and_then(|i| import.credentials.get(i).zip(out.reports.get(i)))
    {
        out.closest = Some(report.name.clone());
        let location = &imported.location;
        if let (Some(name), Some(resource_group)) =
            (&location.identity_name, &location.resource_group)
        {
            out.closest_target = Some(crate::target::Target::ManagedIdentity {
                name: name.clone(),
                resource_group: resource_group.clone(),
                subscription: location.subscription.clone().unwrap_or_default(),
                location: String::new(),
            });
        }
        out.widening = widen::widening(assertion, &import.credentials, out.closest.as_deref());
        // An Entra-issued token is the wrong token entirely; an expired one is the workload's
        // own, so each difference keeps its fix (a fresh token would still meet it).
        let side = findings::TokenSide {
            wrong_token: facts.entra_access_token,
            kind: facts.issuer_kind,
            outside_window: outside_window(&facts.findings),
            widening: out.widening.as_ref(),
            refused_after: facts
                .findings
                .iter()
                .any(|f| token::refuses(f.code) && f.code != Code::EntraIssuedToken)
                .then(|| refusal_code(&facts.findings)),
        };
        credential_findings(imported, report, assertion, side, &mut out.findings);
    }
    for (imported, report) in import.credentials.iter().zip(&out.reports) {
        if let Some(rule) = imported.broken_rule() {
            out.findings.push(finding(
                Code::FicInvalid,
                Some(&report.name),
                format!("this credential breaks an Entra rule: {rule}"),
                None,
            ));
        }
    }
    out.predicted = predict(&out.reports, assertion, facts.entra_access_token);
    out
}
