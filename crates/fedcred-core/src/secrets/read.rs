//! Reading the listings (see the module's sources): apps with their secrets and certificates,
//! managed identities, and federated-credential lists tied to their app or identity. Keys are
//! matched without regard to case, so PowerShell's PascalCase reads as Graph's camelCase.

use std::collections::HashMap;

use super::{App, Key, Kind};
use crate::json::{self, Value};

/// What the listings hold, merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Every identity, in the order first read.
    pub apps: Vec<App>,
    /// Whether the listings hold every app.
    pub complete: bool,
    /// What was noticed beside the apps.
    pub findings: Vec<String>,
}

impl Default for Listing {
    fn default() -> Self {
        Listing {
            apps: Vec::new(),
            complete: true,
            findings: Vec::new(),
        }
    }
}

/// The most identities read, all files together: ten times the largest tenant's apps we know
/// people list, and what keeps a paste of hostile size bounded.
pub const MAX_APPS: usize = 200_000;

/// A field of an object, by name without regard to case.
fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn text(value: &Value, name: &str) -> Option<String> {
    field(value, name)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A date as the listings write it: RFC 3339 (Graph, az, PowerShell 7) or `/Date(ms)/` (Windows
/// PowerShell 5.1's ConvertTo-Json).
fn date(value: Option<&Value>) -> Option<i64> {
    let text = value?.as_str()?;
    if let Some(ms) = text
        .strip_prefix("/Date(")
        .and_then(|rest| rest.strip_suffix(")/"))
    {
        let digits: String = ms
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        return digits.parse::<i64>().ok().map(|ms| ms.div_euclid(1000));
    }
    crate::time::parse_iso8601(text)
}

fn key_list(value: Option<&Value>) -> Option<Vec<Key>> {
    let items = value?.as_array()?;
    Some(
        items
            .iter()
            .map(|k| Key {
                key_id: text(k, "keyId").unwrap_or_default(),
                display_name: text(k, "displayName"),
                end: date(field(k, "endDateTime")),
            })
            .collect(),
    )
}

/// What one document is.
enum Document<'a> {
    /// Applications (or managed identities), and whether the page says more follow.
    Apps(&'a [Value], bool),
    /// Federated credentials, tied to the app whose object ID `@odata.context` names, if it does.
    Fics(&'a [Value], Option<String>),
}

fn classify<'a>(value: &'a Value) -> Result<Document<'a>, String> {
    let object = value.as_object();
    if let Some(map) = object {
        if map.contains_key("environmentName") && map.contains_key("user") {
            return Err("this is what az account show prints (the signed-in account), not a listing of apps: run az ad app list --all -o json".to_owned());
        }
        if let Some(error) = map.get("error") {
            let code = text(error, "code").unwrap_or_default();
            let message = text(error, "message").unwrap_or_default();
            return Err(format!(
                "this is an error Graph answered ({code}: {message}), not a listing: run the query again with the permissions it needs (Application.Read.All)"
            ));
        }
    }
    let (items, more, context): (&[Value], bool, Option<&str>) = match value {
        Value::Array(items) => (items, false, None),
        Value::Object(map) => match map.get("value") {
            Some(Value::Array(items)) => (
                items,
                map.contains_key("@odata.nextLink") || map.contains_key("nextLink"),
                map.get("@odata.context").and_then(Value::as_str),
            ),
            // One object: PowerShell's ConvertTo-Json of a single app, or az … show.
            _ => (std::slice::from_ref(value), false, None),
        },
        other => return Err(format!("this is {}, not a listing of apps", other.kind())),
    };
    if let Some(context) = context
        && context.contains("/federatedIdentityCredentials")
    {
        let owner = context
            .split_once("applications('")
            .and_then(|(_, rest)| rest.split_once("')"))
            .map(|(id, _)| id.to_owned());
        return Ok(Document::Fics(items, owner));
    }
    let first = items.iter().find(|i| i.as_object().is_some());
    let Some(first) = first else {
        // An empty list: no federated credential, when its file names the app (see `read`).
        return Ok(if items.is_empty() {
            Document::Fics(items, None)
        } else {
            Document::Apps(items, more)
        });
    };
    let is_fic = field(first, "issuer").is_some() && field(first, "subject").is_some()
        || field(first, "claimsMatchingExpression").is_some();
    if is_fic && field(first, "appId").is_none() {
        return Ok(Document::Fics(items, None));
    }
    if field(first, "appId").is_some() || field(first, "clientId").is_some() {
        return Ok(Document::Apps(items, more));
    }
    Err("this JSON is not a listing of apps (no appId) nor of federated credentials (no issuer and subject): give what az ad app list --all -o json, Graph's GET /applications or Get-MgApplication | ConvertTo-Json prints".to_owned())
}

/// Reads each `(name, text)` and merges what they say. A file that cannot be read is named in
/// the findings, with what it is when that is known; `Err` only when no file holds an app.
pub fn read(files: &[(&str, &str)]) -> Result<Listing, String> {
    let mut listing = Listing::default();
    let mut errors = Vec::new();
    // Federated-credential lists, read after every app is known: (file, owner, count, items).
    let mut fic_lists: Vec<(String, Option<String>, Vec<Value>)> = Vec::new();
    // Where each app is in `listing.apps`, by kind and lower-case app ID: merging stays linear.
    let mut index: HashMap<(bool, String), usize> = HashMap::new();
    for (name, text) in files {
        let value = match json::parse(text.trim()) {
            Ok(v) => v,
            Err(e) => {
                errors.push(format!(
                    "{name}: not valid JSON ({e}); was the output cut? Run the command again with -o json into a file"
                ));
                continue;
            }
        };
        match classify(&value) {
            Err(why) => errors.push(format!("{name}: {why}")),
            Ok(Document::Fics(items, owner)) => {
                fic_lists.push(((*name).to_owned(), owner, items.to_vec()));
            }
            Ok(Document::Apps(items, more)) => {
                if more {
                    listing.complete = false;
                    listing.findings.push(format!("{name}: Graph says more pages follow (@odata.nextLink): the report covers these apps only; follow the link, or use az ad app list --all"));
                }
                if matches!(value, Value::Array(_)) && items.len() == 100 {
                    listing.complete = false;
                    listing.findings.push(format!("{name}: exactly 100 apps, what az ad app list prints without --all: the list may be cut; run az ad app list --all -o json"));
                }
                for item in items {
                    if listing.apps.len() >= MAX_APPS {
                        listing.complete = false;
                        listing.findings.push(format!(
                            "more than {MAX_APPS} identities: the rest are not read"
                        ));
                        break;
                    }
                    if let Some(app) = app(item) {
                        merge(&mut listing.apps, &mut index, app);
                    }
                }
            }
        }
    }
    for (name, owner, items) in fic_lists {
        // A bare list is tied by an ID its file name holds; a managed identity's by its ARM ids.
        let by_arm = items.iter().filter_map(|i| text(i, "id")).find_map(|id| {
            id.to_ascii_lowercase()
                .split_once("/federatedidentitycredentials/")
                .map(|(arm, _)| arm.to_owned())
        });
        let lower = name.to_ascii_lowercase();
        let target = listing.apps.iter_mut().find(|a| {
            owner
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&a.object_id))
                || by_arm.as_deref().is_some_and(|arm| {
                    a.arm_id
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(arm))
                })
                || !a.app_id.is_empty() && lower.contains(&a.app_id.to_ascii_lowercase())
                || !a.object_id.is_empty() && lower.contains(&a.object_id.to_ascii_lowercase())
        });
        match target {
            Some(app) => app.fics = Some(app.fics.unwrap_or(0).max(items.len())),
            None => listing.findings.push(format!(
                "{name}: {} federated credentials that cannot be tied to an app: az ad app federated-credential list names none; save each app's list in a file whose name holds its app ID (fics-APPID.json), or use Graph's GET /applications/ID/federatedIdentityCredentials",
                items.len()
            )),
        }
    }
    if listing.apps.is_empty() {
        let mut why = errors.clone();
        if why.is_empty() {
            why.push("no app in the files given: give what az ad app list --all -o json, Graph's GET /applications or Get-MgApplication | ConvertTo-Json prints".to_owned());
        }
        return Err(why.join("; "));
    }
    listing
        .findings
        .extend(errors.into_iter().map(|e| format!("{e}: left out")));
    Ok(listing)
}

