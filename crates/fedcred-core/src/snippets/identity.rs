//! The identity side: commands and templates that create the credentials
//! (field guide §6 for every command, cmdlet, API version and resource type).

use super::quote::{bicep as bq, hcl as hq, ps as pq, sh, sh_option, sh_required};
use super::{Context, Snippet, SnippetError};
use crate::credential::{Credential, GraphCredential, Matcher};
use crate::guid::Guid;
use crate::json::{Map, Value};
use crate::target::Target;

/// ARM API version that is GA for managed identity credentials.
pub const MI_API: &str = "2023-01-31";
/// ARM API version that adds `claimsMatchingExpression` for managed identities (preview).
pub const MI_PREVIEW_API: &str = "2025-01-31-preview";

const SERIAL_NOTE: &str = "Entra refuses concurrent writes to one identity (HTTP 409): the credentials are created one after another.";
const PROPAGATION_NOTE: &str = "A new credential takes a few minutes to apply; until then the exchange fails with AADSTS70021.";

fn any_flexible(credentials: &[Credential]) -> bool {
    credentials.iter().any(Credential::is_flexible)
}

fn common_notes(context: Context<'_>) -> Vec<String> {
    let mut notes = vec![PROPAGATION_NOTE.to_owned()];
    if context.credentials.len() > 1 {
        notes.push(SERIAL_NOTE.to_owned());
    }
    notes
}

/// The ARM request body of a flexible credential on a managed identity (preview API).
fn mi_flexible_body(c: &Credential) -> Value {
    let graph = GraphCredential::from(c).to_json();
    let mut properties = Map::new();
    for key in ["issuer", "audiences", "claimsMatchingExpression"] {
        properties.insert(key.into(), graph[key].clone());
    }
    let mut body = Map::new();
    body.insert("properties".into(), properties.into());
    body.into()
}

/// A GUID-shaped value, normalised, or nothing.
fn guid(value: &str) -> Option<String> {
    value.parse::<Guid>().ok().map(|g| g.to_string())
}

/// The managed identity's name and resource group as bash words: quoted values, or variables
/// that stop the script when unset.
pub(crate) fn sh_identity(name: &str, resource_group: &str) -> (String, String) {
    let identity = if name.is_empty() {
        sh_required(
            "IDENTITY_NAME",
            "set IDENTITY_NAME to the managed identity name",
        )
    } else {
        sh(name)
    };
    let group = if resource_group.is_empty() {
        sh_required(
            "RESOURCE_GROUP",
            "set RESOURCE_GROUP to the resource group of the identity",
        )
    } else {
        sh(resource_group)
    };
    (identity, group)
}

/// az CLI.
pub fn az(context: Context<'_>) -> Snippet {
    let mut notes = common_notes(context);
    let mut code = String::from("#!/usr/bin/env bash\nset -euo pipefail\n");
    match context.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => {
            let (identity, group) = sh_identity(name, resource_group);
            for c in context.credentials {
                code.push_str(&format!(
                    "\naz identity federated-credential create \\\n  {} \\\n  --identity-name {identity} \\\n  --resource-group {group} \\\n",
                    sh_option("--name", &c.name)
                ));
                if !subscription.is_empty() {
                    code.push_str(&format!(
                        "  {} \\\n",
                        sh_option("--subscription", subscription)
                    ));
                }
                code.push_str(&format!("  {} \\\n", sh_option("--issuer", &c.issuer)));
                match &c.matcher {
                    Matcher::Subject(s) => {
                        code.push_str(&format!("  {} \\\n", sh_option("--subject", s)))
                    }
                    Matcher::Expression(e) => code.push_str(&format!(
                        "  --cme-version 1 \\\n  {} \\\n",
                        sh_option("--cme-value", e)
                    )),
                }
                code.push_str(&format!("  {}\n", sh_option("--audiences", c.audience())));
            }
            if any_flexible(context.credentials) {
                notes.push("Flexible credentials on managed identities are a preview (--cme-version/--cme-value need a recent az CLI).".to_owned());
            }
        }
        Target::AppRegistration { client_id, .. } => {
            let app = if client_id.is_empty() {
                sh_required("APP_ID", "set APP_ID to the application (client) ID")
            } else {
                sh(client_id)
            };
            for c in context.credentials {
                let body = GraphCredential::from(c).to_json().to_string();
                if c.is_flexible() {
                    let uri = match guid(client_id) {
                        Some(id) => sh(&format!(
                            "https://graph.microsoft.com/beta/applications(appId='{id}')/federatedIdentityCredentials"
                        )),
                        None => format!(
                            "\"https://graph.microsoft.com/beta/applications(appId='\"{app}\"')/federatedIdentityCredentials\""
                        ),
                    };
                    code.push_str(&format!(
                        "\n# Flexible credentials exist only in Microsoft Graph beta.\naz rest --method POST \\\n  --uri {uri} \\\n  --headers Content-Type=application/json \\\n  --body {}\n",
                        sh(&body)
                    ));
                } else {
                    code.push_str(&format!(
                        "\naz ad app federated-credential create \\\n  --id {app} \\\n  --parameters {}\n",
                        sh(&body)
                    ));
                }
            }
        }
    }
    Snippet {
        format: "az",
        title: "az CLI".to_owned(),
        language: "bash",
        code,
        notes,
    }
}

