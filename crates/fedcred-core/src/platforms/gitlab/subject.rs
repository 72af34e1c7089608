//! GitLab subjects read back: `project_path:<group>/<project>:ref_type:<type>:ref:<name>`, or
//! the form that leads with the project's ID, `project_id:<id>:ref_type:<type>:ref:<name>`
//! (field guide §5, §9).

use super::{GITLAB_COM, GitLabInput, RefType};
use crate::platforms::Platform;

/// The builder inputs for a GitLab ID token's issuer and subject.
pub(crate) fn read_back(issuer: &str, subject: &str) -> Option<Platform> {
    let (project_path, project_id, tail) = match subject.strip_prefix("project_path:") {
        Some(rest) => {
            let (path, tail) = rest.split_once(":ref_type:")?;
            (path, "", tail)
        }
        None => {
            let (id, tail) = subject
                .strip_prefix("project_id:")?
                .split_once(":ref_type:")?;
            ("", id, tail)
        }
    };
    let (ref_type, git_ref) = tail.split_once(":ref:")?;
    let ref_type = if ref_type == "tag" {
        RefType::Tag
    } else {
        RefType::Branch
    };
    Some(Platform::GitLab(GitLabInput {
        issuer: if issuer == GITLAB_COM {
            String::new()
        } else {
            issuer.to_owned()
        },
        project_path: project_path.to_owned(),
        project_id: project_id.to_owned(),
        ref_type,
        git_ref: git_ref.to_owned(),
    }))
}
