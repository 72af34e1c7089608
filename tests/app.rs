//! Browser tests of the app shell, run in headless Chromium by wasm-bindgen-test-runner.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test
#![cfg(target_arch = "wasm32")]

use fedcred_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{exists, select, text, type_into, until};

thread_local! {
    /// The apps mounted so far: each test unmounts the earlier ones, which would otherwise keep
    /// following (and rewriting) the URL fragment.
    static MOUNTED: std::cell::RefCell<Vec<yew::AppHandle<App>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Opens the app at a fragment, as a link would, once the page it names is showing.
async fn mount_at(fragment: &str) -> Element {
    for app in MOUNTED.with(|m| m.take()) {
        app.destroy();
    }
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(fragment)
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|m| m.borrow_mut().push(app));
    let page = fedcred_web::route::Page::from_fragment(fragment);
    let panel = format!("#panel-{}:not([hidden])", page.fragment());
    until("the page the fragment names", || exists(&root, &panel)).await;
    root
}

fn tabs(root: &Element) -> Vec<HtmlElement> {
    let list = root
        .query_selector_all("[role=tablist] [role=tab]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn selected_panel_heading(root: &Element) -> String {
    root.query_selector("[role=tabpanel]:not([hidden]) h2")
        .unwrap()
        .expect("a visible panel with a heading")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_every_tab_and_the_builder_selected() {
    let root = mount_at("").await;
    let tabs = tabs(&root);
    let labels: Vec<String> = tabs
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        labels,
        ["Build a credential", "Inspect a token", "From your files"]
    );
    assert_eq!(
        tabs[0].get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(
        tabs[1].get_attribute("aria-selected").as_deref(),
        Some("false")
    );
    assert_eq!(selected_panel_heading(&root), "Build a credential");
}

#[wasm_bindgen_test]
async fn clicking_a_tab_selects_it_and_puts_it_in_the_fragment() {
    let root = mount_at("").await;
    tabs(&root)[1].click();
    until("the inspector panel", || {
        text(&root, "[role=tabpanel]:not([hidden]) h2") == "Inspect a token"
    })
    .await;
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(hash, "#inspect");
    assert_eq!(
        tabs(&root)[1].get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(selected_panel_heading(&root), "Inspect a token");
}

#[wasm_bindgen_test]
async fn a_link_with_a_fragment_opens_its_tab() {
    let root = mount_at("inspect").await;
    assert_eq!(selected_panel_heading(&root), "Inspect a token");
}

#[wasm_bindgen_test]
fn the_panic_banner_is_revealed_by_the_hook() {
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.create_element("div").unwrap();
    banner.set_id(fedcred_web::panic::BANNER_ID);
    banner.set_attribute("hidden", "").unwrap();
    document.body().unwrap().append_child(&banner).unwrap();
    fedcred_web::panic::show_banner();
    assert!(!banner.has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn typing_in_the_builder_updates_the_credential_at_once() {
    let root = mount_at("build").await;
    type_into(&root, "github-repo", "contoso/payments-api");
    select(&root, "github-entity", "environment");
    until("the environment field", || {
        text(&root, "label[for=github-entity-value]") == "Environment"
    })
    .await;
    type_into(&root, "github-entity-value", "production");
    until("the credential", || {
        text(&root, "#result-subject-0") == "repo:contoso/payments-api:environment:production"
    })
    .await;
    assert_eq!(
        text(&root, "#result-subject-0"),
        "repo:contoso/payments-api:environment:production"
    );
    assert!(text(&root, ".snippet-panel pre").contains("az identity federated-credential create"));
}

#[wasm_bindgen_test]
async fn an_invalid_field_shows_its_message_and_other_platforms_keep_their_inputs() {
    let root = mount_at("build").await;
    type_into(&root, "github-repo", "no-slash");
    until("the message", || {
        text(&root, "#github-repo-messages").contains("has no '/'")
    })
    .await;
    assert!(
        root.query_selector("#result-subject-0").unwrap().is_none(),
        "no credential while an input is wrong"
    );
    select(&root, "platform", "kubernetes");
    until("the Kubernetes form", || exists(&root, "#k8s-issuer")).await;
    select(&root, "platform", "github");
    until("the GitHub form", || exists(&root, "#github-repo")).await;
    let repo = root.query_selector("#github-repo").unwrap().unwrap();
    assert_eq!(
        repo.dyn_ref::<web_sys::HtmlInputElement>().unwrap().value(),
        "no-slash"
    );
}

/// Mounts the inspector as its own module does, with `scenario` handed over as the builder's
/// state (an empty one when `None`).
fn mount_inspector(scenario: Option<&fedcred_core::scenario::Scenario>) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    fedcred_web::components::part::share_builder_scenario(scenario.cloned().unwrap_or_default());
    document.body().unwrap().append_child(&root).unwrap();
    let props = fedcred_web::components::inspect_app::InspectAppProps {
        root: root.clone(),
        now: None,
    };
    yew::Renderer::<fedcred_web::components::inspect_app::InspectApp>::with_root_and_props(
        root.clone(),
        props,
    )
    .render();
    root
}

#[wasm_bindgen_test]
async fn the_inspector_reads_the_builders_credentials_handed_over() {
    let mut scenario = fedcred_core::scenario::Scenario::default();
    scenario.github.repo = "contoso/app".into();
    scenario.github.entity = fedcred_core::platforms::github::Entity::Environment("prod".into());
    let root = mount_inspector(Some(&scenario));
    until("the inspector", || exists(&root, "#inspect-use-builder")).await;
    assert_eq!(
        text(&root, "label[for=inspect-use-builder]"),
        "Use the credentials from the builder (1)"
    );
}

/// A GitHub token for branch `dev` of `o/r`, unsigned-looking but well-formed.
fn dev_branch_token() -> String {
    let b64 = |s: &str| fedcred_core::base64url::encode(s.as_bytes());
    format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256"}"#),
        b64(
            r#"{"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/dev","aud":"api://AzureADTokenExchange","exp":4102444800}"#
        )
    )
}

#[wasm_bindgen_test]
async fn a_token_alone_is_not_called_a_mismatch() {
    let root = mount_inspector(None);
    until("the inspector", || exists(&root, "#inspect-paste")).await;
    let token = dev_branch_token();
    type_into(&root, "inspect-paste", &token);
    until("the verdict", || exists(&root, "#verdict-heading")).await;
    assert_eq!(
        text(&root, "#verdict-heading"),
        "Not compared: paste the credentials to see whether one accepts this token"
    );
    assert!(
        root.query_selector(".verdict.not-compared")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn a_pasted_token_gets_a_verdict() {
    let root = mount_inspector(None);
    until("the inspector", || exists(&root, "#inspect-paste")).await;
    let token = dev_branch_token();
    type_into(&root, "inspect-paste", &token);
    type_into(
        &root,
        "inspect-fics",
        r#"{"name":"main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}"#,
    );
    until("the verdict against the credential", || {
        text(&root, "#verdict-heading") == "No match: Entra will answer AADSTS700213"
    })
    .await;
    assert_eq!(text(&root, "#recognised"), "Recognised: a token.");
    assert_eq!(
        text(&root, "#verdict-heading"),
        "No match: Entra will answer AADSTS700213"
    );
    assert!(
        root.query_selector(".findings li[data-code=subject_branch_differs]")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn a_credential_that_would_widen_trust_comes_after_the_workflow_change() {
    // Issue 24's example: an expired token from a branch run, one credential for an environment.
    let b64 = |s: &str| fedcred_core::base64url::encode(s.as_bytes());
    let token = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256"}"#),
        b64(
            r#"{"iss":"https://token.actions.githubusercontent.com","sub":"repo:contoso/app:ref:refs/heads/main","aud":"api://AzureADTokenExchange","iat":1767225060,"exp":1767225360}"#
        )
    );
    let root = mount_inspector(None);
    until("the inspector", || exists(&root, "#inspect-paste")).await;
    type_into(&root, "inspect-paste", &token);
    type_into(
        &root,
        "inspect-fics",
        r#"{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/app:environment:production","audiences":["api://AzureADTokenExchange"]}"#,
    );
    until("the verdict against the credential", || {
        exists(&root, ".widens")
    })
    .await;
    // Both refusals, in no order the sources do not give.
    assert_eq!(
        text(&root, "#verdict-heading"),
        "No match: Entra will answer AADSTS700213 or AADSTS700024"
    );
    // The finding: the workflow's line first, the expiry beside it; the credential's change
    // after it, under its own code.
    let subject = ".findings li[data-code=subject_environment_vs_ref]";
    assert_eq!(
        text(&root, &format!("{subject} .fix code")),
        "environment: production"
    );
    let fix = text(&root, &format!("{subject} .fix-words"));
    assert!(
        fix.starts_with("Fix: add the environment production to the job"),
        "{fix}"
    );
    assert!(
        fix.contains("a fresh token is still refused for this difference (AADSTS700213)"),
        "{fix}"
    );
    assert!(exists(
        &root,
        &format!("{subject} + li[data-code=widens_bypasses_environment]")
    ));
    // Beside the button: the workflow's line to copy, then what the credential would let in,
    // in words, then the button, which the words describe.
    assert!(exists(
        &root,
        ".widens + button.primary[aria-describedby=suggestion-widens]"
    ));
    assert_eq!(text(&root, ".widens .fix code"), "environment: production");
    let words = text(&root, ".widens");
    let change = words.find("Better, change the workflow: add the environment production");
    let widening =
        words.find("Or, widening trust: 'prod' accepts only jobs in the environment production");
    assert!(change.is_some() && change < widening, "{words}");
    assert!(
        text(&root, "#suggestion-widens")
            .contains("would let every run on branch main sign in without them")
    );
    assert!(
        !words.contains("--"),
        "no command-line flags in the page's words: {words}"
    );
}
