//! What a part of the app loaded on demand (a page, or a feature) shares with the page that loads
//! it: how a failed load is said, and how the builder's state reaches a loaded page. A leaf, so
//! that the pages [`super::lazy_page`] mounts and the page itself do not import each other.

/// The event that tells a loaded page the builder's state changed.
pub const SCENARIO_EVENT: &str = "fedcred:scenario";
/// The attribute that holds the builder's state.
pub const SCENARIO_ATTRIBUTE: &str = "data-scenario";

/// A part of the app's code (a page's, or a feature's) could not be loaded; the release build's
/// loader logs why to the console.
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotLoaded
    }
}
