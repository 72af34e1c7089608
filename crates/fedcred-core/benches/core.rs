//! The core's hot paths, measured natively (budget: each median under 50 µs; `make bench`
//! reports them beside the browser figures).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fedcred_core::explain::{Input, explain};
use fedcred_core::import::import;
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::{Common, Platform, build_set};
use fedcred_core::predict::{File, Options, predict, predict_repository};
use fedcred_core::snippets::{Context, render_all};
use fedcred_core::target::Target;
use fedcred_core::token::decode_unverified;

#[path = "common/mod.rs"]
mod common;

use common::{NOW, token, twenty_credentials};

fn benches(c: &mut Criterion) {
    let token = token();
    assert!(token.len() >= 1000, "a 1 KB token: {}", token.len());
    c.bench_function("decode a 1 KB token", |b| {
        b.iter(|| decode_unverified(black_box(&token)))
    });

    // Imported once, as the page does when the credentials are pasted; a token pasted after
    // them is explained against the imported list. The import is measured on its own.
    let fics = twenty_credentials();
    c.bench_function("import 20 credentials", |b| {
        b.iter(|| import(black_box(&fics)))
    });
    let imported = import(&fics);
    c.bench_function("explain one token against 20 credentials", |b| {
        b.iter(|| {
            explain(Input {
                token: Some(black_box(&token)),
                credentials: Some(black_box(&imported)),
                now: NOW,
                ..Default::default()
            })
        })
    });

    let platform = Platform::GitHub(GitHubInput {
        repo: "contoso/payments-api".into(),
        entity: Entity::Environment("production".into()),
        ..Default::default()
    });
    let target = Target::ManagedIdentity {
        name: "id-payments".into(),
        resource_group: "rg-payments".into(),
        subscription: String::new(),
        location: String::new(),
    };
    c.bench_function("build one credential and render every snippet", |b| {
        b.iter(|| {
            let built = build_set(
                std::slice::from_ref(black_box(&platform)),
                &Common::default(),
            );
            render_all(Context {
                platform: &platform,
                credentials: &built.credentials,
                target: &target,
            })
        })
    });
}

fn predict_bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/workflow-300.yml"
    ))
    .unwrap();
    let options = Options {
        repo: "contoso/payments-api".into(),
        default_branch: "main".into(),
        ..Default::default()
    };
    let file = File {
        name: "release.yml",
        text: &text,
    };
    assert!(
        predict(std::slice::from_ref(&file), &options)
            .unwrap()
            .credentials
            .len()
            >= 30
    );
    c.bench_function("predict a 300-line workflow", |b| {
        b.iter(|| predict(std::slice::from_ref(black_box(&file)), &options))
    });
}

/// A repository of 50 workflows (issue 25): the 300-line workflow with its environments renamed
/// per copy, each also using a local composite action that logs in, read as `fedcred predict DIR`
/// reads a folder.
fn repository_bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/workflow-300.yml"
    ))
    .unwrap();
    let action = "runs:\n  using: composite\n  steps:\n    - uses: azure/login@v2\n      with:\n        client-id: ${{ inputs.client-id }}\n        tenant-id: ${{ inputs.tenant-id }}\n        allow-no-subscriptions: true\n";
    let names: Vec<String> = (0..50)
        .map(|i| format!("repo/.github/workflows/release-{i}.yml"))
        .collect();
    let texts: Vec<String> = (0..50)
        .map(|i| text.replace("environment: ", &format!("environment: w{i}-")))
        .collect();
    let mut files: Vec<File<'_>> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| File { name, text })
        .collect();
    files.push(File {
        name: "repo/.github/actions/login/action.yml",
        text: action,
    });
    let options = Options {
        repo: "contoso/payments-api".into(),
        default_branch: "main".into(),
        ..Default::default()
    };
    let prediction = predict_repository(&files, &options).unwrap();
    assert!(prediction.jobs.len() >= 50);
    c.bench_function("repository of 50 workflows, predicted", |b| {
        b.iter(|| predict_repository(black_box(&files), &options))
    });
}

/// 500 documents as `helm template` prints them (bench/manifests-500.yaml, issue 29): 250
/// service accounts and 250 Deployments, one in five with its label unquoted, read with the
/// cluster's issuer as `fedcred predict MANIFEST --issuer URL` reads them.
fn manifests_bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/manifests-500.yaml"
    ))
    .unwrap();
    let file = File {
        name: "manifests-500.yaml",
        text: &text,
    };
    let options = Options {
        kind: Some(fedcred_core::predict::Kind::Kubernetes),
        issuer: "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/".into(),
        ..Options::default()
    };
    let read = fedcred_core::platforms::kubernetes::predict::predict;
    let prediction = read(std::slice::from_ref(&file), &options).unwrap();
    assert_eq!(prediction.workloads.len(), 250);
    c.bench_function("manifests: 500 documents predicted", |b| {
        b.iter(|| read(std::slice::from_ref(black_box(&file)), &options))
    });
}

