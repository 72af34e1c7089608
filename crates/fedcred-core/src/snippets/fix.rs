//! The commands that apply a fix to an existing credential.

use super::quote::sh;
use crate::import::{Imported, Location};

/// The command that updates a credential's field, and, when it is not known whether the
/// credential is on a managed identity or an app registration, the other form.
pub(crate) fn update_command(
    imported: &Imported,
    field: &str,
    value: &str,
) -> (String, Option<String>) {
    let c = &imported.credential;
    match identity_options(&imported.location) {
        Some(at) => {
            let flag = if field == "audience" {
                "--audiences"
            } else {
                &format!("--{field}")
            };
            let command = format!(
                "az identity federated-credential update --name {} {at} {flag} {}",
                sh(&c.name),
                sh(value)
            );
            (command, None)
        }
        None => {
            let mut body = crate::credential::GraphCredential::from(c);
            match field {
                "issuer" => body.issuer = value.to_owned(),
                "subject" => body.subject = Some(value.to_owned()),
                _ => body.audiences = vec![value.to_owned()],
            }
            let json = body.to_json().to_string();
            let command = format!(
                "az ad app federated-credential update --id \"${{APP_ID:?set APP_ID to the application (client) ID}}\" --federated-credential-id {} --parameters {}",
                sh(&c.name),
                sh(&json)
            );
            let alternative = format!(
                "az identity federated-credential update --name {} --identity-name \"${{IDENTITY_NAME:?set IDENTITY_NAME}}\" --resource-group \"${{RESOURCE_GROUP:?set RESOURCE_GROUP}}\" --{} {}",
                sh(&c.name),
                if field == "audience" {
                    "audiences"
                } else {
                    field
                },
                sh(value)
            );
            (command, Some(alternative))
        }
    }
}

/// A name for a credential added beside `old` for `subject`: `old` and the subject's last part,
/// as Entra's name rule allows ([`crate::validation::name_from`]).
fn beside_name(old: &str, subject: &str) -> String {
    let tail = subject
        .rsplit([':', '/'])
        .find(|part| !part.is_empty())
        .unwrap_or("new");
    crate::validation::name_from(old, &format!("-{tail}"))
}

/// The command that adds a credential like `imported` with another subject, leaving `imported`
/// as it is (for a subject some other run may still present), and the name it gets.
pub(crate) fn create_beside_command(imported: &Imported, subject: &str) -> (String, String) {
    let c = &imported.credential;
    let name = beside_name(&c.name, subject);
    let command = match identity_options(&imported.location) {
        Some(at) => format!(
            "az identity federated-credential create --name {} {at} --issuer {} --subject {} --audiences {}",
            sh(&name),
            sh(&c.issuer),
            sh(subject),
            sh(c.audience())
        ),
        None => {
            let mut body = crate::credential::GraphCredential::from(c);
            body.name.clone_from(&name);
            body.subject = Some(subject.to_owned());
            body.claims_matching_expression = None;
            format!(
                "az ad app federated-credential create --id \"${{APP_ID:?set APP_ID to the application (client) ID}}\" --parameters {}",
                sh(&body.to_json().to_string())
            )
        }
    };
    (command, name)
}

/// The command that sets a credential's subject when only the error text is known: the
/// credential and the identity are placeholders that stop the script until they are set.
pub(crate) fn set_subject_command(subject: &str) -> String {
    format!(
        "az identity federated-credential update --name \"${{CREDENTIAL_NAME:?set CREDENTIAL_NAME}}\" --identity-name \"${{IDENTITY_NAME:?set IDENTITY_NAME}}\" --resource-group \"${{RESOURCE_GROUP:?set RESOURCE_GROUP}}\" --subject {}",
        sh(subject)
    )
}

/// Where a credential lives, as az's options: `--identity-name … --resource-group …
/// [--subscription …]` for a managed identity, else `None` (an app registration, or not known).
fn identity_options(location: &Location) -> Option<String> {
    let (Some(mi), Some(rg)) = (&location.identity_name, &location.resource_group) else {
        return None;
    };
    Some(format!(
        "--identity-name {} --resource-group {}{}",
        sh(mi),
        sh(rg),
        location
            .subscription
            .as_deref()
            .map(|s| format!(" --subscription {}", sh(s)))
            .unwrap_or_default()
    ))
}

/// The command that deletes `duplicate`, a second credential with the issuer, subject and
/// audience of `kept`, only after reading `kept` back from Entra with those very values: if
/// `kept` is gone or differs, nothing is deleted and the command says why (issue 27; safe to run
/// again: once `duplicate` is gone, deleting it again changes nothing on a managed identity, and
/// the check still guards it). `None` when the two have one name (a list pasted twice: deleting
/// by that name would delete the only one) or match by expression.
pub(crate) fn delete_duplicate_command(duplicate: &Imported, kept: &Imported) -> Option<String> {
    let (dup, keep) = (&duplicate.credential, &kept.credential);
    let subject = keep.subject()?;
    if dup.name == keep.name || dup.subject() != Some(subject) || dup.issuer != keep.issuer {
        return None;
    }
    let expected = format!(
        "\"$(printf '%s\\n%s\\n%s' {} {} {})\"",
        sh(&keep.issuer),
        sh(subject),
        sh(keep.audience())
    );
    let query = "--query '[issuer, subject, audiences[0]]' -o tsv";
    let (show, delete) = match (
        identity_options(&kept.location),
        identity_options(&duplicate.location),
    ) {
        (Some(at_kept), Some(at_dup)) if at_kept == at_dup => (
            format!(
                "az identity federated-credential show --name {} {at_kept} {query}",
                sh(&keep.name)
            ),
            format!(
                "az identity federated-credential delete --name {} {at_dup} --yes",
                sh(&dup.name)
            ),
        ),
        (None, None) => {
            let app = "\"$APP_ID\"";
            (
                format!(
                    "az ad app federated-credential show --id {app} --federated-credential-id {} {query}",
                    sh(&keep.name)
                ),
                format!(
                    "az ad app federated-credential delete --id {app} --federated-credential-id {}",
                    sh(&dup.name)
                ),
            )
        }
        // On two identities: not a duplicate Entra would refuse, so nothing to delete here.
        _ => return None,
    };
    // An app's ID is not in the listing: the command stops before anything when it is not set.
    let needs = if identity_options(&kept.location).is_some() {
        ""
    } else {
        ": \"${APP_ID:?set APP_ID to the application (client) ID}\"; "
    };
    Some(format!(
        "{needs}if [ \"$({show})\" = {expected} ]; then {delete}; else echo {} >&2; fi",
        sh(&format!(
            "not deleted: '{}' is not there with the same issuer, subject and audience",
            keep.name
        ))
    ))
}
