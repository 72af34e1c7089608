//! Snippets are safe to paste: each runs or parses with the real tool, and every value arrives
//! byte for byte, hostile ones included.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use fedcred_core::credential::{Credential, Matcher};
use fedcred_core::platforms::Platform;
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::kubernetes::KubernetesInput;
use fedcred_core::platforms::other::OtherInput;
use fedcred_core::snippets::{Context, render};
use fedcred_core::target::Target;

/// Values people paste or attackers craft: quotes, substitutions, separators, globs, a leading
/// dash, non-ASCII, template syntax of every target language.
const HOSTILE: &[&str] = &[
    "it's",
    "\"double\"",
    "$(touch /tmp/fedcred-pwned)",
    "`id`",
    "a;b && c || d",
    "-leading-dash",
    "--issuer",
    "ünïcödé ☃ 𝄞",
    "*glob?[x]",
    "~root",
    "a  b\tc",
    "!history",
    "$HOME ${HOME}",
    "%{if true}x%{endif}",
    "back\\slash\\",
    "{brace,expansion}",
    "#not-a-comment",
    "it\u{2019}s typographic",
    "<IDENTITY_NAME>",
    "> /tmp/redirect",
];

fn credential(name: &str, subject: &str, description: Option<&str>) -> Credential {
    Credential {
        name: name.to_owned(),
        issuer: "https://token.actions.githubusercontent.com".to_owned(),
        matcher: Matcher::Subject(subject.to_owned()),
        audiences: vec!["api://AzureADTokenExchange".to_owned()],
        description: description.map(str::to_owned),
    }
}

fn other() -> Platform {
    Platform::Other(OtherInput::default())
}

/// A directory with a fake `az` that records each call's arguments, NUL-separated, calls
/// separated by a record separator.
struct FakeAz {
    dir: PathBuf,
}

