//! What an audit reads: one or several credential lists (`az … federated-credential list`,
//! Graph's `{"value": […]}`, ARM resources), concatenated or as an array of lists, grouped by
//! identity; and the repositories' IDs from what `gh api repos/OWNER/REPO` printed.

use super::{AuditFinding, Identity};
use crate::finding::{Code, Severity};
use crate::import::{Imported, Location};
use crate::json::{self, Value};

/// Repository IDs: `(OWNER/REPO, owner ID, repository ID)`.
pub type GithubIds = Vec<(String, String, String)>;

/// Splits `text` into its top-level JSON documents (`[…][…]`, `{…}\n{…}`): a document ends
/// where its brackets close, outside strings. What follows a document that is not another one is
/// kept whole, so the JSON reader names its error.
fn documents(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut start) = (0usize, false, false, None);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                if depth == 0 {
                    start = Some(i);
                }
                depth += 1;
            }
            ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(s) = start.take()
                {
                    out.push(text.get(s..=i).unwrap_or_default());
                }
            }
            c if depth == 0 && !c.is_whitespace() => {
                out.push(text.get(i..).unwrap_or_default());
                return out;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(text.get(s..).unwrap_or_default());
    }
    out
}

/// The application a Graph response names (`@odata.context: …applications('ID')/…`).
fn graph_owner(value: &Value) -> Option<String> {
    let context = value.get("@odata.context")?.as_str()?;
    let (_, rest) = context
        .split_once("applications('")
        .or_else(|| context.split_once("applications(id='"))?;
    rest.split('\'')
        .next()
        .map(|id| format!("application {id}"))
}

/// A document's lists: an array of lists gives each; anything else is one list.
fn lists(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items)
            if !items.is_empty()
                && items.iter().all(|i| {
                    matches!(i, Value::Array(_))
                        || i.get("value").is_some_and(|v| matches!(v, Value::Array(_)))
                }) =>
        {
            items
        }
        other => vec![other],
    }
}

/// A paste's lists, parsed, each with the name its identity gets when its entries carry none;
/// and what could not be parsed.
pub(super) fn lists_of(text: &str) -> (Vec<(Value, String)>, Vec<AuditFinding>) {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    let docs = documents(text);
    if docs.is_empty() {
        unreadable.push(unreadable_finding(String::new(), "nothing to audit: paste the output of az identity federated-credential list, az ad app federated-credential list or Graph's JSON".to_owned()));
    }
    for doc in docs {
        match json::parse(doc.trim()) {
            Ok(value) => {
                for list in lists(value) {
                    let name =
                        graph_owner(&list).unwrap_or_else(|| format!("identity {}", out.len() + 1));
                    out.push((list, name));
                }
            }
            Err(e) => {
                let name = format!("identity {}", out.len() + 1);
                unreadable.push(unreadable_finding(name, format!("the credentials are not valid JSON: {e}. Paste the output of az identity federated-credential list, or Graph's JSON")));
            }
        }
    }
    (out, unreadable)
}

pub(super) fn unreadable_finding(identity: String, message: String) -> AuditFinding {
    AuditFinding {
        code: Code::FicInvalid,
        severity: Severity::Error,
        identity,
        fic: None,
        message,
        fix: "correct or remove this entry and paste again".to_owned(),
        command: None,
        migration: None,
        edit: None,
    }
}

/// Whether two locations name the same managed identity: subscription, resource group and name
/// (Azure resource names and groups compare case-insensitively; an id without a subscription
/// matches any).
fn same_identity(a: &Location, b: &Location) -> bool {
    let eq = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    a.identity_name.is_some()
        && eq(&a.identity_name, &b.identity_name)
        && eq(&a.resource_group, &b.resource_group)
        && eq(&a.subscription, &b.subscription)
}

