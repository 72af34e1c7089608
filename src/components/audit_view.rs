//! The audit of pasted credentials (issue 18), shown by the inspector when credentials are pasted
//! without a token: per identity, how full it is and every finding with its fix; the migrations
//! shown as what they do in words and as scripts to read, copy or download. It runs in the
//! audit's part of the app's WebAssembly, so the first visit pays nothing.
//!
//! Issue 27: errors first, then warnings, then notes, each in its own colour and word; findings
//! of one kind on several credentials said once with the list folded; each fix that one command
//! applies carries that command; a finding's code set apart from its sentence.

use fedcred_core::audit::{Audit, AuditFinding};
use fedcred_core::face::count;
use fedcred_core::finding::Severity;
use fedcred_core::iac::Reading;
use yew::prelude::*;

use super::copy::{CopyButton, download_link};
use super::field::code_tag;

/// How many findings an identity shows until "Show all" is pressed: a paste of thousands of
/// credentials must not freeze the page building thousands of list items.
const SHOWN: usize = 50;

/// A migration, ready to show: its format, file name, label and script.
pub struct Script {
    /// `az`, `powershell` or `graph`.
    pub format: &'static str,
    /// The script.
    pub text: String,
}

/// What an identity's list shows: one finding, or one kind of finding on several credentials.
enum Item<'a> {
    One(&'a AuditFinding),
    Several(&'a str, Vec<&'a AuditFinding>),
}

/// An identity's findings, errors first, with those [`AuditFinding::said_of_several`] gathers
/// said once where the first of them stood.
fn items<'a>(mut sorted: Vec<&'a AuditFinding>) -> Vec<Item<'a>> {
    sorted.sort_by_key(|f| f.severity);
    let mut out: Vec<Item<'a>> = Vec::new();
    for f in sorted {
        let together = f.fic.as_ref().and(AuditFinding::said_of_several(f.code));
        let Some(phrase) = together else {
            out.push(Item::One(f));
            continue;
        };
        let gathered = out.iter_mut().find_map(|item| match item {
            Item::Several(_, group)
                if group
                    .first()
                    .is_some_and(|g| g.code == f.code && g.severity == f.severity) =>
            {
                Some(group)
            }
            _ => None,
        });
        match gathered {
            Some(group) => group.push(f),
            None => out.push(Item::Several(phrase, vec![f])),
        }
    }
    // A kind found once is said as itself.
    out.into_iter()
        .map(|item| match item {
            Item::Several(_, group) if let [only] = group[..] => Item::One(only),
            other => other,
        })
        .collect()
}

/// The severity as a word in its own badge (its colour is a second cue, never the only one).
fn badge(severity: Severity) -> Html {
    html! { <span class={classes!("badge", severity.as_str())}>{ severity.label() }</span> }
}

/// The fix in words, its command with a copy button named for the credential, and for a
/// declared credential the lines to change in its file (issue 31).
fn fix(f: &AuditFinding) -> Html {
    let about = f
        .fic
        .as_deref()
        .map(|n| format!(" for {n}"))
        .unwrap_or_default();
    html! {
        <>
            <p class="fix-words"><span class="label">{ "Fix: " }</span>{ f.fix.clone() }</p>
            if let Some(command) = &f.command {
                <div class="fix">
                    <code>{ command.clone() }</code>
                    <CopyButton text={command.clone()} label={format!("Copy the command{about}")} />
                </div>
            }
            if let Some(edit) = &f.edit {
                <div class="fix edit">
                    <p class="label">{ "The lines to change" }</p>
                    <pre class="code"><code>{ edit.clone() }</code></pre>
                    <CopyButton text={edit.clone()} label={format!("Copy the lines to change{about}")} />
                </div>
            }
        </>
    }
}

