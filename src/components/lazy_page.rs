//! Where a page whose code loads on demand goes ("Inspect a token" and "From your files",
//! issues 17 and 26). The release build splits the app's WebAssembly at the two functions at the
//! end of this file (`scripts/app-module.sh`): what every page needs (Yew, the allocator, the
//! shared core) stays in the module the first visit downloads, and each page's own code (its
//! components and the parts of the core only it uses) goes into a part of its own, which the
//! first call of its function loads, sharing the first module's memory. Code two pages share
//! but the first does not goes into a part both load; nothing is downloaded twice. Every other
//! build (`make run`, the browser tests) has one module and calls the functions directly.
//!
//! The first time its tab is shown, the host calls its page's function, which mounts the page
//! into the host's element; the element's `data-state` (`loading`, `ready`, `failed`) marks the
//! progress, which the stylesheet shows while loading; a failure is said in the host, as an
//! alert. The host stays in the document when its tab is hidden, so the page keeps what the user
//! typed.
//!
//! A page that needs the builder's credentials (the inspector) gets the builder's state in memory
//! ([`super::part::builder_scenario`]), handed over when the tab is shown and whenever it changed
//! since, with a `fedcred:scenario` event on the element; the page hands a credential back to the
//! builder in memory too, the URL getting the state as a shared link has it, so Back returns
//! ([`super::part::open_in_builder`]).

use fedcred_core::scenario::Scenario;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::part::{NotLoaded, SCENARIO_EVENT, share_builder_scenario};

/// Props of [`LazyPage`].
#[derive(Properties, PartialEq)]
pub struct LazyPageProps {
    /// The page: `inspect` or `predict`.
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
    // Handed over when the tab is shown, not on every keystroke in the builder.
    let shown_scenario = props.active.then(|| props.scenario.clone()).flatten();
    let last = use_mut_ref(|| None::<Scenario>);
    {
        let root = root.clone();
        use_effect_with((props.active, shown_scenario), move |(active, scenario)| {
            let Some(element) = root.cast::<web_sys::Element>() else {
                return;
            };
            if let Some(scenario) = scenario
                && last.borrow().as_ref() != Some(scenario)
            {
                share_builder_scenario(scenario.clone());
                *last.borrow_mut() = Some(scenario.clone());
                dispatch(&element, SCENARIO_EVENT);
            }
            if *active && !*requested.borrow() {
                *requested.borrow_mut() = true;
                let _ = element.set_attribute("data-state", "loading");
                wasm_bindgen_futures::spawn_local(async move {
                    match mount(&element).await {
                        Ok(()) => {
                            let _ = element.set_attribute("data-state", "ready");
                        }
                        Err(NotLoaded) => {
                            // Said as an alert, in the host nothing was mounted into.
                            let _ = element.set_attribute("data-state", "failed");
                            let _ = element.set_attribute("role", "alert");
                            element.set_text_content(Some(
                                "This page could not be loaded: reload to try again. What you typed on the other pages is kept.",
                            ));
                        }
                    }
                });
            }
        });
    }
    html! { <div class="lazy-page" data-page={props.page} ref={root}></div> }
}

/// Mounts the page `element` is the host of, loading its code first in the release build.
async fn mount(element: &web_sys::Element) -> Result<(), NotLoaded> {
    let page = element.get_attribute("data-page").unwrap_or_default();
    // The split functions take no argument: they find their host, which this one marks.
    let _ = element.set_attribute(MOUNTING_ATTRIBUTE, "");
    let mounted = match page.as_str() {
        #[cfg(feature = "split")]
        "inspect" => mount_inspect().await,
        #[cfg(feature = "split")]
        "predict" => mount_predict().await,
        #[cfg(not(feature = "split"))]
        "inspect" => mount_inspect(),
        #[cfg(not(feature = "split"))]
        "predict" => mount_predict(),
        _ => Err(NotLoaded),
    };
    let _ = element.remove_attribute(MOUNTING_ATTRIBUTE);
    mounted
}

/// Marks the host a split function mounts its page into.
const MOUNTING_ATTRIBUTE: &str = "data-mounting";

fn mounting_host(page: &str) -> Result<web_sys::Element, NotLoaded> {
    let selector = format!(".lazy-page[data-page={page}][{MOUNTING_ATTRIBUTE}]");
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .ok_or(NotLoaded)
}

// The pages' own code starts here: the release build cuts the module at these two functions.

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(inspect, fallible))]
fn mount_inspect() -> Result<(), NotLoaded> {
    use super::inspect_app::{InspectApp, InspectAppProps};
    let root = mounting_host("inspect")?;
    let props = InspectAppProps {
        root: root.clone(),
        now: None,
    };
    yew::Renderer::<InspectApp>::with_root_and_props(root, props).render();
    Ok(())
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(predict, fallible))]
fn mount_predict() -> Result<(), NotLoaded> {
    yew::Renderer::<super::predict::Predict>::with_root(mounting_host("predict")?).render();
    Ok(())
}
