//! Files given to the workflow page as a whole: a folder (the directory picker, or dropped), or
//! several files (the file picker, or dropped). They are read here, in the page; nothing is
//! uploaded. A folder is read as `fedcred predict DIR` reads one: its pipeline files
//! ([`is_pipeline_file`]), then the templates and included files they name
//! ([`wanted_files`]), round after round, skipping `.git` and `node_modules`.

use fedcred_core::predict::{File, Options, RepositoryPredictor, glob_matches, is_pipeline_file};

use crate::hooks::slice::in_slices;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file the person chose, named by its path in what they chose (`repo/.github/workflows/x.yml`).
pub(super) struct Picked {
    pub(super) name: String,
    pub(super) file: web_sys::File,
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

/// Whether a path is inside a folder a walk skips.
fn skipped(name: &str) -> bool {
    name.split('/')
        .any(|part| part == ".git" || part == "node_modules")
}

/// The files of a file input: named by their path in the folder when it is a directory picker.
pub(super) fn from_input(input: &web_sys::HtmlInputElement) -> (Vec<Picked>, bool) {
    let mut picked = Vec::new();
    let mut folder = false;
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            if let Some(file) = list.get(i) {
                // webkitRelativePath: the path from the chosen folder (empty for a file).
                let path = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                    .ok()
                    .and_then(|p| p.as_string())
                    .unwrap_or_default();
                folder |= !path.is_empty();
                let name = if path.is_empty() { file.name() } else { path };
                picked.push(Picked { name, file });
            }
        }
    }
    (picked, folder)
}

/// A callback-taking browser call as a future: `call(resolve, reject)`.
async fn promise(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<JsValue, JsValue> {
    let mut call = Some(call);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await
}

/// What was dropped: files as they are, folders walked through the entries API (each file named
/// by its path from the dropped folder). `true` when a folder was among them.
pub(super) async fn from_drop(transfer: web_sys::DataTransfer) -> (Vec<Picked>, bool) {
    let items = transfer.items();
    let mut entries = Vec::new();
    let mut picked = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => entries.push(entry),
            // No entry (a file made by a script, some browsers): the file itself.
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    picked.push(Picked {
                        name: file.name(),
                        file,
                    });
                }
            }
        }
    }
    let folder = entries.iter().any(web_sys::FileSystemEntry::is_directory);
    // Breadth first, without recursion: a folder's entries join the queue.
    let mut queue: std::collections::VecDeque<web_sys::FileSystemEntry> = entries.into();
    let mut seen = 0usize;
    while let Some(entry) = queue.pop_front() {
        seen += 1;
        if seen > 4 * MAX_FILES {
            break;
        }
        let path = entry.full_path().trim_start_matches('/').to_owned();
        if skipped(&path) {
            continue;
        }
        if entry.is_directory() {
            let reader = entry
                .unchecked_ref::<web_sys::FileSystemDirectoryEntry>()
                .create_reader();
            // readEntries answers in batches until an empty one.
            loop {
                let batch = promise(|resolve, reject| {
                    let _ = reader.read_entries_with_callback_and_callback(resolve, reject);
                })
                .await;
                let Ok(batch) = batch else { break };
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                for child in batch.iter() {
                    queue.push_back(child.unchecked_into());
                }
            }
        } else if path.ends_with(".yml") || path.ends_with(".yaml") {
            // Only YAML can be a pipeline, a template or an include.
            let file_entry: &web_sys::FileSystemFileEntry = entry.unchecked_ref();
            let file = promise(|resolve, reject| {
                file_entry.file_with_callback_and_callback(resolve, reject);
            })
            .await;
            if let Ok(file) = file {
                picked.push(Picked {
                    name: path,
                    file: file.unchecked_into(),
                });
            }
        }
    }
    (picked, folder)
}

async fn text(file: &web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "cannot be read as text".to_owned())
}

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
            let mut predictor = RepositoryPredictor::new(&files, &options);
            in_slices(&mut predictor, &|| true, &|_| {}).await;
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
