//! GitHub's issuers, their traps, the claims of its tokens, and the claims its flexible
//! credentials may use. A leaf: the shared checks ask it without depending on the builder.

use crate::finding::{Code, Finding};
use crate::flexible::{ClaimRule, EQ_ONLY, EQ_OR_MATCHES, FlexibleRules};
use crate::url::{IssuerUrl, case_trap};

/// The GitHub Actions issuer on github.com (no trailing slash; GitHub docs, "OpenID Connect
/// reference").
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// github.com (± an enterprise slug), GHE.com (`token.actions.<subdomain>.ghe.com`) and GitHub
/// Enterprise Server (`https://<host>/_services/token`).
pub(crate) fn recognises(issuer: &IssuerUrl<'_>, _subject: &str) -> bool {
    issuer.host == "token.actions.githubusercontent.com"
        || (issuer.host.starts_with("token.actions.") && issuer.host.ends_with(".ghe.com"))
        || issuer.lower.ends_with("/_services/token")
}

/// The issuer has no trailing slash in tokens and is written in lower case (field guide §3, §8.5).
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !issuer.lower.starts_with(GITHUB_ISSUER) {
        return findings;
    }
    if issuer.raw.ends_with('/') {
        findings.push(Finding::warning(
            Code::GithubIssuerTrailingSlash,
            "issuer",
            format!(
                "GitHub's issuer has no trailing slash: use {}",
                issuer.raw.trim_end_matches('/')
            ),
        ));
    }
    // Compared trimmed: white space has a finding of its own.
    if issuer.raw.trim() != issuer.lower {
        findings.push(case_trap(&issuer.lower));
    }
    findings
}

/// GitHub flexible credentials: `sub` and `job_workflow_ref` with `eq` or `matches`, and since
/// 2026 `repository_id` and/or `repository_owner_id`, `eq` only, which every expression must pin
/// (Entra docs, workload-identities-flexible-federated-identity-credentials.md, 2026-08-14;
/// field guide §9).
pub(crate) fn flexible_rules(issuer: &str) -> Option<FlexibleRules> {
    (issuer == GITHUB_ISSUER).then_some(FlexibleRules {
        claims: &[
            ClaimRule { claim: "sub", ops: EQ_OR_MATCHES },
            ClaimRule { claim: "job_workflow_ref", ops: EQ_OR_MATCHES },
            ClaimRule { claim: "repository_id", ops: EQ_ONLY },
            ClaimRule { claim: "repository_owner_id", ops: EQ_ONLY },
        ],
        one_of: &["repository_id", "repository_owner_id"],
        missing_id_fix: "add and claims['repository_id'] eq '<ID>' (gh api repos/OWNER/REPO --jq .id, or repository_id in a token), or claims['repository_owner_id'] eq '<ID>' for every repository of the owner",
        source: "Entra docs, flexible federated identity credentials (2026-08-14)",
    })
}

/// What a GitHub token's claim means (GitHub docs, "OpenID Connect reference", claims table).
pub(crate) fn claim_meaning(name: &str) -> &'static str {
    match name {
        "environment" => {
            "the environment the job names; when present, the subject uses it instead of the ref"
        }
        "ref" => "the git ref the workflow ran for",
        "ref_type" => "branch or tag",
        "repository" => "OWNER/REPO, with the case GitHub uses",
        "repository_owner" => "the owner (user or organization)",
        "repository_id" => "the repository's numeric ID (stable across renames)",
        "repository_owner_id" => "the owner's numeric ID (stable across renames)",
        "repository_visibility" => "public, private or internal",
        "event_name" => {
            "the event that triggered the run; pull_request runs without an environment get the pull_request subject"
        }
        "job_workflow_ref" => {
            "the workflow file and ref of the job (the reusable workflow, if any); usable in flexible credentials"
        }
        "job_workflow_sha" => "the commit of the job's workflow file",
        "workflow" => "the workflow's name",
        "workflow_ref" => "the calling workflow file and ref",
        "workflow_sha" => "the commit of the calling workflow",
        "actor" => "the user who started the run",
        "actor_id" => "that user's numeric ID",
        "head_ref" => "the source branch of a pull request",
        "base_ref" => "the target branch of a pull request",
        "sha" => "the commit that triggered the run",
        "run_id" => "the run's ID",
        "run_number" => "the run's number in this workflow",
        "run_attempt" => "which attempt of the run",
        "runner_environment" => "github-hosted or self-hosted",
        "enterprise" => "the enterprise slug",
        "enterprise_id" => "the enterprise's numeric ID",
        _ => "",
    }
}
