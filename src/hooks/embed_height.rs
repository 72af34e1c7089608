//! Embedded, the page tells its parent its height after every render, so the iframe can fit.

use yew::prelude::*;

/// Posts `{type: "fedcred:height", height}` to the parent after every render when embedded.
#[hook]
pub fn use_embed_height(embedded: bool) {
    use_effect(move || {
        if embedded {
            post_height();
        }
    });
}

fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let height = window
        .document()
        .and_then(|d| d.document_element())
        .map(|e| e.scroll_height())
        .unwrap_or_default();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"fedcred:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window.parent()
        && parent != window
    {
        let _ = parent.post_message(&message, "*");
    }
}
