use super::audit;
use crate::finding::{Code, Severity};

const GH: &str = "https://token.actions.githubusercontent.com";

fn fic(name: &str, issuer: &str, subject: &str) -> String {
    format!(
        r#"{{"name": "{name}", "issuer": "{issuer}", "subject": "{subject}", "audiences": ["api://AzureADTokenExchange"]}}"#
    )
}

fn flexible(name: &str, expression: &str) -> String {
    format!(
        r#"{{"name": "{name}", "issuer": "{GH}", "claimsMatchingExpression": {{"languageVersion": 1, "value": "{expression}"}}, "audiences": ["api://AzureADTokenExchange"]}}"#
    )
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// The codes found for credential `fic` (or the set, for `None`).
fn codes(text: &str, ids: &str, fic: Option<&str>) -> Vec<Code> {
    audit(text, ids)
        .findings
        .iter()
        .filter(|f| f.fic.as_deref() == fic)
        .map(|f| f.code)
        .collect()
}

#[test]
fn each_code_for_its_situation() {
    let env = |n: usize| {
        fic(
            &format!("env-{n}"),
            GH,
            &format!("repo:contoso/app:environment:e{n}"),
        )
    };
    let cases: Vec<(&str, String, Option<&str>, Code)> = vec![
        ("over_twenty_cannot_exist", list(&(0..21).map(env).collect::<Vec<_>>()), None, Code::SetLimit),
        ("eighteen_leaves_no_room", list(&(0..18).map(env).collect::<Vec<_>>()), None, Code::SetLimit),
        ("the_same_subject_twice", list(&[fic("a", GH, "repo:o/r:environment:prod"), fic("b", GH, "repo:o/r:environment:prod")]), Some("b"), Code::DuplicateCredential),
        ("a_flexible_credential_covers_a_plain_one", list(&[flexible("all", "claims['sub'] matches 'repo:o/r:ref:refs/heads/*' and claims['repository_id'] eq '1'"), fic("main", GH, "repo:o/r:ref:refs/heads/main")]), Some("main"), Code::DuplicateCredential),
        ("a_name_based_github_subject", list(&[fic("a", GH, "repo:o/r:environment:prod")]), Some("a"), Code::SubjectMutable),
        ("a_gitlab_project_path", list(&[fic("g", "https://gitlab.com", "project_path:grp/proj:ref_type:branch:ref:main")]), Some("g"), Code::SubjectMutable),
        ("pull_request_on_an_identity", list(&[fic("pr", GH, "repo:o/r:pull_request")]), Some("pr"), Code::PullRequestTrust),
        ("a_pattern_over_an_owner", list(&[flexible("org", "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1'")]), Some("org"), Code::ExpressionTooBroad),
        ("a_star_alone", list(&[flexible("star", "claims['sub'] matches '*' and claims['repository_id'] eq '1'")]), Some("star"), Code::ExpressionTooBroad),
        ("every_branch", list(&[flexible("br", "claims['sub'] matches 'repo:o/r:ref:refs/heads/*' and claims['repository_id'] eq '1'")]), Some("br"), Code::ExpressionTooBroad),
        ("no_id_clause", list(&[flexible("noid", "claims['sub'] matches 'repo:o/r:ref:refs/heads/release/*'")]), Some("noid"), Code::ExpressionMissingIdClaim),
        ("the_legacy_ado_issuer", list(&[fic("ado", "https://vstoken.dev.azure.com/0ca3ddd9-f0b0-4635-a98c-5866526961b6", "sc://contoso/payments/sc-prod")]), Some("ado"), Code::LegacyAdoIssuer),
        ("two_platforms_on_one_identity", list(&[fic("gh", GH, "repo:o/r:environment:prod"), fic("k8s", "https://oidc.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/", "system:serviceaccount:ns:sa")]), None, Code::IdentityShared),
        ("two_repositories_on_one_identity", list(&[fic("a", GH, "repo:o/a:environment:prod"), fic("b", GH, "repo:o/b:environment:prod")]), None, Code::IdentityShared),
        ("a_trailing_slash_on_githubs_issuer", list(&[fic("slash", "https://token.actions.githubusercontent.com/", "repo:o/r:environment:prod")]), Some("slash"), Code::IssuerTrailingSlash),
        ("whitespace_around_the_issuer", list(&[fic("ws", " https://token.actions.githubusercontent.com", "repo:o/r:environment:prod")]), Some("ws"), Code::IssuerWhitespace),
        ("whitespace_around_the_subject", list(&[fic("ws", GH, "repo:o/r:environment:prod ")]), Some("ws"), Code::SubjectWhitespace),
        ("the_pull_request_hyphen", list(&[fic("hy", GH, "repo:o/r:pull-request")]), Some("hy"), Code::SubjectPullRequestHyphen),
        ("an_audience_of_no_cloud", r#"[{"name": "aud", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:environment:prod", "audiences": ["https://github.com/o"]}]"#.to_owned(), Some("aud"), Code::AudienceMismatch),
        ("a_record_that_cannot_be_read", r#"[{"name": "x"}]"#.to_owned(), None, Code::FicInvalid),
    ];
    for (name, text, fic, code) in cases {
        let found = codes(&text, "", fic);
        assert!(found.contains(&code), "{name}: {found:?}");
    }
}

#[test]
fn a_clean_set_has_nothing_above_info() {
    let text = list(&[
        fic("prod", GH, "repo:contoso@1/app@2:environment:prod"),
        fic("staging", GH, "repo:contoso@1/app@2:environment:staging"),
    ]);
    let report = audit(&text, "");
    assert_eq!(report.worst(), None, "{:?}", report.findings);
    assert_eq!(report.identities[0].credentials, 2);
    assert_eq!(report.identities[0].left(), 18);
}

#[test]
fn severities_say_how_sure_and_how_bad() {
    let over = list(
        &(0..21)
            .map(|n| fic(&format!("e{n}"), GH, &format!("repo:o/r:environment:e{n}")))
            .collect::<Vec<_>>(),
    );
    let report = audit(&over, "");
    let limit = report
        .findings
        .iter()
        .find(|f| f.code == Code::SetLimit)
        .unwrap();
    assert_eq!(limit.severity, Severity::Error);
    assert!(
        limit
            .fix
            .contains("claims['sub'] matches 'repo:o/r:environment:*'"),
        "{}",
        limit.fix
    );
    let mutable = audit(
        &list(&[fic("app-prod", GH, "repo:o/r:environment:prod")]),
        "",
    );
    assert_eq!(mutable.findings[0].severity, Severity::Info);
    assert_eq!(mutable.worst(), Some(Severity::Info));
}

#[test]
fn identities_come_from_arm_ids_graph_context_and_separate_lists() {
    let arm = |identity: &str, name: &str| {
        format!(
            r#"{{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}/federatedIdentityCredentials/{name}", "name": "{name}", "issuer": "{GH}", "subject": "repo:o@1/r@2:environment:{name}", "audiences": ["api://AzureADTokenExchange"]}}"#
        )
    };
    let two = list(&[arm("id-a", "prod"), arm("id-b", "prod"), arm("id-a", "dev")]);
    let report = audit(&two, "");
    let names: Vec<(&str, usize)> = report
        .identities
        .iter()
        .map(|i| (i.name.as_str(), i.credentials))
        .collect();
    assert_eq!(names, [("id-a", 2), ("id-b", 1)]);
    let graph = format!(
        r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials", "value": [{}]}}"#,
        fic("x", GH, "repo:o@1/r@2:environment:x")
    );
    assert_eq!(
        audit(&graph, "").identities[0].name,
        "application 11111111-2222-3333-4444-555555555555"
    );
    let concatenated = format!(
        "{}\n{}",
        list(&[fic("a", GH, "repo:o@1/r@2:environment:a")]),
        list(&[fic("b", GH, "repo:o@1/r@2:environment:b")])
    );
    assert_eq!(audit(&concatenated, "").identities.len(), 2);
    let array_of_lists = format!(
        "[{}, {}]",
        list(&[fic("a", GH, "repo:o@1/r@2:environment:a")]),
        list(&[fic("b", GH, "repo:o@1/r@2:environment:b")])
    );
    assert_eq!(audit(&array_of_lists, "").identities.len(), 2);
}

#[test]
fn name_based_to_immutable_migration_with_the_ids() {
    let ids = r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}"#;
    let text = list(&[fic("prod", GH, "repo:contoso/payments:environment:prod")]);
    let report = audit(&text, ids);
    let f = report
        .findings
        .iter()
        .find(|f| f.code == Code::SubjectMutable)
        .unwrap();
    let m = f.migration.as_ref().unwrap();
    assert_eq!(
        m.create[0].subject(),
        Some("repo:contoso@5544123/payments@821093847:environment:prod")
    );
    assert_eq!(m.create[0].name, "prod-immutable");
    assert_eq!(m.delete, ["prod"]);
    assert!(
        audit(&text, "").findings[0].migration.is_none(),
        "no IDs, no migration: the fix says how to get them"
    );
}

#[test]
fn the_json_contract() {
    let text = list(&[fic("pull-requests", GH, "repo:o/r:pull_request")]);
    let json = audit(&text, "").to_json();
    assert_eq!(
        json["identities"].as_array().unwrap()[0]["left"].as_i64(),
        Some(19)
    );
    let f = &json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pull_request_trust")
        .unwrap();
    assert_eq!(f["fic"], "pull-requests");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["certainty"], "certain");
    assert!(f["fix"].as_str().is_some_and(|s| !s.is_empty()));
    let shared = audit(
        &list(&[
            fic("app-a", GH, "repo:o/a:environment:prod"),
            fic("app-b", GH, "repo:o/b:environment:prod"),
        ]),
        "",
    )
    .to_json();
    let f = shared["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "identity_shared")
        .unwrap()
        .clone();
    assert_eq!(
        f["certainty"], "likely",
        "judged from names: how sure it is, said"
    );
}

#[test]
fn ten_thousand_credentials_stay_quick() {
    let many = list(
        &(0..10_000)
            .map(|n| {
                fic(
                    &format!("e{n}"),
                    GH,
                    &format!("repo:o/r{}:environment:e{n}", n % 50),
                )
            })
            .collect::<Vec<_>>(),
    );
    let start = std::time::Instant::now();
    let report = audit(&many, "");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == Code::SetLimit && f.severity == Severity::Error)
    );
}

