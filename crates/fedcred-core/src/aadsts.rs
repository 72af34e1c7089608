//! Reading a pasted Entra error: a bare message, a log line with prefixes, or a whole JSON error
//! body. The message names the values Entra saw, which is enough to diagnose without the token
//! (field guide §7).
//!
//! ```
//! use fedcred_core::aadsts::parse;
//!
//! let e = parse("Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'. Please check…").unwrap();
//! assert_eq!(e.code.as_deref(), Some("AADSTS700213"));
//! assert_eq!(e.subject.as_deref(), Some("repo:contoso/app:ref:refs/heads/main"));
//! ```

use crate::json::{self, Map, Value};
use serde::Serialize;

use crate::time::parse_iso8601;

/// What an error text says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AadstsError {
    /// `AADSTS700213`, when the text has a code.
    pub code: Option<String>,
    /// The OAuth `error` (`invalid_client`, `invalid_request`).
    pub error: Option<String>,
    /// The message (the JSON body's `error_description`, or the text itself).
    pub description: String,
    /// The assertion's issuer, as Entra quotes it.
    pub issuer: Option<String>,
    /// The assertion's subject.
    pub subject: Option<String>,
    /// The assertion's audience.
    pub audience: Option<String>,
    /// Entra's clock when it refused (AADSTS700024).
    pub current_time: Option<i64>,
    /// The assertion's `nbf`.
    pub valid_from: Option<i64>,
    /// The assertion's `exp`.
    pub expires: Option<i64>,
    /// The app or identity named in AADSTS70025 / AADSTS700016.
    pub client: Option<String>,
    /// Whether Entra says the subject matches case-insensitively (AADSTS7002138).
    pub case_only: bool,
    /// The subject Entra expects (AADSTS7002137).
    pub expected_subject: Option<String>,
    /// The JSON body's `trace_id`.
    pub trace_id: Option<String>,
    /// The JSON body's `correlation_id`.
    pub correlation_id: Option<String>,
    /// The JSON body's `timestamp`.
    pub timestamp: Option<String>,
    /// A quoted value was cut off before its closing quote.
    pub truncated: bool,
}

/// A known AADSTS code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KnownCode {
    /// `AADSTS700213`.
    pub code: &'static str,
    /// What it means, in a sentence.
    pub meaning: &'static str,
    /// What to do.
    pub fix: &'static str,
}

