//! Service connection subjects read back: the legacy `sc://<org>/<project>/<connection>` with its
//! `vstoken` issuer, and the Entra issuer's `/eid1/c/pub/t/<T>/a/<A>/sc/<org-id>/<connection-id>`
//! (field guide §4).

use super::{AzureDevOpsInput, Generation};
use crate::guid::Guid;
use crate::platforms::Platform;
use crate::platforms::entra::first_party::FirstParty;

/// The builder inputs for a legacy-issuer token.
pub(crate) fn read_back_legacy(issuer: &str, subject: &str) -> Option<Platform> {
    let organization_id = issuer.rsplit('/').next()?.to_owned();
    let mut names = subject.strip_prefix("sc://")?.splitn(3, '/');
    let (organization, project, connection) = (names.next()?, names.next()?, names.next()?);
    Some(Platform::AzureDevops(AzureDevOpsInput {
        generation: Generation::Legacy,
        organization_id,
        organization: organization.to_owned(),
        project: project.to_owned(),
        connection: connection.to_owned(),
        ..Default::default()
    }))
}

/// The builder inputs for an Entra-issuer connection token; the tenant from the token's `tid`,
/// else from the subject's compact tenant segment.
pub(crate) fn read_back_entra(subject: &str, tenant: Option<&str>) -> Option<Platform> {
    let parts: Vec<&str> = subject.split('/').collect();
    let sc = parts.iter().position(|p| *p == "sc")?;
    let tenant = tenant.map(str::to_owned).or_else(|| {
        parts
            .get(5)
            .and_then(|t| Guid::from_compact(t))
            .map(|g| g.to_string())
    })?;
    Some(Platform::AzureDevops(AzureDevOpsInput {
        tenant_id: tenant,
        organization_id: (*parts.get(sc + 1)?).to_owned(),
        connection_id: (*parts.get(sc + 2)?).to_owned(),
        ..Default::default()
    }))
}

/// What a Subject identifier says: the generation, and the IDs or names it holds (empty where
/// it holds none).
pub(crate) struct Identifier {
    pub(crate) generation: Generation,
    pub(crate) tenant_id: String,
    pub(crate) organization_id: String,
    pub(crate) connection_id: String,
    pub(crate) organization: String,
    pub(crate) project: String,
    pub(crate) connection: String,
}

/// Reads the "Subject identifier" a service connection page shows.
pub(crate) fn read_identifier(text: &str) -> Option<Identifier> {
    let empty = || Identifier {
        generation: Generation::Entra,
        tenant_id: String::new(),
        organization_id: String::new(),
        connection_id: String::new(),
        organization: String::new(),
        project: String::new(),
        connection: String::new(),
    };
    if let Some(names) = text.strip_prefix("sc://") {
        let mut parts = names.splitn(3, '/');
        let (organization, project, connection) = (parts.next()?, parts.next()?, parts.next()?);
        if [organization, project, connection]
            .iter()
            .any(|p| p.is_empty())
        {
            return None;
        }
        return Some(Identifier {
            generation: Generation::Legacy,
            organization: organization.to_owned(),
            project: project.to_owned(),
            connection: connection.to_owned(),
            ..empty()
        });
    }
    let parts: Vec<&str> = text.strip_prefix("/eid1/")?.split('/').collect();
    let after = |key: &str| {
        parts
            .iter()
            .position(|p| *p == key)
            .and_then(|i| parts.get(i + 1))
            .copied()
    };
    // Only Azure DevOps' app segment makes a service connection subject.
    if FirstParty::of(text) != Some(FirstParty::AzureDevOps) {
        return None;
    }
    let tenant = Guid::from_compact(after("t")?)?;
    let sc = parts.iter().position(|p| *p == "sc")?;
    let organization: Guid = parts.get(sc + 1)?.parse().ok()?;
    let connection: Guid = parts.get(sc + 2)?.parse().ok()?;
    Some(Identifier {
        tenant_id: tenant.to_string(),
        organization_id: organization.to_string(),
        connection_id: connection.to_string(),
        ..empty()
    })
}
