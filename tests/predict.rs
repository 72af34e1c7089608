//! Browser tests of the "From your files" page, mounted on its own as its module mounts it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test
#![cfg(target_arch = "wasm32")]

use fedcred_web::components::predict::Predict;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{exists, type_into, until};

async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Predict>::with_root(root.clone()).render();
    until("the page", || exists(&root, "#predict-file")).await;
    root
}

fn result(root: &Element) -> String {
    root.query_selector("#predict-result")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

const WORKFLOW: &str = "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: x\n          tenant-id: y\n";

#[wasm_bindgen_test]
async fn a_pasted_workflow_shows_the_subject_and_the_set() {
    let root = mount().await;
    type_into(&root, "predict-repo", "contoso/payments");
    type_into(&root, "predict-file", WORKFLOW);
    until("the result", || {
        result(&root).contains("1 credential (1 subject)")
    })
    .await;
    assert!(result(&root).contains("repo:contoso/payments:environment:production"));
    assert!(result(&root).contains("1 of Entra's 20"));
}

#[wasm_bindgen_test]
async fn a_broken_file_names_its_line_and_the_inputs_stay() {
    let root = mount().await;
    type_into(&root, "predict-repo", "contoso/payments");
    type_into(&root, "predict-file", "on: [push\njobs:\n");
    until("the error", || result(&root).contains("line ")).await;
    assert!(result(&root).contains("Your inputs are kept"));
    let repo = root
        .query_selector("#predict-repo")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(repo.value(), "contoso/payments");
}

fn coverage(root: &Element) -> String {
    root.query_selector("#predict-coverage")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Issue 25: the credentials pasted beside the workflow give each job's verdict, jobs first, and
/// the headline counts what is listed.
#[wasm_bindgen_test]
async fn pasted_credentials_give_each_job_accepted_or_refused_with_the_fix() {
    let root = mount().await;
    type_into(&root, "predict-repo", "contoso/payments");
    type_into(&root, "predict-file", WORKFLOW);
    until("the result", || {
        result(&root).contains("1 credential (1 subject)")
    })
    .await;
    type_into(
        &root,
        "predict-fics",
        r#"[{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/payments:environment:Production","audiences":["api://AzureADTokenExchange"]}]"#,
    );
    until("the coverage", || {
        coverage(&root).contains("will be refused")
    })
    .await;
    let text = coverage(&root);
    assert!(
        text.contains("1 job subject will be refused: 0 accepted"),
        "{text}"
    );
    assert!(text.contains("Nearest credential: prod"), "{text}");
    assert_eq!(
        root.query_selector_all("#predict-coverage .coverage-entry")
            .unwrap()
            .length(),
        1
    );
    type_into(
        &root,
        "predict-fics",
        r#"[{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/payments:environment:production","audiences":["api://AzureADTokenExchange"]}]"#,
    );
    until("accepted", || {
        coverage(&root).contains("Every subject a job presents is accepted")
    })
    .await;
    assert!(coverage(&root).contains("Accepted by prod"));
}

/// Credentials that cannot be read are said in the coverage; the prediction and every input stay.
#[wasm_bindgen_test]
async fn unreadable_credentials_are_said_and_the_prediction_stays() {
    let root = mount().await;
    type_into(&root, "predict-repo", "contoso/payments");
    type_into(&root, "predict-file", WORKFLOW);
    until("the result", || {
        result(&root).contains("1 credential (1 subject)")
    })
    .await;
    type_into(&root, "predict-fics", "{ not json");
    until("the coverage", || {
        coverage(&root).contains("could not be compared")
    })
    .await;
    assert!(result(&root).contains("repo:contoso/payments:environment:production"));
}

const MANIFESTS: &str = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api-sa\n  namespace: pay\n  annotations:\n    azure.workload.identity/client-id: \"3f2c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55\"\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: pay\nspec:\n  template:\n    metadata:\n      annotations:\n        azure.workload.identity/use: \"true\"\n    spec:\n      serviceAccountName: api-sa\n      containers: [{name: api, image: x}]\n";

/// Issue 29: manifests are recognised by their content; the workload is listed with the mistake
/// beside it and the lines that fix it; the cluster's fields replace the repository's, and what
/// was typed there stays.
#[wasm_bindgen_test]
async fn pasted_manifests_show_the_workload_with_its_mistake_and_fix() {
    let root = mount().await;
    type_into(&root, "predict-file", MANIFESTS);
    until("the workloads", || result(&root).contains("Workloads (1)")).await;
    let workload = root
        .query_selector("#workload-Deployment-pay-api")
        .unwrap()
        .expect("the workload's own card");
    let text = workload.text_content().unwrap_or_default();
    assert!(text.contains("No token from the webhook"), "{text}");
    assert!(
        exists(&workload, "[data-code=\"use_annotation_instead_of_label\"]"),
        "{text}"
    );
    assert!(
        text.contains("azure.workload.identity/use: \"true\""),
        "{text}"
    );
    assert!(
        exists(&root, "#predict-issuer"),
        "the cluster's issuer is asked"
    );
    assert!(
        !exists(&root, "#predict-repo"),
        "no repository for manifests"
    );
    type_into(&root, "predict-namespace", "staging");
    type_into(&root, "predict-issuer", "not a url at all");
    until("the issuer's error", || {
        result(&root).contains("neither a URL")
    })
    .await;
    assert!(result(&root).contains("Your inputs are kept"));
    let namespace = root
        .query_selector("#predict-namespace")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(namespace.value(), "staging");
}
