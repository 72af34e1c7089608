//! Decoding a pasted OIDC token (JWS compact form) **without verifying it**.
//!
//! Decoding is what a diagnosis needs: the claims Entra compares. It proves nothing about who
//! issued the token; [`decode_unverified`] says so in its name, and the report says "decoded,
//! not verified" unless a signature check ran.
//!
//! ```
//! use fedcred_core::token::decode_unverified;
//!
//! // header {"alg":"RS256"}, payload {"sub":"x"}, pasted with a Bearer prefix and a line break
//! let token = decode_unverified("Bearer eyJhbGciOiJSUzI1NiJ9.\n eyJzdWIiOiJ4In0.c2ln").unwrap();
//! assert_eq!(token.claims["sub"], "x");
//! ```

use std::borrow::Cow;

use crate::json::{self, Map, Value};

use crate::base64url;

/// The most characters a pasted token may have (real ones are a few KB).
pub const MAX_TOKEN_LEN: usize = 1 << 20;

/// A decoded, unverified token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The JOSE header.
    pub header: Map,
    /// The claims.
    pub claims: Map,
    /// `header.payload` as pasted: what the signature covers.
    pub signing_input: String,
    /// The signature bytes (empty for an unsigned token).
    pub signature: Vec<u8>,
}

/// Which part of a token is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The first part.
    Header,
    /// The second part.
    Payload,
    /// The third part.
    Signature,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Header => "header (the first part)",
            Part::Payload => "payload (the second part)",
            Part::Signature => "signature (the third part)",
        }
    }
}

/// Why a text is not a decodable token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Nothing was pasted.
    Empty,
    /// More than 1 MB.
    TooLarge(usize),
    /// Five parts: an encrypted JWE, which cannot be read without the key.
    Encrypted,
    /// Not three dot-separated parts.
    PartCount(usize),
    /// A part does not decode.
    Part {
        /// Which part.
        part: Part,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::Empty => f.write_str("nothing to decode: paste the token (three parts separated by dots, starting with eyJ)"),
            TokenError::TooLarge(n) => write!(f, "the text has {n} characters; a token is a few thousand at most. Paste only the token"),
            TokenError::Encrypted => f.write_str("this is an encrypted token (JWE, five parts): its claims cannot be read, and Entra accepts only signed tokens (JWS, three parts) as assertions"),
            TokenError::PartCount(n) => write!(
                f,
                "a token has three parts separated by dots; this has {n}. {}",
                if *n < 3 { "It looks cut off: copy the whole token" } else { "Paste a single token" }
            ),
            TokenError::Part { part, reason } => write!(f, "the {} {reason}", part.name()),
        }
    }
}

impl std::error::Error for TokenError {}

/// Strips what copy-paste adds around a token: white space and line breaks anywhere, surrounding
/// quotes, an `Authorization:` or `Bearer ` prefix, a trailing comma. Borrows when nothing
/// inside needs removing (the usual paste).
pub fn clean(input: &str) -> Cow<'_, str> {
    // What GitHub's token endpoint returns: {"count": …, "value": "<token>"}.
    if input.trim_start().starts_with('{')
        && let Ok(value) = crate::json::parse(input.trim())
        && let Some(token) = value.get("value").and_then(crate::json::Value::as_str)
    {
        return Cow::Owned(clean(token).into_owned());
    }
    let mut text = input.trim();
    loop {
        let before = text;
        text = text.trim().trim_end_matches(',').trim();
        for quote in ['"', '\'', '`'] {
            if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
                text = inner;
            }
        }
        for prefix in ["authorization:", "bearer "] {
            if text
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            {
                text = text.get(prefix.len()..).unwrap_or_default();
            }
        }
        if text == before {
            break;
        }
    }
    // Most pastes are plain ASCII with no space inside: nothing to copy.
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
}

fn json_object(part: Part, text: &str) -> Result<Map, TokenError> {
    let bytes = base64url::decode(text).map_err(|e| TokenError::Part {
        part,
        reason: format!("is not base64url: {e}"),
    })?;
    let json = std::str::from_utf8(&bytes).map_err(|e| TokenError::Part {
        part,
        reason: format!(
            "decodes to bytes that are not UTF-8 text (at byte {}): it is not JSON",
            e.valid_up_to()
        ),
    })?;
    match json::parse(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(TokenError::Part {
            part,
            reason: format!("is JSON but not an object: {}", other.kind()),
        }),
        Err(e) => Err(TokenError::Part {
            part,
            reason: format!("is not valid JSON: {e}"),
        }),
    }
}

