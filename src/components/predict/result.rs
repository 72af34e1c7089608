//! What the workflow page shows for a prediction: the error with its line, or the summary, the
//! credential set (copy, open in the builder, snippets) and every job with its subjects.

use fedcred_core::key::Keyed;
use fedcred_core::platforms::Platform;
use fedcred_core::predict::{Error, Job, Kind, Needed, ObjectFinding, Prediction, Workload};
use fedcred_core::scenario::Scenario;
use fedcred_core::target::Target;
use yew::prelude::*;

use crate::components::copy::{CopyButton, data_href};
use crate::components::field::code_tag;
use crate::components::snippets::Snippets;
use fedcred_core::face::count;

/// The result area for no input yet, a file that could not be read, or a prediction.
/// The credential set as Graph's request bodies, for copy and download: made once per prediction
/// (a repository's set can be thousands long), not on every render.
pub(super) fn set_json(p: &Prediction) -> AttrValue {
    AttrValue::from(
        fedcred_core::json::Value::from(
            p.credentials
                .iter()
                .map(|c| fedcred_core::credential::GraphCredential::from(c).to_json())
                .collect::<Vec<_>>(),
        )
        .to_pretty(),
    )
}

/// "Download as JSON": its `data:` URL is made when it is clicked (before the browser follows
/// it), not with every result: for thousands of credentials that encoding alone is a long task.
fn download_json(json: &AttrValue) -> Html {
    let onclick = {
        let json = json.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(link) = e.target_dyn_into::<web_sys::Element>() {
                let _ = link.set_attribute("href", &data_href(&json));
            }
        })
    };
    html! {
        <a class="download" download="federated-credentials.json" href="#" {onclick}>{ "Download as JSON" }</a>
    }
}

pub(super) fn view(
    outcome: Option<&Result<Prediction, Error>>,
    json: &AttrValue,
    snippets: &UseStateHandle<bool>,
    all_jobs: &UseStateHandle<bool>,
    workloads: Option<fn(&Prediction, &UseStateHandle<bool>) -> Html>,
) -> Html {
    match outcome {
        None => html! {
            <p class="result-summary" id="predict-result">{ "Paste a file above: the subjects of each job appear here." }</p>
        },
        Some(Err(error)) => {
            let at = error
                .line
                .map(|l| format!("line {l}: "))
                .unwrap_or_default();
            html! {
                <p class="link-error" role="alert" id="predict-result">
                    { format!("This could not be read ({}): {at}{}. Your inputs are kept; correct the file and the result follows.", if error.file.is_empty() { "input" } else { &error.file }, error.message) }
                </p>
            }
        }
        Some(Ok(prediction)) => prediction_view(prediction, json, snippets, all_jobs, workloads),
    }
}

fn open_in_builder(platforms: Vec<Platform>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        crate::components::part::open_in_builder(Scenario::with_set(&platforms));
    })
}

/// How many jobs are shown before "Show all": a repository of hundreds of workflows laid out
/// whole would keep the page busy past 100 ms on every keystroke (make bench, e2e).
pub(super) const SHOWN: usize = 60;

