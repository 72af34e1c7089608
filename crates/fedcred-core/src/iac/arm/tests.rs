//! ARM templates: each way a credential is declared and its values arrive, as written by hand
//! and as Bicep compiles them; expected values written by hand from the ARM documentation (see
//! the module's sources).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::super::{self as iac, Reading};

use super::super::read_texts as read;

/// "address identity/name subject" of each credential read.
fn rows(reading: &Reading) -> Vec<String> {
    reading
        .credentials
        .iter()
        .map(|d| {
            format!(
                "{} {}/{} {}",
                d.address,
                d.identity,
                d.credential.name,
                d.credential.subject().unwrap_or_default()
            )
        })
        .collect()
}

const SCHEMA: &str = r#""$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0""#;

#[test]
fn each_way_of_declaring_a_credential_is_read() {
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "a copy loop over a parameter, named with format()",
            format!(
                r#"{{{SCHEMA},
  "parameters": {{ "identity": {{ "type": "string", "defaultValue": "uami-ci" }},
                  "envs": {{ "type": "array", "defaultValue": ["dev", "prod"] }} }},
  "resources": [
    {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      "apiVersion": "2023-01-31",
      "name": "[format('{{0}}/{{1}}', parameters('identity'), concat('gh-', parameters('envs')[copyIndex()]))]",
      "copy": {{ "name": "fics", "count": "[length(parameters('envs'))]", "mode": "serial", "batchSize": 1 }},
      "properties": {{
        "issuer": "https://token.actions.githubusercontent.com",
        "subject": "[format('repo:contoso/app:environment:{{0}}', parameters('envs')[copyIndex()])]",
        "audiences": ["api://AzureADTokenExchange"] }} }}
  ]}}"#
            ),
            vec![
                "resources[0][0] uami-ci/gh-dev repo:contoso/app:environment:dev",
                "resources[0][1] uami-ci/gh-prod repo:contoso/app:environment:prod",
            ],
        ),
        (
            "a child nested in its identity, with a condition and a variable",
            format!(
                r#"{{{SCHEMA},
  "variables": {{ "repo": "contoso/app", "deploy": "[equals(toLower('YES'), 'yes')]" }},
  "resources": [
    {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "uami-web", "location": "[resourceGroup().location]",
      "resources": [
        {{ "type": "federatedIdentityCredentials", "apiVersion": "2023-01-31", "name": "main",
          "condition": "[variables('deploy')]",
          "dependsOn": ["uami-web"],
          "properties": {{ "issuer": "https://token.actions.githubusercontent.com",
            "subject": "[concat('repo:', variables('repo'), ':ref:refs/heads/main')]",
            "audiences": ["api://AzureADTokenExchange"] }} }}
      ] }}
  ]}}"#
            ),
            vec!["resources[0]/resources[0] uami-web/main repo:contoso/app:ref:refs/heads/main"],
        ),
        (
            "languageVersion 2.0: symbolic names, a variable built by a copy loop",
            format!(
                r#"{{{SCHEMA}, "languageVersion": "2.0",
  "parameters": {{ "branches": {{ "type": "array", "defaultValue": ["main", "release"] }} }},
  "variables": {{ "copy": [ {{ "name": "subjects", "count": "[length(parameters('branches'))]",
      "input": "[format('repo:contoso/app:ref:refs/heads/{{0}}', parameters('branches')[copyIndex('subjects')])]" }} ] }},
  "resources": {{
    "uami": {{ "existing": true, "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "uami-rel" }},
    "uami::fic": {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2024-11-30",
      "copy": {{ "name": "fic", "count": "[length(variables('subjects'))]" }},
      "name": "[format('{{0}}/{{1}}', 'uami-rel', format('b{{0}}', copyIndex(1)))]",
      "properties": {{ "issuer": "https://token.actions.githubusercontent.com", "subject": "[variables('subjects')[copyIndex()]]", "audiences": ["api://AzureADTokenExchange"] }} }}
  }}}}"#
            ),
            vec![
                "uami::fic[0] uami-rel/b1 repo:contoso/app:ref:refs/heads/main",
                "uami::fic[1] uami-rel/b2 repo:contoso/app:ref:refs/heads/release",
            ],
        ),
        (
            "a nested deployment with the inner scope, looped, as Bicep compiles a module",
            format!(
                r#"{{{SCHEMA}, "languageVersion": "2.0",
  "parameters": {{ "creds": {{ "type": "array", "defaultValue": [ {{"name": "a-k8s", "subject": "system:serviceaccount:a:sa"}}, {{"name": "b-k8s", "subject": "system:serviceaccount:b:sa"}} ] }} }},
  "resources": {{
    "fics": {{ "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01",
      "copy": {{ "name": "fics", "count": "[length(parameters('creds'))]" }},
      "name": "[format('fic-{{0}}', copyIndex())]",
      "properties": {{
        "expressionEvaluationOptions": {{ "scope": "inner" }}, "mode": "Incremental",
        "parameters": {{ "name": {{ "value": "[parameters('creds')[copyIndex()].name]" }}, "subject": {{ "value": "[parameters('creds')[copyIndex()].subject]" }} }},
        "template": {{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
          "parameters": {{ "name": {{ "type": "string" }}, "subject": {{ "type": "string" }} }},
          "resources": [ {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
            "name": "[format('{{0}}/{{1}}', 'uami-aks', parameters('name'))]",
            "properties": {{ "issuer": "https://oidc.prod-aks.azure.com/t/c/", "subject": "[parameters('subject')]", "audiences": ["api://AzureADTokenExchange"] }} }} ] }} }} }}
  }}}}"#
            ),
            vec![
                "fics[0]/resources[0] uami-aks/a-k8s system:serviceaccount:a:sa",
                "fics[1]/resources[0] uami-aks/b-k8s system:serviceaccount:b:sa",
            ],
        ),
        (
            "a nested deployment with the outer scope reads the outer parameters",
            format!(
                r#"{{{SCHEMA},
  "parameters": {{ "sa": {{ "type": "string", "defaultValue": "web" }} }},
  "resources": [ {{ "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
    "properties": {{ "mode": "Incremental", "template": {{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
      "resources": [ {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
        "name": "uami/k8s", "properties": {{ "issuer": "https://oidc.prod-aks.azure.com/t/c/", "subject": "[concat('system:serviceaccount:ns:', parameters('sa'))]", "audiences": ["api://AzureADTokenExchange"] }} }} ] }} }} }} ]}}"#
            ),
            vec!["resources[0]/resources[0] uami/k8s system:serviceaccount:ns:web"],
        ),
        (
            "a literal that starts with a bracket is written [[",
            format!(
                r#"{{{SCHEMA}, "resources": [ {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
        "name": "uami/odd", "properties": {{ "issuer": "https://issuer.example.com", "subject": "[[literal]", "audiences": ["api://AzureADTokenExchange"] }} }} ]}}"#
            ),
            vec!["resources[0] uami/odd [literal]"],
        ),
    ];
    for (situation, text, expected) in cases {
        let r = read(&[("azuredeploy.json", &text)], &[]);
        assert!(r.unreadable.is_empty(), "{situation}: {:?}", r.unreadable);
        assert!(r.unresolved.is_empty(), "{situation}: {:?}", r.unresolved);
        assert_eq!(rows(&r), expected, "{situation}");
    }
}

