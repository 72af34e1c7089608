//! Issue 31: Bicep and ARM templates from real public repositories
//! (tests/fixtures/real-bicep/SOURCES.md), each folder read as `fedcred audit --fics FOLDER`
//! reads it, with the values a user would give for what the files cannot know. The expected
//! credentials were written from the files (and SOURCES.md's account of them) by hand, not by
//! running fedcred.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use fedcred_core::Code;
use fedcred_core::iac::{self, Given, IacAudit};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-bicep")
}

/// Bicep, parameters files and templates: a folder's other JSON files are left out, as the CLI
/// leaves them out.
fn keep(name: &str, text: &str) -> bool {
    [".bicep", ".bicepparam", ".json"]
        .iter()
        .any(|e| name.ends_with(e))
        && iac::kind_of(name, text).is_some()
}

fn audit(folder: &str, values: &[(&str, &str)]) -> IacAudit {
    common::iac_audit(&fixtures(), folder, values, &keep)
}

fn credentials(report: &IacAudit) -> Vec<[String; 5]> {
    common::iac_credentials(report)
}

fn rows(rows: &[[&str; 5]]) -> Vec<[String; 5]> {
    rows.iter().map(|r| r.map(str::to_owned)).collect()
}

fn codes(report: &IacAudit) -> Vec<Code> {
    let mut codes: Vec<Code> = report.audit.findings.iter().map(|f| f.code).collect();
    codes.sort_by_key(|c| c.as_str());
    codes
}

fn unresolved(report: &IacAudit) -> Vec<(String, String)> {
    report
        .reading
        .unresolved
        .iter()
        .map(|u| (u.address.clone(), u.why.clone()))
        .collect()
}

const GH: &str = "https://token.actions.githubusercontent.com";

#[test]
fn graph_extension_credentials_are_named_app_slash_name() {
    // sebastianczech: a nested Graph credential '${application.uniqueName}/github-actions', its
    // parameters from the parameters.json beside it.
    let r = audit(
        "sebastianczech__iac-deploy-in-azure-via-github-actions-using-oidc",
        &[],
    );
    assert_eq!(
        credentials(&r),
        rows(&[[
            "application::githubFederatedIdentityCredential",
            "application 'oidc-bicep'",
            "github-actions",
            GH,
            "repo:sebastianczech/iac-deploy-in-azure-via-github-actions-using-oidc:ref:refs/heads/main",
        ]])
    );
    assert_eq!(codes(&r), [Code::SubjectMutable]);

    // microsoftgraph's quickstarts: the subject from owner and repo given; the archived one's
    // subject parameter has no default; the secretless one needs what only a deployment knows,
    // and its .bicepparam picks a cloud its own audiences map does not hold.
    let r = audit(
        "microsoftgraph__msgraph-bicep-types",
        &[("gitHubOwner", "contoso"), ("gitHubRepo", "app")],
    );
    assert_eq!(
        credentials(&r),
        rows(&[[
            "identityGithubActionsApplications::githubFederatedIdentityCredential",
            "application 'githubActionsApp'",
            "githubFederatedIdentityCredential",
            GH,
            "repo:contoso/app:ref:refs/heads/main",
        ]])
    );
    let why = unresolved(&r);
    assert_eq!(why.len(), 2, "{why:#?}");
    assert_eq!(why[0].0, "myApp::myMsiFic");
    for says in [
        "'environment().authentication.loginEndpoint' is known only at deployment",
        "'myManagedIdentity.properties.principalId' is known only at deployment",
        "an object has no property 'publicCloud'",
    ] {
        assert!(why[0].1.contains(says), "{says}: {}", why[0].1);
    }
    assert_eq!(why[1].0, "githubActionsApp::githubFic");
    assert!(
        why[1].1.contains("parameter 'githubActionsFicSubject'"),
        "{}",
        why[1].1
    );
}

