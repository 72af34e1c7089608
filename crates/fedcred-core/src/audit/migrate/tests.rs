use super::{plan, script};
use crate::audit::{Options, audit, audit_with};

const GH: &str = "https://token.actions.githubusercontent.com";
const ARM: &str = r#"[{"id": "/subscriptions/s1/resourceGroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/prod", "name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/payments:environment:prod", "audiences": ["api://AzureADTokenExchange"]}]"#;
const IDS: &str = r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}"#;

/// A managed identity's credential as `az identity federated-credential list` prints it.
fn mi(group: &str, identity: &str, name: &str, subject: &str) -> String {
    format!(
        r#"{{"id": "/subscriptions/s1/resourcegroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}/federatedIdentityCredentials/{name}", "name": "{name}", "resourceGroup": "{group}", "issuer": "{GH}", "subject": "{subject}", "audiences": ["api://AzureADTokenExchange"]}}"#
    )
}

#[test]
fn name_based_to_immutable_creates_then_deletes_after_checking() {
    let az = script(&audit(ARM, IDS), "az").unwrap();
    let create = az.find("fc_create prod-immutable").unwrap();
    let gate = az.find("exit 0\nfi").unwrap();
    let delete = az.find("fc_delete prod prod-immutable").unwrap();
    assert!(create < gate && gate < delete, "{az}");
    assert!(
        az.contains("--subject repo:contoso@5544123/payments@821093847:environment:prod"),
        "{az}"
    );
    assert!(az.contains("fc_identity mi id-pay rg-pay s1"), "{az}");
    assert!(
        az.contains("id-pay: creates 1 credential (prod-immutable)"),
        "{az}"
    );
    let powershell = script(&audit(ARM, IDS), "powershell").unwrap();
    assert!(
        powershell.contains("Remove-FcCredential 'prod' 'prod-immutable'"),
        "{powershell}"
    );
    assert!(
        powershell.contains("Set-FcIdentity 'mi' 'id-pay' 'rg-pay'"),
        "{powershell}"
    );
    assert!(powershell.contains("-ceq"), "case-sensitive comparisons");
}

#[test]
fn an_app_registrations_migration_reads_the_replacement_before_each_delete() {
    let graph = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials", "value": [{"name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/payments:environment:prod", "audiences": ["api://AzureADTokenExchange"]}]}"#;
    let report = audit(graph, IDS);
    let powershell = script(&report, "powershell").unwrap();
    assert!(
        powershell.contains("Set-FcIdentity 'app' '11111111-2222-3333-4444-555555555555'"),
        "{powershell}"
    );
    let http = script(&report, "graph").unwrap();
    let read = http.find("GET https://graph.microsoft.com/v1.0/applications/11111111-2222-3333-4444-555555555555/federatedIdentityCredentials(name='prod-immutable')").unwrap();
    let delete = http.find("DELETE https://graph.microsoft.com/v1.0/applications/11111111-2222-3333-4444-555555555555/federatedIdentityCredentials(name='prod')").unwrap();
    assert!(read < delete, "{http}");
    let az = script(&report, "az").unwrap();
    assert!(
        az.contains("fc_identity app 11111111-2222-3333-4444-555555555555"),
        "{az}"
    );
}

#[test]
fn without_ids_it_says_what_is_missing_and_unknown_formats_are_refused() {
    assert!(
        script(&audit(ARM, ""), "az")
            .unwrap()
            .contains("nothing to migrate")
    );
    assert!(script(&audit(ARM, IDS), "bicep").is_err());
}

#[test]
fn broken_and_duplicate_records_are_not_carried_forward() {
    // The issue's five: one subject with a trailing space, two with one subject (each the
    // other's duplicate once trimmed), a pull-request credential, and a plain one.
    let list = format!(
        "[{}, {}, {}, {}]",
        mi(
            "rg-pay",
            "id-pay",
            "prod",
            "repo:contoso/payments:environment:prod"
        ),
        mi(
            "rg-pay",
            "id-pay",
            "prod-ws",
            "repo:contoso/payments:environment:prod "
        ),
        mi(
            "rg-pay",
            "id-pay",
            "pr",
            "repo:contoso/payments:pull_request"
        ),
        mi(
            "rg-pay",
            "id-pay",
            "main",
            "repo:contoso/payments:ref:refs/heads/main"
        ),
    );
    let plans = plan(&audit(&list, IDS));
    let steps = &plans[0].steps;
    let subjects: Vec<&str> = steps.iter().filter_map(|s| s.new.subject()).collect();
    assert_eq!(
        subjects,
        [
            "repo:contoso@5544123/payments@821093847:environment:prod",
            "repo:contoso@5544123/payments@821093847:pull_request",
            "repo:contoso@5544123/payments@821093847:ref:refs/heads/main"
        ]
    );
    assert_eq!(
        steps[0].old,
        ["prod", "prod-ws"],
        "one replacement for both"
    );
    assert!(
        plans[0]
            .changed
            .iter()
            .any(|c| c.contains("'prod-ws': the subject had white space around it")),
        "{:?}",
        plans[0].changed
    );
    let az = script(&audit(&list, IDS), "az").unwrap();
    assert_eq!(az.matches("\n  fc_create ").count(), 3, "{az}");
    assert!(az.contains("fc_delete prod-ws prod-immutable"), "{az}");
}

