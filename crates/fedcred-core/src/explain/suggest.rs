//! A credential that would accept a token, as the builder's inputs.

use super::report::Suggestion;
use super::subject::github_parts;
use crate::audience::Cloud;
use crate::claims::IssuerKind;
use crate::platforms::Platform;
use crate::token::Token;

/// The builder inputs for a credential that accepts this token.
pub fn suggest(token: &Token) -> Option<Suggestion> {
    use crate::platforms::{
        azure_devops, github, gitlab, kubernetes, managed_identity, other, terraform,
    };
    let issuer = token.claim_str("iss")?.to_owned();
    let subject = token.claim_str("sub")?.to_owned();
    let audience = token
        .audiences()
        .first()
        .map(|a| (*a).to_owned())
        .unwrap_or_default();
    let common = crate::platforms::Common {
        cloud: Cloud::from_audience(&audience).unwrap_or_default(),
        audience: if Cloud::from_audience(&audience).is_some() {
            String::new()
        } else {
            audience
        },
        ..Default::default()
    };
    let fallback = || {
        Platform::Other(other::OtherInput {
            issuer: issuer.clone(),
            subject: subject.clone(),
            expression: String::new(),
        })
    };
    let platform = match IssuerKind::of(&issuer, &subject) {
        IssuerKind::GitHub => match github_parts(&subject) {
            Some((repo, context))
                if !repo.contains('@') && issuer == crate::platforms::github::GITHUB_ISSUER =>
            {
                let entity = if let Some(e) = context.strip_prefix("environment:") {
                    Some(github::Entity::Environment(e.replace("%3A", ":")))
                } else if context == "pull_request" {
                    Some(github::Entity::PullRequest)
                } else if let Some(b) = context.strip_prefix("ref:refs/heads/") {
                    Some(github::Entity::Branch(b.to_owned()))
                } else {
                    context
                        .strip_prefix("ref:refs/tags/")
                        .map(|t| github::Entity::Tag(t.to_owned()))
                };
                match entity {
                    Some(entity) => Platform::GitHub(github::GitHubInput {
                        repo: repo.to_owned(),
                        entity,
                        ..Default::default()
                    }),
                    None => fallback(),
                }
            }
            _ => fallback(),
        },
        IssuerKind::Kubernetes => {
            let mut parts = subject
                .strip_prefix("system:serviceaccount:")?
                .splitn(2, ':');
            let (ns, sa) = (parts.next()?, parts.next()?);
            Platform::Kubernetes(kubernetes::KubernetesInput {
                issuer,
                namespace: ns.to_owned(),
                service_account: sa.to_owned(),
            })
        }
        IssuerKind::AzureDevOpsLegacy => {
            let org_id = issuer.rsplit('/').next()?.to_owned();
            let mut names = subject.strip_prefix("sc://")?.splitn(3, '/');
            let (org, project, connection) = (names.next()?, names.next()?, names.next()?);
            Platform::AzureDevops(azure_devops::AzureDevOpsInput {
                generation: azure_devops::Generation::Legacy,
                organization_id: org_id,
                organization: org.to_owned(),
                project: project.to_owned(),
                connection: connection.to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Entra if subject.starts_with("/eid1/") => {
            let parts: Vec<&str> = subject.split('/').collect();
            let sc = parts.iter().position(|p| *p == "sc")?;
            let tenant = token.claim_str("tid").map(str::to_owned).or_else(|| {
                parts
                    .get(5)
                    .and_then(|t| crate::guid::Guid::from_compact(t))
                    .map(|g| g.to_string())
            })?;
            Platform::AzureDevops(azure_devops::AzureDevOpsInput {
                tenant_id: tenant,
                organization_id: (*parts.get(sc + 1)?).to_owned(),
                connection_id: (*parts.get(sc + 2)?).to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Entra
            if subject.parse::<crate::guid::Guid>().is_ok() && token.claim_str("tid").is_some() =>
        {
            Platform::ManagedIdentity(managed_identity::ManagedIdentityInput {
                tenant_id: token.claim_str("tid")?.to_owned(),
                principal_id: subject,
            })
        }
        IssuerKind::Entra => return None,
        IssuerKind::GitLab => {
            let rest = subject.strip_prefix("project_path:")?;
            let (path, tail) = rest.split_once(":ref_type:")?;
            let (ref_type, git_ref) = tail.split_once(":ref:")?;
            let ref_type = if ref_type == "tag" {
                gitlab::RefType::Tag
            } else {
                gitlab::RefType::Branch
            };
            let issuer = if issuer == gitlab::GITLAB_COM {
                String::new()
            } else {
                issuer
            };
            Platform::GitLab(gitlab::GitLabInput {
                issuer,
                project_path: path.to_owned(),
                ref_type,
                git_ref: git_ref.to_owned(),
                ..Default::default()
            })
        }
        IssuerKind::Terraform => {
            let field = |key: &str, next: &str| {
                subject.split_once(&format!("{key}:")).map(|(_, r)| {
                    r.split(&format!(":{next}:"))
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
            };
            let phase = match subject.rsplit(':').next() {
                Some("plan") => terraform::RunPhase::Plan,
                Some("apply") => terraform::RunPhase::Apply,
                _ => terraform::RunPhase::Both,
            };
            let issuer = if issuer == terraform::TERRAFORM_CLOUD {
                String::new()
            } else {
                issuer
            };
            Platform::Terraform(terraform::TerraformInput {
                issuer,
                organization: field("organization", "project")?,
                project: field("project", "workspace")?,
                workspace: field("workspace", "run_phase")?,
                run_phase: phase,
            })
        }
        IssuerKind::Other => fallback(),
    };
    Some(Suggestion { platform, common })
}
