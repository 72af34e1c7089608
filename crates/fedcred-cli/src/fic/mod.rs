//! `fedcred fic <platform>`: build credentials, print JSON or a snippet.

use fedcred_core::audience::Cloud;
use fedcred_core::credential::GraphCredential;
use fedcred_core::finding::{Finding, Severity};
use fedcred_core::key::Keyed;
use fedcred_core::platforms::azure_devops::{AzureDevOpsInput, Generation};
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::gitlab::GitLabInput;
use fedcred_core::platforms::kubernetes::KubernetesInput;
use fedcred_core::platforms::managed_identity::ManagedIdentityInput;
use fedcred_core::platforms::other::OtherInput;
use fedcred_core::platforms::terraform::{RunPhase, TerraformInput};
use fedcred_core::platforms::{Common, Platform, build_set};
use fedcred_core::snippets::{self, Context};
use fedcred_core::target::Target;
use serde::Serialize;

/// One credential as `fedcred fic` prints it: Graph's request body plus the warnings.
mod args;

pub use args::FicArgs;
use args::{CommonArgs, GithubArgs, PlatformArgs};

use crate::input::read;

#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    credential: GraphCredential,
    warnings: &'a [Warning<'a>],
}

#[derive(Serialize)]
struct Warning<'a> {
    code: fedcred_core::finding::Code,
    message: &'a str,
}

impl CommonArgs {
    fn common(&self) -> Result<Common, String> {
        let cloud: Cloud = self
            .cloud
            .parse()
            .map_err(|e| format!("fedcred: --cloud: {e}"))?;
        Ok(Common {
            name: self.name.clone(),
            cloud,
            audience: self.audience.clone().unwrap_or_default(),
            description: self.description.clone(),
        })
    }

    fn target(&self) -> Target {
        match &self.app_id {
            Some(client_id) => Target::AppRegistration {
                client_id: client_id.clone(),
                object_id: self.app_object_id.clone().unwrap_or_default(),
            },
            None => Target::ManagedIdentity {
                name: self.identity_name.clone(),
                resource_group: self.resource_group.clone(),
                subscription: self.subscription.clone(),
                location: self.location.clone(),
            },
        }
    }
}

/// The platform inputs (one per repeated value) and the shared arguments.
fn inputs(args: PlatformArgs) -> Result<(Vec<Platform>, CommonArgs), String> {
    Ok(match args {
        PlatformArgs::Github(args) => github(*args)?,
        PlatformArgs::AzureDevops {
            tenant_id,
            organization_id,
            connection_id,
            organization,
            project,
            connection,
            subject_identifier,
            common,
        } => {
            let mut input = azure_devops(
                tenant_id,
                organization_id,
                connection_id,
                organization,
                project,
                connection,
            );
            if let Some(identifier) = subject_identifier {
                input.set_subject_identifier(identifier);
            }
            (vec![Platform::AzureDevops(input)], common)
        }
        PlatformArgs::Kubernetes {
            issuer,
            namespace,
            service_account,
            common,
        } => {
            let account = |service_account| KubernetesInput {
                issuer: issuer.clone(),
                namespace: namespace.clone(),
                service_account,
            };
            let accounts = service_account.into_iter().map(account);
            (accounts.map(Platform::Kubernetes).collect(), common)
        }
        PlatformArgs::Gitlab {
            project_path,
            project_id,
            ref_type,
            git_ref,
            issuer,
            common,
        } => (
            vec![Platform::GitLab(GitLabInput {
                issuer,
                project_path: project_path.unwrap_or_default(),
                project_id: project_id.unwrap_or_default(),
                ref_type,
                git_ref,
            })],
            common,
        ),
        PlatformArgs::Terraform {
            organization,
            project,
            workspace,
            run_phase,
            issuer,
            common,
        } => {
            let run_phase = run_phase_arg(&run_phase)?;
            (
                vec![Platform::Terraform(TerraformInput {
                    issuer,
                    organization,
                    project,
                    workspace,
                    run_phase,
                })],
                common,
            )
        }
        PlatformArgs::ManagedIdentity {
            tenant_id,
            principal_id,
            common,
        } => (
            vec![Platform::ManagedIdentity(ManagedIdentityInput {
                tenant_id,
                principal_id,
            })],
            common,
        ),
        PlatformArgs::Other {
            issuer,
            subject,
            expression,
            common,
        } => (
            vec![Platform::Other(OtherInput {
                issuer,
                subject: subject.unwrap_or_default(),
                expression: expression.unwrap_or_default(),
            })],
            common,
        ),
    })
}

