//! The audit of pasted credentials (issue 18), shown by the inspector when credentials are pasted
//! without a token: per identity, how full it is and every finding with its fix; the migrations
//! as scripts to download. It runs in the inspector's module, so the first visit pays nothing.

use fedcred_core::audit::Audit;
use fedcred_core::finding::Severity;
use yew::prelude::*;

use super::copy::download_link;

/// How many findings an identity shows until "Show all" is pressed: a paste of thousands of
/// credentials must not freeze the page building thousands of list items.
const SHOWN: usize = 50;

/// The audit's report with its migration `scripts` (per format); `all` shows every finding,
/// `on_all` asks for that.
pub fn view(
    audit: &Audit,
    scripts: &[(&'static str, String)],
    all: bool,
    on_all: Callback<MouseEvent>,
) -> Html {
    let count = |s: Severity| audit.findings.iter().filter(|f| f.severity == s).count();
    let headline = match (count(Severity::Error), count(Severity::Warning)) {
        (0, 0) => "Audit: nothing wrong or risky".to_owned(),
        (e, w) => format!("Audit: {e} errors, {w} warnings"),
    };
    html! {
        <section class="report audit" aria-labelledby="audit-heading">
            <h3 id="audit-heading">{ headline }</h3>
            { for audit.identities.iter().map(|identity| html! {
                <article class="credential audit-identity">
                    <h4>{ identity.name.clone() }
                        <span class={classes!("count", (identity.credentials > 20).then_some("over"))}>{ format!(" {} of 20 credentials, {} left", identity.credentials, identity.left()) }</span></h4>
                    <ul class="findings">
                        { for audit.findings.iter().filter(|f| f.identity == identity.name).take(if all { usize::MAX } else { SHOWN }).map(|f| {
                            let (class, word) = (f.severity.as_str(), f.severity.label());
                            html! {
                                <li class={class} data-code={f.code.as_str()}>
                                    <p><strong>{ word }</strong>{ f.fic.as_ref().map(|n| format!(" ({n})")).unwrap_or_default() }{ if f.certainty() == "likely" { ", likely" } else { "" } }{ ": " }{ f.message.clone() }{ " " }<span class="finding-code">{ f.code.as_str() }</span></p>
                                    <p class="fix-words"><span class="label">{ "Fix: " }</span>{ f.fix.clone() }</p>
                                </li>
                            }
                        }) }
                    </ul>
                    if !all && audit.findings.iter().filter(|f| f.identity == identity.name).count() > SHOWN {
                        <button type="button" onclick={on_all.clone()}>{ format!("Show all {} findings", audit.findings.iter().filter(|f| f.identity == identity.name).count()) }</button>
                    }
                </article>
            }) }
            { for audit.findings.iter().filter(|f| !audit.identities.iter().any(|i| i.name == f.identity)).map(|f| html! {
                <p class="link-error" role="alert">{ f.message.clone() }</p>
            }) }
            if !scripts.is_empty() {
                <p class="actions">
                    { "Migrations (create, prove, then delete; the scripts wait for CONFIRMED=yes before deleting): " }
                    { for scripts.iter().map(|(format, script)| {
                        let (file, label) = match *format {
                            "az" => ("migrate.sh", "az CLI"),
                            "powershell" => ("migrate.ps1", "PowerShell"),
                            _ => ("migrate.http", "Graph REST"),
                        };
                        download_link(file, script, &format!("Download the {label} migration"))
                    }) }
                </p>
            }
        </section>
    }
}
