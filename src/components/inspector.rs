//! "Inspect a token": paste a token or an AADSTS error, compare with credentials, read the
//! verdict, the cause and the fix. Nothing pasted here leaves the page, and none of it is put in
//! the URL, storage or logs.

use fedcred_core::explain::{
    Field, Paste, Report, Status, Verdict, explain_paste, import_built, recognise,
};
use fedcred_core::finding::Code;
use fedcred_core::import::import;
use fedcred_core::token::clean;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::copy::CopyButton;
use super::field::TextField;
use super::field::code_tag;
use super::marks::{difference_in_words, shown};
use crate::hooks::Declared;
use crate::hooks::use_signature_check;
use crate::state::use_app;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The current time, Unix seconds (tests set it; the page uses the clock).
    #[prop_or_default]
    pub now: Option<i64>,
}

/// Credentials JSON longer than this is shown as its size, not as text.
const LARGE: usize = super::field::LARGE_PASTE;

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The inspector.
#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let app = use_app();
    let state = app.state();
    let inspector = &state.inspector;
    // Built and imported once per change of their inputs, not on every paste or keystroke.
    let builder_credentials = use_memo(state.scenario.clone(), |s| s.build().credentials);
    let recognised = recognise(&inspector.paste);
    let recognised_text = match &recognised {
        Paste::Empty => "Paste a token (three parts starting with eyJ) or the AADSTS error your pipeline printed; or only credentials below, to audit them.".to_owned(),
        Paste::Token => "Recognised: a token.".to_owned(),
        Paste::Error { code: Some(code) } => format!("Recognised: an Entra error text ({code})."),
        Paste::Error { code: None } => "Recognised: an Entra error text.".to_owned(),
        Paste::RunnerLog => "Recognised: a runner's log: the job got no OIDC token.".to_owned(),
        Paste::Unknown => "Not recognised: this is neither a token nor an AADSTS error text.".to_owned(),
    };
    // Imported for a comparison only once something is pasted to compare: credentials alone are
    // audited instead (below), and a paste of 10,000 need not be read twice.
    let credentials = use_memo(
        (
            inspector.use_builder,
            inspector.fics.clone(),
            builder_credentials.clone(),
            inspector.paste.trim().is_empty(),
        ),
        |(use_builder, fics, built, nothing_pasted)| {
            if *nothing_pasted {
                None
            } else if *use_builder {
                Some(import_built(built))
            } else if fics.trim().is_empty() {
                None
            } else {
                Some(import(fics))
            }
        },
    );
    // Terraform (issue 31): its form arrives with the Terraform part when its section is first
    // opened; what it read is kept in this page only (not in the address or a shared link) and
    // audited instead of the credentials JSON while it is given.
    let terraform = use_state(Declared::default);
    let terraform_opened = use_state(|| false);
    let on_terraform = {
        let terraform = terraform.clone();
        Callback::from(move |declared: Declared| terraform.set(declared))
    };
    // Terraform, Bicep or an ARM template pasted into the credentials box is audited as such,
    // with the section's Values.
    let pasted_as = (!inspector.use_builder)
        .then(|| fedcred_core::iac::pasted_name(&inspector.fics))
        .flatten();
    let pasted_terraform = pasted_as.is_some();
    let terraform_part =
        super::audit_sections::use_terraform_part(*terraform_opened || pasted_terraform);
    let declared = use_memo(
        (pasted_as, inspector.fics.clone(), (*terraform).clone()),
        |(pasted, fics, terraform)| match pasted {
            Some(name) if terraform.files.is_empty() => Declared {
                files: std::rc::Rc::new(vec![((*name).to_owned(), fics.clone())]),
                values: terraform.values.clone(),
            },
            _ => terraform.clone(),
        },
    );
    // Credentials without a token: audit them (issue 18), a slice at a time.
    let audit = crate::hooks::use_audit(
        inspector.paste.trim().is_empty() && !inspector.use_builder,
        &inspector.fics,
        fedcred_core::audit::Options {
            github_ids: inspector.github_ids.clone(),
            reissue: (!inspector.reissue.0.trim().is_empty()
                && !inspector.reissue.1.trim().is_empty())
            .then(|| {
                (
                    inspector.reissue.0.trim().to_owned(),
                    inspector.reissue.1.trim().to_owned(),
                )
            })
            .into_iter()
            .collect(),
            ado_subjects: inspector.ado_subjects.clone(),
            face: fedcred_core::face::Face::Page,
        },
        &declared,
    );
    let check = use_signature_check(&inspector.paste, &inspector.jwks);
    let (signature, jwks_message) = (check.status, check.message);
    let report = (recognised != Paste::Empty).then(|| {
        explain_paste(
            &inspector.paste,
            (*credentials).as_ref(),
            props.now.unwrap_or_else(now),
            signature,
        )
    });
    let to_report = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        super::scroll_to("verdict-heading");
    });
    let show_all = use_state(|| false);
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    // A file is read here, in the page, like a paste: nothing is uploaded.
    let on_file = {
        let set = app.inspect(|i, text: String| i.fics = text);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let set = set.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
                    && let Some(text) = text.as_string()
                {
                    set.emit(text);
                }
            });
        })
    };
    // "Are the secrets gone?": its code arrives, with the audit's, when it is first opened.
    let secrets_opened = use_state(|| false);
    let secrets = super::audit_sections::use_secrets_part(*secrets_opened);
    let on_use_builder = app.inspect(|i, e: Event| {
        i.use_builder = e.target_unchecked_into::<HtmlInputElement>().checked()
    });

    html! {
        <div class="inspector">
            <p class="privacy">{ "Tokens stay in this page: they are never put in the URL, stored, logged or sent anywhere." }</p>
            <TextField id="inspect-paste" label="Token or AADSTS error" multiline=true value={inspector.paste.clone()} on_input={app.inspect(|i, v| i.paste = v)}
                placeholder="eyJhbGciOiJSUzI1NiIs… or AADSTS700213: No matching federated identity record found…" />
            <p class="recognised" id="recognised" aria-live="polite">{ recognised_text }</p>
            // The answer beside the input, so it is in view whatever the window (issue 16); it
            // links to the report. Not an automatic scroll: its layout cost a paste 7 to 10 ms.
            if let Some((class, headline)) = report.as_ref().map(headline) {
                <p class={classes!("verdict-summary", class.trim_start_matches("verdict "))} id="verdict-summary">
                    <a href="#verdict-heading" onclick={to_report.clone()}>{ headline }</a>
                </p>
            }
            <fieldset class="group">
                <legend>{ "Credentials to compare with" }</legend>
                <div class="check">
                    <input type="checkbox" id="inspect-use-builder" checked={inspector.use_builder} onchange={on_use_builder} />
                    <label for="inspect-use-builder">{ format!("Use the credentials from the builder ({})", builder_credentials.len()) }</label>
                </div>
                if !inspector.use_builder && inspector.fics.len() > LARGE {
                    // A large set is not shown in the text area: laying out megabytes of text
                    // there freezes the page for a third of a second or more (make bench).
                    <p class="recognised" id="inspect-fics-summary">
                        { format!("Credentials JSON: {} KB, pasted or opened, audited below (too large to show as text). ", inspector.fics.len() / 1024) }
                        <button type="button" onclick={app.inspect(|i, _: MouseEvent| i.fics.clear())}>{ "Clear" }</button>
                    </p>
                } else if !inspector.use_builder {
                    <TextField id="inspect-fics" label="Credentials JSON" multiline=true value={inspector.fics.clone()} on_input={app.inspect(|i, v| i.fics = v)}
                        on_large_paste={app.inspect(|i, v| i.fics = v)}
                        hint="The output of az identity federated-credential list, az ad app federated-credential list, Graph's JSON, or a single credential; or Terraform that declares credentials, audited with the Values of the Terraform section below. Thousands of credentials are kept aside, not shown as text, whether pasted or opened as a file." placeholder="[{\"name\": \"…\", \"issuer\": \"…\", \"subject\": \"…\", \"audiences\": [\"api://AzureADTokenExchange\"]}]" />
                }
                if !inspector.use_builder {
                    <div class="field">
                        <label for="inspect-fics-file">{ "Or open a JSON file" }</label>
                        <input type="file" id="inspect-fics-file" accept=".json,application/json,text/plain" onchange={on_file} />
                    </div>
                }
                if !inspector.use_builder {
                    { super::audit_sections::terraform(&terraform_opened, &terraform_part, on_terraform, !inspector.fics.trim().is_empty() && !pasted_terraform, pasted_terraform) }
                }
            </fieldset>
            <details class="advanced" open={!inspector.jwks.is_empty()}>
                <summary>{ "Check the signature with the issuer's keys (optional)" }</summary>
                <TextField id="inspect-jwks" label="JWKS" multiline=true value={inspector.jwks.clone()} on_input={app.inspect(|i, v| i.jwks = v)}
                    hint="The JSON at the issuer's jwks_uri (for GitHub: https://token.actions.githubusercontent.com/.well-known/jwks). Paste it: this page fetches nothing." />
                if let Some(message) = jwks_message {
                    <p class="jwks-result" id="jwks-result" aria-live="polite">{ message }</p>
                }
            </details>
            if let Some(report) = report {
                { view_report(&report, &inspector.paste, &app, *show_all, on_show_all.clone()) }
            }
            if let Some((done, total)) = audit.progress {
                <p class="recognised" role="status">{ format!("Auditing… {done} of {total}") }</p>
            }
            if audit.loading == Some(true) {
                <p class="recognised" role="status">{ "Loading the audit…" }</p>
            } else if audit.loading == Some(false) {
                <p class="link-error" role="alert">{ "The audit could not be loaded: reload the page to try again." }</p>
            }
            if audit.audit.is_some() {
                <details class="advanced" open={!inspector.github_ids.is_empty() || !inspector.reissue.0.is_empty() || !inspector.ado_subjects.is_empty()}>
                    <summary>{ "Migrations: what they need (optional)" }</summary>
                    <TextField id="inspect-github-ids" label="What gh api repos/OWNER/REPO prints" multiline=true value={inspector.github_ids.clone()} on_input={app.inspect(|i, v| i.github_ids = v)}
                        hint="For the move to immutable subjects: one repository's output or several. fedcred reads full_name, id and owner.id." />
                    <TextField id="inspect-reissue-old" label="Re-point the issuer" value={inspector.reissue.0.clone()} on_input={app.inspect(|i, v| i.reissue.0 = v)}
                        hint="Every credential with this issuer gets a copy with the new one (an AKS cluster re-created, an enterprise's unique GitHub issuer)." placeholder="https://oidc.prod-aks.azure.com/…/" />
                    <TextField id="inspect-reissue-new" label="to the new issuer" value={inspector.reissue.1.clone()} on_input={app.inspect(|i, v| i.reissue.1 = v)} />
                    <TextField id="inspect-ado-subjects" label="Converted Azure DevOps connections" multiline=true value={inspector.ado_subjects.clone()} on_input={app.inspect(|i, v| i.ado_subjects = v)}
                        hint="One line per connection: its name, a space, and the Subject identifier its page shows after the conversion to the Entra issuer." placeholder="sc-prod /eid1/c/pub/t/…/a/…/sc/…/…" />
                </details>
                { audit.view(*show_all, on_show_all.clone()) }
            }
            { super::audit_sections::secrets(&secrets_opened, &secrets) }
        </div>
    }
}