/// Azure PowerShell (Az modules).
pub fn powershell(context: Context<'_>) -> Snippet {
    let mut notes = common_notes(context);
    let mut code = String::from("$ErrorActionPreference = 'Stop'\n");
    match context.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => {
            if !subscription.is_empty() {
                code.push_str(&format!(
                    "Set-AzContext -Subscription {} | Out-Null\n",
                    pq(subscription)
                ));
            }
            let identity = if name.is_empty() {
                "<IDENTITY_NAME>".to_owned()
            } else {
                pq(name)
            };
            let group = if resource_group.is_empty() {
                "<RESOURCE_GROUP>".to_owned()
            } else {
                pq(resource_group)
            };
            for c in context.credentials {
                match &c.matcher {
                    Matcher::Subject(s) => code.push_str(&format!(
                        "\nNew-AzFederatedIdentityCredential `\n  -ResourceGroupName {group} `\n  -IdentityName {identity} `\n  -Name {} `\n  -Issuer {} `\n  -Subject {} `\n  -Audience {}\n",
                        pq(&c.name), pq(&c.issuer), pq(s), pq(c.audience())
                    )),
                    Matcher::Expression(_) => {
                        let body = mi_flexible_body(c);
                        code.push_str(&format!(
                            "\n# Flexible credential (preview API {MI_PREVIEW_API}).\n$identity = Get-AzUserAssignedIdentity -ResourceGroupName {group} -Name {identity}\nInvoke-AzRestMethod -Method PUT `\n  -Path (\"$($identity.Id)/federatedIdentityCredentials/\" + {} + '?api-version={MI_PREVIEW_API}') `\n  -Payload {}\n",
                            pq(&c.name),
                            pq(&body.to_string())
                        ));
                    }
                }
            }
            if name.is_empty() || resource_group.is_empty() {
                notes.push("Replace <IDENTITY_NAME> and <RESOURCE_GROUP>: PowerShell refuses to run the script until you do.".to_owned());
            }
        }
        Target::AppRegistration {
            client_id,
            object_id,
        } => {
            let object = match (guid(object_id), client_id.is_empty()) {
                (Some(id), _) => pq(&id),
                (None, false) => {
                    format!("(Get-AzADApplication -ApplicationId {}).Id", pq(client_id))
                }
                (None, true) => "<APP_OBJECT_ID>".to_owned(),
            };
            for c in context.credentials {
                match &c.matcher {
                    Matcher::Subject(s) => code.push_str(&format!(
                        "\nNew-AzADAppFederatedCredential `\n  -ApplicationObjectId {object} `\n  -Name {} `\n  -Issuer {} `\n  -Subject {} `\n  -Audience {}\n",
                        pq(&c.name), pq(&c.issuer), pq(s), pq(c.audience())
                    )),
                    Matcher::Expression(_) => {
                        let body = GraphCredential::from(c).to_json().to_string();
                        code.push_str(&format!(
                            "\n# Flexible credentials exist only in Microsoft Graph beta.\nInvoke-AzRestMethod -Method POST `\n  -Uri (\"https://graph.microsoft.com/beta/applications/\" + {object} + \"/federatedIdentityCredentials\") `\n  -Payload {}\n",
                            pq(&body)
                        ));
                    }
                }
            }
        }
    }
    Snippet {
        format: "powershell",
        title: "PowerShell (Az)".to_owned(),
        language: "powershell",
        code,
        notes,
    }
}

