//! Coverage (issue 25): will the pipeline work with the credentials that exist? Each job's
//! subjects against the credentials (what `az … federated-credential list` or Graph prints, read
//! as the audit reads them), with the inspector's own comparison and fixes
//! ([`crate::explain::explain_presented`]): accepted (by which credential), refused (the nearest,
//! the field that differs, the fix), or unknown (why); and each credential: used, unused,
//! possibly used, duplicated, or for another issuer or workload.

use super::model::{Job, Kind, Prediction};
use crate::credential::Matcher;
use crate::explain::markdown::escape;
use crate::explain::{Field, Status, Verdict, explain_presented};
use crate::expression::Expression;
use crate::import::{Import, Imported};
use crate::json::{Map, Value};
use crate::platforms::github::GITHUB_ISSUER;

/// What one job presents for one subject, and what the credentials say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The job's id.
    pub job: String,
    /// The file it is in.
    pub file: String,
    /// The subject, when the file decides it.
    pub subject: Option<String>,
    /// `accepted`, `refused`, `unknown` or `no_token`.
    pub status: &'static str,
    /// The credentials that accept it.
    pub by: Vec<String>,
    /// The closest credential, when none accepts it.
    pub nearest: Option<String>,
    /// Where the nearest differs: `(field, credential's value, the job's value)`.
    pub diff: Vec<(String, String, String)>,
    /// What to do, in words (the inspector's fix), when it is refused; why, when unknown.
    pub fix: Option<String>,
    /// The command that applies the fix, when there is one.
    pub command: Option<String>,
}

/// The repository's jobs against the credentials.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// One per job and subject.
    pub entries: Vec<Entry>,
    /// The jobs' credentials no job presents the subject of, and nearest to none that is refused:
    /// candidates to delete.
    pub unused: Vec<String>,
    /// Credentials only a job whose subject is unknown could use: never called unused.
    pub possibly_used: Vec<String>,
    /// Several credentials that accept one subject.
    pub duplicates: Vec<Vec<String>>,
    /// Credentials of other issuers than the pipeline's.
    pub other_issuers: Vec<String>,
    /// Credentials of the pipeline's issuer for other repositories or projects.
    pub other_workloads: Vec<String>,
    /// What could not be read in the credentials.
    pub unreadable: Vec<String>,
}

impl Coverage {
    /// Whether a job will be refused.
    pub fn refused(&self) -> bool {
        self.entries.iter().any(|e| e.status == "refused")
    }
}

/// Which provider's subject a subject (or an expression's) is: `repo:` GitHub's, `project_path:`
/// or `project_id:` GitLab's (field guide §3, §5); `None` for another.
fn family(text: &str) -> Option<Kind> {
    let text = text
        .trim_start_matches("claims['sub'] matches '")
        .trim_start_matches("claims['sub'] eq '");
    if text.starts_with("repo:") {
        Some(Kind::GitHub)
    } else if text.starts_with("project_path:") || text.starts_with("project_id:") {
        Some(Kind::GitLab)
    } else if text.starts_with("system:serviceaccount:") {
        Some(Kind::Kubernetes)
    } else {
        None
    }
}

fn family_of(imported: &Imported) -> Option<Kind> {
    match &imported.credential.matcher {
        Matcher::Subject(s) | Matcher::Expression(s) => family(s),
    }
}

/// The issuer a job presenting `subject` carries: that of the set's credential for the same
/// provider, else the provider's default. A repository of several CI systems has several. A
/// cluster has no default: its issuer is the set's (given with the manifests) or `cluster`, the
/// one the credentials given name for service accounts; empty when neither says.
fn issuer(prediction: &Prediction, subject: &str, cluster: &str) -> String {
    let kind = family(subject).unwrap_or(prediction.kind);
    prediction
        .credentials
        .iter()
        .find(|c| {
            let text = c.subject().or(c.expression()).unwrap_or_default();
            family(text) == Some(kind)
        })
        .map(|c| c.issuer.clone())
        .unwrap_or_else(|| match kind {
            Kind::GitLab => "https://gitlab.com".to_owned(),
            Kind::Kubernetes => cluster.to_owned(),
            _ => GITHUB_ISSUER.to_owned(),
        })
}

