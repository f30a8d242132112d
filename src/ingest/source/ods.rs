//! OpenDocument spreadsheets (`.ods`, from LibreOffice/WPS) → sheets, streamed from
//! `content.xml` with quick-xml.
//!
//! Not calamine: its ODS reader expands `number-columns-repeated`/`number-rows-repeated` into
//! memory (up to 10⁸ cells) before any limit applies and does not expose merged cells. Here
//! repeats of empty cells only move the cursor, repeats of content are counted against the
//! budget before they are placed, and `number-columns-spanned`/`number-rows-spanned` become
//! merged ranges. Owns only ODS; must not interpret cell text.

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ingest::raw::{RawCell, RawSheet, SourceFormat};

use super::archive::{Archive, read_entry};
use super::error::SourceError;
use super::grid::{Budget, SheetBuilder, iso_duration_to_days, iso_to_serial};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_INFLATED_TOTAL, MAX_ROWS, MAX_SNIFF_ENTRY};
use super::xml::{attr_q, reference, text};

struct OpenCell {
    col: u32,
    repeat: u32,
    col_span: u32,
    row_span: u32,
    value_type: String,
    value: Option<String>,
    error: bool,
    text: String,
    paragraphs: u32,
}

/// Reads all tables of an ODS archive (already checked by `archive::check`).
pub fn read_ods(
    archive: &mut Archive<'_>,
    budget: &mut Budget,
) -> Result<Vec<RawSheet>, SourceError> {
    let corrupt = |detail: String| SourceError::Corrupt {
        format: SourceFormat::Ods,
        detail,
    };
    if let Some(manifest) = read_entry(archive, "META-INF/manifest.xml", MAX_SNIFF_ENTRY)
        && String::from_utf8_lossy(&manifest).contains("encryption-data")
    {
        return Err(SourceError::Encrypted {
            format: SourceFormat::Ods,
        });
    }
    let entry = archive
        .by_name("content.xml")
        .map_err(|_| corrupt("缺少 content.xml / content.xml missing".into()))?;
    let limited = entry.take(MAX_INFLATED_TOTAL + 1);
    let mut reader = Reader::from_reader(BufReader::new(limited));
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;

    let mut buf = Vec::new();
    let mut sheets = Vec::new();
    let mut sheet: Option<SheetBuilder> = None;
    let mut row_index: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut row_cells: Vec<(u32, RawCell)> = Vec::new();
    let mut row_merges: Vec<(u32, u32, u32)> = Vec::new();
    let mut col: u32 = 0;
    let mut cell: Option<OpenCell> = None;
    let mut in_paragraph: u32 = 0;
    let mut in_annotation: u32 = 0;
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                if sheets.is_empty() && sheet.as_ref().is_none_or(SheetBuilder::is_empty) {
                    return Err(corrupt(format!("content.xml: {e}")));
                }
                break;
            }
        };
        let (is_start, is_empty) = (
            matches!(event, Event::Start(_)),
            matches!(event, Event::Empty(_)),
        );
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "table:table" if cell.is_none() => {
                    if let Some(done) = sheet.take() {
                        sheets.push(done.finish());
                    }
                    let name = attr_q(e, "table:name")
                        .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                    sheet = Some(SheetBuilder::new(name));
                    row_index = 0;
                    if is_empty && let Some(done) = sheet.take() {
                        sheets.push(done.finish());
                    }
                }
                "table:table-row" if cell.is_none() => {
                    row_repeat = count_attr(e, "table:number-rows-repeated");
                    row_cells.clear();
                    row_merges.clear();
                    col = 0;
                    if is_empty {
                        row_index = row_index.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if cell.is_none() => {
                    let open = open_cell(e, col);
                    col = col.saturating_add(open.repeat);
                    if is_empty {
                        place_cell(open, &mut row_cells, &mut row_merges)?;
                    } else {
                        cell = Some(open);
                    }
                }
                "office:annotation" if is_start => in_annotation += 1,
                "text:p" | "text:h" if in_annotation == 0 => {
                    if let Some(c) = cell.as_mut() {
                        if c.paragraphs > 0 {
                            c.text.push('\n');
                        }
                        c.paragraphs += 1;
                        if is_start {
                            in_paragraph += 1;
                        }
                    }
                }
                "text:s" if in_paragraph > 0 && in_annotation == 0 => {
                    if let Some(c) = cell.as_mut() {
                        let n = count_attr(e, "text:c").min(1_000);
                        c.text.extend(std::iter::repeat_n(' ', n as usize));
                    }
                }
                "text:tab" if in_paragraph > 0 && in_annotation == 0 => push(&mut cell, "\t"),
                "text:line-break" if in_paragraph > 0 && in_annotation == 0 => {
                    push(&mut cell, "\n")
                }
                _ => {}
            },
            Event::Text(ref t) if in_paragraph > 0 && in_annotation == 0 => {
                push(&mut cell, &text(t))
            }
            Event::GeneralRef(ref r) if in_paragraph > 0 && in_annotation == 0 => {
                push(&mut cell, &reference(r))
            }
            Event::End(ref e) => match e.name().as_ref() {
                "office:annotation" => in_annotation = in_annotation.saturating_sub(1),
                "text:p" | "text:h" if in_annotation == 0 => {
                    in_paragraph = in_paragraph.saturating_sub(1)
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(open) = cell.take() {
                        place_cell(open, &mut row_cells, &mut row_merges)?;
                    }
                    in_paragraph = 0;
                }
                "table:table-row" if cell.is_none() => {
                    if let Some(s) = sheet.as_mut() {
                        flush_row(s, budget, row_index, row_repeat, &row_cells, &row_merges)?;
                    }
                    row_index = row_index.saturating_add(row_repeat);
                    row_cells.clear();
                    row_merges.clear();
                }
                "table:table" if cell.is_none() => {
                    if let Some(done) = sheet.take() {
                        sheets.push(done.finish());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(done) = sheet.take() {
        sheets.push(done.finish());
    }
    Ok(sheets)
}

fn push(cell: &mut Option<OpenCell>, s: &str) {
    if let Some(c) = cell.as_mut() {
        c.text.push_str(s);
    }
}

fn count_attr(e: &BytesStart<'_>, name: &str) -> u32 {
    attr_q(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

fn open_cell(e: &BytesStart<'_>, col: u32) -> OpenCell {
    let value_type = attr_q(e, "office:value-type").unwrap_or_default();
    let value = match value_type.as_str() {
        "date" => attr_q(e, "office:date-value"),
        "time" => attr_q(e, "office:time-value"),
        "boolean" => attr_q(e, "office:boolean-value"),
        "string" => attr_q(e, "office:string-value"),
        "" => None,
        _ => attr_q(e, "office:value"),
    };
    OpenCell {
        col,
        repeat: count_attr(e, "table:number-columns-repeated"),
        col_span: count_attr(e, "table:number-columns-spanned"),
        row_span: count_attr(e, "table:number-rows-spanned"),
        error: attr_q(e, "calcext:value-type").is_some_and(|v| v == "error"),
        value_type,
        value,
        text: String::new(),
        paragraphs: 0,
    }
}

fn convert(c: &OpenCell) -> RawCell {
    let text_cell = || {
        if c.text.is_empty() {
            RawCell::Empty
        } else {
            RawCell::Text(c.text.clone())
        }
    };
    if c.error {
        return RawCell::Error(c.text.trim().to_string());
    }
    let value = c.value.as_deref().map(str::trim);
    match (c.value_type.as_str(), value) {
        ("float" | "percentage" | "currency", Some(v)) => v
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or_else(text_cell, RawCell::Number),
        ("date", Some(v)) => iso_to_serial(v).map_or_else(text_cell, RawCell::DateSerial),
        ("time", Some(v)) => iso_duration_to_days(v).map_or_else(text_cell, RawCell::DateSerial),
        ("boolean", Some(v)) => match v {
            "true" => RawCell::Bool(true),
            "false" => RawCell::Bool(false),
            _ => text_cell(),
        },
        ("string", Some(v)) if c.text.is_empty() && !v.is_empty() => RawCell::Text(v.to_string()),
        _ => text_cell(),
    }
}

/// Adds a finished cell (with its column repeats) to the current row.
fn place_cell(
    c: OpenCell,
    row: &mut Vec<(u32, RawCell)>,
    merges: &mut Vec<(u32, u32, u32)>,
) -> Result<(), SourceError> {
    if c.col_span > 1 || c.row_span > 1 {
        merges.push((c.col, c.col_span, c.row_span));
    }
    let value = convert(&c);
    if matches!(value, RawCell::Empty) {
        return Ok(());
    }
    for k in 0..c.repeat {
        let col = c.col.saturating_add(k);
        if col >= MAX_COLUMNS {
            break;
        }
        if row.len() as u64 >= MAX_CELLS {
            return Err(SourceError::TooManyCells);
        }
        row.push((col, value.clone()));
    }
    Ok(())
}

/// Places one `<table:table-row>` `repeat` times from `first`.
fn flush_row(
    sheet: &mut SheetBuilder,
    budget: &mut Budget,
    first: u32,
    repeat: u32,
    cells: &[(u32, RawCell)],
    merges: &[(u32, u32, u32)],
) -> Result<(), SourceError> {
    if cells.is_empty() && merges.is_empty() {
        return Ok(());
    }
    let repeat = repeat.min(MAX_ROWS.saturating_sub(first));
    if !budget.would_fit((cells.len() as u64).saturating_mul(u64::from(repeat))) {
        return Err(SourceError::TooManyCells);
    }
    for k in 0..repeat {
        let row = first.saturating_add(k);
        for (col, value) in cells {
            sheet.set(budget, row, *col, value.clone())?;
        }
        for (col, col_span, row_span) in merges {
            sheet.merge(
                row,
                *col,
                row.saturating_add(row_span - 1),
                col.saturating_add(col_span - 1),
            );
        }
    }
    Ok(())
}
