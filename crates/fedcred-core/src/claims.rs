//! What each claim in a workload token means, per issuer (GitHub docs "OpenID Connect
//! reference"; Azure DevOps and Entra token references; Kubernetes service account tokens;
//! GitLab ID tokens; HCP Terraform workload identity).

use serde::Serialize;
use std::borrow::Cow;

use crate::json::Value;

use crate::token::Token;

pub use crate::platforms::issuers::IssuerKind;

/// One claim, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimExplanation {
    /// The claim name.
    pub name: String,
    /// The value as text (JSON for non-strings).
    pub value: String,
    /// What it means.
    pub meaning: Cow<'static, str>,
    /// For dates: UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc: Option<String>,
    /// For dates: relative to now ("4 minutes ago").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// Whether Entra compares this claim with a credential.
    pub compared: bool,
}

fn meaning(kind: IssuerKind, name: &str) -> &'static str {
    match name {
        "iss" => "issuer: must equal the credential's issuer exactly",
        "sub" => "subject: must equal the credential's subject exactly (case-sensitive)",
        "aud" => {
            "audience: must equal the credential's audience (api://AzureADTokenExchange by default)"
        }
        "exp" => "expiry: Entra refuses the token after this (AADSTS700024)",
        "nbf" => "not before: Entra refuses the token before this",
        "iat" => "issued at",
        "jti" => "unique token ID",
        _ => kind.claim_meaning(name),
    }
}

/// What a JOSE header field means.
pub fn header_meaning(name: &str) -> &'static str {
    match name {
        "alg" => "signature algorithm: Entra supports RS256 for external tokens",
        "kid" => {
            "the ID of the issuer's key that signed the token (look it up in the issuer's JWKS)"
        }
        "x5t" => "the thumbprint of the signing certificate",
        "typ" => "the token type",
        "enc" => {
            "content encryption: an encrypted token, which Entra does not accept as an assertion"
        }
        _ => "",
    }
}

/// Every claim of a token, explained for its issuer, times shown in UTC and relative to `now`.
pub fn explain_claims(token: &Token, now: i64) -> (IssuerKind, Vec<ClaimExplanation>) {
    let kind = IssuerKind::of(
        token.claim_str("iss").unwrap_or_default(),
        token.claim_str("sub").unwrap_or_default(),
    );
    let explanations = token
        .claims
        .iter()
        .map(|(name, value)| {
            let time = matches!(name.as_str(), "exp" | "nbf" | "iat")
                .then(|| token.claim_time(name))
                .flatten();
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let known = meaning(kind, name);
            ClaimExplanation {
                name: name.clone(),
                value: text,
                meaning: if known.is_empty() {
                    Cow::Owned(format!("a claim of {}", kind.label()))
                } else {
                    Cow::Borrowed(known)
                },
                utc: time.map(crate::time::utc),
                relative: time.map(|t| crate::time::relative(t, now)),
                compared: matches!(name.as_str(), "iss" | "sub" | "aud"),
            }
        })
        .collect();
    (kind, explanations)
}
