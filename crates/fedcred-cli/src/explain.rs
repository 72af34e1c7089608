//! `fedcred explain` and `fedcred decode`: diagnose a token or an AADSTS error.

use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, ValueEnum};
use fedcred_core::explain::{Input, Report, SignatureStatus, Verdict, explain};
use fedcred_core::import::import;
use fedcred_core::jwks::{RsaKey, signing_key};
use fedcred_core::key::Keyed;
use fedcred_core::token::{Token, decode_unverified};
use serde::Serialize;

use crate::input::read;

/// Output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
}

/// Output format of `explain`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
    /// For a CI job summary ($GITHUB_STEP_SUMMARY): the claims presented, the verdict, the
    /// cause and the fixes; never the token.
    Markdown,
}

/// The CI system whose job explains its own token (issue 28).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FromCi {
    /// GitLab CI: the token is in the variable the job's id_tokens: names (--token-env).
    Gitlab,
    /// Azure Pipelines: the token is asked of SYSTEM_OIDCREQUESTURI with SYSTEM_ACCESSTOKEN, for
    /// the service connection --service-connection names.
    AzureDevops,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The token: a file, or - for standard input.
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Explain the running CI job's own token, read where its CI system puts it (never from the
    /// command line): gitlab reads the variable --token-env names. Markdown by default, and the
    /// report is also written to --summary; exit 1 when the job's sign-in would fail.
    #[arg(long, value_enum, conflicts_with = "token")]
    pub(crate) from: Option<FromCi>,
    /// With --from gitlab: the variable the job's id_tokens: keyword names (e.g. AZURE_ID_TOKEN).
    #[arg(long, requires = "from")]
    pub(crate) token_env: Option<String>,
    /// With --from azure-devops: the service connection whose token to ask for (its ID, the GUID
    /// in the connection page's URL); without it, the pipeline's own token.
    #[arg(long, requires = "from")]
    pub(crate) service_connection: Option<String>,
    /// With --from: where to write the Markdown report, for the job to keep as an artifact
    /// (default fedcred-report.md).
    #[arg(long, requires = "from")]
    pub(crate) summary: Option<String>,
    /// An AADSTS error text: a file, or - for standard input.
    #[arg(long)]
    pub(crate) error: Option<String>,
    /// The credentials as JSON (az identity federated-credential list, Graph, ARM…).
    #[arg(long)]
    pub(crate) fics: Option<String>,
    /// A JWKS to verify the token's RS256 signature offline.
    #[arg(long)]
    pub(crate) jwks: Option<String>,
    /// The current time as Unix seconds (default: now).
    #[arg(long)]
    pub(crate) now: Option<i64>,
    /// text, json, or markdown (a CI job summary: the claims presented, the verdict, the fixes;
    /// never the token). Default: text, or markdown with --from.
    #[arg(long, value_enum)]
    pub(crate) format: Option<ExplainFormat>,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token: a file, or - for standard input (default).
    #[arg(default_value = "-")]
    token: String,
    /// The current time as Unix seconds (default: now).
    #[arg(long)]
    now: Option<i64>,
    /// text or json.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

impl ExplainArgs {
    /// The AADSTS error text (`--error`) and the credentials (`--fics`), read when given.
    pub(crate) fn error_and_credentials(
        &self,
    ) -> Result<(Option<String>, Option<fedcred_core::import::Import>), String> {
        let error = self
            .error
            .as_deref()
            .map(|p| read(p, "error text"))
            .transpose()?;
        let credentials = self
            .fics
            .as_deref()
            .map(|p| read(p, "credentials"))
            .transpose()?
            .map(|t| import(&t));
        Ok((error, credentials))
    }
}

pub(crate) fn now(given: Option<i64>) -> i64 {
    given.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    })
}

/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the token's signing input.
pub fn verify_rs256(token: &Token, key: &RsaKey) -> bool {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    let Ok(public) = rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&key.n),
        rsa::BigUint::from_bytes_be(&key.e),
    ) else {
        return false;
    };
    let Ok(signature) = Signature::try_from(token.signature.as_slice()) else {
        return false;
    };
    VerifyingKey::<sha2::Sha256>::new(public)
        .verify(token.signing_input.as_bytes(), &signature)
        .is_ok()
}

