//! Number formatting for people: money in 万元 or 亿元, areas in 亩, shares as percentages, with
//! digit grouping. Reports, the UI and the command line all format through here so a figure reads
//! the same everywhere.
//!
//! Pure functions of (value, language); no dependency on any other module of the crate except the
//! language enum.

use crate::i18n::Lang;

/// Groups the integer part with commas and keeps `decimals` decimals: `1234567.891, 2` →
/// `1,234,567.89`. Non-finite values print as `—`.
pub fn grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    // A value that rounds to zero prints without a minus sign.
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    let digits = int.as_bytes();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*d as char);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Money given in 万元: `≥ 1 亿元` reads in 亿元 (`1.75 亿元`), smaller amounts in 万元 with two
/// decimals (`17,500.00 万元`). English uses the same units, spelled out.
pub fn money_wan(value_wan: f64, lang: Lang) -> String {
    if value_wan.abs() >= 10_000.0 {
        let yi = grouped(value_wan / 10_000.0, 2);
        match lang {
            Lang::Zh => format!("{yi} 亿元"),
            Lang::En => format!("{yi} yi yuan (100 M)"),
        }
    } else {
        let wan = grouped(value_wan, 2);
        match lang {
            Lang::Zh => format!("{wan} 万元"),
            Lang::En => format!("{wan} wan yuan (10 k)"),
        }
    }
}

/// A fraction as a percentage with two decimals: `0.18011` → `18.01%`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    format!("{}%", grouped(fraction * 100.0, 2))
}

/// A plain figure with two decimals and grouping: scores, 亩均 values.
pub fn figure(value: f64) -> String {
    grouped(value, 2)
}

/// A figure followed by its unit (`320.85 万元/亩`, `1 个`); whole numbers print without
/// decimals, since counts (platforms, checklist items) are whole.
pub fn with_unit(value: f64, unit: &str) -> String {
    let number = if value.fract() == 0.0 {
        grouped(value, 0)
    } else {
        figure(value)
    };
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_and_rounding() {
        assert_eq!(grouped(0.0, 2), "0.00");
        assert_eq!(grouped(999.994, 2), "999.99");
        assert_eq!(grouped(1234.5, 1), "1,234.5");
        assert_eq!(grouped(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-1_234_567.0, 0), "-1,234,567");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(f64::NAN, 2), "—");
    }

    #[test]
    fn money_switches_to_yi_at_ten_thousand_wan() {
        assert_eq!(money_wan(17_500.0, Lang::Zh), "1.75 亿元");
        assert_eq!(money_wan(9_999.5, Lang::Zh), "9,999.50 万元");
        assert_eq!(money_wan(187_700.0, Lang::Zh), "18.77 亿元");
        assert_eq!(money_wan(-320.0, Lang::Zh), "-320.00 万元");
        assert_eq!(money_wan(17_500.0, Lang::En), "1.75 yi yuan (100 M)");
    }

    #[test]
    fn counts_print_whole() {
        assert_eq!(with_unit(1.0, "个"), "1 个");
        assert_eq!(with_unit(320.854_7, "万元/亩"), "320.85 万元/亩");
        assert_eq!(with_unit(1234.0, ""), "1,234");
    }

    #[test]
    fn percentages_have_two_decimals() {
        assert_eq!(percent(0.180_106_5), "18.01%");
        assert_eq!(percent(0.7), "70.00%");
        assert_eq!(percent(1.118), "111.80%");
    }
}
