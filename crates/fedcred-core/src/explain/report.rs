//! The shape of a diagnosis: the verdict, findings, per-credential rows and the token's view.
//! The CLI prints it and the web app renders it; its JSON is the CLI's `--format json` contract.

use serde::Serialize;

use crate::aadsts::AadstsError;
use crate::claims::{ClaimExplanation, IssuerKind};
use crate::finding::Code;
use crate::import::Import;
use crate::json::Map;
use crate::platforms::Platform;

pub use super::diff::Diff;

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A credential accepts the assertion.
    Match,
    /// None does (or the token is refused before matching).
    NoMatch,
    /// The input could not be read.
    InvalidInput,
}

/// Whether the signature was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Decoded, not verified.
    #[default]
    NotChecked,
    /// Verified against the given keys.
    Valid,
    /// The check ran and failed.
    Invalid,
}

/// One finding of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    /// A stable code (`subject_environment_vs_ref`, …).
    pub code: Code,
    /// The credential it is about, if any.
    pub fic: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
    /// What to do, for a person: the corrected value.
    pub fix: Option<String>,
    /// The command that applies the fix, alone, ready to paste.
    pub command: Option<String>,
}

/// How one field of a credential compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Equal.
    Match,
    /// Different.
    Mismatch,
    /// The assertion's value is not known (an error text that does not quote it).
    Unknown,
}

/// Which part of a credential a row compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The issuer.
    Issuer,
    /// The audience.
    Audience,
    /// The exact subject.
    Subject,
    /// A flexible credential's expression.
    Expression,
}

impl Field {
    /// The name as the report writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Issuer => "issuer",
            Field::Audience => "audience",
            Field::Subject => "subject",
            Field::Expression => "expression",
        }
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One row of a credential's comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Issuer, audience, subject or expression.
    pub field: Field,
    /// The credential's value.
    pub expected: String,
    /// The assertion's value.
    pub actual: Option<String>,
    /// The outcome.
    pub status: Status,
    /// Where they differ.
    pub diff: Option<Diff>,
    /// The finding code that names the difference.
    pub code: Option<Code>,
}

/// One credential compared with the assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialReport {
    /// The credential's name.
    pub name: String,
    /// Issuer, audience, subject/expression.
    pub rows: Vec<Row>,
    /// Whether it accepts the assertion.
    pub matches: bool,
    /// How close it is (higher is closer).
    pub score: u32,
}

/// The assertion's values: from the token, else from the error text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Assertion {
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud` (several when the token has an array).
    pub audiences: Vec<String>,
}

/// The token part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenView {
    /// The header.
    pub header: Map,
    /// The claims.
    pub claims: Map,
}

/// A credential that would accept the token, as the builder's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The platform inputs.
    pub platform: Platform,
    /// Name, audience.
    pub common: crate::platforms::Common,
    /// The identity that holds the pasted credentials, when their ids name it.
    pub target: Option<crate::target::Target>,
    /// How this credential would trust more than one the identity already has for the same
    /// workload, and the workload's change that avoids it: said before the credential, never
    /// left out.
    pub widens: Option<Widening>,
}

/// A credential that would accept the token but trust more than one the identity already has
/// for the same workload (same issuer and repository): a branch run beside an environment's
/// credential, a pull request beside a branch's, a name-based subject beside one with the
/// repository's IDs. The workload's change comes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Widening {
    /// `widens_bypasses_environment`, `widens_pull_request` or `widens_mutable_subject`.
    pub code: Code,
    /// The credential it would trust more than.
    pub fic: String,
    /// What that credential asks for, and what the wider one would let in, for a person.
    pub message: String,
    /// The change to the workload that makes its token fit that credential, for a person.
    pub workload_fix: String,
    /// The lines to copy into the workload's file (a job's `environment:`, a trigger), when
    /// the names are known.
    pub workload_yaml: Option<String>,
}

/// The whole diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Match, no match, or invalid input.
    pub verdict: Verdict,
    /// The `AADSTS…` code Entra will return.
    pub predicted_error: Option<String>,
    /// What that code means.
    pub predicted_error_meaning: Option<String>,
    /// The credential that came closest.
    pub closest_fic: Option<String>,
    /// Findings, most important first.
    pub findings: Vec<ReportFinding>,
    /// The decoded token.
    pub token: Option<TokenView>,
    /// Whether the signature was checked.
    pub signature: SignatureStatus,
    /// Each claim explained.
    pub claims: Vec<ClaimExplanation>,
    /// The issuer family.
    pub issuer_kind: Option<IssuerKind>,
    /// The values compared.
    pub assertion: Assertion,
    /// Each credential compared.
    pub credentials: Vec<CredentialReport>,
    /// What the pasted error text said.
    pub error: Option<AadstsError>,
    /// A credential that would accept this token.
    pub suggestion: Option<Suggestion>,
}

impl Report {
    /// Whether the predicted code is the one Entra gave in the pasted error text (so "Entra
    /// answered", not "Entra will answer").
    pub fn answered(&self) -> bool {
        let pasted = self.error.as_ref().and_then(|e| e.code.as_deref());
        pasted.is_some_and(|c| Some(c.to_ascii_uppercase()) == self.predicted_error)
    }
}

/// What to explain.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// A pasted token.
    pub token: Option<&'a str>,
    /// A pasted AADSTS error text.
    pub error: Option<&'a str>,
    /// The credentials to compare with; `None` when none were given at all. Borrowed: a page
    /// imports them once, not on every paste.
    pub credentials: Option<&'a Import>,
    /// The current time, Unix seconds.
    pub now: i64,
    /// Whether (and how) the signature was checked.
    pub signature: SignatureStatus,
}

pub(super) fn finding(
    code: Code,
    fic: Option<&str>,
    message: impl Into<String>,
    fix: Option<String>,
) -> ReportFinding {
    ReportFinding {
        code,
        fic: fic.map(str::to_owned),
        message: message.into(),
        fix,
        command: None,
    }
}

pub(super) fn invalid(findings: Vec<ReportFinding>, error: Option<AadstsError>) -> Report {
    Report {
        verdict: Verdict::InvalidInput,
        predicted_error: None,
        predicted_error_meaning: None,
        closest_fic: None,
        findings,
        token: None,
        signature: SignatureStatus::NotChecked,
        claims: Vec::new(),
        issuer_kind: None,
        assertion: Assertion::default(),
        credentials: Vec::new(),
        error,
        suggestion: None,
    }
}
