//! The hostile-input corpus (tests/fixtures/hostile, made by make_hostile.py): every input gets a
//! clear error or finding, quickly, and nothing panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fedcred_core::explain::{SignatureStatus, Verdict, explain_paste};
use fedcred_core::import::import;
use fedcred_core::scenario::Scenario;

const NOW: i64 = 1_767_225_600;
const FICS: &str = r#"[{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/app:environment:prod","audiences":["api://AzureADTokenExchange"]}]"#;
/// A valid token for the credential above, to run pasted credential JSON against.
const GOOD_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwic3ViIjoicmVwbzpjb250b3NvL2FwcDplbnZpcm9ubWVudDpwcm9kIiwiYXVkIjoiYXBpOi8vQXp1cmVBRFRva2VuRXhjaGFuZ2UiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln";

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile");
    let mut inputs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".txt")
                .to_owned();
            (
                name,
                String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned(),
            )
        })
        .collect();
    inputs.sort();
    // Too large to store: made here.
    inputs.push((
        "token-one-megabyte".to_owned(),
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", "A".repeat(1 << 20)),
    ));
    inputs.push((
        "error-half-a-megabyte".to_owned(),
        format!("AADSTS700213: subject '{}'", "x".repeat(500_000)),
    ));
    inputs
}

fn quick<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = work();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{name} took {:?}",
        start.elapsed()
    );
    out
}

#[test]
fn the_corpus_has_at_least_a_hundred_inputs_of_every_kind() {
    let inputs = corpus();
    assert!(inputs.len() >= 100, "{} inputs", inputs.len());
    for kind in [
        "token-",
        "error-",
        "fics-",
        "state-",
        "customization-",
        "workflow-",
    ] {
        assert!(
            inputs.iter().filter(|(n, _)| n.starts_with(kind)).count() >= 10,
            "{kind}"
        );
    }
}

#[test]
fn every_pasted_token_or_error_gets_a_clear_error_or_finding() {
    for (name, text) in corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("token-") || n.starts_with("error-"))
    {
        let report = quick(&name, || {
            explain_paste(&text, Some(&import(FICS)), NOW, SignatureStatus::NotChecked)
        });
        assert!(!report.findings.is_empty(), "{name}: no finding");
        assert!(
            report.findings.iter().all(|f| !f.message.trim().is_empty()),
            "{name}: an empty message"
        );
        if report.verdict == Verdict::InvalidInput {
            assert!(report.token.is_none(), "{name}");
        }
    }
}

#[test]
fn every_pasted_pipeline_file_is_read_or_refused_with_its_reason_quickly() {
    use fedcred_core::predict::{File, Kind, Options, predict};
    use fedcred_core::yaml;
    let mut inputs: Vec<(String, String)> = corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("workflow-"))
        .collect();
    // Too large to store: made here.
    inputs.push((
        "workflow-over-a-megabyte".to_owned(),
        format!(
            "on: push\njobs:\n  a:\n    environment: {}\n",
            "x".repeat(yaml::MAX_BYTES)
        ),
    ));
    for (name, text) in inputs {
        for kind in [
            None,
            Some(Kind::GitHub),
            Some(Kind::GitLab),
            Some(Kind::AzureDevOps),
        ] {
            let options = Options {
                kind,
                repo: "contoso/app".into(),
                ..Options::default()
            };
            let outcome = quick(&name, || {
                predict(
                    &[File {
                        name: "hostile.yml",
                        text: &text,
                    }],
                    &options,
                )
            });
            match outcome {
                Ok(p) => {
                    assert!(
                        p.jobs.iter().all(|j| !j.id.is_empty() || j.file.is_empty()),
                        "{name}"
                    );
                    let json = p.to_json().to_string();
                    assert!(
                        fedcred_core::json::parse(&json).is_ok(),
                        "{name}: the JSON reads back"
                    );
                }
                Err(e) => assert!(
                    !e.message.trim().is_empty(),
                    "{name}: an error without words"
                ),
            }
        }
    }
}

