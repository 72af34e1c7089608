//! GitLab's issuers: gitlab.com or a self-managed instance URL (field guide §5, §9; GitLab docs,
//! "OpenID Connect (OIDC) ID token authentication").

use crate::finding::Finding;
use crate::url::{IssuerUrl, fixed_issuer_slash_trap};

/// GitLab.com's issuer.
pub const GITLAB_COM: &str = "https://gitlab.com";

/// gitlab.com, or a self-managed instance whose subject has GitLab's shape.
pub(crate) fn recognises(issuer: &IssuerUrl<'_>, subject: &str) -> bool {
    issuer.host == "gitlab.com" || subject.starts_with("project_path:")
}

/// gitlab.com's issuer has no trailing slash.
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    fixed_issuer_slash_trap(issuer, &[GITLAB_COM])
}

/// Claims Entra documents for GitLab flexible credentials.
pub(crate) fn expression_claims(issuer: &str) -> Option<&'static [&'static str]> {
    (issuer == GITLAB_COM).then_some(&["sub"])
}

/// What a GitLab ID token's claim means (GitLab docs, ID token claims).
pub(crate) fn claim_meaning(name: &str) -> &'static str {
    match name {
        "project_path" => "group/project",
        "project_id" => "the project's numeric ID",
        "namespace_path" => "the group",
        "ref" => "the branch or tag name",
        "ref_type" => "branch or tag",
        "ref_protected" => "whether the ref is protected",
        "pipeline_source" => "what started the pipeline",
        "user_login" => "the user who started the pipeline",
        _ => "",
    }
}
