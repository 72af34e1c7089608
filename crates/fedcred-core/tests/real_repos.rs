//! Issue 25: fedcred predict on real public repositories' workflows (their files copied at a
//! named commit: tests/fixtures/real-repos/SOURCES.md), each job against the classification in
//! expected.json, written by reading the files and GitHub's rules (field guide §3).
//!
//! Checked here: every job that logs in to Entra in a way fedcred reads (azure/login, azd,
//! `az login --federated-token`, Terraform or Pulumi with OIDC, `getIDToken`, the token request
//! URL, a local action that does one of these) needs a credential and presents exactly the
//! expected subjects; every job expected to request no token has no login found (it may still be
//! "may request" when it uses an action fedcred cannot see into, as issue 25 asks). Entries the
//! reader marked uncertain (`[ceiling]`) or whose subjects the files do not decide are left out.
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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-repos")
}

fn predict(repo: &str) -> Prediction {
    let texts: Vec<(String, String)> = common::yaml_files_below(&fixtures().join(repo))
        .into_iter()
        .map(|(path, text)| (path.display().to_string(), text))
        .collect();
    common::predict_texts(repo, &texts)
}

#[test]
fn real_repositories_jobs_are_classified_as_read() {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    let logins = [
        "azure/login",
        "azd",
        "az-login-federated-token",
        "terraform-oidc",
        "pulumi-oidc",
        "github-script-getIDToken",
        "id-token-request-url",
        "local-action",
    ];
    let mut predictions: Vec<(String, Prediction)> = Vec::new();
    let (mut logs_in, mut quiet, mut no_token, mut failures) = (0, 0, 0, Vec::new());
    for e in &expected {
        let repo = e["repo"].as_str().unwrap();
        let notes = e["notes"].as_str().unwrap_or_default();
        let Some(subjects) = e["subjects"].as_array() else {
            continue;
        };
        if notes.contains("[ceiling]") {
            continue;
        }
        if !predictions.iter().any(|(r, _)| r == repo) {
            predictions.push((repo.to_owned(), predict(repo)));
        }
        let prediction = &predictions.iter().find(|(r, _)| r == repo).unwrap().1;
        let (workflow, job) = (e["workflow"].as_str().unwrap(), e["job"].as_str().unwrap());
        // A job of a called workflow is listed under its caller (`caller/job`).
        let mut jobs: Vec<_> = prediction
            .jobs
            .iter()
            .filter(|j| {
                (j.id == job || j.id.ends_with(&format!("/{job}"))) && j.file.ends_with(workflow)
            })
            .collect();
        // A caller job: the jobs of the workflow it calls (listed as `caller/job`).
        if jobs.is_empty() {
            jobs = prediction
                .jobs
                .iter()
                .filter(|j| j.id.starts_with(&format!("{job}/")))
                .collect();
        }
        let situation = format!("{repo} {workflow} {job}");
        if e["gets_token"] == false {
            no_token += 1;
            // Empty when no workflow that runs on its own calls it: not run, so no credential.
            if jobs.iter().any(|j| j.token.can) {
                failures.push(format!("{situation}: gets a token here"));
            }
            continue;
        }
        let requests = e["requests_token"]
            .as_str()
            .map(|r| r.split(':').next().unwrap_or_default());
        match requests {
            Some(how) if logins.contains(&how) => {
                logs_in += 1;
                let mut got: Vec<&str> = jobs
                    .iter()
                    .flat_map(|j| &j.subjects)
                    .map(|p| p.subject.as_str())
                    .collect();
                got.sort_unstable();
                got.dedup();
                let mut want: Vec<&str> = subjects.iter().map(|s| s.as_str().unwrap()).collect();
                want.sort_unstable();
                want.dedup();
                if jobs.is_empty() || !jobs.iter().any(|j| j.needs_credential()) || got != want {
                    failures.push(format!("{situation}: {got:?} vs {want:?}"));
                }
            }
            None => {
                quiet += 1;
                if jobs.is_empty() {
                    failures.push(format!("{situation}: not found"));
                } else if jobs.iter().any(|j| j.login.is_some()) {
                    failures.push(format!(
                        "{situation}: a login was found where none is: {:?}",
                        jobs.iter().map(|j| &j.login).collect::<Vec<_>>()
                    ));
                }
            }
            Some(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} jobs differ:\n{}",
        failures.len(),
        logs_in + quiet + no_token,
        failures.join("\n")
    );
    assert!(
        logs_in >= 30 && quiet >= 20 && no_token >= 10,
        "the set covers all three: {logs_in} logging in, {quiet} not, {no_token} without a token"
    );
}
