//! Records: the data rows of one enterprise sheet read into [`EnterpriseRecord`]s through a
//! column mapping, with a diagnostic for every cell that could not be used. Blank rows,
//! total rows (`合计`, `小计`) and footnotes (`注：…`, `填表人：…`) are skipped with an info; a row
//! without a name is an error and is skipped; every other row survives its bad cells.
//!
//! Owns the row loop and the wording of cell diagnostics. Header detection and mapping happen
//! before (this module only reads their results); duplicates across sheets are checked after.

use std::collections::BTreeSet;

use super::cells::{self, BoolCell, FlagCell, NumberCell, YearCell};
use super::credit_code::{self, CreditCodeProblem};
use super::header::HeaderLayout;
use super::mapping::ColumnMap;
use super::normalize::{half_width, trim};
use super::raw::{RawCell, RawSheet};
use super::units::{CellScale, Quantity, Unit, cell_scale};
use super::validate::{self, OutlierKind};
use crate::dataset::{EnterpriseRecord, FieldId, FieldKind, Flag, RowSource};
use crate::diagnostic::{Diagnostic, Location, Text};

/// One enterprise sheet ready to be read.
pub struct SheetInput<'a> {
    pub sheet: &'a RawSheet,
    pub layout: &'a HeaderLayout,
    pub columns: &'a [ColumnMap],
    /// The year of rows that have no year cell (from the sheet name, title, options or fallback).
    pub year: i32,
    /// Whether the workbook's date serials count from 1904.
    pub date_1904: bool,
}

/// What was read from one sheet.
#[derive(Debug, Default)]
pub struct SheetRecords {
    pub records: Vec<EnterpriseRecord>,
    /// Rows turned into records.
    pub rows_read: u32,
    /// Rows skipped (blank, totals, notes, no name).
    pub rows_skipped: u32,
    pub years: BTreeSet<i32>,
}

/// A mapped column, resolved for the row loop.
struct Col<'a> {
    index: usize,
    field: FieldId,
    header: &'a str,
    unit: Option<Unit>,
}

/// Words that mark a total row.
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "共计"];
/// English total labels (matched whole, or as the start: `Total (2023)`).
const TOTAL_WORDS_EN: &[&str] = &["total", "subtotal", "grandtotal", "sum"];

/// Words that start a footnote row under the table.
const NOTE_STARTS: &[&str] = &[
    "注:",
    "注：",
    "注1",
    "说明:",
    "说明：",
    "备注:",
    "备注：",
    "填表人",
    "制表人",
    "审核人",
    "负责人",
    "联系人",
    "联系电话",
    "单位负责人",
    "统计负责人",
    "填报人",
    "note:",
    "notes:",
];

fn is_total_text(text: &str) -> bool {
    // Fast path: most names contain no total word at all.
    let t = trim(text);
    let maybe_cjk = ["计", "其中"].iter().any(|w| t.contains(w));
    let maybe_en = t
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 't' | 's' | 'g'));
    if !maybe_cjk && !maybe_en {
        return false;
    }
    let key: String = half_width(trim(text))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if key.is_empty() {
        return false;
    }
    let company = ["公司", "厂", "企业", "集团", "中心", "合作社"]
        .iter()
        .any(|w| key.contains(w));
    TOTAL_WORDS.iter().any(|w| {
        key == *w
            || (!company && key.starts_with(w) && key.chars().count() <= w.chars().count() + 6)
            || (!company && key.ends_with(w))
    }) || TOTAL_WORDS_EN.iter().any(|w| {
        key == *w || key.starts_with(&format!("{w}(")) || key.starts_with(&format!("{w}:"))
    }) || key.starts_with("其中:")
}

fn is_note_text(text: &str) -> bool {
    // Fast path: the first character of every note start.
    let first = trim(text).chars().next().map(|c| c.to_ascii_lowercase());
    if !first.is_some_and(|c| "注说备填制审负联单统n".contains(c)) {
        return false;
    }
    let t: String = half_width(trim(text))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let lower = t.to_lowercase();
    NOTE_STARTS
        .iter()
        .any(|s| lower.starts_with(&s.to_lowercase()))
}

fn is_blank(cell: &RawCell) -> bool {
    match cell {
        RawCell::Empty => true,
        RawCell::Text(t) => trim(t).is_empty(),
        _ => false,
    }
}

