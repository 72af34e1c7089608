//! HCP Terraform subjects read back:
//! `organization:<org>:project:<project>:workspace:<ws>:run_phase:<phase>`.

use super::{RunPhase, TERRAFORM_CLOUD, TerraformInput};
use crate::platforms::Platform;

/// The builder inputs for an HCP Terraform token's issuer and subject.
pub(crate) fn read_back(issuer: &str, subject: &str) -> Option<Platform> {
    let field = |key: &str, next: &str| {
        subject.split_once(&format!("{key}:")).map(|(_, r)| {
            r.split(&format!(":{next}:"))
                .next()
                .unwrap_or_default()
                .to_owned()
        })
    };
    let run_phase = match subject.rsplit(':').next() {
        Some("plan") => RunPhase::Plan,
        Some("apply") => RunPhase::Apply,
        _ => RunPhase::Both,
    };
    Some(Platform::Terraform(TerraformInput {
        issuer: if issuer == TERRAFORM_CLOUD {
            String::new()
        } else {
            issuer.to_owned()
        },
        organization: field("organization", "project")?,
        project: field("project", "workspace")?,
        workspace: field("workspace", "run_phase")?,
        run_phase,
    }))
}
