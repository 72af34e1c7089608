//! `fedcred explain` and `fedcred decode` as scripts use them: exit codes, the JSON contract,
//! and the RS256 check against a JWKS with a real test key.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};

const NOW: &str = "1767225600";
const GITHUB: &str = "https://token.actions.githubusercontent.com";

fn b64(bytes: &[u8]) -> String {
    fedcred_core::base64url::encode(bytes)
}

fn key() -> rsa::RsaPrivateKey {
    let pem = include_str!("fixtures/test-signing-key.pem");
    rsa::RsaPrivateKey::from_pkcs8_pem(pem).expect("the test key parses")
}

/// A token signed with the test key.
fn signed(claims: &Value) -> String {
    let input = format!(
        "{}.{}",
        b64(json!({"alg": "RS256", "kid": "test-key"})
            .to_string()
            .as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = SigningKey::<sha2::Sha256>::new(key()).sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_vec()))
}

fn jwks() -> String {
    let public = key().to_public_key();
    json!({"keys": [{"kty": "RSA", "kid": "other", "n": "AQAB", "e": "AQAB"}, {"kty": "RSA", "kid": "test-key", "use": "sig", "n": b64(&public.n().to_bytes_be()), "e": b64(&public.e().to_bytes_be())}]}).to_string()
}

fn claims(sub: &str) -> Value {
    json!({"iss": GITHUB, "sub": sub, "aud": "api://AzureADTokenExchange", "exp": 1_767_225_900, "iat": 1_767_225_590})
}

struct Files {
    dir: std::path::PathBuf,
}

