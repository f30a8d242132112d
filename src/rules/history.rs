//! The exit mechanism across years (雅办发〔2021〕23号 二(九)): for each enterprise of year Y,
//! the run of consecutive calendar years ending at Y in which it was below the access threshold,
//! and the resulting status. Enterprises are matched by credit code, else exact name.
//!
//! Owns only the run counting; the per-row "below" decision comes from `scoring`. Must not
//! depend on ingest or ui.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

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

/// The earlier years' "below threshold" marks, by enterprise identity: for every evaluated row
/// of a year before Y that was below. A year without a row, or exempt, or out of scope, is
/// absent and so breaks a run.
///
/// One map entry per identity holds the last 64 years before Y as bits (bit `b` = year
/// `Y − 1 − b`), so recording a mark and reading a run each hash the identity once; marks older
/// than that (a run longer than 64 years) go to a fallback set and are still counted.
pub(crate) struct BelowHistory<'d> {
    y: i32,
    recent: HashMap<IdKey<'d>, u64, BuildHasherDefault<IdHasher>>,
    older: HashSet<(&'d str, i32), BuildHasherDefault<IdHasher>>,
}

impl<'d> BelowHistory<'d> {
    /// An empty history for evaluation year `y`, with room for `n` enterprises.
    pub fn with_capacity(y: i32, n: usize) -> Self {
        BelowHistory {
            y,
            recent: HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default()),
            older: HashSet::default(),
        }
    }

    /// Records an earlier-year row (`row.year < y`) that was evaluated and below the threshold.
    pub fn record_below(&mut self, row: &'d EnterpriseRecord) {
        let back = i64::from(self.y) - i64::from(row.year) - 1;
        match u32::try_from(back) {
            Ok(b) if b < u64::BITS => {
                *self.recent.entry(IdKey::new(row.identity())).or_insert(0) |= 1 << b
            }
            Ok(_) => {
                self.older.insert((row.identity(), row.year));
            }
            // Not an earlier year: never part of a run ending at Y.
            Err(_) => {}
        }
    }

    /// The run length ending at Y for an enterprise below in Y (so at least 1): 1 plus the
    /// number of consecutive years Y−1, Y−2, … in which it was below.
    pub fn run_ending_at_y(&self, identity: &str) -> u32 {
        let mask = self.recent.get(&IdKey::new(identity)).copied().unwrap_or(0);
        let mut run = 1 + mask.trailing_ones();
        if mask == u64::MAX {
            let mut year = i64::from(self.y) - 1 - i64::from(u64::BITS);
            while let Ok(yy) = i32::try_from(year) {
                if !self.older.contains(&(identity, yy)) {
                    break;
                }
                run += 1;
                year -= 1;
            }
        }
        run
    }
}

/// An identity as a map key. Short identities (credit codes are 18 bytes) are kept inline, so
/// comparing keys reads the table only, not the dataset's strings scattered over the heap.
#[derive(Clone, Copy)]
enum IdKey<'d> {
    Inline { len: u8, bytes: [u8; INLINE] },
    Borrowed(&'d str),
}

const INLINE: usize = 22;

impl<'d> IdKey<'d> {
    fn new(identity: &'d str) -> Self {
        let src = identity.as_bytes();
        if src.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..src.len()].copy_from_slice(src);
            IdKey::Inline {
                len: src.len() as u8,
                bytes,
            }
        } else {
            IdKey::Borrowed(identity)
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            IdKey::Inline { len, bytes } => &bytes[..usize::from(*len)],
            IdKey::Borrowed(s) => s.as_bytes(),
        }
    }
}

impl PartialEq for IdKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for IdKey<'_> {}

impl Hash for IdKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.as_bytes());
    }
}

/// A fast non-keyed hasher for identities (credit codes, names), eight bytes at a time.
/// Identities are short keys from the user's own file, so no untrusted peer can choose them to
/// collide against us; a keyed hash would only cost time here.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes its control bits from the top of the hash: mix the low bits up.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i as u32));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, year: i32) -> EnterpriseRecord {
        EnterpriseRecord {
            name: format!("企业{code}"),
            credit_code: Some(code.to_string()),
            year,
            ..EnterpriseRecord::default()
        }
    }

    #[test]
    fn runs_count_consecutive_years_before_y() {
        let rows = [
            row("A", 2022),
            row("A", 2021),
            row("A", 2019),
            row("B", 2021),
            row("C", 2022),
            row("C", 2023), // Y itself is not an earlier year
        ];
        let mut h = BelowHistory::with_capacity(2023, 4);
        for r in &rows {
            h.record_below(r);
        }
        assert_eq!(h.run_ending_at_y("A"), 3);
        assert_eq!(h.run_ending_at_y("B"), 1);
        assert_eq!(h.run_ending_at_y("C"), 2);
        assert_eq!(h.run_ending_at_y("D"), 1);
    }

    #[test]
    fn runs_longer_than_the_bit_window_are_counted() {
        let rows: Vec<EnterpriseRecord> = (1900..2023).map(|y| row("A", y)).collect();
        let mut h = BelowHistory::with_capacity(2023, 1);
        for r in &rows {
            h.record_below(r);
        }
        assert_eq!(h.run_ending_at_y("A"), 124);
        let gap: Vec<EnterpriseRecord> = (1900..2023)
            .filter(|y| *y != 1950)
            .map(|y| row("B", y))
            .collect();
        for r in &gap {
            h.record_below(r);
        }
        assert_eq!(h.run_ending_at_y("B"), 2023 - 1950);
    }

    #[test]
    fn long_identities_are_keys_too() {
        let long = "某某某某有限责任公司".to_string(); // 30 bytes: not inline
        let rows = [
            EnterpriseRecord {
                name: long.clone(),
                year: 2022,
                ..EnterpriseRecord::default()
            },
            EnterpriseRecord {
                name: long.clone(),
                year: 2021,
                ..EnterpriseRecord::default()
            },
        ];
        let mut h = BelowHistory::with_capacity(2023, 1);
        for r in &rows {
            h.record_below(r);
        }
        assert_eq!(h.run_ending_at_y(&long), 3);
        assert_eq!(h.run_ending_at_y("某某某某有限责任"), 1);
        assert!(IdKey::new("ab") != IdKey::new("ab\0"));
    }

    #[test]
    fn extreme_years_do_not_overflow() {
        let rows = [row("A", i32::MIN), row("A", i32::MAX)];
        let mut h = BelowHistory::with_capacity(i32::MIN + 1, 1);
        for r in &rows {
            h.record_below(r);
        }
        assert_eq!(h.run_ending_at_y("A"), 2);
        let mut h = BelowHistory::with_capacity(i32::MIN, 1);
        h.record_below(&rows[0]);
        assert_eq!(h.run_ending_at_y("A"), 1);
    }
}
