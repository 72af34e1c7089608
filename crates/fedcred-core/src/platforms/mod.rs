//! One module per issuer: each knows its issuer shapes, how it forms `sub`, and its traps, and
//! turns a few facts about a workload into credentials.
//!
//! Every platform's `build` returns a [`Built`]: the credentials when the input is complete and
//! valid, and the findings (errors, warnings, notes) tied to the input fields they concern. With
//! any error there are no credentials, so nothing half-right can be copied.

pub mod azure_devops;
mod common;
pub mod entra;
pub mod github;
pub mod gitlab;
pub mod issuers;
pub mod kubernetes;
pub mod managed_identity;
pub mod other;
pub mod terraform;

pub use common::{Built, Common, suggest_name};
pub(crate) use common::{Part, finish, guid_input, issuer_input, name_input, non_ascii};
pub use entra::issuer::entra_issuer;
pub use issuers::IssuerKind;

use serde::Serialize;

use crate::finding::{Code, Finding, has_errors};
use crate::key::Keyed;
use crate::validation;

/// Which platform's form is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformKind {
    /// GitHub Actions.
    #[default]
    #[serde(rename = "github")]
    GitHub,
    /// Azure DevOps.
    AzureDevops,
    /// Kubernetes.
    Kubernetes,
    /// GitLab CI.
    #[serde(rename = "gitlab")]
    GitLab,
    /// Terraform Cloud.
    Terraform,
    /// Managed identity as a credential.
    ManagedIdentity,
    /// Any other issuer.
    Other,
}

crate::keys!(PlatformKind {
    GitHub => ("github", "GitHub Actions"),
    AzureDevops => ("azure-devops", "Azure DevOps"),
    Kubernetes => ("kubernetes", "Kubernetes"),
    GitLab => ("gitlab", "GitLab CI"),
    Terraform => ("terraform", "Terraform Cloud"),
    ManagedIdentity => ("managed-identity", "Managed identity"),
    Other => ("other", "Other issuer"),
});

impl PlatformKind {
    /// The kind of a platform's inputs.
    pub fn of(platform: &Platform) -> PlatformKind {
        match platform {
            Platform::GitHub(_) => PlatformKind::GitHub,
            Platform::AzureDevops(_) => PlatformKind::AzureDevops,
            Platform::Kubernetes(_) => PlatformKind::Kubernetes,
            Platform::GitLab(_) => PlatformKind::GitLab,
            Platform::Terraform(_) => PlatformKind::Terraform,
            Platform::ManagedIdentity(_) => PlatformKind::ManagedIdentity,
            Platform::Other(_) => PlatformKind::Other,
        }
    }
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
        PlatformKind::of(self).key()
    }

    /// The name people know it by.
    pub fn label(&self) -> &'static str {
        PlatformKind::of(self).label()
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
    /// unrelated workloads on one identity: the platform's key and [`Platform::workload`].
    pub fn workload_key(&self) -> String {
        let prefix = match self {
            Platform::GitHub(_) => "github",
            Platform::AzureDevops(_) => "ado",
            Platform::Kubernetes(_) => "k8s",
            Platform::GitLab(_) => "gitlab",
            Platform::Terraform(_) => "tfc",
            Platform::ManagedIdentity(_) => "mi",
            Platform::Other(_) => "other",
        };
        format!("{prefix}:{}", self.workload())
    }

    /// The input that tells credentials of one workload apart (the environment, the service
    /// account, the workspace…): what a second credential on the same identity changes.
    pub fn varying_field(&self) -> &'static str {
        match self {
            Platform::GitHub(i) => match i.entity.kind() {
                github::EntityKind::Environment => "environment",
                github::EntityKind::Branch => "branch",
                github::EntityKind::Tag => "tag",
                github::EntityKind::BranchPattern => "branch_pattern",
                github::EntityKind::TagPattern => "tag_pattern",
                github::EntityKind::PullRequest => "entity",
            },
            Platform::AzureDevops(i) => match i.generation {
                azure_devops::Generation::Entra => "connection_id",
                azure_devops::Generation::Legacy => "connection",
            },
            Platform::Kubernetes(_) => "issuer",
            Platform::GitLab(_) => "ref",
            Platform::Terraform(_) => "workspace",
            Platform::ManagedIdentity(_) => "principal_id",
            Platform::Other(_) => "subject",
        }
    }

    /// The workload these inputs are for, as a person reads it (`contoso/web`, a Kubernetes
    /// namespace and service account, an organization and workspace…).
    pub fn workload(&self) -> String {
        match self {
            Platform::GitHub(i) => i.repo.trim().to_ascii_lowercase(),
            Platform::AzureDevops(i) => format!(
                "{}:{}",
                i.organization_id.trim().to_ascii_lowercase(),
                i.project.trim()
            ),
            // The service account, not the cluster: one workload is often trusted from several
            // clusters (regions, blue/green, a rebuilt cluster), each with its own issuer and the
            // same subject `system:serviceaccount:NS:SA` (field guide §5).
            Platform::Kubernetes(i) => {
                format!("{}/{}", i.namespace.trim(), i.service_account.trim())
            }
            Platform::GitLab(i) => format!("{}{}", i.project_path.trim(), i.project_id.trim()),
            Platform::Terraform(i) => {
                format!("{}:{}", i.organization.trim(), i.workspace.trim())
            }
            Platform::ManagedIdentity(i) => i.principal_id.trim().to_owned(),
            Platform::Other(i) => i.issuer.trim().to_owned(),
        }
    }
}

