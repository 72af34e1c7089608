//! Browser tests of "Are the secrets gone?" (issue 30), the inspector's section mounted on its own.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test
#![cfg(target_arch = "wasm32")]

use fedcred_web::components::audit_sections::SecretsMigration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{exists, select, type_into, until};

async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<SecretsMigration>::with_root(root.clone()).render();
    until("the section", || {
        exists(&root, "#secrets-migration summary")
    })
    .await;
    root.query_selector("#secrets-migration summary")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    until("the form", || exists(&root, "#secrets-paste")).await;
    root
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Graph's page with each app's federated credentials: one app migrated with its secret still
/// there, one done.
const PAGE: &str = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications", "value": [
 {"id": "3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34", "appId": "b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58", "displayName": "deploy", "passwordCredentials": [{"keyId": "5d2f8a61-3c94-4e0b-b7a2-1e6c9d4f8a03", "endDateTime": "2030-01-01T00:00:00Z", "hint": "Q~8", "secretText": null}], "keyCredentials": [], "federatedIdentityCredentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/app:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]},
 {"id": "9a0c5e73-1f2b-4d8e-b6a4-3c7e9f1d2a60", "appId": "e2d7a9c1-6b48-4f3e-9a5d-0c8b1e7f3d92", "displayName": "web", "passwordCredentials": [], "keyCredentials": [], "federatedIdentityCredentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/web:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]}
]}"#;

#[wasm_bindgen_test]
async fn a_pasted_listing_gives_each_apps_state_and_the_removal_script() {
    let root = mount().await;
    type_into(&root, "secrets-paste", PAGE);
    until("the report", || {
        text(&root, "#secrets-headline").contains("2 identities")
    })
    .await;
    assert!(text(&root, "#secrets-headline").contains("1 in progress, 1 done"));
    assert!(exists(&root, "tr[data-state=\"in_progress\"]"));
    let script = text(&root, "#secrets-script");
    assert!(script.contains("remove b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34 deploy 5d2f8a61-3c94-4e0b-b7a2-1e6c9d4f8a03 secret migrated"), "{script}");
    assert!(
        !root.text_content().unwrap_or_default().contains("Q~8"),
        "the hint is not shown"
    );
    select(&root, "secrets-format", "powershell");
    until("the PowerShell script", || {
        text(&root, "#secrets-script").contains("Remove-FedcredKey")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_wrong_document_is_named_and_the_paste_stays() {
    let root = mount().await;
    let account =
        r#"{"environmentName": "AzureCloud", "id": "1", "user": {"name": "a", "type": "user"}}"#;
    type_into(&root, "secrets-paste", account);
    until("the error", || {
        text(&root, "#secrets-result").contains("az account show")
    })
    .await;
    assert!(text(&root, "#secrets-result").contains("Your inputs are kept"));
    let area = root
        .query_selector("#secrets-paste")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap();
    assert_eq!(area.value(), account);
}
