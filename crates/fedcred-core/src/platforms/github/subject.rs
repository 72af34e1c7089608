//! GitHub subjects read back: into their parts, into builder inputs, and against each other
//! (field guide §3, §8: the environment wins over the ref, `pull_request` with an underscore,
//! `%3A` for a `:` in a value, immutable and customised forms).

use super::{Entity, FORM_COMMAND, GITHUB_ISSUER, GitHubInput, SubjectForm};
use crate::finding::{Code, Message, say};
use crate::platforms::Platform;

/// Splits a default subject (`repo:OWNER/REPO:<context>`) into repository and context.
pub(crate) fn parts(subject: &str) -> Option<(&str, &str)> {
    let rest = subject.strip_prefix("repo:")?;
    rest.split_once(':')
}

/// The builder inputs for a github.com default, name-based subject; `None` for the forms the
/// builder cannot yet express from a token alone (immutable, customised, enterprise issuers).
pub(crate) fn read_back(issuer: &str, subject: &str) -> Option<Platform> {
    let (repo, context) = parts(subject)?;
    if issuer != GITHUB_ISSUER {
        return None;
    }
    // An immutable subject reads back as the immutable form with its IDs.
    let (repo, form, owner_id, repo_id) = match repo.split_once('/') {
        Some((owner, name)) if repo.contains('@') => {
            let (owner, owner_id) = owner.split_once('@')?;
            let (name, repo_id) = name.split_once('@')?;
            (
                format!("{owner}/{name}"),
                SubjectForm::Immutable,
                owner_id,
                repo_id,
            )
        }
        _ => (repo.to_owned(), SubjectForm::NotSure, "", ""),
    };
    let entity = if let Some(e) = context.strip_prefix("environment:") {
        Entity::Environment(e.replace("%3A", ":"))
    } else if context == "pull_request" {
        Entity::PullRequest
    } else if let Some(b) = context.strip_prefix("ref:refs/heads/") {
        Entity::Branch(b.to_owned())
    } else {
        Entity::Tag(context.strip_prefix("ref:refs/tags/")?.to_owned())
    };
    Some(Platform::GitHub(GitHubInput {
        repo,
        entity,
        subject_form: form,
        owner_id: owner_id.to_owned(),
        repo_id: repo_id.to_owned(),
        ..Default::default()
    }))
}

/// Names how a credential's subject and the token's differ when either has GitHub's form;
/// `None` when neither does.
pub(crate) fn compare<'a>(expected: &'a str, actual: &'a str) -> Option<(Code, Message<'a>)> {
    if expected.contains(":pull-request") {
        return Some((
            Code::SubjectPullRequestHyphen,
            say!("the credential says pull-request with a hyphen; GitHub writes pull_request"),
        ));
    }
    match (parts(expected), parts(actual)) {
        (Some(e), Some(a)) => Some(compare_default(actual, e, a)),
        (Some(_), None) if actual.contains(':') && !actual.starts_with("repo:") => Some((
            Code::SubjectCustomized,
            say!(
                "the token's subject '{actual}' does not start with repo: — the repository or organization customised its subject template (include_claim_keys); build the credential for that template"
            ),
        )),
        (None, Some(_)) if expected.contains(':') => Some((
            Code::SubjectCustomized,
            say!(
                "the credential expects a customised subject, but the token has the default repo:… form (the repository has not opted in, use_default: false)"
            ),
        )),
        _ => None,
    }
}

