//! Reading credentials from the JSON people have at hand: one object or a list; the output of
//! `az identity federated-credential list/show` and `az ad app federated-credential list`; Graph
//! responses (`{"value": […]}`); ARM resources with `properties`; flexible credentials with
//! `claimsMatchingExpression`.

use crate::json::{self, Map, Value};
use serde::Serialize;

use crate::credential::{Credential, Matcher};
use crate::finding::{Code, Finding};

/// Where an imported credential lives, when its JSON says (ARM `id`s do).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Location {
    /// The managed identity's name.
    pub identity_name: Option<String>,
    /// Its resource group.
    pub resource_group: Option<String>,
    /// Its subscription.
    pub subscription: Option<String>,
}

/// One imported credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The credential.
    pub credential: Credential,
    /// Where it lives, if known.
    pub location: Location,
    /// What Entra's record rules say of the credential: checked once here, not every time a
    /// token is compared with it or the set is audited.
    pub rules: Vec<Finding>,
}

impl Imported {
    /// An imported credential, checked against Entra's rules.
    pub fn new(credential: Credential, location: Location) -> Imported {
        let rules = crate::validation::validate_credential(&credential);
        Imported {
            credential,
            location,
            rules,
        }
    }

    /// The first Entra rule the credential breaks, if any.
    pub fn broken_rule(&self) -> Option<&str> {
        self.rules
            .iter()
            .find(|f| f.is_error())
            .map(|f| f.message.as_str())
    }
}

/// Everything read from a paste.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Import {
    /// The credentials that could be read.
    pub credentials: Vec<Imported>,
    /// What could not be read, each as a `fic_invalid` finding.
    pub findings: Vec<Finding>,
}

fn string(map: &Map, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| map.get(k).and_then(Value::as_str))
        .map(str::to_owned)
}

/// Where an ARM id says a resource lives (its managed identity, resource group, subscription).
pub(crate) fn location_of(id: &str) -> Location {
    location_from_id(id, None)
}

/// Reads the managed identity, resource group and subscription from an ARM id such as
/// `/subscriptions/S/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MI/federatedIdentityCredentials/N`.
fn location_from_id(id: &str, resource_group: Option<String>) -> Location {
    let parts: Vec<&str> = id.split('/').collect();
    let after = |key: &str| {
        parts
            .iter()
            .position(|p| p.eq_ignore_ascii_case(key))
            .and_then(|i| parts.get(i + 1))
            .map(|s| (*s).to_owned())
    };
    Location {
        identity_name: after("userAssignedIdentities"),
        resource_group: resource_group.or_else(|| after("resourceGroups")),
        subscription: after("subscriptions"),
    }
}

/// The credential's own name when `name` is an ARM child resource's `PARENT/CHILD` (what
/// `az resource list` and ARM templates print): the id ends in `/federatedIdentityCredentials/CHILD`
/// and names PARENT just before it (ARM compares names case-insensitively). Any other name is
/// the credential's whole name, even one with a `/` that Entra would refuse (field guide §1).
fn child_name<'a>(name: &'a str, id: &str) -> Option<&'a str> {
    let (parent, child) = name.split_once('/')?;
    let mut segments = id.trim_end_matches('/').rsplit('/');
    let (id_child, kind, id_parent) = (segments.next()?, segments.next()?, segments.next()?);
    (kind.eq_ignore_ascii_case("federatedIdentityCredentials")
        && id_child.eq_ignore_ascii_case(child)
        && id_parent.eq_ignore_ascii_case(parent))
    .then_some(child)
}

