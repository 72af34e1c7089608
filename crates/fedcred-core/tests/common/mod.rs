//! What the real-file tests share: the YAML files below a fixture folder, in name order.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use fedcred_core::predict::{File, Options, Prediction, predict_repository};

/// Every `.yml` and `.yaml` file below `dir` with its text, folders walked in name order.
pub fn yaml_files_below(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(yaml_files_below(&path));
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
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
