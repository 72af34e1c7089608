//! Base64url (RFC 4648 §5) without padding, as JWTs and `/eid1/` subjects use it. Small enough to
//! keep here rather than pull a crate into the wasm.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside `A-Z a-z 0-9 - _` at this byte offset.
    InvalidCharacter {
        /// The character.
        character: char,
        /// Its byte offset in the input.
        offset: usize,
    },
    /// A length no encoding produces (one character left over).
    InvalidLength,
}

impl std::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Base64Error::InvalidCharacter { character, offset } => write!(
                f,
                "'{}' at position {} is not a base64url character (A-Z, a-z, 0-9, '-', '_')",
                character.escape_default(),
                offset + 1
            ),
            Base64Error::InvalidLength => f.write_str(
                "the base64url text has a length no encoding produces; it looks cut off",
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// Encodes without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..symbols {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

fn value(byte: u8) -> Option<u32> {
    Some(u32::from(match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        _ => return None,
    }))
}

/// Decodes base64url; also accepts the standard alphabet's `+` and `/` and trailing `=` padding,
/// which copy-paste from other tools brings in. Linear in the input.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let trimmed = text.trim_end_matches('=');
    let bytes = trimmed.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (offset, &byte) in bytes.iter().enumerate() {
        let Some(v) = value(byte) else {
            let character = trimmed
                .get(offset..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(Base64Error::InvalidCharacter { character, offset });
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Checked after the characters, so a stray character is named rather than called a cut.
    if bytes.len() % 4 == 1 {
        return Err(Base64Error::InvalidLength);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_round_trip_without_padding() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode(raw), encoded);
            assert_eq!(decode(encoded).unwrap(), raw);
        }
    }

    #[test]
    fn url_safe_and_standard_alphabets_both_decode() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("+/8=").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn bad_input_is_an_error_with_its_position() {
        assert_eq!(
            decode("Zm9v!"),
            Err(Base64Error::InvalidCharacter {
                character: '!',
                offset: 4
            })
        );
        assert_eq!(
            decode("Zm9vé").unwrap_err().to_string(),
            "'\\u{e9}' at position 5 is not a base64url character (A-Z, a-z, 0-9, '-', '_')"
        );
        assert_eq!(decode("Zm9vY"), Err(Base64Error::InvalidLength));
    }
}
