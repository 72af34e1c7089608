//! "Audit Terraform, Bicep or ARM before it is deployed" (issue 31), at the foot of the
//! inspector's credentials: a folder of `.tf` or `.bicep` files, ARM templates or a plan's JSON
//! opened or dropped, read here in the page, and the Values box for what the files cannot know. The form travels in the audit's part, with the
//! Terraform reader: the inspector shows only the section's title until it is opened.

use std::rc::Rc;

use yew::prelude::*;

use super::field::TextField;
use super::picked::{self, Picked};
use crate::hooks::Declared;

/// Props of [`TerraformForm`].
#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// Gets the files read and the Values box's text whenever either changes.
    pub on_change: Callback<Declared>,
    /// The credentials JSON is given too.
    pub json_given: bool,
    /// Terraform was pasted into the credentials box: audited with this form's Values.
    pub pasted: bool,
}

/// What a dropped folder's walk keeps.
pub(crate) fn terraform_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".tf", ".tfvars", ".json", ".bicep", ".bicepparam"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The most files read from what was chosen.
const MAX_FILES: usize = 2_000;

/// Reads the infrastructure as code among `picked` (`.tf`, `.tfvars`, `.bicep`, `.bicepparam`,
/// and JSON that is a `.tfvars.json`, a plan or a state, an ARM template or its parameters),
/// skipping what `terraform init` downloaded; what is left out is said.
pub(crate) async fn read(picked: Vec<Picked>) -> (Vec<(String, String)>, Vec<String>) {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let limit = fedcred_core::iac::terraform::MAX_FILE as f64;
    for p in picked {
        if picked::skipped(&p.name) || !terraform_file(&p.name) {
            continue;
        }
        if files.len() >= MAX_FILES {
            notes.push(format!(
                "more than {MAX_FILES} files: the rest are not read"
            ));
            break;
        }
        if p.file.size() > limit {
            notes.push(format!(
                "{}: over the 4 MB fedcred reads in one file: left out",
                p.name
            ));
            continue;
        }
        match picked::text(&p.file).await {
            Ok(text) if fedcred_core::iac::kind_of(&p.name, &text).is_none() => {}
            Ok(text) => files.push((p.name, text)),
            Err(why) => notes.push(format!("{}: {why}: left out", p.name)),
        }
    }
    if files.is_empty() && notes.is_empty() {
        notes.push("No Terraform, Bicep or ARM template was found: choose the folder of .tf or .bicep files that declares the credentials, an ARM template, or the JSON terraform show -json printed.".to_owned());
    }
    (files, notes)
}

/// The form: open or drop the files, see what was read, type the values.
#[function_component]
pub fn TerraformForm(props: &FormProps) -> Html {
    let files = use_state(|| Rc::new(Vec::<(String, String)>::new()));
    let values = use_state(String::new);
    let notes = use_state(Vec::<String>::new);
    let from = use_state(String::new);
    let reading = use_state(|| false);
    {
        let on_change = props.on_change.clone();
        use_effect_with(
            ((*files).clone(), (*values).clone()),
            move |(files, values)| {
                on_change.emit(Declared {
                    files: files.clone(),
                    values: values.clone(),
                });
            },
        );
    }
    let open = {
        let (files, notes, from, reading) =
            (files.clone(), notes.clone(), from.clone(), reading.clone());
        Callback::from(move |(picked, folder): (Vec<Picked>, bool)| {
            if picked.is_empty() {
                return;
            }
            from.set(picked::described(&picked, folder));
            reading.set(true);
            let (files, notes, reading) = (files.clone(), notes.clone(), reading.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (read, left_out) = read(picked).await;
                notes.set(left_out);
                files.set(Rc::new(read));
                reading.set(false);
            });
        })
    };
    let on_pick = picked::on_pick(open.clone());
    let on_drop = picked::on_drop(open, terraform_file);
    let clear = {
        let (files, notes) = (files.clone(), notes.clone());
        Callback::from(move |_: MouseEvent| {
            files.set(Rc::default());
            notes.set(Vec::new());
        })
    };
    let on_values = {
        let values = values.clone();
        Callback::from(move |text: String| values.set(text))
    };
    let count = files.len();
    html! {
        <>
            <div class="drop-zone" id="inspect-terraform-drop" ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop}>
                <p>{ "Drop a folder of .tf or .bicep files here, or choose it: a Terraform folder is read as a module, with its terraform.tfvars and the local modules it calls; a Bicep file with the modules it calls among the files and its .bicepparam or parameters.json. ARM templates and what terraform show -json printed for a plan are read too. Nothing is uploaded." }</p>
                <div class="field">
                    <label for="inspect-terraform-folder">{ "Open a folder" }</label>
                    <input type="file" id="inspect-terraform-folder" webkitdirectory=true multiple=true onchange={on_pick.clone()} />
                </div>
                <div class="field">
                    <label for="inspect-terraform-files">{ "Or open files: .tf, .tfvars, .bicep, .bicepparam, templates or plan JSON" }</label>
                    <input type="file" id="inspect-terraform-files" multiple=true accept=".tf,.tfvars,.bicep,.bicepparam,.json,text/plain" onchange={on_pick} />
                </div>
                if *reading {
                    <p class="recognised" role="status">{ "Reading the files…" }</p>
                } else if props.pasted && count == 0 {
                    <p class="recognised" id="inspect-terraform-opened" role="status">{ "What you pasted in the credentials box declares credentials: it is audited below; what it cannot know goes in the Values box." }</p>
                } else if count > 0 || !notes.is_empty() {
                    <p class="recognised" id="inspect-terraform-opened" role="status">
                        { format!("{count} file{} read from {}, audited below{}. ", if count == 1 { "" } else { "s" }, *from, if props.json_given { " instead of the credentials JSON" } else { "" }) }
                        <button type="button" onclick={clear}>{ "Clear" }</button>
                    </p>
                    { for notes.iter().map(|n| html! { <p class="recognised">{ n.clone() }</p> }) }
                }
            </div>
            if count > 0 || props.pasted {
                <TextField id="inspect-terraform-values" label="Values" multiline=true value={(*values).clone()} on_input={on_values}
                    hint="What the files cannot know, one per line as in a .tfvars file: a Terraform variable or a Bicep or ARM parameter (repo = \"contoso/app\", a list as envs = [\"dev\", \"prod\"]), or what only a deployment knows (azurerm_kubernetes_cluster.aks.oidc_issuer_url = \"https://…\", aks.properties.oidcIssuerProfile.issuerURL = \"https://…\"). The audit says which each credential needs." placeholder="repo = \"contoso/app\"" />
            }
        </>
    }
}
