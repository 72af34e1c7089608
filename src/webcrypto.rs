//! RS256 signature checks with the browser's WebCrypto: no crypto code in the wasm.

use fedcred_core::jwks::RsaKey;
use fedcred_core::token::Token;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// Whether `key` verified the token's RS256 signature; an error says why no check could run.
pub async fn verify_rs256(token: &Token, key: &RsaKey) -> Result<bool, String> {
    let unavailable = || {
        "this browser offers no WebCrypto here (it needs https or localhost), so the signature cannot be checked".to_owned()
    };
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(unavailable)?;
    if !Reflect::get(&crypto, &JsValue::from_str("subtle")).is_ok_and(|s| s.is_object()) {
        return Err(unavailable());
    }
    let subtle = crypto.subtle();
    let b64 = |bytes: &[u8]| JsValue::from_str(&fedcred_core::base64url::encode(bytes));
    let jwk = object(&[
        ("kty", "RSA".into()),
        ("n", b64(&key.n)),
        ("e", b64(&key.e)),
        ("alg", "RS256".into()),
        ("ext", true.into()),
    ]);
    let algorithm = object(&[
        ("name", "RSASSA-PKCS1-v1_5".into()),
        ("hash", "SHA-256".into()),
    ]);
    let usages = Array::of1(&JsValue::from_str("verify"));
    let imported = subtle
        .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
        .map_err(|_| "the key could not be imported".to_owned())?;
    let crypto_key: web_sys::CryptoKey = JsFuture::from(imported)
        .await
        .map_err(|_| "the browser refused the key: is it an RSA signing key?".to_owned())?
        .unchecked_into();
    let verify_algorithm = object(&[("name", "RSASSA-PKCS1-v1_5".into())]);
    let verifying = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &verify_algorithm,
            &crypto_key,
            &token.signature,
            token.signing_input.as_bytes(),
        )
        .map_err(|_| "the signature could not be checked".to_owned())?;
    let verified = JsFuture::from(verifying)
        .await
        .map_err(|_| "the signature could not be checked".to_owned())?;
    Ok(verified.as_bool().unwrap_or(false))
}
