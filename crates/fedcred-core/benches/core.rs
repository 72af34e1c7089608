//! The core's hot paths, measured natively (budget: each median under 50 µs; `make bench`
//! reports them beside the browser figures).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fedcred_core::base64url;
use fedcred_core::explain::{Input, explain};
use fedcred_core::import::import;
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::{Common, Platform, build_set};
use fedcred_core::snippets::{Context, render_all};
use fedcred_core::target::Target;
use fedcred_core::token::decode_unverified;

const NOW: i64 = 1_767_225_600;

/// A GitHub-shaped token of about 1 KB.
fn token() -> String {
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

fn benches(c: &mut Criterion) {
    let token = token();
    assert!(token.len() >= 1000, "a 1 KB token: {}", token.len());
    c.bench_function("decode a 1 KB token", |b| {
        b.iter(|| decode_unverified(black_box(&token)))
    });

    // Imported once, as the page does when the credentials are pasted; a token pasted after
    // them is explained against the imported list. The import is measured on its own.
    let fics = twenty_credentials();
    c.bench_function("import 20 credentials", |b| {
        b.iter(|| import(black_box(&fics)))
    });
    let imported = import(&fics);
    c.bench_function("explain one token against 20 credentials", |b| {
        b.iter(|| {
            explain(Input {
                token: Some(black_box(&token)),
                credentials: Some(black_box(&imported)),
                now: NOW,
                ..Default::default()
            })
        })
    });

    let platform = Platform::GitHub(GitHubInput {
        repo: "contoso/payments-api".into(),
        entity: Entity::Environment("production".into()),
        ..Default::default()
    });
    let target = Target::ManagedIdentity {
        name: "id-payments".into(),
        resource_group: "rg-payments".into(),
        subscription: String::new(),
        location: String::new(),
    };
    c.bench_function("build one credential and render every snippet", |b| {
        b.iter(|| {
            let built = build_set(
                std::slice::from_ref(black_box(&platform)),
                &Common::default(),
            );
            render_all(Context {
                platform: &platform,
                credentials: &built.credentials,
                target: &target,
            })
        })
    });
}

criterion_group!(core, benches);
criterion_main!(core);
