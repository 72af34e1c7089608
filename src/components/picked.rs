//! Files the person chose or dropped: a folder (the directory picker, or dropped) or several
//! files, each named by its path in what was chosen. They are read here, in the page; nothing
//! is uploaded. The workflow page reads pipeline files and manifests from them, the inspector
//! Terraform (issue 31).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::{Callback, DragEvent, Event, TargetCast};

/// The most entries a dropped folder's walk visits.
const MAX_ENTRIES: usize = 20_000;

/// A file the person chose, named by its path in what they chose (`repo/.github/workflows/x.yml`).
pub(crate) struct Picked {
    pub(crate) name: String,
    pub(crate) file: web_sys::File,
}

/// Whether a path is inside a folder a walk skips.
pub(crate) fn skipped(name: &str) -> bool {
    // .terraform holds what `terraform init` downloaded: modules and providers, not the user's.
    name.split('/')
        .any(|part| part == ".git" || part == "node_modules" || part == ".terraform")
}

/// The files of a file input: named by their path in the folder when it is a directory picker.
pub(crate) fn from_input(input: &web_sys::HtmlInputElement) -> (Vec<Picked>, bool) {
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
/// by its path from the dropped folder; only those `keep` takes). `true` when a folder was among
/// them.
pub(crate) async fn from_drop(
    transfer: web_sys::DataTransfer,
    keep: fn(&str) -> bool,
) -> (Vec<Picked>, bool) {
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
        if seen > MAX_ENTRIES {
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
        } else if keep(&path) {
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

pub(crate) async fn text(file: &web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "cannot be read as text".to_owned())
}

/// What was chosen, in words: `the folder NAME`, a single file's name, or `N files`.
pub(crate) fn described(picked: &[Picked], folder: bool) -> String {
    match picked {
        _ if folder => format!(
            "the folder {}",
            picked
                .first()
                .and_then(|p| p.name.split('/').next())
                .unwrap_or_default()
        ),
        [one] => one.name.clone(),
        _ => format!("{} files", picked.len()),
    }
}

/// A file input's change handler: its files (named by their path in a chosen folder) go to
/// `open`, and the input is emptied, so that the same folder can be opened again after it changed.
pub(crate) fn on_pick(open: Callback<(Vec<Picked>, bool)>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        open.emit(from_input(&input));
        input.set_value("");
    })
}

/// A drop zone's drop handler: the dropped files, and those `keep` takes from dropped folders, go
/// to `open`.
pub(crate) fn on_drop(
    open: Callback<(Vec<Picked>, bool)>,
    keep: fn(&str) -> bool,
) -> Callback<DragEvent> {
    Callback::from(move |e: DragEvent| {
        e.prevent_default();
        let Some(transfer) = e.data_transfer() else {
            return;
        };
        let open = open.clone();
        wasm_bindgen_futures::spawn_local(async move {
            open.emit(from_drop(transfer, keep).await);
        });
    })
}
