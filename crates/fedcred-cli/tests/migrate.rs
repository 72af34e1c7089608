//! The migrations `fedcred audit --format az` writes, run under bash against a stateful fake of
//! the az CLI that enforces Entra's rules (tests/fake-az): created, interrupted at every write,
//! run again, confirmed, with broken records, a duplicate, an identity near the limit, two
//! identities of one name and an injected 409 (issue 24). At every moment each old credential
//! either exists or has its replacement.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GH: &str = "https://token.actions.githubusercontent.com";
const AUD: &str = "api://AzureADTokenExchange";
const IDS: &str = r#"{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}"#;

fn fic(name: &str, subject: &str) -> Value {
    json!({"name": name, "issuer": GH, "subject": subject, "audiences": [AUD]})
}

/// What `az identity federated-credential list` prints for these credentials on `group/identity`.
fn listing(group: &str, identity: &str, fics: &[Value]) -> Vec<Value> {
    fics.iter()
        .map(|f| {
            let mut f = f.clone();
            f["id"] = json!(format!("/subscriptions/s1/resourcegroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}/federatedIdentityCredentials/{}", f["name"].as_str().unwrap()));
            f["resourceGroup"] = json!(group);
            f
        })
        .collect()
}

struct Lab {
    dir: PathBuf,
}

impl Lab {
    fn new(name: &str) -> Lab {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("migrate-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Lab { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// The script fedcred writes for `listing` (what the user pasted).
    fn script(&self, listing: &Value, ids: &str, format: &str) -> String {
        self.script_with(listing, ids, format, &[])
    }

    /// The same, with more `fedcred audit` arguments.
    fn script_with(&self, listing: &Value, ids: &str, format: &str, more: &[&str]) -> String {
        std::fs::write(self.path("fics.json"), listing.to_string()).unwrap();
        std::fs::write(self.path("ids.json"), ids).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_fedcred"))
            .args(["audit", "--fics"])
            .arg(self.path("fics.json"))
            .arg("--github-ids")
            .arg(self.path("ids.json"))
            .args(["--format", format])
            .args(more)
            .output()
            .unwrap();
        let script = String::from_utf8(out.stdout).unwrap();
        std::fs::write(self.path("migrate.sh"), &script).unwrap();
        script
    }

    fn set_state(&self, state: &Value) {
        std::fs::write(
            self.path("state.json"),
            serde_json::to_string_pretty(state).unwrap(),
        )
        .unwrap();
    }

    fn state(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.path("state.json")).unwrap()).unwrap()
    }

    /// Runs the script under bash with the fake az first on PATH.
    fn run(&self, confirmed: bool) -> Output {
        let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake-az");
        let mut command = Command::new("bash");
        command
            .arg(self.path("migrate.sh"))
            .env(
                "PATH",
                format!("{}:{}", fake.display(), std::env::var("PATH").unwrap()),
            )
            .env("FAKE_AZ_STATE", self.path("state.json"))
            .env("FEDCRED_PAUSE", "0")
            .env_remove("CONFIRMED");
        if confirmed {
            command.env("CONFIRMED", "yes");
        }
        command.output().unwrap()
    }

    /// Runs it and expects it to succeed.
    fn ok(&self, confirmed: bool) -> String {
        let out = self.run(confirmed);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "the run failed:\n{text}\nstate: {}",
            self.state()
        );
        text
    }
}

/// How many writes (and 409s) the fake has seen.
fn writes(lab: &Lab) -> usize {
    lab.state()["log"].as_array().map_or(0, Vec::len)
}

