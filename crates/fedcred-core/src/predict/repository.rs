//! A whole repository (issue 25): every pipeline in it predicted, each GitHub workflow with the
//! reusable workflows and local actions beside it, and one answer for all: every job, the
//! subjects, and the one credential set that accepts them. What cannot be read is said, with
//! the file, and the rest is still predicted.

use std::collections::HashSet;

use super::local::{Local, Wanted};
use super::model::{Error, File, Kind, Prediction, file_name, push_unique};
use super::readers::Readers;
use super::{detect, parse};
use crate::platforms::github;
use crate::yaml::Node;

/// Whether a GitHub workflow runs on its own (any trigger but `workflow_call`), as opposed to
/// only when another workflow calls it (GitHub docs, "Reusing workflows").
fn runs_on_its_own(doc: &Node) -> bool {
    match doc.get("on") {
        Some(on) => match (on.as_str(), on.as_seq(), on.as_map()) {
            (Some(event), _, _) => event != "workflow_call",
            (_, Some(events), _) => events
                .iter()
                .any(|e| e.as_str().is_some_and(|e| e != "workflow_call")),
            (_, _, Some(events)) => events.iter().any(|(k, _)| k != "workflow_call"),
            _ => false,
        },
        None => false,
    }
}

/// Whether a file is a local action's definition.
fn is_action(name: &str) -> bool {
    matches!(file_name(name), "action.yml" | "action.yaml")
}

/// Folders that hold Azure Pipelines files of any name, and GitLab's included files, by the
/// convention of the repositories read for issue 25 (`.azuredevops/` in Azure/ResourceModules,
/// `.pipelines/` in microsoft/MLOpsPython, `.gitlab/ci/` in gwpy/gwpy): not a rule of either
/// CI system, which takes a pipeline file from anywhere. Files they name elsewhere are read
/// through [`wanted_files`].
const PIPELINE_FOLDERS: &[&str] = &[
    ".azuredevops",
    ".azure-pipelines",
    ".pipelines",
    ".ado",
    ".gitlab",
];

/// Whether a file of a repository (its path, `/`-separated) is one [`predict_repository`] reads:
/// a GitHub workflow (`.github/workflows/*.yml`), a local action (`action.yml`), an Azure
/// Pipelines file (`azure-pipelines*.yml`), a GitLab CI file (`.gitlab-ci*.yml`), or any YAML
/// file below one of the [`PIPELINE_FOLDERS`]. What a folder walk keeps, in the CLI and in the
/// check action alike.
pub fn is_pipeline_file(path: &str) -> bool {
    let path = path.replace('\\', "/");
    let name = file_name(&path);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    let folders: Vec<&str> = path.split('/').collect();
    let folders = folders.split_last().map_or(&[][..], |(_, dirs)| dirs);
    let in_workflows = path
        .rsplit_once('/')
        .is_some_and(|(dir, _)| dir == ".github/workflows" || dir.ends_with("/.github/workflows"));
    yaml && (in_workflows
        || is_action(name)
        || name.starts_with("azure-pipelines")
        || name.starts_with(".gitlab-ci")
        || folders.iter().any(|f| PIPELINE_FOLDERS.contains(f)))
}

/// Whether a file is named as its CI system names a pipeline (`azure-pipelines*.yml`,
/// `.gitlab-ci*.yml`): a pipeline of its own even when another file also uses it.
fn named_as_pipeline(name: &str) -> bool {
    let name = file_name(name);
    name.starts_with("azure-pipelines") || name.starts_with(".gitlab-ci")
}

/// A repository predicted a slice at a time, as the audit is ([`crate::audit::Auditor`]), so
/// that a page can yield between slices and hundreds of workflows never keep it busy for long:
/// [`RepositoryPredictor::step`] parses, then predicts, at most `n` files;
/// [`RepositoryPredictor::finish`] gives what [`predict_repository`] gives (which is the same, in
/// one go).
pub struct RepositoryPredictor<'a> {
    files: &'a [File<'a>],
    options: super::Options,
    readers: Readers,
    parsed: Vec<(File<'a>, Node)>,
    notes: Vec<String>,
    parse_at: usize,
    /// Whether the repository holds reusable workflows only, once every file is parsed.
    library: Option<bool>,
    predict_at: usize,
    found: Vec<(String, Result<Prediction, Error>)>,
    used: Vec<String>,
    missing: Vec<Wanted>,
}

