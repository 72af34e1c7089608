//! GitHub Actions (field guide §3; GitHub docs, "OpenID Connect reference").
//!
//! # Issuer
//! - github.com: `https://token.actions.githubusercontent.com` (no trailing slash);
//! - an enterprise that opted into a unique issuer: `…githubusercontent.com/<enterprise-slug>`;
//! - GHE.com data residency: `https://token.actions.<subdomain>.ghe.com` (± `/<enterprise-slug>`);
//! - GitHub Enterprise Server: `https://<host>/_services/token`.
//!
//! # Subject
//! The first rule that applies wins:
//! 1. the job names an environment: `repo:OWNER/REPO:environment:NAME`, whatever the event or branch;
//! 2. a `pull_request` run: `repo:OWNER/REPO:pull_request` (underscore, never `pull-request`);
//! 3. otherwise the ref: `repo:OWNER/REPO:ref:refs/heads/BRANCH` or `…:ref:refs/tags/TAG`.
//!
//! A `:` inside the environment name is written `%3A`. Immutable subjects (opt-in, and since
//! 2026-07-15 the form of every repository created, renamed or transferred; GitHub changelog
//! 2026-04-23, Entra docs 2026-07-28) add the numeric IDs: `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`.
//! Which form a repository sends is what `gh api repos/OWNER/REPO/actions/oidc/customization/sub`
//! prints ([`customization`]); [`SubjectForm`] records the answer. A repository with a customised template
//! (`include_claim_keys`) gets `key:value` pairs in the template's order.
//!
//! ```
//! use fedcred_core::platforms::{Common, github::{Entity, GitHubInput}};
//!
//! let input = GitHubInput {
//!     repo: "octo-org/octo-repo".into(),
//!     entity: Entity::Environment("prod".into()),
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! let credential = &built.credentials[0];
//! assert_eq!(credential.issuer, "https://token.actions.githubusercontent.com");
//! assert_eq!(credential.subject(), Some("repo:octo-org/octo-repo:environment:prod"));
//! ```
//!
//! A branch *pattern* cannot be a plain subject (no wildcards); it becomes a flexible credential,
//! which since 2026 must pin the repository (or its owner) by ID (Entra docs, flexible federated
//! identity credentials, 2026-08-14):
//!
//! ```
//! # use fedcred_core::platforms::{Common, github::{Entity, GitHubInput}};
//! let input = GitHubInput {
//!     repo: "contoso/contoso-repo".into(),
//!     entity: Entity::BranchPattern("release/*".into()),
//!     repo_id: "456789".into(),
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! assert_eq!(
//!     built.credentials[0].expression(),
//!     Some("claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/release/*' and claims['repository_id'] eq '456789'")
//! );
//! ```

use serde::Serialize;

mod checks;
pub mod customization;
mod inputs;
pub mod issuer;
pub mod job;
pub(crate) mod subject;
#[cfg(test)]
mod tests;
pub(crate) mod trust;
pub mod workflow;

pub use issuer::GITHUB_ISSUER;

use super::{Built, Common, Part, finish, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};
use checks::parse_repo;

/// What the job is bound to: the part of the subject after the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// Runs on this branch, with no environment.
    Branch(String),
    /// Runs on this tag, with no environment.
    Tag(String),
    /// The job names this environment (wins over branch, tag and event).
    Environment(String),
    /// Runs triggered by `pull_request`, with no environment.
    PullRequest,
    /// Any branch matching this pattern (`*`, `?`): a flexible credential.
    BranchPattern(String),
    /// Any tag matching this pattern: a flexible credential.
    TagPattern(String),
}

impl Default for Entity {
    fn default() -> Self {
        Entity::Branch(String::new())
    }
}

/// Which kind of [`Entity`], without its value: what a form's picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A branch.
    Branch,
    /// A tag.
    Tag,
    /// An environment.
    Environment,
    /// Pull requests.
    PullRequest,
    /// A branch pattern.
    BranchPattern,
    /// A tag pattern.
    TagPattern,
}

crate::keys!(EntityKind {
    Environment => ("environment", "An environment"),
    Branch => ("branch", "A branch"),
    Tag => ("tag", "A tag"),
    PullRequest => ("pull_request", "Pull requests"),
    BranchPattern => ("branch_pattern", "Branches matching a pattern"),
    TagPattern => ("tag_pattern", "Tags matching a pattern"),
});

