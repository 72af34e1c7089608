//! The workflow page's coverage (issue 25): the repository's jobs against the credentials that
//! exist, jobs first (accepted by which credential, refused with the nearest and what differs
//! and the fix, or not decided by the files and why), then the credentials no job uses.

use fedcred_core::predict::coverage::{Coverage, Entry};
use yew::prelude::*;

use crate::components::marks::{difference_in_words, shown};

use crate::components::copy::CopyButton;

/// The headline: what will be refused, in a sentence whose counts are the rows below.
fn headline(c: &Coverage) -> (String, bool) {
    let count = |status: &str| c.entries.iter().filter(|e| e.status == status).count();
    let (accepted, refused, unknown, no_token) = (
        count("accepted"),
        count("refused"),
        count("unknown"),
        count("no_token"),
    );
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let refused_all = refused + no_token;
    let text = if refused_all > 0 {
        format!(
            "{} will be refused: {accepted} accepted, {unknown} not decided by the files.",
            plural(refused_all, "job subject", "job subjects")
        )
    } else if c.entries.is_empty() {
        "No job presents a subject to compare with these credentials.".to_owned()
    } else {
        format!(
            "Every subject a job presents is accepted ({accepted}); {unknown} not decided by the files."
        )
    };
    (text, refused_all > 0)
}

fn status_label(status: &str) -> &'static str {
    match status {
        "accepted" => "accepted",
        "refused" => "refused",
        "no_token" => "gets no token",
        _ => "not decided by the files",
    }
}

fn entry_view(e: &Entry) -> Html {
    let class = match e.status {
        "accepted" => "ok",
        "refused" | "no_token" => "error",
        _ => "warning",
    };
    html! {
        <li class={classes!("coverage-entry", class)}>
            <p>
                <strong>{ e.job.clone() }</strong>{ " " }
                <span class="count">{ e.file.clone() }</span>{ " " }
                <span class="severity">{ status_label(e.status) }</span>
            </p>
            if let Some(subject) = &e.subject {
                <p><code>{ subject.clone() }</code></p>
            }
            if !e.by.is_empty() {
                <p>{ format!("Accepted by {}.", e.by.join(", ")) }</p>
            }
            if let Some(nearest) = &e.nearest {
                <p>{ format!("Nearest credential: {nearest}.") }</p>
            }
            if !e.diff.is_empty() {
                <table>
                    <thead><tr><th>{ "Field" }</th><th>{ "The credential has" }</th><th>{ "The job presents" }</th></tr></thead>
                    <tbody>{ for e.diff.iter().map(|(field, credential, token)| html! {
                        <tr><td>{ field.clone() }</td><td><code>{ shown(credential) }</code></td><td><code>{ shown(token) }</code></td></tr>
                    }) }</tbody>
                </table>
                { for e.diff.iter().filter_map(|(_, credential, token)| difference_in_words(credential, token)).map(|note| html! {
                    <p class="diff-note">{ note }</p>
                }) }
            }
            if let Some(fix) = &e.fix {
                <p>{ if e.status == "unknown" { "Why: " } else { "Fix: " } }{ fix.clone() }</p>
            }
            if let Some(command) = &e.command {
                <pre class="code"><code>{ command.clone() }</code></pre>
                <CopyButton text={command.clone()} label={format!("Copy the command for {}", e.job)} />
            }
        </li>
    }
}

fn names(label: &str, hint: &str, names: &[String]) -> Html {
    if names.is_empty() {
        return Html::default();
    }
    html! {
        <li><strong>{ label }</strong>{ format!(" ({hint}): ") }{ for names.iter().enumerate().map(|(i, n)| html! {
            <>{ if i > 0 { ", " } else { "" } }<code>{ n.clone() }</code></>
        }) }</li>
    }
}

/// Refused first, then not decided, then accepted: what needs work leads.
fn rank(status: &str) -> u8 {
    match status {
        "refused" | "no_token" => 0,
        "unknown" => 1,
        _ => 2,
    }
}

/// The coverage section: the first [`super::result::SHOWN`] entries until all are asked for.
pub(super) fn view(c: &Coverage, all: &UseStateHandle<bool>) -> Html {
    let (headline, refused) = headline(c);
    let mut entries: Vec<&Entry> = c.entries.iter().collect();
    entries.sort_by_key(|e| rank(e.status));
    let shown = if **all {
        entries.len()
    } else {
        super::result::SHOWN.min(entries.len())
    };
    let credentials = !(c.unused.is_empty()
        && c.possibly_used.is_empty()
        && c.duplicates.is_empty()
        && c.other_issuers.is_empty()
        && c.other_workloads.is_empty()
        && c.unreadable.is_empty());
    html! {
        <section class="coverage" id="predict-coverage" aria-labelledby="coverage-heading">
            <h3 id="coverage-heading">{ "Against the credentials that exist" }</h3>
            <p class={classes!("verdict", if refused { "no-match" } else { "match" })} role="status">{ headline }</p>
            <ul class="messages coverage-entries">{ for entries.iter().take(shown).map(|e| entry_view(e)) }</ul>
            if shown < entries.len() {
                <button type="button" id="coverage-all" onclick={{
                    let all = all.clone();
                    Callback::from(move |_: MouseEvent| all.set(true))
                }}>{ format!("Show all {} ({} more, accepted last)", entries.len(), entries.len() - shown) }</button>
            }
            if credentials {
                <h4>{ "The credentials" }</h4>
                <ul class="notes coverage-credentials">
                    { names("Unused", "no job presents their subject: candidates to delete once nothing else uses them", &c.unused) }
                    { names("Possibly used", "only a job whose subject the files do not decide could use them, so not called unused", &c.possibly_used) }
                    { for c.duplicates.iter().map(|group| names("Several accept one subject", "one is enough", group)) }
                    { names("For other issuers", "not this pipeline's", &c.other_issuers) }
                    { names("For other repositories or projects", "not compared", &c.other_workloads) }
                    { names("Could not be read", "correct them and the comparison follows", &c.unreadable) }
                </ul>
            }
        </section>
    }
}
