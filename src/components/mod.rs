//! One function component per file.

pub mod tabs;
