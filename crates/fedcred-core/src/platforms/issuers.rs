//! The one place shared code asks the providers about an issuer: which provider a token comes
//! from, the traps in an issuer someone typed, the claims a flexible credential may use, and
//! what a claim means. Each answer comes from the provider's own `issuer` module; adding a
//! provider adds a line to each table here.

use serde::Serialize;

use super::azure_devops::issuer as azure_devops;
use super::entra::issuer as entra;
use super::github::issuer as github;
use super::gitlab::issuer as gitlab;
use super::kubernetes::issuer as kubernetes;
use super::terraform::issuer as terraform;
use crate::expression::syntax::Expression;
use crate::finding::Finding;
use crate::flexible::FlexibleRules;
use crate::url::IssuerUrl;

/// The issuer family a token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssuerKind {
    /// GitHub Actions (github.com, GHE.com, GHES).
    GitHub,
    /// Azure DevOps, legacy issuer (`vstoken.dev.azure.com`).
    AzureDevOpsLegacy,
    /// Microsoft Entra (Azure DevOps' new issuer, managed identities, and access tokens).
    Entra,
    /// A Kubernetes cluster.
    Kubernetes,
    /// GitLab.
    GitLab,
    /// HCP Terraform / Terraform Cloud.
    Terraform,
    /// Anything else.
    Other,
}

type Recognises = fn(&IssuerUrl<'_>, &str) -> bool;

/// Who recognises what, in the order asked: hosts first, then subject shapes for self-hosted
/// issuers (a Kubernetes subject wins over a self-managed GitLab host).
const RECOGNISERS: [(IssuerKind, Recognises); 6] = [
    (IssuerKind::GitHub, github::recognises),
    (IssuerKind::AzureDevOpsLegacy, azure_devops::recognises),
    (IssuerKind::Entra, entra::recognises),
    (IssuerKind::Kubernetes, kubernetes::recognises),
    (IssuerKind::GitLab, gitlab::recognises),
    (IssuerKind::Terraform, terraform::recognises),
];

/// The traps of every provider's issuers.
const TRAPS: [fn(&IssuerUrl<'_>) -> Vec<Finding>; 5] = [
    github::issuer_traps,
    kubernetes::issuer_traps,
    terraform::issuer_traps,
    gitlab::issuer_traps,
    azure_devops::issuer_traps,
];

/// Who documents flexible credentials.
const FLEXIBLE_RULES: [fn(&str) -> Option<FlexibleRules>; 3] = [
    github::flexible_rules,
    terraform::flexible_rules,
    gitlab::flexible_rules,
];

/// A provider's flexible rules for an expression, with the note that says fedcred took the
/// issuer for that provider, when the expression is the provider's.
type ByExpression = fn(&str, &Expression) -> Option<(FlexibleRules, Finding)>;

/// Who recognises its flexible credentials by their expression, for an issuer no provider
/// recognises (a self-managed GitLab).
const FLEXIBLE_RULES_BY_EXPRESSION: [ByExpression; 1] = [gitlab::self_managed_rules];

impl IssuerKind {
    /// Recognises the issuer family from `iss` (and the subject's shape for self-hosted ones).
    pub fn of(issuer: &str, subject: &str) -> IssuerKind {
        let url = IssuerUrl::parse(issuer);
        RECOGNISERS
            .iter()
            .find(|(_, recognises)| recognises(&url, subject))
            .map_or(IssuerKind::Other, |(kind, _)| *kind)
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            IssuerKind::GitHub => "GitHub Actions",
            IssuerKind::AzureDevOpsLegacy => "Azure DevOps (legacy issuer)",
            IssuerKind::Entra => "Microsoft Entra",
            IssuerKind::Kubernetes => "Kubernetes",
            IssuerKind::GitLab => "GitLab CI",
            IssuerKind::Terraform => "HCP Terraform",
            IssuerKind::Other => "an OIDC issuer",
        }
    }

    /// What a claim of this provider's tokens means, or `""` when it has no special meaning.
    pub fn claim_meaning(self, name: &str) -> &'static str {
        match self {
            IssuerKind::GitHub => github::claim_meaning(name),
            IssuerKind::Entra => entra::claim_meaning(name),
            IssuerKind::Kubernetes => kubernetes::claim_meaning(name),
            IssuerKind::GitLab => gitlab::claim_meaning(name),
            IssuerKind::Terraform => terraform::claim_meaning(name),
            IssuerKind::AzureDevOpsLegacy | IssuerKind::Other => "",
        }
    }
}

/// The well-known traps of a typed issuer (a trailing slash some issuers never have and AKS
/// always has, the case some write in lower case), from every provider.
pub fn issuer_traps(issuer: &str) -> Vec<Finding> {
    let url = IssuerUrl::parse(issuer);
    TRAPS.iter().flat_map(|traps| traps(&url)).collect()
}

/// What Entra requires of flexible credentials with this issuer, or `None` when the issuer is
/// not one it documents (field guide §2, §9).
pub fn flexible_rules(issuer: &str) -> Option<FlexibleRules> {
    FLEXIBLE_RULES.iter().find_map(|rules| rules(issuer))
}

/// The rules an expression of a credential with this issuer is judged by: the issuer's own
/// ([`flexible_rules`]), or, for an issuer no provider recognises, those of the provider the
/// expression itself points to, with the note that says fedcred took it for that provider.
/// `None` when neither says.
pub fn flexible_rules_for(
    issuer: &str,
    expression: &Expression,
) -> Option<(FlexibleRules, Option<Finding>)> {
    if let Some(rules) = flexible_rules(issuer) {
        return Some((rules, None));
    }
    if IssuerKind::of(issuer, "") != IssuerKind::Other {
        return None;
    }
    FLEXIBLE_RULES_BY_EXPRESSION
        .iter()
        .find_map(|rules| rules(issuer, expression))
        .map(|(rules, note)| (rules, Some(note)))
}
