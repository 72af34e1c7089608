//! Whether a credential for a token's subject would trust more than a credential the identity
//! already has for the same repository, and the change to the workflow that keeps the narrower one.
//!
//! Sources:
//! - GitHub Docs, "Deployments and environments" (docs.github.com/actions/reference/deployments-and-environments,
//!   read 2026-12-04): a job that references an environment does not start, and cannot reach the
//!   environment's secrets, until its deployment protection rules pass (required reviewers, a wait
//!   timer, the branches and tags allowed to deploy).
//! - GitHub Docs, "OpenID Connect reference", the subject claim (read 2026-12-04; field guide §3):
//!   a job that names an environment gets `repo:OWNER/REPO:environment:NAME` whatever its event
//!   or branch, so only a job that waited for those rules presents it; a `pull_request` run
//!   without one gets `repo:OWNER/REPO:pull_request`; any other run its ref. A credential for the
//!   ref or the `pull_request` form therefore accepts jobs the environment's rules never saw.
//! - Pull requests from forks get no OIDC token, those from branches of the repository do (GitHub
//!   docs, "Security hardening", as `workflow/triggers.rs` and `audit/checks.rs` cite it: id-token
//!   is read-only for forks; JuliaCloud/AWS.jl issue 634, 2023, shows the failure), so a
//!   `pull_request` credential trusts whoever can push a branch, from the moment a pull request
//!   is opened.
//!
//! - Entra docs, mutable subjects (2026-07-28; field guide §9): a name-based subject can be
//!   presented by whoever takes the repository's name after a rename or deletion; the immutable
//!   form (`repo:OWNER@ID/REPO@ID:…`) cannot, so trading it for the name-based one trusts more.
//!
//! Which branches are protected is not in a subject, so one branch against another, or a tag
//! against a branch, is not ranked here.

use super::FORM_COMMAND;
use super::subject::parts;
use crate::finding::Code;

/// A `pull_request` subject of GitHub's issuer: every pull request from a branch of the
/// repository can sign in (sources above). What it trusts and the fix, in the words the audit and
/// the workflow page both say it with, at the same weight: a warning (issue 27).
pub(crate) fn pull_request_trust(issuer: &str, subject: &str) -> Option<(String, &'static str)> {
    (issuer.trim_end_matches('/') == super::GITHUB_ISSUER && subject.ends_with(":pull_request"))
        .then(|| {
            (
                format!("'{subject}' lets every pull_request run from a branch of the repository sign in, with whatever roles this identity holds: anyone who can push a branch can use them"),
                "give pull requests an identity of their own with read-only roles, or run the Azure steps only on push to protected branches or in an environment with required reviewers (subject repo:OWNER/REPO:environment:NAME)",
            )
        })
}

/// What a subject (or a credential's pattern of subjects) gates a sign-in on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    /// A job that names this environment (or an environment this pattern of names matches).
    Environment(String),
    /// A run on this ref (`refs/heads/main`, `refs/tags/v1`).
    Ref(String),
    /// A `pull_request` run from any branch of the repository.
    PullRequest,
}

/// A subject (or a credential's pattern of subjects) read for what it gates a sign-in on. Read
/// once per subject: the inspector asks it of a token's subject against each credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gated {
    /// The repository, without its immutable IDs and in lower case (GitHub names are
    /// case-insensitive).
    repo: String,
    /// The subject named the repository by its IDs.
    immutable: bool,
    /// What its context gates on.
    gate: Gate,
}

impl Gated {
    /// `None` for a customised template, a pattern over repositories, or a pattern over refs.
    pub(crate) fn read(subject: &str) -> Option<Gated> {
        let (repo, immutable, gate) = gate(subject)?;
        Some(Gated {
            repo,
            immutable,
            gate,
        })
    }
}

/// [`Gated::read`]'s parts: the repository, whether it had IDs, and the gate.
fn gate(subject: &str) -> Option<(String, bool, Gate)> {
    let (repo, context) = parts(subject)?;
    if repo.contains(['*', '?']) {
        return None;
    }
    let immutable = repo.contains('@');
    let (owner, name) = repo.split_once('/')?;
    let (owner, name) = (without_id(owner), without_id(name));
    let mut repo = String::with_capacity(owner.len() + 1 + name.len());
    repo.push_str(owner);
    repo.push('/');
    repo.push_str(name);
    repo.make_ascii_lowercase();
    // A `:` in an environment's name is written `%3A`: a bare one is a customised template's.
    let gate = if let Some(name) = context.strip_prefix("environment:")
        && !name.contains(':')
    {
        Gate::Environment(name.replace("%3A", ":"))
    } else if context == "pull_request" {
        Gate::PullRequest
    } else if let Some(git_ref) = context.strip_prefix("ref:")
        && (git_ref.starts_with("refs/heads/") || git_ref.starts_with("refs/tags/"))
    {
        Gate::Ref(git_ref.to_owned())
    } else {
        return None;
    };
    match &gate {
        Gate::Environment(name) if name.is_empty() => None,
        Gate::Ref(name) if name.contains([':', '*', '?']) || name.ends_with('/') => None,
        _ => Some((repo, immutable, gate)),
    }
}

