//! The migration as an Azure PowerShell script, with the same rules as the az one: a fresh
//! look before each write (compared case-sensitively: `-ceq`, since PowerShell's `-eq` ignores
//! case and Entra does not), creates and deletes in separate runs, a bounded retry on 409.

use super::{Plan, Step, checks, header};
use crate::audit::LIMIT;
use crate::face::count;
use crate::face::{Ask, Face};
use crate::snippets::quote::ps;
use crate::target::Target;

const LIBRARY: &str = r#"$ErrorActionPreference = 'Stop'
$FedcredTries = if ($env:FEDCRED_TRIES) { [int]$env:FEDCRED_TRIES } else { 5 }
$FedcredPause = if ($env:FEDCRED_PAUSE) { [int]$env:FEDCRED_PAUSE } else { 10 }
$script:Fc = @{ Created = 0; Present = 0; Waiting = 0; Deleted = 0; Gone = 0; Kept = 0; Full = @() }

function Invoke-FcWrite([scriptblock]$Write) {
  # One write, tried again while Azure answers 409 (another write to the identity is in progress).
  for ($try = 1; ; $try++) {
    try { return (& $Write) }
    catch {
      if ($try -ge $FedcredTries -or "$_" -notmatch '409|Conflict') { throw }
      Write-Host "fedcred: Azure answered 409: trying again in $($FedcredPause * $try) s ($try of $FedcredTries)"
      Start-Sleep -Seconds ($FedcredPause * $try)
    }
  }
}

function Set-FcIdentity([string]$Kind, [string]$Name, [string]$Group) {
  $script:FcKind = $Kind; $script:FcName = $Name; $script:FcGroup = $Group; $script:FcMade = 0
}

function Get-FcCredentials {
  # What the identity holds now.
  if ($script:FcKind -eq 'mi') {
    @(Get-AzFederatedIdentityCredential -ResourceGroupName $script:FcGroup -IdentityName $script:FcName)
  } else {
    @(Get-AzADAppFederatedCredential -ApplicationObjectId $script:FcName)
  }
}

function Test-FcSame($c, [string]$Issuer, [string]$Subject, [string]$Audience) {
  ($c.Issuer -ceq $Issuer) -and ($c.Subject -ceq $Subject) -and ((-not $Audience) -or (@($c.Audience)[0] -ceq $Audience))
}

function New-FcCredential([string]$Name, [string]$Issuer, [string]$Subject, [string]$Audience) {
  $all = Get-FcCredentials
  if ($all | Where-Object { Test-FcSame $_ $Issuer $Subject $Audience }) {
    Write-Host "fedcred: ${Name}: a credential with its issuer, subject and audience is there already: nothing to create"
    $script:Fc.Present++; $script:FcMade++; return
  }
  if ($all | Where-Object { $_.Name -ceq $Name }) {
    throw "fedcred: stopped: $($script:FcName) already has a credential named '$Name' with other values, and creating it would overwrite that one. Compare it with this script's values, delete or rename one of them, then run this again."
  }
  if ($all | Where-Object { Test-FcSame $_ $Issuer $Subject '' }) {
    throw "fedcred: stopped: $($script:FcName) already has a credential with the issuer and subject of '$Name' but another audience; Entra refuses a second one. Decide which audience is right, then run this again."
  }
  if ($all.Count -ge LIMIT_HERE) {
    Write-Host "fedcred: ${Name}: waits for room: $($script:FcName) holds $($all.Count) credentials, Entra's limit"
    $script:Fc.Waiting++; return
  }
  Invoke-FcWrite {
    if ($script:FcKind -eq 'mi') {
      New-AzFederatedIdentityCredential -ResourceGroupName $script:FcGroup -IdentityName $script:FcName -Name $Name -Issuer $Issuer -Subject $Subject -Audience $Audience
    } else {
      New-AzADAppFederatedCredential -ApplicationObjectId $script:FcName -Name $Name -Issuer $Issuer -Subject $Subject -Audience $Audience
    }
  } | Out-Null
  Write-Host "fedcred: ${Name}: created"
  $script:Fc.Created++; $script:FcMade++
}

function Remove-FcCredential([string]$Old, [string]$New, [string]$Issuer, [string]$Subject, [string]$Audience) {
  # Deletes $Old only if its replacement is there, with the expected values, now.
  $all = Get-FcCredentials
  if (-not ($all | Where-Object { ($_.Name -cne $Old) -and (Test-FcSame $_ $Issuer $Subject $Audience) })) {
    Write-Host "fedcred: ${Old}: kept: its replacement $New is not there with the expected issuer, subject and audience"
    $script:Fc.Kept++; return
  }
  $found = @($all | Where-Object { $_.Name -ceq $Old })
  if ($found.Count -eq 0) { Write-Host "fedcred: ${Old}: already deleted"; $script:Fc.Gone++; return }
  Invoke-FcWrite {
    if ($script:FcKind -eq 'mi') {
      Remove-AzFederatedIdentityCredential -ResourceGroupName $script:FcGroup -IdentityName $script:FcName -Name $Old
    } else {
      Remove-AzADAppFederatedCredential -ApplicationObjectId $script:FcName -FederatedCredentialId $found[0].Id
    }
  } | Out-Null
  Write-Host "fedcred: ${Old}: deleted ($New replaces it)"
  $script:Fc.Deleted++
}
"#;

