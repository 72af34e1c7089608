//! Why a token does or does not match the credentials, which error Entra will return, and the fix.
//!
//! Entra looks for a credential with the assertion's issuer, then its audience, then its subject
//! (or expression), and refuses expired assertions (field guide §7, §8). The report follows that
//! order: the verdict, the predicted `AADSTS…` code, the closest credential, and findings with
//! stable codes, each with a message for a person and a concrete fix.

use crate::aadsts;
use crate::aadsts::AadstsError;
use crate::claims::{IssuerKind, explain_claims};
use crate::finding::Code;
use crate::import::Import;
use crate::token::{Token, TokenError, decode_unverified};

mod compare;
mod diff;
mod findings;
mod paste;
mod report;
mod subject;
mod suggest;
mod token;
mod verdict;

pub use diff::{Diff, diff};
pub use paste::{Paste, explain_paste, import_built, recognise};
pub use report::{
    Assertion, CredentialReport, Field, Input, Report, ReportFinding, Row, SignatureStatus, Status,
    Suggestion, TokenView, Verdict,
};
pub use suggest::suggest;

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
    let (about_code, told) = about_code(error.as_ref());
    let suggestion = token.as_ref().and_then(suggest);
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
    if matched && !expired && !refused {
        let message = format!(
            "'{}' accepts this assertion: issuer, audience and subject all match",
            closest.as_deref().unwrap_or_default()
        );
        findings.insert(0, finding(Code::Match, closest.as_deref(), message, None));
    }
    let mut predicted = told.or(compared.predicted);
    if predicted.is_none() && expired {
        predicted = Some("AADSTS700024");
    }
    // Entra checks the signature once a credential told it whose keys to fetch: only then is
    // the refusal the answer; before, the credential-level code is.
    if predicted.is_none() && refused && matched {
        predicted = refusal_code(&findings);
    }
    if predicted.is_none() && input.credentials.is_none() {
        predicted = error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .and_then(|c| aadsts::known(c).map(|k| k.code));
    }
    let verdict = if matched && !expired && !refused && predicted.is_none() {
        Verdict::Match
    } else {
        Verdict::NoMatch
    };
    Report {
        verdict,
        predicted_error: predicted.map(str::to_owned),
        predicted_error_meaning: predicted
            .and_then(aadsts::known)
            .map(|k| k.meaning.to_owned()),
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

/// The token decoded and the error text parsed, or the report that says why there is nothing
/// to explain.
fn read(input: &Input<'_>) -> Result<(Option<Token>, Option<AadstsError>), Box<Report>> {
    let error = input.error.and_then(aadsts::parse);
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
/// cause first, the code's meaning after), and the code itself when it is the answer as it is:
/// codes that are not about matching a credential (a client secret, an unknown app, an
/// unreachable issuer, a policy).
fn about_code(error: Option<&AadstsError>) -> (Vec<ReportFinding>, Option<&'static str>) {
    let mut about = Vec::new();
    let Some(code) = error.and_then(|e| e.code.as_deref()) else {
        return (about, None);
    };
    let Some(known) = aadsts::known(code) else {
        about.push(finding(
            Code::AadstsError,
            None,
            format!("{code} is not a code fedcred knows for federated sign-in; if the text was cut off, paste the whole message"),
            Some("search the code in the Entra error reference (login.microsoftonline.com/error?code=…)".to_owned()),
        ));
        return (about, None);
    };
    about.push(finding(
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
    (about, (!about_matching).then_some(known.code))
}

/// The assertion against the credentials: each compared, the closest one's findings, and the
/// code Entra's order of checks predicts.
#[derive(Default)]
struct Compared {
    reports: Vec<CredentialReport>,
    findings: Vec<ReportFinding>,
    predicted: Option<&'static str>,
    closest: Option<String>,
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
        credential_findings(imported, report, assertion, &mut out.findings);
    }
    for (imported, report) in import.credentials.iter().zip(&out.reports) {
        if let Some(rule) = &imported.broken_rule {
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
