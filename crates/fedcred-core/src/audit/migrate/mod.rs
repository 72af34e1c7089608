//! The audit's migrations as scripts a person can run, interrupt and run again (issue 24): for
//! each identity, create the replacements, let the person prove them, then delete each old
//! credential only after checking, at that moment, that its replacement exists.
//!
//! The rules every form keeps, and where they come from:
//! - at most 20 credentials on an identity at any moment, a unique name, and never two with the
//!   same issuer and subject (Graph docs, `federatedIdentityCredential` resource; Entra docs,
//!   "considerations and restrictions"; field guide §1, §10);
//! - one write at a time: concurrent writes to one identity fail with 409 (Entra docs, federated
//!   credentials on managed identities), retried a bounded number of times;
//! - `az identity federated-credential create` is create-or-update (Azure/azure-cli
//!   `command_modules/identity/custom.py`: `client.create_or_update`), so a name that exists with
//!   other values must stop the script rather than be overwritten; Graph's create (what
//!   `az ad app federated-credential create` sends) refuses an existing name, so a re-run must
//!   skip what it already created;
//! - deleting a managed identity's credential that is not there succeeds (ARM answers 204), so a
//!   delete proves nothing: each delete is preceded by a fresh look.
//!
//! [`plan`] decides what each identity's migration creates, deletes and leaves out; `az.rs`,
//! `powershell.rs` and `graph.rs` write it in their language.

mod az;
mod graph;
mod powershell;
#[cfg(test)]
mod tests;

use super::{Audit, Identity, LIMIT};
use crate::credential::{Credential, Matcher};
use crate::face::count;
use crate::finding::Severity;
use crate::target::Target;

/// One credential to create and the old credentials it replaces (several when broken or
/// duplicated records collapse into one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The replacement.
    pub new: Credential,
    /// The names of the credentials it replaces, deleted only once it exists.
    pub old: Vec<String>,
}

/// One identity's migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The identity, as the audit names it.
    pub identity: String,
    /// Where it is: a managed identity's full address, or an app registration.
    pub target: Target,
    /// The shell variable that must name the app when the paste did not (`APP_ID`, or
    /// `APP_ID_2` when several identities need one).
    pub app_variable: String,
    /// How many credentials the paste showed on it.
    pub existing: usize,
    /// The replacements, in order.
    pub steps: Vec<Step>,
    /// Records left out, each with why (a comment in the script).
    pub left_out: Vec<String>,
    /// What was corrected on the way (surrounding white space, a name Entra refuses), said in
    /// the script.
    pub changed: Vec<String>,
    /// How to prove the replacements before the old credentials go.
    pub checks: Vec<String>,
    /// Trust a replacement carries forward unchanged that the audit warns about (a pull-request
    /// subject): said beside the step, never widened silently.
    pub risks: Vec<String>,
}

impl Plan {
    /// How many old credentials the plan deletes.
    pub fn deletes(&self) -> usize {
        self.steps.iter().map(|s| s.old.len()).sum()
    }

    /// Whether the identity cannot hold the replacements beside the old credentials at once,
    /// so that the migration goes in batches.
    pub fn batched(&self) -> bool {
        self.existing + self.steps.len() > LIMIT
    }
}

