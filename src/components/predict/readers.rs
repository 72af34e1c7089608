//! The GitLab CI and Azure Pipelines readers (issue 26). Most visitors bring GitHub workflows,
//! so in the release build each of the other two readers is a part of its own, loaded the first
//! time a file needs it: the page predicts with the readers it has, the core answers a file whose
//! reader is missing with an error that names it (`Error::needs`), and the page loads the reader
//! ([`super::Predict`] through `use_part`, a folder's walk through [`load`]) and predicts again.
//! GitHub's reader is the page's own. Every other build has them all at hand.

use fedcred_core::predict::{Kind, Reader, Readers};

use std::cell::Cell;

use crate::components::part::{Kept, Load, NotLoaded, load_part};

static GITLAB: Reader = Reader::GITLAB;
static AZURE_DEVOPS: Reader = Reader::AZURE_DEVOPS;

thread_local! {
    /// GitLab CI's reader, once loaded.
    pub(super) static GITLAB_LOADED: Cell<Option<&'static Reader>> = const { Cell::new(None) };
    /// Azure Pipelines' reader, once loaded.
    pub(super) static AZURE_DEVOPS_LOADED: Cell<Option<&'static Reader>> = const { Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(gitlab, fallible))]
fn gitlab() -> Result<&'static Reader, NotLoaded> {
    Ok(&GITLAB)
}

#[cfg_attr(
    feature = "split",
    wasm_split_helpers::wasm_split(azure_devops, fallible)
)]
fn azure_devops() -> Result<&'static Reader, NotLoaded> {
    Ok(&AZURE_DEVOPS)
}

/// The readers at hand.
pub(super) fn at_hand() -> Readers {
    #[cfg(feature = "split")]
    return Readers {
        gitlab: GITLAB_LOADED.get().copied(),
        azure_devops: AZURE_DEVOPS_LOADED.get().copied(),
    };
    #[cfg(not(feature = "split"))]
    Readers::ALL
}

/// GitLab CI's reader, as [`super::use_part`] and [`load`] ask for it.
pub(super) const LOAD_GITLAB: Load<Reader> = load_part!(gitlab);

/// Azure Pipelines' reader, as [`super::use_part`] and [`load`] ask for it.
pub(super) const LOAD_AZURE_DEVOPS: Load<Reader> = load_part!(azure_devops);

/// Where the reader of `kind` is kept once loaded, and how it is loaded (GitLab CI's or Azure
/// Pipelines'; GitHub's is the page's own).
fn reader_of(kind: Kind) -> Option<(&'static Kept<Reader>, Load<Reader>)> {
    match kind {
        Kind::GitLab => Some((&GITLAB_LOADED, LOAD_GITLAB)),
        Kind::AzureDevOps => Some((&AZURE_DEVOPS_LOADED, LOAD_AZURE_DEVOPS)),
        _ => None,
    }
}

/// Loads the readers of `kinds` that are not at hand yet.
pub(super) async fn load(kinds: &[Kind]) -> Result<(), NotLoaded> {
    for (cell, load) in kinds.iter().filter_map(|kind| reader_of(*kind)) {
        if cell.get().is_none() {
            cell.set(Some(load().await?));
        }
    }
    Ok(())
}
