//! The inputs the core's hot paths are measured with, shared by the criterion bench
//! (`benches/core.rs`) and the instruction-count runner (`examples/hot_paths.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use fedcred_core::base64url;

/// The time the token is valid at, Unix seconds.
pub const NOW: i64 = 1_767_225_600;

/// A GitHub-shaped token of about 1 KB.
pub fn token() -> String {
    let claims = serde_json::json!({
        "jti": "8e1a7c9e-5d2b-4f6a-9c3e-2b7d1f0a4c5e", "sub": "repo:contoso/payments-api:environment:production",
        "environment": "production", "aud": "api://AzureADTokenExchange", "ref": "refs/heads/main",
        "sha": "d6cd1e2bd19e03a81132a23b2025920577f84e37", "repository": "contoso/payments-api",
        "repository_owner": "contoso", "actor_id": "12", "repository_visibility": "private",
        "repository_id": "74", "repository_owner_id": "65", "run_id": "7581234567", "run_number": "10",
        "run_attempt": "2", "runner_environment": "github-hosted", "actor": "octocat",
        "workflow": "deploy", "head_ref": "", "base_ref": "", "event_name": "workflow_dispatch",
        "ref_type": "branch", "workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "job_workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "iss": "https://token.actions.githubusercontent.com", "nbf": NOW - 10, "exp": NOW + 290, "iat": NOW - 10
    });
    format!(
        "{}.{}.{}",
        base64url::encode(br#"{"alg":"RS256","kid":"cc413527-173f-5a05-976e-9c52b1d7b431","typ":"JWT","x5t":"GxjQ2s7VxX_ZkQPWjW6rIu1H_ds"}"#),
        base64url::encode(claims.to_string().as_bytes()),
        base64url::encode(&[7u8; 256])
    )
}

/// Twenty credentials, one per environment, none of them the token's.
pub fn twenty_credentials() -> String {
    let list: Vec<serde_json::Value> = (0..20)
        .map(|i| serde_json::json!({"name": format!("env-{i}"), "issuer": "https://token.actions.githubusercontent.com", "subject": format!("repo:contoso/payments-api:environment:env-{i}"), "audiences": ["api://AzureADTokenExchange"]}))
        .collect();
    serde_json::to_string(&list).unwrap_or_default()
}
