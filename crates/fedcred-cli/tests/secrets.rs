//! `fedcred secrets` (issue 30): the report and its exit codes, and the removal scripts run under
//! bash against the stateful fake az (tests/fake-az): they remove only what the federated path
//! replaces, never a key of an app without a federated credential at the moment they run, and
//! are safe to interrupt and to run again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

const NOW: &str = "2026-12-05T00:00:00Z";
const DEPLOY: &str = "b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58";
const DEPLOY_OBJECT: &str = "3f6a2c1e-8b4d-4e7a-9c15-6d2e8f0a1b34";
const LEGACY: &str = "41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16";
const LEGACY_OBJECT: &str = "c5b8e2d4-7a19-4f60-83ce-2d9a4b6f1e07";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fedcred-core/tests/fixtures/secrets")
        .join(name)
}

/// The listings a security team would have: every app, and the federated credentials of the
/// two that hold secrets (one list per app, named for it).
fn listings() -> Vec<PathBuf> {
    [
        "az-ad-app-list.json",
        "fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json",
        "fics-41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16.json",
        "graph-app-fics.json",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect()
}

fn secrets(files: &[PathBuf], more: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .arg("secrets")
        .args(files)
        .args(["--now", NOW])
        .args(more)
        .output()
        .unwrap()
}

#[test]
fn the_report_counts_each_state_and_exits_1_while_secrets_remain() {
    let out = secrets(&listings(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["complete"], true);
    assert_eq!(
        v["summary"],
        json!({"apps": 3, "secret_only": 1, "in_progress": 1, "done": 1, "none": 0, "unknown": 0})
    );
    assert_eq!(v["next"], Value::Null);
    let deploy = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["appId"] == DEPLOY)
        .unwrap();
    assert_eq!(
        (
            deploy["secrets"].as_i64(),
            deploy["certificates"].as_i64(),
            deploy["fics"].as_i64()
        ),
        (Some(2), Some(1), Some(2))
    );
    assert_eq!(deploy["state"], "in_progress");
    // Without the federated credentials, the states are unknown and the report says what to run.
    let out = secrets(&[fixture("az-ad-app-list.json")], &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["unknown"], 3);
    assert!(v["next"].as_str().unwrap().contains(&format!(
        "az ad app federated-credential list --id {DEPLOY}"
    )));
}

#[test]
fn nothing_left_exits_0_and_a_wrong_document_exits_2_saying_what_it_is() {
    let done = r#"{"value": [{"id": "9a0c5e73-1f2b-4d8e-b6a4-3c7e9f1d2a60", "appId": "e2d7a9c1-6b48-4f3e-9a5d-0c8b1e7f3d92", "displayName": "web", "passwordCredentials": [], "keyCredentials": [], "federatedIdentityCredentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/web:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]}]}"#;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("secrets-done.json");
    std::fs::write(&file, done).unwrap();
    let out = secrets(&[file], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = secrets(&[fixture("az-account-show.json")], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("az account show"));
}

/// A folder with the script, the fake az's state, and a way to run them.
struct Lab {
    dir: PathBuf,
}

impl Lab {
    fn new(name: &str, format: &str) -> Lab {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("secrets-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = secrets(&listings(), &["--format", format]);
        std::fs::write(dir.join("remove.sh"), &out.stdout).unwrap();
        let lab = Lab { dir };
        lab.set_state(&tenant());
        lab
    }

    fn set_state(&self, state: &Value) {
        std::fs::write(
            self.dir.join("state.json"),
            serde_json::to_string_pretty(state).unwrap(),
        )
        .unwrap();
    }

    fn state(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.dir.join("state.json")).unwrap())
            .unwrap()
    }

    /// Runs the script with the fake az first on PATH; `answers` on standard input, or every
    /// question answered by FEDCRED_YES=1 when `None`.
    fn run(&self, answers: Option<&str>) -> (Option<i32>, String) {
        let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake-az");
        let mut command = Command::new("bash");
        command
            .arg(self.dir.join("remove.sh"))
            .env(
                "PATH",
                format!("{}:{}", fake.display(), std::env::var("PATH").unwrap()),
            )
            .env("FAKE_AZ_STATE", self.dir.join("state.json"))
            .env_remove("FEDCRED_YES")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if answers.is_none() {
            command.env("FEDCRED_YES", "1");
        }
        let mut child = command.spawn().unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(answers.unwrap_or("").as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    }

    fn removals(&self) -> Vec<String> {
        self.state()["log"]
            .as_array()
            .map(|l| l.iter().map(|e| e.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }
}

fn key(id: &str, end: &str) -> Value {
    json!({"keyId": id, "endDateTime": end, "displayName": "k", "hint": "abc", "secretText": null})
}

/// The tenant as the listings describe it, in the fake's state.
fn tenant() -> Value {
    let fic = |name: &str| json!({"name": name, "issuer": "https://token.actions.githubusercontent.com", "subject": format!("repo:contoso/app:{name}"), "audiences": ["api://AzureADTokenExchange"], "id": name});
    json!({
        "apps": {DEPLOY: [fic("main"), fic("production")], LEGACY: []},
        "secrets": {
            DEPLOY: {"objectId": DEPLOY_OBJECT,
                "passwords": [key("5d2f8a61-3c94-4e0b-b7a2-1e6c9d4f8a03", "2026-08-11T08:45:02.513Z"), key("a9e41c37-8b2d-4f65-9e10-4c7a2b8d6f51", "2027-01-20T10:02:44.187Z")],
                "certificates": [key("e37b0d92-4a1c-4f8e-a6d5-9b2c7e1f0a48", "2026-11-30T23:59:59Z")]},
            LEGACY: {"objectId": LEGACY_OBJECT,
                "passwords": [key("0b6d3e8f-2a7c-4d19-95e4-8f1a3c6b7d20", "2025-07-07T16:10:31Z"), key("11111111-2222-3333-4444-555555555555", "2030-01-01T00:00:00Z")],
                "certificates": []}
        },
        "log": []
    })
}

fn held(lab: &Lab, app: &str) -> usize {
    let s = lab.state();
    s["secrets"][app]["passwords"].as_array().unwrap().len()
        + s["secrets"][app]["certificates"].as_array().unwrap().len()
}

#[test]
fn the_az_and_graph_scripts_remove_what_the_federated_path_replaces_then_nothing_on_a_second_run() {
    for format in ["az", "graph"] {
        let lab = Lab::new(&format!("run-{format}"), format);
        let (code, text) = lab.run(None);
        assert_eq!(code, Some(0), "{format}: {text}");
        assert_eq!(
            held(&lab, DEPLOY),
            0,
            "{format}: the migrated app's three keys are gone: {text}"
        );
        // The app not migrated keeps its live secret; only the expired one goes.
        assert_eq!(
            lab.state()["secrets"][LEGACY]["passwords"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "{format}: {text}"
        );
        assert_eq!(
            lab.state()["apps"][DEPLOY].as_array().unwrap().len(),
            2,
            "{format}: federated credentials untouched"
        );
        assert_eq!(lab.removals().len(), 4, "{format}: {:?}", lab.removals());
        // Again: everything is gone already, nothing is written.
        let (code, text) = lab.run(None);
        assert_eq!(code, Some(0), "{format}: {text}");
        assert_eq!(lab.removals().len(), 4, "{format}: {text}");
        assert!(text.contains("gone already"), "{format}: {text}");
    }
}

#[test]
fn an_app_whose_federated_credentials_are_gone_keeps_its_secrets() {
    let lab = Lab::new("fics-gone", "az");
    let mut state = tenant();
    state["apps"][DEPLOY] = json!([]);
    lab.set_state(&state);
    let (code, text) = lab.run(None);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(held(&lab, DEPLOY), 3, "{text}");
    assert!(text.contains("has no federated credential now"), "{text}");
    assert!(
        lab.removals().iter().all(|r| !r.contains(DEPLOY)),
        "{:?}",
        lab.removals()
    );
}

#[test]
fn interrupted_at_any_removal_then_run_again_everything_is_removed_once() {
    for at in 1..=4 {
        for when in ["before", "after"] {
            let lab = Lab::new(&format!("interrupt-{at}-{when}"), "az");
            let mut state = tenant();
            state["interrupt"] = json!({"in": at, "when": when});
            lab.set_state(&state);
            let (code, _) = lab.run(None);
            assert_eq!(code, Some(130), "interrupted at {at} {when}");
            let (code, text) = lab.run(None);
            assert_eq!(code, Some(0), "{at} {when}: {text}");
            assert_eq!(held(&lab, DEPLOY), 0, "{at} {when}: {text}");
            assert_eq!(
                lab.state()["secrets"][LEGACY]["passwords"]
                    .as_array()
                    .unwrap()
                    .len(),
                1
            );
        }
    }
}

#[test]
fn nothing_is_removed_unless_confirmed() {
    let lab = Lab::new("unconfirmed", "az");
    let (code, text) = lab.run(Some("n\nn\nn\nn\n"));
    assert_eq!(code, Some(0), "{text}");
    assert!(lab.removals().is_empty(), "{:?}", lab.removals());
    assert!(text.contains("not confirmed"), "{text}");
    // Confirming one of them removes that one only.
    let (_, text) = lab.run(Some("y\nn\nn\nn\n"));
    assert_eq!(lab.removals().len(), 1, "{text}");
}
