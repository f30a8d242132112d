//! Header detection: which rows of a sheet are the title and preamble (`2023年度…统计表`,
//! `填报单位：…`, `单位：万元`), which are the column header (one row, or two or three rows of a
//! merged header), and where data starts. Multi-row headers are flattened to `parent/child`,
//! using the sheet's merged ranges and forward-filling blank parent cells (merged headers often
//! export as a value followed by blanks). A units row (`万元 | 亩 | 人`) or a column-numbering
//! row (`甲 | 乙 | 1 | 2`) under the header is recognised and skipped.
//!
//! Owns the layout of a sheet's top rows only. It knows nothing about canonical fields: the
//! caller passes a predicate saying whether a text looks like a known column name.

use super::cells::{NumberCell, number, number_text};
use super::normalize::{half_width, trim};
use super::raw::{MergedRange, RawCell, RawSheet};
use super::units::Unit;

/// How many top rows are searched for the header.
pub const SCAN_ROWS: usize = 40;
/// The most rows one header may span.
pub const MAX_HEADER_ROWS: usize = 3;

/// The layout of a sheet's top rows. Row indices are 0-based (`rows[i]` is Excel row `i + 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderLayout {
    pub first_row: usize,
    pub last_row: usize,
    pub columns: Vec<HeaderColumn>,
    /// Texts of the cells above the header (title, 填报单位, 单位：万元), in reading order.
    pub preamble: Vec<String>,
    /// A row of units under the header, if any.
    pub units_row: Option<usize>,
    /// A row of column numbers under the header (`甲 | 乙 | 1 | 2`), if any.
    pub numbering_row: Option<usize>,
    /// The first data row.
    pub data_start: usize,
}

/// One column's header, flattened.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderColumn {
    /// 0-based column index.
    pub index: usize,
    /// The header texts from the top header row down, merged and forward-filled, without
    /// repeats: `["经济指标（元）", "营业收入"]`.
    pub parts: Vec<String>,
    /// `parts` joined with `/`, as shown to users.
    pub text: String,
    /// The unit written for this column in a units row, if any.
    pub unit_cell: Option<String>,
}

/// A view of the sheet's top rows with merged ranges at hand.
struct Grid<'a> {
    sheet: &'a RawSheet,
    merges: Vec<MergedRange>,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a RawSheet, rows: usize) -> Grid<'a> {
        let merges = sheet
            .merged
            .iter()
            .filter(|m| (m.first_row as usize) < rows && m.first_row <= m.last_row)
            .copied()
            .collect();
        Grid { sheet, merges }
    }

    fn cell(&self, r: usize, c: usize) -> &'a RawCell {
        static EMPTY: RawCell = RawCell::Empty;
        self.sheet
            .rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    fn width(&self, r: usize) -> usize {
        self.sheet.rows.get(r).map_or(0, |row| row.len())
    }

    /// The text of a cell as a header: trimmed text, numbers written out, empty for errors.
    fn text(&self, r: usize, c: usize) -> String {
        match self.cell(r, c) {
            RawCell::Text(t) => trim(t).to_string(),
            RawCell::Number(n) | RawCell::DateSerial(n) => super::cells::format_number(*n),
            RawCell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            RawCell::Empty | RawCell::Error(_) => String::new(),
        }
    }

    fn is_blank(&self, r: usize, c: usize) -> bool {
        match self.cell(r, c) {
            RawCell::Empty => true,
            RawCell::Text(t) => trim(t).is_empty(),
            _ => false,
        }
    }

    fn merge_at(&self, r: usize, c: usize) -> Option<&MergedRange> {
        self.merges.iter().find(|m| {
            (m.first_row as usize..=m.last_row as usize).contains(&r)
                && (m.first_col as usize..=m.last_col as usize).contains(&c)
        })
    }

    /// The text shown at a cell, taking merged ranges into account.
    fn shown(&self, r: usize, c: usize) -> String {
        match self.merge_at(r, c) {
            Some(m) => self.text(m.first_row as usize, m.first_col as usize),
            None => self.text(r, c),
        }
    }
}

/// What one row looks like.
#[derive(Debug, Clone, Copy, Default)]
struct RowShape {
    non_empty: usize,
    text: usize,
    numeric: usize,
    hits: usize,
    /// A title or preamble line: one cell only, or a `单位：`/`填报单位：` line.
    preamble: bool,
    /// A `单位：`/`填报单位：` line.
    preamble_text: bool,
}

fn is_numeric_cell(cell: &RawCell) -> bool {
    match cell {
        RawCell::Number(_) | RawCell::DateSerial(_) => true,
        RawCell::Text(t) => matches!(number_text(t), NumberCell::Number { .. }),
        _ => false,
    }
}

