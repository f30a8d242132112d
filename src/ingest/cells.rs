//! Cell values: reading one [`RawCell`] as a number, a yes/no, a flag with a note, a year or a
//! text, accepting every cell form of DOMAIN.md §1.1 (`1,234.5`, `１２３`, `12.3万`, `12.5%`,
//! `#DIV/0!`, `—`, `是/否`, `√/×`, Excel date serials, …).
//!
//! Pure functions from one cell to a classified value. This module knows nothing about columns,
//! units of a header or diagnostics: callers turn the classification into messages. It must not
//! depend on mapping, headers or records.

use std::borrow::Cow;

use super::normalize::{half_width, trim, years_in};
use super::raw::RawCell;

/// What a cell holds when a number is expected.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberCell {
    /// Nothing at all (no diagnostic).
    Empty,
    /// A placeholder for "no value": `—`, `-`, `/`, `无`, `N/A` (no diagnostic).
    Placeholder,
    /// A number, with any text written after it (`万`, `%`, `万元`, `亩`), normalised.
    Number { value: f64, suffix: Option<String> },
    /// An Excel error value (`#DIV/0!`, `#N/A`).
    ExcelError(String),
    /// A number whose decimal separator cannot be told (`1 234,5`, `1.234,5`, `1,5`).
    Ambiguous,
    /// Text that is not a number.
    Invalid,
    /// A date where a number was expected.
    Date,
}

/// Spellings of "no value" in numeric cells.
const PLACEHOLDERS: &[&str] = &[
    "-",
    "--",
    "---",
    "—",
    "——",
    "–",
    "/",
    "\\",
    "无",
    "暂无",
    "空",
    "null",
    "none",
    "n/a",
    "na",
    "nil",
    "不适用",
    "…",
    "...",
    "——/——",
    "-/-",
];

/// Excel's error values.
const EXCEL_ERRORS: &[&str] = &[
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#GETTING_DATA",
    "#N/A!",
];

/// Whether a text is one of Excel's error values (case-insensitive).
pub fn is_excel_error(text: &str) -> bool {
    let t = trim(text);
    t.starts_with('#') && EXCEL_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(t))
}

/// Whether a text is a placeholder for "no value".
pub fn is_placeholder(text: &str) -> bool {
    let t = half_width(trim(text));
    let t = t.trim();
    PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(t))
}

/// Reads a cell as a number.
pub fn number(cell: &RawCell) -> NumberCell {
    match cell {
        RawCell::Empty => NumberCell::Empty,
        RawCell::Number(v) if v.is_finite() => NumberCell::Number {
            value: *v,
            suffix: None,
        },
        RawCell::Number(_) => NumberCell::Invalid,
        RawCell::Bool(_) => NumberCell::Invalid,
        RawCell::Error(e) => NumberCell::ExcelError(e.clone()),
        RawCell::DateSerial(_) => NumberCell::Date,
        RawCell::Text(t) => number_text(t),
    }
}

/// A number typed into a form (`1,200`, `１２００`, ` 30 `); `None` for anything that is not a
/// plain finite number.
pub fn typed_number(text: &str) -> Option<f64> {
    match number_text(text) {
        NumberCell::Number {
            value,
            suffix: None,
        } if value.is_finite() => Some(value),
        _ => None,
    }
}

/// Reads a text as a number (see [`number`]).
pub fn number_text(text: &str) -> NumberCell {
    if let Some(value) = plain_decimal(text) {
        return NumberCell::Number {
            value,
            suffix: None,
        };
    }
    let t = trim(text);
    if t.is_empty() {
        return NumberCell::Empty;
    }
    if is_excel_error(t) {
        return NumberCell::ExcelError(t.to_string());
    }
    let folded: Cow<'_, str> = half_width(t);
    let s = folded.trim();
    if PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(s)) {
        return NumberCell::Placeholder;
    }
    parse_numeric(s)
}

/// The common case of CSV exports, `12345` or `-0.25`: ASCII digits with at most one point and
/// an optional leading minus. Anything else (grouping, suffixes, full-width digits, exponents,
/// spaces) goes through the full parser, which gives the same value for these inputs.
fn plain_decimal(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let bytes = digits.as_bytes();
    let points = bytes.iter().filter(|b| **b == b'.').count();
    let plain = !bytes.is_empty()
        && points <= 1
        && bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.');
    if plain { text.parse().ok() } else { None }
}

