//! A credential that would accept a token, as the builder's inputs.

use super::report::Suggestion;
use crate::audience::Cloud;
use crate::platforms::build_set;
use crate::snippets::{Context, Snippet, render};
use crate::token::Token;

/// The builder inputs for a credential that accepts this token.
pub fn suggest(token: &Token) -> Option<Suggestion> {
    let issuer = token.claim_str("iss")?;
    let subject = token.claim_str("sub")?;
    let audience = token.audiences().first().copied().unwrap_or_default();
    let cloud = Cloud::from_audience(audience);
    let common = crate::platforms::Common {
        cloud: cloud.unwrap_or_default(),
        audience: if cloud.is_some() {
            String::new()
        } else {
            audience.to_owned()
        },
        ..Default::default()
    };
    let platform = crate::platforms::read_back(issuer, subject, token.claim_str("tid"))?;
    Some(Suggestion {
        platform,
        common,
        target: None,
        widens: None,
    })
}

/// The credential that accepts the token, as the builder's snippet in `format` (`az`, …), on the
/// identity the compared credentials belong to, or with placeholders that stop loudly.
pub fn suggestion_snippet(s: &Suggestion, format: &str) -> Option<Snippet> {
    let built = build_set(std::slice::from_ref(&s.platform), &s.common);
    let target = s.target.clone().unwrap_or_default();
    render(
        format,
        Context {
            platform: &s.platform,
            credentials: &built.credentials,
            target: &target,
        },
    )
    .ok()
}
