//! The GitLab CI and Azure Pipelines readers (issue 26). Most visitors bring GitHub workflows,
//! so in the release build each of the other two readers is a part of its own, loaded the first
//! time a file needs it: the page predicts with the readers it has, the core answers a file whose
//! reader is missing with an error that names it (`Error::needs`), and the page loads the reader
//! ([`super::Predict`] through `use_part`, a folder's walk through [`load`]) and predicts again.
//! GitHub's reader is the page's own. Every other build has them all at hand.

use fedcred_core::predict::{Kind, Reader, Readers};

use crate::components::part::NotLoaded;

static GITLAB: Reader = Reader::GITLAB;
static AZURE_DEVOPS: Reader = Reader::AZURE_DEVOPS;

thread_local! {
    /// GitLab CI's reader, once loaded.
    pub(super) static GITLAB_LOADED: std::cell::Cell<Option<&'static Reader>> = const { std::cell::Cell::new(None) };
    /// Azure Pipelines' reader, once loaded.
    pub(super) static AZURE_DEVOPS_LOADED: std::cell::Cell<Option<&'static Reader>> = const { std::cell::Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(gitlab, fallible))]
pub(super) fn gitlab() -> Result<&'static Reader, NotLoaded> {
    Ok(&GITLAB)
}

#[cfg_attr(
    feature = "split",
    wasm_split_helpers::wasm_split(azure_devops, fallible)
)]
pub(super) fn azure_devops() -> Result<&'static Reader, NotLoaded> {
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

/// Loads the readers of `kinds` that are not at hand yet.
pub(super) async fn load(kinds: &[Kind]) -> Result<(), NotLoaded> {
    for kind in kinds {
        match kind {
            Kind::GitLab if GITLAB_LOADED.get().is_none() => {
                #[cfg(feature = "split")]
                let reader = gitlab().await?;
                #[cfg(not(feature = "split"))]
                let reader = gitlab()?;
                GITLAB_LOADED.set(Some(reader));
            }
            Kind::AzureDevOps if AZURE_DEVOPS_LOADED.get().is_none() => {
                #[cfg(feature = "split")]
                let reader = azure_devops().await?;
                #[cfg(not(feature = "split"))]
                let reader = azure_devops()?;
                AZURE_DEVOPS_LOADED.set(Some(reader));
            }
            _ => {}
        }
    }
    Ok(())
}