/// Reads every data row of a sheet.
pub fn read_sheet(input: &SheetInput, diags: &mut Vec<Diagnostic>) -> SheetRecords {
    let sheet_name = input.sheet.name.as_str();
    let cols: Vec<Col> = input
        .columns
        .iter()
        .filter_map(|m| {
            m.target.field().map(|field| Col {
                index: m.column as usize,
                field,
                header: &m.header,
                unit: m.unit,
            })
        })
        .collect();
    let name_col = cols
        .iter()
        .find(|c| c.field == FieldId::Name)
        .map(|c| c.index);
    let mut out = SheetRecords::default();
    let mut blank_rows = 0u32;
    let mut first_blank = None;
    // Per numeric column: (values in canonical unit) for the unit plausibility check.
    let mut column_values: Vec<Vec<f64>> = vec![Vec::new(); cols.len()];
    static EMPTY: RawCell = RawCell::Empty;

    for r in input.layout.data_start..input.sheet.rows.len() {
        let Some(row) = input.sheet.rows.get(r) else {
            break;
        };
        let excel_row = (r + 1) as u32;
        let cell = |c: usize| row.get(c).unwrap_or(&EMPTY);
        // A row with nothing in any mapped column is blank (even if a 序号 is left over).
        if cols.iter().all(|c| is_blank(cell(c.index))) {
            if row.iter().any(|c| !is_blank(c)) && is_note_row(row) {
                note_row(diags, sheet_name, excel_row, row);
            } else {
                blank_rows += 1;
                first_blank.get_or_insert(excel_row);
            }
            out.rows_skipped += 1;
            continue;
        }
        if let Some(word) = total_word(row, name_col) {
            diags.push(Diagnostic::info(
                "row.total",
                Location { sheet: Some(sheet_name.to_string()), row: Some(excel_row), ..Location::default() },
                Text::new(
                    format!("第 {excel_row} 行是“{word}”行，已跳过（合计由本工具重新计算）。"),
                    format!("Row {excel_row} is a \"{word}\" (total) row and was skipped; totals are recomputed."),
                ),
            ));
            out.rows_skipped += 1;
            continue;
        }
        if is_note_row(row) {
            note_row(diags, sheet_name, excel_row, row);
            out.rows_skipped += 1;
            continue;
        }
        let name = name_col
            .and_then(|c| cells::text(cell(c)))
            .filter(|n| !cells::is_placeholder(n));
        let Some(name) = name else {
            let (column, header) = match cols.iter().find(|c| c.field == FieldId::Name) {
                Some(c) => (Some(c.index as u32), Some(c.header.to_string())),
                None => (None, None),
            };
            diags.push(
                Diagnostic::error(
                    "row.missing_name",
                    Location {
                        sheet: Some(sheet_name.to_string()),
                        row: Some(excel_row),
                        column,
                        header,
                    },
                    Text::new(
                        format!("第 {excel_row} 行没有企业名称，整行未读入。"),
                        format!("Row {excel_row} has no enterprise name; the row was not read."),
                    ),
                )
                .with_fix(Text::new(
                    "请填写企业名称，或删除该行。",
                    "Fill in the enterprise name or delete the row.",
                )),
            );
            out.rows_skipped += 1;
            continue;
        };

        let mut rec = EnterpriseRecord {
            name,
            year: input.year,
            source: Some(RowSource {
                sheet: sheet_name.to_string(),
                row: excel_row,
            }),
            ..EnterpriseRecord::default()
        };
        let ctx = CellCtx {
            sheet: sheet_name,
            row: excel_row,
        };
        for (ci, col) in cols.iter().enumerate() {
            let raw = cell(col.index);
            let loc = || Location::cell(sheet_name, excel_row, col.index as u32, col.header);
            match col.field.kind() {
                FieldKind::Text => match col.field {
                    FieldId::Name => {}
                    FieldId::CreditCode => {
                        rec.credit_code = read_credit_code(raw, &ctx, col, diags)
                    }
                    FieldId::Industry => {
                        rec.industry = cells::text(raw).filter(|t| !cells::is_placeholder(t))
                    }
                    FieldId::Park => {
                        rec.park = cells::text(raw).filter(|t| !cells::is_placeholder(t))
                    }
                    _ => {}
                },
                FieldKind::Year => match cells::year(raw, input.date_1904) {
                    YearCell::Year(y) => rec.year = y,
                    YearCell::Empty => diags.push(
                        Diagnostic::warning(
                            "year.missing",
                            loc(),
                            Text::new(
                                format!("年度为空，按 {} 年处理。", input.year),
                                format!("The year is empty; {} is used.", input.year),
                            ),
                        )
                        .with_fix(Text::new(
                            "请填写年度，如 2023。",
                            "Fill in the year, e.g. 2023.",
                        )),
                    ),
                    YearCell::ExcelError | YearCell::Invalid => diags.push(
                        Diagnostic::warning(
                            "year.invalid",
                            loc(),
                            Text::new(
                                format!("“{}”不是年度，按 {} 年处理。", shown(raw), input.year),
                                format!(
                                    "\"{}\" is not a year; {} is used.",
                                    shown(raw),
                                    input.year
                                ),
                            ),
                        )
                        .with_fix(Text::new(
                            "请填写四位年度，如 2023。",
                            "Write the year as four digits, e.g. 2023.",
                        )),
                    ),
                },
                FieldKind::Bool => {
                    let value = read_bool(raw, &ctx, col, diags);
                    match col.field {
                        FieldId::Leading => rec.leading = value,
                        FieldId::HighTech => rec.high_tech = value,
                        FieldId::AboveScale => rec.above_scale = value,
                        FieldId::NewProject => rec.new_project = value,
                        _ => {}
                    }
                }
                FieldKind::FlagText => {
                    let value = match cells::flag(raw) {
                        FlagCell::Empty => None,
                        FlagCell::ExcelError => {
                            excel_error(diags, loc(), raw);
                            None
                        }
                        FlagCell::Value { value, note } => Some(Flag { value, note }),
                    };
                    match col.field {
                        FieldId::Veto => rec.veto = value,
                        FieldId::Exempt => rec.exempt = value,
                        _ => {}
                    }
                }
                FieldKind::Money
                | FieldKind::Area
                | FieldKind::Count
                | FieldKind::Energy
                | FieldKind::Electricity
                | FieldKind::Mass => {
                    let value = read_number(raw, &ctx, col, diags);
                    if let Some(v) = value {
                        column_values[ci].push(v);
                    }
                    if let Some(slot) = rec.number_mut(col.field) {
                        *slot = value;
                    }
                }
            }
        }
        for o in validate::outliers(&rec) {
            outlier_warning(diags, &ctx, &cols, o);
        }
        out.years.insert(rec.year);
        out.records.push(rec);
        out.rows_read += 1;
    }

    for (ci, col) in cols.iter().enumerate() {
        let Some(quantity) = Quantity::of(col.field.kind()) else {
            continue;
        };
        let values = &mut column_values[ci];
        if values.len() < 3 {
            continue;
        }
        let Some(m) = validate::median(values) else {
            continue;
        };
        if let Some((looks_like, limit)) = validate::suspicious_unit(quantity, m) {
            let read_as = col.unit.unwrap_or(quantity.canonical());
            diags.push(
                Diagnostic::warning(
                    "unit.suspicious",
                    Location::cell(sheet_name, input.layout.last_row as u32 + 1, col.index as u32, col.header),
                    Text::new(
                        format!(
                            "“{}”列按“{}”读取后中位数为 {} {}，超过 {}，数字像是以“{}”为单位。",
                            col.header,
                            read_as.symbol(),
                            cells::format_number(m.round()),
                            quantity.canonical().symbol(),
                            cells::format_number(limit),
                            looks_like.symbol()
                        ),
                        format!(
                            "Column \"{}\" read in \"{}\" has a median of {} {}, above {}; the numbers look like they are in \"{}\".",
                            col.header,
                            read_as.symbol(),
                            cells::format_number(m.round()),
                            quantity.canonical().symbol(),
                            cells::format_number(limit),
                            looks_like.symbol()
                        ),
                    ),
                )
                .with_fix(Text::new(
                    format!("请核对单位；如确为“{}”，请在列名中写明或在“列对应”中选择。", looks_like.symbol()),
                    format!("Check the unit; if it is \"{}\", state it in the column name or choose it in the column mapping.", looks_like.symbol()),
                )),
            );
        }
    }

    if blank_rows > 0 {
        diags.push(Diagnostic::info(
            "row.blank",
            Location {
                sheet: Some(sheet_name.to_string()),
                row: first_blank,
                ..Location::default()
            },
            Text::new(
                format!("跳过了 {blank_rows} 个空行。"),
                format!("Skipped {blank_rows} blank row(s)."),
            ),
        ));
    }
    out
}