/// Words that start a preamble line (who filled the form, when, in which unit).
const PREAMBLE_STARTS: &[&str] = &[
    "填报单位",
    "填表单位",
    "编制单位",
    "报送单位",
    "制表",
    "填表人",
    "填报日期",
    "填报时间",
    "统计时间",
    "统计期:",
    "数据截至",
    "数据截止",
    "单位:",
    "金额单位",
    "计量单位:",
];

fn is_preamble_text(text: &str) -> bool {
    let t = half_width(text);
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    PREAMBLE_STARTS.iter().any(|p| t.starts_with(p)) || t.contains("单位:")
}

fn shape(grid: &Grid, r: usize, known: &dyn Fn(&str) -> bool) -> RowShape {
    let mut s = RowShape::default();
    for c in 0..grid.width(r) {
        let cell = grid.cell(r, c);
        if grid.is_blank(r, c) {
            continue;
        }
        s.non_empty += 1;
        if is_numeric_cell(cell) {
            s.numeric += 1;
            continue;
        }
        if let RawCell::Text(t) = cell {
            s.text += 1;
            if is_preamble_text(t) {
                s.preamble = true;
                s.preamble_text = true;
            }
            if known(t) {
                s.hits += 1;
            }
        }
    }
    if s.non_empty <= 1 {
        s.preamble = true;
    }
    s
}

/// Finds the header of a sheet. `known` says whether a header text names a known column.
/// `None` when no row looks like a header.
pub fn detect(sheet: &RawSheet, known: &dyn Fn(&str) -> bool) -> Option<HeaderLayout> {
    let scan = sheet.rows.len().min(SCAN_ROWS);
    let grid = Grid::new(sheet, scan + MAX_HEADER_ROWS + 2);
    let shapes: Vec<RowShape> = (0..scan).map(|r| shape(&grid, r, known)).collect();

    let candidate = |s: &RowShape| !s.preamble && s.text >= 2;
    let best = shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| candidate(s) && s.hits > 0)
        .max_by(|(ia, a), (ib, b)| {
            (a.hits, a.text, std::cmp::Reverse(*ia)).cmp(&(b.hits, b.text, std::cmp::Reverse(*ib)))
        })
        .map(|(i, _)| i);
    // Without a single known name, take the first all-text row that has numbers under it.
    let anchor = best.or_else(|| {
        (0..scan).find(|&r| {
            let s = shapes[r];
            candidate(&s)
                && s.numeric == 0
                && shapes
                    .get(r + 1)
                    .is_some_and(|n| n.numeric > 0 && !n.preamble)
        })
    })?;

    let mut first = anchor;
    let mut last = anchor;
    while last - first + 1 < MAX_HEADER_ROWS && first > 0 && connected(&grid, first - 1, first) {
        first -= 1;
    }
    while last - first + 1 < MAX_HEADER_ROWS
        && last + 1 < sheet.rows.len()
        && connected(&grid, last, last + 1)
    {
        last += 1;
    }
    Some(layout(&grid, first, last))
}

/// The layout for header rows the user chose (0-based, inclusive). `None` when the rows are not
/// in the sheet.
pub fn fixed(sheet: &RawSheet, first: usize, last: usize) -> Option<HeaderLayout> {
    if first > last || last >= sheet.rows.len() || last - first >= 2 * MAX_HEADER_ROWS {
        return None;
    }
    let grid = Grid::new(sheet, last + 3);
    Some(layout(&grid, first, last))
}

/// Column groups of an upper header row over a lower one: explicit horizontal merges, and a
/// text followed by blanks (or by copies of itself) under which the lower row has names.
fn groups(grid: &Grid, upper: usize, lower: usize) -> Vec<(usize, usize)> {
    let width = grid.width(upper).max(grid.width(lower));
    let mut spans = Vec::new();
    let mut c = 0;
    while c < width {
        if let Some(m) = grid.merge_at(upper, c)
            && m.first_col as usize == c
            && m.last_col > m.first_col
            && m.first_row as usize == upper
        {
            spans.push((c, m.last_col as usize));
            c = m.last_col as usize + 1;
            continue;
        }
        if !grid.is_blank(upper, c) && grid.merge_at(upper, c).is_none() {
            // Blanks after the text (a merge exported as value + blanks), or the same text
            // repeated (a merge exported with its value copied into every cell, as HTML
            // exports do).
            let text = grid.text(upper, c);
            let mut end = c;
            while end + 1 < width
                && (grid.is_blank(upper, end + 1) || grid.text(upper, end + 1) == text)
                && grid.merge_at(upper, end + 1).is_none()
                && !grid.is_blank(lower, end + 1)
            {
                end += 1;
            }
            if end > c {
                spans.push((c, end));
                c = end + 1;
                continue;
            }
        }
        c += 1;
    }
    spans
}

