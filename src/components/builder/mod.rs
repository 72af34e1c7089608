//! "Build a credential": the form for the chosen platform, the findings beside each field, the
//! credential(s) with copy buttons, the snippets, the set on one identity, and Share.

use fedcred_core::credential::Credential;
use fedcred_core::finding::{Code, Finding, Severity};
use fedcred_core::key::Keyed;
use fedcred_core::platforms::Platform;
use fedcred_core::platforms::PlatformKind;
use fedcred_core::platforms::azure_devops::Generation;
use fedcred_core::platforms::github::{EntityKind, SubjectForm};
use fedcred_core::scenario::Scenario;
use fedcred_core::snippets::credentials_json;
use fedcred_core::target::Target;
use fedcred_core::validation::MAX_CREDENTIALS_PER_IDENTITY;
use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use super::copy::{CopyButton, download_link};
use super::field::{SelectField, TextField, findings_for, messages};
use super::snippets::Snippets;
use crate::state::{AppHandle, use_app};
use inputs::*;

mod inputs;

/// Props of [`Builder`].
#[derive(Properties, PartialEq)]
pub struct BuilderProps {
    /// Inputs cannot be changed (an embedded, preset builder).
    #[prop_or_default]
    pub readonly: bool,
}

/// An optional text of a table: empty for none.
fn some(text: &'static str) -> Option<AttrValue> {
    (!text.is_empty()).then_some(AttrValue::Static(text))
}

/// `hint` with the `gh api repos/OWNER/REPO` commands it gives written for `repo`, once the
/// repository is given as `OWNER/REPO` (issue 27: the user's own values, ready to run).
fn for_repo(hint: &'static str, repo: &str) -> Option<AttrValue> {
    match fedcred_core::platforms::github::api_repo(repo) {
        Some(repo) if hint.contains("repos/OWNER/REPO") => Some(AttrValue::from(
            hint.replace("repos/OWNER/REPO", &format!("repos/{repo}")),
        )),
        _ => some(hint),
    }
}

/// What every input of the form needs to render.
struct Form<'a> {
    app: &'a AppHandle,
    scenario: &'a Scenario,
    findings: &'a [Finding],
    readonly: bool,
    /// The fields the user has typed in: a value is "required" only once touched.
    touched: Rc<RefCell<Vec<&'static str>>>,
}

impl Form<'_> {
    fn text(&self, input: &Input) -> Html {
        let findings = findings_for(self.findings, input.field);
        self.text_with(input, input.label, findings, some(input.placeholder))
    }

    /// An input whose label, findings or placeholder depend on the other inputs.
    fn text_with(
        &self,
        input: &Input,
        label: &'static str,
        findings: Vec<Finding>,
        placeholder: Option<AttrValue>,
    ) -> Html {
        let on_input = {
            let edit = self.app.edit(input.set);
            let touched = self.touched.clone();
            let field = input.field;
            Callback::from(move |value: String| {
                if !touched.borrow().contains(&field) {
                    touched.borrow_mut().push(field);
                }
                edit.emit(value);
            })
        };
        html! {
            <TextField id={input.id} {label} value={(input.get)(self.scenario)} {on_input}
                {findings} readonly={self.readonly} multiline={input.multiline} hint={for_repo(input.hint, &self.scenario.github.repo)} {placeholder} />
        }
    }

    fn texts(&self, inputs: &[Input]) -> Html {
        inputs.iter().map(|input| self.text(input)).collect()
    }

    fn select(&self, choice: &Choice) -> Html {
        html! {
            <SelectField id={choice.id} label={choice.label} value={(choice.get)(self.scenario)} options={(choice.options)()}
                on_change={self.app.edit(choice.set)} readonly={self.readonly}
                hint={for_repo(choice.hint, &self.scenario.github.repo)} />
        }
    }
}

