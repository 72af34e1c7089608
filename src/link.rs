//! A shared link's builder state (`#build?s=…`), read by a part of its own in the release build
//! (issue 26): the reader (the state's JSON, each platform's inputs, the messages for a damaged
//! link) is downloaded only by a visit whose address carries a state, and beside the first module
//! (the boot module asks for it), not by every first visit. The app's pages hand the builder's
//! state to each other in memory ([`crate::components::part`]), so only a link needs reading.

use fedcred_core::scenario::Scenario;

use crate::components::part::{Load, NotLoaded, load_part};

/// The reader, as the part that carries it gives it.
pub struct LinkPart {
    /// Reads a link's state value: the builder's state, or what is wrong with it.
    pub read: fn(&str) -> Result<Scenario, String>,
}

static LINK_PART: LinkPart = LinkPart { read: read_value };

fn read_value(value: &str) -> Result<Scenario, String> {
    Scenario::from_fragment(value).map_err(|e| e.to_string())
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(link, fallible))]
fn link_part() -> Result<&'static LinkPart, NotLoaded> {
    Ok(&LINK_PART)
}

/// What the app says when the reader could not be loaded (after "This link's builder state could
/// not be opened: ").
pub const NOT_LOADED: &str =
    "the code that reads it could not be loaded; reload the page to try again";

/// Reads a link's state value (see [`crate::route::state_value`]), loading the reader first in
/// the release build.
pub async fn read(value: String) -> Result<Scenario, String> {
    let load: Load<LinkPart> = load_part!(link_part);
    match load().await {
        Ok(part) => (part.read)(&value),
        Err(NotLoaded) => Err(NOT_LOADED.to_owned()),
    }
}
