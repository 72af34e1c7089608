//! Properties: every built subject parses back to the same parts; `matches` agrees with a
//! reference glob; decoding an encoded token gives its claims back; a diff's parts rebuild both
//! strings and share nothing more; the JSON reader and writer agree with serde_json. Native only
//! (proptest).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a failed unwrap is a failed test
#![cfg(not(target_arch = "wasm32"))]

use fedcred_core::base64url;
use fedcred_core::explain::{diff, suggest};
use fedcred_core::expression::glob_match;
use fedcred_core::json;
use fedcred_core::platforms::github::{Entity, GitHubInput};
use fedcred_core::platforms::kubernetes::KubernetesInput;
use fedcred_core::platforms::terraform::{RunPhase, TerraformInput};
use fedcred_core::platforms::{Common, Platform};
use fedcred_core::token::decode_unverified;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn token_for(issuer: &str, subject: &str) -> fedcred_core::token::Token {
    let claims = json!({"iss": issuer, "sub": subject, "aud": "api://AzureADTokenExchange", "exp": 4_102_444_800i64});
    let text = format!(
        "{}.{}.c2ln",
        base64url::encode(br#"{"alg":"RS256"}"#),
        base64url::encode(claims.to_string().as_bytes())
    );
    decode_unverified(&text).unwrap()
}

/// Builds `platform`, then reads its subject back from a token carrying it.
fn round_trip(platform: &Platform) -> Option<(Platform, String)> {
    let built = platform.build(&Common::default());
    let credential = built.credentials.first()?;
    let token = token_for(&credential.issuer, credential.subject()?);
    let suggestion = suggest(&token)?;
    Some((suggestion.platform, credential.subject()?.to_owned()))
}

fn entity() -> impl Strategy<Value = Entity> {
    prop_oneof![
        "[A-Za-z0-9][A-Za-z0-9 _:.-]{0,20}[A-Za-z0-9]".prop_map(Entity::Environment),
        "[a-z0-9][a-z0-9_-]{0,10}(/[a-z0-9][a-z0-9_-]{0,10}){0,2}".prop_map(Entity::Branch),
        "v[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,2})?".prop_map(Entity::Tag),
        Just(Entity::PullRequest),
    ]
}

proptest! {
    #[test]
    fn github_subjects_parse_back_to_their_parts(
        owner in "[a-z0-9][a-z0-9-]{0,15}",
        repo in "[A-Za-z0-9_][A-Za-z0-9._-]{0,15}",
        entity in entity(),
    ) {
        let input = Platform::GitHub(GitHubInput { repo: format!("{owner}/{repo}"), entity, ..Default::default() });
        let built = input.build(&Common::default());
        prop_assume!(built.is_ok());
        let (back, subject) = round_trip(&input).expect("a built subject reads back");
        prop_assert_eq!(&back, &input, "subject {}", subject);
    }

    #[test]
    fn kubernetes_subjects_parse_back_to_their_parts(
        namespace in "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?",
        account in "[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?",
    ) {
        let input = Platform::Kubernetes(KubernetesInput { issuer: "https://k8s.contoso.com".into(), namespace, service_account: account });
        prop_assume!(input.build(&Common::default()).is_ok());
        let (back, _) = round_trip(&input).expect("reads back");
        prop_assert_eq!(back, input);
    }

    #[test]
    fn terraform_subjects_parse_back_to_their_parts(
        organization in "[a-z][a-z0-9_-]{0,12}",
        project in "[A-Za-z][A-Za-z0-9 _-]{0,12}[A-Za-z0-9]",
        workspace in "[a-z][a-z0-9_-]{0,12}",
        apply in any::<bool>(),
    ) {
        let run_phase = if apply { RunPhase::Apply } else { RunPhase::Plan };
        let input = Platform::Terraform(TerraformInput { issuer: String::new(), organization, project, workspace, run_phase });
        prop_assume!(input.build(&Common::default()).is_ok());
        let (back, _) = round_trip(&input).expect("reads back");
        prop_assert_eq!(back, input);
    }

    #[test]
    fn matches_agrees_with_a_reference_glob(pattern in "[ab*?]{0,8}", text in "[ab]{0,10}") {
        let reference = format!("^(?s){}$", regex::escape(&pattern).replace("\\*", ".*").replace("\\?", "."));
        let expected = regex::Regex::new(&reference).unwrap().is_match(&text);
        prop_assert_eq!(glob_match(&pattern, &text), expected, "{} vs {}", pattern, text);
    }

    #[test]
    fn a_diff_rebuilds_both_strings_around_the_longest_shared_ends(
        // Few distinct characters, some of them several bytes long, so ends are often shared.
        expected in "[aé€𝄞:]{0,12}",
        actual in "[aé€𝄞:]{0,12}",
    ) {
        let d = diff(&expected, &actual);
        prop_assert_eq!(format!("{}{}{}", d.prefix, d.expected, d.suffix), expected.clone());
        prop_assert_eq!(format!("{}{}{}", d.prefix, d.actual, d.suffix), actual.clone());
        // Longest: the middles do not start with the same character, nor end with one.
        if let (Some(e), Some(a)) = (d.expected.chars().next(), d.actual.chars().next()) {
            prop_assert_ne!(e, a);
        }
        if let (Some(e), Some(a)) = (d.expected.chars().last(), d.actual.chars().last()) {
            prop_assert_ne!(e, a);
        }
    }

    #[test]
    fn decoding_an_encoded_token_gives_its_claims_back(
        claims in proptest::collection::btree_map("[a-z_]{1,12}", prop_oneof![
            any::<i64>().prop_map(json::Value::from),
            ".{0,40}".prop_map(json::Value::from),
            any::<bool>().prop_map(json::Value::from),
        ], 0..12),
    ) {
        let claims: json::Map = claims.into_iter().collect();
        let text = format!("{}.{}.{}", base64url::encode(br#"{"alg":"RS256"}"#), base64url::encode(json::Value::Object(claims.clone()).to_string().as_bytes()), base64url::encode(b"sig"));
        let token = decode_unverified(&text).unwrap();
        prop_assert_eq!(token.claims, claims);
    }

    #[test]
    fn json_reads_what_serde_json_writes_and_writes_what_serde_json_writes(value in any_json()) {
        for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            let ours = json::parse(&text).unwrap();
            prop_assert_eq!(ours.to_string(), serde_json::to_string(&value).unwrap());
            prop_assert_eq!(ours.to_pretty(), serde_json::to_string_pretty(&value).unwrap());
            // serde_json reads it back too, through our Serialize impl.
            prop_assert_eq!(serde_json::to_value(&ours).unwrap(), value.clone());
        }
    }

    #[test]
    fn json_refuses_exactly_what_serde_json_refuses(text in r#"[\[\]{}",:0-9a-z\\. \-+eE]{0,24}"#) {
        prop_assert_eq!(json::parse(&text).is_ok(), serde_json::from_str::<Value>(&text).is_ok(), "{:?}", text);
    }
}

/// Arbitrary JSON: integers (floats print differently in every library), any text, nesting.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((any::<String>(), inner), 0..6).prop_map(|members| {
                Value::Object(members.into_iter().collect::<Map<String, Value>>())
            }),
        ]
    })
}