/// `fedcred explain`: the report text and the exit code (0 match, 1 no match, 2 invalid input).
pub fn run(args: ExplainArgs) -> Result<(String, u8), String> {
    if args.token.is_none() && args.error.is_none() {
        return Err(
            "fedcred: give --token FILE or --error FILE (- reads standard input)".to_owned(),
        );
    }
    if args.token.as_deref() == Some("-") && args.error.as_deref() == Some("-") {
        return Err("fedcred: only one of --token and --error can read standard input".to_owned());
    }
    let token_text = args
        .token
        .as_deref()
        .map(|p| read(p, "token"))
        .transpose()?;
    let (error_text, credentials) = args.error_and_credentials()?;
    let mut signature = SignatureStatus::NotChecked;
    if let Some(path) = &args.jwks {
        let jwks = read(path, "JWKS")?;
        let token = token_text
            .as_deref()
            .ok_or("fedcred: --jwks needs --token")?;
        if let Ok(token) = decode_unverified(token) {
            let key = signing_key(&token, &jwks).map_err(|e| format!("fedcred: --jwks: {e}"))?;
            signature = if key.is_some_and(|key| verify_rs256(&token, &key)) {
                SignatureStatus::Valid
            } else {
                SignatureStatus::Invalid
            };
        }
    }
    let report = explain(Input {
        token: token_text.as_deref(),
        error: error_text.as_deref(),
        credentials: credentials.as_ref(),
        now: now(args.now),
        signature,
    });
    let code = match report.verdict {
        Verdict::Match => 0,
        Verdict::NoMatch => 1,
        Verdict::InvalidInput => 2,
    };
    let text = match args.format.unwrap_or(ExplainFormat::Text) {
        ExplainFormat::Json => json(&report),
        ExplainFormat::Text => text(&report),
        ExplainFormat::Markdown => fedcred_core::explain::markdown(&report),
    };
    Ok((text, code))
}

/// The JSON contract: the documented fields first, then the detail.
#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: Verdict,
    predicted_error: &'a Option<String>,
    closest_fic: &'a Option<String>,
    findings: &'a [fedcred_core::explain::ReportFinding],
    token: &'a Option<fedcred_core::explain::TokenView>,
    signature: SignatureStatus,
    predicted_error_meaning: &'a Option<String>,
    claims: &'a [fedcred_core::claims::ClaimExplanation],
    assertion: &'a fedcred_core::explain::Assertion,
    credentials: &'a [fedcred_core::explain::CredentialReport],
    error: &'a Option<fedcred_core::aadsts::AadstsError>,
    suggestion: &'a Option<fedcred_core::explain::Suggestion>,
}

fn json(r: &Report) -> String {
    let out = JsonReport {
        verdict: r.verdict,
        predicted_error: &r.predicted_error,
        closest_fic: &r.closest_fic,
        findings: &r.findings,
        token: &r.token,
        signature: r.signature,
        predicted_error_meaning: &r.predicted_error_meaning,
        claims: &r.claims,
        assertion: &r.assertion,
        credentials: &r.credentials,
        error: &r.error,
        suggestion: &r.suggestion,
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&out).unwrap_or_default()
    )
}

fn text(r: &Report) -> String {
    let mut out = fedcred_core::explain::text(r);
    if let Some(s) = &r.suggestion {
        out.push_str(&format!(
            "\n{}:\n  {}\n",
            fedcred_core::explain::suggestion_heading(s),
            suggestion_command(s)
        ));
    }
    out
}

