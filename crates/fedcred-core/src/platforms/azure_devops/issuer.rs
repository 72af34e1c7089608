//! Azure DevOps' legacy issuer, `https://vstoken.dev.azure.com/<organization-id>` (ADO docs,
//! troubleshoot-workload-identity.md).

use crate::finding::Finding;
use crate::url::{IssuerUrl, fixed_issuer_slash_trap};

/// The legacy issuer's scheme and host; the organization ID follows.
pub const LEGACY_ISSUER_PREFIX: &str = "https://vstoken.dev.azure.com";

/// The day the Azure DevOps issuer stops working for public-cloud single-tenant apps and
/// managed identities (ADO docs, convert-service-connections.md).
pub const LEGACY_ISSUER_RETIREMENT: &str = "2027-07-01";

pub(crate) fn recognises(issuer: &IssuerUrl<'_>, _subject: &str) -> bool {
    issuer.host == "vstoken.dev.azure.com"
}

/// The legacy issuer has no trailing slash.
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    fixed_issuer_slash_trap(issuer, &[LEGACY_ISSUER_PREFIX])
}
