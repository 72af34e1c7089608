//! # fedcred-core
//!
//! The domain logic of fedcred: Microsoft Entra *federated identity credentials* (FICs), built
//! from a few facts about a workload, checked against Entra's rules, and explained against the
//! tokens a workload presents.
//!
//! A FIC is accepted when the external token's `iss`, `sub` and `aud` equal the credential's
//! issuer, subject and audience **exactly** (case-sensitive, no wildcards). Everything in this
//! crate exists to get those three strings right, or to say precisely why they are not.
//!
//! This crate has no browser dependencies: the web app and the `fedcred` CLI both call it and
//! only render what it returns.
//!
//! # How each platform forms `sub`
//!
//! | platform | issuer | subject |
//! |---|---|---|
//! | GitHub Actions ([`platforms::github`]) | `https://token.actions.githubusercontent.com` | `repo:OWNER/REPO:environment:NAME`, `…:pull_request`, `…:ref:refs/heads/BRANCH`, `…:ref:refs/tags/TAG` (environment wins) |
//! | Azure DevOps, Entra issuer ([`platforms::azure_devops`]) | `https://login.microsoftonline.com/<tenant>/v2.0` | `/eid1/c/pub/t/<tenant, compact>/a/<ADO app, compact>/sc/<org-id>/<connection-id>` |
//! | Azure DevOps, legacy issuer | `https://vstoken.dev.azure.com/<org-id>` | `sc://<org>/<project>/<connection>` |
//! | Kubernetes ([`platforms::kubernetes`]) | the cluster's issuer (AKS keeps its trailing `/`) | `system:serviceaccount:<namespace>:<service-account>` |
//! | GitLab ([`platforms::gitlab`]) | `https://gitlab.com` or the instance URL | `project_path:<group>/<project>:ref_type:<branch\|tag>:ref:<name>` |
//! | Terraform Cloud ([`platforms::terraform`]) | `https://app.terraform.io` | `organization:<org>:project:<project>:workspace:<ws>:run_phase:<plan\|apply>` |
//! | Managed identity ([`platforms::managed_identity`]) | `https://login.microsoftonline.com/<tenant>/v2.0` | the identity's object (principal) ID |
//!
//! # Building a credential
//!
//! Each platform's input builds a [`platforms::Built`]: the credentials, and findings tied to the
//! input fields. Any error leaves no credential, so nothing half-right can be copied.
//!
//! ```
//! use fedcred_core::platforms::{Common, Platform, build_set};
//! use fedcred_core::platforms::github::{Entity, GitHubInput};
//! use fedcred_core::snippets::{Context, render};
//! use fedcred_core::target::Target;
//!
//! let platform = Platform::GitHub(GitHubInput {
//!     repo: "contoso/payments-api".into(),
//!     entity: Entity::Environment("production".into()),
//!     ..Default::default()
//! });
//! let built = build_set(std::slice::from_ref(&platform), &Common::default());
//! assert_eq!(built.credentials[0].subject(), Some("repo:contoso/payments-api:environment:production"));
//!
//! let target = Target::ManagedIdentity {
//!     name: "id-payments".into(),
//!     resource_group: "rg-payments".into(),
//!     subscription: String::new(),
//!     location: String::new(),
//! };
//! let snippet = render("az", Context { platform: &platform, credentials: &built.credentials, target: &target }).unwrap();
//! assert!(snippet.code.contains("--subject repo:contoso/payments-api:environment:production"));
//! ```
//!
//! Values are quoted for each snippet's language ([`snippets::quote`]); checks live in
//! [`validation`] (Entra's record rules) and in each platform module (its own traps).
#![deny(missing_docs)]

/// `json!({...})` in unit tests: serde_json's literal syntax, as this crate's [`json::Value`].
#[cfg(test)]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).expect("json! writes valid JSON")
    };
}

// The table of contents. Each provider owns a folder under `platforms/` (its issuers, how it
// forms `sub`, how a `sub` reads back, its traps); the modules beside it serve every provider.

// Building credentials.
pub mod audience;
pub mod credential;
pub mod key;
pub mod platforms;
pub mod scenario;
pub mod snippets;
pub mod target;
pub mod validation;

// Explaining a token or an error against credentials.
pub mod aadsts;
pub mod claims;
pub mod explain;
pub mod import;

// Auditing a credential set.
pub mod audit;
pub mod iac;
pub mod jwks;
pub mod token;

// Predicting from a pipeline file.
pub mod predict;
pub mod secrets;

// What both share.
pub mod expression;
pub mod face;
pub mod finding;
pub mod flexible;

// Values and encodings.
pub mod base64url;
mod code;
pub mod guid;
pub mod json;
mod time;
mod url;
pub mod yaml;

pub use audience::Cloud;
pub use credential::Credential;
pub use explain::{Report, Verdict, explain, explain_paste};
pub use finding::{Code, Finding, Severity};
pub use import::{Import, import};
pub use platforms::{Built, Common, Platform, PlatformKind, build_set};
pub use scenario::Scenario;
pub use snippets::{Context, Snippet, render};
pub use target::Target;

/// The version of fedcred, shared by the web app and the CLI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
