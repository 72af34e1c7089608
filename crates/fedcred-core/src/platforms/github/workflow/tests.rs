use crate::predict::{File, Options, Prediction, predict};

const LOGIN: &str = "    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n";

fn options() -> Options {
    Options {
        repo: "contoso/payments".into(),
        default_branch: "main".into(),
        ..Default::default()
    }
}

fn run(workflow: &str) -> Prediction {
    predict(
        &[File {
            name: ".github/workflows/deploy.yml",
            text: workflow,
        }],
        &options(),
    )
    .unwrap()
}

/// A workflow with `on`, workflow permissions id-token: write, and one job `deploy` whose extra
/// keys are `job` (indented by four), logging in with azure/login.
fn workflow(on: &str, job: &str) -> String {
    format!(
        "on:\n{on}\npermissions:\n  id-token: write\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n{job}{LOGIN}"
    )
}

/// Name, `on:` body, the job's own keys, the subjects, the patterns.
type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

#[test]
fn subjects_from_triggers_and_environments() {
    let r = "repo:contoso/payments";
    let cases: &[Case<'_>] = &[
        (
            "environment_wins_over_branch_and_event",
            "  push:\n    branches: [main]\n  pull_request:",
            "    environment: production\n",
            &["repo:contoso/payments:environment:production"],
            &[],
        ),
        (
            "environment_as_an_object_with_name",
            "  push:\n    branches: [main]",
            "    environment:\n      name: staging\n      url: https://example.com\n",
            &["repo:contoso/payments:environment:staging"],
            &[],
        ),
        (
            "pull_request_presents_pull_request",
            "  pull_request:\n    branches: [main]",
            "",
            &["repo:contoso/payments:pull_request"],
            &[],
        ),
        (
            "push_to_a_literal_branch",
            "  push:\n    branches: [main, 'hotfix']",
            "",
            &[
                "repo:contoso/payments:ref:refs/heads/hotfix",
                "repo:contoso/payments:ref:refs/heads/main",
            ],
            &[],
        ),
        (
            "push_wildcard_filter_becomes_a_pattern",
            "  push:\n    branches: ['release/**']",
            "",
            &[],
            &["repo:contoso/payments:ref:refs/heads/release/*"],
        ),
        (
            "tags_only_filter_runs_for_tags_only",
            "  push:\n    tags: ['v*']",
            "",
            &[],
            &["repo:contoso/payments:ref:refs/tags/v*"],
        ),
        (
            "a_tag_is_not_a_branch",
            "  push:\n    tags: [v1.0.0]",
            "",
            &["repo:contoso/payments:ref:refs/tags/v1.0.0"],
            &[],
        ),
        (
            "push_without_filters_accepts_every_branch_and_tag",
            "  push:",
            "",
            &[],
            &[
                "repo:contoso/payments:ref:refs/heads/*",
                "repo:contoso/payments:ref:refs/tags/*",
            ],
        ),
        (
            "dispatch_and_schedule_run_on_the_default_branch",
            "  workflow_dispatch:\n  schedule:\n    - cron: '0 3 * * *'",
            "",
            &["repo:contoso/payments:ref:refs/heads/main"],
            &[],
        ),
        (
            "on_as_a_list",
            "  [push, pull_request]",
            "",
            &["repo:contoso/payments:pull_request"],
            &[
                "repo:contoso/payments:ref:refs/heads/*",
                "repo:contoso/payments:ref:refs/tags/*",
            ],
        ),
        (
            "a_colon_in_the_environment_is_percent_encoded",
            "  push:\n    branches: [main]",
            "    environment: 'production:eastus'\n",
            &["repo:contoso/payments:environment:production%3Aeastus"],
            &[],
        ),
        (
            "matrix_list_with_include_is_expanded",
            "  push:\n    branches: [main]",
            "    strategy:\n      matrix:\n        env: [dev, test]\n        include:\n          - env: prod\n    environment: ${{ matrix.env }}\n",
            &[
                "repo:contoso/payments:environment:dev",
                "repo:contoso/payments:environment:prod",
                "repo:contoso/payments:environment:test",
            ],
            &[],
        ),
        (
            "matrix_value_inside_a_template",
            "  push:\n    branches: [main]",
            "    strategy:\n      matrix:\n        region: [eastus, westeurope]\n    environment: prod-${{ matrix.region }}\n",
            &[
                "repo:contoso/payments:environment:prod-eastus",
                "repo:contoso/payments:environment:prod-westeurope",
            ],
            &[],
        ),
        (
            "dispatch_choice_input_is_expanded",
            "  workflow_dispatch:\n    inputs:\n      target:\n        type: choice\n        options: [staging, production]",
            "    environment: ${{ inputs.target }}\n",
            &[
                "repo:contoso/payments:environment:production",
                "repo:contoso/payments:environment:staging",
            ],
            &[],
        ),
        (
            "the_and_or_idiom_gives_both_literals",
            "  push:\n    branches: [main, dev]",
            "    environment: ${{ github.ref_name == 'main' && 'production' || 'development' }}\n",
            &[
                "repo:contoso/payments:environment:development",
                "repo:contoso/payments:environment:production",
            ],
            &[],
        ),
        (
            "merge_queue_runs_on_a_temporary_branch",
            "  merge_group:\n    branches: [main]",
            "",
            &[],
            &["repo:contoso/payments:ref:refs/heads/gh-readonly-queue/main/*"],
        ),
        (
            "a_job_if_that_excludes_pull_requests",
            "  push:\n    branches: [main]\n  pull_request:",
            "    if: github.event_name != 'pull_request'\n",
            &["repo:contoso/payments:ref:refs/heads/main"],
            &[],
        ),
        (
            "a_job_if_on_the_ref_narrows_a_wildcard",
            "  push:",
            "    if: github.ref == 'refs/heads/main'\n",
            &["repo:contoso/payments:ref:refs/heads/main"],
            &[],
        ),
        (
            "an_input_with_a_default_literal",
            "  push:\n    branches: [main]\n  workflow_dispatch:\n    inputs:\n      target:\n        type: choice\n        options: [qa, prod]",
            "    environment: ${{ inputs.target || 'qa' }}\n",
            &[
                "repo:contoso/payments:environment:prod",
                "repo:contoso/payments:environment:qa",
            ],
            &[],
        ),
        (
            "release_runs_on_its_tag",
            "  release:\n    types: [published]",
            "",
            &[],
            &["repo:contoso/payments:ref:refs/tags/*"],
        ),
    ];
    for (name, on, job, subjects, patterns) in cases {
        let p = run(&workflow(on, job));
        assert_eq!(p.subjects(), *subjects, "{name}: subjects");
        assert_eq!(p.patterns(), *patterns, "{name}: patterns");
        assert!(
            p.subjects()
                .iter()
                .chain(&p.patterns())
                .all(|s| s.starts_with(r)),
            "{name}"
        );
    }
}

