//! The audit's checks, per identity: the set (limit, duplicates, unrelated workloads) and each
//! credential (record rules, name-based subjects, pull-request trust, broad patterns, the legacy
//! Azure DevOps issuer). Each rule's source is in the module above and beside it here.

use std::collections::HashMap;

use super::{AuditFinding, GithubIds, Identity, LIMIT, Migration, Options};
use crate::audience::Cloud;
use crate::credential::{Credential, Matcher};
use crate::expression::{Expression, Op, Term};
use crate::face::{Ask, Face};
use crate::finding::{Code, Severity};
use crate::import::Imported;
use crate::platforms::azure_devops::LEGACY_ISSUER_RETIREMENT;
use crate::platforms::azure_devops::issuer::LEGACY_ISSUER_PREFIX;
use crate::platforms::github::GITHUB_ISSUER;
use crate::platforms::github::form_command;
use crate::platforms::github::trust::pull_request_trust;
use crate::platforms::{issuers, read_back};
use crate::snippets::fix::{delete_duplicate_command, update_command};

/// Where the audit starts to warn about room (the next environment will not fit).
const NEAR_LIMIT: usize = 18;

fn finding(
    identity: &Identity,
    code: Code,
    severity: Severity,
    fic: Option<&str>,
    message: String,
    fix: String,
) -> AuditFinding {
    AuditFinding {
        code,
        severity,
        identity: identity.name.clone(),
        fic: fic.map(str::to_owned),
        message,
        fix,
        command: None,
        migration: None,
        edit: None,
    }
}

/// What the checks of one identity carry from credential to credential.
pub(super) struct State {
    seen: Seen,
    groups: Vec<(String, Vec<String>)>,
    shared_at: usize,
}

/// Starts an identity: the set's own findings, and the state its credentials are checked with.
pub(super) fn start(identity: &Identity, out: &mut Vec<AuditFinding>) -> State {
    set_limit(identity, out);
    State {
        seen: Seen::new(identity),
        groups: Vec::new(),
        shared_at: out.len(),
    }
}

/// One credential's findings.
pub(super) fn credential(
    identity: &Identity,
    imported: &Imported,
    state: &mut State,
    ids: &GithubIds,
    face: Face,
    out: &mut Vec<AuditFinding>,
) {
    let c = &imported.credential;
    record(identity, imported, out);
    duplicates(identity, imported, &mut state.seen, out);
    match &c.matcher {
        Matcher::Subject(subject) => {
            pull_request(identity, c, subject, out);
            mutable(identity, c, subject, ids, face, out);
        }
        Matcher::Expression(expression) => too_broad(identity, c, expression, out),
    }
    legacy_ado(identity, c, face, out);
    let key = match &c.matcher {
        Matcher::Subject(subject) => read_back(&c.issuer, subject, None).map(|p| p.workload_key()),
        Matcher::Expression(_) => None,
    }
    .unwrap_or_else(|| format!("issuer {}", c.issuer));
    match state.groups.iter_mut().find(|(k, _)| *k == key) {
        Some((_, names)) => names.push(c.name.clone()),
        None => state.groups.push((key, vec![c.name.clone()])),
    }
}

/// Ends an identity: whether it serves unrelated workloads (with the set's findings).
pub(super) fn end(identity: &Identity, state: State, out: &mut Vec<AuditFinding>) {
    if let Some(f) = shared(identity, &state.groups) {
        out.insert(state.shared_at.min(out.len()), f);
    }
}

