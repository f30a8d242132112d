//! Rules: rule packs as data (TOML with provenance), compiled and evaluated against a
//! [`crate::Dataset`] with a full trace. Pure Rust: no browser APIs, no UI types.
