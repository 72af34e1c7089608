//! A snippet whose credential holds a value fedcred does not guess (the Entra issuer of Azure
//! operated by 21Vianet: [`UNKNOWN_LOGIN_HOST`]) must not run as written: a credential created
//! with the placeholder exists and never matches. Each format is made to stop until the value is
//! given: the scripts refuse to start, the templates take it as a parameter without a default.

use super::Snippet;
use super::quote::{bicep, hcl};
use crate::platforms::entra::issuer::UNKNOWN_LOGIN_HOST;

/// What the person must do, in one sentence.
fn what() -> String {
    format!(
        "the issuer holds {UNKNOWN_LOGIN_HOST}, which fedcred does not guess: replace the whole issuer with the iss of a real token (fedcred decode shows it)"
    )
}

/// Makes `snippet` (in `format`) stop until `issuer`, which holds the placeholder, is replaced.
pub(super) fn stop_until_given(format: &str, issuer: &str, snippet: &mut Snippet) {
    let code = &mut snippet.code;
    match format {
        "az" => {
            let stop = format!(
                "echo 'fedcred: {}, then delete this line.' >&2; exit 1\n",
                what()
            );
            insert_after(code, "set -euo pipefail\n", &stop);
        }
        "powershell" | "powershell-graph" => {
            let stop = format!("throw 'fedcred: {}, then delete this line.'\n", what());
            insert_after(code, "$ErrorActionPreference = 'Stop'\n", &stop);
        }
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
        "graph" => code.insert_str(0, &format!("### Do not send this yet: {}.\n", what())),
        _ => return,
    }
    snippet
        .notes
        .push(format!("This stops until you act: {}.", what()));
}

/// Inserts `text` after the first `after` in `code`, or at the start when it is not there.
fn insert_after(code: &mut String, after: &str, text: &str) {
    let at = code.find(after).map_or(0, |i| i + after.len());
    code.insert_str(at, text);
}
