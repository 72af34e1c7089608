//! fedcred's GitHub Action, the part that is Rust: what `actions/explain/index.js` hands over
//! (the job's token or why it has none, the step's inputs, the run's context) goes to the core's
//! [`explain_job`], and the rendered report comes back. The JavaScript around it only does what
//! needs Node: the environment, the token request, and the files the runner reads.

use fedcred_core::explain::{Ci, JobInput, Missing, explain_job};
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
        token: token.map_err(Missing::GitHub),
        ci: Ci::GitHub,
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

/// What the check mode (`actions/check`) knows: the repository's pipeline files as the job
/// checked them out, and the credentials that exist.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, Default)]
pub struct Repository {
    /// The files, as JSON: `[{"name": "PATH", "text": "…"}]`.
    pub files: String,
    /// The credentials (anything `fedcred audit` reads).
    pub credentials: String,
    /// What `gh api repos/OWNER/REPO` printed, when given.
    pub github_ids: String,
    /// `OWNER/REPO`.
    pub repository: String,
    /// The default branch.
    pub default_branch: String,
    /// What the step could not read (files left out, an input missing), one per line.
    pub notes: String,
}

#[wasm_bindgen]
impl Repository {
    /// An empty description.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Repository {
        Repository::default()
    }
}

/// The coverage and the step's outputs.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone)]
pub struct Checked {
    /// Whether a job will be refused (or cannot get its token): the step fails.
    pub refused: bool,
    /// Subjects accepted, refused and not decided by the files, as `A accepted, R refused, U unknown`.
    pub counts: String,
    /// For `$GITHUB_STEP_SUMMARY`.
    pub markdown: String,
    /// Why nothing could be checked (no pipeline, unreadable credentials); empty when checked.
    pub error: String,
}

/// Whether the check action reads this file of the workspace (its path, `/`-separated): the
/// core's rule, so that the action and `fedcred predict DIR` read the same files.
#[wasm_bindgen]
pub fn pipeline_file(path: &str) -> bool {
    fedcred_core::predict::is_pipeline_file(path)
}

/// The files the repository's pipelines name and that are not among its files (Azure Pipelines
/// templates, GitLab includes), as a JSON list of `{"path", "from_root"}`: the step reads them and
/// asks again, as `fedcred predict DIR` does. A path with `*` is a GitLab wildcard
/// ([`glob_matches`] tells what it takes).
#[wasm_bindgen]
pub fn wanted(repository: &Repository) -> String {
    use fedcred_core::json::Value;
    let texts = files_of(repository).unwrap_or_default();
    let files: Vec<fedcred_core::predict::File<'_>> = texts
        .iter()
        .map(|(name, text)| fedcred_core::predict::File { name, text })
        .collect();
    let wanted = fedcred_core::predict::wanted_files(&files, &options_of(repository));
    Value::from(
        wanted
            .into_iter()
            .map(|w| {
                let mut map = fedcred_core::json::Map::new();
                map.insert("path".into(), w.path.into());
                map.insert("from_root".into(), w.from_root.into());
                Value::from(map)
            })
            .collect::<Vec<_>>(),
    )
    .to_string()
}

/// Whether `path` is one a GitLab `include:local` wildcard takes (the core's rule).
#[wasm_bindgen]
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    fedcred_core::predict::glob_matches(pattern, path)
}

/// The files the step read, from their JSON list; `None` when it is not one.
fn files_of(repository: &Repository) -> Option<Vec<(String, String)>> {
    use fedcred_core::json::{Value, parse};
    let Ok(Value::Array(items)) = parse(&repository.files) else {
        return None;
    };
    Some(
        items
            .iter()
            .filter_map(|item| {
                Some((
                    item.get("name")?.as_str()?.to_owned(),
                    item.get("text")?.as_str()?.to_owned(),
                ))
            })
            .collect(),
    )
}

fn options_of(repository: &Repository) -> fedcred_core::predict::Options {
    fedcred_core::predict::Options {
        repo: repository.repository.clone(),
        default_branch: repository.default_branch.clone(),
        ..fedcred_core::predict::Options::default()
    }
}

/// Predicts every pipeline of the repository and checks it against the credentials (issue 25:
/// in the pull request, before anything fails). No token is needed or read.
#[wasm_bindgen]
pub fn check(repository: &Repository) -> Checked {
    use fedcred_core::predict::{File, coverage, predict_repository};
    let failed = |error: String| {
        let notes: String = repository
            .notes
            .lines()
            .filter(|n| !n.trim().is_empty())
            .map(|n| format!("- {}\n", n.replace('`', " ")))
            .collect();
        Checked {
            refused: true,
            counts: String::new(),
            markdown: format!("## fedcred\n\n{error}\n\n{notes}"),
            error,
        }
    };
    let Some(texts) = files_of(repository) else {
        return failed("the files could not be read (not a JSON list)".to_owned());
    };
    let files: Vec<File<'_>> = texts
        .iter()
        .map(|(name, text)| File { name, text })
        .collect();
    let options = options_of(repository);
    let prediction = match predict_repository(&files, &options) {
        Ok(p) => p,
        Err(e) => return failed(format!("nothing to check: {e}")),
    };
    let credentials = coverage::read_credentials(&[repository.credentials.as_str()]);
    if credentials.credentials.is_empty() && !credentials.findings.is_empty() {
        let why: Vec<&str> = credentials
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        return failed(format!(
            "the credentials cannot be read: {}",
            why.join("; ")
        ));
    }
    let result = coverage::coverage(&prediction, &credentials, &repository.github_ids);
    let count = |status: &str| result.entries.iter().filter(|e| e.status == status).count();
    let mut markdown = result.markdown(&prediction.repo);
    let notes: Vec<&str> = repository
        .notes
        .lines()
        .chain(prediction.notes.iter().map(String::as_str))
        .filter(|n| !n.trim().is_empty())
        .collect();
    if !notes.is_empty() {
        markdown.push_str("\n### Notes\n\n");
        for note in notes {
            markdown.push_str(&format!("- {}\n", note.replace(['\n', '`'], " ")));
        }
    }
    Checked {
        refused: count("refused") + count("no_token") > 0,
        counts: format!(
            "{} accepted, {} refused, {} unknown",
            count("accepted"),
            count("refused") + count("no_token"),
            count("unknown")
        ),
        markdown,
        error: String::new(),
    }
}
