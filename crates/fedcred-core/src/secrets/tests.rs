use super::script::{Format, script};
use super::*;
use crate::key::Keyed;

/// 2026-12-05T00:00:00Z.
const NOW: i64 = 1_796_428_800;

fn fixture(name: &str) -> (String, String) {
    let path = format!(
        "{}/tests/fixtures/secrets/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    (
        name.to_owned(),
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
    )
}

fn report_of(names: &[&str]) -> Report {
    let files: Vec<(String, String)> = names.iter().map(|n| fixture(n)).collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    report(&read(&refs).unwrap_or_else(|e| panic!("{e}")), NOW, 30)
}

fn states(r: &Report) -> Vec<(&str, &'static str)> {
    r.entries
        .iter()
        .map(|e| (e.app.display_name.as_str(), e.state.key()))
        .collect()
}

/// A situation, the files read, and each app's expected state.
type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn each_listing_shape_gives_each_apps_state() {
    let cases: [Case<'_>; 5] = [
        (
            "az_ad_app_list_never_says_the_federated_credentials",
            &["az-ad-app-list.json"],
            &[
                ("deploy-pipeline-prod", "unknown"),
                ("gh-actions-oidc-web", "unknown"),
                ("legacy-reporting-job", "unknown"),
            ],
        ),
        (
            "graph_page_with_expand",
            &["graph-applications-page.json"],
            &[
                ("deploy-pipeline-prod", "secret_only"),
                ("gh-actions-oidc-web", "done"),
                ("legacy-reporting-job", "secret_only"),
            ],
        ),
        (
            "powershell_pascal_case",
            &["get-mgapplication-ps7.json"],
            &[
                ("deploy-pipeline-prod", "secret_only"),
                ("gh-actions-oidc-web", "done"),
                ("legacy-reporting-job", "secret_only"),
            ],
        ),
        (
            "az_list_with_each_apps_federated_credentials",
            &[
                "az-ad-app-list.json",
                "fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json",
                "fics-41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16.json",
                "graph-app-fics.json",
            ],
            &[
                ("deploy-pipeline-prod", "in_progress"),
                ("gh-actions-oidc-web", "done"),
                ("legacy-reporting-job", "secret_only"),
            ],
        ),
        (
            "managed_identities_and_their_federated_credentials",
            &[
                "az-identity-list.json",
                "az-identity-federated-credential-list.json",
            ],
            &[
                ("id-aks-workload-prod", "done"),
                ("id-github-deployer", "unknown"),
            ],
        ),
    ];
    for (situation, files, expected) in cases {
        let r = report_of(files);
        assert_eq!(states(&r), expected, "{situation}");
    }
}

#[test]
fn expired_and_expiring_keys_are_counted_at_the_instant_given() {
    let r = report_of(&["graph-applications-page.json"]);
    let legacy = r
        .entries
        .iter()
        .find(|e| e.app.display_name == "legacy-reporting-job")
        .unwrap();
    assert_eq!(legacy.expired.len(), 1);
    // deploy-pipeline-prod: a secret that ended 2026-08-11 and a certificate ending 2026-11-30,
    // both before the instant; one secret ends 2027-01-20, beyond 30 days.
    let deploy = r
        .entries
        .iter()
        .find(|e| e.app.display_name == "deploy-pipeline-prod")
        .unwrap();
    assert_eq!(deploy.expired.len(), 2);
    assert!(deploy.expiring.is_empty());
    let later = report(
        &read(&[("p", &fixture("graph-applications-page.json").1)]).unwrap(),
        NOW,
        60,
    );
    let deploy = later
        .entries
        .iter()
        .find(|e| e.app.display_name == "deploy-pipeline-prod")
        .unwrap();
    assert_eq!(deploy.expiring.len(), 1, "2027-01-20 is within 60 days");
}

#[test]
fn a_cut_listing_is_said_and_keeps_the_report_open() {
    let r = report_of(&["graph-applications-page.json"]);
    assert!(!r.complete, "@odata.nextLink");
    assert!(r.open());
    let apps: Vec<String> = (0..100)
        .map(|i| format!("{{\"appId\": \"00000000-0000-0000-0000-{i:012}\", \"id\": \"10000000-0000-0000-0000-{i:012}\", \"displayName\": \"a{i}\", \"passwordCredentials\": [], \"keyCredentials\": []}}"))
        .collect();
    let text = format!("[{}]", apps.join(","));
    let listing = read(&[("apps.json", &text)]).unwrap();
    assert!(
        !listing.complete,
        "exactly 100: az ad app list without --all"
    );
    assert!(listing.findings.iter().any(|f| f.contains("--all")));
}

#[test]
fn what_is_missing_is_asked_with_the_ids_filled_in() {
    let r = report_of(&["az-ad-app-list.json", "az-identity-list.json"]);
    let next = r.next.unwrap();
    assert!(next.contains("az ad app federated-credential list --id b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 -o json > fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json"), "{next}");
    assert!(next.contains("az identity federated-credential list --identity-name id-github-deployer --resource-group rg-ci"), "{next}");
}

