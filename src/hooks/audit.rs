//! The audit of pasted credentials (issue 18), a slice at a time: the page yields to the browser
//! every 25 ms, so a paste of thousands of credentials never freezes it for long (budget: no task
//! over 100 ms). A newer paste supersedes an audit still running.
//!
//! Only those who paste credentials without a token use it, so in the release build the audit
//! (its checks, the migrations and their scripts, its section of the page) is a part of its own,
//! loaded the first time it runs (issue 26); the inspector reaches it through [`AuditPart`].

use std::rc::Rc;

use fedcred_core::audit::{Audit, Auditor, Options, migrate};
use fedcred_core::iac::Reading;
use yew::prelude::*;

use super::slice::{SliceWork, in_slices, yield_to_the_page};
use crate::components::audit_view::Script;
use crate::components::part::NotLoaded;

/// An audit under way, run a slice at a time.
pub(super) trait Run {
    /// Checks up to `n` more entries; true when nothing is left.
    fn step(&mut self, n: usize) -> bool;
    /// Entries read and credentials checked, of the total.
    fn progress(&self) -> (usize, usize);
    /// The audit, with its migration scripts.
    fn finish(self: Box<Self>) -> Audited;
}

impl SliceWork for Box<dyn Run> {
    fn step(&mut self) -> bool {
        Run::step(self.as_mut(), 100)
    }
    fn progress(&self) -> (usize, usize) {
        Run::progress(self.as_ref())
    }
}

impl Run for Auditor {
    fn step(&mut self, n: usize) -> bool {
        Auditor::step(self, n)
    }
    fn progress(&self) -> (usize, usize) {
        Auditor::progress(self)
    }
    fn finish(self: Box<Self>) -> Audited {
        let done = Auditor::finish(*self);
        let mut scripts = Vec::new();
        let mut summary = Vec::new();
        if done.findings.iter().any(|f| f.migration.is_some()) {
            for format in ["az", "powershell", "graph"] {
                if let Ok(text) = migrate::script(&done, format) {
                    scripts.push(Script { format, text });
                }
            }
            summary = migrate::summary(&migrate::plan(&done));
        }
        Audited {
            audit: done,
            summary,
            scripts,
            declared: None,
        }
    }
}

/// Terraform given to the inspector (issue 31): its files, read in the page, and the Values box.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    /// Each file's path in what was chosen, and its text.
    pub files: Rc<Vec<(String, String)>>,
    /// What the files cannot know, one `NAME = VALUE` per line.
    pub values: String,
}

/// What the audit's part gives the inspector.
pub struct AuditPart {
    start: fn(&str, Options) -> Box<dyn Run>,
    view: fn(&Audited, bool, Callback<MouseEvent>) -> Html,
    /// The form and report of "Are the secrets gone?" (issue 30): an audit of the secrets the
    /// credentials replace, carried by the audit's part rather than a part of its own, since the
    /// two share their readers and script writers and every further part cuts the code pages
    /// share into more, smaller files (make bench: +7 KB on #inspect as a part of its own).
    pub secrets_form: fn() -> Html,
    /// The audit of Terraform files with the Values box's text (issue 31).
    start_declared: fn(&Declared, Options) -> Box<dyn Run>,
    /// The form of "Audit Terraform before it is deployed": `on_change` gets the files read and
    /// the Values box's text; the second argument says the credentials JSON is given too.
    pub terraform_form: fn(Callback<Declared>, bool) -> Html,
}

fn start(fics: &str, options: Options) -> Box<dyn Run> {
    Box::new(Auditor::new(fics, options))
}

fn view(audited: &Audited, all: bool, on_all: Callback<MouseEvent>) -> Html {
    crate::components::audit_view::view(
        &audited.audit,
        &audited.summary,
        &audited.scripts,
        audited.declared.as_ref(),
        all,
        on_all,
    )
}

static AUDIT: AuditPart = AuditPart {
    start,
    view,
    secrets_form: crate::components::secrets::form,
    start_declared: super::terraform::start,
    terraform_form: |on_change, json_given| {
        html! { <crate::components::terraform::TerraformForm {on_change} {json_given} /> }
    },
};

