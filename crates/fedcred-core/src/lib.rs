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
//! ```
//! use fedcred_core::audience::Cloud;
//!
//! assert_eq!(Cloud::Public.audience(), "api://AzureADTokenExchange");
//! ```
#![deny(missing_docs)]

pub mod audience;
pub mod base64url;
pub mod credential;
pub mod expression;
pub mod finding;
pub mod guid;
pub mod platforms;
pub mod snippets;
pub mod target;
pub mod validation;

/// The version of fedcred, shared by the web app and the CLI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