/// The identity's address, from the ARM ids or Graph context its JSON carried.
fn target(identity: &Identity) -> Target {
    let location = &identity.location;
    match &location.identity_name {
        Some(name) => Target::ManagedIdentity {
            name: name.clone(),
            resource_group: location.resource_group.clone().unwrap_or_default(),
            subscription: location.subscription.clone().unwrap_or_default(),
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

/// Whether a value can be compared exactly inside a script's query (JMESPath raw strings take no
/// control characters, and backslashes are read differently by its implementations).
fn comparable(value: &str) -> bool {
    !value.chars().any(|c| c.is_control() || c == '\\')
}

/// Every identity's migration, from the audit's findings.
pub fn plan(audit: &Audit) -> Vec<Plan> {
    let unknown_apps = audit
        .read
        .iter()
        .filter(|i| {
            matches!(target(i), Target::AppRegistration { ref object_id, .. } if object_id.is_empty())
        })
        .count();
    let mut plans = Vec::new();
    let mut unknown_at = 0;
    for identity in &audit.read {
        let migrations: Vec<&super::Migration> = audit
            .findings
            .iter()
            .filter(|f| f.identity == identity.name && f.severity != Severity::Error)
            .filter_map(|f| f.migration.as_ref())
            .collect();
        if migrations.is_empty() {
            continue;
        }
        let target = target(identity);
        let app_variable = match &target {
            Target::AppRegistration { object_id, .. } if object_id.is_empty() => {
                unknown_at += 1;
                if unknown_apps > 1 {
                    format!("APP_ID_{unknown_at}")
                } else {
                    "APP_ID".to_owned()
                }
            }
            _ => String::new(),
        };
        let mut plan = Plan {
            identity: identity.name.clone(),
            target,
            app_variable,
            existing: identity.credentials.len(),
            steps: Vec::new(),
            left_out: Vec::new(),
            changed: Vec::new(),
            checks: Vec::new(),
            risks: Vec::new(),
        };
        let existing: Vec<&Credential> =
            identity.credentials.iter().map(|c| &c.credential).collect();
        for m in migrations {
            // A migration replaces its credentials one for one, in order.
            for (new, old) in m.create.iter().zip(&m.delete) {
                add(&mut plan, new, old, &existing, &m.check);
            }
        }
        plans.push(plan);
    }
    plans
}

/// Adds the replacement of `old` by `new` to the plan: trimmed, renamed where Entra would refuse
/// the name, left out where Entra would refuse the record, merged where another step already
/// creates the same credential.
fn add(plan: &mut Plan, new: &Credential, old: &str, existing: &[&Credential], check: &str) {
    let mut new = new.clone();
    let first_name = new.name.clone();
    // A token's iss and sub never carry surrounding white space (field guide §1), so a record
    // with it never matched: the trimmed value is certainly what was meant.
    let trimmed_issuer = new.issuer.trim().to_owned();
    if trimmed_issuer != new.issuer {
        plan.changed.push(format!("'{old}': the issuer had white space around it; the replacement has it trimmed (a token's iss never carries it, so the old record never matched)"));
        new.issuer = trimmed_issuer;
    }
    if let Matcher::Subject(subject) = &new.matcher
        && subject.trim() != subject
    {
        plan.changed.push(format!("'{old}': the subject had white space around it; the replacement has it trimmed (a token's sub never carries it, so the old record never matched)"));
        new.matcher = Matcher::Subject(subject.trim().to_owned());
    }
    for audience in &mut new.audiences {
        *audience = audience.trim().to_owned();
    }
    let suffix = new
        .name
        .strip_prefix(old)
        .filter(|s| !s.is_empty())
        .unwrap_or("-migrated")
        .to_owned();
    let wanted = crate::validation::name_from(old, &suffix);
    if wanted != new.name {
        plan.changed.push(format!(
            "'{old}': Entra refuses the name '{}', so the replacement is named '{wanted}'",
            new.name.escape_default()
        ));
        new.name = wanted;
    }
    // The same credential twice (duplicates, or records that differed only by white space)
    // becomes one replacement for all of them.
    if let Some(step) = plan
        .steps
        .iter_mut()
        .find(|s| s.new.issuer == new.issuer && s.new.matcher == new.matcher)
    {
        if step.new.audiences == new.audiences {
            if !step.old.iter().any(|o| o == old) {
                step.old.push(old.to_owned());
            }
            plan.changed.push(format!(
                "'{old}' and '{}' have the same replacement: '{}' is created once and replaces both",
                step.old.first().map(String::as_str).unwrap_or_default(),
                step.new.name
            ));
        } else {
            plan.left_out.push(format!("'{old}' is left out: its replacement has the issuer and subject of '{}' but another audience ({}), and Entra refuses two credentials with one issuer and subject; decide which audience is right", step.new.name, new.audience()));
        }
        return;
    }
    // The replacement already exists (an earlier run created it, or someone did by hand): the
    // step keeps its name, so the script finds it there and only deletes what it replaces.
    if let Some(there) = existing.iter().find(|c| {
        c.issuer == new.issuer && c.matcher == new.matcher && c.audiences == new.audiences
    }) {
        new.name.clone_from(&there.name);
    }
    // A name another credential of the identity (or of this plan) already has.
    let mut n = 2;
    let base = new.name.clone();
    let taken = |name: &str, plan: &Plan| {
        existing
            .iter()
            .any(|c| c.name == name && !(c.issuer == new.issuer && c.matcher == new.matcher))
            || plan.steps.iter().any(|s| s.new.name == name)
    };
    while taken(&new.name, plan) {
        new.name = crate::validation::name_from(&base, &format!("-{n}"));
        n += 1;
    }
    let broken: Vec<String> = crate::validation::validate_credential(&new)
        .into_iter()
        .filter(|f| f.is_error())
        .map(|f| f.message)
        .collect();
    if let Some(why) = broken.first() {
        plan.left_out.push(format!(
            "'{old}' is left out: its replacement would break an Entra rule ({why}); correct the record by hand"
        ));
        return;
    }
    let values = [
        new.name.as_str(),
        new.issuer.as_str(),
        new.audience(),
        match &new.matcher {
            Matcher::Subject(s) | Matcher::Expression(s) => s.as_str(),
        },
        old,
    ];
    if !values.iter().all(|v| comparable(v)) {
        plan.left_out.push(format!(
            "'{}' is left out: a value holds a backslash or a control character, which the script cannot compare exactly; migrate it by hand",
            old.escape_default()
        ));
        return;
    }
    // The check names the replacement by the name the finding gave it.
    let check = check.replace(&first_name, &new.name);
    if !plan.checks.contains(&check) {
        plan.checks.push(check);
    }
    if new.subject().is_some_and(|s| s.ends_with(":pull_request")) {
        plan.risks.push(format!("'{}' keeps the trust of '{old}': every pull request from a branch of the repository can sign in (the audit's pull_request_trust warning). Delete its fc_create line to end that trust instead", new.name));
    }
    plan.steps.push(Step {
        new,
        old: vec![old.to_owned()],
    });
}

/// The migration of every finding that has one, in `format` (`az`, `powershell` or `graph`);
/// a script that says so when no finding has one.
pub fn script(audit: &Audit, format: &str) -> Result<String, String> {
    let plans = plan(audit);
    match format {
        "az" => Ok(az::script(&plans, audit.face)),
        "powershell" => Ok(powershell::script(&plans, audit.face)),
        "graph" => Ok(graph::script(&plans, audit.face)),
        _ => Err(format!(
            "no migration format '{format}': use az, powershell or graph"
        )),
    }
}

/// What the migration does, in words, one line per identity (the script's header and the page's
/// summary).
pub fn summary(plans: &[Plan]) -> Vec<String> {
    plans
        .iter()
        .map(|p| {
            let names = |v: Vec<&str>| v.join(", ");
            let creates = names(p.steps.iter().map(|s| s.new.name.as_str()).collect());
            let deletes = names(
                p.steps
                    .iter()
                    .flat_map(|s| s.old.iter().map(String::as_str))
                    .collect(),
            );
            let mut line = format!(
                "{}: creates {} ({creates}); once you have proven them and run it again with CONFIRMED=yes, deletes {} ({deletes}), each only after checking that its replacement exists with the expected issuer, subject and audience",
                p.identity,
                count(p.steps.len(), "credential", "credentials"),
                count(p.deletes(), "credential", "credentials"),
            );
            if p.batched() {
                line.push_str(&format!(". It holds {} of Entra's {LIMIT}, so the replacements are created in batches as room allows", p.existing));
            }
            line
        })
        .collect()
}

/// Each line as a `#` comment, indented under a heading.
fn comment(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("#   {}\n", l.replace('\n', " ")))
        .collect()
}

/// The opening comment of a script: what it does in words, what it corrected on the way, what it
/// carries forward that the audit warns about, and what it leaves out (`left`, with why); `None`
/// in place of the header when nothing can be scripted (`scripted` steps), with the comment
/// that says why.
fn header(plans: &[Plan], left: &[String], scripted: usize) -> Result<String, String> {
    if scripted == 0 {
        let why = if left.is_empty() {
            "# No finding has a migration fedcred can write. Name-based GitHub subjects need the repositories' IDs (--github-ids, what gh api repos/OWNER/REPO prints).\n".to_owned()
        } else {
            comment(left)
        };
        return Err(format!("# fedcred audit: nothing to migrate.\n{why}"));
    }
    let mut out =
        String::from("# fedcred audit: a migration without an outage.\n#\n# What it does:\n");
    out.push_str(&comment(&summary(plans)));
    let sections: [(&str, Vec<String>); 3] = [
        (
            "Corrected on the way",
            plans.iter().flat_map(|p| p.changed.clone()).collect(),
        ),
        (
            "Carried forward as it was (the audit warns about it)",
            plans.iter().flat_map(|p| p.risks.clone()).collect(),
        ),
        ("Left out (nothing here touches them)", left.to_vec()),
    ];
    for (heading, lines) in sections {
        if !lines.is_empty() {
            out.push_str(&format!("#\n# {heading}:\n{}", comment(&lines)));
        }
    }
    Ok(out)
}

/// The proof steps, indented under step 2 of a script's "How to run it".
fn checks(plans: &[Plan]) -> String {
    let checks: Vec<String> = plans.iter().flat_map(|p| p.checks.clone()).collect();
    comment(&checks).replace("#   ", "#        ")
}

/// `value` in bash double quotes (so that the single quotes of a JMESPath query read plainly).
fn dq(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A JMESPath raw string literal of `value` (only `'` needs escaping; [`comparable`] keeps
/// backslashes out).
fn jmes(value: &str) -> String {
    format!("'{}'", value.replace('\'', "\\'"))
}

/// The JMESPath condition that a credential holds the new credential's issuer and subject (or
/// expression), and, with `audience`, its audience too.
fn same_values(new: &Credential, audience: bool) -> String {
    let matcher = match &new.matcher {
        Matcher::Subject(s) => format!("subject=={}", jmes(s)),
        Matcher::Expression(e) => format!("claimsMatchingExpression.value=={}", jmes(e)),
    };
    let mut out = format!("issuer=={} && {matcher}", jmes(&new.issuer));
    if audience {
        out.push_str(&format!(" && audiences[0]=={}", jmes(new.audience())));
    }
    out
}

/// The query before creating `new`: `[[total, named, same issuer and subject, same values]]`.
fn create_query(new: &Credential) -> String {
    format!(
        "[[length(@), length([?name=={}]), length([?{}]), length([?{}])]]",
        jmes(&new.name),
        same_values(new, false),
        same_values(new, true)
    )
}

/// The query before deleting `old`: `[[old present, replacement present, old's id]]`.
fn delete_query(old: &str, new: &Credential) -> String {
    format!(
        "[[length([?name=={o}]), length([?name!={o} && {}]), join('', [?name=={o}].id)]]",
        same_values(new, true),
        o = jmes(old)
    )
}
