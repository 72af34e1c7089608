//! "Are the secrets gone?" (issue 30), at the foot of the inspector: paste or open what
//! `az ad app list`, Graph or `Get-MgApplication` printed, with each app's federated credentials,
//! and read per app whether the migration from client secrets is done; copy the removal script.
//! The section's form, the reading, the report and the scripts travel in the audit's part in the
//! release build, loaded when the section is first opened: the inspector carries only its title. Nothing is stored or sent: the listings hold no secret
//! (`secretText` is null), and they stay in this page.

use fedcred_core::key::Keyed;
use fedcred_core::secrets::script::{Format, script};
use fedcred_core::secrets::{Kind, Report, State, read, report};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::copy::{CopyButton, download_link};
use super::field::TextField;

/// The form, for the audit's part to carry ([`crate::hooks::audit`]).
pub(crate) fn form() -> Html {
    html! { <SecretsForm /> }
}

/// The name the pasted listing goes by.
const PASTED: &str = "the pasted listing";

/// The form and the report.
#[function_component]
fn SecretsForm() -> Html {
    let pasted = use_state(String::new);
    let opened = use_state(Vec::<(String, String)>::new);
    let format = use_state(|| Format::Az);
    let outcome = use_memo(
        ((*pasted).clone(), (*opened).clone()),
        |(pasted, opened)| {
            let mut files: Vec<(&str, &str)> = Vec::new();
            if !pasted.trim().is_empty() {
                files.push((PASTED, pasted.as_str()));
            }
            files.extend(opened.iter().map(|(n, t)| (n.as_str(), t.as_str())));
            if files.is_empty() {
                return None;
            }
            let now = (js_sys::Date::now() / 1000.0) as i64;
            Some(read(&files).map(|listing| report(&listing, now, 30)))
        },
    );
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |value: String| pasted.set(value))
    };
    let on_files = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(list) = input.files() else {
                return;
            };
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            let opened = opened.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut read = Vec::new();
                for file in files {
                    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
                        && let Some(text) = text.as_string()
                    {
                        read.push((file.name(), text));
                    }
                }
                opened.set(read);
            });
        })
    };
    let on_format = {
        let format = format.clone();
        Callback::from(move |f: Format| format.set(f))
    };
    let result = match outcome.as_ref() {
        Some(Ok(r)) => view(r, *format, &on_format),
        Some(Err(why)) => html! {
            <p class="link-error" role="alert" id="secrets-result">{ format!("This could not be read: {why}. Your inputs are kept.") }</p>
        },
        None => Html::default(),
    };
    html! {
        <>
            <p class="hint">{ "Paste or open what az ad app list --all -o json, Graph's GET /applications (with $expand=federatedIdentityCredentials) or Get-MgApplication | ConvertTo-Json printed, with each app's federated credentials (az ad app federated-credential list --id APP, saved in a file whose name holds the app ID). It holds no secret: only their IDs and end dates." }</p>
            <TextField id="secrets-paste" label="App listing" multiline=true value={(*pasted).clone()} on_input={on_paste}
                placeholder={"[{\"appId\": \"…\", \"displayName\": \"…\", \"passwordCredentials\": [ … ], \"keyCredentials\": [ … ]}]"} />
            <div class="field">
                <label for="secrets-files">{ "Or open the listings" }</label>
                <input type="file" id="secrets-files" multiple=true accept=".json,application/json,text/plain" onchange={on_files} />
            </div>
            { result }
        </>
    }
}

