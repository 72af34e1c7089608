//! Issue 31: Terraform from real public repositories (tests/fixtures/real-terraform/SOURCES.md),
//! each module folder read as `fedcred audit --fics FOLDER` reads it, with the values a user
//! would give for what the files cannot know. The expected credentials were written from the
//! files by hand, not by running fedcred.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use fedcred_core::Code;
use fedcred_core::iac::IacAudit;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-terraform")
}

fn audit(folder: &str, values: &[(&str, &str)]) -> IacAudit {
    common::iac_audit(&fixtures(), folder, values, &|name, _| {
        name.ends_with(".tf") || name.ends_with(".tfvars")
    })
}

fn credentials(report: &IacAudit) -> Vec<[String; 5]> {
    common::iac_credentials(report)
}

fn codes(report: &IacAudit, fic: Option<&str>) -> Vec<Code> {
    let mut codes: Vec<Code> = report
        .audit
        .findings
        .iter()
        .filter(|f| f.fic.as_deref() == fic)
        .map(|f| f.code)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

fn row(cells: [&str; 5]) -> [String; 5] {
    cells.map(str::to_owned)
}

#[test]
fn a_verified_module_called_by_its_example_with_an_aks_credential() {
    // examples/federated-credentials-aks/main.tf calls the module at ../../ with a literal map.
    let report = audit(
        "Azure__terraform-azurerm-avm-res-managedidentity-userassignedidentity",
        &[],
    );
    assert_eq!(
        credentials(&report),
        [row([
            r#"module.test.azurerm_federated_identity_credential.this["aks_workload_identity"]"#,
            "module.test.azurerm_user_assigned_identity.this",
            "aks-workload-identity",
            "https://oidc.prod-aks.azure.com/EXAMPLE_TENANT_ID/EXAMPLE_CLUSTER_ID/",
            "system:serviceaccount:default:workload-identity-sa",
        ])]
    );
    // An AKS issuer ends with '/': nothing to say of it.
    assert!(
        report.audit.findings.is_empty(),
        "{:#?}",
        report.audit.findings
    );
    assert!(report.reading.unresolved.is_empty());
}

#[test]
fn equinor_gitrunner_module_trusts_two_repositories_and_pull_requests() {
    // gitrunner.tf calls ../../../modules/userassignedidentity with three credentials whose
    // names read module.config.environment (another module's output, given here).
    let report = audit(
        "equinor__radix-platform",
        &[("module.config.environment", "prod")],
    );
    let gitrunner: Vec<[String; 5]> = credentials(&report)
        .into_iter()
        .filter(|c| c[0].starts_with("module.radix_id_gitrunner."))
        .collect();
    let identity = "module.radix_id_gitrunner.azurerm_user_assigned_identity.userassignedidentity";
    let gh = "https://token.actions.githubusercontent.com";
    assert_eq!(
        gitrunner,
        [
            row([
                r#"module.radix_id_gitrunner.azurerm_federated_identity_credential.this["github_radix-platform"]"#,
                identity,
                "radix-platform-env-prod",
                gh,
                "repo:equinor/radix-platform:ref:refs/heads/master",
            ]),
            row([
                r#"module.radix_id_gitrunner.azurerm_federated_identity_credential.this["radix-id-gitrunner"]"#,
                identity,
                "radix-id-gitrunner-prod",
                gh,
                "repo:equinor/radix-internal:ref:refs/heads/main",
            ]),
            row([
                r#"module.radix_id_gitrunner.azurerm_federated_identity_credential.this["radix-id-gitrunner-radix_pull"]"#,
                identity,
                "radix-id-gitrunner-prod-radix_pull",
                gh,
                "repo:equinor/radix-internal:pull_request",
            ]),
        ]
    );
    assert_eq!(
        codes(&report, Some("radix-id-gitrunner-prod-radix_pull")),
        [Code::PullRequestTrust, Code::SubjectMutable]
    );
    assert!(
        report
            .audit
            .findings
            .iter()
            .any(|f| f.code == Code::IdentityShared && f.identity == identity)
    );
    // The Grafana credentials loop over another module's map of cluster issuers: unresolved
    // until it is given, and then one credential per cluster.
    let grafana = report
        .reading
        .unresolved
        .iter()
        .find(|u| {
            u.address == "azuread_application_federated_identity_credential.grafana-logreader"
        })
        .unwrap();
    assert!(
        grafana
            .why
            .contains("module.clusters.oidc_issuer_url is another module's output")
    );
    let report = audit(
        "equinor__radix-platform",
        &[
            ("module.config.environment", "prod"),
            (
                "module.clusters.oidc_issuer_url",
                r#"{ weekly = "https://northeurope.oic.prod-aks.azure.com/t/c/" }"#,
            ),
        ],
    );
    let subjects: Vec<String> = credentials(&report)
        .into_iter()
        .filter(|c| c[0].contains("grafana"))
        .map(|c| format!("{} {}", c[0], c[4]))
        .collect();
    assert_eq!(
        subjects,
        [
            r#"azuread_application_federated_identity_credential.grafana-logreader["weekly"] system:serviceaccount:monitor:grafana"#,
            r#"module.grafana_fedcred["weekly"].azuread_application_federated_identity_credential.this system:serviceaccount:monitor:grafana"#,
        ]
    );
}

#[test]
fn azure_devops_sample_of_2023_uses_the_retiring_issuer() {
    // terraform-oidc-config at 8f8c007: sc:// subjects on vstoken.dev.azure.com, one managed
    // identity per environment when security_option says so.
    let report = audit(
        "Azure-Samples__azure-devops-terraform-oidc-ci-cd/terraform-oidc-config",
        &[
            (
                "security_option",
                "oidc-with-user-assigned-managed-identity",
            ),
            ("azure_devops_organisation_target", "contoso"),
            ("azure_devops_project_target", "app"),
            (
                "local.azure_devops_organization_id",
                "11111111-2222-3333-4444-555555555555",
            ),
        ],
    );
    let got = credentials(&report);
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[0],
        row([
            r#"azurerm_federated_identity_credential.example["dev"]"#,
            r#"azurerm_user_assigned_identity.example["dev"]"#,
            "contoso-app-dev",
            "https://vstoken.dev.azure.com/11111111-2222-3333-4444-555555555555",
            "sc://contoso/app/service_connection_dev",
        ])
    );
    for name in ["contoso-app-dev", "contoso-app-prod", "contoso-app-test"] {
        assert_eq!(
            codes(&report, Some(name)),
            [Code::LegacyAdoIssuer],
            "{name}"
        );
    }
    // The app registration's credentials are for the other security option: none here, and said.
    assert!(
        report
            .reading
            .notes
            .iter()
            .any(|n| n.contains("github_oidc") && n.contains("empty"))
    );
    // Without the organization's ID (read with an HTTP data source), the issuer is unresolved.
    let report = audit(
        "Azure-Samples__azure-devops-terraform-oidc-ci-cd/terraform-oidc-config",
        &[
            (
                "security_option",
                "oidc-with-user-assigned-managed-identity",
            ),
            ("azure_devops_organisation_target", "contoso"),
            ("azure_devops_project_target", "app"),
        ],
    );
    assert!(report.reading.credentials.is_empty());
    let why = &report.reading.unresolved[0].why;
    assert!(
        why.starts_with("the issuer cannot be known: local.issuer_url depends on local.azure_devops_organization_id, which cannot be evaluated"),
        "{why}"
    );
    assert!(
        why.contains(
            "data.http.azure_devops_organization.response_body is read from a data source"
        ),
        "{why}"
    );
}