/// The codes a federated sign-in meets (field guide §7).
pub const KNOWN_CODES: &[KnownCode] = &[
    KnownCode {
        code: "AADSTS70021",
        meaning: "no federated identity credential matched the assertion (the older, generic message); also seen for a few minutes after a credential is created",
        fix: "compare the assertion's issuer, subject and audience with each credential; if the credential is new, wait a few minutes and retry",
    },
    KnownCode {
        code: "AADSTS700211",
        meaning: "no credential on the identity has the assertion's issuer",
        fix: "create a credential with exactly the assertion's issuer (watch trailing slashes and, for Azure DevOps, the issuer generation)",
    },
    KnownCode {
        code: "AADSTS700212",
        meaning: "a credential has the issuer, but none has the assertion's audience",
        fix: "set the credential's audience to the token's aud, or make the workload request api://AzureADTokenExchange",
    },
    KnownCode {
        code: "AADSTS700213",
        meaning: "issuer and audience match, but no credential has the assertion's subject",
        fix: "set the credential's subject to exactly the token's sub, or run the job the way the credential expects (environment, branch, tag)",
    },
    KnownCode {
        code: "AADSTS7002138",
        meaning: "the subject matches only when case is ignored; Entra compares case-sensitively",
        fix: "retype the credential's subject with the case of the token's sub",
    },
    // dotnet/dnceng issue 6455 (2026; field guide §9): "… or no federated identity credential
    // expression matched. Please check your federated identity credential Subject, Expression,
    // Audience and Issuer …".
    KnownCode {
        code: "AADSTS7002131",
        meaning: "issuer and audience match, but no credential's subject or flexible expression matches the assertion",
        fix: "set a credential's subject to exactly the token's sub, or fix the expression so every term holds for the token's claims",
    },
    KnownCode {
        code: "AADSTS7002137",
        meaning: "a first-party (/eid1/…) subject does not match: the segment after /a/ names the Microsoft service that sent it (Azure DevOps, Bot Service, Power Platform plug-ins)",
        fix: "copy the subject the sending service shows (for Azure DevOps: the Subject identifier on the service connection page)",
    },
    KnownCode {
        code: "AADSTS70025",
        meaning: "the app or identity has no federated credential at all (or the client ID belongs to another identity)",
        fix: "create the credential on the identity whose client ID the workload uses, or fix the client ID",
    },
    KnownCode {
        code: "AADSTS700024",
        meaning: "the assertion is outside its valid time range (expired, or not yet valid)",
        fix: "request a fresh token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes",
    },
    KnownCode {
        code: "AADSTS700016",
        meaning: "no application with this client ID exists in the tenant",
        fix: "check the client ID and the tenant ID the workload uses",
    },
    KnownCode {
        code: "AADSTS7000215",
        meaning: "a client secret was sent and is wrong or expired: the workload is not using federation",
        fix: "remove the client secret from the login step so the federated token is used",
    },
    KnownCode {
        code: "AADSTS700027",
        meaning: "the assertion's signature did not validate",
        fix: "make sure the token is passed unmodified, and that the issuer's keys are the ones Entra fetches",
    },
    KnownCode {
        code: "AADSTS7000272",
        meaning: "the key that signed the assertion is not in the issuer's published keys",
        fix: "check that the issuer URL serves the current signing keys (rotate or republish the JWKS)",
    },
    KnownCode {
        code: "AADSTS90061",
        meaning: "Entra could not fetch the issuer's discovery document or keys",
        fix: "make <issuer>/.well-known/openid-configuration and its jwks_uri reachable from the internet",
    },
    KnownCode {
        code: "AADSTS50166",
        meaning: "Entra could not fetch the issuer's discovery document or keys",
        fix: "make <issuer>/.well-known/openid-configuration and its jwks_uri reachable from the internet",
    },
    KnownCode {
        code: "AADSTS501661",
        meaning: "Entra could not fetch the issuer's discovery document or keys",
        fix: "make <issuer>/.well-known/openid-configuration and its jwks_uri reachable from the internet",
    },
    KnownCode {
        code: "AADSTS700222",
        meaning: "an Entra-issued token was presented as the external assertion",
        fix: "present the workload's own OIDC token (from GitHub, Kubernetes…), not an Entra access token",
    },
    KnownCode {
        code: "AADSTS700223",
        meaning: "a tenant policy restricts workload identity federation",
        fix: "ask a tenant administrator which issuers the policy allows",
    },
    KnownCode {
        code: "AADSTS700238",
        meaning: "a tenant policy restricts this issuer",
        fix: "ask a tenant administrator which issuers the policy allows",
    },
    // Azure DevOps docs, errors-workload-identity.md (2026; field guide §9): "Confidential Client
    // is not supported in Cross Cloud request".
    KnownCode {
        code: "AADSTS900382",
        meaning: "a sign-in across clouds: the connection's identity lives in one cloud (for example Azure US Government) and signs in to another",
        fix: "use an identity, a tenant and a login endpoint of the same cloud as the service connection",
    },
    // Power Platform managed identity docs (2026; field guide §9): "Federated Managed Identity
    // path is not properly formatted". The sources say no more about its causes.
    KnownCode {
        code: "AADSTS70050",
        meaning: "Entra could not read the managed identity path of a federated managed identity (a Power Platform managed identity, for example)",
        fix: "check the managed identity's path as the caller configures it against the Power Platform managed identity documentation; the sources name no other cause",
    },
    KnownCode {
        code: "AADSTS70052",
        meaning: "the Azure DevOps Entra issuer was used with a multitenant app",
        fix: "use a single-tenant app or a managed identity for the service connection",
    },
];

/// The entry for a code.
pub fn known(code: &str) -> Option<&'static KnownCode> {
    KNOWN_CODES
        .iter()
        .find(|k| k.code.eq_ignore_ascii_case(code))
}

/// Finds `AADSTS` followed by digits.
fn find_code(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let mut from = 0;
    while let Some(i) = upper.get(from..).and_then(|rest| rest.find("AADSTS")) {
        let start = from + i + 6;
        let digits: String = upper
            .get(start..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            return Some(format!("AADSTS{digits}"));
        }
        from = start;
    }
    None
}

