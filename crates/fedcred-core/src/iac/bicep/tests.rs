//! Bicep: each way a credential is declared, each way its values arrive, and what is said when
//! they cannot be known. Expected values are written by hand from Bicep's documentation
//! (see `parse`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::super::{self as iac, Reading};

const GH: &str = "https://token.actions.githubusercontent.com";

use super::super::read_texts as read;

/// (address, identity, name, issuer, subject) of each credential read.
fn credentials(reading: &Reading) -> Vec<(String, String, String, String, String)> {
    reading
        .credentials
        .iter()
        .map(|d| {
            let c = &d.credential;
            (
                d.address.clone(),
                d.identity.clone(),
                c.name.clone(),
                c.issuer.clone(),
                c.subject()
                    .or(c.expression())
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

fn owned(rows: &[Row<'_>]) -> Vec<(String, String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d, e)| {
            (
                (*a).to_owned(),
                (*b).to_owned(),
                (*c).to_owned(),
                (*d).to_owned(),
                (*e).to_owned(),
            )
        })
        .collect()
}

/// (address, identity, name, issuer, subject) expected.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

#[test]
fn each_way_of_declaring_a_credential_names_its_identity() {
    let cases: &[(&str, &str, &[Row<'_>])] = &[
        (
            "a top-level credential named IDENTITY/NAME",
            "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  name: 'uami-ci/github'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:contoso/app:environment:prod'
    audiences: ['api://AzureADTokenExchange']
  }
}",
            &[("fic", "uami-ci", "github", GH, "repo:contoso/app:environment:prod")],
        ),
        (
            "parent: an identity declared in the file",
            "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'uami-${env}'
  location: resourceGroup().location
}
param env string = 'prod'
resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2024-11-30' = {
  parent: uami
  name: 'github'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:contoso/app:environment:${env}'
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}",
            &[("fic", "uami-prod", "github", GH, "repo:contoso/app:environment:prod")],
        ),
        (
            "a nested child without an API version, in a loop with an index",
            "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: 'uami-ci'

  @batchSize(1)
  resource fics 'federatedIdentityCredentials' = [for (env, i) in ['dev', 'prod']: {
    name: 'gh-${env}-${i}'
    properties: {
      issuer: 'https://token.actions.githubusercontent.com'
      subject: 'repo:contoso/app:environment:${env}'
      audiences: ['api://AzureADTokenExchange']
    }
  }]
}",
            &[
                ("uami::fics[0]", "uami-ci", "gh-dev-0", GH, "repo:contoso/app:environment:dev"),
                ("uami::fics[1]", "uami-ci", "gh-prod-1", GH, "repo:contoso/app:environment:prod"),
            ],
        ),
        (
            "parent: one identity of an existing loop",
            "param names array = ['a-id', 'b-id']
resource ids 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = [for n in names: {
  name: n
}]
resource fics 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for i in range(0, length(names)): {
  parent: ids[i]
  name: 'k8s'
  properties: {
    issuer: 'https://oidc.prod-aks.azure.com/t/c/'
    subject: 'system:serviceaccount:ns:${names[i]}'
    audiences: ['api://AzureADTokenExchange']
  }
}]",
            &[
                ("fics[0]", "a-id", "k8s", "https://oidc.prod-aks.azure.com/t/c/", "system:serviceaccount:ns:a-id"),
                ("fics[1]", "b-id", "k8s", "https://oidc.prod-aks.azure.com/t/c/", "system:serviceaccount:ns:b-id"),
            ],
        ),
        (
            "the Graph extension's APP/NAME, nested and conditional",
            "extension microsoftGraphV1
param deploy bool = true
var repo = 'contoso/app'
resource app 'Microsoft.Graph/applications@v1.0' = {
  displayName: 'CI'
  uniqueName: 'ci-app'

  resource fic 'federatedIdentityCredentials@v1.0' = if (deploy) {
    name: '${app.uniqueName}/github'
    audiences: ['api://AzureADTokenExchange']
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:${repo}:ref:refs/heads/main'
  }
}",
            &[("app::fic", "application 'ci-app'", "github", GH, "repo:contoso/app:ref:refs/heads/main")],
        ),
        (
            "a flexible credential at a preview API version",
            "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2025-01-31-preview' = {
  name: 'uami-ci/branches'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    claimsMatchingExpression: {
      value: 'claims[\\'sub\\'] matches \\'repo:contoso/app:ref:refs/heads/*\\''
      languageVersion: 1
    }
    audiences: ['api://AzureADTokenExchange']
  }
}",
            &[("fic", "uami-ci", "branches", GH, "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'")],
        ),
    ];
    for (situation, text, expected) in cases {
        let reading = read(&[("main.bicep", text)], &[]);
        assert!(
            reading.unreadable.is_empty(),
            "{situation}: {:?}",
            reading.unreadable
        );
        assert!(
            reading.unresolved.is_empty(),
            "{situation}: {:?}",
            reading.unresolved
        );
        assert_eq!(credentials(&reading), owned(expected), "{situation}");
    }
}

#[test]
fn spread_objects_and_arrays_are_merged_in_place() {
    let text = "var base = {
  issuer: 'https://token.actions.githubusercontent.com'
  audiences: ['api://AzureADTokenExchange']
}
var envs = ['dev']
resource fics 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for env in [...envs, 'prod']: {
  name: 'uami/gh-${env}'
  properties: {
    ...base
    subject: 'repo:contoso/app:environment:${env}'
  }
}]";
    let r = read(&[("main.bicep", text)], &[]);
    assert!(r.unresolved.is_empty(), "{:?}", r.unresolved);
    assert_eq!(
        credentials(&r),
        owned(&[
            (
                "fics[0]",
                "uami",
                "gh-dev",
                GH,
                "repo:contoso/app:environment:dev"
            ),
            (
                "fics[1]",
                "uami",
                "gh-prod",
                GH,
                "repo:contoso/app:environment:prod"
            ),
        ])
    );
}

#[test]
fn values_come_from_defaults_parameters_files_and_the_values_given() {
    let main = "param repo string
param envs array = ['dev']
param org string = 'contoso'
resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: 'uami'
}
resource fics 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for env in envs: {
  parent: uami
  name: 'gh-${env}'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:${org}/${repo}:environment:${env}'
    audiences: ['api://AzureADTokenExchange']
  }
}]";
    let subjects = |reading: &Reading| -> Vec<String> {
        credentials(reading).into_iter().map(|c| c.4).collect()
    };
    // Given on the command line: text for a string parameter, JSON or Bicep for an array.
    let r = read(
        &[("main.bicep", main)],
        &[("repo", "app"), ("envs", "['dev', 'prod']")],
    );
    assert_eq!(
        subjects(&r),
        [
            "repo:contoso/app:environment:dev",
            "repo:contoso/app:environment:prod"
        ]
    );
    // A .bicepparam file's values, its own variables and interpolation evaluated.
    let param = "using './main.bicep'\nvar stage = 'prod'\nparam repo = 'web'\nparam envs = [stage, 'qa']\n";
    let r = read(&[("main.bicep", main), ("main.bicepparam", param)], &[]);
    assert_eq!(
        subjects(&r),
        [
            "repo:contoso/web:environment:prod",
            "repo:contoso/web:environment:qa"
        ]
    );
    // A parameters.json for the file of its name; a value given wins over it.
    let json = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {"repo": {"value": "api"}, "org": {"value": "fabrikam"}}}"#;
    let r = read(
        &[
            ("infra/main.bicep", main),
            ("infra/main.parameters.json", json),
        ],
        &[("org", "northwind")],
    );
    assert_eq!(subjects(&r), ["repo:northwind/api:environment:dev"]);
    // Two parameters files for one file: two deployments, each address says which.
    let dev = "using 'main.bicep'\nparam repo = 'a'\n";
    let prod = "using 'main.bicep'\nparam repo = 'b'\nparam envs = ['prod']\n";
    let r = read(
        &[
            ("main.bicep", main),
            ("dev.bicepparam", dev),
            ("prod.bicepparam", prod),
        ],
        &[],
    );
    let addresses: Vec<&str> = r.credentials.iter().map(|d| d.address.as_str()).collect();
    assert_eq!(
        addresses,
        ["fics[0] (dev.bicepparam)", "fics[0] (prod.bicepparam)"]
    );
    assert_eq!(
        subjects(&r),
        [
            "repo:contoso/a:environment:dev",
            "repo:contoso/b:environment:prod"
        ]
    );
}

#[test]
fn modules_among_the_files_are_followed_with_the_parameters_they_pass() {
    let main = "param repos array = ['app', 'web']
module ids 'modules/identity.bicep' = [for (repo, i) in repos: {
  name: 'id-${i}'
  params: {
    identityName: 'uami-${repo}'
    subjects: ['repo:contoso/${repo}:environment:prod', 'repo:contoso/${repo}:pull_request']
  }
}]
module remote 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'remote'
}";
    let module = "param identityName string
param subjects array
resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  resource fic 'federatedIdentityCredentials' = [for (s, i) in subjects: {
    name: 'gh-${i}'
    properties: {
      issuer: 'https://token.actions.githubusercontent.com'
      subject: s
      audiences: ['api://AzureADTokenExchange']
    }
  }]
}";
    let r = read(
        &[("main.bicep", main), ("modules/identity.bicep", module)],
        &[],
    );
    let rows: Vec<(String, String)> = credentials(&r).into_iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(
        rows,
        [
            ("ids[0].uami::fic[0]", "uami-app"),
            ("ids[0].uami::fic[1]", "uami-app"),
            ("ids[1].uami::fic[0]", "uami-web"),
            ("ids[1].uami::fic[1]", "uami-web"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(r.notes.iter().any(|n| n == "main.bicep: the modules at line 9 (br/public:avm/res/managed-identity/user-assigned-identity:0.4.1) come from a registry; the credentials they declare are not read: give their source files to read them"), "{:?}", r.notes);
    // Read alone, the module's parameters are unresolved, naming how to give them.
    let r = read(&[("modules/identity.bicep", module)], &[]);
    assert_eq!(r.unresolved.len(), 1);
    assert!(
        r.unresolved[0].why.contains("parameter 'subjects'")
            && r.unresolved[0].why.contains("--var 'subjects=VALUE'"),
        "{:?}",
        r.unresolved
    );
}

#[test]
fn what_only_a_deployment_knows_is_unresolved_and_the_rest_read() {
    let text = "param tenant string
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {
  name: 'aks'
}
resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: 'uami'
}
var creds = [
  {
    name: 'k8s'
    issuer: aks.properties.oidcIssuerProfile.issuerURL
    subject: 'system:serviceaccount:ns:sa'
  }
  {
    name: 'gh'
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:contoso/app:environment:prod'
  }
  {
    name: 'tenant'
    issuer: 'https://login.microsoftonline.com/${tenant}/v2.0'
    subject: uniqueString(resourceGroup().id)
  }
]
resource fics 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for c in creds: {
  parent: uami
  name: c.name
  properties: {
    issuer: c.issuer
    subject: c.subject
    audiences: ['api://AzureADTokenExchange']
  }
}]";
    let r = read(&[("main.bicep", text)], &[]);
    assert_eq!(
        credentials(&r),
        owned(&[(
            "fics[1]",
            "uami",
            "gh",
            GH,
            "repo:contoso/app:environment:prod"
        )])
    );
    let why: Vec<(&str, &str)> = r
        .unresolved
        .iter()
        .map(|u| (u.address.as_str(), u.why.as_str()))
        .collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert_eq!(why[0].0, "fics[0]");
    assert!(why[0].1.contains("'aks.properties.oidcIssuerProfile.issuerURL' is known only at deployment: give it with --var 'aks.properties.oidcIssuerProfile.issuerURL=VALUE'"), "{}", why[0].1);
    assert!(why[1].1.contains("parameter 'tenant'") && why[1].1.contains("'resourceGroup().id' is known only at deployment: give it with --var 'resourceGroup().id=VALUE'"), "{}", why[1].1);
    // Given, the reference resolves.
    let r = read(
        &[("main.bicep", text)],
        &[(
            "aks.properties.oidcIssuerProfile.issuerURL",
            "https://oidc.prod-aks.azure.com/t/c/",
        )],
    );
    assert_eq!(r.credentials.len(), 2);
}

#[test]
fn declarations_entra_refuses_are_said_on_their_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "an expression at a GA API version",
            "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  name: 'uami/x'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    claimsMatchingExpression: {
      value: 'claims[\\'sub\\'] eq \\'a\\''
      languageVersion: 1
    }
    audiences: ['api://AzureADTokenExchange']
  }
}",
            "sets claimsMatchingExpression at API version 2023-01-31",
        ),
        (
            "a top-level credential named without its identity",
            "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  name: 'github'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:a/b:ref:refs/heads/main'
    audiences: ['api://AzureADTokenExchange']
  }
}",
            "names no identity: a credential declared on its own is named IDENTITY/NAME",
        ),
        (
            "a nested credential named with its identity",
            "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'uami'
  resource fic 'federatedIdentityCredentials' = {
    name: 'uami/github'
    properties: {
      issuer: 'https://token.actions.githubusercontent.com'
      subject: 'repo:a/b:ref:refs/heads/main'
      audiences: ['api://AzureADTokenExchange']
    }
  }
}",
            "has 2 segments, but a credential declared under its identity is named by one",
        ),
    ];
    for (situation, text, says) in cases {
        let r = read(&[("main.bicep", text)], &[]);
        assert_eq!(r.problems.len(), 1, "{situation}: {:?}", r.problems);
        let p = &r.problems[0];
        assert!(p.message.contains(says), "{situation}: {}", p.message);
        assert!(
            p.line > 1,
            "{situation}: the line of the property concerned"
        );
    }
}

#[test]
fn findings_carry_the_bicep_lines_to_change() {
    let text = "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: 'uami'
}
param repo string = 'contoso/app'
resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: uami
  name: 'github'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com/'
    subject: 'repo:${repo}:pull-request'
    audiences: ['api://AzureADTokenExchangeX']
  }
}";
    let r = iac::audit(read(&[("main.bicep", text)], &[]), &Default::default());
    let edit = |code: &str| super::super::edit_of(&r, code);
    assert_eq!(
        edit("issuer_trailing_slash"),
        "main.bicep:9\n  issuer: 'https://token.actions.githubusercontent.com'"
    );
    assert_eq!(
        edit("subject_pull_request_hyphen"),
        "main.bicep:10\n  subject: 'repo:${repo}:pull-request'\ngives 'repo:contoso/app:pull-request' for fic; change it, or the value it reads, so that it gives 'repo:contoso/app:pull_request'"
    );
    assert_eq!(
        edit("audience_mismatch"),
        "main.bicep:11\n  audiences: [\n    'api://AzureADTokenExchange'\n  ]"
    );
}

#[test]
fn files_bicep_cannot_read_say_where() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "an unclosed string",
            "param a string = 'x\n",
            "main.bicep, line 1: a string is not closed",
        ),
        (
            "an unclosed object",
            "resource a 'T@1' = {\n  name: 'x'\n",
            "the file ends before '}' closes an object",
        ),
        (
            "a stray character",
            "param a string = `x`\n",
            "is not Bicep",
        ),
        (
            "nesting past the limit",
            &format!("var a = {}1{}\n", "[".repeat(100), "]".repeat(100)),
            "nest deeper than 64",
        ),
    ];
    for (situation, text, says) in cases {
        let r = read(&[("main.bicep", text)], &[]);
        assert_eq!(r.unreadable.len(), 1, "{situation}");
        assert!(
            r.unreadable[0].message.contains(says),
            "{situation}: {}",
            r.unreadable[0].message
        );
    }
}

#[test]
fn cycles_and_huge_loops_end_with_a_message() {
    let text = "var a = b
var b = '${a}x'
var many = range(0, 10001)
resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  name: 'u/${a}'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:a/b:ref:refs/heads/main'
    audiences: ['api://AzureADTokenExchange']
  }
}
resource many2 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for i in many: {
  name: 'u/n${i}'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:a/b:ref:refs/heads/main'
    audiences: ['api://AzureADTokenExchange']
  }
}]";
    let r = read(&[("main.bicep", text)], &[]);
    assert_eq!(r.unresolved.len(), 2, "{:?}", r.unresolved);
    assert!(
        r.unresolved[0].why.contains("refers to itself"),
        "{}",
        r.unresolved[0].why
    );
    assert!(
        r.unresolved[1].why.contains("at most 10000"),
        "{}",
        r.unresolved[1].why
    );
}

#[test]
fn an_azure_devops_credential_on_the_retiring_issuer_is_said_without_an_az_command() {
    // As a pipeline's service connection was set up before the Entra issuer (a credential
    // named '${msi.name}/fic', the sc:// subject copied from the connection's page).
    let text = "var msiName = 'ci-identity'
resource msi 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: msiName
  location: resourceGroup().location
}
resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  name: '${msi.name}/fic'
  properties: {
    issuer: 'https://vstoken.dev.azure.com/4e7c52b2-a1d5-4777-9ab9-52d734b204cd'
    subject: 'sc://contoso/platform/Prod subscription via MI' // from the connection's page
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}";
    let r = iac::audit(read(&[("main.bicep", text)], &[]), &Default::default());
    assert_eq!(
        credentials(&r.reading),
        owned(&[(
            "fic",
            "ci-identity",
            "fic",
            "https://vstoken.dev.azure.com/4e7c52b2-a1d5-4777-9ab9-52d734b204cd",
            "sc://contoso/platform/Prod subscription via MI"
        )])
    );
    let legacy = r
        .audit
        .findings
        .iter()
        .find(|f| f.code.as_str() == "legacy_ado_issuer")
        .unwrap_or_else(|| panic!("{:#?}", r.audit.findings));
    assert!(legacy.command.is_none() && legacy.migration.is_none());
    assert!(
        legacy.fix.contains("declare a credential with them beside this one in the file, deploy it, run the pipeline once, then remove this one"),
        "{}",
        legacy.fix
    );
}
