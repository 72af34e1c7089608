//! The builder's whole state: every platform's inputs (so switching platform and back loses
//! nothing), the shared inputs, the target identity, and the credentials added to the set.
//! It travels in shared links as the URL fragment `#build?s=<base64url JSON>`.
//!
//! Tokens are never part of it: only the builder's state is shared.
//!
//! ```
//! use fedcred_core::scenario::Scenario;
//!
//! let mut scenario = Scenario::default();
//! scenario.github.repo = "contoso/app".into();
//! let fragment = scenario.to_fragment();
//! assert_eq!(Scenario::from_fragment(&fragment).unwrap(), scenario);
//! ```

use serde::{Deserialize, Serialize};

use crate::base64url;
use crate::platforms::{
    Built, Common, Platform, azure_devops, build_set, github, gitlab, kubernetes, managed_identity,
    other, terraform,
};
use crate::target::Target;

/// The most characters a shared state may have (a URL fragment holds far more, but a builder
/// state never needs it).
pub const MAX_FRAGMENT_LEN: usize = 16 * 1024;

/// Which platform's form is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformKind {
    /// GitHub Actions.
    #[default]
    #[serde(rename = "github")]
    GitHub,
    /// Azure DevOps.
    AzureDevops,
    /// Kubernetes.
    Kubernetes,
    /// GitLab CI.
    #[serde(rename = "gitlab")]
    GitLab,
    /// Terraform Cloud.
    Terraform,
    /// Managed identity as a credential.
    ManagedIdentity,
    /// Any other issuer.
    Other,
}

impl PlatformKind {
    /// Every platform, in the picker's order.
    pub const ALL: [PlatformKind; 7] = [
        PlatformKind::GitHub,
        PlatformKind::AzureDevops,
        PlatformKind::Kubernetes,
        PlatformKind::GitLab,
        PlatformKind::Terraform,
        PlatformKind::ManagedIdentity,
        PlatformKind::Other,
    ];

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            PlatformKind::GitHub => "GitHub Actions",
            PlatformKind::AzureDevops => "Azure DevOps",
            PlatformKind::Kubernetes => "Kubernetes",
            PlatformKind::GitLab => "GitLab CI",
            PlatformKind::Terraform => "Terraform Cloud",
            PlatformKind::ManagedIdentity => "Managed identity",
            PlatformKind::Other => "Other issuer",
        }
    }

    /// The kind of a platform's inputs.
    pub fn of(platform: &Platform) -> PlatformKind {
        match platform {
            Platform::GitHub(_) => PlatformKind::GitHub,
            Platform::AzureDevops(_) => PlatformKind::AzureDevops,
            Platform::Kubernetes(_) => PlatformKind::Kubernetes,
            Platform::GitLab(_) => PlatformKind::GitLab,
            Platform::Terraform(_) => PlatformKind::Terraform,
            Platform::ManagedIdentity(_) => PlatformKind::ManagedIdentity,
            Platform::Other(_) => PlatformKind::Other,
        }
    }
}

/// The builder's state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// The platform whose form is shown.
    pub platform: PlatformKind,
    /// GitHub inputs.
    pub github: github::GitHubInput,
    /// Azure DevOps inputs.
    pub azure_devops: azure_devops::AzureDevOpsInput,
    /// Kubernetes inputs.
    pub kubernetes: kubernetes::KubernetesInput,
    /// GitLab inputs.
    pub gitlab: gitlab::GitLabInput,
    /// Terraform Cloud inputs.
    pub terraform: terraform::TerraformInput,
    /// Managed identity inputs.
    pub managed_identity: managed_identity::ManagedIdentityInput,
    /// Other-issuer inputs.
    pub other: other::OtherInput,
    /// Name, audience, description.
    pub common: Common,
    /// The identity that holds the credentials.
    pub target: Target,
    /// Credentials added to the set before the current one.
    pub set: Vec<Platform>,
}

/// Why a shared link's state could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentError(pub String);

impl std::fmt::Display for FragmentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FragmentError {}

