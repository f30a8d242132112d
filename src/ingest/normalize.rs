//! Text normalisation shared by header matching, unit lookup and cell parsing: full-width →
//! half-width, bracket and space folding, list numbering (`1.`, `（一）`, `①`) and match keys.
//!
//! Pure string functions. This module must not depend on any other part of the crate.

use std::borrow::Cow;

/// The half-width form of one character: full-width ASCII (`１２３`, `（`, `：`), the ideographic
/// space and no-break space, and CJK bracket variants (`【】`, `〔〕`, `“”`).
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => ' ',
        '【' | '〔' | '〖' => '[',
        '】' | '〕' | '〗' => ']',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '￥' => '¥',
        '。' => '.',
        _ => c,
    }
}

/// Whether `half_width_char` would change `c`.
fn needs_folding(c: char) -> bool {
    half_width_char(c) != c
}

/// The half-width form of a string; borrows when nothing changes (the common case for numbers).
pub fn half_width(s: &str) -> Cow<'_, str> {
    if s.chars().any(needs_folding) {
        Cow::Owned(s.chars().map(half_width_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Trims every kind of space, including the ideographic space and zero-width characters.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}')
}

/// Characters dropped from a match key: spaces, punctuation and marks that carry no meaning
/// when comparing column names (`*营业收入`, `营业 收入`, `营业收入：`).
fn is_key_noise(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '*' | '※'
                | '#'
                | ':'
                | '_'
                | '-'
                | '·'
                | '•'
                | '.'
                | '\''
                | '"'
                | '`'
                | '~'
                | '?'
                | '!'
                | '、'
                | '\u{200B}'
                | '\u{FEFF}'
                | '—'
                | '–'
                | ','
                | ';'
                | '　'
        )
}

/// A key for comparing names: half-width, lowercase, brackets folded to `(`/`)`, spaces and
/// punctuation removed. `“ 营业 收入（万元）”` → `营业收入(万元)`.
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = half_width_char(c);
        let c = match c {
            '[' | '{' | '<' | '《' => '(',
            ']' | '}' | '>' | '》' => ')',
            _ => c,
        };
        if is_key_noise(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(lower);
        }
    }
    out
}

/// `match_key` with every bracketed part removed: `企业（单位）名称` → `企业名称`,
/// `营业收入(万元)` → `营业收入`.
pub fn key_without_brackets(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut depth = 0usize;
    for c in key.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `match_key` with brackets dropped but their content kept: `企业(单位)名称` → `企业单位名称`.
pub fn key_flat(key: &str) -> String {
    key.chars().filter(|c| !matches!(c, '(' | ')')).collect()
}

const CHINESE_ORDINALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// Removes list numbering in front of a column name: `1. 营业收入`, `2、税收`, `(3)用地`,
/// `（一）基本信息`, `一、`, `①`. Leaves `2023年营业收入` alone.
pub fn strip_numbering(s: &str) -> &str {
    let t = trim(s);
    let mut chars = t.char_indices().peekable();
    // Circled numbers ①–⑳.
    if let Some(&(_, c)) = chars.peek()
        && ('\u{2460}'..='\u{2473}').contains(&c)
    {
        return trim(&t[c.len_utf8()..]);
    }
    let open = matches!(chars.peek(), Some(&(_, '(' | '（')));
    if open {
        chars.next();
    }
    let mut digits = 0;
    let mut ordinals = 0;
    while let Some(&(_, c)) = chars.peek() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            digits += 1;
        } else if CHINESE_ORDINALS.contains(&c) {
            ordinals += 1;
        } else {
            break;
        }
        chars.next();
    }
    if (digits == 0 && ordinals == 0) || digits > 3 || ordinals > 3 || (digits > 0 && ordinals > 0)
    {
        return t;
    }
    match chars.next() {
        Some((i, c)) => {
            let closes = matches!(c, ')' | '）');
            let separates = matches!(c, '.' | '．' | '、' | ':' | '：' | ' ' | '\u{3000}');
            if closes || (!open && separates) {
                let mut rest = &t[i + c.len_utf8()..];
                // `1).` and `(1)、` forms.
                if let Some(r) = rest.strip_prefix(['.', '、', '．']) {
                    rest = r;
                }
                let rest = trim(rest);
                if rest.is_empty() { t } else { rest }
            } else {
                t
            }
        }
        None => t,
    }
}

/// Levenshtein distance over characters, for short strings (column names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

/// [`edit_distance`] over strings already split into characters.
pub fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Four-digit years (1900–2199) written in a text, in order: `2023年度` → 2023,
/// `2021-2023年` → 2021, 2023. Chinese digits (`二〇二三年`) count too.
pub fn years_in(text: &str) -> Vec<i32> {
    let digits: Vec<Option<u32>> = text
        .chars()
        .map(|c| match half_width_char(c) {
            d @ '0'..='9' => d.to_digit(10),
            '〇' | '零' | 'Ｏ' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        })
        .collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i < digits.len() {
        let run = digits[i..].iter().take_while(|d| d.is_some()).count();
        if run == 4 {
            let year = digits[i..i + 4]
                .iter()
                .flatten()
                .fold(0i32, |acc, d| acc * 10 + *d as i32);
            if (1900..2200).contains(&year) {
                years.push(year);
            }
        }
        i += run.max(1);
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(half_width("１２３．５"), "123.5");
        assert_eq!(half_width("营业收入（万元）"), "营业收入(万元)");
        assert!(matches!(half_width("123"), Cow::Borrowed(_)));
    }

    #[test]
    fn match_keys_ignore_spaces_case_and_marks() {
        assert_eq!(match_key(" 营业 收入（万元）"), "营业收入(万元)");
        assert_eq!(match_key("*Land Area【亩】"), "landarea(亩)");
        assert_eq!(key_without_brackets("企业(单位)名称"), "企业名称");
        assert_eq!(key_flat("企业(单位)名称"), "企业单位名称");
    }

    #[test]
    fn strips_list_numbering_only() {
        assert_eq!(strip_numbering("1. 营业收入 (万元)"), "营业收入 (万元)");
        assert_eq!(strip_numbering("2、税收"), "税收");
        assert_eq!(strip_numbering("（一）基本信息"), "基本信息");
        assert_eq!(strip_numbering("(3)用地"), "用地");
        assert_eq!(strip_numbering("十二、用电量"), "用电量");
        assert_eq!(strip_numbering("①能耗"), "能耗");
        assert_eq!(strip_numbering("１．研发投入"), "研发投入");
        assert_eq!(strip_numbering("2023年营业收入"), "2023年营业收入");
        assert_eq!(strip_numbering("一票否决"), "一票否决");
        assert_eq!(strip_numbering("3"), "3");
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("营业收入", "营业收人"), 1);
        assert_eq!(edit_distance("revenue", "revenu"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn finds_years_in_text() {
        assert_eq!(years_in("2023年度XX园区企业亩均效益统计表"), vec![2023]);
        assert_eq!(years_in("2021-2023年"), vec![2021, 2023]);
        assert_eq!(years_in("二〇二二年"), vec![2022]);
        assert_eq!(years_in("Sheet1"), Vec::<i32>::new());
        assert_eq!(years_in("12345"), Vec::<i32>::new());
    }
}
