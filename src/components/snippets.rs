//! The snippet tabs: identity side and workload side, each highlighted with a copy button.
//!
//! The az CLI's snippet, shown first, is rendered by the page's own code. The other formats'
//! renderers (PowerShell, Graph, Bicep, Terraform, the workload side…) are a part of their own
//! in the release build, loaded the first time one of them is chosen (issue 26): every page that
//! shows snippets (the builder, the workflow page) would otherwise download all ten renderers
//! and their templates on its first visit.

use std::cell::Cell;

use fedcred_core::credential::Credential;
use fedcred_core::platforms::Platform;
use fedcred_core::snippets::{
    AZ, Context, FORMATS, Renderer, Snippet, SnippetError, file_name, not_applicable, render_with,
};
use fedcred_core::target::Target;
use yew::prelude::*;

use super::copy::{CopyButton, download_link};
use super::highlight::Code;
use super::part::{NotLoaded, load_part, use_part};

/// The renderers of every format, as the part that carries them gives them.
pub struct FormatsPart {
    /// The renderer of a format (`None` for one fedcred does not know).
    pub renderer: fn(&str) -> Option<Renderer>,
}

static FORMATS_PART: FormatsPart = FormatsPart {
    renderer: fedcred_core::snippets::renderer,
};

thread_local! {
    /// The formats' renderers, once loaded.
    static FORMATS_LOADED: Cell<Option<&'static FormatsPart>> = const { Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(formats, fallible))]
fn formats_part() -> Result<&'static FormatsPart, NotLoaded> {
    Ok(&FORMATS_PART)
}

/// Props of [`Snippets`].
#[derive(Properties, PartialEq)]
pub struct SnippetsProps {
    /// The platform the credentials came from.
    pub platform: Platform,
    /// The credentials.
    pub credentials: Vec<Credential>,
    /// The identity that holds them.
    pub target: Target,
}

/// Tabs of snippets, one per format.
#[function_component]
pub fn Snippets(props: &SnippetsProps) -> Html {
    let selected = use_state(|| "az");
    // Only the shown format is rendered: a keystroke pays for one snippet, not ten.
    let context = Context {
        platform: &props.platform,
        credentials: &props.credentials,
        target: &props.target,
    };
    // Formats that do not apply are offered disabled, with the reason (issue 16).
    let reasons: Vec<Option<String>> = FORMATS
        .iter()
        .map(|f| not_applicable(f.key, context))
        .collect();
    let applies = |key: &str| {
        FORMATS
            .iter()
            .zip(&reasons)
            .any(|(f, reason)| f.key == key && reason.is_none())
    };
    let shown = FORMATS
        .iter()
        .find(|f| f.key == *selected && applies(f.key))
        .or(FORMATS.first());
    // az is the page's own; another format waits for the part with every renderer. (A hook:
    // called on every render, before anything returns.)
    let part = use_part(
        shown.is_some_and(|f| f.key != "az"),
        &FORMATS_LOADED,
        load_part!(formats_part),
    );
    let Some(shown) = shown else {
        return Html::default();
    };
    let result: Option<Result<Snippet, SnippetError>> = if shown.key == "az" {
        Some(render_with(shown.key, AZ, context))
    } else {
        part.part.map(|part| match (part.renderer)(shown.key) {
            Some(renderer) => render_with(shown.key, renderer, context),
            None => Err(SnippetError(format!("unknown format '{}'", shown.key))),
        })
    };
    // The disabled formats, those with one reason together.
    let mut unavailable: Vec<(Vec<&str>, &str)> = Vec::new();
    for (format, reason) in FORMATS.iter().zip(&reasons) {
        let Some(reason) = reason.as_deref() else {
            continue;
        };
        match unavailable.iter_mut().find(|(_, r)| *r == reason) {
            Some((titles, _)) => titles.push(format.title),
            None => unavailable.push((vec![format.title], reason)),
        }
    }
    let onkeydown = {
        let selected = selected.clone();
        let keys: Vec<&'static str> = FORMATS
            .iter()
            .zip(&reasons)
            .filter(|(_, reason)| reason.is_none())
            .map(|(f, _)| f.key)
            .collect();
        Callback::from(move |e: KeyboardEvent| {
            let index = keys.iter().position(|k| *k == *selected).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (index + 1) % keys.len(),
                "ArrowLeft" => (index + keys.len() - 1) % keys.len(),
                _ => return,
            };
            e.prevent_default();
            if let Some(key) = keys.get(next) {
                selected.set(key);
                super::focus(&format!("snippet-tab-{key}"));
            }
        })
    };
    html! {
        <section class="snippets" aria-labelledby="snippets-heading">
            <h3 id="snippets-heading">{ "Snippets" }</h3>
            <div class="subtabs" role="tablist" aria-label="Snippet formats" {onkeydown}>
                { for FORMATS.iter().zip(&reasons).map(|(format, reason)| {
                    let key = format.key;
                    let is_selected = shown.key == key;
                    let onclick = {
                        let selected = selected.clone();
                        Callback::from(move |_: MouseEvent| selected.set(key))
                    };
                    html! {
                        <button type="button" role="tab" id={format!("snippet-tab-{key}")} aria-controls={format!("snippet-panel-{key}")}
                            aria-selected={is_selected.to_string()} tabindex={if is_selected { "0" } else { "-1" }} {onclick}
                            disabled={reason.is_some()} title={reason.clone().map_or_else(|| format.description.to_owned(), |r| format!("Not for this credential: {r}"))}>
                            { format.title }
                        </button>
                    }
                }) }
            </div>
            // Why a format is disabled, in words anyone can reach (a tooltip is for a mouse only).
            if !unavailable.is_empty() {
                <ul class="hint unavailable" id="snippet-unavailable">
                    { for unavailable.iter().map(|(titles, reason)| html! {
                        <li>{ format!("{} not offered for this credential: {reason}", titles.join(" and ")) }</li>
                    }) }
                </ul>
            }
            { for std::iter::once((shown, &result)).map(|(format, result)| html! {
                <div class="snippet-panel" role="tabpanel" id={format!("snippet-panel-{}", format.key)} aria-labelledby={format!("snippet-tab-{}", format.key)}>
                    { match result {
                        None if part.failed => html! {
                            <p class="link-error" role="alert">{ format!("The {} snippet could not be loaded: reload the page to try again. Your inputs are kept.", format.title) }</p>
                        },
                        None => html! { <p class="recognised" role="status">{ format!("Loading the {} snippet…", format.title) }</p> },
                        Some(Ok(snippet)) => html! {
                            <>
                                <div class="snippet-head">
                                    <span class="snippet-title">{ snippet.title.clone() }</span>
                                    <CopyButton text={snippet.code.clone()} label={format!("Copy the {} snippet", snippet.title)} />
                                    { download_link(file_name(shown.key, &props.platform), &snippet.code, &format!("Download {}", file_name(shown.key, &props.platform))) }
                                </div>
                                <Code code={snippet.code.clone()} language={snippet.language} />
                                if !snippet.notes.is_empty() {
                                    <ul class="notes">{ for snippet.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                                }
                            </>
                        },
                        Some(Err(e)) => html! { <p class="not-applicable">{ e.to_string() }</p> },
                    } }
                </div>
            }) }
        </section>
    }
}
