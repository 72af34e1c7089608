//! Service connection subjects read back: the legacy `sc://<org>/<project>/<connection>` with its
//! `vstoken` issuer, and the Entra issuer's `/eid1/c/pub/t/<T>/a/<A>/sc/<org-id>/<connection-id>`
//! (field guide §4).

use super::{AzureDevOpsInput, Generation};
use crate::guid::Guid;
use crate::platforms::Platform;

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
