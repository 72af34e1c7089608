//! The removal scripts (issue 30): the secrets and certificates of the apps whose federated
//! credentials exist (`in_progress`), and, apart, the expired secrets of apps not yet migrated.
//! Never for an app whose federated credentials are absent or unknown. Each removal checks, when
//! it runs, that the app still has a federated credential (or, for an expired key, that the key
//! has ended) and that the key is still there, then asks; so the script is safe to interrupt
//! and to run again.
//!
//! How each tool removes a key (read 2026-12-05):
//! - az: `az ad app credential delete --id APP --key-id KEY` posts Graph's `removePassword`;
//!   with `--cert` it reads the app and PATCHes `keyCredentials` without the key (azure-cli
//!   2.91.0 `role/custom.py` `_delete_credential`), which needs no proof of possession.
//! - Graph: `POST /applications/{id}/removePassword {"keyId"}` (Graph docs,
//!   application-removepassword); a certificate by `PATCH /applications/{id}` with the remaining
//!   `keyCredentials` (application-update), since `removeKey` wants a JWT signed by the
//!   certificate's own private key (application-removekey, "proof"), which a script cannot have.
//! - PowerShell: `Remove-MgApplicationPassword -ApplicationId OBJECTID -KeyId KEY`;
//!   `Update-MgApplication -ApplicationId OBJECTID -KeyCredentials <remaining>` for a
//!   certificate (Microsoft Graph PowerShell docs; `-ApplicationId` is the object ID).

use super::{Entry, Kind, Report, State};
use crate::guid::Guid;
use crate::snippets::quote;

/// Which tool the script is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Bash with the az CLI.
    Az,
    /// PowerShell with Microsoft.Graph.Applications.
    PowerShell,
    /// Bash with `az rest` against Graph.
    Graph,
}

/// One removal: the app, the key, whether it is a certificate, and why it may go.
struct Removal<'a> {
    entry: &'a Entry,
    key_id: &'a str,
    certificate: bool,
    expired_only: bool,
}

/// The removals the report allows: every key of an `in_progress` app; the expired keys of a
/// `secret_only` app. Keys whose IDs are not GUIDs are left out (nothing unchecked reaches a
/// script).
fn removals(report: &Report) -> Vec<Removal<'_>> {
    let mut out = Vec::new();
    for entry in &report.entries {
        let app = &entry.app;
        if app.kind != Kind::Application
            || app.app_id.parse::<Guid>().is_err()
            || app.object_id.parse::<Guid>().is_err()
        {
            continue;
        }
        let expired_only = match entry.state {
            State::InProgress => false,
            State::SecretOnly => true,
            _ => continue,
        };
        for (list, certificate) in [(&app.secrets, false), (&app.certificates, true)] {
            for key in list.iter().flatten() {
                let ended = entry.expired.iter().any(|k| k.key_id == key.key_id);
                if key.key_id.parse::<Guid>().is_err() || expired_only && !ended {
                    continue;
                }
                out.push(Removal {
                    entry,
                    key_id: &key.key_id,
                    certificate,
                    expired_only,
                });
            }
        }
    }
    out
}

/// The script in `format`.
pub fn script(report: &Report, format: Format) -> String {
    let removals = removals(report);
    match format {
        Format::Az | Format::Graph => bash(&removals, format),
        Format::PowerShell => powershell(&removals),
    }
}