/// The total word of a total row (in the name column or one of the first two filled cells).
fn total_word(row: &[RawCell], name_col: Option<usize>) -> Option<String> {
    let candidates = name_col.into_iter().chain(
        row.iter()
            .enumerate()
            .filter(|(_, c)| !is_blank(c))
            .take(2)
            .map(|(i, _)| i),
    );
    for c in candidates {
        if let Some(RawCell::Text(t)) = row.get(c)
            && is_total_text(t)
        {
            return Some(trim(t).to_string());
        }
    }
    None
}

fn is_note_row(row: &[RawCell]) -> bool {
    let mut filled = row.iter().filter(|c| !is_blank(c));
    match filled.next() {
        Some(RawCell::Text(t)) => is_note_text(t) && filled.count() <= 2,
        _ => false,
    }
}

fn note_row(diags: &mut Vec<Diagnostic>, sheet: &str, row: u32, cells_: &[RawCell]) {
    let text = cells_.iter().find_map(cells::text).unwrap_or_default();
    let short: String = text.chars().take(20).collect();
    diags.push(Diagnostic::info(
        "row.note",
        Location {
            sheet: Some(sheet.to_string()),
            row: Some(row),
            ..Location::default()
        },
        Text::new(
            format!("第 {row} 行是表注（“{short}”），已跳过。"),
            format!("Row {row} is a note (\"{short}\") and was skipped."),
        ),
    ));
}

