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
            #[expect(clippy::indexing_slicing, reason = "index is masked to 6 bits: 0..64")]
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Each byte's 6-bit value, or `INVALID`: both alphabets, so standard base64 pasted from other
/// tools decodes too.
const INVALID: u8 = 0xff;
#[expect(
    clippy::indexing_slicing,
    reason = "a const table: every index is a byte (< 256) or below 64, checked at compile time"
)]
const VALUES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table[b'+' as usize] = 62;
    table[b'/' as usize] = 63;
    table
};

/// The 6-bit value of a byte, or `INVALID`.
#[expect(
    clippy::indexing_slicing,
    reason = "a u8 always indexes a 256-entry table"
)]
fn value(byte: u8) -> u8 {
    VALUES[usize::from(byte)]
}

/// Decodes base64url; also accepts the standard alphabet's `+` and `/` and trailing `=` padding,
/// which copy-paste from other tools brings in. Linear in the input: four characters at a time.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let trimmed = text.trim_end_matches('=');
    let bytes = trimmed.as_bytes();
    let invalid = |offset: usize| {
        let character = trimmed
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        Base64Error::InvalidCharacter { character, offset }
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    let mut chunks = bytes.chunks_exact(4);
    for (index, chunk) in (&mut chunks).enumerate() {
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| chunk.get(i).map_or(INVALID, |&x| value(x)));
        // Valid values are below 64: one test for the four.
        if (a | b | c | d) & 0xc0 != 0 {
            let position = [a, b, c, d].iter().position(|&v| v == INVALID).unwrap_or(0);
            return Err(invalid(index * 4 + position));
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        let [_, b0, b1, b2] = n.to_be_bytes();
        out.extend_from_slice(&[b0, b1, b2]);
    }
    // The last two or three characters hold one or two bytes, left-aligned.
    let rest = chunks.remainder();
    let start = bytes.len() - rest.len();
    let mut n = 0u32;
    for (position, &byte) in rest.iter().enumerate() {
        let v = value(byte);
        if v == INVALID {
            return Err(invalid(start + position));
        }
        n = (n << 6) | u32::from(v);
    }
    // Checked after the characters, so a stray character is named rather than called a cut.
    if rest.len() == 1 {
        return Err(Base64Error::InvalidLength);
    }
    if rest.len() > 1 {
        let [_, b0, b1, _] = (n << (6 * (4 - rest.len() as u32))).to_be_bytes();
        out.push(b0);
        if rest.len() == 3 {
            out.push(b1);
        }
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