#[test]
fn bulk_repoint_and_azure_devops_conversion() {
    use super::{Options, audit_with};
    let old = "https://oidc.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/";
    let new = "https://eastus.oic.prod-aks.azure.com/22222222-2222-2222-2222-222222222222/33333333-3333-3333-3333-333333333333/";
    let text = list(&[
        fic("k8s-api", old, "system:serviceaccount:payments:api"),
        fic("k8s-worker", old, "system:serviceaccount:payments:worker"),
    ]);
    let report = audit_with(
        &text,
        &Options {
            reissue: vec![(old.to_owned(), new.to_owned())],
            ..Options::default()
        },
    );
    let m = report
        .findings
        .iter()
        .find(|f| f.code == Code::IssuerRepoint)
        .unwrap()
        .migration
        .as_ref()
        .unwrap();
    assert_eq!(
        m.create
            .iter()
            .map(|c| c.issuer.as_str())
            .collect::<Vec<_>>(),
        [new, new]
    );
    assert_eq!(
        m.create[0].subject(),
        Some("system:serviceaccount:payments:api")
    );
    assert_eq!(m.delete, ["k8s-api", "k8s-worker"]);

    let legacy = list(&[fic(
        "ado-prod",
        "https://vstoken.dev.azure.com/0ca3ddd9-f0b0-4635-a98c-5866526961b6",
        "sc://contoso/payments/sc-prod",
    )]);
    let subjects = "sc-prod /eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176\n";
    let report = audit_with(
        &legacy,
        &Options {
            ado_subjects: subjects.to_owned(),
            ..Options::default()
        },
    );
    let m = report
        .findings
        .iter()
        .find_map(|f| f.migration.as_ref())
        .unwrap();
    assert_eq!(
        m.create[0].issuer,
        "https://login.microsoftonline.com/ff882432-09b0-437b-bd22-ca13c0037ded/v2.0"
    );
    assert_eq!(
        m.create[0].subject(),
        Some(
            "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176"
        )
    );
    assert_eq!(m.delete, ["ado-prod"]);
}