/// The credentials of one identity in the fake's state, as (name, subject).
fn held(state: &Value, key: &str) -> Vec<(String, String)> {
    state["identities"][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["subject"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Every old credential either exists, or a credential with its replacement's values does; never
/// more than 20; nothing overwritten.
fn safe(state: &Value, key: &str, pairs: &[(&str, &str)]) {
    let now = held(state, key);
    assert!(now.len() <= 20, "{key} holds {}", now.len());
    for (old, new_subject) in pairs {
        assert!(
            now.iter().any(|(n, _)| n == old) || now.iter().any(|(_, s)| s == new_subject),
            "{old} is gone and nothing with {new_subject} replaced it: {now:?}"
        );
    }
    for c in state["identities"][key].as_array().unwrap() {
        assert!(c.get("overwritten").is_none(), "overwrote {c}");
    }
}

fn immutable(context: &str) -> String {
    format!("repo:contoso@5544123/payments@821093847:{context}")
}

/// The issue's identity: a trailing space, a subject twice (once with the space), a pull-request
/// credential, and a plain one.
fn five() -> Vec<Value> {
    vec![
        fic("prod", "repo:contoso/payments:environment:prod"),
        fic("prod-ws", "repo:contoso/payments:environment:prod "),
        fic("pr", "repo:contoso/payments:pull_request"),
        fic("main", "repo:contoso/payments:ref:refs/heads/main"),
        fic("deploy-team", "repo:contoso/payments:environment:staging"),
    ]
}

const KEY: &str = "s1/rg-pay/id-pay";

fn pairs() -> Vec<(&'static str, String)> {
    vec![
        ("prod", immutable("environment:prod")),
        ("prod-ws", immutable("environment:prod")),
        ("pr", immutable("pull_request")),
        ("main", immutable("ref:refs/heads/main")),
        ("deploy-team", immutable("environment:staging")),
    ]
}

fn start(lab: &Lab, fics: &[Value], extra: Value) {
    let mut state = json!({"subscription": "s1", "identities": {KEY: fics}, "apps": {}});
    if let (Some(state), Some(extra)) = (state.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            state.insert(k.clone(), v.clone());
        }
    }
    lab.set_state(&state);
}

#[test]
fn the_issues_identity_migrates_without_losing_a_credential() {
    let lab = Lab::new("five");
    lab.script(&json!(listing("rg-pay", "id-pay", &five())), IDS, "az");
    start(&lab, &five(), json!({}));
    let created = lab.ok(false);
    assert!(
        created.contains("created 4, already there 0, waiting for room 0"),
        "{created}"
    );
    let state = lab.state();
    let subjects: Vec<String> = held(&state, KEY).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        subjects
            .iter()
            .filter(|s| **s == immutable("environment:prod"))
            .count(),
        1,
        "one replacement for the duplicate: {subjects:?}"
    );
    assert!(
        !subjects.iter().any(|s| s.contains('@') && s.ends_with(' ')),
        "the trailing space is not carried forward"
    );
    // Run again: nothing new, nothing stops.
    assert!(lab.ok(false).contains("created 0, already there 4"));
    let deleted = lab.ok(true);
    assert!(
        deleted.contains("deleted 5, already gone 0, kept 0"),
        "{deleted}"
    );
    let after = held(&lab.state(), KEY);
    assert_eq!(after.len(), 4, "{after:?}");
    assert!(
        after.iter().all(|(_, s)| s.contains("@5544123/")),
        "{after:?}"
    );
    // And again: nothing left to do.
    assert!(lab.ok(true).contains("deleted 0, already gone 5"));
}

#[test]
fn interrupted_at_any_write_then_run_again_nothing_is_lost() {
    let pairs = pairs();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(o, n)| (*o, n.as_str())).collect();
    let lab = Lab::new("interrupt");
    lab.script(&json!(listing("rg-pay", "id-pay", &five())), IDS, "az");
    for when in ["before", "after"] {
        for at in 1..=4 {
            start(
                &lab,
                &five(),
                json!({"interrupt": {"in": at, "when": when}}),
            );
            assert!(
                !lab.run(false).status.success(),
                "interrupted at create {at}"
            );
            safe(&lab.state(), KEY, &pairs);
            lab.ok(false);
            safe(&lab.state(), KEY, &pairs);
        }
        for at in 1..=5 {
            start(&lab, &five(), json!({}));
            lab.ok(false);
            let mut state = lab.state();
            state["interrupt"] = json!({"in": at, "when": when});
            lab.set_state(&state);
            assert!(
                !lab.run(true).status.success(),
                "interrupted at delete {at}"
            );
            safe(&lab.state(), KEY, &pairs);
            lab.ok(true);
            safe(&lab.state(), KEY, &pairs);
            assert_eq!(held(&lab.state(), KEY).len(), 4);
        }
    }
}

#[test]
fn a_409_is_retried_a_bounded_number_of_times() {
    let lab = Lab::new("conflict");
    lab.script(&json!(listing("rg-pay", "id-pay", &five())), IDS, "az");
    start(&lab, &five(), json!({"conflicts": 2}));
    let out = lab.ok(false);
    assert!(out.contains("Azure answered 409"), "{out}");
    assert_eq!(held(&lab.state(), KEY).len(), 9);
    start(&lab, &five(), json!({"conflicts": 50}));
    let out = lab.run(false);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("409"));
    assert_eq!(
        writes(&lab),
        5,
        "five tries, then it stops: {}",
        lab.state()["log"]
    );
}

