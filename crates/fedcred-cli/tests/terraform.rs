//! `fedcred audit --fics` on Terraform (issue 31): folders read as modules, the values given,
//! the JSON contract's credentials and unresolved lists, the exit codes, and what it refuses.
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
    common::fedcred_with("terraform", args)
}

#[test]
fn a_folder_is_read_with_its_modules_tfvars_and_the_values_given() {
    let out = fedcred(&[
        "audit",
        "--fics",
        "@ci",
        "--var",
        "repo=contoso/app",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "warnings: exit 1");
    let v = json(&out);
    let addresses: Vec<&str> = v["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["resource_address"].as_str().unwrap())
        .collect();
    assert_eq!(
        addresses,
        [
            "azuread_application_federated_identity_credential.prs",
            r#"module.github["dev"].azurerm_federated_identity_credential.this"#,
            r#"module.github["prod"].azurerm_federated_identity_credential.this"#,
        ]
    );
    let prod = &v["credentials"][2];
    assert_eq!(prod["subject"], "repo:contoso/app:environment:prod");
    assert_eq!(prod["expression"], serde_json::Value::Null);
    assert_eq!(prod["audiences"][0], "api://AzureADTokenExchange");
    assert_eq!(prod["identity"], "azurerm_user_assigned_identity.deploy");
    assert!(
        prod["file"]
            .as_str()
            .unwrap()
            .ends_with("modules/github/main.tf")
    );
    assert_eq!(v["unresolved"].as_array().unwrap().len(), 0);
    // Both environments' credentials are on the one identity the root passes in.
    assert_eq!(
        v["identities"][1]["name"],
        "azurerm_user_assigned_identity.deploy"
    );
    assert_eq!(v["identities"][1]["credentials"], 2);
    let slash: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "issuer_trailing_slash")
        .collect();
    assert_eq!(slash.len(), 2);
    let edit = slash[0]["edit"].as_str().unwrap();
    assert!(
        edit.ends_with(
            "modules/github/main.tf:8\n  issuer = \"https://token.actions.githubusercontent.com\""
        ),
        "{edit}"
    );
    assert!(
        slash[0].get("command").is_none(),
        "no az command for a declared credential"
    );

    // The text report lists what was declared, then the findings with the lines to change.
    let out = fedcred(&["audit", "--fics", "@ci", "--var", "repo=contoso/app"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("3 credentials declared\n"), "{text}");
    assert!(text.contains("    edit: "), "{text}");
}

#[test]
fn what_the_files_cannot_know_is_unresolved_and_the_rest_is_audited() {
    let out = fedcred(&["audit", "--fics", "@ci", "--format", "json"]);
    let v = json(&out);
    let unresolved = v["unresolved"].as_array().unwrap();
    assert_eq!(unresolved.len(), 3, "{unresolved:#?}");
    assert!(
        unresolved
            .iter()
            .all(|u| u["why"].as_str().unwrap().contains("--var repo=VALUE"))
    );
    let text = String::from_utf8_lossy(&fedcred(&["audit", "--fics", "@ci"]).stdout).into_owned();
    assert!(
        text.contains("unresolved:\n  azuread_application_federated_identity_credential.prs ("),
        "{text}"
    );
}

#[test]
fn exit_codes_and_refusals() {
    assert_eq!(
        fedcred(&["audit", "--fics", "@clean"]).status.code(),
        Some(0),
        "nothing above a note"
    );
    assert_eq!(
        fedcred(&["audit", "--fics", "@clean/main.tf"])
            .status
            .code(),
        Some(0),
        "a file as a folder"
    );
    let broken = fedcred(&["audit", "--fics", "@broken"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("is not valid HCL at line 2, column"));
    // A syntax error beside a good module: the good one is audited, the error is an error.
    let empty = std::env::temp_dir().join(format!("fedcred-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = fedcred(&["audit", "--fics", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is a folder without Terraform (.tf, .tfvars), Bicep")
    );
    std::fs::remove_dir_all(&empty).unwrap();
    let both = fedcred(&["audit", "--fics", "@broken", "@clean", "--format", "json"]);
    assert_eq!(both.status.code(), Some(1));
    assert_eq!(json(&both)["findings"][0]["code"], "iac_unreadable");
    for (args, says) in [
        (
            vec!["audit", "--fics", "@clean", "--format", "az"],
            "changed in their files",
        ),
        (
            vec!["audit", "--fics", "@clean", "@listing.json"],
            "in two runs",
        ),
        (
            vec!["audit", "--fics", "@ci", "--var", "repo"],
            "--var takes NAME=VALUE",
        ),
        (
            vec!["audit", "--fics", "@listing.json", "--var", "a=b"],
            "for Terraform, Bicep and ARM files",
        ),
    ] {
        let out = fedcred(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn plans_say_what_the_apply_deletes_or_replaces() {
    let out = fedcred(&["audit", "--fics", "@plan.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"plan_deletes_credential") && codes.contains(&"plan_replaces_credential"),
        "{codes:?}"
    );
    let deleted = v["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "old")
        .unwrap();
    assert_eq!(deleted["action"], "delete");
}

#[test]
fn var_files_are_read_after_the_folders_own() {
    let dir = std::env::temp_dir().join(format!("fedcred-tfvars-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("prod.tfvars");
    std::fs::write(
        &file,
        "environments = [\"staging\"]\nrepo = \"contoso/web\"\n",
    )
    .unwrap();
    let out = fedcred(&[
        "audit",
        "--fics",
        "@ci",
        "--var-file",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&out);
    let subjects: Vec<&str> = v["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "repo:contoso/web:pull_request",
            "repo:contoso/web:environment:staging"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