impl FakeAz {
    fn new(tag: &str) -> FakeAz {
        let dir =
            std::env::temp_dir().join(format!("fedcred-fake-az-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        FakeAz { dir }
    }

    /// Runs `script` under bash with a recording `az` function; returns whether bash succeeded and
    /// the argv of each `az` call.
    fn run(&self, script: &str, env: &[(&str, &str)]) -> (bool, Vec<Vec<String>>) {
        let log = self.dir.join("calls");
        let _ = std::fs::remove_file(&log);
        let path = format!(
            "{}:{}",
            self.dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = Command::new("bash")
            .arg("-c")
            .arg(script)
            .env("PATH", path)
            .env("FAKE_AZ_LOG", &log)
            // `az` as a function bash imports from its environment, not a file written and then
            // executed: another test thread forking while the file was still open for writing
            // made that exec fail now and then with "Text file busy".
            .env(
                "BASH_FUNC_az%%",
                "() { for a in \"$@\"; do printf '%s\\0' \"$a\" >> \"$FAKE_AZ_LOG\"; done; printf '\\036' >> \"$FAKE_AZ_LOG\"; }",
            )
            .env_remove("IDENTITY_NAME")
            .env_remove("RESOURCE_GROUP")
            .envs(env.iter().copied())
            .current_dir(&self.dir)
            .output()
            .unwrap();
        let raw = std::fs::read(&log).unwrap_or_default();
        let calls = String::from_utf8(raw)
            .unwrap()
            .split('\u{1e}')
            .filter(|c| !c.is_empty())
            .map(|call| {
                call.split('\0')
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        (output.status.success(), calls)
    }
}

impl Drop for FakeAz {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn value_after(argv: &[String], option: &str) -> Option<String> {
    let eq = format!("{option}=");
    argv.iter().enumerate().find_map(|(i, a)| {
        if a == option {
            argv.get(i + 1).cloned()
        } else {
            a.strip_prefix(&eq).map(str::to_owned)
        }
    })
}

#[test]
fn az_identity_commands_receive_hostile_values_byte_for_byte() {
    let fake = FakeAz::new("mi");
    for (i, value) in HOSTILE.iter().enumerate() {
        let credentials = [credential(&format!("fic-{i}"), value, Some(value))];
        let target = Target::ManagedIdentity {
            name: (*value).to_owned(),
            resource_group: (*value).to_owned(),
            subscription: (*value).to_owned(),
            location: String::new(),
        };
        let platform = other();
        let snippet = render(
            "az",
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &target,
            },
        )
        .unwrap();
        let (ok, calls) = fake.run(&snippet.code, &[]);
        assert!(ok, "bash failed for {value:?}:\n{}", snippet.code);
        // A look first (create is create-or-update: issue 24), then the create.
        let [show, argv] = calls.as_slice() else {
            panic!("two az calls for {value:?}, got {calls:?}")
        };
        assert_eq!(&show[..3], ["identity", "federated-credential", "show"]);
        assert_eq!(
            value_after(show, "--identity-name").as_deref(),
            Some(*value)
        );
        assert_eq!(&argv[..3], ["identity", "federated-credential", "create"]);
        for option in [
            "--identity-name",
            "--resource-group",
            "--subscription",
            "--subject",
        ] {
            assert_eq!(
                value_after(argv, option).as_deref(),
                Some(*value),
                "{option} for {value:?}"
            );
        }
        assert_eq!(
            value_after(argv, "--audiences").as_deref(),
            Some("api://AzureADTokenExchange")
        );
    }
    assert!(
        !Path::new("/tmp/fedcred-pwned").exists(),
        "no substitution ran"
    );
}

#[test]
fn az_app_parameters_arrive_as_the_exact_json() {
    let fake = FakeAz::new("app");
    let credentials: Vec<Credential> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, v)| credential(&format!("fic-{i}"), v, Some(&format!("{v}\nline two"))))
        .collect();
    let target = Target::AppRegistration {
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        object_id: String::new(),
    };
    let platform = other();
    let snippet = render(
        "az",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let (ok, calls) = fake.run(&snippet.code, &[]);
    assert!(ok);
    assert_eq!(
        calls.len(),
        HOSTILE.len(),
        "one call per credential, in order"
    );
    for (argv, (credential, value)) in calls.iter().zip(credentials.iter().zip(HOSTILE)) {
        assert_eq!(
            value_after(argv, "--id").as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        let body: serde_json::Value =
            serde_json::from_str(&value_after(argv, "--parameters").unwrap()).unwrap();
        assert_eq!(body["subject"], *value);
        assert_eq!(body["name"], credential.name);
        assert_eq!(body["description"], format!("{value}\nline two"));
        assert_eq!(
            body["audiences"],
            serde_json::json!(["api://AzureADTokenExchange"])
        );
    }
}

#[test]
fn a_missing_identity_name_stops_the_script_before_az_runs() {
    let fake = FakeAz::new("missing");
    let credentials = [credential("fic", "repo:o/r:environment:prod", None)];
    let target = Target::ManagedIdentity {
        name: String::new(),
        resource_group: String::new(),
        subscription: String::new(),
        location: String::new(),
    };
    let platform = other();
    let snippet = render(
        "az",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let (ok, calls) = fake.run(&snippet.code, &[]);
    assert!(!ok, "the script must fail loudly");
    assert!(calls.is_empty(), "az was not called: {calls:?}");
    let (ok, calls) = fake.run(
        &snippet.code,
        &[
            ("IDENTITY_NAME", "id-payments"),
            ("RESOURCE_GROUP", "rg-payments"),
        ],
    );
    assert!(ok);
    assert_eq!(
        value_after(&calls[0], "--identity-name").as_deref(),
        Some("id-payments")
    );
    assert_eq!(
        value_after(&calls[0], "--resource-group").as_deref(),
        Some("rg-payments")
    );
}

/// Issue 24: a managed identity used as a credential in Azure operated by 21Vianet holds
/// `<LOGIN-HOST>` in its issuer (the sources disagree on the host): no format runs as written.
#[test]
fn a_placeholder_issuer_stops_every_format_until_it_is_given() {
    use fedcred_core::audience::Cloud;
    use fedcred_core::platforms::Common;
    use fedcred_core::platforms::managed_identity::ManagedIdentityInput;
    let platform = Platform::ManagedIdentity(ManagedIdentityInput {
        tenant_id: "ff882432-09b0-437b-bd22-ca13c0037ded".into(),
        principal_id: "11111111-2222-3333-4444-555555555555".into(),
    });
    let built = platform.build(&Common {
        cloud: Cloud::China,
        ..Default::default()
    });
    let target = Target::AppRegistration {
        client_id: "22222222-2222-3333-4444-555555555555".into(),
        object_id: "33333333-2222-3333-4444-555555555555".into(),
    };
    let context = Context {
        platform: &platform,
        credentials: &built.credentials,
        target: &target,
    };
    let fake = FakeAz::new("placeholder");
    let az = render("az", context).unwrap();
    let (ok, calls) = fake.run(&az.code, &[]);
    assert!(!ok && calls.is_empty(), "az never runs: {calls:?}");
    let powershell = render("powershell", context).unwrap();
    let stop = powershell
        .code
        .find("throw 'fedcred: the issuer holds <LOGIN-HOST>")
        .unwrap();
    assert!(
        stop < powershell
            .code
            .find("New-AzADAppFederatedCredential")
            .unwrap()
    );
    let terraform = render("terraform", context).unwrap();
    assert!(
        terraform.code.contains("issuer         = var.entra_issuer"),
        "{}",
        terraform.code
    );
    assert!(
        !terraform.code.contains("https://<LOGIN-HOST>"),
        "{}",
        terraform.code
    );
    let bicep = render("bicep", context).unwrap();
    assert!(
        bicep.code.contains("param entraIssuer string\n"),
        "{}",
        bicep.code
    );
    assert!(
        !bicep.code.contains("https://<LOGIN-HOST>"),
        "{}",
        bicep.code
    );
}

#[test]
fn flexible_credentials_pass_their_expression_to_az() {
    let fake = FakeAz::new("cme");
    let expression = "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'";
    let credentials = [Credential {
        matcher: Matcher::Expression(expression.to_owned()),
        ..credential("fic", "", None)
    }];
    let target = Target::ManagedIdentity {
        name: "id".into(),
        resource_group: "rg".into(),
        subscription: String::new(),
        location: String::new(),
    };
    let platform = other();
    let snippet = render(
        "az",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let (ok, calls) = fake.run(&snippet.code, &[]);
    assert!(ok);
    let create = calls
        .iter()
        .find(|c| c.get(2).map(String::as_str) == Some("create"))
        .unwrap();
    assert_eq!(
        value_after(create, "--cme-value").as_deref(),
        Some(expression)
    );
    assert_eq!(value_after(create, "--cme-version").as_deref(), Some("1"));
    assert_eq!(value_after(create, "--subject"), None);
}

#[test]
fn graph_requests_carry_bodies_that_parse_to_the_credentials() {
    let credentials: Vec<Credential> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, v)| credential(&format!("fic-{i}"), v, None))
        .collect();
    let target = Target::AppRegistration {
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        object_id: String::new(),
    };
    let platform = other();
    let snippet = render(
        "graph",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let requests: Vec<&str> = snippet.code.split("\n###\n").collect();
    assert_eq!(requests.len(), credentials.len());
    for (request, value) in requests.iter().zip(HOSTILE) {
        let (head, body) = request.split_once("\n\n").unwrap();
        assert!(
            head.trim_start().starts_with(
                "POST https://graph.microsoft.com/v1.0/applications(appId='11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials"
            ),
            "{head}"
        );
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["subject"], *value);
    }
}

fn yaml(code: &str) -> Vec<serde_norway::Value> {
    use serde::Deserialize;
    serde_norway::Deserializer::from_str(code)
        .map(|doc| serde_norway::Value::deserialize(doc).unwrap())
        .collect()
}

#[test]
fn github_workflows_parse_to_the_exact_environment_and_branch() {
    let environment = "prod: east #1 'x' \"y\" ${{ secrets.X }}";
    let branch = "release/v1.0-#x";
    for (entity, is_environment, expected) in [
        (Entity::Environment(environment.into()), true, environment),
        (Entity::Branch(branch.into()), false, branch),
    ] {
        let platform = Platform::GitHub(GitHubInput {
            repo: "contoso/app".into(),
            entity,
            ..Default::default()
        });
        let credentials = [credential("fic", "s", None)];
        let snippet = render(
            "workload",
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &Target::default(),
            },
        )
        .unwrap();
        let docs = yaml(&snippet.code);
        let workflow = &docs[0];
        assert_eq!(workflow["permissions"]["id-token"], "write");
        let job = &workflow["jobs"]["deploy"];
        if is_environment {
            assert_eq!(job["environment"], expected);
        } else {
            assert_eq!(workflow["on"]["push"]["branches"][0], expected);
        }
        let login = &job["steps"][0];
        assert_eq!(login["uses"], "azure/login@v3");
        assert_eq!(login["with"]["client-id"], "${{ vars.AZURE_CLIENT_ID }}");
    }
}

#[test]
fn kubernetes_manifests_parse_with_the_label_and_annotation() {
    let input = KubernetesInput {
        issuer: "https://k8s.contoso.com".into(),
        namespace: "payments".into(),
        service_account: "api".into(),
    };
    let platform = Platform::Kubernetes(input);
    let credentials = [credential(
        "fic",
        "system:serviceaccount:payments:api",
        None,
    )];
    let target = Target::AppRegistration {
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        object_id: String::new(),
    };
    let snippet = render(
        "workload",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let docs = yaml(&snippet.code);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["kind"], "ServiceAccount");
    assert_eq!(
        docs[0]["metadata"]["annotations"]["azure.workload.identity/client-id"],
        "11111111-2222-3333-4444-555555555555"
    );
    let pod = &docs[1]["spec"]["template"];
    assert_eq!(
        pod["metadata"]["labels"]["azure.workload.identity/use"], "true",
        "a string, not a boolean"
    );
    assert_eq!(pod["spec"]["serviceAccountName"], "api");
}

/// Every string (and string in an array) assigned in blocks of this kind.
fn hcl_strings(body: &hcl::Body, block: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for b in body.blocks().filter(|b| b.identifier() == block) {
        for attr in b.body().attributes() {
            match attr.expr() {
                hcl::Expression::String(s) => out.push((attr.key().to_owned(), s.clone())),
                hcl::Expression::Array(items) => {
                    for item in items {
                        if let hcl::Expression::String(s) = item {
                            out.push((attr.key().to_owned(), s.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn terraform_parses_and_holds_values_without_interpolating_them() {
    for value in HOSTILE {
        let credentials = [credential("fic-1", value, None)];
        for target in [
            Target::ManagedIdentity {
                name: (*value).to_owned(),
                resource_group: "rg".into(),
                subscription: String::new(),
                location: String::new(),
            },
            Target::AppRegistration {
                client_id: (*value).to_owned(),
                object_id: String::new(),
            },
        ] {
            let platform = other();
            let snippet = render(
                "terraform",
                Context {
                    platform: &platform,
                    credentials: &credentials,
                    target: &target,
                },
            )
            .unwrap();
            let body: hcl::Body =
                hcl::parse(&snippet.code).unwrap_or_else(|e| panic!("{e}\n{}", snippet.code));
            let resources = hcl_strings(&body, "resource");
            assert!(
                resources.contains(&("subject".to_owned(), (*value).to_owned())),
                "{value:?}: {resources:?}"
            );
            assert!(
                resources
                    .iter()
                    .any(|(k, v)| k.starts_with("audience") && v == "api://AzureADTokenExchange")
            );
            let data = hcl_strings(&body, "data");
            assert!(
                data.iter().any(|(_, v)| v == value),
                "the identity value is in the data block: {data:?}"
            );
        }
    }
}

#[test]
fn powershell_snippets_hold_each_value_as_a_single_quoted_literal() {
    for value in HOSTILE {
        let credentials = [credential("fic-1", value, None)];
        let target = Target::ManagedIdentity {
            name: "id".into(),
            resource_group: "rg".into(),
            subscription: String::new(),
            location: String::new(),
        };
        let platform = other();
        let snippet = render(
            "powershell",
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &target,
            },
        )
        .unwrap();
        let literal = fedcred_core::snippets::quote::ps(value);
        assert!(
            snippet.code.contains(&format!("-Subject {literal} `")),
            "{value:?}:\n{}",
            snippet.code
        );
        // Inside the literal every quote character is doubled, so it ends only where we end it.
        let inner = literal.get(1..literal.len() - 1).unwrap();
        let lone_quotes = inner.replace("''", "").replace("\u{2019}\u{2019}", "");
        assert!(!lone_quotes.contains(['\'', '\u{2019}']), "{value:?}");
    }
}

#[test]
fn graph_and_powershell_graph_refuse_a_managed_identity_with_a_reason() {
    let credentials = [credential("fic", "s", None)];
    let platform = other();
    for format in ["graph", "powershell-graph"] {
        let error = render(
            format,
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &Target::default(),
            },
        )
        .unwrap_err();
        assert!(error.0.contains("managed identity"), "{error}");
    }
}

#[test]
fn lifecycle_commands_target_the_same_identity_and_credential() {
    let fake = FakeAz::new("lifecycle");
    let credentials = [credential("prod-deploy", "repo:o/r:environment:prod", None)];
    let target = Target::ManagedIdentity {
        name: "id-payments".into(),
        resource_group: "rg pay".into(),
        subscription: String::new(),
        location: String::new(),
    };
    let platform = other();
    let snippet = render(
        "lifecycle",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let (ok, calls) = fake.run(&snippet.code, &[]);
    assert!(ok, "{}", snippet.code);
    let verbs: Vec<&str> = calls.iter().map(|c| c[2].as_str()).collect();
    assert_eq!(
        verbs,
        ["list", "show", "delete", "show", "create"],
        "list, show, revoke, then restore (looking first: create is create-or-update)"
    );
    for call in &calls {
        assert_eq!(
            value_after(call, "--identity-name").as_deref(),
            Some("id-payments")
        );
        assert_eq!(
            value_after(call, "--resource-group").as_deref(),
            Some("rg pay")
        );
    }
    assert_eq!(
        value_after(&calls[2], "--name").as_deref(),
        Some("prod-deploy")
    );
    assert!(calls[2].contains(&"--yes".to_owned()));
}

#[test]
fn the_audit_and_migration_scripts_are_valid_bash() {
    let credentials = [credential("prod-deploy", "repo:o/r:environment:prod", None)];
    let target = Target::AppRegistration {
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        object_id: String::new(),
    };
    let platform = other();
    for format in ["audit", "migrate"] {
        let snippet = render(
            format,
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &target,
            },
        )
        .unwrap();
        let check = Command::new("bash")
            .arg("-n")
            .arg("-c")
            .arg(&snippet.code)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    let fake = FakeAz::new("migrate");
    let snippet = render(
        "migrate",
        Context {
            platform: &platform,
            credentials: &credentials,
            target: &target,
        },
    )
    .unwrap();
    let (ok, calls) = fake.run(&snippet.code, &[]);
    assert!(
        !ok,
        "without SECRET_KEY_ID the script stops before deleting anything"
    );
    let verbs: Vec<String> = calls.iter().map(|c| c[..3].join(" ")).collect();
    assert_eq!(verbs, ["ad app federated-credential", "ad app credential"]);
    let (ok, calls) = fake.run(&snippet.code, &[("SECRET_KEY_ID", "abc")]);
    assert!(ok);
    assert_eq!(
        value_after(calls.last().unwrap(), "--key-id").as_deref(),
        Some("abc")
    );
    assert!(
        render(
            "migrate",
            Context {
                platform: &platform,
                credentials: &credentials,
                target: &Target::default()
            }
        )
        .is_err()
    );
}

/// One realistic input per platform.
fn every_platform() -> Vec<Platform> {
    use fedcred_core::platforms::azure_devops::AzureDevOpsInput;
    use fedcred_core::platforms::gitlab::GitLabInput;
    use fedcred_core::platforms::managed_identity::ManagedIdentityInput;
    use fedcred_core::platforms::terraform::TerraformInput;
    vec![
        Platform::GitHub(GitHubInput {
            repo: "contoso/app".into(),
            entity: Entity::Environment("prod".into()),
            ..Default::default()
        }),
        Platform::GitHub(GitHubInput {
            repo: "contoso/app".into(),
            entity: Entity::BranchPattern("release/*".into()),
            repo_id: "456789".into(),
            ..Default::default()
        }),
        Platform::AzureDevops(AzureDevOpsInput {
            tenant_id: "ff882432-09b0-437b-bd22-ca13c0037ded".into(),
            organization_id: "0ca3ddd9-f0b0-4635-a98c-5866526961b6".into(),
            connection_id: "64171687-7a59-4fce-b2c8-823278dcf176".into(),
            ..Default::default()
        }),
        Platform::Kubernetes(KubernetesInput {
            issuer: "https://k8s.contoso.com".into(),
            namespace: "payments".into(),
            service_account: "api".into(),
        }),
        Platform::GitLab(GitLabInput {
            project_path: "contoso/app".into(),
            git_ref: "main".into(),
            ..Default::default()
        }),
        Platform::Terraform(TerraformInput {
            organization: "contoso".into(),
            workspace: "wrk".into(),
            ..Default::default()
        }),
        Platform::ManagedIdentity(ManagedIdentityInput {
            tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47".into(),
            principal_id: "5a2c9fdb-4f3e-4c6e-9a8f-5b6c7d8e9f01".into(),
        }),
        Platform::Other(OtherInput {
            issuer: "https://issuer.contoso.com".into(),
            subject: "workload-1".into(),
            ..Default::default()
        }),
    ]
}

#[test]
fn every_platform_renders_every_format_that_applies_to_it() {
    let targets = [
        Target::ManagedIdentity {
            name: "id-app".into(),
            resource_group: "rg".into(),
            subscription: String::new(),
            location: String::new(),
        },
        Target::AppRegistration {
            client_id: "11111111-2222-3333-4444-555555555555".into(),
            object_id: String::new(),
        },
    ];
    for platform in every_platform() {
        let built = fedcred_core::platforms::build_set(
            std::slice::from_ref(&platform),
            &Default::default(),
        );
        assert!(
            built.is_ok() && !built.credentials.is_empty(),
            "{}: {:?}",
            platform.key(),
            built.findings
        );
        for target in &targets {
            for format in fedcred_core::snippets::FORMATS {
                let result = render(
                    format.key,
                    Context {
                        platform: &platform,
                        credentials: &built.credentials,
                        target,
                    },
                );
                let refused = match format.key {
                    "graph" | "powershell-graph" | "migrate" => target.is_managed_identity(),
                    "workload" => {
                        matches!(platform, Platform::ManagedIdentity(_) | Platform::Other(_))
                    }
                    _ => false,
                };
                match result {
                    Ok(snippet) => {
                        assert!(
                            !refused,
                            "{} {} should be refused",
                            platform.key(),
                            format.key
                        );
                        assert!(
                            snippet.code.len() > 40,
                            "{} {}: {}",
                            platform.key(),
                            format.key,
                            snippet.code
                        );
                        if snippet.language == "bash" {
                            let check = Command::new("bash")
                                .arg("-n")
                                .arg("-c")
                                .arg(&snippet.code)
                                .output()
                                .unwrap();
                            assert!(
                                check.status.success(),
                                "{} {}: {}",
                                platform.key(),
                                format.key,
                                String::from_utf8_lossy(&check.stderr)
                            );
                        }
                        if snippet.language == "yaml" {
                            assert!(!yaml(&snippet.code).is_empty());
                        }
                        if snippet.language == "hcl" {
                            hcl::parse(&snippet.code).unwrap_or_else(|e| {
                                panic!("{} {}: {e}\n{}", platform.key(), format.key, snippet.code)
                            });
                        }
                    }
                    Err(error) => assert!(refused, "{} {}: {error}", platform.key(), format.key),
                }
            }
        }
    }
}

/// The web app renders az itself and loads the other formats' renderers when one is first
/// chosen (issue 26): what it renders that way must be what `render` gives, stops included.
#[test]
fn a_format_rendered_with_its_loaded_renderer_is_what_render_gives() {
    use fedcred_core::snippets::{AZ, FORMATS, render_with, renderer};
    let mut cases = Vec::new();
    for platform in every_platform() {
        let built = fedcred_core::platforms::build_set(
            std::slice::from_ref(&platform),
            &Default::default(),
        );
        cases.push((platform, built.credentials));
    }
    // An issuer still to replace, and no credential at all: the stops and the refusal too.
    let placeholder = fedcred_core::platforms::entra::issuer::UNKNOWN_LOGIN_HOST;
    cases.push((
        other(),
        vec![Credential {
            issuer: format!("https://{placeholder}/tenant/v2.0"),
            ..credential("fic", "subject", None)
        }],
    ));
    cases.push((other(), Vec::new()));
    let target = Target::default();
    for (platform, credentials) in &cases {
        let context = Context {
            platform,
            credentials,
            target: &target,
        };
        for format in FORMATS {
            let loaded = renderer(format.key).expect("every listed format has a renderer");
            assert_eq!(
                render_with(format.key, loaded, context),
                render(format.key, context),
                "{} {}",
                platform.key(),
                format.key
            );
        }
        assert_eq!(render_with("az", AZ, context), render("az", context));
    }
    assert!(renderer("yaml").is_none());
    assert!(
        render(
            "yaml",
            Context {
                platform: &other(),
                credentials: &[credential("a", "b", None)],
                target: &target
            }
        )
        .unwrap_err()
        .0
        .starts_with("unknown format 'yaml'")
    );
}

#[test]
fn the_credentials_file_reads_back_and_each_snippet_has_its_file_name() {
    let platform = Platform::GitHub(GitHubInput {
        repo: "contoso/app".into(),
        entity: Entity::Environment("prod".into()),
        ..Default::default()
    });
    let built = fedcred_core::build_set(std::slice::from_ref(&platform), &Default::default());
    let file = fedcred_core::snippets::credentials_json(&built.credentials);
    let parsed: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(parsed[0]["subject"], "repo:contoso/app:environment:prod");
    let back = fedcred_core::import(&file);
    assert_eq!(back.credentials.len(), 1);
    assert_eq!(back.credentials[0].credential, built.credentials[0]);
    for (format, name) in [
        ("az", "fic.sh"),
        ("powershell", "fic.ps1"),
        ("bicep", "fic.bicep"),
        ("terraform", "main.tf"),
        ("workload", "azure-login.yml"),
    ] {
        assert_eq!(fedcred_core::snippets::file_name(format, &platform), name);
    }
}
