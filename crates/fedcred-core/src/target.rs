//! The identity that holds the credentials: a user-assigned managed identity or an app
//! registration. Snippets need it to name what they change.

use serde::{Deserialize, Serialize};

/// Where the credentials go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Target {
    /// A user-assigned managed identity (system-assigned ones cannot hold credentials).
    ManagedIdentity {
        /// The identity's name.
        #[serde(default)]
        name: String,
        /// Its resource group.
        #[serde(default)]
        resource_group: String,
        /// Its subscription ID; empty for the CLI's current subscription.
        #[serde(default)]
        subscription: String,
    },
    /// An app registration.
    AppRegistration {
        /// The application (client) ID.
        #[serde(default)]
        client_id: String,
        /// The application's object ID (Graph and some PowerShell cmdlets need it).
        #[serde(default)]
        object_id: String,
    },
}

impl Default for Target {
    fn default() -> Self {
        Target::ManagedIdentity {
            name: String::new(),
            resource_group: String::new(),
            subscription: String::new(),
        }
    }
}

impl Target {
    /// Whether this is a managed identity.
    pub fn is_managed_identity(&self) -> bool {
        matches!(self, Target::ManagedIdentity { .. })
    }
}
