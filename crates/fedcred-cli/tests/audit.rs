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
    let create = script.find("fc_create prod-immutable").unwrap();
    let gate = script.find("if [ \"${CONFIRMED:-}\" != yes ]").unwrap();
    let delete = script.find("fc_delete prod prod-immutable").unwrap();
    assert!(
        gate < create && create < delete,
        "create, check, then delete"
    );
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
            .contains("Remove-FcCredential 'prod' 'prod-immutable'")
    );
    let without_ids = fedcred(&["audit", "--fics", "@risky.json", "--format", "az"]);
    assert!(String::from_utf8_lossy(&without_ids.stdout).contains("nothing to migrate"));
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
    assert!(script.contains("fc_create prod-reissued"), "{script}");
    let bad = fedcred(&[
        "audit",
        "--fics",
        "@risky.json",
        "--reissue",
        "no-equals-sign",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_identity_without_credentials_is_a_valid_answer() {
    let text = fedcred(&["audit", "--fics", "@empty.json"]);
    assert_eq!(text.status.code(), Some(0), "{text:?}");
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("identity 1: 0 of 20 credentials, 20 left"),
        "{out}"
    );
    assert!(out.contains("0 errors, 0 warnings, 0 notes"), "{out}");
    let json = fedcred(&["audit", "--fics", "@empty-graph.json", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{json:?}");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["identities"],
        serde_json::json!([{"name": "application 11111111-2222-3333-4444-555555555555", "credentials": 0, "limit": 20, "left": 20}])
    );
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn blank_input_is_unreadable() {
    let blank = fedcred(&["audit", "--fics", "@blank.json"]);
    assert_eq!(blank.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&blank.stderr).contains("nothing to audit"),
        "{blank:?}"
    );
}