#[test]
fn parameters_come_from_files_and_values_given_and_secrets_are_not_read() {
    let template = format!(
        r#"{{{SCHEMA},
  "parameters": {{ "repo": {{ "type": "string" }}, "env": {{ "type": "string", "defaultValue": "dev" }} }},
  "resources": [ {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
    "name": "[concat('uami/', parameters('env'))]",
    "properties": {{ "issuer": "https://token.actions.githubusercontent.com", "subject": "[format('repo:{{0}}:environment:{{1}}', parameters('repo'), parameters('env'))]", "audiences": ["api://AzureADTokenExchange"] }} }} ]}}"#
    );
    let params = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0",
      "parameters": {"repo": {"value": "contoso/app"}, "env": {"value": "prod"}}}"#;
    let r = read(
        &[
            ("infra/azuredeploy.json", &template),
            ("infra/azuredeploy.parameters.json", params),
        ],
        &[],
    );
    assert_eq!(
        rows(&r),
        ["resources[0] uami/prod repo:contoso/app:environment:prod"]
    );
    let r = read(
        &[
            ("infra/azuredeploy.json", &template),
            ("infra/azuredeploy.parameters.json", params),
        ],
        &[("env", "qa")],
    );
    assert_eq!(
        rows(&r),
        ["resources[0] uami/qa repo:contoso/app:environment:qa"]
    );
    // No value: unresolved, naming how to give it.
    let r = read(&[("azuredeploy.json", &template)], &[]);
    assert_eq!(r.unresolved.len(), 1);
    assert!(r.unresolved[0].why.contains("parameter 'repo' of azuredeploy.json has no default and no value given: give it with --var 'repo=VALUE'"), "{}", r.unresolved[0].why);
    // A Key Vault reference is never read.
    let secret = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0",
      "parameters": {"repo": {"reference": {"keyVault": {"id": "/subscriptions/x"}, "secretName": "repo"}}}}"#;
    let r = read(
        &[
            ("azuredeploy.json", &template),
            ("azuredeploy.parameters.json", secret),
        ],
        &[],
    );
    assert!(
        r.unresolved[0].why.contains("Key Vault secret"),
        "{}",
        r.unresolved[0].why
    );
}

