//! Whether a job can get an OIDC token (its `permissions`), and whether it asks for one for
//! Entra (its steps).
//!
//! Sources: GitHub docs, "Controlling permissions for GITHUB_TOKEN" (a job's `permissions`
//! replaces the workflow's; naming any scope sets every other to `none`; `write-all` and
//! `read-all`) and "OpenID Connect" (`id-token: write` is needed to request the token, and is
//! not part of the default permissions); azure/login's action.yml (`client-id` without `creds`
//! is OIDC; `audience` defaults to `api://AzureADTokenExchange`); field guide §3 and §9. The
//! documents as read on 2026-11-29.

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
    pub(super) audience: Option<String>,
    pub(super) notes: Vec<String>,
}

/// Reads the job's steps (and the `env` of the job and the workflow) for an Entra login.
pub(super) fn login(job: &Node, workflow_env: Option<&Node>) -> Login {
    let mut out = Login {
        how: None,
        audience: None,
        notes: Vec::new(),
    };
    let oidc_env = |env: Option<&Node>| {
        env.and_then(|e| e.get("ARM_USE_OIDC"))
            .and_then(Node::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    for step in job.get("steps").and_then(Node::as_seq).unwrap_or_default() {
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
        let run = step.get("run").and_then(Node::as_str).unwrap_or_default();
        let script = input("script").unwrap_or_default();
        if run.contains("--federated-token")
            || run.contains("ACTIONS_ID_TOKEN_REQUEST_URL")
            || run.contains("--federated-credential-provider github")
        {
            out.how
                .get_or_insert_with(|| "a run step that requests the token itself".to_owned());
        } else if action == "actions/github-script" && script.contains("getIDToken") {
            out.how
                .get_or_insert_with(|| "actions/github-script calling core.getIDToken".to_owned());
        } else if oidc_env(step.get("env")) || input("use_oidc").is_some_and(|v| v == "true") {
            out.how
                .get_or_insert_with(|| "Terraform's azurerm provider with ARM_USE_OIDC".to_owned());
        }
    }
    if out.how.is_none()
        && (oidc_env(job.get("env")) || oidc_env(workflow_env))
        && job.get("steps").is_some()
    {
        out.how = Some("Terraform's azurerm provider with ARM_USE_OIDC".to_owned());
    }
    out
}
