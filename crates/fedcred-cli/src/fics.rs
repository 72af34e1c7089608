//! What `--fics` names, for audit and predict: listings of credentials and the code that
//! declares them (issue 31), and the values given for that code.

use crate::input::read;

/// Files by name, with their text.
pub(crate) type Named = Vec<(String, String)>;

/// The files `--fics` names: each file's text, and a folder's Terraform, Bicep and ARM files
/// (its other JSON files, such as package.json or bicepconfig.json, left out, as its other
/// files are), with what the walk left out.
pub(crate) fn gather(paths: &[String]) -> Result<(Named, Vec<String>), String> {
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for path in paths {
        if path != "-" && std::path::Path::new(path).is_dir() {
            let before = sources.len();
            crate::walk::walk_with(
                std::path::Path::new(path),
                0,
                &mut sources,
                &mut notes,
                &|p| {
                    p.extension().is_some_and(|e| {
                        ["tf", "tfvars", "bicep", "bicepparam", "json"]
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                    })
                },
                fedcred_core::iac::terraform::MAX_FILE as u64,
            );
            let mut walked = sources.split_off(before);
            walked.retain(|(name, text)| {
                !name.to_ascii_lowercase().ends_with(".json")
                    || fedcred_core::iac::kind_of(name, text).is_some()
            });
            sources.extend(walked);
            if sources.len() == before {
                return Err(format!(
                    "fedcred: {path} is a folder without Terraform (.tf, .tfvars), Bicep (.bicep, .bicepparam) or ARM template files; give the files, or the folder of the code that declares the credentials"
                ));
            }
        } else {
            sources.push((path.clone(), read(path, "credentials")?));
        }
    }
    Ok((sources, notes))
}

/// The values `--var NAME=VALUE` and `--var-file FILE` give, for files that declare credentials.
pub(crate) fn given(
    vars: &[String],
    var_files: &[String],
) -> Result<fedcred_core::iac::Given, String> {
    use fedcred_core::iac::{Given, Source};
    let mut values = Vec::new();
    for pair in vars {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(format!(
                "fedcred: --var takes NAME=VALUE (repo=app, or azurerm_kubernetes_cluster.aks.oidc_issuer_url=URL), not '{pair}'"
            ));
        };
        values.push((name.trim().to_owned(), value.to_owned()));
    }
    let mut files = Vec::new();
    for path in var_files {
        files.push(Source::new(path.clone(), read(path, "variables")?));
    }
    Ok(Given {
        values,
        files,
        explicit_files: false,
    })
}
