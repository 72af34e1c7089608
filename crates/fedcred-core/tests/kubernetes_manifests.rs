//! Issue 29: each mistake that stops the Azure Workload Identity webhook, in a manifest made for
//! it, and what a workload's pods present; then hostile input (a YAML bomb, thousands of
//! documents, Lists in Lists, a file over the limit) that must give a clear message and the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use fedcred_core::platforms::kubernetes::predict::predict;
use fedcred_core::predict::{File, Kind, Options, Prediction};

const CLIENT: &str = "3f2c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55";
const AKS: &str = "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/";

fn run(text: &str) -> Prediction {
    run_with(text, "")
}

fn run_with(text: &str, issuer: &str) -> Prediction {
    let options = Options {
        kind: Some(Kind::Kubernetes),
        issuer: issuer.to_owned(),
        ..Options::default()
    };
    predict(
        &[File {
            name: "app.yaml",
            text,
        }],
        &options,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn account(annotations: &str, labels: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api-sa\n  namespace: pay\n  annotations: {annotations}\n  labels: {labels}\n---\n"
    )
}

fn deployment(own_labels: &str, pod_labels: &str, pod_annotations: &str, spec: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: pay\n  labels: {own_labels}\nspec:\n  template:\n    metadata:\n      labels: {pod_labels}\n      annotations: {pod_annotations}\n    spec:\n{spec}      containers:\n        - name: api\n          image: contoso/api:1\n"
    )
}

const SA: &str = "      serviceAccountName: api-sa\n";
const USE: &str = "{azure.workload.identity/use: \"true\"}";

fn codes(p: &Prediction) -> Vec<&'static str> {
    let mut codes: Vec<&str> = p.object_findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[test]
