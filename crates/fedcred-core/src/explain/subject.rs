//! How a credential's subject and the assertion's differ, named.

use super::diff::diff;
use crate::finding::Code;

/// Parses a default GitHub subject into repository and context.
pub(crate) fn github_parts(subject: &str) -> Option<(&str, &str)> {
    let rest = subject.strip_prefix("repo:")?;
    rest.split_once(':')
}

/// A message written only when it is read: [`compare`] ranks every credential by the code alone,
/// and only the closest one's findings need the words.
type Message<'a> = Box<dyn FnOnce() -> String + 'a>;

/// A [`Message`] from `format!` arguments.
macro_rules! say {
    ($($arg:tt)*) => {
        Box::new(move || format!($($arg)*)) as Message<'_>
    };
}

/// Names the difference between a credential's subject and the assertion's.
pub(super) fn classify_subject<'a>(expected: &'a str, actual: &'a str) -> (Code, Message<'a>) {
    if expected.trim() == actual.trim() {
        return (
            Code::SubjectWhitespace,
            say!(
                "the credential's subject has white space around it that the token's sub does not"
            ),
        );
    }
    if expected.eq_ignore_ascii_case(actual) {
        let d = diff(expected, actual);
        return (
            Code::SubjectCase,
            say!(
                "the subjects differ only in case ('{}' vs '{}'), and Entra compares case-sensitively (AADSTS7002138)",
                d.expected,
                d.actual
            ),
        );
    }
    // A character outside ASCII on one side only: usually a lookalike (a Cyrillic 'а' for 'a',
    // a zero-width space, a right-to-left mark) that makes two subjects look equal.
    if expected.is_ascii() != actual.is_ascii() {
        let (side, text) = if actual.is_ascii() {
            ("credential's", expected)
        } else {
            ("token's", actual)
        };
        if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
            return (
                Code::SubjectLookalike,
                say!(
                    "the {side} subject contains '{}' (U+{:04X}), which is not a plain ASCII character: it may look like one, but the subjects differ there",
                    c.escape_default(),
                    u32::from(c)
                ),
            );
        }
    }
    if expected.contains(":pull-request") {
        return (
            Code::SubjectPullRequestHyphen,
            say!("the credential says pull-request with a hyphen; GitHub writes pull_request"),
        );
    }
    match (github_parts(expected), github_parts(actual)) {
        (Some((e_repo, e_ctx)), Some((a_repo, a_ctx))) => {
            let immutable = |r: &str| r.contains('@');
            if e_repo != a_repo {
                if immutable(e_repo) != immutable(a_repo) {
                    return (
                        Code::SubjectImmutableFormat,
                        say!(
                            "the {} uses the immutable form with numeric IDs (repo:OWNER@ID/REPO@ID) and the {} does not; the repository switched subject formats",
                            if immutable(a_repo) {
                                "token"
                            } else {
                                "credential"
                            },
                            if immutable(a_repo) {
                                "credential"
                            } else {
                                "token"
                            }
                        ),
                    );
                }
                return (
                    Code::SubjectMismatch,
                    say!(
                        "the repository differs: the credential names {e_repo}, the token comes from {a_repo} (renamed or transferred?)"
                    ),
                );
            }
            let kind = |c: &str| {
                if c.starts_with("environment:") {
                    "environment"
                } else if c == "pull_request" {
                    "pull_request"
                } else if c.starts_with("ref:refs/heads/") {
                    "branch"
                } else if c.starts_with("ref:refs/tags/") {
                    "tag"
                } else {
                    "other"
                }
            };
            match (kind(e_ctx), kind(a_ctx)) {
                ("environment", "branch" | "tag") | ("branch" | "tag", "environment") => (
                    Code::SubjectEnvironmentVsRef,
                    if kind(a_ctx) == "environment" {
                        say!(
                            "the job names an environment, so GitHub sends {actual}; the credential expects the ref form. The environment always wins over the branch"
                        )
                    } else {
                        say!(
                            "the credential expects an environment but the job names none, so GitHub sends the ref form {actual}. Add environment: to the job, or use the ref form"
                        )
                    },
                ),
                ("pull_request", _) | (_, "pull_request") => (
                    Code::SubjectPullRequestVsRef,
                    say!(
                        "one side is a pull_request run and the other is not: the token says {a_ctx}, the credential {e_ctx}"
                    ),
                ),
                ("branch", "branch") => (
                    Code::SubjectBranchDiffers,
                    say!(
                        "the run was on branch {}, the credential is for branch {}",
                        a_ctx.trim_start_matches("ref:refs/heads/"),
                        e_ctx.trim_start_matches("ref:refs/heads/")
                    ),
                ),
                ("branch", "tag") | ("tag", "branch") => (
                    Code::SubjectTagVsBranch,
                    say!(
                        "one is a tag and the other a branch: the token says {a_ctx}, the credential {e_ctx}"
                    ),
                ),
                // Only a side with %3A can differ by the escape: check that before building strings.
                ("environment", "environment")
                    if (e_ctx.contains("%3A") || a_ctx.contains("%3A"))
                        && e_ctx.replace(':', "%3A").replacen(
                            "environment%3A",
                            "environment:",
                            1,
                        ) == a_ctx
                        || e_ctx == a_ctx.replace("%3A", ":") =>
                {
                    (
                        Code::SubjectColonEscape,
                        say!(
                            "GitHub writes ':' in an environment name as %3A: the subject is {actual}"
                        ),
                    )
                }
                _ => (
                    Code::SubjectMismatch,
                    say!("the subjects differ: the token says {a_ctx}, the credential {e_ctx}"),
                ),
            }
        }
        (Some(_), None) if actual.contains(':') && !actual.starts_with("repo:") => (
            Code::SubjectCustomized,
            say!(
                "the token's subject '{actual}' does not start with repo: — the repository or organization customised its subject template (include_claim_keys); build the credential for that template"
            ),
        ),
        (None, Some(_)) if expected.contains(':') => (
            Code::SubjectCustomized,
            say!(
                "the credential expects a customised subject, but the token has the default repo:… form (the repository has not opted in, use_default: false)"
            ),
        ),
        _ => (Code::SubjectMismatch, say!("the subjects differ")),
    }
}
