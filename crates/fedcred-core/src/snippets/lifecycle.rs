//! Operating the credentials after creation (the practice in the seed articles): list and show
//! them, revoke one and run the "fire drill", audit which apps still hold secrets, and migrate a
//! pipeline off a client secret.

use super::identity::{az, sh_identity};
use super::quote::{sh, sh_required};
use super::{Context, Snippet, SnippetError};
use crate::target::Target;

/// The `--identity-name … --resource-group …` or `--id …` arguments for the target.
fn identity_args(target: &Target) -> String {
    match target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => {
            let (name, group) = sh_identity(name, resource_group);
            let subscription = if subscription.is_empty() {
                String::new()
            } else {
                format!(" --subscription {}", sh(subscription))
            };
            format!("--identity-name {name} --resource-group {group}{subscription}")
        }
        Target::AppRegistration { client_id, .. } => {
            let app = if client_id.is_empty() {
                sh_required("APP_ID", "set APP_ID to the application (client) ID")
            } else {
                sh(client_id)
            };
            format!("--id {app}")
        }
    }
}

/// List, show, revoke, and the fire drill.
pub fn lifecycle(context: Context<'_>) -> Snippet {
    let args = identity_args(context.target);
    let (group, name_flag) = match context.target {
        Target::ManagedIdentity { .. } => ("identity federated-credential", "--name"),
        Target::AppRegistration { .. } => {
            ("ad app federated-credential", "--federated-credential-id")
        }
    };
    let first = context
        .credentials
        .first()
        .map(|c| c.name.as_str())
        .unwrap_or("NAME");
    let name = sh(first);
    let create = az(Context {
        credentials: context.credentials.get(..1).unwrap_or_default(),
        ..context
    })
    .code;
    let create = create
        .trim_start_matches("#!/usr/bin/env bash\nset -euo pipefail\n")
        .trim();
    let code = format!(
        "#!/usr/bin/env bash\nset -euo pipefail\n\n# Every credential on the identity (at most 20).\naz {group} list {args} -o table\n\n# One credential, as Entra stores it.\naz {group} show {name_flag} {name} {args}\n\n# Revoke: delete it. Tokens already exchanged stay valid until they expire (about an hour).\naz {group} delete {name_flag} {name} {args}{yes}\n\n# Fire drill: after the delete, run the pipeline and confirm it now fails with\n# AADSTS70021/700213 (no matching federated identity record), then restore it:\n{create}\n",
        yes = if context.target.is_managed_identity() {
            " --yes"
        } else {
            ""
        },
    );
    Snippet {
        format: "lifecycle",
        title: "List, revoke, fire drill".to_owned(),
        language: "bash",
        code,
        notes: vec![
            "Names cannot be changed: to rename, create the new credential, switch over, then delete the old one.".to_owned(),
            "A revoked credential may take a few minutes to stop working everywhere.".to_owned(),
        ],
    }
}

/// The audit that proves the secrets are gone (az CLI and Microsoft Graph PowerShell).
pub fn audit() -> Snippet {
    let code = r#"#!/usr/bin/env bash
set -euo pipefail

# App registrations that still hold client secrets or certificates.
az ad app list --all \
  --query "[?length(passwordCredentials) > \`0\` || length(keyCredentials) > \`0\`].{name: displayName, appId: appId, secrets: length(passwordCredentials), certificates: length(keyCredentials)}" \
  -o table

# Service principals that hold secrets or certificates of their own.
az ad sp list --all \
  --query "[?length(passwordCredentials) > \`0\` || length(keyCredentials) > \`0\`].{name: displayName, appId: appId, secrets: length(passwordCredentials), certificates: length(keyCredentials)}" \
  -o table

# App registrations that have federated credentials (the ones that no longer need a secret).
az ad app list --all --query "[].appId" -o tsv | while read -r app; do
  count=$(az ad app federated-credential list --id "$app" --query "length(@)" -o tsv)
  if [ "$count" -gt 0 ]; then echo "$app $count"; fi
done
"#;
    Snippet {
        format: "audit",
        title: "Audit: who still holds secrets".to_owned(),
        language: "bash",
        code: code.to_owned(),
        notes: vec![
            "Needs Application.Read.All (az login with a user who can read all apps).".to_owned(),
            "The same in Microsoft Graph PowerShell: Get-MgApplication -All -Property displayName,appId,passwordCredentials,keyCredentials | Where-Object { $_.PasswordCredentials.Count -gt 0 -or $_.KeyCredentials.Count -gt 0 }".to_owned(),
            "And per app: Get-MgApplicationFederatedIdentityCredential -ApplicationId <object id>".to_owned(),
        ],
    }
}

/// Move a pipeline from a client secret to the credential: add, switch, verify, then remove.
pub fn migrate(context: Context<'_>) -> Result<Snippet, SnippetError> {
    let Target::AppRegistration { client_id, .. } = context.target else {
        return Err(SnippetError("a managed identity has no client secret to migrate from; give the app registration (--app-id) that holds the secret".to_owned()));
    };
    let app = if client_id.is_empty() {
        sh_required("APP_ID", "set APP_ID to the application (client) ID")
    } else {
        sh(client_id)
    };
    let create = az(context).code;
    let create = create
        .trim_start_matches("#!/usr/bin/env bash\nset -euo pipefail\n")
        .trim();
    let code = format!(
        "#!/usr/bin/env bash\nset -euo pipefail\n\n# 1. Add the federated credential. The secret keeps working meanwhile.\n{create}\n\n# 2. Switch the pipeline to OIDC (the workload snippet) and remove the secret from its login step.\n# 3. Run the pipeline and check that it signs in without the secret.\n\n# 4. Then remove the secret from the app. List them to find its keyId:\naz ad app credential list --id {app} --query \"[].{{keyId: keyId, name: displayName, expires: endDateTime}}\" -o table\naz ad app credential delete --id {app} --key-id \"${{SECRET_KEY_ID:?set SECRET_KEY_ID to the keyId of the secret to remove}}\"\n\n# 5. Delete the secret from the pipeline's secret store too (GitHub: gh secret delete AZURE_CLIENT_SECRET).\n"
    );
    Ok(Snippet {
        format: "migrate",
        title: "Migrate from a client secret".to_owned(),
        language: "bash",
        code,
        notes: vec!["Keep the secret until a run has signed in with the credential; then delete it from the app and from the pipeline.".to_owned()],
    })
}
