//! Ready-to-paste snippets for the credentials a platform built: the identity side (az CLI,
//! PowerShell, Graph REST, Bicep, Terraform) and the workload side (GitHub workflow, Azure
//! DevOps pipeline, Kubernetes manifests, GitLab CI, Terraform Cloud variables).
//!
//! Every user value goes through [`quote`] for its target language. A value the user has not
//! given (an identity name, say) becomes a placeholder that stops the snippet loudly rather than
//! one that runs and does something else.

pub mod fix;
pub mod identity;
pub mod lifecycle;
mod placeholder;
pub mod quote;
pub mod workload;

use serde::Serialize;

use crate::credential::Credential;
use crate::platforms::Platform;
use crate::target::Target;

/// A rendered snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The format's key, e.g. `az`.
    pub format: &'static str,
    /// A title for a tab or a heading.
    pub title: String,
    /// The language, for highlighting: `bash`, `powershell`, `http`, `bicep`, `hcl`, `yaml`.
    pub language: &'static str,
    /// The text to paste.
    pub code: String,
    /// What to know before pasting it.
    pub notes: Vec<String>,
}

/// What a snippet is rendered from.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The platform inputs the credentials came from.
    pub platform: &'a Platform,
    /// The credentials, all on one identity.
    pub credentials: &'a [Credential],
    /// The identity that holds them.
    pub target: &'a Target,
}

/// A snippet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The key for `--format` and the UI.
    pub key: &'static str,
    /// Its name on a tab.
    pub title: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Identity side (`true`) or workload side.
    pub identity_side: bool,
}

/// Every format, identity side first.
pub const FORMATS: &[Format] = &[
    Format {
        key: "az",
        title: "az CLI",
        description: "az CLI: az identity federated-credential create, or az ad app federated-credential create",
        identity_side: true,
    },
    Format {
        key: "powershell",
        title: "PowerShell",
        description: "Azure PowerShell (Az): New-AzFederatedIdentityCredential or New-AzADAppFederatedCredential",
        identity_side: true,
    },
    Format {
        key: "powershell-graph",
        title: "Graph PowerShell",
        description: "Microsoft Graph PowerShell: New-MgApplicationFederatedIdentityCredential (app registrations)",
        identity_side: true,
    },
    Format {
        key: "graph",
        title: "Graph REST",
        description: "Microsoft Graph REST: method, URL and JSON body (app registrations)",
        identity_side: true,
    },
    Format {
        key: "bicep",
        title: "Bicep",
        description: "Bicep: federatedIdentityCredentials on a managed identity (created one after another), or the Graph Bicep extension",
        identity_side: true,
    },
    Format {
        key: "terraform",
        title: "Terraform",
        description: "Terraform: azurerm_federated_identity_credential (azurerm 4.x) or azuread_application_federated_identity_credential (azuread 3.x)",
        identity_side: true,
    },
    Format {
        key: "workload",
        title: "Workload",
        description: "the workload side for the platform: GitHub workflow, Azure DevOps pipeline, Kubernetes manifests, GitLab CI job, or Terraform Cloud variables",
        identity_side: false,
    },
];

/// Why a snippet cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetError(pub String);

impl std::fmt::Display for SnippetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SnippetError {}

/// The file a snippet is saved as: the name its tool expects, with the right extension.
pub fn file_name(format: &str, platform: &Platform) -> &'static str {
    match format {
        "az" | "lifecycle" | "audit" | "migrate" => "fic.sh",
        "powershell" => "fic.ps1",
        "powershell-graph" => "fic-graph.ps1",
        "graph" => "fic.http",
        "bicep" => "fic.bicep",
        "terraform" => "main.tf",
        _ => match platform {
            Platform::GitHub(_) => "azure-login.yml",
            Platform::AzureDevops(_) => "azure-pipelines.yml",
            Platform::Kubernetes(_) => "workload-identity.yaml",
            Platform::GitLab(_) => ".gitlab-ci.yml",
            Platform::Terraform(_) => "tfc-variables.sh",
            Platform::ManagedIdentity(_) | Platform::Other(_) => "workload.txt",
        },
    }
}