/// More than 20 cannot exist; 18 and over leaves no room to grow (Entra docs, limits).
fn set_limit(identity: &Identity, out: &mut Vec<AuditFinding>) {
    let n = identity.credentials.len();
    if n < NEAR_LIMIT {
        return;
    }
    // Environment credentials of one repository could be one flexible credential.
    let mut per_repo: Vec<(String, usize)> = Vec::new();
    for c in &identity.credentials {
        if let Some((repo, _)) = c
            .credential
            .subject()
            .and_then(|s| s.strip_prefix("repo:"))
            .and_then(|s| s.split_once(":environment:"))
        {
            match per_repo.iter_mut().find(|(r, _)| r == repo) {
                Some((_, count)) => *count += 1,
                None => per_repo.push((repo.to_owned(), 1)),
            }
        }
    }
    let consolidate = per_repo
        .iter()
        .filter(|(_, count)| *count > 1)
        .map(|(repo, count)| format!("the {count} environment credentials of {repo} could be one flexible credential: claims['sub'] matches 'repo:{repo}:environment:*' and claims['repository_id'] eq '<its ID>' (it then trusts every environment of the repository)"))
        .collect::<Vec<_>>();
    let how = if consolidate.is_empty() {
        "move unrelated workloads to identities of their own, or replace credentials that differ in one value with a flexible credential".to_owned()
    } else {
        consolidate.join("; ")
    };
    if n > LIMIT {
        out.push(finding(identity, Code::SetLimit, Severity::Error, None,
            format!("{n} credentials on one identity: Entra allows {LIMIT}, so these cannot all exist there; the paste probably holds the same list twice, or several identities' lists without their ARM ids"),
            format!("paste one identity's list at a time (az identity federated-credential list --identity-name NAME -g RG), or keep the ARM ids; {how}")));
    } else {
        out.push(finding(identity, Code::SetLimit, Severity::Warning, None,
            format!("{n} of Entra's {LIMIT} credentials are used; {} left, so the next environments will not fit", LIMIT - n),
            how));
    }
}

