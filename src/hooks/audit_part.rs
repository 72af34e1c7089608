//! The audit's part (issue 18, 26): its table of functions, loading it, and the hook that runs an
//! audit of pasted credentials or of Terraform (issue 31) a slice at a time. The page reaches the
//! part only through here; the forms the part carries (the secrets', the Terraform section's) name
//! only the shared types in `audit.rs`.

use std::rc::Rc;

use fedcred_core::audit::{Auditor, Options};
use yew::prelude::*;

use super::audit::{AuditPart, Audited, Declared, Run};
use super::slice::{in_slices, yield_to_the_page};
use crate::components::part::NotLoaded;

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
    terraform_form: |on_change, json_given, pasted| {
        html! { <crate::components::terraform::TerraformForm {on_change} {json_given} {pasted} /> }
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
