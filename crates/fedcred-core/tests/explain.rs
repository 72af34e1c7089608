//! The explainer, table-driven: every finding code with a realistic token and credential, and
//! Entra's order of errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test

use fedcred_core::base64url;
use fedcred_core::explain::{Input, Report, SignatureStatus, Verdict, explain};
use fedcred_core::import::import;
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const GITHUB: &str = "https://token.actions.githubusercontent.com";
const AUD: &str = "api://AzureADTokenExchange";

/// A token from these header and claims, with a placeholder signature.
fn token(header: Value, claims: Value) -> String {
    format!(
        "{}.{}.{}",
        base64url::encode(header.to_string().as_bytes()),
        base64url::encode(claims.to_string().as_bytes()),
        base64url::encode(b"signature")
    )
}

/// A GitHub Actions token (GitHub docs' example payload), valid at NOW, with `sub` and overrides.
fn github(sub: &str, overrides: Value) -> String {
    let mut claims = json!({
        "jti": "example-id", "sub": sub, "environment": "prod", "aud": AUD,
        "ref": "refs/heads/main", "sha": "example-sha", "repository": "octo-org/octo-repo",
        "repository_owner": "octo-org", "actor_id": "12", "repository_visibility": "private",
        "repository_id": "74", "repository_owner_id": "65", "run_id": "example-run-id",
        "run_number": "10", "run_attempt": "2", "runner_environment": "github-hosted",
        "actor": "octocat", "workflow": "example-workflow", "head_ref": "", "base_ref": "",
        "event_name": "workflow_dispatch", "ref_type": "branch",
        "job_workflow_ref": "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
        "iss": GITHUB, "nbf": NOW - 10, "exp": NOW + 290, "iat": NOW - 10
    });
    if let (Value::Object(c), Value::Object(o)) = (&mut claims, overrides) {
        for (k, v) in o {
            if v.is_null() {
                c.remove(&k);
            } else {
                c.insert(k, v);
            }
        }
    }
    token(json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}), claims)
}

fn fic(name: &str, issuer: &str, subject: &str, audience: &str) -> Value {
    json!({"name": name, "issuer": issuer, "subject": subject, "audiences": [audience]})
}

