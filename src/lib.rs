//! fedcred in the browser: a Yew app over `fedcred-core`.
//!
//! The app renders what the core computes and holds no domain rule of its own. Nothing it is
//! given leaves the page: the release build's Content-Security-Policy forbids every connection.

pub mod app;
pub mod components;
pub mod hooks;
pub mod link;
pub mod panic;
pub mod route;
pub mod state;
pub mod webcrypto;

pub use app::App;

/// The id of the element the app mounts into (see `index.html`).
pub const MOUNT_ID: &str = "app";

/// Installs the panic hook and mounts the app into `#app` (or the body if it is missing). When
/// the address carries a shared link's builder state, the app is mounted once it is read, so the
/// builder opens with it (the release build loads the reader first, [`link`]).
pub fn start() {
    panic::install();
    match route::state_value(&route::current_fragment()) {
        Some(value) => {
            let value = value.to_owned();
            wasm_bindgen_futures::spawn_local(async move {
                app::opened_with(link::read(value).await);
                mount();
            });
        }
        None => mount(),
    }
}

fn mount() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MOUNT_ID));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