/// One identity trusting unrelated workloads: revoking one breaks all, each inherits the others'
/// permissions (the seed article's "one identity per workload"; Entra docs, best practices).
fn shared(identity: &Identity, groups: &[(String, Vec<String>)]) -> Option<AuditFinding> {
    if groups.len() < 2 {
        return None;
    }
    let list = groups
        .iter()
        .map(|(key, names)| format!("{key}: {}", names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    Some(finding(identity, Code::IdentityShared, Severity::Warning, None,
        format!("this identity trusts {} unrelated workloads ({list}): revoking one breaks all, and each can use the others' Azure permissions", groups.len()),
        "give each workload an identity of its own with only the roles it needs: create the identity, its credentials and role assignments, switch the workload's client ID, then delete its credentials here".to_owned()))
}

/// Said beside the corrected `pull_request` subject: made to match, it trusts every pull request.
pub(crate) const PULL_REQUEST_WIDENS: &str = ". This widens trust: once corrected it lets every pull_request run from a branch of the repository sign in, with this identity's roles; only if that is meant (a separate identity with read-only roles is safer)";

/// The value a finding of `code` corrects in place, as `(field, corrected value)`: a value no
/// token carries, so changing it stops nothing that signs in today. `None` for other codes.
pub(crate) fn corrected(code: Code, c: &Credential) -> Option<(&'static str, String)> {
    match code {
        Code::SubjectWhitespace => c.subject().map(|s| ("subject", s.trim().to_owned())),
        Code::IssuerWhitespace => Some(("issuer", c.issuer.trim().to_owned())),
        // Trimmed too: white space after the slash is a second reason, with the same fix.
        Code::IssuerTrailingSlash => {
            Some(("issuer", c.issuer.trim().trim_end_matches('/').to_owned()))
        }
        Code::AksIssuerNoTrailingSlash => Some(("issuer", format!("{}/", c.issuer))),
        // GitHub writes the context pull_request, never pull-request (field guide §3).
        Code::SubjectPullRequestHyphen => c
            .subject()
            .and_then(|s| s.strip_suffix(":pull-request"))
            .map(|s| ("subject", format!("{s}:pull_request"))),
        _ => None,
    }
}

/// The record's own problems, with the codes the inspector uses for them.
fn record(identity: &Identity, imported: &Imported, out: &mut Vec<AuditFinding>) {
    let c = &imported.credential;
    let traps = issuers::issuer_traps(&c.issuer);
    let found = imported.rules.iter().chain(&traps).cloned();
    let mut seen = Vec::new();
    for f in found {
        let code = match (f.code, f.field) {
            (Code::SurroundingWhitespace, Some("issuer")) => Code::IssuerWhitespace,
            (Code::SurroundingWhitespace, Some("subject")) => Code::SubjectWhitespace,
            (Code::PullRequestHyphen, _) => Code::SubjectPullRequestHyphen,
            (Code::GithubIssuerTrailingSlash, _) => Code::IssuerTrailingSlash,
            (code, _) => code,
        };
        // Notes are the builder's, except the one that says which rules judged the expression.
        let note_to_keep = code == Code::ExpressionIssuerInferred;
        // The same finding twice (an issuer trap is in the rules and in `traps`) is said once;
        // two findings of one code about different values (two claims, issuer and subject) are
        // two problems, and both are said.
        if seen.iter().any(|(c, m)| *c == code && *m == f.message)
            || (f.severity == Severity::Info && !note_to_keep)
        {
            continue;
        }
        seen.push((code, f.message.clone()));
        // A value no token carries: changed in place, nothing that signs in today stops.
        if let Some((field, value)) = corrected(code, c) {
            let (command, alternative) = update_command(imported, field, &value);
            // Made to match, a pull-request credential trusts every pull request: said beside it.
            let widens = if code == Code::SubjectPullRequestHyphen {
                PULL_REQUEST_WIDENS
            } else {
                ""
            };
            let mut fixed = finding(identity, code, f.severity, Some(&c.name), f.message,
                format!("set the {field} to '{value}': as it is, the credential matches no token, so changing it in place stops nothing that signs in today{}{widens}",
                    alternative.map(|other| format!(" (the command is for an app registration; for a managed identity: {other})")).unwrap_or_default()));
            fixed.command = Some(command);
            out.push(fixed);
            continue;
        }
        let fix = match code {
            Code::ExpressionMissingIdClaim => "add the ID clause (claims['repository_id'] eq '<ID>' for GitHub, claims['project_id'] eq '<ID>' for GitLab): until then Entra ignores this credential".to_owned(),
            Code::ExpressionIssuerInferred => "nothing, if the issuer is a GitLab instance; if it is not, Entra documents no flexible credential for it: use a plain subject".to_owned(),
            _ => "re-create the credential with the value corrected (a credential's issuer and subject cannot be edited in place by every tool)".to_owned(),
        };
        out.push(finding(
            identity,
            code,
            f.severity,
            Some(&c.name),
            f.message,
            fix,
        ));
    }
    for audience in &c.audiences {
        if Cloud::from_audience(audience).is_none()
            && !seen.iter().any(|(c, _)| *c == Code::AudienceMismatch)
        {
            seen.push((Code::AudienceMismatch, String::new()));
            out.push(finding(identity, Code::AudienceMismatch, Severity::Warning, Some(&c.name),
                format!("the audience '{}' is none of Entra's (api://AzureADTokenExchange, or …USGov, …China): it matches only a workload that asks for exactly this audience", audience.escape_default()),
                "unless the workload asks for this audience on purpose, use api://AzureADTokenExchange".to_owned()));
        }
    }
}

/// What earlier credentials of the identity accept, to find duplicates in one pass.
struct Seen {
    exact: HashMap<(String, Matcher), String>,
    flexible: Vec<(Credential, Vec<Term>)>,
}

impl Seen {
    fn new(identity: &Identity) -> Seen {
        let flexible = identity
            .credentials
            .iter()
            .filter_map(|c| {
                let parsed = c.credential.expression()?.parse::<Expression>().ok()?;
                let on_sub: Vec<Term> = parsed
                    .terms
                    .into_iter()
                    .filter(|t| t.claim == "sub")
                    .collect();
                (!on_sub.is_empty()).then(|| (c.credential.clone(), on_sub))
            })
            .collect();
        Seen {
            exact: HashMap::new(),
            flexible,
        }
    }
}

/// The same issuer and subject twice (Entra refuses the second), or a flexible credential that
/// accepts a plain one's subject (one of them is redundant).
fn duplicates(
    identity: &Identity,
    imported: &Imported,
    seen: &mut Seen,
    out: &mut Vec<AuditFinding>,
) {
    let c = &imported.credential;
    let key = (c.issuer.clone(), c.matcher.clone());
    if let Some(first) = seen.exact.get(&key) {
        let kept = identity
            .credentials
            .iter()
            .find(|k| k.credential.name == *first);
        let command = kept.and_then(|kept| delete_duplicate_command(imported, kept));
        let mut f = finding(
            identity,
            Code::DuplicateCredential,
            Severity::Warning,
            Some(&c.name),
            format!(
                "'{}' accepts the same issuer and {} as '{first}': Entra refuses a second credential with the same issuer and subject, so one of these lists counts it twice, or one is stale",
                c.name,
                if c.is_flexible() {
                    "expression"
                } else {
                    "subject"
                }
            ),
            if command.is_some() {
                format!(
                    "keep '{first}': delete '{}' once nothing refers to it by name (the command deletes it only after reading '{first}' back with the same issuer, subject and audience{})",
                    c.name,
                    if kept.is_some_and(|k| k.location.identity_name.is_some()
                        && k.location.resource_group.is_some())
                    {
                        ""
                    } else {
                        "; it is for an app registration: set APP_ID"
                    }
                )
            } else {
                format!(
                    "keep one: delete '{}' once nothing refers to it by name",
                    c.name
                )
            },
        );
        f.command = command;
        out.push(f);
        return;
    }
    seen.exact.insert(key, c.name.clone());
    let Some(subject) = c.subject() else { return };
    let covering = seen.flexible.iter().find(|(other, terms)| {
        other.issuer == c.issuer
            && other.audiences == c.audiences
            && terms.iter().all(|t| t.op.apply(subject, &t.value))
    });
    if let Some((other, _)) = covering {
        out.push(finding(identity, Code::DuplicateCredential, Severity::Info, Some(&c.name),
            format!("the flexible credential '{}' already accepts '{subject}' (its other clauses permitting): '{}' is likely redundant", other.name, c.name),
            format!("keep the narrower one if the flexible credential is broader than needed; otherwise delete '{}' and free a place", c.name)));
    }
}

/// `…:pull_request`: every pull request from a branch of the repository can sign in (field guide
/// §3; GitHub docs: fork pull requests get no token, branches of the repository do).
fn pull_request(identity: &Identity, c: &Credential, subject: &str, out: &mut Vec<AuditFinding>) {
    if let Some((message, fix)) = pull_request_trust(&c.issuer, subject) {
        out.push(finding(
            identity,
            Code::PullRequestTrust,
            Severity::Warning,
            Some(&c.name),
            message,
            fix.to_owned(),
        ));
    }
}

/// A name-based GitHub subject or a `project_path` GitLab subject: valid, but claimable by whoever
/// takes the name after a rename or deletion, and broken by a rename (Entra docs, mutable
/// subjects, 2026-07-28; field guide §9).
fn mutable(
    identity: &Identity,
    c: &Credential,
    subject: &str,
    ids: &GithubIds,
    face: Face,
    out: &mut Vec<AuditFinding>,
) {
    if let Some(rest) = subject.strip_prefix("repo:") {
        let Some((repo, context)) = rest.split_once(':') else {
            return;
        };
        if repo.contains('@') || !c.issuer.starts_with(GITHUB_ISSUER) {
            return;
        }
        let known = ids
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(repo));
        let mut f = finding(
            identity,
            Code::SubjectMutable,
            Severity::Info,
            Some(&c.name),
            format!(
                "'{subject}' names the repository, not its ID: it stops matching when {repo} is renamed or transferred (which also switches it to immutable subjects), and whoever takes the name later can sign in"
            ),
            match known {
                Some(_) => format!(
                    "move to the immutable subject (the migration below), once the repository sends it ({} shows its form)",
                    form_command(repo)
                ),
                None => format!(
                    "give the repository's IDs ({}) for the migration to the immutable subject",
                    face.ask(Ask::GithubIds { repo })
                ),
            },
        );
        if let Some((_, owner_id, repo_id)) = known
            && let Some((owner, name)) = repo.split_once('/')
        {
            let new_subject = format!("repo:{owner}@{owner_id}/{name}@{repo_id}:{context}");
            let mut new = c.clone();
            new.name = renamed(&c.name, "-immutable");
            new.matcher = Matcher::Subject(new_subject);
            f.migration = Some(Migration {
                create: vec![new],
                delete: vec![c.name.clone()],
                check: format!(
                    "after the repository sends immutable subjects, run the workflow once ({}) and see it sign in with '{}'",
                    face.ask(Ask::TryToken),
                    renamed(&c.name, "-immutable")
                ),
            });
        }
        out.push(f);
    } else if subject.starts_with("project_path:") {
        out.push(finding(identity, Code::SubjectMutable, Severity::Info, Some(&c.name),
            format!("'{subject}' names the GitLab project by path: renaming or moving the project breaks it, and whoever takes the path later can sign in"),
            "customise the project's sub to start with project_id (ci_id_token_sub_claim_components = [\"project_id\", \"ref_type\", \"ref\"], Projects API), then create the project_id:… credential and delete this one".to_owned()));
    }
}

/// `name` with `suffix`, kept within Entra's 120 characters.
fn renamed(name: &str, suffix: &str) -> String {
    let keep = 120usize.saturating_sub(suffix.len());
    let base: String = name.chars().take(keep).collect();
    format!("{base}{suffix}")
}

/// A flexible pattern that admits other repositories or projects, or every branch (Entra docs,
/// flexible credentials: scope expressions as narrowly as possible).
fn too_broad(identity: &Identity, c: &Credential, expression: &str, out: &mut Vec<AuditFinding>) {
    let Ok(parsed) = expression.parse::<Expression>() else {
        return;
    };
    for term in parsed
        .terms
        .iter()
        .filter(|t| t.claim == "sub" && t.op != Op::Eq)
    {
        // `startswith 'p'` admits what `matches 'p*'` does.
        let (pattern, shown) = match term.op {
            Op::StartsWith => (
                format!("{}*", term.value),
                format!("startswith '{}'", term.value),
            ),
            _ => (term.value.clone(), format!("'{}'", term.value)),
        };
        let pattern = pattern.as_str();
        let owner_part = pattern
            .strip_prefix("repo:")
            .or_else(|| pattern.strip_prefix("project_path:"))
            .and_then(|rest| rest.split(':').next());
        let (message, fix) = if pattern.trim_matches('*').is_empty() {
            ("matches every subject of the issuer: every repository or project it serves can sign in".to_owned(), "match one repository's subjects, and pin its ID".to_owned())
        } else if owner_part.is_some_and(|p| p.contains('*') || p.contains('?')) {
            (
                format!("{shown} admits other repositories or projects than one"),
                "name the repository (or project) exactly, and pin its ID".to_owned(),
            )
        } else if pattern.ends_with(":ref:refs/heads/*")
            || pattern.ends_with(":ref_type:branch:ref:*")
        {
            (format!("{shown} admits every branch, including one anyone with write access creates"), "prefer an environment with protection rules (repo:OWNER/REPO:environment:NAME), or name the branches".to_owned())
        } else {
            continue;
        };
        out.push(finding(
            identity,
            Code::ExpressionTooBroad,
            Severity::Warning,
            Some(&c.name),
            format!("the expression {message}"),
            fix,
        ));
        return;
    }
}

/// The Azure DevOps issuer retires (Azure DevOps docs, convert-service-connections.md; field
/// guide §4).
fn legacy_ado(identity: &Identity, c: &Credential, face: Face, out: &mut Vec<AuditFinding>) {
    if c.issuer.starts_with(LEGACY_ISSUER_PREFIX) {
        out.push(finding(identity, Code::LegacyAdoIssuer, Severity::Warning, Some(&c.name),
            format!("this credential uses the Azure DevOps issuer ({}), which retires on {LEGACY_ISSUER_RETIREMENT} for public-cloud connections with single-tenant apps or managed identities; its sc:// subject also breaks when the organization, project or connection is renamed", c.issuer),
            format!("convert the service connection to the Entra issuer (Project settings > Service connections > the connection > Convert), copy its Issuer and Subject identifier, create that credential ({}), run the pipeline once, then delete this one", face.ask(Ask::SubjectIdentifier))));
    }
}

/// The bulk migrations the user asked for: re-pointing an issuer, and Azure DevOps connections
/// converted to the Entra issuer (each attached to a finding of its own).
pub(super) fn bulk(identity: &Identity, options: &Options) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    for (old, new) in &options.reissue {
        let moving: Vec<&Credential> = identity
            .credentials
            .iter()
            .map(|c| &c.credential)
            .filter(|c| c.issuer == *old)
            .collect();
        if moving.is_empty() {
            continue;
        }
        let create: Vec<Credential> = moving
            .iter()
            .map(|c| Credential {
                name: renamed(&c.name, "-reissued"),
                issuer: new.clone(),
                ..(*c).clone()
            })
            .collect();
        let mut f = finding(identity, Code::IssuerRepoint, Severity::Info, None,
            format!("{} credential(s) trust {old}; the migration re-points them to {new}", moving.len()),
            "create the copies with the new issuer, run the workloads once against it, then delete the old ones".to_owned());
        f.migration = Some(Migration {
            create,
            delete: moving.iter().map(|c| c.name.clone()).collect(),
            check: format!(
                "run each workload once with tokens from {new} ({}) and see it sign in",
                options.face.ask(Ask::TryToken)
            ),
        });
        out.push(f);
    }
    let converted: Vec<(&str, &str)> = options
        .ado_subjects
        .lines()
        .filter_map(|line| line.trim().split_once(char::is_whitespace))
        .map(|(name, subject)| (name.trim(), subject.trim()))
        .collect();
    for c in identity.credentials.iter().map(|c| &c.credential) {
        if !c.issuer.starts_with(LEGACY_ISSUER_PREFIX) {
            continue;
        }
        let Some(connection) = c.subject().and_then(|s| s.rsplit('/').next()) else {
            continue;
        };
        let Some((_, identifier)) = converted.iter().find(|(name, _)| *name == connection) else {
            continue;
        };
        let mut input = crate::platforms::azure_devops::AzureDevOpsInput::default();
        input.set_subject_identifier((*identifier).to_owned());
        let built = input.build(&crate::platforms::Common::default());
        let Some(mut new) = built.credentials.into_iter().next() else {
            let why = built
                .findings
                .iter()
                .find(|f| f.is_error())
                .map(|f| f.message.clone())
                .unwrap_or_default();
            out.push(finding(
                identity,
                Code::LegacyAdoIssuer,
                Severity::Error,
                Some(&c.name),
                format!("the Subject identifier given for {connection} cannot be read: {why}"),
                "copy it again from Project settings > Service connections > the connection"
                    .to_owned(),
            ));
            continue;
        };
        new.name = renamed(&c.name, "-entra");
        new.audiences.clone_from(&c.audiences);
        let mut f = finding(
            identity,
            Code::LegacyAdoIssuer,
            Severity::Info,
            Some(&c.name),
            format!(
                "'{}' moves to the Entra issuer of the converted connection {connection}",
                c.name
            ),
            "create the new credential, run the pipeline once, then delete the old one".to_owned(),
        );
        f.migration = Some(Migration {
            create: vec![new],
            delete: vec![c.name.clone()],
            check: format!("run a pipeline that uses {connection} once and see it sign in"),
        });
        out.push(f);
    }
    out
}
