//! Flexible credential expressions (preview; field guide §2, Entra docs "Flexible federated
//! identity credentials").
//!
//! Grammar (language version 1): terms joined by ` and `; a term is
//! `claims['<claim>'] <op> '<comparand>'`. Operators: `eq` (exact) and `matches` (`*` any run
//! of characters, `?` exactly one). `startswith` appears in the az CLI's help but not in the Entra
//! docs: it parses, and is flagged undocumented.
//!
//! ```
//! use fedcred_core::expression::Expression;
//!
//! let e: Expression = "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'".parse().unwrap();
//! assert!(e.holds(|claim| (claim == "sub").then_some("repo:contoso/app:ref:refs/heads/main")));
//! assert!(!e.holds(|claim| (claim == "sub").then_some("repo:contoso/app:ref:refs/tags/v1")));
//! ```

pub(crate) mod syntax;

pub use syntax::{Expression, ExpressionError, Op, Term, glob_match};

use crate::finding::{Code, Finding};
use crate::platforms::github::issuer::GITHUB_ISSUER;

/// The claims Entra documents for flexible credentials of an issuer, or `None` when the issuer
/// is not one it documents (field guide §2; each provider's `issuer` module).
pub fn supported_claims(issuer: &str) -> Option<Vec<&'static str>> {
    crate::platforms::issuers::flexible_rules(issuer).map(|rules| rules.claim_names())
}