#[test]
fn confirming_before_creating_deletes_nothing() {
    let lab = Lab::new("confirm-first");
    lab.script(&json!(listing("rg-pay", "id-pay", &five())), IDS, "az");
    start(&lab, &five(), json!({}));
    let out = lab.ok(true);
    assert!(out.contains("deleted 0, already gone 0, kept 5"), "{out}");
    assert_eq!(held(&lab.state(), KEY).len(), 5);
}

#[test]
fn a_name_taken_by_other_values_stops_before_overwriting() {
    let lab = Lab::new("taken");
    let mut fics = five();
    lab.script(&json!(listing("rg-pay", "id-pay", &fics)), IDS, "az");
    // Someone created a credential of that name since the listing was taken.
    fics.push(fic("prod-immutable", "repo:contoso/other:environment:prod"));
    start(&lab, &fics, json!({}));
    let out = lab.run(false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stopped: managed identity id-pay (resource group rg-pay) already has a credential named 'prod-immutable' with other values"));
    assert!(writes(&lab) == 0, "no write: {}", lab.state()["log"]);
}

#[test]
fn near_the_limit_it_goes_in_batches_and_never_holds_more_than_20() {
    let lab = Lab::new("batches");
    let fics: Vec<Value> = (0..15)
        .map(|i| {
            fic(
                &format!("env-{i}"),
                &format!("repo:contoso/payments:environment:e{i}"),
            )
        })
        .collect();
    lab.script(&json!(listing("rg-pay", "id-pay", &fics)), IDS, "az");
    start(&lab, &fics, json!({}));
    let mut rounds = 0;
    loop {
        let created = lab.ok(false);
        assert!(held(&lab.state(), KEY).len() <= 20);
        lab.ok(true);
        rounds += 1;
        if created.contains("waiting for room 0") || rounds > 5 {
            break;
        }
    }
    assert_eq!(rounds, 3, "5 + 5 + 5");
    let after = held(&lab.state(), KEY);
    assert_eq!(after.len(), 15);
    assert!(after.iter().all(|(_, s)| s.contains('@')), "{after:?}");
}

#[test]
fn a_full_identity_stops_before_the_first_write_and_says_why() {
    let lab = Lab::new("full");
    let fics: Vec<Value> = (0..20)
        .map(|i| {
            fic(
                &format!("env-{i}"),
                &format!("repo:contoso/payments:environment:e{i}"),
            )
        })
        .collect();
    lab.script(&json!(listing("rg-pay", "id-pay", &fics)), IDS, "az");
    start(&lab, &fics, json!({}));
    let out = lab.run(false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no room on: managed identity id-pay"));
    assert_eq!(writes(&lab), 0);
}

#[test]
fn two_identities_of_one_name_are_migrated_each_in_its_own_group() {
    let lab = Lab::new("two-groups");
    let a = vec![fic("prod", "repo:contoso/payments:environment:prod")];
    let b = vec![fic("prod", "repo:contoso/payments:environment:prod")];
    let mut both = listing("rg-a", "id-pay", &a);
    both.extend(listing("rg-b", "id-pay", &b));
    lab.script(&json!(both), IDS, "az");
    lab.set_state(
        &json!({"subscription": "s1", "identities": {"s1/rg-a/id-pay": a, "s1/rg-b/id-pay": b}}),
    );
    lab.ok(false);
    lab.ok(true);
    let state = lab.state();
    for key in ["s1/rg-a/id-pay", "s1/rg-b/id-pay"] {
        assert_eq!(
            held(&state, key),
            [("prod-immutable".to_owned(), immutable("environment:prod"))],
            "{key}"
        );
    }
}

#[test]
fn an_app_registration_is_migrated_through_its_object_id() {
    let lab = Lab::new("app");
    let app = "11111111-2222-3333-4444-555555555555";
    let graph = json!({"@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#applications('{app}')/federatedIdentityCredentials"), "value": [fic("prod", "repo:contoso/payments:environment:prod"), fic("main", "repo:contoso/payments:ref:refs/heads/main")]});
    lab.script(&graph, IDS, "az");
    let mut fics = vec![
        fic("prod", "repo:contoso/payments:environment:prod"),
        fic("main", "repo:contoso/payments:ref:refs/heads/main"),
    ];
    for (i, f) in fics.iter_mut().enumerate() {
        f["id"] = json!(format!("0000000{i}-aaaa-bbbb-cccc-dddddddddddd"));
    }
    // Interrupted right after the first create took effect, and run again: Graph refuses an
    // existing name, so the re-run must see it there and not stop.
    lab.set_state(
        &json!({"identities": {}, "apps": {app: fics}, "interrupt": {"in": 1, "when": "after"}}),
    );
    assert!(!lab.run(false).status.success());
    lab.ok(false);
    lab.ok(true);
    let state = lab.state();
    let names: Vec<&str> = state["apps"][app]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["prod-immutable", "main-immutable"]);
}

