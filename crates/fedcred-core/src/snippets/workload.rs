//! The workload side: what the pipeline or pod needs so the token it presents carries the
//! credential's subject and audience (field guide §3–§6).

use super::quote::{hcl as hq, sh, yaml as yq};
use super::{Context, Snippet, SnippetError};
use crate::audience::Cloud;
use crate::credential::Credential;
use crate::platforms::Platform;
use crate::platforms::azure_devops::Generation;
use crate::platforms::github::{Entity, GitHubInput};
use crate::platforms::gitlab::{GitLabInput, RefType};
use crate::platforms::kubernetes::KubernetesInput;
use crate::platforms::terraform::TerraformInput;
use crate::target::Target;

/// The workload-side snippet for the context's platform.
pub fn render(context: Context<'_>) -> Result<Snippet, SnippetError> {
    let audience = context
        .credentials
        .first()
        .map(Credential::audience)
        .unwrap_or_default();
    match context.platform {
        Platform::GitHub(input) => Ok(github(input, audience)),
        Platform::AzureDevops(input) => Ok(azure_devops(input.generation, &input.connection)),
        Platform::Kubernetes(input) => Ok(kubernetes(input, context.target)),
        Platform::GitLab(input) => Ok(gitlab(input, audience)),
        Platform::Terraform(input) => Ok(terraform_cloud(input, context.target, audience)),
        Platform::ManagedIdentity(_) | Platform::Other(_) => Err(SnippetError(format!(
            "fedcred has no workload-side template for {}: configure the workload to request a token with the audience {audience}",
            context.platform.label()
        ))),
    }
}

fn client_id(target: &Target) -> Option<&str> {
    match target {
        Target::AppRegistration { client_id, .. } if !client_id.is_empty() => Some(client_id),
        _ => None,
    }
}

/// GitHub Actions workflow with `azure/login@v3`: v3 is the release for Node 24, the runtime
/// GitHub's runners use since Node 20 was removed (Azure/login#577, a maintainer, 2026-03-17;
/// the same inputs as v2).
fn github(input: &GitHubInput, audience: &str) -> Snippet {
    let mut notes = vec![
        "Set the repository (or environment) variables AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_SUBSCRIPTION_ID: they are not secrets.".to_owned(),
        "Without permissions: id-token: write there is no token, and azure/login fails with \"Failed to fetch federated token from GitHub\".".to_owned(),
    ];
    let (on, environment) = match &input.entity {
        Entity::Branch(b) => (
            format!(
                "  push:\n    branches:\n      - {}\n",
                yq(b.trim().trim_start_matches("refs/heads/"))
            ),
            None,
        ),
        Entity::BranchPattern(p) => (
            format!(
                "  push:\n    branches:\n      - {}\n",
                yq(p.trim().trim_start_matches("refs/heads/"))
            ),
            None,
        ),
        Entity::Tag(t) => (
            format!(
                "  push:\n    tags:\n      - {}\n",
                yq(t.trim().trim_start_matches("refs/tags/"))
            ),
            None,
        ),
        Entity::TagPattern(p) => (
            format!(
                "  push:\n    tags:\n      - {}\n",
                yq(p.trim().trim_start_matches("refs/tags/"))
            ),
            None,
        ),
        Entity::PullRequest => {
            notes.push("A pull_request run presents repo:OWNER/REPO:pull_request, unless its job names an environment.".to_owned());
            ("  pull_request:\n".to_owned(), None)
        }
        Entity::Environment(e) => {
            notes.push("The environment wins: every run of this job presents the environment subject, whatever the branch or event.".to_owned());
            (
                "  workflow_dispatch:\n  push:\n    branches:\n      - \"main\"\n".to_owned(),
                Some(e.trim()),
            )
        }
    };
    let mut code = format!(
        "name: Deploy to Azure\n\non:\n{on}\npermissions:\n  id-token: write\n  contents: read\n\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
    );
    if let Some(e) = environment {
        code.push_str(&format!("    environment: {}\n", yq(e)));
    }
    code.push_str("    steps:\n      - uses: azure/login@v3\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n");
    if audience != Cloud::Public.audience() {
        code.push_str(&format!("          audience: {}\n", yq(audience)));
    }
    code.push_str("      - run: az account show\n");
    Snippet {
        format: "workload",
        title: "GitHub workflow".to_owned(),
        language: "yaml",
        code,
        notes,
    }
}

/// Azure Pipelines YAML using the service connection.
fn azure_devops(generation: Generation, connection: &str) -> Snippet {
    let name = if connection.trim().is_empty() {
        "<SERVICE_CONNECTION_NAME>"
    } else {
        connection
    };
    let code = format!(
        "trigger:\n  - main\n\npool:\n  vmImage: ubuntu-latest\n\nsteps:\n  - task: AzureCLI@2\n    inputs:\n      azureSubscription: {}\n      scriptType: bash\n      scriptLocation: inlineScript\n      inlineScript: az account show\n",
        yq(name)
    );
    let mut notes = vec!["azureSubscription is the service connection's name; AzurePowerShell@5 takes it the same way.".to_owned()];
    if generation == Generation::Entra {
        notes.push("A multitenant app with the Entra issuer fails with AADSTS70052: use a single-tenant app or a managed identity.".to_owned());
    }
    Snippet {
        format: "workload",
        title: "Azure DevOps pipeline".to_owned(),
        language: "yaml",
        code,
        notes,
    }
}