struct CellCtx<'a> {
    sheet: &'a str,
    row: u32,
}

impl CellCtx<'_> {
    fn loc(&self, col: &Col) -> Location {
        Location::cell(self.sheet, self.row, col.index as u32, col.header)
    }
}

/// The cell as the user typed it, for messages.
fn shown(cell: &RawCell) -> String {
    match cell {
        RawCell::Error(e) => e.clone(),
        _ => cells::text(cell).unwrap_or_default(),
    }
}

fn excel_error(diags: &mut Vec<Diagnostic>, loc: Location, cell: &RawCell) {
    let e = shown(cell);
    diags.push(
        Diagnostic::error(
            "cell.excel_error",
            loc,
            Text::new(
                format!("单元格是 Excel 错误值“{e}”，按缺失处理。"),
                format!("The cell holds the Excel error \"{e}\"; treated as missing."),
            ),
        )
        .with_fix(Text::new(
            "请在原表中修正公式，或把公式结果粘贴为数值。",
            "Fix the formula in the workbook, or paste its result as a value.",
        )),
    );
}

fn read_number(
    raw: &RawCell,
    ctx: &CellCtx,
    col: &Col,
    diags: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let quantity = Quantity::of(col.field.kind())?;
    let column_unit = col.unit.unwrap_or(quantity.canonical());
    let loc = || ctx.loc(col);
    let (value, suffix) = match cells::number(raw) {
        NumberCell::Empty | NumberCell::Placeholder => return None,
        NumberCell::Number { value, suffix } => (value, suffix),
        NumberCell::ExcelError(_) => {
            excel_error(diags, loc(), raw);
            return None;
        }
        NumberCell::Ambiguous => {
            let t = shown(raw);
            diags.push(
                Diagnostic::error(
                    "cell.ambiguous_number",
                    loc(),
                    Text::new(
                        format!("“{t}”无法确定哪个是小数点、哪个是千位分隔符，按缺失处理。"),
                        format!("\"{t}\" is ambiguous: the decimal and thousands separators cannot be told apart; treated as missing."),
                    ),
                )
                .with_fix(Text::new(
                    "请用“.”作小数点、不写千位分隔符，如 1234.5。",
                    "Use \".\" as the decimal point and no thousands separator, e.g. 1234.5.",
                )),
            );
            return None;
        }
        NumberCell::Invalid | NumberCell::Date => {
            not_a_number(diags, loc(), raw, col);
            return None;
        }
    };
    let canonical = match suffix.as_deref() {
        None => column_unit.to_canonical(value),
        Some(s) => match cell_scale(s, quantity) {
            Some(CellScale::Unit(u)) => u.to_canonical(value),
            Some(CellScale::Times(k)) => column_unit.to_canonical(value * k),
            Some(CellScale::Percent) => {
                let t = shown(raw);
                diags.push(
                    Diagnostic::error(
                        "cell.unexpected_percent",
                        loc(),
                        Text::new(
                            format!("“{t}”是百分比，但“{}”不是比例，按缺失处理。", col.field.label_zh()),
                            format!("\"{t}\" is a percentage but \"{}\" is not a share; treated as missing.", col.field.label_en()),
                        ),
                    )
                    .with_fix(Text::new("请填写数值本身。", "Enter the amount itself.")),
                );
                return None;
            }
            None => {
                let t = shown(raw);
                diags.push(
                    Diagnostic::error(
                        "cell.unknown_unit",
                        loc(),
                        Text::new(
                            format!(
                                "“{t}”中的“{s}”不是{}单位，按缺失处理。",
                                quantity.label_zh()
                            ),
                            format!(
                                "\"{s}\" in \"{t}\" is not a unit of {}; treated as missing.",
                                quantity.label_en()
                            ),
                        ),
                    )
                    .with_fix(Text::new(
                        format!("请只填数字（单位“{}”）。", column_unit.symbol()),
                        format!("Enter just the number (in \"{}\").", column_unit.symbol()),
                    )),
                );
                return None;
            }
        },
    };
    if !canonical.is_finite() {
        not_a_number(diags, loc(), raw, col);
        return None;
    }
    let may_be_negative = matches!(col.field, FieldId::Tax | FieldId::ValueAdded);
    if canonical < 0.0 && !may_be_negative {
        let t = shown(raw);
        diags.push(
            Diagnostic::error(
                "cell.negative",
                loc(),
                Text::new(
                    format!("{}不能为负数（“{t}”），按缺失处理。", col.field.label_zh()),
                    format!(
                        "{} cannot be negative (\"{t}\"); treated as missing.",
                        col.field.label_en()
                    ),
                ),
            )
            .with_fix(Text::new("请核对该数值。", "Check the value.")),
        );
        return None;
    }
    Some(canonical)
}

