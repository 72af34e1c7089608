//! `fedcred fic <platform>`: build credentials, print JSON or a snippet.

use clap::{ArgGroup, Args, Subcommand};
use fedcred_core::audience::Cloud;
use fedcred_core::credential::GraphCredential;
use fedcred_core::finding::{Finding, Severity};
use fedcred_core::key::Keyed;
use fedcred_core::platforms::azure_devops::{AzureDevOpsInput, Generation};
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::gitlab::{GitLabInput, RefType};
use fedcred_core::platforms::kubernetes::KubernetesInput;
use fedcred_core::platforms::managed_identity::ManagedIdentityInput;
use fedcred_core::platforms::other::OtherInput;
use fedcred_core::platforms::terraform::{RunPhase, TerraformInput};
use fedcred_core::platforms::{Common, Platform, build_set};
use fedcred_core::snippets::{self, Context, FORMATS};
use fedcred_core::target::Target;
use serde::Serialize;

/// One credential as `fedcred fic` prints it: Graph's request body plus the warnings.
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

#[derive(Debug, Args)]
#[command(after_help = formats_help())]
pub struct FicArgs {
    #[command(subcommand)]
    platform: PlatformArgs,
}

fn formats_help() -> String {
    let mut help = String::from("Formats for --format:\n");
    for f in FORMATS {
        help.push_str(&format!("  {:<17} {}\n", f.key, f.description));
    }
    help
}

