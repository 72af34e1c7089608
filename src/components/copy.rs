//! A button that copies text and says so.

use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What to copy: exactly the text shown.
    pub text: AttrValue,
    /// What is copied, for screen readers ("Copy the subject").
    pub label: AttrValue,
}

/// Copies `text` to the clipboard; shows "Copied" (or why not) for two seconds.
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let status = status.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match web_sys::window() {
                    Some(window) => {
                        JsFuture::from(window.navigator().clipboard().write_text(&text))
                            .await
                            .is_ok()
                    }
                    None => false,
                };
                status.set(Some(if outcome {
                    "Copied"
                } else {
                    "Copy failed: select and copy by hand"
                }));
                let status = status.clone();
                Timeout::new(2000, move || status.set(None)).forget();
            });
        })
    };
    html! {
        <button type="button" class="copy" {onclick} aria-label={props.label.clone()}>
            <span aria-live="polite">{ status.unwrap_or("Copy") }</span>
        </button>
    }
}

/// A link that saves `text` as the file `name` (a `data:` URL: nothing leaves the page, and the
/// bytes are exactly the text shown).
pub fn download_link(name: &str, text: &str, label: &str) -> Html {
    let href = data_href(text);
    html! {
        <a class="download" download={name.to_owned()} {href}>{ label.to_owned() }</a>
    }
}

/// The `data:` URL [`download_link`] saves `text` with (also made when a link is clicked, for a
/// text too large to encode with every render).
pub fn data_href(text: &str) -> String {
    format!(
        "data:text/plain;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}