#[test]
fn a_sliced_audit_equals_one_in_one_go() {
    use super::{Auditor, Options, audit_with};
    let text = format!(
        "{}\n{}",
        list(&[
            fic("pull-requests", GH, "repo:o/r:pull_request"),
            fic(
                "k8s-api",
                "https://oidc.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/",
                "system:serviceaccount:ns:sa"
            ),
            r#"{"name": "broken"}"#.to_owned()
        ]),
        list(
            &(0..19)
                .map(|n| fic(
                    &format!("env-{n}"),
                    GH,
                    &format!("repo:o/r:environment:e{n}")
                ))
                .collect::<Vec<_>>()
        )
    );
    let whole = audit_with(&text, &Options::default());
    let mut auditor = Auditor::new(&text, Options::default());
    let mut slices = 0;
    while !auditor.step(3) {
        slices += 1;
        assert!(auditor.progress().0 <= auditor.progress().1);
    }
    assert!(slices > 5, "{slices} slices");
    assert_eq!(auditor.finish(), whole);
}

/// Issue 24: one service account trusted from several clusters is one workload; two service
/// accounts are two, whatever cluster they run on.
#[test]
fn a_service_account_is_one_workload_across_clusters() {
    let aks_east = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";
    let aks_west = "https://westus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/22222222-2222-2222-2222-222222222222/";
    let eks = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    let api = "system:serviceaccount:payments:api";
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "blue_green_clusters_one_service_account",
            list(&[
                fic("api-blue", aks_east, api),
                fic("api-green", aks_west, api),
            ]),
            false,
        ),
        (
            "a_rebuilt_cluster_beside_the_old_one",
            list(&[
                fic("api-old", aks_east, api),
                fic("api-new", aks_west, api),
                fic("api-eks", eks, api),
            ]),
            false,
        ),
        (
            "two_service_accounts_on_one_cluster",
            list(&[
                fic("api", aks_east, api),
                fic("worker", aks_east, "system:serviceaccount:payments:worker"),
            ]),
            true,
        ),
        (
            "one_name_in_two_namespaces",
            list(&[
                fic("api", aks_east, api),
                fic("api-billing", aks_west, "system:serviceaccount:billing:api"),
            ]),
            true,
        ),
    ];
    for (situation, text, shared) in cases {
        let found = codes(&text, "", None);
        assert_eq!(
            found.contains(&Code::IdentityShared),
            shared,
            "{situation}: {found:?}"
        );
    }
}