#[test]
fn wrong_documents_are_named() {
    let cases = [
        ("az-account-show.json", "az account show"),
        ("graph-error.json", "an error Graph answered"),
    ];
    for (name, said) in cases {
        let (n, t) = fixture(name);
        let error = read(&[(n.as_str(), t.as_str())]).unwrap_err();
        assert!(error.contains(said), "{name}: {error}");
    }
    let error = read(&[("cut.json", "[{\"appId\": \"x\", \"passwordCre")]).unwrap_err();
    assert!(error.contains("not valid JSON"), "{error}");
    let error = read(&[("x.json", "{\"hello\": 1}")]).unwrap_err();
    assert!(error.contains("not a listing of apps"), "{error}");
}

#[test]
fn federated_credentials_that_name_no_app_are_said_not_guessed() {
    let r = report_of(&[
        "az-ad-app-list.json",
        "az-ad-app-federated-credential-list.json",
    ]);
    assert!(
        r.findings
            .iter()
            .any(|f| f.contains("cannot be tied to an app")),
        "{:?}",
        r.findings
    );
    assert!(r.entries.iter().all(|e| e.app.fics.is_none()));
}

#[test]
fn the_scripts_remove_only_what_the_federated_path_replaces() {
    let r = report_of(&[
        "az-ad-app-list.json",
        "fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json",
        "fics-41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16.json",
        "graph-app-fics.json",
    ]);
    let az = script(&r, Format::Az);
    let calls: Vec<&str> = az.lines().filter(|l| l.starts_with("remove ")).collect();
    assert_eq!(
        calls,
        [
            "remove b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34 deploy-pipeline-prod 5d2f8a61-3c94-4e0b-b7a2-1e6c9d4f8a03 secret migrated",
            "remove b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34 deploy-pipeline-prod a9e41c37-8b2d-4f65-9e10-4c7a2b8d6f51 secret migrated",
            "remove b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34 deploy-pipeline-prod e37b0d92-4a1c-4f8e-a6d5-9b2c7e1f0a48 certificate migrated",
            "remove 41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16 c5b8e2d4-7a19-4f60-83ce-2d9a4b6f1e07 legacy-reporting-job 0b6d3e8f-2a7c-4d19-95e4-8f1a3c6b7d20 secret expired",
        ]
    );
    assert!(
        calls
            .iter()
            .any(|c| c.contains("41f9c6a3") && c.ends_with("secret expired"))
    );
    assert!(
        !az.contains("e2d7a9c1"),
        "the app with no secret is not in it"
    );
    let ps = script(&r, Format::PowerShell);
    assert!(ps.contains("Remove-FedcredKey -ObjectId '3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34'"));
    assert!(ps.contains("Get-MgApplicationFederatedIdentityCredential"));
}

#[test]
fn the_json_contract() {
    let r = report_of(&["graph-applications-page.json"]);
    let json = r.to_json();
    assert_eq!(json.get("complete").and_then(Value::as_bool), Some(false));
    let summary = json.get("summary").unwrap();
    assert_eq!(summary.get("apps").and_then(Value::as_i64), Some(3));
    assert_eq!(summary.get("secret_only").and_then(Value::as_i64), Some(2));
    let first = &json.get("apps").and_then(Value::as_array).unwrap()[0];
    for key in [
        "kind",
        "appId",
        "objectId",
        "displayName",
        "secrets",
        "certificates",
        "expired",
        "expiring",
        "fics",
        "state",
    ] {
        assert!(first.get(key).is_some(), "{key}");
    }
    // Nothing secret: no hint, no secret text.
    let text = json.to_string();
    assert!(
        !text.contains("Q~8") && !text.contains("secretText"),
        "{text}"
    );
}

#[test]
fn a_hundred_thousand_apps_are_read_quickly() {
    let apps: Vec<String> = (0..100_000)
        .map(|i| format!("{{\"appId\": \"00000000-0000-0000-0000-{i:012}\", \"id\": \"10000000-0000-0000-0000-{i:012}\", \"displayName\": \"app {i}\", \"passwordCredentials\": [{{\"keyId\": \"20000000-0000-0000-0000-{i:012}\", \"endDateTime\": \"2026-01-01T00:00:00Z\", \"hint\": \"abc\", \"secretText\": null}}], \"keyCredentials\": [], \"federatedIdentityCredentials\": []}}"))
        .collect();
    let text = format!("{{\"value\": [{}]}}", apps.join(","));
    let started = std::time::Instant::now();
    let r = report(&read(&[("big.json", &text)]).unwrap(), NOW, 30);
    assert_eq!(r.count(State::SecretOnly), 100_000);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let _ = script(&r, Format::Az);
}
