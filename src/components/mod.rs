//! One function component per file.

pub mod audit_sections;
pub mod audit_view;
pub mod builder;
pub mod copy;
pub mod field;
pub mod highlight;
pub mod inspect_app;
pub mod inspector;
pub mod lazy_page;
pub mod marks;
pub mod part;
pub mod picked;
pub mod predict;
pub mod secrets;
pub mod snippets;
pub mod tabs;
pub mod terraform;

/// Moves the keyboard focus to the element with this id, if it is on the page.
pub(crate) fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Scrolls the element with this id to the top of the window, without touching the URL.
pub(crate) fn scroll_to(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.scroll_into_view_with_bool(true);
    }
}
