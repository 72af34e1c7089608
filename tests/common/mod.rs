//! What the browser tests share: waiting for a render, typing and reading as a user would.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)] // each test file uses some of these

use std::time::Duration;

use wasm_bindgen::JsCast;
use web_sys::Element;

/// Waits until `ready` holds (polling every 10 ms, at most 5 s): renders are asynchronous, and a
/// cold debug build on a busy machine can take longer than any fixed pause.
pub async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Types `value` into the input or text area with this id, as a keystroke would.
pub fn type_into(root: &Element, id: &str, value: &str) {
    let element = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("#{id} exists"));
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    }
    dispatch(&element, "input");
}

pub fn select(root: &Element, id: &str, value: &str) {
    let element = root.query_selector(&format!("#{id}")).unwrap().unwrap();
    element
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .unwrap()
        .set_value(value);
    dispatch(&element, "change");
}

/// Fires a bubbling event of this kind at `element`, as the browser does for a user's input.
pub fn dispatch(element: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

pub fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().is_some()
}

pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}
