//! The GitLab CI and Azure Pipelines readers (issue 26). Most visitors bring GitHub workflows, so
//! in the release build each of the other readers is a part of its own, loaded the first time a
//! file needs it: the core answers such a file with an error that names the reader it needs
//! ([`fedcred_core::predict::Error::needs`]), the page loads it and predicts again. GitHub's
//! reader is the page's own. Every other build has them all at hand.

use fedcred_core::predict::{Kind, Readers};

use crate::components::lazy_page::NotLoaded;

#[cfg(feature = "split")]
thread_local! {
    /// The readers loaded so far.
    static LOADED: std::cell::Cell<Readers> = const { std::cell::Cell::new(Readers::NONE) };
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(gitlab, fallible)]
fn gitlab() -> Result<fedcred_core::predict::Reader, NotLoaded> {
    Ok(Readers::GITLAB)
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(azure_devops, fallible)]
fn azure_devops() -> Result<fedcred_core::predict::Reader, NotLoaded> {
    Ok(Readers::AZURE_DEVOPS)
}

/// The readers at hand.
pub(super) fn loaded() -> Readers {
    #[cfg(feature = "split")]
    return LOADED.get();
    #[cfg(not(feature = "split"))]
    Readers::ALL
}

/// Loads the readers of `kinds` that are not at hand yet.
pub(super) async fn load(kinds: &[Kind]) -> Result<(), NotLoaded> {
    #[cfg(feature = "split")]
    for kind in kinds {
        let mut readers = LOADED.get();
        match kind {
            Kind::GitLab if readers.gitlab.is_none() => readers.gitlab = Some(gitlab().await?),
            Kind::AzureDevOps if readers.azure_devops.is_none() => {
                readers.azure_devops = Some(azure_devops().await?);
            }
            _ => {}
        }
        LOADED.set(readers);
    }
    #[cfg(not(feature = "split"))]
    let _ = kinds;
    Ok(())
}
