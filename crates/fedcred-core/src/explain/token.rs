//! What the token alone says: its signature algorithm, missing claims, time window, and whether
//! it is a token Entra itself issued.

use super::report::ReportFinding;
use super::report::finding;
use crate::claims::IssuerKind;
use crate::finding::Code;
use crate::json::Value;
use crate::token::Token;

/// Whether a token finding says Entra refuses the assertion whatever the credentials say, so the
/// verdict can never be a match beside it: no signature or an algorithm other than RS256 (field
/// guide §1: "only RS256"), a claim Entra needs missing or unreadable, a token Entra itself
/// issued (AADSTS700222). The time window is the `expired` flag's.
pub(super) fn refuses(code: Code) -> bool {
    matches!(
        code,
        Code::UnsignedToken
            | Code::UnsupportedAlgorithm
            | Code::MissingClaim
            | Code::EntraIssuedToken
    )
}

pub(super) fn token_findings(
    token: &Token,
    kind: IssuerKind,
    now: i64,
    findings: &mut Vec<ReportFinding>,
    expired: &mut bool,
    entra_access_token: &mut bool,
) {
    signature(token, findings);
    required_claims(token, findings);
    *expired = time_window(token, now, findings);
    *entra_access_token = kind == IssuerKind::Entra && entra_issued(token, findings);
}

/// Entra accepts RS256-signed assertions only (field guide §1).
fn signature(token: &Token, findings: &mut Vec<ReportFinding>) {
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
}

/// `iss`, `sub`, `aud` and `exp`, each of the type Entra reads; one audience.
fn required_claims(token: &Token, findings: &mut Vec<ReportFinding>) {
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
}

/// Whether the token is outside its time window (`exp`, `nbf`): Entra answers AADSTS700024.
fn time_window(token: &Token, now: i64, findings: &mut Vec<ReportFinding>) -> bool {
    let mut expired = false;
    if let Some(exp) = token.claim_time("exp")
        && exp <= now
    {
        expired = true;
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
        expired = true;
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
    expired
}

/// Whether an Entra-issued token is one Entra refuses as an assertion (an access token, or one
/// for another audience than the exchange's): AADSTS700222.
fn entra_issued(token: &Token, findings: &mut Vec<ReportFinding>) -> bool {
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
        findings.push(finding(
            Code::EntraIssuedToken,
            None,
            format!("this is a token Entra issued{} for {}, not the workload's own OIDC token: Entra refuses it as an assertion (AADSTS700222)", if access { " (an access token)" } else { "" }, token.audiences().first().copied().unwrap_or("another resource")),
            Some("paste the token the workload gets from its own issuer (GitHub's ACTIONS_ID_TOKEN_REQUEST_URL, the projected service account token file, …)".to_owned()),
        ));
        return true;
    }
    false
}