fn prediction_view(
    p: &Prediction,
    json: &AttrValue,
    snippets: &UseStateHandle<bool>,
    all_jobs: &UseStateHandle<bool>,
    workloads: Option<fn(&Prediction, &UseStateHandle<bool>) -> Html>,
) -> Html {
    let shown = if **all_jobs {
        p.jobs.len()
    } else {
        SHOWN.min(p.jobs.len())
    };
    // The headline counts what the set below lists, complete or not (issue 27).
    let built = |flexible: bool| {
        p.needed
            .iter()
            .filter(|n| {
                n.credential
                    .as_ref()
                    .is_some_and(|c| c.is_flexible() == flexible)
            })
            .count()
    };
    let (subjects, patterns) = (built(false), built(true));
    let incomplete = p.needed.len() - subjects - patterns;
    let over = p.needed.len() > 20;
    let mut counted = Vec::new();
    if subjects > 0 || patterns + incomplete == 0 {
        counted.push(count(subjects, "subject", "subjects"));
    }
    if patterns > 0 {
        counted.push(count(patterns, "pattern", "patterns"));
    }
    if incomplete > 0 {
        counted.push(format!("{incomplete} not complete yet"));
    }
    let kubernetes = p.kind == Kind::Kubernetes;
    let workload_count = if kubernetes {
        format!(
            "{}, {} given a token; ",
            count(p.workloads.len(), "workload", "workloads"),
            p.workloads.iter().filter(|w| w.webhook_injects).count()
        )
    } else {
        String::new()
    };
    html! {
        <section class="result predict-result" id="predict-result" aria-live="polite">
            <h3 id="predict-headline">
                { format!("{}: {workload_count}{} ({})", p.kind.label(), count(p.needed.len(), "credential", "credentials"), counted.join(", ")) }
                <span class={classes!("count", over.then_some("over"))}>{ format!(" {} of Entra's 20 on one identity", p.needed.len()) }</span>
            </h3>
            if !p.placeholders.is_empty() {
                <p class="stale-note" role="note">{ format!("Replace before use: {}.", p.placeholders.join(", ")) }</p>
            }
            if !p.notes.is_empty() {
                <ul class="notes">{ for p.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
            if let (true, Some(workloads)) = (kubernetes, workloads) {
                { workloads(p, all_jobs) }
            }
            <h3>{ "The credential set" }</h3>
            if p.needed.is_empty() {
                <p>{ if kubernetes { "No workload here gets a token from the webhook, so none needs a credential." } else { "No job here needs a credential: none both gets a token and logs in to Entra." } }</p>
            } else {
                <ol class="set predict-set">
                    { for p.needed.iter().take(if **all_jobs { usize::MAX } else { SHOWN }).map(set_item) }
                </ol>
                if !**all_jobs && p.needed.len() > SHOWN {
                    <button type="button" onclick={{
                        let all_jobs = all_jobs.clone();
                        Callback::from(move |_: MouseEvent| all_jobs.set(true))
                    }}>{ format!("Show all {} credentials and every job", p.needed.len()) }</button>
                }
                <div class="actions">
                    <button type="button" class="primary" onclick={open_in_builder(p.needed.iter().map(|n| n.platform.clone()).collect())}>{ "Open the whole set in the builder" }</button>
                    if !p.credentials.is_empty() {
                        <CopyButton text={json.clone()} label="Copy the credential set as JSON" />
                        { download_json(json) }
                    }
                </div>
            }
            if !p.findings.is_empty() {
                <ul class="messages">{ for sorted(&p.findings).into_iter().map(|f| html! {
                    <li class={f.severity.as_str()} data-code={f.code.as_str()}><span class="severity">{ f.severity.label() }{ ": " }</span><span class="finding-message">{ f.message.clone() }</span>{ code_tag(f.code) }</li>
                }) }</ul>
            }
            // Rendered only when asked for: a whole set's snippets cost a paste more than the rest
            // of the result together (make bench).
            if let Some(first) = p.needed.first() {
                if !p.credentials.is_empty() {
                    <button type="button" aria-expanded={snippets.to_string()} onclick={{
                        let snippets = snippets.clone();
                        Callback::from(move |_: MouseEvent| snippets.set(!*snippets))
                    }}>{ if **snippets { "Hide the snippets" } else { "Show the snippets (az, PowerShell, Graph, Bicep, Terraform, workload)" } }</button>
                    if **snippets {
                        <Snippets platform={first.platform.clone()} credentials={p.credentials.clone()} target={Target::default()} />
                    }
                }
            }
            if !kubernetes {
            <h3>{ format!("Jobs ({})", p.jobs.len()) }</h3>
            { for p.jobs.iter().take(shown).map(job_view) }
            }
            if !kubernetes && shown < p.jobs.len() {
                <button type="button" id="predict-all-jobs" onclick={{
                    let all_jobs = all_jobs.clone();
                    Callback::from(move |_: MouseEvent| all_jobs.set(true))
                }}>{ format!("Show all {} jobs ({} more)", p.jobs.len(), p.jobs.len() - shown) }</button>
            }
        </section>
    }
}

/// How many workloads are shown before "Show all": each card, with its findings and fixes, costs
/// the render several times a job's, and 500 pasted documents must not keep the page busy past
/// 100 ms (make bench).
const SHOWN_WORKLOADS: usize = 20;

/// The workloads of Kubernetes manifests first (issue 29), each with what concerns it beside it
/// and the lines that fix it; then the other objects that something concerns (service accounts).
pub(super) fn workloads_view(p: &Prediction, all: &UseStateHandle<bool>) -> Html {
    let mut by_object: std::collections::HashMap<&str, Vec<&ObjectFinding>> =
        std::collections::HashMap::new();
    for f in &p.object_findings {
        by_object.entry(f.object.as_str()).or_default().push(f);
    }
    for list in by_object.values_mut() {
        list.sort_by_key(|f| f.severity);
    }
    let shown = if **all {
        p.workloads.len()
    } else {
        SHOWN_WORKLOADS.min(p.workloads.len())
    };
    let titles: Vec<String> = p.workloads.iter().map(Workload::object).collect();
    let mut others: Vec<&str> = p
        .object_findings
        .iter()
        .map(|f| f.object.as_str())
        .filter(|o| !titles.iter().any(|t| t == o))
        .collect();
    others.dedup();
    let none = Vec::new();
    html! {
        <>
            <h3>{ format!("Workloads ({})", p.workloads.len()) }</h3>
            if p.workloads.is_empty() {
                <p>{ "No workload among these objects: a workload is a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, or anything with a pod template." }</p>
            }
            { for p.workloads.iter().zip(&titles).take(shown).map(|(w, title)| workload_view(w, title, by_object.get(title.as_str()).unwrap_or(&none))) }
            if shown < p.workloads.len() {
                <button type="button" id="predict-all-workloads" onclick={{
                    let all = all.clone();
                    Callback::from(move |_: MouseEvent| all.set(true))
                }}>{ format!("Show all {} workloads ({} more)", p.workloads.len(), p.workloads.len() - shown) }</button>
            }
            { for others.into_iter().map(|o| html! {
                <article class="credential predict-object">
                    <h4>{ o.to_owned() }</h4>
                    { object_findings(by_object.get(o).unwrap_or(&none)) }
                </article>
            }) }
        </>
    }
}

fn workload_view(w: &Workload, title: &str, findings: &[&ObjectFinding]) -> Html {
    html! {
        <article class="credential predict-workload" id={format!("workload-{}", title.replace(['/', ' ', '(', ')'], "-"))}>
            <h4>{ title.to_owned() }<span class="count">{ where_line(&w.file, w.line) }</span></h4>
            <p>
                { format!("Runs as the service account {}/{}. ", w.namespace, w.service_account) }
                if w.webhook_injects {
                    { "The webhook gives its pods a token." }
                } else {
                    <span class={if findings.iter().any(|f| f.code.as_str().starts_with("use_")) { "blocked" } else { "count quiet" }}>{ "No token from the webhook." }</span>
                }
                if let Some(client) = &w.client_id {
                    { " Client ID " }<code>{ client.clone() }</code>{ "." }
                }
            </p>
            if let Some(subject) = &w.subject {
                <ul class="job-subjects"><li><span class="count">{ "subject " }</span><code>{ subject.clone() }</code></li></ul>
            }
            { object_findings(findings) }
        </article>
    }
}

fn object_findings(findings: &[&ObjectFinding]) -> Html {
    if findings.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="messages">{ for findings.iter().map(|f| html! {
            <li class={f.severity.as_str()} data-code={f.code.as_str()}>
                <span class="severity">{ f.severity.label() }{ ": " }</span><span class="finding-message">{ f.message.clone() }</span>
                <span class="count">{ format!(" (line {})", f.line) }</span>
                { code_tag(f.code) }
                if let Some(fix) = &f.fix {
                    <p class="hint">{ "The lines that fix it:" }</p>
                    <pre class="fix"><code>{ fix.clone() }</code></pre>
                    <CopyButton text={fix.clone()} label={format!("Copy the fix for {}", f.object)} />
                }
            </li>
        }) }</ul>
    }
}

fn where_line(file: &str, line: usize) -> String {
    if file.is_empty() || file == super::PASTED {
        format!(" line {line}")
    } else {
        format!(" {file}, line {line}")
    }
}

/// Findings, errors first, then warnings, then notes (issue 27).
fn sorted(findings: &[fedcred_core::finding::Finding]) -> Vec<&fedcred_core::finding::Finding> {
    let mut sorted: Vec<_> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    sorted
}

/// One credential the set needs: built (with copy), or what it still lacks; and the builder.
fn set_item(needed: &Needed) -> Html {
    html! {
        <li class="predict-credential">
            <code>{ needed.accepts.clone() }</code>
            if let Some(c) = &needed.credential {
                { " " }<span class="count">{ c.name.clone() }</span>
                <CopyButton text={c.subject().or(c.expression()).unwrap_or_default().to_owned()} label={format!("Copy the {} of {}", if c.is_flexible() { "expression" } else { "subject" }, c.name)} />
            } else {
                <span class="count">{ " not complete yet: the builder says what it lacks" }</span>
            }
            <button type="button" class="link" onclick={open_in_builder(vec![needed.platform.clone()])}>{ "Open in the builder" }</button>
        </li>
    }
}

fn job_view(job: &Job) -> Html {
    // A job that gets no token and signs in to nothing needs nothing: said quietly (issue 27);
    // one that signs in to Azure without a token will fail, and is said loudly.
    let token = if !job.token.can {
        match &job.login {
            Some(login) => {
                html! { <p class="blocked">{ format!("No token, but it signs in with {login}: that sign-in will fail. {}", job.token.why) }</p> }
            }
            None => {
                html! { <p class="count quiet">{ format!("Needs no credential: it gets no token and signs in to nothing ({}).", job.token.why) }</p> }
            }
        }
    } else if let Some(login) = &job.login {
        html! { <p>{ format!("Gets a token ({}) and asks for it with {login}, audience {}.", job.token.why, job.audience) }</p> }
    } else if let Some(may) = &job.may_request {
        html! { <p class="may-request"><strong>{ "May request a token: " }</strong>{ format!("{may}. Its subjects are counted in the set below, so that the deploy does not fail for a credential left out.") }</p> }
    } else if !job.unresolved.is_empty() {
        // "Needs nothing" would contradict what cannot be known (below).
        html! { <p class="count">{ format!("Can get a token ({}); whether it signs in to Entra cannot be known from the files given (see below).", job.token.why) }</p> }
    } else {
        html! { <p class="count">{ format!("Can get a token ({}), but no Entra login was found: it needs no credential.", job.token.why) }</p> }
    };
    html! {
        <article class="credential predict-job" id={format!("job-{}", job.id.replace(['/', ' ', '(', ')'], "-"))}>
            <h4>{ job.id.clone() }{ job.name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default() }<span class="count">{ where_defined(job) }</span></h4>
            { token }
            if job.token.can && !job.subjects.is_empty() {
                // Copy buttons are on the set above, one per subject: here each subject says why.
                <ul class="job-subjects">{ for job.subjects.iter().map(|s| html! {
                    <li><span class="count">{ if s.pattern { "pattern " } else { "subject " } }</span><code>{ s.subject.clone() }</code>
                        <span class="hint">{ format!("{}: {}", s.triggers.join(", "), s.why) }</span></li>
                }) }</ul>
            }
            if !job.connections.is_empty() {
                <ul class="notes">{ for job.connections.iter().map(|c| html! { <li>{ format!("service connection {} ({}: {})", c.name, c.input, c.tasks.join(", ")) }</li> }) }</ul>
            }
            if job.token.can && !job.unresolved.is_empty() {
                <ul class="messages">{ for job.unresolved.iter().map(|u| html! { <li class="warning"><span class="severity">{ "Cannot be known from the file: " }</span>{ u.clone() }</li> }) }</ul>
            }
            if let Some(r) = &job.job_workflow_ref {
                <p class="hint">{ format!("job_workflow_ref: {r}") }</p>
            }
            if job.token.can && !job.caveats.is_empty() {
                <ul class="notes">{ for job.caveats.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
            }
        </article>
    }
}

/// Where a job is defined: its line, and its file when several files were read (a repository's,
/// an included or template file), not for the pasted file alone.
fn where_defined(job: &fedcred_core::predict::Job) -> String {
    if job.file.is_empty() || job.file == super::PASTED {
        format!(" line {}", job.line)
    } else {
        format!(" {}, line {}", job.file, job.line)
    }
}