#[test]
fn what_only_a_deployment_knows_and_linked_templates_are_said() {
    let template = format!(
        r#"{{{SCHEMA},
  "resources": [
    {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
      "name": "uami/aks",
      "properties": {{ "issuer": "[reference(resourceId('Microsoft.ContainerService/managedClusters', 'aks'), '2024-02-01').oidcIssuerProfile.issuerURL]", "subject": "system:serviceaccount:ns:sa", "audiences": ["api://AzureADTokenExchange"] }} }},
    {{ "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
      "properties": {{ "mode": "Incremental", "templateLink": {{ "uri": "https://example.com/fic.json" }} }} }},
    {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
      "name": "uami/broken", "properties": {{ "issuer": "[concat('a']", "subject": "x", "audiences": [] }} }}
  ]}}"#
    );
    let r = read(&[("azuredeploy.json", &template)], &[]);
    assert_eq!(r.unresolved.len(), 2, "{:?}", r.unresolved);
    assert!(
        r.unresolved[0]
            .why
            .contains("resourceid() is a resource's ID"),
        "{}",
        r.unresolved[0].why
    );
    assert!(
        r.unresolved[1]
            .why
            .contains("is not a template expression fedcred reads"),
        "{}",
        r.unresolved[1].why
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("links to a template elsewhere (templateLink)")),
        "{:?}",
        r.notes
    );
}

#[test]
fn findings_carry_the_json_lines_to_change() {
    let template = format!(
        r#"{{{SCHEMA},
  "resources": [
    {{
      "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      "apiVersion": "2023-01-31",
      "name": "uami/gh",
      "properties": {{
        "issuer": "https://token.actions.githubusercontent.com/",
        "subject": "[concat('repo:contoso/app', ':pull-request')]",
        "audiences": ["api://AzureADTokenExchange"]
      }}
    }}
  ]
}}"#
    );
    let r = iac::audit(
        read(&[("azuredeploy.json", &template)], &[]),
        &Default::default(),
    );
    let edit = |code: &str| super::super::edit_of(&r, code);
    assert_eq!(
        edit("issuer_trailing_slash"),
        "azuredeploy.json:8\n  \"issuer\": \"https://token.actions.githubusercontent.com\""
    );
    assert_eq!(
        edit("subject_pull_request_hyphen"),
        "azuredeploy.json:9\n  \"subject\": \"[concat('repo:contoso/app', ':pull-request')]\"\ngives 'repo:contoso/app:pull-request' for resources[0]; change it, or the value it reads, so that it gives 'repo:contoso/app:pull_request'"
    );
    assert_eq!(r.reading.credentials[0].line, 6);
}

#[test]
fn files_are_told_apart_by_content() {
    let cases: &[(&str, &str, Option<iac::Kind>)] = &[
        (
            "t.json",
            r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}"#,
            Some(iac::Kind::Arm),
        ),
        (
            "t.json",
            r#"{"contentVersion": "1.0.0.0", "resources": []}"#,
            Some(iac::Kind::Arm),
        ),
        (
            "p.json",
            r#"{"parameters": {"a": {"value": 1}}}"#,
            Some(iac::Kind::ArmParams),
        ),
        ("pasted", r#"{"value": [{"name": "fic"}]}"#, None),
        ("pasted", r#"[{"name": "fic", "issuer": "x"}]"#, None),
        (
            "pasted",
            "param repo string\nresource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {}\n",
            Some(iac::Kind::Bicep),
        ),
        (
            "main.bicepparam",
            "using 'main.bicep'\n",
            Some(iac::Kind::BicepParams),
        ),
        (
            "pasted",
            "resource \"azurerm_federated_identity_credential\" \"x\" {}\n",
            Some(iac::Kind::Terraform),
        ),
    ];
    for (name, text, kind) in cases {
        assert_eq!(iac::kind_of(name, text), *kind, "{name}: {text}");
    }
}
