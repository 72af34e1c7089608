//! Finding the key that signed a token in a pasted JWKS (`{"keys": […]}`), for an offline RS256
//! check. The check itself runs where crypto is cheap: the CLI with a Rust RSA crate, the browser
//! with WebCrypto; this module only reads the keys.

use crate::json::{self, Value};

use crate::base64url;
use crate::token::Token;

/// An RSA public key from a JWK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaKey {
    /// The key ID.
    pub kid: Option<String>,
    /// The modulus, big-endian.
    pub n: Vec<u8>,
    /// The public exponent, big-endian.
    pub e: Vec<u8>,
}

/// Finds the RSA key with this `kid` (or the only RSA key when the token names none).
pub fn find_key(jwks: &str, kid: Option<&str>) -> Result<RsaKey, String> {
    let value: Value =
        json::parse(jwks.trim()).map_err(|e| format!("the JWKS is not valid JSON: {e}"))?;
    let keys: Vec<&Value> = match &value {
        Value::Object(map) => match map.get("keys") {
            Some(Value::Array(keys)) => keys.iter().collect(),
            Some(_) => return Err("the JWKS's keys is not a list".to_owned()),
            None if map.contains_key("kty") => vec![&value],
            None => {
                return Err(
                    "the JWKS has no keys list: paste the document at the issuer's jwks_uri"
                        .to_owned(),
                );
            }
        },
        Value::Array(keys) => keys.iter().collect(),
        _ => return Err("the JWKS is not a JSON object".to_owned()),
    };
    let text = |key: &Value, field: &str| key.get(field).and_then(Value::as_str).map(str::to_owned);
    let rsa: Vec<&Value> = keys
        .into_iter()
        .filter(|k| text(k, "kty").as_deref() == Some("RSA"))
        .collect();
    let key = match kid {
        Some(kid) => rsa.iter().find(|k| text(k, "kid").as_deref() == Some(kid)).copied().ok_or_else(|| {
            let kids: Vec<String> = rsa.iter().filter_map(|k| text(k, "kid")).collect();
            format!("no RSA key with kid '{kid}' in the JWKS (it has: {}); the issuer may have rotated its keys: fetch the current JWKS", if kids.is_empty() { "none".to_owned() } else { kids.join(", ") })
        })?,
        None => match rsa.as_slice() {
            [one] => *one,
            [] => return Err("the JWKS has no RSA key".to_owned()),
            _ => return Err("the token names no kid and the JWKS has several RSA keys".to_owned()),
        },
    };
    let number = |field: &str| -> Result<Vec<u8>, String> {
        let encoded = text(key, field).ok_or_else(|| format!("the key has no '{field}'"))?;
        base64url::decode(&encoded)
            .map_err(|e| format!("the key's '{field}' is not base64url: {e}"))
    };
    Ok(RsaKey {
        kid: text(key, "kid"),
        n: number("n")?,
        e: number("e")?,
    })
}

/// The key to check this token's signature with, named by its `kid` (or the only RSA key):
/// `Ok(None)` when its `alg` is not RS256, the one algorithm Entra accepts (field guide §1), so
/// the check fails whatever the key; an error when the JWKS holds no such key. The CLI and the
/// web app only run the RSA arithmetic on what this returns.
pub fn signing_key(token: &Token, jwks: &str) -> Result<Option<RsaKey>, String> {
    let kid = token.header.get("kid").and_then(Value::as_str);
    let key = find_key(jwks, kid)?;
    Ok((token.alg() == Some("RS256")).then_some(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWKS: &str = r#"{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"},{"kty":"EC","kid":"b","crv":"P-256"},{"kty":"RSA","kid":"c","n":"AQID","e":"AQAB"}]}"#;

    #[test]
    fn keys_are_found_by_kid() {
        assert_eq!(find_key(JWKS, Some("c")).unwrap().n, [1, 2, 3]);
        assert_eq!(
            find_key(JWKS, Some("zz")).unwrap_err(),
            "no RSA key with kid 'zz' in the JWKS (it has: a, c); the issuer may have rotated its keys: fetch the current JWKS"
        );
        assert!(
            find_key(JWKS, None)
                .unwrap_err()
                .contains("several RSA keys")
        );
        assert!(
            find_key("nope", None)
                .unwrap_err()
                .starts_with("the JWKS is not valid JSON")
        );
    }

    fn token(header: &str) -> Token {
        let part = |text: &str| base64url::encode(text.as_bytes());
        let text = format!("{}.{}.{}", part(header), part("{}"), part("sig"));
        crate::token::decode_unverified(&text).unwrap()
    }

    #[test]
    fn the_signing_key_follows_kid_and_only_rs256_is_checked() {
        let rs256 = token(r#"{"alg":"RS256","kid":"c"}"#);
        assert_eq!(signing_key(&rs256, JWKS).unwrap().unwrap().n, [1, 2, 3]);
        let none = token(r#"{"alg":"none","kid":"c"}"#);
        assert_eq!(signing_key(&none, JWKS), Ok(None));
        let rotated = token(r#"{"alg":"RS256","kid":"old"}"#);
        assert!(signing_key(&rotated, JWKS).unwrap_err().contains("rotated"));
    }
}
