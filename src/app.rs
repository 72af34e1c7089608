//! The page: header, the two tabs and their panels, footer; or, embedded, one panel alone.

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::builder::Builder;
use crate::components::inspector::Inspector;
use crate::components::tabs::{Tabs, panel_id, tab_id};
use crate::route::{self, Page};
use crate::state::{AppHandle, State};

/// The mark the app sets when its first complete render is on screen (measured by `make bench`).
pub const RENDERED_MARK: &str = "fedcred:rendered";

/// How long the builder waits after the last change before it writes its state to the address bar.
pub const URL_DELAY_MS: u32 = 250;

fn initial_state(embed: route::Embed) -> State {
    let fragment = route::current_fragment();
    let mut state = State {
        page: embed.page.unwrap_or_else(|| Page::from_fragment(&fragment)),
        ..State::default()
    };
    match route::state_in(&fragment) {
        Some(Ok(scenario)) => state.scenario = scenario,
        Some(Err(message)) => state.link_error = Some(message),
        None => {}
    }
    state
}

/// The whole app.
#[function_component]
pub fn App() -> Html {
    let embed = *use_memo((), |_| route::current_embed());
    let state = use_reducer(move || initial_state(embed));
    let app = AppHandle(state.clone());

    // The URL is the source of truth for the page: follow Back/Forward and pasted links.
    {
        let app = app.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let fragment = route::current_fragment();
                    if embed.page.is_none() {
                        app.show(Page::from_fragment(&fragment));
                    }
                    if let Some(scenario) = route::state_in(&fragment) {
                        app.load(scenario);
                    }
                })
            });
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark(RENDERED_MARK);
            }
            move || drop(listener)
        });
    }

    // Keep the builder's state in the address bar (never the inspector's), without history noise,
    // once typing pauses: history.replaceState costs milliseconds in Chromium (and is throttled
    // when called on every keystroke), which a keystroke should not wait for (issue 6).
    let pending_url = use_mut_ref(|| None::<Timeout>);
    {
        let scenario = state.scenario.clone();
        let page = state.page;
        use_effect_with((scenario, page), move |(scenario, page)| {
            if embed.page.is_none() && *page == Page::Build && *scenario != Default::default() {
                let scenario = scenario.clone();
                // Replacing the timer cancels the one before.
                *pending_url.borrow_mut() = Some(Timeout::new(URL_DELAY_MS, move || {
                    // The user may have switched to the inspector meanwhile.
                    if route::current_page() == Page::Build {
                        route::replace_fragment(&route::share_fragment(&scenario));
                    }
                }));
            }
        });
    }

    // Embedded: tell the parent page our height after every render, so its iframe can fit.
    use_effect(move || {
        if embed.page.is_some() {
            post_height();
        }
    });

    let on_select = {
        let app = app.clone();
        let scenario = state.scenario.clone();
        Callback::from(move |selected: Page| {
            app.show(selected);
            let fragment = if selected == Page::Build && scenario != Default::default() {
                route::share_fragment(&scenario)
            } else {
                selected.fragment().to_owned()
            };
            route::show_fragment(&fragment);
        })
    };

    let link_error = state.link_error.clone().map(|message| html! {
        <p class="link-error" role="alert">{ format!("This link's builder state could not be opened: {message}. The builder starts empty.") }</p>
    });

    if let Some(page) = embed.page {
        return html! {
            <ContextProvider<AppHandle> context={app}>
                <main class="embedded">
                    { link_error }
                    { panel_body(page, embed.readonly) }
                </main>
            </ContextProvider<AppHandle>>
        };
    }

    html! {
        <ContextProvider<AppHandle> context={app}>
            <header class="site-header">
                <h1 class="brand">{ "fedcred" }</h1>
                <p class="tagline">
                    { "Build Microsoft Entra federated identity credentials that match, and find out why one doesn't." }
                </p>
            </header>
            <main>
                { link_error }
                <Tabs current={state.page} {on_select} />
                { for Page::ALL.into_iter().map(|p| html! {
                    <section class="panel" role="tabpanel" id={panel_id(p)} aria-labelledby={tab_id(p)} hidden={p != state.page}>
                        <h2>{ p.title() }</h2>
                        if p == state.page { { panel_body(p, false) } }
                    </section>
                }) }
            </main>
            <footer class="site-footer">
                <p>
                    { "Everything runs in this page. Nothing you type or paste is sent anywhere, stored, or logged." }
                </p>
                <p class="version">{ format!("fedcred {}", fedcred_core::VERSION) }</p>
            </footer>
        </ContextProvider<AppHandle>>
    }
}

fn panel_body(page: Page, readonly: bool) -> Html {
    match page {
        Page::Build => html! { <Builder {readonly} /> },
        Page::Inspect => html! { <Inspector /> },
    }
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