/// The issuer the credentials given name most often for a service account's subject: the
/// cluster's, when the manifests came without it.
fn cluster_issuer(credentials: &Import) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in &credentials.credentials {
        if c.credential
            .subject()
            .is_some_and(|s| s.starts_with("system:serviceaccount:"))
        {
            match counts.iter_mut().find(|(i, _)| *i == c.credential.issuer) {
                Some((_, n)) => *n += 1,
                None => counts.push((&c.credential.issuer, 1)),
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(i, _)| (*i).to_owned())
        .unwrap_or_default()
}

/// Whether a credential's subject (or expression) names this repository or project; for
/// manifests, a service account of one of their namespaces.
fn names_repo(imported: &Imported, prediction: &Prediction) -> bool {
    let repo = prediction.repo.to_ascii_lowercase();
    let text = match &imported.credential.matcher {
        Matcher::Subject(s) | Matcher::Expression(s) => s.to_ascii_lowercase(),
    };
    if prediction.kind == Kind::Kubernetes {
        return prediction
            .workloads
            .iter()
            .any(|w| text.starts_with(&format!("system:serviceaccount:{}:", w.namespace)));
    }
    let prefixes = [format!("repo:{repo}:"), format!("project_path:{repo}:")];
    prefixes.iter().any(|p| text.contains(p.as_str()))
        || repo.split_once('/').is_some_and(|(owner, name)| {
            text.contains(&format!("repo:{owner}@")) && text.contains(&format!("/{name}@"))
        })
}

/// Claims a flexible credential tests that the file does not decide (`job_workflow_ref` of a
/// top-level job, an ID not given): the subject is then unknown to it, not refused.
fn undecided_claims(imported: &Imported, claims: &[(&str, &str)]) -> Vec<String> {
    let Some(text) = imported.credential.expression() else {
        return Vec::new();
    };
    let Ok(expression) = text.parse::<Expression>() else {
        return Vec::new();
    };
    let known = |claim: &str| claims.iter().any(|(name, _)| *name == claim);
    let holds_where_known = expression.terms.iter().all(|t| {
        claims
            .iter()
            .find(|(name, _)| *name == t.claim)
            .is_none_or(|(_, value)| t.op.apply(value, &t.value))
    });
    if !holds_where_known {
        return Vec::new();
    }
    expression
        .terms
        .iter()
        .filter(|t| !known(&t.claim))
        .map(|t| t.claim.clone())
        .collect()
}

/// The claims a job's token will carry, as far as the file and the IDs given say.
fn claims_of<'a>(
    job: &'a Job,
    subject: &'a str,
    issuer: &'a str,
    ids: Option<&'a (String, String, String)>,
) -> Vec<(&'a str, &'a str)> {
    let mut claims = vec![
        ("iss", issuer),
        ("sub", subject),
        ("aud", job.audience.as_str()),
    ];
    if let Some((_, owner_id, repo_id)) = ids {
        claims.push(("repository_owner_id", owner_id.as_str()));
        claims.push(("repository_id", repo_id.as_str()));
    }
    if let Some(r) = &job.job_workflow_ref
        && !r.contains('<')
    {
        claims.push(("job_workflow_ref", r.as_str()));
    }
    claims
}

