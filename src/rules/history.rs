//! The exit mechanism across years (雅办发〔2021〕23号 二(九)): for each enterprise of year Y,
//! the run of consecutive calendar years ending at Y in which it was below the access threshold,
//! and the resulting status. Enterprises are matched by credit code, else exact name.
//!
//! Owns only the run counting; the per-row "below" decision comes from `scoring`. Must not
//! depend on ingest or ui.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

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
    below: HashSet<(&'d str, i32), BuildHasherDefault<Fnv>>,
}

impl<'d> BelowHistory<'d> {
    /// An empty history with room for `n` marks.
    pub fn with_capacity(n: usize) -> Self {
        BelowHistory {
            below: HashSet::with_capacity_and_hasher(n, BuildHasherDefault::default()),
        }
    }

    /// Records an earlier-year row that was evaluated and below the threshold.
    pub fn record_below(&mut self, row: &'d EnterpriseRecord) {
        self.below.insert((row.identity(), row.year));
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

/// FNV-1a: identities are short keys from the user's own file, so a fast non-keyed hash is
/// enough here (no untrusted peer can choose them to collide against us).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
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
