//! The audit's migrations as one script per format (`az`, `powershell`, `graph`): for each
//! identity, create the new credentials (the builder's own snippet), prove them, then delete the
//! old ones. One command at a time: Entra refuses concurrent writes to one managed identity's
//! credentials (HTTP 409; Entra docs, "Federated identity credentials on managed identities").

use super::{Audit, Identity, Migration};
use crate::credential::Matcher;
use crate::platforms::{Platform, other::OtherInput, read_back};
use crate::snippets::quote::{ps, sh};
use crate::snippets::{Context, render};
use crate::target::Target;

/// The identity's target, from the ARM ids or Graph context its JSON carried.
fn target(identity: &Identity) -> Target {
    let located = identity
        .credentials
        .iter()
        .find(|c| c.location.identity_name.is_some());
    match located {
        Some(c) => Target::ManagedIdentity {
            name: c.location.identity_name.clone().unwrap_or_default(),
            resource_group: c.location.resource_group.clone().unwrap_or_default(),
            subscription: c.location.subscription.clone().unwrap_or_default(),
            location: String::new(),
        },
        None => Target::AppRegistration {
            client_id: String::new(),
            object_id: identity
                .name
                .strip_prefix("application ")
                .unwrap_or_default()
                .to_owned(),
        },
    }
}

fn delete(format: &str, target: &Target, name: &str) -> String {
    match (format, target) {
        ("az", Target::ManagedIdentity { name: identity, resource_group, subscription, .. }) => format!(
            "az identity federated-credential delete --yes --name {} --identity-name {} --resource-group {}{}",
            sh(name),
            if identity.is_empty() { "\"${IDENTITY_NAME:?set IDENTITY_NAME}\"".to_owned() } else { sh(identity) },
            if resource_group.is_empty() { "\"${RESOURCE_GROUP:?set RESOURCE_GROUP}\"".to_owned() } else { sh(resource_group) },
            if subscription.is_empty() { String::new() } else { format!(" --subscription {}", sh(subscription)) },
        ),
        ("az", Target::AppRegistration { .. }) => format!(
            "az ad app federated-credential delete --id \"${{APP_ID:?set APP_ID to the application (client) ID}}\" --federated-credential-id {}",
            sh(name)
        ),
        ("powershell", Target::ManagedIdentity { name: identity, resource_group, .. }) => format!(
            "Remove-AzFederatedIdentityCredential -Name {} -IdentityName {} -ResourceGroupName {}",
            ps(name),
            ps(identity),
            ps(resource_group)
        ),
        ("powershell", Target::AppRegistration { object_id, .. }) => format!(
            "$app = {}\n$old = Get-AzADAppFederatedCredential -ApplicationObjectId $app | Where-Object Name -eq {}\nRemove-AzADAppFederatedCredential -ApplicationObjectId $app -FederatedCredentialId $old.Id",
            if object_id.is_empty() { "$(if ($env:APP_OBJECT_ID) { $env:APP_OBJECT_ID } else { throw 'set APP_OBJECT_ID to the application object ID' })".to_owned() } else { ps(object_id) },
            ps(name)
        ),
        (_, Target::AppRegistration { object_id, .. }) => format!(
            "DELETE https://graph.microsoft.com/v1.0/applications/{}/federatedIdentityCredentials(name='{}')\nAuthorization: Bearer {{{{token}}}}",
            if object_id.is_empty() { "{{object-id}}" } else { object_id },
            name.replace('\'', "''")
        ),
        (_, Target::ManagedIdentity { .. }) => "# Graph does not manage a managed identity's credentials: use --format az or powershell".to_owned(),
    }
}