/// `fedcred decode`: a token's header and claims with explanations.
pub fn decode(args: DecodeArgs) -> Result<(String, u8), String> {
    let text = read(&args.token, "token")?;
    decode_unverified(&text).map_err(|e| format!("fedcred: {e}"))?;
    let report = explain(Input {
        token: Some(&text),
        now: now(args.now),
        ..Default::default()
    });
    Ok(match args.format {
        OutputFormat::Json => (json(&report), 0),
        OutputFormat::Text => (
            format!(
                "Token (decoded, not verified)\n{}",
                fedcred_core::explain::claims_text(&report)
            ),
            0,
        ),
    })
}

/// The `fedcred fic` command that builds the suggested credential.
fn suggestion_command(s: &fedcred_core::explain::Suggestion) -> String {
    use fedcred_core::platforms::Platform;
    use fedcred_core::platforms::azure_devops::Generation;
    use fedcred_core::platforms::github::Entity;
    use fedcred_core::snippets::quote::sh;
    let mut args: Vec<String> = vec!["fedcred".into(), "fic".into(), s.platform.key().into()];
    fn flag(args: &mut Vec<String>, name: &str, value: &str) {
        args.push(format!("--{name}"));
        args.push(sh(value));
    }
    match &s.platform {
        Platform::GitHub(i) => {
            flag(&mut args, "repo", &i.repo);
            match &i.entity {
                Entity::Environment(e) => flag(&mut args, "environment", e),
                Entity::Branch(b) => flag(&mut args, "branch", b),
                Entity::Tag(t) => flag(&mut args, "tag", t),
                Entity::BranchPattern(p) => flag(&mut args, "branch-pattern", p),
                Entity::TagPattern(p) => flag(&mut args, "tag-pattern", p),
                Entity::PullRequest => args.push("--pull-request".into()),
            }
        }
        Platform::AzureDevops(i) => match i.generation {
            Generation::Entra => {
                flag(&mut args, "tenant-id", &i.tenant_id);
                flag(&mut args, "organization-id", &i.organization_id);
                flag(&mut args, "connection-id", &i.connection_id);
            }
            Generation::Legacy => {
                flag(&mut args, "organization-id", &i.organization_id);
                flag(&mut args, "organization", &i.organization);
                flag(&mut args, "project", &i.project);
                flag(&mut args, "connection", &i.connection);
            }
        },
        Platform::Kubernetes(i) => {
            flag(&mut args, "issuer", &i.issuer);
            flag(&mut args, "namespace", &i.namespace);
            flag(&mut args, "service-account", &i.service_account);
        }
        Platform::GitLab(i) => {
            if !i.issuer.is_empty() {
                flag(&mut args, "issuer", &i.issuer);
            }
            flag(&mut args, "project-path", &i.project_path);
            flag(
                &mut args,
                "ref-type",
                if i.ref_type == fedcred_core::platforms::gitlab::RefType::Tag {
                    "tag"
                } else {
                    "branch"
                },
            );
            flag(&mut args, "ref", &i.git_ref);
        }
        Platform::Terraform(i) => {
            if !i.issuer.is_empty() {
                flag(&mut args, "issuer", &i.issuer);
            }
            flag(&mut args, "organization", &i.organization);
            flag(&mut args, "project", &i.project);
            flag(&mut args, "workspace", &i.workspace);
            let phase = match i.run_phase {
                fedcred_core::platforms::terraform::RunPhase::Plan => "plan",
                fedcred_core::platforms::terraform::RunPhase::Apply => "apply",
                fedcred_core::platforms::terraform::RunPhase::Both => "both",
                fedcred_core::platforms::terraform::RunPhase::Any => "*",
            };
            flag(&mut args, "run-phase", phase);
        }
        Platform::ManagedIdentity(i) => {
            flag(&mut args, "tenant-id", &i.tenant_id);
            flag(&mut args, "principal-id", &i.principal_id);
        }
        Platform::Other(i) => {
            flag(&mut args, "issuer", &i.issuer);
            flag(&mut args, "subject", &i.subject);
        }
    }
    if !s.common.audience.is_empty() {
        flag(&mut args, "audience", &s.common.audience);
    } else if s.common.cloud != fedcred_core::audience::Cloud::Public {
        flag(&mut args, "cloud", s.common.cloud.key());
    }
    args.join(" ")
}
