//! The migration as Microsoft Graph requests, for app registrations (Graph does not manage a
//! managed identity's credentials). Requests cannot decide for themselves, so each write comes
//! after the read that decides it, with what to look for in its answer: a REST client runs them
//! one at a time, and a person (or a script around them) checks before sending the next.

use super::{Plan, Step, summary};
use crate::audit::LIMIT;
use crate::credential::GraphCredential;
use crate::face::{Ask, Face};
use crate::target::Target;

fn app(plan: &Plan) -> Option<String> {
    match &plan.target {
        Target::AppRegistration { object_id, .. } if !object_id.is_empty() => {
            Some(object_id.clone())
        }
        Target::AppRegistration { .. } => Some("{{object-id}}".to_owned()),
        Target::ManagedIdentity { .. } => None,
    }
}

/// The collection a step's credential lives in: flexible credentials exist only in Graph beta
/// (field guide §2, §6).
fn collection(app: &str, step: &Step) -> String {
    let version = if step.new.is_flexible() {
        "beta"
    } else {
        "v1.0"
    };
    format!("https://graph.microsoft.com/{version}/applications/{app}/federatedIdentityCredentials")
}

/// Graph's key for a credential by name, quotes doubled (OData).
fn by_name(name: &str) -> String {
    format!("(name='{}')", name.replace('\'', "''"))
}

/// The whole request file.
pub(super) fn script(plans: &[Plan], face: Face) -> String {
    let mut out = String::new();
    let apps: Vec<(&Plan, String)> = plans
        .iter()
        .filter(|p| !p.steps.is_empty())
        .filter_map(|p| app(p).map(|a| (p, a)))
        .collect();
    for plan in plans
        .iter()
        .filter(|p| app(p).is_none() && !p.steps.is_empty())
    {
        out.push_str(&format!(
            "### {}: a managed identity; Graph does not manage its credentials: use {} or {}\n",
            plan.identity,
            face.ask(Ask::MigrationFormat { format: "az" }),
            face.ask(Ask::MigrationFormat {
                format: "powershell"
            })
        ));
    }
    if apps.is_empty() {
        if out.is_empty() {
            out.push_str("### fedcred audit: nothing to migrate. No finding has a migration fedcred can write. Name-based GitHub subjects need the repositories' IDs (--github-ids, what gh api repos/OWNER/REPO prints).\n");
        }
        for plan in plans {
            for l in &plan.left_out {
                out.push_str(&format!("### {l}\n"));
            }
        }
        return out;
    }
    out.push_str("### fedcred audit: a migration without an outage, as Graph requests. Send them one at a time, in order\n### (concurrent writes to one app fail with 409: wait and send the same request again).\n###\n### What it does:\n");
    for line in summary(&apps.iter().map(|(p, _)| (*p).clone()).collect::<Vec<_>>()) {
        out.push_str(&format!("###   {line}\n"));
    }
    for plan in plans {
        for l in plan.changed.iter().chain(&plan.risks).chain(&plan.left_out) {
            out.push_str(&format!("###   {l}\n"));
        }
    }
    for (plan, app) in &apps {
        out.push_str(&format!(
            "\n### ---- {}: step 1, create (the old credentials keep working) ----\n\n### Read what the app holds now. Send the creates below only while it holds fewer than {LIMIT}\n### (one more each), and skip a create whose name is there already with the same issuer, subject\n### and audience (a re-run after an interruption: Graph refuses an existing name). If the name is\n### there with other values, or another credential holds the same issuer and subject, stop and decide.\nGET https://graph.microsoft.com/beta/applications/{app}/federatedIdentityCredentials\nAuthorization: Bearer {{{{token}}}}\n",
            plan.identity
        ));
        for step in &plan.steps {
            out.push_str(&format!(
                "\n### Create '{}' (replaces {})\nPOST {}\nAuthorization: Bearer {{{{token}}}}\nContent-Type: application/json\n\n{}\n",
                step.new.name,
                step.old.iter().map(|o| format!("'{o}'")).collect::<Vec<_>>().join(", "),
                collection(app, step),
                GraphCredential::from(&step.new).to_json().to_pretty()
            ));
        }
        out.push_str(&format!(
            "\n### ---- {}: step 2, prove the new credentials ----\n",
            plan.identity
        ));
        for check in &plan.checks {
            out.push_str(&format!("###   {check}\n"));
        }
        out.push_str(&format!(
            "\n### ---- {}: step 3, only after step 2 succeeded: delete each old credential after reading its replacement ----\n",
            plan.identity
        ));
        for step in &plan.steps {
            for old in &step.old {
                out.push_str(&format!(
                    "\n### Read '{new}': send the DELETE below only if this answers issuer {issuer}, {what} {value} and audiences [\"{audience}\"]\nGET {base}{key}\nAuthorization: Bearer {{{{token}}}}\n\n### Delete '{old}' (a 404 means it is gone already)\nDELETE {base}{old_key}\nAuthorization: Bearer {{{{token}}}}\n",
                    new = step.new.name,
                    issuer = step.new.issuer,
                    what = if step.new.is_flexible() { "claimsMatchingExpression" } else { "subject" },
                    value = step.new.subject().or(step.new.expression()).unwrap_or_default(),
                    audience = step.new.audience(),
                    base = collection(app, step),
                    key = by_name(&step.new.name),
                    old_key = by_name(old),
                ));
            }
        }
    }
    out
}
