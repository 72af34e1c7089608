//! Whether a job can get an OIDC token (its `permissions`), and whether it asks for one for
//! Entra (its steps).
//!
//! Sources: GitHub docs, "Controlling permissions for GITHUB_TOKEN" (a job's `permissions`
//! replaces the workflow's; naming any scope sets every other to `none`; `write-all` and
//! `read-all`) and "OpenID Connect" (`id-token: write` is needed to request the token, and is
//! not part of the default permissions); azure/login's action.yml (`client-id` without `creds`
//! is OIDC; `audience` defaults to `api://AzureADTokenExchange`); field guide §3 and §9. The
//! documents as read on 2026-11-29.

use crate::predict::model::File;
use crate::yaml::Node;

/// What a `permissions:` says about `id-token`: `Some(true)` grants it, `Some(false)` withholds it.
pub(super) fn id_token(permissions: &Node) -> bool {
    match permissions.as_str() {
        Some(all) => all == "write-all",
        None => permissions.get("id-token").and_then(Node::as_str) == Some("write"),
    }
}

/// Whether the job gets a token, and why, from its own and the workflow's `permissions`.
pub(super) fn access(job: Option<&Node>, workflow: Option<&Node>) -> (bool, String) {
    match (job, workflow) {
        (Some(p), _) if id_token(p) => (true, "the job's permissions grant id-token: write".to_owned()),
        (Some(_), Some(w)) if id_token(w) => (
            false,
            "the job's permissions replace the workflow's id-token: write, and do not grant it: add id-token: write to the job's permissions".to_owned(),
        ),
        (Some(_), _) => (false, "the job's permissions do not grant id-token: write: add it to them".to_owned()),
        (None, Some(w)) if id_token(w) => (true, "the workflow's permissions grant id-token: write".to_owned()),
        (None, Some(_)) => (false, "the workflow's permissions do not grant id-token: write: add it (permissions: id-token: write, contents: read)".to_owned()),
        (None, None) => (
            false,
            "no permissions block: GitHub's default token permissions never include id-token: write; add permissions: id-token: write (and contents: read) to the job or the workflow".to_owned(),
        ),
    }
}

/// How the job asks for a token for Entra, its audience, and notes on its logins.
pub(super) struct Login {
    pub(super) how: Option<String>,
    /// Why the job may ask for one through something fedcred cannot see into (a local action not
    /// given, an action of its own code, a remote action fedcred does not know), when nothing it
    /// can see does.
    pub(super) may: Option<String>,
    pub(super) audience: Option<String>,
    pub(super) notes: Vec<String>,
}

/// GitHub's own and other widely used actions that never request an OIDC token (each one's
/// action.yml and sources, read 2026-12-04): a job that only uses these and logs in nowhere needs
/// no credential. Prefixes of `owner/name`, lower case.
const NO_TOKEN: &[&str] = &[
    "actions/checkout",
    "actions/setup-",
    "actions/cache",
    "actions/upload-artifact",
    "actions/download-artifact",
    "actions/upload-pages-artifact",
    "actions/labeler",
    "actions/stale",
    "actions/github-script", // read below: its script is searched for getIDToken
    "azure/cli",             // runs az in the session azure/login opened
    "azure/powershell",
    "azure/arm-deploy",
    "azure/bicep-deploy",
    "azure/webapps-deploy",
    "azure/functions-action",
    "azure/aks-set-context",
    "azure/k8s-",
    "azure/setup-",
    "azure/docker-login",
    "azure/static-web-apps-deploy",
    "docker/",
    "hashicorp/setup-terraform",
    "pulumi/actions",
    "github/codeql-action",
];

/// Actions that request an OIDC token, but for another cloud or service than Entra (each one's
/// action.yml: the audience it asks for): they need no Entra credential.
const OTHER_AUDIENCE: &[(&str, &str)] = &[
    (
        "aws-actions/configure-aws-credentials",
        "AWS (sts.amazonaws.com)",
    ),
    ("google-github-actions/auth", "Google Cloud"),
    ("actions/attest", "Sigstore (build provenance)"),
    ("actions/deploy-pages", "GitHub Pages"),
    ("pypa/gh-action-pypi-publish", "PyPI trusted publishing"),
    ("sigstore/", "Sigstore"),
    ("pulumi/auth-actions", "Pulumi Cloud"),
];