/// Kubernetes ServiceAccount and Deployment for Azure Workload Identity.
fn kubernetes(input: &KubernetesInput, target: &Target) -> Snippet {
    let client = client_id(target).unwrap_or("<CLIENT_ID>");
    let ns = yq(input.namespace.trim());
    let sa = yq(input.service_account.trim());
    let code = format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {sa}\n  namespace: {ns}\n  annotations:\n    azure.workload.identity/client-id: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: workload\n  namespace: {ns}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: workload\n  template:\n    metadata:\n      labels:\n        app: workload\n        azure.workload.identity/use: \"true\"\n    spec:\n      serviceAccountName: {sa}\n      containers:\n        - name: workload\n          image: mcr.microsoft.com/azure-cli:latest\n          command: [\"sh\", \"-c\", \"az login --service-principal -u $AZURE_CLIENT_ID -t $AZURE_TENANT_ID --federated-token \\\"$(cat $AZURE_FEDERATED_TOKEN_FILE)\\\" && sleep infinity\"]\n",
        yq(client)
    );
    let mut notes = vec![
        "The pod label azure.workload.identity/use: \"true\" is required: the webhook mutates only labelled pods.".to_owned(),
        "The webhook injects AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST, and mounts the token at /var/run/secrets/azure/tokens/azure-identity-token.".to_owned(),
    ];
    if client == "<CLIENT_ID>" {
        notes.push("Replace <CLIENT_ID> with the client ID of the managed identity or app (az identity show --query clientId -o tsv).".to_owned());
    }
    Snippet {
        format: "workload",
        title: "Kubernetes manifests".to_owned(),
        language: "yaml",
        code,
        notes,
    }
}

/// A GitLab CI job that requests an ID token with the credential's audience.
fn gitlab(input: &GitLabInput, audience: &str) -> Snippet {
    let git_ref = input.git_ref.trim();
    let rule = match input.ref_type {
        RefType::Branch => format!("$CI_COMMIT_BRANCH == {}", yq(git_ref)),
        RefType::Tag => format!("$CI_COMMIT_TAG == {}", yq(git_ref)),
    };
    let rule = if git_ref.contains(['*', '?']) {
        match input.ref_type {
            RefType::Branch => "$CI_COMMIT_BRANCH".to_owned(),
            RefType::Tag => "$CI_COMMIT_TAG".to_owned(),
        }
    } else {
        rule
    };
    let code = format!(
        "deploy:\n  image: mcr.microsoft.com/azure-cli:latest\n  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: {}\n  rules:\n    - if: {}\n  script:\n    - az login --service-principal -u \"$AZURE_CLIENT_ID\" -t \"$AZURE_TENANT_ID\" --federated-token \"$AZURE_ID_TOKEN\"\n    - az account show\n",
        yq(audience),
        yq(&rule)
    );
    let notes = vec!["Set AZURE_CLIENT_ID and AZURE_TENANT_ID as CI/CD variables (Settings → CI/CD → Variables).".to_owned()];
    Snippet {
        format: "workload",
        title: "GitLab CI job".to_owned(),
        language: "yaml",
        code,
        notes,
    }
}

/// Terraform Cloud workspace variables, as `tfe_variable` resources.
fn terraform_cloud(input: &TerraformInput, target: &Target, audience: &str) -> Snippet {
    let client = client_id(target)
        .map(hq)
        .unwrap_or_else(|| "var.client_id".to_owned());
    let mut vars = vec![
        ("TFC_AZURE_PROVIDER_AUTH", "\"true\"".to_owned()),
        ("TFC_AZURE_RUN_CLIENT_ID", client.clone()),
    ];
    if audience != Cloud::Public.audience() {
        vars.push(("TFC_WORKLOAD_IDENTITY_AUDIENCE", hq(audience)));
    }
    let mut code = String::new();
    if client == "var.client_id" {
        code.push_str("variable \"client_id\" {\n  type        = string\n  description = \"The client ID of the identity that holds the credentials.\"\n}\n\n");
    }
    code.push_str(&format!(
        "data \"tfe_workspace\" \"target\" {{\n  name         = {}\n  organization = {}\n}}\n",
        hq(input.workspace.trim()),
        hq(input.organization.trim())
    ));
    for (key, value) in vars {
        code.push_str(&format!(
            "\nresource \"tfe_variable\" {} {{\n  workspace_id = data.tfe_workspace.target.id\n  category     = \"env\"\n  key          = \"{key}\"\n  value        = {value}\n}}\n",
            hq(&key.to_ascii_lowercase())
        ));
    }
    let notes = vec![
        format!("Or set them in the workspace's Variables page as environment variables; the CLI equivalent of TFC_AZURE_RUN_CLIENT_ID is the client ID itself ({}).", sh(client_id(target).unwrap_or("CLIENT_ID"))),
        "The azurerm provider also needs ARM_TENANT_ID and ARM_SUBSCRIPTION_ID (or provider arguments).".to_owned(),
    ];
    Snippet {
        format: "workload",
        title: "Terraform Cloud variables".to_owned(),
        language: "hcl",
        code,
        notes,
    }
}
