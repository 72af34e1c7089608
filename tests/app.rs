//! Browser tests of the app shell, run in headless Chromium by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use fedcred_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app into its own element and lets Yew render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
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
async fn the_app_mounts_with_both_tabs_and_the_builder_selected() {
    web_sys::window().unwrap().location().set_hash("").unwrap();
    let root = mount().await;
    let tabs = tabs(&root);
    let labels: Vec<String> = tabs
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["Build a credential", "Inspect a token"]);
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
    web_sys::window().unwrap().location().set_hash("").unwrap();
    let root = mount().await;
    tabs(&root)[1].click();
    settle().await;
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
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("inspect")
        .unwrap();
    let root = mount().await;
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