/// The credentials as one JSON file: an array of Microsoft Graph request bodies, the shape
/// `az ad app federated-credential create --parameters` and Graph take, and `fedcred explain
/// --fics` reads back.
pub fn credentials_json(credentials: &[Credential]) -> String {
    let bodies = credentials
        .iter()
        .map(|c| crate::credential::GraphCredential::from(c).to_json())
        .collect();
    crate::json::Value::Array(bodies).to_pretty()
}

/// One format's own renderer. What every format gets besides (the check that there is a
/// credential, the stops for placeholders still to replace) is added by [`render_with`].
pub type Renderer = fn(Context<'_>) -> Result<Snippet, SnippetError>;

/// The az CLI's renderer: the format a page shows first. A page reaches the others through
/// [`renderer`], which it may load when another format is first chosen (the web app does: issue
/// 26), since naming them all here would bring every renderer along with this one.
pub const AZ: Renderer = |context| Ok(identity::az(context));

/// The renderer of `format`, or `None` for a format fedcred does not know.
pub fn renderer(format: &str) -> Option<Renderer> {
    let renderer: Renderer = match format {
        "az" => AZ,
        "powershell" => |context| Ok(identity::powershell(context)),
        "powershell-graph" => identity::powershell_graph,
        "graph" => identity::graph,
        "bicep" => |context| Ok(identity::bicep(context)),
        "terraform" => |context| Ok(identity::terraform(context)),
        "lifecycle" => |context| Ok(lifecycle::lifecycle(context)),
        "audit" => |_| Ok(lifecycle::audit()),
        "migrate" => lifecycle::migrate,
        "workload" => workload::render,
        _ => return None,
    };
    Some(renderer)
}

/// Renders one format.
pub fn render(format: &str, context: Context<'_>) -> Result<Snippet, SnippetError> {
    match renderer(format) {
        Some(renderer) => render_with(format, renderer, context),
        None => {
            has_credentials(context)?;
            Err(SnippetError(format!(
                "unknown format '{format}': use one of {}",
                FORMATS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
            )))
        }
    }
}

/// Renders `format` with its `renderer` (from [`renderer`], or [`AZ`]): what [`render`] does
/// once it has the format's renderer.
pub fn render_with(
    format: &str,
    renderer: Renderer,
    context: Context<'_>,
) -> Result<Snippet, SnippetError> {
    has_credentials(context)?;
    let mut snippet = renderer(context)?;
    let unknown = crate::platforms::entra::issuer::UNKNOWN_LOGIN_HOST;
    if let Some(c) = context
        .credentials
        .iter()
        .find(|c| c.issuer.contains(unknown))
    {
        placeholder::stop_until_given(format, &c.issuer, &mut snippet);
    }
    for id in [
        crate::platforms::github::workflow::REPOSITORY_ID,
        crate::platforms::gitlab::pipeline::PROJECT_ID,
    ] {
        if context.credentials.iter().any(|c| {
            c.expression()
                .is_some_and(|e| e.contains(&format!("'{id}'")))
        }) {
            placeholder::stop_until_id_given(format, id, &mut snippet);
        }
    }
    Ok(snippet)
}

fn has_credentials(context: Context<'_>) -> Result<(), SnippetError> {
    if context.credentials.is_empty() {
        return Err(SnippetError(
            "there is no credential to render: fix the errors first".to_owned(),
        ));
    }
    Ok(())
}

/// Why a format does not apply to this context, without rendering it (cheap enough for every
/// keystroke): the Graph formats manage app registrations only, and the workload side has no
/// template for a managed identity used as a credential or another issuer.
pub fn not_applicable(format: &str, context: Context<'_>) -> Option<String> {
    match format {
        "graph" | "powershell-graph" if context.target.is_managed_identity() => Some(
            "for app registrations only: a managed identity's credentials are created with az, PowerShell (Az), Bicep or Terraform".to_owned(),
        ),
        "workload" if matches!(context.platform, Platform::ManagedIdentity(_) | Platform::Other(_)) => Some(format!(
            "no workload-side template for {}",
            context.platform.label()
        )),
        _ => None,
    }
}

/// Renders every format that applies, skipping those that do not (with the reason in the
/// returned errors).
pub fn render_all(context: Context<'_>) -> Vec<Result<Snippet, SnippetError>> {
    FORMATS.iter().map(|f| render(f.key, context)).collect()
}