fn run(token: Option<&str>, error: Option<&str>, fics: Option<Value>) -> Report {
    let imported = fics.map(|f| import(&f.to_string()));
    explain(Input {
        token,
        error,
        credentials: imported.as_ref(),
        now: NOW,
        signature: SignatureStatus::NotChecked,
    })
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

struct Case {
    situation: &'static str,
    token: String,
    fics: Value,
    code: &'static str,
    predicted: Option<&'static str>,
}

/// Every credential-level finding, each in its situation.
fn credential_cases() -> Vec<Case> {
    let env = "repo:octo-org/octo-repo:environment:prod";
    vec![
        Case {
            situation: "exact_match",
            token: github(env, json!({})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "match",
            predicted: None,
        },
        Case {
            situation: "unrelated_issuer",
            token: github(env, json!({})),
            fics: json!([fic("gl", "https://gitlab.com", env, AUD)]),
            code: "issuer_mismatch",
            predicted: Some("AADSTS700211"),
        },
        Case {
            situation: "github_issuer_with_trailing_slash",
            token: github(env, json!({})),
            fics: json!([fic("prod", &format!("{GITHUB}/"), env, AUD)]),
            code: "issuer_trailing_slash",
            predicted: Some("AADSTS700211"),
        },
        Case {
            situation: "issuer_case",
            token: github(env, json!({})),
            fics: json!([fic(
                "prod",
                "https://Token.Actions.GithubUserContent.com",
                env,
                AUD
            )]),
            code: "issuer_case",
            predicted: Some("AADSTS700211"),
        },
        Case {
            situation: "issuer_with_a_space_in_the_token",
            token: github(env, json!({"iss": format!("{GITHUB} ")})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "issuer_whitespace",
            predicted: Some("AADSTS700211"),
        },
        Case {
            situation: "wrong_audience",
            token: github(env, json!({"aud": "https://github.com/octo-org"})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "audience_mismatch",
            predicted: Some("AADSTS700212"),
        },
        Case {
            situation: "audience_case",
            token: github(env, json!({"aud": "api://azureadtokenexchange"})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "audience_case",
            predicted: Some("AADSTS700212"),
        },
        Case {
            situation: "subject_case_only",
            token: github("repo:octo-org/octo-repo:environment:Prod", json!({})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "subject_case",
            predicted: Some("AADSTS7002138"),
        },
        Case {
            situation: "subject_with_trailing_space_in_fic",
            token: github(env, json!({})),
            fics: json!([fic("prod", GITHUB, &format!("{env} "), AUD)]),
            code: "subject_whitespace",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "environment_wins_over_branch",
            token: github(env, json!({})),
            fics: json!([fic(
                "main",
                GITHUB,
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                AUD
            )]),
            code: "subject_environment_vs_ref",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "branch_differs",
            token: github(
                "repo:octo-org/octo-repo:ref:refs/heads/update-scenario",
                json!({}),
            ),
            fics: json!([fic(
                "main",
                GITHUB,
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                AUD
            )]),
            code: "subject_branch_differs",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "tag_run_against_branch_fic",
            token: github("repo:octo-org/octo-repo:ref:refs/tags/v1.0", json!({})),
            fics: json!([fic(
                "main",
                GITHUB,
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                AUD
            )]),
            code: "subject_tag_vs_branch",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "pull_request_typed_with_a_hyphen",
            token: github("repo:octo-org/octo-repo:pull_request", json!({})),
            fics: json!([fic(
                "pr",
                GITHUB,
                "repo:octo-org/octo-repo:pull-request",
                AUD
            )]),
            code: "subject_pull_request_hyphen",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "pull_request_run_against_branch_fic",
            token: github("repo:octo-org/octo-repo:pull_request", json!({})),
            fics: json!([fic(
                "main",
                GITHUB,
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                AUD
            )]),
            code: "subject_pull_request_vs_ref",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "colon_not_escaped_in_fic",
            token: github(
                "repo:octo-org/octo-repo:environment:production%3Aeastus",
                json!({}),
            ),
            fics: json!([fic(
                "prod",
                GITHUB,
                "repo:octo-org/octo-repo:environment:production:eastus",
                AUD
            )]),
            code: "subject_colon_escape",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "customised_subject_in_token",
            token: github(
                "repository_owner:octo-org:repository_visibility:private",
                json!({}),
            ),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "subject_customized",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "immutable_subject_in_the_credential_name_based_in_the_token",
            token: github(env, json!({})),
            fics: json!([fic(
                "prod",
                GITHUB,
                "repo:octo-org@65/octo-repo@74:environment:prod",
                AUD
            )]),
            code: "subject_immutable_format",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "customised_template_that_begins_with_repo",
            token: github(
                "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
                json!({}),
            ),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "subject_customized",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "flexible_credential_without_the_repository_id",
            token: github(env, json!({})),
            fics: json!([{"name": "any-env", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] matches 'repo:octo-org/octo-repo:*'"}}]),
            code: "expression_missing_id_claim",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "flexible_credential_that_pins_the_repository",
            token: github(env, json!({})),
            fics: json!([{"name": "any-env", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] matches 'repo:octo-org/octo-repo:*' and claims['repository_id'] eq '74'"}}]),
            code: "match",
            predicted: None,
        },
        Case {
            situation: "immutable_subject_in_token",
            token: github("repo:octo-org@65/octo-repo@74:environment:prod", json!({})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "subject_immutable_format",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "renamed_repository",
            token: github("repo:octo-org/renamed-repo:environment:prod", json!({})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "subject_mismatch",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "flexible_expression_that_does_not_hold",
            token: github("repo:octo-org/octo-repo:ref:refs/tags/v1", json!({})),
            fics: json!([{"name": "branches", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*' and claims['repository_id'] eq '74'"}}]),
            code: "expression_no_match",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "flexible_expression_that_holds",
            token: github(
                "repo:octo-org/octo-repo:ref:refs/heads/feature/x",
                json!({}),
            ),
            fics: json!([{"name": "branches", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*' and claims['repository_owner_id'] eq '65' and claims['job_workflow_ref'] matches 'octo-org/octo-automation/*@refs/heads/main'"}}]),
            code: "match",
            predicted: None,
        },
        Case {
            situation: "broken_expression",
            token: github(env, json!({})),
            fics: json!([{"name": "broken", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": "claims['sub'] like 'x'"}}]),
            code: "expression_invalid",
            predicted: Some("AADSTS700213"),
        },
        Case {
            situation: "identity_without_credentials",
            token: github(env, json!({})),
            fics: json!([]),
            code: "no_fics",
            predicted: Some("AADSTS70025"),
        },
        Case {
            situation: "credential_json_missing_issuer",
            token: github(env, json!({})),
            fics: json!([{"name": "x", "subject": env, "audiences": [AUD]}, fic("prod", GITHUB, env, AUD)]),
            code: "fic_invalid",
            predicted: None,
        },
        Case {
            situation: "expired_but_matching",
            token: github(env, json!({"exp": NOW - 240, "iat": NOW - 540})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "token_expired",
            predicted: Some("AADSTS700024"),
        },
        Case {
            situation: "not_yet_valid",
            token: github(env, json!({"nbf": NOW + 600})),
            fics: json!([fic("prod", GITHUB, env, AUD)]),
            code: "token_not_yet_valid",
            predicted: Some("AADSTS700024"),
        },
    ]
}

#[test]
fn every_credential_level_finding_with_its_predicted_error() {
    let cases = credential_cases();
    for case in cases {
        let report = run(Some(&case.token), None, Some(case.fics));
        assert!(
            codes(&report).contains(&case.code),
            "{}: {:?}",
            case.situation,
            codes(&report)
        );
        assert_eq!(
            report.predicted_error.as_deref(),
            case.predicted,
            "{}: {:#?}",
            case.situation,
            report.findings
        );
        let expected_verdict = if case.predicted.is_none() {
            Verdict::Match
        } else {
            Verdict::NoMatch
        };
        assert_eq!(report.verdict, expected_verdict, "{}", case.situation);
        // A subject fix carries the command, or, when changing the credential would trust more,
        // the finding right after it does, labelled so.
        for (i, f) in report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.code != "match" && f.code.as_str().starts_with("subject_"))
        {
            let fix = f.fix.as_deref().unwrap_or_default();
            let widened = report
                .findings
                .get(i + 1)
                .filter(|next| next.code.as_str().starts_with("widens_"))
                .and_then(|next| next.fix.as_deref())
                .unwrap_or_default();
            let command = f.command.as_deref().unwrap_or_default();
            // A value no run sends is updated; a subject another run may still present gets a
            // credential beside it instead (issue 24).
            assert!(
                fix.contains("federated-credential update")
                    || command.contains("federated-credential update")
                    || command.contains("federated-credential create")
                    || widened.contains("federated-credential update")
                    || widened.contains("add a credential for"),
                "{}: a subject fix carries the command: {fix}",
                case.situation
            );
        }
    }
}

/// Every token-level finding, each in its situation: (situation, token, code).
fn token_cases() -> Vec<(&'static str, String, &'static str)> {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let claims = |extra: Value| {
        let mut c = json!({"iss": GITHUB, "sub": env, "aud": AUD, "exp": NOW + 300});
        if let (Value::Object(m), Value::Object(e)) = (&mut c, extra) {
            m.extend(e);
        }
        c
    };
    vec![
        (
            "alg_none",
            token(json!({"alg": "none"}), claims(json!({}))),
            "unsigned_token",
        ),
        (
            "hs256",
            token(json!({"alg": "HS256"}), claims(json!({}))),
            "unsupported_algorithm",
        ),
        (
            "no_sub",
            token(
                json!({"alg": "RS256"}),
                json!({"iss": GITHUB, "aud": AUD, "exp": NOW + 300}),
            ),
            "missing_claim",
        ),
        (
            "exp_as_a_string",
            token(json!({"alg": "RS256"}), claims(json!({"exp": "tomorrow"}))),
            "missing_claim",
        ),
        (
            "aud_as_a_number",
            token(json!({"alg": "RS256"}), claims(json!({"aud": 42}))),
            "missing_claim",
        ),
        (
            "pasted_the_access_token",
            token(
                json!({"alg": "RS256"}),
                json!({"iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/", "sub": "x", "aud": "https://management.azure.com", "scp": "user_impersonation", "exp": NOW + 3000}),
            ),
            "entra_issued_token",
        ),
        (
            "audience_list",
            token(
                json!({"alg": "RS256"}),
                claims(json!({"aud": [AUD, "https://github.com/octo-org"]})),
            ),
            "audience_array",
        ),
    ]
}

#[test]
fn token_level_findings() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let fics = json!([fic("prod", GITHUB, env, AUD)]);
    let cases = token_cases();
    for (situation, t, code) in cases {
        let report = run(Some(&t), None, Some(fics.clone()));
        assert!(
            codes(&report).contains(&code),
            "{situation}: {:?}",
            codes(&report)
        );
    }
    let access = run(Some(&cases_access_token()), None, Some(fics));
    assert_eq!(access.predicted_error.as_deref(), Some("AADSTS700222"));
}

fn cases_access_token() -> String {
    token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", "sub": "x", "aud": "00000003-0000-0000-c000-000000000000", "roles": ["Directory.Read.All"], "exp": NOW + 3000}),
    )
}

#[test]
fn unreadable_tokens_are_invalid_input() {
    for (text, code) in [
        ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIi", "malformed_token"),
        ("a.b.c.d.e", "encrypted_token"),
        ("", "malformed_token"),
    ] {
        let report = run(Some(text), None, None);
        assert_eq!(report.verdict, Verdict::InvalidInput, "{text:?}");
        assert_eq!(codes(&report), [code], "{text:?}");
    }
}

#[test]
fn azure_devops_issuer_migration_is_recognised() {
    let tenant = "ff882432-09b0-437b-bd22-ca13c0037ded";
    let subject = "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176";
    let t = token(
        json!({"alg": "RS256"}),
        json!({"iss": format!("https://login.microsoftonline.com/{tenant}/v2.0"), "sub": subject, "aud": AUD, "tid": tenant, "azp": "499b84ac-1321-427f-aa17-267ca6975798", "idtyp": "app", "ver": "2.0", "exp": NOW + 3600}),
    );
    let fics = json!([fic(
        "ado",
        "https://vstoken.dev.azure.com/0ca3ddd9-f0b0-4635-a98c-5866526961b6",
        "sc://contoso/payments/prod",
        AUD
    )]);
    let report = run(Some(&t), None, Some(fics));
    assert!(
        codes(&report).contains(&"ado_issuer_generation"),
        "{:?}",
        codes(&report)
    );
    assert!(
        !codes(&report).contains(&"entra_issued_token"),
        "an Azure DevOps token is not an access token"
    );
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS700211"));
    let suggestion = report.suggestion.expect("a credential for this token");
    let built = suggestion.platform.build(&suggestion.common);
    assert_eq!(
        built.credentials[0].subject(),
        Some(subject),
        "the suggestion rebuilds the exact subject"
    );
}

#[test]
fn the_suggestion_builds_a_credential_that_accepts_the_token() {
    let subjects = [
        "repo:octo-org/octo-repo:environment:prod",
        "repo:octo-org/octo-repo:environment:production%3Aeastus",
        "repo:octo-org/octo-repo:ref:refs/heads/main",
        "repo:octo-org/octo-repo:ref:refs/tags/v1.0",
        "repo:octo-org/octo-repo:pull_request",
    ];
    for sub in subjects {
        let report = run(Some(&github(sub, json!({}))), None, None);
        let suggestion = report.suggestion.expect("a suggestion");
        let built = suggestion.platform.build(&suggestion.common);
        let credential = &built.credentials[0];
        assert_eq!(credential.subject(), Some(sub));
        assert_eq!(credential.issuer, GITHUB);
        let again = run(
            Some(&github(sub, json!({}))),
            None,
            Some(serde_json::to_value(&built.credentials).unwrap()),
        );
        assert_eq!(again.verdict, Verdict::Match, "{sub}");
    }
}

#[test]
fn an_error_text_alone_is_diagnosed_against_the_credentials() {
    let text = "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:octo-org/octo-repo:environment:prod'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";
    let fics = json!([fic(
        "main",
        GITHUB,
        "repo:octo-org/octo-repo:ref:refs/heads/main",
        AUD
    )]);
    let report = run(None, Some(text), Some(fics));
    assert_eq!(report.verdict, Verdict::NoMatch);
    assert!(
        codes(&report).contains(&"subject_environment_vs_ref"),
        "{:?}",
        codes(&report)
    );
    assert_eq!(report.closest_fic.as_deref(), Some("main"));
    let expired = run(
        None,
        Some(
            "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-09-03T17:59:55.3046782Z, assertion valid from 2025-09-03T17:04:47.0000000Z, expiry time of assertion 2025-09-03T17:09:47.0000000Z.",
        ),
        None,
    );
    assert!(codes(&expired).contains(&"token_expired"));
    assert_eq!(expired.predicted_error.as_deref(), Some("AADSTS700024"));
}

#[test]
fn the_closest_credential_is_named_among_several() {
    let fics = json!([
        fic(
            "gitlab",
            "https://gitlab.com",
            "project_path:a/b:ref_type:branch:ref:main",
            AUD
        ),
        fic(
            "staging",
            GITHUB,
            "repo:octo-org/octo-repo:environment:staging",
            AUD
        ),
        fic(
            "prod-typo",
            GITHUB,
            "repo:octo-org/octo-repo:environment:Prod",
            AUD
        ),
    ]);
    let report = run(
        Some(&github(
            "repo:octo-org/octo-repo:environment:prod",
            json!({}),
        )),
        None,
        Some(fics),
    );
    assert_eq!(report.closest_fic.as_deref(), Some("prod-typo"));
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS7002138"));
    let rows = &report.credentials[2].rows;
    let subject = rows.iter().find(|r| r.field == "subject").unwrap();
    let diff = subject.diff.as_ref().unwrap();
    assert_eq!(
        (
            diff.prefix.as_str(),
            diff.expected.as_str(),
            diff.actual.as_str(),
            diff.suffix.as_str()
        ),
        ("repo:octo-org/octo-repo:environment:", "P", "p", "rod")
    );
}

#[test]
fn claims_are_explained_with_human_times() {
    let report = run(
        Some(&github(
            "repo:octo-org/octo-repo:environment:prod",
            json!({"exp": NOW - 240}),
        )),
        None,
        None,
    );
    let exp = report.claims.iter().find(|c| c.name == "exp").unwrap();
    assert_eq!(exp.relative.as_deref(), Some("4 minutes ago"));
    assert_eq!(exp.utc.as_deref(), Some("2025-12-31T23:56:00Z"));
    let environment = report
        .claims
        .iter()
        .find(|c| c.name == "environment")
        .unwrap();
    assert!(environment.meaning.contains("instead of the ref"));
    assert_eq!(report.signature, SignatureStatus::NotChecked);
}

#[test]
fn the_closest_credential_shares_the_most_of_the_subject() {
    let fics = json!([
        fic(
            "staging",
            GITHUB,
            "repo:octo-org/octo-repo:environment:staging",
            AUD
        ),
        fic(
            "test",
            GITHUB,
            "repo:octo-org/octo-repo:environment:test",
            AUD
        ),
        fic(
            "prod-eu",
            GITHUB,
            "repo:octo-org/octo-repo:environment:prod-eu",
            AUD
        ),
        fic(
            "main",
            GITHUB,
            "repo:octo-org/octo-repo:ref:refs/heads/main",
            AUD
        ),
    ]);
    let report = run(
        Some(&github(
            "repo:octo-org/octo-repo:environment:prod",
            json!({}),
        )),
        None,
        Some(fics),
    );
    assert_eq!(report.closest_fic.as_deref(), Some("prod-eu"));
}

#[test]
fn claims_are_listed_in_the_order_the_issuer_wrote_them() {
    let payload = format!(
        r#"{{"sub":"repo:o/r:ref:refs/heads/main","iss":"{GITHUB}","zeta":1,"aud":"{AUD}","alpha":2,"exp":{}}}"#,
        NOW + 60
    );
    let text = format!(
        "{}.{}.{}",
        base64url::encode(br#"{"typ":"JWT","alg":"RS256"}"#),
        base64url::encode(payload.as_bytes()),
        base64url::encode(b"signature")
    );
    let report = run(Some(&text), None, None);
    let names: Vec<&str> = report.claims.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["sub", "iss", "zeta", "aud", "alpha", "exp"]);
    let header: Vec<&str> = report
        .token
        .as_ref()
        .unwrap()
        .header
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(header, ["typ", "alg"]);
}

/// Each case's finding as a person reads it: `situation [code]: message`, and the fix.
fn message_lines(report: &Report, situation: &str, code: &str) -> String {
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{situation}: no {code}"));
    let mut line = format!("{situation} [{code}]: {}\n", finding.message);
    if let Some(fix) = &finding.fix {
        line.push_str(&format!("  fix: {fix}\n"));
    }
    line
}

#[test]
fn credential_level_messages_read_as_written() {
    let text: String = credential_cases()
        .into_iter()
        .map(|case| {
            let report = run(Some(&case.token), None, Some(case.fics));
            message_lines(&report, case.situation, case.code)
        })
        .collect();
    insta::assert_snapshot!(text, @r#"
        exact_match [match]: 'prod' accepts this assertion: issuer, audience and subject all match
        unrelated_issuer [issuer_mismatch]: the issuer differs: the token says https://token.actions.githubusercontent.com, the credential https://gitlab.com
          fix: set the credential's issuer to https://token.actions.githubusercontent.com (this command is for an app registration; for a managed identity: az identity federated-credential update --name gl --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --issuer https://token.actions.githubusercontent.com)
        github_issuer_with_trailing_slash [issuer_trailing_slash]: the issuers differ only by a trailing slash: the token says https://token.actions.githubusercontent.com, the credential https://token.actions.githubusercontent.com/
          fix: set the credential's issuer to https://token.actions.githubusercontent.com (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --issuer https://token.actions.githubusercontent.com)
        issuer_case [issuer_case]: the issuer differs: the token says https://token.actions.githubusercontent.com, the credential https://Token.Actions.GithubUserContent.com
          fix: set the credential's issuer to https://token.actions.githubusercontent.com (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --issuer https://token.actions.githubusercontent.com)
        issuer_with_a_space_in_the_token [issuer_whitespace]: the issuer differs: the token says https://token.actions.githubusercontent.com , the credential https://token.actions.githubusercontent.com
          fix: set the credential's issuer to https://token.actions.githubusercontent.com  (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --issuer 'https://token.actions.githubusercontent.com ')
        wrong_audience [audience_mismatch]: the audience differs: the token says https://github.com/octo-org, the credential api://AzureADTokenExchange
          fix: make the workload request the audience api://AzureADTokenExchange: azure/login's audience input (its default), or the audience parameter of a script that calls ACTIONS_ID_TOKEN_REQUEST_URL; or, weaker, change the credential instead (az ad app federated-credential update --id "${APP_ID:?set APP_ID to the application (client) ID}" --federated-credential-id prod --parameters '{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:octo-org/octo-repo:environment:prod","audiences":["https://github.com/octo-org"]}'): it then trusts every token the issuer mints for https://github.com/octo-org, whatever service it was meant for
        audience_case [audience_case]: the audience differs: the token says api://azureadtokenexchange, the credential api://AzureADTokenExchange
          fix: make the workload request the audience api://AzureADTokenExchange: azure/login's audience input (its default), or the audience parameter of a script that calls ACTIONS_ID_TOKEN_REQUEST_URL; or, weaker, change the credential instead (az ad app federated-credential update --id "${APP_ID:?set APP_ID to the application (client) ID}" --federated-credential-id prod --parameters '{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:octo-org/octo-repo:environment:prod","audiences":["api://azureadtokenexchange"]}'): it then trusts every token the issuer mints for api://azureadtokenexchange, whatever service it was meant for
        subject_case_only [subject_case]: the subjects differ only in case ('p' vs 'P'), and Entra compares case-sensitively (AADSTS7002138)
          fix: set the credential's subject to repo:octo-org/octo-repo:environment:Prod (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org/octo-repo:environment:Prod)
        subject_with_trailing_space_in_fic [subject_whitespace]: the credential's subject has white space around it that the token's sub does not
          fix: set the credential's subject to repo:octo-org/octo-repo:environment:prod (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org/octo-repo:environment:prod)
        environment_wins_over_branch [subject_environment_vs_ref]: the job names an environment, so GitHub sends repo:octo-org/octo-repo:environment:prod; the credential expects the ref form. The environment always wins over the branch
          fix: add a credential for repo:octo-org/octo-repo:environment:prod beside 'main' (named 'main-prod'): changing 'main' instead would take it from the runs that present repo:octo-org/octo-repo:ref:refs/heads/main now; delete 'main' only once none does (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)
        branch_differs [subject_branch_differs]: the run was on branch update-scenario, the credential is for branch main
          fix: add a credential for repo:octo-org/octo-repo:ref:refs/heads/update-scenario beside 'main' (named 'main-update-scenario'): changing 'main' instead would take it from the runs that present repo:octo-org/octo-repo:ref:refs/heads/main now; delete 'main' only once none does (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)
        tag_run_against_branch_fic [subject_tag_vs_branch]: one is a tag and the other a branch: the token says ref:refs/tags/v1.0, the credential ref:refs/heads/main
          fix: add a credential for repo:octo-org/octo-repo:ref:refs/tags/v1.0 beside 'main' (named 'main-v1-0'): changing 'main' instead would take it from the runs that present repo:octo-org/octo-repo:ref:refs/heads/main now; delete 'main' only once none does (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)
        pull_request_typed_with_a_hyphen [subject_pull_request_hyphen]: the credential says pull-request with a hyphen; GitHub writes pull_request
          fix: set the credential's subject to repo:octo-org/octo-repo:pull_request (this command is for an app registration; for a managed identity: az identity federated-credential update --name pr --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org/octo-repo:pull_request)
        pull_request_run_against_branch_fic [subject_pull_request_vs_ref]: one side is a pull_request run and the other is not: the token says pull_request, the credential ref:refs/heads/main
          fix: sign in from a run on branch main, as 'main' expects: for example on push, once the pull request is merged
        colon_not_escaped_in_fic [subject_colon_escape]: GitHub writes ':' in an environment name as %3A: the subject is repo:octo-org/octo-repo:environment:production%3Aeastus
          fix: set the credential's subject to repo:octo-org/octo-repo:environment:production%3Aeastus (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org/octo-repo:environment:production%3Aeastus)
        customised_subject_in_token [subject_customized]: the token's subject 'repository_owner:octo-org:repository_visibility:private' does not start with repo: — the repository or organization customised its subject template (include_claim_keys); build the credential for that template
          fix: set the credential's subject to repository_owner:octo-org:repository_visibility:private (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repository_owner:octo-org:repository_visibility:private)
        immutable_subject_in_the_credential_name_based_in_the_token [subject_immutable_format]: the credential holds the immutable subject (repo:OWNER@ID/REPO@ID), but the repository still sends the name-based one (it was not created, renamed or transferred since 2026-07-15, nor opted in; the Entra portal may propose the immutable form anyway): opt the repository in, or set the credential's subject to repo:octo-org/octo-repo:environment:prod, which trusts more; gh api repos/OWNER/REPO/actions/oidc/customization/sub shows its form
          fix: opt the repository in to immutable subjects, so its tokens carry the IDs 'prod' expects (gh api repos/OWNER/REPO/actions/oidc/customization/sub shows the form it sends)
        customised_template_that_begins_with_repo [subject_customized]: the token's subject repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main follows a customised template that begins with repo (include_claim_keys): the repository or its organization customised its subject; build the credential for that template
          fix: set the credential's subject to repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main)
        flexible_credential_without_the_repository_id [expression_missing_id_claim]: Entra will not apply this credential, whatever the token: Entra now requires a flexible credential for this issuer to pin claims['repository_id'] or claims['repository_owner_id'] with eq, and applies none without it (Entra docs, flexible federated identity credentials (2026-08-14)): add and claims['repository_id'] eq '<ID>' (gh api repos/OWNER/REPO --jq .id, or repository_id in a token), or claims['repository_owner_id'] eq '<ID>' for every repository of the owner
        flexible_credential_that_pins_the_repository [match]: 'any-env' accepts this assertion: issuer, audience and subject all match
        immutable_subject_in_token [subject_immutable_format]: the repository sends the immutable subject (repo:OWNER@ID/REPO@ID: since 2026-07-15 GitHub uses it for every repository created, renamed or transferred, and for those that opted in), and the credential holds the name-based one: set the credential's subject to repo:octo-org@65/octo-repo@74:environment:prod; gh api repos/OWNER/REPO/actions/oidc/customization/sub shows the repository's form
          fix: set the credential's subject to repo:octo-org@65/octo-repo@74:environment:prod (this command is for an app registration; for a managed identity: az identity federated-credential update --name prod --identity-name "${IDENTITY_NAME:?set IDENTITY_NAME}" --resource-group "${RESOURCE_GROUP:?set RESOURCE_GROUP}" --subject repo:octo-org@65/octo-repo@74:environment:prod)
        renamed_repository [subject_mismatch]: the repository differs: the credential names octo-org/octo-repo, the token comes from octo-org/renamed-repo (renamed or transferred?)
          fix: add a credential for repo:octo-org/renamed-repo:environment:prod beside 'prod' (named 'prod-prod'): changing 'prod' instead would take it from the runs that present repo:octo-org/octo-repo:environment:prod now; delete 'prod' only once none does (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)
        flexible_expression_that_does_not_hold [expression_no_match]: the expression does not hold for this token (claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*' is false): sub=repo:octo-org/octo-repo:ref:refs/tags/v1, repository_id=74
        flexible_expression_that_holds [match]: 'branches' accepts this assertion: issuer, audience and subject all match
        broken_expression [expression_invalid]: the credential's expression does not parse at character 15: expected the operator eq or matches
        identity_without_credentials [no_fics]: the identity has no federated credential: Entra answers AADSTS70025
          fix: create one (the builder fills it in from this token)
        credential_json_missing_issuer [fic_invalid]: 'x' has no issuer; it is left out of the comparison
          fix: fix the JSON, or paste the credential as az or Graph prints it
        expired_but_matching [token_expired]: the token expired 4 minutes ago (2025-12-31T23:56:00Z). It lived 5 minutes. Entra answers AADSTS700024
          fix: request the token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes
        not_yet_valid [token_not_yet_valid]: the token is valid only from 2026-01-01T00:10:00Z (in 10 minutes); check the clock of the machine that made it
    "#);
}

#[test]
fn token_level_messages_read_as_written() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let fics = json!([fic("prod", GITHUB, env, AUD)]);
    let text: String = token_cases()
        .into_iter()
        .map(|(situation, token, code)| {
            let report = run(Some(&token), None, Some(fics.clone()));
            message_lines(&report, situation, code)
        })
        .collect();
    insta::assert_snapshot!(text, @r#"
        alg_none [unsigned_token]: the token is not signed (alg is none or missing): Entra refuses unsigned assertions
          fix: present the token exactly as the issuer produced it
        hs256 [unsupported_algorithm]: the token is signed with HS256; Entra supports RS256 for external tokens (others may work but are untested)
        no_sub [missing_claim]: the token has no sub claim; Entra needs iss, sub, aud and exp
        exp_as_a_string [missing_claim]: the exp claim is a string, not a number of seconds: Entra cannot read it
        aud_as_a_number [missing_claim]: the aud claim is a number, not a string (or a list of strings): Entra cannot read it
        pasted_the_access_token [entra_issued_token]: this is a token Entra issued (an access token) for https://management.azure.com, not the workload's own OIDC token: Entra refuses it as an assertion (AADSTS700222)
          fix: paste the token the workload gets from its own issuer (GitHub's ACTIONS_ID_TOKEN_REQUEST_URL, the projected service account token file, …)
        audience_list [audience_array]: aud is a list of 2 values; a credential matches one of them, so request a token for exactly one audience (api://AzureADTokenExchange)
    "#);
}

#[test]
fn a_token_entra_refuses_is_never_a_match_even_when_a_credential_fits() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let fics = json!([fic("prod", GITHUB, env, AUD)]);
    let claims = json!({"iss": GITHUB, "sub": env, "aud": AUD, "exp": NOW + 300});
    let access_claims = json!({"iss": "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/", "sub": "x", "aud": "https://management.azure.com", "scp": "user_impersonation", "exp": NOW + 300});
    let access_fics = json!([fic(
        "x",
        "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/",
        "x",
        "https://management.azure.com"
    )]);
    // (situation, token, credentials, the finding that refuses, the code Entra answers)
    let cases = [
        (
            "unsigned_alg_none",
            token(json!({"alg": "none"}), claims.clone()),
            fics.clone(),
            "unsigned_token",
            Some("AADSTS700027"),
        ),
        (
            "signed_with_hs256",
            token(json!({"alg": "HS256"}), claims.clone()),
            fics.clone(),
            "unsupported_algorithm",
            None,
        ),
        (
            "no_exp_claim",
            token(
                json!({"alg": "RS256"}),
                json!({"iss": GITHUB, "sub": env, "aud": AUD}),
            ),
            fics.clone(),
            "missing_claim",
            None,
        ),
        (
            "an_access_token_against_a_credential_made_from_it",
            token(json!({"alg": "RS256"}), access_claims),
            access_fics,
            "entra_issued_token",
            Some("AADSTS700222"),
        ),
    ];
    for (situation, t, fics, code, predicted) in cases {
        let report = run(Some(&t), None, Some(fics));
        assert_eq!(report.verdict, Verdict::NoMatch, "{situation}");
        assert!(
            codes(&report).contains(&code),
            "{situation}: {:?}",
            codes(&report)
        );
        assert!(
            !codes(&report).contains(&"match"),
            "{situation}: {:?}",
            codes(&report)
        );
        assert_eq!(report.predicted_error.as_deref(), predicted, "{situation}");
    }
}

fn entra_error(code: &str, field: &str, value: &str) -> String {
    format!(
        "Error: {code}: No matching federated identity record found for presented assertion {field} '{value}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion."
    )
}

#[test]
fn the_code_entra_gave_leads_and_a_contradiction_is_named() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let holding = json!([fic("prod", GITHUB, env, AUD)]);
    // (situation, pasted error, credentials, the headline code, a phrase the explanation has)
    let cases = [
        (
            "issuer_error_but_the_credentials_hold_that_issuer",
            entra_error("AADSTS700211", "issuer", GITHUB),
            holding.clone(),
            "AADSTS700211",
            "another identity",
        ),
        (
            "case_error_against_a_byte_identical_subject",
            format!(
                "AADSTS7002138: No matching federated identity record found for presented assertion subject '{env}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison."
            ),
            holding.clone(),
            "AADSTS7002138",
            "stale record",
        ),
        (
            "subject_error_where_the_credentials_differ_only_in_case",
            entra_error("AADSTS700213", "subject", env),
            json!([fic(
                "prod",
                GITHUB,
                "repo:octo-org/octo-repo:environment:Prod",
                AUD
            )]),
            "AADSTS700213",
            "only in case",
        ),
    ];
    for (situation, text, fics, code, phrase) in cases {
        let report = run(None, Some(&text), Some(fics));
        assert_eq!(report.predicted_error.as_deref(), Some(code), "{situation}");
        assert_eq!(report.verdict, Verdict::NoMatch, "{situation}");
        let differs = report
            .findings
            .iter()
            .find(|f| f.code == "pasted_error_differs")
            .unwrap_or_else(|| panic!("{situation}: {:?}", codes(&report)));
        assert!(
            differs.message.contains(phrase),
            "{situation}: {}",
            differs.message
        );
        assert!(!codes(&report).contains(&"match"), "{situation}");
    }
}

#[test]
fn an_unknown_code_is_entras_answer_in_its_own_words() {
    let text = "AADSTS9999999: The moon is in the wrong phase for this sign-in.";
    let fics = json!([fic("prod", GITHUB, "repo:o/r:ref:refs/heads/main", AUD)]);
    let report = run(None, Some(text), Some(fics));
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS9999999"));
    let meaning = report.predicted_error_meaning.unwrap_or_default();
    assert!(meaning.starts_with("Entra's own words:"), "{meaning}");
    assert!(meaning.contains("wrong phase"), "{meaning}");
}

#[test]
fn the_2026_codes_are_known() {
    for (code, text) in [
        (
            "AADSTS7002131",
            "AADSTS7002131: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/main' or no federated identity credential expression matched.",
        ),
        (
            "AADSTS900382",
            "AADSTS900382: Confidential Client is not supported in Cross Cloud request.",
        ),
        (
            "AADSTS70050",
            "AADSTS70050: Federated Managed Identity path is not properly formatted.",
        ),
    ] {
        let report = run(None, Some(text), None);
        assert_eq!(report.predicted_error.as_deref(), Some(code));
        let meaning = report.predicted_error_meaning.unwrap_or_default();
        assert!(
            !meaning.starts_with("Entra's own words"),
            "{code}: {meaning}"
        );
    }
}

#[test]
fn an_error_text_alone_gives_the_command_that_sets_the_subject() {
    let subject = "repo:octo-org/octo-repo:environment:prod";
    let report = run(
        None,
        Some(&entra_error("AADSTS700213", "subject", subject)),
        None,
    );
    let set = report
        .findings
        .iter()
        .find(|f| f.code == "subject_mismatch")
        .unwrap_or_else(|| panic!("{:?}", codes(&report)));
    let command = set.command.clone().unwrap_or_default();
    assert!(
        command.contains(&format!("--subject {subject}")),
        "{command}"
    );
    // Valid bash that stops before running until the placeholders are set.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&command)
        .env_remove("CREDENTIAL_NAME")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("set CREDENTIAL_NAME"));
}

#[test]
fn eid1_subjects_name_the_service_that_sent_them() {
    let tenant = "ff882432-09b0-437b-bd22-ca13c0037ded";
    let issuer = format!("https://login.microsoftonline.com/{tenant}/v2.0");
    let ado = "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176";
    // (situation, token subject, the service named, whether the builder can make it)
    let cases = [
        (
            "azure_devops_connection",
            "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/00000000-0000-0000-0000-000000000001",
            "Azure DevOps",
            true,
        ),
        (
            "bot_service",
            "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/9ExAW52n_ky4ZiS_jhpJIQ/bot/x",
            "Azure Bot Service",
            false,
        ),
        (
            "power_platform_plugin",
            "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/qzXoWDkuqUa3l6zM5mM0Rw/n/plugin/e/x",
            "Power Platform",
            false,
        ),
    ];
    for (situation, sub, service, buildable) in cases {
        let t = token(
            json!({"alg": "RS256", "kid": "k"}),
            json!({"iss": issuer, "sub": sub, "aud": AUD, "tid": tenant, "exp": NOW + 300}),
        );
        let report = run(Some(&t), None, Some(json!([fic("ado", &issuer, ado, AUD)])));
        assert_eq!(
            report.predicted_error.as_deref(),
            Some("AADSTS7002137"),
            "{situation}"
        );
        let about = report
            .findings
            .iter()
            .find(|f| f.code == "subject_mismatch")
            .unwrap_or_else(|| panic!("{situation}: {:?}", codes(&report)));
        assert!(
            about.message.contains(service),
            "{situation}: {}",
            about.message
        );
        assert_eq!(
            about.message.contains("service connection"),
            service == "Azure DevOps",
            "{situation}: only Azure DevOps gets Azure DevOps advice: {}",
            about.message
        );
        assert_eq!(report.suggestion.is_some(), buildable, "{situation}");
    }
}

#[test]
fn fixes_are_safe_and_the_workload_fix_comes_first() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let fics = json!([fic("prod", GITHUB, env, AUD)]);
    // An Entra access token pasted by mistake: no command may point the credential at it.
    let access = token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/", "sub": "x", "aud": "https://management.azure.com", "scp": "user_impersonation", "exp": NOW + 3000}),
    );
    let report = run(Some(&access), None, Some(fics.clone()));
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS700222"));
    for f in report.findings.iter().filter(|f| f.fic.is_some()) {
        assert!(f.command.is_none(), "{}: {:?}", f.code, f.command);
        assert!(
            f.fix
                .as_deref()
                .unwrap_or_default()
                .contains("workload side"),
            "{}",
            f.code
        );
    }
    // A wrong audience: the copyable command is the workload's YAML; the credential's is second.
    let wrong_audience = github(env, json!({"aud": "https://github.com/octo-org"}));
    let report = run(Some(&wrong_audience), None, Some(fics));
    let audience = report
        .findings
        .iter()
        .find(|f| f.code == "audience_mismatch")
        .unwrap();
    let command = audience.command.as_deref().unwrap_or_default();
    assert!(
        command.contains("audience: api://AzureADTokenExchange"),
        "{command}"
    );
    assert!(command.contains("azure/login"), "{command}");
    let fix = audience.fix.as_deref().unwrap_or_default();
    assert!(fix.find("azure/login") < fix.find("weaker"), "{fix}");
}

/// A flexible credential with this expression.
fn flexible(name: &str, expression: &str) -> Value {
    json!({"name": name, "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": expression}})
}

#[test]
fn a_credential_that_would_trust_more_says_so_after_the_workload_change() {
    let prod = "repo:octo-org/octo-repo:environment:production";
    let main = "repo:octo-org/octo-repo:ref:refs/heads/main";
    let env_yaml = Some("environment: production");
    // (situation, token's subject, credentials, the widening code, the workload's YAML)
    let cases = [
        (
            "branch_run_beside_an_environment_credential",
            main,
            json!([fic("prod", GITHUB, prod, AUD)]),
            Some("widens_bypasses_environment"),
            env_yaml,
        ),
        (
            "tag_run_beside_an_environment_credential",
            "repo:octo-org/octo-repo:ref:refs/tags/v1.0",
            json!([fic("prod", GITHUB, prod, AUD)]),
            Some("widens_bypasses_environment"),
            env_yaml,
        ),
        (
            "pull_request_run_beside_an_environment_credential",
            "repo:octo-org/octo-repo:pull_request",
            json!([fic("prod", GITHUB, prod, AUD)]),
            Some("widens_bypasses_environment"),
            env_yaml,
        ),
        (
            "pull_request_run_beside_a_branch_credential",
            "repo:octo-org/octo-repo:pull_request",
            json!([fic("main", GITHUB, main, AUD)]),
            Some("widens_pull_request"),
            Some("on:\n  push:\n    branches:\n      - main"),
        ),
        (
            "branch_run_beside_an_environment_pattern",
            main,
            json!([flexible(
                "prod-envs",
                "claims['sub'] matches 'repo:octo-org/octo-repo:environment:prod-*' and claims['repository_id'] eq '74'"
            )]),
            Some("widens_bypasses_environment"),
            None,
        ),
        (
            "branch_run_beside_an_environment_among_others",
            "repo:octo-org/octo-repo:ref:refs/heads/dev",
            json!([
                fic("main", GITHUB, main, AUD),
                fic("prod", GITHUB, prod, AUD)
            ]),
            Some("widens_bypasses_environment"),
            env_yaml,
        ),
        (
            "environment_run_beside_a_branch_credential_is_narrower",
            prod,
            json!([fic("main", GITHUB, main, AUD)]),
            None,
            None,
        ),
        (
            "another_branch_is_not_ranked",
            "repo:octo-org/octo-repo:ref:refs/heads/dev",
            json!([fic("main", GITHUB, main, AUD)]),
            None,
            None,
        ),
        (
            "the_identity_already_trusts_the_branch_by_name",
            "repo:octo-org@65/octo-repo@74:ref:refs/heads/main",
            json!([
                fic("prod", GITHUB, prod, AUD),
                fic("main", GITHUB, main, AUD)
            ]),
            None,
            None,
        ),
        (
            "an_environment_of_another_repository",
            main,
            json!([fic(
                "other",
                GITHUB,
                "repo:octo-org/other:environment:production",
                AUD
            )]),
            None,
            None,
        ),
        (
            "name_based_run_beside_a_credential_with_the_ids",
            prod,
            json!([fic(
                "prod-ids",
                GITHUB,
                "repo:octo-org@65/octo-repo@74:environment:production",
                AUD
            )]),
            Some("widens_mutable_subject"),
            None,
        ),
        (
            "a_pattern_already_admits_every_branch",
            "repo:octo-org/octo-repo:ref:refs/heads/dev",
            json!([
                fic("prod", GITHUB, prod, AUD),
                flexible(
                    "branches",
                    "claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*' and claims['repository_id'] eq '74' and claims['job_workflow_ref'] eq 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main'"
                )
            ]),
            None,
            None,
        ),
        // Whether a GitLab branch is protected is not in any subject: nothing is ranked.
        (
            "gitlab_branches_are_not_ranked",
            "project_path:g/p:ref_type:branch:ref:feature",
            json!([fic(
                "main",
                "https://gitlab.com",
                "project_path:g/p:ref_type:branch:ref:main",
                AUD
            )]),
            None,
            None,
        ),
    ];
    for (situation, sub, fics, code, yaml) in cases {
        let t = if sub.starts_with("project_path:") {
            token(
                json!({"alg": "RS256"}),
                json!({"iss": "https://gitlab.com", "sub": sub, "aud": AUD, "exp": NOW + 300}),
            )
        } else {
            github(sub, json!({}))
        };
        let report = run(Some(&t), None, Some(fics));
        let suggestion = report.suggestion.as_ref().expect("a suggestion");
        let widens = suggestion.widens.as_ref();
        assert_eq!(widens.map(|w| w.code.as_str()), code, "{situation}");
        assert_eq!(
            widens.and_then(|w| w.workload_yaml.as_deref()),
            yaml,
            "{situation}"
        );
        // The subject fix of the closest credential: the workload's change first, with its YAML;
        // the credential's change in the finding right after, under the widening code.
        let subject = report
            .findings
            .iter()
            .position(|f| f.code.as_str().starts_with("subject_"));
        if let (Some(code), Some(at)) = (code, subject) {
            let f = &report.findings[at];
            assert_eq!(f.command.as_deref(), yaml, "{situation}: {f:#?}");
            let next = &report.findings[at + 1];
            assert_eq!(next.code.as_str(), code, "{situation}");
            assert!(
                next.message.contains("widens trust"),
                "{situation}: {}",
                next.message
            );
            // The credential's change keeps a credential that other runs may still use and adds
            // one beside it; a form the repository no longer sends is changed in place.
            let verb = if code == "widens_mutable_subject" {
                "federated-credential update"
            } else {
                "federated-credential create"
            };
            assert!(
                next.command.as_deref().unwrap_or_default().contains(verb),
                "{situation}"
            );
        } else {
            assert!(
                !codes(&report).iter().any(|c| c.starts_with("widens_")),
                "{situation}: {:?}",
                codes(&report)
            );
        }
    }
}

#[test]
fn the_issue_example_reads_as_written() {
    // An expired token from a branch run against one credential for the production environment.
    let main = "repo:contoso/app:ref:refs/heads/main";
    let t = github(
        main,
        json!({"exp": NOW - 240, "iat": NOW - 540, "nbf": NOW - 540}),
    );
    let report = run(
        Some(&t),
        None,
        Some(json!([fic(
            "prod",
            GITHUB,
            "repo:contoso/app:environment:production",
            AUD
        )])),
    );
    let mut text = format!(
        "{}\n{}\n",
        fedcred_core::explain::headline(&report),
        report
            .predicted_error_meaning
            .as_deref()
            .unwrap_or_default()
    );
    for f in &report.findings {
        let fic = f.fic.as_deref().unwrap_or("-");
        text.push_str(&format!("{} [{fic}]: {}\n", f.code, f.message));
        for (label, value) in [("fix", &f.fix), ("run", &f.command)] {
            if let Some(value) = value {
                text.push_str(&format!("  {label}: {value}\n"));
            }
        }
    }
    if let Some(s) = &report.suggestion {
        text.push_str(&fedcred_core::explain::suggestion_heading(s));
    }
    insta::assert_snapshot!(text, @r#"
        NO MATCH: Entra will answer AADSTS700213 or AADSTS700024
        issuer and audience match, but no credential has the assertion's subject. The token has also expired (AADSTS700024): Entra's documentation does not say which of the two it checks first, so either code may come back; both must be fixed
        token_expired [-]: the token expired 4 minutes ago (2025-12-31T23:56:00Z). It lived 5 minutes. Entra answers AADSTS700024
          fix: request the token right before the exchange; GitHub and Azure DevOps tokens live about 5 minutes
        subject_environment_vs_ref [prod]: the credential expects an environment but the job names none, so GitHub sends the ref form repo:contoso/app:ref:refs/heads/main. Add environment: to the job; a credential for the ref form would skip the environment's protection rules
          fix: add the environment production to the job that signs in, as 'prod' expects: its token then names the environment, and the job waits for the environment's protection rules. The token has also expired (AADSTS700024): present a fresh token as well; a fresh token is still refused for this difference (AADSTS700213) until it is fixed
          run: environment: production
        widens_bypasses_environment [prod]: setting the credential's subject to repo:contoso/app:ref:refs/heads/main instead widens trust: 'prod' accepts only jobs in the environment production, which wait for its protection rules (required reviewers, wait timer, allowed branches); a credential for repo:contoso/app:ref:refs/heads/main would let every run on branch main sign in without them
          fix: only if that is meant: add a credential for repo:contoso/app:ref:refs/heads/main beside 'prod' (named 'prod-main'): changing 'prod' instead would take it from the runs that present repo:contoso/app:environment:production now; delete 'prod' only once none does (this command is for an app registration; for a managed identity, az identity federated-credential create with --identity-name and --resource-group)
          run: az ad app federated-credential create --id "${APP_ID:?set APP_ID to the application (client) ID}" --parameters '{"name":"prod-main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/app:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}'
        Better, change the workload: add the environment production to the job that signs in, as 'prod' expects: its token then names the environment, and the job waits for the environment's protection rules
          environment: production
        Or, widening trust (widens_bypasses_environment [prod]): 'prod' accepts only jobs in the environment production, which wait for its protection rules (required reviewers, wait timer, allowed branches); a credential for repo:contoso/app:ref:refs/heads/main would let every run on branch main sign in without them. A credential that accepts this token
    "#);
}

#[test]
fn an_expired_token_keeps_each_fix_and_names_what_a_fresh_token_meets() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let expired = json!({"exp": NOW - 240, "iat": NOW - 540, "nbf": NOW - 540});
    let with = |extra: Value| {
        let mut claims = expired.clone();
        if let (Value::Object(c), Value::Object(e)) = (&mut claims, extra) {
            c.extend(e);
        }
        claims
    };
    // (situation, token, credentials, the finding, the code Entra gives for it, the fix's start)
    let cases = [
        (
            "expired_and_another_branch",
            github(
                "repo:octo-org/octo-repo:ref:refs/heads/dev",
                expired.clone(),
            ),
            json!([fic(
                "main",
                GITHUB,
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                AUD
            )]),
            "subject_branch_differs",
            "AADSTS700213",
            "add a credential for repo:octo-org/octo-repo:ref:refs/heads/dev beside 'main'",
        ),
        (
            "expired_and_the_subject_case",
            github("repo:octo-org/octo-repo:environment:Prod", expired.clone()),
            json!([fic("prod", GITHUB, env, AUD)]),
            "subject_case",
            "AADSTS7002138",
            "set the credential's subject to repo:octo-org/octo-repo:environment:Prod",
        ),
        (
            "expired_and_the_issuer_with_a_trailing_slash",
            github(env, expired.clone()),
            json!([fic("prod", &format!("{GITHUB}/"), env, AUD)]),
            "issuer_trailing_slash",
            "AADSTS700211",
            "set the credential's issuer to https://token.actions.githubusercontent.com",
        ),
        (
            "expired_and_the_audience",
            github(env, with(json!({"aud": "https://github.com/octo-org"}))),
            json!([fic("prod", GITHUB, env, AUD)]),
            "audience_mismatch",
            "AADSTS700212",
            "make the workload request the audience api://AzureADTokenExchange",
        ),
        (
            "expired_from_a_branch_beside_an_environment",
            github(
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                expired.clone(),
            ),
            json!([fic("prod", GITHUB, env, AUD)]),
            "subject_environment_vs_ref",
            "AADSTS700213",
            "add the environment prod to the job that signs in",
        ),
    ];
    for (situation, t, fics, code, refused, fix_start) in cases {
        let report = run(Some(&t), None, Some(fics));
        let f = report
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{situation}: {:?}", codes(&report)));
        let fix = f.fix.as_deref().unwrap_or_default();
        assert!(fix.starts_with(fix_start), "{situation}: {fix}");
        assert!(
            fix.contains(&format!("The token has also expired (AADSTS700024): present a fresh token as well; a fresh token is still refused for this difference ({refused}) until it is fixed")),
            "{situation}: {fix}"
        );
        assert!(
            f.command.is_some(),
            "{situation}: the fix keeps its command"
        );
        assert!(
            !fix.contains("workload side"),
            "{situation}: the expired token does not replace the fix"
        );
        // Both codes, and no order the sources do not give.
        assert_eq!(
            fedcred_core::explain::headline(&report),
            format!(
                "NO MATCH: Entra will answer {} or AADSTS700024",
                report.predicted_error.as_deref().unwrap_or_default()
            ),
            "{situation}"
        );
        let meaning = report
            .predicted_error_meaning
            .as_deref()
            .unwrap_or_default();
        assert!(
            meaning.contains("does not say which of the two it checks first"),
            "{situation}: {meaning}"
        );
    }

    // Expired and matching: a fresh token is the whole fix, and no second credential is offered.
    let report = run(
        Some(&github(env, expired.clone())),
        None,
        Some(json!([fic("prod", GITHUB, env, AUD)])),
    );
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS700024"));
    assert_eq!(
        fedcred_core::explain::headline(&report),
        "NO MATCH: Entra will answer AADSTS700024"
    );
    assert!(report.suggestion.is_none());

    // Entra answered AADSTS700024 for an expired token: the expiry explains it, whatever the
    // credential's subject.
    let report = run(
        Some(&github(
            "repo:octo-org/octo-repo:ref:refs/heads/dev",
            expired.clone(),
        )),
        Some("AADSTS700024: Client assertion is not within its valid time range."),
        Some(json!([fic("prod", GITHUB, env, AUD)])),
    );
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS700024"));
    assert!(
        !codes(&report).contains(&"pasted_error_differs"),
        "{:?}",
        codes(&report)
    );

    // An Entra access token is the wrong token entirely, expired or not: no credential fix.
    let access = token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/", "sub": "x", "aud": "https://management.azure.com", "scp": "user_impersonation", "exp": NOW - 60}),
    );
    let report = run(
        Some(&access),
        None,
        Some(json!([fic("prod", GITHUB, env, AUD)])),
    );
    for f in report.findings.iter().filter(|f| f.fic.is_some()) {
        assert!(f.command.is_none(), "{}: {:?}", f.code, f.command);
        assert!(
            f.fix
                .as_deref()
                .unwrap_or_default()
                .contains("workload side"),
            "{}",
            f.code
        );
    }
}

#[test]
fn gitlab_subjects_that_lead_with_the_project_id_read_back_into_the_builder() {
    let t = token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://gitlab.example.com", "sub": "project_id:57382910:ref_type:branch:ref:main", "aud": AUD, "exp": NOW + 300, "project_id": "57382910"}),
    );
    let report = run(Some(&t), None, None);
    let suggestion = report.suggestion.expect("a suggestion");
    let built = fedcred_core::build_set(
        std::slice::from_ref(&suggestion.platform),
        &suggestion.common,
    );
    assert_eq!(
        built.credentials.first().and_then(|c| c.subject()),
        Some("project_id:57382910:ref_type:branch:ref:main"),
        "{:#?}",
        built.findings
    );
    assert_eq!(
        built.credentials.first().map(|c| c.issuer.as_str()),
        Some("https://gitlab.example.com")
    );
}

#[test]
fn a_token_wrapped_as_github_returns_it_is_accepted() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let raw = github(env, json!({}));
    let wrapped = json!({"count": 1234, "value": raw}).to_string();
    assert_eq!(
        fedcred_core::explain::recognise(&wrapped),
        fedcred_core::explain::Paste::Token
    );
    let report = fedcred_core::explain::explain_paste(
        &wrapped,
        Some(&import(&json!([fic("prod", GITHUB, env, AUD)]).to_string())),
        NOW,
        SignatureStatus::NotChecked,
    );
    assert_eq!(report.verdict, Verdict::Match, "{:?}", codes(&report));
}

#[test]
fn an_immutable_subject_reads_back_into_the_immutable_form() {
    let sub = "repo:contoso@5544123/payments-api@821093847:environment:production";
    let report = run(Some(&github(sub, json!({}))), None, None);
    let suggestion = report.suggestion.expect("a suggestion");
    let built = fedcred_core::build_set(
        std::slice::from_ref(&suggestion.platform),
        &suggestion.common,
    );
    assert_eq!(
        built.credentials.first().and_then(|c| c.subject()),
        Some(sub),
        "{:#?}",
        built.findings
    );
    assert!(
        built
            .findings
            .iter()
            .all(|f| f.code != "subject_name_based")
    );
}

/// Issue 24: a flexible credential that lacks its ID claim and whose expression is also false
/// for the token says both, so pinning the ID does not reveal the mismatch only at the next run.
#[test]
fn a_missing_id_claim_does_not_hide_a_false_term() {
    let env = "repo:octo-org/octo-repo:environment:prod";
    let cases = [
        (
            "the_sub_is_false_too",
            "claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*'",
        ),
        (
            "the_workflow_is_false_too",
            "claims['sub'] matches 'repo:octo-org/octo-repo:*' and claims['job_workflow_ref'] eq 'octo-org/other/.github/workflows/deploy.yml@refs/heads/main'",
        ),
        (
            "nothing_else_is_false",
            "claims['sub'] matches 'repo:octo-org/octo-repo:*' and claims['job_workflow_ref'] matches 'octo-org/octo-automation/*'",
        ),
    ];
    let text: String = cases
        .into_iter()
        .map(|(situation, expression)| {
            let fics = json!([{"name": "flex", "issuer": GITHUB, "audiences": [AUD], "claimsMatchingExpression": {"languageVersion": 1, "value": expression}}]);
            let report = run(Some(&github(env, json!({}))), None, Some(fics));
            message_lines(&report, situation, "expression_missing_id_claim")
        })
        .collect();
    insta::assert_snapshot!(text, @r#"
        the_sub_is_false_too [expression_missing_id_claim]: Entra will not apply this credential, whatever the token: Entra now requires a flexible credential for this issuer to pin claims['repository_id'] or claims['repository_owner_id'] with eq, and applies none without it (Entra docs, flexible federated identity credentials (2026-08-14)): add and claims['repository_id'] eq '<ID>' (gh api repos/OWNER/REPO --jq .id, or repository_id in a token), or claims['repository_owner_id'] eq '<ID>' for every repository of the owner. Pinning the ID is not enough for this token: claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/heads/*' is false (the token's sub is repo:octo-org/octo-repo:environment:prod)
        the_workflow_is_false_too [expression_missing_id_claim]: Entra will not apply this credential, whatever the token: Entra now requires a flexible credential for this issuer to pin claims['repository_id'] or claims['repository_owner_id'] with eq, and applies none without it (Entra docs, flexible federated identity credentials (2026-08-14)): add and claims['repository_id'] eq '<ID>' (gh api repos/OWNER/REPO --jq .id, or repository_id in a token), or claims['repository_owner_id'] eq '<ID>' for every repository of the owner. Pinning the ID is not enough for this token: claims['job_workflow_ref'] eq 'octo-org/other/.github/workflows/deploy.yml@refs/heads/main' is false (the token's job_workflow_ref is octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main)
        nothing_else_is_false [expression_missing_id_claim]: Entra will not apply this credential, whatever the token: Entra now requires a flexible credential for this issuer to pin claims['repository_id'] or claims['repository_owner_id'] with eq, and applies none without it (Entra docs, flexible federated identity credentials (2026-08-14)): add and claims['repository_id'] eq '<ID>' (gh api repos/OWNER/REPO --jq .id, or repository_id in a token), or claims['repository_owner_id'] eq '<ID>' for every repository of the owner
    "#);
}

/// Issue 24: a self-managed GitLab's flexible credential without an ID claim is not applied, in
/// the inspector as in the builder and the audit.
#[test]
fn a_self_managed_gitlabs_expression_without_its_id_claim_is_not_applied() {
    let issuer = "https://gitlab.example.com";
    let sub = "project_path:group/app:ref_type:branch:ref:main";
    let gitlab = token(
        json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}),
        json!({"iss": issuer, "sub": sub, "aud": AUD, "project_id": "42", "namespace_id": "7",
               "user_id": "9", "exp": NOW + 290, "iat": NOW - 10, "nbf": NOW - 10}),
    );
    let flexible = |expression: &str| {
        json!([{"name": "gl", "issuer": issuer, "audiences": [AUD],
                "claimsMatchingExpression": {"languageVersion": 1, "value": expression}}])
    };
    let unpinned = run(
        Some(&gitlab),
        None,
        Some(flexible("claims['sub'] matches 'project_path:group/app:*'")),
    );
    assert_eq!(unpinned.verdict, Verdict::NoMatch, "{:?}", codes(&unpinned));
    assert!(
        codes(&unpinned).contains(&"expression_missing_id_claim"),
        "{:?}",
        codes(&unpinned)
    );
    let pinned = run(
        Some(&gitlab),
        None,
        Some(flexible(
            "claims['sub'] matches 'project_path:group/app:*' and claims['project_id'] eq '42'",
        )),
    );
    assert_eq!(pinned.verdict, Verdict::Match, "{:?}", codes(&pinned));
}

/// Issue 24: a token Entra refuses itself (unsigned) keeps the credential finding's own fix, and
/// says which answer comes first and which after the fix.
#[test]
fn an_unsigned_token_says_what_entra_answers_first_and_after_the_fix() {
    let unsigned = token(
        json!({"alg": "none", "typ": "JWT"}),
        json!({"iss": GITHUB, "sub": "repo:octo-org/octo-repo:ref:refs/heads/dev", "aud": AUD,
               "exp": NOW + 290, "iat": NOW - 10, "nbf": NOW - 10}),
    );
    let report = run(
        Some(&unsigned),
        None,
        Some(json!([fic(
            "main",
            GITHUB,
            "repo:octo-org/octo-repo:ref:refs/heads/main",
            AUD
        )])),
    );
    assert_eq!(report.predicted_error.as_deref(), Some("AADSTS700213"));
    let subject = report
        .findings
        .iter()
        .find(|f| f.code == "subject_branch_differs")
        .unwrap_or_else(|| panic!("{:?}", codes(&report)));
    let fix = subject.fix.as_deref().unwrap_or_default();
    assert!(
        fix.starts_with(
            "add a credential for repo:octo-org/octo-repo:ref:refs/heads/dev beside 'main'"
        ),
        "{fix}"
    );
    assert!(
        fix.contains("This difference is what Entra answers first (AADSTS700213); once it is fixed, Entra refuses the token itself for the reason above (AADSTS700027)"),
        "{fix}"
    );
}
