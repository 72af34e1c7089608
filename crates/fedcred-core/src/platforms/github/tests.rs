//! The GitHub builder, case by case.

use super::*;
use crate::finding::Severity;

fn input(repo: &str, entity: Entity) -> GitHubInput {
    GitHubInput {
        repo: repo.to_owned(),
        entity,
        ..Default::default()
    }
}

fn subject_of(input: &GitHubInput) -> String {
    let built = input.build(&Common::default());
    assert!(built.is_ok(), "{:#?}", built.findings);
    let credential = built.credentials.first().expect("one credential");
    credential
        .subject()
        .or(credential.expression())
        .unwrap_or_default()
        .to_owned()
}

fn error_codes(input: &GitHubInput) -> Vec<&'static str> {
    let built = input.build(&Common::default());
    assert!(built.credentials.is_empty(), "errors leave no credential");
    built
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code.as_str())
        .collect()
}

#[test]
fn default_subjects_follow_githubs_documented_shapes() {
    let cases = [
        (
            "environment_wins_and_is_named",
            Entity::Environment("prod".into()),
            "repo:octo-org/octo-repo:environment:prod",
        ),
        (
            "branch_ref",
            Entity::Branch("main".into()),
            "repo:octo-org/octo-repo:ref:refs/heads/main",
        ),
        (
            "branch_with_slashes",
            Entity::Branch("release/2026.11".into()),
            "repo:octo-org/octo-repo:ref:refs/heads/release/2026.11",
        ),
        (
            "tag_ref",
            Entity::Tag("v1.2.0".into()),
            "repo:octo-org/octo-repo:ref:refs/tags/v1.2.0",
        ),
        (
            "pull_request_uses_an_underscore",
            Entity::PullRequest,
            "repo:octo-org/octo-repo:pull_request",
        ),
        (
            "colon_in_environment_is_escaped",
            Entity::Environment("production:eastus".into()),
            "repo:octo-org/octo-repo:environment:production%3Aeastus",
        ),
        (
            "full_ref_typed_for_a_branch",
            Entity::Branch("refs/heads/main".into()),
            "repo:octo-org/octo-repo:ref:refs/heads/main",
        ),
    ];
    for (situation, entity, expected) in cases {
        assert_eq!(
            subject_of(&input("octo-org/octo-repo", entity)),
            expected,
            "{situation}"
        );
    }
}

#[test]
fn issuers_for_each_github_instance() {
    let cases = [
        (
            "github_com",
            "",
            "",
            "",
            "https://token.actions.githubusercontent.com",
        ),
        (
            "enterprise_unique_issuer",
            "avocado-corp",
            "",
            "",
            "https://token.actions.githubusercontent.com/avocado-corp",
        ),
        (
            "ghe_com_data_residency",
            "",
            "contoso",
            "",
            "https://token.actions.contoso.ghe.com",
        ),
        (
            "ghe_com_with_slug",
            "contoso-ent",
            "contoso",
            "",
            "https://token.actions.contoso.ghe.com/contoso-ent",
        ),
        (
            "enterprise_server",
            "",
            "",
            "github.contoso.com",
            "https://github.contoso.com/_services/token",
        ),
    ];
    for (situation, enterprise, ghe_subdomain, ghes_host, issuer) in cases {
        let input = GitHubInput {
            enterprise: enterprise.into(),
            ghe_subdomain: ghe_subdomain.into(),
            ghes_host: ghes_host.into(),
            ..input("octo-org/octo-repo", Entity::Branch("main".into()))
        };
        let built = input.build(&Common::default());
        assert_eq!(
            built.credentials.first().map(|c| c.issuer.as_str()),
            Some(issuer),
            "{situation}"
        );
    }
}

#[test]
fn immutable_subjects_carry_both_numeric_ids() {
    let input = GitHubInput {
        owner_id: "123456".into(),
        repo_id: "456789".into(),
        ..input("octocat/my-repo", Entity::Branch("main".into()))
    };
    assert_eq!(
        subject_of(&input),
        "repo:octocat@123456/my-repo@456789:ref:refs/heads/main"
    );
    let half = GitHubInput {
        repo_id: String::new(),
        ..input.clone()
    };
    assert_eq!(error_codes(&half), ["immutable_ids_incomplete"]);
    let words = GitHubInput {
        owner_id: "octocat".into(),
        ..input
    };
    assert_eq!(error_codes(&words), ["id_not_numeric"]);
}

#[test]
fn customised_templates_join_key_value_pairs_in_order() {
    let owner_visibility = GitHubInput {
        claim_keys: vec!["repository_owner".into(), "repository_visibility".into()],
        claims: vec![("repository_visibility".into(), "private".into())],
        ..input("monalisa/app", Entity::Branch("main".into()))
    };
    assert_eq!(
        subject_of(&owner_visibility),
        "repository_owner:monalisa:repository_visibility:private"
    );

    let with_workflow = GitHubInput {
        claim_keys: vec!["repo".into(), "context".into(), "job_workflow_ref".into()],
        job_workflow_ref: "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
            .into(),
        ..input("octo-org/octo-repo", Entity::Environment("prod".into()))
    };
    assert_eq!(
        subject_of(&with_workflow),
        "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
    );

    let rename_proof = GitHubInput {
        claim_keys: vec!["repository_owner_id".into(), "repository_id".into()],
        owner_id: "65".into(),
        repo_id: "74".into(),
        ..input("octo-org/octo-repo", Entity::Branch("main".into()))
    };
    assert_eq!(
        subject_of(&rename_proof),
        "repository_owner_id:65:repository_id:74"
    );

    let missing = GitHubInput {
        claim_keys: vec!["repository_owner".into(), "workflow".into()],
        ..input("octo-org/octo-repo", Entity::Branch("main".into()))
    };
    assert_eq!(error_codes(&missing), ["claim_value_missing"]);
}

