//! Where two values differ.

use serde::Serialize;

/// A value split around where two strings differ: `prefix` and `suffix` are shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Shared start.
    pub prefix: String,
    /// The credential's differing middle.
    pub expected: String,
    /// The assertion's differing middle.
    pub actual: String,
    /// Shared end.
    pub suffix: String,
}

/// Character-level difference: the longest shared prefix and suffix, and what lies between.
pub fn diff(expected: &str, actual: &str) -> Diff {
    // Byte offsets that are character boundaries in both strings (equal characters have equal
    // lengths, so the shared prefix and suffix end on boundaries in both).
    let prefix = expected
        .char_indices()
        .zip(actual.chars())
        .find(|((_, e), a)| e != a)
        .map_or(expected.len().min(actual.len()), |((i, _), _)| i);
    let (e_rest, a_rest) = (
        expected.get(prefix..).unwrap_or_default(),
        actual.get(prefix..).unwrap_or_default(),
    );
    let suffix: usize = e_rest
        .chars()
        .rev()
        .zip(a_rest.chars().rev())
        .take_while(|(e, a)| e == a)
        .map(|(e, _)| e.len_utf8())
        .sum();
    let slice =
        |text: &str, from: usize, to: usize| text.get(from..to).unwrap_or_default().to_owned();
    Diff {
        prefix: slice(expected, 0, prefix),
        expected: slice(e_rest, 0, e_rest.len() - suffix),
        actual: slice(a_rest, 0, a_rest.len() - suffix),
        suffix: slice(e_rest, e_rest.len() - suffix, e_rest.len()),
    }
}
