//! The ARM template reader (issue 31): any text as a template, and as the parameters file for a
//! template that reads every parameter it is given. It reads or refuses, never panics; the
//! audit's JSON reads back.
#![no_main]
mod iac_common;

use fedcred_core::iac::{Given, Source};
use libfuzzer_sys::fuzz_target;

const TEMPLATE: &str = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
  "parameters": {"a": {"type": "array", "defaultValue": []}, "s": {"type": "string", "defaultValue": "x"}},
  "resources": [{"type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
    "copy": {"name": "c", "count": "[length(parameters('a'))]"},
    "name": "[format('{0}/{1}', parameters('s'), string(parameters('a')[copyIndex()]))]",
    "properties": {"issuer": "[parameters('s')]", "subject": "[string(parameters('a')[copyIndex()])]", "audiences": ["api://AzureADTokenExchange"]}}]}"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for sources in [
        vec![Source::new("azuredeploy.json", &*text)],
        vec![Source::new("azuredeploy.json", TEMPLATE), Source::new("azuredeploy.parameters.json", &*text)],
    ] {
        iac_common::read_and_audit(&sources, &Given::default());
    }
});