#[test]
fn re_pointed_issuers_and_converted_azure_devops_connections_migrate_the_same_way() {
    let ado_issuer = "https://vstoken.dev.azure.com/0ca3ddd9-f0b0-4635-a98c-5866526961b6";
    let entra_subject = "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176";
    let cases: Vec<(&str, Vec<Value>, Vec<String>, &str)> = vec![
        (
            "reissue",
            vec![fic(
                "prod",
                "repo:contoso@5544123/payments@821093847:environment:prod",
            )],
            vec!["--reissue".to_owned(), format!("{GH}={GH}/contoso")],
            "repo:contoso@5544123/payments@821093847:environment:prod",
        ),
        (
            "ado",
            vec![
                json!({"name": "sc-prod", "issuer": ado_issuer, "subject": "sc://contoso/payments/sc-prod", "audiences": [AUD]}),
            ],
            vec!["--ado-subjects".to_owned()],
            entra_subject,
        ),
    ];
    for (situation, fics, mut more, new_subject) in cases {
        let lab = Lab::new(situation);
        if situation == "ado" {
            std::fs::write(lab.path("ado.txt"), format!("sc-prod {entra_subject}\n")).unwrap();
            more.push(lab.path("ado.txt").display().to_string());
        }
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        let script = lab.script_with(&json!(listing("rg-pay", "id-pay", &fics)), "", "az", &more);
        assert!(script.contains("fc_create"), "{situation}: {script}");
        let old = fics[0]["name"].as_str().unwrap();
        start(
            &lab,
            &fics,
            json!({"interrupt": {"in": 1, "when": "after"}}),
        );
        assert!(!lab.run(false).status.success(), "{situation}");
        lab.ok(false);
        safe(&lab.state(), KEY, &[(old, new_subject)]);
        lab.ok(true);
        let after = held(&lab.state(), KEY);
        assert_eq!(after.len(), 1, "{situation}: {after:?}");
        assert_eq!(after[0].1, new_subject, "{situation}");
        assert_ne!(after[0].0, old, "{situation}");
    }
}

