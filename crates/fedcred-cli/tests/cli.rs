//! Runs the built `fedcred` binary the way a script would.

use std::process::Command;

fn fedcred(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args(args)
        .output()
        .expect("the fedcred binary runs")
}

#[test]
fn version_prints_the_name_and_the_crate_version() {
    let out = fedcred(&["--version"]);
    assert!(out.status.success(), "exit status {:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim(),
        format!("fedcred {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_fails_with_usage_on_stderr() {
    let out = fedcred(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--no-such-flag"), "stderr: {stderr}");
    assert!(stderr.contains("Usage: fedcred"), "stderr: {stderr}");
}
