//! Azure DevOps service connections (field guide §4; Azure DevOps docs,
//! "Troubleshoot workload identity service connections" and "Convert service connections").
//!
//! Two issuer generations:
//! - **Entra issuer** (the default for new connections): issuer
//!   `https://login.microsoftonline.com/<tenant-id>/v2.0`, subject
//!   `/eid1/c/pub/t/<T>/a/<A>/sc/<organization-id>/<service-connection-id>`, where `<T>` is the
//!   tenant and `<A>` the Azure DevOps application (`499b84ac-…`), each in the compact GUID form
//!   ([`crate::guid::Guid::to_compact`]).
//! - **Azure DevOps issuer** (legacy): issuer `https://vstoken.dev.azure.com/<organization-id>`,
//!   subject `sc://<organization>/<project>/<service-connection-name>` (names, so renames break
//!   it). It retires on 2027-07-01 for public-cloud connections that use single-tenant apps or
//!   managed identities.
//!
//! ```
//! use fedcred_core::platforms::{Common, azure_devops::AzureDevOpsInput};
//!
//! let input = AzureDevOpsInput {
//!     tenant_id: "ff882432-09b0-437b-bd22-ca13c0037ded".into(),
//!     organization_id: "0ca3ddd9-f0b0-4635-a98c-5866526961b6".into(),
//!     connection_id: "64171687-7a59-4fce-b2c8-823278dcf176".into(),
//!     ..Default::default()
//! };
//! let built = input.build(&Common::default());
//! assert_eq!(
//!     built.credentials[0].subject(),
//!     Some("/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176")
//! );
//! ```

use std::borrow::Cow;

use serde::Serialize;

pub mod issuer;
pub mod job;
pub mod pipeline;
pub(crate) mod subject;
mod template;

pub use issuer::LEGACY_ISSUER_RETIREMENT;

use super::entra::issuer::entra_issuer_in;
use super::{Built, Common, Part, finish, guid_input, name_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};
use crate::guid::Guid;

/// Which issuer the service connection uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    /// `https://login.microsoftonline.com/<tenant>/v2.0` (new connections).
    #[default]
    Entra,
    /// `https://vstoken.dev.azure.com/<organization-id>` (older connections).
    Legacy,
}

crate::keys!(Generation {
    Entra => ("entra", "Entra issuer (new connections)"),
    // The date is LEGACY_ISSUER_RETIREMENT (a test holds them together).
    Legacy => ("legacy", "Azure DevOps issuer (legacy, retires 2027-07-01)"),
});

/// The facts an Azure DevOps credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AzureDevOpsInput {
    /// Which issuer generation.
    pub generation: Generation,
    /// Entra issuer: the Entra tenant ID.
    pub tenant_id: String,
    /// Both: the Azure DevOps organization ID (a GUID, not the tenant).
    pub organization_id: String,
    /// Entra issuer: the service connection's ID (a GUID).
    pub connection_id: String,
    /// Legacy issuer: the organization name, as in `dev.azure.com/<organization>`.
    pub organization: String,
    /// Legacy issuer: the project name.
    pub project: String,
    /// Legacy issuer: the service connection name.
    pub connection: String,
    /// The "Subject identifier" the service connection page shows (the authority): the IDs or
    /// names are read from it, and what is typed is checked against it.
    pub subject_identifier: String,
}