#[test]
fn patterns_become_flexible_expressions() {
    // Since 2026 Entra applies a GitHub expression only when it pins the repository (or its
    // owner) by ID (Entra docs, flexible credentials, 2026-08-14): the ID is required.
    let without_id = input("contoso/contoso-repo", Entity::TagPattern("v*".into()));
    assert_eq!(error_codes(&without_id), ["expression_id_required"]);
    let tags = GitHubInput {
        repo_id: "456789".into(),
        ..without_id
    };
    assert_eq!(
        subject_of(&tags),
        "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/tags/v*' and claims['repository_id'] eq '456789'"
    );
    let from_main_only = GitHubInput {
        job_workflow_ref: "contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main".into(),
        repo_id: "456789".into(),
        ..input("contoso/contoso-repo", Entity::BranchPattern("*".into()))
    };
    assert_eq!(
        subject_of(&from_main_only),
        "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*' and claims['repository_id'] eq '456789' and claims['job_workflow_ref'] matches 'contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main'"
    );
    let quote = GitHubInput {
        repo_id: "456789".into(),
        ..input(
            "contoso/contoso-repo",
            Entity::BranchPattern("it's/*".into()),
        )
    };
    assert_eq!(error_codes(&quote), ["quote_in_expression"]);
}

#[test]
fn bad_repositories_and_refs_are_refused_with_the_reason() {
    let cases: [(&str, &str, Entity, &[&str]); 9] = [
        (
            "missing_repo",
            "",
            Entity::Branch("main".into()),
            &["repo_required"],
        ),
        (
            "no_slash",
            "contoso",
            Entity::Branch("main".into()),
            &["repo_shape"],
        ),
        (
            "cyrillic_a_in_repo",
            "contoso/p\u{0430}yments",
            Entity::Branch("main".into()),
            &["non_ascii_character"],
        ),
        (
            "space_in_repo",
            "contoso/my repo",
            Entity::Branch("main".into()),
            &["repo_name_invalid"],
        ),
        (
            "owner_with_leading_dash",
            "-contoso/app",
            Entity::Branch("main".into()),
            &["repo_owner_invalid"],
        ),
        (
            "wildcard_branch",
            "contoso/app",
            Entity::Branch("release/*".into()),
            &["wildcard_not_supported"],
        ),
        (
            "branch_with_space",
            "contoso/app",
            Entity::Branch("my branch".into()),
            &["ref_invalid"],
        ),
        (
            "empty_environment",
            "contoso/app",
            Entity::Environment(String::new()),
            &["environment_required"],
        ),
        (
            "padded_environment",
            "contoso/app",
            Entity::Environment("prod ".into()),
            &["surrounding_whitespace"],
        ),
    ];
    for (situation, repo, entity, expected) in cases {
        assert_eq!(error_codes(&input(repo, entity)), expected, "{situation}");
    }
}

#[test]
fn a_cyrillic_letter_is_named_with_its_code_point() {
    let built =
        input("contoso/p\u{0430}yments", Entity::Branch("main".into())).build(&Common::default());
    let message = &built.findings.first().expect("a finding").message;
    assert!(message.contains("U+0430"), "{message}");
}

#[test]
fn a_repository_url_is_read_as_owner_and_repo() {
    let input = input(
        "https://github.com/contoso/app.git",
        Entity::Branch("main".into()),
    );
    assert_eq!(subject_of(&input), "repo:contoso/app:ref:refs/heads/main");
}

#[test]
fn the_suggested_name_says_what_the_credential_is_for() {
    let built = input(
        "Contoso/Payments-API",
        Entity::Environment("Production".into()),
    )
    .build(&Common::default());
    assert_eq!(
        built.credentials.first().map(|c| c.name.as_str()),
        Some("github-contoso-payments-api-env-production")
    );
}

#[test]
fn a_template_with_the_repo_key_uses_the_immutable_prefix_on_immutable_subjects() {
    let input = GitHubInput {
        subject_form: SubjectForm::Immutable,
        owner_id: "65".into(),
        repo_id: "74".into(),
        claim_keys: vec!["repo".into(), "context".into()],
        ..input("octo-org/octo-repo", Entity::Environment("prod".into()))
    };
    assert_eq!(
        subject_of(&input),
        "repo:octo-org@65/octo-repo@74:environment:prod"
    );
    let name_based = GitHubInput {
        subject_form: SubjectForm::NameBased,
        ..input
    };
    assert_eq!(
        subject_of(&name_based),
        "repo:octo-org/octo-repo:environment:prod"
    );
}