fn parse_numeric(s: &str) -> NumberCell {
    // Currency marks and an accounting-style negative `(1,234)`.
    let mut s = s.trim_start_matches(['¥', '$']).trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    s = s.trim_start_matches(['¥', '$']).trim_start();

    // The numeric part: digits and separators; then an optional exponent; the rest is suffix.
    let bytes = s.as_bytes();
    let mut end = 0;
    while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b',' | b'.' | b' ' | b'\'') {
        end += 1;
    }
    // Trailing spaces belong to the suffix gap, not the number.
    let mut num_end = end;
    while num_end > 0 && bytes[num_end - 1] == b' ' {
        num_end -= 1;
    }
    let mantissa = &s[..num_end];
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return NumberCell::Invalid;
    }
    let mut exponent = "";
    let mut rest = &s[end..];
    if num_end == end
        && let Some(after_e) = rest.strip_prefix(['e', 'E'])
    {
        let digits_start = after_e.strip_prefix(['+', '-']).unwrap_or(after_e);
        let n = digits_start.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            let exp_len = 1 + (after_e.len() - digits_start.len()) + n;
            exponent = &rest[..exp_len];
            rest = &rest[exp_len..];
        }
    }
    let Some(plain) = ungroup(mantissa) else {
        return NumberCell::Ambiguous;
    };
    let plain = match plain {
        Ok(p) => p,
        Err(()) => return NumberCell::Invalid,
    };
    let literal = if exponent.is_empty() {
        plain
    } else {
        Cow::Owned(format!("{plain}{exponent}"))
    };
    let Ok(mut value) = literal.parse::<f64>() else {
        return NumberCell::Invalid;
    };
    if !value.is_finite() {
        return NumberCell::Invalid;
    }
    if negative {
        value = -value;
    }
    let suffix = rest.trim();
    let suffix = (!suffix.is_empty()).then(|| suffix.to_string());
    NumberCell::Number { value, suffix }
}

/// Removes thousands separators. `None` when the separators make the number ambiguous
/// (`1 234,5`, `1.234,5`, `1,5`); `Some(Err)` when they make it no number at all (`12 5`).
fn ungroup(m: &str) -> Option<Result<Cow<'_, str>, ()>> {
    let has_comma = m.contains(',');
    let has_space = m.contains(' ') || m.contains('\'');
    let dots = m.matches('.').count();
    if !has_comma && !has_space {
        return match dots {
            0 | 1 => Some(Ok(Cow::Borrowed(m))),
            // `1.234.567`: dots as thousands separators (European).
            _ if valid_groups(m, '.') => None,
            _ => Some(Err(())),
        };
    }
    if dots > 1 {
        return None;
    }
    if has_space && has_comma {
        return None;
    }
    let (int_part, frac) = match m.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (m, None),
    };
    if frac.is_some_and(|f| f.contains([',', ' ', '\''])) {
        // `1.234,5`: dot before comma.
        return None;
    }
    let sep = if has_comma {
        ','
    } else if m.contains(' ') {
        ' '
    } else {
        '\''
    };
    if int_part.contains(',') && (int_part.contains(' ') || int_part.contains('\'')) {
        return None;
    }
    if !valid_groups(int_part, sep) {
        // `1,5`, `12,34`: a decimal comma or a typo; `12 5`: not a number.
        return if sep == ',' { None } else { Some(Err(())) };
    }
    let mut out: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(Ok(Cow::Owned(out)))
}

/// `1,234,567`: a first group of 1–3 digits, then groups of exactly 3.
fn valid_groups(int_part: &str, sep: char) -> bool {
    let mut groups = int_part.split(sep);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && all_digits(g));
    first_ok && groups.all(|g| g.len() == 3 && all_digits(g))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What a cell holds when a yes/no is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolCell {
    Empty,
    Value(bool),
    ExcelError,
    Invalid,
}

const TRUE_WORDS: &[&str] = &[
    "是", "y", "yes", "√", "✓", "✔", "☑", "1", "true", "t", "有", "对", "是的", "属于", "○",
];
const FALSE_WORDS: &[&str] = &[
    "否",
    "n",
    "no",
    "×",
    "✗",
    "✘",
    "x",
    "0",
    "false",
    "f",
    "无",
    "不是",
    "非",
    "不属于",
    "☐",
];