/// A comparison row's mark, word and class (static: a formatted class costs every row a parse).
fn status_words(status: &Status) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Match => ("✓", "matches", "status-matches"),
        Status::Mismatch => ("✗", "differs", "status-differs"),
        Status::Unknown => ("?", "unknown", "status-unknown"),
    }
}

/// One credential's issuer, audience and subject rows, with the differing characters marked.
fn comparison_table(c: &fedcred_core::explain::CredentialReport) -> Html {
    html! {
        <table class="comparison" data-fic={c.name.clone()}>
                        <caption>{ c.name.clone() }{ if c.matches { " — matches" } else { "" } }</caption>
                        <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "" }</th><th scope="col">{ "Credential / token" }</th></tr></thead>
                        <tbody>
                            { for c.rows.iter().map(|row| {
                                let (mark, label, class) = status_words(&row.status);
                                html! {
                                    <tr {class}>
                                        <th scope="row">{ row.field.as_str() }</th>
                                        <td><span aria-hidden="true">{ mark }</span><span class="visually-hidden">{ label }</span></td>
                                        <td>
                                            { match &row.diff {
                                                Some(d) => html! {
                                                    <>
                                                        <div class="diff-line"><span class="who">{ "credential " }</span><code>{ d.prefix.clone() }<mark class="expected">{ shown(&d.expected) }</mark>{ d.suffix.clone() }</code></div>
                                                        <div class="diff-line"><span class="who">{ "token " }</span><code>{ d.prefix.clone() }<mark class="actual">{ shown(&d.actual) }</mark>{ d.suffix.clone() }</code></div>
                                                        if let Some(note) = difference_in_words(&d.expected, &d.actual) {
                                                            <p class="diff-note">{ note }</p>
                                                        }
                                                    </>
                                                },
                                                None => html! {
                                                    <>
                                                        <div class="diff-line"><span class="who">{ "credential " }</span><code>{ row.expected.clone() }</code></div>
                                                        if let Some(actual) = &row.actual {
                                                            if row.status != Status::Match || row.field == Field::Expression {
                                                                <div class="diff-line"><span class="who">{ "token " }</span><code>{ actual.clone() }</code></div>
                                                            }
                                                        }
                                                    </>
                                                },
                                            } }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
    }
}

fn view_report(
    report: &Report,
    paste: &str,
    app: &crate::state::AppHandle,
    show_all: bool,
    on_show_all: Callback<MouseEvent>,
) -> Html {
    let suggestion = report.suggestion.clone().map(|s| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.suggest(s.clone()))
    });
    html! {
        <section class="report" aria-labelledby="verdict-heading">
            { verdict(report) }
            { findings(report) }
            if let Some(on_suggest) = suggestion {
                // The workload's change first when the credential would trust more (issue 24).
                { report.suggestion.as_ref().and_then(|s| s.widens.as_ref()).map(widening).unwrap_or_default() }
                <button type="button" class="primary" onclick={on_suggest}
                    aria-describedby={report.suggestion.as_ref().and_then(|s| s.widens.as_ref()).map(|_| "suggestion-widens")}>
                    { "Create a credential that accepts this token" }
                </button>
            }
            { credentials(report, show_all, on_show_all) }
            { token(report, paste) }
            { error_text(report) }
        </section>
    }
}

/// Before the button, when the credential would trust more than one the identity has: the
/// workload's change to copy, then what the credential would let in.
fn widening(w: &fedcred_core::explain::Widening) -> Html {
    html! {
        <div class="widens">
            <p>{ "Better, change the workflow: " }{ w.workload_fix.clone() }</p>
            if let Some(yaml) = &w.workload_yaml {
                <div class="fix">
                    <code>{ yaml.clone() }</code>
                    <CopyButton text={yaml.clone()} label="Copy the lines" />
                </div>
            }
            <p id="suggestion-widens">{ "Or, widening trust: " }{ w.message.clone() }</p>
        </div>
    }
}

/// The answer first: match, or the error Entra will return and why.
/// The verdict's class and headline: the answer first.
fn headline(report: &Report) -> (&'static str, String) {
    match (report.verdict, &report.predicted_error) {
        (Verdict::Match, _) => (
            "verdict match",
            format!(
                "Match: '{}' accepts this token",
                report.closest_fic.clone().unwrap_or_default()
            ),
        ),
        (Verdict::InvalidInput, _) => ("verdict invalid", "This cannot be read".to_owned()),
        _ if report.not_compared() => (
            "verdict not-compared",
            "Not compared: paste the credentials to see whether one accepts this token".to_owned(),
        ),
        _ if report
            .findings
            .iter()
            .any(|f| f.code == Code::RunnerNoToken) =>
        {
            (
                "verdict no-match",
                "No token reached Entra: the job could not get one".to_owned(),
            )
        }
        (Verdict::NoMatch, Some(code)) if report.answered() => (
            "verdict no-match",
            format!("No match: Entra answered {code}"),
        ),
        (Verdict::NoMatch, Some(code)) if report.also_outside_window() => (
            "verdict no-match",
            format!("No match: Entra will answer {code} or AADSTS700024"),
        ),
        (Verdict::NoMatch, Some(code)) => (
            "verdict no-match",
            format!("No match: Entra will answer {code}"),
        ),
        (Verdict::NoMatch, None) => ("verdict no-match", "No match".to_owned()),
    }
}

fn verdict(report: &Report) -> Html {
    let (class, headline) = headline(report);
    html! {
    <div class={class} role="status">
        <h3 id="verdict-heading">{ headline }</h3>
        if let Some(meaning) = &report.predicted_error_meaning {
            <p>{ meaning.clone() }</p>
        }
        if let Some(closest) = report.closest_fic.as_ref().filter(|_| report.verdict != Verdict::Match) {
            <p>{ format!("Closest credential: {closest}") }</p>
        }
    </div>
    }
}

/// Each finding with its fix and the command that applies it.
fn findings(report: &Report) -> Html {
    html! {
    <ul class="findings">
        { for report.findings.iter().filter(|f| f.code != Code::Match).map(|f| html! {
            <li data-code={f.code.as_str()}>
                <p class="finding-message">
                    if let Some(fic) = &f.fic { <span class="fic">{ format!("{fic}: ") }</span> }
                    { f.message.clone() }
                </p>
                if let Some(fix) = &f.fix {
                    <p class="fix-words"><span class="label">{ "Fix: " }</span>{ fix.clone() }</p>
                }
                if let Some(command) = &f.command {
                    <div class="fix">
                        <code>{ command.clone() }</code>
                        <CopyButton text={command.clone()} label={format!("Copy the command{}", f.fic.as_deref().map(|n| format!(" for {n}")).unwrap_or_default())} />
                    </div>
                }
                { code_tag(f.code) }
            </li>
        }) }
    </ul>
    }
}

/// Each credential compared: the closest (and any that match) in full, the rest a line each.
fn credentials(report: &Report, show_all: bool, on_show_all: Callback<MouseEvent>) -> Html {
    html! {
    if !report.credentials.is_empty() {
        <h4>{ "Credentials" }</h4>
        // The closest credential (and any that match) in full; the rest as one line each,
        // unless asked, so twenty credentials do not bury the answer.
        { for report.credentials.iter().filter(|c| show_all || c.matches || report.closest_fic.as_deref() == Some(c.name.as_str())).map(comparison_table) }
        if !show_all && report.credentials.len() > 1 {
            <ul class="brief-credentials">
                { for report.credentials.iter().filter(|c| !c.matches && report.closest_fic.as_deref() != Some(c.name.as_str())).map(|c| html! {
                    <li>
                        <span class="name">{ c.name.clone() }</span>
                        { for c.rows.iter().map(|row| {
                            let (_, word, class) = status_words(&row.status);
                            html! { <span class={classes!("brief", class)}>{ format!("{} {word}", row.field) }</span> }
                        }) }
                    </li>
                }) }
            </ul>
            <button type="button" class="link" onclick={on_show_all}>{ format!("Show all {} comparisons", report.credentials.len()) }</button>
        }
    }
    }
}

/// The token in its parts, its header and its claims, explained.
fn token(report: &Report, paste: &str) -> Html {
    html! {
    if report.token.is_some() {
        <h4>
            { "Token " }
            <span class="unverified">{ match report.signature {
                fedcred_core::explain::SignatureStatus::Valid => "signature verified",
                fedcred_core::explain::SignatureStatus::Invalid => "signature INVALID",
                fedcred_core::explain::SignatureStatus::NotChecked => "decoded, not verified",
            } }</span>
        </h4>
        { token_parts(paste) }
        if let Some(token) = &report.token {
            <table class="claims header">
                <caption>{ "Header" }</caption>
                <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Value" }</th><th scope="col">{ "Meaning" }</th></tr></thead>
                <tbody>
                    { for token.header.iter().map(|(name, value)| html! {
                        <tr>
                            <th scope="row"><code>{ name.clone() }</code></th>
                            <td><code>{ value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string()) }</code></td>
                            <td>{ fedcred_core::claims::header_meaning(name) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
        <table class="claims">
            <caption>{ "Claims" }</caption>
            <thead><tr><th scope="col">{ "Claim" }</th><th scope="col">{ "Value" }</th><th scope="col">{ "Meaning" }</th></tr></thead>
            <tbody>
                { for report.claims.iter().map(|c| html! {
                    <tr class={c.compared.then_some("compared")}>
                        <th scope="row"><code>{ c.name.clone() }</code></th>
                        <td><code>{ c.value.clone() }</code>
                            if let (Some(utc), Some(rel)) = (&c.utc, &c.relative) {
                                <div class="time">{ format!("{utc} ({rel})") }</div>
                            }
                        </td>
                        <td>{ c.meaning.clone() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
    }
}

/// What the pasted error text said.
fn error_text(report: &Report) -> Html {
    html! {
    if let Some(e) = &report.error {
        <h4>{ "Error text" }</h4>
        <dl class="error-details">
            { for [("Code", e.code.clone()), ("Error", e.error.clone()), ("Issuer Entra saw", e.issuer.clone()), ("Subject Entra saw", e.subject.clone()), ("Audience Entra saw", e.audience.clone()), ("Trace ID", e.trace_id.clone()), ("Correlation ID", e.correlation_id.clone())]
                .into_iter().filter_map(|(k, v)| v.map(|v| html! { <><dt>{ k }</dt><dd><code>{ v }</code></dd></> })) }
        </dl>
    }
    }
}

/// The token in its three parts, coloured.
fn token_parts(paste: &str) -> Html {
    let cleaned = clean(paste);
    let mut parts = cleaned.splitn(3, '.');
    let (header, payload, signature) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    html! {
        <p class="token-parts" aria-label="The token's header, payload and signature">
            <span class="part-header" title="header">{ header.to_owned() }</span>{ "." }
            <span class="part-payload" title="payload">{ payload.to_owned() }</span>{ "." }
            <span class="part-signature" title="signature">{ signature.to_owned() }</span>
        </p>
    }
}
