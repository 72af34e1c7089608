//! `fedcred audit`: the JSON contract, the exit codes and the migration scripts (issue 18).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Output;

fn fedcred(args: &[&str]) -> Output {
    common::fedcred_with("audit", args)
}

#[test]
fn json_lists_identities_and_findings_with_their_credential() {
    let out = fedcred(&["audit", "--fics", "@risky.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "a warning: exit 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["identities"][0]["name"], "id-pay");
    assert_eq!(v["identities"][0]["credentials"], 2);
    assert_eq!(v["identities"][0]["left"], 18);
    let findings = v["findings"].as_array().unwrap();
    let pr = findings
        .iter()
        .find(|f| f["code"] == "pull_request_trust")
        .unwrap();
    assert_eq!(pr["fic"], "prs");
    assert_eq!(pr["severity"], "warning");
    assert!(pr["message"].as_str().unwrap().contains("pull_request"));
    assert!(!pr["fix"].as_str().unwrap().is_empty());
    for f in findings {
        for key in ["code", "severity", "message", "fix"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
    }
}

#[test]
fn exit_codes() {
    assert_eq!(
        fedcred(&["audit", "--fics", "@clean.json"]).status.code(),
        Some(0),
        "nothing above info"
    );
    assert_eq!(
        fedcred(&["audit", "--fics", "@risky.json"]).status.code(),
        Some(1)
    );
    let broken = fedcred(&["audit", "--fics", "@broken.json"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("not valid JSON"));
    assert_eq!(
        fedcred(&["audit", "--fics", "@missing.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_migration_to_immutable_subjects_as_scripts() {
    let az = fedcred(&[
        "audit",
        "--fics",
        "@risky.json",
        "--github-ids",
        "@ids.json",
        "--format",
        "az",
    ]);
    let script = String::from_utf8_lossy(&az.stdout);
    assert!(script.starts_with("#!/usr/bin/env bash"), "{script}");
    assert!(
        script.contains("--subject repo:contoso@5544123/payments@821093847:environment:prod"),
        "{script}"
    );
    let create = script.find("federated-credential create").unwrap();
    let delete = script
        .find("federated-credential delete --yes --name prod")
        .unwrap();
    assert!(create < delete, "create, check, then delete");
    let powershell = fedcred(&[
        "audit",
        "--fics",
        "@risky.json",
        "--github-ids",
        "@ids.json",
        "--format",
        "powershell",
    ]);
    assert!(
        String::from_utf8_lossy(&powershell.stdout)
            .contains("Remove-AzFederatedIdentityCredential")
    );
    let without_ids = fedcred(&["audit", "--fics", "@risky.json", "--format", "az"]);
    assert!(String::from_utf8_lossy(&without_ids.stdout).contains("Nothing to migrate"));
}

#[test]
fn re_pointing_an_issuer_as_a_script() {
    let old = "https://token.actions.githubusercontent.com";
    let new = "https://token.actions.githubusercontent.com/contoso-enterprise";
    let out = fedcred(&[
        "audit",
        "--fics",
        "@risky.json",
        "--reissue",
        &format!("{old}={new}"),
        "--format",
        "az",
    ]);
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains(&format!("--issuer {new}")), "{script}");
    assert!(script.contains("--name prod-reissued"), "{script}");
    let bad = fedcred(&[
        "audit",
        "--fics",
        "@risky.json",
        "--reissue",
        "no-equals-sign",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}
