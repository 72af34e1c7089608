//! The prediction of opened files (a repository's, issue 25) a slice at a time
//! ([`RepositoryPredictor`]), so that hundreds of workflows never keep the page busy over
//! 100 ms: the page answers input while it runs, a newer input supersedes it, and the last result
//! stays shown (marked as being updated) until the new one is ready.

use std::cell::RefCell;
use std::rc::Rc;

use fedcred_core::predict::{Error, File, Prediction, RepositoryPredictor};
use yew::prelude::*;

use super::Inputs;
use crate::hooks::slice::{SliceWork, in_slices, yield_to_the_page};

/// The opened files' prediction, and how far a running one is.
pub(super) struct Sliced {
    pub(super) result: Option<Rc<Result<Prediction, Error>>>,
    /// Files parsed plus predicted, of twice the files, while one runs.
    pub(super) progress: Option<(usize, usize)>,
}

/// Predicts `inputs` when files were opened, in slices.
#[hook]
pub(super) fn use_sliced(inputs: &Inputs) -> Sliced {
    let result = use_state(|| None::<Rc<Result<Prediction, Error>>>);
    let progress = use_state(|| None::<(usize, usize)>);
    let generation: Rc<RefCell<u64>> = use_mut_ref(|| 0u64);
    {
        let (result, progress) = (result.clone(), progress.clone());
        use_effect_with(inputs.clone(), move |inputs| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            if inputs.opened.files.is_empty() {
                result.set(None);
                progress.set(None);
                return;
            }
            let inputs = inputs.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Not in the input's own task: the browser has just laid it out.
                yield_to_the_page().await;
                if *generation.borrow() != mine {
                    return;
                }
                let files = super::files_of(&inputs);
                let files: Vec<File<'_>> = files
                    .iter()
                    .map(|(name, text)| File { name, text })
                    .collect();
                // Manifests are read by their own reader, in the page (issue 29): not pipelines.
                if fedcred_core::predict::are_manifests(&files, &inputs.options) {
                    result.set(None);
                    progress.set(None);
                    return;
                }
                let mut predictor =
                    RepositoryPredictor::with_readers(&files, &inputs.options, inputs.readers);
                let finished = in_slices(&mut predictor, &|| *generation.borrow() == mine, &|at| {
                    progress.set(Some(at))
                })
                .await;
                if !finished {
                    return;
                }
                // A pipeline whose reader is not loaded yet gives an error that names it: the
                // page loads it and predicts again ([`super::readers`]).
                let mut prediction = predictor.finish();
                if let Ok(p) = &mut prediction {
                    p.notes.extend(inputs.opened.notes.iter().cloned());
                }
                result.set(Some(Rc::new(prediction)));
                progress.set(None);
            });
        });
    }
    Sliced {
        result: (*result).clone(),
        progress: *progress,
    }
}

/// A repository's prediction, a file at a time.
impl SliceWork for RepositoryPredictor<'_> {
    fn step(&mut self) -> bool {
        RepositoryPredictor::step(self, 1)
    }
    fn progress(&self) -> (usize, usize) {
        RepositoryPredictor::progress(self)
    }
}
