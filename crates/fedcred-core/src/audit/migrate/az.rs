//! The migration as a bash script of az CLI calls. Each write is preceded by a fresh listing of
//! the identity's credentials, asked through az's own `--query` (JMESPath) so that the script
//! compares values exactly without any other tool; `-o tsv` prints the answers as one row of
//! numbers (knack's TSV output: a list inside the top-level list is one row).

use super::{Plan, Step, checks, create_query, delete_query, dq, header};
use crate::audit::LIMIT;
use crate::credential::{GraphCredential, Matcher};
use crate::face::count;
use crate::face::{Ask, Face};
use crate::snippets::quote::sh;
use crate::target::Target;

/// The functions every run uses: the retried az call, the fresh look before each write, and
/// the counts said at the end.
const LIBRARY: &str = r#"set -euo pipefail

FEDCRED_TRIES=${FEDCRED_TRIES:-5}   # tries of a write Azure answers with 409 (a concurrent write)
FEDCRED_PAUSE=${FEDCRED_PAUSE:-10}  # seconds before the first retry, longer each time
fc_err=$(mktemp)
trap 'rm -f "$fc_err"' EXIT
fc_created=0 fc_present=0 fc_waiting=0 fc_deleted=0 fc_gone=0 fc_kept=0 fc_full=()

fc_say() { printf 'fedcred: %s\n' "$*" >&2; }

fc_az() { # az, tried again while Azure answers 409 Conflict
  local try=1
  while ! az "$@" 2>"$fc_err"; do
    if [ "$try" -ge "$FEDCRED_TRIES" ] || ! grep -qE '409|Conflict' "$fc_err"; then
      cat "$fc_err" >&2
      return 1
    fi
    fc_say "Azure answered 409 (another write to this identity is in progress): trying again in $((FEDCRED_PAUSE * try)) s ($try of $FEDCRED_TRIES)"
    sleep $((FEDCRED_PAUSE * try))
    try=$((try + 1))
  done
}

fc_numbers() { # COUNT ANSWER: stops unless the listing answered COUNT whole numbers
  local word seen=0
  for word in $2; do
    [ "$seen" -ge "$1" ] && break
    case $word in '' | *[!0-9]*) break ;; esac
    seen=$((seen + 1))
  done
  if [ "$seen" -lt "$1" ]; then
    fc_say "stopped: listing the credentials of $fc_name answered '$2', not the counts this script asks for. Check that az is signed in and up to date, then run this again."
    exit 1
  fi
}

fc_identity() { # mi NAME GROUP [SUBSCRIPTION] | app APP-ID: the identity the next steps act on
  fc_kind=$1
  if [ "$1" = mi ]; then
    fc_where=(--identity-name "$2" --resource-group "$3")
    if [ -n "${4:-}" ]; then fc_where+=(--subscription "$4"); fi
    fc_name="managed identity $2 (resource group $3)"
  else
    fc_app=$2
    fc_name="app $2"
  fi
  fc_made=0
}

fc_list() { # QUERY: what the identity's credentials answer now
  if [ "$fc_kind" = mi ]; then
    fc_az identity federated-credential list "${fc_where[@]}" --query "$1" -o tsv
  else
    fc_az ad app federated-credential list --id "$fc_app" --query "$1" -o tsv
  fi
}

fc_create() { # NAME QUERY AZ-ARGUMENTS...: creates the credential unless it is there
  local name=$1 answer total named pair same
  answer=$(fc_list "$2")
  shift 2
  fc_numbers 4 "$answer"
  read -r total named pair same <<<"$answer"
  if [ "$same" -gt 0 ]; then
    fc_say "$name: a credential with its issuer, subject and audience is there already: nothing to create"
    fc_present=$((fc_present + 1)) fc_made=$((fc_made + 1))
    return 0
  fi
  if [ "$named" -gt 0 ]; then
    fc_say "stopped: $fc_name already has a credential named '$name' with other values, and creating it would overwrite that one. Compare it with this script's values, delete or rename one of them, then run this again."
    exit 1
  fi
  if [ "$pair" -gt 0 ]; then
    fc_say "stopped: $fc_name already has a credential with the issuer and subject of '$name' but another audience; Entra refuses a second one. Decide which audience is right, then run this again."
    exit 1
  fi
  if [ "$total" -ge LIMIT_HERE ]; then
    fc_say "$name: waits for room: $fc_name holds $total credentials, Entra's limit"
    fc_waiting=$((fc_waiting + 1))
    return 0
  fi
  fc_az "$@" >/dev/null
  fc_say "$name: created"
  fc_created=$((fc_created + 1)) fc_made=$((fc_made + 1))
}

