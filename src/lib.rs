//! ParkCheck (园区自评): the whole calculator as a plain Rust library.
//!
//! The pipeline is one straight line:
//! bytes → [`ingest`] → [`Dataset`] + [`Diagnostic`]s → [`rules`] (pack → compiled → evaluation
//! with a trace) → report view models → [`ui`] (Yew components, browser only).
//!
//! Everything except [`ui`] is pure Rust: it never names `yew`, `web_sys`, `gloo` or
//! `wasm_bindgen`, so it is tested natively with `cargo test` and reused by the command line.

pub mod city;
pub mod city_session;
pub mod dataset;
pub mod diagnostic;
pub mod export;
pub mod format;
pub mod i18n;
pub mod ingest;
pub mod job;
pub mod report;
pub mod rules;
pub mod serde_skip;
pub mod session;
pub mod share;
pub mod ui;

pub use dataset::{Dataset, EnterpriseRecord, FieldId, ParkFacts};
pub use diagnostic::{Diagnostic, Location, Severity};
