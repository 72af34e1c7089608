//! The one reading of an issuer URL that the providers share: its lower-case form and its host.

use crate::finding::{Code, Finding};

/// An issuer URL as the checks read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerUrl<'a> {
    /// As written.
    pub raw: &'a str,
    /// Trimmed and in ASCII lower case (hosts and schemes compare without case).
    pub lower: String,
    /// The host after `https://` (lower case; empty when there is none).
    pub host: String,
}

impl<'a> IssuerUrl<'a> {
    /// Reads an issuer. Never fails: a value that is not an `https://` URL has an empty host.
    pub fn parse(raw: &'a str) -> Self {
        let lower = raw.trim().to_ascii_lowercase();
        let host = host(&lower).to_owned();
        IssuerUrl { raw, lower, host }
    }
}

/// The host of an `https://` URL (up to the first `/`, `?` or `#`), or `""`.
pub fn host(url: &str) -> &str {
    url.strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or_default()
}

/// Issuers whose tokens never carry a trailing slash: a warning when `issuer` starts with one of
/// them and ends with `/` (field guide §5, §8.5).
pub(crate) fn fixed_issuer_slash_trap(issuer: &IssuerUrl<'_>, fixed: &[&str]) -> Vec<Finding> {
    fixed
        .iter()
        .filter(|prefix| issuer.lower.starts_with(*prefix) && issuer.raw.ends_with('/'))
        .map(|_| {
            Finding::warning(
                Code::IssuerTrailingSlash,
                "issuer",
                format!(
                    "this issuer has no trailing slash in tokens: use {}",
                    issuer.raw.trim_end_matches('/')
                ),
            )
        })
        .collect()
}

/// The issuer is compared case-sensitively, and some issuers always write it in lower case.
pub(crate) fn case_trap(lower: &str) -> Finding {
    Finding::warning(
        Code::IssuerCase,
        "issuer",
        format!(
            "the issuer is compared case-sensitively and tokens write it in lower case: use {lower}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_issuers() {
        let cases = [
            (
                "https://token.actions.githubusercontent.com",
                "token.actions.githubusercontent.com",
            ),
            ("https://gitlab.com/", "gitlab.com"),
            ("https://idp.example.com?x=1", "idp.example.com"),
            ("https://idp.example.com#frag", "idp.example.com"),
            ("http://insecure.example.com", ""),
            ("https://", ""),
            ("", ""),
        ];
        for (url, want) in cases {
            assert_eq!(host(url), want, "{url}");
        }
        let parsed = IssuerUrl::parse(" HTTPS://Token.Actions.GitHubUserContent.com/ ");
        assert_eq!(parsed.lower, "https://token.actions.githubusercontent.com/");
        assert_eq!(parsed.host, "token.actions.githubusercontent.com");
    }
}
