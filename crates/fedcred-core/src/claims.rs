//! What each claim in a workload token means, per issuer (GitHub docs "OpenID Connect
//! reference"; Azure DevOps and Entra token references; Kubernetes service account tokens;
//! GitLab ID tokens; HCP Terraform workload identity).

use serde::Serialize;
use std::borrow::Cow;

use crate::json::Value;

use crate::token::Token;

/// The issuer family a token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssuerKind {
    /// GitHub Actions (github.com, GHE.com, GHES).
    GitHub,
    /// Azure DevOps, legacy issuer (`vstoken.dev.azure.com`).
    AzureDevOpsLegacy,
    /// Microsoft Entra (Azure DevOps' new issuer, managed identities, and access tokens).
    Entra,
    /// A Kubernetes cluster.
    Kubernetes,
    /// GitLab.
    GitLab,
    /// HCP Terraform / Terraform Cloud.
    Terraform,
    /// Anything else.
    Other,
}

impl IssuerKind {
    /// Recognises the issuer family from `iss` (and the subject's shape for self-hosted ones).
    pub fn of(issuer: &str, subject: &str) -> IssuerKind {
        let lower = issuer.trim().to_ascii_lowercase();
        let host = lower
            .strip_prefix("https://")
            .and_then(|r| r.split('/').next())
            .unwrap_or_default();
        if host == "token.actions.githubusercontent.com"
            || (host.starts_with("token.actions.") && host.ends_with(".ghe.com"))
            || lower.ends_with("/_services/token")
        {
            IssuerKind::GitHub
        } else if host == "vstoken.dev.azure.com" {
            IssuerKind::AzureDevOpsLegacy
        } else if host == "login.microsoftonline.com"
            || host == "sts.windows.net"
            || host.starts_with("login.microsoftonline.")
            || host == "login.chinacloudapi.cn"
        {
            IssuerKind::Entra
        } else if subject.starts_with("system:serviceaccount:") {
            IssuerKind::Kubernetes
        } else if host == "gitlab.com" || subject.starts_with("project_path:") {
            IssuerKind::GitLab
        } else if host.ends_with("terraform.io")
            || subject.starts_with("organization:") && subject.contains(":workspace:")
        {
            IssuerKind::Terraform
        } else {
            IssuerKind::Other
        }
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            IssuerKind::GitHub => "GitHub Actions",
            IssuerKind::AzureDevOpsLegacy => "Azure DevOps (legacy issuer)",
            IssuerKind::Entra => "Microsoft Entra",
            IssuerKind::Kubernetes => "Kubernetes",
            IssuerKind::GitLab => "GitLab CI",
            IssuerKind::Terraform => "HCP Terraform",
            IssuerKind::Other => "an OIDC issuer",
        }
    }
}

/// One claim, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimExplanation {
    /// The claim name.
    pub name: String,
    /// The value as text (JSON for non-strings).
    pub value: String,
    /// What it means.
    pub meaning: Cow<'static, str>,
    /// For dates: UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc: Option<String>,
    /// For dates: relative to now ("4 minutes ago").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// Whether Entra compares this claim with a credential.
    pub compared: bool,
}

