//! The parts of a GitHub credential read from the builder's inputs: the issuer of the GitHub
//! instance, the immutable IDs, the subject's context, a pattern's flexible expression, and a
//! customised template's subject.

use super::checks::{Repo, check_environment, check_pattern, check_ref};
use super::{Entity, GITHUB_ISSUER, GitHubInput, escape_colons};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

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
    pub(super) fn ids(&self, findings: &mut Vec<Finding>) -> Option<(u64, u64)> {
        let owner = self.owner_id.trim();
        let repo = self.repo_id.trim();
        match (owner.is_empty(), repo.is_empty()) {
            (true, true) => None,
            (false, true) | (true, false) => {
                let field = if owner.is_empty() {
                    "owner_id"
                } else {
                    "repo_id"
                };
                findings.push(Finding::error(
                    Code::ImmutableIdsIncomplete,
                    field,
                    "an immutable subject needs both the owner ID and the repository ID (repository_owner_id and repository_id in a token, or the REST API's owner.id and id)",
                ));
                None
            }
            (false, false) => {
                let parse = |text: &str, field: &'static str, findings: &mut Vec<Finding>| {
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
                let owner = parse(owner, "owner_id", findings);
                let repo = parse(repo, "repo_id", findings);
                owner.zip(repo)
            }
        }
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
                "repo" | "repository" => Some(format!("{}/{}", repo.owner, repo.name)),
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