#[test]
fn what_the_file_cannot_say_is_unresolved_with_the_covering_pattern() {
    let cases = [
        (
            "free_text_input",
            "  workflow_dispatch:\n    inputs:\n      target:\n        default: staging",
            "    environment: ${{ inputs.target }}\n",
            "free text (default 'staging')",
        ),
        (
            "environment_typed_input",
            "  workflow_dispatch:\n    inputs:\n      target:\n        type: environment",
            "    environment: ${{ github.event.inputs.target }}\n",
            "type environment",
        ),
        (
            "another_jobs_output",
            "  push:\n    branches: [main]",
            "    environment: ${{ needs.plan.outputs.env }}\n",
            "another job's output",
        ),
        (
            "a_computed_matrix",
            "  push:\n    branches: [main]",
            "    strategy:\n      matrix: ${{ fromJSON(needs.a.outputs.m) }}\n    environment: ${{ matrix.env }}\n",
            "computed",
        ),
    ];
    for (name, on, job, reason) in cases {
        let p = run(&workflow(on, job));
        assert_eq!(p.unresolved_jobs(), ["deploy"], "{name}");
        let said = &p.jobs[0].unresolved[0];
        assert!(said.contains(reason), "{name}: {said}");
        assert!(
            said.contains("repo:contoso/payments:environment:*"),
            "{name}: {said}"
        );
        assert!(p.subjects().is_empty(), "{name}: never a guess");
    }
}

