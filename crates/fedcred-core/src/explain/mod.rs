//! Why a token does or does not match the credentials, which error Entra will return, and the fix.
//!
//! Entra looks for a credential with the assertion's issuer, then its audience, then its subject
//! (or expression), and refuses expired assertions (field guide §7, §8). The report follows that
//! order: the verdict, the predicted `AADSTS…` code, the closest credential, and findings with
//! stable codes, each with a message for a person and a concrete fix.

use crate::aadsts;
use crate::claims::{IssuerKind, explain_claims};
use crate::finding::Code;
use crate::token::{TokenError, decode_unverified};

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
