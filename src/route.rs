//! Which page the URL fragment asks for: `#build` or `#inspect`.

/// The two pages of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// Build a credential (the default).
    #[default]
    Build,
    /// Inspect a token or an AADSTS error.
    Inspect,
}

impl Page {
    /// Both pages, in tab order.
    pub const ALL: [Page; 2] = [Page::Build, Page::Inspect];

    /// The fragment that opens this page, without `#`.
    pub fn fragment(self) -> &'static str {
        match self {
            Page::Build => "build",
            Page::Inspect => "inspect",
        }
    }

    /// The tab's label.
    pub fn title(self) -> &'static str {
        match self {
            Page::Build => "Build a credential",
            Page::Inspect => "Inspect a token",
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
        match self {
            Page::Build => Page::Inspect,
            Page::Inspect => Page::Build,
        }
    }

    /// The page before this one, wrapping.
    pub fn previous(self) -> Page {
        // Two pages: the previous one is the next one.
        self.next()
    }
}

/// The page the current URL's fragment names.
pub fn current_page() -> Page {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Page::from_fragment(&hash)
}

/// Puts `page` in the URL fragment, adding a history entry so Back returns to the previous tab.
pub fn show_page(page: Page) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(page.fragment());
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
            ("#nonsense", Page::Build),
        ];
        for (fragment, page) in cases {
            assert_eq!(Page::from_fragment(fragment), page, "fragment {fragment:?}");
        }
    }

    #[test]
    fn every_page_round_trips_through_its_fragment() {
        for page in Page::ALL {
            assert_eq!(Page::from_fragment(page.fragment()), page);
            assert_eq!(page.next().previous(), page);
        }
    }
}
