//! Browser tests of the audit of Terraform (issue 31): the report the inspector shows, what the
//! files declare, what they cannot say (in the page's words), and the lines to change.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test
#![cfg(target_arch = "wasm32")]

use fedcred_core::audit::Options;
use fedcred_core::face::Face;
use fedcred_core::iac::{self, Given, Source};
use fedcred_web::components::audit_view;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{exists, until};

const TF: &str = r#"
variable "repo" {}
resource "azurerm_federated_identity_credential" "gh" {
  for_each  = toset(["dev", "prod"])
  name      = "gh-${each.key}"
  parent_id = azurerm_user_assigned_identity.deploy.id
  issuer    = "https://token.actions.githubusercontent.com/"
  subject   = "repo:${var.repo}:environment:${each.key}"
  audience  = ["api://AzureADTokenExchange"]
}
resource "azurerm_federated_identity_credential" "aks" {
  name      = "aks"
  parent_id = azurerm_user_assigned_identity.deploy.id
  issuer    = azurerm_kubernetes_cluster.aks.oidc_issuer_url
  subject   = "system:serviceaccount:pay:api"
  audience  = ["api://AzureADTokenExchange"]
}
"#;

#[function_component]
fn Report() -> Html {
    let given = Given {
        values: Given::values_from_lines("repo = \"contoso/app\"").unwrap(),
        ..Given::default()
    };
    let reading = iac::read(&[Source::new("ci/main.tf", TF)], &given, Face::Page);
    let options = Options {
        face: Face::Page,
        ..Options::default()
    };
    let report = iac::audit(reading, &options);
    audit_view::view(
        &report.audit,
        &[],
        &[],
        Some(&report.reading),
        false,
        Callback::noop(),
    )
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_report_says_what_is_declared_what_is_not_known_and_the_lines_to_change() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Report>::with_root(root.clone()).render();
    until("the report", || exists(&root, "#declared-heading")).await;
    assert_eq!(
        text(&root, "#declared-heading"),
        "The Terraform declares 2 credentials; 1 cannot be known from the files"
    );
    let declared = text(&root, ".declared-list");
    assert!(
        declared.contains(r#"azurerm_federated_identity_credential.gh["prod"]"#),
        "{declared}"
    );
    assert!(
        declared.contains("repo:contoso/app:environment:prod"),
        "{declared}"
    );
    // What the files cannot say, in the page's words: the Values box, not a command's flag.
    let unresolved = text(&root, ".unresolved");
    assert!(
        unresolved.contains("azurerm_kubernetes_cluster.aks.oidc_issuer_url"),
        "{unresolved}"
    );
    assert!(
        unresolved.contains("in the Values box") && !unresolved.contains("--var"),
        "{unresolved}"
    );
    // Each finding's lines to change, with a copy button named for its credential.
    let edit = text(&root, "[data-code=\"issuer_trailing_slash\"] .fix.edit pre");
    assert_eq!(
        edit,
        "ci/main.tf:7\n  issuer = \"https://token.actions.githubusercontent.com\""
    );
    assert!(exists(
        &root,
        "[data-code=\"issuer_trailing_slash\"] .fix.edit button"
    ));
    assert_eq!(
        root.query_selector_all(".fix:not(.edit) > code")
            .unwrap()
            .length(),
        0,
        "no az command for a declared credential"
    );
}
