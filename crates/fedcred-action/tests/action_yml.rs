//! `actions/explain/action.yml` and `index.js` agree: every input the metadata declares is read,
//! every input read is declared, every output declared is written, and the entry point and
//! runtime exist. A mismatch would pass the JavaScript tests (which set INPUT_* themselves) and
//! break only in a user's workflow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::PathBuf;

fn action_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../actions/explain")
}

/// The check mode's action (issue 25), which runs the same WebAssembly.
fn check_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../actions/check")
}

#[test]
fn the_check_action_declares_exactly_what_it_reads_and_writes() {
    let metadata = std::fs::read_to_string(check_dir().join("action.yml")).unwrap();
    let script = std::fs::read_to_string(check_dir().join("index.js")).unwrap();
    let yaml = fedcred_core::yaml::parse(&metadata).unwrap();
    let declared = |section: &str| -> BTreeSet<String> {
        yaml.get(section)
            .and_then(|n| n.as_map())
            .unwrap()
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(
        declared("inputs"),
        quoted_after(&script, "input('", '\''),
        "inputs"
    );
    assert_eq!(
        declared("outputs"),
        quoted_after(&script, "setOutput('", '\''),
        "outputs"
    );
    let runs = yaml.get("runs").unwrap();
    assert_eq!(runs.get("using").and_then(|n| n.as_str()), Some("node24"));
    let main = runs.get("main").and_then(|n| n.as_str()).unwrap();
    assert!(check_dir().join(main).is_file(), "{main} exists");
    assert!(
        script.contains("require('../explain/wasm/fedcred_action.js')"),
        "the same WebAssembly as actions/explain"
    );
}

/// The names in `text` between each `start` and the next `end`.
fn quoted_after(text: &str, start: &str, end: char) -> BTreeSet<String> {
    text.split(start)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_metadata_declares_exactly_what_the_entry_point_reads_and_writes() {
    let metadata = std::fs::read_to_string(action_dir().join("action.yml")).unwrap();
    let script = std::fs::read_to_string(action_dir().join("index.js")).unwrap();
    let yaml = fedcred_core::yaml::parse(&metadata).unwrap();

    let declared = |section: &str| -> BTreeSet<String> {
        yaml.get(section)
            .and_then(|n| n.as_map())
            .unwrap()
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    };
    let inputs = declared("inputs");
    let outputs = declared("outputs");
    assert_eq!(inputs, quoted_after(&script, "input('", '\''), "inputs");
    assert_eq!(
        outputs,
        quoted_after(&script, "setOutput('", '\''),
        "outputs"
    );
    for (name, node) in yaml.get("inputs").and_then(|n| n.as_map()).unwrap() {
        assert!(
            node.get("description").and_then(|d| d.as_str()).is_some(),
            "input {name} has a description"
        );
    }

    let runs = yaml.get("runs").unwrap();
    assert_eq!(runs.get("using").and_then(|n| n.as_str()), Some("node24"));
    let main = runs.get("main").and_then(|n| n.as_str()).unwrap();
    assert!(action_dir().join(main).is_file(), "{main} exists");
    assert_eq!(
        yaml.get("inputs")
            .and_then(|i| i.get("audience"))
            .and_then(|a| a.get("default"))
            .and_then(|d| d.as_str()),
        Some("api://AzureADTokenExchange")
    );
}
