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
                let page = Page::from_fragment(&fragment);
                let show = move |app: &AppHandle| {
                    if embed.page.is_none() {
                        app.show(page);
                    }
                };
                if let Some(scenario) = crate::components::part::handed_over(&fragment) {
                    // A loaded page opened the builder with this state: nothing to read back.
                    show(&app);
                    app.load(Ok(scenario));
                    return;
                }
                let Some(value) = route::state_value(&fragment) else {
                    show(&app);
                    return;
                };
                // A builder state: the page changes once it is read (its reader may have to load
                // first, crate::link), so the builder never shows empty before it fills, unless
                // the address moved on meanwhile.
                let (app, value) = (app.clone(), value.to_owned());
                wasm_bindgen_futures::spawn_local(async move {
                    let read = crate::link::read(value).await;
                    if route::current_fragment() != fragment {
                        return;
                    }
                    show(&app);
                    app.load(read);
                });
            })
        });
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(RENDERED_MARK);
        }
        move || drop(listener)
    });
}
