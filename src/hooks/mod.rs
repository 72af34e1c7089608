//! The app's effects as hooks: what happens outside the state when it changes.

mod address_bar;
pub(crate) mod audit;
pub(crate) mod audit_part;
mod embed_height;
mod follow_url;
mod signature_check;
pub mod slice;
pub(crate) mod terraform;

pub use address_bar::{URL_DELAY_MS, use_address_bar};
pub use audit::{Audited, Declared};
pub use audit_part::{AuditState, use_audit};
pub use embed_height::use_embed_height;
pub use follow_url::{RENDERED_MARK, use_follow_url};
pub use signature_check::use_signature_check;