/// The repository's jobs against `credentials`, with the repositories' IDs when known
/// (`gh api repos/OWNER/REPO`, as the audit takes them).
pub fn coverage(prediction: &Prediction, credentials: &Import, github_ids: &str) -> Coverage {
    let cluster = cluster_issuer(credentials);
    let issuers: Vec<String> = prediction
        .jobs
        .iter()
        .flat_map(|j| &j.subjects)
        .map(|p| issuer(prediction, &p.subject, &cluster))
        .chain(std::iter::once(issuer(prediction, "", &cluster)))
        .collect();
    let ids = crate::audit::read_github_ids(github_ids);
    let repo_ids = ids
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(&prediction.repo));
    let mut out = Coverage {
        unreadable: credentials
            .findings
            .iter()
            .map(|f| f.message.clone())
            .collect(),
        ..Coverage::default()
    };
    let mut used: Vec<String> = Vec::new();
    let mut unknown_any = false;
    for job in &prediction.jobs {
        let logs_in = job.login.is_some() || job.may_request.is_some();
        if !job.token.can {
            if logs_in {
                out.entries.push(Entry {
                    job: job.id.clone(),
                    file: job.file.clone(),
                    subject: None,
                    status: "no_token",
                    by: Vec::new(),
                    nearest: None,
                    diff: Vec::new(),
                    fix: Some(job.token.why.clone()),
                    command: None,
                });
            }
            continue;
        }
        if !job.needs_credential() {
            continue;
        }
        for why in &job.unresolved {
            unknown_any = true;
            out.entries.push(unknown(
                job,
                None,
                format!("the file does not decide this subject: {why}"),
            ));
        }
        for presented in &job.subjects {
            if presented.pattern {
                unknown_any = true;
                out.entries.push(unknown(job, Some(presented.subject.clone()), format!("the job presents one of the subjects {} matches; which one depends on the run", presented.subject)));
                continue;
            }
            let issuer = issuer(prediction, &presented.subject, &cluster);
            if issuer.is_empty() {
                unknown_any = true;
                out.entries.push(unknown(job, Some(presented.subject.clone()), "the cluster's issuer is not known (it was not given, and no credential given names a service account), so whether a credential accepts this subject cannot be told".to_owned()));
                continue;
            }
            let claims = claims_of(job, &presented.subject, &issuer, repo_ids);
            // Compared with the credentials for this job's provider (and those of no known
            // provider): another CI system's credential is never the one to change for it.
            let kind = family(&presented.subject);
            let relevant = Import {
                credentials: credentials
                    .credentials
                    .iter()
                    .filter(|c| family_of(c).is_none_or(|k| Some(k) == kind))
                    .cloned()
                    .collect(),
                findings: Vec::new(),
            };
            let report = explain_presented(&claims, &relevant);
            let by: Vec<String> = report
                .credentials
                .iter()
                .filter(|r| r.matches)
                .map(|r| r.name.clone())
                .collect();
            if report.verdict == Verdict::Match && !by.is_empty() {
                for name in &by {
                    if !used.contains(name) {
                        used.push(name.clone());
                    }
                }
                if by.len() > 1 && !out.duplicates.contains(&by) {
                    out.duplicates.push(by.clone());
                }
                out.entries.push(Entry {
                    job: job.id.clone(),
                    file: job.file.clone(),
                    subject: Some(presented.subject.clone()),
                    status: "accepted",
                    by,
                    nearest: None,
                    diff: Vec::new(),
                    fix: None,
                    command: None,
                });
                continue;
            }
            // A flexible credential whose other terms the file does not decide.
            let undecided = credentials.credentials.iter().find_map(|c| {
                let claims = undecided_claims(c, &claims);
                (c.credential.issuer == issuer && !claims.is_empty())
                    .then(|| (c.credential.name.clone(), claims))
            });
            if let Some((name, claims)) = undecided {
                unknown_any = true;
                if !used.contains(&name) {
                    used.push(name.clone());
                }
                out.entries.push(unknown(job, Some(presented.subject.clone()), format!("'{name}' accepts it if the token's {} holds what its expression tests, which the file does not decide", claims.join(" and "))));
                continue;
            }
            let nearest = report.closest_fic.clone();
            let diff = report
                .credentials
                .iter()
                .find(|r| Some(&r.name) == nearest.as_ref())
                .map(|r| {
                    r.rows
                        .iter()
                        .filter(|row| row.status == Status::Mismatch)
                        .map(|row| {
                            (
                                field(row.field).to_owned(),
                                row.expected.clone(),
                                row.actual.clone().unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let first = report
                .findings
                .iter()
                .find(|f| f.fic.is_some() && f.fix.is_some())
                .or_else(|| report.findings.iter().find(|f| f.fix.is_some()));
            out.entries.push(Entry {
                job: job.id.clone(),
                file: job.file.clone(),
                subject: Some(presented.subject.clone()),
                status: "refused",
                by: Vec::new(),
                nearest,
                diff,
                fix: first
                    .and_then(|f| f.fix.clone())
                    .or_else(|| Some(format!("create a credential for {}", presented.subject))),
                command: first.and_then(|f| f.command.clone()),
            });
        }
    }
    // A nearest credential that accepts another job's subject is in use: changing it would take
    // it from that job, so the fix adds one beside it instead (issue 24's rule, which the
    // coverage can apply for certain: it sees every job).
    for entry in &mut out.entries {
        let (Some(nearest), Some(subject)) = (&entry.nearest, &entry.subject) else {
            continue;
        };
        if entry.status != "refused" || !used.contains(nearest) {
            continue;
        }
        if entry
            .command
            .as_deref()
            .is_some_and(|c| c.contains(" create "))
        {
            continue;
        }
        let Some(imported) = credentials
            .credentials
            .iter()
            .find(|c| c.credential.name == *nearest)
        else {
            continue;
        };
        let (command, new_name) = crate::snippets::fix::create_beside_command(imported, subject);
        entry.fix = Some(format!(
            "add a credential for {subject} beside '{nearest}' (named '{new_name}'): '{nearest}' accepts another job's subject here, and changing it would take it from that job"
        ));
        entry.command = Some(command);
    }
    // The nearest credential of a refused subject is one to fix, not to delete.
    let nearest: Vec<String> = out
        .entries
        .iter()
        .filter_map(|e| e.nearest.clone())
        .collect();
    for imported in &credentials.credentials {
        let c = &imported.credential;
        if nearest.contains(&c.name) {
            continue;
        }
        if !issuers.contains(&c.issuer) {
            out.other_issuers.push(c.name.clone());
        } else if !names_repo(imported, prediction) {
            out.other_workloads.push(c.name.clone());
        } else if used.contains(&c.name) {
        } else if unknown_any {
            out.possibly_used.push(c.name.clone());
        } else {
            out.unused.push(c.name.clone());
        }
    }
    out
}

fn field(field: Field) -> &'static str {
    match field {
        Field::Issuer => "issuer",
        Field::Audience => "audience",
        Field::Subject => "subject",
        Field::Expression => "expression",
    }
}

fn unknown(job: &Job, subject: Option<String>, why: String) -> Entry {
    Entry {
        job: job.id.clone(),
        file: job.file.clone(),
        subject,
        status: "unknown",
        by: Vec::new(),
        nearest: None,
        diff: Vec::new(),
        fix: Some(why),
        command: None,
    }
}

fn strings(items: &[String]) -> Value {
    items
        .iter()
        .map(|s| Value::from(s.as_str()))
        .collect::<Vec<_>>()
        .into()
}

impl Coverage {
    /// The `"coverage"` object of `fedcred predict --fics … --format json`: `entries` (`job`,
    /// `file`, `subject` or null, `status`, `by`, `nearest`, `diff` of `{field, credential,
    /// token}`, `fix`, `command`), `unused`, `possibly_used`, `duplicates`, `other_issuers`,
    /// `other_workloads`, `unreadable`.
    pub fn to_json(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut map = Map::new();
                map.insert("job".into(), e.job.as_str().into());
                map.insert("file".into(), e.file.as_str().into());
                map.insert(
                    "subject".into(),
                    e.subject.as_deref().map_or(Value::Null, Value::from),
                );
                map.insert("status".into(), e.status.into());
                map.insert("by".into(), strings(&e.by));
                map.insert(
                    "nearest".into(),
                    e.nearest.as_deref().map_or(Value::Null, Value::from),
                );
                let diff: Vec<Value> = e
                    .diff
                    .iter()
                    .map(|(field, credential, token)| {
                        let mut d = Map::new();
                        d.insert("field".into(), field.as_str().into());
                        d.insert("credential".into(), credential.as_str().into());
                        d.insert("token".into(), token.as_str().into());
                        d.into()
                    })
                    .collect();
                map.insert("diff".into(), diff.into());
                map.insert(
                    "fix".into(),
                    e.fix.as_deref().map_or(Value::Null, Value::from),
                );
                map.insert(
                    "command".into(),
                    e.command.as_deref().map_or(Value::Null, Value::from),
                );
                map.into()
            })
            .collect();
        let mut map = Map::new();
        map.insert("entries".into(), entries.into());
        map.insert("unused".into(), strings(&self.unused));
        map.insert("possibly_used".into(), strings(&self.possibly_used));
        map.insert(
            "duplicates".into(),
            self.duplicates
                .iter()
                .map(|d| strings(d))
                .collect::<Vec<_>>()
                .into(),
        );
        map.insert("other_issuers".into(), strings(&self.other_issuers));
        map.insert("other_workloads".into(), strings(&self.other_workloads));
        map.insert("unreadable".into(), strings(&self.unreadable));
        map.into()
    }
}

impl Coverage {
    /// The fixes of refused jobs whose nearest credential `reading` declares, written for the
    /// file that declares it: where to change it, and no `az` command (the next deployment or
    /// apply would undo a change made with one).
    pub fn declared_in(&mut self, reading: &crate::iac::Reading) {
        for e in &mut self.entries {
            let Some(nearest) = &e.nearest else { continue };
            let Some(d) = reading
                .credentials
                .iter()
                .find(|d| &d.credential.name == nearest)
            else {
                continue;
            };
            // The field that differs, where the file writes it.
            let at = e
                .diff
                .first()
                .and_then(|(field, _, _)| d.fields.iter().find(|f| f.attribute == field.as_str()))
                .map_or(d.line, |f| f.line);
            e.command = None;
            if let Some(fix) = &mut e.fix {
                let fix_text = fix
                    .split(" (this command is for")
                    .next()
                    .unwrap_or(fix.as_str())
                    .to_owned();
                *fix = format!(
                    "{fix_text}, in {}:{at} where {} declares it (a change made with az would be undone by the next deployment)",
                    d.file, d.address
                );
            }
        }
    }
}

/// Credentials Terraform, Bicep or ARM templates declare (issue 31; [`crate::iac::read`]), for
/// the coverage: each one whose values are known; each one whose values are not, and each file
/// that could not be read, said among what could not be read, with why.
pub fn declared_credentials(reading: &crate::iac::Reading) -> Import {
    let credentials = reading
        .credentials
        .iter()
        .filter(|d| d.action != Some(crate::iac::Action::Delete))
        .map(|d| {
            let mut location = d.location.clone();
            location
                .identity_name
                .get_or_insert_with(|| d.identity.clone());
            Imported::new(d.credential.clone(), location)
        })
        .collect();
    let findings = reading
        .unresolved
        .iter()
        .map(|u| {
            crate::finding::Finding::error(
                crate::finding::Code::FicInvalid,
                "fics",
                format!(
                    "{} ({}:{}) is not known from the files: {}",
                    u.address, u.file, u.line, u.why
                ),
            )
        })
        .chain(reading.unreadable.iter().map(|u| {
            crate::finding::Finding::error(
                crate::finding::Code::IacUnreadable,
                "fics",
                u.message.clone(),
            )
        }))
        .collect();
    Import {
        credentials,
        findings,
    }
}

/// Credentials from what `az` or Graph printed, in every shape the audit reads (one list or
/// several, concatenated or as an array of lists, Graph pages), with what could not be read.
pub fn read_credentials(texts: &[&str]) -> Import {
    let mut out = Import::default();
    for text in texts {
        let (identities, findings) = crate::audit::read(text);
        for identity in identities {
            out.credentials.extend(identity.credentials);
        }
        for f in findings {
            out.findings.push(crate::finding::Finding::error(
                crate::finding::Code::FicInvalid,
                "fics",
                f.message,
            ));
        }
    }
    out
}

impl Coverage {
    /// The coverage as Markdown, for a job summary (the check action): the headline counts, a
    /// table of every job and subject, each refused one with its fix and command, and the
    /// credentials no job uses. Values from the files are escaped; commands are fenced with a
    /// fence longer than any run of backticks they hold.
    pub fn markdown(&self, repo: &str) -> String {
        let count = |status: &str| self.entries.iter().filter(|e| e.status == status).count();
        let (accepted, refused, unknown, no_token) = (
            count("accepted"),
            count("refused"),
            count("unknown"),
            count("no_token"),
        );
        let mut out = format!(
            "## fedcred: {} against the credentials that exist\n\n",
            escape(if repo.is_empty() {
                "the repository"
            } else {
                repo
            })
        );
        out.push_str(&if refused + no_token > 0 {
            format!(
                "**{} will be refused.** {accepted} accepted, {unknown} not decided by the files.\n\n",
                crate::face::count(refused + no_token, "job subject", "job subjects")
            )
        } else {
            format!(
                "**Every subject a job presents is accepted** ({accepted}); {unknown} not decided by the files.\n\n"
            )
        });
        if !self.entries.is_empty() {
            out.push_str("| job | file | subject | status | credential |\n|---|---|---|---|---|\n");
            for e in &self.entries {
                let credential = if e.by.is_empty() {
                    e.nearest
                        .as_deref()
                        .map(|n| format!("nearest: {}", escape(n)))
                        .unwrap_or_default()
                } else {
                    escape(&e.by.join(", "))
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {credential} |\n",
                    escape(&e.job),
                    escape(&e.file),
                    e.subject
                        .as_deref()
                        .map(escape)
                        .unwrap_or_else(|| "(not decided by the files)".to_owned()),
                    e.status.replace('_', " "),
                ));
            }
            out.push('\n');
        }
        for e in self.entries.iter().filter(|e| e.status != "accepted") {
            let Some(fix) = &e.fix else { continue };
            let label = if e.status == "unknown" { "Why" } else { "Fix" };
            out.push_str(&format!(
                "- **{}** ({}): {label}: {}\n",
                escape(&e.job),
                e.subject.as_deref().map(escape).unwrap_or_default(),
                escape(fix)
            ));
            if let Some(command) = &e.command {
                let fence = "`".repeat(longest_backticks(command).max(2) + 1);
                out.push_str(&format!(
                    "\n  {fence}bash\n  {}\n  {fence}\n\n",
                    command.replace('\n', "\n  ")
                ));
            }
        }
        let list = |label: &str, names: &[String]| {
            if names.is_empty() {
                String::new()
            } else {
                format!("- {label}: {}\n", escape(&names.join(", ")))
            }
        };
        out.push_str(&list("Unused (no job presents their subject: candidates to delete once nothing else uses them)", &self.unused));
        out.push_str(&list(
            "Possibly used (only a job whose subject the files do not decide could use them)",
            &self.possibly_used,
        ));
        for group in &self.duplicates {
            out.push_str(&format!(
                "- Several credentials accept one subject: {}\n",
                escape(&group.join(", "))
            ));
        }
        out.push_str(&list("For other issuers", &self.other_issuers));
        out.push_str(&list(
            "For other repositories or projects",
            &self.other_workloads,
        ));
        out.push_str(&list("Could not be read", &self.unreadable));
        out
    }
}