/// `fedcred fic github`: one credential per branch, tag or environment given.
fn github(args: GithubArgs) -> Result<(Vec<Platform>, CommonArgs), String> {
    let GithubArgs {
        repo,
        branch,
        tag,
        environment,
        pull_request,
        branch_pattern,
        tag_pattern,
        subject_form,
        customization,
        owner_id,
        repo_id,
        enterprise,
        ghe_subdomain,
        ghes_host,
        claim_keys,
        claims,
        job_workflow_ref,
        common,
    } = args;
    let entities = if pull_request {
        vec![Entity::PullRequest]
    } else if let Some(p) = branch_pattern {
        vec![Entity::BranchPattern(p)]
    } else if let Some(p) = tag_pattern {
        vec![Entity::TagPattern(p)]
    } else {
        refs_and_environments(branch, tag, environment)
    };
    let customization = customization
        .as_deref()
        .map(|path| read(path, "--customization output"))
        .transpose()?
        .unwrap_or_default();
    let base = GitHubInput {
        repo,
        entity: Entity::PullRequest,
        subject_form,
        customization,
        owner_id,
        repo_id,
        enterprise,
        ghe_subdomain,
        ghes_host,
        claim_keys,
        claims,
        job_workflow_ref,
    };
    Ok((one_per_entity(entities, &base), common))
}

/// `fedcred fic azure-devops`: the Entra issuer when a tenant is given, else the legacy one.
fn azure_devops(
    tenant_id: Option<String>,
    organization_id: String,
    connection_id: Option<String>,
    organization: Option<String>,
    project: Option<String>,
    connection: Option<String>,
) -> AzureDevOpsInput {
    let generation = if tenant_id.is_some() {
        Generation::Entra
    } else {
        Generation::Legacy
    };
    AzureDevOpsInput {
        generation,
        tenant_id: tenant_id.unwrap_or_default(),
        organization_id,
        connection_id: connection_id.unwrap_or_default(),
        organization: organization.unwrap_or_default(),
        project: project.unwrap_or_default(),
        connection: connection.unwrap_or_default(),
        subject_identifier: String::new(),
    }
}

/// One entity per branch, tag and environment given, in that order.
fn refs_and_environments(
    branch: Vec<String>,
    tag: Vec<String>,
    environment: Vec<String>,
) -> Vec<Entity> {
    branch
        .into_iter()
        .map(Entity::Branch)
        .chain(tag.into_iter().map(Entity::Tag))
        .chain(environment.into_iter().map(Entity::Environment))
        .collect()
}

/// One GitHub credential per entity, the other inputs shared.
fn one_per_entity(entities: Vec<Entity>, base: &GitHubInput) -> Vec<Platform> {
    entities
        .into_iter()
        .map(|entity| {
            Platform::GitHub(GitHubInput {
                entity,
                ..base.clone()
            })
        })
        .collect()
}

/// `--run-phase`: the core's keys, and `*` for the pattern it makes (the core's `any`).
fn run_phase_arg(text: &str) -> Result<RunPhase, String> {
    let key = if text == "*" { "any" } else { text };
    RunPhase::from_key(key)
        .ok_or_else(|| format!("fedcred: --run-phase: '{text}' is not plan, apply, both or '*'"))
}

fn flag(field: Option<&str>) -> String {
    match field {
        Some(field) => format!("--{}: ", field.replace('_', "-")),
        None => String::new(),
    }
}

/// Runs `fedcred fic`: the text to print, or the message for stderr (exit 2).
pub fn run(args: FicArgs) -> Result<String, String> {
    let (platforms, common_args) = inputs(args.platform)?;
    let common = common_args.common()?;
    let target = common_args.target();
    let mut built = build_set(&platforms, &common);
    built.findings.extend(target.validate());
    if !built.is_ok() {
        let mut message = String::from("fedcred: invalid input:\n");
        for finding in built.findings.iter().filter(|f| f.is_error()) {
            message.push_str(&format!(
                "  {}{} [{}]\n",
                flag(finding.field),
                finding.message,
                finding.code
            ));
        }
        return Err(message.trim_end().to_owned());
    }
    let warnings: Vec<&Finding> = built
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    if let Some(format) = &common_args.format {
        let platform = platforms.first().ok_or("fedcred: nothing to build")?;
        let snippet = snippets::render(
            format,
            Context {
                platform,
                credentials: &built.credentials,
                target: &target,
            },
        )
        .map_err(|e| format!("fedcred: --format: {e}"))?;
        let mut out = snippet.code;
        if !out.ends_with('\n') {
            out.push('\n');
        }
        for warning in &warnings {
            eprintln!(
                "warning: {}{} [{}]",
                flag(warning.field),
                warning.message,
                warning.code
            );
        }
        for note in &snippet.notes {
            eprintln!("note: {note}");
        }
        return Ok(out);
    }
    let warnings: Vec<Warning<'_>> = warnings
        .iter()
        .map(|w| Warning {
            code: w.code,
            message: &w.message,
        })
        .collect();
    let objects: Vec<Output<'_>> = built
        .credentials
        .iter()
        .map(|credential| Output {
            credential: GraphCredential::from(credential),
            warnings: &warnings,
        })
        .collect();
    let text = match objects.as_slice() {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    };
    Ok(format!("{}\n", text.unwrap_or_default()))
}