/// Issue 24: the builder's az snippet for a managed identity (create is create-or-update) stops
/// rather than overwrite a credential of the same name that holds other values; run again over
/// its own result, it changes nothing.
#[test]
fn the_builders_az_snippet_never_overwrites_another_credential() {
    let lab = Lab::new("builder");
    let out = Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args([
            "fic",
            "github",
            "--repo",
            "contoso/payments",
            "--environment",
            "prod",
            "--name",
            "prod",
        ])
        .args([
            "--identity-name",
            "id-pay",
            "--resource-group",
            "rg-pay",
            "--format",
            "az",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(lab.path("migrate.sh"), &out.stdout).unwrap();
    let wanted = "repo:contoso/payments:environment:prod";
    // A new identity: created; run again: the same, nothing overwritten.
    start(&lab, &[], json!({}));
    lab.ok(false);
    lab.ok(false);
    assert_eq!(
        held(&lab.state(), KEY),
        [("prod".to_owned(), wanted.to_owned())]
    );
    // A credential named prod already trusts another subject: the snippet stops before create.
    let other = "repo:contoso/payments:ref:refs/heads/main";
    start(&lab, &[fic("prod", other)], json!({}));
    let stopped = lab.run(false);
    assert_eq!(stopped.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stopped.stderr).contains("create would overwrite it"));
    assert_eq!(
        held(&lab.state(), KEY),
        [("prod".to_owned(), other.to_owned())]
    );
}

/// The commands `fedcred audit --format json` gives beside its findings (issue 27), in order.
fn commands(lab: &Lab, listing: &Value) -> Vec<String> {
    std::fs::write(lab.path("fics.json"), listing.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args(["audit", "--format", "json", "--fics"])
        .arg(lab.path("fics.json"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["command"].as_str().map(str::to_owned))
        .collect()
}

/// Runs one command under bash against the fake az; its output.
fn run_command(lab: &Lab, command: &str, env: &[(&str, &str)]) -> Output {
    let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake-az");
    Command::new("bash")
        .args(["-c", command])
        .env(
            "PATH",
            format!("{}:{}", fake.display(), std::env::var("PATH").unwrap()),
        )
        .env("FAKE_AZ_STATE", lab.path("state.json"))
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn the_audits_fix_commands_delete_a_duplicate_only_beside_its_twin_and_trim_white_space() {
    let lab = Lab::new("fix-commands");
    let fics = vec![
        fic("prod", "repo:contoso/payments:environment:prod"),
        fic("prod-again", "repo:contoso/payments:environment:prod"),
        fic("main-ws", "repo:contoso/payments:ref:refs/heads/main "),
    ];
    let listing = json!(listing("rg-pay", "id-pay", &fics));
    let commands = commands(&lab, &listing);
    assert_eq!(commands.len(), 2, "{commands:?}");
    start(&lab, &fics, json!({}));
    // Twice: the second run changes nothing and loses nothing.
    for _ in 0..2 {
        for command in &commands {
            let out = run_command(&lab, command, &[]);
            assert!(out.status.success(), "{command}: {out:?}");
        }
        assert_eq!(
            held(&lab.state(), KEY),
            vec![
                (
                    "prod".to_owned(),
                    "repo:contoso/payments:environment:prod".to_owned()
                ),
                (
                    "main-ws".to_owned(),
                    "repo:contoso/payments:ref:refs/heads/main".to_owned()
                ),
            ]
        );
    }
}

#[test]
fn a_duplicate_whose_twin_is_gone_is_not_deleted() {
    let lab = Lab::new("fix-stale");
    let fics = vec![
        fic("prod", "repo:contoso/payments:environment:prod"),
        fic("prod-again", "repo:contoso/payments:environment:prod"),
    ];
    let listing = json!(listing("rg-pay", "id-pay", &fics));
    let commands = commands(&lab, &listing);
    assert_eq!(commands.len(), 1, "{commands:?}");
    // The paste was stale: 'prod' was deleted since, or changed.
    for twin in [
        vec![],
        vec![fic("prod", "repo:contoso/payments:environment:stage")],
    ] {
        let mut now = twin.clone();
        now.push(fic("prod-again", "repo:contoso/payments:environment:prod"));
        start(&lab, &now, json!({}));
        let out = run_command(&lab, &commands[0], &[]);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not deleted"),
            "{out:?}"
        );
        assert!(
            held(&lab.state(), KEY)
                .iter()
                .any(|(n, _)| n == "prod-again")
        );
    }
}

#[test]
fn without_arm_ids_the_fix_commands_act_on_the_app_named_by_app_id() {
    let lab = Lab::new("fix-app");
    let plain = |name: &str, subject: &str| json!({"name": name, "issuer": GH, "subject": subject, "audiences": [AUD]});
    let fics = vec![
        plain("prod", "repo:contoso/payments:environment:prod"),
        plain("prod-again", "repo:contoso/payments:environment:prod"),
        plain("main-ws", " repo:contoso/payments:ref:refs/heads/main"),
    ];
    let commands = commands(&lab, &json!(fics));
    assert_eq!(commands.len(), 2, "{commands:?}");
    let mut app = fics.clone();
    for (i, c) in app.iter_mut().enumerate() {
        c["id"] = json!(format!("00000000-0000-0000-0000-{i:012}"));
    }
    lab.set_state(&json!({"subscription": "s1", "identities": {}, "apps": {"app-1": app}}));
    // Without APP_ID, nothing runs.
    for command in &commands {
        assert!(!run_command(&lab, command, &[]).status.success());
    }
    assert_eq!(lab.state()["apps"]["app-1"].as_array().unwrap().len(), 3);
    for command in &commands {
        let out = run_command(&lab, command, &[("APP_ID", "app-1")]);
        assert!(out.status.success(), "{command}: {out:?}");
    }
    let left: Vec<(String, String)> = lab.state()["apps"]["app-1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        left,
        vec![
            (
                "prod".to_owned(),
                "repo:contoso/payments:environment:prod".to_owned()
            ),
            (
                "main-ws".to_owned(),
                "repo:contoso/payments:ref:refs/heads/main".to_owned()
            ),
        ]
    );
}
