//! Ingest: bytes of a spreadsheet export → a clean [`crate::Dataset`] plus diagnostics.
//!
//! Stages: `source` reads any supported format into a [`raw::RawWorkbook`]; [`interpret`] turns
//! that grid into canonical records:
//!
//! 1. [`sheets`]: list the sheets, find the park-facts sheet ([`park_sheet`]) and the enterprise
//!    sheets, and the year each holds (a year column, the sheet name, the title, the options).
//! 2. [`header`]: skip title and preamble rows, find the (possibly merged, multi-row) header.
//! 3. [`mapping`]: match each column once against the [`synonyms`] dictionary, apply the user's
//!    overrides, pick each numeric column's unit ([`units`]).
//! 4. [`records`]: read every data row through [`cells`] into records, with a diagnostic per bad
//!    cell; [`validate`] checks duplicates and implausible values; [`credit_code`] checks codes.
//!
//! *Architecture invariant:* interpreting never fails as a whole and never panics on user data:
//! whatever can be read is read, and everything else is a [`Diagnostic`] with a location as
//! Excel shows it. Pure Rust: no browser APIs, no UI types.

pub mod cells;
pub mod credit_code;
pub mod header;
pub mod mapping;
pub mod normalize;
pub mod park_sheet;
pub mod raw;
pub mod records;
pub mod sample;
pub mod sheets;
pub mod source;
pub mod synonyms;
pub mod template;
pub mod units;
pub mod validate;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, FieldId, ParkFacts};
use crate::diagnostic::{Diagnostic, Location, Text};
pub use mapping::{ColumnMap, ColumnOverride, ColumnTarget, UnitSource};
use raw::{RawSheet, RawWorkbook, SourceFormat};
pub use sheets::{SheetRole, YearSource};
pub use source::SourceOptions;
pub use units::Unit;

/// How to choose a sheet when detection should be overridden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetChoice {
    /// Detect from the sheet's name and content.
    #[default]
    Auto,
    /// No sheet has this role.
    None,
    /// The sheet with this name.
    Named(String),
}

/// Header rows chosen by the user for one sheet (1-based, inclusive, as Excel shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderRows {
    pub sheet: String,
    pub first: u32,
    pub last: u32,
}

/// Everything the user can override. The default detects everything. Plain serde data: saved
/// with a session and carried in share links.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOptions {
    /// The enterprise sheets by name; `None` detects them.
    #[serde(skip_serializing_if = "crate::serde_skip::none")]
    pub enterprise_sheets: Option<Vec<String>>,
    pub park_sheet: SheetChoice,
    /// Header rows per sheet; sheets not listed are detected.
    #[serde(skip_serializing_if = "crate::serde_skip::empty")]
    pub header_rows: Vec<HeaderRows>,
    /// Column choices (field or ignore, unit), applied on top of detection.
    #[serde(skip_serializing_if = "crate::serde_skip::empty")]
    pub mapping: Vec<ColumnOverride>,
    /// The year of rows when the file states none.
    #[serde(skip_serializing_if = "crate::serde_skip::none")]
    pub default_year: Option<i32>,
    /// Today's calendar year, passed in by the caller (never read from a clock here); used only
    /// for the fallback year (`current_year − 1`).
    #[serde(skip_serializing_if = "crate::serde_skip::none")]
    pub current_year: Option<i32>,
}

/// An inclusive range of 1-based rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSpan {
    pub first: u32,
    pub last: u32,
}

/// What was detected in one sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetReport {
    pub name: String,
    pub role: SheetRole,
    /// Why the sheet has this role.
    pub reason: Text,
    /// The sheet's year (rows without a year cell get it).
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub year_source: Option<YearSource>,
    /// The distinct years of the rows read, ascending.
    #[serde(default, skip_serializing_if = "crate::serde_skip::empty")]
    pub years: Vec<i32>,
    /// The header rows (1-based).
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub header_rows: Option<RowSpan>,
    /// The first data row (1-based).
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub data_start: Option<u32>,
    /// The column mapping (enterprise sheets).
    #[serde(default, skip_serializing_if = "crate::serde_skip::empty")]
    pub columns: Vec<ColumnMap>,
    /// An earlier enterprise sheet with the same headers (so the same mapping), if any.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub same_mapping_as: Option<String>,
    pub rows_read: u32,
    pub rows_skipped: u32,
}

