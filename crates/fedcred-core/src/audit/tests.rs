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