fn meaning(kind: IssuerKind, name: &str) -> &'static str {
    match (kind, name) {
        (_, "iss") => "issuer: must equal the credential's issuer exactly",
        (_, "sub") => "subject: must equal the credential's subject exactly (case-sensitive)",
        (_, "aud") => {
            "audience: must equal the credential's audience (api://AzureADTokenExchange by default)"
        }
        (_, "exp") => "expiry: Entra refuses the token after this (AADSTS700024)",
        (_, "nbf") => "not before: Entra refuses the token before this",
        (_, "iat") => "issued at",
        (_, "jti") => "unique token ID",
        (IssuerKind::GitHub, "environment") => {
            "the environment the job names; when present, the subject uses it instead of the ref"
        }
        (IssuerKind::GitHub, "ref") => "the git ref the workflow ran for",
        (IssuerKind::GitHub, "ref_type") => "branch or tag",
        (IssuerKind::GitHub, "repository") => "OWNER/REPO, with the case GitHub uses",
        (IssuerKind::GitHub, "repository_owner") => "the owner (user or organization)",
        (IssuerKind::GitHub, "repository_id") => {
            "the repository's numeric ID (stable across renames)"
        }
        (IssuerKind::GitHub, "repository_owner_id") => {
            "the owner's numeric ID (stable across renames)"
        }
        (IssuerKind::GitHub, "repository_visibility") => "public, private or internal",
        (IssuerKind::GitHub, "event_name") => {
            "the event that triggered the run; pull_request runs without an environment get the pull_request subject"
        }
        (IssuerKind::GitHub, "job_workflow_ref") => {
            "the workflow file and ref of the job (the reusable workflow, if any); usable in flexible credentials"
        }
        (IssuerKind::GitHub, "job_workflow_sha") => "the commit of the job's workflow file",
        (IssuerKind::GitHub, "workflow") => "the workflow's name",
        (IssuerKind::GitHub, "workflow_ref") => "the calling workflow file and ref",
        (IssuerKind::GitHub, "workflow_sha") => "the commit of the calling workflow",
        (IssuerKind::GitHub, "actor") => "the user who started the run",
        (IssuerKind::GitHub, "actor_id") => "that user's numeric ID",
        (IssuerKind::GitHub, "head_ref") => "the source branch of a pull request",
        (IssuerKind::GitHub, "base_ref") => "the target branch of a pull request",
        (IssuerKind::GitHub, "sha") => "the commit that triggered the run",
        (IssuerKind::GitHub, "run_id") => "the run's ID",
        (IssuerKind::GitHub, "run_number") => "the run's number in this workflow",
        (IssuerKind::GitHub, "run_attempt") => "which attempt of the run",
        (IssuerKind::GitHub, "runner_environment") => "github-hosted or self-hosted",
        (IssuerKind::GitHub, "enterprise") => "the enterprise slug",
        (IssuerKind::GitHub, "enterprise_id") => "the enterprise's numeric ID",
        (IssuerKind::Entra, "tid") => "the Entra tenant",
        (IssuerKind::Entra, "oid") => "the object ID of the identity the token was issued to",
        (IssuerKind::Entra, "azp") => {
            "the client the token was issued to; 499b84ac-1321-427f-aa17-267ca6975798 is Azure DevOps"
        }
        (IssuerKind::Entra, "appid") => "the client the token was issued to (v1 tokens)",
        (IssuerKind::Entra, "idtyp") => {
            "the kind of identity (app for Azure DevOps connection tokens)"
        }
        (IssuerKind::Entra, "ver") => "the token version",
        (IssuerKind::Entra, "scp") => {
            "delegated scopes: this is an access token, not a workload's assertion"
        }
        (IssuerKind::Entra, "roles") => {
            "application roles: this is an access token, not a workload's assertion"
        }
        (IssuerKind::Kubernetes, "kubernetes.io") => {
            "the namespace, service account and pod the token was projected for"
        }
        (IssuerKind::GitLab, "project_path") => "group/project",
        (IssuerKind::GitLab, "project_id") => "the project's numeric ID",
        (IssuerKind::GitLab, "namespace_path") => "the group",
        (IssuerKind::GitLab, "ref") => "the branch or tag name",
        (IssuerKind::GitLab, "ref_type") => "branch or tag",
        (IssuerKind::GitLab, "ref_protected") => "whether the ref is protected",
        (IssuerKind::GitLab, "pipeline_source") => "what started the pipeline",
        (IssuerKind::GitLab, "user_login") => "the user who started the pipeline",
        (IssuerKind::Terraform, "terraform_organization_name") => "the organization",
        (IssuerKind::Terraform, "terraform_project_name") => "the project",
        (IssuerKind::Terraform, "terraform_workspace_name") => "the workspace",
        (IssuerKind::Terraform, "terraform_run_phase") => {
            "plan or apply: each phase has its own subject"
        }
        (IssuerKind::Terraform, "terraform_run_id") => "the run's ID",
        _ => "",
    }
}

/// What a JOSE header field means.
pub fn header_meaning(name: &str) -> &'static str {
    match name {
        "alg" => "signature algorithm: Entra supports RS256 for external tokens",
        "kid" => {
            "the ID of the issuer's key that signed the token (look it up in the issuer's JWKS)"
        }
        "x5t" => "the thumbprint of the signing certificate",
        "typ" => "the token type",
        "enc" => {
            "content encryption: an encrypted token, which Entra does not accept as an assertion"
        }
        _ => "",
    }
}

/// Every claim of a token, explained for its issuer, times shown in UTC and relative to `now`.
pub fn explain_claims(token: &Token, now: i64) -> (IssuerKind, Vec<ClaimExplanation>) {
    let kind = IssuerKind::of(
        token.claim_str("iss").unwrap_or_default(),
        token.claim_str("sub").unwrap_or_default(),
    );
    let explanations = token
        .claims
        .iter()
        .map(|(name, value)| {
            let time = matches!(name.as_str(), "exp" | "nbf" | "iat")
                .then(|| token.claim_time(name))
                .flatten();
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let known = meaning(kind, name);
            ClaimExplanation {
                name: name.clone(),
                value: text,
                meaning: if known.is_empty() {
                    Cow::Owned(format!("a claim of {}", kind.label()))
                } else {
                    Cow::Borrowed(known)
                },
                utc: time.map(crate::time::utc),
                relative: time.map(|t| crate::time::relative(t, now)),
                compared: matches!(name.as_str(), "iss" | "sub" | "aud"),
            }
        })
        .collect();
    (kind, explanations)
}
