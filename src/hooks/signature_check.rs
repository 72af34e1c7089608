//! The token's RS256 signature, checked against a pasted JWKS with the browser's WebCrypto.

use fedcred_core::explain::{Paste, SignatureStatus, recognise};
use yew::prelude::*;

/// The outcome of the check for the current inputs: the status the report shows, and what to
/// say under the JWKS box (nothing when no JWKS is pasted).
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureCheck {
    /// Valid, invalid, or not checked.
    pub status: SignatureStatus,
    /// What the check found, in words.
    pub message: Option<String>,
}

/// Checks the pasted token's signature with the pasted JWKS. The check is asynchronous
/// (WebCrypto); a result counts only for the inputs it was computed from. The core picks the key
/// and applies the RS256 rule; only the arithmetic runs here.
#[hook]
pub fn use_signature_check(paste: &str, jwks: &str) -> SignatureCheck {
    let check = use_state(|| None::<(String, String, Result<bool, String>)>);
    {
        let check = check.clone();
        use_effect_with((paste.to_owned(), jwks.to_owned()), move |(paste, jwks)| {
            if jwks.trim().is_empty() || recognise(paste) != Paste::Token {
                check.set(None);
            } else if let Ok(token) = fedcred_core::token::decode_unverified(paste) {
                match fedcred_core::jwks::signing_key(&token, jwks) {
                    Err(e) => check.set(Some((paste.clone(), jwks.clone(), Err(e)))),
                    Ok(None) => check.set(Some((paste.clone(), jwks.clone(), Ok(false)))),
                    Ok(Some(key)) => {
                        let (paste, jwks) = (paste.clone(), jwks.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            let result = crate::webcrypto::verify_rs256(&token, &key).await;
                            check.set(Some((paste, jwks, result)));
                        });
                    }
                }
            }
        });
    }
    let current = check
        .as_ref()
        .filter(|(p, j, _)| p == paste && j == jwks)
        .map(|(_, _, r)| r.clone());
    SignatureCheck {
        status: match &current {
            Some(Ok(true)) => SignatureStatus::Valid,
            Some(Ok(false)) => SignatureStatus::Invalid,
            _ => SignatureStatus::NotChecked,
        },
        message: match current {
            Some(Err(e)) => Some(e),
            Some(Ok(false)) => Some("the signature does not verify with this key: the token was changed, or signed by another key".to_owned()),
            Some(Ok(true)) => Some("the signature verifies with this key".to_owned()),
            None => None,
        },
    }
}
