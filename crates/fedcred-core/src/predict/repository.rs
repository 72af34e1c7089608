//! A whole repository (issue 25): every pipeline in it predicted, each GitHub workflow with the
//! reusable workflows and local actions beside it, and one answer for all: every job, the
//! subjects, and the one credential set that accepts them. What cannot be read is said, with
//! the file, and the rest is still predicted.

use super::local::{Local, Wanted};
use super::model::{Error, File, Kind, Prediction, file_name, push_unique};
use super::{detect, parse};
use crate::platforms::{azure_devops, github, gitlab};
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

/// Each pipeline among `parsed` predicted, with the files its predictions used and looked for.
struct Read {
    parts: Vec<Prediction>,
    notes: Vec<String>,
    missing: Vec<Wanted>,
}

fn read_all(parsed: &[(File<'_>, Node)], options: &super::Options) -> Read {
    let mut notes = Vec::new();
    // A repository of reusable workflows only (a library): each is predicted alone, saying
    // whose subject its jobs present.
    let library = !parsed.iter().any(|(file, doc)| {
        !is_action(file.name)
            && match options.kind.or_else(|| detect(file, doc)) {
                Some(Kind::GitHub) => runs_on_its_own(doc),
                Some(_) => true,
                None => false,
            }
    });
    let mut found: Vec<(String, Result<Prediction, Error>)> = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut missing: Vec<Wanted> = Vec::new();
    for (file, doc) in parsed {
        if is_action(file.name) {
            continue;
        }
        let Some(kind) = options.kind.or_else(|| detect(file, doc)) else {
            continue;
        };
        let mut local = Local::new(parsed);
        let result = match kind {
            Kind::GitHub => {
                if !runs_on_its_own(doc) && !library {
                    continue;
                }
                github::workflow::predict(file, doc, parsed, options)
            }
            Kind::GitLab => gitlab::pipeline::predict(file, doc, &mut local, options),
            Kind::AzureDevOps => azure_devops::pipeline::predict(file, doc, &mut local, options),
        };
        for name in local.used {
            push_unique(&mut used, name);
        }
        for path in local.missing {
            push_unique(&mut missing, path);
        }
        found.push((file.name.to_owned(), result));
    }
    let mut parts = Vec::new();
    for (name, result) in found {
        // A template or included file is read where it is used, not as a pipeline of its own.
        if used.contains(&name) && !named_as_pipeline(&name) {
            continue;
        }
        match result {
            Ok(prediction) => parts.push(prediction),
            Err(e) => notes.push(format!("{e}: left out")),
        }
    }
    Read {
        parts,
        notes,
        missing,
    }
}

fn parse_all<'a>(files: &[File<'a>], notes: &mut Vec<String>) -> Vec<(File<'a>, Node)> {
    let mut parsed = Vec::new();
    for file in files {
        match parse(file) {
            Ok(doc) => parsed.push((*file, doc)),
            Err(e) => notes.push(format!("{e}: left out")),
        }
    }
    parsed
}

/// The files the pipelines among `files` name and that are not among them: Azure Pipelines
/// templates and GitLab local includes. A folder walk reads these and asks again, until nothing
/// new is wanted.
pub fn wanted_files(files: &[File<'_>], options: &super::Options) -> Vec<Wanted> {
    let parsed = parse_all(files, &mut Vec::new());
    read_all(&parsed, options).missing
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
    let mut notes: Vec<String> = Vec::new();
    let parsed = parse_all(files, &mut notes);
    let read = read_all(&parsed, options);
    notes.extend(read.notes);
    let Some(mut merged) = merge(read.parts) else {
        let why = if notes.is_empty() {
            "no pipeline found: a repository's GitHub workflows are in .github/workflows/, an Azure Pipelines file is named azure-pipelines*.yml, a GitLab one .gitlab-ci.yml".to_owned()
        } else {
            format!("no pipeline could be read: {}", notes.join("; "))
        };
        return Err(Error {
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

/// One prediction for several pipelines: every job, and one credential set (the same credential
/// once; names kept apart; Entra's rules for the set checked again).
fn merge(parts: Vec<Prediction>) -> Option<Prediction> {
    let mut parts = parts.into_iter();
    let mut out = parts.next()?;
    let mut kinds = vec![out.kind];
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
            let same = |c: &crate::Credential| {
                c.issuer == credential.issuer
                    && c.matcher == credential.matcher
                    && c.audiences == credential.audiences
            };
            if out.credentials.iter().any(same) {
                continue;
            }
            let base = credential.name.clone();
            let mut n = 2;
            while out.credentials.iter().any(|c| c.name == credential.name) {
                credential.name = format!("{base}-{n}");
                n += 1;
            }
            out.credentials.push(credential);
        }
        for needed in part.needed {
            if !out.needed.iter().any(|n| n.accepts == needed.accepts) {
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
    for finding in crate::validation::validate_set(&out.credentials) {
        push_unique(&mut out.findings, finding);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::predict_repository;
    use crate::predict::{File, Options};

    const LOGIN: &str = "      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          allow-no-subscriptions: true\n";

    fn options() -> Options {
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
