//! "From your files": paste a pipeline file (and the reusable workflows it calls), or open or drop
//! a whole repository folder or several files, and see every subject each job presents and the
//! credential set that accepts exactly those (issues 17, 25); with the credentials that exist,
//! whether each job will be accepted (the coverage).
//!
//! In the release build this page's code is a part of the app's WebAssembly of its own, loaded
//! when the tab is first opened ([`super::lazy_page`]); nothing in the first part refers to it. It
//! reads the files with the core ([`fedcred_core::predict`]) on every edit; what the user typed
//! stays in the form whatever the result.

mod coverage;
mod files;
mod readers;

use crate::components::picked::{self, Picked};
mod result;
mod sliced;

use std::rc::Rc;

use fedcred_core::key::Keyed;
use fedcred_core::predict::coverage::{self as cover, Coverage};
use fedcred_core::predict::{Error, File, Kind, Options, Prediction, Readers, predict_with};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::TextField;
use super::part::{NotLoaded, load_part, use_part};

/// The coverage: reading the credentials, comparing each job with them (the comparison is the
/// inspector's), and showing the result. Only those who give credentials use it, so in the
/// release build it is a part of its own, loaded the first time credentials are given (issue 26);
/// the page reaches it through these two functions.
struct CoveragePart {
    compute: fn(&Prediction, &str, &str) -> Result<Coverage, String>,
    view: fn(&Coverage, &UseStateHandle<bool>) -> Html,
}

static COVERAGE: CoveragePart = CoveragePart {
    compute: compute_coverage,
    view: coverage::view,
};

thread_local! {
    /// The coverage's part once loaded: the page mounts again with it at hand.
    static COVERAGE_LOADED: std::cell::Cell<Option<&'static CoveragePart>> = const { std::cell::Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(coverage, fallible))]
fn coverage_part() -> Result<&'static CoveragePart, NotLoaded> {
    Ok(&COVERAGE)
}

/// The Kubernetes manifest reader and its view of workloads (issue 29). Only those who paste
/// manifests use it, so in the release build it is a part of its own, loaded the first time
/// manifests are given; the page reaches it through these two functions.
pub(super) struct ManifestsPart {
    predict: fn(&[File<'_>], &Options) -> Result<Prediction, Error>,
    pub(super) view: fn(&Prediction, &UseStateHandle<bool>) -> Html,
}

static MANIFESTS: ManifestsPart = ManifestsPart {
    predict: fedcred_core::platforms::kubernetes::predict::predict,
    view: result::workloads_view,
};

thread_local! {
    /// The manifest reader's part once loaded.
    static MANIFESTS_LOADED: std::cell::Cell<Option<&'static ManifestsPart>> = const { std::cell::Cell::new(None) };
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(manifests, fallible))]
fn manifests_part() -> Result<&'static ManifestsPart, NotLoaded> {
    Ok(&MANIFESTS)
}

/// Whether the files given are Kubernetes manifests (said under "CI system or manifests", or
/// recognised by their content).
fn are_manifests(inputs: &Inputs) -> bool {
    let files: Vec<File<'_>> = files_of(inputs)
        .into_iter()
        .map(|(name, text)| File { name, text })
        .collect();
    fedcred_core::predict::are_manifests(&files, &inputs.options)
}

/// The credentials `fics` against the prediction, or why they could not be read.
fn compute_coverage(prediction: &Prediction, fics: &str, ids: &str) -> Result<Coverage, String> {
    let credentials = cover::read_credentials(&[fics]);
    // Nothing read: say why, rather than call every job refused.
    if credentials.credentials.is_empty() {
        let why: Vec<&str> = credentials
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        return Err(if why.is_empty() {
            "no credential was found in it".to_owned()
        } else {
            why.join("; ")
        });
    }
    Ok(cover::coverage(prediction, &credentials, ids))
}

/// The name the pasted file goes by among the files read.
const PASTED: &str = "the pasted file";

/// A reusable workflow the main file calls.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Called {
    name: String,
    text: String,
}

