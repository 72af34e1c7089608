//! What `terraform show -json` prints for a plan or a state, and raw state files
//! (`terraform.tfstate`): the credentials they hold, with what the plan does to each.
//!
//! Sources, read 2026-12-05: Terraform's "JSON Output Format" page (v1.14.x): a plan has
//! `planned_values.root_module` (resources, and `child_modules` each with its own), and
//! `resource_changes[]` with `address` and `change.{actions, before, after, after_unknown}`; a
//! value unknown until apply is absent or null in `planned_values`, and `after_unknown` says
//! which; a deleted instance is not in `planned_values`; a state has `values.root_module`.
//! `["delete","create"]` deletes first (the default) and `["create","delete"]` is
//! `create_before_destroy` (hashicorp/terraform `internal/command/jsonplan/plan.go`). Raw state
//! v4 (`internal/states/statefile/version4.go`, not a documented format): `resources[]` with
//! `module` (absent for the root), `mode`, `type`, `name`, `instances[].{index_key,
//! attributes}`.

use super::terraform::{Schema, schema};
use super::{Action, Declared, Language, Reading, Source, Unresolved};
use crate::credential::{Credential, Matcher};
use crate::json::{self, Map, Value};

/// Whether `text` is a plan or state as `terraform show -json` prints it, or a state file.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.trim_start().starts_with('{')
        && (head.contains("\"format_version\"")
            || (head.contains("\"terraform_version\"") && text.contains("\"resources\"")))
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// The identity an attribute set names through the resource's parent attribute (`schema.parents`,
/// the newest first): the managed identity's ARM ID, or the application's
/// `/applications/{object id}` (azuread 3.x) or bare object ID (2.x `application_object_id`).
fn identity(values: &Map, schema: &Schema) -> (String, super::Location) {
    let id = schema.parents.iter().find_map(|k| {
        values
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    });
    match id {
        Some(id) => super::identity_from_id(id),
        None => (
            "an identity the file does not name".to_owned(),
            super::Location::default(),
        ),
    }
}

/// One instance's attributes as a credential, or what is missing from them.
fn credential(
    kind: &str,
    values: &Map,
    unknown: Option<&Map>,
) -> Result<(Credential, String, super::Location), String> {
    let Some(schema) = schema(kind) else {
        return Err(format!("{kind} is not a credential type"));
    };
    let mut missing = Vec::new();
    let mut get = |key: &str| -> Option<String> {
        let value = values.get(key).and_then(Value::as_str).map(str::to_owned);
        if value.is_none() {
            let later = unknown
                .and_then(|u| u.get(key))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            missing.push(if later {
                format!("the {key} is known only once the plan is applied")
            } else {
                format!("it has no {key}")
            });
        }
        value
    };
    let name = get(schema.name);
    let issuer = get("issuer");
    let matcher = get(schema.matcher());
    let audiences = strings(values.get(schema.audience));
    if audiences.is_none() {
        missing.push(format!("it has no {}", schema.audience));
    }
    match (name, issuer, matcher, audiences) {
        (Some(name), Some(issuer), Some(matcher), Some(audiences)) if missing.is_empty() => {
            let (identity, location) = identity(values, schema);
            Ok((
                Credential {
                    name,
                    issuer,
                    matcher: if schema.flexible {
                        Matcher::Expression(matcher)
                    } else {
                        Matcher::Subject(matcher)
                    },
                    audiences,
                    description: None,
                },
                identity,
                location,
            ))
        }
        _ => Err(missing.join("; ")),
    }
}

fn declared(
    source: &Source,
    address: String,
    kind: &str,
    values: &Map,
    unknown: Option<&Map>,
    action: Option<Action>,
    reading: &mut Reading,
) {
    match credential(kind, values, unknown) {
        Ok((credential, identity, location)) => reading.credentials.push(Declared {
            address,
            resource_type: kind.to_owned(),
            identity,
            location,
            file: source.name.clone(),
            line: 0,
            language: Language::TerraformJson,
            credential,
            fields: Vec::new(),
            action,
            keeps_issuer_and_subject: false,
        }),
        Err(why) => reading.unresolved.push(Unresolved {
            address,
            file: source.name.clone(),
            line: 0,
            why,
            language: super::Language::TerraformJson,
        }),
    }
}

