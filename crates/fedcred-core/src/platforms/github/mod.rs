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

pub mod issuer;
pub(crate) mod subject;

pub use issuer::GITHUB_ISSUER;

use super::{Built, Common, Part, finish, non_ascii, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

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

/// A repository name split and checked.
struct Repo<'a> {
    owner: &'a str,
    name: &'a str,
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

    /// The issuer for this GitHub instance.
    fn issuer(&self, findings: &mut Vec<Finding>) -> String {
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
    fn ids(&self, findings: &mut Vec<Finding>) -> Option<(u64, u64)> {
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
    fn context(&self, findings: &mut Vec<Finding>) -> Option<String> {
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

    fn entity_label(&self) -> String {
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
    fn expression(
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
    fn customized_subject(
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

/// `production:eastus` → `production%3Aeastus` (GitHub docs).
pub fn escape_colons(value: &str) -> String {
    value.replace(':', "%3A")
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

fn parse_repo<'a>(text: &'a str, findings: &mut Vec<Finding>) -> Option<Repo<'a>> {
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

fn check_environment<'a>(name: &'a str, findings: &mut Vec<Finding>) -> Option<&'a str> {
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
fn check_ref<'a>(
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

fn check_pattern<'a>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn input(repo: &str, entity: Entity) -> GitHubInput {
        GitHubInput {
            repo: repo.to_owned(),
            entity,
            ..Default::default()
        }
    }

    fn subject_of(input: &GitHubInput) -> String {
        let built = input.build(&Common::default());
        assert!(built.is_ok(), "{:#?}", built.findings);
        let credential = built.credentials.first().expect("one credential");
        credential
            .subject()
            .or(credential.expression())
            .unwrap_or_default()
            .to_owned()
    }

    fn error_codes(input: &GitHubInput) -> Vec<&'static str> {
        let built = input.build(&Common::default());
        assert!(built.credentials.is_empty(), "errors leave no credential");
        built
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code.as_str())
            .collect()
    }

    #[test]
    fn default_subjects_follow_githubs_documented_shapes() {
        let cases = [
            (
                "environment_wins_and_is_named",
                Entity::Environment("prod".into()),
                "repo:octo-org/octo-repo:environment:prod",
            ),
            (
                "branch_ref",
                Entity::Branch("main".into()),
                "repo:octo-org/octo-repo:ref:refs/heads/main",
            ),
            (
                "branch_with_slashes",
                Entity::Branch("release/2026.11".into()),
                "repo:octo-org/octo-repo:ref:refs/heads/release/2026.11",
            ),
            (
                "tag_ref",
                Entity::Tag("v1.2.0".into()),
                "repo:octo-org/octo-repo:ref:refs/tags/v1.2.0",
            ),
            (
                "pull_request_uses_an_underscore",
                Entity::PullRequest,
                "repo:octo-org/octo-repo:pull_request",
            ),
            (
                "colon_in_environment_is_escaped",
                Entity::Environment("production:eastus".into()),
                "repo:octo-org/octo-repo:environment:production%3Aeastus",
            ),
            (
                "full_ref_typed_for_a_branch",
                Entity::Branch("refs/heads/main".into()),
                "repo:octo-org/octo-repo:ref:refs/heads/main",
            ),
        ];
        for (situation, entity, expected) in cases {
            assert_eq!(
                subject_of(&input("octo-org/octo-repo", entity)),
                expected,
                "{situation}"
            );
        }
    }

    #[test]
    fn issuers_for_each_github_instance() {
        let cases = [
            (
                "github_com",
                "",
                "",
                "",
                "https://token.actions.githubusercontent.com",
            ),
            (
                "enterprise_unique_issuer",
                "avocado-corp",
                "",
                "",
                "https://token.actions.githubusercontent.com/avocado-corp",
            ),
            (
                "ghe_com_data_residency",
                "",
                "contoso",
                "",
                "https://token.actions.contoso.ghe.com",
            ),
            (
                "ghe_com_with_slug",
                "contoso-ent",
                "contoso",
                "",
                "https://token.actions.contoso.ghe.com/contoso-ent",
            ),
            (
                "enterprise_server",
                "",
                "",
                "github.contoso.com",
                "https://github.contoso.com/_services/token",
            ),
        ];
        for (situation, enterprise, ghe_subdomain, ghes_host, issuer) in cases {
            let input = GitHubInput {
                enterprise: enterprise.into(),
                ghe_subdomain: ghe_subdomain.into(),
                ghes_host: ghes_host.into(),
                ..input("octo-org/octo-repo", Entity::Branch("main".into()))
            };
            let built = input.build(&Common::default());
            assert_eq!(
                built.credentials.first().map(|c| c.issuer.as_str()),
                Some(issuer),
                "{situation}"
            );
        }
    }

    #[test]
    fn immutable_subjects_carry_both_numeric_ids() {
        let input = GitHubInput {
            owner_id: "123456".into(),
            repo_id: "456789".into(),
            ..input("octocat/my-repo", Entity::Branch("main".into()))
        };
        assert_eq!(
            subject_of(&input),
            "repo:octocat@123456/my-repo@456789:ref:refs/heads/main"
        );
        let half = GitHubInput {
            repo_id: String::new(),
            ..input.clone()
        };
        assert_eq!(error_codes(&half), ["immutable_ids_incomplete"]);
        let words = GitHubInput {
            owner_id: "octocat".into(),
            ..input
        };
        assert_eq!(error_codes(&words), ["id_not_numeric"]);
    }

    #[test]
    fn customised_templates_join_key_value_pairs_in_order() {
        let owner_visibility = GitHubInput {
            claim_keys: vec!["repository_owner".into(), "repository_visibility".into()],
            claims: vec![("repository_visibility".into(), "private".into())],
            ..input("monalisa/app", Entity::Branch("main".into()))
        };
        assert_eq!(
            subject_of(&owner_visibility),
            "repository_owner:monalisa:repository_visibility:private"
        );

        let with_workflow = GitHubInput {
            claim_keys: vec!["repo".into(), "context".into(), "job_workflow_ref".into()],
            job_workflow_ref: "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
                .into(),
            ..input("octo-org/octo-repo", Entity::Environment("prod".into()))
        };
        assert_eq!(
            subject_of(&with_workflow),
            "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
        );

        let rename_proof = GitHubInput {
            claim_keys: vec!["repository_owner_id".into(), "repository_id".into()],
            owner_id: "65".into(),
            repo_id: "74".into(),
            ..input("octo-org/octo-repo", Entity::Branch("main".into()))
        };
        assert_eq!(
            subject_of(&rename_proof),
            "repository_owner_id:65:repository_id:74"
        );

        let missing = GitHubInput {
            claim_keys: vec!["repository_owner".into(), "workflow".into()],
            ..input("octo-org/octo-repo", Entity::Branch("main".into()))
        };
        assert_eq!(error_codes(&missing), ["claim_value_missing"]);
    }

    #[test]
    fn patterns_become_flexible_expressions() {
        let tags = input("contoso/contoso-repo", Entity::TagPattern("v*".into()));
        assert_eq!(
            subject_of(&tags),
            "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/tags/v*'"
        );
        let from_main_only = GitHubInput {
            job_workflow_ref: "contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main".into(),
            ..input("contoso/contoso-repo", Entity::BranchPattern("*".into()))
        };
        assert_eq!(
            subject_of(&from_main_only),
            "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*' and claims['job_workflow_ref'] matches 'contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main'"
        );
        let quote = input(
            "contoso/contoso-repo",
            Entity::BranchPattern("it's/*".into()),
        );
        assert_eq!(error_codes(&quote), ["quote_in_expression"]);
    }

    #[test]
    fn bad_repositories_and_refs_are_refused_with_the_reason() {
        let cases: [(&str, &str, Entity, &[&str]); 9] = [
            (
                "missing_repo",
                "",
                Entity::Branch("main".into()),
                &["repo_required"],
            ),
            (
                "no_slash",
                "contoso",
                Entity::Branch("main".into()),
                &["repo_shape"],
            ),
            (
                "cyrillic_a_in_repo",
                "contoso/p\u{0430}yments",
                Entity::Branch("main".into()),
                &["non_ascii_character"],
            ),
            (
                "space_in_repo",
                "contoso/my repo",
                Entity::Branch("main".into()),
                &["repo_name_invalid"],
            ),
            (
                "owner_with_leading_dash",
                "-contoso/app",
                Entity::Branch("main".into()),
                &["repo_owner_invalid"],
            ),
            (
                "wildcard_branch",
                "contoso/app",
                Entity::Branch("release/*".into()),
                &["wildcard_not_supported"],
            ),
            (
                "branch_with_space",
                "contoso/app",
                Entity::Branch("my branch".into()),
                &["ref_invalid"],
            ),
            (
                "empty_environment",
                "contoso/app",
                Entity::Environment(String::new()),
                &["environment_required"],
            ),
            (
                "padded_environment",
                "contoso/app",
                Entity::Environment("prod ".into()),
                &["surrounding_whitespace"],
            ),
        ];
        for (situation, repo, entity, expected) in cases {
            assert_eq!(error_codes(&input(repo, entity)), expected, "{situation}");
        }
    }

    #[test]
    fn a_cyrillic_letter_is_named_with_its_code_point() {
        let built = input("contoso/p\u{0430}yments", Entity::Branch("main".into()))
            .build(&Common::default());
        let message = &built.findings.first().expect("a finding").message;
        assert!(message.contains("U+0430"), "{message}");
    }

    #[test]
    fn a_repository_url_is_read_as_owner_and_repo() {
        let input = input(
            "https://github.com/contoso/app.git",
            Entity::Branch("main".into()),
        );
        assert_eq!(subject_of(&input), "repo:contoso/app:ref:refs/heads/main");
    }

    #[test]
    fn the_suggested_name_says_what_the_credential_is_for() {
        let built = input(
            "Contoso/Payments-API",
            Entity::Environment("Production".into()),
        )
        .build(&Common::default());
        assert_eq!(
            built.credentials.first().map(|c| c.name.as_str()),
            Some("github-contoso-payments-api-env-production")
        );
    }
}