fn not_a_number(diags: &mut Vec<Diagnostic>, loc: Location, raw: &RawCell, col: &Col) {
    let t = shown(raw);
    let (zh, en) = if matches!(raw, RawCell::DateSerial(_)) {
        (
            format!(
                "这里需要{}数值，单元格却是日期，按缺失处理。",
                col.field.label_zh()
            ),
            format!(
                "A number ({}) is expected but the cell holds a date; treated as missing.",
                col.field.label_en()
            ),
        )
    } else {
        (
            format!("“{t}”不是数字，按缺失处理。"),
            format!("\"{t}\" is not a number; treated as missing."),
        )
    };
    diags.push(
        Diagnostic::error("cell.not_a_number", loc, Text::new(zh, en)).with_fix(Text::new(
            "请填写数字，如 1234.5。",
            "Enter a number, e.g. 1234.5.",
        )),
    );
}

fn read_bool(raw: &RawCell, ctx: &CellCtx, col: &Col, diags: &mut Vec<Diagnostic>) -> Option<bool> {
    match cells::boolean(raw) {
        BoolCell::Empty => None,
        BoolCell::Value(b) => Some(b),
        BoolCell::ExcelError => {
            excel_error(diags, ctx.loc(col), raw);
            None
        }
        BoolCell::Invalid => {
            let t = shown(raw);
            diags.push(
                Diagnostic::error(
                    "cell.not_a_bool",
                    ctx.loc(col),
                    Text::new(
                        format!("“{t}”不是“是/否”，按缺失处理。"),
                        format!("\"{t}\" is not a yes/no; treated as missing."),
                    ),
                )
                .with_fix(Text::new(
                    "请填写“是”或“否”。",
                    "Enter 是 (yes) or 否 (no).",
                )),
            );
            None
        }
    }
}