#[test]
fn aks_store_demo_gives_three_services_one_identity() {
    // workloadidentity.tf: three credentials, each behind a count, on one identity; the issuer
    // is the AKS module's output and the namespace a variable.
    let report = audit(
        "Azure-Samples__aks-store-demo",
        &[
            ("local.deploy_azure_openai", "true"),
            ("local.deploy_azure_servicebus", "false"),
            ("local.deploy_azure_cosmosdb", "true"),
            (
                "module.aks.oidc_issuer_profile_issuer_url",
                "https://eastus.oic.prod-aks.azure.com/t/c/",
            ),
            ("k8s_namespace", "pets"),
        ],
    );
    let subjects: Vec<String> = credentials(&report)
        .into_iter()
        .map(|c| format!("{} {} {}", c[0], c[1], c[4]))
        .collect();
    assert_eq!(
        subjects,
        [
            "azurerm_federated_identity_credential.example1[0] azurerm_user_assigned_identity.example[0] system:serviceaccount:pets:ai-service",
            "azurerm_federated_identity_credential.example2[0] azurerm_user_assigned_identity.example[0] system:serviceaccount:pets:order-service",
            "azurerm_federated_identity_credential.example3[0] azurerm_user_assigned_identity.example[0] system:serviceaccount:pets:makeline-service",
        ]
    );
    assert_eq!(codes(&report, None), [Code::IdentityShared]);
    // Without the locals (declared in a file not copied), the counts are unresolved.
    let report = audit("Azure-Samples__aks-store-demo", &[]);
    assert_eq!(report.reading.unresolved.len(), 3);
    assert!(
        report.reading.unresolved[0]
            .why
            .contains("local.deploy_azure_openai is not declared")
    );
}

