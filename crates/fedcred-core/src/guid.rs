//! GUIDs as Entra and Azure DevOps write them, and the compact form the Azure DevOps Entra
//! issuer puts in its subjects.
//!
//! The subject `/eid1/c/pub/t/<T>/a/<A>/sc/<org>/<connection>` encodes the tenant and the Azure
//! DevOps application ID as the GUID's 16 bytes in .NET order (`Guid.ToByteArray`: the first three
//! groups little-endian), then base64url without padding (field guide §4, checked against the
//! values in real tokens).
//!
//! ```
//! use fedcred_core::guid::Guid;
//!
//! let tenant: Guid = "72f988bf-86f1-41af-91ab-2d7cd011db47".parse().unwrap();
//! assert_eq!(tenant.to_compact(), "v4j5cvGGr0GRqy180BHbRw");
//! ```

use std::fmt;
use std::str::FromStr;

/// A GUID (UUID), kept as its 16 bytes in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Guid([u8; 16]);

/// Why a text is not a GUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuidError {
    /// The text is empty.
    Empty,
    /// Wrong length or dashes in the wrong places.
    Shape,
    /// A character that is not a hexadecimal digit.
    NotHex(char),
}

impl fmt::Display for GuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuidError::Empty => f.write_str("a GUID is required, like 11111111-2222-3333-4444-555555555555"),
            GuidError::Shape => f.write_str(
                "not a GUID: expected 8-4-4-4-12 hexadecimal digits, like 11111111-2222-3333-4444-555555555555",
            ),
            GuidError::NotHex(c) => write!(
                f,
                "not a GUID: '{}' is not a hexadecimal digit (0-9, a-f)",
                c.escape_default()
            ),
        }
    }
}

impl std::error::Error for GuidError {}

impl Guid {
    /// The Azure DevOps application ID, `499b84ac-1321-427f-aa17-267ca6975798`: the `<A>` in
    /// Entra-issuer service connection subjects and the `azp` of their tokens.
    pub const AZURE_DEVOPS_APP: Guid = Guid([
        0x49, 0x9b, 0x84, 0xac, 0x13, 0x21, 0x42, 0x7f, 0xaa, 0x17, 0x26, 0x7c, 0xa6, 0x97, 0x57,
        0x98,
    ]);

    /// The 16 bytes in .NET `Guid.ToByteArray` order: the first three groups reversed.
    pub fn to_bytes_le(self) -> [u8; 16] {
        let b = self.0;
        [
            b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15],
        ]
    }

    /// The compact form used in `/eid1/` subjects: little-endian bytes, base64url, no padding.
    pub fn to_compact(self) -> String {
        crate::base64url::encode(&self.to_bytes_le())
    }

    /// Reads the compact form back (the inverse of [`Guid::to_compact`]).
    pub fn from_compact(text: &str) -> Option<Guid> {
        let bytes = crate::base64url::decode(text).ok()?;
        let le: [u8; 16] = bytes.try_into().ok()?;
        Some(Guid([
            le[3], le[2], le[1], le[0], le[5], le[4], le[7], le[6], le[8], le[9], le[10], le[11],
            le[12], le[13], le[14], le[15],
        ]))
    }
}

impl FromStr for Guid {
    type Err = GuidError;

    /// Accepts `8-4-4-4-12` hex, any case, optionally in braces (as PowerShell prints them).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GuidError::Empty);
        }
        let inner = text
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(text);
        if inner.len() != 36 {
            return Err(GuidError::Shape);
        }
        let mut bytes = [0u8; 16];
        let mut nibbles = 0usize;
        for (i, c) in inner.chars().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if c != '-' {
                    return Err(GuidError::Shape);
                }
                continue;
            }
            let value = c.to_digit(16).ok_or(GuidError::NotHex(c))? as u8;
            let slot = bytes.get_mut(nibbles / 2).ok_or(GuidError::Shape)?;
            *slot = (*slot << 4) | value;
            nibbles += 1;
        }
        if nibbles != 32 {
            return Err(GuidError::Shape);
        }
        Ok(Guid(bytes))
    }
}

impl fmt::Display for Guid {
    /// Lowercase `8-4-4-4-12`, the form Entra and Azure DevOps print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_form_matches_the_field_guide_vectors() {
        let cases = [
            (
                "ff882432-09b0-437b-bd22-ca13c0037ded",
                "MiSI_7AJe0O9IsoTwAN97Q",
            ),
            (
                "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "v4j5cvGGr0GRqy180BHbRw",
            ),
            (
                "499b84ac-1321-427f-aa17-267ca6975798",
                "rISbSSETf0KqFyZ8ppdXmA",
            ),
        ];
        for (guid, compact) in cases {
            let parsed: Guid = guid.parse().unwrap();
            assert_eq!(parsed.to_compact(), compact, "{guid}");
            assert_eq!(Guid::from_compact(compact), Some(parsed), "{compact}");
            assert_eq!(parsed.to_string(), guid);
        }
        assert_eq!(
            Guid::AZURE_DEVOPS_APP.to_string(),
            "499b84ac-1321-427f-aa17-267ca6975798"
        );
    }

    #[test]
    fn guids_parse_in_any_case_and_in_braces() {
        let lower: Guid = "72f988bf-86f1-41af-91ab-2d7cd011db47".parse().unwrap();
        assert_eq!("72F988BF-86F1-41AF-91AB-2D7CD011DB47".parse(), Ok(lower));
        assert_eq!("{72f988bf-86f1-41af-91ab-2d7cd011db47}".parse(), Ok(lower));
        assert_eq!(" 72f988bf-86f1-41af-91ab-2d7cd011db47\n".parse(), Ok(lower));
    }

    #[test]
    fn malformed_guids_say_what_is_wrong() {
        let cases = [
            ("", GuidError::Empty),
            ("72f988bf86f141af91ab2d7cd011db47", GuidError::Shape),
            ("72f988bf-86f1-41af-91ab-2d7cd011db4", GuidError::Shape),
            ("72f988bf_86f1-41af-91ab-2d7cd011db47", GuidError::Shape),
            (
                "72f988bg-86f1-41af-91ab-2d7cd011db47",
                GuidError::NotHex('g'),
            ),
            (
                "72f988bé-86f1-41af-91ab-2d7cd011db4",
                GuidError::NotHex('é'),
            ),
        ];
        for (text, error) in cases {
            assert_eq!(text.parse::<Guid>(), Err(error), "{text:?}");
        }
    }

    #[test]
    fn compact_forms_of_the_wrong_length_are_not_guids() {
        assert_eq!(Guid::from_compact("v4j5cvGGr0GRqy180BHb"), None);
        assert_eq!(Guid::from_compact("not base64!"), None);
        assert_eq!(Guid::from_compact(""), None);
    }
}
