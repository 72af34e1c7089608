//! Any other OIDC issuer: the issuer and subject exactly as its tokens carry them, or a
//! flexible expression.

use serde::Serialize;

use super::{Built, Common, Part, finish, issuer_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// The facts a credential for another issuer is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct OtherInput {
    /// The token's `iss`, exactly.
    pub issuer: String,
    /// The token's `sub`, exactly (or empty with an expression).
    pub subject: String,
    /// A flexible expression instead of a subject.
    pub expression: String,
}

impl OtherInput {
    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let matcher = match (self.subject.is_empty(), self.expression.trim().is_empty()) {
            (_, true) => Some(Matcher::Subject(self.subject.clone())),
            (true, false) => Some(Matcher::Expression(self.expression.trim().to_owned())),
            (false, false) => {
                findings.push(Finding::error(
                    Code::SubjectAndExpression,
                    "expression",
                    "a credential has a subject or an expression, not both",
                ));
                None
            }
        };
        let issuer = issuer_input(&self.issuer, &mut findings);
        let host = issuer
            .trim()
            .trim_start_matches("https://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let parts = matcher
            .map(|matcher| Part {
                suggested_name: suggest_name(&["oidc", &host]),
                issuer: issuer.clone(),
                matcher,
            })
            .into_iter()
            .collect();
        finish(common, parts, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_managed_gitlab_expression_builds_with_a_note() {
        let input = |expression: &str| OtherInput {
            issuer: "https://gitlab.example.com".into(),
            subject: String::new(),
            expression: expression.into(),
        };
        let pinned = input(
            "claims['sub'] matches 'project_id:57382910:ref_type:branch:ref:*' and claims['project_id'] eq '57382910'",
        )
        .build(&Common::default());
        assert_eq!(pinned.credentials.len(), 1, "{:?}", pinned.findings);
        let codes: Vec<&str> = pinned.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["expression_issuer_inferred"]);
        let unpinned = input("claims['sub'] matches 'project_path:g/p:ref_type:branch:ref:*'")
            .build(&Common::default());
        assert!(unpinned.credentials.is_empty());
        assert!(
            unpinned
                .findings
                .iter()
                .any(|f| f.code == Code::ExpressionMissingIdClaim)
        );
    }
}
