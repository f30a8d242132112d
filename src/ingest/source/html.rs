//! HTML tables (the ".xls" that government and finance systems export as a web page) → one
//! [`RawSheet`] per `<table>`, with `colspan`/`rowspan` as merged ranges.
//!
//! A small tolerant tokenizer: tags, attributes, comments, entities; `<script>`/`<style>`
//! content is skipped; unclosed `<td>`/`<tr>` are closed implicitly as browsers do. Cell text is
//! whitespace-collapsed as a browser shows it, `<br>` is a line break, `&nbsp;` a space. A
//! `x:num` attribute (Excel's own HTML export) gives the cell's number. Owns only HTML; must not
//! decode bytes or interpret cell text.

use std::collections::HashSet;

use crate::ingest::raw::{RawCell, RawSheet};

use super::error::SourceError;
use super::grid::{Budget, SheetBuilder};
use super::limits::{MAX_COLUMNS, MAX_HTML_COLSPAN, MAX_HTML_ROWSPAN, MAX_ROWS};

/// Whether the text looks like a web page holding a table.
pub fn has_table(text: &str) -> bool {
    contains_ignore_case(text, "<table")
}

fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One table being built.
struct TableState {
    builder: SheetBuilder,
    caption: String,
    in_caption: bool,
    /// Row index of the current `<tr>` (`None` before the first).
    row: Option<u32>,
    /// Next column to try in the current row.
    col: u32,
    /// Slots covered by an earlier cell's `rowspan`/`colspan`.
    covered: HashSet<(u32, u32)>,
    cell: Option<OpenCell>,
}

struct OpenCell {
    row: u32,
    col: u32,
    text: String,
    number: Option<f64>,
}

impl TableState {
    fn new() -> TableState {
        TableState {
            builder: SheetBuilder::new(""),
            caption: String::new(),
            in_caption: false,
            row: None,
            col: 0,
            covered: HashSet::new(),
            cell: None,
        }
    }

    fn start_row(&mut self, budget: &mut Budget) -> Result<(), SourceError> {
        self.close_cell(budget)?;
        self.row = Some(self.row.map_or(0, |r| r.saturating_add(1)));
        self.col = 0;
        Ok(())
    }

    fn start_cell(
        &mut self,
        attrs: &[(String, String)],
        budget: &mut Budget,
    ) -> Result<(), SourceError> {
        self.close_cell(budget)?;
        let row = match self.row {
            Some(r) => r,
            None => {
                self.start_row(budget)?;
                0
            }
        };
        let mut col = self.col;
        while self.covered.contains(&(row, col)) && col < MAX_COLUMNS {
            col += 1;
        }
        let span = |name: &str, max: u32| -> u32 {
            attr(attrs, name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|v| *v >= 1)
                .map_or(1, |v| v.min(max))
        };
        let colspan = span("colspan", MAX_HTML_COLSPAN);
        let rowspan = span("rowspan", MAX_HTML_ROWSPAN).min(MAX_ROWS.saturating_sub(row).max(1));
        if colspan > 1 || rowspan > 1 {
            let last_row = row.saturating_add(rowspan - 1);
            let last_col = col.saturating_add(colspan - 1);
            self.builder.merge(row, col, last_row, last_col);
            // Only later rows need the covered set; this row advances past the span directly.
            if rowspan > 1 && u64::from(rowspan - 1) * u64::from(colspan) <= MAX_COVERED {
                for r in row + 1..=last_row {
                    for c in col..=last_col {
                        self.covered.insert((r, c));
                    }
                }
            }
        }
        self.col = col.saturating_add(colspan);
        let number = attr(attrs, "x:num")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite());
        self.cell = Some(OpenCell {
            row,
            col,
            text: String::new(),
            number,
        });
        Ok(())
    }

    fn close_cell(&mut self, budget: &mut Budget) -> Result<(), SourceError> {
        if let Some(cell) = self.cell.take() {
            let text = collapse(&cell.text);
            let value = match cell.number {
                Some(n) => RawCell::Number(n),
                None if text.is_empty() => RawCell::Empty,
                None => RawCell::Text(text),
            };
            self.builder.set(budget, cell.row, cell.col, value)?;
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(cell) = self.cell.as_mut() {
            cell.text.push_str(text);
        } else if self.in_caption {
            self.caption.push_str(text);
        }
    }
}