/// The builder.
#[function_component]
pub fn Builder(props: &BuilderProps) -> Html {
    let app = use_app();
    // The GitHub form's advanced inputs are rendered only once opened (or when they hold
    // something): most users never open them, and the first render is cheaper without them.
    let advanced = use_state(|| false);
    let touched = use_mut_ref(Vec::<&'static str>::new);
    // Where the focus goes after "Add another credential": the value that must differ.
    let focus = use_state(|| None::<&'static str>);
    {
        let focus = focus.clone();
        use_effect_with(*focus, move |id| {
            if let Some(id) = id {
                super::focus(id);
                focus.set(None);
            }
        });
    }
    let scenario = &app.state().scenario;
    let built = scenario.build();
    let (shown, missing) = visible_findings(&built.findings, scenario, &touched.borrow());
    // The last credentials that built, shown out of date while an input is invalid.
    let last_good = use_mut_ref(|| None::<(Vec<Credential>, Platform, Target)>);
    if !built.credentials.is_empty() {
        *last_good.borrow_mut() = Some((
            built.credentials.clone(),
            scenario.current(),
            scenario.target.clone(),
        ));
    } else if *scenario == Scenario::default() {
        last_good.borrow_mut().take();
    }
    let form = Form {
        app: &app,
        scenario,
        findings: &shown,
        readonly: props.readonly,
        touched: touched.clone(),
    };

    let platform_form = match scenario.platform {
        PlatformKind::GitHub => github_fields(&form, &advanced),
        PlatformKind::AzureDevops => ado_fields(&form),
        PlatformKind::Kubernetes => form.texts(KUBERNETES),
        PlatformKind::GitLab => html! {
            <>
                { form.texts(GITLAB_BEFORE_REF) }
                { form.select(&GITLAB_REF_TYPE) }
                { form.texts(GITLAB_AFTER_REF_TYPE) }
            </>
        },
        PlatformKind::Terraform => html! {
            <>
                { form.texts(TERRAFORM_BEFORE_PHASE) }
                { form.select(&TERRAFORM_PHASE) }
                { form.texts(TERRAFORM_AFTER_PHASE) }
            </>
        },
        PlatformKind::ManagedIdentity => form.texts(MANAGED_IDENTITY),
        PlatformKind::Other => form.texts(OTHER),
    };

    // The suggested name shows as the name's placeholder.
    let name_placeholder = built
        .credentials
        .last()
        .map(|c| AttrValue::from(c.name.clone()));
    let name = form.text_with(
        &COMMON_NAME,
        COMMON_NAME.label,
        findings_for(&built.findings, COMMON_NAME.field),
        name_placeholder,
    );
    let target_inputs = if scenario.target.is_managed_identity() {
        MANAGED_IDENTITY_TARGET
    } else {
        APP_REGISTRATION_TARGET
    };

    html! {
        <div class="builder">
            <div class="form">
                // On a narrow screen the result is below the whole form: say it is ready, and link to it.
                if let Some(c) = built.credentials.last() {
                    <p class="result-summary" id="result-summary">
                        <a href="#result-heading" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); super::scroll_to("result-heading"); })}>
                            { format!("Ready: {} ↓", c.subject().or(c.expression()).unwrap_or_default()) }
                        </a>
                    </p>
                }
                { form.select(&PLATFORM) }
                <fieldset class="group">
                    <legend>{ scenario.platform.label() }</legend>
                    { platform_form }
                </fieldset>
                <fieldset class="group">
                    <legend>{ "Credential" }</legend>
                    { name }
                    { form.select(&COMMON_CLOUD) }
                    if !scenario.common.audience.is_empty() {
                        { form.text(&COMMON_AUDIENCE) }
                    }
                    { form.text(&COMMON_DESCRIPTION) }
                </fieldset>
                <fieldset class="group">
                    <legend>{ "Identity that holds the credential" }</legend>
                    { form.select(&TARGET_KIND) }
                    { form.texts(target_inputs) }
                </fieldset>
            </div>
            <div class="result">
                { result(&app, scenario, &built.credentials, &shown, &missing, &last_good.borrow(), props.readonly, &touched, &focus) }
            </div>
        </div>
    }
}