impl AzureDevOpsInput {
    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let input = self.with_subject_identifier(&mut findings);
        input.build_checked(common, findings)
    }

    /// Takes a pasted Subject identifier, and the issuer generation it shows (so the form shows
    /// that generation's fields).
    pub fn set_subject_identifier(&mut self, text: String) {
        if let Some(read) = subject::read_identifier(text.trim()) {
            self.generation = read.generation;
        }
        self.subject_identifier = text;
    }

    /// These inputs with what a pasted Subject identifier says filled in; a typed value that
    /// differs from it is an error on that field (the page is the authority).
    fn with_subject_identifier(&self, findings: &mut Vec<Finding>) -> Cow<'_, AzureDevOpsInput> {
        let text = self.subject_identifier.trim();
        if text.is_empty() {
            return Cow::Borrowed(self);
        }
        let Some(read) = subject::read_identifier(text) else {
            findings.push(Finding::error(
                Code::AdoSubjectIdentifierUnreadable,
                "subject_identifier",
                match plain_guids(text) {
                    // Typed from GUIDs (issue 27): say how the page writes them, and where to copy.
                    Some(encoded) => format!("the tenant and app parts of a Subject identifier are not GUIDs as typed: Azure DevOps writes each as 22 characters, the GUID's bytes in base64url (field guide §4), so this one would read {encoded}. Copy the whole value instead of typing it: Project settings > Service connections > the connection, where Issuer and Subject identifier are shown"),
                    None => "this is not a service connection's Subject identifier: it reads /eid1/c/pub/t/<tenant>/a/<app>/sc/<organization-id>/<connection-id> (Entra issuer) or sc://<organization>/<project>/<connection> (Azure DevOps issuer); copy it from Project settings > Service connections > the connection".to_owned(),
                },
            ));
            return Cow::Borrowed(self);
        };
        let mut input = self.clone();
        let fields: [(&mut String, String, &'static str); 6] = [
            (&mut input.tenant_id, read.tenant_id, "tenant_id"),
            (
                &mut input.organization_id,
                read.organization_id,
                "organization_id",
            ),
            (
                &mut input.connection_id,
                read.connection_id,
                "connection_id",
            ),
            (&mut input.organization, read.organization, "organization"),
            (&mut input.project, read.project, "project"),
            (&mut input.connection, read.connection, "connection"),
        ];
        for (typed, from_page, field) in fields {
            if from_page.is_empty() {
                continue;
            }
            if typed.trim().is_empty() {
                *typed = from_page;
            } else if !typed.trim().eq_ignore_ascii_case(&from_page) {
                findings.push(Finding::error(
                    Code::AdoSubjectIdentifierDiffers,
                    field,
                    format!("the Subject identifier says {from_page}, not {}: the service connection page is the authority", typed.trim()),
                ));
            }
        }
        input.generation = read.generation;
        Cow::Owned(input)
    }

    fn build_checked(&self, common: &Common, mut findings: Vec<Finding>) -> Built {
        let organization_id = guid_input(
            &self.organization_id,
            "organization_id",
            "organization ID (Organization settings → Microsoft Entra, or the service connection's Issuer)",
            &mut findings,
        );
        let part = match self.generation {
            Generation::Entra => {
                let tenant = guid_input(&self.tenant_id, "tenant_id", "tenant ID", &mut findings);
                let connection = guid_input(
                    &self.connection_id,
                    "connection_id",
                    "service connection ID (in the connection page's URL: resourceId=…)",
                    &mut findings,
                );
                findings.push(Finding::info(
                    Code::AdoSubjectComputed,
                    "connection_id",
                    "this subject is computed from the IDs; compare it with the \"Subject identifier\" on the service connection page, which is the authority",
                ));
                match (tenant, organization_id, connection) {
                    (Some(tenant), Some(org), Some(connection)) => {
                        match entra_issuer_in(tenant, common.cloud) {
                            Ok(issuer) => Some(Part {
                                suggested_name: suggest_name(&["ado", &connection.to_string()]),
                                issuer,
                                matcher: Matcher::Subject(eid1_subject(tenant, org, connection)),
                            }),
                            Err(why) => {
                                findings.push(Finding::error(
                                    Code::EntraIssuerCloudUnknown,
                                    "cloud",
                                    why,
                                ));
                                None
                            }
                        }
                    }
                    _ => None,
                }
            }
            Generation::Legacy => {
                findings.push(Finding::warning(
                    Code::AdoLegacyIssuer,
                    "generation",
                    format!(
                        "the Azure DevOps issuer (vstoken.dev.azure.com) retires on {LEGACY_ISSUER_RETIREMENT} for public-cloud connections with single-tenant apps or managed identities; new connections use the Entra issuer — convert the connection and build its credential with the Entra issuer"
                    ),
                ));
                let organization = name_input(
                    &self.organization,
                    "organization",
                    "organization name",
                    &['/', ' '],
                    &mut findings,
                );
                let project = name_input(
                    &self.project,
                    "project",
                    "project name",
                    &['/'],
                    &mut findings,
                );
                let connection = name_input(
                    &self.connection,
                    "connection",
                    "service connection name",
                    &['/'],
                    &mut findings,
                );
                findings.push(Finding::info(
                    Code::AdoNamesInSubject,
                    "connection",
                    "this subject holds names: renaming the organization, project or connection breaks it",
                ));
                match (organization_id, organization, project, connection) {
                    (Some(org_id), Some(org), Some(project), Some(connection)) => Some(Part {
                        suggested_name: suggest_name(&["ado", org, project, connection]),
                        issuer: legacy_issuer(org_id),
                        matcher: Matcher::Subject(format!("sc://{org}/{project}/{connection}")),
                    }),
                    _ => None,
                }
            }
        };
        finish(common, part.into_iter().collect(), findings)
    }
}

/// The Entra-issuer subject of a service connection.
pub fn eid1_subject(tenant: Guid, organization: Guid, connection: Guid) -> String {
    format!(
        "/eid1/c/pub/t/{}/a/{}/sc/{organization}/{connection}",
        tenant.to_compact(),
        Guid::AZURE_DEVOPS_APP.to_compact()
    )
}

/// The legacy Azure DevOps issuer of an organization.
pub fn legacy_issuer(organization: Guid) -> String {
    format!("https://vstoken.dev.azure.com/{organization}")
}

