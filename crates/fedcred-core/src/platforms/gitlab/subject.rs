//! GitLab subjects read back: `project_path:<group>/<project>:ref_type:<type>:ref:<name>`.

use super::{GITLAB_COM, GitLabInput, RefType};
use crate::platforms::Platform;

/// The builder inputs for a GitLab ID token's issuer and subject.
pub(crate) fn read_back(issuer: &str, subject: &str) -> Option<Platform> {
    let rest = subject.strip_prefix("project_path:")?;
    let (path, tail) = rest.split_once(":ref_type:")?;
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
        project_path: path.to_owned(),
        ref_type,
        git_ref: git_ref.to_owned(),
        ..Default::default()
    }))
}
