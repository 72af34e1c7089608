//! Reading a folder's files for predict and audit: in name order, within limits, saying what is
//! left out.

use std::path::Path;

/// How deep folders are followed, and how many files are read.
const MAX_DEPTH: usize = 32;
const MAX_FILES: usize = 5_000;

/// The files below `dir` that `keep` takes, with their text: symbolic links are not followed (a
/// link to a parent folder would never end), `.git`, `node_modules` and `.terraform` are skipped,
/// and what is left out is said in `notes`.
pub(crate) fn walk_with(
    dir: &Path,
    depth: usize,
    out: &mut Vec<(String, String)>,
    notes: &mut Vec<String>,
    keep: &dyn Fn(&Path) -> bool,
    max_bytes: u64,
) {
    if depth > MAX_DEPTH {
        notes.push(format!(
            "{}: deeper than {MAX_DEPTH} folders: not read",
            dir.display()
        ));
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        notes.push(format!("{}: cannot be read: left out", dir.display()));
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if meta.file_type().is_symlink() {
            if keep(&path) || path.is_dir() {
                notes.push(format!("{}: a symbolic link, not followed", path.display()));
            }
        } else if meta.is_dir() {
            // .terraform holds the modules and providers `terraform init` downloaded.
            if name != ".git" && name != "node_modules" && name != ".terraform" {
                walk_with(&path, depth + 1, out, notes, keep, max_bytes);
            }
        } else if keep(&path) {
            if out.len() >= MAX_FILES {
                notes.push(format!(
                    "more than {MAX_FILES} pipeline files: the rest are not read"
                ));
                return;
            }
            if meta.len() > max_bytes {
                notes.push(format!(
                    "{}: {:.1} MB, over the {} MiB fedcred reads in one file: left out",
                    path.display(),
                    meta.len() as f64 / 1_048_576.0,
                    max_bytes >> 20
                ));
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => out.push((
                    path.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                )),
                Err(e) => notes.push(format!("{}: {e}: left out", path.display())),
            }
        }
    }
}
