//! Terraform Cloud / HCP Terraform (field guide §5; HashiCorp docs, "Dynamic credentials with
//! the Azure provider").
//!
//! Issuer `https://app.terraform.io` (EU: `https://app.eu.terraform.io`; Terraform Enterprise: its
//! own URL), no trailing slash. Subject
//! `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>`, with
//! project `Default Project` when the workspace has none. Plan and apply present different
//! subjects, so they need two credentials — or one flexible credential with `run_phase:*`.
//!
//! ```
//! use fedcred_core::platforms::{Common, terraform::{RunPhase, TerraformInput}};
//!
//! let input = TerraformInput {
//!     organization: "contoso".into(),
//!     workspace: "payments-prod".into(),
//!     run_phase: RunPhase::Both,
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! let subjects: Vec<_> = built.credentials.iter().filter_map(|c| c.subject()).collect();
//! assert_eq!(subjects, [
//!     "organization:contoso:project:Default Project:workspace:payments-prod:run_phase:plan",
//!     "organization:contoso:project:Default Project:workspace:payments-prod:run_phase:apply",
//! ]);
//! ```

use serde::Serialize;

pub mod issuer;
pub(crate) mod subject;

pub use issuer::{TERRAFORM_CLOUD, TERRAFORM_CLOUD_EU};

use super::{Built, Common, Part, finish, name_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// The project a workspace is in when none was chosen.
pub const DEFAULT_PROJECT: &str = "Default Project";

/// Which run phases the credential accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunPhase {
    /// Plan runs only.
    Plan,
    /// Apply runs only.
    Apply,
    /// Plan and apply: two credentials.
    #[default]
    Both,
    /// Any phase: one flexible credential with `run_phase:*`.
    Any,
}

crate::keys!(RunPhase {
    Both => ("both", "Plan and apply (two credentials)"),
    Plan => ("plan", "Plan only"),
    Apply => ("apply", "Apply only"),
    Any => ("any", "Any phase (one flexible credential)"),
});

/// The facts a Terraform Cloud credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TerraformInput {
    /// The issuer; empty for `https://app.terraform.io`.
    pub issuer: String,
    /// The organization name.
    pub organization: String,
    /// The project name; empty for `Default Project`.
    pub project: String,
    /// The workspace name.
    pub workspace: String,
    /// Which phases.
    pub run_phase: RunPhase,
}

impl TerraformInput {
    /// Builds the credential(s), or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let issuer = if self.issuer.trim().is_empty() {
            TERRAFORM_CLOUD.to_owned()
        } else {
            self.issuer.clone()
        };
        let organization = name_input(
            &self.organization,
            "organization",
            "organization name",
            &[':', ' ', '\''],
            &mut findings,
        );
        let project = if self.project.is_empty() {
            findings.push(Finding::info(
                Code::DefaultProject,
                "project",
                format!(
                    "no project given: workspaces outside a project are in \"{DEFAULT_PROJECT}\""
                ),
            ));
            Some(DEFAULT_PROJECT)
        } else {
            name_input(
                &self.project,
                "project",
                "project name",
                &[':', '\''],
                &mut findings,
            )
        };
        let workspace = name_input(
            &self.workspace,
            "workspace",
            "workspace name",
            &[':', ' ', '\''],
            &mut findings,
        );
        let (Some(org), Some(project), Some(workspace)) = (organization, project, workspace) else {
            return finish(common, Vec::new(), findings);
        };
        let subject = |phase: &str| {
            format!("organization:{org}:project:{project}:workspace:{workspace}:run_phase:{phase}")
        };
        let part = |phase: &str, matcher: Matcher| Part {
            suggested_name: suggest_name(&["tfc", org, workspace, phase]),
            issuer: issuer.clone(),
            matcher,
        };
        let parts = match self.run_phase {
            RunPhase::Plan => vec![part("plan", Matcher::Subject(subject("plan")))],
            RunPhase::Apply => vec![part("apply", Matcher::Subject(subject("apply")))],
            RunPhase::Both => {
                findings.push(Finding::info(Code::TfcTwoCredentials, "run_phase", "plan and apply runs present different subjects: two credentials, or one flexible credential with run_phase:*"));
                vec![
                    part("plan", Matcher::Subject(subject("plan"))),
                    part("apply", Matcher::Subject(subject("apply"))),
                ]
            }
            RunPhase::Any => {
                findings.push(Finding::info(
                    Code::FlexiblePreview,
                    "run_phase",
                    "run_phase:* needs a flexible credential (preview)",
                ));
                vec![part(
                    "any",
                    Matcher::Expression(format!("claims['sub'] matches '{}'", subject("*"))),
                )]
            }
        };
        finish(common, parts, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_phase_gives_its_credentials() {
        let base = TerraformInput {
            organization: "contoso".into(),
            project: "contoso-proj".into(),
            workspace: "wrk-1".into(),
            ..Default::default()
        };
        let cases: [(RunPhase, &[&str]); 4] = [
            (
                RunPhase::Plan,
                &["organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:plan"],
            ),
            (
                RunPhase::Apply,
                &["organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:apply"],
            ),
            (
                RunPhase::Both,
                &[
                    "organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:plan",
                    "organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:apply",
                ],
            ),
            (
                RunPhase::Any,
                &[
                    "claims['sub'] matches 'organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:*'",
                ],
            ),
        ];
        for (run_phase, expected) in cases {
            let built = TerraformInput {
                run_phase,
                ..base.clone()
            }
            .build(&Common::default());
            let got: Vec<&str> = built
                .credentials
                .iter()
                .filter_map(|c| c.subject().or(c.expression()))
                .collect();
            assert_eq!(got, expected, "{run_phase:?}");
            assert!(
                built
                    .credentials
                    .iter()
                    .all(|c| c.issuer == TERRAFORM_CLOUD)
            );
        }
    }

    #[test]
    fn two_credentials_get_distinct_names_from_one_given_name() {
        let input = TerraformInput {
            organization: "contoso".into(),
            workspace: "wrk-1".into(),
            ..Default::default()
        };
        let common = Common {
            name: "tfc-payments".into(),
            ..Default::default()
        };
        let names: Vec<String> = input
            .build(&common)
            .credentials
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["tfc-payments-plan", "tfc-payments-apply"]);
    }

    #[test]
    fn a_colon_in_a_name_would_shift_the_subject_and_is_refused() {
        let input = TerraformInput {
            organization: "con:toso".into(),
            workspace: "w".into(),
            ..Default::default()
        };
        let built = input.build(&Common::default());
        assert!(built.credentials.is_empty());
        assert_eq!(
            built
                .findings
                .iter()
                .find(|f| f.is_error())
                .map(|f| (f.code.as_str(), f.field)),
            Some(("character_not_allowed", Some("organization")))
        );
    }
}