/// Adds `imported` to the identity its ARM id names (by its full address: two identities of one
/// name in different resource groups or subscriptions stay apart), else to `fallback`.
/// Reads at most `n` entries of `list`, from entry `from`, into `identities` (an empty list is
/// an identity with no credential yet: 0 of 20 used); what cannot be read goes to `findings`.
/// Returns how many entries it read and whether the list is done.
pub(super) fn read_slice(
    list: &Value,
    fallback: &str,
    from: usize,
    n: usize,
    identities: &mut Vec<Identity>,
    findings: &mut Vec<AuditFinding>,
) -> (usize, bool) {
    match crate::import::items(list) {
        Ok(items) => {
            if items.is_empty() && !identities.iter().any(|i| i.name == fallback) {
                identities.push(Identity {
                    name: fallback.to_owned(),
                    location: Default::default(),
                    credentials: Vec::new(),
                });
            }
            let end = from.saturating_add(n).min(items.len());
            let slice = items.get(from..end).unwrap_or_default();
            for (i, item) in (from..).zip(slice) {
                match crate::import::import_item(i, item) {
                    Ok(imported) => place(identities, imported, fallback),
                    Err(f) => findings.push(unreadable_finding(fallback.to_owned(), f.message)),
                }
            }
            (end.saturating_sub(from), end >= items.len())
        }
        Err(f) => {
            findings.push(unreadable_finding(fallback.to_owned(), f.message));
            (0, true)
        }
    }
}

pub(super) fn place(identities: &mut Vec<Identity>, imported: Imported, fallback: &str) {
    let found = match &imported.location.identity_name {
        Some(_) => identities
            .iter_mut()
            .find(|i| same_identity(&i.location, &imported.location)),
        None => identities
            .iter_mut()
            .find(|i| i.location.identity_name.is_none() && i.name == fallback),
    };
    match found {
        Some(identity) => identity.credentials.push(imported),
        None => identities.push(Identity {
            name: imported
                .location
                .identity_name
                .clone()
                .unwrap_or_else(|| fallback.to_owned()),
            location: imported.location.clone(),
            credentials: vec![imported],
        }),
    }
}

/// Names identities that share a name by their resource group (and subscription, when that is
/// what tells them apart), so that every finding and script names one identity.
pub(super) fn qualify_names(identities: &mut [Identity]) {
    let names: Vec<String> = identities
        .iter()
        .map(|i| i.name.to_ascii_lowercase())
        .collect();
    let groups: Vec<String> = identities
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i.name.to_ascii_lowercase(),
                i.location
                    .resource_group
                    .as_deref()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            )
        })
        .collect();
    for (i, identity) in identities.iter_mut().enumerate() {
        let key = names.get(i).cloned().unwrap_or_default();
        if names.iter().filter(|n| **n == key).count() < 2 {
            continue;
        }
        let Location {
            resource_group,
            subscription,
            ..
        } = &identity.location;
        let group = groups.get(i).cloned().unwrap_or_default();
        let same_group = groups.iter().filter(|g| **g == group).count() > 1;
        identity.name = match (resource_group, subscription) {
            (Some(rg), Some(sub)) if same_group => {
                format!(
                    "{} (resource group {rg}, subscription {sub})",
                    identity.name
                )
            }
            (Some(rg), _) => format!("{} (resource group {rg})", identity.name),
            _ => identity.name.clone(),
        };
    }
}

/// Reads what `gh api repos/OWNER/REPO` printed, for one repository or several (concatenated, or
/// an array); entries without `full_name`, `id` and `owner.id` are skipped.
pub fn read_github_ids(text: &str) -> GithubIds {
    let mut out = Vec::new();
    for doc in documents(text) {
        let Ok(value) = json::parse(doc.trim()) else {
            continue;
        };
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let number = |v: Option<&Value>| {
                v.and_then(|v| {
                    v.as_u64()
                        .map(|n| n.to_string())
                        .or_else(|| v.as_str().map(str::to_owned))
                })
            };
            let repo = item.get("full_name").and_then(Value::as_str);
            let repo_id = number(item.get("id"));
            let owner_id = number(item.get("owner").and_then(|o| o.get("id")));
            if let (Some(repo), Some(repo_id), Some(owner_id)) = (repo, repo_id, owner_id) {
                out.push((repo.to_owned(), owner_id, repo_id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenated_documents_are_split_outside_strings() {
        assert_eq!(
            documents("[1] [\"]\"]\n{\"a\": \"}\"}"),
            ["[1]", "[\"]\"]", "{\"a\": \"}\"}"]
        );
        assert_eq!(documents("[1] junk"), ["[1]", "junk"]);
        assert_eq!(documents("   "), Vec::<&str>::new());
    }

    #[test]
    fn github_ids_from_one_or_several_gh_outputs() {
        let one = r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"login": "contoso", "id": 5544123}}"#;
        assert_eq!(
            read_github_ids(one),
            [(
                "contoso/payments".to_owned(),
                "5544123".to_owned(),
                "821093847".to_owned()
            )]
        );
        assert_eq!(read_github_ids(&format!("{one}\n{one}")).len(), 2);
        assert!(read_github_ids("not json").is_empty());
    }
}
