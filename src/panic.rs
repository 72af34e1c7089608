//! A panic in wasm stops the app for good. This hook makes that visible instead of leaving a
//! dead page: it logs the panic to the console and reveals the `#fatal` banner that
//! `index.html` ships hidden (static markup, so showing it needs no working app).
//!
//! This hook serves `make run` and the browser tests. The release build compiles panics into
//! WebAssembly traps (`panic=immediate-abort`, `scripts/dist.sh`), which no hook sees; there the
//! boot module written by `scripts/finalize-dist.mjs` reveals the same banner on a trap.

use std::panic::PanicHookInfo;

/// The id of the hidden banner in `index.html`.
pub const BANNER_ID: &str = "fatal";

/// Installs the hook. Safe to call more than once.
///
/// It goes through Yew's `set_custom_panic_hook`: a plain `std::panic::set_hook` would be
/// replaced by Yew's default hook when the renderer starts.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    // The message is ours (a bug), never user input: the core returns errors as values.
    web_sys::console::error_1(&format!("fedcred crashed: {info}").into());
    show_banner();
}

/// Reveals the "something went wrong" banner.
pub fn show_banner() {
    let banner = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(BANNER_ID));
    if let Some(banner) = banner {
        // Nothing more can be done if this fails: we are already panicking.
        let _ = banner.remove_attribute("hidden");
    }
}