fn app_only(context: Context<'_>, what: &str) -> Result<(String, String), SnippetError> {
    match context.target {
        Target::AppRegistration {
            client_id,
            object_id,
        } => Ok((client_id.clone(), object_id.clone())),
        Target::ManagedIdentity { .. } => Err(SnippetError(format!(
            "{what} manages app registrations; a managed identity's credentials are created with az, PowerShell (Az), Bicep or Terraform"
        ))),
    }
}

/// Microsoft Graph PowerShell SDK.
pub fn powershell_graph(context: Context<'_>) -> Result<Snippet, SnippetError> {
    let (client_id, object_id) = app_only(context, "Microsoft Graph PowerShell")?;
    let object = match (guid(&object_id), client_id.is_empty()) {
        (Some(id), _) => pq(&id),
        (None, false) => format!(
            "(Get-MgApplication -Filter {}).Id",
            pq(&format!("appId eq '{client_id}'"))
        ),
        (None, true) => "<APP_OBJECT_ID>".to_owned(),
    };
    let mut code = String::from("$ErrorActionPreference = 'Stop'\n");
    code.push_str("Connect-MgGraph -Scopes 'Application.ReadWrite.All'\n");
    code.push_str(&format!("$appObjectId = {object}\n"));
    for c in context.credentials {
        let mut fields = vec![
            format!("  name = {}", pq(&c.name)),
            format!("  issuer = {}", pq(&c.issuer)),
        ];
        match &c.matcher {
            Matcher::Subject(s) => fields.push(format!("  subject = {}", pq(s))),
            Matcher::Expression(e) => fields.push(format!(
                "  claimsMatchingExpression = @{{ languageVersion = 1; value = {} }}",
                pq(e)
            )),
        }
        fields.push(format!("  audiences = @({})", pq(c.audience())));
        if let Some(d) = &c.description {
            fields.push(format!("  description = {}", pq(d)));
        }
        let body = format!("@{{\n{}\n}}", fields.join("\n"));
        if c.is_flexible() {
            code.push_str(&format!(
                "\n# Flexible credentials exist only in Microsoft Graph beta.\nInvoke-MgGraphRequest -Method POST `\n  -Uri \"https://graph.microsoft.com/beta/applications/$appObjectId/federatedIdentityCredentials\" `\n  -Body ({body} | ConvertTo-Json -Depth 5)\n"
            ));
        } else {
            code.push_str(&format!(
                "\nNew-MgApplicationFederatedIdentityCredential -ApplicationId $appObjectId -BodyParameter {body}\n"
            ));
        }
    }
    Ok(Snippet {
        format: "powershell-graph",
        title: "PowerShell (Microsoft Graph)".to_owned(),
        language: "powershell",
        code,
        notes: {
            let mut notes = common_notes(context);
            notes.push(
                "-ApplicationId takes the application's object ID, not its client ID.".to_owned(),
            );
            notes
        },
    })
}

/// Microsoft Graph REST requests.
pub fn graph(context: Context<'_>) -> Result<Snippet, SnippetError> {
    let (client_id, object_id) = app_only(context, "Microsoft Graph")?;
    let application = match (guid(&object_id), guid(&client_id)) {
        (Some(object), _) => format!("applications/{object}"),
        (None, Some(client)) => format!("applications(appId='{client}')"),
        (None, None) => "applications/{application-object-id}".to_owned(),
    };
    let mut requests = Vec::new();
    for c in context.credentials {
        let version = if c.is_flexible() { "beta" } else { "v1.0" };
        let body = GraphCredential::from(c).to_json().to_pretty();
        requests.push(format!(
            "POST https://graph.microsoft.com/{version}/{application}/federatedIdentityCredentials\nContent-Type: application/json\n\n{body}\n"
        ));
    }
    let mut notes = common_notes(context);
    notes.push(format!(
        "To create or update by name instead: PATCH https://graph.microsoft.com/v1.0/{application}/federatedIdentityCredentials(name='NAME') with the header Prefer: create-if-missing."
    ));
    if any_flexible(context.credentials) {
        notes.push("claimsMatchingExpression is accepted only by the beta endpoint.".to_owned());
    }
    Ok(Snippet {
        format: "graph",
        title: "Microsoft Graph REST".to_owned(),
        language: "http",
        code: requests.join("\n###\n\n"),
        notes,
    })
}

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
        Target::ManagedIdentity { name, .. } => {
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
            notes.push("Deploy with: az deployment group create --resource-group RG --template-file fic.bicep".to_owned());
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