impl<'a> RepositoryPredictor<'a> {
    /// Starts on `files` (a repository's, as read from its folders); nothing is done yet.
    pub fn new(files: &'a [File<'a>], options: &super::Options) -> Self {
        Self::with_readers(files, options, Readers::ALL)
    }

    /// The same with only `readers` beside GitHub's: a pipeline whose reader is not among them
    /// is left out, and named by [`RepositoryPredictor::needs`].
    pub fn with_readers(files: &'a [File<'a>], options: &super::Options, readers: Readers) -> Self {
        RepositoryPredictor {
            files,
            options: options.clone(),
            readers,
            parsed: Vec::new(),
            notes: Vec::new(),
            parse_at: 0,
            library: None,
            predict_at: 0,
            found: Vec::new(),
            used: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// How far it is: files parsed plus files predicted, of twice the files.
    pub fn progress(&self) -> (usize, usize) {
        (self.parse_at + self.predict_at, 2 * self.files.len())
    }

    /// Parses, then predicts, at most `n` files; `true` once everything is done.
    pub fn step(&mut self, n: usize) -> bool {
        let mut budget = n.max(1);
        while budget > 0 {
            if let Some(file) = self.files.get(self.parse_at) {
                match parse(file) {
                    Ok(doc) => self.parsed.push((*file, doc)),
                    Err(e) => self.notes.push(format!("{e}: left out")),
                }
                self.parse_at += 1;
            } else if self.library.is_none() {
                // A repository of reusable workflows only (a library): each is predicted alone,
                // saying whose subject its jobs present.
                let options = &self.options;
                self.library = Some(!self.parsed.iter().any(|(file, doc)| {
                    !is_action(file.name)
                        && match options.kind.or_else(|| detect(file, doc)) {
                            Some(Kind::GitHub) => runs_on_its_own(doc),
                            Some(_) => true,
                            None => false,
                        }
                }));
                continue;
            } else if let Some((file, doc)) = self.parsed.get(self.predict_at) {
                self.predict_at += 1;
                let library = self.library == Some(true);
                if let Some(read) = predict_one(
                    file,
                    doc,
                    &self.parsed,
                    &self.options,
                    self.readers,
                    library,
                ) {
                    for name in read.used {
                        push_unique(&mut self.used, name);
                    }
                    for path in read.missing {
                        push_unique(&mut self.missing, path);
                    }
                    self.found.push((file.name.to_owned(), read.result));
                }
            } else {
                return true;
            }
            budget -= 1;
        }
        false
    }

    /// The readers the pipelines predicted so far needed and were not given
    /// ([`RepositoryPredictor::with_readers`]), each once.
    pub fn needs(&self) -> Vec<Kind> {
        let mut kinds = Vec::new();
        for (_, found) in &self.found {
            if let Err(Error {
                needs: Some(kind), ..
            }) = found
                && !kinds.contains(kind)
            {
                kinds.push(*kind);
            }
        }
        kinds
    }

    /// The files the pipelines name and that were not given (once [`Self::step`] said done).
    pub fn wanted(&self) -> Vec<Wanted> {
        self.missing.clone()
    }

    /// The prediction (once [`Self::step`] said done): every pipeline no other file uses as a
    /// template or include, merged; `Err` when no pipeline could be read at all, or when one
    /// needs a reader that was not given (its `needs` names it).
    pub fn finish(self) -> Result<Prediction, Error> {
        // A pipeline whose reader was not given: without it the prediction would be partial, so
        // the caller is told which reader to give ([`RepositoryPredictor::with_readers`]).
        if let Some(error) = self
            .found
            .iter()
            .find_map(|(_, found)| found.as_ref().err().filter(|e| e.needs.is_some()))
        {
            return Err(error.clone());
        }
        let mut notes = self.notes;
        let mut parts = Vec::new();
        for (name, result) in self.found {
            // A template or included file is read where it is used, not as a pipeline of its own.
            if self.used.contains(&name) && !named_as_pipeline(&name) {
                continue;
            }
            match result {
                Ok(prediction) => parts.push(prediction),
                Err(e) => notes.push(format!("{e}: left out")),
            }
        }
        let Some(mut merged) = merge(parts) else {
            let why = if notes.is_empty() {
                "no pipeline found: a repository's GitHub workflows are in .github/workflows/, an Azure Pipelines file is named azure-pipelines*.yml, a GitLab one .gitlab-ci.yml".to_owned()
            } else {
                format!("no pipeline could be read: {}", notes.join("; "))
            };
            return Err(Error {
                needs: None,
                file: String::new(),
                line: None,
                message: why,
            });
        };
        for note in notes {
            push_unique(&mut merged.notes, note);
        }
        Ok(merged)
    }
}

/// One pipeline's prediction, with the files it used and looked for.
struct One {
    result: Result<Prediction, Error>,
    used: Vec<String>,
    missing: Vec<Wanted>,
}

/// Predicts `file` when it is a pipeline of its own (not a local action; a GitHub workflow that
/// runs on its own, or any in a `library`), the other files `parsed` beside it.
fn predict_one(
    file: &File<'_>,
    doc: &Node,
    parsed: &[(File<'_>, Node)],
    options: &super::Options,
    readers: Readers,
    library: bool,
) -> Option<One> {
    if is_action(file.name) {
        return None;
    }
    let kind = options.kind.or_else(|| detect(file, doc))?;
    let mut local = Local::new(parsed);
    let result = match kind {
        Kind::GitHub => {
            if !runs_on_its_own(doc) && !library {
                return None;
            }
            github::workflow::predict(file, doc, parsed, options)
        }
        Kind::GitLab | Kind::AzureDevOps => readers.read(kind, file, doc, &mut local, options),
        // Manifests are not pipelines: a repository's are read as files ([`super::predict`]).
        Kind::Kubernetes => return None,
    };
    Some(One {
        result,
        used: local.used,
        missing: local.missing,
    })
}

/// The files the pipelines among `files` name and that are not among them: Azure Pipelines
/// templates and GitLab local includes. A folder walk reads these and asks again, until nothing
/// new is wanted.
pub fn wanted_files(files: &[File<'_>], options: &super::Options) -> Vec<Wanted> {
    let mut predictor = RepositoryPredictor::new(files, options);
    while !predictor.step(usize::MAX) {}
    predictor.wanted()
}

/// Predicts every pipeline among `files` (a repository's, as read from its folders): GitHub
/// workflows that run on their own, Azure Pipelines and GitLab CI files that no other file uses
/// as a template or include; the other workflows, the local actions, templates and included
/// files are read where they are used. Files that cannot be read are named in the notes and
/// left out. `Err` only when no pipeline could be read at all.
pub fn predict_repository(
    files: &[File<'_>],
    options: &super::Options,
) -> Result<Prediction, Error> {
    let mut predictor = RepositoryPredictor::new(files, options);
    while !predictor.step(usize::MAX) {}
    predictor.finish()
}

/// One prediction for several pipelines: every job, and one credential set (the same credential
/// once; names kept apart; Entra's rules for the set checked again).
fn merge(parts: Vec<Prediction>) -> Option<Prediction> {
    let mut parts = parts.into_iter();
    let mut out = parts.next()?;
    let mut kinds = vec![out.kind];
    // What the set holds, for lookups linear in the set (thousands of credentials from hundreds
    // of workflows, issue 25).
    let key = |c: &crate::Credential| (c.issuer.clone(), c.matcher.clone(), c.audiences.clone());
    let mut held: HashSet<_> = out.credentials.iter().map(key).collect();
    let mut names: HashSet<String> = out.credentials.iter().map(|c| c.name.clone()).collect();
    let mut accepts: HashSet<String> = out.needed.iter().map(|n| n.accepts.clone()).collect();
    // Each part's own set is checked already (validate_set): what merging adds is checked here.
    let mut pairs: HashSet<(String, String)> = out
        .credentials
        .iter()
        .filter_map(|c| Some((c.issuer.clone(), c.subject()?.to_owned())))
        .collect();
    for part in parts {
        push_unique(&mut kinds, part.kind);
        if out.repo.is_empty() {
            out.repo = part.repo;
        }
        for p in part.placeholders {
            push_unique(&mut out.placeholders, p);
        }
        out.jobs.extend(part.jobs);
        for n in part.notes {
            push_unique(&mut out.notes, n);
        }
        for f in part.findings {
            push_unique(&mut out.findings, f);
        }
        for mut credential in part.credentials {
            if !held.insert(key(&credential)) {
                continue;
            }
            let base = credential.name.clone();
            let mut n = 2;
            while names.contains(&credential.name) {
                credential.name = format!("{base}-{n}");
                n += 1;
            }
            names.insert(credential.name.clone());
            // The same issuer and subject for another audience: Entra refuses the second.
            if let Some(subject) = credential.subject()
                && !pairs.insert((credential.issuer.clone(), subject.to_owned()))
            {
                push_unique(
                    &mut out.findings,
                    crate::validation::duplicate_issuer_subject(&credential.name),
                );
            }
            out.credentials.push(credential);
        }
        for needed in part.needed {
            if accepts.insert(needed.accepts.clone()) {
                out.needed.push(needed);
            }
        }
    }
    if kinds.len() > 1 {
        let names: Vec<&str> = kinds.iter().map(|k| crate::key::Keyed::label(*k)).collect();
        push_unique(
            &mut out.notes,
            format!(
                "this repository has pipelines of several CI systems ({}): each needs its own credentials, usually on identities of their own",
                names.join(", ")
            ),
        );
    }
    if let Some(finding) = crate::validation::too_many(out.credentials.len()) {
        push_unique(&mut out.findings, finding);
    }
    Some(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::predict_repository;
    use crate::predict::{File, Options};

    const LOGIN: &str = "      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          allow-no-subscriptions: true\n";

    /// The repository `contoso/payments`, its default branch `main`.
    pub(in crate::predict) fn options() -> Options {
        Options {
            repo: "contoso/payments".into(),
            default_branch: "main".into(),
            ..Options::default()
        }
    }

    #[test]
    fn every_workflow_of_a_repository_with_what_it_calls_and_one_set() {
        let deploy = format!(
            "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n{LOGIN}  release:\n    uses: ./.github/workflows/release.yml\n"
        );
        let release = "on:\n  workflow_call:\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: release\n    steps:\n      - uses: ./.github/actions/login\n";
        let action = format!(
            "runs:\n  using: composite\n  steps:\n{}",
            LOGIN.replace("      ", "    ")
        );
        let nightly = format!(
            "on:\n  schedule:\n    - cron: '0 3 * * *'\npermissions:\n  id-token: write\njobs:\n  check:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n{LOGIN}"
        );
        let broken = "on: [push\njobs: {";
        let files = [
            File {
                name: "repo/.github/workflows/deploy.yml",
                text: &deploy,
            },
            File {
                name: "repo/.github/workflows/release.yml",
                text: release,
            },
            File {
                name: "repo/.github/actions/login/action.yml",
                text: &action,
            },
            File {
                name: "repo/.github/workflows/nightly.yml",
                text: &nightly,
            },
            File {
                name: "repo/.github/workflows/broken.yml",
                text: broken,
            },
        ];
        let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
        let jobs: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(
            jobs,
            ["deploy", "release/publish", "check"],
            "the called workflow is not a root"
        );
        assert_eq!(
            p.subjects(),
            [
                "repo:contoso/payments:environment:production",
                "repo:contoso/payments:environment:release"
            ]
        );
        assert_eq!(
            p.credentials.len(),
            2,
            "production once, for both workflows"
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("broken.yml") && n.contains("left out")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn the_files_a_folder_walk_keeps() {
        let cases = [
            (".github/workflows/deploy.yml", true),
            ("repo/.github/workflows/deploy.yaml", true),
            (".github/workflows/nested/deploy.yml", false),
            ("repo\\.github\\workflows\\deploy.yml", true),
            (".github/actions/login/action.yml", true),
            ("tools/release/action.yaml", true),
            ("azure-pipelines.yml", true),
            ("ci/azure-pipelines-release.yaml", true),
            (".gitlab-ci.yml", true),
            ("charts/app/values.yml", false),
            ("repo/.azuredevops/pipelineTemplates/jobs.publish.yml", true),
            (".pipelines/ci.yml", true),
            (".gitlab/ci/test-job.yml", true),
            (".gitlab/README.md", false),
            ("pipelines/ci.yml", false),
            (".github/workflows/README.md", false),
        ];
        for (path, kept) in cases {
            assert_eq!(super::is_pipeline_file(path), kept, "{path}");
        }
    }

    #[test]
    fn a_repository_without_a_pipeline_says_where_they_are() {
        let e = predict_repository(
            &[File {
                name: "README.yml",
                text: "a: 1",
            }],
            &options(),
        )
        .unwrap_err();
        assert!(e.message.contains(".github/workflows/"), "{e}");
    }
}