#[derive(Debug, Subcommand)]
enum PlatformArgs {
    /// GitHub Actions: one credential per branch, tag or environment given.
    #[command(group(ArgGroup::new("entity").required(true).multiple(false).args(["branch", "tag", "environment", "pull_request", "branch_pattern", "tag_pattern"])))]
    Github {
        /// OWNER/REPO, exactly as GitHub shows it.
        #[arg(long)]
        repo: String,
        /// A branch (repeat for several credentials).
        #[arg(long)]
        branch: Vec<String>,
        /// A tag (repeat for several).
        #[arg(long)]
        tag: Vec<String>,
        /// An environment the job names (repeat for several).
        #[arg(long)]
        environment: Vec<String>,
        /// Runs triggered by pull_request.
        #[arg(long)]
        pull_request: bool,
        /// A branch pattern with * and ?: a flexible credential.
        #[arg(long)]
        branch_pattern: Option<String>,
        /// A tag pattern with * and ?: a flexible credential.
        #[arg(long)]
        tag_pattern: Option<String>,
        /// The owner's numeric ID, for an immutable subject.
        #[arg(long, default_value = "")]
        owner_id: String,
        /// The repository's numeric ID, for an immutable subject.
        #[arg(long, default_value = "")]
        repo_id: String,
        /// Enterprise slug, for an enterprise-unique issuer.
        #[arg(long, default_value = "")]
        enterprise: String,
        /// GHE.com subdomain (data residency).
        #[arg(long, default_value = "")]
        ghe_subdomain: String,
        /// GitHub Enterprise Server host.
        #[arg(long, default_value = "")]
        ghes_host: String,
        /// A customised subject template's claim keys, in order (comma-separated).
        #[arg(long, value_delimiter = ',')]
        claim_keys: Vec<String>,
        /// A value for a template key: KEY=VALUE (repeat).
        #[arg(long = "claim", value_parser = parse_claim)]
        claims: Vec<(String, String)>,
        /// With a pattern: also require job_workflow_ref to match this.
        #[arg(long, default_value = "")]
        job_workflow_ref: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Azure DevOps service connection (Entra issuer, or the legacy Azure DevOps issuer).
    #[command(group(ArgGroup::new("issuer_generation").required(true).multiple(false).args(["tenant_id", "organization"])))]
    AzureDevops {
        /// Entra issuer: the tenant ID.
        #[arg(long, requires = "connection_id")]
        tenant_id: Option<String>,
        /// The Azure DevOps organization ID (a GUID).
        #[arg(long)]
        organization_id: String,
        /// Entra issuer: the service connection ID.
        #[arg(long, requires = "tenant_id")]
        connection_id: Option<String>,
        /// Legacy issuer: the organization name.
        #[arg(long, requires_all = ["project", "connection"])]
        organization: Option<String>,
        /// Legacy issuer: the project name.
        #[arg(long, requires = "organization")]
        project: Option<String>,
        /// Legacy issuer: the service connection name (also used in the pipeline snippet).
        #[arg(long)]
        connection: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Kubernetes service account (AKS, EKS, GKE or self-managed).
    Kubernetes {
        /// The cluster's OIDC issuer URL, exactly.
        #[arg(long)]
        issuer: String,
        /// The namespace.
        #[arg(long)]
        namespace: String,
        /// The service account (repeat for several).
        #[arg(long, required = true)]
        service_account: Vec<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// GitLab CI.
    #[command(group(ArgGroup::new("project").required(true).multiple(false).args(["project_path", "project_id"])))]
    Gitlab {
        /// group/project.
        #[arg(long)]
        project_path: Option<String>,
        /// The numeric project ID (for a project_id subject).
        #[arg(long)]
        project_id: Option<String>,
        /// branch or tag.
        #[arg(long, value_parser = keyed::<RefType>())]
        ref_type: RefType,
        /// The branch or tag name (* and ? make a pattern).
        #[arg(long = "ref")]
        git_ref: String,
        /// The instance URL (default https://gitlab.com).
        #[arg(long, default_value = "")]
        issuer: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Terraform Cloud / HCP Terraform.
    Terraform {
        /// The organization.
        #[arg(long)]
        organization: String,
        /// The project (default "Default Project").
        #[arg(long, default_value = "")]
        project: String,
        /// The workspace.
        #[arg(long)]
        workspace: String,
        /// plan, apply, both (two credentials) or '*' (one flexible credential).
        #[arg(long, default_value = "both")]
        run_phase: String,
        /// The issuer (default https://app.terraform.io).
        #[arg(long, default_value = "")]
        issuer: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// A managed identity as the credential of an app registration.
    ManagedIdentity {
        /// The tenant ID.
        #[arg(long)]
        tenant_id: String,
        /// The managed identity's object (principal) ID.
        #[arg(long)]
        principal_id: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Any other OIDC issuer.
    #[command(group(ArgGroup::new("matcher").required(true).multiple(false).args(["subject", "expression"])))]
    Other {
        /// The token's iss, exactly.
        #[arg(long)]
        issuer: String,
        /// The token's sub, exactly.
        #[arg(long)]
        subject: Option<String>,
        /// A flexible expression instead of a subject.
        #[arg(long)]
        expression: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
}

/// A parser for a choice the core names ([`Keyed`]): its keys are the possible values.
fn keyed<T: Keyed + Send + Sync>() -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(T::keys()).try_map(|key| {
        T::from_key(&key).ok_or_else(|| format!("'{key}' is not one of {}", T::keys().join(", ")))
    })
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The credential name (default: suggested from the inputs).
    #[arg(long, default_value = "")]
    name: String,
    /// A custom audience (must equal the token's aud).
    #[arg(long, conflicts_with = "cloud")]
    audience: Option<String>,
    /// The cloud whose audience to use: public, usgov, china.
    #[arg(long, default_value = "public")]
    cloud: String,
    /// A description stored with the credential.
    #[arg(long, default_value = "")]
    description: String,
    /// Target: the user-assigned managed identity's name.
    #[arg(long, default_value = "")]
    identity_name: String,
    /// Target: the managed identity's resource group.
    #[arg(long, default_value = "")]
    resource_group: String,
    /// Target: the managed identity's subscription.
    #[arg(long, default_value = "")]
    subscription: String,
    /// Target: the managed identity's region (warns where credentials are not supported).
    #[arg(long, default_value = "")]
    location: String,
    /// Target: an app registration's application (client) ID, instead of a managed identity.
    #[arg(long, conflicts_with_all = ["identity_name", "resource_group", "subscription", "location"])]
    app_id: Option<String>,
    /// Target: the app registration's object ID.
    #[arg(long, requires = "app_id")]
    app_object_id: Option<String>,
    /// Print this snippet instead of JSON (see the list below).
    #[arg(long)]
    format: Option<String>,
}

fn parse_claim(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("'{text}' is not KEY=VALUE"))
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
        PlatformArgs::Github {
            repo,
            branch,
            tag,
            environment,
            pull_request,
            branch_pattern,
            tag_pattern,
            owner_id,
            repo_id,
            enterprise,
            ghe_subdomain,
            ghes_host,
            claim_keys,
            claims,
            job_workflow_ref,
            common,
        } => {
            let entities: Vec<Entity> = if pull_request {
                vec![Entity::PullRequest]
            } else if let Some(p) = branch_pattern {
                vec![Entity::BranchPattern(p)]
            } else if let Some(p) = tag_pattern {
                vec![Entity::TagPattern(p)]
            } else {
                branch
                    .into_iter()
                    .map(Entity::Branch)
                    .chain(tag.into_iter().map(Entity::Tag))
                    .chain(environment.into_iter().map(Entity::Environment))
                    .collect()
            };
            let base = GitHubInput {
                repo,
                entity: Entity::PullRequest,
                owner_id,
                repo_id,
                enterprise,
                ghe_subdomain,
                ghes_host,
                claim_keys,
                claims,
                job_workflow_ref,
            };
            let platforms = entities
                .into_iter()
                .map(|entity| {
                    Platform::GitHub(GitHubInput {
                        entity,
                        ..base.clone()
                    })
                })
                .collect();
            (platforms, common)
        }
        PlatformArgs::AzureDevops {
            tenant_id,
            organization_id,
            connection_id,
            organization,
            project,
            connection,
            common,
        } => {
            let generation = if tenant_id.is_some() {
                Generation::Entra
            } else {
                Generation::Legacy
            };
            let input = AzureDevOpsInput {
                generation,
                tenant_id: tenant_id.unwrap_or_default(),
                organization_id,
                connection_id: connection_id.unwrap_or_default(),
                organization: organization.unwrap_or_default(),
                project: project.unwrap_or_default(),
                connection: connection.unwrap_or_default(),
            };
            (vec![Platform::AzureDevops(input)], common)
        }
        PlatformArgs::Kubernetes {
            issuer,
            namespace,
            service_account,
            common,
        } => {
            let platforms = service_account
                .into_iter()
                .map(|sa| {
                    Platform::Kubernetes(KubernetesInput {
                        issuer: issuer.clone(),
                        namespace: namespace.clone(),
                        service_account: sa,
                    })
                })
                .collect();
            (platforms, common)
        }
        PlatformArgs::Gitlab {
            project_path,
            project_id,
            ref_type,
            git_ref,
            issuer,
            common,
        } => {
            let input = GitLabInput {
                issuer,
                project_path: project_path.unwrap_or_default(),
                project_id: project_id.unwrap_or_default(),
                ref_type,
                git_ref,
            };
            (vec![Platform::GitLab(input)], common)
        }
        PlatformArgs::Terraform {
            organization,
            project,
            workspace,
            run_phase,
            issuer,
            common,
        } => {
            // '*' reads as the subject pattern it makes; the core's key for it is "any".
            let key = if run_phase == "*" {
                "any"
            } else {
                run_phase.as_str()
            };
            let Some(run_phase) = RunPhase::from_key(key) else {
                return Err(format!(
                    "fedcred: --run-phase: '{run_phase}' is not plan, apply, both or '*'"
                ));
            };
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
        } => {
            let input = OtherInput {
                issuer,
                subject: subject.unwrap_or_default(),
                expression: expression.unwrap_or_default(),
            };
            (vec![Platform::Other(input)], common)
        }
    })
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
