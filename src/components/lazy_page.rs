//! Where a page whose code loads on demand goes ("Inspect a token" and "From a workflow",
//! issue 17). Each such page is its own WebAssembly module (`crates/fedcred-web-<page>`) that the
//! first visit does not download: the first time its tab is shown, this host asks
//! `page-loader.js` (loaded by index.html) to load the module and mount the page into the host's
//! element, with a `fedcred:load-page` event; the element's
//! `data-page` names the module. The loader writes its progress to `data-state` (`loading`,
//! `ready`, `failed`), which the stylesheet shows. The host stays in the document when its tab
//! is hidden, so the page keeps what the user typed.
//!
//! A page that needs the builder's credentials (the inspector) gets them through the element:
//! `data-scenario` holds the builder's state as a shared link's fragment does, refreshed when the
//! tab is shown, with a `fedcred:scenario` event; the page hands a credential back to the builder
//! through the URL, as a shared link does.

use fedcred_core::scenario::Scenario;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The event the loader listens for.
pub const LOAD_EVENT: &str = "fedcred:load-page";
/// The event that tells a loaded page the builder's state changed.
pub const SCENARIO_EVENT: &str = "fedcred:scenario";
/// The attribute that holds the builder's state.
pub const SCENARIO_ATTRIBUTE: &str = "data-scenario";

/// Props of [`LazyPage`].
#[derive(Properties, PartialEq)]
pub struct LazyPageProps {
    /// The module's name: `inspect` or `predict`.
    pub page: &'static str,
    /// Whether the page is shown: the module is requested the first time it is.
    pub active: bool,
    /// The builder's state, for a page that reads it.
    #[prop_or_default]
    pub scenario: Option<Scenario>,
}

fn dispatch(element: &web_sys::Element, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(name, &init) {
        let _ = element
            .unchecked_ref::<web_sys::EventTarget>()
            .dispatch_event(&event);
    }
}

/// The element a page's module mounts into.
#[function_component]
pub fn LazyPage(props: &LazyPageProps) -> Html {
    let root = use_node_ref();
    let requested = use_mut_ref(|| false);
    // Encoded when the tab is shown, not on every keystroke in the builder.
    let shown_scenario = props.active.then(|| props.scenario.clone()).flatten();
    let fragment = use_memo(shown_scenario, |s| s.as_ref().map(Scenario::to_fragment));
    let last = use_mut_ref(|| None::<String>);
    {
        let root = root.clone();
        let fragment = (*fragment).clone();
        use_effect_with((props.active, fragment), move |(active, fragment)| {
            let Some(element) = root.cast::<web_sys::Element>() else {
                return;
            };
            if let Some(fragment) = fragment
                && last.borrow().as_ref() != Some(fragment)
            {
                let _ = element.set_attribute(SCENARIO_ATTRIBUTE, fragment);
                *last.borrow_mut() = Some(fragment.clone());
                dispatch(&element, SCENARIO_EVENT);
            }
            if *active && !*requested.borrow() {
                *requested.borrow_mut() = true;
                // Marked as well as announced: a loader that starts after this render (its
                // script may arrive after the app's) loads the marked pages when it starts.
                let _ = element.set_attribute("data-requested", "");
                dispatch(&element, LOAD_EVENT);
            }
        });
    }
    html! { <div class="lazy-page" data-page={props.page} ref={root}></div> }
}