/// Most slots remembered as covered by row spans of one cell (bounds memory for hostile spans).
const MAX_COVERED: u64 = 100_000;

/// Collapses whitespace as a browser renders it; `\n` from `<br>` survives as a line break.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        out.push_str(&words.join(" "));
    }
    out.trim_matches('\n').to_string()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Reads every `<table>` of the page. `stem` names a lone table without caption.
pub fn read_html(
    text: &str,
    stem: &str,
    budget: &mut Budget,
) -> Result<Vec<RawSheet>, SourceError> {
    let mut done: Vec<(String, RawSheet)> = Vec::new();
    let mut stack: Vec<TableState> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, rest.get(..lt).unwrap_or_default());
        rest = rest.get(lt..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after
                .find("-->")
                .and_then(|i| after.get(i + 3..))
                .unwrap_or_default();
            continue;
        }
        let Some(tag) = parse_tag(rest) else {
            // A lone `<` is text.
            push_text(&mut stack, "<");
            rest = rest.get(1..).unwrap_or_default();
            continue;
        };
        rest = rest.get(tag.len..).unwrap_or_default();
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style" | "textarea" | "title", false) if !tag.self_closing => {
                let close = format!("</{}", tag.name);
                let end = find_ignore_case(rest, &close).unwrap_or(rest.len());
                rest = rest.get(end..).unwrap_or_default();
            }
            ("table", false) => stack.push(TableState::new()),
            ("table", true) => {
                if let Some(mut table) = stack.pop() {
                    table.close_cell(budget)?;
                    let caption = collapse(&table.caption);
                    done.push((caption, table.builder.finish()));
                }
            }
            ("caption", closing) => {
                if let Some(t) = stack.last_mut() {
                    t.in_caption = !closing;
                }
            }
            ("tr", false) => {
                if let Some(t) = stack.last_mut() {
                    t.start_row(budget)?;
                }
            }
            ("tr", true) => {
                if let Some(t) = stack.last_mut() {
                    t.close_cell(budget)?;
                }
            }
            ("td" | "th", false) => {
                if let Some(t) = stack.last_mut() {
                    t.start_cell(&tag.attrs, budget)?;
                }
            }
            ("td" | "th", true) => {
                if let Some(t) = stack.last_mut() {
                    t.close_cell(budget)?;
                }
            }
            ("br", _) => push_text(&mut stack, "\n"),
            ("p" | "div" | "li", true) => push_text(&mut stack, "\n"),
            _ => {}
        }
    }
    // Unclosed tables at the end of a truncated page still count.
    while let Some(mut table) = stack.pop() {
        table.close_cell(budget)?;
        let caption = collapse(&table.caption);
        done.push((caption, table.builder.finish()));
    }
    let count = done.len();
    let mut sheets = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    for (i, (caption, mut sheet)) in done.into_iter().enumerate() {
        if sheet.rows.is_empty() {
            continue;
        }
        let base = if !caption.is_empty() {
            caption.chars().take(31).collect()
        } else if count == 1 && !stem.is_empty() {
            stem.to_string()
        } else {
            format!("表{}", i + 1)
        };
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        used.insert(name.clone());
        sheet.name = name;
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn push_text(stack: &mut [TableState], raw: &str) {
    if raw.is_empty() {
        return;
    }
    if let Some(table) = stack.last_mut()
        && (table.cell.is_some() || table.in_caption)
    {
        table.push_text(&decode_entities(raw));
    }
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let pos = hay
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))?;
    hay.is_char_boundary(pos).then_some(pos)
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
    /// Bytes of the input the tag spans.
    len: usize,
}

