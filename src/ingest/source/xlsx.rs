//! XLSX through calamine, cell by cell: `XlsxCellReader` streams each sheet so memory follows
//! the cells that exist (calamine's `worksheet_range` would allocate the whole bounding box,
//! which one stray cell at `XFD1048576` turns into billions of slots); `date_1904` comes from
//! `has_1904_epoch()`. Merged ranges are read from the worksheet tails that `archive::check`
//! keeps while it inflates (`<mergeCells>` follows `<sheetData>` in the schema), which saves
//! calamine's second full parse of every sheet; calamine's own reader is the fallback.
//!
//! Runs only after `archive::check` accepted the container. Owns only the XLSX adapter; must not
//! interpret cells.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;

use calamine::{Reader, SheetType, Xlsx, XlsxError};

use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::raw::{RawSheet, SourceFormat};

use super::archive::{Archive, read_entry};
use super::calamine_cell::from_data_ref;
use super::error::SourceError;
use super::grid::{Budget, SheetBuilder};
use super::xml::attr;

/// Sheets and the workbook's date system.
pub struct Read {
    pub sheets: Vec<RawSheet>,
    pub date_1904: bool,
}

/// The entries calamine inflates for values (checked by `archive::check` first).
pub fn parsed_entry(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let xml = lower.ends_with(".xml") || lower.ends_with(".rels");
    lower == "[content_types].xml"
        || (xml && (lower.starts_with("xl/") || lower.starts_with("_rels/")))
}

/// The worksheet parts whose tails `archive::check` keeps.
pub fn is_part_with_merges(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/worksheets/") && lower.ends_with(".xml")
}

pub fn read_xlsx(
    bytes: &[u8],
    archive: &mut Archive<'_>,
    tails: &HashMap<String, Vec<u8>>,
    budget: &mut Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Read, SourceError> {
    let paths = sheet_paths(archive);
    let corrupt = |e: XlsxError| match e {
        XlsxError::Password => SourceError::Encrypted {
            format: SourceFormat::Xlsx,
        },
        other => SourceError::Corrupt {
            format: SourceFormat::Xlsx,
            detail: other.to_string(),
        },
    };
    let mut workbook: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let date_1904 = workbook.has_1904_epoch();
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::new();
    let mut first_error = None;
    for name in names {
        let mut builder = SheetBuilder::new(name.clone());
        let result = read_sheet(&mut workbook, &name, &mut builder, budget);
        match result {
            Ok(()) => {}
            Err(ReadFailure::Limit(e)) => return Err(e),
            Err(ReadFailure::Xlsx(e)) => {
                diagnostics.push(sheet_unreadable(&name, &e.to_string()));
                first_error.get_or_insert(e);
                continue;
            }
        }
        let from_tail = paths
            .get(&name)
            .and_then(|path| tails.get(path))
            .and_then(|tail| merges_from_tail(tail));
        match from_tail {
            Some(merges) => {
                for (r0, c0, r1, c1) in merges {
                    builder.merge(r0, c0, r1, c1);
                }
            }
            None => {
                if let Ok(merges) = workbook.merge_cells_by_sheet_name(&name) {
                    for m in merges {
                        builder.merge(m.start.0, m.start.1, m.end.0, m.end.1);
                    }
                }
            }
        }
        sheets.push(builder.finish());
    }
    if sheets.is_empty()
        && let Some(e) = first_error
    {
        // Nothing readable: one file-level error instead of per-sheet ones.
        diagnostics.retain(|d| d.code != "source.sheet_unreadable");
        return Err(corrupt(e));
    }
    Ok(Read { sheets, date_1904 })
}

/// Sheet name → worksheet part (`xl/worksheets/sheet1.xml`), from `xl/workbook.xml` and its
/// relationships. Empty when either is unreadable (merges then come from calamine).
fn sheet_paths(archive: &mut Archive<'_>) -> HashMap<String, String> {
    const LIMIT: u64 = 16 * 1024 * 1024;
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut targets: HashMap<String, String> = HashMap::new();
    if let Some(xml) = read_entry(archive, "xl/workbook.xml", LIMIT) {
        for_each_element(&xml, "sheet", |e| {
            if let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id")) {
                ids.push((name, id));
            }
        });
    }
    if let Some(xml) = read_entry(archive, "xl/_rels/workbook.xml.rels", LIMIT) {
        for_each_element(&xml, "Relationship", |e| {
            if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, path);
            }
        });
    }
    ids.into_iter()
        .filter_map(|(name, id)| targets.get(&id).map(|path| (name, path.clone())))
        .collect()
}

fn for_each_element(
    xml: &[u8],
    local: &str,
    mut f: impl FnMut(&quick_xml::events::BytesStart<'_>),
) {
    let text = String::from_utf8_lossy(xml);
    let mut reader = XmlReader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// The merged ranges in the tail of a worksheet part: the `<mergeCell ref="A1:B2"/>` elements
/// after the end of `sheetData`. `None` when the tail does not reach back to `sheetData`.
fn merges_from_tail(tail: &[u8]) -> Option<Vec<(u32, u32, u32, u32)>> {
    let end_of_data = rfind(tail, b"sheetData")?;
    let rest = String::from_utf8_lossy(tail.get(end_of_data..)?);
    let mut merges = Vec::new();
    let mut reader = XmlReader::from_str(&rest);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                let Some(range) = attr(&e, "ref") else {
                    continue;
                };
                let (first, last) = range.split_once(':').unwrap_or((&range, &range));
                if let (Some((r0, c0)), Some((r1, c1))) = (cell_ref(first), cell_ref(last)) {
                    merges.push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
    }
    Some(merges)
}

/// `B3` → (row 2, column 1); `$B$3` is accepted.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    }) - 1;
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

enum ReadFailure {
    Limit(SourceError),
    Xlsx(XlsxError),
}

fn read_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    builder: &mut SheetBuilder,
    budget: &mut Budget,
) -> Result<(), ReadFailure> {
    let mut cells = workbook
        .worksheet_cells_reader(name)
        .map_err(ReadFailure::Xlsx)?;
    while let Some(cell) = cells.next_cell().map_err(ReadFailure::Xlsx)? {
        let (row, col) = cell.get_position();
        builder
            .set(budget, row, col, from_data_ref(cell.get_value()))
            .map_err(ReadFailure::Limit)?;
    }
    Ok(())
}

/// An Error for one sheet that could not be read while others could.
pub fn sheet_unreadable(sheet: &str, detail: &str) -> Diagnostic {
    Diagnostic::error(
        "source.sheet_unreadable",
        Location::sheet(sheet),
        Text::new(
            format!("工作表“{sheet}”已损坏，无法读取（{detail}），其余工作表照常读取。"),
            format!("Sheet \"{sheet}\" is damaged and could not be read ({detail}); the other sheets were read."),
        ),
    )
    .with_fix(Text::new(
        "请在 Excel 中打开该文件，检查这张工作表，另存为 .xlsx 后重试。",
        "Open the file in Excel, check this sheet, save as .xlsx and try again.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_found_after_sheet_data() {
        let tail = br#"<c r="A1"><v>1</v></c></row></sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:B2"/><mergeCell ref="$C$3:C4"/><mergeCell ref="D5"/></x:mergeCells></worksheet>"#;
        assert_eq!(
            merges_from_tail(tail),
            Some(vec![(0, 0, 1, 1), (2, 2, 3, 2), (4, 3, 4, 3)])
        );
        assert_eq!(merges_from_tail(b"<row><c/></row>"), None);
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("ABCD1"), None);
    }
}
