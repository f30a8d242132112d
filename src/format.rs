//! Number formatting for people: money in 万元 or 亿元, areas in 亩, shares as percentages, with
//! digit grouping. Reports, the UI, the rules' sentences and the command line all format through
//! here so a figure reads the same everywhere.
//!
//! Two styles: *fixed* forms for tables, where columns line up ([`figure`], [`percent`],
//! [`money_wan`]: always two decimals), and *short* forms for sentences ([`number`],
//! [`percent_short`], [`money_wan_short`], [`in_unit`]: trailing zeros dropped, so a threshold
//! reads `70%` and `5 万元/亩` while an observed share reads `18.01%`).
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

/// `grouped(value, decimals)` with trailing zeros (and a trailing point) dropped:
/// `1428.571, 2` → `1,428.57`; `17500.0, 2` → `17,500`; `-0.001, 2` → `0`.
fn grouped_trimmed(value: f64, decimals: usize) -> String {
    let text = grouped(value, decimals);
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed == "-0" {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    } else {
        text
    }
}

/// A number for a sentence: grouped, at most two decimals, trailing zeros dropped (`1,428.57`,
/// `17,500`, `0.5`, `1`).
pub fn number(value: f64) -> String {
    grouped_trimmed(value, 2)
}

/// A fraction as a percentage for a sentence: whole percentages without decimals (thresholds
/// such as `70%`, `25%`), others with two (`0.18007` → `18.01%`).
pub fn percent_short(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    let pct = fraction * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}%", grouped(pct.round(), 0))
    } else {
        format!("{}%", grouped(pct, 2))
    }
}

/// Money given in 万元, for a sentence: like [`money_wan`] (亿元 from 1 亿元 up) with trailing
/// zeros dropped: `1.75 亿元`, `980.5 万元`, `9,999.5 万元`.
pub fn money_wan_short(value_wan: f64, lang: Lang) -> String {
    let (amount, zh, en) = if value_wan.abs() >= 10_000.0 {
        (value_wan / 10_000.0, "亿元", "yi yuan (100 M)")
    } else {
        (value_wan, "万元", "wan yuan (10 k)")
    };
    let amount = number(amount);
    match lang {
        Lang::Zh => format!("{amount} {zh}"),
        Lang::En => format!("{amount} {en}"),
    }
}

/// A value in its unit, for a sentence: `fraction` as a percentage ([`percent_short`]), `万元`
/// as money ([`money_wan_short`]), no unit as a plain [`number`], any other unit after the
/// number (`5 万元/亩`).
pub fn in_unit(value: f64, unit: &str, lang: Lang) -> String {
    match unit {
        "fraction" => percent_short(value),
        "万元" => money_wan_short(value, lang),
        "" => number(value),
        _ => format!("{} {}", number(value), unit_name(unit, lang)),
    }
}

/// A unit as written in rule packs (Chinese), spelled for `lang`. Units without an English
/// spelling here are shown as written.
pub fn unit_name(unit: &str, lang: Lang) -> &str {
    const EN: &[(&str, &str)] = &[
        ("万元/亩", "10k yuan/mu"),
        ("万元/人", "10k yuan/person"),
        ("万元/吨标准煤", "10k yuan/tce"),
        ("万元/万千瓦时", "10k yuan/10k kWh"),
        ("万元/吨", "10k yuan/t"),
        ("万元", "10k yuan"),
        ("亩", "mu"),
        ("个", ""),
        ("项", "items"),
        ("家", ""),
        ("年", "years"),
        ("次", "times"),
        ("分", "points"),
        ("倍", "×"),
    ];
    match lang {
        Lang::Zh => unit,
        Lang::En => EN
            .iter()
            .find(|(zh, _)| *zh == unit)
            .map(|(_, en)| *en)
            .unwrap_or(unit),
    }
}

