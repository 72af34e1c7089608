//! Kubernetes service accounts (field guide §5; Entra docs; Azure Workload Identity docs).
//!
//! Subject `system:serviceaccount:<namespace>:<service-account>`; both parts are DNS-1123 names
//! (lower case). The issuer is the cluster's `--service-account-issuer`:
//! - AKS: `https://<region>.oic.prod-aks.azure.com/<tenant-guid>/<cluster-guid>/` (older:
//!   `https://oidc.prod-aks.azure.com/<guid>/`) — **with** its trailing slash;
//! - EKS: `https://oidc.eks.<region>.amazonaws.com/id/<ID>`;
//! - GKE: `https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>`;
//! - self-managed: whatever the API server says; Entra must reach its discovery document and keys.
//!
//! ```
//! use fedcred_core::platforms::{Common, kubernetes::KubernetesInput};
//!
//! let input = KubernetesInput {
//!     issuer: "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/".into(),
//!     namespace: "payments".into(),
//!     service_account: "payments-api".into(),
//! };
//! let built = input.build(&Common::default());
//! assert_eq!(built.credentials[0].subject(), Some("system:serviceaccount:payments:payments-api"));
//! ```

use serde::Serialize;

pub mod issuer;
pub mod manifests;
pub mod predict;
pub(crate) mod subject;

pub use issuer::{ClusterKind, is_aks_issuer};

use super::{Built, Common, Part, finish, issuer_input, suggest_name};
use crate::credential::Matcher;
use crate::finding::{Code, Finding};

/// The facts a Kubernetes credential is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct KubernetesInput {
    /// The cluster's OIDC issuer URL, exactly as the cluster reports it.
    pub issuer: String,
    /// The namespace of the service account.
    pub namespace: String,
    /// The service account name.
    pub service_account: String,
}

impl KubernetesInput {
    /// Builds the credential, or says what to fix.
    pub fn build(&self, common: &Common) -> Built {
        let mut findings = Vec::new();
        let unquoted = issuer_input(&self.issuer, &mut findings);
        let issuer = unquoted.trim();
        if issuer.is_empty() {
            findings.push(Finding::error(
                Code::IssuerRequired,
                "issuer",
                "the cluster's issuer URL is required; on AKS: az aks show -n CLUSTER -g RG --query oidcIssuerProfile.issuerUrl -o tsv",
            ));
        } else {
            findings.extend(issuer_shape(issuer));
        }
        let namespace = dns_label(
            &self.namespace,
            "namespace",
            "namespace",
            63,
            false,
            &mut findings,
        );
        let account = dns_label(
            &self.service_account,
            "service_account",
            "service account name",
            253,
            true,
            &mut findings,
        );
        let parts = match (issuer.is_empty(), namespace, account) {
            (false, Some(ns), Some(sa)) => vec![Part {
                suggested_name: suggest_name(&["k8s", ns, sa]),
                issuer: unquoted.clone(),
                matcher: Matcher::Subject(format!("system:serviceaccount:{ns}:{sa}")),
            }],
            _ => Vec::new(),
        };
        finish(common, parts, findings)
    }
}

/// Shape checks per cluster kind (the AKS trailing slash is checked in validation, for every
/// platform).
fn issuer_shape(issuer: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let lower = issuer.to_ascii_lowercase();
    match ClusterKind::of(issuer) {
        ClusterKind::Aks => {
            let path: Vec<&str> = lower.split('/').skip(3).filter(|s| !s.is_empty()).collect();
            let guids = path.iter().filter(|s| s.parse::<crate::guid::Guid>().is_ok()).count();
            if guids == 0 || guids != path.len() {
                findings.push(Finding::warning(
                    Code::AksIssuerShape,
                    "issuer",
                    "an AKS issuer looks like https://<region>.oic.prod-aks.azure.com/<guid>/<guid>/; copy it from az aks show --query oidcIssuerProfile.issuerUrl",
                ));
            }
        }
        ClusterKind::Eks => {
            if issuer.ends_with('/') {
                findings.push(Finding::warning(
                    Code::IssuerTrailingSlash,
                    "issuer",
                    format!("EKS issuers have no trailing slash: use {}", issuer.trim_end_matches('/')),
                ));
            }
            if !lower.contains("/id/") {
                findings.push(Finding::warning(
                    Code::EksIssuerShape,
                    "issuer",
                    "an EKS issuer looks like https://oidc.eks.<region>.amazonaws.com/id/<ID>; copy it from aws eks describe-cluster --query cluster.identity.oidc.issuer",
                ));
            }
        }
        ClusterKind::Gke => findings.push(Finding::info(
            Code::GkeIssuerUnconfirmed,
            "issuer",
            "GKE issuers are usually https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>; compare with the iss of a projected token from the cluster",
        )),
        ClusterKind::SelfManaged => {
            let host = lower.strip_prefix("https://").and_then(|r| r.split(['/', ':']).next()).unwrap_or_default();
            let private = host.ends_with(".local")
                || host.ends_with(".svc")
                || host.ends_with(".internal")
                || host == "localhost"
                || host.starts_with("10.")
                || host.starts_with("192.168.")
                || host.starts_with("127.")
                || !host.contains('.');
            if private {
                findings.push(Finding::warning(
                    Code::IssuerNotPublic,
                    "issuer",
                    format!("Entra must fetch {issuer}/.well-known/openid-configuration and the keys from the internet; a cluster-internal issuer fails with AADSTS90061. Set --service-account-issuer to a public URL"),
                ));
            } else {
                findings.push(Finding::info(
                    Code::IssuerMustBePublic,
                    "issuer",
                    "Entra fetches <issuer>/.well-known/openid-configuration and the keys (/openid/v1/jwks) from the internet; they must be public, or the exchange fails with AADSTS90061",
                ));
            }
        }
    }
    findings
}