fn one(index: usize, item: &Value) -> Result<Imported, String> {
    let Value::Object(outer) = item else {
        return Err(format!(
            "item {} is {}, not a credential object",
            index + 1,
            item.kind()
        ));
    };
    let props = match outer.get("properties") {
        Some(Value::Object(p)) => p,
        _ => outer,
    };
    let id = string(outer, &["id"]).unwrap_or_default();
    let name = string(outer, &["name"])
        .or_else(|| string(props, &["name"]))
        .map(|n| child_name(&n, &id).unwrap_or(&n).to_owned())
        .unwrap_or_else(|| format!("credential-{}", index + 1));
    let issuer = string(props, &["issuer"]).ok_or_else(|| format!("'{name}' has no issuer"))?;
    let audiences = match props.get("audiences").or_else(|| props.get("audience")) {
        Some(Value::Array(items)) => {
            let audiences: Vec<String> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            if audiences.len() != items.len() {
                return Err(format!("'{name}' has an audience that is not a string"));
            }
            audiences
        }
        Some(Value::String(s)) => vec![s.clone()],
        Some(other) => {
            return Err(format!(
                "'{name}' has audiences as {}, not a list of strings",
                other.kind()
            ));
        }
        None => return Err(format!("'{name}' has no audiences")),
    };
    let matcher = match (
        string(props, &["subject"]),
        props.get("claimsMatchingExpression"),
    ) {
        (Some(subject), None | Some(Value::Null)) => Matcher::Subject(subject),
        (None, Some(Value::Object(cme))) => {
            Matcher::Expression(string(cme, &["value"]).ok_or_else(|| {
                format!("'{name}' has a claimsMatchingExpression without a value")
            })?)
        }
        (Some(_), Some(_)) => {
            return Err(format!(
                "'{name}' has both a subject and a claimsMatchingExpression"
            ));
        }
        (None, _) => {
            return Err(format!(
                "'{name}' has neither a subject nor a claimsMatchingExpression"
            ));
        }
    };
    Ok(Imported::new(
        Credential {
            name,
            issuer,
            matcher,
            audiences,
            description: string(props, &["description"]),
        },
        location_from_id(&id, string(outer, &["resourceGroup"])),
    ))
}

/// Reads credentials from pasted JSON. Never panics; what cannot be read is a finding.
pub fn import(text: &str) -> Import {
    let mut result = Import::default();
    let value: Value = match json::parse(text.trim()) {
        Ok(v) => v,
        Err(e) => {
            result.findings.push(Finding::error(Code::FicInvalid, "fics", format!("the credentials are not valid JSON: {e}. Paste the output of az identity federated-credential list, or Graph's JSON")));
            return result;
        }
    };
    match items(&value) {
        Ok(items) => {
            for (i, item) in items.iter().enumerate() {
                match import_item(i, item) {
                    Ok(imported) => result.credentials.push(imported),
                    Err(finding) => result.findings.push(finding),
                }
            }
        }
        Err(finding) => result.findings.push(finding),
    }
    result
}

/// The credential entries of a parsed paste: a list, Graph's `{"value": […]}`, or one object.
pub fn items(value: &Value) -> Result<&[Value], Finding> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(map) => match map.get("value") {
            Some(Value::Array(items)) => Ok(items),
            _ => Ok(std::slice::from_ref(value)),
        },
        other => Err(Finding::error(
            Code::FicInvalid,
            "fics",
            format!(
                "the credentials JSON is {}, not an object or a list",
                other.kind()
            ),
        )),
    }
}

