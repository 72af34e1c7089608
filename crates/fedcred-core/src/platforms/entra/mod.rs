//! Microsoft Entra as the issuer of the assertion: the Azure DevOps Entra issuer and managed
//! identities used as credentials (field guide §1, §4, §9).

pub mod first_party;
pub mod issuer;

pub use first_party::FirstParty;

use crate::guid::Guid;
use crate::platforms::managed_identity::ManagedIdentityInput;
use crate::platforms::{Platform, azure_devops};

/// The builder inputs for an Entra-issued assertion: an Azure DevOps connection (`/eid1/…`) or a
/// managed identity (a GUID subject, with the token's tenant). `None` for anything else, such as
/// an access token pasted by mistake.
pub(crate) fn read_back(subject: &str, tenant: Option<&str>) -> Option<Platform> {
    match FirstParty::of(subject) {
        Some(FirstParty::AzureDevOps) => {
            return azure_devops::subject::read_back_entra(subject, tenant);
        }
        // Another Microsoft service's subject: not one the builder makes.
        Some(_) => return None,
        None => {}
    }
    let tenant = tenant.filter(|_| subject.parse::<Guid>().is_ok())?;
    Some(Platform::ManagedIdentity(ManagedIdentityInput {
        tenant_id: tenant.to_owned(),
        principal_id: subject.to_owned(),
    }))
}
