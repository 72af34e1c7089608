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
    let Location {
        identity_name,
        resource_group,
        subscription,
    } = &imported.location;
    match (identity_name, resource_group) {
        (Some(mi), Some(rg)) => {
            let sub = subscription
                .as_deref()
                .map(|s| format!(" --subscription {}", sh(s)))
                .unwrap_or_default();
            let flag = if field == "audience" {
                "--audiences"
            } else {
                &format!("--{field}")
            };
            let command = format!(
                "az identity federated-credential update --name {} --identity-name {} --resource-group {}{sub} {flag} {}",
                sh(&c.name),
                sh(mi),
                sh(rg),
                sh(value)
            );
            (command, None)
        }
        _ => {
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
    let Location {
        identity_name,
        resource_group,
        subscription,
    } = &imported.location;
    let command = match (identity_name, resource_group) {
        (Some(mi), Some(rg)) => format!(
            "az identity federated-credential create --name {} --identity-name {} --resource-group {}{} --issuer {} --subject {} --audiences {}",
            sh(&name),
            sh(mi),
            sh(rg),
            subscription
                .as_deref()
                .map(|s| format!(" --subscription {}", sh(s)))
                .unwrap_or_default(),
            sh(&c.issuer),
            sh(subject),
            sh(c.audience())
        ),
        _ => {
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
