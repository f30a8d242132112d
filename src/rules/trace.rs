//! The trace: one data structure per criterion or enterprise item that says what was observed,
//! against which threshold, with what outcome and gap, from which inputs. The UI's "why" panel,
//! the JSON output and the tests all read this; nothing recomputes it.
//!
//! Numbers in sentences are formatted by [`crate::format`] (`18.01%`, `1.75 亿元`). Depends only
//! on [`crate::diagnostic::Text`], [`crate::format`] and the pack types.

use serde::Serialize;

use super::compare::Comparator;
use super::pack::Provenance;
use crate::diagnostic::Text;
use crate::format;
use crate::i18n::Lang;

/// The outcome of a criterion or item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 达标
    Pass,
    /// 接近
    Near,
    /// 未达标
    Fail,
    /// 不适用
    NotApplicable,
    /// 无法评价 (the missing inputs are named in [`Trace::missing`])
    NotEvaluable,
}

impl State {
    /// The stable machine id (`pass`, `near`, `fail`, `not_applicable`, `not_evaluable`).
    pub fn id(self) -> &'static str {
        match self {
            State::Pass => "pass",
            State::Near => "near",
            State::Fail => "fail",
            State::NotApplicable => "not_applicable",
            State::NotEvaluable => "not_evaluable",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            State::Pass => "达标",
            State::Near => "接近",
            State::Fail => "未达标",
            State::NotApplicable => "不适用",
            State::NotEvaluable => "无法评价",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            State::Pass => "Met",
            State::Near => "Near",
            State::Fail => "Not met",
            State::NotApplicable => "Not applicable",
            State::NotEvaluable => "Cannot evaluate",
        }
    }

    /// Whether the state counts as satisfied for an overall verdict (达标 or 不适用).
    pub fn is_satisfied(self) -> bool {
        matches!(self, State::Pass | State::NotApplicable)
    }
}

/// A pack parameter as used in one evaluation (after overrides): where the number came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamUse {
    /// The parameter key in the pack (`c1_min_share`).
    pub key: String,
    pub value: f64,
    pub comparator: Option<Comparator>,
    /// `fraction` (shown as a percentage) or a display unit (`万元/亩`).
    pub unit: String,
    pub provenance: Provenance,
    pub clause: String,
    /// Whether the value came from a `--set` override rather than the pack.
    pub overridden: bool,
}

impl ParamUse {
    /// The value in display form (`70%`, `5 万元/亩`, `100 万元`).
    pub fn display(&self) -> String {
        self.display_in(Lang::Zh)
    }

    /// The value in display form for a sentence in `lang` (money spelled per language).
    pub fn display_in(&self, lang: Lang) -> String {
        format::in_unit(self.value, &self.unit, lang)
    }
}

/// How far a result is from its threshold, in the user's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The main amount (e.g. extra high-tech revenue in 万元, missing items, points).
    pub amount: f64,
    /// Unit of `amount`.
    pub unit: String,
    /// The equivalent if the non-qualifying part shrank instead (share rules only).
    pub alternative: Option<f64>,
    /// Shortfall relative to the threshold (0..), used to order gaps largest first.
    pub relative: f64,
}

/// One input of a computation: a field (or park fact) id, the value used and over how many rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputUsed {
    /// A field id (`revenue`) or a park fact (`park.new_factory_area`).
    pub field: String,
    pub value: Option<f64>,
    /// Rows that contributed (0 for park facts).
    pub rows: u32,
}

impl InputUsed {
    pub fn new(field: impl Into<String>, value: Option<f64>, rows: u32) -> InputUsed {
        InputUsed {
            field: field.into(),
            value,
            rows,
        }
    }
}

/// Everything behind one criterion or item result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    pub state: State,
    /// The observed value (a fraction for shares and growth rates).
    pub observed: Option<f64>,
    /// Unit of `observed`.
    pub unit: String,
    /// The threshold it was compared with.
    pub threshold: Option<ParamUse>,
    /// Further parameters that shaped the outcome (tolerances, minimum counts).
    pub params: Vec<ParamUse>,
    pub gap: Option<Gap>,
    pub inputs: Vec<InputUsed>,
    /// Inputs that were missing (field ids or park fact ids); non-empty when not evaluable.
    pub missing: Vec<String>,
    /// The sentence for the user: observed, standard, and what it would take.
    pub sentence: Text,
}

/// What to tell the user when the data has no year at all (no `year` column, no year in the
/// sheet name or title, no park totals) and none was chosen: the data criteria cannot be
/// evaluated, and this says how to fix it. Never a placeholder year.
pub fn no_year_text() -> Text {
    Text::new(
        "缺少年度：请在数据中加入“年度”列或选择评价年度",
        "no year: add a 年度 (year) column to the data or choose the evaluation year",
    )
}
