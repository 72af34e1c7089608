//! The page: header, the two tabs and their panels, footer.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::components::tabs::{Tabs, panel_id, tab_id};
use crate::route::{self, Page};

/// The whole app.
#[function_component]
pub fn App() -> Html {
    let page = use_state(route::current_page);

    // The URL is the source of truth for the page: follow it on Back/Forward and pasted links.
    {
        let page = page.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    page.set(route::current_page())
                })
            });
            move || drop(listener)
        });
    }

    let on_select = {
        let page = page.clone();
        Callback::from(move |selected: Page| {
            page.set(selected);
            route::show_page(selected);
        })
    };

    html! {
        <>
            <header class="site-header">
                <h1 class="brand">{ "fedcred" }</h1>
                <p class="tagline">
                    { "Build Microsoft Entra federated identity credentials that match, and find out why one doesn't." }
                </p>
            </header>
            <main>
                <Tabs current={*page} {on_select} />
                { for Page::ALL.into_iter().map(|p| panel(p, p == *page)) }
            </main>
            <footer class="site-footer">
                <p>
                    { "Everything runs in this page. Nothing you type or paste is sent anywhere, stored, or logged." }
                </p>
                <p class="version">{ format!("fedcred {}", fedcred_core::VERSION) }</p>
            </footer>
        </>
    }
}

fn panel(page: Page, selected: bool) -> Html {
    let body = match page {
        Page::Build => html! {
            <>
                <h2>{ "Build a credential" }</h2>
                <p>
                    { "Describe the workload — a GitHub Actions job, an Azure DevOps service connection, \
                       a Kubernetes service account, a GitLab or Terraform Cloud run — and get the exact \
                       issuer, subject and audience Entra will compare, checked against Entra's rules, \
                       with commands ready to paste." }
                </p>
            </>
        },
        Page::Inspect => html! {
            <>
                <h2>{ "Inspect a token" }</h2>
                <p>
                    { "Paste the OIDC token your pipeline presented, or the AADSTS error it got back, \
                       and see every claim explained and exactly why a credential does or does not match." }
                </p>
            </>
        },
    };
    html! {
        <section
            class="panel"
            role="tabpanel"
            id={panel_id(page)}
            aria-labelledby={tab_id(page)}
            hidden={!selected}
            tabindex="0"
        >
            { body }
        </section>
    }
}
