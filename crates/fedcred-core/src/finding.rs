//! Findings: what validation and diagnosis say, each with a stable code a script can rely on.

use serde::Serialize;

pub use crate::code::Code;

/// A message written only when it is read: the explainer ranks every credential by its code
/// alone, and only the closest one's findings need the words.
pub(crate) type Message<'a> = Box<dyn FnOnce() -> String + 'a>;

/// A [`Message`] from `format!` arguments.
macro_rules! say {
    ($($arg:tt)*) => {
        Box::new(move || format!($($arg)*)) as $crate::finding::Message<'_>
    };
}
pub(crate) use say;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The credential cannot be created as given, or will never match.
    Error,
    /// It can be created, but a well-known trap applies.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// The stable name, as the JSON reports and the page's classes write it: `error`,
    /// `warning`, `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The word a person reads: Error, Warning, Note.
    pub const fn label(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Note",
        }
    }
}

/// One thing validation found, tied to the input it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code, e.g. `name_invalid`.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// The input it concerns (`name`, `issuer`, `repo`, …), so a form can show it beside the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// What is wrong and what to do, for a person.
    pub message: String,
}

impl Finding {
    /// An error about `field`.
    pub fn error(code: Code, field: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Error,
            field: Some(field),
            message: message.into(),
        }
    }

    /// A warning about `field`.
    pub fn warning(code: Code, field: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Warning,
            field: Some(field),
            message: message.into(),
        }
    }

    /// A note about `field`.
    pub fn info(code: Code, field: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Info,
            field: Some(field),
            message: message.into(),
        }
    }

    /// The same finding about the whole set rather than one field.
    pub fn about_everything(mut self) -> Self {
        self.field = None;
        self
    }

    /// Whether this finding blocks the credential.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}
