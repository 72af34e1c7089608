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

pub(crate) use checks::{PULL_REQUEST_WIDENS, corrected};
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
    /// The command that applies the fix to this credential, with its identity filled in, when
    /// one command does (issue 27: the inspector's for the same problem).
    pub command: Option<String>,
    /// The change that applies the fix without an outage, when there is one.
    pub migration: Option<Migration>,
    /// The lines to change in the file that declares the credential, in the file's own
    /// language, with the file and line (issue 31: Terraform); `None` for credentials read from
    /// what `az` or Graph printed.
    pub edit: Option<String>,
}

impl AuditFinding {
    /// How sure the audit is: `certain` where an Entra rule or the record itself decides it,
    /// `likely` where it judges from names and patterns (which workloads are unrelated, whether
    /// a pattern is broader than needed, whether a flexible credential makes a plain one
    /// redundant).
    pub fn certainty(&self) -> &'static str {
        match self.code {
            Code::IdentityShared | Code::ExpressionTooBroad => "likely",
            Code::DuplicateCredential if self.severity == Severity::Info => "likely",
            _ => "certain",
        }
    }
}

impl AuditFinding {
    /// What several credentials with this finding have in common, said of them all ("5
    /// credentials name the repository, not its ID"), for codes whose findings on one identity
    /// are shown as one (issue 27); `None` for findings each said on its own.
    pub fn said_of_several(code: Code) -> Option<&'static str> {
        Some(match code {
            Code::SubjectMutable => "name the repository or project, not its ID",
            Code::PullRequestTrust => {
                "let every pull request run from a branch of the repository sign in"
            }
            Code::DuplicateCredential => "repeat another credential's issuer and subject",
            Code::SubjectWhitespace => {
                "have white space around the subject, which no token carries"
            }
            Code::IssuerWhitespace => "have white space around the issuer, which no token carries",
            Code::IssuerTrailingSlash => "end the issuer with a '/' the token's iss does not have",
            Code::LegacyAdoIssuer => "use the Azure DevOps issuer that retires",
            Code::AudienceMismatch => "name an audience that is none of Entra's",
            Code::ExpressionTooBroad => "match more than one repository, project or branch needs",
            Code::ExpressionMissingIdClaim => {
                "are flexible credentials Entra ignores until they pin an ID"
            }
            _ => return None,
        })
    }
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
    /// Where it lives, when the credentials' ARM ids say: its subscription, resource group and
    /// name tell it apart from another identity of the same name.
    pub location: crate::import::Location,
    /// Its credentials, in the order pasted.
    pub credentials: Vec<Imported>,
}

/// The audit of a paste.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// Every identity read, also one whose list is empty (no credential yet: 0 of 20 used).
    pub identities: Vec<IdentitySummary>,
    /// What was found, identities in order, the set's findings before each credential's.
    pub findings: Vec<AuditFinding>,
    /// The identities with their credentials (for migration snippets).
    pub read: Vec<Identity>,
    /// Who reads it (the migrations point to each other in that face's words).
    pub face: crate::face::Face,
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
    /// Who reads the findings: the command line's flags or the page's controls (issue 27).
    pub face: crate::face::Face,
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

/// Reads pasted credentials (`text`, in every shape [`audit`] reads) into identities, without
/// judging them: what the workflow page's coverage compares with (issue 25), so it carries
/// none of the audit's checks or migrations. The findings say what could not be read.
pub fn read(text: &str) -> (Vec<Identity>, Vec<AuditFinding>) {
    let (lists, mut findings) = input::lists_of(text);
    let mut identities = Vec::new();
    for (list, fallback) in &lists {
        input::read_slice(
            list,
            fallback,
            0,
            usize::MAX,
            &mut identities,
            &mut findings,
        );
    }
    input::qualify_names(&mut identities);
    (identities, findings)
}