/// One app registration or managed identity.
fn app(item: &Value) -> Option<App> {
    item.as_object()?;
    if let Some(client) = text(item, "clientId")
        && text(item, "appId").is_none()
    {
        // A user-assigned managed identity (az identity list): no credential in its schema.
        let arm = text(item, "id");
        return Some(App {
            kind: Kind::ManagedIdentity,
            app_id: client,
            object_id: text(item, "principalId").unwrap_or_default(),
            display_name: text(item, "name").unwrap_or_default(),
            arm_id: arm,
            secrets: Some(Vec::new()),
            certificates: Some(Vec::new()),
            fics: None,
        });
    }
    let app_id = text(item, "appId")?;
    let fics = field(item, "federatedIdentityCredentials")
        .and_then(Value::as_array)
        .map(Vec::len);
    Some(App {
        kind: Kind::Application,
        app_id,
        object_id: text(item, "id").unwrap_or_default(),
        display_name: text(item, "displayName").unwrap_or_default(),
        arm_id: None,
        secrets: key_list(field(item, "passwordCredentials")),
        certificates: key_list(field(item, "keyCredentials")),
        fics,
    })
}

/// Adds `app`, or fills in what an earlier listing of the same app lacked.
fn merge(apps: &mut Vec<App>, index: &mut HashMap<(bool, String), usize>, app: App) {
    let key = (
        app.kind == Kind::ManagedIdentity,
        app.app_id.to_ascii_lowercase(),
    );
    match index.get(&key).and_then(|&at| apps.get_mut(at)) {
        Some(known) => {
            if known.object_id.is_empty() {
                known.object_id = app.object_id;
            }
            if known.display_name.is_empty() {
                known.display_name = app.display_name;
            }
            known.secrets = known.secrets.take().or(app.secrets);
            known.certificates = known.certificates.take().or(app.certificates);
            known.fics = match (known.fics, app.fics) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        None => {
            index.insert(key, apps.len());
            apps.push(app);
        }
    }
}
