//! Files given to the workflow page as a whole: a folder (the directory picker, or dropped), or
//! several files (the file picker, or dropped). They are read here, in the page; nothing is
//! uploaded. A folder is read as `fedcred predict DIR` reads one: its pipeline files
//! ([`is_pipeline_file`]), then the templates and included files they name
//! ([`wanted_files`]), round after round, skipping `.git` and `node_modules`.

use fedcred_core::predict::{File, Options, RepositoryPredictor, glob_matches, is_pipeline_file};

use crate::components::picked::{Picked, skipped, text};
use crate::hooks::slice::in_slices;

/// Only YAML can be a pipeline, a template or an include: what a dropped folder's walk keeps.
pub(super) fn yaml(path: &str) -> bool {
    path.ends_with(".yml") || path.ends_with(".yaml")
}

/// What was read: each file's name and text, and what was left out, in words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Loaded {
    pub(super) files: Vec<(String, String)>,
    pub(super) notes: Vec<String>,
}

/// The most files read from one folder, and the largest file read: what the core's manifest
/// reader takes (8 MiB); a pipeline file over the 1 MiB its reader takes is refused by it, with
/// its size.
const MAX_FILES: usize = 5_000;
const MAX_BYTES: f64 = fedcred_core::yaml::MAX_STREAM_BYTES as f64;
/// How many times the files a folder's pipelines name are looked for.
const MAX_ROUNDS: usize = 24;

/// Reads `picked`: every file when they were chosen one by one; from a folder, its pipeline
/// files and what they name, or, when "Kubernetes manifests" is chosen, its YAML and JSON files.
pub(super) async fn read(picked: Vec<Picked>, folder: bool, options: Options) -> Loaded {
    let mut loaded = Loaded::default();
    let mut taken = vec![false; picked.len()];
    let mut first: Vec<usize> = Vec::new();
    let manifests = options.kind == Some(fedcred_core::predict::Kind::Kubernetes);
    let manifest = |name: &str| {
        [".yaml", ".yml", ".json"]
            .iter()
            .any(|e| name.to_ascii_lowercase().ends_with(e))
    };
    for (i, p) in picked.iter().enumerate() {
        let keep = if manifests {
            manifest(&p.name)
        } else {
            is_pipeline_file(&p.name)
        };
        if !folder || (!skipped(&p.name) && keep) {
            first.push(i);
        }
    }
    if manifests {
        for i in first {
            if let Some(p) = take(&picked, &mut taken, i) {
                read_one(p, &mut loaded).await;
            }
        }
        return loaded;
    }
    for i in first {
        if let Some(p) = take(&picked, &mut taken, i) {
            read_one(p, &mut loaded).await;
        }
    }
    if folder {
        for _ in 0..MAX_ROUNDS {
            // Only Azure Pipelines and GitLab files name others to read: GitHub's workflows and
            // actions are left out of the look (a repository of hundreds of workflows is not
            // parsed for it), and it runs a slice at a time.
            let files: Vec<File<'_>> = loaded
                .files
                .iter()
                .filter(|(name, _)| !name.contains(".github/"))
                .map(|(name, text)| File { name, text })
                .collect();
            if files.is_empty() {
                break;
            }
            let mut predictor =
                RepositoryPredictor::with_readers(&files, &options, super::readers::at_hand());
            in_slices(&mut predictor, &|| true, &|_| {}).await;
            // What a GitLab CI or Azure Pipelines file names is known once its reader is here.
            let needs = predictor.needs();
            if !needs.is_empty() {
                if super::readers::load(&needs).await.is_err() {
                    break;
                }
                continue;
            }
            let wanted = predictor.wanted();
            let mut next = Vec::new();
            for w in &wanted {
                for (i, p) in picked.iter().enumerate() {
                    let matches = if w.path.contains('*') {
                        glob_matches(&w.path, &p.name)
                    } else if w.from_root {
                        p.name == w.path || p.name.ends_with(&format!("/{}", w.path))
                    } else {
                        p.name == w.path
                    };
                    if matches && !next.contains(&i) {
                        next.push(i);
                    }
                }
            }
            let before = loaded.files.len();
            for i in next {
                if let Some(p) = take(&picked, &mut taken, i) {
                    read_one(p, &mut loaded).await;
                }
            }
            if loaded.files.len() == before {
                break;
            }
        }
    }
    loaded
}

/// The `i`th file, unless it was read already.
fn take<'p>(picked: &'p [Picked], taken: &mut [bool], i: usize) -> Option<&'p Picked> {
    let slot = taken.get_mut(i)?;
    if *slot {
        return None;
    }
    *slot = true;
    picked.get(i)
}

async fn read_one(p: &Picked, loaded: &mut Loaded) {
    if loaded.files.len() >= MAX_FILES {
        if !loaded.notes.iter().any(|n| n.starts_with("more than")) {
            loaded.notes.push(format!(
                "more than {MAX_FILES} files: the rest are not read"
            ));
        }
        return;
    }
    let size = p.file.size();
    if size > MAX_BYTES {
        // Tenths of a MB in integers: formatting a float would bring the float printer (about
        // 4 KB of the page's code) for this one line.
        let tenths = (size * 10.0 / 1_048_576.0).round() as u64;
        loaded.notes.push(format!(
            "{}: {}.{} MB, over the 8 MB fedcred reads in a file: left out",
            p.name,
            tenths / 10,
            tenths % 10
        ));
        return;
    }
    match text(&p.file).await {
        Ok(text) => loaded.files.push((p.name.clone(), text)),
        Err(why) => loaded.notes.push(format!("{}: {why}: left out", p.name)),
    }
}