/// Issue 24: a credential is named by its whole `name`, even one Entra refuses; only an ARM
/// child resource's `PARENT/CHILD` name loses the parent it repeats from its id.
#[test]
fn findings_name_the_credential_by_its_whole_name() {
    let arm = |identity: &str, child: &str, name: &str| {
        format!(
            r#"{{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}/federatedIdentityCredentials/{child}", "name": "{name}", "issuer": "{GH}", "subject": "repo:o/r:pull_request", "audiences": ["api://AzureADTokenExchange"]}}"#
        )
    };
    let cases: Vec<(&str, String, &str, bool)> = vec![
        (
            "a_slash_entra_refuses",
            list(&[fic("team/prod", GH, "repo:o/r:pull_request")]),
            "team/prod",
            true,
        ),
        (
            "an_arm_child_resource_name",
            list(&[arm("id-pay", "prod", "id-pay/prod")]),
            "prod",
            false,
        ),
        (
            "an_arm_child_named_in_another_case",
            list(&[arm("id-pay", "prod", "ID-Pay/prod")]),
            "prod",
            false,
        ),
        (
            "a_prefix_that_is_not_the_identity",
            list(&[arm("id-pay", "team/prod", "team/prod")]),
            "team/prod",
            true,
        ),
    ];
    for (situation, text, name, refused) in cases {
        let report = audit(&text, "");
        let named: Vec<(&str, Code)> = report
            .findings
            .iter()
            .filter_map(|f| Some((f.fic.as_deref()?, f.code)))
            .collect();
        assert!(
            named.contains(&(name, Code::PullRequestTrust)),
            "{situation}: {named:?}"
        );
        assert_eq!(
            named.contains(&(name, Code::NameInvalid)),
            refused,
            "{situation}: {named:?}"
        );
    }
}

