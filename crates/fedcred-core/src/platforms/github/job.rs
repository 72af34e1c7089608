//! A GitHub Actions job asking GitHub for its own OIDC token, as fedcred's action does, and why
//! it may get none. Sources, read 2026-11-29:
//! - actions/toolkit, `packages/core/src/oidc-utils.ts`: the request is a GET of
//!   `ACTIONS_ID_TOKEN_REQUEST_URL` with `&audience=<URI-encoded>` appended, with
//!   `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`; the answer is JSON
//!   `{"value": "<JWT>"}`. Without the variables the toolkit says
//!   `Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable`.
//! - GitHub Docs, "Workflow syntax for GitHub Actions", `permissions`: the runner sets those
//!   variables only for a job with `id-token: write`; a job's `permissions:` block replaces the
//!   workflow's; for pull requests from forks "typically you can't grant write access", unless an
//!   admin turned on "Send write tokens to workflows from pull requests". `id-token` has no read
//!   level (github/docs#33483: `permission-level-write-or-no-access`), so such a run gets no token.
//! - Field guide §3 and §9 (runner-side failures): Dependabot runs and fork pull requests get no
//!   token; a called workflow gets no more permissions than its caller grants.

/// What the job's environment says about the run (the runner's `GITHUB_*` variables and the
/// event payload). Empty when not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobContext {
    /// `GITHUB_EVENT_NAME`.
    pub event_name: String,
    /// `GITHUB_ACTOR`.
    pub actor: String,
    /// `GITHUB_REPOSITORY`: `OWNER/REPO`.
    pub repository: String,
    /// For a pull request, the repository its head branch lives in
    /// (`pull_request.head.repo.full_name` in the event payload).
    pub head_repository: String,
}

impl JobContext {
    /// Whether the run is a pull request from another repository (a fork).
    pub fn from_fork(&self) -> bool {
        self.event_name.starts_with("pull_request")
            && self.event_name != "pull_request_target"
            && !self.head_repository.is_empty()
            && !self
                .head_repository
                .eq_ignore_ascii_case(self.repository.as_str())
    }

    /// Whether Dependabot started the run.
    pub fn by_dependabot(&self) -> bool {
        self.actor == "dependabot[bot]"
    }
}

/// Why the job has no token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoToken {
    /// The runner set no `ACTIONS_ID_TOKEN_REQUEST_URL`/`…_TOKEN`: the job may not ask.
    NotOffered,
    /// GitHub's token endpoint answered with an HTTP error.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The answer's `message`, or its first characters.
        message: String,
    },
    /// The request failed, or its answer held no token.
    Failed(String),
}

/// The YAML that grants the permission, as the fix's command.
const GRANT: &str = "permissions:\n  id-token: write   # lets the job ask GitHub for its OIDC token\n  contents: read    # what actions/checkout needs, once a permissions: block is written";

pub use crate::platforms::common::Advice;