/// Flexible credentials have no PowerShell cmdlet (only the preview REST API): left to the az
/// form.
fn scriptable(step: &Step) -> bool {
    !step.new.is_flexible()
}

fn identity_line(plan: &Plan) -> String {
    match &plan.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => {
            let context = if subscription.is_empty() {
                String::new()
            } else {
                format!(
                    "Set-AzContext -Subscription {} | Out-Null\n",
                    ps(subscription)
                )
            };
            format!(
                "{context}Set-FcIdentity 'mi' {} {}",
                ps(name),
                ps(resource_group)
            )
        }
        Target::AppRegistration { object_id, .. } if !object_id.is_empty() => {
            format!("Set-FcIdentity 'app' {} ''", ps(object_id))
        }
        Target::AppRegistration { .. } => format!(
            "if (-not $env:{v}_OBJECT) {{ throw 'fedcred: set $env:{v}_OBJECT to the application object ID of {}' }}\nSet-FcIdentity 'app' $env:{v}_OBJECT ''",
            plan.identity.replace('\'', "''"),
            v = plan.app_variable
        ),
    }
}

/// The whole script.
pub(super) fn script(plans: &[Plan], face: Face) -> String {
    let mut out = String::new();
    let scripted: usize = plans
        .iter()
        .map(|p| p.steps.iter().filter(|s| scriptable(s)).count())
        .sum();
    let mut left: Vec<String> = plans.iter().flat_map(|p| p.left_out.clone()).collect();
    for plan in plans {
        for step in plan.steps.iter().filter(|s| !scriptable(s)) {
            left.push(format!("'{}' is left out: its replacement '{}' is a flexible credential, which Azure PowerShell has no cmdlet for; use {} (managed identities) or {} (apps)", step.old.join("', '"), step.new.name, face.ask(Ask::MigrationFormat { format: "az" }), face.ask(Ask::MigrationFormat { format: "graph" })));
        }
    }
    match header(plans, &left, scripted) {
        Ok(header) => out.push_str(&header),
        Err(nothing) => {
            out.push_str(&nothing);
            return out;
        }
    }
    out.push_str(&format!(
        "#\n# How to run it:\n#   1. ./migrate.ps1: creates the replacements (the old credentials keep working).\n#   2. Prove them:\n{}#   3. $env:CONFIRMED = 'yes'; ./migrate.ps1: deletes each old credential whose replacement is there now.\n# Safe to interrupt and to run again: each write is preceded by a fresh look at the identity;\n# never more than {LIMIT} credentials on it, never two with one issuer and subject.\n\n",
        checks(plans)
    ));
    out.push_str(&LIBRARY.replace("LIMIT_HERE", &LIMIT.to_string()));
    out.push_str("\nif ($env:CONFIRMED -ne 'yes') {\n");
    for plan in plans {
        let steps: Vec<&Step> = plan.steps.iter().filter(|s| scriptable(s)).collect();
        if steps.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n  # {}: {}\n  {}\n",
            plan.identity,
            count(steps.len(), "replacement", "replacements"),
            identity_line(plan).replace('\n', "\n  ")
        ));
        for step in steps {
            out.push_str(&format!(
                "  New-FcCredential {} {} {} {}\n",
                ps(&step.new.name),
                ps(&step.new.issuer),
                ps(step.new.subject().unwrap_or_default()),
                ps(step.new.audience())
            ));
        }
        out.push_str("  if ($script:FcMade -eq 0 -and $script:Fc.Waiting -gt 0) { $script:Fc.Full += $script:FcName }\n");
    }
    out.push_str(r#"
  Write-Host "fedcred: created $($script:Fc.Created), already there $($script:Fc.Present), waiting for room $($script:Fc.Waiting)"
  if ($script:Fc.Full.Count -gt 0) {
    throw "fedcred: no room on: $($script:Fc.Full -join ', '). Each holds 20 credentials, Entra's limit, and none of its replacements exists yet: delete a credential it no longer needs, then run this again."
  }
  Write-Host "fedcred: next: prove the new credentials, then run this again with `$env:CONFIRMED = 'yes' to delete the ones they replace."
  if ($script:Fc.Waiting -gt 0) { Write-Host "fedcred: $($script:Fc.Waiting) replacement(s) wait for room: after the confirmed run, run this again without CONFIRMED to create them." }
  return
}
"#);
    for plan in plans {
        let steps: Vec<&Step> = plan.steps.iter().filter(|s| scriptable(s)).collect();
        if steps.is_empty() {
            continue;
        }
        out.push_str(&format!("\n# {}\n{}\n", plan.identity, identity_line(plan)));
        for step in steps {
            for old in &step.old {
                out.push_str(&format!(
                    "Remove-FcCredential {} {} {} {} {}\n",
                    ps(old),
                    ps(&step.new.name),
                    ps(&step.new.issuer),
                    ps(step.new.subject().unwrap_or_default()),
                    ps(step.new.audience())
                ));
            }
        }
    }
    out.push_str("\nWrite-Host \"fedcred: deleted $($script:Fc.Deleted), already gone $($script:Fc.Gone), kept $($script:Fc.Kept)\"\n");
    out
}
