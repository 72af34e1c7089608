//! "From a workflow": paste a pipeline file (and the reusable workflows it calls) and see every
//! subject each job presents and the credential set that accepts exactly those (issue 17).
//!
//! This page is its own WebAssembly module (`crates/fedcred-web-predict`), loaded when the tab is
//! first opened ([`super::lazy_page`]); nothing in the first page's module refers to it. It
//! reads the files with the core ([`fedcred_core::predict`]) on every edit; what the user typed
//! stays in the form whatever the result.

mod result;

use fedcred_core::key::Keyed;
use fedcred_core::predict::{File, Kind, Options, predict};
use yew::prelude::*;

use super::field::TextField;

/// A reusable workflow the main file calls.
#[derive(Debug, Clone, PartialEq, Default)]
struct Called {
    name: String,
    text: String,
}

/// Everything on the form.
#[derive(Debug, Clone, PartialEq, Default)]
struct Form {
    file: String,
    called: Vec<Called>,
    repo: String,
    default_branch: String,
    customization: String,
    kind: Option<Kind>,
}

/// The page.
#[function_component]
pub fn Predict() -> Html {
    let form = use_state(Form::default);
    let snippets = use_state(|| false);
    // Embedded, this page (a separate app) tells the parent its height like the first app does.
    let embedded = *use_memo((), |_| crate::route::current_embed().page.is_some());
    crate::hooks::use_embed_height(embedded);
    let outcome = {
        let form = (*form).clone();
        use_memo(form, |form| {
            if form.file.trim().is_empty() {
                return None;
            }
            let mut files = vec![File {
                name: "the pasted file",
                text: &form.file,
            }];
            files.extend(
                form.called
                    .iter()
                    .filter(|c| !c.text.trim().is_empty())
                    .map(|c| File {
                        name: &c.name,
                        text: &c.text,
                    }),
            );
            let options = Options {
                kind: form.kind,
                repo: form.repo.clone(),
                default_branch: form.default_branch.clone(),
                customization: form.customization.clone(),
            };
            Some(predict(&files, &options))
        })
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
    let kind_key = form.kind.map(Keyed::key).unwrap_or_default();
    html! {
        <div class="predict">
            <p class="privacy">{ "Paste a GitHub Actions workflow, a .gitlab-ci.yml or an azure-pipelines.yml: fedcred reads it here, in your browser, and says which subject each job will present and the credentials that accept exactly those." }</p>
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <TextField id="predict-file" label="Workflow or pipeline file" multiline=true value={form.file.clone()} on_input={set(|f, v| f.file = v)}
                    placeholder={"on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  deploy:\n    environment: production\n    …"} />
                <div class="field">
                    <label for="predict-kind">{ "CI system" }</label>
                    <select id="predict-kind" onchange={on_kind}>
                        <option value="" selected={kind_key.is_empty()}>{ "Detect from the file" }</option>
                        { for Kind::ALL.iter().map(|k| html! { <option value={k.key()} selected={kind_key == k.key()}>{ k.label() }</option> }) }
                    </select>
                </div>
                <TextField id="predict-repo" label="Repository" value={form.repo.clone()} on_input={set(|f, v| f.repo = v)}
                    hint="OWNER/REPO on GitHub, group/project on GitLab, organization/project on Azure DevOps. Without it, subjects say OWNER/REPO." placeholder="contoso/payments-api" />
                <TextField id="predict-default-branch" label="Default branch" value={form.default_branch.clone()} on_input={set(|f, v| f.default_branch = v)}
                    hint="Where schedule, workflow_dispatch and most repository events run. Without it, subjects say DEFAULT_BRANCH." placeholder="main" />
                <details class="advanced">
                    <summary>{ "Immutable or customised subjects (GitHub)" }</summary>
                    <TextField id="predict-customization" label="What gh api prints" multiline=true value={form.customization.clone()} on_input={set(|f, v| f.customization = v)}
                        hint="The output of gh api repos/OWNER/REPO/actions/oidc/customization/sub (or gh api repos/OWNER/REPO, for the IDs a pattern's credential must pin)." />
                </details>
                { for form.called.iter().enumerate().map(|(i, called)| called_fields(&form, i, called)) }
                <button type="button" onclick={add_called}>{ "Add a called workflow" }</button>
            </form>
            { result::view(outcome.as_ref().as_ref(), &snippets) }
        </div>
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