/// Issue 24: an identity with no credentials yet is a valid answer, not an unreadable paste.
#[test]
fn an_empty_listing_is_an_identity_with_no_credentials() {
    let graph = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials", "value": []}"#;
    let cases = [
        ("an_empty_list", "[]", "identity 1"),
        ("an_empty_list_with_white_space", "\n [ ]\n", "identity 1"),
        ("graphs_empty_value", r#"{"value": []}"#, "identity 1"),
        (
            "graphs_empty_value_naming_the_application",
            graph,
            "application 11111111-2222-3333-4444-555555555555",
        ),
    ];
    for (situation, text, name) in cases {
        let report = audit(text, "");
        let identities: Vec<(&str, usize, usize)> = report
            .identities
            .iter()
            .map(|i| (i.name.as_str(), i.credentials, i.left()))
            .collect();
        assert_eq!(identities, [(name, 0, 20)], "{situation}");
        assert_eq!(report.findings, [], "{situation}");
    }
    let both = format!(
        "[[], {}]",
        list(&[fic("a", GH, "repo:o@1/r@2:environment:a")])
    );
    let counts: Vec<usize> = audit(&both, "")
        .identities
        .iter()
        .map(|i| i.credentials)
        .collect();
    assert_eq!(counts, [0, 1], "an empty list beside a full one");
    for blank in ["", "  \n\t"] {
        let report = audit(blank, "");
        assert!(report.identities.is_empty(), "{blank:?}");
        assert_eq!(codes(blank, "", None), [Code::FicInvalid], "{blank:?}");
    }
}

/// Issue 24: an expression that lacks its ID claim and has another problem reports both, so
/// fixing one does not reveal the other only at the next failed sign-in.
#[test]
fn an_expression_without_its_id_claim_reports_its_other_problems_too() {
    let cases: Vec<(&str, String, &[Code])> = vec![
        ("every_branch", flexible("flex", "claims['sub'] matches 'repo:o/r:ref:refs/heads/*'"), &[Code::ExpressionMissingIdClaim, Code::ExpressionTooBroad]),
        ("every_repository_of_the_owner", flexible("flex", "claims['sub'] matches 'repo:contoso/*'"), &[Code::ExpressionMissingIdClaim, Code::ExpressionTooBroad]),
        ("a_prefix_over_the_owner", flexible("flex", "claims['sub'] startswith 'repo:contoso/'"), &[Code::ExpressionMissingIdClaim, Code::ExpressionTooBroad, Code::ExpressionStartswithUndocumented]),
        ("a_prefix_over_every_branch", flexible("flex", "claims['sub'] startswith 'repo:o/r:ref:refs/heads/' and claims['repository_id'] eq '1'"), &[Code::ExpressionTooBroad, Code::ExpressionStartswithUndocumented]),
        ("a_pattern_on_the_id_claim", flexible("flex", "claims['sub'] eq 'repo:o/r:environment:prod' and claims['repository_id'] matches '7*'"), &[Code::ExpressionMissingIdClaim, Code::ExpressionOperatorUnsupported]),
        ("a_prefix_on_the_id_claim", flexible("flex", "claims['sub'] eq 'repo:o/r:environment:prod' and claims['repository_owner_id'] startswith '1'"), &[Code::ExpressionMissingIdClaim, Code::ExpressionStartswithUndocumented]),
        ("a_claim_gitlab_does_not_take", r#"{"name": "flex", "issuer": "https://gitlab.com", "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] eq 'project_path:g/p:ref_type:branch:ref:main' and claims['job_workflow_ref'] eq 'x'"}, "audiences": ["api://AzureADTokenExchange"]}"#.to_owned(), &[Code::ExpressionMissingIdClaim, Code::ExpressionClaimUnsupported]),
        ("every_gitlab_branch", r#"{"name": "flex", "issuer": "https://gitlab.com", "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] matches 'project_path:g/p:ref_type:branch:ref:*'"}, "audiences": ["api://AzureADTokenExchange"]}"#.to_owned(), &[Code::ExpressionMissingIdClaim, Code::ExpressionTooBroad]),
        ("two_unsupported_claims", r#"{"name": "flex", "issuer": "https://gitlab.com", "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['ref'] eq 'main' and claims['job_workflow_ref'] eq 'x'"}, "audiences": ["api://AzureADTokenExchange"]}"#.to_owned(), &[Code::ExpressionMissingIdClaim, Code::ExpressionClaimUnsupported, Code::ExpressionClaimUnsupported]),
    ];
    for (situation, item, expected) in cases {
        let report = audit(&format!("[{item}]"), "");
        let mut found: Vec<Code> = report
            .findings
            .iter()
            .filter(|f| f.fic.as_deref() == Some("flex"))
            .map(|f| f.code)
            .collect();
        found.sort();
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(found, expected, "{situation}: {:#?}", report.findings);
    }
}

/// Issue 24: an issuer fedcred does not know, whose expression tests GitLab's claims, is a
/// self-managed GitLab, judged by GitLab's rules (Entra docs, flexible credentials, 2026-08-14).
#[test]
fn a_self_managed_gitlab_is_judged_by_gitlabs_rules() {
    let gitlab = |expression: &str| {
        format!(
            r#"[{{"name": "gitlab", "issuer": "https://gitlab.example.com", "claimsMatchingExpression": {{"languageVersion": 1, "value": "{expression}"}}, "audiences": ["api://AzureADTokenExchange"]}}]"#
        )
    };
    let pinned = gitlab(
        "claims['sub'] matches 'project_id:57382910:ref_type:branch:ref:release-*' and claims['project_id'] eq '57382910'",
    );
    let cases: Vec<(&str, String, &[Code])> = vec![
        (
            "pins_the_project",
            pinned.clone(),
            &[Code::ExpressionIssuerInferred],
        ),
        (
            "pins_the_namespace_and_user",
            gitlab(
                "claims['sub'] eq 'project_path:g/p:ref_type:branch:ref:main' and claims['namespace_id'] eq '4410023' and claims['user_id'] eq '7'",
            ),
            &[Code::ExpressionIssuerInferred],
        ),
        (
            "a_gitlab_subject_without_an_id",
            gitlab("claims['sub'] eq 'project_path:g/p:ref_type:branch:ref:main'"),
            &[
                Code::ExpressionIssuerInferred,
                Code::ExpressionMissingIdClaim,
            ],
        ),
        (
            "not_gitlab_by_its_expression",
            gitlab("claims['sub'] eq 'svc-1'"),
            &[Code::ExpressionIssuerUndocumented],
        ),
    ];
    for (situation, text, expected) in cases {
        let report = audit(&text, "");
        let found: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
        assert_eq!(found, expected, "{situation}: {:#?}", report.findings);
    }
    let inferred = audit(&pinned, "");
    let note = inferred
        .findings
        .iter()
        .find(|f| f.code == Code::ExpressionIssuerInferred)
        .unwrap();
    assert_eq!(note.severity, Severity::Info);
    assert!(
        note.message.contains("self-managed GitLab"),
        "{}",
        note.message
    );
    assert_eq!(inferred.worst(), Some(Severity::Info));
}

#[test]
fn each_face_asks_for_the_repositorys_ids_in_its_own_words() {
    let text = list(&[fic("prod", GH, "repo:contoso/app:environment:prod")]);
    let fix_for = |face| {
        let options = super::Options {
            face,
            ..super::Options::default()
        };
        super::audit_with(&text, &options)
            .findings
            .into_iter()
            .find(|f| f.code == Code::SubjectMutable)
            .map(|f| f.fix)
            .unwrap_or_default()
    };
    let cli = fix_for(crate::face::Face::Cli);
    let page = fix_for(crate::face::Face::Page);
    assert!(cli.contains("fedcred audit --github-ids ids.json"), "{cli}");
    assert!(
        page.contains("under \"Migrations: what they need\"") && !page.contains("--"),
        "{page}"
    );
}

#[test]
fn a_pull_request_hyphen_fixed_in_place_says_it_widens_trust() {
    let text = list(&[fic("pr-check", GH, "repo:contoso/app:pull-request")]);
    let report = audit(&text, "");
    let Some(f) = report
        .findings
        .iter()
        .find(|f| f.code == Code::SubjectPullRequestHyphen)
    else {
        panic!("no hyphen finding: {:?}", report.findings);
    };
    assert!(
        f.command
            .as_deref()
            .is_some_and(|c| c.contains("repo:contoso/app:pull_request"))
    );
    assert!(f.fix.contains("This widens trust"), "{}", f.fix);
}

#[test]
fn findings_of_one_kind_on_several_credentials_have_words_for_all_of_them() {
    for code in [
        Code::SubjectMutable,
        Code::DuplicateCredential,
        Code::PullRequestTrust,
    ] {
        assert!(
            super::AuditFinding::said_of_several(code).is_some(),
            "{code}"
        );
    }
    assert_eq!(super::AuditFinding::said_of_several(Code::SetLimit), None);
}
