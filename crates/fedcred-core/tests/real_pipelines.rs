//! Issue 25: Azure Pipelines with local templates and GitLab CI with local includes, from real
//! public repositories (their files copied at a named commit:
//! tests/fixtures/real-pipelines/SOURCES.md), each job against expected.json, written by reading
//! the files and the CI systems' documented rules.
//!
//! Azure: every job's service connections after the templates are put in place and their
//! parameters written in. GitLab: every job after the includes are merged (their inputs written
//! in), the file its body is in, and the audiences of its ID tokens. Entries the reader marked
//! uncertain are left out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use fedcred_core::predict::Prediction;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-pipelines")
}

/// One pipeline of a repository, with every other YAML file of it given beside it.
fn predict(repo: &str, pipeline: &str) -> Prediction {
    let root = fixtures().join(repo);
    let mut texts: Vec<(String, String)> = common::yaml_files_below(&root)
        .into_iter()
        .map(|(path, text)| {
            (
                path.strip_prefix(&root).unwrap().display().to_string(),
                text,
            )
        })
        .collect();
    // The pipeline first, then the rest: what a folder walk hands over.
    texts.sort_by_key(|(name, _)| name != pipeline);
    common::predict_texts(repo, &texts)
}

#[test]
fn real_pipelines_jobs_after_templates_and_includes() {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in &expected {
        if e["uncertain"].as_bool() == Some(true) {
            continue;
        }
        let repo = e["repo"].as_str().unwrap();
        let file = e["file"].as_str().unwrap();
        let id = e["job"].as_str().unwrap();
        let p = predict(repo, file);
        let in_file = |j: &&fedcred_core::predict::Job| {
            // Jobs of this pipeline: the ones whose file is the pipeline or one it uses.
            j.id == id
        };
        let Some(job) = p.jobs.iter().find(in_file) else {
            let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
            failures.push(format!("{repo} {file}: no job {id} among {ids:?}"));
            continue;
        };
        checked += 1;
        if let Some(connections) = e["connections"].as_array() {
            let want: Vec<&str> = connections.iter().map(|c| c.as_str().unwrap()).collect();
            let got: Vec<&str> = job.connections.iter().map(|c| c.name.as_str()).collect();
            if want != got {
                failures.push(format!(
                    "{repo} {id}: connections {got:?}, expected {want:?}"
                ));
            }
        }
        if let Some(auds) = e["id_tokens_aud"].as_array() {
            let want: Vec<&str> = auds.iter().map(|a| a.as_str().unwrap()).collect();
            let defined_in = e["defined_in"].as_str().unwrap();
            if !job.file.ends_with(defined_in) {
                failures.push(format!(
                    "{repo} {id}: in {}, expected {defined_in}",
                    job.file
                ));
            }
            let requests = job.token.can;
            if requests == want.is_empty() {
                failures.push(format!(
                    "{repo} {id}: gets a token {requests}, expected audiences {want:?} ({})",
                    job.token.why
                ));
            }
            if !want.is_empty()
                && want
                    .iter()
                    .all(|a| !a.starts_with("api://AzureADTokenExchange"))
            {
                if job.login.is_some() {
                    failures.push(format!(
                        "{repo} {id}: a token for {want:?} is not an Entra login"
                    ));
                }
                if !job
                    .caveats
                    .iter()
                    .any(|c| want.iter().all(|a| c.contains(a)))
                {
                    failures.push(format!(
                        "{repo} {id}: no caveat naming {want:?}: {:?}",
                        job.caveats
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 40, "{checked} jobs checked");
}
