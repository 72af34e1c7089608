//! One module per issuer: each knows its issuer shapes, how it forms `sub`, and its traps, and
//! turns a few facts about a workload into credentials.
//!
//! Every platform's `build` returns a [`Built`]: the credentials when the input is complete and
//! valid, and the findings (errors, warnings, notes) tied to the input fields they concern. With
//! any error there are no credentials, so nothing half-right can be copied.

pub mod azure_devops;
pub mod github;
pub mod gitlab;
pub mod kubernetes;
pub mod managed_identity;
pub mod other;
pub mod terraform;

use serde::Serialize;

use crate::audience::Cloud;
use crate::credential::Credential;
use crate::finding::{Code, Finding, has_errors};
use crate::validation;

/// Inputs every platform shares.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Common {
    /// The credential name; when empty, a name is suggested from the other inputs.
    pub name: String,
    /// The cloud whose audience to use.
    pub cloud: Cloud,
    /// A custom audience instead of the cloud's (must equal the token's `aud`).
    pub audience: String,
    /// Free text stored with the credential.
    pub description: String,
}

impl Common {
    /// The audience: the custom one when given, else the cloud's.
    pub fn audience(&self) -> String {
        if self.audience.is_empty() {
            self.cloud.audience().to_owned()
        } else {
            self.audience.clone()
        }
    }

    fn description(&self) -> Option<String> {
        (!self.description.is_empty()).then(|| self.description.clone())
    }
}

/// What a platform built: credentials (none when any finding is an error) and findings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Built {
    /// The credentials, ready to create.
    pub credentials: Vec<Credential>,
    /// Errors, warnings and notes, each tied to the input it concerns.
    pub findings: Vec<Finding>,
}

impl Built {
    /// Whether the input had no error.
    pub fn is_ok(&self) -> bool {
        !has_errors(&self.findings)
    }
}

/// A credential under construction: the parts a platform computes.
pub(crate) struct Part {
    pub suggested_name: String,
    pub issuer: String,
    pub matcher: crate::credential::Matcher,
}

/// Finishes a platform's parts into credentials: applies the shared inputs, validates each
/// record and the set, and drops the credentials if anything is an error.
pub(crate) fn finish(common: &Common, parts: Vec<Part>, mut findings: Vec<Finding>) -> Built {
    let several = parts.len() > 1;
    let credentials: Vec<Credential> = parts
        .into_iter()
        .map(|part| {
            let name = if common.name.is_empty() {
                part.suggested_name
            } else if several {
                // One name for several credentials: keep it as a prefix, add what differs.
                let suffix = part.suggested_name.rsplit('-').next().unwrap_or_default();
                format!("{}-{}", common.name, suffix)
            } else {
                common.name.clone()
            };
            Credential {
                name,
                issuer: part.issuer,
                matcher: part.matcher,
                audiences: vec![common.audience()],
                description: common.description(),
            }
        })
        .collect();
    for credential in &credentials {
        for finding in validation::validate_credential(credential) {
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    findings.extend(validation::validate_set(&credentials));
    if !common.audience.is_empty() && Cloud::from_audience(&common.audience).is_none() {
        findings.push(Finding::info(
            Code::CustomAudience,
            "audience",
            "a custom audience works only if the workload asks its issuer for exactly this aud; the recommended value is api://AzureADTokenExchange",
        ));
    }
    let credentials = if has_errors(&findings) {
        Vec::new()
    } else {
        credentials
    };
    Built {
        credentials,
        findings,
    }
}

/// A credential name made from free text: letters and digits kept, everything else a single
/// `-`, trimmed to Entra's 120 characters, starting with a letter or digit.
pub fn suggest_name(parts: &[&str]) -> String {
    let mut name = String::new();
    for part in parts {
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c.to_ascii_lowercase());
            } else if !name.ends_with('-') && !name.is_empty() {
                name.push('-');
            }
        }
        if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name: String = name.trim_matches('-').chars().take(120).collect();
    while name.ends_with('-') {
        name.pop();
    }
    while name.len() < 3 {
        name.push('x');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_follow_entras_rule() {
        let cases: [(&[&str], &str); 4] = [
            (
                &["github", "Contoso/App", "environment", "Prod:EastUS"],
                "github-contoso-app-environment-prod-eastus",
            ),
            (
                &["k8s", "default", "workload-identity-sa"],
                "k8s-default-workload-identity-sa",
            ),
            (&["--", "a"], "axx"),
            (&["ünï"], "nxx"),
        ];
        for (parts, name) in cases {
            let suggested = suggest_name(parts);
            assert_eq!(suggested, name);
            assert_eq!(validation::validate_name(&suggested), None, "{suggested}");
        }
        let long = suggest_name(&[&"a".repeat(300)]);
        assert_eq!(long.len(), 120);
    }
}

/// Reads a GUID input, with a finding naming the field when it is missing or malformed.
pub(crate) fn guid_input(
    value: &str,
    field: &'static str,
    label: &str,
    findings: &mut Vec<Finding>,
) -> Option<crate::guid::Guid> {
    match value.parse::<crate::guid::Guid>() {
        Ok(guid) => Some(guid),
        Err(crate::guid::GuidError::Empty) => {
            findings.push(Finding::error(
                Code::GuidRequired,
                field,
                format!(
                    "the {label} is required: a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47"
                ),
            ));
            None
        }
        Err(error) => {
            findings.push(Finding::error(
                Code::GuidInvalid,
                field,
                format!("the {label}: {error}"),
            ));
            None
        }
    }
}

/// Reads a required free-text name that becomes part of a subject: no surrounding white space,
/// no control characters, none of `forbidden`, nothing outside ASCII unless `unicode_ok`.
pub(crate) fn name_input<'a>(
    value: &'a str,
    field: &'static str,
    label: &str,
    forbidden: &[char],
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    if value.trim().is_empty() {
        findings.push(Finding::error(
            Code::ValueRequired,
            field,
            format!("the {label} is required"),
        ));
        return None;
    }
    if value != value.trim() {
        findings.push(Finding::error(
            Code::SurroundingWhitespace,
            field,
            format!("the {label} starts or ends with white space, which the token will not have; remove it"),
        ));
        return None;
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() || forbidden.contains(c))
    {
        findings.push(Finding::error(
            Code::CharacterNotAllowed,
            field,
            format!("the {label} cannot contain '{}'", c.escape_default()),
        ));
        return None;
    }
    if github::non_ascii(value, field, label, findings) {
        return None;
    }
    Some(value)
}

