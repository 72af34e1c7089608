//! `fedcred audit --fics` on Bicep and ARM templates (issue 31): folders with their modules and
//! parameters files, the values given, the JSON contract, the exit codes, and what is refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Output;

use common::json;

fn fedcred(args: &[&str]) -> Output {
    common::fedcred_with("bicep", args)
}

fn addresses(v: &serde_json::Value) -> Vec<String> {
    v["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["resource_address"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_bicep_folder_is_read_with_its_modules_and_parameters_file() {
    let out = fedcred(&["audit", "--fics", "@infra", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "warnings: exit 1");
    let v = json(&out);
    assert_eq!(addresses(&v), ["fics[0].fic", "fics[1].fic"]);
    let first = &v["credentials"][0];
    assert_eq!(first["subject"], "repo:contoso/app:environment:staging");
    assert_eq!(first["identity"], "uami-deploy");
    assert_eq!(first["language"], "bicep");
    assert!(
        first["file"]
            .as_str()
            .unwrap()
            .ends_with("infra/modules/fic.bicep")
    );
    assert_eq!(first["line"], 9);
    let slash = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "issuer_trailing_slash")
        .unwrap();
    assert!(
        slash["edit"].as_str().unwrap().ends_with(
            "infra/modules/fic.bicep:13\n  issuer: 'https://token.actions.githubusercontent.com'"
        ),
        "{slash}"
    );
    // A value given wins over the parameters file's.
    let out = fedcred(&[
        "audit",
        "--fics",
        "@infra",
        "--var",
        "environments=[\"prod\"]",
        "--var",
        "repo=contoso/web",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(addresses(&v), ["fics[0].fic"]);
    assert_eq!(
        v["credentials"][0]["subject"],
        "repo:contoso/web:environment:prod"
    );
}

#[test]
fn an_arm_template_with_its_parameters_file() {
    let out = fedcred(&["audit", "--fics", "@arm", "--format", "json"]);
    let v = json(&out);
    assert_eq!(addresses(&v), ["resources[0][0]", "resources[0][1]"]);
    assert_eq!(
        v["credentials"][1]["subject"],
        "system:serviceaccount:api:workload"
    );
    assert_eq!(v["credentials"][1]["identity"], "uami-aks");
    assert_eq!(v["credentials"][1]["language"], "arm");
    // Without the parameters file the identity's name is unknown: unresolved, with how to give it.
    let out = fedcred(&[
        "audit",
        "--fics",
        "@arm/azuredeploy.json",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "an unresolved credential alone does not fail"
    );
    let v = json(&out);
    let why = v["unresolved"][0]["why"].as_str().unwrap();
    assert!(
        why.contains("give it with --var 'identityName=VALUE'"),
        "{why}"
    );
    // The parameters file given with --var-file does the same as beside it.
    let out = fedcred(&[
        "audit",
        "--fics",
        "@arm/azuredeploy.json",
        "--var-file",
        "@arm/azuredeploy.parameters.json",
        "--format",
        "json",
    ]);
    assert_eq!(
        addresses(&json(&out)),
        ["resources[0][0]", "resources[0][1]"]
    );
}

#[test]
fn text_report_lists_what_is_declared() {
    let out = fedcred(&["audit", "--fics", "@infra"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("2 credentials declared\n  fics[0].fic 'github-staging': https://token.actions.githubusercontent.com/ repo:contoso/app:environment:staging\n"), "{text}");
}

#[test]
fn broken_files_and_refusals_say_what_to_do() {
    let out = fedcred(&["audit", "--fics", "@broken.bicep"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.bicep, line 2: a string is not closed before the end of its line"),
        "{stderr}"
    );
    // Beside a good folder, the broken file is an error finding and the rest is audited.
    let out = fedcred(&[
        "audit",
        "--fics",
        "@broken.bicep",
        "@arm",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["code"], "iac_unreadable");
    for (args, says) in [
        (
            vec!["audit", "--fics", "@infra", "--format", "az"],
            "changed in their files",
        ),
        (
            vec!["audit", "--fics", "@infra", "@../terraform/listing.json"],
            "in two runs",
        ),
    ] {
        let out = fedcred(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