#[test]
fn every_pasted_manifest_is_read_or_refused_with_its_reason_quickly() {
    use fedcred_core::platforms::kubernetes::predict::predict;
    use fedcred_core::predict::{File, Kind, Options};
    // The pipeline files' hostile inputs read as manifests too, and the fuzzer's finds.
    for (name, text) in corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("workflow-") || n.starts_with("manifest-"))
    {
        let options = Options {
            kind: Some(Kind::Kubernetes),
            issuer: "https://eastus.oic.prod-aks.azure.com/t/c/".into(),
            ..Options::default()
        };
        match quick(&name, || {
            predict(
                &[File {
                    name: "m.yaml",
                    text: &text,
                }],
                &options,
            )
        }) {
            Ok(p) => {
                assert!(
                    fedcred_core::json::parse(&p.to_json().to_string()).is_ok(),
                    "{name}"
                );
                for f in &p.object_findings {
                    assert!(!f.message.trim().is_empty(), "{name}: an empty message");
                    if let Some(fix) = &f.fix {
                        assert!(
                            fedcred_core::yaml::parse(fix).is_ok(),
                            "{name}: the fix {fix:?} is not YAML"
                        );
                    }
                }
            }
            Err(e) => assert!(
                !e.message.trim().is_empty(),
                "{name}: an error without words"
            ),
        }
    }
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused_by_name() {
    use fedcred_core::predict::{File, Options, predict};
    let cases = [
        ("workflow-billion-laughs", "more than 100000 values"),
        ("workflow-billion-laughs-in-jobs", "more than 100000 values"),
        ("workflow-deep-flow-nesting", "nested more than"),
        ("workflow-deep-block-nesting", "nested more than"),
        ("workflow-alias-to-undefined-anchor", "not valid YAML"),
    ];
    let inputs = corpus();
    for (name, message) in cases {
        let text = &inputs.iter().find(|(n, _)| n == name).unwrap().1;
        let error = quick(name, || {
            predict(
                &[File {
                    name: "w.yml",
                    text,
                }],
                &Options::default(),
            )
        })
        .unwrap_err();
        assert!(error.message.contains(message), "{name}: {error}");
    }
}

#[test]
fn every_pasted_gh_api_output_is_read_or_refused_with_a_reason() {
    use fedcred_core::platforms::github::{Entity, GitHubInput};
    use fedcred_core::platforms::{Common, Platform, build_set};
    for (name, text) in corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("customization-"))
    {
        let input = Platform::GitHub(GitHubInput {
            repo: "contoso/app".into(),
            entity: Entity::Branch("main".into()),
            customization: text,
            ..Default::default()
        });
        let built = quick(&name, || {
            build_set(std::slice::from_ref(&input), &Common::default())
        });
        assert!(
            !built.credentials.is_empty() || built.findings.iter().any(|f| f.is_error()),
            "{name}: silently nothing"
        );
        assert!(
            built.findings.iter().all(|f| !f.message.trim().is_empty()),
            "{name}"
        );
    }
}

#[test]
fn every_pasted_credential_json_is_read_or_refused_with_a_reason() {
    for (name, text) in corpus().into_iter().filter(|(n, _)| n.starts_with("fics-")) {
        let imported = quick(&name, || import(&text));
        let report = explain_paste(
            GOOD_TOKEN,
            Some(&imported),
            NOW,
            SignatureStatus::NotChecked,
        );
        assert!(
            !imported.credentials.is_empty()
                || !imported.findings.is_empty()
                || report.predicted_error.as_deref() == Some("AADSTS70025"),
            "{name}: silently nothing"
        );
        assert!(!report.findings.is_empty(), "{name}");
    }
}