/// Parses the tag at the start of `s` (which starts with `<`). `None` when it is not a tag.
fn parse_tag(s: &str) -> Option<Tag> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let first = *bytes.get(i)?;
    if first == b'!' || first == b'?' {
        // Doctype, CDATA or processing instruction: skip to `>`.
        let end = s.find('>').map_or(s.len(), |e| e + 1);
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            attrs: Vec::new(),
            len: end,
        });
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_'))
    {
        i += 1;
    }
    let name = s.get(name_start..i)?.to_ascii_lowercase();
    // Attributes.
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    attrs,
                    len: s.len(),
                });
            }
            Some(b'>') => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    attrs,
                    len: i + 1,
                });
            }
            Some(b'/') => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let key_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let key = s.get(key_start..i).unwrap_or_default().to_ascii_lowercase();
        if i == key_start {
            // A stray character such as `"`: skip it.
            i += 1;
            continue;
        }
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = i + 1;
                    let end = bytes
                        .get(start..)
                        .and_then(|r| r.iter().position(|b| *b == q))
                        .map_or(bytes.len(), |p| start + p);
                    value = decode_entities(s.get(start..end).unwrap_or_default());
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    value = decode_entities(s.get(start..i).unwrap_or_default());
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Decodes character references: numeric ones and the named ones such exports use.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        rest = rest.get(amp..).unwrap_or_default();
        let end = rest
            .get(1..)
            .and_then(|r| r.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')))
            .map(|e| e + 1);
        let (name, consumed) = match end {
            Some(e) if rest.get(e..e + 1) == Some(";") => {
                (rest.get(1..e).unwrap_or_default(), e + 1)
            }
            Some(e) => (rest.get(1..e).unwrap_or_default(), e),
            None => (rest.get(1..).unwrap_or_default(), rest.len()),
        };
        match entity(name) {
            Some(ch) => {
                out.push(ch);
                rest = rest.get(consumed..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code).map(|c| if c == '\u{a0}' { ' ' } else { c });
    }
    Some(match name {
        // A non-breaking space is a space for data purposes (`<td>&nbsp;</td>` is empty).
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "permil" => '‰',
        "radic" => '√',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::raw::MergedRange;

    fn text(s: &str) -> RawCell {
        RawCell::Text(s.to_string())
    }

    #[test]
    fn spans_become_merged_ranges_and_shift_later_cells() {
        let page = "<table><tr><th rowspan=2>企业名称</th><th colspan='2'>2023年</th></tr>\
                    <tr><td>营业收入&#xff08;万元）</td><td>税收</td></tr>\
                    <TR><TD>甲&nbsp;公司<td x:num=\"1234.5\">1,234.5<td>&amp;&lt;</TR></table>";
        let sheets = read_html(page, "x", &mut Budget::default()).unwrap();
        let s = &sheets[0];
        assert_eq!(s.name, "x");
        assert_eq!(s.rows[0], vec![text("企业名称"), text("2023年")]);
        assert_eq!(
            s.rows[1],
            vec![RawCell::Empty, text("营业收入（万元）"), text("税收")]
        );
        assert_eq!(
            s.rows[2],
            vec![text("甲 公司"), RawCell::Number(1234.5), text("&<")]
        );
        assert_eq!(
            s.merged,
            vec![
                MergedRange {
                    first_row: 0,
                    first_col: 0,
                    last_row: 1,
                    last_col: 0
                },
                MergedRange {
                    first_row: 0,
                    first_col: 1,
                    last_row: 0,
                    last_col: 2
                }
            ]
        );
    }

    #[test]
    fn tolerates_broken_markup() {
        for page in [
            "<table><tr><td>a",
            "<table><td>a</td><td>b",
            "<<table <tr><td x=>1 < 2</table>",
            "<table><tr><td colspan=99999999 rowspan=-3>z",
        ] {
            let sheets = read_html(page, "s", &mut Budget::default()).unwrap();
            assert_eq!(sheets.len(), 1, "{page}");
        }
        let sheets = read_html("<table><caption>企业</caption><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>", "s", &mut Budget::default()).unwrap();
        assert_eq!(
            sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["企业", "表2"]
        );
    }
}