fn one(f: &AuditFinding) -> Html {
    html! {
        <li class={f.severity.as_str()} data-code={f.code.as_str()}>
            <p class="finding-head">
                { badge(f.severity) }
                if let Some(name) = &f.fic { <span class="fic">{ name.clone() }</span> }
                if f.certainty() == "likely" { <span class="likely">{ "likely" }</span> }
            </p>
            <p class="finding-message">{ f.message.clone() }</p>
            { fix(f) }
            { code_tag(f.code) }
        </li>
    }
}

/// How many credentials a gathered finding names in its sentence; the rest are counted.
const NAMED: usize = 10;

fn several(phrase: &str, group: &[&AuditFinding], all: bool) -> Html {
    let Some(first) = group.first() else {
        return Html::default();
    };
    let mut names = group
        .iter()
        .filter_map(|f| f.fic.as_deref())
        .take(NAMED)
        .collect::<Vec<_>>()
        .join(", ");
    if group.len() > NAMED {
        names.push_str(&format!(" and {} more", group.len() - NAMED));
    }
    // One fix for all when they agree (the same repository's IDs, say); else each its own.
    let same_fix = group
        .iter()
        .all(|f| f.fix == first.fix && f.command.is_none());
    html! {
        <li class={first.severity.as_str()} data-code={first.code.as_str()} data-count={group.len().to_string()}>
            <p class="finding-head">{ badge(first.severity) }</p>
            <p class="finding-message">{ format!("{} {phrase}: {names}", count(group.len(), "credential", "credentials")) }</p>
            <details class="several">
                <summary>{ format!("What each of the {} says", group.len()) }</summary>
                <ul>
                    { for group.iter().take(if all { usize::MAX } else { SHOWN }).map(|f| html! {
                        <li>
                            <p><span class="fic">{ f.fic.clone().unwrap_or_default() }</span>{ " " }{ f.message.clone() }</p>
                            if !same_fix { { fix(f) } }
                        </li>
                    }) }
                </ul>
            </details>
            if same_fix { { fix(first) } }
            { code_tag(first.code) }
        </li>
    }
}

