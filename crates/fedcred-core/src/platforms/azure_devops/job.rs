//! Why an Azure Pipelines job has no OIDC token for Entra, and what to do (issue 28: `fedcred
//! explain --from azure-devops`).
//!
//! Sources: Azure DevOps REST API, "Oidctoken - Create" (Distributed Task, api-version
//! 7.1-preview.1): `POST {SYSTEM_OIDCREQUESTURI}?api-version=7.1-preview.1&serviceConnectionId=ID`
//! with the job's access token as a bearer token answers `{"oidcToken": "…"}`, the token of that
//! service connection (or, without `serviceConnectionId`, the pipeline's own token, whose subject
//! is `p://ORGANIZATION/PROJECT/PIPELINE`; field guide §4). Azure DevOps docs, "Use predefined
//! variables" (System.AccessToken): a script step sees `SYSTEM_ACCESSTOKEN` only when the step maps
//! it, `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`, since it is a secret.

use crate::platforms::common::Advice;

/// Why the job has no token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoToken {
    /// `SYSTEM_OIDCREQUESTURI` is not set: not an Azure Pipelines job, or an agent too old to
    /// offer tokens.
    NotOffered,
    /// `SYSTEM_ACCESSTOKEN` is not mapped into the step.
    NoAccessToken,
    /// The token endpoint answered with an HTTP error.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The answer's `message`, or its first characters.
        message: String,
    },
    /// The request failed, or its answer held no token.
    Failed(String),
}

/// The step's mapping of the access token, as the fix's YAML.
const MAP_ACCESS_TOKEN: &str = "env:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)   # lets the step ask for the job's OIDC token";

/// What to say and do when the job has no token; `connection` is the service connection asked
/// for, when one was.
pub fn no_token(why: &NoToken, connection: Option<&str>) -> Advice {
    let asked = match connection {
        Some(id) => format!("the token of service connection {id}"),
        None => "the pipeline's own token".to_owned(),
    };
    match why {
        NoToken::NotOffered => Advice {
            message: "SYSTEM_OIDCREQUESTURI is not set: this is not an Azure Pipelines job, or its agent does not offer OIDC tokens".to_owned(),
            fix: "run fedcred explain --from azure-devops in a script step of the failing job, on an agent that runs Azure tasks with workload identity federation".to_owned(),
            command: None,
        },
        NoToken::NoAccessToken => Advice {
            message: format!(
                "the step cannot ask Azure DevOps for {asked}: SYSTEM_ACCESSTOKEN is not in its environment (a secret variable reaches a script only when the step maps it)"
            ),
            fix: "map the job's access token into the step that runs fedcred".to_owned(),
            command: Some(MAP_ACCESS_TOKEN.to_owned()),
        },
        NoToken::Refused { status, message } => {
            let why = match status {
                401 | 403 => "the job's access token may not ask for it: check that the pipeline is allowed to use the service connection (the connection's Security, Pipeline permissions) and that the connection uses workload identity federation",
                404 => "no such service connection in this project, or it does not use workload identity federation: give the connection's ID (the GUID in its page's URL), not its name",
                _ => "Azure DevOps could not issue it",
            };
            Advice {
                message: format!(
                    "Azure DevOps refused {asked} (HTTP {status}{}): {why}",
                    if message.is_empty() {
                        String::new()
                    } else {
                        format!(", \"{message}\"")
                    }
                ),
                fix: why.to_owned(),
                command: None,
            }
        }
        NoToken::Failed(detail) => Advice {
            message: format!("asking Azure DevOps for {asked} failed: {detail}"),
            fix: "check that the agent can reach SYSTEM_OIDCREQUESTURI (a proxy: the agent's Agent.ProxyUrl, or https_proxy), then run the job again".to_owned(),
            command: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_says_what_was_asked_for_and_what_to_do() {
        let cases = [
            (
                NoToken::NoAccessToken,
                Some("3f2c…"),
                "service connection 3f2c…",
                Some("SYSTEM_ACCESSTOKEN: $(System.AccessToken)"),
            ),
            (
                NoToken::Refused {
                    status: 404,
                    message: String::new(),
                },
                None,
                "the pipeline's own token",
                None,
            ),
            (
                NoToken::Failed("timed out".to_owned()),
                Some("c1"),
                "timed out",
                None,
            ),
            (NoToken::NotOffered, None, "SYSTEM_OIDCREQUESTURI", None),
        ];
        for (why, connection, said, yaml) in cases {
            let advice = no_token(&why, connection);
            assert!(advice.message.contains(said), "{}", advice.message);
            match yaml {
                Some(y) => assert!(advice.command.as_deref().is_some_and(|c| c.contains(y))),
                None => assert_eq!(advice.command, None),
            }
        }
    }
}