fc_end_identity() { # after the identity's creates: no room at all is said, not hidden
  if [ "$fc_made" -eq 0 ] && [ "$fc_waiting" -gt 0 ]; then fc_full+=("$fc_name"); fi
}

fc_delete() { # OLD NEW QUERY: deletes OLD only if NEW is there with the expected values now
  local old=$1 new=$2 answer present replaced id
  answer=$(fc_list "$3")
  fc_numbers 2 "$answer"
  read -r present replaced id <<<"$answer"
  if [ "$replaced" -eq 0 ]; then
    fc_say "$old: kept: its replacement $new is not there with the expected issuer, subject and audience"
    fc_kept=$((fc_kept + 1))
    return 0
  fi
  if [ "$present" -eq 0 ]; then
    fc_say "$old: already deleted"
    fc_gone=$((fc_gone + 1))
    return 0
  fi
  if [ "$fc_kind" = mi ]; then
    fc_az identity federated-credential delete --yes --name "$old" "${fc_where[@]}" >/dev/null
  else
    fc_az ad app federated-credential delete --id "$fc_app" --federated-credential-id "$id" >/dev/null
  fi
  fc_say "$old: deleted ($new replaces it)"
  fc_deleted=$((fc_deleted + 1))
}
"#;

/// The `az … create` arguments of a step, on the identity `fc_identity` chose.
fn create_arguments(plan: &Plan, step: &Step) -> String {
    let c = &step.new;
    match &plan.target {
        Target::ManagedIdentity { .. } => {
            let matcher = match &c.matcher {
                Matcher::Subject(s) => format!("--subject {}", sh(s)),
                Matcher::Expression(e) => format!("--cme-version 1 --cme-value {}", sh(e)),
            };
            format!(
                "identity federated-credential create --name {} \"${{fc_where[@]}}\" --issuer {} {matcher} --audiences {}",
                sh(&c.name),
                sh(&c.issuer),
                sh(c.audience())
            )
        }
        Target::AppRegistration { .. } => format!(
            "ad app federated-credential create --id \"$fc_app\" --parameters {}",
            sh(&GraphCredential::from(c).to_json().to_string())
        ),
    }
}

/// The `fc_identity` line of a plan.
fn identity_line(plan: &Plan) -> String {
    match &plan.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            ..
        } => format!(
            "fc_identity mi {} {}{}",
            sh(name),
            sh(resource_group),
            if subscription.is_empty() {
                String::new()
            } else {
                format!(" {}", sh(subscription))
            }
        ),
        Target::AppRegistration { object_id, .. } if !object_id.is_empty() => {
            format!("fc_identity app {}", sh(object_id))
        }
        Target::AppRegistration { .. } => format!(
            "fc_identity app \"${{{v}:?set {v} to the application (client) ID of {}}}\"",
            plan.identity.replace(['"', '`', '$', '\\', '}'], "_"),
            v = plan.app_variable
        ),
    }
}

/// Flexible credentials on app registrations exist only in Graph beta, which
/// `az ad app federated-credential` does not reach: those steps are left to a person.
fn scriptable(plan: &Plan, step: &Step) -> bool {
    !(step.new.is_flexible() && matches!(plan.target, Target::AppRegistration { .. }))
}