/// What the migrations do, in words, then each script to read, copy or download.
fn migrations(summary: &[String], scripts: &[Script]) -> Html {
    if scripts.is_empty() {
        return Html::default();
    }
    html! {
        <section class="migrations" aria-labelledby="migrations-heading">
            <h4 id="migrations-heading">{ "Migrations without an outage" }</h4>
            <ul class="summary">{ for summary.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
            <p>{ "Run a script once: it creates the new credentials and stops. Prove them (a run of each workload signs in), then run it again with CONFIRMED=yes: only then does it delete, and each deletion only after checking that its replacement exists. Interrupted, it can be run again." }</p>
            { for scripts.iter().map(|script| {
                let (file, label) = match script.format {
                    "az" => ("migrate.sh", "az CLI"),
                    "powershell" => ("migrate.ps1", "PowerShell"),
                    _ => ("migrate.http", "Graph REST"),
                };
                html! {
                    <details class="script" open={script.format == "az"}>
                        <summary>{ format!("The {label} migration ({file})") }</summary>
                        <div class="snippet-head">
                            <CopyButton text={script.text.clone()} label={format!("Copy the {label} migration")} />
                            { download_link(file, &script.text, &format!("Download the {label} migration")) }
                        </div>
                        <pre class="code"><code>{ script.text.clone() }</code></pre>
                    </details>
                }
            }) }
        </section>
    }
}

/// How many declared credentials and unresolved ones are listed until "Show all" is pressed.
const DECLARED_SHOWN: usize = 20;

/// What Terraform, Bicep or ARM files declare (issue 31): each credential's address and values, what the
/// files cannot say with what would say it, and what was read differently than expected.
fn declared(reading: &Reading, all: bool) -> Html {
    let limit = if all { usize::MAX } else { DECLARED_SHOWN };
    let unresolved = reading.unresolved.len();
    html! {
        <section class="declared" aria-labelledby="declared-heading">
            <h4 id="declared-heading">{ format!(
                "{} {}{}",
                reading.declared_by(),
                count(reading.credentials.len(), "credential", "credentials"),
                if unresolved == 0 { String::new() } else { format!("; {unresolved} cannot be known from the files") }
            ) }</h4>
            <ul class="declared-list">
                { for reading.credentials.iter().take(limit).map(|d| html! {
                    <li>
                        <code class="address">{ d.address.clone() }</code>
                        { format!(" {}: ", d.credential.name) }
                        <code>{ d.credential.issuer.clone() }</code>{ " " }
                        <code>{ d.credential.subject().or(d.credential.expression()).unwrap_or_default().to_owned() }</code>
                        if let Some(action) = d.action {
                            <span class="action">{ format!(" (the plan: {})", action.as_str()) }</span>
                        }
                    </li>
                }) }
            </ul>
            if unresolved > 0 {
                <p>{ "Not known from the files, so not audited: type what each needs in the Values box." }</p>
                <ul class="unresolved">
                    { for reading.unresolved.iter().take(limit).map(|u| html! {
                        <li><code class="address">{ u.address.clone() }</code>{ format!(" ({}, line {}): {}", u.file, u.line, u.why) }</li>
                    }) }
                </ul>
            }
            { for reading.notes.iter().map(|n| html! { <p class="recognised">{ n.clone() }</p> }) }
        </section>
    }
}

/// The audit's report with what its migrations do (`summary`) and their `scripts`, and for
/// Terraform what the files declare (`declared`); `all` shows every finding, `on_all` asks for
/// that.
pub fn view(
    audit: &Audit,
    summary: &[String],
    scripts: &[Script],
    declared_files: Option<&Reading>,
    all: bool,
    on_all: Callback<MouseEvent>,
) -> Html {
    let of = |s: Severity| audit.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notes) = (
        of(Severity::Error),
        of(Severity::Warning),
        of(Severity::Info),
    );
    let headline = match (errors, warnings) {
        (0, 0) if notes == 0 => "Audit: nothing wrong or risky".to_owned(),
        (0, 0) => format!(
            "Audit: nothing wrong or risky, {}",
            count(notes, "note", "notes")
        ),
        _ => format!(
            "Audit: {}, {}, {}",
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings"),
            count(notes, "note", "notes")
        ),
    };
    html! {
        <section class="report audit" aria-labelledby="audit-heading">
            <h3 id="audit-heading">{ headline }</h3>
            if let Some(reading) = declared_files { { declared(reading, all) } }
            { for audit.identities.iter().map(|identity| {
                let own: Vec<&AuditFinding> = audit.findings.iter().filter(|f| f.identity == identity.name).collect();
                let total = own.len();
                let listed = items(own);
                let folded = listed.len() > SHOWN
                    || listed.iter().any(|item| matches!(item, Item::Several(_, group) if group.len() > SHOWN));
                html! {
                    <article class="credential audit-identity">
                        <h4>{ identity.name.clone() }
                            <span class={classes!("count", (identity.credentials > 20).then_some("over"))}>{ format!(" {} of 20 credentials, {} left", identity.credentials, identity.left()) }</span></h4>
                        <ul class="findings">
                            { for listed.iter().take(if all { usize::MAX } else { SHOWN }).map(|item| match item {
                                Item::One(f) => one(f),
                                Item::Several(phrase, group) => several(phrase, group, all),
                            }) }
                        </ul>
                        if !all && folded {
                            <button type="button" onclick={on_all.clone()}>{ format!("Show all {total} findings") }</button>
                        }
                    </article>
                }
            }) }
            { for audit.findings.iter().filter(|f| !audit.identities.iter().any(|i| i.name == f.identity)).map(|f| html! {
                <p class="link-error" role="alert">{ f.message.clone() }</p>
            }) }
            { migrations(summary, scripts) }
        </section>
    }
}