/// Everything on the form.
#[derive(Debug, Clone, PartialEq, Default)]
struct Form {
    file: String,
    called: Vec<Called>,
    /// Files opened or dropped (a folder's, or several), shared so that a keystroke elsewhere
    /// copies and compares none of them.
    opened: Rc<files::Loaded>,
    /// What was opened, in words ("the folder contoso-app", "3 files").
    opened_from: String,
    /// Reading what was opened is under way.
    reading: bool,
    repo: String,
    default_branch: String,
    customization: String,
    kind: Option<Kind>,
    /// The credentials that exist (what `az … federated-credential list` or Graph prints).
    fics: String,
    /// Kubernetes: the namespace of objects that name none.
    namespace: String,
    /// Kubernetes: the cluster's issuer, or what `az aks show` prints.
    issuer: String,
}

/// What the files and options predict: the inputs of the prediction, apart from the rest of the
/// form so that typing the credentials does not predict again.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    file: String,
    called: Vec<Called>,
    opened: Rc<files::Loaded>,
    options: Options,
    /// The GitLab CI and Azure Pipelines readers loaded so far ([`readers`]).
    readers: Readers,
}

fn options(form: &Form) -> Options {
    Options {
        kind: form.kind,
        repo: form.repo.clone(),
        default_branch: form.default_branch.clone(),
        customization: form.customization.clone(),
        face: fedcred_core::face::Face::Page,
        namespace: form.namespace.clone(),
        issuer: form.issuer.clone(),
    }
}