/// The whole script.
pub(super) fn script(plans: &[Plan], face: Face) -> String {
    let mut out = String::from("#!/usr/bin/env bash\n");
    let mut left: Vec<String> = plans.iter().flat_map(|p| p.left_out.clone()).collect();
    for plan in plans {
        for step in plan.steps.iter().filter(|s| !scriptable(plan, s)) {
            left.push(format!("'{}' is left out: its replacement '{}' is a flexible credential, which app registrations hold only through Microsoft Graph beta; create it with {}, prove it, then delete '{}'", step.old.join("', '"), step.new.name, face.ask(Ask::MigrationFormat { format: "graph" }), step.old.join("', '")));
        }
    }
    let scripted = plans
        .iter()
        .map(|p| p.steps.iter().filter(|s| scriptable(p, s)).count())
        .sum();
    match header(plans, &left, scripted) {
        Ok(header) => out.push_str(&header),
        Err(nothing) => {
            out.push_str(&nothing);
            return out;
        }
    }
    out.push_str(&format!(
        "#\n# How to run it:\n#   1. bash migrate.sh: creates the replacements (the old credentials keep working).\n#   2. Prove them:\n{}#   3. CONFIRMED=yes bash migrate.sh: deletes each old credential whose replacement is there now.\n#\n# Safe to interrupt and to run again: before each write it looks at the identity's credentials\n# again; a credential already there with the same values is skipped, one there with other values\n# stops it (az identity federated-credential create would overwrite it); never more than {LIMIT}\n# credentials on an identity and never two with one issuer and subject; one write at a time, a\n# 409 retried up to FEDCRED_TRIES times. A run without CONFIRMED=yes never deletes; one with it\n# never creates.\n",
        checks(plans)
    ));
    out.push_str(&LIBRARY.replace("LIMIT_HERE", &LIMIT.to_string()));
    out.push_str("\nif [ \"${CONFIRMED:-}\" != yes ]; then\n");
    for plan in plans {
        let steps: Vec<&Step> = plan.steps.iter().filter(|s| scriptable(plan, s)).collect();
        if steps.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n  # {}: {}\n  {}\n",
            plan.identity,
            count(steps.len(), "replacement", "replacements"),
            identity_line(plan)
        ));
        for step in steps {
            out.push_str(&format!(
                "  fc_create {} {} \\\n    {}\n",
                sh(&step.new.name),
                dq(&create_query(&step.new)),
                create_arguments(plan, step)
            ));
        }
        out.push_str("  fc_end_identity\n");
    }
    out.push_str(r#"
  fc_say "created $fc_created, already there $fc_present, waiting for room $fc_waiting"
  if [ "${#fc_full[@]}" -gt 0 ]; then
    fc_say "no room on: ${fc_full[*]}. Each holds 20 credentials, Entra's limit, and none of its replacements exists yet: delete a credential it no longer needs (the audit lists the candidates), then run this again."
    exit 1
  fi
  fc_say "next: prove the new credentials (the steps at the top of this script), then run it again with CONFIRMED=yes to delete the ones they replace."
  if [ "$fc_waiting" -gt 0 ]; then
    fc_say "$fc_waiting replacement(s) wait for room: after the CONFIRMED=yes run has deleted what the first ones replace, run this again without CONFIRMED to create them."
  fi
  exit 0
fi
"#);
    for plan in plans {
        let steps: Vec<&Step> = plan.steps.iter().filter(|s| scriptable(plan, s)).collect();
        if steps.is_empty() {
            continue;
        }
        out.push_str(&format!("\n# {}\n{}\n", plan.identity, identity_line(plan)));
        for step in steps {
            for old in &step.old {
                out.push_str(&format!(
                    "fc_delete {} {} {}\n",
                    sh(old),
                    sh(&step.new.name),
                    dq(&delete_query(old, &step.new))
                ));
            }
        }
    }
    out.push_str(r#"
fc_say "deleted $fc_deleted, already gone $fc_gone, kept $fc_kept"
if [ "$fc_kept" -gt 0 ]; then
  fc_say "$fc_kept old credential(s) kept because their replacements are not there: run this again without CONFIRMED to create them, prove them, then with CONFIRMED=yes."
fi
"#);
    out
}
