//! The audit of pasted credentials (issue 18), a slice at a time: the page yields to the browser
//! every 25 ms, so a paste of thousands of credentials never freezes it for long (budget: no task
//! over 100 ms). A newer paste supersedes an audit still running.

use std::rc::Rc;

use fedcred_core::audit::{Audit, Auditor, Options, migrate};
use yew::prelude::*;

use super::slice::{SLICE_MS, now, yield_to_the_page};

/// A finished audit, with its migration scripts.
pub struct Audited {
    /// The audit.
    pub audit: Audit,
    /// The migrations as scripts, per format (`az`, `powershell`, `graph`): written once, when
    /// the audit ends, not on every render; empty when no finding has a migration.
    pub scripts: Vec<(&'static str, String)>,
}

/// The audit of `fics` (when `enabled`), and how far a running one is.
pub struct AuditState {
    /// The finished audit.
    pub audit: Option<Rc<Audited>>,
    /// Entries read and credentials checked, of the total, while it runs.
    pub progress: Option<(usize, usize)>,
}

/// Audits `fics` with `options` when `enabled`, in slices.
#[hook]
pub fn use_audit(enabled: bool, fics: &str, options: Options) -> AuditState {
    let audit = use_state(|| None::<Rc<Audited>>);
    let progress = use_state(|| None::<(usize, usize)>);
    let generation = use_mut_ref(|| 0u64);
    {
        let (audit, progress) = (audit.clone(), progress.clone());
        let key = (enabled && !fics.trim().is_empty(), fics.to_owned(), options);
        use_effect_with(key, move |(run, fics, options)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            if !*run {
                audit.set(None);
                progress.set(None);
                return;
            }
            let (fics, options) = (fics.clone(), options.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Not in the paste's own task: the browser has just laid out the pasted text.
                yield_to_the_page().await;
                if *generation.borrow() != mine {
                    return;
                }
                let mut auditor = Auditor::new(&fics, options);
                loop {
                    let start = now();
                    let mut done = false;
                    while !done && now() - start < SLICE_MS {
                        done = auditor.step(100);
                    }
                    if *generation.borrow() != mine {
                        return;
                    }
                    if done {
                        break;
                    }
                    progress.set(Some(auditor.progress()));
                    yield_to_the_page().await;
                }
                let done = auditor.finish();
                let mut scripts = Vec::new();
                if done.findings.iter().any(|f| f.migration.is_some()) {
                    for format in ["az", "powershell", "graph"] {
                        if let Ok(script) = migrate::script(&done, format) {
                            scripts.push((format, script));
                        }
                    }
                }
                audit.set(Some(Rc::new(Audited {
                    audit: done,
                    scripts,
                })));
                progress.set(None);
            });
        });
    }
    AuditState {
        audit: (*audit).clone(),
        progress: *progress,
    }
}
