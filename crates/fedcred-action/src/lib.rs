//! fedcred's GitHub Action, the part that is Rust: what `actions/explain/index.js` hands over
//! (the job's token or why it has none, the step's inputs, the run's context) goes to the core's
//! [`explain_job`], and the rendered report comes back. The JavaScript around it only does what
//! needs Node: the environment, the token request, and the files the runner reads.

use fedcred_core::explain::{JobInput, explain_job};
use fedcred_core::import::import;
use fedcred_core::platforms::github::job::{JobContext, NoToken};
use wasm_bindgen::prelude::wasm_bindgen;

/// What the step knows, filled in by the JavaScript.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// The job's OIDC token; `None` when it has none (then `failure` says why).
    pub token: Option<String>,
    /// Why there is no token: `not_offered` (no `ACTIONS_ID_TOKEN_REQUEST_URL`), `refused`
    /// (an HTTP error, with `status`), or `failed`.
    pub failure: String,
    /// The HTTP status of a refusal.
    pub status: u16,
    /// The refusal's message, or what failed.
    pub detail: String,
    /// The audience the token was asked for.
    pub audience: String,
    /// The login step's error text.
    pub error: Option<String>,
    /// The credentials as JSON.
    pub credentials: Option<String>,
    /// Unix seconds.
    pub now: f64,
    /// `GITHUB_EVENT_NAME`.
    pub event_name: String,
    /// `GITHUB_ACTOR`.
    pub actor: String,
    /// `GITHUB_REPOSITORY`.
    pub repository: String,
    /// A pull request's head repository.
    pub head_repository: String,
    /// What the step could not read of its inputs, one per line.
    pub notes: String,
}

#[wasm_bindgen]
impl Job {
    /// An empty job description.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Job {
        Job::default()
    }
}

/// The report and the step's outputs.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone)]
pub struct Explained {
    /// `match`, `no_match`, `no_token`, `not_compared` or `invalid_input`.
    pub verdict: String,
    /// Whether a check should fail the step.
    pub failure: bool,
    /// The verdict in one line.
    pub headline: String,
    /// The token's issuer (empty without a token).
    pub issuer: String,
    /// The token's subject (empty without a token).
    pub subject: String,
    /// For `$GITHUB_STEP_SUMMARY`.
    pub markdown: String,
    /// For the log; the caller stops workflow commands around it.
    pub log: String,
}

/// Explains the job. Nothing of the token is kept or returned but its claims.
#[wasm_bindgen]
pub fn explain(job: &Job) -> Explained {
    let token = match (&job.token, job.failure.as_str()) {
        (Some(token), _) => Ok(token.as_str()),
        (None, "refused") => Err(NoToken::Refused {
            status: job.status,
            message: job.detail.clone(),
        }),
        (None, "failed") => Err(NoToken::Failed(job.detail.clone())),
        (None, _) => Err(NoToken::NotOffered),
    };
    let credentials = job.credentials.as_deref().map(import);
    let report = explain_job(&JobInput {
        token,
        audience: &job.audience,
        error: job.error.as_deref(),
        credentials: credentials.as_ref(),
        now: job.now as i64,
        context: JobContext {
            event_name: job.event_name.clone(),
            actor: job.actor.clone(),
            repository: job.repository.clone(),
            head_repository: job.head_repository.clone(),
        },
        notes: job
            .notes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    });
    Explained {
        verdict: report.verdict.as_str().to_owned(),
        failure: report.verdict.is_failure(),
        headline: report.headline,
        issuer: report.issuer,
        subject: report.subject,
        markdown: report.markdown,
        log: report.log,
    }
}
