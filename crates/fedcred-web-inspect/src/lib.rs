//! The "Inspect a token" page of the web app as its own WebAssembly module.
//!
//! The first page's module never refers to the inspector: its tab holds an empty element
//! (`fedcred_web::components::lazy_page`), and `static/page-loader.js` loads this module into it
//! when the tab is first opened. The inspector and the core's explainer, token reader, AADSTS
//! tables and JWKS reader are in here, so the first visit downloads none of them (`make bench`
//! reports both sizes).

use fedcred_web::components::inspect_app::{InspectApp, InspectAppProps};
use wasm_bindgen::prelude::wasm_bindgen;

/// Renders the inspector into `root`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    fedcred_web::panic::install();
    let props = InspectAppProps {
        root: root.clone(),
        now: None,
    };
    yew::Renderer::<InspectApp>::with_root_and_props(root, props).render();
}