/// Every resource of a `root_module` and its `child_modules`, depth first.
fn module_resources<'a>(module: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    if let Some(resources) = module.get("resources").and_then(Value::as_array) {
        out.extend(resources);
    }
    if let Some(children) = module.get("child_modules").and_then(Value::as_array) {
        for child in children {
            module_resources(child, out, depth + 1);
        }
    }
}

fn is_credential(kind: &str) -> bool {
    schema(kind).is_some()
}

/// Reads one plan, `terraform show -json` state, or state file.
pub fn read(source: &Source, reading: &mut Reading) {
    let value = match json::parse(source.text.trim()) {
        Ok(v) => v,
        Err(e) => {
            reading.refuse(
                &source.name,
                format!("{} is not valid JSON: {e}. Give what terraform show -json prints, or the state file", source.name),
            );
            return;
        }
    };
    let changes: Vec<&Value> = value
        .get("resource_changes")
        .and_then(Value::as_array)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    let change_of = |address: &str| {
        changes
            .iter()
            .find(|c| c.get("address").and_then(Value::as_str) == Some(address))
            .and_then(|c| c.get("change"))
    };
    let actions_of = |change: &Value| -> Option<Action> {
        let list: Vec<&str> = change
            .get("actions")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        Action::from_actions(&list)
    };
    let root = value
        .get("planned_values")
        .or_else(|| value.get("values"))
        .and_then(|v| v.get("root_module"));
    if let Some(root) = root {
        let mut resources = Vec::new();
        module_resources(root, &mut resources, 0);
        for r in resources {
            let (Some(kind), Some(address)) = (
                r.get("type").and_then(Value::as_str),
                r.get("address").and_then(Value::as_str),
            ) else {
                continue;
            };
            if !is_credential(kind) || r.get("mode").and_then(Value::as_str) == Some("data") {
                continue;
            }
            let empty = Map::new();
            let values = r.get("values").and_then(Value::as_object).unwrap_or(&empty);
            let change = change_of(address);
            let unknown = change
                .and_then(|c| c.get("after_unknown"))
                .and_then(Value::as_object);
            let action = change.and_then(actions_of);
            let before = change
                .and_then(|c| c.get("before"))
                .and_then(Value::as_object);
            let at = reading.credentials.len();
            declared(
                source,
                address.to_owned(),
                kind,
                values,
                unknown,
                action,
                reading,
            );
            if let (Some(Action::CreateThenDelete), Some(before), Some(d)) =
                (action, before, reading.credentials.get_mut(at))
                && let Ok((old, old_identity, _)) = credential(kind, before, None)
            {
                d.keeps_issuer_and_subject = old.issuer == d.credential.issuer
                    && old.matcher == d.credential.matcher
                    && old_identity == d.identity;
            }
        }
        // Deleted instances are only in resource_changes, with their values before.
        for change in &changes {
            let (Some(kind), Some(address), Some(c)) = (
                change.get("type").and_then(Value::as_str),
                change.get("address").and_then(Value::as_str),
                change.get("change"),
            ) else {
                continue;
            };
            if !is_credential(kind) || actions_of(c) != Some(Action::Delete) {
                continue;
            }
            if let Some(before) = c.get("before").and_then(Value::as_object) {
                declared(
                    source,
                    address.to_owned(),
                    kind,
                    before,
                    None,
                    Some(Action::Delete),
                    reading,
                );
            }
        }
        return;
    }
    // A raw state file (version 4).
    let Some(resources) = value.get("resources").and_then(Value::as_array) else {
        reading.refuse(
            &source.name,
            format!("{} has no planned_values, values or resources: give what terraform show -json prints for a plan or a state, or the state file itself", source.name),
        );
        return;
    };
    for r in resources {
        let (Some(kind), Some(name)) = (
            r.get("type").and_then(Value::as_str),
            r.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        if !is_credential(kind) || r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let module = r
            .get("module")
            .and_then(Value::as_str)
            .map(|m| format!("{m}."))
            .unwrap_or_default();
        for instance in r
            .get("instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let index = match instance.get("index_key") {
                Some(Value::String(k)) => format!("[{}]", json::quote(k)),
                Some(n @ Value::Number(_)) => {
                    n.as_u64().map(|n| format!("[{n}]")).unwrap_or_default()
                }
                _ => String::new(),
            };
            let empty = Map::new();
            let values = instance
                .get("attributes")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            declared(
                source,
                format!("{module}{kind}.{name}{index}"),
                kind,
                values,
                None,
                None,
                reading,
            );
        }
    }
}