/// The report: the counts, each identity, what is missing, and the removal script.
fn view(r: &Report, format: Format, on_format: &Callback<Format>) -> Html {
    let headline = format!(
        "{}: {} not migrated, {} in progress, {} done, {} with no credential, {} unknown",
        fedcred_core::face::count(r.entries.len(), "identity", "identities"),
        r.count(State::SecretOnly),
        r.count(State::InProgress),
        r.count(State::Done),
        r.count(State::None),
        r.count(State::Unknown),
    );
    let script_text = script(r, format);
    let formats = [
        (Format::Az, "az CLI (bash)"),
        (Format::PowerShell, "PowerShell"),
        (Format::Graph, "Graph REST (bash, az rest)"),
    ];
    let file = match format {
        Format::PowerShell => "remove-secrets.ps1",
        _ => "remove-secrets.sh",
    };
    let counted = |l: &Option<Vec<fedcred_core::secrets::Key>>| {
        l.as_ref().map_or("?".to_owned(), |l| l.len().to_string())
    };
    html! {
        <section class="result secrets-result" id="secrets-result" aria-live="polite">
            <h3 id="secrets-headline">{ headline }</h3>
            if !r.complete {
                <p class="blocked" role="note">{ "The listing is not every app, so this report is not the whole tenant." }</p>
            }
            if !r.findings.is_empty() {
                <ul class="notes">{ for r.findings.iter().map(|f| html! { <li>{ f.clone() }</li> }) }</ul>
            }
            <table class="secrets-table">
                <thead><tr>
                    <th scope="col">{ "Identity" }</th><th scope="col">{ "State" }</th>
                    <th scope="col">{ "Secrets" }</th><th scope="col">{ "Certificates" }</th>
                    <th scope="col">{ "Federated credentials" }</th><th scope="col">{ "Expired, expiring (30 days)" }</th>
                </tr></thead>
                <tbody>{ for r.entries.iter().map(|e| html! {
                    <tr data-state={e.state.key()}>
                        <th scope="row">{ e.app.display_name.clone() }{ if e.app.kind == Kind::ManagedIdentity { " (managed identity)" } else { "" } }<br /><code>{ e.app.app_id.clone() }</code></th>
                        <td data-label="State" class={matches!(e.state, State::SecretOnly | State::Unknown).then_some("blocked")}>{ e.state.label() }</td>
                        <td data-label="Secrets">{ counted(&e.app.secrets) }</td>
                        <td data-label="Certificates">{ counted(&e.app.certificates) }</td>
                        <td data-label="Federated credentials">{ e.app.fics.map_or("not listed".to_owned(), |n| n.to_string()) }</td>
                        <td data-label="Expired, expiring">{ format!("{}, {}", e.expired.len(), e.expiring.len()) }</td>
                    </tr>
                }) }</tbody>
            </table>
            if let Some(next) = &r.next {
                <h4>{ "What the listings do not say" }</h4>
                <p>{ "Run these, then paste or open what they print here too:" }</p>
                <pre class="code" id="secrets-next"><code>{ next.clone() }</code></pre>
                <CopyButton text={next.clone()} label="Copy the commands" />
            }
            <h4>{ "The removal" }</h4>
            <p class="hint">{ "For the apps that have federated credentials, once their federated sign-in works; and, apart, the expired secrets of apps not migrated yet. Each removal checks, when it runs, that the app still has a federated credential and the key is still there, then asks: safe to stop and to run again." }</p>
            <div class="field">
                <label for="secrets-format">{ "Script for" }</label>
                <select id="secrets-format" onchange={{
                    let on_format = on_format.clone();
                    Callback::from(move |e: Event| {
                        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                        on_format.emit(match value.as_str() {
                            "powershell" => Format::PowerShell,
                            "graph" => Format::Graph,
                            _ => Format::Az,
                        });
                    })
                }}>
                    { for formats.iter().map(|(f, label)| html! {
                        <option value={match f { Format::Az => "az", Format::PowerShell => "powershell", Format::Graph => "graph" }} selected={*f == format}>{ *label }</option>
                    }) }
                </select>
            </div>
            <pre class="code" id="secrets-script"><code>{ script_text.clone() }</code></pre>
            <div class="actions">
                <CopyButton text={script_text.clone()} label="Copy the removal script" />
                { download_link(file, &script_text, "Download") }
            </div>
        </section>
    }
}