/// The Entra v2.0 issuer of a tenant (Azure DevOps' current issuer, and managed identities used
/// as credentials).
pub fn entra_issuer(tenant: crate::guid::Guid) -> String {
    format!("https://login.microsoftonline.com/{tenant}/v2.0")
}

/// The inputs of one platform: what the builder's form holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// GitHub Actions.
    #[serde(rename = "github")]
    GitHub(github::GitHubInput),
    /// Azure DevOps service connection.
    AzureDevops(azure_devops::AzureDevOpsInput),
    /// Kubernetes service account.
    Kubernetes(kubernetes::KubernetesInput),
    /// GitLab CI.
    #[serde(rename = "gitlab")]
    GitLab(gitlab::GitLabInput),
    /// Terraform Cloud / HCP Terraform.
    Terraform(terraform::TerraformInput),
    /// A managed identity as the credential of an app registration.
    ManagedIdentity(managed_identity::ManagedIdentityInput),
    /// Any other OIDC issuer.
    Other(other::OtherInput),
}

impl Platform {
    /// The key used on the command line and in links (`github`, `azure-devops`, …).
    pub fn key(&self) -> &'static str {
        crate::scenario::PlatformKind::of(self).key()
    }

    /// The name people know it by.
    pub fn label(&self) -> &'static str {
        crate::scenario::PlatformKind::of(self).label()
    }

    /// Builds the credential(s) for these inputs.
    pub fn build(&self, common: &Common) -> Built {
        match self {
            Platform::GitHub(input) => input.build(common),
            Platform::AzureDevops(input) => input.build(common),
            Platform::Kubernetes(input) => input.build(common),
            Platform::GitLab(input) => input.build(common),
            Platform::Terraform(input) => input.build(common),
            Platform::ManagedIdentity(input) => input.build(common),
            Platform::Other(input) => input.build(common),
        }
    }
}

