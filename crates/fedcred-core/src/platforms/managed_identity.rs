//! A managed identity as the credential of an app registration (field guide §1; Entra docs,
//! "Configure an application to trust a managed identity").
//!
//! Issuer `https://login.microsoftonline.com/<tenant>/v2.0`; subject the managed identity's
//! **object (principal) ID** — not its client ID; audience per cloud. In Azure operated by
//! 21Vianet, whose login host the sources disagree on, the issuer holds `<LOGIN-HOST>` and a
//! warning says to copy it from a real token.
//!
//! ```
//! use fedcred_core::platforms::{Common, managed_identity::ManagedIdentityInput};
//!
//! let input = ManagedIdentityInput {
//!     tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47".into(),
//!     principal_id: "5a2c9fdb-4f3e-4c6e-9a8f-5b6c7d8e9f01".into(),
//! };
//! let c = &input.build(&Common::default()).credentials[0];
//! assert_eq!(c.issuer, "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
//! assert_eq!(c.subject(), Some("5a2c9fdb-4f3e-4c6e-9a8f-5b6c7d8e9f01"));
//! ```

use serde::Serialize;

use super::entra::issuer::{UNKNOWN_LOGIN_HOST, entra_issuer_in, entra_issuer_placeholder};
use super::{Built, Common, Part, finish, guid_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// The facts a managed-identity credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ManagedIdentityInput {
    /// The tenant of the managed identity.
    pub tenant_id: String,
    /// The managed identity's object (principal) ID.
    pub principal_id: String,
}

impl ManagedIdentityInput {
    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let tenant = guid_input(&self.tenant_id, "tenant_id", "tenant ID", &mut findings);
        let principal = guid_input(
            &self.principal_id,
            "principal_id",
            "managed identity's object (principal) ID",
            &mut findings,
        );
        findings.push(Finding::info(
            Code::PrincipalNotClientId,
            "principal_id",
            "use the object (principal) ID: az identity show -n NAME -g RG --query principalId -o tsv. The client ID gives AADSTS700213",
        ));
        let issuer = tenant.map(|tenant| match entra_issuer_in(tenant, common.cloud) {
            Ok(issuer) => issuer,
            Err(_) => {
                // The sources disagree on the login host (field guide §9): the rest of the
                // credential is certain, so it is built, with the one value to copy marked.
                findings.push(Finding::warning(
                    Code::EntraIssuerCloudUnknown,
                    "cloud",
                    format!(
                        "for Azure operated by 21Vianet the sources disagree on Entra's login host (login.chinacloudapi.cn in ARM's environment(), login.partner.microsoftonline.cn in newer Entra pages), so fedcred does not guess it: the issuer holds {UNKNOWN_LOGIN_HOST} instead. Before creating the credential, replace the whole issuer with the iss of a real token the managed identity gets for {} (its iss claim, which decoding the token shows); the subject and audience are right as they are",
                        common.audience()
                    ),
                ));
                entra_issuer_placeholder(tenant)
            }
        });
        let parts = match (issuer, principal) {
            (Some(issuer), Some(principal)) => vec![Part {
                suggested_name: suggest_name(&["mi", &principal.to_string()]),
                issuer,
                matcher: Matcher::Subject(principal.to_string()),
            }],
            _ => Vec::new(),
        };
        finish(common, parts, findings)
    }
}