/// Reads a text as a yes/no: 是/否, Y/N, √/×, 1/0, true/false, 有/无, and `是（2022年认定）`.
pub fn bool_text(text: &str) -> BoolCell {
    let t = trim(text);
    if t.is_empty() {
        return BoolCell::Empty;
    }
    if is_excel_error(t) {
        return BoolCell::ExcelError;
    }
    let folded = half_width(t);
    let folded = folded.trim();
    // Most cells are a plain word; compare without allocating.
    if TRUE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(folded)) {
        return BoolCell::Value(true);
    }
    if FALSE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(folded)) {
        return BoolCell::Value(false);
    }
    let lower = folded.to_lowercase();
    if matches!(lower.as_str(), "1.0" | "1.00") {
        return BoolCell::Value(true);
    }
    if matches!(lower.as_str(), "0.0" | "0.00") {
        return BoolCell::Value(false);
    }
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return BoolCell::Empty;
    }
    // `是（省级）`, `否,待认定`: a yes/no word followed by a remark.
    for (prefix, value) in [("是", true), ("否", false)] {
        if let Some(rest) = lower.strip_prefix(prefix)
            && rest.starts_with(['(', '[', ',', ';', ':', ' ', '、'])
        {
            return BoolCell::Value(value);
        }
    }
    BoolCell::Invalid
}

/// Reads a cell as a yes/no.
pub fn boolean(cell: &RawCell) -> BoolCell {
    match cell {
        RawCell::Empty => BoolCell::Empty,
        RawCell::Bool(b) => BoolCell::Value(*b),
        RawCell::Number(v) if *v == 1.0 => BoolCell::Value(true),
        RawCell::Number(v) if *v == 0.0 => BoolCell::Value(false),
        RawCell::Number(_) | RawCell::DateSerial(_) => BoolCell::Invalid,
        RawCell::Error(_) => BoolCell::ExcelError,
        RawCell::Text(t) => bool_text(t),
    }
}

/// What a cell holds for a yes/no that may carry a reason (`veto`, `exempt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagCell {
    Empty,
    ExcelError,
    /// A plain yes/no, or any other text (counted as yes, the text kept as the note).
    Value {
        value: bool,
        note: Option<String>,
    },
}

/// Reads a cell as a flag: yes/no words as [`bool_text`]; any other non-empty text is yes, with
/// the text as the note (`重大安全事故` → yes, note `重大安全事故`).
pub fn flag(cell: &RawCell) -> FlagCell {
    match boolean(cell) {
        BoolCell::Empty => FlagCell::Empty,
        BoolCell::ExcelError => FlagCell::ExcelError,
        BoolCell::Value(value) => FlagCell::Value { value, note: None },
        BoolCell::Invalid => match text(cell) {
            Some(note) => FlagCell::Value {
                value: true,
                note: Some(note),
            },
            None => FlagCell::Empty,
        },
    }
}

/// What a cell holds when a year is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearCell {
    Empty,
    Year(i32),
    ExcelError,
    Invalid,
}

/// The plausible range of an evaluation year.
const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

/// Reads a cell as a year: `2023`, `2023年`, `2023年度`, `2023-12-31`, `二〇二三年`, an Excel
/// date (serial counted from 1900 or 1904 as the workbook says).
pub fn year(cell: &RawCell, date_1904: bool) -> YearCell {
    match cell {
        RawCell::Empty => YearCell::Empty,
        RawCell::Error(_) => YearCell::ExcelError,
        RawCell::Bool(_) => YearCell::Invalid,
        RawCell::DateSerial(serial) => serial_year(*serial, date_1904),
        RawCell::Number(n) => number_year(*n, date_1904),
        RawCell::Text(t) => {
            let t = trim(t);
            if t.is_empty() {
                return YearCell::Empty;
            }
            if is_excel_error(t) {
                return YearCell::ExcelError;
            }
            if is_placeholder(t) {
                return YearCell::Empty;
            }
            if let NumberCell::Number {
                value,
                suffix: None,
            } = number_text(t)
            {
                return number_year(value, date_1904);
            }
            match years_in(t).first() {
                Some(y) if YEARS.contains(y) => YearCell::Year(*y),
                _ => YearCell::Invalid,
            }
        }
    }
}

fn number_year(n: f64, date_1904: bool) -> YearCell {
    if n.fract() == 0.0 && n >= *YEARS.start() as f64 && n <= *YEARS.end() as f64 {
        YearCell::Year(n as i32)
    } else if n > 2200.0 {
        // A date stored as its serial number (the reader did not see a date format).
        serial_year(n, date_1904)
    } else {
        YearCell::Invalid
    }
}

fn serial_year(serial: f64, date_1904: bool) -> YearCell {
    match excel_serial_year(serial, date_1904) {
        Some(y) if YEARS.contains(&y) => YearCell::Year(y),
        _ => YearCell::Invalid,
    }
}