/// Entry `index` (0-based) of a paste, read, or why not (a `fic_invalid` finding).
pub fn import_item(index: usize, item: &Value) -> Result<Imported, Finding> {
    one(index, item).map_err(|reason| {
        Finding::error(
            Code::FicInvalid,
            "fics",
            format!("{reason}; it is left out of the comparison"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(text: &str) -> Vec<String> {
        import(text)
            .credentials
            .into_iter()
            .map(|i| i.credential.subject().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn every_shape_people_paste_is_read() {
        let cases = [
            (
                "graph_object",
                r#"{"name":"a","issuer":"https://i","subject":"s1","audiences":["api://AzureADTokenExchange"]}"#,
            ),
            (
                "list",
                r#"[{"name":"a","issuer":"https://i","subject":"s1","audiences":["x"]}]"#,
            ),
            (
                "graph_value_list",
                r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#applications('1')/federatedIdentityCredentials","value":[{"id":"1","name":"a","issuer":"https://i","subject":"s1","audiences":["x"],"description":null}]}"#,
            ),
            (
                "arm_resource",
                r#"{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi/federatedIdentityCredentials/a","name":"a","type":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials","properties":{"issuer":"https://i","subject":"s1","audiences":["x"]}}"#,
            ),
            (
                "az_identity_list",
                r#"[{"audiences":["x"],"id":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi/federatedIdentityCredentials/a","issuer":"https://i","name":"a","resourceGroup":"rg","subject":"s1","type":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"}]"#,
            ),
        ];
        for (situation, text) in cases {
            assert_eq!(subjects(text), ["s1"], "{situation}");
        }
    }

    #[test]
    fn arm_ids_tell_where_the_credential_lives() {
        let text = r#"[{"audiences":["x"],"id":"/subscriptions/sub-1/resourcegroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/a","issuer":"https://i","name":"a","subject":"s"}]"#;
        let location = &import(text).credentials[0].location;
        assert_eq!(location.identity_name.as_deref(), Some("id-pay"));
        assert_eq!(location.resource_group.as_deref(), Some("rg-pay"));
        assert_eq!(location.subscription.as_deref(), Some("sub-1"));
    }

    #[test]
    fn flexible_credentials_keep_their_expression() {
        let text = r#"{"name":"f","issuer":"https://token.actions.githubusercontent.com","audiences":["api://AzureADTokenExchange"],"claimsMatchingExpression":{"languageVersion":1,"value":"claims['sub'] matches 'repo:o/r:*'"}}"#;
        assert_eq!(
            import(text).credentials[0].credential.expression(),
            Some("claims['sub'] matches 'repo:o/r:*'")
        );
    }

    #[test]
    fn unreadable_items_are_findings_and_the_rest_still_count() {
        let text = r#"[{"name":"ok","issuer":"https://i","subject":"s","audiences":["x"]}, {"name":"no-issuer","subject":"s","audiences":["x"]}, 42, {"name":"bad-aud","issuer":"https://i","subject":"s","audiences":[1]}, {"name":"extra","issuer":"https://i","subject":"s2","audiences":["x"],"unknownField":true}]"#;
        let result = import(text);
        let names: Vec<&str> = result
            .credentials
            .iter()
            .map(|c| c.credential.name.as_str())
            .collect();
        assert_eq!(names, ["ok", "extra"]);
        let messages: Vec<&str> = result.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages.len(), 3);
        assert!(messages[0].starts_with("'no-issuer' has no issuer"));
        assert!(messages[1].starts_with("item 3 is a number"));
        assert!(messages[2].starts_with("'bad-aud' has an audience that is not a string"));
        assert!(result.findings.iter().all(|f| f.code == "fic_invalid"));
    }

    #[test]
    fn names_stay_whole_unless_an_arm_id_names_their_parent() {
        let id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/prod";
        let cases = [
            ("a_plain_name", "prod", "", "prod"),
            ("a_slash_without_an_id", "team/prod", "", "team/prod"),
            ("an_arm_child_resource", "id-pay/prod", id, "prod"),
            ("an_arm_child_in_another_case", "ID-PAY/Prod", id, "Prod"),
            (
                "a_prefix_that_is_not_the_parent",
                "team/prod",
                id,
                "team/prod",
            ),
            (
                "a_child_that_is_not_the_ids",
                "id-pay/staging",
                id,
                "id-pay/staging",
            ),
            ("two_slashes", "id-pay/prod/x", id, "id-pay/prod/x"),
        ];
        for (situation, name, id, expected) in cases {
            let text = format!(
                r#"{{"id":"{id}","name":"{name}","issuer":"https://i","subject":"s","audiences":["x"]}}"#
            );
            let read = import(&text);
            assert_eq!(read.credentials[0].credential.name, expected, "{situation}");
        }
        let refused =
            import(r#"{"name":"team/prod","issuer":"https://i","subject":"s","audiences":["x"]}"#);
        assert!(
            refused.credentials[0]
                .rules
                .iter()
                .any(|f| f.code == Code::NameInvalid),
            "a name Entra refuses keeps its record finding"
        );
    }

    #[test]
    fn text_that_is_not_json_says_so() {
        let result = import("name: a\nissuer: https://i");
        assert!(result.credentials.is_empty());
        assert!(
            result.findings[0]
                .message
                .starts_with("the credentials are not valid JSON")
        );
    }
}
