//! One pasted text: a token or an error text, recognised and explained.

use serde::Serialize;

use super::explain;
use super::report::{Input, Report, SignatureStatus};
use crate::aadsts;
use crate::credential::Credential;
use crate::import::{Import, Imported, Location};

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
    /// A runner's log line saying the job got no OIDC token (nothing reached Entra).
    RunnerLog,
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
        None if super::runner::failure(text).is_some() => Paste::RunnerLog,
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
        Paste::Error { .. } | Paste::RunnerLog => Input {
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