/// The calendar year of an Excel date serial. In the 1900 system serial 1 is 1900-01-01 and
/// serial 60 is Excel's fictitious 1900-02-29; in the 1904 system serial 0 is 1904-01-01.
pub fn excel_serial_year(serial: f64, date_1904: bool) -> Option<i32> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    // Days since 1899-12-30, the epoch that makes 1900-system serials ≥ 61 exact.
    let days = if date_1904 {
        day + 1462
    } else if day >= 61 {
        day
    } else if day >= 1 {
        day + 1
    } else {
        return None;
    };
    Some(civil_year(days - 25_569))
}

/// The proleptic Gregorian year of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_year(days_since_1970: i64) -> i32 {
    let z = days_since_1970 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year as i32
}

/// Reads a cell as text: trimmed, numbers written without a trailing `.0`, booleans as 是/否.
/// `None` for empty cells, placeholders are kept (a name of `-` is still reported by callers).
pub fn text(cell: &RawCell) -> Option<String> {
    match cell {
        RawCell::Empty | RawCell::Error(_) => None,
        RawCell::Text(t) => {
            let t = trim(t);
            (!t.is_empty()).then(|| t.to_string())
        }
        RawCell::Number(n) | RawCell::DateSerial(n) => Some(format_number(*n)),
        RawCell::Bool(b) => Some(if *b { "是" } else { "否" }.to_string()),
    }
}