thread_local! {
    /// The audit's part once loaded.
    static AUDIT_LOADED: std::cell::Cell<Option<&'static AuditPart>> = const { std::cell::Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(audit, fallible))]
fn audit_part() -> Result<&'static AuditPart, NotLoaded> {
    Ok(&AUDIT)
}

/// The audit's part: at hand once loaded, else loaded now.
pub(crate) async fn load() -> Result<&'static AuditPart, NotLoaded> {
    if let Some(part) = AUDIT_LOADED.get() {
        return Ok(part);
    }
    #[cfg(feature = "split")]
    let part = audit_part().await?;
    #[cfg(not(feature = "split"))]
    let part = audit_part()?;
    AUDIT_LOADED.set(Some(part));
    Ok(part)
}

/// A finished audit, with its migration scripts.
pub struct Audited {
    /// The audit.
    pub audit: Audit,
    /// What the migrations do, in words, one line per identity.
    pub summary: Vec<String>,
    /// The migrations as scripts, per format (`az`, `powershell`, `graph`): written once, when
    /// the audit ends, not on every render; empty when no finding has a migration.
    pub scripts: Vec<Script>,
    /// What the Terraform files declare and what they cannot say, when those were audited.
    pub declared: Option<Reading>,
}

/// The audit of `fics` (when `enabled`), and how far a running one is.
pub struct AuditState {
    /// The finished audit.
    pub audit: Option<Rc<Audited>>,
    /// Entries read and credentials checked, of the total, while it runs.
    pub progress: Option<(usize, usize)>,
    /// The audit's code is being loaded, or could not be (`Some(false)`).
    pub loading: Option<bool>,
}

impl AuditState {
    /// The audit's section of the page (empty until an audit has finished); `all` shows every
    /// finding, `on_all` asks for that.
    pub fn view(&self, all: bool, on_all: Callback<MouseEvent>) -> Html {
        match (&self.audit, AUDIT_LOADED.get()) {
            (Some(audited), Some(part)) => (part.view)(audited, all, on_all),
            _ => Html::default(),
        }
    }
}

/// Audits `fics` with `options` when `enabled`, in slices; or the Terraform `declared`, when
/// files were given.
#[hook]
pub fn use_audit(enabled: bool, fics: &str, options: Options, declared: &Declared) -> AuditState {
    let audit = use_state(|| None::<Rc<Audited>>);
    let progress = use_state(|| None::<(usize, usize)>);
    let loading = use_state(|| None::<bool>);
    let generation = use_mut_ref(|| 0u64);
    {
        let (audit, progress, loading) = (audit.clone(), progress.clone(), loading.clone());
        let terraform = !declared.files.is_empty();
        let key = (
            enabled && (terraform || !fics.trim().is_empty()),
            fics.to_owned(),
            options,
            declared.clone(),
        );
        use_effect_with(key, move |(run, fics, options, declared)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            if !*run {
                audit.set(None);
                progress.set(None);
                loading.set(None);
                return;
            }
            let (fics, options, declared) = (fics.clone(), options.clone(), declared.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Not in the paste's own task: the browser has just laid out the pasted text.
                yield_to_the_page().await;
                if *generation.borrow() != mine {
                    return;
                }
                if AUDIT_LOADED.get().is_none() {
                    loading.set(Some(true));
                }
                let started = load().await.map(|part| {
                    if declared.files.is_empty() {
                        (part.start)(&fics, options)
                    } else {
                        (part.start_declared)(&declared, options)
                    }
                });
                let mut auditor = match started {
                    Ok(auditor) => {
                        loading.set(None);
                        auditor
                    }
                    Err(NotLoaded) => {
                        loading.set(Some(false));
                        return;
                    }
                };
                if *generation.borrow() != mine {
                    return;
                }
                let finished = in_slices(&mut auditor, &|| *generation.borrow() == mine, &|at| {
                    progress.set(Some(at))
                })
                .await;
                if !finished {
                    return;
                }
                audit.set(Some(Rc::new(auditor.finish())));
                progress.set(None);
            });
        });
    }
    AuditState {
        audit: (*audit).clone(),
        progress: *progress,
        loading: *loading,
    }
}
