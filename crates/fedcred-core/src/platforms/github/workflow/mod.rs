//! A GitHub Actions workflow read for what each job will present to Entra (issue 17).
//!
//! For each job: whether it can get a token ([`steps::access`]), whether it asks for one for
//! Entra ([`steps::login`]), and every subject it can present, per trigger ([`triggers`]), the
//! environment winning over the event and the ref ([`expr`] expands it). Jobs of a reusable
//! workflow (`uses: ./.github/workflows/NAME.yml`) present their caller's subject and carry
//! `job_workflow_ref`; given the called file, their environments are read with the caller's
//! `with:`. The subjects are written by the builder ([`GitHubInput::presented`]), so immutable
//! and customised subjects come out as the builder writes them.

mod condition;
mod expr;
mod steps;
#[cfg(test)]
mod tests;
mod triggers;

use super::customization;
use super::{Entity, GitHubInput};
use crate::face::Ask;
use crate::finding::{Code, Finding};
use crate::platforms::{Common, Platform};
use crate::predict::model::{
    Error, File, Job, Needed, Options, Prediction, Presented, TokenAccess, file_name, push_unique,
};
use crate::validation;
use crate::yaml::Node;
use expr::Scope;
use triggers::{RefSide, Trigger};

/// What every job of the workflow shares.
struct Workflow<'a> {
    repo: String,
    options: &'a Options,
    triggers: Vec<Trigger>,
    doc: &'a Node,
    called: &'a [(File<'a>, Node)],
}

/// A job's subjects, each with the builder entity that writes it.
type Subjects = Vec<(Presented, Entity)>;

