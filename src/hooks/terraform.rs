//! The audit of Terraform (issue 31): the files read in the page and the Values box's text,
//! read and audited in the audit's part (which carries the Terraform reader: as a part of its
//! own it cost every page more, see the README's performance section).

use super::audit::{Audited, Declared, Run};
use fedcred_core::audit::Options;
use fedcred_core::iac::{self, Given, IacAudit, Reading, Source};

/// An audit of Terraform: read and audited in one step (a module's files are small; a 4 MiB
/// file of 10,000 instances takes about a second natively).
struct DeclaredRun {
    sources: Vec<Source>,
    values: String,
    options: Options,
    report: Option<IacAudit>,
}

impl DeclaredRun {
    fn run(&self) -> IacAudit {
        let face = fedcred_core::face::Face::Page;
        let (values, wrong) = match Given::values_from_lines(&self.values) {
            Ok(values) => (values, None),
            Err(message) => (Vec::new(), Some(message)),
        };
        let given = Given {
            values,
            ..Given::default()
        };
        let mut reading: Reading = iac::read(&self.sources, &given, face);
        if let Some(message) = wrong {
            reading.unreadable.push(iac::Unreadable {
                file: "Values".to_owned(),
                message,
            });
        }
        iac::audit(reading, &self.options)
    }
}

impl Run for DeclaredRun {
    fn step(&mut self, _: usize) -> bool {
        if self.report.is_none() {
            self.report = Some(self.run());
        }
        true
    }
    fn progress(&self) -> (usize, usize) {
        (usize::from(self.report.is_some()), 1)
    }
    fn finish(self: Box<Self>) -> Audited {
        let report = match self.report {
            Some(report) => report,
            None => self.run(),
        };
        Audited {
            audit: report.audit,
            summary: Vec::new(),
            scripts: Vec::new(),
            declared: Some(report.reading),
        }
    }
}

/// Starts the audit of `declared` (in the audit's part: see [`super::audit::AuditPart`]).
pub(super) fn start(declared: &Declared, options: Options) -> Box<dyn Run> {
    Box::new(DeclaredRun {
        sources: declared
            .files
            .iter()
            .map(|(name, text)| Source::new(name.clone(), text.clone()))
            .collect(),
        values: declared.values.clone(),
        options,
        report: None,
    })
}
