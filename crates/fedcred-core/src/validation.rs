//! Entra's rules for a credential record, and the well-known traps, as findings.
//!
//! Rules (field guide §1; Graph docs `federatedIdentityCredential`; az CLI `identity` create):
//! - `name`: `^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$`, immutable after creation;
//! - `issuer`, `subject`, each audience, `description`: at most 600 characters;
//! - exactly one audience;
//! - matching is exact and case-sensitive: no wildcards outside a flexible expression, and
//!   surrounding whitespace never matches what a platform emits;
//! - `(issuer, subject)` unique per identity, at most 20 credentials per identity.

use crate::credential::{Credential, Matcher};
use crate::finding::{Code, Finding};

/// The longest `issuer`, `subject`, audience or `description` Entra stores.
pub const MAX_VALUE_LEN: usize = 600;
/// The most credentials one app registration or user-assigned identity can hold.
pub const MAX_CREDENTIALS_PER_IDENTITY: usize = 20;
/// Name length bounds.
pub const NAME_LEN: std::ops::RangeInclusive<usize> = 3..=120;

/// Checks a credential name against Entra's rule.
pub fn validate_name(name: &str) -> Option<Finding> {
    let len = name.chars().count();
    if name.is_empty() {
        return Some(Finding::error(
            Code::NameRequired,
            "name",
            "a name is required: 3 to 120 letters, digits, '-' or '_', e.g. github-contoso-app-production",
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(Finding::error(
            Code::NameInvalid,
            "name",
            format!(
                "the name may hold only letters, digits, '-' and '_'; replace '{}'",
                bad.escape_default()
            ),
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some(Finding::error(
            Code::NameInvalid,
            "name",
            "the name must start with a letter or a digit",
        ));
    }
    if !NAME_LEN.contains(&len) {
        return Some(Finding::error(
            Code::NameLength,
            "name",
            format!("the name has {len} characters; Entra takes 3 to 120"),
        ));
    }
    None
}

/// A name Entra accepts, made from `base` and `suffix` (the suffix kept whole at the end): every
/// run of characters the name rule refuses becomes one `-`, the name starts with a letter or
/// digit, and it is 3 to 120 characters long (the rule [`validate_name`] checks; field guide §1).
pub(crate) fn name_from(base: &str, suffix: &str) -> String {
    let clean = |text: &str| {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out
    };
    let suffix = clean(suffix);
    let suffix = suffix.trim_end_matches('-');
    let base = clean(base);
    let base = base.trim_start_matches(['-', '_']);
    let keep = 120usize.saturating_sub(suffix.len());
    let whole: String = base.chars().take(keep).chain(suffix.chars()).collect();
    if whole.len() < 3 || !whole.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!("fic-{whole}").chars().take(120).collect()
    } else {
        whole
    }
}

fn check_length(findings: &mut Vec<Finding>, field: &'static str, label: &str, value: &str) {
    let len = value.chars().count();
    if len > MAX_VALUE_LEN {
        findings.push(Finding::error(
            Code::ValueTooLong,
            field,
            format!("the {label} has {len} characters; Entra stores at most {MAX_VALUE_LEN}"),
        ));
    }
}

fn check_whitespace(findings: &mut Vec<Finding>, field: &'static str, label: &str, value: &str) {
    if value != value.trim() {
        findings.push(Finding::error(
            Code::SurroundingWhitespace,
            field,
            format!(
                "the {label} starts or ends with white space, which no token carries; remove it"
            ),
        ));
    }
    if let Some(c) = value.trim().chars().find(|c| c.is_control()) {
        findings.push(Finding::error(
            Code::ControlCharacter,
            field,
            format!(
                "the {label} contains the control character '{}', which no token carries; remove it",
                c.escape_default()
            ),
        ));
    }
}

/// Checks an issuer URL: required, `https://`, a host, at most 600 characters, and the
/// well-known trailing-slash traps.
pub fn validate_issuer(issuer: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if issuer.trim().is_empty() {
        findings.push(Finding::error(
            Code::IssuerRequired,
            "issuer",
            "an issuer URL is required, e.g. https://token.actions.githubusercontent.com",
        ));
        return findings;
    }
    check_whitespace(&mut findings, "issuer", "issuer", issuer);
    check_length(&mut findings, "issuer", "issuer", issuer);
    let trimmed = issuer.trim();
    match trimmed.strip_prefix("https://") {
        None => findings.push(Finding::error(
            Code::IssuerNotHttps,
            "issuer",
            "the issuer must be an https:// URL, exactly as the token's iss claim writes it",
        )),
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() {
                findings.push(Finding::error(
                    Code::IssuerNoHost,
                    "issuer",
                    "the issuer URL has no host after https://",
                ));
            }
            if rest.contains("//") {
                findings.push(Finding::warning(
                    Code::IssuerDoubleSlash,
                    "issuer",
                    "the issuer contains '//' after the host; tokens never do, so this will not match",
                ));
            }
        }
    }
    if trimmed.contains('*') {
        findings.push(Finding::error(
            Code::WildcardNotSupported,
            "issuer",
            "the issuer cannot hold wildcards: Entra compares it exactly",
        ));
    }
    findings.extend(crate::platforms::issuers::issuer_traps(trimmed));
    findings
}

/// Checks a plain subject: required, exact (no wildcards, no surrounding space), at most 600.
pub fn validate_subject(subject: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if subject.trim().is_empty() {
        findings.push(Finding::error(
            Code::SubjectRequired,
            "subject",
            "a subject is required: the exact sub claim of the tokens to accept",
        ));
        return findings;
    }
    check_whitespace(&mut findings, "subject", "subject", subject);
    check_length(&mut findings, "subject", "subject", subject);
    if subject.contains('*') {
        findings.push(Finding::error(
            Code::WildcardNotSupported,
            "subject",
            "a subject is compared exactly, so '*' matches only a literal '*'; for a pattern use a flexible credential (claims['sub'] matches '…')",
        ));
    }
    if subject.contains(":pull-request") {
        findings.push(Finding::warning(
            Code::PullRequestHyphen,
            "subject",
            "GitHub writes pull_request with an underscore; ':pull-request' never matches",
        ));
    }
    findings
}

/// Checks the audiences: exactly one, not blank, at most 600 characters.
pub fn validate_audiences(audiences: &[String]) -> Vec<Finding> {
    let mut findings = Vec::new();
    match audiences {
        [] => findings.push(Finding::error(
            Code::AudienceRequired,
            "audience",
            "an audience is required; Entra recommends api://AzureADTokenExchange",
        )),
        [one] => {
            if one.trim().is_empty() {
                findings.push(Finding::error(
                    Code::AudienceRequired,
                    "audience",
                    "the audience is blank; Entra recommends api://AzureADTokenExchange",
                ));
            } else {
                check_whitespace(&mut findings, "audience", "audience", one);
                check_length(&mut findings, "audience", "audience", one);
            }
        }
        _ => findings.push(Finding::error(
            Code::AudienceCount,
            "audience",
            format!(
                "a credential has exactly one audience, not {}; create one credential per audience",
                audiences.len()
            ),
        )),
    }
    findings
}

/// Every record-level rule for one credential.
pub fn validate_credential(credential: &Credential) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(validate_name(&credential.name));
    findings.extend(validate_issuer(&credential.issuer));
    match &credential.matcher {
        Matcher::Subject(subject) => findings.extend(validate_subject(subject)),
        Matcher::Expression(expression) => {
            check_length(&mut findings, "expression", "expression", expression);
            findings.extend(crate::expression::validate(
                credential.issuer.trim(),
                expression,
            ));
        }
    }
    findings.extend(validate_audiences(&credential.audiences));
    if let Some(description) = &credential.description {
        check_length(&mut findings, "description", "description", description);
    }
    findings
}

/// Rules for a set of credentials on one identity: unique names, unique issuer and subject,
/// at most 20.
pub fn validate_set(credentials: &[Credential]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = too_many(credentials.len()).into_iter().collect();
    // Pair by pair: a set built by hand is at most a few dozen long. A repository's set, which
    // can be thousands long, is checked as it is merged (predict::repository).
    for (i, c) in credentials.iter().enumerate() {
        let earlier = credentials.get(..i).unwrap_or_default();
        if earlier.iter().any(|e| e.name == c.name) {
            findings.push(duplicate_name(&c.name));
        }
        if let Some(subject) = c.subject()
            && earlier
                .iter()
                .any(|e| e.issuer == c.issuer && e.subject() == Some(subject))
        {
            findings.push(duplicate_issuer_subject(&c.name));
        }
    }
    findings
}

/// More credentials than one identity may hold, when `count` is.
pub(crate) fn too_many(count: usize) -> Option<Finding> {
    (count > MAX_CREDENTIALS_PER_IDENTITY).then(|| {
        Finding::error(
            Code::TooManyCredentials,
            "credentials",
            format!(
                "{count} credentials on one identity; Entra allows at most {MAX_CREDENTIALS_PER_IDENTITY}. Split them across identities or use a flexible credential"
            ),
        )
        .about_everything()
    })
}

/// A second credential named `name` on one identity.
pub(crate) fn duplicate_name(name: &str) -> Finding {
    Finding::error(
        Code::DuplicateName,
        "name",
        format!("two credentials are named '{name}'; names are unique per identity"),
    )
}

/// `name` repeats an issuer and subject already in the set.
pub(crate) fn duplicate_issuer_subject(name: &str) -> Finding {
    Finding::error(
        Code::DuplicateIssuerSubject,
        "subject",
        format!(
            "'{name}' repeats an issuer and subject already in the set; Entra refuses it (\"Issuer and subject combination already exists\")"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platforms::github::GITHUB_ISSUER;

    #[test]
    fn names_made_from_others_follow_entras_rule() {
        let long = "a".repeat(200);
        let cases = [
            (
                "a_valid_name_is_kept",
                "prod",
                "-immutable",
                "prod-immutable",
            ),
            (
                "a_slash_becomes_a_dash",
                "team/prod",
                "-immutable",
                "team-prod-immutable",
            ),
            ("a_dot_in_the_suffix", "main", "-v1.0", "main-v1-0"),
            ("short_but_whole", "pr", "-immutable", "pr-immutable"),
            ("nothing_of_the_base_left", "//", "-2", "fic--2"),
        ];
        for (situation, base, suffix, expected) in cases {
            assert_eq!(name_from(base, suffix), expected, "{situation}");
            assert!(validate_name(expected).is_none(), "{situation}");
        }
        let capped = name_from(&long, "-immutable");
        assert_eq!(capped.len(), 120);
        assert!(capped.ends_with("-immutable") && validate_name(&capped).is_none());
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn names_follow_entras_pattern() {
        let cases = [
            ("github-contoso-app-production", None),
            ("abc", None),
            ("a_b", None),
            ("9lives", None),
            ("", Some("name_required")),
            ("ab", Some("name_length")),
            ("-leading-dash", Some("name_invalid")),
            ("_leading", Some("name_invalid")),
            ("has space", Some("name_invalid")),
            ("dotted.name", Some("name_invalid")),
            ("ünïcode", Some("name_invalid")),
        ];
        for (name, code) in cases {
            assert_eq!(
                validate_name(name).map(|f| f.code.as_str()),
                code,
                "{name:?}"
            );
        }
        assert_eq!(validate_name(&"a".repeat(120)), None);
        assert_eq!(
            validate_name(&"a".repeat(121)).map(|f| f.code.as_str()),
            Some("name_length")
        );
    }

    #[test]
    fn name_messages_say_what_to_type_instead() {
        let finding = validate_name("prod.deploy").unwrap();
        assert_eq!(
            finding.message,
            "the name may hold only letters, digits, '-' and '_'; replace '.'"
        );
    }

    #[test]
    fn issuers_are_checked_for_shape_and_known_traps() {
        let cases: [(&str, &[&str]); 10] = [
            ("https://token.actions.githubusercontent.com", &[]),
            (
                "https://token.actions.githubusercontent.com/",
                &["github_issuer_trailing_slash"],
            ),
            (
                "http://token.actions.githubusercontent.com",
                &["issuer_not_https"],
            ),
            ("", &["issuer_required"]),
            (" https://gitlab.com", &["surrounding_whitespace"]),
            ("https://", &["issuer_no_host"]),
            (
                "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/",
                &[],
            ),
            (
                "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111",
                &["aks_issuer_no_trailing_slash"],
            ),
            ("https://app.terraform.io/", &["issuer_trailing_slash"]),
            (
                "https://Token.Actions.GitHubUserContent.com",
                &["issuer_case"],
            ),
        ];
        for (issuer, expected) in cases {
            assert_eq!(codes(&validate_issuer(issuer)), expected, "{issuer:?}");
        }
    }

    #[test]
    fn values_longer_than_600_characters_are_refused() {
        let long = format!("repo:o/r:environment:{}", "e".repeat(600));
        assert_eq!(codes(&validate_subject(&long)), ["value_too_long"]);
        assert_eq!(
            codes(&validate_subject(&"s".repeat(600))),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn plain_subjects_take_no_wildcards() {
        assert_eq!(
            codes(&validate_subject("repo:contoso/app:ref:refs/heads/*")),
            ["wildcard_not_supported"]
        );
        assert_eq!(
            codes(&validate_subject("repo:contoso/app:pull-request")),
            ["pull_request_hyphen"]
        );
        assert_eq!(
            codes(&validate_subject("repo:contoso/app:ref:refs/heads/main\n")),
            ["surrounding_whitespace"]
        );
    }

    #[test]
    fn a_credential_has_exactly_one_audience() {
        let one = vec!["api://AzureADTokenExchange".to_owned()];
        assert!(validate_audiences(&one).is_empty());
        assert_eq!(codes(&validate_audiences(&[])), ["audience_required"]);
        let two = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(codes(&validate_audiences(&two)), ["audience_count"]);
    }

    fn credential(name: &str, subject: &str) -> Credential {
        Credential {
            name: name.to_owned(),
            issuer: GITHUB_ISSUER.to_owned(),
            matcher: Matcher::Subject(subject.to_owned()),
            audiences: vec!["api://AzureADTokenExchange".to_owned()],
            description: None,
        }
    }

    #[test]
    fn a_set_needs_unique_names_and_issuer_subject_pairs_and_at_most_twenty() {
        let set = [
            credential("prod", "repo:o/r:environment:prod"),
            credential("prod", "repo:o/r:environment:staging"),
            credential("again", "repo:o/r:environment:prod"),
        ];
        assert_eq!(
            codes(&validate_set(&set)),
            ["duplicate_name", "duplicate_issuer_subject"]
        );
        let many: Vec<Credential> = (0..21)
            .map(|i| credential(&format!("env-{i}"), &format!("repo:o/r:environment:e{i}")))
            .collect();
        assert_eq!(codes(&validate_set(&many)), ["too_many_credentials"]);
        assert!(validate_set(many.get(..20).unwrap_or_default()).is_empty());
    }
}
