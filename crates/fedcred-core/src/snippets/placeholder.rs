//! A snippet whose credential holds a value fedcred does not guess (the Entra issuer of Azure
//! operated by 21Vianet: [`UNKNOWN_LOGIN_HOST`]) must not run as written: a credential created
//! with the placeholder exists and never matches. Each format is made to stop until the value is
//! given: the scripts refuse to start, the templates take it as a parameter without a default.

use super::Snippet;
use super::quote::{bicep, hcl};
use crate::platforms::entra::issuer::UNKNOWN_LOGIN_HOST;
use crate::platforms::github::workflow::REPOSITORY_ID;

/// What the person must do, in one sentence.
fn what() -> String {
    format!(
        "the issuer holds {UNKNOWN_LOGIN_HOST}, which fedcred does not guess: replace the whole issuer with the iss of a real token (its iss claim, which decoding the token shows)"
    )
}

/// Makes `snippet` (in `format`) stop until `issuer`, which holds the placeholder, is replaced.
pub(super) fn stop_until_given(format: &str, issuer: &str, snippet: &mut Snippet) {
    let what = what();
    let code = &mut snippet.code;
    match format {
        "terraform" => {
            *code = code.replace(&hcl(issuer), "var.entra_issuer");
            code.insert_str(0, &format!(
                "variable \"entra_issuer\" {{\n  type        = string\n  description = \"The iss of a real token the managed identity gets: {UNKNOWN_LOGIN_HOST} is not guessed.\"\n}}\n\n"
            ));
        }
        "bicep" => {
            *code = code.replace(&bicep(issuer), "entraIssuer");
            code.insert_str(0, &format!(
                "@description('The iss of a real token the managed identity gets: {UNKNOWN_LOGIN_HOST} is not guessed.')\nparam entraIssuer string\n\n"
            ));
        }
        format => {
            if !stop_script(format, &what, code) {
                return;
            }
        }
    }
    snippet
        .notes
        .push(format!("This stops until you act: {what}."));
}

/// Makes `snippet` (in `format`) stop until the ID a flexible credential names as `id`
/// ([`REPOSITORY_ID`], or GitLab's `PROJECT_ID`) is given (issue 25: a credential the set needs is emitted, never dropped,
/// and never created matching nothing): the scripts refuse to start, the templates take it as
/// a parameter without a default.
pub(super) fn stop_until_id_given(format: &str, id: &str, snippet: &mut Snippet) {
    let what = if id == REPOSITORY_ID {
        format!(
            "the flexible credential says {REPOSITORY_ID} where the repository's ID goes: replace it with what gh api repos/OWNER/REPO --jq .id prints"
        )
    } else {
        format!(
            "the flexible credential says {id} where the project's ID goes: replace it with the number under the project's name in GitLab"
        )
    };
    let code = &mut snippet.code;
    match format {
        // The templates write no flexible credential today (azuread and Bicep have no
        // expression), so this is a guard: a template that carries one takes the ID.
        "terraform" | "bicep" if !code.contains(id) => return,
        "terraform" => {
            *code = code.replace(
                &format!("'{REPOSITORY_ID}'"),
                "'${var.github_repository_id}'",
            );
            code.insert_str(0, "variable \"github_repository_id\" {\n  type        = string\n  description = \"The repository's ID: gh api repos/OWNER/REPO --jq .id\"\n  validation {\n    condition     = can(regex(\"^[0-9]+$\", var.github_repository_id))\n    error_message = \"A GitHub repository ID is digits only.\"\n  }\n}\n\n");
        }
        "bicep" => {
            *code = code.replace(
                &format!("\\'{REPOSITORY_ID}\\'"),
                "\\'${githubRepositoryId}\\'",
            );
            code.insert_str(0, "@description('The repository\\'s ID: gh api repos/OWNER/REPO --jq .id')\nparam githubRepositoryId string\n\n");
        }
        format => {
            if !stop_script(format, &what, code) {
                return;
            }
        }
    }
    snippet
        .notes
        .push(format!("This stops until you act: {what}."));
}