fn longest_backticks(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::{coverage, read_credentials};
    use crate::predict::{File, Options, predict};

    const LOGIN: &str = "      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          allow-no-subscriptions: true\n";
    const IDS: &str =
        r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}"#;

    fn fic(name: &str, subject: &str) -> String {
        format!(
            r#"{{"name": "{name}", "issuer": "https://token.actions.githubusercontent.com", "subject": "{subject}", "audiences": ["api://AzureADTokenExchange"]}}"#
        )
    }

    fn flexible(name: &str, expression: &str) -> String {
        format!(
            r#"{{"name": "{name}", "issuer": "https://token.actions.githubusercontent.com", "claimsMatchingExpression": {{"languageVersion": 1, "value": "{expression}"}}, "audiences": ["api://AzureADTokenExchange"]}}"#
        )
    }

    fn covered(environment: &str, fics: &[String], ids: &str) -> super::Coverage {
        let text = format!(
            "on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n    inputs:\n      target:\n        type: string\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: {environment}\n    steps:\n{LOGIN}"
        );
        let options = Options {
            repo: "contoso/payments".into(),
            default_branch: "main".into(),
            ..Options::default()
        };
        let prediction = predict(
            &[File {
                name: ".github/workflows/deploy.yml",
                text: &text,
            }],
            &options,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let listing = format!("[{}]", fics.join(","));
        coverage(&prediction, &read_credentials(&[&listing]), ids)
    }

    #[test]
    fn flexible_credentials_are_evaluated_with_the_ids_given() {
        let pinned = flexible(
            "envs",
            "claims['sub'] matches 'repo:contoso/payments:environment:*' and claims['repository_id'] eq '821093847'",
        );
        let with_ids = covered("production", std::slice::from_ref(&pinned), IDS);
        assert_eq!(with_ids.entries[0].status, "accepted", "{with_ids:?}");
        let without = covered("production", std::slice::from_ref(&pinned), "");
        assert_eq!(without.entries[0].status, "unknown", "{without:?}");
        assert!(
            without.entries[0]
                .fix
                .as_deref()
                .unwrap_or_default()
                .contains("repository_id")
        );
        let workflow = flexible(
            "wf",
            "claims['sub'] eq 'repo:contoso/payments:environment:production' and claims['job_workflow_ref'] matches 'contoso/payments/.github/workflows/*@refs/heads/main' and claims['repository_id'] eq '821093847'",
        );
        let undecided = covered("production", &[workflow], IDS);
        assert_eq!(undecided.entries[0].status, "unknown", "{undecided:?}");
    }

    #[test]
    fn a_flexible_credential_overlapping_an_exact_one_is_a_duplicate() {
        let c = covered(
            "production",
            &[
                fic("prod", "repo:contoso/payments:environment:production"),
                flexible(
                    "envs",
                    "claims['sub'] matches 'repo:contoso/payments:environment:*' and claims['repository_id'] eq '821093847'",
                ),
            ],
            IDS,
        );
        assert_eq!(c.entries[0].by, ["prod", "envs"]);
        assert_eq!(c.duplicates, [vec!["prod".to_owned(), "envs".to_owned()]]);
    }

    #[test]
    fn an_environment_the_file_does_not_decide_makes_credentials_possibly_used() {
        let c = covered(
            "${{ inputs.target }}",
            &[fic("prod", "repo:contoso/payments:environment:production")],
            "",
        );
        assert!(c.entries.iter().any(|e| e.status == "unknown"), "{c:?}");
        assert_eq!(c.possibly_used, ["prod"]);
        assert!(c.unused.is_empty());
        assert!(!c.refused());
    }

    /// A credential one job uses is not changed for another's refused subject: one is added
    /// beside it. A repository of several CI systems compares each job with its own provider's
    /// credentials: a GitHub credential is never the "nearest" of a GitLab job.
    #[test]
    fn a_credential_in_use_is_kept_and_other_providers_credentials_are_not_nearest() {
        let workflow = format!(
            "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n{LOGIN}  canary:\n    runs-on: ubuntu-latest\n    environment: production-canary\n    steps:\n{LOGIN}"
        );
        let gitlab = "deploy:\n  script: az login\n  id_tokens:\n    AZURE_ID_TOKEN: {aud: api://AzureADTokenExchange}\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n";
        let files = [
            File {
                name: ".github/workflows/deploy.yml",
                text: &workflow,
            },
            File {
                name: ".gitlab-ci.yml",
                text: gitlab,
            },
        ];
        let options = Options {
            repo: "contoso/payments".into(),
            default_branch: "main".into(),
            ..Options::default()
        };
        let prediction =
            crate::predict::predict_repository(&files, &options).unwrap_or_else(|e| panic!("{e}"));
        let listing = format!(
            "[{}]",
            fic("prod", "repo:contoso/payments:environment:production")
        );
        let c = coverage(&prediction, &read_credentials(&[&listing]), "");
        let canary = c
            .entries
            .iter()
            .find(|e| {
                e.subject.as_deref() == Some("repo:contoso/payments:environment:production-canary")
            })
            .unwrap_or_else(|| panic!("{c:?}"));
        assert_eq!(canary.status, "refused");
        assert_eq!(canary.nearest.as_deref(), Some("prod"));
        assert!(
            canary
                .fix
                .as_deref()
                .is_some_and(|f| f.contains("beside 'prod'")),
            "{canary:?}"
        );
        assert!(
            canary
                .command
                .as_deref()
                .is_some_and(|c| c.contains(" create ") && !c.contains(" update ")),
            "{canary:?}"
        );
        let gitlab_job = c
            .entries
            .iter()
            .find(|e| {
                e.subject
                    .as_deref()
                    .is_some_and(|s| s.starts_with("project_path:"))
            })
            .unwrap_or_else(|| panic!("{c:?}"));
        assert_eq!(gitlab_job.status, "refused");
        assert_eq!(gitlab_job.nearest, None, "{gitlab_job:?}");
        assert!(c.unused.is_empty() && c.other_issuers.is_empty(), "{c:?}");
    }
}