/// An owner or repository name without the `@ID` an immutable subject adds.
fn without_id(part: &str) -> &str {
    part.split_once('@').map_or(part, |(name, _)| name)
}

/// What a wider credential would let in, and the workflow's change that avoids it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loss {
    /// `widens_bypasses_environment`, `widens_pull_request` or `widens_mutable_subject`.
    pub(crate) code: Code,
    /// What the existing credential asks for, and what the wider one would let in.
    pub(crate) message: String,
    /// The change to the workflow, in words.
    pub(crate) workload_fix: String,
    /// The lines to copy into the workflow, when the names are known.
    pub(crate) workload_yaml: Option<String>,
}

/// How a credential for `proposed` (a token's subject, read as `read`) would trust more than the
/// credential `name`, which accepts `existing` (its subject, or a `sub` value of its expression,
/// read): `None` when it would not, or when the subjects do not show it.
pub(crate) fn weaker(proposed: &str, read: &Gated, existing: &Gated, name: &str) -> Option<Loss> {
    if read.repo != existing.repo {
        return None;
    }
    let (new_ids, new, old_ids, old) = (
        read.immutable,
        &read.gate,
        existing.immutable,
        existing.gate.clone(),
    );
    if *new == old {
        return (old_ids && !new_ids).then(|| Loss {
            code: Code::WidensMutableSubject,
            message: format!(
                "'{name}' names the repository by its IDs; a credential for {proposed} names it by name, which whoever takes the name after a rename or deletion can present"
            ),
            workload_fix: format!(
                "opt the repository in to immutable subjects, so its tokens carry the IDs '{name}' expects ({FORM_COMMAND} shows the form it sends)"
            ),
            workload_yaml: None,
        });
    }
    let what = match new {
        Gate::Ref(r) => match r.strip_prefix("refs/heads/") {
            Some(branch) => format!("every run on branch {branch}"),
            None => format!("every run on tag {}", r.trim_start_matches("refs/tags/")),
        },
        Gate::PullRequest => {
            "every pull request from a branch of the repository (whoever can push a branch)"
                .to_owned()
        }
        Gate::Environment(_) => return None,
    };
    match old {
        Gate::Environment(environment) => {
            let pattern = environment.contains(['*', '?']);
            let which = if pattern {
                format!("an environment whose name matches {environment}")
            } else {
                format!("the environment {environment}")
            };
            let pull_request = if *new == Gate::PullRequest {
                " (its rules decide whether a pull request may deploy there)"
            } else {
                ""
            };
            Some(Loss {
                code: Code::WidensBypassesEnvironment,
                message: format!(
                    "'{name}' accepts only jobs in {which}, which wait for its protection rules (required reviewers, wait timer, allowed branches); a credential for {proposed} would let {what} sign in without them"
                ),
                workload_fix: format!(
                    "add {which} to the job that signs in, as '{name}' expects: its token then names the environment, and the job waits for the environment's protection rules{pull_request}"
                ),
                workload_yaml: (!pattern)
                    .then(|| format!("environment: {}", yaml_scalar(&environment))),
            })
        }
        Gate::Ref(git_ref) if *new == Gate::PullRequest => {
            let (kind, key, short) = match git_ref.strip_prefix("refs/heads/") {
                Some(branch) => ("branch", "branches", branch),
                None => ("tag", "tags", git_ref.trim_start_matches("refs/tags/")),
            };
            Some(Loss {
                code: Code::WidensPullRequest,
                message: format!(
                    "'{name}' accepts only runs on {kind} {short}; a credential for {proposed} would let {what} sign in, as soon as a pull request is opened"
                ),
                workload_fix: format!(
                    "sign in from a run on {kind} {short}, as '{name}' expects: for example on push, once the pull request is merged"
                ),
                workload_yaml: Some(format!(
                    "on:\n  push:\n    {key}:\n      - {}",
                    yaml_scalar(short)
                )),
            })
        }
        _ => None,
    }
}

