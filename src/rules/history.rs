//! The exit mechanism across years (雅办发〔2021〕23号 二(九)): for each enterprise of year Y,
//! the run of consecutive calendar years ending at Y in which it was below the access threshold,
//! and the resulting status. Enterprises are matched by credit code, else exact name.
//!
//! Owns only the run counting; the per-row "below" decision comes from `scoring`. Must not
//! depend on ingest or ui.

use std::collections::HashSet;

use serde::Serialize;

use super::trace::ParamUse;
use crate::dataset::EnterpriseRecord;

/// An enterprise's status under the exit mechanism in year Y.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitStatus {
    /// 正常
    Normal,
    /// 预警
    Warning,
    /// 重点管控 (宽限期至 Y + grace)
    Control,
    /// 清退
    Exit,
    /// 免评 (exempt in Y)
    Exempt,
}

impl ExitStatus {
    /// Stable machine id (`normal`, `warning`, `control`, `exit`, `exempt`).
    pub fn id(self) -> &'static str {
        match self {
            ExitStatus::Normal => "normal",
            ExitStatus::Warning => "warning",
            ExitStatus::Control => "control",
            ExitStatus::Exit => "exit",
            ExitStatus::Exempt => "exempt",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ExitStatus::Normal => "正常",
            ExitStatus::Warning => "预警",
            ExitStatus::Control => "重点管控",
            ExitStatus::Exit => "清退",
            ExitStatus::Exempt => "免评",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ExitStatus::Normal => "Normal",
            ExitStatus::Warning => "Warning",
            ExitStatus::Control => "Close control",
            ExitStatus::Exit => "Exit",
            ExitStatus::Exempt => "Exempt",
        }
    }
}

/// The earlier years' "below threshold" marks: (identity, year) for every evaluated row of a
/// year before Y that was below. A year without a row, or exempt, or out of scope, is absent and
/// so breaks a run.
pub(crate) struct BelowHistory<'d> {
    below: HashSet<(&'d str, i32)>,
}

impl<'d> BelowHistory<'d> {
    /// `is_below(row)` is `Some(true)` for an evaluated row below the threshold.
    pub fn build(
        rows: impl Iterator<Item = &'d EnterpriseRecord>,
        is_below: impl Fn(&EnterpriseRecord) -> Option<bool>,
    ) -> Self {
        let below = rows
            .filter(|r| is_below(r) == Some(true))
            .map(|r| (r.identity(), r.year))
            .collect();
        BelowHistory { below }
    }

    /// The run length ending at `y` for an enterprise below in `y` (so at least 1).
    pub fn run_ending_at(&self, identity: &str, y: i32) -> u32 {
        let mut run = 1;
        let mut year = y.saturating_sub(1);
        while year < y && self.below.contains(&(identity, year)) {
            run += 1;
            year = year.saturating_sub(1);
        }
        run
    }
}

/// The status for a run length, by the pack's run parameters.
pub(crate) fn status_for_run(
    run: u32,
    warning: &ParamUse,
    control: &ParamUse,
    exit: &ParamUse,
) -> ExitStatus {
    let run = f64::from(run);
    if run >= exit.value {
        ExitStatus::Exit
    } else if run >= control.value {
        ExitStatus::Control
    } else if run >= warning.value {
        ExitStatus::Warning
    } else {
        ExitStatus::Normal
    }
}
