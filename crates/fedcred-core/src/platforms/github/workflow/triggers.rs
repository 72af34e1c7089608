//! The `on:` of a workflow: which events start it, and for each the ref-side part of the
//! subject those runs present when the job names no environment.
//!
//! Sources, each rule beside the code it drives (GitHub's documents as read on 2026-11-29):
//! - GitHub docs, "OpenID Connect reference" (subject rules: environment, then `pull_request`,
//!   then the ref) and field guide §3;
//! - GitHub docs, "Events that trigger workflows" (the ref of each event: `schedule` and most
//!   repository events run on the default branch's last commit; `release` on its tag;
//!   `merge_group` on `refs/heads/gh-readonly-queue/<base>/…`);
//! - GitHub docs, "Workflow syntax" (`branches`/`tags` filters; a workflow with only one of them
//!   runs only for that kind of ref; `*` stops at `/`, `**` does not);
//! - GitHub changelog 2025-11-07, effective 2025-12-08: `pull_request_target` runs on the
//!   default branch, whatever the pull request's base.

use super::super::Entity;
use crate::yaml::Node;

/// One way the ref-side subject can come out for an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RefSide {
    /// Known: a branch, tag, pull request or pattern.
    Known { entity: Entity, why: String },
    /// Not knowable from the file.
    Unknown(String),
}

/// An input a `workflow_dispatch` or `workflow_call` declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Input {
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) options: Vec<String>,
    pub(super) default: Option<String>,
}

/// One event that starts the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Trigger {
    pub(super) event: String,
    pub(super) refs: Vec<RefSide>,
    pub(super) caveats: Vec<String>,
    /// Caveats about the ref the run presents: they concern a job only when it presents the ref,
    /// not an environment (which wins over the ref; issue 27).
    pub(super) ref_caveats: Vec<String>,
    pub(super) inputs: Vec<Input>,
}

/// The events of `on:` (a name, a list of names, or a mapping), in the order written.
pub(super) fn read(on: &Node, default_branch: &str) -> Vec<Trigger> {
    let events: Vec<(&str, Option<&Node>)> = match &on.value {
        crate::yaml::Value::Scalar(name) => vec![(name.as_str(), None)],
        crate::yaml::Value::Seq(items) => items
            .iter()
            .filter_map(Node::as_str)
            .map(|n| (n, None))
            .collect(),
        crate::yaml::Value::Map(entries) => {
            entries.iter().map(|(k, v)| (k.as_str(), Some(v))).collect()
        }
        crate::yaml::Value::Null => Vec::new(),
    };
    events
        .into_iter()
        .map(|(event, config)| trigger(event, config, default_branch))
        .collect()
}

fn default_ref(default_branch: &str, why: &str) -> RefSide {
    RefSide::Known {
        entity: Entity::Branch(default_branch.to_owned()),
        why: format!("{why} runs on the default branch ({default_branch})"),
    }
}

fn trigger(event: &str, config: Option<&Node>, default_branch: &str) -> Trigger {
    let mut caveats = Vec::new();
    let mut ref_caveats = Vec::new();
    let mut inputs = Vec::new();
    let refs = match event {
        "push" => push(config),
        "pull_request" => {
            caveats.push("pull requests from forks and Dependabot's pull requests get no OIDC token (GitHub docs, \"Security hardening\": id-token is read-only for them)".to_owned());
            vec![RefSide::Known {
                entity: Entity::PullRequest,
                why: "a pull_request run presents pull_request, whatever its branches; this trusts every pull request from a branch of this repository".to_owned(),
            }]
        }
        "pull_request_target" => {
            ref_caveats.push("GitHub's documents name the subject of pull_request events but not pull_request_target's: by the ref rule it is the default branch's; check one run's token before relying on it".to_owned());
            vec![default_ref(
                default_branch,
                "pull_request_target (since 2025-12-08, GitHub changelog)",
            )]
        }
        "workflow_dispatch" => {
            inputs = read_inputs(config);
            ref_caveats.push("a manual run started on another branch or tag presents that ref instead of the default branch's".to_owned());
            vec![default_ref(
                default_branch,
                "workflow_dispatch, as usually started,",
            )]
        }
        "merge_group" => {
            let bases = config
                .and_then(|c| c.get("branches"))
                .map(Node::strings)
                .unwrap_or_default();
            let bases = if bases.is_empty() { vec!["*"] } else { bases };
            bases
                .into_iter()
                .map(|base| RefSide::Known {
                    entity: Entity::BranchPattern(format!("gh-readonly-queue/{}/*", glob(base).0)),
                    why: format!("a merge queue run is on a temporary branch gh-readonly-queue/{base}/pr-<number>-<sha>"),
                })
                .collect()
        }
        "release" => vec![RefSide::Known {
            entity: Entity::TagPattern("*".to_owned()),
            why: "a release run is on the release's tag; this accepts every tag".to_owned(),
        }],
        "workflow_call" => {
            inputs = read_inputs(config);
            vec![RefSide::Unknown("a reusable workflow presents its caller's subject: predict the calling workflow with this file beside it".to_owned())]
        }
        "create" | "deployment" | "deployment_status" => vec![RefSide::Unknown(format!(
            "a {event} run is on the branch or tag it concerns, which the file does not say"
        ))],
        "pull_request_review" | "pull_request_review_comment" => vec![RefSide::Unknown(format!(
            "a {event} run is on the pull request's merge ref (refs/pull/<number>/merge); GitHub's documents do not say which subject its token carries"
        ))],
        // schedule, workflow_run, repository_dispatch, issues, issue_comment, and the other
        // repository events run on the default branch's last commit (GitHub docs).
        _ => vec![default_ref(default_branch, event)],
    };
    Trigger {
        event: event.to_owned(),
        refs,
        caveats,
        ref_caveats,
        inputs,
    }
}

