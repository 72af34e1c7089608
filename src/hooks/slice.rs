//! Work done a slice at a time (issues 18 and 25): each slice runs at most [`SLICE_MS`], then the
//! page gets the thread back to handle input and paint, so that no task keeps it busy past the
//! 100 ms budget.

/// How long one slice may run before the page gets the thread back.
pub const SLICE_MS: f64 = 25.0;

/// The page's clock, in milliseconds.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Lets the browser handle input and paint before the next slice.
pub async fn yield_to_the_page() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Work done a slice at a time: a step, and how far it is.
pub trait SliceWork {
    /// Does a little more; `true` once everything is done.
    fn step(&mut self) -> bool;
    /// Done, of the total.
    fn progress(&self) -> (usize, usize);
}

/// Runs `work` a slice at a time until it is done, giving the page the thread back between
/// slices. After each slice, `current` says whether the run is still wanted (a newer input
/// supersedes it: the run stops, `false`); after each unfinished one, `report` shows how far it
/// is. `true` once the work is done. Not generic: one copy serves every caller.
pub async fn in_slices(
    work: &mut dyn SliceWork,
    current: &dyn Fn() -> bool,
    report: &dyn Fn((usize, usize)),
) -> bool {
    loop {
        let start = now();
        let mut done = false;
        while !done && now() - start < SLICE_MS {
            done = work.step();
        }
        if !current() {
            return false;
        }
        if done {
            return true;
        }
        report(work.progress());
        yield_to_the_page().await;
    }
}