#[test]
fn every_shared_state_opens_or_says_why_not() {
    for (name, text) in corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("state-"))
    {
        match quick(&name, || Scenario::from_fragment(&text)) {
            Ok(scenario) => {
                let built = scenario.build();
                assert!(built.is_ok() || !built.findings.is_empty(), "{name}");
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
}

#[test]
fn specific_inputs_get_the_specific_answer() {
    let inputs = corpus();
    let report = |name: &str| {
        let text = &inputs
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is in the corpus"))
            .1;
        explain_paste(text, Some(&import(FICS)), NOW, SignatureStatus::NotChecked)
    };
    let codes = |name: &str| {
        report(name)
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>()
    };
    assert!(codes("token-cyrillic-a-in-repo").contains(&"subject_lookalike"));
    assert!(
        report("token-cyrillic-a-in-repo")
            .findings
            .iter()
            .any(|f| f.message.contains("U+0430"))
    );
    assert!(codes("token-right-to-left-override").contains(&"subject_lookalike"));
    assert!(codes("token-zero-width-space").contains(&"subject_lookalike"));
    assert_eq!(codes("token-jwe-five-parts"), ["encrypted_token"]);
    assert!(codes("token-alg-none").contains(&"unsigned_token"));
    assert!(codes("token-exp-as-string").contains(&"missing_claim"));
    assert!(codes("token-entra-access-token").contains(&"entra_issued_token"));
    assert_eq!(report("token-bearer-prefix").verdict, Verdict::Match);
    assert_eq!(report("token-wrapped-at-76").verdict, Verdict::Match);
    assert!(codes("token-iss-with-trailing-space").contains(&"issuer_whitespace"));
    assert_eq!(
        report("token-deep-nested-payload").verdict,
        Verdict::InvalidInput
    );
    assert_eq!(report("token-one-megabyte").verdict, Verdict::InvalidInput);
    assert_eq!(
        report("error-cut-mid-quote").predicted_error.as_deref(),
        Some("AADSTS700213")
    );
}

#[test]
fn every_pasted_credential_set_is_audited_or_refused_and_its_scripts_are_written() {
    use fedcred_core::audit::{Options, audit_with, migrate};
    let ids = r#"{"id": 1, "full_name": "contoso/app", "owner": {"id": 2}}"#;
    for (name, text) in corpus().into_iter().filter(|(n, _)| n.starts_with("fics-")) {
        let options = Options {
            github_ids: ids.to_owned(),
            reissue: vec![(
                "https://token.actions.githubusercontent.com".to_owned(),
                "https://token.actions.githubusercontent.com/contoso".to_owned(),
            )],
            ado_subjects: "x /eid1/garbage\n".to_owned(),
            face: fedcred_core::face::Face::Page,
        };
        let report = quick(&name, || audit_with(&text, &options));
        assert!(
            !report.identities.is_empty()
                || report.findings.iter().any(|f| f.code == "fic_invalid"),
            "{name}: neither audited nor refused"
        );
        assert!(
            report
                .findings
                .iter()
                .all(|f| !f.message.trim().is_empty() && !f.fix.trim().is_empty()),
            "{name}"
        );
        assert!(
            fedcred_core::json::parse(&report.to_json().to_string()).is_ok(),
            "{name}: the JSON reads back"
        );
        for format in ["az", "powershell", "graph"] {
            let _ = quick(&name, || migrate::script(&report, format));
        }
    }
}

/// `text` read as `file` and audited: quickly, saying something, with words for every reason,
/// and JSON that reads back.
fn declared_quickly(name: &str, file: &str, text: &str) -> fedcred_core::iac::IacAudit {
    use fedcred_core::iac::{self, Given, Source};
    let report = quick(name, || {
        let reading = iac::read(
            &[Source::new(file, text)],
            &Given::default(),
            Default::default(),
        );
        iac::audit(reading, &Default::default())
    });
    let r = &report.reading;
    assert!(
        !(r.credentials.is_empty()
            && r.unresolved.is_empty()
            && r.unreadable.is_empty()
            && r.notes.is_empty()),
        "{name}: nothing said"
    );
    assert!(
        fedcred_core::json::parse(&report.to_json().to_string()).is_ok(),
        "{name}"
    );
    for why in r
        .unresolved
        .iter()
        .map(|u| &u.why)
        .chain(r.unreadable.iter().map(|u| &u.message))
    {
        assert!(!why.trim().is_empty(), "{name}: a reason without words");
    }
    report
}

#[test]
fn every_terraform_input_is_read_or_refused_with_its_reason_quickly() {
    let inputs: Vec<(String, String)> = corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("terraform-"))
        .collect();
    assert!(inputs.len() >= 15);
    for (name, text) in inputs {
        let file = if name.starts_with("terraform-plan") || name.starts_with("terraform-state") {
            "plan.json"
        } else {
            "main.tf"
        };
        let report = declared_quickly(&name, file, &text);
        // A corrected line fedcred writes is HCL that reads back with the corrected value.
        for f in &report.audit.findings {
            let Some(edit) = &f.edit else { continue };
            let mut lines = edit.lines();
            lines.next();
            if let (Some(line), None) = (lines.next(), lines.next())
                && line.starts_with("  ")
            {
                let body = hcl::edit::parser::parse_body(line.trim())
                    .unwrap_or_else(|e| panic!("{name}: {line:?} is not HCL: {e}"));
                assert_eq!(body.attributes().count(), 1, "{name}: {line}");
            }
        }
    }
}

#[test]
fn every_bicep_and_arm_input_is_read_or_refused_with_its_reason_quickly() {
    let mut inputs: Vec<(String, String)> = corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("bicep-") || n.starts_with("arm-"))
        .collect();
    assert!(inputs.len() >= 15);
    // Too large to store: a 10 MB template, and one just under the 4 MiB limit.
    inputs.push((
        "arm-ten-megabytes".to_owned(),
        format!(
            "{{\"contentVersion\": \"1.0.0.0\", \"resources\": [], \"padding\": \"{}\"}}",
            "x".repeat(10 << 20)
        ),
    ));
    // 10,000 copies of a credential whose values are written with escapes the JSON writer does
    // not use (`\/`), in a 3 MB template: each property is searched for in the text once, not
    // once per copy.
    inputs.push((
        "arm-ten-thousand-copies-escaped".to_owned(),
        format!(
            r#"{{"contentVersion": "1.0.0.0", "resources": [{{"type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31", "copy": {{"name": "c", "count": 10000}}, "name": "[format('u/n{{0}}', copyIndex())]", "properties": {{"issuer": "https:\/\/token.actions.githubusercontent.com", "subject": "repo:a\/b:ref:refs\/heads\/main", "audiences": ["api:\/\/AzureADTokenExchange"]}}}}], "padding": "{}"}}"#,
            "x".repeat(3 << 20)
        ),
    ));
    inputs.push((
        "bicep-ten-megabytes".to_owned(),
        format!("var a = '{}'\n", "x".repeat(10 << 20)),
    ));
    for (name, text) in inputs {
        let file = if name.starts_with("arm-") {
            "azuredeploy.json"
        } else {
            "main.bicep"
        };
        declared_quickly(&name, file, &text);
    }
}
