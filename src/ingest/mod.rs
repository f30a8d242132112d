//! Ingest: bytes of a spreadsheet export → a clean [`crate::Dataset`] plus diagnostics.
//!
//! Stages: `source` reads any supported format into a [`raw::RawWorkbook`]; header detection,
//! column mapping, cell parsing and validation turn that into canonical records. Pure Rust: no
//! browser APIs, no UI types.

pub mod raw;
pub mod source;
pub mod template;
