//! The app's state: the page, the builder's scenario (shareable), and the inspector's inputs
//! (never shared, stored or logged). One reducer, reached through [`use_app`].

use std::rc::Rc;

use fedcred_core::explain::Suggestion;
use fedcred_core::scenario::Scenario;
use yew::prelude::*;

use crate::route::Page;

/// What the inspector holds. Deliberately not serialisable: it may contain a token.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inspector {
    /// The pasted token or AADSTS error text.
    pub paste: String,
    /// Pasted credentials JSON.
    pub fics: String,
    /// Compare with the builder's credentials instead of pasted JSON.
    pub use_builder: bool,
    /// A pasted JWKS, to check the token's signature.
    pub jwks: String,
    /// What `gh api repos/OWNER/REPO` printed, for the audit's migrations.
    pub github_ids: String,
    /// An issuer to re-point, and its replacement, for the audit's migrations.
    pub reissue: (String, String),
    /// `CONNECTION-NAME SUBJECT-IDENTIFIER` lines, for the Azure DevOps migration.
    pub ado_subjects: String,
}

/// The whole app state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// The page shown.
    pub page: Page,
    /// The builder's inputs.
    pub scenario: Scenario,
    /// The inspector's inputs.
    pub inspector: Inspector,
    /// A message about a shared link that could not be read.
    pub link_error: Option<String>,
}

/// A change to the state.
pub enum Action {
    /// Show a page.
    Show(Page),
    /// Change the builder's inputs.
    Edit(Rc<dyn Fn(&mut Scenario)>),
    /// Replace the builder's inputs (a shared link).
    Load(Box<Result<Scenario, String>>),
    /// Change the inspector's inputs.
    Inspect(Rc<dyn Fn(&mut Inspector)>),
    /// Fill the builder with a credential that accepts the inspected token.
    Suggest(Box<Suggestion>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Show(page) => next.page = page,
            Action::Edit(edit) => edit(&mut next.scenario),
            Action::Load(loaded) => match *loaded {
                Ok(scenario) => {
                    next.scenario = scenario;
                    next.link_error = None;
                }
                Err(message) => next.link_error = Some(message),
            },
            Action::Inspect(edit) => edit(&mut next.inspector),
            Action::Suggest(suggestion) => {
                let suggestion = *suggestion;
                next.scenario.load(suggestion.platform);
                next.scenario.common = suggestion.common;
                if let Some(target) = suggestion.target {
                    next.scenario.target = target;
                }
                next.page = Page::Build;
            }
        }
        Rc::new(next)
    }
}

/// The state and its domain verbs.
#[derive(Clone, PartialEq)]
pub struct AppHandle(pub UseReducerHandle<State>);

impl AppHandle {
    /// The current state.
    pub fn state(&self) -> &State {
        &self.0
    }

    /// A callback that applies `edit` to the scenario with the event's value.
    pub fn edit<T: Clone + 'static>(
        &self,
        edit: impl Fn(&mut Scenario, T) + 'static,
    ) -> Callback<T> {
        let handle = self.0.clone();
        let edit = Rc::new(edit);
        Callback::from(move |value: T| {
            let edit = edit.clone();
            handle.dispatch(Action::Edit(Rc::new(move |s: &mut Scenario| {
                edit(s, value.clone())
            })));
        })
    }

    /// A callback that applies `edit` to the inspector with the event's value.
    pub fn inspect<T: Clone + 'static>(
        &self,
        edit: impl Fn(&mut Inspector, T) + 'static,
    ) -> Callback<T> {
        let handle = self.0.clone();
        let edit = Rc::new(edit);
        Callback::from(move |value: T| {
            let edit = edit.clone();
            handle.dispatch(Action::Inspect(Rc::new(move |i: &mut Inspector| {
                edit(i, value.clone())
            })));
        })
    }

    /// Shows a page.
    pub fn show(&self, page: Page) {
        self.0.dispatch(Action::Show(page));
    }

    /// Fills the builder from a suggestion and shows it.
    pub fn suggest(&self, suggestion: Suggestion) {
        self.0.dispatch(Action::Suggest(Box::new(suggestion)));
    }

    /// Loads a shared link's state.
    pub fn load(&self, scenario: Result<Scenario, String>) {
        self.0.dispatch(Action::Load(Box::new(scenario)));
    }
}

/// The app state from context (a component mounted alone gets a state of its own).
#[hook]
pub fn use_app() -> AppHandle {
    // Hooks run unconditionally: the fallback exists even when the context is there.
    let fallback = use_reducer(State::default);
    use_context::<AppHandle>().unwrap_or(AppHandle(fallback))
}
