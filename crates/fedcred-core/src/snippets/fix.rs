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

/// The command that sets a credential's subject when only the error text is known: the
/// credential and the identity are placeholders that stop the script until they are set.
pub(crate) fn set_subject_command(subject: &str) -> String {
    format!(
        "az identity federated-credential update --name \"${{CREDENTIAL_NAME:?set CREDENTIAL_NAME}}\" --identity-name \"${{IDENTITY_NAME:?set IDENTITY_NAME}}\" --resource-group \"${{RESOURCE_GROUP:?set RESOURCE_GROUP}}\" --subject {}",
        sh(subject)
    )
}