impl Platform {
    /// What identifies the workload (repository, project, cluster…), to notice a set that puts
    /// unrelated workloads on one identity.
    pub fn workload_key(&self) -> String {
        match self {
            Platform::GitHub(i) => format!("github:{}", i.repo.trim().to_ascii_lowercase()),
            Platform::AzureDevops(i) => format!(
                "ado:{}:{}",
                i.organization_id.trim().to_ascii_lowercase(),
                i.project.trim()
            ),
            Platform::Kubernetes(i) => format!("k8s:{}", i.issuer.trim()),
            Platform::GitLab(i) => {
                format!("gitlab:{}{}", i.project_path.trim(), i.project_id.trim())
            }
            Platform::Terraform(i) => {
                format!("tfc:{}:{}", i.organization.trim(), i.workspace.trim())
            }
            Platform::ManagedIdentity(i) => format!("mi:{}", i.principal_id.trim()),
            Platform::Other(i) => format!("other:{}", i.issuer.trim()),
        }
    }
}

/// Builds several credentials for one identity (one per environment, say): each platform's
/// credentials, then the rules for the whole set (unique names and issuer+subject, at most 20)
/// and a warning when unrelated workloads share the identity.
pub fn build_set(platforms: &[Platform], common: &Common) -> Built {
    let unnamed = Common {
        name: String::new(),
        ..common.clone()
    };
    let single = platforms.len() == 1;
    let mut credentials = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    for platform in platforms {
        let built = platform.build(if single { common } else { &unnamed });
        for finding in built.findings {
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
        credentials.extend(built.credentials);
    }
    if !single && !common.name.is_empty() {
        for credential in &mut credentials {
            let suffix = credential
                .name
                .rsplit('-')
                .next()
                .unwrap_or_default()
                .to_owned();
            credential.name = format!("{}-{suffix}", common.name);
        }
    }
    if !single {
        findings.extend(validation::validate_set(&credentials));
    }
    let mut keys: Vec<String> = platforms.iter().map(Platform::workload_key).collect();
    keys.dedup();
    if keys.len() > 1 {
        findings.push(
            Finding::warning(
                Code::UnrelatedWorkloads,
                "credentials",
                "these credentials let unrelated workloads use one identity: revoking or scoping one affects all. Prefer one identity per workload",
            )
            .about_everything(),
        );
    }
    if has_errors(&findings) {
        credentials.clear();
    }
    Built {
        credentials,
        findings,
    }
}

#[cfg(test)]
mod set_tests {
    use super::*;
    use github::{Entity, GitHubInput};

    fn env(repo: &str, environment: &str) -> Platform {
        Platform::GitHub(GitHubInput {
            repo: repo.into(),
            entity: Entity::Environment(environment.into()),
            ..Default::default()
        })
    }

    #[test]
    fn one_credential_per_environment_on_one_identity() {
        let built = build_set(
            &[
                env("contoso/app", "staging"),
                env("contoso/app", "production"),
            ],
            &Common::default(),
        );
        let subjects: Vec<&str> = built
            .credentials
            .iter()
            .filter_map(Credential::subject)
            .collect();
        assert_eq!(
            subjects,
            [
                "repo:contoso/app:environment:staging",
                "repo:contoso/app:environment:production"
            ]
        );
        assert!(
            !built
                .findings
                .iter()
                .any(|f| f.code == "unrelated_workloads")
        );
    }

    #[test]
    fn a_given_name_becomes_a_prefix_for_each_credential() {
        let common = Common {
            name: "payments".into(),
            ..Default::default()
        };
        let built = build_set(
            &[
                env("contoso/app", "staging"),
                env("contoso/app", "production"),
            ],
            &common,
        );
        let names: Vec<&str> = built.credentials.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["payments-staging", "payments-production"]);
    }

    #[test]
    fn unrelated_repositories_on_one_identity_are_warned_about() {
        let built = build_set(
            &[env("contoso/app", "prod"), env("contoso/other", "prod")],
            &Common::default(),
        );
        assert!(
            built
                .findings
                .iter()
                .any(|f| f.code == "unrelated_workloads")
        );
        assert_eq!(built.credentials.len(), 2);
    }

    #[test]
    fn the_same_environment_twice_is_a_duplicate() {
        let built = build_set(
            &[env("contoso/app", "prod"), env("contoso/app", "prod")],
            &Common::default(),
        );
        assert!(built.credentials.is_empty());
        assert!(
            built
                .findings
                .iter()
                .any(|f| f.code == "duplicate_issuer_subject")
        );
    }
}
