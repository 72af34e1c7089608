//! "Inspect a token" as the app its own part of the WebAssembly mounts: the inspector with a state
//! of its own, kept in step with the first app ([`super::lazy_page`]): the builder's state arrives
//! in memory, announced by an event on the host element, and "create a credential that accepts
//! this token" goes back in memory too, the URL getting the state as a shared link has it, which
//! the first app follows ([`super::part::open_in_builder`]).

use gloo::events::EventListener;
use yew::prelude::*;

use super::inspector::Inspector;
use super::part::{SCENARIO_EVENT, builder_scenario, open_in_builder};
use crate::hooks::use_embed_height;
use crate::route::{self, Page};
use crate::state::{AppHandle, State};

/// Props of [`InspectApp`].
#[derive(Properties, PartialEq)]
pub struct InspectAppProps {
    /// The host element the app is mounted into (where a change of the builder's state is
    /// announced).
    pub root: web_sys::Element,
    /// The current time, Unix seconds (tests set it; the page uses the clock).
    #[prop_or_default]
    pub now: Option<i64>,
}

/// The inspector, with its state and the bridge to the first app.
#[function_component]
pub fn InspectApp(props: &InspectAppProps) -> Html {
    let state = use_reducer(|| State {
        page: Page::Inspect,
        scenario: builder_scenario().unwrap_or_default(),
        ..State::default()
    });
    let app = AppHandle(state.clone());
    {
        let app = app.clone();
        let root = props.root.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&root, SCENARIO_EVENT, move |_| {
                if let Some(scenario) = builder_scenario() {
                    app.load(Ok(scenario));
                }
            });
            move || drop(listener)
        });
    }
    {
        // "Create a credential that accepts this token" filled this app's builder state and
        // asked for the builder: hand it to the first app through the URL, and stay here.
        let app = app.clone();
        use_effect_with(
            (state.page, state.scenario.clone()),
            move |(page, scenario)| {
                if *page == Page::Build {
                    open_in_builder(scenario.clone());
                    app.show(Page::Inspect);
                }
            },
        );
    }
    let embedded = *use_memo((), |_| route::current_embed().page.is_some());
    use_embed_height(embedded);
    html! {
        <ContextProvider<AppHandle> context={app}>
            <Inspector now={props.now} />
        </ContextProvider<AppHandle>>
    }
}
