//! Threshold comparison: the one place where floating-point tolerance is decided.
//!
//! Owns [`Comparator`] and [`holds`]. Shares such as 7000/10000 must read as exactly 70% even
//! when the division lands one ulp away, so "exactly at the threshold" is decided with a small
//! *relative* epsilon ([`REL_EPSILON`]): values within it are equal. `gt`/`lt` therefore fail
//! at the boundary (exactly 70.00% does not satisfy "> 70%") and `ge`/`le` pass (exactly
//! 30.00% satisfies "≥ 30%"). Depends on nothing else in the crate.

use serde::{Deserialize, Serialize};

/// Relative tolerance for "equal" when comparing an observed value with a threshold: about a
/// million times coarser than f64 rounding, and far finer than any figure a user reads.
pub const REL_EPSILON: f64 = 1e-9;

/// Absolute floor for the tolerance so that comparisons against 0 behave.
const ABS_EPSILON: f64 = 1e-12;

/// How an observed value is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// observed > threshold (e.g. C1 "超过70%").
    Gt,
    /// observed ≥ threshold (e.g. C5 "不低于30%").
    Ge,
    /// observed < threshold.
    Lt,
    /// observed ≤ threshold.
    Le,
}

impl Comparator {
    /// Parses the machine id used in packs (`gt`, `ge`, `lt`, `le`).
    pub fn from_id(id: &str) -> Option<Comparator> {
        match id {
            "gt" => Some(Comparator::Gt),
            "ge" => Some(Comparator::Ge),
            "lt" => Some(Comparator::Lt),
            "le" => Some(Comparator::Le),
            _ => None,
        }
    }

    /// The mathematical symbol (`>`, `≥`, `<`, `≤`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Gt => ">",
            Comparator::Ge => "≥",
            Comparator::Lt => "<",
            Comparator::Le => "≤",
        }
    }

    /// Chinese wording for sentences ("超过", "不低于", …).
    pub fn words_zh(self) -> &'static str {
        match self {
            Comparator::Gt => "超过",
            Comparator::Ge => "不低于",
            Comparator::Lt => "低于",
            Comparator::Le => "不超过",
        }
    }

    /// English wording for sentences.
    pub fn words_en(self) -> &'static str {
        match self {
            Comparator::Gt => "above",
            Comparator::Ge => "at least",
            Comparator::Lt => "below",
            Comparator::Le => "at most",
        }
    }

    /// Chinese wording for a value that fails the comparison, placed before "X 的标准":
    /// "未超过 70% 的标准" (`gt`), "低于 1 个的标准" (`ge`), "未低于" (`lt`), "超过" (`le`).
    /// Never "未" + [`Comparator::words_zh`], which reads "未不低于" for `ge`.
    pub fn words_failed_zh(self) -> &'static str {
        match self {
            Comparator::Gt => "未超过",
            Comparator::Ge => "低于",
            Comparator::Lt => "未低于",
            Comparator::Le => "超过",
        }
    }

    /// English wording for a value that fails the comparison, placed before "the standard of
    /// X": "not above", "below", "not below", "above".
    pub fn words_failed_en(self) -> &'static str {
        match self {
            Comparator::Gt => "not above",
            Comparator::Ge => "below",
            Comparator::Lt => "not below",
            Comparator::Le => "above",
        }
    }
}

/// Whether `a` and `b` are equal within [`REL_EPSILON`].
pub fn approx_eq(a: f64, b: f64) -> bool {
    let scale = a.abs().max(b.abs());
    (a - b).abs() <= (REL_EPSILON * scale).max(ABS_EPSILON)
}

/// Whether `observed comparator threshold` holds, treating values within the tolerance as equal.
/// Non-finite inputs never hold.
pub fn holds(comparator: Comparator, observed: f64, threshold: f64) -> bool {
    if !observed.is_finite() || !threshold.is_finite() {
        return false;
    }
    let equal = approx_eq(observed, threshold);
    match comparator {
        Comparator::Gt => observed > threshold && !equal,
        Comparator::Ge => observed > threshold || equal,
        Comparator::Lt => observed < threshold && !equal,
        Comparator::Le => observed < threshold || equal,
    }
}

/// ⌊share · n⌋ for class quotas, robust to `0.3 * 20 = 5.999…`-style drift.
pub fn floor_share(share: f64, n: usize) -> usize {
    let x = share * n as f64;
    let r = x.round();
    let v = if approx_eq(x, r) { r } else { x.floor() };
    v.max(0.0) as usize
}

/// ⌈share · n⌉ for class quotas, robust to `0.1 * 30 = 3.000…04`-style drift.
pub fn ceil_share(share: f64, n: usize) -> usize {
    let x = share * n as f64;
    let r = x.round();
    let v = if approx_eq(x, r) { r } else { x.ceil() };
    v.max(0.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_the_comparator() {
        let seventy = 7000.0 / 10000.0;
        assert!(!holds(Comparator::Gt, seventy, 0.70));
        assert!(!holds(Comparator::Gt, 0.7 + 1e-15, 0.70));
        assert!(holds(Comparator::Gt, 0.7001, 0.70));
        // 0.1 + 0.2 is 0.30000000000000004 and 0.3 * 3 / 3 drifts the other way.
        assert!(holds(Comparator::Ge, 0.1 + 0.2, 0.3));
        assert!(holds(Comparator::Ge, 0.29999999999999993, 0.3));
        assert!(!holds(Comparator::Ge, 0.2999, 0.3));
        assert!(holds(Comparator::Le, 0.3, 0.3));
        assert!(!holds(Comparator::Lt, 0.3, 0.3));
        assert!(holds(Comparator::Ge, 0.0, 0.0));
        assert!(!holds(Comparator::Ge, f64::NAN, 0.0));
    }

    #[test]
    fn failed_wording_reads_as_chinese() {
        let all = [
            Comparator::Gt,
            Comparator::Ge,
            Comparator::Lt,
            Comparator::Le,
        ];
        for c in all {
            let failed = c.words_failed_zh();
            assert!(!failed.contains("未不"), "{c:?}: {failed}");
            assert_ne!(failed, c.words_zh(), "{c:?}");
            assert_ne!(c.words_failed_en(), c.words_en(), "{c:?}");
        }
        assert_eq!(Comparator::Ge.words_failed_zh(), "低于");
        assert_eq!(Comparator::Gt.words_failed_zh(), "未超过");
        assert_eq!(Comparator::Le.words_failed_zh(), "超过");
        assert_eq!(Comparator::Lt.words_failed_zh(), "未低于");
        assert_eq!(Comparator::Ge.words_failed_en(), "below");
    }

    #[test]
    fn quotas_ignore_rounding_drift() {
        assert_eq!(ceil_share(0.1, 30), 3);
        assert_eq!(ceil_share(0.1, 9), 1);
        assert_eq!(floor_share(0.3, 9), 2);
        assert_eq!(floor_share(0.3, 10), 3);
        assert_eq!(floor_share(0.3, 3), 0);
        assert_eq!(ceil_share(0.1, 1), 1);
    }
}
