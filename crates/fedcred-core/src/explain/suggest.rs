//! A credential that would accept a token, as the builder's inputs.

use super::report::Suggestion;
use crate::audience::Cloud;
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
    })
}
