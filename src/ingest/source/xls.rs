//! XLS (BIFF8 and BIFF5 in an OLE compound file) through calamine, behind a pre-scan.
//!
//! calamine parses every sheet of an `.xls` densely when the workbook is opened and trusts the
//! `DIMENSIONS` record to reserve memory. Before it sees the bytes, the pre-scan walks the
//! BIFF records of the `Workbook` stream: it counts cells against [`MAX_CELLS`], sums each
//! sheet's real bounding box against [`MAX_XLS_AREA`], and blanks every `DIMENSIONS` record
//! (a copy of the file is patched) so a lying one cannot make calamine reserve gigabytes.
//! Owns only the XLS adapter; must not interpret cells.

use std::io::Cursor;

use calamine::{Reader, SheetType, Xls, XlsError};

use crate::ingest::raw::{RawSheet, SourceFormat};

use super::calamine_cell::from_data;
use super::cfb::{Cfb, file_offset, read_runs};
use super::error::SourceError;
use super::grid::{Budget, SheetBuilder};
use super::limits::{MAX_CELLS, MAX_XLS_AREA};

/// Sheets and the workbook's date system.
pub struct Read {
    pub sheets: Vec<RawSheet>,
    pub date_1904: bool,
}

fn corrupt(detail: impl Into<String>) -> SourceError {
    SourceError::Corrupt { format: SourceFormat::Xls, detail: detail.into() }
}

pub fn read_xls(bytes: &[u8], cfb: &Cfb<'_>, budget: &mut Budget) -> Result<Read, SourceError> {
    let runs = cfb
        .layout("Workbook")
        .or_else(|| cfb.layout("Book"))
        .ok_or_else(|| corrupt("找不到工作簿数据流 / no Workbook stream"))?;
    let stream = read_runs(bytes, &runs);
    let scan = prescan(&stream)?;
    let mut patched = bytes.to_vec();
    for (pos, len) in scan.dimensions {
        for i in pos..pos + len {
            if let Some(at) = file_offset(&runs, i) {
                if let Some(b) = patched.get_mut(at) {
                    *b = 0;
                }
            }
        }
    }
    let mut workbook: Xls<Cursor<Vec<u8>>> = Xls::new(Cursor::new(patched)).map_err(|e| match e {
        XlsError::Password => SourceError::Encrypted { format: SourceFormat::Xls },
        other => corrupt(other.to_string()),
    })?;
    let date_1904 = workbook.has_1904_epoch();
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::new();
    for name in names {
        let Ok(range) = workbook.worksheet_range(&name) else { continue };
        let mut builder = SheetBuilder::new(name.clone());
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let row = row0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
            let col = col0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
            builder.set(budget, row, col, from_data(value))?;
        }
        if let Ok(merges) = workbook.merge_cells_by_sheet_name(&name) {
            for m in merges {
                builder.merge(m.start.0, m.start.1, m.end.0, m.end.1);
            }
        }
        sheets.push(builder.finish());
    }
    Ok(Read { sheets, date_1904 })
}

/// What the pre-scan found.
#[derive(Debug, Default)]
struct Scan {
    /// `(stream offset, length)` of every `DIMENSIONS` record body.
    dimensions: Vec<(usize, usize)>,
}

/// A sheet's bounding box while scanning.
#[derive(Debug, Clone, Copy)]
struct BBox {
    rows: (u32, u32),
    cols: (u32, u32),
}

impl BBox {
    fn add(bbox: &mut Option<BBox>, row: u32, first_col: u32, last_col: u32) {
        let b = bbox.get_or_insert(BBox { rows: (row, row), cols: (first_col, last_col) });
        b.rows = (b.rows.0.min(row), b.rows.1.max(row));
        b.cols = (b.cols.0.min(first_col), b.cols.1.max(last_col));
    }

    fn area(self) -> u64 {
        (u64::from(self.rows.1 - self.rows.0) + 1) * (u64::from(self.cols.1.saturating_sub(self.cols.0)) + 1)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}

/// Walks the BIFF records of the workbook stream.
fn prescan(stream: &[u8]) -> Result<Scan, SourceError> {
    let mut scan = Scan::default();
    let mut cells: u64 = 0;
    let mut area: u64 = 0;
    let mut depth: u32 = 0;
    let mut bbox: Option<BBox> = None;
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let body = pos + 4;
        let len = len as usize;
        let Some(data) = stream.get(body..body + len) else { break };
        match typ {
            // BOF of BIFF2..BIFF8: a substream begins.
            0x0009 | 0x0209 | 0x0409 | 0x0809 => depth = depth.saturating_add(1),
            // EOF: a substream ends; a sheet's cells end with it.
            0x000A => {
                if depth == 1 {
                    if let Some(b) = bbox.take() {
                        area = area.saturating_add(b.area());
                    }
                }
                depth = depth.saturating_sub(1);
            }
            0x0200 if matches!(len, 10 | 14 | 16) => scan.dimensions.push((body, len)),
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    cells += 1;
                    BBox::add(&mut bbox, row, col, col);
                }
            }
            // MulRk: a run of cells in one row.
            0x00BD if len >= 6 => {
                if let (Some(row), Some(first), Some(last)) = (u16_at(data, 0), u16_at(data, 2), u16_at(data, len - 2)) {
                    cells += ((len - 6) / 6) as u64;
                    BBox::add(&mut bbox, row, first, last.max(first));
                }
            }
            _ => {}
        }
        if cells > MAX_CELLS || area > MAX_XLS_AREA {
            return Err(SourceError::TooManyCells);
        }
        pos = body + len;
    }
    if let Some(b) = bbox {
        area = area.saturating_add(b.area());
    }
    if area > MAX_XLS_AREA {
        return Err(SourceError::TooManyCells);
    }
    Ok(scan)
}
