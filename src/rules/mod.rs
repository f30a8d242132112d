//! Rules: rule packs as data (TOML with provenance), compiled and evaluated against a
//! [`crate::Dataset`] with a full trace. Pure Rust: no browser APIs, no UI types.
//!
//! Stages: [`load_pack`] (TOML → [`Pack`] + diagnostics) → [`compile`] ([`CompiledPack`]) →
//! [`evaluate`] / [`evaluate_all`] ([`Evaluation`], which never fails) → [`to_cli_json`] /
//! [`to_text_zh`].
//!
//! **Architecture invariant:** this module depends on `dataset`, `diagnostic` and `format` (with
//! its `i18n::Lang`) only; it knows nothing about ingest (files, headers, units) or the UI.
//! Numbers in sentences and the terminal report are formatted by [`crate::format`], nowhere
//! else.

pub mod compare;
pub mod compile;
pub mod eval;
pub mod history;
pub mod json;
pub mod pack;
pub mod park;
pub mod scoring;
pub mod trace;

pub use compare::{Comparator, REL_EPSILON, holds};
pub use compile::{AppliedOverride, CompiledPack, Override, PackStamp, apply_overrides, compile};
pub use eval::{Evaluation, builtin_compiled, evaluate, evaluate_all};
pub use history::ExitStatus;
pub use json::{to_cli_json, to_text_zh};
pub use pack::{Pack, PackKind, Param, ParamValue, Provenance, builtin, load_pack};
pub use park::{CriterionResult, Overall, OverallState, ParkEvaluation, YearFigures};
pub use scoring::{Cell, Class, EnterpriseResult, IndicatorSummary, MujunEvaluation, NextClass};
pub use trace::{Gap, InputUsed, ParamUse, State, Trace};