#[test]
fn aks_workload_identity_credentials_with_the_cluster_issuer_given() {
    // Azure-Samples/aks-workload-identity: nested children without an API version; issuer and
    // audiences are a module's output, given here as a user would give them.
    let issuer = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";
    let r = audit("Azure-Samples__aks-workload-identity", &[]);
    let why = unresolved(&r);
    assert_eq!(why.len(), 2);
    assert!(
        why[0].1.contains(
            "'aksconst.outputs.aksOidcFedIdentityProperties.issuer' is an output of module aksconst"
        ),
        "{}",
        why[0].1
    );
    let r = audit(
        "Azure-Samples__aks-workload-identity",
        &[
            (
                "aksconst.outputs.aksOidcFedIdentityProperties.issuer",
                issuer,
            ),
            (
                "aksconst.outputs.aksOidcFedIdentityProperties.audiences",
                "[\"api://AzureADTokenExchange\"]",
            ),
        ],
    );
    assert_eq!(
        credentials(&r),
        rows(&[
            [
                "app1id::fedCreds",
                "id-app1",
                "akswi-app1",
                issuer,
                "system:serviceaccount:app1:app1-workloadidapp1"
            ],
            [
                "app5id::fedCreds",
                "id-app5",
                "akswi-app5",
                issuer,
                "system:serviceaccount:app5:app5-workloadidapp5"
            ],
        ])
    );
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));

    // mspnp/aks-baseline: the cluster is declared 250 lines after the credential that reads its
    // issuer; only a deployment knows the issuer.
    let r = audit("mspnp__aks-baseline", &[]);
    assert!(
        unresolved(&r)[0]
            .1
            .contains("'mc.properties.oidcIssuerProfile.issuerURL' is known only at deployment")
    );
    let r = audit(
        "mspnp__aks-baseline",
        &[("mc.properties.oidcIssuerProfile.issuerURL", issuer)],
    );
    assert_eq!(
        credentials(&r),
        rows(&[[
            "podmiIngressController::federatedCreds",
            "podmi-ingress-controller",
            "ingress-controller",
            issuer,
            "system:serviceaccount:a0008:traefik-ingress-controller",
        ]])
    );
}

#[test]
fn aro_hcp_loops_over_identities_given_and_one_audience_is_not_entras() {
    let issuer = "https://westus3.oic.prod-aks.azure.com/T/C/";
    let r = audit("Azure__ARO-HCP", &[]);
    let why = unresolved(&r);
    assert_eq!(why.len(), 2);
    assert!(
        why.iter()
            .all(|(_, w)| w.contains("parameter 'workloadIdentities'")),
        "{why:?}"
    );
    let r = audit(
        "Azure__ARO-HCP",
        &[
            (
                "workloadIdentities",
                r#"[{"value": {"uamiName": "clusters-service", "namespace": "cluster-service", "serviceAccountName": "clusters-service"}}]"#,
            ),
            ("location", "westus3"),
            ("aksCluster.properties.oidcIssuerProfile.issuerURL", issuer),
        ],
    );
    assert_eq!(
        credentials(&r),
        rows(&[
            [
                "uami_fedcred[0]",
                "clusters-service",
                "clusters-service-westus3-fedcred",
                issuer,
                "system:serviceaccount:cluster-service:clusters-service"
            ],
            [
                "puller_fedcred[0]",
                "image-puller",
                "clusters-service-westus3-puller-fedcred",
                issuer,
                "system:serviceaccount:cluster-service:clusters-service"
            ],
        ])
    );
    // ACR's token exchange audience, said as Entra's rule with its edit in Bicep.
    let f = r
        .audit
        .findings
        .iter()
        .find(|f| f.code == Code::AudienceMismatch)
        .unwrap();
    assert_eq!(
        f.fic.as_deref(),
        Some("clusters-service-westus3-puller-fedcred")
    );
    assert!(
        f.edit.as_deref().unwrap().ends_with(
            "aks-cluster-base.bicep:632\n  audiences: [\n    'api://AzureADTokenExchange'\n  ]"
        ),
        "{:?}",
        f.edit
    );
}

