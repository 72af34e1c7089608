//! From a pipeline file to the subjects its jobs will present, and the smallest credential set
//! that accepts exactly those (issue 17).
//!
//! Each provider reads its own files ([`crate::platforms::github::workflow`],
//! [`crate::platforms::gitlab::pipeline`], [`crate::platforms::azure_devops::pipeline`]); this
//! module holds what they share: the request, the answer, which provider a file is for, and the
//! answer as JSON (the `fedcred predict --format json` contract).
//!
//! ```
//! use fedcred_core::predict::{File, Options, predict};
//!
//! let workflow = "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n";
//! let options = Options { repo: "contoso/payments".into(), ..Default::default() };
//! let prediction = predict(&[File { name: "deploy.yml", text: workflow }], &options).unwrap();
//! assert_eq!(prediction.subjects(), ["repo:contoso/payments:environment:production"]);
//! assert_eq!(prediction.credentials.len(), 1);
//! ```

pub mod coverage;
pub(crate) mod local;
pub(crate) mod model;
mod output;
mod readers;
mod repository;

pub use local::{Wanted, glob_matches};
pub use readers::{Reader, Readers};
pub use repository::{RepositoryPredictor, is_pipeline_file, predict_repository, wanted_files};

use local::Local;

pub use model::{
    Connection, Error, File, Job, Kind, Needed, ObjectFinding, Options, Prediction, Presented,
    TokenAccess, Workload,
};

use crate::platforms::{github, kubernetes};
use crate::yaml;

/// Which provider a file is for, from its name and then its keys.
pub fn detect(file: &File<'_>, doc: &yaml::Node) -> Option<Kind> {
    let name = model::file_name(file.name);
    if file.name.contains(".github/workflows/") {
        return Some(Kind::GitHub);
    }
    if name.starts_with(".gitlab-ci") {
        return Some(Kind::GitLab);
    }
    if name.starts_with("azure-pipelines") {
        return Some(Kind::AzureDevOps);
    }
    let has = |key: &str| doc.get(key).is_some();
    if has("jobs")
        && (has("on") || doc.get("jobs").and_then(yaml::Node::as_map).is_some())
        && !has("pool")
    {
        return Some(Kind::GitHub);
    }
    if has("stages")
        && doc
            .get("stages")
            .and_then(yaml::Node::as_seq)
            .is_some_and(|s| s.iter().any(|n| n.get("stage").is_some()))
        || has("pool")
        || has("trigger")
        || has("steps")
        || has("extends") && doc.get("extends").and_then(|e| e.get("template")).is_some()
    {
        return Some(Kind::AzureDevOps);
    }
    if doc.as_map().is_some_and(|entries| {
        entries
            .iter()
            .any(|(_, v)| v.get("script").is_some() || v.get("id_tokens").is_some())
    }) {
        return Some(Kind::GitLab);
    }
    None
}

/// Whether `files` are Kubernetes manifests, as `options.kind` says or, when it says nothing, as
/// their content does: what [`crate::platforms::kubernetes::predict::predict`] reads (issue 29).
pub fn are_manifests(files: &[File<'_>], options: &Options) -> bool {
    match options.kind {
        Some(kind) => kind == Kind::Kubernetes,
        None => {
            !files.is_empty()
                && files
                    .iter()
                    .all(|f| kubernetes::manifests::looks_like(f.text))
        }
    }
}

/// Reads the files (the first is the pipeline; any others are what it calls: reusable workflows
/// and local actions, Azure Pipelines templates, GitLab local includes) and predicts what each
/// job presents. Kubernetes manifests ([`are_manifests`]) are read by
/// [`crate::platforms::kubernetes::predict::predict`], not here: the web page loads that reader
/// only when manifests are pasted, so this function must not reach it.
pub fn predict(files: &[File<'_>], options: &Options) -> Result<Prediction, Error> {
    predict_with(files, options, Readers::ALL)
}

/// [`predict`] with only `readers` beside GitHub's: a file whose reader is not among them gives
/// an [`Error`] whose `needs` names the reader (issue 26, for the web page).
pub fn predict_with(
    files: &[File<'_>],
    options: &Options,
    readers: Readers,
) -> Result<Prediction, Error> {
    let Some(first) = files.first() else {
        return Err(Error {
            needs: None,
            file: String::new(),
            line: None,
            message: "no file given: paste a workflow or pipeline file".to_owned(),
        });
    };
    if are_manifests(files, options) {
        return Err(Error {
            needs: None,
            file: first.name.to_owned(),
            line: None,
            message: "these are Kubernetes manifests, which fedcred_core::platforms::kubernetes::predict::predict reads".to_owned(),
        });
    }
    let doc = parse(first)?;
    if doc.as_map().is_none() {
        return Err(Error {
            needs: None,
            file: first.name.to_owned(),
            line: Some(doc.line),
            message: "this is YAML but not a pipeline file: a workflow is a mapping with on: and jobs:, a GitLab or Azure Pipelines file a mapping of jobs or stages".to_owned(),
        });
    }
    let kind = options.kind.or_else(|| detect(first, &doc)).ok_or_else(|| Error {
        needs: None,
        file: first.name.to_owned(),
        line: None,
        message: format!("cannot tell which CI system this file is for: it has neither on:/jobs: (GitHub Actions), stages/pool/steps (Azure Pipelines), jobs with script: (GitLab CI) nor apiVersion:/kind: (Kubernetes); {}", options.face.ask(crate::face::Ask::Kind)),
    })?;
    let mut others = Vec::new();
    for file in files.iter().skip(1) {
        others.push((*file, parse(file)?));
    }
    match kind {
        Kind::GitHub => github::workflow::predict(first, &doc, &others, options),
        Kind::GitLab | Kind::AzureDevOps => {
            readers.read(kind, first, &doc, &mut Local::new(&others), options)
        }
        Kind::Kubernetes => Err(Error {
            needs: None,
            file: first.name.to_owned(),
            line: None,
            message: "these are Kubernetes manifests, which fedcred_core::platforms::kubernetes::predict::predict reads".to_owned(),
        }),
    }
}

/// Reads a file's configuration: its first document, or the second when the first is only a
/// GitLab `spec:` header (GitLab docs, "Define inputs for configuration added with include":
/// the header, then `---`, then the configuration; read 2026-12-05).
fn parse(file: &File<'_>) -> Result<yaml::Node, Error> {
    let mut documents = yaml::parse_documents(file.text, 2)
        .map_err(|e| Error {
            needs: None,
            file: file.name.to_owned(),
            line: e.line,
            message: e.message,
        })?
        .into_iter();
    let first = documents.next().unwrap_or(yaml::Node {
        line: 1,
        value: yaml::Value::Null,
        plain: false,
    });
    let header = first
        .as_map()
        .is_some_and(|entries| !entries.is_empty() && entries.iter().all(|(k, _)| k == "spec"));
    Ok(match (header, documents.next()) {
        (true, Some(configuration)) => configuration,
        _ => first,
    })
}
