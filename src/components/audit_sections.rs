//! The inspector's sections whose content travels in the audit's part (issues 30 and 31): each
//! section's title, and its form from the part once the section is opened. Apart from the forms
//! (`secrets.rs`, `terraform.rs`), so that the part's table names the forms and this file names
//! the part, without a circle of imports.

use yew::prelude::*;

use super::part::{Loading, use_part};
use crate::hooks::Declared;
use crate::hooks::audit::AuditPart;

/// "Are the secrets gone?" as the inspector shows it: its title, and, once `opened`, the form
/// (its code loaded then, with the audit's). A hook-less function the inspector calls, so that the page
/// carries no component of its own for it.
pub fn secrets(opened: &UseStateHandle<bool>, part: &Loading<AuditPart>) -> Html {
    let onclick = {
        let opened = opened.clone();
        Callback::from(move |_: MouseEvent| opened.set(true))
    };
    html! {
        <details class="advanced secrets" id="secrets-migration">
            <summary {onclick}>{ "Are the secrets gone? The migration from client secrets" }</summary>
            { match (part.part, part.failed) {
                (Some(loaded), _) => (loaded.secrets_form)(),
                (None, true) => html! { <p class="link-error" role="alert">{ "This section could not be loaded: reload the page to try again." }</p> },
                (None, false) if **opened => html! { <p class="recognised" role="status">{ "Loading…" }</p> },
                _ => Html::default(),
            } }
        </details>
    }
}

/// The secrets section's part (the audit's), loaded the first time `opened`.
#[hook]
pub fn use_secrets_part(opened: bool) -> Loading<AuditPart> {
    use_part(opened, &SECRETS_LOADED, || {
        Box::pin(crate::hooks::audit_part::load())
    })
}

/// The section on its own, as the inspector shows it (the browser tests mount this).
#[function_component]
pub fn SecretsMigration() -> Html {
    let opened = use_state(|| false);
    let part = use_secrets_part(*opened);
    secrets(&opened, &part)
}

thread_local! {
    /// The audit's part, as this section got it.
    static SECRETS_LOADED: std::cell::Cell<Option<&'static AuditPart>> = const { std::cell::Cell::new(None) };
}

/// "Or audit Terraform, Bicep or ARM before it is deployed": its title, and once opened the form from the
/// audit's part. `on_change` gets
/// what to audit; `json_given` says the credentials JSON is there too (the Terraform wins);
/// `pasted` that Terraform was pasted into the credentials box (the section opens for its Values).
pub fn terraform(
    opened: &UseStateHandle<bool>,
    part: &Loading<AuditPart>,
    on_change: Callback<Declared>,
    json_given: bool,
    pasted: bool,
) -> Html {
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |_: Event| opened.set(true))
    };
    html! {
        <details class="advanced terraform" id="inspect-terraform" open={pasted || **opened} {ontoggle}>
            <summary>{ "Or audit Terraform, Bicep or ARM before it is deployed" }</summary>
            { match (part.part, part.failed) {
                (Some(loaded), _) => (loaded.terraform_form)(on_change, json_given, pasted),
                (None, true) => html! { <p class="link-error" role="alert">{ "This section could not be loaded: reload the page to try again." }</p> },
                (None, false) if **opened || pasted => html! { <p class="recognised" role="status">{ "Loading…" }</p> },
                _ => Html::default(),
            } }
        </details>
    }
}

/// The section's part, loaded the first time `opened`.
#[hook]
pub fn use_terraform_part(opened: bool) -> Loading<AuditPart> {
    use_part(opened, &TERRAFORM_LOADED, || {
        Box::pin(crate::hooks::audit_part::load())
    })
}

thread_local! {
    /// The audit's part, as this section got it.
    static TERRAFORM_LOADED: std::cell::Cell<Option<&'static AuditPart>> = const { std::cell::Cell::new(None) };
}