/// A DNS-1123 label (namespace) or subdomain (service account): lower-case letters, digits, `-`
/// (and `.` for a subdomain), starting and ending with a letter or digit.
fn dns_label<'a>(
    value: &'a str,
    field: &'static str,
    label: &str,
    max: usize,
    dots: bool,
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    // Required, no surrounding space, no control or non-ASCII character: the shared checks.
    let value = super::name_input(value, field, label, &[], findings)?;
    if value.chars().any(|c| c.is_ascii_uppercase()) {
        findings.push(Finding::error(
            Code::DnsNameCase,
            field,
            format!(
                "Kubernetes names are lower case: use {}",
                value.to_ascii_lowercase()
            ),
        ));
        return None;
    }
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.');
    if let Some(c) = value.chars().find(|c| !allowed(*c)) {
        findings.push(Finding::error(
            Code::DnsNameInvalid,
            field,
            format!(
                "'{}' is not allowed in a {label}: use lower-case letters, digits, '-'{}",
                c.escape_default(),
                if dots { " and '.'" } else { "" }
            ),
        ));
        return None;
    }
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !ends_ok(value.chars().next()) || !ends_ok(value.chars().last()) {
        findings.push(Finding::error(
            Code::DnsNameInvalid,
            field,
            format!("a {label} starts and ends with a letter or digit"),
        ));
        return None;
    }
    if value.len() > max {
        findings.push(Finding::error(
            Code::DnsNameInvalid,
            field,
            format!("a {label} has at most {max} characters"),
        ));
        return None;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AKS: &str = "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/";

    fn input(issuer: &str, namespace: &str, account: &str) -> KubernetesInput {
        KubernetesInput {
            issuer: issuer.into(),
            namespace: namespace.into(),
            service_account: account.into(),
        }
    }

    fn codes(input: &KubernetesInput) -> Vec<&'static str> {
        input
            .build(&Common::default())
            .findings
            .iter()
            .filter(|f| f.severity != crate::finding::Severity::Info)
            .map(|f| f.code.as_str())
            .collect()
    }

    #[test]
    fn the_subject_names_namespace_and_service_account() {
        let built = input(AKS, "default", "workload-identity-sa").build(&Common::default());
        let c = built.credentials.first().expect("a credential");
        assert_eq!(
            c.subject(),
            Some("system:serviceaccount:default:workload-identity-sa")
        );
        assert_eq!(
            c.issuer, AKS,
            "the issuer is kept exactly, trailing slash included"
        );
    }

    #[test]
    fn cluster_kinds_are_recognised_by_issuer_shape() {
        let cases = [
            (AKS, ClusterKind::Aks),
            (
                "https://oidc.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/",
                ClusterKind::Aks,
            ),
            (
                "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
                ClusterKind::Eks,
            ),
            (
                "https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c",
                ClusterKind::Gke,
            ),
            ("https://k8s.contoso.com", ClusterKind::SelfManaged),
        ];
        for (issuer, kind) in cases {
            assert_eq!(ClusterKind::of(issuer), kind, "{issuer}");
        }
    }

    #[test]
    fn issuer_traps_per_cluster_kind() {
        let cases: [(&str, &str, &[&str]); 5] = [
            ("aks_with_slash", AKS, &[]),
            (
                "aks_without_slash",
                AKS.trim_end_matches('/'),
                &["aks_issuer_no_trailing_slash"],
            ),
            (
                "eks_with_slash",
                "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE/",
                &["issuer_trailing_slash"],
            ),
            (
                "in_cluster_issuer",
                "https://kubernetes.default.svc.cluster.local",
                &["issuer_not_public"],
            ),
            (
                "aks_host_with_odd_path",
                "https://eastus.oic.prod-aks.azure.com/cluster/",
                &["aks_issuer_shape"],
            ),
        ];
        for (situation, issuer, expected) in cases {
            assert_eq!(
                codes(&input(issuer, "default", "sa")),
                expected,
                "{situation}"
            );
        }
    }

    #[test]
    fn names_must_be_dns_1123() {
        let cases: [(&str, &str, &str, &[&str]); 6] = [
            ("upper_case_namespace", "Payments", "sa", &["dns_name_case"]),
            (
                "underscore_in_account",
                "payments",
                "payments_api",
                &["dns_name_invalid"],
            ),
            ("dot_in_namespace", "pay.ments", "sa", &["dns_name_invalid"]),
            ("dot_in_account_is_fine", "payments", "api.v1", &[]),
            ("trailing_dash", "payments-", "sa", &["dns_name_invalid"]),
            ("missing_account", "payments", "", &["value_required"]),
        ];
        for (situation, ns, sa, expected) in cases {
            assert_eq!(codes(&input(AKS, ns, sa)), expected, "{situation}");
        }
    }
}
