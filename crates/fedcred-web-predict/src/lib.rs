//! The "From a workflow" page of the web app as a second WebAssembly module.
//!
//! The first page's module never refers to this page: its tab holds an empty element
//! (`fedcred_web::components::lazy_page`), and `static/page-loader.js` loads this module
//! into it when the tab is first opened. Everything the page needs beyond what the first module
//! has (the page itself, the core's pipeline readers and the YAML parser) is in here, so the
//! first visit downloads none of it (`make bench` reports both sizes).

use wasm_bindgen::prelude::wasm_bindgen;

/// Renders the workflow page into `root`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    fedcred_web::panic::install();
    yew::Renderer::<fedcred_web::components::predict::Predict>::with_root(root).render();
}
