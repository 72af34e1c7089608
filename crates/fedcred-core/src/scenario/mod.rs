//! The builder's whole state: every platform's inputs (so switching platform and back loses
//! nothing), the shared inputs, the target identity, and the credentials added to the set.
//! It travels in shared links as the URL fragment `#build?s=<base64url JSON>`, the JSON written
//! and read by [`link`]'s hand-made codec (inputs left at their default are not written).
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

use serde::Serialize;

use crate::base64url;
use crate::platforms::{
    Built, Common, Platform, PlatformKind, azure_devops, build_set, github, gitlab, kubernetes,
    managed_identity, other, terraform,
};
use crate::target::Target;

mod link;

/// The most characters a shared state may have (a URL fragment holds far more, but a builder
/// state never needs it).
pub const MAX_FRAGMENT_LEN: usize = 16 * 1024;

/// The builder's state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
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

    /// A builder holding these credentials: the last in the form, the others in the set (what
    /// "Open in the builder" does for a predicted set).
    pub fn with_set(platforms: &[Platform]) -> Scenario {
        let mut scenario = Scenario::default();
        if let Some((last, rest)) = platforms.split_last() {
            scenario.set = rest.to_vec();
            scenario.load(last.clone());
        }
        scenario
    }

    /// Keeps the current form in the set and starts another credential on the same identity:
    /// the same inputs, with the one that must differ emptied (and the name, which must be
    /// unique). Returns the field to fill.
    pub fn start_another(&mut self) -> &'static str {
        let current = self.current();
        let field = current.varying_field();
        self.set.push(current);
        self.common.name.clear();
        match self.platform {
            PlatformKind::GitHub => {
                let kind = self.github.entity.kind();
                self.github.entity = github::Entity::of_kind(kind, String::new());
            }
            PlatformKind::AzureDevops => {
                self.azure_devops.connection_id.clear();
                self.azure_devops.connection.clear();
            }
            // Another cluster for the same service account (a region, blue/green, a rebuilt
            // cluster): one workload trusted from several issuers.
            PlatformKind::Kubernetes => self.kubernetes.issuer.clear(),
            PlatformKind::GitLab => self.gitlab.git_ref.clear(),
            PlatformKind::Terraform => self.terraform.workspace.clear(),
            PlatformKind::ManagedIdentity => self.managed_identity.principal_id.clear(),
            PlatformKind::Other => {
                self.other.subject.clear();
                self.other.expression.clear();
            }
        }
        field
    }

    /// Puts saved credential `index` back in the form to edit, and the form's in its place.
    pub fn edit_saved(&mut self, index: usize) {
        let current = self.current();
        if let Some(saved) = self.set.get_mut(index) {
            let saved = std::mem::replace(saved, current);
            self.load(saved);
        }
    }

    /// The state a shared link opens on (issue 27): when the form holds a credential just
    /// started and not complete yet ("Add another credential"), the link opens on the last
    /// complete one in the form instead, so that whoever opens it sees the set and its snippets.
    pub fn to_share(&self) -> Scenario {
        let incomplete = self.current().build(&self.common).credentials.is_empty();
        match self.set.split_last() {
            Some((last, rest)) if incomplete => {
                let mut shared = self.clone();
                shared.set = rest.to_vec();
                shared.load(last.clone());
                shared
            }
            _ => self.clone(),
        }
    }

    /// The state without the identity's IDs (its subscription, the app's client and object
    /// IDs): what the address bar keeps as you type, so that they reach the browser's history
    /// only in a link you copy (issue 27).
    pub fn without_identity_ids(&self) -> Scenario {
        let mut kept = self.clone();
        match &mut kept.target {
            Target::ManagedIdentity { subscription, .. } => subscription.clear(),
            Target::AppRegistration {
                client_id,
                object_id,
            } => {
                client_id.clear();
                object_id.clear();
            }
        }
        kept
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

    /// The state as a URL fragment value: base64url of its JSON (only the inputs that differ from
    /// their default).
    pub fn to_fragment(&self) -> String {
        base64url::encode(link::write(self).as_bytes())
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
        let unreadable = |e: String| {
            FragmentError(format!(
                "the link's state could not be read ({e}); it may come from another version of fedcred"
            ))
        };
        let json =
            String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
        link::read(&json).map_err(unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github_prod() -> Scenario {
        let mut s = Scenario::default();
        s.github.repo = "contoso/app".into();
        s.github.subject_form = github::SubjectForm::NameBased;
        s.github.entity = github::Entity::Environment("prod".into());
        s.target = Target::ManagedIdentity {
            name: "id-app".into(),
            resource_group: "rg".into(),
            subscription: "00000000-0000-0000-0000-000000000001".into(),
            location: String::new(),
        };
        s
    }

    #[test]
    fn a_link_shared_after_add_another_opens_on_the_last_complete_credential() {
        let mut s = github_prod();
        assert_eq!(s.build().credentials.len(), 1);
        s.start_another();
        assert!(s.build().credentials.is_empty(), "the new entry is empty");
        let shared = s.to_share();
        assert!(shared.set.is_empty());
        assert_eq!(
            shared.github.entity,
            github::Entity::Environment("prod".into())
        );
        assert_eq!(
            shared.build().credentials.len(),
            1,
            "it opens on a credential"
        );
        // A complete state is shared as it is.
        let complete = github_prod();
        assert_eq!(complete.to_share(), complete);
    }

    #[test]
    fn the_address_bar_state_has_no_subscription_or_app_ids() {
        let s = github_prod().without_identity_ids();
        assert!(!s.to_fragment().is_empty());
        assert!(
            matches!(&s.target, Target::ManagedIdentity { subscription, name, .. } if subscription.is_empty() && name == "id-app")
        );
        let mut app = github_prod();
        app.target = Target::AppRegistration {
            client_id: "11111111-1111-1111-1111-111111111111".into(),
            object_id: "22222222-2222-2222-2222-222222222222".into(),
        };
        let kept = app.without_identity_ids();
        let json =
            String::from_utf8(crate::base64url::decode(&kept.to_fragment()).unwrap_or_default())
                .unwrap_or_default();
        assert!(!json.contains("1111") && !json.contains("2222"), "{json}");
    }

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

    /// A scenario with every input filled and every choice away from its default.
    fn everything() -> Scenario {
        let github = github::GitHubInput {
            repo: "contoso/app".into(),
            entity: github::Entity::TagPattern("v*".into()),
            subject_form: github::SubjectForm::Immutable,
            customization: "{\"use_default\": true}".into(),
            owner_id: "1".into(),
            repo_id: "2".into(),
            enterprise: "ent".into(),
            ghe_subdomain: "sub".into(),
            ghes_host: "git.example".into(),
            claim_keys: vec!["repo".into(), "context".into()],
            claims: vec![("context".into(), "x:y".into())],
            job_workflow_ref: "contoso/wf/.github/workflows/d.yml@refs/heads/main".into(),
        };
        let azure_devops = azure_devops::AzureDevOpsInput {
            generation: azure_devops::Generation::Legacy,
            tenant_id: "t".into(),
            organization_id: "o".into(),
            connection_id: "c".into(),
            organization: "org".into(),
            project: "proj".into(),
            connection: "conn".into(),
            subject_identifier: "sc://org/proj/conn".into(),
        };
        let kubernetes = kubernetes::KubernetesInput {
            issuer: "https://k/".into(),
            namespace: "ns".into(),
            service_account: "sa".into(),
        };
        let gitlab = gitlab::GitLabInput {
            issuer: "https://gitlab.example".into(),
            project_path: "g/p".into(),
            project_id: "42".into(),
            ref_type: gitlab::RefType::Tag,
            git_ref: "v1".into(),
        };
        let terraform = terraform::TerraformInput {
            issuer: "https://app.eu.terraform.io".into(),
            organization: "o".into(),
            project: "p".into(),
            workspace: "w".into(),
            run_phase: terraform::RunPhase::Apply,
        };
        let managed_identity = managed_identity::ManagedIdentityInput {
            tenant_id: "t".into(),
            principal_id: "p".into(),
        };
        let other = other::OtherInput {
            issuer: "https://i".into(),
            subject: "s".into(),
            expression: "claims['sub'] eq 's'".into(),
        };
        let common = Common {
            name: "n".into(),
            cloud: crate::audience::Cloud::China,
            audience: "api://x".into(),
            description: "d \u{2603} \"q\"".into(),
        };
        let target = Target::ManagedIdentity {
            name: "id".into(),
            resource_group: "rg".into(),
            subscription: "sub".into(),
            location: "westeurope".into(),
        };
        let set = vec![
            Platform::GitHub(github.clone()),
            Platform::AzureDevops(azure_devops.clone()),
            Platform::Kubernetes(kubernetes.clone()),
            Platform::GitLab(gitlab.clone()),
            Platform::Terraform(terraform.clone()),
            Platform::ManagedIdentity(managed_identity.clone()),
            Platform::Other(other.clone()),
        ];
        Scenario {
            platform: PlatformKind::Terraform,
            github,
            azure_devops,
            kubernetes,
            gitlab,
            terraform,
            managed_identity,
            other,
            common,
            target,
            set,
        }
    }

    #[test]
    fn a_scenario_with_every_input_set_survives_a_round_trip() {
        let s = everything();
        assert_eq!(Scenario::from_fragment(&s.to_fragment()), Ok(s));
    }

    #[test]
    fn every_github_entity_kind_survives_a_round_trip() {
        for entity in [
            github::Entity::Branch("main".into()),
            github::Entity::Tag("v1".into()),
            github::Entity::Environment("prod".into()),
            github::Entity::PullRequest,
            github::Entity::BranchPattern("release/*".into()),
            github::Entity::TagPattern("v*".into()),
        ] {
            let mut s = Scenario::default();
            s.github.entity = entity;
            assert_eq!(Scenario::from_fragment(&s.to_fragment()), Ok(s));
        }
    }

    #[test]
    fn links_written_by_serde_before_the_hand_made_codec_still_open() {
        // Until issue 6 the fragment was serde's JSON of the whole state, defaults included.
        for s in [Scenario::default(), everything()] {
            let old = base64url::encode(serde_json::to_string(&s).unwrap().as_bytes());
            assert_eq!(Scenario::from_fragment(&old), Ok(s));
        }
        let app = Scenario {
            target: Target::AppRegistration {
                client_id: "c".into(),
                object_id: "o".into(),
            },
            ..Scenario::default()
        };
        let old = base64url::encode(serde_json::to_string(&app).unwrap().as_bytes());
        assert_eq!(Scenario::from_fragment(&old), Ok(app));
    }

    #[test]
    fn the_default_state_is_an_empty_object_and_defaults_are_left_out() {
        assert_eq!(link::write(&Scenario::default()), "{}");
        let mut s = Scenario::default();
        s.github.repo = "contoso/app".into();
        assert_eq!(link::write(&s), r#"{"github":{"repo":"contoso/app"}}"#);
    }

    #[test]
    fn the_readme_embed_example_is_this_state() {
        let readme = include_str!("../../../../README.md");
        let mut s = Scenario::default();
        s.github.repo = "contoso/payments-api".into();
        s.github.entity = github::Entity::Environment("production".into());
        let fragment = s.to_fragment();
        assert!(
            readme.contains(&format!("#build?s={fragment}\"")),
            "README shows {fragment}"
        );
    }

    #[test]
    fn unreadable_states_name_the_input_that_is_wrong() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"platform":"cobol"}"#,
                r#"platform has an unknown value "cobol""#,
            ),
            (r#"{"github":{"repo":7}}"#, "github.repo is not text"),
            (r#"{"github":[]}"#, "github is not an object"),
            (
                r#"{"github":{"entity":{"branch":1}}}"#,
                "github.entity.branch is not text",
            ),
            (
                r#"{"github":{"entity":{"fork":"x"}}}"#,
                r#"github.entity has an unknown kind "fork""#,
            ),
            (
                r#"{"github":{"entity":{"branch":"a","tag":"b"}}}"#,
                "github.entity is not one of its kinds",
            ),
            (
                r#"{"github":{"claims":[["a"]]}}"#,
                "github.claims holds something that is not a pair of texts",
            ),
            (
                r#"{"github":{"claim_keys":"repo"}}"#,
                "github.claim_keys is not a list",
            ),
            (
                r#"{"terraform":{"run_phase":"destroy"}}"#,
                r#"terraform.run_phase has an unknown value "destroy""#,
            ),
            (
                r#"{"target":{"vm":{}}}"#,
                r#"target has an unknown kind "vm""#,
            ),
            (
                r#"{"target":{"app-registration":{"client_id":false}}}"#,
                "target.app-registration.client_id is not text",
            ),
            (
                r#"{"set":[{"cobol":{}}]}"#,
                r#"set[0] has an unknown platform "cobol""#,
            ),
            (
                r#"{"set":[{"github":{"repo":1}}]}"#,
                "set[0].github.repo is not text",
            ),
            (r#"{"set":{}}"#, "set is not a list"),
            ("[]", "the state is not an object"),
        ];
        for (json, expected) in cases {
            let err = Scenario::from_fragment(&base64url::encode(json.as_bytes())).unwrap_err();
            assert!(err.0.contains(expected), "{json}: {}", err.0);
            assert!(err.0.contains("could not be read"), "{json}: {}", err.0);
        }
        let not_utf8 = Scenario::from_fragment(&base64url::encode(&[0xff, 0xfe])).unwrap_err();
        assert!(not_utf8.0.contains("not UTF-8"), "{}", not_utf8.0);
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

    #[test]
    fn another_credential_keeps_the_workload_and_asks_for_what_differs() {
        let mut s = Scenario::default();
        s.github.repo = "contoso/web".into();
        s.github.entity = github::Entity::Environment("dev".into());
        s.common.name = "web-dev".into();
        assert_eq!(s.start_another(), "environment");
        assert_eq!(s.set.len(), 1);
        assert_eq!(s.github.repo, "contoso/web");
        assert_eq!(s.github.entity, github::Entity::Environment(String::new()));
        assert!(
            s.common.name.is_empty(),
            "a name must be unique: not copied"
        );
        s.github.entity = github::Entity::Environment("prod".into());
        let built = s.build();
        let subjects: Vec<&str> = built
            .credentials
            .iter()
            .filter_map(|c| c.subject())
            .collect();
        assert_eq!(
            subjects,
            [
                "repo:contoso/web:environment:dev",
                "repo:contoso/web:environment:prod"
            ]
        );
        // Editing the saved one swaps it with the form.
        s.edit_saved(0);
        assert_eq!(s.github.entity, github::Entity::Environment("dev".into()));
        assert_eq!(
            s.set.first(),
            Some(&Platform::GitHub(github::GitHubInput {
                entity: github::Entity::Environment("prod".into()),
                ..s.github.clone()
            }))
        );
    }
}
