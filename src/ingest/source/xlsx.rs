//! XLSX through calamine, cell by cell: `XlsxCellReader` streams each sheet so memory follows
//! the cells that exist (calamine's `worksheet_range` would allocate the whole bounding box,
//! which one stray cell at `XFD1048576` turns into billions of slots). Merged regions come from
//! calamine; `date_1904` from `has_1904_epoch()`.
//!
//! Runs only after `archive::check` accepted the container. Owns only the XLSX adapter; must not
//! interpret cells.

use std::io::Cursor;

use calamine::{Reader, SheetType, Xlsx, XlsxError};

use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::raw::{RawSheet, SourceFormat};

use super::calamine_cell::from_data_ref;
use super::error::SourceError;
use super::grid::{Budget, SheetBuilder};

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

pub fn read_xlsx(
    bytes: &[u8],
    budget: &mut Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Read, SourceError> {
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
        if let Ok(merges) = workbook.merge_cells_by_sheet_name(&name) {
            for m in merges {
                builder.merge(m.start.0, m.start.1, m.end.0, m.end.1);
            }
        }
        sheets.push(builder.finish());
    }
    if sheets.is_empty() {
        if let Some(e) = first_error {
            // Nothing readable: one file-level error instead of per-sheet ones.
            diagnostics.retain(|d| d.code != "source.sheet_unreadable");
            return Err(corrupt(e));
        }
    }
    Ok(Read { sheets, date_1904 })
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