/// Builder inputs for a credential that accepts a token with this issuer and subject (`tenant`
/// is the token's `tid`): the provider that issued it reads its own subject back. A GitHub or
/// unknown subject the builder cannot express becomes an "other issuer" credential; for the other
/// providers a subject of the wrong shape gives `None`.
pub fn read_back(issuer: &str, subject: &str, tenant: Option<&str>) -> Option<Platform> {
    let as_other = || {
        Some(Platform::Other(other::OtherInput {
            issuer: issuer.to_owned(),
            subject: subject.to_owned(),
            expression: String::new(),
        }))
    };
    match IssuerKind::of(issuer, subject) {
        IssuerKind::GitHub => github::subject::read_back(issuer, subject).or_else(as_other),
        IssuerKind::AzureDevOpsLegacy => azure_devops::subject::read_back_legacy(issuer, subject),
        IssuerKind::Entra => entra::read_back(subject, tenant),
        IssuerKind::Kubernetes => kubernetes::subject::read_back(issuer, subject),
        IssuerKind::GitLab => gitlab::subject::read_back(issuer, subject),
        IssuerKind::Terraform => terraform::subject::read_back(issuer, subject),
        IssuerKind::Other => as_other(),
    }
}

/// How a credential's subject and a token's differ, named by the provider whose form either has
/// (today GitHub's); `None` when no provider recognises the difference.
pub(crate) fn compare_subjects<'a>(
    expected: &'a str,
    actual: &'a str,
) -> Option<(Code, crate::finding::Message<'a>)> {
    github::subject::compare(expected, actual)
        .or_else(|| entra::first_party::compare(expected, actual))
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
        // One workload's credentials can share a suggested name (the same service account on
        // two clusters): later ones get -2, -3… (names are unique per identity). The same issuer
        // and subject twice is still refused below.
        for i in 1..credentials.len() {
            let (earlier, rest) = credentials.split_at_mut(i);
            let Some(credential) = rest.first_mut() else {
                continue;
            };
            let base = credential.name.clone();
            let mut n = 2;
            let twin = |e: &crate::credential::Credential| {
                e.name == base && e.issuer == credential.issuer && e.matcher == credential.matcher
            };
            if earlier.iter().any(twin) {
                continue;
            }
            while earlier.iter().any(|e| e.name == credential.name) {
                credential.name = format!("{base}-{n}");
                n += 1;
            }
        }
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
    use crate::credential::Credential;
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
    fn a_service_account_is_one_workload_whatever_the_cluster() {
        let k8s = |cluster: &str, service_account: &str| {
            Platform::Kubernetes(kubernetes::KubernetesInput {
                issuer: format!(
                    "https://{cluster}.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/"
                ),
                namespace: "payments".into(),
                service_account: service_account.into(),
            })
        };
        let cases = [
            (
                "two_regions_one_service_account",
                [k8s("eastus", "api"), k8s("westus", "api")],
                false,
            ),
            (
                "one_cluster_two_service_accounts",
                [k8s("eastus", "api"), k8s("eastus", "worker")],
                true,
            ),
        ];
        for (situation, platforms, unrelated) in cases {
            let built = build_set(&platforms, &Common::default());
            assert_eq!(
                built
                    .findings
                    .iter()
                    .any(|f| f.code == "unrelated_workloads"),
                unrelated,
                "{situation}"
            );
            // Both are built, named apart (the same suggested name twice gets -2).
            let names: Vec<&str> = built.credentials.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names.len(), 2, "{situation}: {:?}", built.findings);
            assert_ne!(names.first(), names.get(1), "{situation}");
        }
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
