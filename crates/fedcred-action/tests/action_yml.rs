//! Each action's `action.yml` and `index.js` agree (`actions/explain`, and `actions/check`, which
//! runs the same WebAssembly): every input the metadata declares is read, every input read is
//! declared (with a description), every output declared is written, and the entry point and
//! runtime exist. A mismatch would pass the JavaScript tests (which set INPUT_* themselves) and
//! break only in a user's workflow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::PathBuf;

/// The names in `text` between each `start` and the next `end`.
fn quoted_after(text: &str, start: &str, end: char) -> BTreeSet<String> {
    text.split(start)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .map(str::to_owned)
        .collect()
}

/// Checks the action in `actions/NAME` and returns its metadata and entry point's text.
fn agrees(name: &str) -> (fedcred_core::yaml::Node, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../actions")
        .join(name);
    let metadata = std::fs::read_to_string(dir.join("action.yml")).unwrap();
    let script = std::fs::read_to_string(dir.join("index.js")).unwrap();
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
        "{name}: inputs"
    );
    assert_eq!(
        declared("outputs"),
        quoted_after(&script, "setOutput('", '\''),
        "{name}: outputs"
    );
    for (input, node) in yaml.get("inputs").and_then(|n| n.as_map()).unwrap() {
        assert!(
            node.get("description").and_then(|d| d.as_str()).is_some(),
            "{name}: input {input} has a description"
        );
    }
    let runs = yaml.get("runs").unwrap();
    assert_eq!(runs.get("using").and_then(|n| n.as_str()), Some("node24"));
    let main = runs.get("main").and_then(|n| n.as_str()).unwrap();
    assert!(dir.join(main).is_file(), "{name}: {main} exists");
    (yaml, script)
}

#[test]
fn the_metadata_declares_exactly_what_the_entry_point_reads_and_writes() {
    let (yaml, _) = agrees("explain");
    assert_eq!(
        yaml.get("inputs")
            .and_then(|i| i.get("audience"))
            .and_then(|a| a.get("default"))
            .and_then(|d| d.as_str()),
        Some("api://AzureADTokenExchange")
    );
}

/// The check mode's action (issue 25).
#[test]
fn the_check_action_declares_exactly_what_it_reads_and_writes() {
    let (_, script) = agrees("check");
    assert!(
        script.contains("require('../explain/wasm/fedcred_action.js')"),
        "the same WebAssembly as actions/explain"
    );
}
