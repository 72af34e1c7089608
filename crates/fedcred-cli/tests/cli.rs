//! Runs the built `fedcred` binary the way a script would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::process::Command;

fn fedcred(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args(args)
        .output()
        .expect("the fedcred binary runs")
}

#[test]
fn version_prints_the_name_and_the_crate_version() {
    let out = fedcred(&["--version"]);
    assert!(out.status.success(), "exit status {:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim(),
        format!("fedcred {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_fails_with_usage_on_stderr() {
    let out = fedcred(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--no-such-flag"), "stderr: {stderr}");
    assert!(stderr.contains("Usage: fedcred"), "stderr: {stderr}");
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn fic_prints_one_graph_body_with_warnings() {
    let out = fedcred(&[
        "fic",
        "github",
        "--repo",
        "octo-org/octo-repo",
        "--environment",
        "prod",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value = json(&out);
    assert_eq!(
        value["issuer"],
        "https://token.actions.githubusercontent.com"
    );
    assert_eq!(value["subject"], "repo:octo-org/octo-repo:environment:prod");
    assert_eq!(
        value["audiences"],
        serde_json::json!(["api://AzureADTokenExchange"])
    );
    assert_eq!(value["name"], "github-octo-org-octo-repo-env-prod");
    // Without the subject form, the name-based subject carries its risk (field guide §9).
    assert_eq!(value["warnings"][0]["code"], "subject_name_based");
    let chosen = fedcred(&[
        "fic",
        "github",
        "--repo",
        "octo-org/octo-repo",
        "--environment",
        "prod",
        "--subject-form",
        "immutable",
        "--owner-id",
        "65",
        "--repo-id",
        "74",
    ]);
    let chosen = json(&chosen);
    assert_eq!(
        chosen["subject"],
        "repo:octo-org@65/octo-repo@74:environment:prod"
    );
    assert_eq!(chosen["warnings"], serde_json::json!([]));
    // serde_json::Value sorts keys, so read the order from the text itself.
    let text = String::from_utf8_lossy(&out.stdout);
    let positions: Vec<usize> = [
        "\"name\"",
        "\"issuer\"",
        "\"subject\"",
        "\"audiences\"",
        "\"warnings\"",
    ]
    .iter()
    .map(|key| text.find(key).unwrap())
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "Graph's field order: {text}"
    );
}

#[test]
fn fic_prints_an_array_when_several_are_built() {
    let out = fedcred(&[
        "fic",
        "terraform",
        "--organization",
        "contoso",
        "--workspace",
        "wrk-1",
        "--run-phase",
        "both",
    ]);
    assert!(out.status.success());
    let value = json(&out);
    let subjects: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "organization:contoso:project:Default Project:workspace:wrk-1:run_phase:plan",
            "organization:contoso:project:Default Project:workspace:wrk-1:run_phase:apply"
        ]
    );
}

#[test]
fn fic_flexible_credentials_carry_the_expression() {
    let out = fedcred(&[
        "fic",
        "github",
        "--repo",
        "contoso/app",
        "--branch-pattern",
        "release/*",
        "--repo-id",
        "74",
    ]);
    assert!(out.status.success());
    let value = json(&out);
    assert_eq!(value["claimsMatchingExpression"]["languageVersion"], 1);
    assert_eq!(
        value["claimsMatchingExpression"]["value"],
        "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/release/*' and claims['repository_id'] eq '74'"
    );
    // Without the ID, Entra would not apply it (2026): refused with the reason.
    let without = fedcred(&[
        "fic",
        "github",
        "--repo",
        "contoso/app",
        "--branch-pattern",
        "release/*",
    ]);
    assert_eq!(without.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&without.stderr).contains("--repo-id"));
    assert!(value.get("subject").is_none());
}

#[test]
fn fic_warnings_travel_with_the_credential() {
    let aks = "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55";
    let out = fedcred(&[
        "fic",
        "kubernetes",
        "--issuer",
        aks,
        "--namespace",
        "default",
        "--service-account",
        "sa",
        "--location",
        "italynorth",
    ]);
    assert!(out.status.success());
    let codes: Vec<String> = json(&out)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        ["aks_issuer_no_trailing_slash", "region_unsupported"]
    );
}

#[test]
fn fic_invalid_input_exits_2_naming_the_flag_and_the_fix() {
    let out = fedcred(&[
        "fic",
        "kubernetes",
        "--issuer",
        "https://k8s.contoso.com",
        "--namespace",
        "Payments",
        "--service-account",
        "sa",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("--namespace: Kubernetes names are lower case: use payments [dns_name_case]"),
        "{stderr}"
    );
}

#[test]
fn fic_formats_print_snippets_and_unknown_ones_are_refused() {
    let out = fedcred(&[
        "fic",
        "github",
        "--repo",
        "contoso/app",
        "--branch",
        "main",
        "--identity-name",
        "id-app",
        "--resource-group",
        "rg",
        "--format",
        "az",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("az identity federated-credential create"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--subject repo:contoso/app:ref:refs/heads/main"),
        "{stdout}"
    );

    let out = fedcred(&[
        "fic",
        "github",
        "--repo",
        "contoso/app",
        "--branch",
        "main",
        "--format",
        "ansible",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unknown format 'ansible': use one of az, powershell")
    );
}

#[test]
fn fic_help_lists_every_format() {
    let out = fedcred(&["fic", "--help"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for format in fedcred_core::snippets::FORMATS {
        assert!(
            stdout.contains(format.key),
            "{} missing from:\n{stdout}",
            format.key
        );
    }
}

#[test]
fn azure_devops_reads_the_subject_identifier_from_the_connection_page() {
    let identifier = "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176";
    let out = fedcred(&["fic", "azure-devops", "--subject-identifier", identifier]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value = json(&out);
    assert_eq!(value["subject"], identifier);
    assert_eq!(
        value["issuer"],
        "https://login.microsoftonline.com/ff882432-09b0-437b-bd22-ca13c0037ded/v2.0"
    );
    let differs = fedcred(&[
        "fic",
        "azure-devops",
        "--subject-identifier",
        identifier,
        "--tenant-id",
        "ff882432-09b0-437b-bd22-ca13c0037ded",
        "--connection-id",
        "00000000-0000-0000-0000-000000000001",
    ]);
    assert_eq!(differs.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&differs.stderr)
            .contains("--connection-id: the Subject identifier says")
    );
}

#[test]
fn github_reads_the_customization_gh_api_printed() {
    let path =
        std::env::temp_dir().join(format!("fedcred-customization-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"use_default": true, "use_immutable_subject": false, "sub_claim_prefix": "repo:contoso@5544123/payments-api@821093847"}"#,
    )
    .unwrap();
    let out = fedcred(&[
        "fic",
        "github",
        "--repo",
        "contoso/payments-api",
        "--environment",
        "production",
        "--customization",
        path.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        json(&out)["subject"],
        "repo:contoso@5544123/payments-api@821093847:environment:production"
    );
    let missing = fedcred(&[
        "fic",
        "github",
        "--repo",
        "o/r",
        "--branch",
        "main",
        "--customization",
        "/nonexistent/file",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("reading the --customization output from /nonexistent/file")
    );
}