/// The line that stops a script (az, PowerShell) or a Graph request before it writes; `false`
/// for a format with none.
fn stop_script(format: &str, what: &str, code: &mut String) -> bool {
    match format {
        "az" => insert_after(
            code,
            "set -euo pipefail\n",
            &format!("echo 'fedcred: {what}, then delete this line.' >&2; exit 1\n"),
        ),
        "powershell" | "powershell-graph" => insert_after(
            code,
            "$ErrorActionPreference = 'Stop'\n",
            &format!("throw 'fedcred: {what}, then delete this line.'\n"),
        ),
        "graph" => code.insert_str(0, &format!("### Do not send this yet: {what}.\n")),
        _ => return false,
    }
    true
}

/// Inserts `text` after the first `after` in `code`, or at the start when it is not there.
fn insert_after(code: &mut String, after: &str, text: &str) {
    let at = code.find(after).map_or(0, |i| i + after.len());
    code.insert_str(at, text);
}

#[cfg(test)]
mod tests {
    use crate::platforms::Platform;
    use crate::platforms::github::GitHubInput;
    use crate::predict::{File, Options, predict};
    use crate::snippets::{Context, render};
    use crate::target::Target;

    /// Issue 25: a flexible credential the set needs while the repository ID is unknown says
    /// REPOSITORY_ID; no format creates it as written.
    #[test]
    fn every_format_stops_until_the_repository_id_is_given() {
        let workflow = "on:\n  push:\n    branches: ['release/*']\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: x\n          tenant-id: y\n          allow-no-subscriptions: true\n";
        let p = predict(
            &[File {
                name: ".github/workflows/deploy.yml",
                text: workflow,
            }],
            &Options {
                repo: "contoso/payments".into(),
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let platform = Platform::GitHub(GitHubInput::default());
        let app = Target::AppRegistration {
            client_id: String::new(),
            object_id: "00000000-0000-0000-0000-000000000001".into(),
        };
        let cases = [
            // (format, what the code must hold)
            ("az", "exit 1\n"),
            ("powershell-graph", "throw 'fedcred:"),
            ("graph", "### Do not send this yet"),
        ];
        for (format, holds) in cases {
            let snippet = render(
                format,
                Context {
                    platform: &platform,
                    credentials: &p.credentials,
                    target: &app,
                },
            )
            .unwrap_or_else(|e| panic!("{format}: {e}"));
            assert!(snippet.code.contains(holds), "{format}:\n{}", snippet.code);
            assert!(
                snippet
                    .notes
                    .iter()
                    .any(|n| n.contains("gh api repos/OWNER/REPO --jq .id")),
                "{format}: {:?}",
                snippet.notes
            );
        }
        // The templates leave a flexible credential to the scripts: nothing to stop.
        for format in ["terraform", "bicep"] {
            let snippet = render(
                format,
                Context {
                    platform: &platform,
                    credentials: &p.credentials,
                    target: &app,
                },
            )
            .unwrap_or_else(|e| panic!("{format}: {e}"));
            assert!(
                !snippet.code.contains("REPOSITORY_ID"),
                "{format}:\n{}",
                snippet.code
            );
        }
    }

    /// The same for GitLab: a pattern's credential is emitted with PROJECT_ID marked, and the
    /// az snippet stops until it is given.
    #[test]
    fn a_gitlab_pattern_without_the_project_id_is_emitted_and_stops() {
        let pipeline = "deploy:\n  script: az login\n  id_tokens:\n    T: {aud: api://AzureADTokenExchange}\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let p = predict(
            &[File {
                name: ".gitlab-ci.yml",
                text: pipeline,
            }],
            &Options {
                repo: "contoso/payments".into(),
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.placeholders, ["PROJECT_ID"]);
        let expression = p
            .credentials
            .first()
            .and_then(|c| c.expression())
            .unwrap_or_default();
        assert!(
            expression.ends_with("and claims['project_id'] eq 'PROJECT_ID'"),
            "{expression}"
        );
        assert!(p.findings.iter().all(|f| !f.is_error()), "{:?}", p.findings);
        let platform = Platform::GitHub(GitHubInput::default());
        let app = Target::AppRegistration {
            client_id: String::new(),
            object_id: "00000000-0000-0000-0000-000000000001".into(),
        };
        let az = render(
            "az",
            Context {
                platform: &platform,
                credentials: &p.credentials,
                target: &app,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            az.code.contains("PROJECT_ID where the project's ID goes"),
            "{}",
            az.code
        );
        assert!(az.code.contains("exit 1\n"), "{}", az.code);
    }
}
