//! The builder's state in the address bar (never the inspector's), once typing pauses, without
//! the identity's IDs.

use fedcred_core::scenario::Scenario;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::route::{self, Page};

/// How long the builder waits after the last change before it writes its state to the address bar.
pub const URL_DELAY_MS: u32 = 250;

/// Keeps the builder's state in the address bar without history noise, once typing pauses:
/// `history.replaceState` costs milliseconds in Chromium (and is throttled when called on every
/// keystroke), which a keystroke should not wait for (issue 6). Not when embedded. When the app
/// moved to the builder without the address bar (the inspector's "Create a credential"), the
/// builder's address is pushed, so Back returns to the inspector.
#[hook]
pub fn use_address_bar(scenario: &Scenario, page: Page, embedded: bool) {
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with((scenario.clone(), page), move |(scenario, page)| {
        if !embedded && *page == Page::Build && *scenario != Scenario::default() {
            let scenario = scenario.clone();
            // Replacing the timer cancels the one before.
            *pending.borrow_mut() = Some(Timeout::new(URL_DELAY_MS, move || {
                // The identity's IDs stay out of the address (and the history) until a link is
                // copied (issue 27).
                let fragment = route::share_fragment(&scenario.without_identity_ids());
                if route::current_page() == Page::Build {
                    route::replace_fragment(&fragment);
                } else {
                    route::show_fragment(&fragment);
                }
            }));
        } else {
            // Another page now (the user switched): a pending write must not bring it back.
            pending.borrow_mut().take();
        }
    });
}