/// Whether `lower` continues the header started at `upper`: it has no numbers, at least two
/// names sit under a group of the upper row, and every other name repeats a vertically merged
/// upper cell or has nothing above it. An upper row whose single cell spans every name is a
/// title, not a parent.
fn connected(grid: &Grid, upper: usize, lower: usize) -> bool {
    let upper_shape = shape(grid, upper, &|_| false);
    if upper_shape.preamble_text || upper_shape.non_empty == 0 {
        return false;
    }
    let width = grid.width(upper).max(grid.width(lower));
    let spans = groups(grid, upper, lower);
    if spans.is_empty() {
        return false;
    }
    let mut under = 0;
    let mut outside = 0;
    for c in 0..width {
        if grid.is_blank(lower, c) {
            continue;
        }
        if is_numeric_cell(grid.cell(lower, c)) {
            return false;
        }
        if spans.iter().any(|&(a, b)| (a..=b).contains(&c)) {
            under += 1;
            continue;
        }
        let vertical = grid
            .merge_at(lower, c)
            .is_some_and(|m| (m.first_row as usize) <= upper && m.first_col == m.last_col)
            || grid.text(lower, c) == grid.text(upper, c);
        let nothing_above = grid.is_blank(upper, c) && grid.merge_at(upper, c).is_none();
        if vertical || nothing_above {
            outside += 1;
        } else {
            return false;
        }
    }
    let title = upper_shape.non_empty == 1 && outside == 0;
    under >= 2 && !title
}