/// An `/eid1/` identifier whose tenant or app part was typed as a plain GUID, written as the
/// connection page writes it (each GUID in its compact form); `None` for anything else.
fn plain_guids(text: &str) -> Option<String> {
    let rest = text.strip_prefix("/eid1/c/pub/t/")?;
    let (tenant, rest) = rest.split_once("/a/")?;
    let (app, rest) = rest.split_once("/sc/")?;
    let compact = |part: &str| {
        part.parse::<crate::guid::Guid>()
            .ok()
            .map(crate::guid::Guid::to_compact)
    };
    let (t, a) = (compact(tenant), compact(app));
    if t.is_none() && a.is_none() {
        return None;
    }
    Some(format!(
        "/eid1/c/pub/t/{}/a/{}/sc/{rest}",
        t.as_deref().unwrap_or(tenant),
        a.as_deref().unwrap_or(app)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_identifier_typed_with_plain_guids_is_said_to_be_encoded_with_its_encoding() {
        let mut input = AzureDevOpsInput::default();
        input.set_subject_identifier("/eid1/c/pub/t/72f988bf-86f1-41af-91ab-2d7cd011db47/a/499b84ac-1321-427f-aa17-267ca6975798/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176".to_owned());
        let built = input.build(&crate::platforms::Common::default());
        let f = built
            .findings
            .iter()
            .find(|f| f.code == Code::AdoSubjectIdentifierUnreadable)
            .map(|f| f.message.as_str())
            .unwrap_or_default();
        // Field guide §4's checked vectors.
        assert!(
            f.contains("/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9"),
            "{f}"
        );
        assert!(
            f.contains("not GUIDs as typed")
                && f.contains("Project settings > Service connections"),
            "{f}"
        );
    }

    const TENANT: &str = "ff882432-09b0-437b-bd22-ca13c0037ded";
    const ORG: &str = "0ca3ddd9-f0b0-4635-a98c-5866526961b6";
    const CONNECTION: &str = "64171687-7a59-4fce-b2c8-823278dcf176";

    fn entra() -> AzureDevOpsInput {
        AzureDevOpsInput {
            tenant_id: TENANT.into(),
            organization_id: ORG.into(),
            connection_id: CONNECTION.into(),
            ..Default::default()
        }
    }

    #[test]
    fn entra_issuer_subject_matches_the_field_guide_example() {
        let built = entra().build(&Common::default());
        let c = built.credentials.first().expect("a credential");
        assert_eq!(
            c.issuer,
            format!("https://login.microsoftonline.com/{TENANT}/v2.0")
        );
        assert_eq!(
            c.subject(),
            Some(
                "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176"
            )
        );
        assert_eq!(c.audience(), "api://AzureADTokenExchange");
    }

    #[test]
    fn upper_case_guids_are_written_the_way_tokens_write_them() {
        let input = AzureDevOpsInput {
            tenant_id: TENANT.to_ascii_uppercase(),
            organization_id: format!("{{{}}}", ORG.to_ascii_uppercase()),
            connection_id: CONNECTION.to_ascii_uppercase(),
            ..Default::default()
        };
        assert_eq!(
            input.build(&Common::default()).credentials,
            entra().build(&Common::default()).credentials
        );
    }

    #[test]
    fn legacy_issuer_uses_the_organization_id_and_names() {
        let input = AzureDevOpsInput {
            generation: Generation::Legacy,
            organization_id: ORG.into(),
            organization: "contoso".into(),
            project: "Payments Platform".into(),
            connection: "prod-connection".into(),
            ..Default::default()
        };
        let built = input.build(&Common::default());
        let c = built.credentials.first().expect("a credential");
        assert_eq!(c.issuer, format!("https://vstoken.dev.azure.com/{ORG}"));
        assert_eq!(
            c.subject(),
            Some("sc://contoso/Payments Platform/prod-connection")
        );
        let retirement = built
            .findings
            .iter()
            .find(|f| f.code == "ado_legacy_issuer")
            .expect("retirement warning");
        assert!(retirement.message.contains("2027-07-01"));
    }

    #[test]
    fn missing_or_malformed_ids_name_the_field() {
        let input = AzureDevOpsInput {
            tenant_id: "contoso.onmicrosoft.com".into(),
            connection_id: String::new(),
            ..entra()
        };
        let built = input.build(&Common::default());
        let errors: Vec<(&str, Option<&str>)> = built
            .findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| (f.code.as_str(), f.field))
            .collect();
        assert_eq!(
            errors,
            [
                ("guid_invalid", Some("tenant_id")),
                ("guid_required", Some("connection_id"))
            ]
        );
        assert!(built.credentials.is_empty());
    }

    #[test]
    fn a_slash_in_a_legacy_name_is_refused() {
        let input = AzureDevOpsInput {
            generation: Generation::Legacy,
            organization_id: ORG.into(),
            organization: "contoso".into(),
            project: "a/b".into(),
            connection: "c".into(),
            ..Default::default()
        };
        let codes: Vec<&str> = input
            .build(&Common::default())
            .findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(codes, ["character_not_allowed"]);
    }
}
