//! Kubernetes issuers: the cluster's `--service-account-issuer`, recognised by the subject's
//! shape since any host can be one (field guide §5; AZWI docs).

use serde::Serialize;

use crate::finding::{Code, Finding};
use crate::url::IssuerUrl;

/// Which kind of cluster an issuer belongs to, by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterKind {
    /// Azure Kubernetes Service.
    Aks,
    /// Amazon EKS.
    Eks,
    /// Google GKE.
    Gke,
    /// Anything else: a self-managed or other cluster.
    SelfManaged,
}

impl ClusterKind {
    /// Recognises the kind of cluster from its issuer URL.
    pub fn of(issuer: &str) -> ClusterKind {
        let url = IssuerUrl::parse(issuer);
        let host = url.host.as_str();
        if is_aks_host(host) {
            ClusterKind::Aks
        } else if host.starts_with("oidc.eks.") && host.ends_with(".amazonaws.com") {
            ClusterKind::Eks
        } else if host == "container.googleapis.com" {
            ClusterKind::Gke
        } else {
            ClusterKind::SelfManaged
        }
    }
}

/// Whether an issuer is an AKS OIDC issuer (`https://<region>.oic.prod-aks.azure.com/…` or the
/// older `https://oidc.prod-aks.azure.com/…`).
pub fn is_aks_issuer(issuer: &str) -> bool {
    is_aks_host(&IssuerUrl::parse(issuer).host)
}

fn is_aks_host(host: &str) -> bool {
    host.ends_with(".oic.prod-aks.azure.com") || host == "oidc.prod-aks.azure.com"
}

/// Service account tokens, whatever the cluster's host.
pub(crate) fn recognises(_issuer: &IssuerUrl<'_>, subject: &str) -> bool {
    subject.starts_with("system:serviceaccount:")
}

/// AKS issuers keep their trailing slash, and dropping it broke credentials that had worked
/// (AZWI issue 1700; field guide §5).
pub(crate) fn issuer_traps(issuer: &IssuerUrl<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if is_aks_host(&issuer.host) && !issuer.raw.ends_with('/') {
        findings.push(Finding::warning(
            Code::AksIssuerNoTrailingSlash,
            "issuer",
            format!(
                "AKS issuers end with '/', and the token's iss keeps it: use {}/ (copy it from az aks show --query oidcIssuerProfile.issuerUrl)",
                issuer.raw
            ),
        ));
    }
    findings
}

/// What a service account token's claim means.
pub(crate) fn claim_meaning(name: &str) -> &'static str {
    match name {
        "kubernetes.io" => "the namespace, service account and pod the token was projected for",
        _ => "",
    }
}
