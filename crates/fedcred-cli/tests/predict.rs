//! `fedcred predict`: the JSON contract and the exit codes (issue 17).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Output;

fn fedcred(args: &[&str]) -> Output {
    common::fedcred_with("predict", args)
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn strings(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn a_workflow_gives_subjects_patterns_jobs_and_the_credential_set() {
    let v = json(&fedcred(&[
        "predict",
        "@deploy.yml",
        "--repo",
        "contoso/payments",
        "--default-branch",
        "main",
        "--format",
        "json",
    ]));
    assert_eq!(v["kind"], "github");
    assert_eq!(
        strings(&v["subjects"]),
        [
            "repo:contoso/payments:environment:production",
            "repo:contoso/payments:environment:staging",
            "repo:contoso/payments:pull_request",
            "repo:contoso/payments:ref:refs/heads/main"
        ]
    );
    assert_eq!(
        strings(&v["patterns"]),
        ["repo:contoso/payments:ref:refs/heads/release/*"]
    );
    assert_eq!(strings(&v["no_token_jobs"]), ["lint"]);
    assert_eq!(strings(&v["unresolved"]), ["promote"]);
    let credentials = v["credentials"].as_array().unwrap();
    assert_eq!(
        credentials.len(),
        5,
        "one per exact subject, and the pattern with the repository ID to fill in"
    );
    for c in credentials {
        assert_eq!(c["issuer"], "https://token.actions.githubusercontent.com");
        assert_eq!(
            c["audiences"],
            serde_json::json!(["api://AzureADTokenExchange"])
        );
        let expression = c["claimsMatchingExpression"]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(
            c["name"].is_string()
                && (c["subject"].is_string()
                    || expression.contains("claims['repository_id'] eq 'REPOSITORY_ID'")),
            "{c}"
        );
    }
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "expression_id_required")
    );
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!(
        jobs.iter()
            .map(|j| j["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["test", "lint", "deploy", "promote"]
    );
    assert_eq!(jobs[1]["can_get_token"], false);
    assert!(
        jobs[3]["unresolved"][0]
            .as_str()
            .unwrap()
            .contains("another job's output")
    );
}

#[test]
fn with_the_customization_the_pattern_is_pinned_and_subjects_are_immutable() {
    let v = json(&fedcred(&[
        "predict",
        "@deploy.yml",
        "--repo",
        "contoso/payments",
        "--default-branch",
        "main",
        "--customization",
        "@customization.json",
        "--format",
        "json",
    ]));
    assert!(
        strings(&v["subjects"])
            .iter()
            .all(|s| s.starts_with("repo:contoso@5544123/payments@821093847:"))
    );
    let flexible: Vec<&serde_json::Value> = v["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("claimsMatchingExpression").is_some())
        .collect();
    assert_eq!(flexible.len(), 1);
    let expression = flexible[0]["claimsMatchingExpression"]["value"]
        .as_str()
        .unwrap();
    assert!(
        expression.contains("claims['repository_id'] eq '821093847'"),
        "{expression}"
    );
}

#[test]
fn a_called_workflow_resolves_the_callers_jobs() {
    let v = json(&fedcred(&[
        "predict",
        "@caller.yml",
        "@deploy-env.yml",
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]));
    assert_eq!(
        strings(&v["subjects"]),
        ["repo:contoso/payments:environment:production"]
    );
    assert_eq!(v["jobs"][0]["id"], "prod/apply");
    assert!(
        v["jobs"][0]["job_workflow_ref"]
            .as_str()
            .unwrap()
            .contains("deploy-env.yml")
    );
    let alone = json(&fedcred(&[
        "predict",
        "@caller.yml",
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]));
    assert_eq!(strings(&alone["unresolved"]), ["prod"]);
}

#[test]
fn without_a_repository_the_placeholders_are_named() {
    let v = json(&fedcred(&["predict", "@deploy.yml", "--format", "json"]));
    assert_eq!(
        strings(&v["placeholders"]),
        ["OWNER/REPO", "DEFAULT_BRANCH", "REPOSITORY_ID"]
    );
    assert!(strings(&v["subjects"]).contains(&"repo:OWNER/REPO:ref:refs/heads/DEFAULT_BRANCH"));
    let text = fedcred(&["predict", "@deploy.yml"]);
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("replace before use: OWNER/REPO, DEFAULT_BRANCH, REPOSITORY_ID")
    );
}

#[test]
fn gitlab_and_azure_devops_are_detected_from_the_file() {
    let v = json(&fedcred(&[
        "predict",
        "@.gitlab-ci.yml",
        "--repo",
        "contoso/payments",
        "--default-branch",
        "main",
        "--format",
        "json",
    ]));
    assert_eq!(v["kind"], "gitlab");
    assert_eq!(
        strings(&v["subjects"]),
        ["project_path:contoso/payments:ref_type:branch:ref:main"]
    );
    let v = json(&fedcred(&[
        "predict",
        "@azure-pipelines.yml",
        "--format",
        "json",
    ]));
    assert_eq!(v["kind"], "azure-devops");
    assert_eq!(v["jobs"][0]["connections"][0]["name"], "sc-payments-prod");
}

#[test]
fn unreadable_input_exits_2_with_the_reason() {
    let cases = [
        (vec!["predict", "@broken.yml"], "line 2"),
        (vec!["predict", "@not-a-workflow.yml"], "--kind"),
        (
            vec!["predict", "@not-a-workflow.yml", "--kind", "github"],
            "no jobs:",
        ),
        (
            vec!["predict", "@no-such-file.yml"],
            "reading the pipeline file",
        ),
        (
            vec!["predict", "@deploy.yml", "--customization", "@broken.yml"],
            "gh api",
        ),
    ];
    for (args, reason) in cases {
        let out = fedcred(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// Issue 25: a login inside a local composite action is found when the action is given, and
/// without it the job may request a token: never "needs no credential".
#[test]
fn a_local_action_logs_in_or_may_request_a_token() {
    let workflow = "@local/.github/workflows/release.yml";
    let without = json(&fedcred(&[
        "predict",
        workflow,
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]));
    let job = &without["jobs"][0];
    assert!(
        job["may_request"]
            .as_str()
            .unwrap()
            .contains("./.github/actions/deploy"),
        "{job}"
    );
    assert_eq!(job["needs_credential"], true);
    assert_eq!(
        strings(&without["subjects"]),
        ["repo:contoso/payments:environment:staging"]
    );
    let with = json(&fedcred(&[
        "predict",
        workflow,
        "@local/.github/actions/deploy/action.yml",
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]));
    let job = &with["jobs"][0];
    assert!(
        job["login"]
            .as_str()
            .unwrap()
            .contains("in the local action ./.github/actions/deploy"),
        "{job}"
    );
    assert!(job.get("may_request").is_none(), "{job}");
    let text = fedcred(&["predict", workflow, "--repo", "contoso/payments"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("MAY REQUEST IT"));
}

/// Issue 25: the coverage against the credentials that exist, with the mistakes people make.
#[test]
fn coverage_against_the_credentials_that_exist() {
    let workflow = "@local/.github/workflows/release.yml";
    let action = "@local/.github/actions/deploy/action.yml";
    let run = |fics: &str| {
        let dir = std::env::temp_dir().join(format!("fedcred-coverage-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("fics-{}.json", fics.len()));
        std::fs::write(&path, fics).unwrap();
        let path = path.display().to_string();
        fedcred(&[
            "predict",
            workflow,
            action,
            "--repo",
            "contoso/payments",
            "--fics",
            &path,
            "--format",
            "json",
        ])
    };
    let fic = |name: &str, subject: &str| {
        format!(
            r#"{{"name": "{name}", "issuer": "https://token.actions.githubusercontent.com", "subject": "{subject}", "audiences": ["api://AzureADTokenExchange"]}}"#
        )
    };
    // Accepted, with an unused pull-request credential and one for another issuer.
    let ok = run(&format!(
        "[{}, {}, {}]",
        fic("staging", "repo:contoso/payments:environment:staging"),
        fic("pr", "repo:contoso/payments:pull_request"),
        r#"{"name": "k8s", "issuer": "https://oidc.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/", "subject": "system:serviceaccount:ns:sa", "audiences": ["api://AzureADTokenExchange"]}"#
    ));
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    let c = &v["coverage"];
    assert_eq!(c["entries"][0]["status"], "accepted");
    assert_eq!(strings(&c["entries"][0]["by"]), ["staging"]);
    assert_eq!(strings(&c["unused"]), ["pr"]);
    assert_eq!(strings(&c["other_issuers"]), ["k8s"]);
    // The mistakes: the environment in another case, a trailing space, a branch credential where
    // the job names an environment, a literal * typed into an exact subject.
    let cases = [
        (
            "environment_in_another_case",
            fic("stg", "repo:contoso/payments:environment:Staging"),
            "stg",
        ),
        (
            "trailing_space",
            fic("stg", "repo:contoso/payments:environment:staging "),
            "stg",
        ),
        (
            "a_branch_for_an_environment",
            fic("main", "repo:contoso/payments:ref:refs/heads/main"),
            "main",
        ),
        (
            "a_literal_star",
            fic("star", "repo:contoso/payments:environment:*"),
            "star",
        ),
        (
            "percent_20_typed_for_a_space",
            fic("enc", "repo:contoso/payments:environment:staging%20"),
            "enc",
        ),
    ];
    for (situation, credential, nearest) in cases {
        let out = run(&format!("[{credential}]"));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{situation}: a refused job exits 1"
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let entry = &v["coverage"]["entries"][0];
        assert_eq!(entry["status"], "refused", "{situation}");
        assert_eq!(entry["nearest"], nearest, "{situation}");
        assert_eq!(entry["diff"][0]["field"], "subject", "{situation}");
        assert_eq!(
            entry["diff"][0]["token"], "repo:contoso/payments:environment:staging",
            "{situation}"
        );
        assert!(
            entry["fix"].as_str().is_some_and(|f| !f.is_empty()),
            "{situation}"
        );
        assert!(
            strings(&v["coverage"]["unused"]).is_empty(),
            "{situation}: the nearest is to fix, not unused"
        );
    }
    // A trailing slash on the issuer: the issuer is the field that differs.
    let slash = r#"[{"name": "slash", "issuer": "https://token.actions.githubusercontent.com/", "subject": "repo:contoso/payments:environment:staging", "audiences": ["api://AzureADTokenExchange"]}]"#;
    let out = run(slash);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = &v["coverage"]["entries"][0];
    assert_eq!(entry["status"], "refused");
    assert_eq!(entry["nearest"], "slash");
    assert_eq!(entry["diff"][0]["field"], "issuer", "{entry}");
    assert_eq!(
        entry["diff"][0]["credential"],
        "https://token.actions.githubusercontent.com/"
    );
    // Without --fics the output is today's.
    let plain = json(&fedcred(&[
        "predict",
        workflow,
        action,
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]));
    assert!(plain.get("coverage").is_none());
}

/// Issue 25: a repository folder, with what people's repositories hold and what a hostile one
/// does: a symbolic link back to the root, a file over 1 MiB, a broken workflow, an action that
/// uses itself. Each is named, and the rest is predicted; nothing hangs.
#[test]
fn a_repository_folder_is_read_whole_and_hostile_parts_are_named() {
    let root = std::env::temp_dir().join(format!("fedcred-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let workflows = root.join(".github/workflows");
    let action = root.join(".github/actions/deploy");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::create_dir_all(&action).unwrap();
    let fixtures = format!(
        "{}/tests/fixtures/predict/local/.github",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(
        format!("{fixtures}/workflows/release.yml"),
        workflows.join("release.yml"),
    )
    .unwrap();
    std::fs::copy(
        format!("{fixtures}/actions/deploy/action.yml"),
        action.join("action.yml"),
    )
    .unwrap();
    std::fs::write(workflows.join("broken.yml"), "on: [push\njobs: {").unwrap();
    std::fs::write(workflows.join("huge.yml"), "# padding\n".repeat(120_000)).unwrap();
    let looping = root.join(".github/actions/loop");
    std::fs::create_dir_all(&looping).unwrap();
    std::fs::write(
        looping.join("action.yml"),
        "runs:\n  using: composite\n  steps:\n    - uses: ./.github/actions/loop\n",
    )
    .unwrap();
    std::fs::write(workflows.join("loop.yml"), "on: push\npermissions:\n  id-token: write\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/loop\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("again")).unwrap();
    let started = std::time::Instant::now();
    let out = fedcred(&[
        "predict",
        root.to_str().unwrap(),
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]);
    assert!(started.elapsed().as_secs() < 10, "no hang");
    let v = json(&out);
    let jobs: Vec<&str> = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(jobs, ["l", "deploy"], "{v}");
    assert_eq!(
        strings(&v["subjects"]),
        ["repo:contoso/payments:environment:staging"]
    );
    let notes = strings(&v["notes"]).join("\n");
    assert!(
        notes.contains("broken.yml") && notes.contains("left out"),
        "{notes}"
    );
    assert!(
        notes.contains("huge.yml") && notes.contains("1 MiB"),
        "{notes}"
    );
    #[cfg(unix)]
    assert!(notes.contains("a symbolic link, not followed"), "{notes}");
    let text = fedcred(&[
        "predict",
        root.to_str().unwrap(),
        "--repo",
        "contoso/payments",
    ]);
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .starts_with("Repository, contoso/payments: 2 pipeline files")
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Issue 25: the templates an Azure Pipelines file names (beside it, `../`, from the root with
/// `/`, outside the folders a walk keeps) and the files a GitLab pipeline includes (by path and
/// by wildcard) are read from disk, round after round, and a cycle between them ends.
#[test]
fn templates_and_includes_are_read_from_the_folder_as_they_are_named() {
    let root = std::env::temp_dir().join(format!("fedcred-templates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "deploy/azure-pipelines.yml",
        "trigger: [main]\nstages:\n  - template: stages/release.yml\n    parameters: {connection: sc-prod}\n  - template: /shared/jobs/infra.yml\n",
    );
    write(
        "deploy/stages/release.yml",
        "parameters:\n  - name: connection\nstages:\n  - stage: release\n    jobs:\n      - job: web\n        steps:\n          - template: ../../shared/steps/login.yml\n            parameters: {sc: '${{ parameters.connection }}'}\n",
    );
    write(
        "shared/steps/login.yml",
        "parameters: {sc: ''}\nsteps:\n  - task: AzureCLI@2\n    inputs: {azureSubscription: '${{ parameters.sc }}'}\n  - template: login.yml\n",
    );
    write(
        "shared/jobs/infra.yml",
        "stages:\n  - stage: infra\n    jobs:\n      - job: plan\n        steps:\n          - task: TerraformTaskV4@4\n            inputs: {environmentServiceNameAzureRM: sc-infra}\n",
    );
    write(
        ".gitlab-ci.yml",
        "include:\n  - local: ci/jobs/*.yml\n  - local: /ci/base.yml\n",
    );
    write(
        "ci/base.yml",
        "include: ci/base.yml\n.entra:\n  id_tokens:\n    AZURE_ID_TOKEN: {aud: api://AzureADTokenExchange}\n",
    );
    write(
        "ci/jobs/deploy.yml",
        "deploy:\n  extends: .entra\n  script: az login\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n",
    );
    let out = fedcred(&[
        "predict",
        root.to_str().unwrap(),
        "--repo",
        "contoso/payments",
        "--format",
        "json",
    ]);
    let v = json(&out);
    let jobs: Vec<(String, String)> = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            let connections: Vec<&str> = j["connections"]
                .as_array()
                .map(|c| c.iter().map(|c| c["name"].as_str().unwrap()).collect())
                .unwrap_or_default();
            (j["id"].as_str().unwrap().to_owned(), connections.join(","))
        })
        .collect();
    let notes = strings(&v["notes"]).join("\n");
    for (id, connections) in [
        ("release/web", "sc-prod"),
        ("infra/plan", "sc-infra"),
        ("deploy", ""),
    ] {
        assert!(
            jobs.iter().any(|(i, c)| i == id && c == connections),
            "{id}: {jobs:?}\n{notes}"
        );
    }
    assert!(notes.contains("includes itself"), "{notes}");
    assert!(notes.contains("uses itself as a template"), "{notes}");
    assert!(
        strings(&v["subjects"]).contains(&"project_path:contoso/payments:ref_type:branch:ref:main"),
        "{v}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Issue 29: Kubernetes manifests, detected by their content: the workloads, the subjects of those
/// the webhook gives a token, the findings with the object and the fix, and the credentials once
/// the issuer is known (here from what az aks show printed).
#[test]
fn manifests_give_workloads_subjects_findings_and_with_the_issuer_credentials() {
    let v = json(&fedcred(&[
        "predict",
        "@k8s-app.yaml",
        "--issuer",
        "@aks-show.json",
        "--format",
        "json",
    ]));
    assert_eq!(v["kind"], "kubernetes");
    let workloads: Vec<(&str, &str, bool)> = v["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap(),
                w["service_account"].as_str().unwrap(),
                w["webhook_injects"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        workloads,
        [
            ("api", "api-sa", false),
            ("nightly", "api-sa", false),
            ("worker", "default", true)
        ]
    );
    assert_eq!(v["workloads"][0]["subject"], serde_json::Value::Null);
    assert_eq!(
        v["workloads"][0]["client_id"],
        "3f2c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55"
    );
    assert_eq!(
        strings(&v["subjects"]),
        ["system:serviceaccount:payments:default"]
    );
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "use_label_on_controller_not_pod_template")
        .unwrap();
    assert_eq!(finding["object"], "Deployment payments/api");
    assert_eq!(finding["severity"], "error");
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .ends_with("labels:\n        azure.workload.identity/use: \"true\"\n")
    );
    assert_eq!(
        v["credentials"][0]["subject"],
        "system:serviceaccount:payments:default"
    );
    assert_eq!(
        v["credentials"][0]["issuer"],
        "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/"
    );
}

#[test]
fn manifests_without_the_issuer_say_how_to_give_it_and_the_text_lists_workloads_first() {
    let out = fedcred(&["predict", "@k8s-app.yaml", "--namespace", "ignored"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Kubernetes manifests: 3 workloads, 1 given a token by the webhook\n"),
        "{text}"
    );
    assert!(
        text.contains("give --issuer with its URL, or a file of what az aks show prints"),
        "{text}"
    );
    assert!(!text.contains("Credential set"), "{text}");
}

#[test]
fn not_manifests_or_an_issuer_that_is_not_one_exit_2_with_the_reason() {
    let out = fedcred(&["predict", "@aks-show.json", "--kind", "kubernetes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no Kubernetes object"));
    let out = fedcred(&["predict", "@k8s-app.yaml", "--issuer", "@deploy.yml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = fedcred(&[
        "predict",
        "@k8s-app.yaml",
        "--issuer",
        "{\"kubernetesVersion\": \"1.31\", \"oidcIssuerProfile\": {\"enabled\": false}}",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--enable-oidc-issuer"));
}

#[test]
fn manifests_with_the_credentials_that_exist_exit_1_when_a_workload_is_refused() {
    let out = fedcred(&[
        "predict",
        "@k8s-app.yaml",
        "--fics",
        "@k8s-fics.json",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = v["coverage"]["entries"].as_array().unwrap();
    let worker = entries
        .iter()
        .find(|e| e["job"] == "Deployment payments/worker")
        .unwrap();
    assert_eq!(worker["status"], "refused");
    assert_eq!(worker["nearest"], "k8s-payments-worker");
    assert_eq!(strings(&v["coverage"]["unused"]), ["k8s-payments-api"]);
}

/// Issue 31: the credentials Bicep or Terraform declares feed the coverage, each fix pointing at
/// the line that declares the value instead of an az command.
#[test]
fn declared_credentials_feed_the_coverage() {
    let dir = format!("{}/tests/fixtures/", env!("CARGO_MANIFEST_DIR"));
    let bicep = format!("{dir}bicep/infra");
    let out = fedcred(&[
        "predict",
        "@deploy.yml",
        "--repo",
        "contoso/app",
        "--fics",
        &bicep,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused: the declared issuer has a trailing slash"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let staging = v["coverage"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subject"] == "repo:contoso/app:environment:staging")
        .unwrap();
    assert_eq!(staging["status"], "refused");
    assert_eq!(staging["nearest"], "github-staging");
    let fix = staging["fix"].as_str().unwrap();
    assert!(fix.ends_with("infra/modules/fic.bicep:13 where fics[0].fic declares it (a change made with az would be undone by the next deployment)"), "{fix}");
    assert!(
        staging
            .get("command")
            .is_none_or(serde_json::Value::is_null),
        "{staging}"
    );
    // Terraform, with the value the files cannot know given; a value missing is said among what
    // could not be read.
    let tf = format!("{dir}terraform/ci");
    let out = fedcred(&[
        "predict",
        "@deploy.yml",
        "--repo",
        "contoso/app",
        "--fics",
        &tf,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unreadable = v["coverage"]["unreadable"].as_array().unwrap();
    assert!(
        unreadable.iter().any(|u| u.as_str().unwrap().contains(
            "is not known from the files: the subject cannot be known: var.repo has no default"
        )),
        "{unreadable:?}"
    );
    let out = fedcred(&[
        "predict",
        "@deploy.yml",
        "--repo",
        "contoso/app",
        "--fics",
        &tf,
        "--var",
        "repo=contoso/app",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["coverage"]["unreadable"].as_array().unwrap().is_empty());
    // --var without declarations is refused.
    let out = fedcred(&["predict", "@deploy.yml", "--var", "a=b"]);
    assert_eq!(out.status.code(), Some(2));
}
