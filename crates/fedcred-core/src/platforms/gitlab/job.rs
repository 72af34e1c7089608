//! Why a GitLab CI job has no ID token for Entra, and what to do (issue 28: `fedcred explain
//! --from gitlab`).
//!
//! Sources: GitLab docs, "OpenID Connect (OIDC) Authentication Using ID Tokens"
//! (docs.gitlab.com/ee/ci/secrets/id_token_authentication.html, GitLab 17.8): a job gets an ID
//! token only in the CI/CD variable its `id_tokens:` keyword names, with the `aud` it sets;
//! gitlab-org/gitlab#423106: the shared `CI_JOB_JWT`, `CI_JOB_JWT_V1` and `CI_JOB_JWT_V2`
//! variables were removed in GitLab 17.0, so a job without `id_tokens:` has no token at all.

use crate::platforms::common::Advice;

/// Why the variable holds no token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoToken {
    /// The variable is not set, or empty.
    Empty {
        /// Its name.
        variable: String,
    },
    /// It holds something that is not a JWT.
    NotAToken {
        /// Its name.
        variable: String,
    },
}

/// Whether `value` reads as a compact JWT: three dot-separated parts, the header a JSON object
/// in base64url (`eyJ…`).
pub fn looks_like_a_token(value: &str) -> bool {
    let value = value.trim();
    value.starts_with("eyJ") && value.split('.').count() == 3
}

/// What to say and do when the job's variable holds no token; `audience` is the one Entra
/// expects.
pub fn no_token(why: &NoToken, audience: &str) -> Advice {
    let declare = |variable: &str| format!("id_tokens:\n  {variable}:\n    aud: {audience}");
    match why {
        NoToken::Empty { variable } => Advice {
            message: format!(
                "the job has no ID token in ${variable}: GitLab issues one only to a job whose id_tokens: keyword names that variable (the shared CI_JOB_JWT variables are gone since GitLab 17.0)"
            ),
            fix: format!(
                "declare the token in this job (or in a template it extends), with Entra's audience {audience}, and pass the same name to --token-env"
            ),
            command: Some(declare(variable)),
        },
        NoToken::NotAToken { variable } => Advice {
            message: format!(
                "${variable} is set but holds no token (a token has three parts separated by dots, the first starting with eyJ): it is not the variable id_tokens: fills, or a job or project variable of the same name replaces it"
            ),
            fix: "give --token-env the name under the job's id_tokens: keyword, and make sure no CI/CD variable of that name overrides it".to_owned(),
            command: Some(declare(variable)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_variable_is_answered_with_the_id_tokens_declaration_for_it() {
        let advice = no_token(
            &NoToken::Empty {
                variable: "AZURE_ID_TOKEN".to_owned(),
            },
            "api://AzureADTokenExchange",
        );
        assert!(advice.message.contains("$AZURE_ID_TOKEN"));
        assert_eq!(
            advice.command.as_deref(),
            Some("id_tokens:\n  AZURE_ID_TOKEN:\n    aud: api://AzureADTokenExchange")
        );
    }

    #[test]
    fn only_a_three_part_jwt_looks_like_a_token() {
        for (value, token) in [
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", true),
            ("  eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n", true),
            ("[MASKED]", false),
            ("/builds/tmp/AZURE_ID_TOKEN", false),
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", false),
        ] {
            assert_eq!(looks_like_a_token(value), token, "{value}");
        }
    }
}
