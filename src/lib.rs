//! fedcred in the browser: a Yew app over `fedcred-core`.
//!
//! The app renders what the core computes and holds no domain rule of its own. Nothing it is
//! given leaves the page: the release build's Content-Security-Policy forbids every connection.

pub mod app;
pub mod components;
pub mod hooks;
pub mod panic;
pub mod route;
pub mod state;
pub mod webcrypto;

pub use app::App;

/// The id of the element the app mounts into (see `index.html`).
pub const MOUNT_ID: &str = "app";

/// Installs the panic hook and mounts the app into `#app` (or the body if it is missing).
pub fn start() {
    panic::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MOUNT_ID));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