fn layout(grid: &Grid, first: usize, last: usize) -> HeaderLayout {
    let width = (first..=last).map(|r| grid.width(r)).max().unwrap_or(0);
    let group_rows: Vec<Vec<(usize, usize)>> =
        (first..last).map(|r| groups(grid, r, r + 1)).collect();
    let mut columns = Vec::with_capacity(width);
    for c in 0..width {
        let mut parts: Vec<String> = Vec::new();
        for r in first..=last {
            let mut t = grid.shown(r, c);
            if t.is_empty() && r < last {
                // Forward-fill: the text of the group this column belongs to.
                if let Some(&(a, _)) = group_rows[r - first]
                    .iter()
                    .find(|&&(a, b)| (a..=b).contains(&c))
                {
                    t = grid.shown(r, a);
                }
            }
            if !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        let text = parts.join("/");
        columns.push(HeaderColumn {
            index: c,
            parts,
            text,
            unit_cell: None,
        });
    }
    let mut preamble = Vec::new();
    for r in 0..first {
        for c in 0..grid.width(r) {
            let t = grid.text(r, c);
            if !t.is_empty() {
                preamble.push(t);
            }
        }
    }
    let mut data_start = last + 1;
    let mut units_row = None;
    let mut numbering_row = None;
    for _ in 0..2 {
        if units_row.is_none() && is_units_row(grid, data_start) {
            for col in &mut columns {
                let t = grid.text(data_start, col.index);
                if Unit::parse_any(&t).is_some() {
                    col.unit_cell = Some(t);
                }
            }
            units_row = Some(data_start);
            data_start += 1;
        } else if numbering_row.is_none() && is_numbering_row(grid, data_start) {
            numbering_row = Some(data_start);
            data_start += 1;
        }
    }
    HeaderLayout {
        first_row: first,
        last_row: last,
        columns,
        preamble,
        units_row,
        numbering_row,
        data_start,
    }
}

const UNIT_ROW_LABELS: &[&str] = &["计量单位", "单位", "甲", "乙", "丙", "丁", "-", "—", "/"];
const COLUMN_LETTERS: &[&str] = &["甲", "乙", "丙", "丁", "戊", "己", "庚"];

/// `计量单位 | | 万元 | 亩 | 人`: every cell a unit or a label, at least one unit.
fn is_units_row(grid: &Grid, r: usize) -> bool {
    let mut units = 0;
    for c in 0..grid.width(r) {
        if grid.is_blank(r, c) {
            continue;
        }
        let t = grid.text(r, c);
        if Unit::parse_any(&t).is_some() {
            units += 1;
        } else if !UNIT_ROW_LABELS.contains(&half_width(&t).trim()) {
            return false;
        }
    }
    units > 0
}

/// `甲 | 乙 | 1 | 2 | 3`: column labels then consecutive numbers from 1, at least three cells.
fn is_numbering_row(grid: &Grid, r: usize) -> bool {
    let mut expected = 1.0;
    let mut cells = 0;
    for c in 0..grid.width(r) {
        if grid.is_blank(r, c) {
            continue;
        }
        cells += 1;
        match number(grid.cell(r, c)) {
            NumberCell::Number {
                value,
                suffix: None,
            } if value == expected => expected += 1.0,
            _ => {
                let t = grid.text(r, c);
                if !(COLUMN_LETTERS.contains(&t.as_str()) && expected == 1.0) {
                    return false;
                }
            }
        }
    }
    cells >= 3 && expected > 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            name: "S".into(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| match t.parse::<f64>() {
                            Ok(n) => RawCell::Number(n),
                            Err(_) if t.is_empty() => RawCell::Empty,
                            Err(_) => RawCell::Text((*t).to_string()),
                        })
                        .collect()
                })
                .collect(),
            merged: Vec::new(),
        }
    }

    fn known(t: &str) -> bool {
        [
            "企业名称",
            "营业收入",
            "税收",
            "用地面积",
            "用地面积（平方米）",
        ]
        .contains(&t)
    }

    #[test]
    fn skips_title_and_preamble() {
        let s = sheet(&[
            &["2023年度XX园区企业亩均效益统计表"],
            &["填报单位：XX园区", "", "单位：万元"],
            &["企业名称", "营业收入", "税收"],
            &["甲", "12", "1"],
        ]);
        let h = detect(&s, &known).unwrap();
        assert_eq!((h.first_row, h.last_row, h.data_start), (2, 2, 3));
        assert_eq!(
            h.preamble,
            vec![
                "2023年度XX园区企业亩均效益统计表",
                "填报单位：XX园区",
                "单位：万元"
            ]
        );
        let texts: Vec<_> = h.columns.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["企业名称", "营业收入", "税收"]);
    }

    #[test]
    fn flattens_forward_filled_two_row_headers() {
        let s = sheet(&[
            &["企业名称", "经济指标（元）", "", "用地面积（平方米）"],
            &["", "营业收入", "税收", ""],
            &["甲", "12", "1", "3"],
        ]);
        let h = detect(&s, &known).unwrap();
        assert_eq!((h.first_row, h.last_row), (0, 1));
        let texts: Vec<_> = h.columns.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "企业名称",
                "经济指标（元）/营业收入",
                "经济指标（元）/税收",
                "用地面积（平方米）"
            ]
        );
    }

    #[test]
    fn flattens_merged_two_row_headers() {
        let mut s = sheet(&[
            &["序号", "企业名称", "经济指标", "", "备注"],
            &["", "", "营业收入", "税收", ""],
            &["1", "甲", "12", "1", ""],
        ]);
        let m = |r0, c0, r1, c1| MergedRange {
            first_row: r0,
            first_col: c0,
            last_row: r1,
            last_col: c1,
        };
        s.merged = vec![m(0, 0, 1, 0), m(0, 1, 1, 1), m(0, 2, 0, 3), m(0, 4, 1, 4)];
        let h = detect(&s, &known).unwrap();
        assert_eq!((h.first_row, h.last_row), (0, 1));
        let texts: Vec<_> = h.columns.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "序号",
                "企业名称",
                "经济指标/营业收入",
                "经济指标/税收",
                "备注"
            ]
        );
    }

    #[test]
    fn does_not_take_a_data_row_for_a_header_row() {
        let s = sheet(&[
            &["企业名称", "营业收入", "", "税收"],
            &["甲", "是", "x", "否"],
        ]);
        let h = detect(&s, &known).unwrap();
        assert_eq!((h.first_row, h.last_row, h.data_start), (0, 0, 1));
    }

    #[test]
    fn skips_units_and_numbering_rows() {
        let s = sheet(&[
            &["企业名称", "营业收入", "用地面积"],
            &["计量单位", "万元", "亩"],
            &["甲", "1", "2"],
            &["某公司", "12", "3"],
        ]);
        let h = detect(&s, &known).unwrap();
        assert_eq!(
            (h.units_row, h.numbering_row, h.data_start),
            (Some(1), Some(2), 3)
        );
        assert_eq!(h.columns[1].unit_cell.as_deref(), Some("万元"));
    }

    #[test]
    fn a_single_parent_group_is_not_a_title() {
        let mut s = sheet(&[
            &["XX园区企业统计表"],
            &["", "经济指标（元）", "", ""],
            &["企业名称", "营业收入", "税收", "用地面积"],
            &["甲", "12", "1", "3"],
        ]);
        s.merged = vec![
            MergedRange {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 3,
            },
            MergedRange {
                first_row: 1,
                first_col: 1,
                last_row: 1,
                last_col: 2,
            },
        ];
        let h = detect(&s, &known).unwrap();
        assert_eq!((h.first_row, h.last_row), (1, 2));
        let texts: Vec<_> = h.columns.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "企业名称",
                "经济指标（元）/营业收入",
                "经济指标（元）/税收",
                "用地面积"
            ]
        );
        assert_eq!(h.preamble, vec!["XX园区企业统计表"]);
    }

    #[test]
    fn no_header_in_a_sheet_of_numbers() {
        let s = sheet(&[&["1", "2"], &["3", "4"]]);
        assert_eq!(detect(&s, &known), None);
    }
}
