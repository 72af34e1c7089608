//! What Entra requires of a flexible credential's expression, per issuer: the claims it may test,
//! the operators each takes, and the IDs it must pin. A leaf: each provider's `issuer` module
//! states its own rules with it, and [`crate::expression`] checks them.

/// One claim an expression may test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimRule {
    /// The claim, as in `claims['…']`.
    pub claim: &'static str,
    /// The operators Entra documents for it (`eq`, `matches`).
    pub ops: &'static [&'static str],
}

/// The rules for one issuer's flexible credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlexibleRules {
    /// The claims an expression may test.
    pub claims: &'static [ClaimRule],
    /// An expression must test at least one of these with `eq` (empty: no such rule).
    pub one_of: &'static [&'static str],
    /// What to add when none is tested, for a person.
    pub missing_id_fix: &'static str,
    /// Where the rules come from, with the document's date.
    pub source: &'static str,
}

impl FlexibleRules {
    /// The rule for a claim, if the expression may test it.
    pub fn claim(&self, claim: &str) -> Option<&ClaimRule> {
        self.claims.iter().find(|rule| rule.claim == claim)
    }

    /// The claims it may test.
    pub fn claim_names(&self) -> Vec<&'static str> {
        self.claims.iter().map(|rule| rule.claim).collect()
    }
}

/// `eq` and `matches`.
pub const EQ_OR_MATCHES: &[&str] = &["eq", "matches"];
/// `eq` only.
pub const EQ_ONLY: &[&str] = &["eq"];