#[test]
fn who_can_get_a_token() {
    let login = LOGIN;
    let cases = [
        (
            "workflow_grants_it",
            format!(
                "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  a:\n    runs-on: x\n{login}"
            ),
            true,
            "workflow's permissions grant",
        ),
        (
            "job_permissions_replace_the_workflows",
            format!(
                "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: read\n{login}"
            ),
            false,
            "replace the workflow's",
        ),
        (
            "no_permissions_block",
            format!("on:\n  push:\n    branches: [main]\njobs:\n  a:\n    runs-on: x\n{login}"),
            false,
            "never include id-token: write",
        ),
        (
            "write_all",
            format!(
                "on:\n  push:\n    branches: [main]\npermissions: write-all\njobs:\n  a:\n    runs-on: x\n{login}"
            ),
            true,
            "grant",
        ),
        (
            "read_all",
            format!(
                "on:\n  push:\n    branches: [main]\npermissions: read-all\njobs:\n  a:\n    runs-on: x\n{login}"
            ),
            false,
            "do not grant",
        ),
        (
            "the_job_grants_it",
            format!(
                "on:\n  push:\n    branches: [main]\njobs:\n  a:\n    runs-on: x\n    permissions:\n      id-token: write\n{login}"
            ),
            true,
            "job's permissions grant",
        ),
    ];
    for (name, text, can, why) in cases {
        let p = run(&text);
        assert_eq!(p.jobs[0].token.can, can, "{name}");
        assert!(
            p.jobs[0].token.why.contains(why),
            "{name}: {}",
            p.jobs[0].token.why
        );
        assert_eq!(p.no_token_jobs().is_empty(), can, "{name}");
        assert_eq!(
            p.credentials.is_empty(),
            !can,
            "{name}: a job without a token needs no credential"
        );
    }
}

#[test]
fn jobs_that_do_not_log_in_to_entra_need_no_credential() {
    let text = "on: push\npermissions:\n  id-token: write\njobs:\n  secret:\n    runs-on: x\n    steps:\n      - uses: azure/login@v2\n        with:\n          creds: ${{ secrets.AZURE_CREDENTIALS }}\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  tf:\n    runs-on: x\n    env:\n      ARM_USE_OIDC: true\n    steps:\n      - run: terraform apply\n";
    let p = run(text);
    let needs: Vec<(&str, bool)> = p
        .jobs
        .iter()
        .map(|j| (j.id.as_str(), j.needs_credential()))
        .collect();
    assert_eq!(needs, [("secret", false), ("build", false), ("tf", true)]);
    assert!(p.jobs[0].caveats.iter().any(|c| c.contains("creds")));
}

#[test]
fn an_azure_login_audience_becomes_the_credentials_audience() {
    let text = "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\njobs:\n  gov:\n    runs-on: x\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: x\n          tenant-id: y\n          audience: api://AzureADTokenExchangeUSGov\n";
    let p = run(text);
    assert_eq!(
        p.credentials[0].audiences,
        ["api://AzureADTokenExchangeUSGov"]
    );
}

