//! The parts of a GitHub credential read from the builder's inputs: the issuer of the GitHub
//! instance, the immutable IDs, the subject's context, a pattern's flexible expression, and a
//! customised template's subject.

use std::borrow::Cow;

use super::checks::{Repo, check_environment, check_pattern, check_ref};
use super::customization::read;
use super::{Entity, GITHUB_ISSUER, GitHubInput, SubjectForm, escape_colons, form_command};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// The numeric IDs given, each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Ids {
    pub(super) owner: Option<u64>,
    pub(super) repo: Option<u64>,
}

impl GitHubInput {
    /// The issuer for this GitHub instance.
    pub(super) fn issuer(&self, findings: &mut Vec<Finding>) -> String {
        let slug = self.enterprise.trim();
        if !slug.is_empty() && !is_slug(slug) {
            findings.push(Finding::error(
                Code::EnterpriseInvalid,
                "enterprise",
                "an enterprise slug is lower-case letters, digits and '-', as in github.com/enterprises/<slug>",
            ));
        }
        let with_slug = |base: String| {
            if slug.is_empty() {
                base
            } else {
                format!("{base}/{slug}")
            }
        };
        let host = self.ghes_host.trim();
        let sub = self.ghe_subdomain.trim();
        if !host.is_empty() {
            if !sub.is_empty() {
                findings.push(Finding::error(
                    Code::GithubInstanceConflict,
                    "ghes_host",
                    "give either a GitHub Enterprise Server host or a GHE.com subdomain, not both",
                ));
            }
            if !is_host(host) {
                findings.push(Finding::error(
                    Code::GhesHostInvalid,
                    "ghes_host",
                    "the GitHub Enterprise Server host is a name like github.contoso.com, without https:// or a path",
                ));
            }
            findings.push(Finding::info(
                Code::GhesReachable,
                "ghes_host",
                "Entra fetches the issuer's keys from https://<host>/_services/token/.well-known/jwks: the server must be reachable from the internet, or the exchange fails with AADSTS90061",
            ));
            return format!("https://{host}/_services/token");
        }
        if !sub.is_empty() {
            if !is_slug(sub) {
                findings.push(Finding::error(
                    Code::GheSubdomainInvalid,
                    "ghe_subdomain",
                    "the GHE.com subdomain is the part before .ghe.com, e.g. contoso",
                ));
            }
            return with_slug(format!("https://token.actions.{sub}.ghe.com"));
        }
        with_slug(GITHUB_ISSUER.to_owned())
    }