/// The files of a repository prediction, by name: the pasted file, the opened ones, the called
/// ones given by hand.
fn files_of(inputs: &Inputs) -> Vec<(&str, &str)> {
    let mut files: Vec<(&str, &str)> = Vec::new();
    if !inputs.file.trim().is_empty() {
        files.push((PASTED, &inputs.file));
    }
    files.extend(
        inputs
            .opened
            .files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    files.extend(
        inputs
            .called
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .map(|c| (c.name.as_str(), c.text.as_str())),
    );
    files
}

/// The prediction of the pasted file (with what it calls) alone, at once; manifests are read by
/// [`use_manifests`], and opened pipeline files by [`sliced::use_sliced`], a slice at a time.
fn run(inputs: &Inputs) -> Option<Result<Prediction, Error>> {
    if !inputs.opened.files.is_empty() || inputs.file.trim().is_empty() || are_manifests(inputs) {
        return None;
    }
    let files: Vec<File<'_>> = files_of(inputs)
        .into_iter()
        .map(|(name, text)| File { name, text })
        .collect();
    Some(predict_with(&files, &inputs.options, inputs.readers))
}

/// Manifests, pasted or opened, read once their reader is loaded, in a task of their own after
/// the page has handled the input: 500 documents read and then shown in one task kept the page
/// busy past 100 ms (make bench), in two it is not.
#[hook]
fn use_manifests(
    inputs: &Inputs,
    part: Option<&'static ManifestsPart>,
) -> Option<Rc<Result<Prediction, Error>>> {
    let result = use_state(|| None::<Rc<Result<Prediction, Error>>>);
    let generation = use_mut_ref(|| 0u64);
    {
        let result = result.clone();
        use_effect_with((inputs.clone(), part.is_some()), move |(inputs, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            let Some(part) = part.filter(|_| are_manifests(inputs)) else {
                result.set(None);
                return;
            };
            let inputs = inputs.clone();
            wasm_bindgen_futures::spawn_local(async move {
                crate::hooks::slice::yield_to_the_page().await;
                if *generation.borrow() != mine {
                    return;
                }
                let files: Vec<File<'_>> = files_of(&inputs)
                    .into_iter()
                    .map(|(name, text)| File { name, text })
                    .collect();
                let mut prediction = (part.predict)(&files, &inputs.options);
                if let Ok(p) = &mut prediction {
                    p.notes.extend(inputs.opened.notes.iter().cloned());
                }
                result.set(Some(Rc::new(prediction)));
            });
        });
    }
    (*result).clone()
}

/// The page.
#[function_component]
pub fn Predict() -> Html {
    let form = use_state(Form::default);
    let snippets = use_state(|| false);
    let all_jobs = use_state(|| false);
    let all_coverage = use_state(|| false);
    // Embedded, this page (a separate app) tells the parent its height like the first app does.
    let embedded = *use_memo((), |_| crate::route::current_embed().page.is_some());
    crate::hooks::use_embed_height(embedded);
    let inputs = Inputs {
        file: form.file.clone(),
        called: form.called.clone(),
        opened: form.opened.clone(),
        options: options(&form),
        readers: readers::at_hand(),
    };
    let sliced = sliced::use_sliced(&inputs);
    // The manifest reader's code arrives the first time manifests are given.
    let wants_manifests = are_manifests(&inputs);
    let manifests = use_part(
        wants_manifests,
        &MANIFESTS_LOADED,
        load_part!(manifests_part),
    );
    let manifests_failed = manifests.failed;
    let manifests_part = manifests.part;
    let read_manifests = use_manifests(&inputs, manifests_part);
    let pasted = use_memo(inputs, |inputs| run(inputs).map(Rc::new));
    let outcome: Option<Rc<Result<Prediction, Error>>> = sliced
        .result
        .clone()
        .or(read_manifests)
        .or_else(|| (*pasted).clone());
    // A GitLab CI or Azure Pipelines file: its reader arrives the first time one is given, and
    // the page predicts again (the inputs now hold the reader).
    let needs = match outcome.as_deref() {
        Some(Err(Error {
            needs: Some(kind), ..
        })) => Some(*kind),
        _ => None,
    };
    let gitlab = use_part(
        needs == Some(Kind::GitLab),
        &readers::GITLAB_LOADED,
        readers::LOAD_GITLAB,
    );
    let azure_devops = use_part(
        needs == Some(Kind::AzureDevOps),
        &readers::AZURE_DEVOPS_LOADED,
        readers::LOAD_AZURE_DEVOPS,
    );
    let reader_status = needs.map(|kind| {
        let (failed, what) = match kind {
            Kind::GitLab => (gitlab.failed, "GitLab CI"),
            _ => (azure_devops.failed, "Azure Pipelines"),
        };
        if failed {
            html! { <p class="link-error" role="alert" id="predict-reader">{ format!("The {what} reader could not be loaded: reload the page to try again. What you gave is kept.") }</p> }
        } else {
            html! { <p class="recognised" role="status" id="predict-reader">{ format!("Loading the {what} reader…") }</p> }
        }
    });
    let json = use_memo(outcome.clone(), |outcome| match outcome.as_deref() {
        Some(Ok(p)) => result::set_json(p),
        _ => AttrValue::default(),
    });
    // The coverage's code arrives the first time credentials are given.
    let wants_coverage = !form.fics.trim().is_empty();
    let coverage_loading = use_part(wants_coverage, &COVERAGE_LOADED, load_part!(coverage_part));
    let (part, part_failed) = (coverage_loading.part, coverage_loading.failed);
    let coverage: Rc<Option<Result<Coverage, String>>> = {
        let outcome = outcome.clone();
        let compute = part.map(|p| p.compute);
        use_memo(
            (
                form.fics.clone(),
                form.customization.clone(),
                outcome,
                compute.is_some(),
            ),
            move |(fics, ids, outcome, _)| match (
                compute,
                fics.trim().is_empty(),
                outcome.as_deref(),
            ) {
                (Some(compute), false, Some(Ok(prediction))) => {
                    Some(compute(prediction, fics, ids))
                }
                _ => None,
            },
        )
    };
    let coverage_html = match (part, coverage.as_ref()) {
        (Some(part), Some(Ok(c))) => (part.view)(c, &all_coverage),
        (_, Some(Err(why))) => coverage_error(why),
        (None, None) if wants_coverage && part_failed => html! {
            <p class="link-error" role="alert" id="predict-coverage">{ "The comparison with the credentials could not be loaded: reload the page to try again. The prediction below does not depend on it." }</p>
        },
        (None, None) if wants_coverage && matches!(outcome.as_deref(), Some(Ok(_))) => html! {
            <p class="recognised" role="status" id="predict-coverage">{ "Loading the comparison with the credentials…" }</p>
        },
        _ => Html::default(),
    };
    let set = |update: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            update(&mut next, value);
            form.set(next);
        })
    };
    let on_kind = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut next = (*form).clone();
            next.kind = Kind::from_key(&value);
            form.set(next);
        })
    };
    let add_called = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.called.push(Called::default());
            form.set(next);
        })
    };
    // Opened or dropped files are read here, in the page: nothing is uploaded.
    let open = {
        let form = form.clone();
        Callback::from(move |(picked, folder): (Vec<Picked>, bool)| {
            if picked.is_empty() {
                return;
            }
            let from = picked::described(&picked, folder);
            let mut next = (*form).clone();
            next.reading = true;
            form.set(next.clone());
            let form = form.clone();
            let options = options(&next);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = files::read(picked, folder, options).await;
                next.reading = false;
                next.opened = Rc::new(loaded);
                next.opened_from = from;
                form.set(next);
            });
        })
    };
    let on_pick = picked::on_pick(open.clone());
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = picked::on_drop(open, files::yaml);
    let clear_opened = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.opened = Rc::default();
            next.opened_from.clear();
            form.set(next);
        })
    };
    let on_fics_file = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let form = form.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
                    && let Some(text) = text.as_string()
                {
                    let mut next = (*form).clone();
                    next.fics = text;
                    form.set(next);
                }
            });
        })
    };
    let kind_key = form.kind.map(Keyed::key).unwrap_or_default();
    // GitHub's own controls only where the file is GitHub's, or not known yet (issue 27).
    let detected = match outcome.as_deref() {
        Some(Ok(p)) => Some(p.kind),
        _ => None,
    };
    let github = match form.kind.or(detected) {
        Some(kind) => kind == Kind::GitHub,
        None => true,
    } || !form.called.is_empty()
        || !form.customization.is_empty();
    // A repository's fields where the files are pipelines; a cluster's where they are manifests.
    let kubernetes = form.kind.or(detected) == Some(Kind::Kubernetes)
        || !form.namespace.is_empty()
        || !form.issuer.is_empty();
    let pipelines = form.kind.or(detected) != Some(Kind::Kubernetes)
        || !form.repo.is_empty()
        || !form.default_branch.is_empty();
    let opened = &form.opened;
    html! {
        <div class="predict">
            <p class="privacy">{ "Paste a GitHub Actions workflow, a .gitlab-ci.yml or an azure-pipelines.yml, or open a whole repository folder; or paste Kubernetes manifests (what kubectl get -o yaml, helm template or kustomize build prints). fedcred reads them here, in your browser (nothing is uploaded), and says which subject each job or workload will present and the credentials that accept exactly those." }</p>
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="drop-zone" id="predict-drop" ondragover={on_drag_over} ondrop={on_drop}>
                    <p>{ "Drop a repository folder or pipeline files here, or choose them (for a folder of Kubernetes manifests, choose \"Kubernetes manifests\" below first):" }</p>
                    <div class="field">
                        <label for="predict-folder">{ "Open a repository folder" }</label>
                        <input type="file" id="predict-folder" webkitdirectory=true multiple=true onchange={on_pick.clone()} />
                    </div>
                    <div class="field">
                        <label for="predict-files">{ "Or open files" }</label>
                        <input type="file" id="predict-files" multiple=true accept=".yml,.yaml,text/yaml,text/plain" onchange={on_pick} />
                    </div>
                    if form.reading {
                        <p class="recognised" role="status">{ "Reading the files…" }</p>
                    } else if !opened.files.is_empty() || !opened.notes.is_empty() {
                        <p class="recognised" id="predict-opened" role="status">
                            { format!("{} file{} read from {}, predicted together{}. ", opened.files.len(), if opened.files.len() == 1 { "" } else { "s" }, form.opened_from, if form.file.trim().is_empty() { "" } else { " with the pasted file" }) }
                            <button type="button" onclick={clear_opened}>{ "Clear" }</button>
                        </p>
                    }
                </div>
                <TextField id="predict-file" label="Workflow, pipeline file or Kubernetes manifests" multiline=true value={form.file.clone()} on_input={set(|f, v| f.file = v)}
                    placeholder={"on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    environment: production\n    …"} />
                <div class="field">
                    <label for="predict-kind">{ "CI system or manifests" }</label>
                    <select id="predict-kind" onchange={on_kind}>
                        <option value="" selected={kind_key.is_empty()}>{ "Detect from the file" }</option>
                        { for Kind::ALL.iter().map(|k| html! { <option value={k.key()} selected={kind_key == k.key()}>{ k.label() }</option> }) }
                    </select>
                </div>
                if pipelines {
                <TextField id="predict-repo" label="Repository" value={form.repo.clone()} on_input={set(|f, v| f.repo = v)}
                    hint="OWNER/REPO on GitHub, group/project on GitLab, organization/project on Azure DevOps. Without it, subjects say OWNER/REPO." placeholder="contoso/payments-api" />
                <TextField id="predict-default-branch" label="Default branch" value={form.default_branch.clone()} on_input={set(|f, v| f.default_branch = v)}
                    hint="Where schedule, workflow_dispatch and most repository events run. Without it, subjects say DEFAULT_BRANCH." placeholder="main" />
                }
                if kubernetes {
                <TextField id="predict-issuer" label="Cluster issuer" multiline=true value={form.issuer.clone()} on_input={set(|f, v| f.issuer = v)}
                    hint="The cluster's OIDC issuer URL, or paste what az aks show prints: its oidcIssuerProfile.issuerUrl is read. With it, the credentials are built." placeholder="https://eastus.oic.prod-aks.azure.com/TENANT-ID/CLUSTER-ID/" />
                <TextField id="predict-namespace" label="Namespace" value={form.namespace.clone()} on_input={set(|f, v| f.namespace = v)}
                    hint="Where objects that name no namespace are applied (kubectl's -n). Without it, default." placeholder="default" />
                }
                if github {
                <details class="advanced">
                    <summary>{ "Immutable or customised subjects (GitHub)" }</summary>
                    <TextField id="predict-customization" label="What gh api prints" multiline=true value={form.customization.clone()} on_input={set(|f, v| f.customization = v)}
                        hint="The output of gh api repos/OWNER/REPO/actions/oidc/customization/sub (or gh api repos/OWNER/REPO, for the IDs a pattern's credential must pin)." />
                </details>
                { for form.called.iter().enumerate().map(|(i, called)| called_fields(&form, i, called)) }
                <button type="button" onclick={add_called}>{ "Add a called workflow" }</button>
                }
                <details class="advanced" open={!form.fics.is_empty()}>
                    <summary>{ "Compare with the credentials that exist" }</summary>
                    <TextField id="predict-fics" label="Credentials JSON" multiline=true value={form.fics.clone()} on_input={set(|f, v| f.fics = v)}
                        hint="What az identity federated-credential list, az ad app federated-credential list or Graph prints, for one identity or several. Each job is then shown as accepted, refused (with the fix) or not decided by the files." />
                    <div class="field">
                        <label for="predict-fics-file">{ "Or open a JSON file" }</label>
                        <input type="file" id="predict-fics-file" accept=".json,application/json,text/plain" onchange={on_fics_file} />
                    </div>
                </details>
            </form>
            { coverage_html }
            if let Some((done, total)) = sliced.progress {
                <p class="recognised" role="status" id="predict-progress">{ format!("Predicting the repository: {}%…", done * 100 / total.max(1)) }</p>
            }
            if wants_manifests && manifests_part.is_none() {
                if manifests_failed {
                    <p class="link-error" role="alert" id="predict-result">{ "The Kubernetes manifest reader could not be loaded: reload the page to try again. Your inputs are kept." }</p>
                } else {
                    <p class="recognised" role="status" id="predict-result">{ "Loading the Kubernetes manifest reader…" }</p>
                }
            } else {
                { reader_status.unwrap_or_else(|| result::view(outcome.as_deref(), &json, &snippets, &all_jobs, manifests_part.map(|p| p.view))) }
            }
        </div>
    }
}

