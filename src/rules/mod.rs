//! Rules: rule packs as data (TOML with provenance), compiled and evaluated against a
//! [`crate::Dataset`] with a full trace. Pure Rust: no browser APIs, no UI types.
//!
//! Stages: [`load_pack`] (TOML → [`Pack`] + diagnostics) → [`compile`] ([`CompiledPack`]) →
//! [`evaluate`] / [`evaluate_all`] ([`Evaluation`], which never fails) → [`to_cli_json`] /
//! [`to_text_zh`].
//!
//! **Architecture invariant:** this module depends on `dataset` and `diagnostic` only; it knows
//! nothing about ingest (files, headers, units) or the UI.

pub mod compare;
pub mod compile;
pub mod pack;
pub mod trace;

pub use compare::{Comparator, REL_EPSILON, holds};
pub use compile::{AppliedOverride, CompiledPack, Override, PackStamp, apply_overrides, compile};
pub use pack::{Pack, PackKind, Param, ParamValue, Provenance, builtin, load_pack};
pub use trace::{Gap, InputUsed, ParamUse, State, Trace};