/// Whether `existing` already accepts the kind of run `proposed` comes from (the same repository,
/// and the same environment, ref or `pull_request`, in the same or a looser form): a credential
/// for `proposed` then adds no new kind of trust.
pub(crate) fn already_trusted(proposed: &Gated, existing: &Gated) -> bool {
    proposed.repo == existing.repo
        && proposed.gate == existing.gate
        && (proposed.immutable || !existing.immutable)
}

/// A YAML scalar for a name: plain when it is letters, digits and `-_./`, else single-quoted.
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !value.starts_with(['-', '.']);
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`weaker`] of two subjects, each read as the inspector reads it.
    fn read_weaker(proposed: &str, existing: &str) -> Option<Loss> {
        weaker(
            proposed,
            &Gated::read(proposed)?,
            &Gated::read(existing)?,
            "c",
        )
    }

    #[test]
    fn what_a_credential_for_the_token_would_trust_more_than_the_one_there() {
        let prod = "repo:contoso/app:environment:production";
        // (situation, proposed, existing, code)
        let cases = [
            (
                "branch_beside_an_environment",
                "repo:contoso/app:ref:refs/heads/main",
                prod,
                Some(Code::WidensBypassesEnvironment),
            ),
            (
                "tag_beside_an_environment",
                "repo:contoso/app:ref:refs/tags/v1",
                prod,
                Some(Code::WidensBypassesEnvironment),
            ),
            (
                "pull_request_beside_an_environment",
                "repo:contoso/app:pull_request",
                prod,
                Some(Code::WidensBypassesEnvironment),
            ),
            (
                "pull_request_beside_a_branch",
                "repo:contoso/app:pull_request",
                "repo:contoso/app:ref:refs/heads/main",
                Some(Code::WidensPullRequest),
            ),
            (
                "branch_beside_an_environment_pattern",
                "repo:contoso/app:ref:refs/heads/main",
                "repo:contoso/app:environment:prod-*",
                Some(Code::WidensBypassesEnvironment),
            ),
            (
                "immutable_token_beside_a_name_based_environment",
                "repo:contoso@1/app@2:ref:refs/heads/main",
                prod,
                Some(Code::WidensBypassesEnvironment),
            ),
            (
                "name_based_beside_the_same_run_by_ids",
                "repo:contoso/app:environment:production",
                "repo:contoso@1/app@2:environment:production",
                Some(Code::WidensMutableSubject),
            ),
            (
                "ids_beside_the_same_run_by_name",
                "repo:contoso@1/app@2:environment:production",
                prod,
                None,
            ),
            (
                "environment_is_never_wider",
                "repo:contoso/app:environment:staging",
                "repo:contoso/app:ref:refs/heads/main",
                None,
            ),
            (
                "another_branch_is_not_ranked",
                "repo:contoso/app:ref:refs/heads/dev",
                "repo:contoso/app:ref:refs/heads/main",
                None,
            ),
            (
                "pull_request_beside_every_branch_is_not_ranked",
                "repo:contoso/app:pull_request",
                "repo:contoso/app:ref:refs/heads/*",
                None,
            ),
            (
                "another_repository",
                "repo:contoso/other:ref:refs/heads/main",
                prod,
                None,
            ),
            (
                "customised_template",
                "repo:contoso/app:ref:refs/heads/main",
                "repo:contoso/app:environment:production:job_workflow_ref:x",
                None,
            ),
        ];
        for (situation, proposed, existing, code) in cases {
            assert_eq!(
                read_weaker(proposed, existing).map(|l| l.code),
                code,
                "{situation}"
            );
        }
    }

    #[test]
    fn the_workflow_lines_are_yaml_a_person_can_paste() {
        let yaml = |proposed: &str, existing: &str| {
            read_weaker(proposed, existing).and_then(|l| l.workload_yaml)
        };
        let main = "repo:o/r:ref:refs/heads/main";
        assert_eq!(
            yaml(main, "repo:o/r:environment:production").as_deref(),
            Some("environment: production")
        );
        assert_eq!(
            yaml(main, "repo:o/r:environment:production%3Aeastus").as_deref(),
            Some("environment: 'production:eastus'")
        );
        assert_eq!(yaml(main, "repo:o/r:environment:prod-*"), None);
        assert_eq!(
            yaml("repo:o/r:pull_request", "repo:o/r:ref:refs/tags/v1.0").as_deref(),
            Some("on:\n  push:\n    tags:\n      - v1.0")
        );
    }
}