#[test]
fn names_entra_refuses_get_a_valid_replacement_name() {
    let graph = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials", "value": [{"name": "team/prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/payments:environment:prod", "audiences": ["api://AzureADTokenExchange"]}]}"#;
    let plans = plan(&audit(graph, IDS));
    let Some(step) = plans.first().and_then(|p| p.steps.first()) else {
        panic!("no step: {plans:?}");
    };
    assert_eq!(step.new.name, "team-prod-immutable");
    assert_eq!(step.old, ["team/prod"]);
}

#[test]
fn two_identities_of_one_name_in_different_groups_stay_apart() {
    let list = format!(
        "[{}, {}]",
        mi(
            "rg-a",
            "id-pay",
            "prod",
            "repo:contoso/payments:environment:prod"
        ),
        mi(
            "rg-b",
            "id-pay",
            "prod",
            "repo:contoso/payments:environment:prod"
        ),
    );
    let report = audit(&list, IDS);
    assert_eq!(report.identities.len(), 2, "{:?}", report.identities);
    let az = script(&report, "az").unwrap();
    assert_eq!(
        az.matches("fc_identity mi id-pay rg-a s1").count(),
        2,
        "{az}"
    );
    assert_eq!(
        az.matches("fc_identity mi id-pay rg-b s1").count(),
        2,
        "{az}"
    );
    assert!(
        report.identities[0].name.contains("rg-a"),
        "{:?}",
        report.identities
    );
}

#[test]
fn an_identity_near_the_limit_is_migrated_in_batches() {
    let mut items: Vec<String> = (0..15)
        .map(|i| {
            mi(
                "rg-pay",
                "id-pay",
                &format!("env-{i}"),
                &format!("repo:contoso/payments:environment:e{i}"),
            )
        })
        .collect();
    items.truncate(15);
    let report = audit(&format!("[{}]", items.join(",")), IDS);
    let plans = plan(&report);
    assert_eq!(plans[0].steps.len(), 15);
    assert!(plans[0].batched());
    let az = script(&report, "az").unwrap();
    assert!(az.contains("created in batches as room allows"), "{az}");
}

#[test]
fn a_replacement_that_already_exists_keeps_its_name() {
    let list = format!(
        "[{}, {}]",
        mi(
            "rg-pay",
            "id-pay",
            "prod",
            "repo:contoso/payments:environment:prod"
        ),
        mi(
            "rg-pay",
            "id-pay",
            "prod-new",
            "repo:contoso@5544123/payments@821093847:environment:prod"
        ),
    );
    let plans = plan(&audit(&list, IDS));
    assert_eq!(plans[0].steps[0].new.name, "prod-new");
}

#[test]
fn reissued_copies_replace_their_originals_one_for_one() {
    let report = audit_with(
        ARM,
        &Options {
            reissue: vec![(GH.to_owned(), format!("{GH}/contoso"))],
            ..Options::default()
        },
    );
    let plans = plan(&report);
    assert_eq!(plans[0].steps.len(), 1);
    assert_eq!(plans[0].steps[0].new.name, "prod-reissued");
    assert_eq!(plans[0].steps[0].old, ["prod"]);
}

#[test]
fn every_form_looks_before_it_writes_and_says_what_it_carries_forward() {
    let list = format!(
        "[{}, {}]",
        mi(
            "rg-pay",
            "id-pay",
            "prod",
            "repo:contoso/payments:environment:prod"
        ),
        mi(
            "rg-pay",
            "id-pay",
            "pr",
            "repo:contoso/payments:pull_request"
        ),
    );
    let report = audit(&list, IDS);
    for format in ["az", "powershell"] {
        let text = script(&report, format).unwrap();
        assert!(
            text.contains("'pr-immutable' keeps the trust of 'pr'"),
            "{format}: {text}"
        );
        assert!(
            text.contains("never two with one issuer and subject"),
            "{format}"
        );
    }
    let powershell = script(&report, "powershell").unwrap();
    // The look comes first in each function, and the limit is checked before creating.
    let define = powershell.find("function New-FcCredential").unwrap();
    let look = powershell[define..].find("Get-FcCredentials").unwrap();
    let limit = powershell[define..].find("$all.Count -ge 20").unwrap();
    let create = powershell[define..]
        .find("New-AzFederatedIdentityCredential")
        .unwrap();
    assert!(look < limit && limit < create, "{powershell}");
    let remove = powershell.find("function Remove-FcCredential").unwrap();
    let check = powershell[remove..].find("Test-FcSame").unwrap();
    let delete = powershell[remove..]
        .find("Remove-AzFederatedIdentityCredential")
        .unwrap();
    assert!(check < delete);
    assert!(
        powershell.contains("'409|Conflict'"),
        "bounded retry on 409"
    );
}

#[test]
fn a_value_the_script_cannot_compare_exactly_is_left_out_with_why() {
    let list = format!(
        "[{}]",
        mi(
            "rg-pay",
            "id-pay",
            "odd",
            r"repo:contoso/payments:environment:a\\b"
        )
    );
    let plans = plan(&audit(&list, IDS));
    assert!(plans[0].steps.is_empty());
    assert!(
        plans[0].left_out[0].contains("cannot compare exactly"),
        "{:?}",
        plans[0].left_out
    );
    let az = script(&audit(&list, IDS), "az").unwrap();
    assert!(
        az.contains("nothing to migrate") && az.contains("cannot compare exactly"),
        "{az}"
    );
}
