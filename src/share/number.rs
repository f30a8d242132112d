//! Numbers on the wire: an `Option<f64>` as one varint, lossless.
//!
//! Spreadsheet figures are short decimals (`86000`, `518.5`, `0.35`), and an `f64` costs eight
//! bytes however short it is. So a number travels as its shortest round-trip decimal `m × 10^e`
//! folded into one unsigned varint: `0` is "missing", otherwise `1 + zigzag(m) × 24 + slot`,
//! where slot `0..=22` is `e + 12` and slot `23` means "the raw IEEE bits follow in the
//! quotient" (for `-0.0`, NaN, infinities and exponents outside −12..=10). `86000` is two bytes,
//! `518.5` three. The mapping is part of the frozen v1 wire format.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};

/// Slots per mantissa: 23 decimal exponents and the raw-bits escape.
const SLOTS: u128 = 24;
/// Slot of exponent 0.
const EXP_BIAS: i32 = 12;
/// The last decimal exponent that has a slot.
const EXP_MAX: i32 = 10;
/// The raw-bits escape slot.
const RAW: u128 = 23;

/// An optional number as it travels (see the module header).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Num(pub Option<f64>);

impl Num {
    pub(crate) fn to_code(self) -> u128 {
        let Some(x) = self.0 else { return 0 };
        let (mantissa, exp) = match decimal(x) {
            Some(d) => d,
            None => return 1 + u128::from(x.to_bits()) * SLOTS + RAW,
        };
        let slot = (exp + EXP_BIAS) as u128;
        1 + zigzag(mantissa) * SLOTS + slot
    }

    /// The number behind a code; `None` when the code cannot come from [`Num::to_code`].
    pub(crate) fn from_code(code: u128) -> Option<Num> {
        if code == 0 {
            return Some(Num(None));
        }
        let v = code - 1;
        let (q, slot) = (v / SLOTS, v % SLOTS);
        if slot == RAW {
            let bits = u64::try_from(q).ok()?;
            return Some(Num(Some(f64::from_bits(bits))));
        }
        let mantissa = unzigzag(q)?;
        let exp = slot as i32 - EXP_BIAS;
        Some(Num(Some(compose(mantissa, exp))))
    }
}

/// The shortest decimal `m × 10^e` that reads back as exactly `x`, when `e` has a slot.
fn decimal(x: f64) -> Option<(i64, i32)> {
    if !x.is_finite() || (x == 0.0 && x.is_sign_negative()) {
        return None;
    }
    // `{:e}` prints the shortest digits that round-trip: `8.6e4`, `5.185e2`, `-1e-1`.
    let text = format!("{x:e}");
    let (digits, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let negative = digits.starts_with('-');
    let digits = digits.trim_start_matches('-');
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut m: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        m = m
            .checked_mul(10)?
            .checked_add(i64::from(b.checked_sub(b'0')?))?;
    }
    let mut e = exp - frac.len() as i32;
    // Keep mantissas small: `86000` is 86 × 10^3, not 86000 × 10^0.
    while m != 0 && m % 10 == 0 {
        m /= 10;
        e += 1;
    }
    if m == 0 {
        e = 0;
    }
    // Too-small exponents lose nothing by moving digits into the mantissa, within i64.
    while e > EXP_MAX {
        m = m.checked_mul(10)?;
        e -= 1;
    }
    if e < -EXP_BIAS {
        return None;
    }
    let m = if negative { -m } else { m };
    (compose(m, e).to_bits() == x.to_bits()).then_some((m, e))
}

/// `m × 10^e` correctly rounded: one IEEE operation on exact operands is correctly rounded, so
/// the fast path equals parsing the decimal; large mantissas go through the parser.
fn compose(m: i64, e: i32) -> f64 {
    const EXACT: i64 = 1 << 53;
    if m.abs() < EXACT && (-22..=22).contains(&e) {
        let p = 10f64.powi(e.abs());
        if e >= 0 { m as f64 * p } else { m as f64 / p }
    } else {
        format!("{m}e{e}").parse().unwrap_or(f64::NAN)
    }
}

fn zigzag(m: i64) -> u128 {
    u128::from(((m << 1) ^ (m >> 63)) as u64)
}

fn unzigzag(q: u128) -> Option<i64> {
    let u = u64::try_from(q).ok()?;
    Some(((u >> 1) as i64) ^ -((u & 1) as i64))
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u128(self.to_code())
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        let code = u128::deserialize(d)?;
        Num::from_code(code).ok_or_else(|| D::Error::custom("number out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(x: f64) {
        let code = Num(Some(x)).to_code();
        let back = Num::from_code(code).and_then(|n| n.0).expect("decodes");
        assert_eq!(back.to_bits(), x.to_bits(), "{x:e} via {code}");
    }

    #[test]
    fn spreadsheet_figures_are_short_and_exact() {
        for x in [
            0.0,
            86000.0,
            518.5,
            0.35,
            -12.25,
            1e-12,
            1e25,
            833.0000000000001,
            0.1 + 0.2,
        ] {
            round_trip(x);
        }
        for x in [
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            1e-300,
        ] {
            round_trip(x);
        }
        assert!(Num(Some(86000.0)).to_code() < 1 << 14, "two varint bytes");
        assert_eq!(Num(None).to_code(), 0);
        assert_eq!(Num::from_code(0), Some(Num(None)));
    }

    #[test]
    fn codes_that_no_number_makes_are_refused() {
        assert_eq!(Num::from_code(u128::MAX), None);
    }
}
