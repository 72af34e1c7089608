//! GitLab's issuers: gitlab.com or a self-managed instance URL (field guide §5, §9; GitLab docs,
//! "OpenID Connect (OIDC) ID token authentication").

use crate::expression::syntax::Expression;
use crate::finding::{Code, Finding};
use crate::flexible::{ClaimRule, EQ_OR_MATCHES, FlexibleRules};
use crate::url::{IssuerUrl, fixed_issuer_slash_trap};

/// GitLab.com's issuer.
pub const GITLAB_COM: &str = "https://gitlab.com";

/// gitlab.com, or a self-managed instance whose subject has GitLab's shape.
pub(crate) fn recognises(issuer: &IssuerUrl<'_>, subject: &str) -> bool {
    issuer.host == "gitlab.com"
        || subject.starts_with("project_path:")
        || (subject.starts_with("project_id:") && subject.contains(":ref_type:"))
}

/// gitlab.com's issuer has no trailing slash.
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    fixed_issuer_slash_trap(issuer, &[GITLAB_COM])
}

/// GitLab flexible credentials: `sub`, and since 2026 one or more of `project_id`,
/// `namespace_id`, `user_id` (every GitLab ID token carries all three), whether the subject
/// leads with `project_path` or `project_id` (Entra docs, mutable subjects page, newest version;
/// the older set-up page names only `project_id` for path subjects; field guide §9). The sources
/// restrict no operator for the IDs.
pub(crate) fn flexible_rules(issuer: &str) -> Option<FlexibleRules> {
    (issuer == GITLAB_COM).then_some(RULES)
}

/// GitLab's rules, for gitlab.com and self-managed instances alike (see [`flexible_rules`]).
const RULES: FlexibleRules = FlexibleRules {
    claims: &[
        ClaimRule {
            claim: "sub",
            ops: EQ_OR_MATCHES,
        },
        ClaimRule {
            claim: "project_id",
            ops: EQ_OR_MATCHES,
        },
        ClaimRule {
            claim: "namespace_id",
            ops: EQ_OR_MATCHES,
        },
        ClaimRule {
            claim: "user_id",
            ops: EQ_OR_MATCHES,
        },
    ],
    one_of: &["project_id", "namespace_id", "user_id"],
    missing_id_fix: "add and claims['project_id'] eq '<ID>' (the number under the project's name in GitLab), or namespace_id or user_id",
    source: "Entra docs, mutable subjects (2026-09-18)",
};

/// GitLab's rules for an issuer no provider recognises whose expression is GitLab's: it tests
/// `project_id`, `namespace_id` or `user_id`, or a `sub` of GitLab's shapes (`project_path:…`,
/// `project_id:…`); with the note that says so. Entra supports self-managed GitLab issuers
/// (`https://gitlab.example.com`) with GitLab's rules (Entra docs,
/// workload-identities-flexible-federated-identity-credentials.md, 2026-08-14, and
/// …-set-up-flexible-federated-identity-credential.md, 2026-09-18; field guide §9). How Entra
/// tells a self-managed GitLab from another issuer, the sources do not say: fedcred goes by the
/// expression, and says so.
pub(crate) fn self_managed_rules(
    issuer: &str,
    expression: &Expression,
) -> Option<(FlexibleRules, Finding)> {
    let telling = expression.terms.iter().find(|t| {
        RULES.one_of.contains(&t.claim.as_str())
            || (t.claim == "sub"
                && (t.value.starts_with("project_path:") || t.value.starts_with("project_id:")))
    })?;
    let note = Finding::info(
        Code::ExpressionIssuerInferred,
        "expression",
        format!(
            "fedcred took {issuer} for a self-managed GitLab from the expression ({telling}), so GitLab's rules apply: claims['sub'] and one or more of claims['project_id'], claims['namespace_id'], claims['user_id'] (Entra accepts self-managed GitLab issuers)"
        ),
    );
    Some((RULES, note))
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
