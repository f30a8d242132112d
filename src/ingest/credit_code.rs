//! The unified social credit code (统一社会信用代码, GB 32100-2015): normalisation and the
//! check-character test.
//!
//! A code is 18 characters from the 31-character set `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V,
//! Z). Character i (0-based, i < 17) has weight 3^i mod 31; the 18th character is the one whose
//! value c makes (Σ value·weight + c) ≡ 0 (mod 31). Pure functions; no dependencies on the rest
//! of the crate.

use super::normalize::half_width_char;

/// The code's alphabet, in value order (value = index).
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights 3^i mod 31 of the first 17 characters.
pub const WEIGHTS: [u32; 17] = weights();

const fn weights() -> [u32; 17] {
    let mut w = [0u32; 17];
    let mut i = 0;
    let mut p = 1u32;
    while i < 17 {
        w[i] = p;
        p = (p * 3) % 31;
        i += 1;
    }
    w
}

/// Why a code is not a valid unified social credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeProblem {
    /// Not 18 characters (the length found).
    Length(usize),
    /// A character outside the alphabet (1-based position, the character).
    Charset { position: usize, found: char },
    /// The last character is not the check character.
    CheckDigit { expected: char, found: char },
}

/// The canonical spelling of a code as typed: half-width, upper case, spaces and dashes removed.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(half_width_char)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '\'' | '`'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn value_of(c: char) -> Option<u32> {
    CHARSET.chars().position(|x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a code; `None` when `body` is not 17
/// characters of the alphabet.
pub fn check_char(body: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in body.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
        n += 1;
    }
    if n != 17 || body.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

/// Checks a normalised code.
pub fn validate(code: &str) -> Result<(), CreditCodeProblem> {
    let len = code.chars().count();
    if len != 18 {
        return Err(CreditCodeProblem::Length(len));
    }
    for (i, c) in code.chars().enumerate() {
        if value_of(c).is_none() {
            return Err(CreditCodeProblem::Charset {
                position: i + 1,
                found: c,
            });
        }
    }
    let body: String = code.chars().take(17).collect();
    let found = code.chars().last().unwrap_or(' ');
    match check_char(&body) {
        Some(expected) if expected == found => Ok(()),
        Some(expected) => Err(CreditCodeProblem::CheckDigit { expected, found }),
        None => Err(CreditCodeProblem::Length(len)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        assert_eq!(
            WEIGHTS,
            [
                1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
            ]
        );
        assert_eq!(CHARSET.chars().count(), 31);
    }

    #[test]
    fn accepts_published_codes() {
        // Codes printed on public business licences (Huawei, Alibaba).
        for code in ["914403001922038216", "91330100799655058B"] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn computes_check_characters() {
        // Computed by hand: 9 1 5 1 1 8 0 0 M A 6 2 U 0 0 0 1 →
        // Σ = 9·1+1·3+5·9+1·27+1·19+8·26+0+0+21·20+10·29+6·25+2·13+27·8+0+0+0+1·28 = 1441;
        // 1441 mod 31 = 15; 31 − 15 = 16 → 'G'.
        assert_eq!(check_char("91511800MA62U0001"), Some('G'));
        assert_eq!(validate("91511800MA62U0001G"), Ok(()));
        assert_eq!(check_char("9151180"), None);
        assert_eq!(check_char("9151180OMA62U0001"), None);
    }

    #[test]
    fn reports_each_problem() {
        assert_eq!(
            validate("91511800MA62U0001E"),
            Err(CreditCodeProblem::CheckDigit {
                expected: 'G',
                found: 'E'
            })
        );
        assert_eq!(
            validate("91511800MA62U000"),
            Err(CreditCodeProblem::Length(16))
        );
        assert_eq!(
            validate("91511800MA62UO001G"),
            Err(CreditCodeProblem::Charset {
                position: 14,
                found: 'O'
            })
        );
    }

    #[test]
    fn normalises_typed_codes() {
        assert_eq!(normalize(" ９１５１ 1800ma62u0001g "), "91511800MA62U0001G");
    }
}
