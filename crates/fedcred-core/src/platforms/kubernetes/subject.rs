//! Service account subjects read back: `system:serviceaccount:<namespace>:<service-account>`.

use super::KubernetesInput;
use crate::platforms::Platform;

/// The builder inputs for a service account token's issuer and subject.
pub(crate) fn read_back(issuer: &str, subject: &str) -> Option<Platform> {
    let mut parts = subject
        .strip_prefix("system:serviceaccount:")?
        .splitn(2, ':');
    let (namespace, service_account) = (parts.next()?, parts.next()?);
    Some(Platform::Kubernetes(KubernetesInput {
        issuer: issuer.to_owned(),
        namespace: namespace.to_owned(),
        service_account: service_account.to_owned(),
    }))
}
