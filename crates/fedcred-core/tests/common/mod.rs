//! What the real-file tests share: the YAML files below a fixture folder, in name order; the
//! infrastructure-as-code files below one, read and audited.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use fedcred_core::predict::{File, Options, Prediction, predict_repository};

/// Every file below `dir`, folders walked in name order.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every `.yml` and `.yaml` file below `dir` with its text, folders walked in name order.
pub fn yaml_files_below(dir: &Path) -> Vec<(PathBuf, String)> {
    files_below(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

/// `texts` (name, text) predicted as the repository `repo` (`owner__name`), default branch main.
pub fn predict_texts(repo: &str, texts: &[(String, String)]) -> Prediction {
    let files: Vec<File<'_>> = texts
        .iter()
        .map(|(name, text)| File { name, text })
        .collect();
    let options = Options {
        repo: repo.replacen("__", "/", 1),
        default_branch: "main".into(),
        ..Options::default()
    };
    predict_repository(&files, &options).unwrap_or_else(|e| panic!("{repo}: {e}"))
}

/// The files below `dir` that `keep` keeps (by name and text), named by their path below
/// `root`, folders walked in name order.
pub fn iac_sources(
    root: &Path,
    dir: &Path,
    keep: &dyn Fn(&str, &str) -> bool,
) -> Vec<fedcred_core::iac::Source> {
    let mut out = Vec::new();
    for path in files_below(dir) {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if keep(&name, &text) {
            out.push(fedcred_core::iac::Source::new(name, text));
        }
    }
    out
}

/// `folder` below `root` read as `fedcred audit --fics FOLDER` reads it, with `values` given,
/// and audited; nothing in it may be unreadable.
pub fn iac_audit(
    root: &Path,
    folder: &str,
    values: &[(&str, &str)],
    keep: &dyn Fn(&str, &str) -> bool,
) -> fedcred_core::iac::IacAudit {
    use fedcred_core::iac::{self, Given};
    let sources = iac_sources(root, &root.join(folder), keep);
    assert!(!sources.is_empty(), "{folder}");
    let given = Given {
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Given::default()
    };
    let reading = iac::read(&sources, &given, Default::default());
    assert!(
        reading.unreadable.is_empty(),
        "{folder}: {:?}",
        reading.unreadable
    );
    iac::audit(reading, &Default::default())
}

/// `(address, identity, name, issuer, subject or expression)` of each credential read.
pub fn iac_credentials(report: &fedcred_core::iac::IacAudit) -> Vec<[String; 5]> {
    report
        .reading
        .credentials
        .iter()
        .map(|d| {
            [
                d.address.clone(),
                d.identity.clone(),
                d.credential.name.clone(),
                d.credential.issuer.clone(),
                d.credential
                    .subject()
                    .or(d.credential.expression())
                    .unwrap()
                    .to_owned(),
            ]
        })
        .collect()
}