impl Entity {
    /// Its kind.
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Branch(_) => EntityKind::Branch,
            Entity::Tag(_) => EntityKind::Tag,
            Entity::Environment(_) => EntityKind::Environment,
            Entity::PullRequest => EntityKind::PullRequest,
            Entity::BranchPattern(_) => EntityKind::BranchPattern,
            Entity::TagPattern(_) => EntityKind::TagPattern,
        }
    }

    /// Its value (empty for pull requests).
    pub fn value(&self) -> &str {
        match self {
            Entity::Branch(v)
            | Entity::Tag(v)
            | Entity::Environment(v)
            | Entity::BranchPattern(v)
            | Entity::TagPattern(v) => v,
            Entity::PullRequest => "",
        }
    }

    /// The entity of this kind with this value (ignored for pull requests).
    pub fn of_kind(kind: EntityKind, value: String) -> Entity {
        match kind {
            EntityKind::Branch => Entity::Branch(value),
            EntityKind::Tag => Entity::Tag(value),
            EntityKind::Environment => Entity::Environment(value),
            EntityKind::PullRequest => Entity::PullRequest,
            EntityKind::BranchPattern => Entity::BranchPattern(value),
            EntityKind::TagPattern => Entity::TagPattern(value),
        }
    }
}

/// Which subject form the repository sends (field guide §9): since 2026-07-15 GitHub sends
/// `repo:OWNER@OWNER_ID/REPO@REPO_ID:…` for every repository created, renamed or transferred, and
/// for those that opted in; the others keep `repo:OWNER/REPO:…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectForm {
    /// Not known: name-based, unless both IDs are given (then immutable), with a warning that
    /// says how to find out.
    #[default]
    NotSure,
    /// `repo:OWNER/REPO:…`.
    NameBased,
    /// `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`.
    Immutable,
}

crate::keys!(SubjectForm {
    NotSure => ("not_sure", "Not sure (check with gh api)"),
    NameBased => ("name_based", "Name-based: repo:OWNER/REPO"),
    Immutable => ("immutable", "Immutable: repo:OWNER@ID/REPO@ID"),
});

/// The command that tells which form a repository sends.
pub const FORM_COMMAND: &str = "gh api repos/OWNER/REPO/actions/oidc/customization/sub";

/// [`FORM_COMMAND`] for `repo` when it reads as `OWNER/REPO` (issue 27: the user's own values,
/// once given), else as written.
pub(crate) fn form_command(repo: &str) -> String {
    match api_repo(repo) {
        Some(repo) => FORM_COMMAND.replace("OWNER/REPO", repo),
        None => FORM_COMMAND.to_owned(),
    }
}

/// `repo`, trimmed, when it reads as `OWNER/REPO` and can stand in a `gh api repos/OWNER/REPO`
/// command (issue 27: commands written for the repository the user gave); `None` otherwise.
pub fn api_repo(repo: &str) -> Option<&str> {
    let repo = repo.trim();
    let (owner, name) = repo.split_once('/')?;
    (!owner.is_empty()
        && !name.is_empty()
        && !name.contains('/')
        && !repo.contains(char::is_whitespace))
    .then_some(repo)
}

/// The facts a GitHub Actions credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GitHubInput {
    /// `OWNER/REPO`, as GitHub shows it.
    pub repo: String,
    /// Branch, tag, environment, pull request, or a pattern.
    pub entity: Entity,
    /// Which subject form the repository sends.
    pub subject_form: SubjectForm,
    /// What `gh api repos/OWNER/REPO/actions/oidc/customization/sub` (or `gh api
    /// repos/OWNER/REPO`) printed; what it says wins over the fields it covers.
    pub customization: String,
    /// The owner's numeric ID, for immutable subjects (with `repo_id`) and to pin flexible
    /// credentials.
    pub owner_id: String,
    /// The repository's numeric ID, for immutable subjects (with `owner_id`).
    pub repo_id: String,
    /// Enterprise slug, when the enterprise uses a unique issuer.
    pub enterprise: String,
    /// GHE.com subdomain (data residency), e.g. `contoso` for `contoso.ghe.com`.
    pub ghe_subdomain: String,
    /// GitHub Enterprise Server host name, e.g. `github.contoso.com`.
    pub ghes_host: String,
    /// A customised subject template (`include_claim_keys`), in order; empty for the default.
    pub claim_keys: Vec<String>,
    /// Values for template keys that cannot be derived from the other inputs.
    pub claims: Vec<(String, String)>,
    /// For patterns: also require `job_workflow_ref` to match this (e.g. a reusable workflow).
    pub job_workflow_ref: String,
}

