//! The page: header, the two tabs and their panels, footer; or, embedded, one panel alone.

use fedcred_core::scenario::Scenario;
use yew::prelude::*;

use crate::components::builder::Builder;
use crate::components::lazy_page::LazyPage;
use crate::components::tabs::{Tabs, panel_id, tab_id};
use crate::hooks::{use_address_bar, use_embed_height, use_follow_url};
use crate::route::{self, Page};
use crate::state::{AppHandle, State};

thread_local! {
    /// The shared link's builder state the app opens with, read before it was mounted.
    static OPENED_WITH: std::cell::RefCell<Option<Result<Scenario, String>>> =
        const { std::cell::RefCell::new(None) };
}

/// The shared link's builder state (or why it could not be read) for the app mounted next.
pub fn opened_with(read: Result<Scenario, String>) {
    OPENED_WITH.with(|o| *o.borrow_mut() = Some(read));
}

fn initial_state(embed: route::Embed) -> State {
    let fragment = route::current_fragment();
    let mut state = State {
        page: embed.page.unwrap_or_else(|| Page::from_fragment(&fragment)),
        ..State::default()
    };
    match OPENED_WITH.with(|o| o.borrow_mut().take()) {
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

    use_follow_url(&app, embed);
    use_address_bar(&state.scenario, state.page, embed.page.is_some());
    use_embed_height(embed.page.is_some());

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
                    if embed.unknown_page {
                        <p class="link-error" role="alert">{ "This page was embedded with an embed= value that names no page (build, inspect or predict): it shows the builder." }</p>
                    }
                    { panel_body(page, &state, true, embed.readonly) }
                    { embed_footer() }
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
                { for Page::ALL.into_iter().map(|p| panel(p, &state)) }
            </main>
            { footer() }
        </ContextProvider<AppHandle>>
    }
}

/// One tab's panel. The builder is rendered only when shown; the pages whose code loads on
/// demand keep their host, so what the user pasted there survives a tab switch.
fn panel(page: Page, state: &State) -> Html {
    let shown = state.page == page;
    html! {
        <section class="panel" role="tabpanel" id={panel_id(page)} aria-labelledby={tab_id(page)} hidden={!shown}>
            <h2>{ page.title() }</h2>
            if page != Page::Build || shown { { panel_body(page, state, shown, false) } }
        </section>
    }
}

/// Embedded pages keep the privacy promise and a way to the full app.
fn embed_footer() -> Html {
    let full = web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}{}",
                location.origin().ok()?,
                location.pathname().ok()?,
                location.hash().ok()?
            ))
        })
        .unwrap_or_else(|| "/".to_owned());
    html! {
        <footer class="embed-footer">
            { "Runs in your browser: nothing you type or paste is sent anywhere. " }
            <a href={full} target="_blank" rel="noopener">{ "Open in fedcred" }</a>
        </footer>
    }
}

fn footer() -> Html {
    html! {
        <footer class="site-footer">
            <p>
                { "Everything runs in this page. Nothing you type or paste is sent anywhere, stored, or logged. The builder keeps its fields in the address bar, so a reload keeps them and they are in this browser's history; the identity's subscription and app IDs only in a link you copy, and a token never." }
            </p>
            <p class="version">{ format!("fedcred {}", fedcred_core::VERSION) }</p>
        </footer>
    }
}

fn panel_body(page: Page, state: &State, active: bool, readonly: bool) -> Html {
    match page {
        Page::Build => html! { <Builder {readonly} /> },
        Page::Inspect => {
            html! { <LazyPage page="inspect" {active} scenario={state.scenario.clone()} /> }
        }
        Page::Predict => html! { <LazyPage page="predict" {active} /> },
    }
}