fn read_credit_code(
    raw: &RawCell,
    ctx: &CellCtx,
    col: &Col,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let RawCell::Error(_) = raw {
        excel_error(diags, ctx.loc(col), raw);
        return None;
    }
    let text = cells::text(raw)?;
    if cells::is_placeholder(&text) {
        return None;
    }
    let code = credit_code::normalize(&text);
    if code.is_empty() {
        return None;
    }
    let fix = Text::new(
        "请对照营业执照核对统一社会信用代码；跨年度匹配企业会用到它。",
        "Check the code against the business licence; it links the enterprise across years.",
    );
    let problem = match credit_code::validate(&code) {
        Ok(()) => return Some(code),
        Err(p) => p,
    };
    let (code_id, zh, en) = match problem {
        CreditCodeProblem::Length(n) => (
            "credit_code.length",
            format!("统一社会信用代码“{code}”有 {n} 位，应为 18 位。"),
            format!("The credit code \"{code}\" has {n} characters; 18 are expected."),
        ),
        CreditCodeProblem::Charset { position, found } => (
            "credit_code.charset",
            format!(
                "统一社会信用代码“{code}”第 {position} 位“{found}”不是有效字符（不用 I、O、S、V、Z）。"
            ),
            format!(
                "Character {position} (\"{found}\") of the credit code \"{code}\" is not allowed (I, O, S, V, Z are never used)."
            ),
        ),
        CreditCodeProblem::CheckDigit { expected, found } => (
            "credit_code.check_digit",
            format!(
                "统一社会信用代码“{code}”校验位应为“{expected}”，实为“{found}”，可能有录入错误。"
            ),
            format!(
                "The check character of the credit code \"{code}\" should be \"{expected}\", not \"{found}\"; it may be mistyped."
            ),
        ),
    };
    diags.push(Diagnostic::warning(code_id, ctx.loc(col), Text::new(zh, en)).with_fix(fix));
    Some(code)
}

fn outlier_warning(diags: &mut Vec<Diagnostic>, ctx: &CellCtx, cols: &[Col], o: validate::Outlier) {
    let Some(col) = cols.iter().find(|c| c.field == o.field) else {
        return;
    };
    let v = cells::format_number((o.value * 100.0).round() / 100.0);
    let limit = cells::format_number(o.limit);
    let (zh, en) = match o.kind {
        OutlierKind::RevenuePerMu => (
            format!("亩均营业收入 {v} 万元/亩，超过 {limit}，请核对营业收入和用地面积的单位。"),
            format!(
                "Revenue per mu is {v} 万元/亩, above {limit}; check the units of revenue and land."
            ),
        ),
        OutlierKind::TaxPerMu => (
            format!("亩均税收 {v} 万元/亩，超过 {limit}，请核对税收和用地面积的单位。"),
            format!("Tax per mu is {v} 万元/亩, above {limit}; check the units of tax and land."),
        ),
        OutlierKind::Land => (
            format!("用地面积 {v} 亩，超过 {limit} 亩，可能是平方米。"),
            format!("Land area is {v} 亩, above {limit}; it may be in square metres."),
        ),
        OutlierKind::Employees => (
            format!("职工人数 {v}，超过 {limit}，请核对。"),
            format!("{v} employees, above {limit}; please check."),
        ),
    };
    diags.push(
        Diagnostic::warning("value.outlier", ctx.loc(col), Text::new(zh, en)).with_fix(Text::new(
            "数值已采用；如有误请在原表中更正。",
            "The value is used; correct it in the workbook if it is wrong.",
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_total_rows() {
        for t in [
            "合计",
            "合 计",
            "总计",
            "小计",
            "全园区合计",
            "Total",
            "其中：规上企业",
        ] {
            assert!(is_total_text(t), "{t}");
        }
        for t in [
            "雅安合计咨询有限公司",
            "甲公司",
            "累计投资",
            "Summit Co",
            "小计企业",
        ] {
            assert!(!is_total_text(t), "{t}");
        }
    }

    #[test]
    fn recognises_note_rows() {
        assert!(is_note_text("注：1. 数据来源于税务部门"));
        assert!(is_note_text("填表人：张三"));
        assert!(!is_note_text("注塑科技有限公司"));
    }
}
