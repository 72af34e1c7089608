//! The identity that holds the credentials: a user-assigned managed identity or an app
//! registration. Snippets need it to name what they change.

use serde::Serialize;

use crate::finding::{Code, Finding};
use crate::guid::Guid;

/// Where the credentials go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// A user-assigned managed identity (system-assigned ones cannot hold credentials).
    ManagedIdentity {
        /// The identity's name.
        name: String,
        /// Its resource group.
        resource_group: String,
        /// Its subscription ID; empty for the CLI's current subscription.
        subscription: String,
        /// Its Azure region (e.g. `westeurope`), to warn where credentials are not supported.
        location: String,
    },
    /// An app registration.
    AppRegistration {
        /// The application (client) ID.
        client_id: String,
        /// The application's object ID (Graph and some PowerShell cmdlets need it).
        object_id: String,
    },
}

impl Default for Target {
    fn default() -> Self {
        Target::ManagedIdentity {
            name: String::new(),
            resource_group: String::new(),
            subscription: String::new(),
            location: String::new(),
        }
    }
}

impl Target {
    /// Whether this is a managed identity.
    pub fn is_managed_identity(&self) -> bool {
        matches!(self, Target::ManagedIdentity { .. })
    }
}

/// Regions where a user-assigned identity cannot hold federated credentials. Two versions of the
/// Entra page list different regions (field guide §1), so this is their union and only warns.
pub const UNSUPPORTED_REGIONS: &[(&str, &str)] = &[
    ("eastasia", "East Asia"),
    ("israelcentral", "Israel Central"),
    ("italynorth", "Italy North"),
    ("malaysiasouth", "Malaysia South"),
    ("mexicocentral", "Mexico Central"),
    ("newzealandnorth", "New Zealand North"),
    ("qatarcentral", "Qatar Central"),
    ("spaincentral", "Spain Central"),
];

impl Target {
    /// Checks the identity's names and IDs. Empty values are allowed: snippets then use
    /// placeholders that stop loudly.
    pub fn validate(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let guid = |value: &str, field: &'static str, label: &str, findings: &mut Vec<Finding>| {
            if !value.is_empty() && value.parse::<Guid>().is_err() {
                findings.push(Finding::error(
                    Code::GuidInvalid,
                    field,
                    format!("the {label} is a GUID like 11111111-2222-3333-4444-555555555555"),
                ));
            }
        };
        match self {
            Target::ManagedIdentity {
                name,
                resource_group,
                subscription,
                location,
            } => {
                // Azure naming rules for Microsoft.ManagedIdentity/userAssignedIdentities and resource groups.
                let name_ok = name.is_empty()
                    || ((3..=128).contains(&name.chars().count())
                        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
                if !name_ok {
                    findings.push(Finding::error(Code::IdentityNameInvalid, "identity_name", "a managed identity name is 3 to 128 letters, digits, '-' or '_', starting with a letter or digit"));
                }
                let group_ok = resource_group.is_empty()
                    || (resource_group.chars().count() <= 90
                        && !resource_group.ends_with('.')
                        && resource_group.chars().all(|c| {
                            c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')')
                        }));
                if !group_ok {
                    findings.push(Finding::error(Code::ResourceGroupInvalid, "resource_group", "a resource group name is up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'"));
                }
                guid(
                    subscription,
                    "subscription",
                    "subscription ID",
                    &mut findings,
                );
                let region: String = location
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if let Some((_, label)) = UNSUPPORTED_REGIONS.iter().find(|(key, _)| *key == region)
                {
                    findings.push(Finding::warning(
                        Code::RegionUnsupported,
                        "location",
                        format!("Entra documents that user-assigned identities in {label} cannot hold federated credentials; create the identity in another region"),
                    ));
                }
            }
            Target::AppRegistration {
                client_id,
                object_id,
            } => {
                guid(
                    client_id,
                    "app_id",
                    "application (client) ID",
                    &mut findings,
                );
                guid(
                    object_id,
                    "app_object_id",
                    "application object ID",
                    &mut findings,
                );
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mi(name: &str, group: &str, location: &str) -> Target {
        Target::ManagedIdentity {
            name: name.into(),
            resource_group: group.into(),
            subscription: String::new(),
            location: location.into(),
        }
    }

    #[test]
    fn identity_names_and_groups_follow_azure_naming_rules() {
        let codes = |t: Target| {
            t.validate()
                .into_iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        };
        assert!(codes(mi("id-payments", "rg-payments(prod)", "westeurope")).is_empty());
        assert!(
            codes(mi("", "", "")).is_empty(),
            "unknown values become placeholders"
        );
        assert_eq!(
            codes(mi("id payments", "rg", "")),
            ["identity_name_invalid"]
        );
        assert_eq!(codes(mi("id", "rg", "")), ["identity_name_invalid"]);
        assert_eq!(codes(mi("id-1", "rg.", "")), ["resource_group_invalid"]);
        assert_eq!(
            codes(mi("id-1", "rg", "Israel Central")),
            ["region_unsupported"]
        );
        let app = Target::AppRegistration {
            client_id: "payments-app".into(),
            object_id: String::new(),
        };
        assert_eq!(codes(app), ["guid_invalid"]);
    }
}