/// The migration script of every finding that has one, in `format` (`az`, `powershell` or
/// `graph`); a script that says so when no finding has one.
pub fn script(audit: &Audit, format: &str) -> Result<String, String> {
    if !matches!(format, "az" | "powershell" | "graph") {
        return Err(format!(
            "no migration format '{format}': use az, powershell or graph"
        ));
    }
    let comment = if format == "graph" { "###" } else { "#" };
    let (mut create, mut check, mut remove) = (String::new(), String::new(), String::new());
    for identity in &audit.read {
        let migrations: Vec<&Migration> = audit
            .findings
            .iter()
            .filter(|f| f.identity == identity.name)
            .filter_map(|f| f.migration.as_ref())
            .collect();
        let creates: Vec<_> = migrations
            .iter()
            .flat_map(|m| m.create.iter().cloned())
            .collect();
        let Some(first) = creates.first() else {
            continue;
        };
        let target = target(identity);
        let platform = match &first.matcher {
            Matcher::Subject(s) => read_back(&first.issuer, s, None),
            Matcher::Expression(_) => None,
        }
        .unwrap_or_else(|| {
            Platform::Other(OtherInput {
                issuer: first.issuer.clone(),
                ..Default::default()
            })
        });
        let created = render(
            format,
            Context {
                platform: &platform,
                credentials: &creates,
                target: &target,
            },
        )
        .map_err(|e| e.0)?;
        create.push_str(&format!(
            "{comment} Identity {}: {} new credential(s).\n",
            identity.name,
            creates.len()
        ));
        create.push_str(
            created
                .code
                .trim_start_matches("#!/usr/bin/env bash\nset -euo pipefail\n")
                .trim(),
        );
        create.push_str("\n\n");
        for m in &migrations {
            check.push_str(&format!("{comment}    {}\n", m.check));
            for name in &m.delete {
                remove.push_str(&delete(format, &target, name));
                remove.push('\n');
            }
        }
    }
    if create.is_empty() {
        return Ok(format!(
            "{comment} Nothing to migrate: no finding has a migration fedcred can write. Name-based GitHub subjects need the repositories' IDs (--github-ids, what gh api repos/OWNER/REPO prints).\n"
        ));
    }
    let steps = format!(
        "{comment} A migration without an outage, one command at a time (Entra refuses concurrent writes to one identity: 409):\n{comment} 1. create the new credentials (the old ones keep working); 2. prove them:\n{check}{comment} 3. only then delete the old ones.\n"
    );
    // The deletions wait until the new credentials are proven: deleting first would be the outage
    // the migration exists to avoid.
    let out = match format {
        "az" => format!(
            "#!/usr/bin/env bash\nset -euo pipefail\n\n{steps}\nif [ \"${{CONFIRMED:-}}\" != yes ]; then\n{create}echo 'Created. Prove the new credentials (step 2), then run this script again with CONFIRMED=yes to delete the old ones.'\nexit 0\nfi\n\n{remove}"
        ),
        "powershell" => format!(
            "{steps}\nif ($env:CONFIRMED -ne 'yes') {{\n{create}Write-Host 'Created. Prove the new credentials (step 2), then run this script again with $env:CONFIRMED = ''yes'' to delete the old ones.'\nreturn\n}}\n\n{remove}"
        ),
        _ => format!("{steps}\n{create}### Send these only after step 2 succeeded.\n\n{remove}"),
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::script;
    use crate::audit::audit;

    const ARM: &str = r#"[{"id": "/subscriptions/s1/resourceGroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/prod", "name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/payments:environment:prod", "audiences": ["api://AzureADTokenExchange"]}]"#;
    const IDS: &str =
        r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}"#;

    #[test]
    fn name_based_to_immutable_creates_checks_then_deletes() {
        let az = script(&audit(ARM, IDS), "az").unwrap();
        let create = az.find("az identity federated-credential create").unwrap();
        let gate = az.find("exit 0").unwrap();
        let delete = az.find("az identity federated-credential delete --yes --name prod --identity-name id-pay --resource-group rg-pay --subscription s1").unwrap();
        assert!(create < gate && gate < delete, "{az}");
        assert!(
            az.contains("repo:contoso@5544123/payments@821093847:environment:prod"),
            "{az}"
        );
        assert!(az.contains("one command at a time"));
        let powershell = script(&audit(ARM, IDS), "powershell").unwrap();
        assert!(powershell.contains("Remove-AzFederatedIdentityCredential -Name 'prod' -IdentityName 'id-pay' -ResourceGroupName 'rg-pay'"), "{powershell}");
    }

    #[test]
    fn an_app_registrations_migration_deletes_by_name_through_its_id() {
        let graph = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials", "value": [{"name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/payments:environment:prod", "audiences": ["api://AzureADTokenExchange"]}]}"#;
        let report = audit(graph, IDS);
        let powershell = script(&report, "powershell").unwrap();
        assert!(
            powershell.contains("$app = '11111111-2222-3333-4444-555555555555'"),
            "{powershell}"
        );
        assert!(
            powershell.contains("Where-Object Name -eq 'prod'"),
            "{powershell}"
        );
        let http = script(&report, "graph").unwrap();
        assert!(http.contains("DELETE https://graph.microsoft.com/v1.0/applications/11111111-2222-3333-4444-555555555555/federatedIdentityCredentials(name='prod')"), "{http}");
    }

    #[test]
    fn without_ids_it_says_what_is_missing_and_unknown_formats_are_refused() {
        assert!(
            script(&audit(ARM, ""), "az")
                .unwrap()
                .contains("Nothing to migrate")
        );
        assert!(script(&audit(ARM, IDS), "bicep").is_err());
    }
}
