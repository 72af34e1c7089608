//! What the real-file tests share: the YAML files below a fixture folder, in name order.
#![allow(clippy::unwrap_used, dead_code)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

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