/// Checks an expression for a credential with this issuer: it parses, tests only the claims
/// Entra documents for the issuer with their operators, and pins the IDs Entra requires since
/// 2026 (GitHub: `repository_id` or `repository_owner_id`; GitLab: `project_id`, `namespace_id`
/// or `user_id`). An issuer no provider recognises is judged by GitLab's rules when the
/// expression is GitLab's (a self-managed GitLab), with a note that says so. Every problem is
/// reported, not only the first.
pub fn validate(issuer: &str, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let expression = match text.parse::<Expression>() {
        Ok(e) => e,
        Err(error) => {
            findings.push(Finding::error(
                Code::ExpressionInvalid,
                "expression",
                format!("the expression does not parse {error}"),
            ));
            return findings;
        }
    };
    let (rules, inferred) = match crate::platforms::issuers::flexible_rules_for(issuer, &expression)
    {
        Some((rules, inferred)) => (Some(rules), inferred),
        None => (None, None),
    };
    findings.extend(inferred);
    if rules.is_none() {
        findings.push(Finding::warning(
            Code::ExpressionIssuerUndocumented,
            "expression",
            format!("flexible credentials are documented for GitHub ({GITHUB_ISSUER}), GitLab and Terraform Cloud issuers; Entra may refuse one for {issuer}. A self-managed GitLab supports claims['sub'] and the project, namespace or user IDs"),
        ));
    }
    let allowed = rules.map_or_else(|| vec!["sub"], |r| r.claim_names());
    for term in &expression.terms {
        let rule = rules.as_ref().and_then(|r| r.claim(&term.claim));
        if !allowed.contains(&term.claim.as_str()) {
            findings.push(Finding::error(
                Code::ExpressionClaimUnsupported,
                "expression",
                format!(
                    "claims['{}'] is not supported for this issuer; use {}",
                    term.claim,
                    allowed
                        .iter()
                        .map(|c| format!("claims['{c}']"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ));
        } else if term.op == Op::StartsWith {
            findings.push(Finding::warning(Code::ExpressionStartswithUndocumented, "expression", "startswith is not in the Entra docs (only eq and matches); prefer matches 'prefix*'"));
        } else if let Some(rule) = rule.filter(|r| !r.ops.contains(&term.op.as_str())) {
            findings.push(Finding::error(
                Code::ExpressionOperatorUnsupported,
                "expression",
                format!(
                    "claims['{}'] takes {} only: write claims['{}'] {} '{}'",
                    term.claim,
                    rule.ops.join(" or "),
                    term.claim,
                    rule.ops.first().copied().unwrap_or("eq"),
                    term.value
                ),
            ));
        }
    }
    if let Some(rules) = rules
        && let Some(message) = missing_id_claim(&rules, &expression)
    {
        findings.push(Finding::error(
            Code::ExpressionMissingIdClaim,
            "expression",
            message,
        ));
    }
    findings
}

/// Why Entra will not apply this expression for lack of the ID it must pin, if it lacks one.
pub fn missing_id_claim(
    rules: &crate::flexible::FlexibleRules,
    expression: &Expression,
) -> Option<String> {
    if rules.one_of.is_empty() {
        return None;
    }
    let pinned = expression
        .terms
        .iter()
        .any(|t| rules.one_of.contains(&t.claim.as_str()) && t.op == Op::Eq);
    (!pinned).then(|| {
        format!(
            "Entra now requires a flexible credential for this issuer to pin {} with eq, and applies none without it ({}): {}",
            rules
                .one_of
                .iter()
                .map(|c| format!("claims['{c}']"))
                .collect::<Vec<_>>()
                .join(" or "),
            rules.source,
            rules.missing_id_fix
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_examples_parse_and_print_back() {
        for text in [
            "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*'",
            "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*' and claims['job_workflow_ref'] matches 'contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main'",
            "claims['sub'] matches 'organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:*'",
            "claims['sub'] eq 'repo:ORG/REPO:environment:Production' and claims['job_workflow_ref'] matches 'ORG/REPO/.github/workflows/*@refs/heads/main'",
        ] {
            let parsed: Expression = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn parse_errors_say_where_and_what() {
        let cases = [
            (
                "",
                "at character 1: the expression is empty; e.g. claims['sub'] eq 'repo:contoso/app:environment:prod'",
            ),
            (
                "claims['sub'] equals 'x'",
                "at character 15: expected the operator eq or matches",
            ),
            (
                "claims['sub'] eq 'x",
                "at character 19: the quote that opens the value is never closed",
            ),
            (
                "claims[sub] eq 'x'",
                "at character 8: expected the claim name in single quotes",
            ),
            (
                "claims['sub'] eq 'x' or claims['sub'] eq 'y'",
                "at character 22: expected 'and' and another term, or the end",
            ),
            (
                "claims['sub']eq 'x'",
                "at character 14: expected a space, then eq or matches",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                text.parse::<Expression>().unwrap_err().to_string(),
                message,
                "{text:?}"
            );
        }
    }

    #[test]
    fn globs_match_like_the_docs_say() {
        let cases = [
            (
                "repo:o/r:ref:refs/heads/*",
                "repo:o/r:ref:refs/heads/main",
                true,
            ),
            (
                "repo:o/r:ref:refs/heads/*",
                "repo:o/r:ref:refs/heads/feature/x",
                true,
            ),
            (
                "repo:o/r:ref:refs/heads/*",
                "repo:o/r:ref:refs/tags/v1",
                false,
            ),
            ("v?.*", "v1.2", true),
            ("v?.*", "v10.2", false),
            ("*", "", true),
            ("", "", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("Main", "main", false),
            ("**", "anything", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                glob_match(pattern, text),
                expected,
                "{pattern:?} vs {text:?}"
            );
        }
    }

    #[test]
    fn the_fuzzers_first_input_parses_validates_and_globs_without_panicking() {
        // Found by `make fuzz` (expression target): invalid UTF-8 after a startswith term.
        let bytes: &[u8] = b"\x63\x6c\x73\x69\x63\x6c\x73\x69\x5b\x6d\x61\x27\x78\x5b\x6d\x61\x27\x63\x6c\x61\x69\x6d\x73\x5b\x27\x73\x75\x62\x27\x21\x20\x73\x74\x61\x72\x74\x73\x77\x69\x74\x68\x20\x27\x72\x65\x70\x6f\x3a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x78\x27";
        let text = String::from_utf8_lossy(bytes);
        assert!(text.parse::<Expression>().is_err());
        assert_eq!(
            validate(GITHUB_ISSUER, &text)
                .first()
                .map(|f| f.code.as_str()),
            Some("expression_invalid")
        );
        assert!(!glob_match(&text, "repo:x"));
    }

    #[test]
    fn claims_are_checked_against_the_issuer() {
        let codes = |issuer: &str, text: &str| {
            validate(issuer, text)
                .into_iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        };
        // Since 2026 a GitHub expression must pin the repository or its owner by ID, eq only.
        assert!(
            codes(
                GITHUB_ISSUER,
                "claims['sub'] matches 'repo:o/r:*' and claims['repository_id'] eq '74'"
            )
            .is_empty()
        );
        assert!(
            codes(
                GITHUB_ISSUER,
                "claims['job_workflow_ref'] matches 'o/r/*' and claims['repository_owner_id'] eq '65'"
            )
            .is_empty()
        );
        assert_eq!(
            codes(GITHUB_ISSUER, "claims['job_workflow_ref'] matches 'o/r/*'"),
            ["expression_missing_id_claim"]
        );
        assert_eq!(
            codes(
                GITHUB_ISSUER,
                "claims['sub'] eq 'x' and claims['repository_id'] matches '7*'"
            ),
            [
                "expression_operator_unsupported",
                "expression_missing_id_claim"
            ]
        );
        assert_eq!(
            codes(
                "https://gitlab.com",
                "claims['sub'] matches 'project_path:g/p:*'"
            ),
            ["expression_missing_id_claim"]
        );
        assert!(
            codes(
                "https://gitlab.com",
                "claims['sub'] matches 'project_id:57382910:*' and claims['project_id'] eq '57382910' and claims['namespace_id'] eq '4410023'"
            )
            .is_empty()
        );
        assert_eq!(
            codes(
                "https://app.terraform.io",
                "claims['job_workflow_ref'] eq 'x'"
            ),
            ["expression_claim_unsupported"]
        );
        assert_eq!(
            codes(GITHUB_ISSUER, "claims['sub'] startswith 'repo:o/r'"),
            [
                "expression_startswith_undocumented",
                "expression_missing_id_claim"
            ]
        );
        assert_eq!(
            codes("https://issuer.contoso.com", "claims['sub'] eq 'x'"),
            ["expression_issuer_undocumented"]
        );
        assert_eq!(
            codes(GITHUB_ISSUER, "claims['sub' eq 'x'"),
            ["expression_invalid"]
        );
    }

    #[test]
    fn an_unknown_issuer_with_gitlabs_expression_is_a_self_managed_gitlab() {
        let codes = |text: &str| {
            validate("https://gitlab.example.com", text)
                .into_iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        };
        let cases: [(&str, &str, &[&str]); 6] = [
            (
                "pins_the_project_id",
                "claims['sub'] matches 'project_path:g/p:ref_type:branch:ref:*' and claims['project_id'] eq '57382910'",
                &["expression_issuer_inferred"],
            ),
            (
                "an_id_subject_and_the_user",
                "claims['sub'] matches 'project_id:57382910:*' and claims['user_id'] eq '7'",
                &["expression_issuer_inferred"],
            ),
            (
                "the_namespace_alone",
                "claims['namespace_id'] eq '4410023'",
                &["expression_issuer_inferred"],
            ),
            (
                "a_gitlab_subject_without_an_id",
                "claims['sub'] eq 'project_path:g/p:ref_type:branch:ref:main'",
                &["expression_issuer_inferred", "expression_missing_id_claim"],
            ),
            (
                "a_claim_gitlab_does_not_take",
                "claims['project_id'] eq '1' and claims['ref'] eq 'main'",
                &["expression_issuer_inferred", "expression_claim_unsupported"],
            ),
            (
                "nothing_of_gitlab",
                "claims['sub'] eq 'svc'",
                &["expression_issuer_undocumented"],
            ),
        ];
        for (situation, text, expected) in cases {
            assert_eq!(codes(text), expected, "{situation}");
        }
        // A recognised issuer keeps its own rules, whatever its expression tests.
        assert_eq!(
            validate(GITHUB_ISSUER, "claims['project_id'] eq '1'")
                .into_iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>(),
            [
                "expression_claim_unsupported",
                "expression_missing_id_claim"
            ]
        );
        let note = validate(
            "https://gitlab.example.com",
            "claims['sub'] matches 'project_id:57382910:*' and claims['project_id'] eq '57382910'",
        );
        assert_eq!(
            note.first().map(|f| f.message.as_str()),
            Some(
                "fedcred took https://gitlab.example.com for a self-managed GitLab from the expression (claims['sub'] matches 'project_id:57382910:*'), so GitLab's rules apply: claims['sub'] and one or more of claims['project_id'], claims['namespace_id'], claims['user_id'] (Entra accepts self-managed GitLab issuers)"
            )
        );
    }
}
