//! The trace: one data structure per criterion or enterprise item that says what was observed,
//! against which threshold, with what outcome and gap, from which inputs. The UI's "why" panel,
//! the JSON output and the tests all read this; nothing recomputes it.
//!
//! Also owns the display helpers that turn canonical numbers into the user's terms
//! (`18.01%`, `1.75 亿元`). Depends only on [`crate::diagnostic::Text`] and the pack types.

use serde::Serialize;

use super::compare::Comparator;
use super::pack::Provenance;
use crate::diagnostic::Text;

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
    /// The value in display form (`70%`, `5 万元/亩`).
    pub fn display(&self) -> String {
        fmt_value(self.value, &self.unit)
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

/// Formats a value in its unit: fractions as percentages, money as 万元/亿元, others plainly.
pub fn fmt_value(value: f64, unit: &str) -> String {
    match unit {
        "fraction" => fmt_percent(value),
        "万元" => fmt_money(value),
        "" => fmt_number(value),
        _ => format!("{} {unit}", fmt_number(value)),
    }
}

/// `0.18007` → `18.01%`; whole percentages drop the decimals (`25%`).
pub fn fmt_percent(fraction: f64) -> String {
    let pct = fraction * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}%", pct.round())
    } else {
        format!("{pct:.2}%")
    }
}

/// Money in 万元: amounts of 1 亿元 and more are shown in 亿元 (`1.75 亿元`).
pub fn fmt_money(wan: f64) -> String {
    if wan.abs() >= 10_000.0 {
        format!("{} 亿元", trim_decimals(wan / 10_000.0, 2))
    } else {
        format!("{} 万元", trim_decimals(wan, 2))
    }
}

/// A plain number with at most two decimals, trailing zeros removed.
pub fn fmt_number(value: f64) -> String {
    trim_decimals(value, 2)
}

fn trim_decimals(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_in_the_users_terms() {
        assert_eq!(fmt_percent(33800.0 / 187700.0), "18.01%");
        assert_eq!(fmt_percent(0.25), "25%");
        assert_eq!(fmt_money(17500.0), "1.75 亿元");
        assert_eq!(fmt_money(980.5), "980.5 万元");
        assert_eq!(fmt_value(5.0, "万元/亩"), "5 万元/亩");
        assert_eq!(fmt_number(-0.001), "0");
    }
}
