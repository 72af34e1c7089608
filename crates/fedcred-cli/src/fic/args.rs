//! The command line of `fedcred fic`: one subcommand per platform, and the arguments every
//! platform shares.

use clap::{ArgGroup, Args, Subcommand};
use fedcred_core::key::Keyed;
use fedcred_core::platforms::github::SubjectForm;
use fedcred_core::platforms::gitlab::RefType;
use fedcred_core::snippets::FORMATS;

#[derive(Debug, Args)]
#[command(after_help = formats_help())]
pub struct FicArgs {
    #[command(subcommand)]
    pub(super) platform: PlatformArgs,
}

fn formats_help() -> String {
    let mut help = String::from("Formats for --format:\n");
    for f in FORMATS {
        help.push_str(&format!("  {:<17} {}\n", f.key, f.description));
    }
    help
}

#[derive(Debug, Subcommand)]
pub(super) enum PlatformArgs {
    /// GitHub Actions: one credential per branch, tag or environment given.
    Github(Box<GithubArgs>),
    /// Azure DevOps service connection (Entra issuer, or the legacy Azure DevOps issuer).
    #[command(group(ArgGroup::new("issuer_generation").required(true).multiple(true).args(["tenant_id", "organization", "subject_identifier"])))]
    AzureDevops {
        /// Entra issuer: the tenant ID.
        #[arg(long, requires = "connection_id", conflicts_with = "organization")]
        tenant_id: Option<String>,
        /// The Azure DevOps organization ID (a GUID); read from --subject-identifier when given.
        #[arg(
            long,
            required_unless_present = "subject_identifier",
            default_value = ""
        )]
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
        /// The "Subject identifier" from the service connection's page: the IDs (or, for the
        /// legacy issuer, the names) are read from it, and the others are checked against it.
        #[arg(long)]
        subject_identifier: Option<String>,
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

/// `fedcred fic github`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("entity").required(true).multiple(false).args(["branch", "tag", "environment", "pull_request", "branch_pattern", "tag_pattern"])))]
pub(super) struct GithubArgs {
    /// OWNER/REPO, exactly as GitHub shows it.
    #[arg(long)]
    pub(super) repo: String,
    /// A branch (repeat for several credentials).
    #[arg(long)]
    pub(super) branch: Vec<String>,
    /// A tag (repeat for several).
    #[arg(long)]
    pub(super) tag: Vec<String>,
    /// An environment the job names (repeat for several).
    #[arg(long)]
    pub(super) environment: Vec<String>,
    /// Runs triggered by pull_request.
    #[arg(long)]
    pub(super) pull_request: bool,
    /// A branch pattern with * and ?: a flexible credential.
    #[arg(long)]
    pub(super) branch_pattern: Option<String>,
    /// A tag pattern with * and ?: a flexible credential.
    #[arg(long)]
    pub(super) tag_pattern: Option<String>,
    /// Which subject form the repository sends: not_sure (name-based unless both IDs are
    /// given, with a warning), name_based, or immutable (repo:OWNER@ID/REPO@ID).
    #[arg(long, value_parser = keyed::<SubjectForm>(), default_value = "not_sure")]
    pub(super) subject_form: SubjectForm,
    /// What gh api repos/OWNER/REPO/actions/oidc/customization/sub (or gh api repos/OWNER/REPO)
    /// printed: a file, or - for standard input. It sets the form, the IDs and the template.
    #[arg(long)]
    pub(super) customization: Option<String>,
    /// The owner's numeric ID, for an immutable subject.
    #[arg(long, default_value = "")]
    pub(super) owner_id: String,
    /// The repository's numeric ID, for an immutable subject.
    #[arg(long, default_value = "")]
    pub(super) repo_id: String,
    /// Enterprise slug, for an enterprise-unique issuer.
    #[arg(long, default_value = "")]
    pub(super) enterprise: String,
    /// GHE.com subdomain (data residency).
    #[arg(long, default_value = "")]
    pub(super) ghe_subdomain: String,
    /// GitHub Enterprise Server host.
    #[arg(long, default_value = "")]
    pub(super) ghes_host: String,
    /// A customised subject template's claim keys, in order (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(super) claim_keys: Vec<String>,
    /// A value for a template key: KEY=VALUE (repeat).
    #[arg(long = "claim", value_parser = parse_claim)]
    pub(super) claims: Vec<(String, String)>,
    /// With a pattern: also require job_workflow_ref to match this.
    #[arg(long, default_value = "")]
    pub(super) job_workflow_ref: String,
    #[command(flatten)]
    pub(super) common: CommonArgs,
}

/// A parser for a choice the core names ([`Keyed`]): its keys are the possible values.
fn keyed<T: Keyed + Send + Sync>() -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(T::keys()).try_map(|key| {
        T::from_key(&key).ok_or_else(|| format!("'{key}' is not one of {}", T::keys().join(", ")))
    })
}

#[derive(Debug, Args)]
pub(super) struct CommonArgs {
    /// The credential name (default: suggested from the inputs).
    #[arg(long, default_value = "")]
    pub(super) name: String,
    /// A custom audience (must equal the token's aud).
    #[arg(long, conflicts_with = "cloud")]
    pub(super) audience: Option<String>,
    /// The cloud whose audience to use: public, usgov, china.
    #[arg(long, default_value = "public")]
    pub(super) cloud: String,
    /// A description stored with the credential.
    #[arg(long, default_value = "")]
    pub(super) description: String,
    /// Target: the user-assigned managed identity's name.
    #[arg(long, default_value = "")]
    pub(super) identity_name: String,
    /// Target: the managed identity's resource group.
    #[arg(long, default_value = "")]
    pub(super) resource_group: String,
    /// Target: the managed identity's subscription.
    #[arg(long, default_value = "")]
    pub(super) subscription: String,
    /// Target: the managed identity's region (warns where credentials are not supported).
    #[arg(long, default_value = "")]
    pub(super) location: String,
    /// Target: an app registration's application (client) ID, instead of a managed identity.
    #[arg(long, conflicts_with_all = ["identity_name", "resource_group", "subscription", "location"])]
    pub(super) app_id: Option<String>,
    /// Target: the app registration's object ID.
    #[arg(long, requires = "app_id")]
    pub(super) app_object_id: Option<String>,
    /// Print this snippet instead of JSON (see the list below).
    #[arg(long)]
    pub(super) format: Option<String>,
}

fn parse_claim(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("'{text}' is not KEY=VALUE"))
}
