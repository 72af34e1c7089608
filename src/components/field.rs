//! Labelled inputs that show the core's findings for their field beside them.

use fedcred_core::finding::{Code, Finding};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The findings about one input field.
pub fn findings_for(findings: &[Finding], field: &str) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.field == Some(field))
        .cloned()
        .collect()
}

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The element id (also names the hint and messages).
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The current value.
    pub value: AttrValue,
    /// Called with the new value on every keystroke.
    pub on_input: Callback<String>,
    /// Guidance shown under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Findings about this field.
    #[prop_or_default]
    pub findings: Vec<Finding>,
    /// Placeholder text.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Read-only (embedded presets).
    #[prop_or_default]
    pub readonly: bool,
    /// A multi-line text area.
    #[prop_or_default]
    pub multiline: bool,
    /// Called instead of inserting a paste longer than [`LARGE_PASTE`] into the text area: laying
    /// out megabytes of text there freezes the page (make bench), so the page keeps it aside.
    #[prop_or_default]
    pub on_large_paste: Option<Callback<String>>,
}

/// The size from which [`TextFieldProps::on_large_paste`] takes a paste (256 KB).
pub const LARGE_PASTE: usize = 256 * 1024;

/// A text input with its label, hint and findings.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let messages_id = format!("{}-messages", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if !props.findings.is_empty() {
        described.push(messages_id.clone());
    }
    let invalid = props.findings.iter().any(Finding::is_error);
    let described = (!described.is_empty()).then(|| described.join(" "));
    let control = if props.multiline {
        let oninput = props
            .on_input
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
        let onpaste = props.on_large_paste.clone().map(|large| {
            Callback::from(move |e: Event| {
                let text = e
                    .dyn_ref::<web_sys::ClipboardEvent>()
                    .and_then(|e| e.clipboard_data())
                    .and_then(|data| data.get_data("text").ok());
                if let Some(text) = text.filter(|t| t.len() > LARGE_PASTE) {
                    e.prevent_default();
                    large.emit(text);
                }
            })
        });
        html! {
            <textarea
                id={props.id.clone()}
                value={props.value.clone()}
                {oninput}
                {onpaste}
                rows="6"
                spellcheck="false"
                autocomplete="off"
                placeholder={props.placeholder.clone()}
                readonly={props.readonly}
                aria-invalid={invalid.to_string()}
                aria-describedby={described}
            />
        }
    } else {
        let oninput = props
            .on_input
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input
                type="text"
                id={props.id.clone()}
                value={props.value.clone()}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
                readonly={props.readonly}
                aria-invalid={invalid.to_string()}
                aria-describedby={described}
            />
        }
    };
    html! {
        <div class={classes!("field", invalid.then_some("has-error"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
            { control }
            { messages(&messages_id, &props.findings) }
        </div>
    }
}

/// Findings as a list: errors, then warnings, then notes. A function, not a component: it has
/// no state, and each component type costs the bundle its own copy of Yew's lifecycle.
pub fn messages(id: &str, findings: &[Finding]) -> Html {
    if findings.is_empty() {
        return html! {};
    }
    let mut findings = findings.to_vec();
    findings.sort_by_key(|f| f.severity);
    html! {
        <ul class="messages" id={id.to_owned()}>
            { for findings.iter().map(|f| {
                let (class, word) = (f.severity.as_str(), f.severity.label());
                html! {
                    <li class={class} data-code={f.code.as_str()}>
                        <span class="severity">{ word }{ ": " }</span>{ f.message.clone() }
                    </li>
                }
            }) }
        </ul>
    }
}

/// A finding's stable code, set apart from its sentence (issue 27): for searching, or a ticket,
/// never read as part of what the finding says.
pub fn code_tag(code: Code) -> Html {
    html! {
        <p class="finding-code"><span class="label">{ "Code " }</span><code>{ code.as_str() }</code></p>
    }
}

/// Props of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// The element id.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// `(value, label)` pairs.
    pub options: Vec<(&'static str, &'static str)>,
    /// The selected value.
    pub value: AttrValue,
    /// Called with the chosen value.
    pub on_change: Callback<String>,
    /// Guidance shown under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Disabled (embedded read-only presets).
    #[prop_or_default]
    pub readonly: bool,
}

/// A labelled select.
#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props
        .on_change
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            <select id={props.id.clone()} {onchange} disabled={props.readonly} aria-describedby={props.hint.as_ref().map(|_| hint_id)}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={*value} selected={*value == props.value}>{ *label }</option>
                }) }
            </select>
        </div>
    }
}
