//! What a part of the app loaded on demand (a page, or a feature) shares with the page that loads
//! it: how a failed load is said, and how the builder's state reaches a loaded page. A leaf, so
//! that the pages [`super::lazy_page`] mounts and the page itself do not import each other.

use std::cell::RefCell;

use fedcred_core::scenario::Scenario;

/// The event that tells a loaded page the builder's state changed ([`builder_scenario`]).
pub const SCENARIO_EVENT: &str = "fedcred:scenario";

thread_local! {
    /// The builder's state, as the page that loads the parts last handed it over. The parts share
    /// the first module's memory, so it is handed over as it is, not written out and read back.
    static BUILDER_SCENARIO: RefCell<Option<Scenario>> = const { RefCell::new(None) };
}

/// Hands the builder's state to the loaded pages (then [`SCENARIO_EVENT`] tells them).
pub fn share_builder_scenario(scenario: Scenario) {
    BUILDER_SCENARIO.with(|s| *s.borrow_mut() = Some(scenario));
}

/// The builder's state, as last handed over.
pub fn builder_scenario() -> Option<Scenario> {
    BUILDER_SCENARIO.with(|s| s.borrow().clone())
}

thread_local! {
    /// A state a loaded page opened the builder with: the fragment it put in the address, and
    /// the state itself.
    static FOR_THE_BUILDER: RefCell<Option<(String, Scenario)>> = const { RefCell::new(None) };
}

/// Opens the builder with `scenario` from a loaded page, as a shared link would: the address gets
/// its state (so Back returns to the page), and the state is handed over in memory, so the first
/// app, which follows the address, need not read it back ([`handed_over`]).
pub fn open_in_builder(scenario: Scenario) {
    let fragment = crate::route::share_fragment(&scenario);
    FOR_THE_BUILDER.with(|f| *f.borrow_mut() = Some((fragment.clone(), scenario)));
    crate::route::show_fragment(&fragment);
}

/// The state a loaded page opened the builder with, if the address is still the one it set.
pub fn handed_over(fragment: &str) -> Option<Scenario> {
    let (set, scenario) = FOR_THE_BUILDER.with(|f| f.borrow_mut().take())?;
    (set == fragment.trim_start_matches('#')).then_some(scenario)
}

/// A part of the app's code (a page's, or a feature's) could not be loaded; the release build's
/// loader logs why to the console.
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// A part a page loads on first use, as the page sees it.
pub struct Loading<P: 'static> {
    /// The part, once loaded.
    pub part: Option<&'static P>,
    /// Loading it failed.
    pub failed: bool,
}

/// How a page asks for a part: its split function, wrapped so that the release build's load (a
/// fetch) and the unsplit build's (the part at hand) look alike.
pub type Load<P> =
    fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<&'static P, NotLoaded>>>>;

/// The [`Load`] of the part a split function returns: awaited in the release build, where the
/// function fetches the part; called in the unsplit build, where it returns the part at hand.
macro_rules! load_part {
    ($split:path) => {
        || {
            Box::pin(async {
                #[cfg(feature = "split")]
                return $split().await;
                #[cfg(not(feature = "split"))]
                return $split();
            })
        }
    };
}
pub(crate) use load_part;

/// Where a part is kept once loaded (a `thread_local!`), so that the page mounted again has it
/// at once.
pub type Kept<P> = std::thread::LocalKey<std::cell::Cell<Option<&'static P>>>;

/// Loads a part the first time `wants` is true; `cell` keeps it once loaded.
#[yew::hook]
pub fn use_part<P: 'static>(wants: bool, cell: &'static Kept<P>, load: Load<P>) -> Loading<P> {
    let part = yew::use_state(|| cell.get());
    let failed = yew::use_state(|| false);
    {
        let (part, failed) = (part.clone(), failed.clone());
        yew::use_effect_with(wants, move |wants| {
            if *wants && part.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match load().await {
                        Ok(loaded) => {
                            cell.set(Some(loaded));
                            part.set(Some(loaded));
                        }
                        Err(NotLoaded) => failed.set(true),
                    }
                });
            }
        });
    }
    Loading {
        part: *part,
        failed: *failed,
    }
}