/// A root module and a local module it calls once per team (issue 31): 40 teams, each with an
/// identity and a credential per environment of five, built by interpolation from a map, read
/// and audited as `fedcred audit --fics DIR` does.
fn terraform_bench(c: &mut Criterion) {
    use fedcred_core::iac::{self, Given, Source};
    let teams = (0..40)
        .map(|i| format!("    team{i} = {{ repo = \"contoso/app-{i}\", envs = [\"dev\", \"test\", \"staging\", \"prod\", \"dr\"] }}"))
        .collect::<Vec<_>>()
        .join("\n");
    let root = format!(
        "locals {{\n  teams = {{\n{teams}\n  }}\n}}\nmodule \"team\" {{\n  source   = \"./modules/team\"\n  for_each = local.teams\n  name     = each.key\n  repo     = each.value.repo\n  envs     = each.value.envs\n}}\n"
    );
    let module = r#"variable "name" {}
variable "repo" {}
variable "envs" { type = list(string) }
resource "azurerm_user_assigned_identity" "this" {
  name = "id-${var.name}"
}
resource "azurerm_federated_identity_credential" "env" {
  for_each  = toset(var.envs)
  name      = format("%s-%s", var.name, each.key)
  parent_id = azurerm_user_assigned_identity.this.id
  issuer    = "https://token.actions.githubusercontent.com"
  subject   = "repo:${var.repo}:environment:${lower(each.key)}"
  audience  = ["api://AzureADTokenExchange"]
}
"#;
    let sources = [
        Source::new("infra/main.tf", root),
        Source::new("infra/modules/team/main.tf", module),
    ];
    let run = || {
        let reading = iac::read(black_box(&sources), &Given::default(), Default::default());
        iac::audit(reading, &Default::default())
    };
    assert_eq!(run().reading.credentials.len(), 200);
    c.bench_function(
        "terraform: 200 credentials from 40 module calls, read and audited",
        |b| b.iter(run),
    );
}

/// The same 40 teams in Bicep (issue 31): a module called once per team in a loop over a
/// parameter's items, each declaring an identity and a nested credential per environment; and
/// the same credentials as the ARM template Bicep compiles that to (a looped nested deployment
/// with the inner scope, a copy loop inside).
fn bicep_bench(c: &mut Criterion) {
    use fedcred_core::iac::{self, Given, Source};
    let teams = (0..40)
        .map(|i| format!("  team{i}: {{ repo: 'contoso/app-{i}', envs: ['dev', 'test', 'staging', 'prod', 'dr'] }}"))
        .collect::<Vec<_>>()
        .join("\n");
    let main = format!(
        "param teams object = {{\n{teams}\n}}\nmodule team 'modules/team.bicep' = [for t in items(teams): {{\n  name: t.key\n  params: {{\n    name: t.key\n    repo: t.value.repo\n    envs: t.value.envs\n  }}\n}}]\n"
    );
    let module = "param name string
param repo string
param envs array
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}'
  location: resourceGroup().location
  resource fic 'federatedIdentityCredentials' = [for env in envs: {
    name: format('{0}-{1}', name, env)
    properties: {
      issuer: 'https://token.actions.githubusercontent.com'
      subject: 'repo:${repo}:environment:${toLower(env)}'
      audiences: ['api://AzureADTokenExchange']
    }
  }]
}
";
    let sources = [
        Source::new("infra/main.bicep", main),
        Source::new("infra/modules/team.bicep", module),
    ];
    let run = |sources: &[Source]| {
        let reading = iac::read(black_box(sources), &Given::default(), Default::default());
        iac::audit(reading, &Default::default())
    };
    assert_eq!(run(&sources).reading.credentials.len(), 200);
    c.bench_function(
        "bicep: 200 credentials from 40 module calls, read and audited",
        |b| b.iter(|| run(&sources)),
    );
    let teams = (0..40)
        .map(|i| format!("{{\"name\": \"team{i}\", \"repo\": \"contoso/app-{i}\", \"envs\": [\"dev\", \"test\", \"staging\", \"prod\", \"dr\"]}}"))
        .collect::<Vec<_>>()
        .join(", ");
    let template = format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "languageVersion": "2.0",
  "parameters": {{"teams": {{"type": "array", "defaultValue": [{teams}]}}}},
  "resources": {{"team": {{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01",
    "copy": {{"name": "team", "count": "[length(parameters('teams'))]"}},
    "name": "[parameters('teams')[copyIndex()].name]",
    "properties": {{"expressionEvaluationOptions": {{"scope": "inner"}}, "mode": "Incremental",
      "parameters": {{"name": {{"value": "[parameters('teams')[copyIndex()].name]"}}, "repo": {{"value": "[parameters('teams')[copyIndex()].repo]"}}, "envs": {{"value": "[parameters('teams')[copyIndex()].envs]"}}}},
      "template": {{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
        "parameters": {{"name": {{"type": "string"}}, "repo": {{"type": "string"}}, "envs": {{"type": "array"}}}},
        "resources": [{{"type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31",
          "copy": {{"name": "fic", "count": "[length(parameters('envs'))]"}},
          "name": "[format('id-{{0}}/{{0}}-{{1}}', parameters('name'), parameters('envs')[copyIndex()])]",
          "properties": {{"issuer": "https://token.actions.githubusercontent.com", "subject": "[format('repo:{{0}}:environment:{{1}}', parameters('repo'), toLower(parameters('envs')[copyIndex()]))]", "audiences": ["api://AzureADTokenExchange"]}}}}]}}}}}}}}}}"#
    );
    let sources = [Source::new("infra/azuredeploy.json", template)];
    assert_eq!(run(&sources).reading.credentials.len(), 200);
    c.bench_function(
        "arm: the same 200 credentials as the compiled template, read and audited",
        |b| b.iter(|| run(&sources)),
    );
}

criterion_group!(
    core,
    benches,
    predict_bench,
    repository_bench,
    manifests_bench,
    terraform_bench,
    bicep_bench
);
criterion_main!(core);
