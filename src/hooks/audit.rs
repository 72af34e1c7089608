//! The audit of pasted credentials (issue 18), a slice at a time: the page yields to the browser
//! every 25 ms, so a paste of thousands of credentials never freezes it for long (budget: no task
//! over 100 ms). A newer paste supersedes an audit still running.
//!
//! Only those who paste credentials without a token use it, so in the release build the audit
//! (its checks, the migrations and their scripts, its section of the page) is a part of its own,
//! loaded the first time it runs (issue 26); the inspector reaches it through [`AuditPart`].
//!
//! This file holds what the part and the page share (the part's table, the finished audit, what
//! Terraform is given); `audit_part.rs` the part itself and the hook that runs it, so that the
//! forms the part carries can name these types without a circle of imports.

use std::rc::Rc;

use fedcred_core::audit::{Audit, Auditor, Options, migrate};
use fedcred_core::iac::Reading;
use yew::prelude::*;

use super::slice::SliceWork;
use crate::components::audit_view::Script;

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
    pub(super) start: fn(&str, Options) -> Box<dyn Run>,
    pub(super) view: fn(&Audited, bool, Callback<MouseEvent>) -> Html,
    /// The form and report of "Are the secrets gone?" (issue 30): an audit of the secrets the
    /// credentials replace, carried by the audit's part rather than a part of its own, since the
    /// two share their readers and script writers and every further part cuts the code pages
    /// share into more, smaller files (make bench: +7 KB on #inspect as a part of its own).
    pub secrets_form: fn() -> Html,
    /// The audit of Terraform files with the Values box's text (issue 31).
    pub(super) start_declared: fn(&Declared, Options) -> Box<dyn Run>,
    /// The form of "Audit Terraform before it is deployed": `on_change` gets the files read and
    /// the Values box's text; the second argument says the credentials JSON is given too, the
    /// third that Terraform was pasted there.
    pub terraform_form: fn(Callback<Declared>, bool, bool) -> Html,
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
