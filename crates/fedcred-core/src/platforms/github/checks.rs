//! Checks of what a person types for GitHub: the repository, an environment, a branch or tag,
//! a pattern. Each says what is wrong and what GitHub would send instead.

use super::escape_colons;
use crate::finding::{Code, Finding};
use crate::platforms::non_ascii;

/// A repository name split and checked.
pub(super) struct Repo<'a> {
    pub(super) owner: &'a str,
    pub(super) name: &'a str,
}

pub(super) fn parse_repo<'a>(text: &'a str, findings: &mut Vec<Finding>) -> Option<Repo<'a>> {
    let mut value = text.trim();
    if value.is_empty() {
        findings.push(Finding::error(
            Code::RepoRequired,
            "repo",
            "the repository is required, as OWNER/REPO, e.g. contoso/payments-api",
        ));
        return None;
    }
    for prefix in ["https://github.com/", "http://github.com/", "github.com/"] {
        if let Some(rest) = value.strip_prefix(prefix) {
            value = rest.trim_end_matches('/').trim_end_matches(".git");
            findings.push(Finding::info(
                Code::RepoFromUrl,
                "repo",
                format!("read the repository from the URL: {value}"),
            ));
        }
    }
    if non_ascii(value, "repo", "repository", findings) {
        return None;
    }
    let Some((owner, name)) = value.split_once('/') else {
        findings.push(Finding::error(
            Code::RepoShape,
            "repo",
            format!(
                "'{}' has no '/': give OWNER/REPO, e.g. contoso/{}",
                value.escape_default(),
                value.escape_default()
            ),
        ));
        return None;
    };
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-');
    if !owner_ok {
        findings.push(Finding::error(
            Code::RepoOwnerInvalid,
            "repo",
            format!(
                "'{}' is not a GitHub owner: 1 to 39 letters, digits or '-', not starting with '-'",
                owner.escape_default()
            ),
        ));
    }
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name != "."
        && name != "..";
    if !name_ok {
        findings.push(Finding::error(
            Code::RepoNameInvalid,
            "repo",
            format!(
                "'{}' is not a repository name: letters, digits, '-', '_' and '.', up to 100",
                name.escape_default()
            ),
        ));
    }
    (owner_ok && name_ok).then_some(Repo { owner, name })
}

pub(super) fn check_environment<'a>(name: &'a str, findings: &mut Vec<Finding>) -> Option<&'a str> {
    if name.trim().is_empty() {
        findings.push(Finding::error(Code::EnvironmentRequired, "environment", "the environment name is required, exactly as in the repository's Settings → Environments"));
        return None;
    }
    if name != name.trim() {
        findings.push(Finding::error(
            Code::SurroundingWhitespace,
            "environment",
            "the environment name starts or ends with white space; GitHub trims it, so remove it",
        ));
        return None;
    }
    if non_ascii(name, "environment", "environment name", findings) {
        return None;
    }
    if name.chars().any(|c| c.is_control()) {
        findings.push(Finding::error(
            Code::ControlCharacter,
            "environment",
            "the environment name contains a control character; retype it",
        ));
        return None;
    }
    if name.contains(':') {
        findings.push(Finding::info(
            Code::ColonEscaped,
            "environment",
            format!(
                "GitHub writes ':' in an environment name as %3A: the subject uses {}",
                escape_colons(name)
            ),
        ));
    }
    Some(name)
}

/// A branch or tag name: no `refs/heads/` prefix (we add it), git's forbidden characters refused.
pub(super) fn check_ref<'a>(
    value: &'a str,
    field: &'static str,
    prefix: &str,
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        findings.push(Finding::error(
            if field == "branch" {
                Code::BranchRequired
            } else {
                Code::TagRequired
            },
            field,
            format!(
                "the {field} name is required, e.g. {}",
                if field == "branch" { "main" } else { "v1.2.0" }
            ),
        ));
        return None;
    }
    if trimmed != value {
        findings.push(Finding::error(Code::SurroundingWhitespace, field, format!("the {field} name starts or ends with white space, which git does not allow; remove it")));
        return None;
    }
    let name = match trimmed.strip_prefix(prefix) {
        Some(rest) => {
            findings.push(Finding::info(
                Code::RefPrefixRemoved,
                field,
                format!("'{prefix}' is added for you: the {field} is {rest}"),
            ));
            rest
        }
        None => trimmed,
    };
    if non_ascii(name, field, &format!("{field} name"), findings) {
        return None;
    }
    if name.contains(['*', '?']) {
        findings.push(Finding::error(
            Code::WildcardNotSupported,
            field,
            format!("a {field} name with '*' or '?' is a pattern: choose \"{field} pattern\" to build a flexible credential"),
        ));
        return None;
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || matches!(c, ' ' | '~' | '^' | ':' | '[' | '\\'))
    {
        findings.push(Finding::error(
            Code::RefInvalid,
            field,
            format!(
                "git does not allow '{}' in a {field} name",
                c.escape_default()
            ),
        ));
        return None;
    }
    if name.contains("..")
        || name.starts_with('/')
        || name.ends_with('/')
        || name.ends_with(".lock")
    {
        findings.push(Finding::error(
            Code::RefInvalid,
            field,
            format!("'{name}' is not a valid git {field} name"),
        ));
        return None;
    }
    Some(name)
}

pub(super) fn check_pattern<'a>(
    value: &'a str,
    field: &'static str,
    prefix: &str,
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    let pattern = value.trim();
    if pattern.is_empty() {
        findings.push(Finding::error(Code::PatternRequired, field, "the pattern is required, e.g. release/* ('*' any run of characters, '?' one character)"));
        return None;
    }
    let pattern = pattern.strip_prefix(prefix).unwrap_or(pattern);
    if non_ascii(pattern, field, "pattern", findings) {
        return None;
    }
    if pattern.contains('\'') || pattern.chars().any(char::is_control) {
        findings.push(Finding::error(
            Code::QuoteInExpression,
            field,
            "the pattern cannot contain a single quote or a control character",
        ));
        return None;
    }
    if !pattern.contains(['*', '?']) {
        findings.push(Finding::info(Code::PatternWithoutWildcard, field, "this pattern has no '*' or '?': a plain branch or tag credential would do, without preview APIs"));
    }
    Some(pattern)
}
