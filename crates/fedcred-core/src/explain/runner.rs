//! Failures on the runner, before any token reached Entra: the job could not get its OIDC token.
//! Texts as users paste them (field guide §3, §9): GitHub's toolkit says `Unable to get
//! ACTIONS_ID_TOKEN_REQUEST_URL env variable`, azure/login `Failed to fetch federated token from
//! GitHub. Please make sure to give write permissions to id-token in the workflow.`

use super::report::{ReportFinding, finding};
use crate::finding::Code;

/// What the runner's text says, when it is one of these failures.
pub(super) fn failure(text: &str) -> Option<ReportFinding> {
    let markers = [
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "Failed to fetch federated token from GitHub",
        "write permissions to id-token",
    ];
    if !markers.iter().any(|m| text.contains(m)) {
        return None;
    }
    let mut f = finding(
        Code::RunnerNoToken,
        None,
        "the job could not get its OIDC token from GitHub, so nothing reached Entra. The usual causes: the workflow or the job lacks permissions: id-token: write (a job-level permissions: block replaces the workflow's, dropping it); the run is a Dependabot run or a pull request from a fork, which get no OIDC token; or a reusable workflow is called by a workflow that lacks the permission (the caller must grant it)",
        Some("grant the permission in the job that logs in (or in the calling workflow); for Dependabot and fork pull requests, run the Azure step on push, or use pull_request_target with care".to_owned()),
    );
    f.command = Some("permissions:\n  id-token: write\n  contents: read".to_owned());
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::failure;

    #[test]
    fn runner_texts_are_recognised() {
        for text in [
            "Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
            "Error: Failed to fetch federated token from GitHub. Please make sure to give write permissions to id-token in the workflow.",
            "2026-11-02T10:00:00Z ##[error]Login failed with Error: Failed to fetch federated token from GitHub.",
        ] {
            assert!(failure(text).is_some(), "{text}");
        }
        assert!(failure("AADSTS700213: No matching federated identity record").is_none());
    }
}
