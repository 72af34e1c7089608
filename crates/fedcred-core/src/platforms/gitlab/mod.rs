//! GitLab CI (field guide §5; GitLab docs, "OpenID Connect (OIDC) ID token authentication").
//!
//! Issuer: the instance URL (`https://gitlab.com`, or a self-managed URL), no trailing slash.
//! Subject: `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>` (no `refs/heads/`),
//! or with the project ID: `project_id:<id>:ref_type:branch:ref:main`. The job sets the audience
//! with `id_tokens: <VAR>: aud: api://AzureADTokenExchange`. A ref with `*` or `?` becomes a
//! flexible credential (`sub` is the one claim Entra documents for GitLab).
//!
//! ```
//! use fedcred_core::platforms::{Common, gitlab::{GitLabInput, RefType}};
//!
//! let input = GitLabInput {
//!     project_path: "contoso/payments".into(),
//!     ref_type: RefType::Branch,
//!     git_ref: "main".into(),
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! assert_eq!(built.credentials[0].issuer, "https://gitlab.com");
//! assert_eq!(built.credentials[0].subject(), Some("project_path:contoso/payments:ref_type:branch:ref:main"));
//! ```

use serde::Serialize;

mod include;
pub mod issuer;
pub mod job;
pub mod pipeline;
pub(crate) mod subject;

pub use issuer::GITLAB_COM;

use super::{Built, Common, Part, finish, name_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// Whether the pipeline ran for a branch or a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefType {
    /// A branch pipeline.
    #[default]
    Branch,
    /// A tag pipeline.
    Tag,
}

crate::keys!(RefType {
    Branch => ("branch", "Branch"),
    Tag => ("tag", "Tag"),
});

impl RefType {
    fn as_str(self) -> &'static str {
        match self {
            RefType::Branch => "branch",
            RefType::Tag => "tag",
        }
    }
}

/// `project_path:group/project:ref_type:branch:ref:main`, from the project part
/// (`project_path:…` or `project_id:…`), the ref type and the ref (GitLab docs, "ID token
/// authentication", `sub`).
fn subject_text(project: &str, ref_type: RefType, git_ref: &str) -> String {
    format!("{project}:ref_type:{}:ref:{git_ref}", ref_type.as_str())
}

/// The facts a GitLab credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GitLabInput {
    /// The instance URL; empty for gitlab.com.
    pub issuer: String,
    /// `group/project` (subgroups allowed), for the default subject.
    pub project_path: String,
    /// The numeric project ID, for a subject customised to `project_id`.
    pub project_id: String,
    /// Branch or tag.
    pub ref_type: RefType,
    /// The branch or tag name; `*` and `?` make it a pattern.
    #[serde(rename = "ref")]
    pub git_ref: String,
}

