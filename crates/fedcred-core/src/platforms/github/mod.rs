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
//! A `:` inside the environment name is written `%3A`. Immutable subjects (opt-in, and the
//! default for repositories created or renamed after July 2026) add the numeric IDs:
//! `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`. A repository with a customised template
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
//! A branch *pattern* cannot be a plain subject (no wildcards); it becomes a flexible credential:
//!
//! ```
//! # use fedcred_core::platforms::{Common, github::{Entity, GitHubInput}};
//! let input = GitHubInput {
//!     repo: "contoso/contoso-repo".into(),
//!     entity: Entity::BranchPattern("release/*".into()),
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! assert_eq!(
//!     built.credentials[0].expression(),
//!     Some("claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/release/*'")
//! );
//! ```

use serde::Serialize;

mod checks;
mod inputs;
pub mod issuer;
pub(crate) mod subject;
#[cfg(test)]
mod tests;

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

/// The facts a GitHub Actions credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GitHubInput {
    /// `OWNER/REPO`, as GitHub shows it.
    pub repo: String,
    /// Branch, tag, environment, pull request, or a pattern.
    pub entity: Entity,
    /// The owner's numeric ID, for immutable subjects (with `repo_id`).
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
        let repo = parse_repo(&self.repo, &mut findings);
        let issuer = self.issuer(&mut findings);
        let ids = self.ids(&mut findings);
        let context = self.context(&mut findings);
        let (Some(repo), Some(context)) = (repo, context) else {
            return Built {
                credentials: Vec::new(),
                findings,
            };
        };
        let repo_part = match ids {
            Some((owner_id, repo_id)) => {
                format!("{}@{owner_id}/{}@{repo_id}", repo.owner, repo.name)
            }
            None => format!("{}/{}", repo.owner, repo.name),
        };
        let matcher = match &self.entity {
            Entity::BranchPattern(_) | Entity::TagPattern(_) => {
                self.expression(&issuer, &repo_part, &context, &mut findings)
            }
            _ if !self.claim_keys.is_empty() => {
                match self.customized_subject(&repo, ids, &context, &mut findings) {
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
        if ids.is_none() && self.claim_keys.is_empty() {
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