/// A number as a user would write it: `12`, `12.5`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> NumberCell {
        number_text(s)
    }

    fn val(v: f64) -> NumberCell {
        NumberCell::Number {
            value: v,
            suffix: None,
        }
    }

    fn with(v: f64, s: &str) -> NumberCell {
        NumberCell::Number {
            value: v,
            suffix: Some(s.to_string()),
        }
    }

    #[test]
    fn reads_plain_and_grouped_numbers() {
        assert_eq!(num("1234.5"), val(1234.5));
        assert_eq!(num("1,234.5"), val(1234.5));
        assert_eq!(num("12,345,678"), val(12_345_678.0));
        assert_eq!(num(" 1 234.5 "), val(1234.5));
        assert_eq!(num("-12.5"), val(-12.5));
        assert_eq!(num("(1,200)"), val(-1200.0));
        assert_eq!(num("¥1,200"), val(1200.0));
        assert_eq!(num("1.2E+05"), val(120_000.0));
        assert_eq!(num("１２３"), val(123.0));
        assert_eq!(num("１，２３４．５"), val(1234.5));
        assert_eq!(num("0"), val(0.0));
    }

    #[test]
    fn flags_ambiguous_separators() {
        assert_eq!(num("1 234,5"), NumberCell::Ambiguous);
        assert_eq!(num("1.234,5"), NumberCell::Ambiguous);
        assert_eq!(num("1,5"), NumberCell::Ambiguous);
        assert_eq!(num("1.234.567"), NumberCell::Ambiguous);
        assert_eq!(num("12 5"), NumberCell::Invalid);
    }

    #[test]
    fn keeps_suffixes_for_the_caller() {
        assert_eq!(num("12.3万"), with(12.3, "万"));
        assert_eq!(num("1.2亿"), with(1.2, "亿"));
        assert_eq!(num("12.5%"), with(12.5, "%"));
        assert_eq!(num("3200 万元"), with(3200.0, "万元"));
        assert_eq!(num("１２．５％"), with(12.5, "%"));
    }

    #[test]
    fn classifies_non_numbers() {
        assert_eq!(num(""), NumberCell::Empty);
        assert_eq!(num("   "), NumberCell::Empty);
        for p in ["—", "-", "/", "无", "N/A", "——", "－"] {
            assert_eq!(num(p), NumberCell::Placeholder, "{p}");
        }
        assert_eq!(num("#DIV/0!"), NumberCell::ExcelError("#DIV/0!".into()));
        assert_eq!(num("#n/a"), NumberCell::ExcelError("#n/a".into()));
        assert_eq!(num("abc"), NumberCell::Invalid);
        assert_eq!(num("约1200"), NumberCell::Invalid);
        assert_eq!(num("inf"), NumberCell::Invalid);
        assert_eq!(num("NaN"), NumberCell::Invalid);
        assert_eq!(num("万"), NumberCell::Invalid);
        assert_eq!(number(&RawCell::Number(f64::NAN)), NumberCell::Invalid);
        assert_eq!(
            number(&RawCell::Error("#REF!".into())),
            NumberCell::ExcelError("#REF!".into())
        );
    }

    #[test]
    fn reads_yes_no() {
        for t in ["是", "Y", "yes", "√", "1", "TRUE", "有", "是（省级）", "ｙ"] {
            assert_eq!(bool_text(t), BoolCell::Value(true), "{t}");
        }
        for t in ["否", "N", "no", "×", "0", "false", "无", "x"] {
            assert_eq!(bool_text(t), BoolCell::Value(false), "{t}");
        }
        assert_eq!(bool_text(""), BoolCell::Empty);
        assert_eq!(bool_text("-"), BoolCell::Empty);
        assert_eq!(bool_text("也许"), BoolCell::Invalid);
        assert_eq!(boolean(&RawCell::Number(1.0)), BoolCell::Value(true));
        assert_eq!(boolean(&RawCell::Number(2.0)), BoolCell::Invalid);
        assert_eq!(boolean(&RawCell::Bool(false)), BoolCell::Value(false));
    }

    #[test]
    fn reads_flags_with_notes() {
        assert_eq!(
            flag(&RawCell::Text("是".into())),
            FlagCell::Value {
                value: true,
                note: None
            }
        );
        assert_eq!(
            flag(&RawCell::Text("无".into())),
            FlagCell::Value {
                value: false,
                note: None
            }
        );
        assert_eq!(
            flag(&RawCell::Text("重大安全事故".into())),
            FlagCell::Value {
                value: true,
                note: Some("重大安全事故".into())
            }
        );
        assert_eq!(flag(&RawCell::Empty), FlagCell::Empty);
    }

    #[test]
    fn reads_years_in_every_form() {
        let y = |c: RawCell| year(&c, false);
        assert_eq!(y(RawCell::Number(2023.0)), YearCell::Year(2023));
        assert_eq!(y(RawCell::Text("2023年".into())), YearCell::Year(2023));
        assert_eq!(y(RawCell::Text("2023年度".into())), YearCell::Year(2023));
        assert_eq!(y(RawCell::Text("2023-12-31".into())), YearCell::Year(2023));
        assert_eq!(y(RawCell::Text("二〇二二年".into())), YearCell::Year(2022));
        assert_eq!(y(RawCell::Text("２０２１".into())), YearCell::Year(2021));
        assert_eq!(y(RawCell::DateSerial(45_291.0)), YearCell::Year(2023));
        assert_eq!(y(RawCell::DateSerial(45_292.0)), YearCell::Year(2024));
        assert_eq!(y(RawCell::Number(45_291.0)), YearCell::Year(2023));
        assert_eq!(
            year(&RawCell::DateSerial(45_291.0 - 1462.0), true),
            YearCell::Year(2023)
        );
        assert_eq!(
            year(&RawCell::DateSerial(45_292.0 - 1462.0), true),
            YearCell::Year(2024)
        );
        assert_eq!(y(RawCell::Text("去年".into())), YearCell::Invalid);
        assert_eq!(y(RawCell::Number(23.0)), YearCell::Invalid);
        assert_eq!(y(RawCell::Empty), YearCell::Empty);
    }

    #[test]
    fn excel_serials_follow_both_epochs() {
        assert_eq!(excel_serial_year(1.0, false), Some(1900));
        assert_eq!(excel_serial_year(60.0, false), Some(1900));
        assert_eq!(excel_serial_year(61.0, false), Some(1900));
        assert_eq!(excel_serial_year(367.0, false), Some(1901));
        assert_eq!(excel_serial_year(366.0, false), Some(1900));
        assert_eq!(excel_serial_year(0.0, true), Some(1904));
        assert_eq!(excel_serial_year(1461.0, true), Some(1908));
        assert_eq!(excel_serial_year(1460.0, true), Some(1907));
        assert_eq!(excel_serial_year(-1.0, true), None);
        assert_eq!(excel_serial_year(f64::INFINITY, false), None);
    }

    #[test]
    fn formats_text_cells() {
        assert_eq!(text(&RawCell::Number(12.0)).as_deref(), Some("12"));
        assert_eq!(text(&RawCell::Number(12.5)).as_deref(), Some("12.5"));
        assert_eq!(
            text(&RawCell::Text("  甲公司 ".into())).as_deref(),
            Some("甲公司")
        );
        assert_eq!(text(&RawCell::Empty), None);
    }

    #[test]
    fn the_plain_fast_path_agrees_with_the_full_parser() {
        for text in [
            "0", "7", "12345", "-0.25", "320.8547", "1.", ".5", "1.2.3", "-", "12a", "1e5", "00012",
        ] {
            let fast = plain_decimal(text);
            let full = match parse_numeric(text) {
                NumberCell::Number {
                    value,
                    suffix: None,
                } => Some(value),
                _ => None,
            };
            if let Some(v) = fast {
                assert_eq!(Some(v), full, "{text}");
            }
        }
        assert_eq!(plain_decimal("1,234"), None);
        assert_eq!(plain_decimal("１２３"), None);
    }
}