/// How deep local composite actions are followed (an action that uses itself stops here too).
const MAX_ACTION_DEPTH: usize = 8;

/// A local action's `action.yml` (or `.yaml`) among the files given: `./PATH` matches a file
/// whose name ends with `PATH/action.yml`.
fn local_action<'a>(actions: &'a [(File<'a>, Node)], uses: &str) -> Option<&'a (File<'a>, Node)> {
    let path = uses.trim_start_matches("./").trim_end_matches('/');
    actions.iter().find(|(file, _)| {
        let name = file.name.replace('\\', "/");
        ["action.yml", "action.yaml"].iter().any(|leaf| {
            let wanted = format!("{path}/{leaf}");
            name == wanted || name.ends_with(&format!("/{wanted}"))
        })
    })
}

/// Reads the job's steps (and the `env` of the job and the workflow) for an Entra login,
/// following local composite actions among `actions` (the other files given).
pub(super) fn login(
    job: &Node,
    workflow_env: Option<&Node>,
    actions: &[(File<'_>, Node)],
) -> Login {
    let mut out = Login {
        how: None,
        may: None,
        audience: None,
        notes: Vec::new(),
    };
    let mut seen = Vec::new();
    steps(job.get("steps"), actions, 0, &mut seen, &mut out);
    // Terraform with the client ID and no secret: the azurerm provider then signs in with OIDC
    // when its configuration says use_oidc = true (azurerm docs, "Authenticating using a Service
    // Principal and OpenID Connect"), which the .tf files hold, not the workflow.
    let env_has = |key: &str| {
        [job.get("env"), workflow_env]
            .iter()
            .flatten()
            .any(|env| env.get(key).is_some())
    };
    let runs_terraform = job
        .get("steps")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.get("run").and_then(Node::as_str))
        .any(|run| run.contains("terraform plan") || run.contains("terraform apply"));
    if out.how.is_none()
        && runs_terraform
        && env_has("ARM_CLIENT_ID")
        && !env_has("ARM_CLIENT_SECRET")
        && !env_has("ARM_CLIENT_CERTIFICATE_PATH")
    {
        out.may.get_or_insert_with(|| "it runs terraform with ARM_CLIENT_ID and no client secret: the azurerm provider signs in with the job's token when the Terraform configuration sets use_oidc = true (or ARM_USE_OIDC)".to_owned());
    }
    if out.how.is_none()
        && (oidc_env(job.get("env")) || oidc_env(workflow_env))
        && job.get("steps").is_some()
    {
        out.how = Some("Terraform's azurerm provider with ARM_USE_OIDC".to_owned());
    }
    if out.how.is_some() {
        out.may = None;
    }
    out
}

/// `ARM_USE_OIDC: true` in an `env:`: Terraform's azurerm and azuread providers, and Pulumi's
/// azure-native, then request the token (their provider docs, "Authenticating using OpenID
/// Connect").
fn oidc_env(env: Option<&Node>) -> bool {
    env.and_then(|e| e.get("ARM_USE_OIDC"))
        .and_then(Node::as_str)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The steps of a job or of a composite action, at `depth` actions deep.
fn steps(
    steps: Option<&Node>,
    actions: &[(File<'_>, Node)],
    depth: usize,
    seen: &mut Vec<String>,
    out: &mut Login,
) {
    for step in steps.and_then(Node::as_seq).unwrap_or_default() {
        let uses = step.get("uses").and_then(Node::as_str).unwrap_or_default();
        let with = step.get("with");
        let input = |key: &str| with.and_then(|w| w.get(key)).and_then(Node::as_str);
        let action = uses
            .split('@')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if action == "azure/login" {
            if input("creds").is_some() {
                out.notes.push("azure/login here uses creds (a client secret), not OIDC: it needs no federated credential".to_owned());
                continue;
            }
            if input("auth-type").is_some_and(|t| t.eq_ignore_ascii_case("IDENTITY")) {
                out.notes.push("azure/login with auth-type IDENTITY uses the runner's managed identity, not a GitHub token".to_owned());
                continue;
            }
            if input("client-id").is_some() {
                out.how.get_or_insert_with(|| {
                    "azure/login with client-id (OpenID Connect)".to_owned()
                });
                if let Some(audience) = input("audience") {
                    out.audience = Some(audience.to_owned());
                }
                continue;
            }
            out.notes.push("azure/login without client-id or creds: it reads AZURE_CLIENT_ID and the like from the environment".to_owned());
            out.how.get_or_insert_with(|| {
                "azure/login (OpenID Connect, client ID from the environment)".to_owned()
            });
            continue;
        }
        if let Some(local) = uses.strip_prefix("./") {
            local_step(local, uses, actions, depth, seen, out);
            continue;
        }
        let run = step.get("run").and_then(Node::as_str).unwrap_or_default();
        let script = input("script").unwrap_or_default();
        // az login --federated-token (az CLI docs); the token request URL read by hand (GitHub
        // docs, "OpenID Connect": ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN); azd auth login
        // --federated-credential-provider github (Azure Developer CLI reference, auth login).
        if run.contains("--federated-token")
            || run.contains("ACTIONS_ID_TOKEN_REQUEST_URL")
            || (run.contains("--federated-credential-provider") && run.contains("github"))
        {
            out.how
                .get_or_insert_with(|| "a run step that requests the token itself".to_owned());
        } else if action == "actions/github-script" && script.contains("getIDToken") {
            out.how
                .get_or_insert_with(|| "actions/github-script calling core.getIDToken".to_owned());
        } else if oidc_env(step.get("env")) || input("use_oidc").is_some_and(|v| v == "true") {
            out.how
                .get_or_insert_with(|| "Terraform's azurerm provider with ARM_USE_OIDC".to_owned());
        } else if run.contains("azure-native:useOidc") || run.contains("azure:useOidc") {
            // Pulumi's Azure providers (their configuration reference: useOidc).
            out.how
                .get_or_insert_with(|| "Pulumi's Azure provider with useOidc".to_owned());
        } else if !action.is_empty() && !action.starts_with("docker://") {
            remote_step(&action, uses, out);
        }
    }
}

/// A step that uses a local action: its composite steps read, or why they cannot be.
fn local_step(
    local: &str,
    uses: &str,
    actions: &[(File<'_>, Node)],
    depth: usize,
    seen: &mut Vec<String>,
    out: &mut Login,
) {
    let Some((file, action)) = local_action(actions, uses) else {
        out.may.get_or_insert_with(|| format!("it uses the local action {uses}, whose action.yml was not given: give {}/action.yml too, to see whether it logs in to Entra", local.trim_end_matches('/')));
        return;
    };
    if depth >= MAX_ACTION_DEPTH || seen.contains(&file.name.to_owned()) {
        out.notes.push(format!("{uses} uses itself, or actions nested deeper than {MAX_ACTION_DEPTH}: fedcred stopped following it there"));
        return;
    }
    let runs = action.get("runs");
    let using = runs
        .and_then(|r| r.get("using"))
        .and_then(Node::as_str)
        .unwrap_or_default();
    if using != "composite" {
        out.may.get_or_insert_with(|| format!("it uses the local action {uses}, which runs its own code ({}): fedcred cannot see whether it requests a token", if using.is_empty() { "no runs.using" } else { using }));
        return;
    }
    seen.push(file.name.to_owned());
    let before = out.how.is_some();
    steps(
        runs.and_then(|r| r.get("steps")),
        actions,
        depth + 1,
        seen,
        out,
    );
    if !before && let Some(how) = out.how.take() {
        out.how = Some(format!("{how}, in the local action {uses}"));
    }
    seen.pop();
}

/// A step that uses a remote action: known to request no token, known to request one for another
/// audience, or unknown.
fn remote_step(action: &str, uses: &str, out: &mut Login) {
    if NO_TOKEN.iter().any(|known| action.starts_with(known)) {
        return;
    }
    if let Some((_, what)) = OTHER_AUDIENCE
        .iter()
        .find(|(known, _)| action.starts_with(known))
    {
        out.notes.push(format!(
            "{uses} requests a token for {what}, not for Entra: it needs no Entra credential"
        ));
        return;
    }
    out.may.get_or_insert_with(|| format!("it uses {uses}, an action fedcred does not know: it may request a token with the job's id-token permission"));
}
