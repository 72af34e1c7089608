//! The identity side as commands: az, Azure PowerShell, Microsoft Graph PowerShell, Graph REST.

use super::{MI_PREVIEW_API, any_flexible, common_notes, guid, mi_flexible_body, sh_identity};
use crate::credential::{GraphCredential, Matcher};
use crate::snippets::quote::{ps as pq, sh, sh_option, sh_required};
use crate::snippets::{Context, Snippet, SnippetError};
use crate::target::Target;

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
            let subscription_option = if subscription.is_empty() {
                String::new()
            } else {
                format!(" {}", sh_option("--subscription", subscription))
            };
            for c in context.credentials {
                // `create` is create-or-update (azure-cli identity/custom.py: create_or_update):
                // a credential of this name with other values would be overwritten, and the
                // workloads it accepts would stop signing in. Look first (issue 24).
                let (field, value) = match &c.matcher {
                    Matcher::Subject(s) => ("subject", s.as_str()),
                    Matcher::Expression(e) => ("claimsMatchingExpression.value", e.as_str()),
                };
                code.push_str(&format!(
                    "\n# create is create-or-update: stop rather than overwrite a credential of this name that holds other values\nif existing=$(az identity federated-credential show {} --identity-name {identity} --resource-group {group}{subscription_option} --query \"[issuer, {field}, audiences[0]]\" -o tsv 2>/dev/null) \\\n  && [ -n \"$existing\" ] && [ \"$existing\" != \"$(printf '%s\\n%s\\n%s' {} {} {})\" ]; then\n  echo {} >&2\n  exit 1\nfi\n",
                    sh_option("--name", &c.name),
                    sh(&c.issuer),
                    sh(value),
                    sh(c.audience()),
                    sh(&format!("fedcred: a credential named {} exists on this identity with other values, and create would overwrite it: choose another name, or delete that one first if nothing uses it", c.name)),
                ));
                code.push_str(&format!(
                    "az identity federated-credential create \\\n  {} \\\n  --identity-name {identity} \\\n  --resource-group {group} \\\n",
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
                        "\n# New-AzFederatedIdentityCredential is create-or-update (a PUT): stop rather than overwrite a credential of this name that holds other values.\n$existing = Get-AzFederatedIdentityCredential -ResourceGroupName {group} -IdentityName {identity} -Name {name} -ErrorAction SilentlyContinue\nif ($existing -and -not ($existing.Issuer -ceq {issuer} -and $existing.Subject -ceq {subject} -and @($existing.Audience)[0] -ceq {audience})) {{\n  throw {stop}\n}}\nNew-AzFederatedIdentityCredential `\n  -ResourceGroupName {group} `\n  -IdentityName {identity} `\n  -Name {name} `\n  -Issuer {issuer} `\n  -Subject {subject} `\n  -Audience {audience}\n",
                        name = pq(&c.name),
                        issuer = pq(&c.issuer),
                        subject = pq(s),
                        audience = pq(c.audience()),
                        stop = pq(&format!("fedcred: a credential named {} exists on this identity with other values, and New-AzFederatedIdentityCredential would overwrite it: choose another name, or delete that one first if nothing uses it", c.name)),
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