fn kind(r: &Removal<'_>) -> &'static str {
    if r.certificate {
        "certificate"
    } else {
        "secret"
    }
}

/// Why a key may go, as the scripts' removal takes it: `migrated` (the app has federated
/// credentials) or `expired`.
fn when(r: &Removal<'_>) -> &'static str {
    if r.expired_only {
        "expired"
    } else {
        "migrated"
    }
}

/// The script's two sections, each a comment with its count and one `call` per removal: the
/// migrated apps' keys, then the expired keys of apps not migrated.
fn push_sections(
    out: &mut String,
    removals: &[Removal<'_>],
    call: impl Fn(&Removal<'_>) -> String,
) {
    for (expired, title) in [
        (
            false,
            "Apps with federated credentials: verify the federated sign-in works, then remove their secrets",
        ),
        (
            true,
            "Expired secrets and certificates of apps not migrated yet: they sign in to nothing",
        ),
    ] {
        let mine: Vec<&Removal<'_>> = removals
            .iter()
            .filter(|r| r.expired_only == expired)
            .collect();
        out.push_str(&format!("\n# {title} ({})\n", mine.len()));
        for r in mine {
            out.push_str(&call(r));
            out.push('\n');
        }
    }
}

fn bash(removals: &[Removal<'_>], format: Format) -> String {
    let mut s = String::from("#!/usr/bin/env bash\n");
    s.push_str(&format!(
        "# fedcred secrets --format {}: {} removals. Each checks, when it runs, that the app still has a\n# federated credential (or that the key has ended) and that the key is still there, then asks\n# (answer y, or run with FEDCRED_YES=1). Safe to interrupt and to run again.\n",
        if format == Format::Az { "az" } else { "graph" },
        removals.len()
    ));
    s.push_str("set -euo pipefail\n\n");
    s.push_str(
        r#"confirm() {
  if [ "${FEDCRED_YES:-}" = 1 ]; then return 0; fi
  local answer
  read -r -p "$1 [y/N] " answer || return 1
  [ "$answer" = y ] || [ "$answer" = Y ]
}
"#,
    );
    match format {
        Format::Az => s.push_str(r#"
# How many federated credentials the app (APP_ID) has now.
fics() { az ad app federated-credential list --id "$1" --query "length(@)" -o tsv; }
# The key's end, when the app (APP_ID) still holds it; nothing when it does not. $3: --cert or empty.
key_end() { az ad app credential list --id "$1" $3 --query "[?keyId=='$2'].endDateTime | [0]" -o tsv; }
remove_key() { az ad app credential delete --id "$1" --key-id "$3" $4; }
"#),
        _ => s.push_str(r#"
graph=https://graph.microsoft.com/v1.0
fics() { az rest --method GET --url "$graph/applications/$2/federatedIdentityCredentials" --query "length(value)" -o tsv; }
key_end() {
  local list=passwordCredentials; [ "$3" = --cert ] && list=keyCredentials
  az rest --method GET --url "$graph/applications/$4?\$select=$list" --query "$list[?keyId=='$2'].endDateTime | [0]" -o tsv
}
remove_key() {
  if [ "$4" = --cert ]; then
    # No proof of possession: the app's keyCredentials written back without this one.
    local rest
    rest=$(az rest --method GET --url "$graph/applications/$2?\$select=keyCredentials" --query "{keyCredentials: keyCredentials[?keyId!='$3']}" -o json)
    az rest --method PATCH --url "$graph/applications/$2" --headers Content-Type=application/json --body "$rest"
  else
    az rest --method POST --url "$graph/applications/$2/removePassword" --headers Content-Type=application/json --body "{\"keyId\": \"$3\"}"
  fi
}
"#),
    }
    s.push_str(
        r#"
# APP_ID OBJECT_ID NAME KEY_ID KIND(secret|certificate) WHEN(migrated|expired)
remove() {
  local app=$1 object=$2 name=$3 key=$4 kind=$5 when=$6 cert="" end now n
  [ "$kind" = certificate ] && cert=--cert
  if [ "$when" = migrated ]; then
    n=$(fics "$app" "$object")
    if [ "${n:-0}" -lt 1 ]; then
      echo "kept: $name has no federated credential now, so its $kind $key stays"
      return 0
    fi
  fi
  end=$(key_end "$app" "$key" "$cert" "$object")
  if [ -z "$end" ]; then
    echo "gone already: the $kind $key of $name"
    return 0
  fi
  if [ "$when" = expired ]; then
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    if [[ ! "$end" < "$now" ]]; then
      echo "kept: the $kind $key of $name ends $end, not ended"
      return 0
    fi
  fi
  if ! confirm "Remove the $kind $key of $name ($app)?"; then
    echo "kept: the $kind $key of $name (not confirmed)"
    return 0
  fi
  remove_key "$app" "$object" "$key" "$cert"
  echo "removed: the $kind $key of $name"
}
"#,
    );
    push_sections(&mut s, removals, |r| {
        format!(
            "remove {} {} {} {} {} {}",
            r.entry.app.app_id,
            r.entry.app.object_id,
            quote::sh(&r.entry.app.display_name),
            r.key_id,
            kind(r),
            when(r)
        )
    });
    s
}

fn powershell(removals: &[Removal<'_>]) -> String {
    let mut s = format!(
        "# fedcred secrets --format powershell: {} removals (Microsoft.Graph.Applications; Connect-MgGraph -Scopes Application.ReadWrite.All first).\n# Each checks, when it runs, that the app still has a federated credential (or that the key has\n# ended) and that the key is still there, then asks ($env:FEDCRED_YES = '1' answers for you).\n# Safe to interrupt and to run again.\n$ErrorActionPreference = 'Stop'\n",
        removals.len()
    );
    s.push_str(r#"
function Remove-FedcredKey([string]$ObjectId, [string]$Name, [string]$KeyId, [string]$Kind, [string]$When) {
  $app = Get-MgApplication -ApplicationId $ObjectId -Property 'passwordCredentials,keyCredentials'
  if ($When -eq 'migrated') {
    $fics = @(Get-MgApplicationFederatedIdentityCredential -ApplicationId $ObjectId -All)
    if ($fics.Count -lt 1) { Write-Output "kept: $Name has no federated credential now, so its $Kind $KeyId stays"; return }
  }
  $list = if ($Kind -eq 'certificate') { @($app.KeyCredentials) } else { @($app.PasswordCredentials) }
  $key = $list | Where-Object { $_.KeyId -eq $KeyId }
  if (-not $key) { Write-Output "gone already: the $Kind $KeyId of $Name"; return }
  if ($When -eq 'expired' -and $key.EndDateTime -gt (Get-Date).ToUniversalTime()) {
    Write-Output "kept: the $Kind $KeyId of $Name ends $($key.EndDateTime), not ended"; return
  }
  if ($env:FEDCRED_YES -ne '1') {
    $answer = Read-Host "Remove the $Kind $KeyId of $Name? [y/N]"
    if ($answer -notin @('y', 'Y')) { Write-Output "kept: the $Kind $KeyId of $Name (not confirmed)"; return }
  }
  if ($Kind -eq 'certificate') {
    # No proof of possession: the keyCredentials written back without this one.
    Update-MgApplication -ApplicationId $ObjectId -KeyCredentials @($list | Where-Object { $_.KeyId -ne $KeyId })
  } else {
    Remove-MgApplicationPassword -ApplicationId $ObjectId -KeyId $KeyId
  }
  Write-Output "removed: the $Kind $KeyId of $Name"
}
"#);
    push_sections(&mut s, removals, |r| {
        format!(
            "Remove-FedcredKey -ObjectId '{}' -Name {} -KeyId '{}' -Kind '{}' -When '{}'",
            r.entry.app.object_id,
            quote::ps(&r.entry.app.display_name),
            r.key_id,
            kind(r),
            when(r)
        )
    });
    s
}