impl GitLabInput {
    /// The project ID, when given: a positive number.
    fn project_id(&self, findings: &mut Vec<Finding>) -> Option<u64> {
        let text = self.project_id.trim();
        if text.is_empty() {
            return None;
        }
        let id = text.parse::<u64>().ok().filter(|id| *id > 0);
        if id.is_none() {
            findings.push(Finding::error(
                Code::IdNotNumeric,
                "project_id",
                "the project ID is a number, shown under the project name in GitLab",
            ));
        }
        id
    }

    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let issuer = if self.issuer.trim().is_empty() {
            GITLAB_COM.to_owned()
        } else {
            self.issuer.clone()
        };
        let project_id = self.project_id(&mut findings);
        let project = match (self.project_path.trim().is_empty(), self.project_id.trim().is_empty()) {
            (true, true) => {
                findings.push(Finding::error(Code::ValueRequired, "project_path", "the project path (group/project) or the project ID is required"));
                None
            }
            // With both, the subject leads with the path (GitLab's default) and the ID pins a
            // flexible credential (field guide §9: a subject holds one of them, never both).
            (false, _) => name_input(&self.project_path, "project_path", "project path", &[' ', ':'], &mut findings).and_then(|path| {
                if path.contains('/') && !path.starts_with('/') && !path.ends_with('/') {
                    Some(format!("project_path:{path}"))
                } else {
                    findings.push(Finding::error(Code::ProjectPathShape, "project_path", "the project path is group/project (with subgroups: group/subgroup/project), as in the project's URL"));
                    None
                }
            }),
            (true, false) => project_id.map(|id| {
                findings.push(Finding::info(Code::GitlabProjectIdSubject, "project_id", "a project_id subject needs the project's sub to be customised to project_id in GitLab (ci_id_token_sub_claim_components); the default uses project_path"));
                format!("project_id:{id}")
            }),
        };
        let git_ref = name_input(
            &self.git_ref,
            "ref",
            "branch or tag name",
            &[' ', ':', '\''],
            &mut findings,
        );
        let parts = match (project, git_ref) {
            (Some(project), Some(git_ref)) => {
                let git_ref = git_ref
                    .trim_start_matches("refs/heads/")
                    .trim_start_matches("refs/tags/");
                let subject = subject_text(&project, self.ref_type, git_ref);
                let matcher = if git_ref.contains(['*', '?']) {
                    findings.push(Finding::info(
                        Code::FlexiblePreview,
                        "ref",
                        "a ref with '*' or '?' needs a flexible credential (preview)",
                    ));
                    // Since 2026 Entra applies a GitLab expression only when it also pins
                    // project_id, namespace_id or user_id (Entra docs, mutable subjects,
                    // 2026-09-18; field guide §9).
                    match project_id {
                        Some(id) => Matcher::Expression(format!(
                            "claims['sub'] matches '{subject}' and claims['project_id'] eq '{id}'"
                        )),
                        None => {
                            findings.push(Finding::error(
                                Code::ExpressionIdRequired,
                                "project_id",
                                "a ref with '*' or '?' makes a flexible credential, and Entra now applies one only when it pins the project by ID: give the project ID (the number under the project's name in GitLab)",
                            ));
                            Matcher::Expression(format!("claims['sub'] matches '{subject}'"))
                        }
                    }
                } else {
                    Matcher::Subject(subject)
                };
                vec![Part {
                    suggested_name: suggest_name(&[
                        "gitlab",
                        &project.replace(['/', ':'], "-"),
                        self.ref_type.as_str(),
                        git_ref,
                    ]),
                    issuer,
                    matcher,
                }]
            }
            _ => Vec::new(),
        };
        finish(common, parts, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(input: &GitLabInput) -> Option<String> {
        let built = input.build(&Common::default());
        built.credentials.first().map(|c| {
            c.subject()
                .or(c.expression())
                .unwrap_or_default()
                .to_owned()
        })
    }

    #[test]
    fn subjects_for_paths_ids_branches_and_tags() {
        let cases = [
            (
                "branch_by_path",
                "contoso/payments",
                "",
                RefType::Branch,
                "main",
                "project_path:contoso/payments:ref_type:branch:ref:main",
            ),
            (
                "tag_in_subgroup",
                "contoso/platform/payments",
                "",
                RefType::Tag,
                "v2.0.1",
                "project_path:contoso/platform/payments:ref_type:tag:ref:v2.0.1",
            ),
            (
                "project_id_form",
                "",
                "57382910",
                RefType::Branch,
                "main",
                "project_id:57382910:ref_type:branch:ref:main",
            ),
            (
                "pattern_is_flexible_and_pins_the_project",
                "contoso/payments",
                "57382910",
                RefType::Branch,
                "release-*",
                "claims['sub'] matches 'project_path:contoso/payments:ref_type:branch:ref:release-*' and claims['project_id'] eq '57382910'",
            ),
        ];
        for (situation, path, id, ref_type, git_ref, expected) in cases {
            let input = GitLabInput {
                project_path: path.into(),
                project_id: id.into(),
                ref_type,
                git_ref: git_ref.into(),
                ..Default::default()
            };
            assert_eq!(subject(&input).as_deref(), Some(expected), "{situation}");
        }
    }

    #[test]
    fn self_managed_instances_use_their_url_and_keep_it_exact() {
        let input = GitLabInput {
            issuer: "https://gitlab.contoso.com".into(),
            project_path: "a/b".into(),
            git_ref: "main".into(),
            ..Default::default()
        };
        assert_eq!(
            input
                .build(&Common::default())
                .credentials
                .first()
                .map(|c| c.issuer.as_str()),
            Some("https://gitlab.contoso.com")
        );
        let slash = GitLabInput {
            issuer: "https://gitlab.com/".into(),
            ..input
        };
        assert!(
            slash
                .build(&Common::default())
                .findings
                .iter()
                .any(|f| f.code == "issuer_trailing_slash")
        );
    }

    #[test]
    fn a_self_managed_instance_takes_a_pattern_pinned_by_the_project_id() {
        let input = GitLabInput {
            issuer: "https://gitlab.contoso.com".into(),
            project_path: "a/b".into(),
            project_id: "57382910".into(),
            git_ref: "release-*".into(),
            ..Default::default()
        };
        let built = input.build(&Common::default());
        assert_eq!(
            built.credentials.first().and_then(|c| c.expression()),
            Some(
                "claims['sub'] matches 'project_path:a/b:ref_type:branch:ref:release-*' and claims['project_id'] eq '57382910'"
            ),
            "{:?}",
            built.findings
        );
    }

    #[test]
    fn project_must_be_a_path_or_an_id() {
        let none = GitLabInput {
            git_ref: "main".into(),
            ..Default::default()
        };
        assert_eq!(subject(&none), None);
        let both = GitLabInput {
            project_path: "a/b".into(),
            project_id: "1".into(),
            git_ref: "main".into(),
            ..Default::default()
        };
        // Both: the subject leads with the path (GitLab's default), the ID pins patterns (2026).
        assert_eq!(
            subject(&both).as_deref(),
            Some("project_path:a/b:ref_type:branch:ref:main")
        );
        let no_group = GitLabInput {
            project_path: "payments".into(),
            git_ref: "main".into(),
            ..Default::default()
        };
        assert!(
            no_group
                .build(&Common::default())
                .findings
                .iter()
                .any(|f| f.code == "project_path_shape")
        );
    }
}
