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

/// The difference by segments: the shared prefix ends right after a `separator` and the shared
/// suffix starts with one, so the differing part is whole segments (`ref:refs/heads/main` against
/// `environment:production`, not `ref:refs/heads/mai` against `environment:productio`).
pub fn segment_diff(expected: &str, actual: &str, separator: char) -> Diff {
    to_segments(diff(expected, actual), expected, actual, separator)
}

/// A character [`Diff`] of `expected` and `actual` widened to whole segments.
pub(super) fn to_segments(d: Diff, expected: &str, actual: &str, separator: char) -> Diff {
    if d.expected.is_empty() && d.actual.is_empty() {
        return d;
    }
    let prefix_len = d
        .prefix
        .rfind(separator)
        .map_or(0, |i| i + separator.len_utf8());
    let suffix_len = d.suffix.find(separator).map_or(0, |i| d.suffix.len() - i);
    let cut = |text: &str| {
        let end = text.len().saturating_sub(suffix_len).max(prefix_len);
        text.get(prefix_len..end).unwrap_or_default().to_owned()
    };
    Diff {
        prefix: d.prefix.get(..prefix_len).unwrap_or_default().to_owned(),
        expected: cut(expected),
        actual: cut(actual),
        suffix: d
            .suffix
            .get(d.suffix.len() - suffix_len..)
            .unwrap_or_default()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_differ_by_whole_segments() {
        let cases = [
            (
                "repo:o/r:ref:refs/heads/main",
                "repo:o/r:environment:production",
                (
                    "repo:o/r:",
                    "ref:refs/heads/main",
                    "environment:production",
                    "",
                ),
            ),
            (
                "repo:o/r:environment:prod",
                "repo:o/r:environment:production",
                ("repo:o/r:environment:", "prod", "production", ""),
            ),
            (
                "repo:o/a:ref:refs/heads/main",
                "repo:o/b:ref:refs/heads/main",
                ("repo:", "o/a", "o/b", ":ref:refs/heads/main"),
            ),
            ("same", "same", ("same", "", "", "")),
        ];
        for (expected, actual, (prefix, e, a, suffix)) in cases {
            let d = segment_diff(expected, actual, ':');
            assert_eq!(
                (
                    d.prefix.as_str(),
                    d.expected.as_str(),
                    d.actual.as_str(),
                    d.suffix.as_str()
                ),
                (prefix, e, a, suffix),
                "{expected} / {actual}"
            );
            assert_eq!(format!("{}{}{}", d.prefix, d.expected, d.suffix), expected);
            assert_eq!(format!("{}{}{}", d.prefix, d.actual, d.suffix), actual);
        }
    }
}
