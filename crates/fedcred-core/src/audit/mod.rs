//! Auditing a whole credential set offline (issue 18): what `az` or Graph prints for one identity
//! or several, read for what is wrong or risky, per credential and per identity, each finding
//! with how sure it is and the fix.
//!
//! Sources: Entra docs, "Federated identity credentials" limits (20 per identity; issuer and
//! subject unique), "Flexible federated identity credentials" (2026-08-14: GitHub and GitLab
//! expressions must pin an ID claim), "GitHub immutable subjects" and "mutable subjects" pages
//! (2026-07-28: prefer immutable subjects, delete dangling credentials, review regularly); Azure
//! DevOps docs (the `vstoken.dev.azure.com` issuer retires on 2027-07-01); field guide §4, §8, §9.
//!
//! ```
//! use fedcred_core::audit::audit;
//!
//! let fics = r#"[{"name": "pr", "issuer": "https://token.actions.githubusercontent.com",
//!   "subject": "repo:contoso/app:pull_request", "audiences": ["api://AzureADTokenExchange"]}]"#;
//! let report = audit(fics, "");
//! assert!(report.findings.iter().any(|f| f.code == "pull_request_trust" && f.fic.as_deref() == Some("pr")));
//! assert_eq!(report.identities[0].credentials, 1);
//! ```

mod checks;
mod input;
pub mod migrate;
mod output;
#[cfg(test)]
mod tests;

pub use input::{GithubIds, read_github_ids};

use crate::finding::{Code, Severity};
use crate::import::Imported;

/// The most credentials one identity can hold (Entra docs).
pub const LIMIT: usize = 20;

/// One identity of the paste, and how full it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentitySummary {
    /// Its name: the managed identity or application the JSON names, else `identity N` in the
    /// order pasted.
    pub name: String,
    /// How many credentials it holds.
    pub credentials: usize,
}

impl IdentitySummary {
    /// How many more it can take.
    pub fn left(&self) -> usize {
        LIMIT.saturating_sub(self.credentials)
    }
}

/// One thing the audit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFinding {
    /// The stable code.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// The identity it concerns.
    pub identity: String,
    /// The credential's name; `None` for a finding about the identity or the set.
    pub fic: Option<String>,
    /// What is wrong or risky, and how sure fedcred is.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// The change that applies the fix without an outage, when there is one.
    pub migration: Option<Migration>,
}

/// A change to one identity's credentials: create the new ones, check them, delete the old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The credentials to create.
    pub create: Vec<crate::Credential>,
    /// The names of the credentials to delete once the new ones are proven.
    pub delete: Vec<String>,
    /// How to prove the new ones before deleting (a command or a run to watch).
    pub check: String,
}

/// An identity's credentials, as the audit reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// Its name (see [`IdentitySummary::name`]).
    pub name: String,
    /// Its credentials, in the order pasted.
    pub credentials: Vec<Imported>,
}

/// The audit of a paste.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// Every identity read.
    pub identities: Vec<IdentitySummary>,
    /// What was found, identities in order, the set's findings before each credential's.
    pub findings: Vec<AuditFinding>,
    /// The identities with their credentials (for migration snippets).
    pub read: Vec<Identity>,
}

impl Audit {
    /// The highest severity found, if anything was.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }
}

/// What the user knows beside the credentials, for the migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// What `gh api repos/OWNER/REPO` printed, for one repository or several.
    pub github_ids: String,
    /// Issuers to re-point: every credential with the first gets a copy with the second (an AKS
    /// cluster re-created, an enterprise switching to its unique GitHub issuer).
    pub reissue: Vec<(String, String)>,
    /// Azure DevOps service connections converted to the Entra issuer: lines of
    /// `CONNECTION-NAME SUBJECT-IDENTIFIER` (the Subject identifier on the connection's page).
    pub ado_subjects: String,
}

/// Audits pasted credentials (`text`), with what `gh api repos/OWNER/REPO` printed for the
/// repositories whose IDs are known (`github_ids`, empty when none).
pub fn audit(text: &str, github_ids: &str) -> Audit {
    audit_with(
        text,
        &Options {
            github_ids: github_ids.to_owned(),
            ..Options::default()
        },
    )
}

/// [`audit`] with every option.
pub fn audit_with(text: &str, options: &Options) -> Audit {
    let ids = read_github_ids(&options.github_ids);
    let (identities, unreadable) = input::identities(text);
    let mut findings = unreadable;
    let mut summaries = Vec::new();
    for identity in &identities {
        summaries.push(IdentitySummary {
            name: identity.name.clone(),
            credentials: identity.credentials.len(),
        });
        findings.extend(checks::identity(identity, &ids));
        findings.extend(checks::bulk(identity, options));
    }
    Audit {
        identities: summaries,
        findings,
        read: identities,
    }
}
