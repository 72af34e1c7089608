use super::{Action, Given, Kind, Source, audit, kind_of, read};
use crate::finding::Code;

const GH: &str = "https://token.actions.githubusercontent.com";

fn given(values: &[(&str, &str)]) -> Given {
    Given {
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Given::default()
    }
}

/// `(address, subject)` of every credential read from one `main.tf`.
fn subjects(tf: &str, values: &[(&str, &str)]) -> Vec<(String, String)> {
    read(
        &[Source::new("main.tf", tf)],
        &given(values),
        Default::default(),
    )
    .credentials
    .into_iter()
    .map(|d| {
        (
            d.address,
            d.credential
                .subject()
                .or(d.credential.expression())
                .unwrap_or_default()
                .to_owned(),
        )
    })
    .collect()
}

fn azurerm(extra: &str, subject: &str) -> String {
    format!(
        r#"resource "azurerm_federated_identity_credential" "c" {{
  {extra}
  name      = "c"
  parent_id = azurerm_user_assigned_identity.id.id
  issuer    = "{GH}"
  subject   = {subject}
  audience  = ["api://AzureADTokenExchange"]
}}"#
    )
}

#[test]
#[allow(clippy::type_complexity)]
fn loops_and_values_expand_as_terraform_expands_them() {
    let cases: &[(&str, String, &[(&str, &str)], &[(&str, &str)])] = &[
        (
            "for_each over a set: each.key is the value, in lexical order",
            azurerm(
                r#"for_each = toset(["prod", "dev", "prod"])"#,
                r#""repo:contoso/app:environment:${each.key}""#,
            ),
            &[],
            &[
                (
                    r#"azurerm_federated_identity_credential.c["dev"]"#,
                    "repo:contoso/app:environment:dev",
                ),
                (
                    r#"azurerm_federated_identity_credential.c["prod"]"#,
                    "repo:contoso/app:environment:prod",
                ),
            ],
        ),
        (
            "for_each over a map of objects from a local",
            format!(
                "locals {{\n  envs = {{ b = {{ name = \"Production\" }}, a = {{ name = \"Dev\" }} }}\n}}\n{}",
                azurerm(
                    "for_each = local.envs",
                    r#""repo:contoso/app:environment:${each.value.name}""#
                )
            ),
            &[],
            &[
                (
                    r#"azurerm_federated_identity_credential.c["a"]"#,
                    "repo:contoso/app:environment:Dev",
                ),
                (
                    r#"azurerm_federated_identity_credential.c["b"]"#,
                    "repo:contoso/app:environment:Production",
                ),
            ],
        ),
        (
            "count with count.index into a list variable",
            format!(
                "variable \"branches\" {{\n  type = list(string)\n  default = [\"main\", \"release\"]\n}}\n{}",
                azurerm(
                    "count = length(var.branches)",
                    r#""repo:contoso/app:ref:refs/heads/${var.branches[count.index]}""#
                )
            ),
            &[],
            &[
                (
                    "azurerm_federated_identity_credential.c[0]",
                    "repo:contoso/app:ref:refs/heads/main",
                ),
                (
                    "azurerm_federated_identity_credential.c[1]",
                    "repo:contoso/app:ref:refs/heads/release",
                ),
            ],
        ),
        (
            "a variable without default, given with --var",
            format!(
                "variable \"repo\" {{}}\n{}",
                azurerm("", r#""repo:${var.repo}:ref:refs/heads/main""#)
            ),
            &[("repo", "contoso/app")],
            &[(
                "azurerm_federated_identity_credential.c",
                "repo:contoso/app:ref:refs/heads/main",
            )],
        ),
        (
            "a list variable given in HCL with --var",
            format!(
                "variable \"envs\" {{ type = set(string) }}\n{}",
                azurerm(
                    "for_each = var.envs",
                    r#""repo:o/r:environment:${each.key}""#
                )
            ),
            &[("envs", r#"["qa"]"#)],
            &[(
                r#"azurerm_federated_identity_credential.c["qa"]"#,
                "repo:o/r:environment:qa",
            )],
        ),
        (
            "format, lower, join, lookup with a default and merge",
            format!(
                "locals {{\n  base = {{ org = \"Contoso\" }}\n  all = merge(local.base, {{ repo = \"App\" }})\n}}\n{}",
                azurerm(
                    "",
                    r#"format("repo:%s/%s:%s", lower(local.all.org), lower(lookup(local.all, "repo", "x")), join(":", ["ref", "refs/heads/main"]))"#
                )
            ),
            &[],
            &[(
                "azurerm_federated_identity_credential.c",
                "repo:contoso/app:ref:refs/heads/main",
            )],
        ),
        (
            "a data source's attribute given with --var",
            azurerm(
                "",
                r#""repo:${data.github_repository.app.full_name}:pull_request""#,
            ),
            &[("data.github_repository.app.full_name", "contoso/app")],
            &[(
                "azurerm_federated_identity_credential.c",
                "repo:contoso/app:pull_request",
            )],
        ),
        (
            "a conditional on a variable",
            format!(
                "variable \"immutable\" {{ default = false }}\n{}",
                azurerm(
                    "",
                    r#"var.immutable ? "repo:contoso@1/app@2:pull_request" : "repo:contoso/app:pull_request""#
                )
            ),
            &[],
            &[(
                "azurerm_federated_identity_credential.c",
                "repo:contoso/app:pull_request",
            )],
        ),
    ];
    for (situation, tf, values, expected) in cases {
        let got = subjects(tf, values);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, s)| ((*a).to_owned(), (*s).to_owned()))
            .collect();
        assert_eq!(got, expected, "{situation}");
    }
}

#[test]
#[allow(clippy::type_complexity)]
fn values_follow_terraforms_precedence() {
    let tf = format!(
        "variable \"env\" {{\n  type    = string\n  default = \"default\"\n}}\n{}",
        azurerm("", r#""repo:o/r:environment:${var.env}""#)
    );
    let cases: &[(&str, &[(&str, &str)], &[(&str, &str)], &str)] = &[
        ("the default alone", &[], &[], "default"),
        (
            "terraform.tfvars over the default",
            &[("terraform.tfvars", "env = \"tfvars\"")],
            &[],
            "tfvars",
        ),
        (
            "*.auto.tfvars over terraform.tfvars, the last in lexical order winning",
            &[
                ("b.auto.tfvars", "env = \"b\""),
                ("terraform.tfvars", "env = \"tfvars\""),
                ("a.auto.tfvars", "env = \"a\""),
            ],
            &[],
            "b",
        ),
        (
            "--var over every file",
            &[("terraform.tfvars", "env = \"tfvars\"")],
            &[("env", "cli")],
            "cli",
        ),
        (
            "var.NAME is the same as NAME",
            &[],
            &[("var.env", "cli")],
            "cli",
        ),
        (
            "a declared string that looks like a list stays text",
            &[],
            &[("env", "[x]")],
            "[x]",
        ),
    ];
    for (situation, files, values, expected) in cases {
        let mut sources = vec![Source::new("main.tf", tf.clone())];
        sources.extend(files.iter().map(|(n, t)| Source::new(*n, *t)));
        let reading = read(&sources, &given(values), Default::default());
        assert_eq!(
            reading
                .credentials
                .first()
                .and_then(|d| d.credential.subject()),
            Some(format!("repo:o/r:environment:{expected}").as_str()),
            "{situation}: {reading:?}"
        );
    }
    // A .tfvars file Terraform does not load by itself is said, not read.
    let reading = read(
        &[
            Source::new("main.tf", tf.clone()),
            Source::new("prod.tfvars", "env = \"prod\""),
        ],
        &Given::default(),
        Default::default(),
    );
    assert_eq!(
        reading.credentials[0].credential.subject(),
        Some("repo:o/r:environment:default")
    );
    assert!(
        reading.notes[0].contains("prod.tfvars was not read")
            && reading.notes[0].contains("--var-file")
    );
    // Given as a --var-file, it is.
    let reading = read(
        &[Source::new("main.tf", tf)],
        &Given {
            files: vec![Source::new("prod.tfvars", "env = \"prod\"")],
            ..Given::default()
        },
        Default::default(),
    );
    assert_eq!(
        reading.credentials[0].credential.subject(),
        Some("repo:o/r:environment:prod")
    );
}

#[test]
fn what_the_files_cannot_say_is_unresolved_with_what_would_resolve_it() {
    let cases: &[(&str, String, &[&str])] = &[
        (
            "a variable without default or value",
            format!(
                "variable \"repo\" {{}}\n{}",
                azurerm("", r#""repo:${var.repo}:pull_request""#)
            ),
            &["var.repo has no default", "--var repo=VALUE"],
        ),
        (
            "a variable never declared",
            azurerm("", r#""repo:${var.repo}:pull_request""#),
            &["var.repo is not declared"],
        ),
        (
            "the cluster's issuer, known after apply",
            r#"resource "azurerm_federated_identity_credential" "aks" {
  name      = "aks"
  parent_id = azurerm_user_assigned_identity.id.id
  issuer    = azurerm_kubernetes_cluster.aks.oidc_issuer_url
  subject   = "system:serviceaccount:default:app"
  audience  = ["api://AzureADTokenExchange"]
}"#
            .to_owned(),
            &[
                "azurerm_kubernetes_cluster.aks.oidc_issuer_url is known only once Terraform has applied it",
                "--var azurerm_kubernetes_cluster.aks.oidc_issuer_url=VALUE",
            ],
        ),
        (
            "a module's output",
            azurerm("", "module.repo.subject"),
            &["module.repo.subject is another module's output"],
        ),
        (
            "a data source in for_each",
            azurerm(
                "for_each = data.github_repositories.all.names",
                r#""repo:o/${each.key}:pull_request""#,
            ),
            &[
                "for_each cannot be evaluated",
                "data.github_repositories.all.names is read from a data source",
            ],
        ),
        (
            "locals that refer to each other",
            format!(
                "locals {{\n  a = local.b\n  b = \"x${{local.a}}\"\n}}\n{}",
                azurerm("", "local.a")
            ),
            &["cycle", "local.a", "local.b"],
        ),
        (
            "a function fedcred does not evaluate",
            azurerm("", r#"templatefile("sub.tpl", {})"#),
            &["templatefile", "does not evaluate"],
        ),
        (
            "a for_each over too many instances",
            format!(
                "locals {{\n  many = {{ {} }}\n}}\n{}",
                (0..=super::terraform::MAX_INSTANCES)
                    .map(|i| format!("k{i} = \"v\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                azurerm(
                    "for_each = local.many",
                    r#""repo:o/r:environment:${each.key}""#
                )
            ),
            &["10001 instances", "up to 10000"],
        ),
    ];
    for (situation, tf, says) in cases {
        let reading = read(
            &[Source::new("main.tf", tf.clone())],
            &Given::default(),
            Default::default(),
        );
        assert!(reading.credentials.is_empty(), "{situation}: {reading:?}");
        let why = &reading
            .unresolved
            .first()
            .unwrap_or_else(|| panic!("{situation}: nothing unresolved"))
            .why;
        for s in *says {
            assert!(why.contains(s), "{situation}: '{why}' does not say '{s}'");
        }
    }
    // The page says where to give a value in its own words.
    let reading = read(
        &[Source::new(
            "main.tf",
            format!(
                "variable \"repo\" {{}}\n{}",
                azurerm("", r#""repo:${var.repo}:pull_request""#)
            ),
        )],
        &Given::default(),
        crate::face::Face::Page,
    );
    assert!(
        reading.unresolved[0].why.contains("in the Values box")
            && !reading.unresolved[0].why.contains("--var")
    );
}

#[test]
fn every_provider_version_of_the_three_resources_is_read() {
    let tf = r#"
resource "azurerm_federated_identity_credential" "v3" {
  name                = "v3"
  resource_group_name = "rg"
  parent_id           = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-one"
  issuer              = "https://token.actions.githubusercontent.com"
  subject             = "repo:o/r:environment:prod"
  audience            = ["api://AzureADTokenExchange"]
}
resource "azurerm_federated_identity_credential" "v5" {
  name                      = "v5"
  user_assigned_identity_id = azurerm_user_assigned_identity.two.id
  issuer                    = "https://token.actions.githubusercontent.com"
  subject                   = "repo:o/r:environment:dev"
  audience                  = ["api://AzureADTokenExchange"]
}
resource "azuread_application_federated_identity_credential" "v2" {
  application_object_id = azuread_application.app.object_id
  display_name          = "v2"
  audiences             = ["api://AzureADTokenExchange"]
  issuer                = "https://token.actions.githubusercontent.com"
  subject               = "repo:o/r:ref:refs/heads/main"
}
resource "azuread_application_federated_identity_credential" "v3" {
  application_id = azuread_application.app.id
  display_name   = "v3-app"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:o/r:ref:refs/heads/release"
}
resource "azuread_application_flexible_federated_identity_credential" "flex" {
  application_id             = azuread_application.app.id
  display_name               = "flex"
  audience                   = "api://AzureADTokenExchange"
  issuer                     = "https://token.actions.githubusercontent.com"
  claims_matching_expression = "claims['sub'] matches 'repo:o/r:ref:refs/heads/*' and claims['repository_id'] eq '42'"
}
"#;
    let reading = read(
        &[Source::new("main.tf", tf)],
        &Given::default(),
        Default::default(),
    );
    let got: Vec<(&str, &str, bool)> = reading
        .credentials
        .iter()
        .map(|d| {
            (
                d.credential.name.as_str(),
                d.identity.as_str(),
                d.credential.is_flexible(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("v3", "mi-one", false),
            ("v5", "azurerm_user_assigned_identity.two", false),
            ("v2", "azuread_application.app", false),
            ("v3-app", "azuread_application.app", false),
            ("flex", "azuread_application.app", true),
        ]
    );
    assert_eq!(
        reading.credentials[0].location.resource_group.as_deref(),
        Some("rg")
    );
    assert!(reading.unresolved.is_empty() && reading.unreadable.is_empty());
}

#[test]
fn findings_carry_the_lines_to_change_in_the_file() {
    let tf = format!(
        r#"variable "org" {{ default = "contoso" }}
resource "azurerm_federated_identity_credential" "slash" {{
  name      = "slash"
  parent_id = azurerm_user_assigned_identity.id.id
  issuer    = "{GH}/"
  subject   = "repo:contoso/app:environment:prod"
  audience  = ["api://AzureADTokenExchange"]
}}
resource "azurerm_federated_identity_credential" "aud" {{
  name      = "aud"
  parent_id = azurerm_user_assigned_identity.id.id
  issuer    = "{GH}"
  subject   = "repo:contoso/app:environment:dev"
  audience  = ["api://AzureADTokenExchange/"]
}}
resource "azurerm_federated_identity_credential" "dup" {{
  name      = "dup"
  parent_id = azurerm_user_assigned_identity.id.id
  issuer    = "{GH}"
  subject   = "repo:${{var.org}}/app:environment:dev "
  audience  = ["api://AzureADTokenExchange"]
}}
"#
    );
    let report = audit(
        read(
            &[Source::new("infra/main.tf", tf)],
            &Given::default(),
            Default::default(),
        ),
        &Default::default(),
    );
    let edit = |code: Code, fic: &str| {
        report
            .audit
            .findings
            .iter()
            .find(|f| f.code == code && f.fic.as_deref() == Some(fic))
            .and_then(|f| f.edit.clone())
            .unwrap_or_else(|| panic!("no edit for {code} on {fic}: {:#?}", report.audit.findings))
    };
    assert_eq!(
        edit(Code::IssuerTrailingSlash, "slash"),
        format!("infra/main.tf:5\n  issuer = \"{GH}\"")
    );
    assert_eq!(
        edit(Code::AudienceMismatch, "aud"),
        "infra/main.tf:14\n  audience = [\"api://AzureADTokenExchange\"]"
    );
    // An interpolated value: the line as written, what it gives, and what it should give.
    let ws = edit(Code::SubjectWhitespace, "dup");
    assert!(
        ws.starts_with("infra/main.tf:20\n  subject = \"repo:${var.org}/app:environment:dev \"\n"),
        "{ws}"
    );
    assert!(
        ws.contains("so that it gives 'repo:contoso/app:environment:dev'"),
        "{ws}"
    );
    // No az command or migration script for a credential Terraform manages.
    assert!(
        report
            .audit
            .findings
            .iter()
            .all(|f| f.command.is_none() && f.migration.is_none())
    );
    assert!(
        report
            .audit
            .findings
            .iter()
            .all(|f| !f.fix.contains("az identity")),
        "{:#?}",
        report.audit.findings
    );
}

#[test]
fn the_limit_is_counted_per_identity_across_files() {
    let file = |from: usize, to: usize| {
        (from..to)
            .map(|i| {
                format!(
                    "resource \"azurerm_federated_identity_credential\" \"c{i}\" {{\n  name = \"env-{i}\"\n  parent_id = azurerm_user_assigned_identity.shared.id\n  issuer = \"{GH}\"\n  subject = \"repo:o/r:environment:e{i}\"\n  audience = [\"api://AzureADTokenExchange\"]\n}}\n"
                )
            })
            .collect::<String>()
    };
    let sources = [
        Source::new("a/one.tf", file(0, 11)),
        Source::new("b/two.tf", file(11, 21)),
    ];
    let report = audit(
        read(&sources, &Given::default(), Default::default()),
        &Default::default(),
    );
    assert_eq!(report.audit.identities.len(), 1);
    assert_eq!(report.audit.identities[0].credentials, 21);
    assert!(
        report
            .audit
            .findings
            .iter()
            .any(|f| f.code == Code::SetLimit && f.severity == crate::Severity::Error)
    );
}

#[test]
fn files_that_cannot_be_read_say_why_and_the_rest_is_read() {
    let good = azurerm("", r#""repo:o/r:pull_request""#);
    let cases: &[(&str, String, &str)] = &[
        (
            "a syntax error",
            "resource \"azurerm_federated_identity_credential\" \"x\" {\n  name = \n}".to_owned(),
            "is not valid HCL at line 2, column 10",
        ),
        (
            "deep nesting",
            format!("a = {}1{}", "[".repeat(5000), "]".repeat(5000)),
            "nests brackets or interpolations over 64 deep",
        ),
        (
            "a 10 MB file",
            format!("# {}\n", "x".repeat(10_000_000)),
            "fedcred reads Terraform files of up to 4 MiB",
        ),
        (
            "interpolations nested deep",
            format!("a = \"{}\"", "${\"".repeat(3000)),
            "over 64 deep",
        ),
    ];
    for (situation, bad, says) in cases {
        let reading = read(
            &[
                Source::new("bad.tf", bad.clone()),
                Source::new("good.tf", good.clone()),
            ],
            &Given::default(),
            Default::default(),
        );
        assert_eq!(reading.credentials.len(), 1, "{situation}");
        assert!(
            reading.unreadable[0].message.contains(says),
            "{situation}: {}",
            reading.unreadable[0].message
        );
        let report = audit(reading, &Default::default());
        assert!(
            report
                .audit
                .findings
                .iter()
                .any(|f| f.code == Code::IacUnreadable),
            "{situation}"
        );
    }
}

#[test]
fn plans_and_states_say_what_the_apply_does() {
    let plan = r#"{"format_version":"1.2","terraform_version":"1.14.0",
 "planned_values":{"root_module":{"resources":[],"child_modules":[{"address":"module.ci","resources":[
   {"address":"module.ci.azurerm_federated_identity_credential.gh[\"prod\"]","mode":"managed","type":"azurerm_federated_identity_credential","name":"gh","index":"prod",
    "values":{"name":"gh-prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:environment:prod","audience":["api://AzureADTokenExchange"],"parent_id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi"}},
   {"address":"module.ci.azurerm_federated_identity_credential.aks","mode":"managed","type":"azurerm_federated_identity_credential","name":"aks",
    "values":{"name":"aks","subject":"system:serviceaccount:ns:sa","audience":["api://AzureADTokenExchange"]}},
   {"address":"module.ci.azuread_application_federated_identity_credential.same","mode":"managed","type":"azuread_application_federated_identity_credential","name":"same",
    "values":{"display_name":"same","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"],"application_id":"/applications/0000"}}
 ]}]}},
 "resource_changes":[
  {"address":"module.ci.azurerm_federated_identity_credential.gh[\"prod\"]","type":"azurerm_federated_identity_credential","change":{"actions":["delete","create"],"before":{},"after":{},"after_unknown":{}}},
  {"address":"module.ci.azurerm_federated_identity_credential.aks","type":"azurerm_federated_identity_credential","change":{"actions":["create"],"before":null,"after":{},"after_unknown":{"issuer":true}}},
  {"address":"module.ci.azuread_application_federated_identity_credential.same","type":"azuread_application_federated_identity_credential","change":{"actions":["create","delete"],
    "before":{"display_name":"same","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"],"application_id":"/applications/0000"},"after":{}}},
  {"address":"azurerm_federated_identity_credential.old","type":"azurerm_federated_identity_credential","change":{"actions":["delete"],
    "before":{"name":"old","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:environment:old","audience":["api://AzureADTokenExchange"],"parent_id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi"},"after":null}}
 ]}"#;
    assert_eq!(kind_of("plan.json", plan), Some(Kind::TerraformJson));
    let reading = read(
        &[Source::new("plan.json", plan)],
        &Given::default(),
        Default::default(),
    );
    let got: Vec<(&str, Option<Action>)> = reading
        .credentials
        .iter()
        .map(|d| (d.address.as_str(), d.action))
        .collect();
    assert_eq!(
        got,
        [
            (
                "module.ci.azurerm_federated_identity_credential.gh[\"prod\"]",
                Some(Action::DeleteThenCreate)
            ),
            (
                "module.ci.azuread_application_federated_identity_credential.same",
                Some(Action::CreateThenDelete)
            ),
            (
                "azurerm_federated_identity_credential.old",
                Some(Action::Delete)
            ),
        ]
    );
    assert_eq!(reading.credentials[0].identity, "mi");
    assert_eq!(reading.credentials[1].identity, "application 0000");
    assert!(
        reading.unresolved[0]
            .why
            .contains("the issuer is known only once the plan is applied")
    );
    let report = audit(reading, &Default::default());
    let said = |code: Code, fic: &str| {
        report
            .audit
            .findings
            .iter()
            .any(|f| f.code == code && f.fic.as_deref() == Some(fic))
    };
    assert!(said(Code::PlanReplacesCredential, "gh-prod"));
    assert!(said(Code::PlanReplacesCredential, "same"));
    assert!(said(Code::PlanDeletesCredential, "old"));
    // The deleted credential no longer counts on its identity.
    assert_eq!(
        report
            .audit
            .identities
            .iter()
            .find(|i| i.name == "mi")
            .map(|i| i.credentials),
        Some(1)
    );

    let state = r#"{"version":4,"terraform_version":"1.9.0","serial":3,"lineage":"x","outputs":{},"resources":[
 {"module":"module.ci","mode":"managed","type":"azuread_application_federated_identity_credential","name":"env","provider":"provider[\"registry.terraform.io/hashicorp/azuread\"]",
  "instances":[{"index_key":"dev","attributes":{"display_name":"dev","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:environment:dev","audiences":["api://AzureADTokenExchange"],"application_object_id":"1111"}},
               {"index_key":0,"attributes":{"display_name":"zero","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:environment:zero","audiences":["api://AzureADTokenExchange"],"application_object_id":"1111"}}]},
 {"mode":"data","type":"azuread_client_config","name":"current","instances":[]}]}"#;
    assert_eq!(
        kind_of("terraform.tfstate", state),
        Some(Kind::TerraformJson)
    );
    let reading = read(
        &[Source::new("terraform.tfstate", state)],
        &Given::default(),
        Default::default(),
    );
    let got: Vec<(&str, &str)> = reading
        .credentials
        .iter()
        .map(|d| (d.address.as_str(), d.identity.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "module.ci.azuread_application_federated_identity_credential.env[\"dev\"]",
                "application 1111"
            ),
            (
                "module.ci.azuread_application_federated_identity_credential.env[0]",
                "application 1111"
            ),
        ]
    );
    let shown = r#"{"format_version":"1.0","terraform_version":"1.14.0","values":{"root_module":{"resources":[
 {"address":"azurerm_federated_identity_credential.x","mode":"managed","type":"azurerm_federated_identity_credential","name":"x","values":{"name":"x","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:pull_request","audience":["api://AzureADTokenExchange"],"user_assigned_identity_id":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi2"}}]}}}"#;
    let reading = read(
        &[Source::new("state.json", shown)],
        &Given::default(),
        Default::default(),
    );
    assert_eq!(reading.credentials[0].identity, "mi2");
    assert_eq!(reading.credentials[0].action, None);
}

#[test]
fn files_are_told_apart_by_name_and_content() {
    for (name, text, expected) in [
        ("main.tf", "", Some(Kind::Terraform)),
        ("PROD.TFVARS", "", Some(Kind::TerraformVars)),
        (
            "pasted",
            "resource \"azurerm_federated_identity_credential\" \"x\" {",
            Some(Kind::Terraform),
        ),
        ("pasted", "[{\"name\": \"x\", \"issuer\": \"i\"}]", None),
        ("pasted", "{\"value\": []}", None),
        (
            "pasted",
            "{\"format_version\": \"1.2\", \"planned_values\": {}}",
            Some(Kind::TerraformJson),
        ),
        (
            "pasted",
            "jobs:\n  build:\n    runs-on: ubuntu-latest",
            None,
        ),
    ] {
        assert_eq!(kind_of(name, text), expected, "{name}: {text}");
    }
}

#[test]
fn the_json_contract_lists_credentials_and_unresolved() {
    let tf = format!(
        "variable \"repo\" {{}}\n{}\n{}",
        azurerm("", r#""repo:o/r:pull_request""#).replace("\"c\" {", "\"known\" {"),
        azurerm("", r#""repo:${var.repo}:pull_request""#)
    );
    let report = audit(
        read(
            &[Source::new("main.tf", tf)],
            &Given::default(),
            Default::default(),
        ),
        &Default::default(),
    );
    let json = report.to_json();
    let credential = &json
        .get("credentials")
        .and_then(|c| c.as_array())
        .expect("credentials")[0];
    for key in [
        "resource_address",
        "name",
        "issuer",
        "subject",
        "expression",
        "audiences",
        "identity",
        "file",
        "line",
        "language",
    ] {
        assert!(credential.get(key).is_some(), "{key}");
    }
    assert_eq!(
        credential.get("resource_address").and_then(|v| v.as_str()),
        Some("azurerm_federated_identity_credential.known")
    );
    assert!(credential.get("expression").is_some_and(|v| v.is_null()));
    let unresolved = &json
        .get("unresolved")
        .and_then(|c| c.as_array())
        .expect("unresolved")[0];
    assert_eq!(
        unresolved.get("resource_address").and_then(|v| v.as_str()),
        Some("azurerm_federated_identity_credential.c")
    );
    assert!(
        unresolved
            .get("why")
            .and_then(|v| v.as_str())
            .is_some_and(|w| w.contains("var.repo"))
    );
}

#[test]
fn declarations_the_provider_refuses_are_errors_on_their_line() {
    let cases: &[(&str, &str, Code, &str)] = &[
        (
            // hashicorp/terraform-provider-azuread#1106 (2023-05-17), as pasted there.
            "an app registration's credential pointed at a managed identity",
            r#"resource "azuread_application_federated_identity_credential" "federated_cred" {
   application_object_id = azurerm_user_assigned_identity.identity_id.principal_id
  display_name          = "mynamespace--sadefault"
  audiences             = ["api://AzureADTokenExchange"]
  issuer                = "https://eastus.oic.prod-aks.azure.com/t/c/"
  subject               = "system:serviceaccount:mynamespace:sadefault"
}"#,
            Code::IacParentMismatch,
            "main.tf:2",
        ),
        (
            // Altinn/altinn-platform PR #1673 at 1f1d7e53 wrote the audience so (fixed in d8801187).
            "azurerm's audience as one string",
            r#"resource "azurerm_federated_identity_credential" "a" {
  name      = "github-main"
  parent_id = azurerm_user_assigned_identity.x.id
  issuer    = "https://token.actions.githubusercontent.com"
  subject   = "repo:o/r:ref:refs/heads/main"
  audience  = "api://AzureADTokenExchange"
}"#,
            Code::IacArgumentInvalid,
            "main.tf:6",
        ),
        (
            // hashicorp/terraform-provider-azurerm#28555 asked for this argument; it does not exist.
            "a claims expression on the plain resource",
            r#"resource "azuread_application_federated_identity_credential" "example" {
  application_id = azuread_application_registration.example.id
  display_name   = "my-repo-deploy"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:my-organization/my-repo:environment:prod"
  claimsmatchingexpression = "repo:my-organization/my-repo:environment:prod"
}"#,
            Code::IacArgumentInvalid,
            "main.tf:7",
        ),
    ];
    let list_var = format!(
        "variable \"envs\" {{\n  type    = list(string)\n  default = [\"dev\"]\n}}\n{}",
        azurerm(
            "for_each = var.envs",
            r#""repo:o/r:environment:${each.key}""#
        )
    );
    let list_literal = azurerm(
        r#"for_each = ["dev", "prod"]"#,
        r#""repo:o/r:environment:${each.key}""#,
    );
    let cases: Vec<(&str, &str, Code, &str)> = cases
        .iter()
        .copied()
        .chain([
            (
                "for_each over a list variable",
                list_var.as_str(),
                Code::IacArgumentInvalid,
                "main.tf:6",
            ),
            (
                "for_each over a list literal",
                list_literal.as_str(),
                Code::IacArgumentInvalid,
                "main.tf:2",
            ),
        ])
        .collect();
    for (situation, tf, code, at) in &cases {
        let report = audit(
            read(
                &[Source::new("main.tf", *tf)],
                &Given::default(),
                Default::default(),
            ),
            &Default::default(),
        );
        let f = report
            .audit
            .findings
            .iter()
            .find(|f| f.code == *code)
            .unwrap_or_else(|| panic!("{situation}: {:#?}", report.audit.findings));
        assert_eq!(f.severity, crate::Severity::Error, "{situation}");
        assert_eq!(f.edit.as_deref(), Some(*at), "{situation}");
        assert!(
            report.audit.identities.iter().any(|i| i.name == f.identity),
            "{situation}: said under its identity"
        );
    }
}

#[test]
fn hostile_modules_end_quickly_with_a_message() {
    let started = std::time::Instant::now();
    // Each local doubles the one before: 2^40 characters if nothing stopped it.
    let mut doubling = String::from(
        "locals {\n  l0 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n",
    );
    for i in 1..=40 {
        doubling.push_str(&format!(
            "  l{i} = \"${{local.l{}}}${{local.l{}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    doubling.push_str("}\n");
    doubling.push_str(&azurerm("", r#""repo:o/r:environment:${local.l40}""#));
    let reading = read(
        &[Source::new("main.tf", doubling)],
        &Given::default(),
        Default::default(),
    );
    assert!(
        reading.unresolved[0].why.contains("holds over"),
        "{}",
        reading.unresolved[0].why
    );
    // The same with lists.
    let mut lists = String::from("locals {\n  l0 = [\"x\"]\n");
    for i in 1..=40 {
        lists.push_str(&format!("  l{i} = [local.l{}, local.l{}]\n", i - 1, i - 1));
    }
    lists.push_str("}\n");
    lists.push_str(&azurerm(
        "for_each = toset(flatten(local.l40))",
        r#""repo:o/r:environment:${each.key}""#,
    ));
    let reading = read(
        &[Source::new("main.tf", lists)],
        &Given::default(),
        Default::default(),
    );
    assert!(
        reading.unresolved[0].why.contains("holds over"),
        "{}",
        reading.unresolved[0].why
    );
    // A large local read by 10,000 instances: stopped by the budget, not copied 10,000 times.
    let big = format!(
        "locals {{\n  big = \"{}\"\n  keys = {{ {} }}\n}}\n{}",
        "y".repeat(3_000_000),
        (0..10_000)
            .map(|i| format!("k{i} = 1"))
            .collect::<Vec<_>>()
            .join(", "),
        azurerm(
            "for_each = local.keys",
            r#""repo:o/r:environment:${each.key}${substr(local.big, 0, 1)}""#
        )
    );
    let reading = read(
        &[Source::new("main.tf", big)],
        &Given::default(),
        Default::default(),
    );
    assert!(
        reading
            .unresolved
            .iter()
            .any(|u| u.why.contains("it stops there")),
        "{:?}",
        reading.unresolved.first()
    );
    // Modules calling each other in a loop.
    let a = "module \"b\" {\n  source = \"../b\"\n}\n";
    let b = format!(
        "module \"a\" {{\n  source = \"../a\"\n}}\n{}",
        azurerm("", r#""repo:o/r:pull_request""#)
    );
    let reading = read(
        &[Source::new("a/main.tf", a), Source::new("b/main.tf", b)],
        &Given::default(),
        Default::default(),
    );
    assert!(reading.credentials.len() + reading.unresolved.len() >= 1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn duplicates_in_a_declaration_fail_the_apply() {
    let tf = format!(
        "{}\n{}",
        azurerm(
            r#"for_each = toset(["a", "b"])"#,
            r#""repo:o/r:pull_request""#
        ),
        azurerm("", r#""repo:o/r:environment:x""#).replace("\"c\" {", "\"other\" {")
    );
    let report = audit(
        read(
            &[Source::new("main.tf", tf)],
            &Given::default(),
            Default::default(),
        ),
        &Default::default(),
    );
    let said: Vec<(Code, String)> = report
        .audit
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::DuplicateCredential | Code::DuplicateName))
        .map(|f| (f.code, f.message.clone()))
        .collect();
    assert_eq!(said.len(), 3, "{said:#?}");
    assert!(said[0].1.starts_with(r#"azurerm_federated_identity_credential.c["b"] declares the same issuer and subject as azurerm_federated_identity_credential.c["a"]"#));
    assert_eq!(said[1].0, Code::DuplicateName);
    // The third shares only its name ("c") with the first.
    assert!(said[2].1.starts_with("azurerm_federated_identity_credential.other and azurerm_federated_identity_credential.c[\"a\"] both name their credential 'c'"));
    assert!(
        report
            .audit
            .findings
            .iter()
            .filter(|f| matches!(f.code, Code::DuplicateCredential | Code::DuplicateName))
            .all(|f| f.severity == crate::Severity::Error)
    );
}

#[test]
#[allow(clippy::type_complexity)]
fn the_values_box_reads_tfvars_lines() {
    let cases: &[(&str, Result<&[(&str, &str)], &str>)] = &[
        (
            "repo = \"contoso/app\"\n# a comment\n\n  envs=[\"dev\"]  ",
            Ok(&[("repo", "contoso/app"), ("envs", "[\"dev\"]")]),
        ),
        (
            "data.x.y.z = \"a \\\"b\\\" \\\\ c\"",
            Ok(&[("data.x.y.z", "a \"b\" \\ c")]),
        ),
        ("url = https://a/b?c=d", Ok(&[("url", "https://a/b?c=d")])),
        ("repo\n", Err("Values, line 1: 'repo' is not NAME = VALUE")),
        ("a b = c", Err("Values, line 1: 'a b' is not a name")),
    ];
    for (text, expected) in cases {
        let got = Given::values_from_lines(text);
        match expected {
            Ok(pairs) => {
                let pairs: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .collect();
                assert_eq!(got, Ok(pairs), "{text}");
            }
            Err(message) => assert!(
                got.as_ref().is_err_and(|e| e.starts_with(message)),
                "{text}: {got:?}"
            ),
        }
    }
}