/// Why the credentials could not be compared.
fn coverage_error(why: &str) -> Html {
    html! {
        <p class="link-error" role="alert" id="predict-coverage">
            { format!("The credentials could not be compared: {why}. Paste what az identity federated-credential list, az ad app federated-credential list or Graph prints; the prediction below does not depend on it.") }
        </p>
    }
}

/// The name and text of called workflow `i`, with Remove.
fn called_fields(form: &UseStateHandle<Form>, i: usize, called: &Called) -> Html {
    let update = |name: bool| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            if let Some(c) = next.called.get_mut(i) {
                if name {
                    c.name = value;
                } else {
                    c.text = value;
                }
            }
            form.set(next);
        })
    };
    let remove = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            if i < next.called.len() {
                next.called.remove(i);
            }
            form.set(next);
        })
    };
    html! {
        <fieldset class="group called">
            <legend>{ format!("Called workflow {}", i + 1) }</legend>
            <TextField id={format!("predict-called-name-{i}")} label="File name" value={called.name.clone()} on_input={update(true)}
                hint="As the caller's uses: names it, e.g. deploy-env.yml; for a local action, its action.yml with the path uses: names, e.g. .github/actions/deploy/action.yml." placeholder="deploy-env.yml" />
            <TextField id={format!("predict-called-{i}")} label="Its text" multiline=true value={called.text.clone()} on_input={update(false)} />
            <button type="button" onclick={remove}>{ "Remove" }</button>
        </fieldset>
    }
}