impl Files {
    fn new(tag: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("fedcred-cli-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Files { dir }
    }
    fn put(&self, name: &str, content: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fedcred(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The pipe closes when `input` goes out of scope, so the child sees end of input.
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or_default().as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn fics(subject: &str) -> String {
    json!([{"name": "prod", "issuer": GITHUB, "subject": subject, "audiences": ["api://AzureADTokenExchange"]}]).to_string()
}

#[test]
fn a_match_exits_0_with_the_json_contract() {
    let files = Files::new("match");
    let sub = "repo:octo-org/octo-repo:environment:prod";
    let token = files.put("token", &signed(&claims(sub)));
    let fics = files.put("fics.json", &fics(sub));
    let out = fedcred(
        &[
            "explain", "--token", &token, "--fics", &fics, "--now", NOW, "--format", "json",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "match");
    assert_eq!(report["predicted_error"], Value::Null);
    assert_eq!(report["closest_fic"], "prod");
    assert_eq!(report["signature"], "not_checked");
    assert_eq!(report["token"]["claims"]["sub"], sub);
    assert_eq!(report["findings"][0]["code"], "match");
    for key in ["code", "fic", "message", "fix"] {
        assert!(
            report["findings"][0].get(key).is_some(),
            "findings carry {key}"
        );
    }
}

#[test]
fn no_match_exits_1_and_names_the_error_and_the_fix() {
    let files = Files::new("nomatch");
    let token = files.put(
        "token",
        &signed(&claims("repo:octo-org/octo-repo:environment:prod")),
    );
    let fics = files.put(
        "fics.json",
        &fics("repo:octo-org/octo-repo:ref:refs/heads/main"),
    );
    let out = fedcred(
        &["explain", "--token", &token, "--fics", &fics, "--now", NOW],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("NO MATCH: Entra will answer AADSTS700213"),
        "{text}"
    );
    assert!(text.contains("subject_environment_vs_ref [prod]"), "{text}");
    assert!(text.contains("Token (decoded, not verified)"), "{text}");
    assert!(
        text.contains("fedcred fic github --repo octo-org/octo-repo --environment prod"),
        "{text}"
    );
}

#[test]
fn a_token_from_standard_input_and_an_error_text() {
    let token = signed(&claims("repo:octo-org/octo-repo:ref:refs/heads/main"));
    let out = fedcred(
        &["explain", "--token", "-", "--now", NOW, "--format", "json"],
        Some(&format!("Bearer {token}\n")),
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["token"]["claims"]["sub"],
        "repo:octo-org/octo-repo:ref:refs/heads/main"
    );
    let error = "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'.";
    let files = Files::new("error");
    let fics = files.put("fics.json", &fics("x"));
    let out = fedcred(
        &[
            "explain", "--error", "-", "--fics", &fics, "--format", "json",
        ],
        Some(error),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["predicted_error"], "AADSTS700211");
    assert_eq!(report["findings"][0]["code"], "issuer_trailing_slash");
}

#[test]
fn invalid_input_exits_2_with_the_reason() {
    let out = fedcred(
        &["explain", "--token", "-", "--format", "json"],
        Some("eyJhbGciOiJSUzI1NiJ9.eyJzdWIi"),
    );
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "invalid_input");
    assert_eq!(report["findings"][0]["code"], "malformed_token");
    let out = fedcred(&["explain"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --token FILE or --error FILE"));
}

#[test]
fn the_signature_is_checked_against_the_jwks() {
    let files = Files::new("jwks");
    let good = signed(&claims("repo:octo-org/octo-repo:environment:prod"));
    let jwks = files.put("jwks.json", &jwks());
    let token = files.put("token", &good);
    let out = fedcred(
        &[
            "explain", "--token", &token, "--jwks", &jwks, "--now", NOW, "--format", "json",
        ],
        None,
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["signature"],
        "valid"
    );

    // The same signature over a changed payload.
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[1] = b64(claims("repo:octo-org/octo-repo:environment:staging")
        .to_string()
        .as_bytes());
    let tampered = files.put("tampered", &parts.join("."));
    let out = fedcred(
        &[
            "explain", "--token", &tampered, "--jwks", &jwks, "--now", NOW, "--format", "json",
        ],
        None,
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["signature"],
        "invalid"
    );
    let text = fedcred(
        &[
            "explain", "--token", &tampered, "--jwks", &jwks, "--now", NOW,
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("Token (SIGNATURE INVALID)"));
}

#[test]
fn decode_prints_the_claims_explained() {
    let token = signed(&claims("repo:octo-org/octo-repo:environment:prod"));
    let out = fedcred(&["decode", "--now", NOW], Some(&token));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Token (decoded, not verified)"), "{text}");
    assert!(
        text.contains("2026-01-01T00:05:00Z, in 5 minutes"),
        "{text}"
    );
    let out = fedcred(&["decode"], Some("a.b.c.d.e"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("encrypted token (JWE, five parts)"));
}

#[test]
fn markdown_for_a_job_summary_names_the_claims_and_never_the_token() {
    let b64 = |s: &str| fedcred_core::base64url::encode(s.as_bytes());
    let token = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256"}"#),
        b64(
            r#"{"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/dev","aud":"api://AzureADTokenExchange","exp":4102444800}"#
        )
    );
    let dir = std::env::temp_dir().join(format!("fedcred-md-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("token");
    let fics_file = dir.join("fics.json");
    std::fs::write(&token_file, &token).unwrap();
    std::fs::write(&fics_file, r#"{"name":"main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}"#).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args([
            "explain",
            "--token",
            token_file.to_str().unwrap(),
            "--fics",
            fics_file.to_str().unwrap(),
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "no match: exit 1");
    assert!(md.starts_with("## fedcred: NO MATCH"), "{md}");
    assert!(md.contains("`repo:o/r:ref:refs/heads/dev`"), "{md}");
    assert!(!md.contains(&token), "the token is never printed");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_credential_that_would_widen_trust_says_so_after_the_workload_change() {
    // Issue 24's example: an expired token from a branch run, one credential for an environment.
    let files = Files::new("widens");
    let mut expired = claims("repo:contoso/app:ref:refs/heads/main");
    expired["exp"] = json!(1_767_225_360);
    expired["iat"] = json!(1_767_225_060);
    let token = files.put("token", &signed(&expired));
    let fics = files.put(
        "fics.json",
        &fics("repo:contoso/app:environment:production"),
    );
    let run = |format: &str| {
        fedcred(
            &[
                "explain", "--token", &token, "--fics", &fics, "--now", NOW, "--format", format,
            ],
            None,
        )
    };

    let out = run("text");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("NO MATCH: Entra will answer AADSTS700213 or AADSTS700024\n"),
        "{text}"
    );
    assert!(
        text.contains("does not say which of the two it checks first"),
        "{text}"
    );
    // The finding: the workload's line to copy, the expiry beside it; the credential's change
    // after it, labelled.
    let finding = text
        .split("subject_environment_vs_ref [prod]")
        .nth(1)
        .unwrap_or_default();
    let fix = finding.lines().nth(1).unwrap_or_default();
    assert!(
        fix.starts_with("    fix: add the environment production to the job that signs in"),
        "{fix}"
    );
    assert!(
        fix.contains("present a fresh token as well; a fresh token is still refused for this difference (AADSTS700213)"),
        "{fix}"
    );
    assert_eq!(
        finding.lines().nth(2),
        Some("    run: environment: production")
    );
    assert!(
        finding
            .lines()
            .nth(3)
            .unwrap_or_default()
            .starts_with("  widens_bypasses_environment [prod]: setting the credential's subject to repo:contoso/app:ref:refs/heads/main instead widens trust"),
        "{finding}"
    );
    // The suggestion: the workload's change first, the credential second, labelled.
    let tail = text
        .split("\nBetter, change the workload: ")
        .nth(1)
        .unwrap_or_default();
    assert!(
        tail.contains(
            "\n  environment: production\nOr, widening trust (widens_bypasses_environment [prod]): "
        ),
        "{tail}"
    );
    assert!(
        tail.ends_with(
            "A credential that accepts this token:\n  fedcred fic github --repo contoso/app --branch main\n"
        ),
        "{tail}"
    );

    let out = run("json");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let widens = &report["suggestion"]["widens"];
    assert_eq!(widens["code"], "widens_bypasses_environment");
    assert_eq!(widens["fic"], "prod");
    assert_eq!(widens["workload_yaml"], "environment: production");
    assert!(
        widens["message"]
            .as_str()
            .unwrap()
            .contains("would let every run on branch main sign in without them")
    );
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "token_expired",
            "subject_environment_vs_ref",
            "widens_bypasses_environment"
        ]
    );
    assert_eq!(report["findings"][1]["command"], "environment: production");

    let out = run("markdown");
    let md = String::from_utf8_lossy(&out.stdout);
    let section = md
        .split("### A credential that accepts this token\n\n")
        .nth(1)
        .unwrap_or_default();
    assert!(
        section.starts_with("Better, change the workload: add the environment production"),
        "{section}"
    );
    let yaml = section.find("```yaml\nenvironment: production\n```");
    let widening = section.find("**Or, widening trust** (`widens_bypasses_environment`, `prod`)");
    let credential = section.find("az identity federated-credential create");
    assert!(
        yaml.is_some() && yaml < widening && widening < credential,
        "{section}"
    );
}

/// `fedcred explain --from gitlab` in a job: the token in `variable` (set to `value` when given),
/// the report written to a file in `files`; (exit code, stdout, stderr, the report file).
fn gitlab_job(files: &Files, value: Option<&str>, more: &[&str]) -> (i32, String, String, String) {
    let summary = files.dir.join("fedcred-report.md");
    let mut command = Command::new(env!("CARGO_BIN_EXE_fedcred"));
    command
        .args([
            "explain",
            "--from",
            "gitlab",
            "--token-env",
            "AZURE_ID_TOKEN",
            "--now",
            "1767225600",
            "--summary",
        ])
        .arg(&summary)
        .args(more)
        .env_remove("AZURE_ID_TOKEN");
    if let Some(value) = value {
        command.env("AZURE_ID_TOKEN", value);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&summary).unwrap_or_default(),
    )
}

const GITLAB: &str = "https://gitlab.com";

fn gitlab_claims(sub: &str) -> Value {
    json!({"iss": GITLAB, "sub": sub, "aud": "api://AzureADTokenExchange", "exp": 1_767_225_900, "iat": 1_767_225_590, "project_path": "contoso/payments"})
}

#[test]
fn a_gitlab_job_explains_its_own_token_from_the_variable_id_tokens_names() {
    let files = Files::new("gitlab-match");
    let sub = "project_path:contoso/payments:ref_type:branch:ref:main";
    let token = signed(&gitlab_claims(sub));
    let accepted = files.put("fics.json", &json!([{"name": "main", "issuer": GITLAB, "subject": sub, "audiences": ["api://AzureADTokenExchange"]}]).to_string());
    let (code, stdout, stderr, report) = gitlab_job(&files, Some(&token), &["--fics", &accepted]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("## fedcred: MATCH"), "{stdout}");
    assert_eq!(
        stdout, report,
        "the report on stdout and in the artifact file"
    );
    let refused = files.put("other.json", &json!([{"name": "main", "issuer": GITLAB, "subject": "project_path:contoso/payments:ref_type:branch:ref:release", "audiences": ["api://AzureADTokenExchange"]}]).to_string());
    let (code, stdout, stderr, report) = gitlab_job(
        &files,
        Some(&token),
        &["--fics", &refused, "--format", "text"],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(report.contains("NO MATCH"), "{report}");
    // The token is in no output: not its text, not its signature.
    let signature = token.rsplit('.').next().unwrap();
    for out in [&stdout, &stderr, &report] {
        assert!(!out.contains(&token) && !out.contains(signature), "{out}");
    }
}

#[test]
fn a_gitlab_job_without_its_token_is_told_what_to_add() {
    let files = Files::new("gitlab-empty");
    for value in [None, Some(""), Some("[MASKED]")] {
        let (code, stdout, _, report) = gitlab_job(&files, value, &[]);
        assert_eq!(code, 1, "{stdout}");
        assert!(stdout.contains("NO TOKEN"), "{stdout}");
        assert!(
            report
                .contains("id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange"),
            "{report}"
        );
    }
}

#[test]
fn a_gitlab_job_with_hostile_claims_writes_them_as_text() {
    let files = Files::new("gitlab-hostile");
    let sub = "project_path:contoso/p</details><script>x</script>\n## MATCH\n::set-output::ref_type:branch:ref:main";
    let token = signed(&gitlab_claims(sub));
    let (code, stdout, _, report) = gitlab_job(&files, Some(&token), &[]);
    assert_eq!(
        code, 0,
        "nothing to compare with is not a failure: {stdout}"
    );
    // In a code span, where Markdown shows HTML as text; the newline cannot start a heading.
    assert!(report.contains("| subject (`sub`) | `project_path:contoso/p</details><script>x</script> ## MATCH ::set-output::"), "{report}");
    assert!(
        !report.lines().any(|l| l.starts_with("## MATCH")),
        "{report}"
    );
    assert_eq!(report.matches("<script>").count(), 1, "{report}");
}

#[test]
fn explain_from_gitlab_needs_the_variables_name() {
    let (code, _, stderr, _) = {
        let out = fedcred(&["explain", "--from", "gitlab"], None);
        (
            out.status.code().unwrap_or(-1),
            (),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            (),
        )
    };
    assert_eq!(code, 2);
    assert!(stderr.contains("--token-env NAME"), "{stderr}");
    let out = fedcred(
        &[
            "explain",
            "--from",
            "gitlab",
            "--token-env",
            "$AZURE_ID_TOKEN",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a variable's name"));
}

/// A stand-in for Azure DevOps' token endpoint (Oidctoken - Create) on 127.0.0.1: answers each
/// request in turn with a status and a body, and hands back each request's text.
fn ado_endpoint(answers: Vec<(u16, String)>) -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Read as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/org/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken",
        listener.local_addr().unwrap()
    );
    let (sent, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for (status, body) in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                request.push_str(&line);
            }
            let mut payload = vec![0; length];
            let _ = reader.read_exact(&mut payload);
            let _ = sent.send(request);
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

const ADO_SUB: &str = "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176";
const ADO_ISS: &str = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";

fn ado_claims(sub: &str) -> Value {
    json!({"iss": ADO_ISS, "sub": sub, "aud": "api://AzureADTokenExchange", "exp": 1_767_225_900, "iat": 1_767_225_590, "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47", "azp": "499b84ac-1321-427f-aa17-267ca6975798", "idtyp": "app", "ver": "2.0"})
}

/// `fedcred explain --from azure-devops` in a job whose environment is `env`; (exit code,
/// stdout, stderr, the report file).
fn ado_job(files: &Files, env: &[(&str, &str)], more: &[&str]) -> (i32, String, String, String) {
    let summary = files.dir.join("fedcred-report.md");
    let _ = std::fs::remove_file(&summary);
    let out = Command::new(env!("CARGO_BIN_EXE_fedcred"))
        .args([
            "explain",
            "--from",
            "azure-devops",
            "--now",
            "1767225600",
            "--summary",
        ])
        .arg(&summary)
        .args(more)
        .env_remove("SYSTEM_OIDCREQUESTURI")
        .env_remove("SYSTEM_ACCESSTOKEN")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("AGENT_PROXYURL")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&summary).unwrap_or_default(),
    )
}

#[test]
fn an_azure_pipelines_job_asks_for_its_connections_token_and_explains_it() {
    let files = Files::new("ado-match");
    let token = signed(&ado_claims(ADO_SUB));
    let (url, seen) = ado_endpoint(vec![(200, json!({"oidcToken": token}).to_string())]);
    let fics = files.put("fics.json", &json!([{"name": "ado", "issuer": ADO_ISS, "subject": ADO_SUB, "audiences": ["api://AzureADTokenExchange"]}]).to_string());
    let (code, stdout, stderr, report) = ado_job(
        &files,
        &[
            ("SYSTEM_OIDCREQUESTURI", &url),
            ("SYSTEM_ACCESSTOKEN", "job-access-token"),
        ],
        &[
            "--service-connection",
            "64171687-7a59-4fce-b2c8-823278dcf176",
            "--fics",
            &fics,
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let request = seen.recv().unwrap();
    assert!(request.starts_with("POST /org/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken?api-version=7.1-preview.1&serviceConnectionId=64171687-7a59-4fce-b2c8-823278dcf176 "), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer job-access-token"),
        "{request}"
    );
    // Masked first; then nowhere but in that command.
    let first = stdout.lines().next().unwrap();
    assert_eq!(first, format!("##vso[task.setsecret]{token}"));
    let signature = token.rsplit('.').next().unwrap();
    assert!(
        !stdout[first.len()..].contains(signature)
            && !stderr.contains(signature)
            && !report.contains(signature)
    );
    assert!(report.starts_with("## fedcred: MATCH"), "{report}");
    assert!(
        report.contains("service connection 64171687-7a59-4fce-b2c8-823278dcf176"),
        "{report}"
    );
    assert!(stdout.contains(&format!(
        "##vso[task.uploadsummary]{}",
        files.dir.join("fedcred-report.md").display()
    )));
    assert!(
        stdout.contains("##vso[task.setvariable variable=fedcredVerdict;isoutput=true]match\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "##vso[task.setvariable variable=fedcredSubject;isoutput=true]{ADO_SUB}\n"
        )),
        "{stdout}"
    );
}

#[test]
fn an_azure_pipelines_refusal_is_reported_with_its_status_and_not_retried() {
    let files = Files::new("ado-refused");
    let (url, seen) = ado_endpoint(vec![
        (
            401,
            json!({"message": "TF400813: not authorized"}).to_string(),
        ),
        (200, "{}".to_owned()),
    ]);
    let (code, stdout, _, report) = ado_job(
        &files,
        &[("SYSTEM_OIDCREQUESTURI", &url), ("SYSTEM_ACCESSTOKEN", "t")],
        &["--service-connection", "c1"],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        report.contains("HTTP 401") && report.contains("TF400813"),
        "{report}"
    );
    assert!(
        stdout.contains("fedcredVerdict;isoutput=true]no_token"),
        "{stdout}"
    );
    assert!(seen.recv().is_ok());
    assert!(
        seen.recv_timeout(Duration::from_millis(300)).is_err(),
        "a 4xx is an answer, not retried"
    );
}

#[test]
fn an_azure_pipelines_server_error_is_tried_again() {
    let files = Files::new("ado-retry");
    let token = signed(&ado_claims(ADO_SUB));
    let (url, _seen) = ado_endpoint(vec![
        (503, "busy".to_owned()),
        (200, json!({"oidcToken": token}).to_string()),
    ]);
    let (code, stdout, _, report) = ado_job(
        &files,
        &[("SYSTEM_OIDCREQUESTURI", &url), ("SYSTEM_ACCESSTOKEN", "t")],
        &["--service-connection", "c1"],
    );
    assert_eq!(
        code, 0,
        "nothing to compare with is not a failure: {stdout}"
    );
    assert!(report.contains("NOT COMPARED"), "{report}");
}

#[test]
fn an_azure_pipelines_step_without_the_access_token_is_told_how_to_map_it() {
    let files = Files::new("ado-no-access");
    let (url, seen) = ado_endpoint(vec![(200, "{}".to_owned())]);
    let (code, stdout, _, report) = ado_job(&files, &[("SYSTEM_OIDCREQUESTURI", &url)], &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        report.contains("SYSTEM_ACCESSTOKEN: $(System.AccessToken)"),
        "{report}"
    );
    assert!(report.contains("the pipeline's own token"), "{report}");
    assert!(
        seen.recv_timeout(Duration::from_millis(300)).is_err(),
        "nothing was asked"
    );
    let (code, _, _, report) = ado_job(&files, &[], &[]);
    assert_eq!(code, 1);
    assert!(
        report.contains("SYSTEM\\_OIDCREQUESTURI is not set"),
        "{report}"
    );
}

#[test]
fn hostile_claims_cannot_end_an_azure_pipelines_logging_command() {
    let files = Files::new("ado-hostile");
    let sub = "/eid1/x]\n##vso[task.complete result=Failed;]done%";
    let token = signed(&ado_claims(sub));
    let (url, _seen) = ado_endpoint(vec![(200, json!({"oidcToken": token}).to_string())]);
    let (_, stdout, _, _) = ado_job(
        &files,
        &[("SYSTEM_OIDCREQUESTURI", &url), ("SYSTEM_ACCESSTOKEN", "t")],
        &["--service-connection", "c1", "--format", "text"],
    );
    assert!(stdout.contains("fedcredSubject;isoutput=true]/eid1/x%5D%0A##vso[task.complete result=Failed%3B%5Ddone%AZP25\n"), "{stdout}");
    // Nor can the report's own lines, which show the subject as it is: the one line holding the
    // text is the setvariable command, whose data it is.
    let holding: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("##vso[task.complete"))
        .collect();
    assert_eq!(holding.len(), 1, "{stdout}");
    assert!(holding[0].starts_with("##vso[task.setvariable variable=fedcredSubject"));
}

/// A proxy of a self-hosted agent's network on 127.0.0.1: answers CONNECT (after checking
/// `user`'s credentials, when given) by tunnelling to `endpoint`'s address, whatever host was
/// asked; hands back each CONNECT's target and Proxy-Authorization.
fn connect_proxy(
    endpoint: &str,
    user: Option<&str>,
) -> (String, std::sync::mpsc::Receiver<(String, String)>) {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    let upstream = endpoint
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    // Basic credentials of "build:s3cret" (base64), the only user the tests give.
    let expected = user.map(|u| {
        assert_eq!(u, "build:s3cret");
        "basic ynvpbgq6cznjcmv0".to_owned()
    });
    let (sent, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(client) = stream else { return };
            let mut reader = BufReader::new(client.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut auth = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line
                    .to_ascii_lowercase()
                    .strip_prefix("proxy-authorization:")
                {
                    auth = v.trim().to_owned();
                }
            }
            let target = first
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let _ = sent.send((target, auth.clone()));
            let mut client = client;
            if expected.as_ref().is_some_and(|e| *e != auth) {
                let _ = client.write_all(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
                );
                continue;
            }
            let Ok(server) = std::net::TcpStream::connect(&upstream) else {
                return;
            };
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s2, &mut c2);
            });
            let mut server = server;
            let _ = std::io::copy(&mut reader, &mut server);
        }
    });
    (proxy, seen)
}

const REMOTE_OIDC: &str =
    "http://pipelines.example.test/org/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken";

#[test]
fn behind_the_agents_proxy_the_token_is_asked_for_through_it() {
    let files = Files::new("ado-proxy");
    let token = signed(&ado_claims(ADO_SUB));
    for (name, via) in [("http_proxy", true), ("AGENT_PROXYURL", false)] {
        let (url, _seen) = ado_endpoint(vec![(200, json!({"oidcToken": token}).to_string())]);
        let (proxy, tunnels) = connect_proxy(&url, via.then_some("build:s3cret"));
        let address = if via {
            format!("http://build:s3cret@{proxy}")
        } else {
            format!("http://{proxy}")
        };
        let (code, stdout, stderr, report) = ado_job(
            &files,
            &[
                ("SYSTEM_OIDCREQUESTURI", REMOTE_OIDC),
                ("SYSTEM_ACCESSTOKEN", "t"),
                (name, &address),
            ],
            &["--service-connection", "c1"],
        );
        assert_eq!(code, 0, "{name}: {stdout}{stderr}");
        assert!(report.contains("NOT COMPARED"), "{report}");
        let (target, _) = tunnels.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(target, "pipelines.example.test:80", "{name}");
    }
}

#[test]
fn no_proxy_and_the_agents_bypass_list_go_around_the_proxy() {
    let files = Files::new("ado-bypass");
    for env in [
        vec![
            ("http_proxy", "PROXY"),
            ("no_proxy", "other.test,pipelines.example.test"),
        ],
        vec![
            ("AGENT_PROXYURL", "PROXY"),
            (
                "AGENT_PROXYBYPASSLIST",
                r#"["nothing-here", "^HTTP://pipelines\\.example\\.test/"]"#,
            ),
        ],
    ] {
        let (url, _seen) = ado_endpoint(vec![]);
        let (proxy, tunnels) = connect_proxy(&url, None);
        let env: Vec<(&str, String)> = env
            .into_iter()
            .map(|(k, v)| (k, v.replace("PROXY", &format!("http://{proxy}"))))
            .collect();
        let mut all: Vec<(&str, &str)> = vec![
            ("SYSTEM_OIDCREQUESTURI", REMOTE_OIDC),
            ("SYSTEM_ACCESSTOKEN", "t"),
        ];
        all.extend(env.iter().map(|(k, v)| (*k, v.as_str())));
        let (code, _, _, report) = ado_job(&files, &all, &["--service-connection", "c1"]);
        assert_eq!(code, 1);
        // Straight to a host that does not exist here: the request fails, and no tunnel was asked.
        assert!(report.contains("failed"), "{report}");
        assert!(
            tunnels.recv_timeout(Duration::from_millis(300)).is_err(),
            "{env:?}"
        );
    }
}
