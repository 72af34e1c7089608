//! The identity side as templates: Bicep and Terraform.

use super::{MI_API, MI_PREVIEW_API, any_flexible, common_notes};
use crate::credential::{Credential, Matcher};
use crate::snippets::quote::{bicep as bq, hcl as hq, sh, sh_required};
use crate::snippets::{Context, Snippet};
use crate::target::Target;

/// A Bicep identifier from a credential name (names are letters, digits, `-`, `_`).
fn identifier(prefix: &str, name: &str, index: usize) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if cleaned.is_empty() {
        format!("{prefix}{index}")
    } else {
        format!("{prefix}{cleaned}")
    }
}

/// A credential's subject (or flexible expression) and audiences as Bicep properties at `indent`.
fn bicep_match_and_audiences(c: &Credential, indent: &str) -> String {
    let mut out = match &c.matcher {
        Matcher::Subject(s) => format!("{indent}subject: {}\n", bq(s)),
        Matcher::Expression(e) => format!(
            "{indent}claimsMatchingExpression: {{\n{indent}  languageVersion: 1\n{indent}  value: {}\n{indent}}}\n",
            bq(e)
        ),
    };
    out.push_str(&format!(
        "{indent}audiences: [\n{indent}  {}\n{indent}]\n",
        bq(c.audience())
    ));
    out
}

/// Bicep.
pub fn bicep(context: Context<'_>) -> Snippet {
    let mut notes = common_notes(context);
    let flexible = any_flexible(context.credentials);
    let mut code = String::new();
    match context.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => {
            // A deployment PUTs each credential: one of the same name with other values is
            // overwritten, and a template cannot look first (issue 24).
            notes.push("Deploying this overwrites a credential of the same name on the identity: check first that no other credential has it (az identity federated-credential show --name NAME --identity-name … --resource-group …).".to_owned());
            let api = if flexible { MI_PREVIEW_API } else { MI_API };
            code.push_str(
                "@description('The user-assigned managed identity that holds the credentials.')\n",
            );
            if name.is_empty() {
                code.push_str("param identityName string\n");
            } else {
                code.push_str(&format!("param identityName string = {}\n", bq(name)));
            }
            code.push_str(&format!(
                "\nresource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@{MI_API}' existing = {{\n  name: identityName\n}}\n"
            ));
            let mut previous: Option<String> = None;
            for (i, c) in context.credentials.iter().enumerate() {
                let id = identifier("fic_", &c.name, i);
                code.push_str(&format!(
                    "\nresource {id} 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@{api}' = {{\n  parent: identity\n  name: {}\n",
                    bq(&c.name)
                ));
                if let Some(prev) = &previous {
                    code.push_str(&format!("  dependsOn: [\n    {prev}\n  ]\n"));
                }
                code.push_str(&format!(
                    "  properties: {{\n    issuer: {}\n",
                    bq(&c.issuer)
                ));
                code.push_str(&bicep_match_and_audiences(c, "    "));
                code.push_str("  }\n}\n");
                previous = Some(id);
            }
            // The values given, quoted for the shell; a placeholder that stops the command when not.
            let group = if resource_group.trim().is_empty() {
                sh_required("RESOURCE_GROUP", "set RESOURCE_GROUP")
            } else {
                sh(resource_group)
            };
            let subscription = if subscription.trim().is_empty() {
                String::new()
            } else {
                format!(" --subscription {}", sh(subscription))
            };
            notes.push(format!(
                "Deploy with: az deployment group create --resource-group {group}{subscription} --template-file fic.bicep"
            ));
            if context.credentials.len() > 1 {
                notes.push("Each credential dependsOn the previous one, so ARM creates them one at a time.".to_owned());
            }
            if flexible {
                notes.push(format!(
                    "claimsMatchingExpression needs the preview API version {MI_PREVIEW_API}."
                ));
            }
        }
        Target::AppRegistration { .. } => {
            code.push_str("extension microsoftGraphV1\n\n@description('The uniqueName of the application (set when Bicep created it).')\nparam appUniqueName string\n\nresource app 'Microsoft.Graph/applications@v1.0' existing = {\n  uniqueName: appUniqueName\n}\n");
            for (i, c) in context.credentials.iter().enumerate() {
                let id = identifier("fic_", &c.name, i);
                code.push_str(&format!(
                    "\nresource {id} 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {{\n  name: '${{app.uniqueName}}/{}'\n  issuer: {}\n",
                    // The name is checked to letters, digits, '-' and '_', so it sits safely in the interpolated string.
                    c.name.replace(['\'', '\\', '$'], ""),
                    bq(&c.issuer)
                ));
                code.push_str(&bicep_match_and_audiences(c, "  "));
                code.push_str("}\n");
            }
            notes.push("App registrations in Bicep need the Microsoft Graph Bicep extension (bicepconfig.json: extensions.microsoftGraphV1) and an application with a uniqueName.".to_owned());
            if flexible {
                notes.push("The Graph v1.0 extension may refuse claimsMatchingExpression (a beta property); use the Graph REST or az snippet for flexible credentials.".to_owned());
            }
        }
    }
    Snippet {
        format: "bicep",
        title: "Bicep".to_owned(),
        language: "bicep",
        code,
        notes,
    }
}