/// The value quoted after `marker` (case-insensitive): `marker 'value'` or `marker: 'value'`.
/// Returns the value and whether its closing quote was missing.
fn quoted_after(text: &str, marker: &str) -> Option<(String, bool)> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&marker.to_ascii_lowercase())? + marker.len();
    let rest = text.get(at..)?;
    let rest = rest.trim_start_matches([':', ' ']);
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let inner = rest.get(quote.len_utf8()..)?;
    match inner.find(quote) {
        Some(end) => Some((inner.get(..end)?.to_owned(), false)),
        None => Some((inner.lines().next().unwrap_or_default().to_owned(), true)),
    }
}

/// The ISO time after `marker`, up to the next comma.
fn time_after(text: &str, marker: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&marker.to_ascii_lowercase())? + marker.len();
    let rest = text.get(at..)?.trim_start_matches([':', ' ']);
    let end = rest.find([',', ' ', '\n']).unwrap_or(rest.len());
    let candidate = rest.get(..end)?.trim_end_matches('.');
    parse_iso8601(candidate)
}

/// The JSON error body inside the text, if any.
fn json_body(text: &str) -> Option<Map> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let candidate = text.get(start..=end)?;
    match json::parse(candidate) {
        Ok(Value::Object(map))
            if map.contains_key("error")
                || map.contains_key("error_description")
                || map.contains_key("error_codes") =>
        {
            Some(map)
        }
        _ => None,
    }
}

