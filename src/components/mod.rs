//! One function component per file.

pub mod builder;
pub mod copy;
pub mod field;
pub mod highlight;
pub mod inspector;
pub mod snippets;
pub mod tabs;
