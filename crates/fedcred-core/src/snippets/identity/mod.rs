//! The identity side: commands and templates that create the credentials
//! (field guide §6 for every command, cmdlet, API version and resource type).

mod iac;
mod shell;

pub use iac::{bicep, terraform};
pub use shell::{az, graph, powershell, powershell_graph};

use super::Context;
use super::quote::{sh, sh_required};
use crate::credential::{Credential, GraphCredential};
use crate::guid::Guid;
use crate::json::{Map, Value};
use crate::platforms::entra::issuer::UNKNOWN_LOGIN_HOST;

/// ARM API version that is GA for managed identity credentials.
pub const MI_API: &str = "2023-01-31";
/// ARM API version that adds `claimsMatchingExpression` for managed identities (preview).
pub const MI_PREVIEW_API: &str = "2025-01-31-preview";

const SERIAL_NOTE: &str = "Entra refuses concurrent writes to one identity (HTTP 409): the credentials are created one after another.";
const PROPAGATION_NOTE: &str = "A new credential takes a few minutes to apply; until then the exchange fails with AADSTS70021.";

fn any_flexible(credentials: &[Credential]) -> bool {
    credentials.iter().any(Credential::is_flexible)
}

fn common_notes(context: Context<'_>) -> Vec<String> {
    let mut notes = vec![PROPAGATION_NOTE.to_owned()];
    if context.credentials.len() > 1 {
        notes.push(SERIAL_NOTE.to_owned());
    }
    if context
        .credentials
        .iter()
        .any(|c| c.issuer.contains(UNKNOWN_LOGIN_HOST))
    {
        notes.push(format!("The issuer holds {UNKNOWN_LOGIN_HOST}, which fedcred does not guess: replace the whole issuer with the iss of a real token before running this; a credential created with the placeholder never matches."));
    }
    notes
}

/// The ARM request body of a flexible credential on a managed identity (preview API).
fn mi_flexible_body(c: &Credential) -> Value {
    let graph = GraphCredential::from(c).to_json();
    let mut properties = Map::new();
    for key in ["issuer", "audiences", "claimsMatchingExpression"] {
        properties.insert(key.into(), graph.get(key).cloned().unwrap_or_default());
    }
    let mut body = Map::new();
    body.insert("properties".into(), properties.into());
    body.into()
}

/// A GUID-shaped value, normalised, or nothing.
fn guid(value: &str) -> Option<String> {
    value.parse::<Guid>().ok().map(|g| g.to_string())
}

/// The managed identity's name and resource group as bash words: quoted values, or variables
/// that stop the script when unset.
pub(crate) fn sh_identity(name: &str, resource_group: &str) -> (String, String) {
    let identity = if name.is_empty() {
        sh_required(
            "IDENTITY_NAME",
            "set IDENTITY_NAME to the managed identity name",
        )
    } else {
        sh(name)
    };
    let group = if resource_group.is_empty() {
        sh_required(
            "RESOURCE_GROUP",
            "set RESOURCE_GROUP to the resource group of the identity",
        )
    } else {
        sh(resource_group)
    };
    (identity, group)
}