#[test]
fn a_reusable_workflow_resolves_its_environment_from_the_callers_with() {
    let caller = "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\n  contents: read\njobs:\n  prod:\n    uses: ./.github/workflows/deploy-env.yml\n    with:\n      env: production\n  test:\n    strategy:\n      matrix:\n        stage: [qa, uat]\n    uses: ./.github/workflows/deploy-env.yml\n    with:\n      env: ${{ matrix.stage }}\n";
    let called = format!(
        "on:\n  workflow_call:\n    inputs:\n      env:\n        type: string\njobs:\n  apply:\n    runs-on: x\n    environment: ${{{{ inputs.env }}}}\n{LOGIN}"
    );
    let files = [
        File {
            name: ".github/workflows/ci.yml",
            text: caller,
        },
        File {
            name: "deploy-env.yml",
            text: &called,
        },
    ];
    let p = predict(&files, &options()).unwrap();
    let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["prod/apply", "test/apply"]);
    assert_eq!(
        p.subjects(),
        [
            "repo:contoso/payments:environment:production",
            "repo:contoso/payments:environment:qa",
            "repo:contoso/payments:environment:uat"
        ]
    );
    assert_eq!(
        p.jobs[0].job_workflow_ref.as_deref(),
        Some("contoso/payments/.github/workflows/deploy-env.yml@<the caller's ref>")
    );

    let alone = predict(&files[..1], &options()).unwrap();
    assert_eq!(alone.unresolved_jobs(), ["prod", "test"]);
    assert!(alone.jobs[0].unresolved[0].contains("deploy-env.yml, which was not given"));
}

#[test]
fn a_reusable_workflow_alone_says_whose_subject_it_presents() {
    let called = format!(
        "on: workflow_call\npermissions:\n  id-token: write\njobs:\n  apply:\n    runs-on: x\n{LOGIN}"
    );
    let p = run(&called);
    assert_eq!(p.unresolved_jobs(), ["apply"]);
    assert!(p.notes.iter().any(|n| n.contains("reusable workflow")));
    assert_eq!(
        p.jobs[0].job_workflow_ref.as_deref(),
        Some("contoso/payments/.github/workflows/deploy.yml@<the ref the caller names>")
    );
}

#[test]
fn immutable_subjects_and_pinned_patterns_from_what_gh_prints() {
    let customization = r#"{"use_default": true, "use_immutable_subject": true, "sub_claim_prefix": "repo:contoso@5544123/payments@821093847"}"#;
    let options = Options {
        customization: customization.into(),
        ..options()
    };
    let text = workflow("  push:\n    branches: [main, 'release/*']", "");
    let p = predict(
        &[File {
            name: "deploy.yml",
            text: &text,
        }],
        &options,
    )
    .unwrap();
    assert_eq!(
        p.subjects(),
        ["repo:contoso@5544123/payments@821093847:ref:refs/heads/main"]
    );
    assert_eq!(
        p.patterns(),
        ["repo:contoso@5544123/payments@821093847:ref:refs/heads/release/*"]
    );
    let expression = p.credentials.iter().find_map(|c| c.expression()).unwrap();
    assert!(
        expression.contains("claims['repository_id'] eq '821093847'"),
        "{expression}"
    );
}

#[test]
fn a_pattern_without_the_repository_id_is_emitted_with_a_marked_placeholder() {
    let p = run(&workflow("  push:\n    branches: ['release/*']", ""));
    assert_eq!(p.credentials.len(), 1, "never dropped from the set");
    let expression = p.credentials[0].expression().unwrap();
    assert!(
        expression.contains("claims['repository_id'] eq 'REPOSITORY_ID'"),
        "{expression}"
    );
    assert!(p.placeholders.contains(&"REPOSITORY_ID".to_owned()));
    assert!(p.needed[0].credential.is_some());
    assert!(p.findings.iter().all(|f| !f.is_error()), "{:?}", p.findings);
    assert!(
        p.findings
            .iter()
            .any(|f| f.message.contains("gh api repos/contoso/payments --jq .id")),
        "{:?}",
        p.findings
    );
    assert!(
        p.notes.iter().any(|n| n.contains("REPOSITORY_ID")),
        "{:?}",
        p.notes
    );
}

