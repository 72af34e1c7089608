//! What the CLI's tests share: running the built `fedcred` with fixture files.
#![allow(dead_code, clippy::expect_used, clippy::panic)] // each test file uses some of these; a failed run is a failed test

use std::process::{Command, Output};

/// Runs `fedcred` with `args`, an argument `@NAME` standing for the file `NAME` in the fixture
/// folder `fixtures` (`tests/fixtures/<fixtures>/`).
pub fn fedcred_with(fixtures: &str, args: &[&str]) -> Output {
    let dir = format!("{}/tests/fixtures/{fixtures}/", env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.strip_prefix('@') {
            Some(file) => format!("{dir}{file}"),
            None => (*a).to_owned(),
        })
        .collect();
    Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args(&args)
        .output()
        .expect("the fedcred binary runs")
}

/// What `fedcred` printed on standard output, read as JSON; a test fails with what it printed on
/// standard error when it is not JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}