/// Reads an error text. `None` when it holds no AADSTS code and no assertion value.
pub fn parse(text: &str) -> Option<AadstsError> {
    let text = text
        .get(..text.len().min(crate::token::MAX_TOKEN_LEN))
        .unwrap_or(text);
    let mut error = AadstsError::default();
    let mut body_text = text.to_owned();
    if let Some(body) = json_body(text) {
        let string = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        error.error = string("error");
        error.trace_id = string("trace_id");
        error.correlation_id = string("correlation_id");
        error.timestamp = string("timestamp");
        if let Some(description) = string("error_description") {
            body_text = description;
        }
        if let Some(code) = body
            .get("error_codes")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .and_then(Value::as_u64)
        {
            error.code = Some(format!("AADSTS{code}"));
        }
    } else {
        for name in [
            "invalid_client",
            "invalid_request",
            "unauthorized_client",
            "invalid_grant",
        ] {
            if text.contains(name) {
                error.error = Some(name.to_owned());
                break;
            }
        }
    }
    let text = body_text.as_str();
    error.code = error.code.or_else(|| find_code(text));
    let mut take = |markers: &[&str]| {
        markers
            .iter()
            .find_map(|m| quoted_after(text, m))
            .map(|(v, cut)| {
                error.truncated |= cut;
                v
            })
    };
    let issuer = take(&["presented assertion issuer", "assertion issuer"]);
    let subject = take(&["presented assertion subject", "assertion subject"]);
    let audience = take(&["presented assertion audience", "assertion audience"]);
    let client = take(&["the client", "application with identifier"]);
    let expected_subject = take(&["federated identity credential subject is"]);
    error.issuer = issuer;
    error.subject = subject;
    error.audience = audience;
    error.client = client;
    error.expected_subject = expected_subject;
    error.case_only = text
        .to_ascii_lowercase()
        .contains("matches with case-insensitive comparison");
    error.current_time = time_after(text, "current time");
    error.valid_from = time_after(text, "assertion valid from");
    error.expires = time_after(text, "expiry time of assertion");
    error.description = text.trim().to_owned();
    let has_anything = error.code.is_some()
        || error.issuer.is_some()
        || error.subject.is_some()
        || error.audience.is_some();
    has_anything.then_some(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_documented_message_shape_yields_its_code_and_values() {
        struct Case {
            situation: &'static str,
            text: &'static str,
            code: &'static str,
            issuer: Option<&'static str>,
            subject: Option<&'static str>,
            audience: Option<&'static str>,
        }
        let cases = [
            Case {
                situation: "issuer_message_with_trailing_slash",
                text: "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
                code: "AADSTS700211",
                issuer: Some("https://token.actions.githubusercontent.com/"),
                subject: None,
                audience: None,
            },
            Case {
                situation: "audience_message",
                text: "AADSTS700212: No matching federated identity record found for presented assertion audience 'my.audience'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
                code: "AADSTS700212",
                issuer: None,
                subject: None,
                audience: Some("my.audience"),
            },
            Case {
                situation: "old_assertion_issuer_form_in_a_log_line",
                text: "2024-05-01T10:00:00Z [error] azidentity: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'.",
                code: "AADSTS70021",
                issuer: Some("https://kubernetes.default.svc.cluster.local"),
                subject: Some("system:serviceaccount:default:workload-identity-sa"),
                audience: Some("api://AzureADTokenExchange"),
            },
            Case {
                situation: "case_only_subject",
                text: "Error: AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:CODfreak213421/IsocertsgDashboard23:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.",
                code: "AADSTS7002138",
                issuer: None,
                subject: Some("repo:CODfreak213421/IsocertsgDashboard23:environment:Production"),
                audience: None,
            },
        ];
        for case in cases {
            let e = parse(case.text).unwrap_or_else(|| panic!("{}", case.situation));
            assert_eq!(e.code.as_deref(), Some(case.code), "{}", case.situation);
            assert_eq!(e.issuer.as_deref(), case.issuer, "{}", case.situation);
            assert_eq!(e.subject.as_deref(), case.subject, "{}", case.situation);
            assert_eq!(e.audience.as_deref(), case.audience, "{}", case.situation);
        }
        assert!(parse(cases_case_only()).unwrap().case_only);
    }

    fn cases_case_only() -> &'static str {
        "AADSTS7002138: … subject 'x'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison."
    }

    #[test]
    fn a_whole_json_body_gives_ids_and_the_code() {
        let body = r#"{"error":"invalid_client","error_description":"AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/dev'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Trace ID: 1 Correlation ID: 2 Timestamp: 2025-01-01 00:00:00Z","error_codes":[700213],"timestamp":"2025-01-01 00:00:00Z","trace_id":"0e3a8f2c-0000-0000-0000-000000000000","correlation_id":"5f1b6d2a-0000-0000-0000-000000000000"}"#;
        let e = parse(&format!("Login failed: {body}")).unwrap();
        assert_eq!(e.error.as_deref(), Some("invalid_client"));
        assert_eq!(e.code.as_deref(), Some("AADSTS700213"));
        assert_eq!(e.subject.as_deref(), Some("repo:o/r:ref:refs/heads/dev"));
        assert_eq!(
            e.trace_id.as_deref(),
            Some("0e3a8f2c-0000-0000-0000-000000000000")
        );
        assert_eq!(
            e.correlation_id.as_deref(),
            Some("5f1b6d2a-0000-0000-0000-000000000000")
        );
    }

    #[test]
    fn the_time_window_of_an_expired_assertion_is_read() {
        let e = parse("AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-09-03T17:59:55.3046782Z, assertion valid from 2025-09-03T17:04:47.0000000Z, expiry time of assertion 2025-09-03T17:09:47.0000000Z.").unwrap();
        assert_eq!(e.current_time, parse_iso8601("2025-09-03T17:59:55Z"));
        assert_eq!(e.valid_from, parse_iso8601("2025-09-03T17:04:47Z"));
        assert_eq!(e.expires, parse_iso8601("2025-09-03T17:09:47Z"));
    }

    #[test]
    fn no_credentials_names_the_client_and_a_cut_quote_is_flagged() {
        let e = parse("AADSTS70025: The client 'id-payments'(app) has no configured federated identity credentials.").unwrap();
        assert_eq!(e.client.as_deref(), Some("id-payments"));
        let cut = parse("AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/he").unwrap();
        assert_eq!(cut.subject.as_deref(), Some("repo:o/r:ref:refs/he"));
        assert!(cut.truncated);
    }

    #[test]
    fn text_without_a_code_or_value_is_not_an_error_text() {
        assert_eq!(parse("the pipeline failed"), None);
        assert_eq!(parse(""), None);
        assert_eq!(known("aadsts700213").map(|k| k.code), Some("AADSTS700213"));
    }
}