/// Two default subjects: the repository first (renamed, or switched to immutable IDs), then the
/// context.
fn compare_default<'a>(
    actual: &'a str,
    (e_repo, e_ctx): (&'a str, &'a str),
    (a_repo, a_ctx): (&'a str, &'a str),
) -> (Code, Message<'a>) {
    let immutable = |r: &str| r.contains('@');
    if e_repo != a_repo {
        // Since 2026-07-15 GitHub sends repo:OWNER@ID/REPO@ID for repositories created, renamed
        // or transferred (and those that opted in); the Entra portal may propose that form for
        // a repository that still sends the name-based one (field guide §9).
        if immutable(a_repo) && !immutable(e_repo) {
            return (
                Code::SubjectImmutableFormat,
                say!(
                    "the repository sends the immutable subject (repo:OWNER@ID/REPO@ID: since 2026-07-15 GitHub uses it for every repository created, renamed or transferred, and for those that opted in), and the credential holds the name-based one: set the credential's subject to {actual}; {FORM_COMMAND} shows the repository's form"
                ),
            );
        }
        if immutable(e_repo) && !immutable(a_repo) {
            return (
                Code::SubjectImmutableFormat,
                say!(
                    "the credential holds the immutable subject (repo:OWNER@ID/REPO@ID), but the repository still sends the name-based one (it was not created, renamed or transferred since 2026-07-15, nor opted in; the Entra portal may propose the immutable form anyway): opt the repository in, or set the credential's subject to {actual}, which trusts more; {FORM_COMMAND} shows its form"
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
    // A template that begins with `repo` writes the default prefix, then more key:value pairs.
    let same_unescaped = e_ctx.replace("%3A", ":") == a_ctx.replace("%3A", ":");
    if !same_unescaped && is_default_context(e_ctx) != is_default_context(a_ctx) {
        return (
            Code::SubjectCustomized,
            if is_default_context(e_ctx) {
                say!(
                    "the token's subject {actual} follows a customised template that begins with repo (include_claim_keys): the repository or its organization customised its subject; build the credential for that template"
                )
            } else {
                say!(
                    "the credential expects a customised subject (a template that begins with repo), but the token has the default form {actual}: the repository has not opted in to the template (use_default: false)"
                )
            },
        );
    }
    compare_contexts(actual, e_ctx, a_ctx)
}

/// Whether a context is one of the default template's: `environment:NAME` (a `:` in the name is
/// written `%3A`), `pull_request`, or a ref; a customised template adds `:key:value` pairs.
fn is_default_context(context: &str) -> bool {
    let plain = |rest: &str| !rest.is_empty() && !rest.contains(':');
    context == "pull_request"
        || context.strip_prefix("environment:").is_some_and(plain)
        || context.strip_prefix("ref:refs/heads/").is_some_and(plain)
        || context.strip_prefix("ref:refs/tags/").is_some_and(plain)
}

/// What a context is: `environment`, `pull_request`, `branch`, `tag` or `other`.
fn context_kind(context: &str) -> &'static str {
    if context.starts_with("environment:") {
        "environment"
    } else if context == "pull_request" {
        "pull_request"
    } else if context.starts_with("ref:refs/heads/") {
        "branch"
    } else if context.starts_with("ref:refs/tags/") {
        "tag"
    } else {
        "other"
    }
}

/// Two contexts of the same repository.
fn compare_contexts<'a>(actual: &'a str, e_ctx: &'a str, a_ctx: &'a str) -> (Code, Message<'a>) {
    let kind = context_kind;
    match (kind(e_ctx), kind(a_ctx)) {
        ("environment", "branch" | "tag") | ("branch" | "tag", "environment") => (
            Code::SubjectEnvironmentVsRef,
            if kind(a_ctx) == "environment" {
                say!(
                    "the job names an environment, so GitHub sends {actual}; the credential expects the ref form. The environment always wins over the branch"
                )
            } else {
                say!(
                    "the credential expects an environment but the job names none, so GitHub sends the ref form {actual}. Add environment: to the job; a credential for the ref form would skip the environment's protection rules"
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
                && e_ctx
                    .replace(':', "%3A")
                    .replacen("environment%3A", "environment:", 1)
                    == a_ctx
                || e_ctx == a_ctx.replace("%3A", ":") =>
        {
            (
                Code::SubjectColonEscape,
                say!("GitHub writes ':' in an environment name as %3A: the subject is {actual}"),
            )
        }
        _ => (
            Code::SubjectMismatch,
            say!("the subjects differ: the token says {a_ctx}, the credential {e_ctx}"),
        ),
    }
}
