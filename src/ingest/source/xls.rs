//! XLS (BIFF8 and BIFF5 in an OLE compound file) through calamine, behind a pre-scan.
//!
//! calamine parses every sheet of an `.xls` densely when the workbook is opened and trusts the
//! `DIMENSIONS` record to reserve memory. Before it sees the bytes, the pre-scan walks the
//! BIFF records of the `Workbook` stream: it counts cells against [`MAX_CELLS`], sums each
//! sheet's real bounding box against [`MAX_XLS_AREA`], blanks every `DIMENSIONS` record (a copy
//! of the file is patched) so a lying one cannot make calamine reserve gigabytes, and checks or
//! blanks every record calamine would otherwise index without bounds checks (damaged `.xls`
//! files must not panic: in the browser a panic is an abort).
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
    SourceError::Corrupt {
        format: SourceFormat::Xls,
        detail: detail.into(),
    }
}

pub fn read_xls(bytes: &[u8], cfb: &Cfb<'_>, budget: &mut Budget) -> Result<Read, SourceError> {
    let runs = cfb
        .layout("Workbook")
        .or_else(|| cfb.layout("Book"))
        .ok_or_else(|| corrupt("找不到工作簿数据流 / no Workbook stream"))?;
    let stream = read_runs(bytes, &runs);
    let scan = prescan(&stream)?;
    let mut patched = bytes.to_vec();
    for (pos, new) in scan.patches {
        for (i, byte) in new.into_iter().enumerate() {
            if let Some(slot) = file_offset(&runs, pos + i).and_then(|at| patched.get_mut(at)) {
                *slot = byte;
            }
        }
    }
    let mut workbook: Xls<Cursor<Vec<u8>>> =
        Xls::new(Cursor::new(patched)).map_err(|e| match e {
            XlsError::Password => SourceError::Encrypted {
                format: SourceFormat::Xls,
            },
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
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
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
    /// `(stream offset, new bytes)` to write before calamine sees the stream.
    patches: Vec<(usize, Vec<u8>)>,
}

/// A sheet's bounding box while scanning.
#[derive(Debug, Clone, Copy)]
struct BBox {
    rows: (u32, u32),
    cols: (u32, u32),
}

impl BBox {
    fn add(bbox: &mut Option<BBox>, row: u32, first_col: u32, last_col: u32) {
        let b = bbox.get_or_insert(BBox {
            rows: (row, row),
            cols: (first_col, last_col),
        });
        b.rows = (b.rows.0.min(row), b.rows.1.max(row));
        b.cols = (b.cols.0.min(first_col), b.cols.1.max(last_col));
    }

    fn area(self) -> u64 {
        (u64::from(self.rows.1 - self.rows.0) + 1)
            * (u64::from(self.cols.1.saturating_sub(self.cols.0)) + 1)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A record as calamine's record iterator groups it: a body and its `CONTINUE` bodies.
struct Record<'a> {
    typ: u32,
    /// Stream offset of the body.
    body: usize,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// Splits the stream into records exactly as calamine does (a record absorbs the `CONTINUE`
/// records after it while more than 4 bytes remain). Stops where calamine would report an
/// error itself. Returns the records and the offsets at which each starts.
fn records(stream: &[u8]) -> Vec<(usize, Record<'_>)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let body = pos + 4;
        let Some(data) = stream.get(body..body + len as usize) else {
            break;
        };
        let start = pos;
        pos = body + len as usize;
        let mut continues = Vec::new();
        while stream.len().saturating_sub(pos) > 4 && u16_at(stream, pos) == Some(0x003C) {
            let Some(len) = u16_at(stream, pos + 2) else {
                break;
            };
            let Some(cont) = stream.get(pos + 4..pos + 4 + len as usize) else {
                return out;
            };
            continues.push(cont);
            pos += 4 + len as usize;
        }
        out.push((
            start,
            Record {
                typ,
                body,
                data,
                continues,
            },
        ));
    }
    out
}

/// Checks the records calamine reads without bounds checks, blanks what it need not read
/// (`DIMENSIONS`, formula token arrays, defined names, sheet references) and enforces the
/// cell and area limits. Anything calamine would index out of bounds makes the file corrupt.
fn prescan(stream: &[u8]) -> Result<Scan, SourceError> {
    let malformed = |what: &str| corrupt(format!("记录 {what} 已损坏 / damaged {what} record"));
    let mut scan = Scan::default();
    let mut cells: u64 = 0;
    let mut area: u64 = 0;
    let mut depth: u32 = 0;
    let mut bbox: Option<BBox> = None;
    let records = records(stream);
    let starts: std::collections::HashSet<usize> =
        records.iter().map(|(start, _)| *start).collect();
    for (_, r) in &records {
        let len = r.data.len();
        match r.typ {
            // BOF of BIFF2..BIFF8: a substream begins.
            0x0009 | 0x0209 | 0x0409 | 0x0809 => {
                if len < 2 {
                    return Err(malformed("BOF"));
                }
                depth = depth.saturating_add(1);
            }
            // EOF: a substream ends; a sheet's cells end with it.
            0x000A => {
                if depth == 1
                    && let Some(b) = bbox.take()
                {
                    area = area.saturating_add(b.area());
                }
                depth = depth.saturating_sub(1);
            }
            // FilePass, CodePage, DateMode: read as a u16.
            0x002F | 0x0042 | 0x0022 if len < 2 => {
                return Err(malformed("FilePass/CodePage/DateMode"));
            }
            // BoundSheet: the sheet's offset must be a record calamine can start at.
            0x0085 => {
                let pos = u32_at(r.data, 0).ok_or_else(|| malformed("BoundSheet"))? as usize;
                if len < 6 || !starts.contains(&pos) {
                    return Err(malformed("BoundSheet"));
                }
            }
            // Lbl (defined name) and ExternSheet only feed formula text: made unknown records.
            0x0018 | 0x0017 => scan
                .patches
                .push((r.body - 4, 0x00FFu16.to_le_bytes().to_vec())),
            0x00FC => check_sst(r).ok_or_else(|| malformed("SST"))?,
            0x0200 if matches!(len, 10 | 14 | 16) => scan.patches.push((r.body, vec![0; len])),
            // Number, Label, RString, BoolErr, Rk, LabelSst: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let (Some(row), Some(col)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                    cells += 1;
                    BBox::add(&mut bbox, row, col, col);
                }
            }
            // Formula: the value stays, the token array is emptied (cce = 0).
            0x0006 if len >= 20 => {
                if len < 22 {
                    return Err(malformed("Formula"));
                }
                scan.patches.push((r.body + 20, vec![0, 0]));
                if let (Some(row), Some(col)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                    cells += 1;
                    BBox::add(&mut bbox, row, col, col);
                }
            }
            // MulRk: a run of cells in one row; calamine subtracts the columns unchecked.
            0x00BD if len >= 6 => {
                let (Some(row), Some(first), Some(last)) = (
                    u16_at(r.data, 0),
                    u16_at(r.data, 2),
                    u16_at(r.data, len - 2),
                ) else {
                    return Err(malformed("MulRk"));
                };
                if last < first
                    || last - first + 1 > 0xFFFF
                    || len != 6 + 6 * (last - first + 1) as usize
                {
                    return Err(malformed("MulRk"));
                }
                cells += u64::from(last - first + 1);
                BBox::add(&mut bbox, row, first, last);
            }
            // MergeCells: calamine reads `count` ranges without checking the length.
            0x00E5 => {
                let count = u16_at(r.data, 0).ok_or_else(|| malformed("MergeCells"))? as usize;
                if len < 2 + 8 * count {
                    return Err(malformed("MergeCells"));
                }
            }
            _ => {}
        }
        if cells > MAX_CELLS || area > MAX_XLS_AREA {
            return Err(SourceError::TooManyCells);
        }
    }
    if let Some(b) = bbox {
        area = area.saturating_add(b.area());
    }
    if area > MAX_XLS_AREA {
        return Err(SourceError::TooManyCells);
    }
    Ok(scan)
}

/// Walks the shared string table as calamine does (`XLUnicodeRichExtendedString`s across
/// `CONTINUE` records); `None` where calamine would read past a slice.
fn check_sst(r: &Record<'_>) -> Option<()> {
    let mut data = r.data.get(8..)?;
    let mut continues = r.continues.iter();
    loop {
        if data.is_empty() {
            match continues.next() {
                Some(next) => data = next,
                None => return Some(()),
            }
        }
        if data.is_empty() {
            continue;
        }
        let cch = u16_at(data, 0)? as usize;
        let flags = *data.get(2)?;
        data = data.get(3..)?;
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            skip += 4 * u16_at(data, 0)? as usize;
            data = data.get(2..)?;
        }
        if flags & 0x4 != 0 {
            let ext = i32::from_le_bytes(data.get(..4)?.try_into().ok()?);
            skip = skip.saturating_add(usize::try_from(ext).ok()?);
            data = data.get(4..)?;
        }
        let mut high = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let (chars, bytes) = if high {
                let l = (data.len() / 2).min(left);
                (l, 2 * l)
            } else {
                let l = data.len().min(left);
                (l, l)
            };
            data = data.get(bytes..)?;
            left -= chars;
            if left > 0 {
                let next = continues.next()?;
                high = next.first()? & 0x1 != 0;
                data = next.get(1..)?;
            }
        }
        while skip > 0 {
            if data.is_empty() {
                data = continues.next()?;
                if data.is_empty() {
                    continue;
                }
            }
            let l = skip.min(data.len());
            data = data.get(l..)?;
            skip -= l;
        }
    }
}