impl GitHubInput {
    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let input = self.with_customization(&mut findings);
        input.build_checked(common, findings)
    }

    /// The subject these inputs describe (for a pattern, the subject pattern its flexible
    /// credential matches), as [`GitHubInput::build`] would write it; the first error otherwise.
    pub fn presented(&self) -> Result<String, String> {
        let mut findings = Vec::new();
        let input = self.with_customization(&mut findings);
        let repo = parse_repo(&input.repo, &mut findings);
        let ids = input.ids(&mut findings);
        let immutable = input.immutable(ids, &mut findings);
        let context = input.context(&mut findings);
        let first_error = |findings: &[Finding]| {
            findings
                .iter()
                .find(|f| f.is_error())
                .map(|f| f.message.clone())
                .unwrap_or_else(|| "these inputs form no subject".to_owned())
        };
        let (Some(repo), Some(context)) = (repo, context) else {
            return Err(first_error(&findings));
        };
        let pattern = matches!(
            input.entity,
            Entity::BranchPattern(_) | Entity::TagPattern(_)
        );
        if !input.claim_keys.is_empty() && !pattern {
            return input
                .customized_subject(&repo, immutable, &context, &mut findings)
                .ok_or_else(|| first_error(&findings));
        }
        Ok(match immutable {
            Some((owner_id, repo_id)) => {
                format!(
                    "repo:{}@{owner_id}/{}@{repo_id}:{context}",
                    repo.owner, repo.name
                )
            }
            None => format!("repo:{}/{}:{context}", repo.owner, repo.name),
        })
    }

    fn build_checked(&self, common: &Common, mut findings: Vec<Finding>) -> Built {
        let repo = parse_repo(&self.repo, &mut findings);
        let issuer = self.issuer(&mut findings);
        let ids = self.ids(&mut findings);
        let immutable = self.immutable(ids, &mut findings);
        let context = self.context(&mut findings);
        let (Some(repo), Some(context)) = (repo, context) else {
            return Built {
                credentials: Vec::new(),
                findings,
            };
        };
        let repo_part = match immutable {
            Some((owner_id, repo_id)) => {
                format!("{}@{owner_id}/{}@{repo_id}", repo.owner, repo.name)
            }
            None => format!("{}/{}", repo.owner, repo.name),
        };
        let matcher = match &self.entity {
            Entity::BranchPattern(_) | Entity::TagPattern(_) => {
                self.expression(&issuer, &repo_part, &context, ids, &mut findings)
            }
            _ if !self.claim_keys.is_empty() => {
                match self.customized_subject(&repo, immutable, &context, &mut findings) {
                    Some(subject) => Matcher::Subject(subject),
                    None => {
                        return Built {
                            credentials: Vec::new(),
                            findings,
                        };
                    }
                }
            }
            _ => {
                if !self.job_workflow_ref.is_empty() {
                    findings.push(Finding::warning(
                        Code::JobWorkflowRefIgnored,
                        "job_workflow_ref",
                        "a job_workflow_ref condition needs a flexible credential: give a branch or tag pattern, or leave it empty",
                    ));
                }
                Matcher::Subject(format!("repo:{repo_part}:{context}"))
            }
        };
        if immutable.is_none() && self.claim_keys.is_empty() {
            findings.push(Finding::info(
                Code::CaseSensitive,
                "repo",
                "Entra compares the subject case-sensitively: type the owner, repository and environment exactly as GitHub shows them",
            ));
        }
        let label = self.entity_label();
        let part = Part {
            suggested_name: suggest_name(&["github", repo.owner, repo.name, &label]),
            issuer,
            matcher,
        };
        finish(common, vec![part], findings)
    }
}

/// `production:eastus` → `production%3Aeastus` (GitHub docs).
pub fn escape_colons(value: &str) -> String {
    value.replace(':', "%3A")
}