fn github_fields(form: &Form, advanced: &UseStateHandle<bool>) -> Html {
    let kind = form.scenario.github.entity.kind();
    // (label, hint, the field the core's findings name)
    let (label, hint, field) = match kind {
        EntityKind::Environment => (
            "Environment",
            "The job's environment: name, exactly as in Settings → Environments. When a job names an environment, GitHub sends the environment subject whatever the branch: the environment wins.",
            "environment",
        ),
        EntityKind::Tag => ("Tag", "The tag, without refs/tags/.", "tag"),
        EntityKind::BranchPattern => ("Branch pattern", PATTERN_HINT, "branch_pattern"),
        EntityKind::TagPattern => ("Tag pattern", PATTERN_HINT, "tag_pattern"),
        EntityKind::Branch | EntityKind::PullRequest => (
            "Branch",
            "The branch the workflow runs on, without refs/heads/. Runs from other branches or tags will not match.",
            "branch",
        ),
    };
    let mut value_findings = findings_for(form.findings, field);
    value_findings.extend(findings_for(form.findings, "entity"));
    let value = GITHUB_ENTITY_VALUE.hint(hint);
    let in_use = GITHUB_ADVANCED.iter().any(|input| {
        !(input.get)(form.scenario).is_empty()
            || form.findings.iter().any(|f| f.field == Some(input.field))
    });
    let open = **advanced || in_use;
    // The IDs matter for an immutable subject and for a pattern (which must pin them).
    let github = &form.scenario.github;
    let ids_shown = github.subject_form == SubjectForm::Immutable
        || matches!(kind, EntityKind::BranchPattern | EntityKind::TagPattern)
        || !github.owner_id.is_empty()
        || !github.repo_id.is_empty()
        || GITHUB_IDS
            .iter()
            .any(|input| form.findings.iter().any(|f| f.field == Some(input.field)));
    let ontoggle = {
        let advanced = advanced.clone();
        Callback::from(move |e: Event| {
            advanced.set(e.target_unchecked_into::<Element>().has_attribute("open"))
        })
    };
    html! {
        <>
            { form.text(&GITHUB_REPO) }
            { form.select(&GITHUB_SUBJECT_FORM) }
            { messages("github-subject-form-messages", &findings_for(form.findings, "subject_form")) }
            { form.text(&GITHUB_CUSTOMIZATION) }
            if ids_shown {
                { form.texts(GITHUB_IDS) }
            }
            { form.select(&GITHUB_ENTITY) }
            if kind != EntityKind::PullRequest {
                { form.text_with(&value, label, value_findings, None) }
            }
            <details class="advanced" {open} {ontoggle}>
                <summary>{ "Enterprise issuers and customised subjects" }</summary>
                if open {
                    { form.texts(GITHUB_ADVANCED) }
                }
            </details>
        </>
    }
}

const PATTERN_HINT: &str = "'*' matches any run of characters, '?' one character. Patterns need a flexible credential (preview).";

fn ado_fields(form: &Form) -> Html {
    let entra = form.scenario.azure_devops.generation == Generation::Entra;
    let connection_label = if entra {
        "Service connection name (for the pipeline snippet)"
    } else {
        ADO_CONNECTION.label
    };
    html! {
        <>
            { form.text(&ADO_SUBJECT_IDENTIFIER) }
            { form.select(&ADO_GENERATION) }
            if entra {
                { form.text(&ADO_TENANT) }
            }
            { form.text(&ADO_ORGANIZATION_ID) }
            if entra {
                { form.text(&ADO_CONNECTION_ID) }
            } else {
                { form.texts(ADO_LEGACY) }
            }
            { form.text_with(&ADO_CONNECTION, connection_label, findings_for(form.findings, ADO_CONNECTION.field), None) }
        </>
    }
}