/// What was detected about the whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    pub format: SourceFormat,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub encoding: Option<String>,
    pub date_1904: bool,
    pub sheets: Vec<SheetReport>,
}

impl IngestReport {
    /// The detected mapping of every enterprise sheet as overrides naming columns by header
    /// text, ready to be saved and applied to next year's file.
    pub fn mapping_overrides(&self) -> Vec<ColumnOverride> {
        let mut out: Vec<ColumnOverride> = Vec::new();
        for sheet in self
            .sheets
            .iter()
            .filter(|s| s.role == SheetRole::Enterprise)
        {
            for c in &sheet.columns {
                if c.header.is_empty() {
                    continue;
                }
                let o = ColumnOverride {
                    sheet: None,
                    column: None,
                    header: Some(c.header.clone()),
                    target: Some(c.target),
                    unit: c.unit,
                };
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// The report of one sheet by name.
    pub fn sheet(&self, name: &str) -> Option<&SheetReport> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// The result of interpreting a workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ingested {
    pub dataset: Dataset,
    pub report: IngestReport,
    pub diagnostics: Vec<Diagnostic>,
    /// Every park of a park sheet that lists several parks, one row each (a city workbook), in
    /// sheet order; empty when the sheet describes one park, which is `dataset.park`. The first
    /// one is also `dataset.park`, so a single-park reader sees what it always saw.
    #[serde(default, skip_serializing_if = "crate::serde_skip::empty")]
    pub parks: Vec<ParkFacts>,
}

/// A sheet on its way to becoming records.
struct Candidate<'a> {
    sheet: &'a RawSheet,
    layout: header::HeaderLayout,
    columns: Vec<ColumnMap>,
    diags: Vec<Diagnostic>,
}

/// Reads a file end to end: any supported format ([`source::read_source`]) and then
/// [`interpret`]. `Err` only when the file could not be read as a table at all (empty, binary,
/// encrypted, over the limits, …); the diagnostics say what the file is and what to do. Reading
/// diagnostics (detected encoding, file-name notes) come first in the result.
pub fn load(
    bytes: &[u8],
    file_name: &str,
    source: &SourceOptions,
    options: &IngestOptions,
) -> Result<Ingested, Vec<Diagnostic>> {
    let (workbook, diagnostics) = source::read_source(bytes, file_name, source);
    match workbook {
        Some(workbook) => Ok(interpret_read(&workbook, diagnostics, options)),
        None => Err(diagnostics),
    }
}

/// Reads text pasted from a spreadsheet (tab-separated cells) like a file.
pub fn load_pasted(text: &str, options: &IngestOptions) -> Result<Ingested, Vec<Diagnostic>> {
    let (workbook, diagnostics) = source::read_pasted(text);
    match workbook {
        Some(workbook) => Ok(interpret_read(&workbook, diagnostics, options)),
        None => Err(diagnostics),
    }
}

/// [`interpret`] for a workbook that was just read: the reading diagnostics (detected encoding,
/// file-name notes) come first in the result.
pub fn interpret_read(
    workbook: &RawWorkbook,
    mut read_diagnostics: Vec<Diagnostic>,
    options: &IngestOptions,
) -> Ingested {
    let mut ingested = interpret(workbook, options);
    read_diagnostics.append(&mut ingested.diagnostics);
    ingested.diagnostics = read_diagnostics;
    ingested
}

/// Interprets a workbook: finds the sheets, headers, columns, units and years, and reads every
/// row. Never fails; problems are diagnostics.
pub fn interpret(workbook: &RawWorkbook, options: &IngestOptions) -> Ingested {
    let mut diags = Vec::new();
    let mut reports: Vec<SheetReport> = workbook
        .sheets
        .iter()
        .map(|s| blank_report(&s.name))
        .collect();

    // Named sheets that do not exist.
    let exists = |name: &str| workbook.sheets.iter().any(|s| s.name == name);
    let mut missing: Vec<&str> = Vec::new();
    if let SheetChoice::Named(n) = &options.park_sheet
        && !exists(n)
    {
        missing.push(n);
    }
    for n in options.enterprise_sheets.iter().flatten() {
        if !exists(n) {
            missing.push(n);
        }
    }
    for n in missing {
        diags.push(
            Diagnostic::error(
                "sheet.not_found",
                Location::sheet(n),
                Text::new(
                    format!("找不到指定的工作表“{n}”。"),
                    format!("The chosen sheet \"{n}\" does not exist."),
                ),
            )
            .with_fix(Text::new("请重新选择工作表。", "Choose the sheet again.")),
        );
    }

    // 1. The park-facts sheet.
    let forced_enterprise = |name: &str| {
        options
            .enterprise_sheets
            .as_ref()
            .is_some_and(|l| l.iter().any(|n| n == name))
    };
    let park_index = match &options.park_sheet {
        SheetChoice::None => None,
        SheetChoice::Named(n) => workbook.sheets.iter().position(|s| &s.name == n),
        SheetChoice::Auto => workbook
            .sheets
            .iter()
            .position(|s| !forced_enterprise(&s.name) && looks_like_park_sheet(s)),
    };

    // 2. Enterprise candidates: header and mapping per sheet.
    let mut candidates: Vec<(usize, Candidate)> = Vec::new();
    for (i, sheet) in workbook.sheets.iter().enumerate() {
        if Some(i) == park_index {
            continue;
        }
        if let Some(list) = &options.enterprise_sheets
            && !list.iter().any(|n| n == &sheet.name)
        {
            reports[i].reason = Text::new("未选为企业数据表", "not chosen as an enterprise sheet");
            continue;
        }
        if sheet.rows.iter().all(|r| r.iter().all(is_blank_cell)) {
            reports[i].reason = Text::new("空表", "empty sheet");
            continue;
        }
        let mut sheet_diags = Vec::new();
        let layout = header_layout(sheet, options, &mut sheet_diags);
        let Some(layout) = layout else {
            reports[i].reason = Text::new("未找到表头行", "no header row found");
            continue;
        };
        let preamble_units: Vec<units::PreambleUnit> = layout
            .preamble
            .iter()
            .flat_map(|l| units::units_in_preamble(l))
            .collect();
        let ctx = mapping::MapContext {
            sheet: &sheet.name,
            header_row: layout.last_row as u32 + 1,
            preamble_units: &preamble_units,
            overrides: &options.mapping,
        };
        let columns = mapping::map_columns(&layout, &ctx, &mut sheet_diags);
        let has = |f: FieldId| columns.iter().any(|c| c.target == ColumnTarget::Field(f));
        let data_fields = columns
            .iter()
            .filter_map(|c| c.target.field())
            .filter(|f| *f != FieldId::Name)
            .count();
        let forced = forced_enterprise(&sheet.name);
        let usable = has(FieldId::Name) && data_fields >= 1;
        if !forced && !usable {
            reports[i].reason = if has(FieldId::Name) {
                Text::new(
                    "只有企业名称列，没有数据列",
                    "only a name column, no data columns",
                )
            } else {
                Text::new("没有企业名称列", "no enterprise-name column")
            };
            reports[i].header_rows = Some(span(&layout));
            continue;
        }
        if !has(FieldId::Name) {
            sheet_diags.push(
                Diagnostic::error(
                    "mapping.missing_name",
                    Location::sheet(&sheet.name),
                    Text::new(
                        format!("工作表“{}”没有对应“企业名称”的列，无法读入企业。", sheet.name),
                        format!("Sheet \"{}\" has no column mapped to the enterprise name; no rows can be read.", sheet.name),
                    ),
                )
                .with_fix(Text::new("请在“列对应”中指定企业名称列。", "Choose the enterprise-name column in the column mapping.")),
            );
        }
        candidates.push((
            i,
            Candidate {
                sheet,
                layout,
                columns,
                diags: sheet_diags,
            },
        ));
    }

    // 3. Years: sheet name, title, options, else a fallback the user is asked to confirm.
    let stated: Vec<Option<(i32, YearSource)>> = candidates
        .iter()
        .map(|(_, c)| {
            sheets::year_from_name(&c.sheet.name)
                .map(|y| (y, YearSource::SheetName))
                .or_else(|| {
                    sheets::year_from_preamble(&c.layout.preamble).map(|y| (y, YearSource::Title))
                })
                .or_else(|| options.default_year.map(|y| (y, YearSource::Option)))
        })
        .collect();
    let known_years: Vec<i32> = stated.iter().flatten().map(|(y, _)| *y).collect();
    let fallback = sheets::fallback_year(options.current_year, &known_years);

    // 4. Records.
    let mut dataset = Dataset::default();
    let mut seen_headers: Vec<(Vec<String>, String)> = Vec::new();
    for ((i, cand), stated) in candidates.into_iter().zip(stated) {
        let has_year_column = cand
            .columns
            .iter()
            .any(|c| c.target == ColumnTarget::Field(FieldId::Year));
        let (year, source) = match stated {
            Some((y, s)) => (y, s),
            None => (fallback, YearSource::Fallback),
        };
        diags.extend(cand.diags);
        if stated.is_none() && !has_year_column {
            diags.push(
                Diagnostic::warning(
                    "year.missing",
                    Location::sheet(&cand.sheet.name),
                    Text::new(
                        format!("工作表“{}”没有年度列，表名和标题也没有写年度；暂按 {fallback} 年处理。", cand.sheet.name),
                        format!(
                            "Sheet \"{}\" has no year column and neither its name nor its title states a year; {fallback} is used for now.",
                            cand.sheet.name
                        ),
                    ),
                )
                .with_fix(Text::new("请选择评价年度，或在表中加“年度”列。", "Choose the evaluation year, or add a 年度 (year) column.")),
            );
        }
        let input = records::SheetInput {
            sheet: cand.sheet,
            layout: &cand.layout,
            columns: &cand.columns,
            year,
            date_1904: workbook.date_1904,
        };
        let read = records::read_sheet(&input, &mut diags);
        for c in &cand.columns {
            if let Some(f) = c.target.field() {
                dataset.fields_present.insert(f);
            }
        }
        let headers: Vec<String> = cand.columns.iter().map(|c| c.header.clone()).collect();
        let same = seen_headers
            .iter()
            .find(|(h, _)| *h == headers)
            .map(|(_, n)| n.clone());
        if same.is_none() {
            seen_headers.push((headers, cand.sheet.name.clone()));
        }
        let report = &mut reports[i];
        report.role = SheetRole::Enterprise;
        report.reason = Text::new(
            "有企业名称和数据列",
            "has enterprise names and data columns",
        );
        report.year = Some(year);
        report.year_source = Some(if has_year_column {
            YearSource::Column
        } else {
            source
        });
        report.years = read.years.iter().copied().collect();
        report.header_rows = Some(span(&cand.layout));
        report.data_start = Some(cand.layout.data_start as u32 + 1);
        report.columns = cand.columns;
        report.same_mapping_as = same;
        report.rows_read = read.rows_read;
        report.rows_skipped = read.rows_skipped;
        dataset.enterprises.extend(read.records);
    }

    // 5. Duplicates within a year: keep the first, drop the later one with a warning.
    let dups = validate::duplicates(&dataset.enterprises);
    let mut drop = BTreeSet::new();
    for d in &dups {
        let (Some(first), Some(dup)) = (
            dataset.enterprises.get(d.first),
            dataset.enterprises.get(d.index),
        ) else {
            continue;
        };
        let first_at = first
            .source
            .as_ref()
            .map(|s| format!("“{}”第 {} 行", s.sheet, s.row))
            .unwrap_or_default();
        let first_at_en = first
            .source
            .as_ref()
            .map(|s| format!("sheet \"{}\" row {}", s.sheet, s.row))
            .unwrap_or_default();
        let how = if d.by_code {
            ("统一社会信用代码相同", "the same credit code")
        } else {
            ("企业名称相同", "the same name")
        };
        let loc = match &dup.source {
            Some(s) => Location {
                sheet: Some(s.sheet.clone()),
                row: Some(s.row),
                ..Location::default()
            },
            None => Location::none(),
        };
        diags.push(
            Diagnostic::warning(
                "row.duplicate",
                loc,
                Text::new(
                    format!("“{}”{} 年已在{first_at}出现（{}），本行未计入。", dup.name, dup.year, how.0),
                    format!("\"{}\" already appears for {} at {first_at_en} ({}); this row is not counted.", dup.name, dup.year, how.1),
                ),
            )
            .with_fix(Text::new("请删除重复行，或核对企业名称和信用代码。", "Delete the duplicate row, or check the names and credit codes.")),
        );
        drop.insert(d.index);
    }
    if !drop.is_empty() {
        for &index in &drop {
            let sheet = dataset
                .enterprises
                .get(index)
                .and_then(|r| r.source.as_ref())
                .map(|s| s.sheet.as_str());
            if let Some(r) = reports.iter_mut().find(|r| Some(r.name.as_str()) == sheet) {
                r.rows_read = r.rows_read.saturating_sub(1);
                r.rows_skipped += 1;
            }
        }
        let mut i = 0;
        dataset.enterprises.retain(|_| {
            let keep = !drop.contains(&i);
            i += 1;
            keep
        });
    }

    // 6. Park facts: one park, or one per row when the sheet lists several.
    let mut parks = Vec::new();
    if let Some(p) = park_index.and_then(|p| workbook.sheets.get(p).map(|s| (p, s))) {
        let (pi, sheet) = p;
        parks = park_sheet::read_all(sheet, &mut diags);
        dataset.park = parks.first().cloned().unwrap_or_default();
        reports[pi].role = SheetRole::ParkFacts;
        reports[pi].reason = if parks.len() > 1 {
            Text::new(
                format!("园区信息（每行一个园区，共 {} 个）", parks.len()),
                format!("park facts (one park per row, {} parks)", parks.len()),
            )
        } else {
            Text::new("园区信息（键值表）", "park facts (key/value sheet)")
        };
        if parks.len() > 1 && !dataset.has_field(FieldId::Park) {
            let names: Vec<&str> = parks.iter().map(|p| p.park_name.as_str()).collect();
            diags.push(
                Diagnostic::warning(
                    "park.several_parks",
                    Location::sheet(&sheet.name),
                    Text::new(
                        format!(
                            "园区信息表列出了 {} 个园区（{}），但企业数据没有“园区名称”列；按一个园区评价时只使用第一个园区的信息。",
                            parks.len(),
                            names.join("、")
                        ),
                        format!(
                            "The park sheet lists {} parks ({}), but the enterprise rows have no park column; evaluated as one park, only the first park's facts are used.",
                            parks.len(),
                            names.join(", ")
                        ),
                    ),
                )
                .with_fix(Text::new(
                    "如需分园区评价，请在企业数据中加“园区名称”列，并用全市汇总（parkcheck city）读取。",
                    "To evaluate each park, add a 园区名称 (park) column to the enterprise rows and read the file with the city view (parkcheck city).",
                )),
            );
        }
        if parks.len() < 2 {
            parks.clear();
        }
    }

    if dataset.fields_present.is_empty() {
        if park_index.is_some() {
            diags.push(Diagnostic::info(
                "sheet.no_enterprises",
                Location::none(),
                Text::new(
                    "文件中只有园区信息，没有企业数据表。",
                    "The file holds park facts only, no enterprise sheet.",
                ),
            ));
        } else {
            diags.push(
                Diagnostic::error(
                    "header.not_found",
                    Location::none(),
                    Text::new(
                        "没有找到企业数据表：任何工作表都没有“企业名称”等可识别的列名。",
                        "No enterprise sheet found: no sheet has recognisable column names such as 企业名称 (enterprise name).",
                    ),
                )
                .with_fix(Text::new(
                    "请确认表头行含有“企业名称”“营业收入”“用地面积”等列名，或手动指定表头行和列对应。",
                    "Make sure the header row names columns such as 企业名称, 营业收入, 用地面积, or choose the header rows and mapping by hand.",
                )),
            );
        }
    }

    Ingested {
        dataset,
        report: IngestReport {
            format: workbook.format,
            encoding: workbook.encoding.clone(),
            date_1904: workbook.date_1904,
            sheets: reports,
        },
        diagnostics: diags,
        parks,
    }
}

fn blank_report(name: &str) -> SheetReport {
    SheetReport {
        name: name.to_string(),
        role: SheetRole::Ignored,
        reason: Text::default(),
        year: None,
        year_source: None,
        years: Vec::new(),
        header_rows: None,
        data_start: None,
        columns: Vec::new(),
        same_mapping_as: None,
        rows_read: 0,
        rows_skipped: 0,
    }
}

fn span(layout: &header::HeaderLayout) -> RowSpan {
    RowSpan {
        first: layout.first_row as u32 + 1,
        last: layout.last_row as u32 + 1,
    }
}

fn is_blank_cell(c: &raw::RawCell) -> bool {
    match c {
        raw::RawCell::Empty => true,
        raw::RawCell::Text(t) => normalize::trim(t).is_empty(),
        _ => false,
    }
}

/// A park sheet: park keys outnumber enterprise columns, and either the name says so (`园区信息`)
/// or there are at least three keys. A sheet named like a park sheet that holds enterprise rows
/// stays an enterprise sheet.
fn looks_like_park_sheet(sheet: &RawSheet) -> bool {
    let (kv, table) = park_sheet::key_hits(sheet);
    let hits = kv.max(table);
    let by_name = park_sheet::is_park_sheet_name(&sheet.name);
    if hits == 0 || (!by_name && hits < 3) {
        return false;
    }
    let enterprise_columns = header::detect(sheet, &mapping::is_known_header).map_or(0, |layout| {
        layout
            .columns
            .iter()
            .filter(|c| {
                matches!(
                    mapping::match_parts(&c.parts),
                    mapping::HeaderMatch::Field(_)
                )
            })
            .count()
    });
    if by_name {
        hits >= enterprise_columns
    } else {
        hits > enterprise_columns
    }
}

/// The header layout of a sheet: the user's rows if given (and valid), else detected.
fn header_layout(
    sheet: &RawSheet,
    options: &IngestOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<header::HeaderLayout> {
    if let Some(h) = options.header_rows.iter().find(|h| h.sheet == sheet.name) {
        let fixed = (h.first >= 1 && h.last >= h.first)
            .then(|| header::fixed(sheet, h.first as usize - 1, h.last as usize - 1))
            .flatten();
        match fixed {
            Some(layout) => return Some(layout),
            None => diags.push(
                Diagnostic::error(
                    "header.override_invalid",
                    Location::sheet(&sheet.name),
                    Text::new(
                        format!("指定的表头行 {}–{} 不在工作表“{}”中，已改为自动识别。", h.first, h.last, sheet.name),
                        format!("The chosen header rows {}–{} are not in sheet \"{}\"; detected automatically instead.", h.first, h.last, sheet.name),
                    ),
                )
                .with_fix(Text::new("请重新选择表头行。", "Choose the header rows again.")),
            ),
        }
    }
    header::detect(sheet, &mapping::is_known_header)
}