/// Why the job got no token, and what to do, for this run.
pub fn no_token(why: &NoToken, context: &JobContext, audience: &str) -> Advice {
    let (message, fix, command) = match why {
        NoToken::NotOffered if context.from_fork() => (
            format!(
                "the job could not ask GitHub for its OIDC token: this run is a pull request from the fork {}, and GitHub gives pull requests from forks at most read permissions (unless an admin turned on \"Send write tokens to workflows from pull requests\"); id-token has no read level, so the job gets no token whatever the workflow grants",
                context.head_repository
            ),
            "run the Azure steps where GitHub grants the token: on push, in the merge queue, or after review in an environment. Skip them on pull requests from forks".to_owned(),
            Some("if: github.event.pull_request.head.repo.full_name == github.repository".to_owned()),
        ),
        NoToken::NotOffered if context.by_dependabot() => (
            "the job could not ask GitHub for its OIDC token: this run was started by Dependabot. GitHub gives Dependabot's runs read-only permissions by default, and fedcred's sources list them among the runs that get no OIDC token; GitHub's documents do not say whether an explicit id-token: write lifts that".to_owned(),
            "skip the Azure steps for Dependabot, or run them after merge (on push)".to_owned(),
            Some("if: github.actor != 'dependabot[bot]'".to_owned()),
        ),
        NoToken::NotOffered => (
            "the job could not ask GitHub for its OIDC token: the runner offered none (ACTIONS_ID_TOKEN_REQUEST_URL is not set), because the job lacks permissions: id-token: write. A job's permissions: block replaces the workflow's, so a job that lists other permissions drops id-token unless it names it too; a called (reusable) workflow gets no more than its caller grants".to_owned(),
            "add id-token: write to the permissions of the job that logs in to Azure (or of the workflow, and of the caller of a reusable workflow)".to_owned(),
            Some(GRANT.to_owned()),
        ),
        NoToken::Refused { status, message } => (
            format!(
                "GitHub's token endpoint refused the request for audience {audience}: HTTP {status}{}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!(" ({message})")
                }
            ),
            "check the audience input: it must be the audience the Azure login asks for (azure/login's audience, api://AzureADTokenExchange by default). Re-run the job if GitHub was unavailable".to_owned(),
            None,
        ),
        NoToken::Failed(detail) => (
            format!("the job could not get its OIDC token from GitHub: {detail}"),
            "re-run the job; if it fails again, the runner cannot reach GitHub's token service".to_owned(),
            None,
        ),
    };
    Advice {
        message,
        fix,
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(event: &str, actor: &str, head: &str) -> JobContext {
        JobContext {
            event_name: event.into(),
            actor: actor.into(),
            repository: "contoso/app".into(),
            head_repository: head.into(),
        }
    }

    #[test]
    fn each_run_without_a_token_gets_its_own_cause_and_fix() {
        struct Case {
            situation: &'static str,
            why: NoToken,
            context: JobContext,
            says: &'static str,
            command: Option<&'static str>,
        }
        let cases = [
            Case {
                situation: "a push without the permission",
                why: NoToken::NotOffered,
                context: context("push", "octocat", ""),
                says: "lacks permissions: id-token: write",
                command: Some("id-token: write"),
            },
            Case {
                situation: "a pull request from a fork",
                why: NoToken::NotOffered,
                context: context("pull_request", "mallory", "mallory/app"),
                says: "pull request from the fork mallory/app",
                command: Some("head.repo.full_name == github.repository"),
            },
            Case {
                situation: "a pull request from a branch of the same repository",
                why: NoToken::NotOffered,
                context: context("pull_request", "octocat", "Contoso/App"),
                says: "lacks permissions: id-token: write",
                command: Some("id-token: write"),
            },
            Case {
                situation: "pull_request_target runs in the base repository",
                why: NoToken::NotOffered,
                context: context("pull_request_target", "mallory", "mallory/app"),
                says: "lacks permissions: id-token: write",
                command: Some("id-token: write"),
            },
            Case {
                situation: "a Dependabot run",
                why: NoToken::NotOffered,
                context: context("pull_request", "dependabot[bot]", "contoso/app"),
                says: "do not say whether",
                command: Some("dependabot[bot]"),
            },
            Case {
                situation: "the endpoint refused the audience",
                why: NoToken::Refused {
                    status: 403,
                    message: "Can't issue ID_TOKEN for audience".into(),
                },
                context: context("push", "octocat", ""),
                says: "refused the request for audience api://AzureADTokenExchange: HTTP 403 (Can't issue",
                command: None,
            },
            Case {
                situation: "the endpoint answered without a token",
                why: NoToken::Failed("the answer held no token (no value field)".into()),
                context: context("push", "octocat", ""),
                says: "no value field",
                command: None,
            },
        ];
        for case in cases {
            let f = no_token(&case.why, &case.context, "api://AzureADTokenExchange");
            assert!(
                f.message.contains(case.says),
                "{}: {}",
                case.situation,
                f.message
            );
            assert!(!f.fix.is_empty(), "{}", case.situation);
            match case.command {
                Some(part) => assert!(
                    f.command.as_deref().is_some_and(|c| c.contains(part)),
                    "{}: {:?}",
                    case.situation,
                    f.command
                ),
                None => assert_eq!(f.command, None, "{}", case.situation),
            }
        }
    }
}