#[test]
#[allow(clippy::type_complexity)]
fn the_others_say_what_would_resolve_them() {
    let cases: &[(&str, &[(&str, &str)], &str, &str)] = &[
        (
            "Azure__aks-app-routing-operator",
            &[],
            "azurerm_federated_identity_credential.wi_dev",
            "azurerm_kubernetes_cluster.cluster.oidc_issuer_url is known only once Terraform has applied it: give it with --var azurerm_kubernetes_cluster.cluster.oidc_issuer_url=VALUE",
        ),
        (
            // main.tf writes "${prefix}" where it means local.prefix (as committed).
            "smarongiu__terraform-azure-gitlab-oidc",
            &[(
                "gitlab_credential_subjects",
                r#"["project_path:mygroup/myproject:ref_type:branch:ref:main"]"#,
            )],
            "azuread_application_federated_identity_credential.gitlab_credential[0]",
            "'prefix' is no reference Terraform accepts",
        ),
        (
            "zioproto__istio-aks-example",
            &[],
            "azurerm_federated_identity_credential.alb_controller",
            "module.aks.oidc_issuer_url is another module's output",
        ),
        (
            "blinqas__station",
            &[],
            "azuread_application_federated_identity_credential.tfc-plan",
            "the subject cannot be known: var.deployments_tfc_workspace_name is not declared",
        ),
        (
            "Azure-Samples__github-terraform-oidc-ci-cd/terraform-oidc-config",
            &[],
            r#"azurerm_federated_identity_credential.example["dev"]"#,
            "the name and subject cannot be known: github_repository.example.name is set from a value that cannot be known (random_pet.example.id",
        ),
    ];
    for (folder, values, address, says) in cases {
        let report = audit(folder, values);
        let u = report
            .reading
            .unresolved
            .iter()
            .find(|u| u.address == *address)
            .unwrap_or_else(|| panic!("{folder}: {address} not unresolved: {:#?}", report.reading));
        assert!(u.why.contains(says), "{folder}: {}", u.why);
    }
    // Given what they lack, they are read.
    let report = audit(
        "zioproto__istio-aks-example",
        &[(
            "module.aks.oidc_issuer_url",
            "https://westeurope.oic.prod-aks.azure.com/t/c/",
        )],
    );
    assert_eq!(
        credentials(&report),
        [row([
            "azurerm_federated_identity_credential.alb_controller",
            "azurerm_user_assigned_identity.alb_controller",
            "azure-alb-identity",
            "https://westeurope.oic.prod-aks.azure.com/t/c/",
            "system:serviceaccount:azure-alb-system:alb-controller-sa",
        ])]
    );
    let report = audit(
        "hmcts__fact-data-api",
        &[
            ("env", "aat"),
            (
                "data.azurerm_user_assigned_identity.fact_mi.name",
                "fact-aat-mi",
            ),
            (
                "data.azurerm_user_assigned_identity.fact_mi.tenant_id",
                "531ff96d-0ae9-462a-8d2d-bec7c0b42082",
            ),
            (
                "data.azurerm_user_assigned_identity.fact_mi.principal_id",
                "00000000-1111-2222-3333-444444444444",
            ),
        ],
    );
    let got = credentials(&report);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0][1],
        "data.azuread_application.fact_admin_frontend_app"
    );
    assert_eq!(
        got[0][3],
        "https://login.microsoftonline.com/531ff96d-0ae9-462a-8d2d-bec7c0b42082/v2.0"
    );
    // In prod, count is 0: no credential, and the notes say why.
    let report = audit("hmcts__fact-data-api", &[("env", "prod")]);
    assert!(report.reading.credentials.is_empty() && report.reading.notes.len() == 2);
    // The accelerator's module loops over a variable whose default is empty.
    let report = audit("Azure__accelerator-bootstrap-modules", &[]);
    assert!(report.reading.credentials.is_empty());
    assert!(report.reading.notes.iter().any(|n| n.contains("azurerm_federated_identity_credential.alz") && n.contains("empty")));
}