#[test]
fn the_repository_and_default_branch_when_not_given() {
    let text = "on:\n  schedule:\n    - cron: '0 0 * * *'\npermissions:\n  id-token: write\njobs:\n  a:\n    if: github.repository == 'octo-org/octo-repo'\n    runs-on: x\n";
    let p = predict(
        &[File {
            name: "w.yml",
            text,
        }],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(p.repo, "octo-org/octo-repo");
    assert_eq!(p.placeholders, ["DEFAULT_BRANCH"]);
    let p = predict(
        &[File {
            name: "w.yml",
            text: &workflow("  push:\n    branches: [main]", ""),
        }],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(p.subjects(), ["repo:OWNER/REPO:ref:refs/heads/main"]);
    assert_eq!(p.placeholders, ["OWNER/REPO"]);
}

#[test]
fn fork_pull_requests_and_manual_runs_are_named_as_caveats() {
    let p = run(&workflow("  pull_request:\n  workflow_dispatch:", ""));
    let caveats = p.jobs[0].caveats.join("\n");
    assert!(caveats.contains("forks"), "{caveats}");
    assert!(caveats.contains("Dependabot"), "{caveats}");
    assert!(caveats.contains("another branch"), "{caveats}");
}

#[test]
fn the_smallest_set_has_one_credential_per_subject() {
    let text = "on:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  id-token: write\njobs:\n  a:\n    runs-on: x\n    environment: prod\n".to_owned() + LOGIN + "  b:\n    runs-on: x\n    environment: prod\n" + LOGIN;
    let p = run(&text);
    assert_eq!(
        p.credentials.len(),
        1,
        "two jobs, one environment: one credential"
    );
    assert_eq!(
        p.credentials[0].subject(),
        Some("repo:contoso/payments:environment:prod")
    );
}

#[test]
fn bad_files_are_refused_with_the_reason() {
    let cases = [
        ("not_yaml", "on: [push\njobs: {}", "not valid YAML"),
        (
            "yaml_but_not_a_mapping",
            "- a\n- b\n",
            "not a pipeline file",
        ),
        ("no_jobs", "on: push\nname: x\n", "no jobs:"),
    ];
    for (name, text, message) in cases {
        let options = Options {
            kind: Some(crate::predict::Kind::GitHub),
            ..Options::default()
        };
        let error = predict(
            &[File {
                name: "w.yml",
                text,
            }],
            &options,
        )
        .unwrap_err();
        assert!(error.message.contains(message), "{name}: {error}");
    }
}

/// Issue 25: how a job asks for its token, including through local composite actions (given
/// beside the workflow, read recursively) and what fedcred cannot see into ("may request").
#[test]
fn logins_through_local_actions_tools_and_unknown_actions() {
    let composite =
        |steps: &str| format!("name: deploy\nruns:\n  using: composite\n  steps:\n{steps}");
    let azure_login = "    - uses: azure/login@v2\n      with:\n        client-id: ${{ inputs.client-id }}\n        tenant-id: ${{ inputs.tenant-id }}\n        allow-no-subscriptions: true\n";
    let deploy_action = composite(azure_login);
    let outer_action = composite("    - uses: ./.github/actions/deploy\n");
    let looping =
        composite("    - uses: ./.github/actions/loop\n    - run: echo hi\n      shell: bash\n");
    let node_action = "name: x\nruns:\n  using: node20\n  main: index.js\n".to_owned();
    // Name, the job's steps, the other files given, how it logs in, why it may, needs a credential.
    type LoginCase<'a> = (
        &'a str,
        &'a str,
        Vec<(&'a str, String)>,
        Option<&'a str>,
        Option<&'a str>,
        bool,
    );
    let cases: Vec<LoginCase<'_>> = vec![
        (
            "a_local_action_not_given",
            "      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deploy\n",
            vec![],
            None,
            Some("whose action.yml was not given"),
            true,
        ),
        (
            "a_local_action_given_logs_in",
            "      - uses: ./.github/actions/deploy\n",
            vec![(".github/actions/deploy/action.yml", deploy_action.clone())],
            Some("in the local action ./.github/actions/deploy"),
            None,
            true,
        ),
        (
            "a_local_action_inside_a_local_action",
            "      - uses: ./.github/actions/outer\n",
            vec![
                (".github/actions/outer/action.yml", outer_action),
                (".github/actions/deploy/action.yaml", deploy_action.clone()),
            ],
            Some("azure/login with client-id"),
            None,
            true,
        ),
        (
            "a_local_action_that_uses_itself",
            "      - uses: ./.github/actions/loop\n",
            vec![(".github/actions/loop/action.yml", looping)],
            None,
            None,
            false,
        ),
        (
            "a_local_action_of_its_own_code",
            "      - uses: ./tools/release\n",
            vec![("tools/release/action.yml", node_action)],
            None,
            Some("runs its own code (node20)"),
            true,
        ),
        (
            "an_unknown_remote_action",
            "      - uses: actions/checkout@v4\n      - uses: contoso/deploy-to-azure@v3\n",
            vec![],
            None,
            Some("contoso/deploy-to-azure@v3, an action fedcred does not know"),
            true,
        ),
        (
            "only_known_actions_need_nothing",
            "      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm test\n",
            vec![],
            None,
            None,
            false,
        ),
        (
            "another_clouds_token_needs_nothing",
            "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::1:role/x\n",
            vec![],
            None,
            None,
            false,
        ),
        (
            "azd_with_a_quoted_provider",
            "      - run: azd auth login --client-id \"$AZURE_CLIENT_ID\" --federated-credential-provider \"github\" --tenant-id \"$AZURE_TENANT_ID\"\n",
            vec![],
            Some("a run step that requests the token itself"),
            None,
            true,
        ),
        (
            "pulumi_with_use_oidc",
            "      - run: pulumi config set azure-native:useOidc true\n",
            vec![],
            Some("Pulumi's Azure provider with useOidc"),
            None,
            true,
        ),
    ];
    for (situation, steps, others, login, may, needs) in cases {
        let text = format!(
            "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    environment: production\n    steps:\n{steps}"
        );
        let mut files = vec![File {
            name: ".github/workflows/deploy.yml",
            text: &text,
        }];
        files.extend(others.iter().map(|(name, text)| File { name, text }));
        let prediction =
            predict(&files, &options()).unwrap_or_else(|e| panic!("{situation}: {e:?}"));
        let job = &prediction.jobs[0];
        match login {
            Some(words) => assert!(
                job.login.as_deref().is_some_and(|l| l.contains(words)),
                "{situation}: {:?}",
                job.login
            ),
            None => assert_eq!(job.login, None, "{situation}"),
        }
        match may {
            Some(words) => assert!(
                job.may_request
                    .as_deref()
                    .is_some_and(|m| m.contains(words)),
                "{situation}: {:?}",
                job.may_request
            ),
            None => assert_eq!(job.may_request, None, "{situation}"),
        }
        assert_eq!(job.needs_credential(), needs, "{situation}");
        // A job that may request a token still presents its subject, and the set accepts it.
        assert_eq!(
            job.subjects[0].subject, "repo:contoso/payments:environment:production",
            "{situation}"
        );
        assert_eq!(
            prediction.credentials.len(),
            usize::from(needs),
            "{situation}"
        );
    }
}

/// Issue 25: a job that cannot get a token is never "may request", whatever it uses.
#[test]
fn without_id_token_an_unknown_action_needs_nothing() {
    let text = "on:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: contoso/deploy-to-azure@v3\n";
    let prediction = run(text);
    assert_eq!(prediction.jobs[0].may_request, None);
    assert!(!prediction.jobs[0].needs_credential());
}

/// Issue 25 (Azure-Samples/terraform-github-actions, tf-plan-apply.yml): Terraform with the
/// client ID and no secret in the workflow's env, use_oidc in the .tf files: it may request a
/// token.
#[test]
fn terraform_with_a_client_id_and_no_secret_may_request_a_token() {
    let text = "on:\n  push:\n    branches: [main]\npermissions:\n  id-token: write\nenv:\n  ARM_CLIENT_ID: ${{ secrets.AZURE_CLIENT_ID }}\n  ARM_TENANT_ID: ${{ secrets.AZURE_TENANT_ID }}\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: hashicorp/setup-terraform@v3\n      - run: terraform init\n      - run: terraform plan -out tfplan\n";
    let prediction = run(text);
    let job = &prediction.jobs[0];
    assert!(
        job.may_request
            .as_deref()
            .is_some_and(|m| m.contains("use_oidc")),
        "{job:?}"
    );
    assert!(job.needs_credential());
    let with_secret = run(&text.replace(
        "  ARM_TENANT_ID",
        "  ARM_CLIENT_SECRET: ${{ secrets.S }}\n  ARM_TENANT_ID",
    ));
    assert_eq!(with_secret.jobs[0].may_request, None);
}

/// Issue 25: expressions real workflows use for the environment.
#[test]
fn environments_from_object_matrices_from_json_and_per_trigger() {
    let job = |matrix: &str, environment: &str| {
        format!(
            "on:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n{matrix}    environment: {environment}\n{LOGIN}"
        )
    };
    let objects = "    strategy:\n      matrix:\n        target:\n          - name: dev\n            region: eastus\n          - name: prod\n            region: westus\n        include:\n          - target:\n              name: dr\n";
    let from_json =
        "    strategy:\n      matrix:\n        env: ${{ fromJSON('[\"qa\",\"staging\"]') }}\n";
    let from_json_objects = "    strategy:\n      matrix:\n        target: ${{ fromJSON('[{\"name\":\"blue\"},{\"name\":\"green\"}]') }}\n";
    let r = "repo:contoso/payments";
    // Name, the workflow, every (subject, its triggers).
    type ExprCase<'a> = (&'a str, String, Vec<(String, &'a str)>);
    let cases: Vec<ExprCase<'_>> = vec![
        (
            "an_object_matrix_field",
            job(objects, "${{ matrix.target.name }}"),
            vec![
                (format!("{r}:environment:dev"), "push, pull_request"),
                (format!("{r}:environment:prod"), "push, pull_request"),
                (format!("{r}:environment:dr"), "push, pull_request"),
            ],
        ),
        (
            "from_json_of_a_literal_list",
            job(from_json, "${{ matrix.env }}"),
            vec![
                (format!("{r}:environment:qa"), "push, pull_request"),
                (format!("{r}:environment:staging"), "push, pull_request"),
            ],
        ),
        (
            "from_json_of_literal_objects",
            job(from_json_objects, "${{ matrix.target.name }}"),
            vec![
                (format!("{r}:environment:blue"), "push, pull_request"),
                (format!("{r}:environment:green"), "push, pull_request"),
            ],
        ),
        (
            "an_environment_only_on_push",
            job(
                "",
                "${{ github.event_name == 'push' && 'production' || null }}",
            ),
            vec![
                (format!("{r}:environment:production"), "push"),
                (format!("{r}:pull_request"), "pull_request"),
            ],
        ),
        (
            "an_environment_except_on_pull_requests",
            job(
                "",
                "${{ github.event_name != 'pull_request' && 'production' || 'review' }}",
            ),
            vec![
                (format!("{r}:environment:production"), "push"),
                (format!("{r}:environment:review"), "pull_request"),
            ],
        ),
    ];
    for (situation, text, expected) in cases {
        let prediction = run(&text);
        let job = &prediction.jobs[0];
        assert!(
            job.unresolved.is_empty(),
            "{situation}: {:?}",
            job.unresolved
        );
        let got: Vec<(String, String)> = job
            .subjects
            .iter()
            .map(|p| (p.subject.clone(), p.triggers.join(", ")))
            .collect();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(s, t)| (s, t.to_owned()))
            .collect();
        assert_eq!(got, expected, "{situation}");
    }
}