/// Predicts every job of `doc` (the file `file`), with `called` the reusable workflows given.
pub(crate) fn predict(
    file: &File<'_>,
    doc: &Node,
    called: &[(File<'_>, Node)],
    options: &Options,
) -> Result<Prediction, Error> {
    let error = |line: usize, message: &str| Error {
        needs: None,
        file: file.name.to_owned(),
        line: Some(line),
        message: message.to_owned(),
    };
    let jobs = doc.get("jobs").and_then(Node::as_map).ok_or_else(|| {
        error(
            doc.line,
            "not a GitHub Actions workflow: it has no jobs: mapping (a workflow has on: and jobs:)",
        )
    })?;
    let on = doc.get("on").ok_or_else(|| {
        error(
            doc.line,
            "not a GitHub Actions workflow: it has no on: (the events that start it)",
        )
    })?;
    let customization = if options.customization.trim().is_empty() {
        customization::Customization::default()
    } else {
        customization::read(&options.customization).map_err(|message| Error {
            needs: None,
            file: "customization".to_owned(),
            line: None,
            message,
        })?
    };
    let mut placeholders = Vec::new();
    let repo = [
        options.repo.trim().to_owned(),
        customization.repo.clone().unwrap_or_default(),
        named_in_file(doc).unwrap_or_default(),
    ]
    .into_iter()
    .find(|r| !r.is_empty())
    .unwrap_or_else(|| {
        placeholders.push("OWNER/REPO".to_owned());
        "OWNER/REPO".to_owned()
    });
    let default_branch = match options.default_branch.trim() {
        "" => "DEFAULT_BRANCH",
        branch => branch,
    };
    let workflow = Workflow {
        repo,
        options,
        triggers: triggers::read(on, default_branch),
        doc,
        called,
    };
    // A reusable workflow's jobs carry job_workflow_ref naming this file (GitHub docs, "Using
    // OpenID Connect with reusable workflows"); the ref is the one the caller names.
    let reusable = workflow
        .triggers
        .iter()
        .any(|t| t.event == "workflow_call")
        .then(|| {
            format!(
                "{}/.github/workflows/{}@<the ref the caller names>",
                workflow.repo,
                file_name(file.name)
            )
        });
    let mut out = Vec::new();
    for (id, job) in jobs {
        match job.get("uses").and_then(Node::as_str) {
            Some(uses) => out.extend(workflow.call(id, job, uses)),
            None => {
                let scope = Scope {
                    matrix: job.get("strategy").and_then(|s| s.get("matrix")),
                    dispatch: workflow.dispatch_inputs(),
                    with: None,
                    event: None,
                };
                let access = steps::access(job.get("permissions"), doc.get("permissions"));
                out.push(workflow.job(id, job, file.name, &scope, access, reusable.clone()));
            }
        }
    }
    let mut notes = Vec::new();
    if out
        .iter()
        .flat_map(|(j, _)| &j.subjects)
        .any(|p| p.subject.contains("DEFAULT_BRANCH"))
    {
        placeholders.push("DEFAULT_BRANCH".to_owned());
        notes.push(format!("the default branch was not given: subjects say DEFAULT_BRANCH where it goes; {} (the repository's settings name it)", options.face.ask(Ask::DefaultBranch)));
    }
    if placeholders.iter().any(|p| p == "OWNER/REPO") {
        notes.push(format!(
            "the repository was not given and the file names none: subjects say OWNER/REPO; {}",
            options.face.ask(Ask::Repository {
                shape: "OWNER/REPO"
            })
        ));
    }
    if workflow.triggers.iter().any(|t| t.event == "workflow_call") && workflow.triggers.len() == 1
    {
        notes.push("this is a reusable workflow: its jobs present the subject of the workflow that calls them (its repository, ref or environment), and their token's job_workflow_ref names this file; predict the caller with this file beside it".to_owned());
    }
    let (credentials, needed, findings) = workflow.credentials(&out);
    if credentials
        .iter()
        .any(|c| c.expression().is_some_and(|e| e.contains(REPOSITORY_ID)))
    {
        placeholders.push(REPOSITORY_ID.to_owned());
        notes.push(format!(
            "the repository ID was not given: the flexible credentials say {REPOSITORY_ID} where it goes; gh api repos/{} --jq .id prints it ({})",
            workflow.repo,
            options.face.ask(Ask::RepositoryIds { repo: &workflow.repo })
        ));
    }
    Ok(Prediction {
        kind: crate::predict::model::Kind::GitHub,
        repo: workflow.repo,
        placeholders,
        jobs: out.into_iter().map(|(job, _)| job).collect(),
        notes,
        credentials,
        needed,
        findings,
        workloads: Vec::new(),
        object_findings: Vec::new(),
    })
}

/// What a flexible credential says where the repository's ID goes when it was not given.
pub const REPOSITORY_ID: &str = "REPOSITORY_ID";

/// A pattern whose only error is the missing repository ID (Entra applies a GitHub flexible
/// credential only when it pins the repository by ID: Entra docs, flexible federated identity
/// credentials, read 2026-08-14) still belongs in the set (issue 25), with [`REPOSITORY_ID`]
/// marked where the ID goes and the command that prints it.
fn with_id_placeholder(
    input: &GitHubInput,
    common: &Common,
    findings: &[Finding],
) -> Option<crate::platforms::Built> {
    crate::platforms::common::with_id_placeholder(
        findings,
        |id| {
            GitHubInput {
                repo_id: id.to_owned(),
                ..input.clone()
            }
            .build(common)
        },
        REPOSITORY_ID,
        "repo_id",
        &format!(
            "this flexible credential says {REPOSITORY_ID} where the repository's ID goes: replace it with what gh api repos/{} --jq .id prints before creating it (as written it matches no token)",
            input.repo.trim()
        ),
    )
}

/// A repository the file names in a condition, `github.repository == 'OWNER/REPO'`.
fn named_in_file(doc: &Node) -> Option<String> {
    let jobs = doc.get("jobs").and_then(Node::as_map)?;
    jobs.iter().find_map(|(_, job)| {
        let condition = job.get("if").and_then(Node::as_str)?;
        let (_, rest) = condition.split_once("github.repository")?;
        let rest = rest.trim_start().strip_prefix("==")?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let value = rest.get(1..)?.split(quote).next()?;
        (value.split('/').count() == 2).then(|| value.to_owned())
    })
}

impl Workflow<'_> {
    fn dispatch_inputs(&self) -> &[triggers::Input] {
        self.triggers
            .iter()
            .find(|t| t.event == "workflow_dispatch")
            .map(|t| t.inputs.as_slice())
            .unwrap_or_default()
    }

    fn input(&self, entity: Entity) -> GitHubInput {
        GitHubInput {
            repo: self.repo.clone(),
            entity,
            customization: self.options.customization.clone(),
            ..Default::default()
        }
    }

    /// One job: its token, its login, and every subject it presents.
    fn job(
        &self,
        id: &str,
        node: &Node,
        file: &str,
        scope: &Scope<'_>,
        access: (bool, String),
        job_workflow_ref: Option<String>,
    ) -> (Job, Subjects) {
        let login = steps::login(node, self.doc.get("env"), self.called);
        let mut subjects: Subjects = Vec::new();
        let mut unresolved = Vec::new();
        let mut caveats = Vec::new();
        let add = |subjects: &mut Subjects,
                   unresolved: &mut Vec<String>,
                   entity: Entity,
                   trigger: &str,
                   why: String| {
            match self.input(entity.clone()).presented() {
                Ok(subject) => match subjects.iter_mut().find(|(p, _)| p.subject == subject) {
                    Some((p, _)) => push_unique(&mut p.triggers, trigger.to_owned()),
                    None => subjects.push((
                        Presented {
                            pattern: matches!(
                                entity,
                                Entity::BranchPattern(_) | Entity::TagPattern(_)
                            ),
                            subject,
                            triggers: vec![trigger.to_owned()],
                            why,
                        },
                        entity,
                    )),
                },
                Err(message) => unresolved.push(format!("{trigger}: {message}")),
            }
        };
        let filter = condition::read(node.get("if").and_then(Node::as_str));
        let allowed: Vec<&Trigger> = self
            .triggers
            .iter()
            .filter(|t| filter.allows_event(&t.event))
            .collect();
        if allowed.is_empty() && !self.triggers.is_empty() {
            unresolved.push("its if: lets none of this workflow's events through".to_owned());
        }
        let events = allowed
            .iter()
            .map(|t| t.event.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let template = node
            .get("environment")
            .and_then(|e| e.as_str().or_else(|| e.get("name").and_then(Node::as_str)));
        let mut by_ref = template.is_none();
        // An environment chosen by the event (`github.event_name == 'push' && 'prod' || null`)
        // is expanded per trigger: each event presents its own environment, or its ref.
        let per_event = template.is_some_and(expr::per_event);
        let mut ref_events: Vec<String> = Vec::new();
        if let (Some(template), true) = (template, per_event) {
            for trigger in &allowed {
                let event_scope = Scope {
                    event: Some(trigger.event.as_str()),
                    ..*scope
                };
                match expr::expand(template, &event_scope) {
                    Ok(values) => {
                        for value in values {
                            if value.is_empty() {
                                push_unique(&mut ref_events, trigger.event.clone());
                                continue;
                            }
                            let why = format!(
                                "the job's environment {template} is {value} for this event; the environment wins over the ref"
                            );
                            add(
                                &mut subjects,
                                &mut unresolved,
                                Entity::Environment(value),
                                &trigger.event,
                                why,
                            );
                        }
                    }
                    Err(reason) => {
                        push_unique(&mut unresolved, format!("{}: {reason}", trigger.event))
                    }
                }
            }
        }
        if let (Some(template), false, false) = (template, allowed.is_empty(), per_event) {
            match expr::expand(template, scope) {
                Ok(values) => {
                    for value in values {
                        if value.is_empty() {
                            by_ref = true;
                            continue;
                        }
                        let why = if template.contains("${{") {
                            format!("the job's environment {template} can be {value}; the environment wins over the event and the ref")
                        } else {
                            format!("the job names environment {value}, which wins over the event and the ref")
                        };
                        add(&mut subjects, &mut unresolved, Entity::Environment(value), &events, why);
                    }
                }
                Err(reason) => unresolved.push(format!(
                    "{reason}; a flexible credential matching repo:{}:environment:* (with the repository_id clause) would cover it, but it trusts every environment of the repository",
                    self.repo
                )),
            }
        }
        for trigger in allowed {
            if by_ref || ref_events.contains(&trigger.event) {
                for caveat in &trigger.ref_caveats {
                    push_unique(&mut caveats, caveat.clone());
                }
                for side in &trigger.refs {
                    match side {
                        RefSide::Known { entity, why } => {
                            for entity in filter.refs(entity) {
                                add(
                                    &mut subjects,
                                    &mut unresolved,
                                    entity,
                                    &trigger.event,
                                    why.clone(),
                                );
                            }
                        }
                        RefSide::Unknown(reason) => {
                            push_unique(&mut unresolved, format!("{}: {reason}", trigger.event))
                        }
                    }
                }
            }
            for caveat in &trigger.caveats {
                push_unique(&mut caveats, caveat.clone());
            }
        }
        caveats.extend(login.notes);
        let job = Job {
            id: id.to_owned(),
            name: node.get("name").and_then(Node::as_str).map(str::to_owned),
            file: file.to_owned(),
            line: node.line,
            token: TokenAccess {
                can: access.0,
                why: access.1,
            },
            login: login.how,
            may_request: if access.0 { login.may } else { None },
            audience: login
                .audience
                .unwrap_or_else(|| "api://AzureADTokenExchange".to_owned()),
            subjects: subjects.iter().map(|(p, _)| p.clone()).collect(),
            unresolved,
            caveats,
            job_workflow_ref,
            connections: Vec::new(),
        };
        (job, subjects)
    }

    /// A job that calls a reusable workflow: the called file's jobs, with the caller's subject.
    fn call(&self, id: &str, job: &Node, uses: &str) -> Vec<(Job, Subjects)> {
        let path = uses.split('@').next().unwrap_or(uses);
        let name = file_name(path);
        let caller_scope = Scope {
            matrix: job.get("strategy").and_then(|s| s.get("matrix")),
            dispatch: self.dispatch_inputs(),
            with: None,
            event: None,
        };
        let (can, why) = steps::access(job.get("permissions"), self.doc.get("permissions"));
        let job_workflow_ref = match uses.strip_prefix("./") {
            Some(local) => format!("{}/{local}@<the caller's ref>", self.repo),
            None => uses.to_owned(),
        };
        let Some((file, called)) = self.called.iter().find(|(f, _)| file_name(f.name) == name)
        else {
            let unresolved = vec![format!(
                "calls {uses}, which was not given: {} to read the environments its jobs name; without it, its jobs present this workflow's ref subjects, or an environment it names",
                self.options.face.ask(Ask::CalledWorkflow { name })
            )];
            return vec![(
                Job {
                    id: id.to_owned(),
                    name: job.get("name").and_then(Node::as_str).map(str::to_owned),
                    file: String::new(),
                    line: job.line,
                    token: TokenAccess { can, why },
                    login: None,
                    may_request: None,
                    audience: "api://AzureADTokenExchange".to_owned(),
                    subjects: Vec::new(),
                    unresolved,
                    caveats: Vec::new(),
                    job_workflow_ref: Some(job_workflow_ref),
                    connections: Vec::new(),
                },
                Vec::new(),
            )];
        };
        let empty = Node {
            line: job.line,
            value: crate::yaml::Value::Map(Vec::new()),
            plain: false,
        };
        let with = job.get("with").unwrap_or(&empty);
        let jobs = called
            .get("jobs")
            .and_then(Node::as_map)
            .unwrap_or_default();
        jobs.iter()
            .map(|(called_id, called_job)| {
                let scope = Scope {
                    matrix: called_job.get("strategy").and_then(|s| s.get("matrix")),
                    dispatch: &[],
                    with: Some((with, &caller_scope)),
                    event: None,
                };
                // The called workflow can keep or lower the caller's permissions, never raise them.
                let own = called_job.get("permissions").or_else(|| called.get("permissions"));
                let access = match own {
                    Some(p) if can && !steps::id_token(p) => (false, format!("{name} sets permissions without id-token: write, which lowers the caller's")),
                    _ if can => (true, format!("{why}; the called workflow inherits it")),
                    _ => (false, format!("{why} (a called workflow gets at most its caller's permissions)")),
                };
                if called_job.get("uses").is_some() {
                    let (mut job, subjects) = self.job(&format!("{id}/{called_id}"), called_job, file.name, &scope, access, Some(job_workflow_ref.clone()));
                    job.unresolved.push("calls another reusable workflow: fedcred reads one level of calls".to_owned());
                    return (job, subjects);
                }
                self.job(&format!("{id}/{called_id}"), called_job, file.name, &scope, access, Some(job_workflow_ref.clone()))
            })
            .collect()
    }

    /// The smallest set: one credential per distinct subject or pattern of the jobs that need
    /// one, per audience; a pattern becomes a flexible credential with its repository_id clause.
    fn credentials(
        &self,
        jobs: &[(Job, Subjects)],
    ) -> (Vec<crate::Credential>, Vec<Needed>, Vec<Finding>) {
        let mut wanted: Vec<(Entity, String)> = Vec::new();
        for (job, subjects) in jobs.iter().filter(|(j, _)| j.needs_credential()) {
            for (_, entity) in subjects {
                push_unique(&mut wanted, (entity.clone(), job.audience.clone()));
            }
        }
        let mut credentials = Vec::new();
        let mut needed = Vec::new();
        let mut findings: Vec<Finding> = Vec::new();
        for (entity, audience) in wanted {
            let common = Common {
                audience: if audience == "api://AzureADTokenExchange" {
                    String::new()
                } else {
                    audience
                },
                ..Common::default()
            };
            let input = self.input(entity);
            let mut built = input.build(&common);
            if built.credentials.is_empty()
                && let Some(placeholder) = with_id_placeholder(&input, &common, &built.findings)
            {
                built = placeholder;
            }
            for finding in built.findings {
                push_unique(&mut findings, finding);
            }
            needed.push(Needed {
                accepts: input.presented().unwrap_or_default(),
                credential: built.credentials.first().cloned(),
                platform: Platform::GitHub(input),
            });
            credentials.extend(built.credentials);
        }
        for finding in validation::validate_set(&credentials) {
            push_unique(&mut findings, finding);
        }
        // The audit's judgement of a pull-request credential, at the audit's weight (issue 27).
        for c in &credentials {
            if let Some((message, fix)) = c
                .subject()
                .and_then(|s| super::trust::pull_request_trust(&c.issuer, s))
            {
                let beside = match credentials.len() - 1 {
                    0 => String::new(),
                    others => format!(
                        "; in this set it would share one identity with {}, so pull requests would get every role those need: a set of its own, on its own identity, keeps them apart",
                        crate::face::count(others, "other credential", "other credentials")
                    ),
                };
                push_unique(
                    &mut findings,
                    Finding::warning(
                        Code::PullRequestTrust,
                        "subject",
                        format!("{message}{beside}. Fix: {fix}"),
                    ),
                );
            }
        }
        (credentials, needed, findings)
    }
}