    /// Both numeric IDs, or neither.
    /// The numeric IDs given, each checked on its own (a pattern may pin only one).
    pub(super) fn ids(&self, findings: &mut Vec<Finding>) -> Ids {
        let parse = |text: &str, field: &'static str, findings: &mut Vec<Finding>| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let id = text.parse::<u64>().ok().filter(|id| *id > 0);
            if id.is_none() {
                findings.push(Finding::error(
                    Code::IdNotNumeric,
                    field,
                    format!(
                        "'{}' is not a numeric GitHub ID; IDs are digits only, e.g. 123456",
                        text.escape_default()
                    ),
                ));
            }
            id
        };
        let ids = Ids {
            owner: parse(&self.owner_id, "owner_id", findings),
            repo: parse(&self.repo_id, "repo_id", findings),
        };
        if !self.ghes_host.trim().is_empty() && (ids.owner.is_some() || ids.repo.is_some()) {
            // GitHub docs (2026): immutable subjects are not available on Enterprise Server.
            findings.push(Finding::error(
                Code::ImmutableNotOnGhes,
                "ghes_host",
                "GitHub Enterprise Server has no immutable subjects: leave the owner and repository IDs empty",
            ));
            return Ids::default();
        }
        ids
    }

    /// The IDs for an immutable subject, or `None` for a name-based one, with what the choice
    /// risks (field guide §9).
    pub(super) fn immutable(&self, ids: Ids, findings: &mut Vec<Finding>) -> Option<(u64, u64)> {
        let both = ids.owner.zip(ids.repo);
        // Given as text on one side only (a non-numeric one is already reported).
        let half = self.owner_id.trim().is_empty() != self.repo_id.trim().is_empty();
        let pattern = matches!(
            self.entity,
            Entity::BranchPattern(_) | Entity::TagPattern(_)
        );
        let incomplete = |findings: &mut Vec<Finding>| {
            findings.push(Finding::error(
                Code::ImmutableIdsIncomplete,
                if ids.owner.is_none() { "owner_id" } else { "repo_id" },
                "an immutable subject needs both the owner ID and the repository ID (repository_owner_id and repository_id in a token, or gh api repos/OWNER/REPO --jq '.id, .owner.id')",
            ));
        };
        match self.subject_form {
            SubjectForm::Immutable if !self.ghes_host.trim().is_empty() => {
                findings.push(Finding::error(
                    Code::ImmutableNotOnGhes,
                    "subject_form",
                    "GitHub Enterprise Server has no immutable subjects: choose the name-based form",
                ));
                None
            }
            SubjectForm::Immutable => {
                if both.is_none() {
                    incomplete(findings);
                }
                both
            }
            SubjectForm::NotSure if both.is_some() => both,
            SubjectForm::NotSure if half && !pattern => {
                incomplete(findings);
                None
            }
            SubjectForm::NotSure | SubjectForm::NameBased => {
                // Said once there is a repository to say it about.
                if self.ghes_host.trim().is_empty() && !self.repo.trim().is_empty() {
                    findings.push(Finding::warning(
                        Code::SubjectNameBased,
                        "subject_form",
                        format!(
                            "this is the name-based subject (repo:OWNER/REPO:…): it will not match if the repository sends the immutable form, as every repository created, renamed or transferred since 2026-07-15 does; and a name-based credential can be claimed by whoever takes the name after a rename or deletion. {} tells which form the repository sends: give fedcred what it prints, or choose the subject form",
                            form_command(self.repo.trim())
                        ),
                    ));
                }
                None
            }
        }
    }

    /// These inputs with what a pasted `gh api` output says filled in (it wins over the fields
    /// it covers).
    pub(super) fn with_customization(&self, findings: &mut Vec<Finding>) -> Cow<'_, GitHubInput> {
        if self.customization.trim().is_empty() {
            return Cow::Borrowed(self);
        }
        let c = match read(&self.customization) {
            Ok(c) => c,
            Err(message) => {
                findings.push(Finding::error(
                    Code::CustomizationUnreadable,
                    "customization",
                    message,
                ));
                return Cow::Borrowed(self);
            }
        };
        let mut input = self.clone();
        if let Some(form) = c.form {
            input.subject_form = form;
        }
        if let Some(repo) = c.repo
            && input.repo.trim().is_empty()
        {
            input.repo = repo;
        }
        if let Some(owner_id) = c.owner_id {
            input.owner_id = owner_id;
        }
        if let Some(repo_id) = c.repo_id {
            input.repo_id = repo_id;
        }
        if let Some(keys) = c.claim_keys {
            input.claim_keys = keys;
        }
        Cow::Owned(input)
    }

    /// The part of the default subject after the repository, e.g. `environment:prod`.
    pub(super) fn context(&self, findings: &mut Vec<Finding>) -> Option<String> {
        match &self.entity {
            Entity::Environment(name) => {
                let name = check_environment(name, findings)?;
                Some(format!("environment:{}", escape_colons(name)))
            }
            Entity::PullRequest => Some("pull_request".to_owned()),
            Entity::Branch(branch) => check_ref(branch, "branch", "refs/heads/", findings)
                .map(|b| format!("ref:refs/heads/{b}")),
            Entity::Tag(tag) => {
                check_ref(tag, "tag", "refs/tags/", findings).map(|t| format!("ref:refs/tags/{t}"))
            }
            Entity::BranchPattern(pattern) => {
                check_pattern(pattern, "branch_pattern", "refs/heads/", findings)
                    .map(|p| format!("ref:refs/heads/{p}"))
            }
            Entity::TagPattern(pattern) => {
                check_pattern(pattern, "tag_pattern", "refs/tags/", findings)
                    .map(|p| format!("ref:refs/tags/{p}"))
            }
        }
    }

    pub(super) fn entity_label(&self) -> String {
        match &self.entity {
            Entity::Environment(e) => format!("env-{e}"),
            Entity::Branch(b) => format!("branch-{b}"),
            Entity::Tag(t) => format!("tag-{t}"),
            Entity::PullRequest => "pull-request".to_owned(),
            Entity::BranchPattern(_) => "branches".to_owned(),
            Entity::TagPattern(_) => "tags".to_owned(),
        }
    }

    /// The flexible expression for a pattern (field guide §2).
    pub(super) fn expression(
        &self,
        issuer: &str,
        repo_part: &str,
        context: &str,
        ids: Ids,
        findings: &mut Vec<Finding>,
    ) -> Matcher {
        if issuer != GITHUB_ISSUER {
            findings.push(Finding::warning(
                Code::ExpressionIssuerUndocumented,
                "entity",
                format!("flexible credentials are documented for {GITHUB_ISSUER} only; Entra may refuse one for {issuer}"),
            ));
        }
        if !self.claim_keys.is_empty() {
            findings.push(Finding::error(
                Code::ExpressionWithCustomSubject,
                "claim_keys",
                "a pattern is built on the default subject; with a customised template, write the expression for its subject yourself (platform 'other')",
            ));
        }
        let mut expression = format!("claims['sub'] matches 'repo:{repo_part}:{context}'");
        // Entra docs, flexible credentials (2026-08-14): a GitHub expression must pin the
        // repository or its owner by ID, eq only.
        if let Some(id) = ids.repo {
            expression.push_str(&format!(" and claims['repository_id'] eq '{id}'"));
        }
        if let Some(id) = ids.owner {
            expression.push_str(&format!(" and claims['repository_owner_id'] eq '{id}'"));
        }
        if ids.repo.is_none() && ids.owner.is_none() && issuer == GITHUB_ISSUER {
            findings.push(Finding::error(
                Code::ExpressionIdRequired,
                "repo_id",
                "a pattern makes a flexible credential, and Entra now applies one only when it pins the repository (or its owner) by ID: give the repository ID (gh api repos/OWNER/REPO --jq .id, or repository_id in a token)",
            ));
        }
        let workflow = self.job_workflow_ref.trim();
        if !workflow.is_empty() {
            if workflow.contains('\'') {
                findings.push(Finding::error(
                    Code::QuoteInExpression,
                    "job_workflow_ref",
                    "the job_workflow_ref cannot contain a single quote: the expression language has no way to write one",
                ));
            }
            if !workflow.contains('@') {
                findings.push(Finding::warning(
                    Code::JobWorkflowRefWithoutRef,
                    "job_workflow_ref",
                    "job_workflow_ref ends with @ and a ref, e.g. contoso/shared/.github/workflows/deploy.yml@refs/heads/main",
                ));
            }
            expression.push_str(&format!(
                " and claims['job_workflow_ref'] matches '{workflow}'"
            ));
        }
        findings.push(Finding::info(
            Code::FlexiblePreview,
            "entity",
            "a pattern needs a flexible credential (preview): Graph beta for app registrations, ARM 2025-01-31-preview or az --cme-* for managed identities",
        ));
        Matcher::Expression(expression)
    }

    /// The subject for a customised `include_claim_keys` template.
    pub(super) fn customized_subject(
        &self,
        repo: &Repo<'_>,
        ids: Option<(u64, u64)>,
        context: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<String> {
        let mut pairs = Vec::new();
        for key in &self.claim_keys {
            let key = key.trim();
            let given = self
                .claims
                .iter()
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.clone());
            let derived = match key {
                // On immutable subjects the `repo` key writes OWNER@ID/REPO@ID too
                // (Azure/accelerator-bootstrap-modules PR 138, field guide §9).
                "repo" => Some(match ids {
                    Some((owner_id, repo_id)) => {
                        format!("{}@{owner_id}/{}@{repo_id}", repo.owner, repo.name)
                    }
                    None => format!("{}/{}", repo.owner, repo.name),
                }),
                "repository" => Some(format!("{}/{}", repo.owner, repo.name)),
                "repository_owner" => Some(repo.owner.to_owned()),
                "context" => Some(context.to_owned()),
                "repository_owner_id" => ids.map(|(o, _)| o.to_string()),
                "repository_id" => ids.map(|(_, r)| r.to_string()),
                "environment" => match &self.entity {
                    Entity::Environment(e) => Some(escape_colons(e.trim())),
                    _ => None,
                },
                "ref" => match &self.entity {
                    Entity::Branch(b) => Some(format!(
                        "refs/heads/{}",
                        b.trim().trim_start_matches("refs/heads/")
                    )),
                    Entity::Tag(t) => Some(format!(
                        "refs/tags/{}",
                        t.trim().trim_start_matches("refs/tags/")
                    )),
                    _ => None,
                },
                "ref_type" => match &self.entity {
                    Entity::Branch(_) => Some("branch".to_owned()),
                    Entity::Tag(_) => Some("tag".to_owned()),
                    _ => None,
                },
                "job_workflow_ref" if !self.job_workflow_ref.trim().is_empty() => {
                    Some(self.job_workflow_ref.trim().to_owned())
                }
                _ => None,
            };
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                findings.push(Finding::error(
                    Code::ClaimKeyInvalid,
                    "claim_keys",
                    format!("'{}' is not a claim name: claim names are lower-case words joined by '_', e.g. repository_owner", key.escape_default()),
                ));
                continue;
            }
            match given.or(derived) {
                // `context` stands for itself: it is already `environment:prod`, `ref:refs/…`.
                Some(value) if key == "context" => pairs.push(value),
                Some(value) if !value.trim().is_empty() => pairs.push(format!("{key}:{value}")),
                _ => findings.push(Finding::error(
                    Code::ClaimValueMissing,
                    "claims",
                    format!("the template includes '{key}': give its value as {key}=VALUE (copy it from a token of the workflow)"),
                )),
            }
        }
        findings.push(Finding::info(
            Code::SubjectCustomized,
            "claim_keys",
            "a customised template applies to a repository only after it opts in (use_default: false); check with GET /repos/OWNER/REPO/actions/oidc/customization/sub",
        ));
        (pairs.len() == self.claim_keys.len()).then(|| pairs.join(":"))
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

fn is_host(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}