/// A long value with line-break opportunities after `/`, `:` and `.`, so a phone wraps
/// `https://token.actions.githubusercontent.com` at its parts, not inside a word; the text (and
/// what the copy button copies) is unchanged.
fn breakable(value: &str) -> Html {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if matches!(c, '/' | ':' | '.') {
            let end = i + c.len_utf8();
            pieces.push(
                html! { <>{ value.get(start..end).unwrap_or_default().to_owned() }<wbr /></> },
            );
            start = end;
        }
    }
    pieces.push(html! { { value.get(start..).unwrap_or_default().to_owned() } });
    pieces.into_iter().collect()
}

/// A value of the credential `of` (named when the set has several, so that each copy button
/// has a name of its own: issue 27).
fn row(label: &str, value: &str, id: String, of: Option<&str>) -> Html {
    let named = of.map(|n| format!(" of {n}")).unwrap_or_default();
    html! {
        <div class="value-row">
            <dt>{ label.to_owned() }</dt>
            <dd>
                <code id={id}>{ breakable(value) }</code>
                <CopyButton text={value.to_owned()} label={format!("Copy the {}{named}", label.to_ascii_lowercase())} />
            </dd>
        </div>
    }
}

/// The findings to show, and the fields still to fill: a "required" error waits until its
/// field was touched (the calm list in the result says what is missing meanwhile), and a
/// duplicate in the set is shown on the value that must change.
fn visible_findings(
    findings: &[Finding],
    scenario: &Scenario,
    touched: &[&'static str],
) -> (Vec<Finding>, Vec<&'static str>) {
    let varying = scenario.current().varying_field();
    let mut shown = Vec::new();
    let mut missing = Vec::new();
    for f in findings {
        let required = f.code.asks_for_a_value();
        match f.field {
            Some(field) if required && !touched.contains(&field) => {
                if !missing.contains(&field) {
                    missing.push(field);
                }
            }
            _ if matches!(f.code, Code::DuplicateIssuerSubject | Code::DuplicateName) => {
                let mut f = f.clone();
                f.field = Some(varying);
                shown.push(f);
            }
            _ => shown.push(f.clone()),
        }
    }
    (shown, missing)
}

/// What one saved credential is for: its subject (or expression), or why it is incomplete.
fn saved_subject(platform: &Platform, scenario: &Scenario) -> String {
    let built = platform.build(&scenario.common);
    built
        .credentials
        .first()
        .map(|c| {
            c.subject()
                .or(c.expression())
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_else(|| "(incomplete)".to_owned())
}

#[allow(clippy::too_many_arguments)]
fn result(
    app: &AppHandle,
    scenario: &Scenario,
    credentials: &[Credential],
    findings: &[Finding],
    missing: &[&'static str],
    last_good: &Option<(Vec<Credential>, Platform, Target)>,
    ro: bool,
    touched: &Rc<RefCell<Vec<&'static str>>>,
    focus: &UseStateHandle<Option<&'static str>>,
) -> Html {
    let count = scenario.set.len() + 1;
    let general: Vec<Finding> = findings
        .iter()
        .filter(|f| f.field.is_none() || f.field == Some("credentials"))
        .cloned()
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let on_add = {
        let edit = app.edit(|s: &mut Scenario, _: MouseEvent| {
            s.start_another();
        });
        let field = scenario.current().varying_field();
        let touched = touched.clone();
        let focus = focus.clone();
        Callback::from(move |e: MouseEvent| {
            touched.borrow_mut().retain(|f| *f != field);
            edit.emit(e);
            focus.set(Some(element_for(field)));
        })
    };
    // A shared link opens on a complete state, the identity's IDs included (issue 27).
    let share_url =
        crate::route::url_with_fragment(&crate::route::share_fragment(&scenario.to_share()));
    // Out of date: the last credentials that built, while the inputs cannot build.
    let stale = last_good.as_ref().filter(|_| credentials.is_empty());
    let (shown, platform, target) = match stale {
        Some((c, p, t)) => (c.as_slice(), p.clone(), t.clone()),
        None => (credentials, scenario.current(), scenario.target.clone()),
    };
    html! {
        <>
            <section class="credentials" aria-labelledby="result-heading" aria-live="polite">
                <h3 id="result-heading">
                    { if credentials.len() > 1 { "Credentials" } else { "Credential" } }
                    <span class={classes!("count", (count > MAX_CREDENTIALS_PER_IDENTITY).then_some("over"))}>{ format!("{count} of {MAX_CREDENTIALS_PER_IDENTITY} on this identity") }</span>
                </h3>
                if credentials.is_empty() && errors > 0 {
                    <p class="blocked">{ format!("{} to fix before the credential can be built; each is shown beside its field.", if errors == 1 { "One thing".to_owned() } else { format!("{errors} things") }) }</p>
                } else if credentials.is_empty() {
                    <p class="todo" id="to-fill">{ format!("To build the credential, fill in: {}.", missing.iter().map(|f| f.replace('_', " ")).collect::<Vec<_>>().join(", ")) }</p>
                }
                { messages("general-messages", &general) }
                if stale.is_some() {
                    <p class="stale-note" id="stale-note">{ "Out of date: the last credential that built, kept until the inputs are complete again." }</p>
                }
                <div class={classes!(stale.is_some().then_some("stale"))}>
                    { for shown.iter().enumerate().map(|(i, c)| {
                        let of = (shown.len() > 1).then_some(c.name.as_str());
                        html! {
                            <dl class="credential" data-index={i.to_string()}>
                                { row("Name", &c.name, format!("result-name-{i}"), of) }
                                { row("Issuer", &c.issuer, format!("result-issuer-{i}"), of) }
                                { match c.subject() {
                                    Some(subject) => row("Subject", subject, format!("result-subject-{i}"), of),
                                    None => row("Expression", c.expression().unwrap_or_default(), format!("result-expression-{i}"), of),
                                } }
                                { row("Audience", c.audience(), format!("result-audience-{i}"), of) }
                            </dl>
                        }
                    }) }
                </div>
                if !scenario.set.is_empty() {
                    <ul class="set" aria-label="Saved credentials on this identity">
                        { for scenario.set.iter().enumerate().map(|(i, p)| {
                            let on_remove = app.edit(move |s: &mut Scenario, _: MouseEvent| { if i < s.set.len() { s.set.remove(i); } });
                            let on_edit = app.edit(move |s: &mut Scenario, _: MouseEvent| s.edit_saved(i));
                            html! {
                                <li>
                                    <span class="saved-label">{ format!("{}: {}", p.label(), p.workload()) }</span>
                                    <code class="saved-subject">{ saved_subject(p, scenario) }</code>
                                    if !ro {
                                        <button type="button" class="link" onclick={on_edit} aria-label={format!("Edit credential {}", i + 1)}>{ "Edit" }</button>
                                        <button type="button" class="link" onclick={on_remove} aria-label={format!("Remove credential {} from the set", i + 1)}>{ "Remove" }</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
                <div class="actions">
                    if !ro {
                        <button type="button" onclick={on_add} disabled={credentials.is_empty() || count >= MAX_CREDENTIALS_PER_IDENTITY}
                            title="Keep this credential and start another on the same identity (one per environment, say)">
                            { "Add another credential" }
                        </button>
                    }
                    if !credentials.is_empty() {
                        { download_link("federated-credentials.json", &credentials_json(credentials), "Download the credentials (JSON)") }
                    }
                    <span class="share" id="share">
                        { "Share this builder: " }
                        <CopyButton text={share_url} label="Copy a link that opens this builder filled in (no token is ever in it)" />
                        <span class="hint" id="share-holds">{ "The link holds every value of the form, the subscription and app IDs too; never a token." }</span>
                    </span>
                </div>
            </section>
            if !shown.is_empty() {
                <div class={classes!(stale.is_some().then_some("stale"))}>
                    <Snippets {platform} credentials={shown.to_vec()} {target} />
                </div>
            }
        </>
    }
}
