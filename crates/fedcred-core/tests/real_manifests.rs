//! Issue 29: Kubernetes manifests from real public sources (repositories at a named commit,
//! Microsoft's and other projects' documentation pages, manifests pasted in Azure Workload
//! Identity issues: tests/fixtures/real-manifests/SOURCES.md), each workload against
//! expected.json, written from the AZWI v1 rules without running fedcred. Entries marked
//! uncertain (placeholders a shell fills in, values given only at deploy time) are left out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use fedcred_core::platforms::kubernetes::predict::predict;
use fedcred_core::predict::{File, Kind, Options, Prediction};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-manifests")
}

/// The files read together: a repository copy's folder (a kustomize overlay's Deployment and
/// ServiceAccount sit side by side), else the file alone.
fn file_set(file: &str) -> Vec<(String, String)> {
    let path = fixtures().join(file);
    let together = file.starts_with("Azure-Samples__aks-store-demo/");
    let paths: Vec<PathBuf> = if together {
        let mut all: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "kustomization.yaml")
            .collect();
        all.sort();
        all
    } else {
        vec![path]
    };
    paths
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(fixtures()).unwrap().display().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn run(texts: &[(String, String)]) -> Prediction {
    let files: Vec<File<'_>> = texts
        .iter()
        .map(|(name, text)| File { name, text })
        .collect();
    let options = Options {
        kind: Some(Kind::Kubernetes),
        ..Options::default()
    };
    predict(&files, &options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn real_manifests_workloads_as_the_webhook_sees_them() {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in &expected {
        if e["uncertain"].as_bool() == Some(true) {
            continue;
        }
        let file = e["file"].as_str().unwrap();
        let p = run(&file_set(file));
        let Some(w) = p.workloads.iter().find(|w| {
            w.kind == e["kind"].as_str().unwrap() && w.name == e["name"].as_str().unwrap()
        }) else {
            failures.push(format!("{file}: no {} {}", e["kind"], e["name"]));
            continue;
        };
        checked += 1;
        let got = serde_json::json!({
            "namespace": w.namespace,
            "service_account": w.service_account,
            "webhook_injects": w.webhook_injects,
            "client_id": w.client_id,
            "subject": w.subject,
        });
        for key in [
            "namespace",
            "service_account",
            "webhook_injects",
            "client_id",
            "subject",
        ] {
            if got[key] != e[key] {
                failures.push(format!(
                    "{file} {} {}: {key} {}, expected {}",
                    e["kind"], e["name"], got[key], e[key]
                ));
            }
        }
    }
    assert!(checked >= 18, "only {checked} workloads checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The mistake each real file was reported or written with, read by hand from the file and the
/// thread it came from.
#[test]
fn real_manifests_mistakes_are_named() {
    let cases: [(&str, &str, &str); 9] = [
        // A Helm render whose agent's service account names a client ID, but whose pods do not
        // carry the label (Azure/ARO-HCP, maestro agent).
        (
            "rendered/Azure__ARO-HCP__maestro__agent__zz_fixture_TestHelmTemplate_dev_westus3_mgmt_1_maestro_agent.yaml",
            "Deployment maestro/maestro-agent",
            "use_label_missing",
        ),
        // Both serviceAccount and serviceAccountName, as the chart writes them.
        (
            "rendered/Azure__ARO-HCP__maestro__server__zz_fixture_TestHelmTemplate_dev_westus3_svc_1_maestro_server.yaml",
            "Deployment maestro/postgres-breakglass",
            "deprecated_service_account_field",
        ),
        // The pipeline's placeholder for the client ID, said to be one.
        (
            "rendered/Azure__ARO-HCP__velero__zz_fixture_TestHelmTemplate_dev_westus3_mgmt_1_velero.yaml",
            "ServiceAccount velero/velero-installer",
            "client_id_not_guid",
        ),
        // The reporter's typo: client_id with an underscore (Azure/azure-workload-identity#1026).
        (
            "issues/Azure__azure-workload-identity__1026.yaml",
            "ServiceAccount default/identity-serviceaccount",
            "client_id_annotation_typo",
        ),
        // The label on the Job, not its pod template (#1185).
        (
            "issues/Azure__azure-workload-identity__1185.yaml",
            "Job default/scaleup",
            "use_label_on_controller_not_pod_template",
        ),
        // The label on the CronJob, not its pod template (#754).
        (
            "issues/Azure__azure-workload-identity__754.yaml",
            "CronJob routesync/routesync",
            "use_label_on_controller_not_pod_template",
        ),
        // The label on the ServiceAccount (azure-service-operator-samples#53).
        (
            "Azure-Samples__azure-service-operator-samples/cosmos-todo-list-mi/cosmos-app.yaml",
            "Deployment cosmos-todo/cosmos-todo-app",
            "use_label_on_service_account",
        ),
        // An unquoted `use: true` in an old AKS docs page.
        (
            "docs/MicrosoftDocs__azure-aks-docs__csi-secrets-store-identity-access__8ab609d.yaml",
            "Pod default/busybox-secrets-store-inline-user-msi",
            "use_label_value_not_string",
        ),
        // The deprecated serviceAccount field of a kustomize overlay.
        (
            "Azure-Samples__aks-store-demo/kustomize/overlays/azd/ai-service/deployment.yaml",
            "Deployment default/ai-service",
            "deprecated_service_account_field",
        ),
    ];
    for (file, object, code) in cases {
        let p = run(&file_set(file));
        let found: Vec<(String, &str)> = p
            .object_findings
            .iter()
            .map(|f| (f.object.clone(), f.code.as_str()))
            .collect();
        assert!(
            found.iter().any(|(o, c)| o == object && *c == code),
            "{file}: expected {code} on {object}, found {found:?}"
        );
    }
}