/// Decodes a token's header and claims. **Does not verify the signature.** Linear in the input.
pub fn decode_unverified(input: &str) -> Result<Token, TokenError> {
    if input.len() > MAX_TOKEN_LEN {
        return Err(TokenError::TooLarge(input.len()));
    }
    let text = clean(input);
    if text.is_empty() {
        return Err(TokenError::Empty);
    }
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(if parts.len() == 5 {
            TokenError::Encrypted
        } else {
            TokenError::PartCount(parts.len())
        });
    };
    let header_map = json_object(Part::Header, header)?;
    let claims = json_object(Part::Payload, payload)?;
    let signature = base64url::decode(signature).map_err(|e| TokenError::Part {
        part: Part::Signature,
        reason: format!("is not base64url: {e}"),
    })?;
    Ok(Token {
        header: header_map,
        claims,
        signing_input: format!("{header}.{payload}"),
        signature,
    })
}

impl Token {
    /// A string claim.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A numeric date claim (`exp`, `nbf`, `iat`), as whole seconds.
    pub fn claim_time(&self, name: &str) -> Option<i64> {
        self.claims.get(name)?.as_whole()
    }

    /// The audiences: `aud` as a string, or each string of an array.
    pub fn audiences(&self) -> Vec<&str> {
        match self.claims.get("aud") {
            Some(Value::String(s)) => vec![s],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The `alg` header.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A token with these header and claims and a fake signature (tests build tokens from claims).
    pub(crate) fn forge(header: &Value, claims: &Value) -> String {
        format!(
            "{}.{}.{}",
            base64url::encode(header.to_string().as_bytes()),
            base64url::encode(claims.to_string().as_bytes()),
            base64url::encode(b"not a real signature")
        )
    }

    #[test]
    fn decode_of_encoded_claims_gives_the_claims_back() {
        let claims = json!({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main", "aud": "api://AzureADTokenExchange", "exp": 1_632_493_867});
        let token =
            decode_unverified(&forge(&json!({"alg": "RS256", "kid": "k1"}), &claims)).unwrap();
        assert_eq!(Value::Object(token.claims.clone()), claims);
        assert_eq!(token.alg(), Some("RS256"));
        assert_eq!(token.claim_time("exp"), Some(1_632_493_867));
        assert_eq!(token.audiences(), ["api://AzureADTokenExchange"]);
    }

    #[test]
    fn copy_paste_debris_is_tolerated() {
        let raw = forge(&json!({"alg": "RS256"}), &json!({"sub": "x"}));
        let (a, b) = raw.split_at(20);
        for pasted in [
            format!("  {raw}\n"),
            format!("Bearer {raw}"),
            format!("Authorization: Bearer {raw}"),
            format!("\"{raw}\","),
            format!("'{raw}'"),
            format!("{a}\n  {b}"),
            format!("{a}\r\n{b}"),
        ] {
            assert_eq!(
                decode_unverified(&pasted).map(|t| t.claims["sub"].clone()),
                Ok(Value::from("x")),
                "{pasted:?}"
            );
        }
    }

    #[test]
    fn broken_tokens_say_which_part_and_why() {
        let good_header = base64url::encode(br#"{"alg":"RS256"}"#);
        let cases: [(String, &str); 8] = [
            (String::new(), "nothing to decode"),
            ("abc.def".into(), "this has 2. It looks cut off"),
            ("a.b.c.d.e".into(), "encrypted token (JWE, five parts)"),
            (
                format!("{good_header}.eyJzdWIiOiJ4.sig"),
                "the payload (the second part) is not valid JSON",
            ),
            (
                "!!!.e30.c2ln".into(),
                "the header (the first part) is not base64url: '!' at position 1",
            ),
            (
                format!("{good_header}.{}.c2ln", base64url::encode(&[0xff, 0xfe])),
                "decodes to bytes that are not UTF-8",
            ),
            (
                format!("{good_header}.{}.c2ln", base64url::encode(b"[1,2]")),
                "is JSON but not an object: an array",
            ),
            (
                format!("{good_header}.e30.c2ln!"),
                "the signature (the third part) is not base64url",
            ),
        ];
        for (text, expected) in cases {
            let error = decode_unverified(&text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn deep_or_huge_input_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let token = format!(
            "{}.{}.c2ln",
            base64url::encode(br#"{"alg":"RS256"}"#),
            base64url::encode(format!("{{\"a\":{deep}}}").as_bytes())
        );
        assert!(
            decode_unverified(&token)
                .unwrap_err()
                .to_string()
                .contains("nested more than 128 levels deep")
        );
        let huge = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(matches!(
            decode_unverified(&huge),
            Err(TokenError::TooLarge(_))
        ));
    }

    #[test]
    fn claims_of_the_wrong_type_are_read_as_absent() {
        let token = decode_unverified(&forge(
            &json!({"alg": "RS256"}),
            &json!({"exp": "1632493867", "aud": 42}),
        ))
        .unwrap();
        assert_eq!(token.claim_time("exp"), None);
        assert!(token.audiences().is_empty());
    }
}