impl Scenario {
    /// The current form's inputs as a platform.
    pub fn current(&self) -> Platform {
        match self.platform {
            PlatformKind::GitHub => Platform::GitHub(self.github.clone()),
            PlatformKind::AzureDevops => Platform::AzureDevops(self.azure_devops.clone()),
            PlatformKind::Kubernetes => Platform::Kubernetes(self.kubernetes.clone()),
            PlatformKind::GitLab => Platform::GitLab(self.gitlab.clone()),
            PlatformKind::Terraform => Platform::Terraform(self.terraform.clone()),
            PlatformKind::ManagedIdentity => {
                Platform::ManagedIdentity(self.managed_identity.clone())
            }
            PlatformKind::Other => Platform::Other(self.other.clone()),
        }
    }

    /// Shows `platform`'s form filled with its inputs (what "create a credential for this
    /// token" does).
    pub fn load(&mut self, platform: Platform) {
        self.platform = PlatformKind::of(&platform);
        match platform {
            Platform::GitHub(i) => self.github = i,
            Platform::AzureDevops(i) => self.azure_devops = i,
            Platform::Kubernetes(i) => self.kubernetes = i,
            Platform::GitLab(i) => self.gitlab = i,
            Platform::Terraform(i) => self.terraform = i,
            Platform::ManagedIdentity(i) => self.managed_identity = i,
            Platform::Other(i) => self.other = i,
        }
    }

    /// The set and the current form, in order.
    pub fn platforms(&self) -> Vec<Platform> {
        let mut all = self.set.clone();
        all.push(self.current());
        all
    }

    /// Builds every credential: the set, then the current form, with the target's checks.
    pub fn build(&self) -> Built {
        let mut built = build_set(&self.platforms(), &self.common);
        built.findings.extend(self.target.validate());
        if !built.is_ok() {
            built.credentials.clear();
        }
        built
    }

    /// The state as a URL fragment value: base64url of its JSON.
    pub fn to_fragment(&self) -> String {
        base64url::encode(serde_json::to_string(self).unwrap_or_default().as_bytes())
    }

    /// Reads a fragment value back. Never panics; bad input is an error that says so.
    pub fn from_fragment(text: &str) -> Result<Scenario, FragmentError> {
        if text.len() > MAX_FRAGMENT_LEN {
            return Err(FragmentError(format!(
                "the shared state has {} characters, more than a builder state can have; ask for a new link",
                text.len()
            )));
        }
        let bytes = base64url::decode(text.trim()).map_err(|e| {
            FragmentError(format!(
                "the link's state is damaged ({e}); it was probably cut when copied"
            ))
        })?;
        serde_json::from_slice(&bytes).map_err(|e| FragmentError(format!("the link's state could not be read ({e}); it may come from another version of fedcred")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platforms_inputs_survive_a_round_trip() {
        let mut s = Scenario::default();
        s.github.repo = "contoso/app".into();
        s.github.entity = github::Entity::Environment("prod: east".into());
        s.kubernetes.namespace = "payments".into();
        s.terraform.run_phase = terraform::RunPhase::Any;
        s.platform = PlatformKind::Kubernetes;
        s.common.description = "ünïcode & \"quotes\"".into();
        s.target = Target::AppRegistration {
            client_id: "c".into(),
            object_id: String::new(),
        };
        s.set.push(Platform::GitHub(s.github.clone()));
        assert_eq!(Scenario::from_fragment(&s.to_fragment()), Ok(s));
    }

    #[test]
    fn damaged_links_are_errors_with_a_reason() {
        assert!(
            Scenario::from_fragment("!!!")
                .unwrap_err()
                .0
                .contains("damaged")
        );
        assert!(
            Scenario::from_fragment(&base64url::encode(b"{\"platform\":\"cobol\"}"))
                .unwrap_err()
                .0
                .contains("could not be read")
        );
        assert!(Scenario::from_fragment(&"A".repeat(MAX_FRAGMENT_LEN + 1)).is_err());
        assert_eq!(
            Scenario::from_fragment(&base64url::encode(b"{}")),
            Ok(Scenario::default()),
            "missing fields take defaults"
        );
    }

    #[test]
    fn switching_platform_keeps_the_other_forms() {
        let mut s = Scenario::default();
        s.github.repo = "contoso/app".into();
        s.platform = PlatformKind::Kubernetes;
        s.platform = PlatformKind::GitHub;
        assert_eq!(s.github.repo, "contoso/app");
    }
}