/// Audits identities read some other way (issue 31: declared in Terraform), with `findings`
/// already made about what could not be read; the same checks as [`audit_with`].
pub fn audit_identities(
    identities: Vec<Identity>,
    findings: Vec<AuditFinding>,
    options: &Options,
) -> Audit {
    let mut auditor = Auditor::new("[]", options.clone());
    auditor.lists.clear();
    auditor.identities = identities;
    auditor.findings = findings;
    while !auditor.step(usize::MAX) {}
    auditor.finish()
}

/// [`audit`] with every option.
pub fn audit_with(text: &str, options: &Options) -> Audit {
    let mut auditor = Auditor::new(text, options.clone());
    while !auditor.step(usize::MAX) {}
    auditor.finish()
}

/// An audit done a slice at a time, so that a page can yield between slices and a paste of
/// thousands of credentials never blocks it for long: [`Auditor::new`] parses the paste,
/// [`Auditor::step`] reads, then checks, at most `n` credentials, [`Auditor::finish`] gives the
/// [`Audit`] ([`audit_with`] is the same, in one go).
pub struct Auditor {
    options: Options,
    ids: GithubIds,
    lists: Vec<(crate::json::Value, String)>,
    list_at: usize,
    item_at: usize,
    identities: Vec<Identity>,
    findings: Vec<AuditFinding>,
    identity_at: usize,
    credential_at: usize,
    state: Option<checks::State>,
    done: usize,
    entries: usize,
    named: bool,
}

impl Auditor {
    /// Parses the paste (the part that cannot be sliced).
    pub fn new(text: &str, options: Options) -> Auditor {
        let (lists, findings) = input::lists_of(text);
        let entries = lists
            .iter()
            .map(|(list, _)| crate::import::items(list).map_or(1, <[_]>::len))
            .sum();
        Auditor {
            ids: read_github_ids(&options.github_ids),
            options,
            lists,
            list_at: 0,
            item_at: 0,
            identities: Vec::new(),
            findings,
            identity_at: 0,
            credential_at: 0,
            state: None,
            done: 0,
            entries,
            named: false,
        }
    }

    /// How far it is: entries read plus credentials checked, of twice the entries.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.entries * 2)
    }

    /// Does at most `n` entries' or credentials' work; `true` once everything is done.
    pub fn step(&mut self, n: usize) -> bool {
        let mut budget = n;
        while budget > 0 {
            if let Some((list, fallback)) = self.lists.get(self.list_at) {
                // One slice of this list's entries.
                let (read, done) = input::read_slice(
                    list,
                    fallback,
                    self.item_at,
                    budget,
                    &mut self.identities,
                    &mut self.findings,
                );
                self.done += read;
                budget -= read.min(budget);
                self.item_at += read;
                if done {
                    self.list_at += 1;
                    self.item_at = 0;
                }
                continue;
            } else if !self.named {
                // Every list is read: name the identities once, before their findings use the names.
                input::qualify_names(&mut self.identities);
                self.named = true;
                continue;
            } else if let Some(identity) = self.identities.get(self.identity_at) {
                let state = match self.state.as_mut() {
                    Some(state) => state,
                    None => self
                        .state
                        .insert(checks::start(identity, &mut self.findings)),
                };
                match identity.credentials.get(self.credential_at) {
                    Some(c) => {
                        checks::credential(
                            identity,
                            c,
                            state,
                            &self.ids,
                            self.options.face,
                            &mut self.findings,
                        );
                        self.credential_at += 1;
                    }
                    None => {
                        if let Some(state) = self.state.take() {
                            checks::end(identity, state, &mut self.findings);
                        }
                        self.findings.extend(checks::bulk(identity, &self.options));
                        self.identity_at += 1;
                        self.credential_at = 0;
                        continue;
                    }
                }
            } else {
                return true;
            }
            self.done += 1;
            budget -= 1;
        }
        false
    }

    /// The audit (call once [`Auditor::step`] said it is done).
    pub fn finish(self) -> Audit {
        let identities = self
            .identities
            .iter()
            .map(|identity| IdentitySummary {
                name: identity.name.clone(),
                credentials: identity.credentials.len(),
            })
            .collect();
        Audit {
            identities,
            findings: self.findings,
            read: self.identities,
            face: self.options.face,
        }
    }
}