/// Display width in a terminal: East Asian wide and full-width characters (CJK ideographs and
/// punctuation, kana, Hangul, full-width forms) take two columns, everything else one. Enough to
/// line up the command line's tables; combining marks and emoji are not special-cased.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F            // Hangul Jamo initials
        | 0x2E80..=0x303E          // CJK radicals, Kangxi, CJK symbols and punctuation
        | 0x3041..=0x33FF          // kana, Bopomofo, Hangul compatibility, CJK compatibility
        | 0x3400..=0x4DBF          // CJK extension A
        | 0x4E00..=0x9FFF          // CJK unified ideographs
        | 0xA000..=0xA4CF          // Yi
        | 0xAC00..=0xD7A3          // Hangul syllables
        | 0xF900..=0xFAFF          // CJK compatibility ideographs
        | 0xFE30..=0xFE4F          // CJK compatibility forms
        | 0xFF00..=0xFF60          // full-width forms
        | 0xFFE0..=0xFFE6          // full-width signs
        | 0x20000..=0x3FFFD) // CJK extensions B and beyond
}

/// Pads `text` with spaces to `width` display columns (no truncation).
pub fn pad_to_width(text: &str, width: usize) -> String {
    let mut out = String::from(text);
    for _ in display_width(text)..width {
        out.push(' ');
    }
    out
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
    fn sentence_forms_drop_trailing_zeros() {
        assert_eq!(number(1_428.571_4), "1,428.57");
        assert_eq!(number(17_500.0), "17,500");
        assert_eq!(number(980.50), "980.5");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(-1234.5), "-1,234.5");
        assert_eq!(number(f64::NAN), "—");
        assert_eq!(percent_short(33_800.0 / 187_700.0), "18.01%");
        assert_eq!(percent_short(0.25), "25%");
        assert_eq!(percent_short(0.7), "70%");
        assert_eq!(percent_short(7000.0 / 10000.0), "70%");
        assert_eq!(percent_short(0.181), "18.10%");
        assert_eq!(percent_short(0.0), "0%");
        assert_eq!(money_wan_short(17_500.0, Lang::Zh), "1.75 亿元");
        assert_eq!(money_wan_short(52_500.0, Lang::Zh), "5.25 亿元");
        assert_eq!(money_wan_short(980.5, Lang::Zh), "980.5 万元");
        assert_eq!(money_wan_short(9_999.5, Lang::Zh), "9,999.5 万元");
        assert_eq!(money_wan_short(1_234_567_000.0, Lang::Zh), "123,456.7 亿元");
        assert_eq!(money_wan_short(17_500.0, Lang::En), "1.75 yi yuan (100 M)");
        assert_eq!(in_unit(5.0, "万元/亩", Lang::Zh), "5 万元/亩");
        assert_eq!(in_unit(0.3, "fraction", Lang::En), "30%");
        assert_eq!(in_unit(100.0, "万元", Lang::Zh), "100 万元");
        assert_eq!(in_unit(2.0, "", Lang::Zh), "2");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("C1"), 2);
        assert_eq!(display_width("主导产业"), 8);
        assert_eq!(display_width("（自评声明）"), 12);
        assert_eq!(display_width("—"), 1);
        assert_eq!(display_width("≥1 个"), 5);
        assert_eq!(display_width("１２３"), 6);
        assert_eq!(pad_to_width("达标", 6), "达标  ");
        assert_eq!(pad_to_width("toolong", 3), "toolong");
    }

    #[test]
    fn percentages_have_two_decimals() {
        assert_eq!(percent(0.180_106_5), "18.01%");
        assert_eq!(percent(0.7), "70.00%");
        assert_eq!(percent(1.118), "111.80%");
    }

    #[test]
    fn units_are_spelled_in_english_for_english_sentences() {
        assert_eq!(in_unit(512.0, "万元/亩", Lang::En), "512 10k yuan/mu");
        assert_eq!(in_unit(512.0, "万元/亩", Lang::Zh), "512 万元/亩");
        assert_eq!(
            unit_name("公顷", Lang::En),
            "公顷",
            "unknown units stay as written"
        );
    }
}