/// Terraform.
pub fn terraform(context: Context<'_>) -> Snippet {
    let mut notes = common_notes(context);
    let mut code = String::new();
    match context.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            ..
        } => {
            code.push_str("# azurerm provider 4.x (5.x replaces parent_id and resource_group_name with user_assigned_identity_id).\n");
            let mut vars = String::new();
            let name_expr = if name.is_empty() {
                vars.push_str("variable \"identity_name\" {\n  type        = string\n  description = \"The user-assigned managed identity that holds the credentials.\"\n}\n\n");
                "var.identity_name".to_owned()
            } else {
                hq(name)
            };
            let group_expr = if resource_group.is_empty() {
                vars.push_str("variable \"resource_group_name\" {\n  type        = string\n  description = \"The identity's resource group.\"\n}\n\n");
                "var.resource_group_name".to_owned()
            } else {
                hq(resource_group)
            };
            code.push_str(&vars);
            code.push_str(&format!(
                "data \"azurerm_user_assigned_identity\" \"target\" {{\n  name                = {name_expr}\n  resource_group_name = {group_expr}\n}}\n"
            ));
            for (i, c) in context.credentials.iter().enumerate() {
                let id = identifier("", &c.name, i);
                match &c.matcher {
                    Matcher::Subject(s) => code.push_str(&format!(
                        "\nresource \"azurerm_federated_identity_credential\" {} {{\n  name                = {}\n  resource_group_name = data.azurerm_user_assigned_identity.target.resource_group_name\n  parent_id           = data.azurerm_user_assigned_identity.target.id\n  issuer              = {}\n  subject             = {}\n  audience            = [{}]\n}}\n",
                        hq(&id), hq(&c.name), hq(&c.issuer), hq(s), hq(c.audience())
                    )),
                    Matcher::Expression(e) => code.push_str(&format!(
                        "\n# azurerm has no claimsMatchingExpression: this uses the azapi provider and the preview API.\nresource \"azapi_resource\" {} {{\n  type      = \"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@{MI_PREVIEW_API}\"\n  name      = {}\n  parent_id = data.azurerm_user_assigned_identity.target.id\n  body = {{\n    properties = {{\n      issuer    = {}\n      audiences = [{}]\n      claimsMatchingExpression = {{\n        languageVersion = 1\n        value           = {}\n      }}\n    }}\n  }}\n}}\n",
                        hq(&id), hq(&c.name), hq(&c.issuer), hq(c.audience()), hq(e)
                    )),
                }
            }
            if context.credentials.len() > 1 {
                notes.push(
                    "azurerm 3.40 and later create credentials on one identity one after another."
                        .to_owned(),
                );
            }
        }
        Target::AppRegistration { client_id, .. } => {
            code.push_str("# azuread provider 3.x (2.x used application_object_id).\n");
            let client = if client_id.is_empty() {
                code.push_str("variable \"client_id\" {\n  type        = string\n  description = \"The application (client) ID of the app registration.\"\n}\n\n");
                "var.client_id".to_owned()
            } else {
                hq(client_id)
            };
            code.push_str(&format!(
                "data \"azuread_application\" \"target\" {{\n  client_id = {client}\n}}\n"
            ));
            for (i, c) in context.credentials.iter().enumerate() {
                let id = identifier("", &c.name, i);
                match &c.matcher {
                    Matcher::Subject(s) => {
                        code.push_str(&format!(
                            "\nresource \"azuread_application_federated_identity_credential\" {} {{\n  application_id = data.azuread_application.target.id\n  display_name   = {}\n  issuer         = {}\n  subject        = {}\n  audiences      = [{}]\n",
                            hq(&id), hq(&c.name), hq(&c.issuer), hq(s), hq(c.audience())
                        ));
                        if let Some(d) = &c.description {
                            code.push_str(&format!("  description    = {}\n", hq(d)));
                        }
                        code.push_str("}\n");
                    }
                    Matcher::Expression(_) => {
                        code.push_str(&format!(
                            "\n# {} is a flexible credential: azuread has no claimsMatchingExpression. Create it with the Graph REST or az snippet.\n",
                            c.name
                        ));
                        notes.push(format!("'{}' is flexible and is not in this Terraform: azuread cannot create flexible credentials.", c.name));
                    }
                }
            }
        }
    }
    Snippet {
        format: "terraform",
        title: "Terraform".to_owned(),
        language: "hcl",
        code,
        notes,
    }
}