fn each_mistake_that_stops_the_webhook_is_named() {
    let good_sa = account(
        &format!("{{azure.workload.identity/client-id: \"{CLIENT}\"}}"),
        "{}",
    );
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "all_right",
            format!("{good_sa}{}", deployment("{}", USE, "{}", SA)),
            vec![],
        ),
        (
            "label_on_the_deployment_not_its_pods",
            format!("{good_sa}{}", deployment(USE, "{app: api}", "{}", SA)),
            vec!["use_label_on_controller_not_pod_template"],
        ),
        (
            "annotation_instead_of_label",
            format!("{good_sa}{}", deployment("{}", "{}", USE, SA)),
            vec!["use_annotation_instead_of_label"],
        ),
        (
            "label_on_the_service_account_as_before_v1",
            format!(
                "{}{}",
                account(
                    &format!("{{azure.workload.identity/client-id: \"{CLIENT}\"}}"),
                    USE
                ),
                deployment("{}", "{}", "{}", SA)
            ),
            vec!["use_label_on_service_account"],
        ),
        (
            "label_value_capitalised",
            format!(
                "{good_sa}{}",
                deployment("{}", "{azure.workload.identity/use: \"True\"}", "{}", SA)
            ),
            vec!["use_label_value_not_true"],
        ),
        (
            "label_value_unquoted",
            format!(
                "{good_sa}{}",
                deployment("{}", "{azure.workload.identity/use: true}", "{}", SA)
            ),
            vec!["use_label_value_not_string"],
        ),
        (
            "label_value_yes_unquoted",
            format!(
                "{good_sa}{}",
                deployment("{}", "{azure.workload.identity/use: yes}", "{}", SA)
            ),
            vec!["use_label_value_not_string"],
        ),
        (
            "service_account_names_a_client_but_the_pods_do_not_opt_in",
            format!("{good_sa}{}", deployment("{}", "{}", "{}", SA)),
            vec!["use_label_missing"],
        ),
        (
            "pods_run_as_default",
            deployment("{}", USE, "{}", ""),
            vec!["default_service_account"],
        ),
        (
            "service_account_not_given",
            deployment("{}", USE, "{}", SA),
            vec!["service_account_not_in_manifests"],
        ),
        (
            "service_account_in_another_namespace",
            format!(
                "{}{}",
                good_sa.replace("namespace: pay", "namespace: shared"),
                deployment("{}", USE, "{}", SA)
            ),
            // The one in the other namespace is used by no workload there.
            vec![
                "service_account_in_other_namespace",
                "service_account_unused",
            ],
        ),
        (
            "service_account_no_workload_uses",
            good_sa.clone(),
            vec!["service_account_unused"],
        ),
        (
            "client_id_missing",
            format!("{}{}", account("{}", "{}"), deployment("{}", USE, "{}", SA)),
            vec!["client_id_missing"],
        ),
        (
            "client_id_annotation_misspelt",
            format!(
                "{}{}",
                account(
                    &format!("{{azure.workload.identity/client_id: \"{CLIENT}\"}}"),
                    "{}"
                ),
                deployment("{}", USE, "{}", SA)
            ),
            vec!["client_id_annotation_typo", "client_id_missing"],
        ),
        (
            "client_id_on_the_pod_template",
            format!(
                "{}{}",
                account("{}", "{}"),
                deployment(
                    "{}",
                    USE,
                    &format!("{{azure.workload.identity/client-id: \"{CLIENT}\"}}"),
                    SA
                )
            ),
            vec!["client_id_annotation_on_wrong_object", "client_id_missing"],
        ),
        (
            "client_id_not_a_guid",
            format!(
                "{}{}",
                account(
                    "{azure.workload.identity/client-id: \"payments-identity\"}",
                    "{}"
                ),
                deployment("{}", USE, "{}", SA)
            ),
            vec!["client_id_not_guid"],
        ),
        (
            "client_id_set_by_the_container",
            format!(
                "{good_sa}{}",
                deployment(
                    "{}",
                    USE,
                    "{}",
                    &format!(
                        "{SA}      initContainers:\n        - name: init\n          env:\n            - name: AZURE_CLIENT_ID\n              value: 11111111-2222-3333-4444-555555555555\n"
                    )
                )
            ),
            vec!["client_id_env_override"],
        ),
        (
            "tenant_id_set_by_the_container",
            format!(
                "{good_sa}{}",
                deployment(
                    "{}",
                    USE,
                    "{}",
                    &format!(
                        "{SA}      initContainers:\n        - name: init\n          env:\n            - name: AZURE_TENANT_ID\n              valueFrom: {{secretKeyRef: {{name: azure, key: tenant}}}}\n"
                    )
                )
            ),
            vec!["tenant_id_env_override"],
        ),
        (
            "token_lifetime_below_an_hour",
            format!(
                "{good_sa}{}",
                deployment(
                    "{}",
                    USE,
                    "{azure.workload.identity/service-account-token-expiration: \"600\"}",
                    SA
                )
            ),
            vec!["token_expiration_out_of_range"],
        ),
        (
            "deprecated_service_account_field",
            format!(
                "{good_sa}{}",
                deployment("{}", USE, "{}", "      serviceAccount: api-sa\n")
            ),
            vec!["deprecated_service_account_field"],
        ),
    ];
    let mut failures = Vec::new();
    for (situation, text, expected) in &cases {
        let got = codes(&run(text));
        if got != *expected {
            failures.push(format!("{situation}: {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_workload_says_what_its_pods_present() {
    let text = format!(
        "{}{}",
        account(
            &format!("{{azure.workload.identity/client-id: \"{CLIENT}\"}}"),
            "{}"
        ),
        deployment("{}", USE, "{}", SA)
    );
    let p = run_with(&text, AKS);
    let w = &p.workloads[0];
    assert_eq!(
        (
            w.kind.as_str(),
            w.namespace.as_str(),
            w.service_account.as_str()
        ),
        ("Deployment", "pay", "api-sa")
    );
    assert!(w.webhook_injects);
    assert_eq!(w.client_id.as_deref(), Some(CLIENT));
    assert_eq!(
        w.subject.as_deref(),
        Some("system:serviceaccount:pay:api-sa")
    );
    assert_eq!(p.subjects(), ["system:serviceaccount:pay:api-sa"]);
    assert_eq!(p.credentials.len(), 1);
    assert_eq!(p.credentials[0].issuer, AKS);
    // Every finding's fix is YAML that parses.
    for f in p.object_findings.iter().filter_map(|f| f.fix.as_deref()) {
        fedcred_core::yaml::parse(f).unwrap();
    }
}

#[test]
fn each_kind_of_workload_has_its_pod_template_found() {
    let kinds = [
        (
            "Pod",
            "metadata:\n  name: w\n  labels: {azure.workload.identity/use: \"true\"}\nspec:\n  serviceAccountName: sa\n  containers: [{name: c, image: i}]\n",
        ),
        (
            "CronJob",
            "metadata: {name: w}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {azure.workload.identity/use: \"true\"}}\n        spec: {serviceAccountName: sa, containers: [{name: c, image: i}]}\n",
        ),
        (
            "StatefulSet",
            "metadata: {name: w}\nspec:\n  template:\n    metadata: {labels: {azure.workload.identity/use: \"true\"}}\n    spec: {serviceAccountName: sa, containers: [{name: c, image: i}]}\n",
        ),
        (
            "ScaledJob",
            "metadata: {name: w}\nspec:\n  jobTargetRef:\n    template:\n      metadata: {labels: {azure.workload.identity/use: \"true\"}}\n      spec: {serviceAccountName: sa, containers: [{name: c, image: i}]}\n",
        ),
    ];
    for (kind, body) in kinds {
        let p = run_with(&format!("apiVersion: x/v1\nkind: {kind}\n{body}"), "");
        let w = p
            .workloads
            .first()
            .unwrap_or_else(|| panic!("{kind}: no workload"));
        assert_eq!(
            w.subject.as_deref(),
            Some("system:serviceaccount:default:sa"),
            "{kind}"
        );
    }
}

#[test]
fn kubectl_lists_and_owned_objects_are_read_once() {
    // kubectl get deploy,rs,pod -o yaml: a List with the Deployment, its ReplicaSet and its Pod.
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: api, namespace: pay}\n  spec:\n    template:\n      metadata: {labels: {azure.workload.identity/use: \"true\"}}\n      spec: {serviceAccountName: api-sa, containers: [{name: c, image: i}]}\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    name: api-5c46\n    namespace: pay\n    ownerReferences: [{kind: Deployment, name: api, controller: true}]\n  spec:\n    template:\n      metadata: {labels: {azure.workload.identity/use: \"true\"}}\n      spec: {serviceAccountName: api-sa, containers: [{name: c, image: i}]}\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: api-5c46-x\n    namespace: pay\n    labels: {azure.workload.identity/use: \"true\"}\n    ownerReferences: [{kind: ReplicaSet, name: api-5c46, controller: true}]\n  spec: {serviceAccountName: api-sa, containers: [{name: c, image: i}]}\n";
    let p = run(text);
    assert_eq!(p.workloads.len(), 1, "{:?}", p.workloads);
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("2 objects controlled")),
        "{:?}",
        p.notes
    );
}

#[test]
fn objects_without_a_namespace_land_in_the_one_given() {
    let options = Options {
        kind: Some(Kind::Kubernetes),
        namespace: "staging".into(),
        ..Options::default()
    };
    let text = deployment("{}", USE, "{}", SA).replace("  namespace: pay\n", "");
    let p = predict(
        &[File {
            name: "a.yaml",
            text: &text,
        }],
        &options,
    )
    .unwrap();
    assert_eq!(p.subjects(), ["system:serviceaccount:staging:api-sa"]);
}

#[test]
fn the_issuer_is_read_from_az_aks_show() {
    let shown = format!(
        "{{\"kubernetesVersion\": \"1.31\", \"oidcIssuerProfile\": {{\"enabled\": true, \"issuerUrl\": \"{AKS}\"}}}}"
    );
    let p = run_with(&deployment("{}", USE, "{}", SA), &shown);
    assert_eq!(p.credentials[0].issuer, AKS);
    let off = "{\"kubernetesVersion\": \"1.31\", \"oidcIssuerProfile\": {\"enabled\": false, \"issuerUrl\": null}}";
    let options = Options {
        kind: Some(Kind::Kubernetes),
        issuer: off.into(),
        ..Options::default()
    };
    let text = deployment("{}", USE, "{}", SA);
    let error = predict(
        &[File {
            name: "a.yaml",
            text: &text,
        }],
        &options,
    )
    .unwrap_err();
    assert!(error.message.contains("--enable-oidc-issuer"), "{error}");
}

#[test]
fn hostile_manifests_give_a_message_and_the_rest() {
    let good = deployment("{}", USE, "{}", SA);
    // A YAML bomb in one document: left out with its reason, the next read.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = if i == 1 {
            String::new()
        } else {
            (i - 1).to_string()
        };
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let p = run(&format!("{bomb}---\n{good}"));
    assert_eq!(p.workloads.len(), 1);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("more than 100000 values")),
        "{:?}",
        p.notes
    );

    // Thousands of documents: all read, quickly.
    let many: String = (0..3000)
        .map(|i| good.replace("name: api\n", &format!("name: api-{i}\n")) + "---\n")
        .collect();
    let started = std::time::Instant::now();
    let p = run(&many);
    assert_eq!(p.workloads.len(), 3000);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());

    // A List in a List in a List … (JSON, as kubectl get -o json prints): followed to a depth,
    // then named.
    let mut nested = String::from(
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"deep\"}, \"spec\": {\"containers\": []}}",
    );
    for _ in 0..12 {
        nested = format!("{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{nested}]}}");
    }
    let p = run(&format!("{nested}\n---\n{good}"));
    assert_eq!(p.workloads.len(), 1);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("nested more than 8 deep")),
        "{:?}",
        p.notes
    );

    // Over the size limit: refused with the size and what to do.
    // A 10 MB manifest: over the 8 MiB read.
    let huge = good.repeat(10_000_000 / good.len() + 1);
    let options = Options {
        kind: Some(Kind::Kubernetes),
        ..Options::default()
    };
    let error = predict(
        &[File {
            name: "huge.yaml",
            text: &huge,
        }],
        &options,
    )
    .unwrap_err();
    assert!(
        error
            .message
            .contains("fedcred reads manifests up to 8192 KB"),
        "{error}"
    );
    // … and another file beside it is still read.
    let p = predict(
        &[
            File {
                name: "huge.yaml",
                text: &huge,
            },
            File {
                name: "app.yaml",
                text: &good,
            },
        ],
        &options,
    )
    .unwrap();
    assert_eq!(p.workloads.len(), 1);

    // A syntax error: what came before it is kept.
    let p = run(&format!("{good}---\nkind: [unclosed\n"));
    assert_eq!(p.workloads.len(), 1);
    assert!(
        p.notes.iter().any(|n| n.contains("not valid YAML")),
        "{:?}",
        p.notes
    );
}