fn push(config: Option<&Node>) -> Vec<RefSide> {
    let get = |key: &str| config.and_then(|c| c.get(key));
    let (branches, branches_ignore) = (get("branches"), get("branches-ignore"));
    let (tags, tags_ignore) = (get("tags"), get("tags-ignore"));
    let any_branch_filter = branches.is_some() || branches_ignore.is_some();
    let any_tag_filter = tags.is_some() || tags_ignore.is_some();
    let mut out = Vec::new();
    // Only one kind of filter: the other kind of ref does not run the workflow (GitHub docs).
    if any_branch_filter || !any_tag_filter {
        out.extend(filtered(branches, branches_ignore, false));
    }
    if any_tag_filter || !any_branch_filter {
        out.extend(filtered(tags, tags_ignore, true));
    }
    out
}

fn filtered(include: Option<&Node>, ignore: Option<&Node>, tag: bool) -> Vec<RefSide> {
    let what = if tag { "tag" } else { "branch" };
    let exact = |name: &str, why: String| RefSide::Known {
        entity: if tag {
            Entity::Tag(name.to_owned())
        } else {
            Entity::Branch(name.to_owned())
        },
        why,
    };
    let pattern = |p: String, why: String| RefSide::Known {
        entity: if tag {
            Entity::TagPattern(p)
        } else {
            Entity::BranchPattern(p)
        },
        why,
    };
    let Some(include) = include else {
        let why = match ignore {
            Some(_) => format!(
                "a push to any {what} not in {what}es-ignore; a flexible credential cannot exclude names, so this accepts every {what}"
            ),
            None => format!("a push to any {what}: no {what} filter; this accepts every {what}"),
        };
        return vec![pattern("*".to_owned(), why)];
    };
    let mut out = Vec::new();
    for filter in include.strings() {
        if filter.starts_with('!') {
            continue; // a negative pattern only narrows the ones before it
        }
        let (translated, wider) = glob(filter);
        if translated.contains('*') || translated.contains('?') {
            let mut why = format!("a push to a {what} matching {filter}");
            if wider {
                why.push_str(": Entra's * also matches '/', and [..] or + have no equivalent, so this accepts more than the filter");
            }
            out.push(pattern(translated, why));
        } else {
            out.push(exact(filter, format!("a push to the {what} {filter}")));
        }
    }
    out
}

/// A GitHub filter pattern as a flexible credential's pattern: `**` → `*`, `[..]` and `+` → `*`.
/// Returns whether the result accepts more names than the filter (Entra's `*` crosses `/`).
pub(super) fn glob(filter: &str) -> (String, bool) {
    let mut out = String::new();
    let mut wider = false;
    let mut chars = filter.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if chars.peek() == Some(&'*') {
                    chars.next();
                } else {
                    wider = true;
                }
                if !out.ends_with('*') {
                    out.push('*');
                }
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
                wider = true;
                if !out.ends_with('*') {
                    out.push('*');
                }
            }
            '+' => {
                wider = true;
                if !out.ends_with('*') {
                    out.push('*');
                }
            }
            _ => out.push(c),
        }
    }
    (out, wider)
}

fn read_inputs(config: Option<&Node>) -> Vec<Input> {
    let Some(entries) = config.and_then(|c| c.get("inputs")).and_then(Node::as_map) else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|(name, spec)| Input {
            name: name.clone(),
            kind: spec
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("string")
                .to_owned(),
            options: spec
                .get("options")
                .map(Node::strings)
                .unwrap_or_default()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            default: spec
                .get("default")
                .and_then(Node::as_str)
                .map(str::to_owned),
        })
        .collect()
}
