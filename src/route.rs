//! Which page the URL fragment asks for: `#build`, `#inspect` or `#predict`.

/// The pages of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// Build a credential (the default).
    #[default]
    Build,
    /// Inspect a token or an AADSTS error.
    Inspect,
    /// Predict the subjects of a workflow or pipeline file; its code loads when it is opened.
    Predict,
}

impl Page {
    /// Every page, in tab order.
    pub const ALL: [Page; 3] = [Page::Build, Page::Inspect, Page::Predict];

    /// The fragment that opens this page, without `#`.
    pub fn fragment(self) -> &'static str {
        match self {
            Page::Build => "build",
            Page::Inspect => "inspect",
            Page::Predict => "predict",
        }
    }

    /// The tab's label.
    pub fn title(self) -> &'static str {
        match self {
            Page::Build => "Build a credential",
            Page::Inspect => "Inspect a token",
            Page::Predict => "From your files",
        }
    }

    /// The page a fragment names: `#inspect`, `inspect`, or `#inspect?…` (state may follow a
    /// `?`). Anything else opens the builder.
    pub fn from_fragment(fragment: &str) -> Page {
        let name = fragment.trim_start_matches('#');
        let name = name.split(['?', '&', '/']).next().unwrap_or_default();
        Page::ALL
            .into_iter()
            .find(|p| p.fragment() == name)
            .unwrap_or_default()
    }

    /// The page after this one, wrapping (for the arrow keys in the tab list).
    pub fn next(self) -> Page {
        self.step(1)
    }

    /// The page before this one, wrapping.
    pub fn previous(self) -> Page {
        self.step(Page::ALL.len() - 1)
    }

    fn step(self, by: usize) -> Page {
        let at = Page::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_default();
        Page::ALL
            .get((at + by) % Page::ALL.len())
            .copied()
            .unwrap_or_default()
    }
}

/// The builder state a fragment carries (`#build?s=…`), as the link holds it, if any
/// ([`crate::link::read`] reads it).
pub fn state_value(fragment: &str) -> Option<&str> {
    let query = fragment.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix("s="))
}

/// The fragment that shares a builder state.
pub fn share_fragment(scenario: &fedcred_core::scenario::Scenario) -> String {
    format!("build?s={}", scenario.to_fragment())
}

/// How the page is embedded, from the query string: `?embed=build`, `?embed=inspect` or
/// `?embed=predict`, and
/// `&readonly` to lock an embedded builder's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Embed {
    /// The one page shown, without header, tabs or footer.
    pub page: Option<Page>,
    /// Inputs cannot be changed.
    pub readonly: bool,
    /// `embed=` named no page (`build`, `inspect`, `predict`): the builder is shown, and says so.
    pub unknown_page: bool,
}

impl Embed {
    /// Reads the switches from a query string such as `?embed=build&readonly`.
    pub fn from_query(query: &str) -> Embed {
        let mut embed = Embed::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "embed" => {
                    embed.page = Some(Page::from_fragment(value));
                    embed.unknown_page = !matches!(value, "build" | "inspect" | "predict");
                }
                "readonly" => embed.readonly = value != "false" && value != "0",
                _ => {}
            }
        }
        embed
    }
}

/// The current URL's fragment, with its `#`.
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current URL's embed switches.
pub fn current_embed() -> Embed {
    Embed::from_query(
        &web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default(),
    )
}

/// The page's URL with this fragment.
pub fn url_with_fragment(fragment: &str) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return format!("#{fragment}");
    };
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    format!("{base}#{fragment}")
}

/// Replaces the fragment without a history entry or a hashchange event.
pub fn replace_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
}

/// The page the current URL's fragment names.
pub fn current_page() -> Page {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Page::from_fragment(&hash)
}

/// Puts a fragment in the URL, adding a history entry so Back returns to the previous tab.
pub fn show_fragment(fragment: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(fragment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_their_page() {
        let cases = [
            ("", Page::Build),
            ("#", Page::Build),
            ("#build", Page::Build),
            ("#inspect", Page::Inspect),
            ("inspect", Page::Inspect),
            ("#inspect?embed", Page::Inspect),
            ("#INSPECT", Page::Build),
            ("#predict", Page::Predict),
            ("#nonsense", Page::Build),
        ];
        for (fragment, page) in cases {
            assert_eq!(Page::from_fragment(fragment), page, "fragment {fragment:?}");
        }
    }

    #[test]
    fn embed_switches_are_read_from_the_query() {
        let cases = [
            (
                "",
                Embed {
                    page: None,
                    readonly: false,
                    unknown_page: false,
                },
            ),
            (
                "?embed=build",
                Embed {
                    page: Some(Page::Build),
                    readonly: false,
                    unknown_page: false,
                },
            ),
            (
                "?embed=inspect&readonly",
                Embed {
                    page: Some(Page::Inspect),
                    readonly: true,
                    unknown_page: false,
                },
            ),
            (
                "?readonly=false&embed",
                Embed {
                    page: Some(Page::Build),
                    readonly: false,
                    unknown_page: true,
                },
            ),
            (
                "?embed=bulid",
                Embed {
                    page: Some(Page::Build),
                    readonly: false,
                    unknown_page: true,
                },
            ),
        ];
        for (query, embed) in cases {
            assert_eq!(Embed::from_query(query), embed, "{query}");
        }
    }

    #[test]
    fn a_shared_fragment_carries_the_builder_state() {
        let mut scenario = fedcred_core::scenario::Scenario::default();
        scenario.github.repo = "contoso/app".into();
        let fragment = format!("#{}", share_fragment(&scenario));
        assert_eq!(Page::from_fragment(&fragment), Page::Build);
        let value = state_value(&fragment).unwrap_or_default();
        assert_eq!(
            fedcred_core::scenario::Scenario::from_fragment(value).ok(),
            Some(scenario)
        );
        assert_eq!(state_value("#inspect"), None);
        assert_eq!(state_value("#build?embed&s=abc&x"), Some("abc"));
        assert_eq!(state_value("#build?s=%%%"), Some("%%%"));
    }

    #[test]
    fn every_page_round_trips_through_its_fragment() {
        for page in Page::ALL {
            assert_eq!(Page::from_fragment(page.fragment()), page);
            assert_eq!(page.next().previous(), page);
        }
    }
}