#[test]
fn a_bicepparam_object_feeds_module_loops_two_modules_deep() {
    // gazelleUpstream/AzurePlatform: .bicepparam → items() loop of modules → module → a loop
    // over items() whose properties are the loop's value; the environment is read from an
    // environment variable when compiled, so it is given.
    let r = audit("gazelleUpstream__AzurePlatform", &[]);
    let why = unresolved(&r);
    assert_eq!(why.len(), 1);
    assert!(
        why[0].1.contains("readEnvironmentVariable()")
            && why[0].1.contains("--var 'environment=VALUE'"),
        "{}",
        why[0].1
    );
    let r = audit("gazelleUpstream__AzurePlatform", &[("environment", "prod")]);
    assert_eq!(
        credentials(&r),
        rows(&[[
            "managedIdentity[0].fed.federatedIdentityCredential[0]",
            "id-landingzones-prod",
            "github",
            GH,
            "repo:gazelle-cloud/AzurePlatform:environment:prod",
        ]])
    );
    // The other identity's credentials map is empty: said, not guessed.
    assert!(
        r.reading.notes.iter().any(|n| n
            .contains("managedIdentity[1].fed.federatedIdentityCredential loops over no items")),
        "{:?}",
        r.reading.notes
    );
}

#[test]
fn compiled_arm_templates_read_as_their_bicep_does() {
    // AVM's main.json (languageVersion 2.0): a looped nested deployment with the inner scope,
    // as Bicep compiles its module; the credentials given as the parameter a caller passes.
    let creds = r#"[
      {"name": "gh-main", "issuer": "https://token.actions.githubusercontent.com/", "subject": "repo:contoso/app:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]},
      {"name": "gh-prs", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/app:pull_request", "audiences": ["api://AzureADTokenExchange"]}
    ]"#;
    let r = audit(
        "Azure__bicep-registry-modules",
        &[("name", "uami-ci"), ("federatedIdentityCredentials", creds)],
    );
    let from_json: Vec<[String; 5]> = credentials(&r)
        .into_iter()
        .filter(|c| !c[0].starts_with("testDeployment"))
        .collect();
    assert_eq!(
        from_json,
        rows(&[
            [
                "userAssignedIdentity_federatedIdentityCredentials[0]/resources[1]",
                "uami-ci",
                "gh-main",
                "https://token.actions.githubusercontent.com/",
                "repo:contoso/app:ref:refs/heads/main"
            ],
            [
                "userAssignedIdentity_federatedIdentityCredentials[1]/resources[1]",
                "uami-ci",
                "gh-prs",
                GH,
                "repo:contoso/app:pull_request"
            ],
        ])
    );
    let slash = r
        .audit
        .findings
        .iter()
        .find(|f| f.code == Code::IssuerTrailingSlash)
        .unwrap();
    assert!(slash.edit.as_deref().unwrap().contains("\"issuer\": \"[parameters('issuer')]\"\ngives 'https://token.actions.githubusercontent.com/'"), "{:?}", slash.edit);
    assert!(
        r.audit
            .findings
            .iter()
            .any(|f| f.code == Code::PullRequestTrust),
        "{:?}",
        codes(&r)
    );
    // The e2e test's issuers hash the deployment's name: unresolved, each naming it.
    let tests: Vec<(String, String)> = unresolved(&r)
        .into_iter()
        .filter(|u| u.0.starts_with("testDeployment"))
        .collect();
    assert_eq!(tests.len(), 4, "{tests:#?}");
    assert!(
        tests
            .iter()
            .all(|(_, w)| w.contains("known only at deployment"))
    );

    // Azure/ResourceModules' archived main.json: its credentials list defaults to empty.
    let r = audit("Azure__ResourceModules", &[]);
    assert!(r.reading.credentials.is_empty() && r.reading.unresolved.is_empty());
    assert!(
        r.reading.notes.iter().any(
            |n| n.contains("userMsi_federatedIdentityCredentials's copy loop is over no items")
        )
    );
    let r = audit(
        "Azure__ResourceModules",
        &[
            ("name", "uami-old"),
            ("federatedIdentityCredentials", creds),
        ],
    );
    assert_eq!(credentials(&r).len(), 2);
    assert_eq!(r.reading.credentials[0].identity, "uami-old");
}

#[test]
fn equinor_template_bicep_and_its_compiled_json_agree() {
    // equinor/azure-github-oidc-template: main.bicep calls a module with a nested looped child;
    // azuredeploy.json is its compiled form (2.0, nested deployment, the child listed before its
    // parent). Both read the same credentials from the same values.
    let creds = r#"[{"name": "main", "subject": "repo:equinor/app:ref:refs/heads/main"}, {"name": "prod", "subject": "repo:equinor/app:environment:prod"}]"#;
    let r = audit(
        "equinor__azure-github-oidc-template",
        &[
            ("managedIdentityName", "id-app"),
            ("federatedCredentials", creds),
            ("resourceGroupName", "rg"),
        ],
    );
    let got = credentials(&r);
    let bicep: Vec<&[String; 5]> = got
        .iter()
        .filter(|c| c[0].starts_with("managedIdentity."))
        .collect();
    let arm: Vec<&[String; 5]> = got
        .iter()
        .filter(|c| c[0].starts_with("managedIdentity/"))
        .collect();
    assert_eq!(bicep.len(), 2, "{got:#?}");
    assert_eq!(arm.len(), 2, "{got:#?}");
    for (b, a) in bicep.iter().zip(&arm) {
        assert_eq!(
            b[1..],
            a[1..],
            "the same identity, name, issuer and subject"
        );
    }
    assert_eq!(
        bicep[0][0],
        "managedIdentity.managedIdentity::federatedIdentityCredential[0]"
    );
    assert_eq!(
        arm[1][0],
        "managedIdentity/managedIdentity::federatedIdentityCredential[1]"
    );
    assert_eq!(
        bicep[1][1..],
        ["id-app", "prod", GH, "repo:equinor/app:environment:prod"].map(str::to_owned)
    );
    // Both declare the same credentials on the same identity: duplicates, as one deployment of
    // both would be.
    assert!(
        r.audit
            .findings
            .iter()
            .any(|f| f.code == Code::DuplicateCredential)
    );
}

#[test]
fn registry_modules_and_conditions_only_a_deployment_decides_are_said() {
    // aks-store-demo passes its credentials to AVM's registry module, when a switch its
    // parameters file leaves to azd is on: said, then, with the switch given, the module.
    let sources = common::iac_sources(
        &fixtures(),
        &fixtures().join("Azure-Samples__aks-store-demo"),
        &keep,
    );
    let reading = iac::read(&sources, &Given::default(), Default::default());
    assert!(reading.credentials.is_empty() && reading.unresolved.is_empty());
    assert!(
        reading.notes.iter().any(|n| n.contains("module workloadidentity is not read: whether it is deployed cannot be known: parameter 'deployAzureCosmosDB' is ${DEPLOY_AZURE_COSMOSDB} in Azure-Samples__aks-store-demo/infra/bicep/main.parameters.json, which the Azure Developer CLI fills from its environment: give it with --var 'deployAzureCosmosDB=VALUE'; parameter 'deployAzureServiceBus'")),
        "{:#?}",
        reading.notes
    );
    let given = Given {
        values: vec![("deployAzureServiceBus".to_owned(), "true".to_owned())],
        ..Given::default()
    };
    let reading = iac::read(&sources, &given, Default::default());
    assert!(
        reading.notes.iter().any(|n| n.contains("infra/bicep/workloadidentity.bicep: the modules at line 13 (br/public:avm/res/managed-identity/user-assigned-identity:0.4.1) come from a registry")),
        "{:#?}",
        reading.notes
    );
    // remote-mcp-functions-dotnet: a Graph credential deployed only when a registry module's
    // outputs are not empty.
    let r = audit("Azure-Samples__remote-mcp-functions-dotnet", &[]);
    let why = unresolved(&r);
    assert_eq!(why.len(), 1);
    assert_eq!(why[0].0, "entraApp.federatedIdentityCredential");
    assert!(why[0].1.starts_with("whether it is deployed cannot be known: 'toolsUserAssignedIdentity.outputs.clientId' is an output of module toolsUserAssignedIdentity"), "{}", why[0].1);
}
