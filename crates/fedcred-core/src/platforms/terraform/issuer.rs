//! HCP Terraform's issuers (field guide §5; HCP Terraform docs, dynamic provider credentials).

use crate::finding::Finding;
use crate::flexible::{ClaimRule, EQ_OR_MATCHES, FlexibleRules};
use crate::url::{IssuerUrl, case_trap, fixed_issuer_slash_trap};

/// HCP Terraform's issuer.
pub const TERRAFORM_CLOUD: &str = "https://app.terraform.io";
/// HCP Terraform Europe's issuer.
pub const TERRAFORM_CLOUD_EU: &str = "https://app.eu.terraform.io";

/// HCP Terraform, or a Terraform Enterprise whose subject has Terraform's shape.
pub(crate) fn recognises(issuer: &IssuerUrl<'_>, subject: &str) -> bool {
    issuer.host.ends_with("terraform.io")
        || subject.starts_with("organization:") && subject.contains(":workspace:")
}

/// No trailing slash, and written in lower case.
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    let mut findings = fixed_issuer_slash_trap(issuer, &[TERRAFORM_CLOUD, TERRAFORM_CLOUD_EU]);
    if issuer.raw.trim() != issuer.lower && issuer.lower.starts_with(TERRAFORM_CLOUD) {
        findings.push(case_trap(&issuer.lower));
    }
    findings
}

/// HCP Terraform flexible credentials: `sub` only, unchanged in 2026 (field guide §2, §9).
pub(crate) fn flexible_rules(issuer: &str) -> Option<FlexibleRules> {
    (issuer == TERRAFORM_CLOUD || issuer == TERRAFORM_CLOUD_EU).then_some(FlexibleRules {
        claims: &[ClaimRule {
            claim: "sub",
            ops: EQ_OR_MATCHES,
        }],
        one_of: &[],
        missing_id_fix: "",
        source: "Entra docs, flexible federated identity credentials",
    })
}

/// What an HCP Terraform token's claim means.
pub(crate) fn claim_meaning(name: &str) -> &'static str {
    match name {
        "terraform_organization_name" => "the organization",
        "terraform_project_name" => "the project",
        "terraform_workspace_name" => "the workspace",
        "terraform_run_phase" => "plan or apply: each phase has its own subject",
        "terraform_run_id" => "the run's ID",
        _ => "",
    }
}
