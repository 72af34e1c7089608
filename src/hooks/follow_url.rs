//! The URL is the source of truth for the page: Back/Forward and pasted links are followed.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::route::{self, Embed, Page};
use crate::state::AppHandle;

/// The mark the app sets when its first complete render is on screen (measured by `make bench`).
pub const RENDERED_MARK: &str = "fedcred:rendered";

/// Follows `hashchange` (the page, and a shared link's builder state), and marks the first render.
#[hook]
pub fn use_follow_url(app: &AppHandle, embed: Embed) {
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
