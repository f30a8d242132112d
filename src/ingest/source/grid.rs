//! Building [`RawSheet`]s cell by cell under the shared size budget, and the date serial
//! arithmetic that readers of ISO dates need.
//!
//! Owns the A1 anchoring (rows are padded so `rows[i][j]` is Excel row `i + 1`, column `j`) and
//! the cell/slot accounting of [`super::limits`]. Must not depend on any particular reader.

use crate::ingest::raw::{MergedRange, RawCell, RawSheet};

use super::error::SourceError;
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_GRID_SLOTS, MAX_ROWS};

/// What all sheets of one input have used so far; shared by the sheets of a workbook.
#[derive(Debug, Default)]
pub struct Budget {
    cells: u64,
    slots: u64,
}

impl Budget {
    /// Counts `n` more non-empty cells without placing them (pre-checks of repeated content).
    pub fn would_fit(&self, n: u64) -> bool {
        self.cells.saturating_add(n) <= MAX_CELLS
    }
}

/// Accumulates one sheet.
#[derive(Debug)]
pub struct SheetBuilder {
    sheet: RawSheet,
}

impl SheetBuilder {
    pub fn new(name: impl Into<String>) -> SheetBuilder {
        SheetBuilder {
            sheet: RawSheet {
                name: name.into(),
                rows: Vec::new(),
                merged: Vec::new(),
            },
        }
    }

    /// Places `cell` at 0-based (`row`, `col`). Empty cells are not stored (missing = empty).
    /// Cells beyond Excel's bounds are dropped silently: no spreadsheet application shows them.
    pub fn set(
        &mut self,
        budget: &mut Budget,
        row: u32,
        col: u32,
        cell: RawCell,
    ) -> Result<(), SourceError> {
        if matches!(cell, RawCell::Empty) || row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Ok(());
        }
        let row = row as usize;
        let col = col as usize;
        let new_rows = (row + 1).saturating_sub(self.sheet.rows.len()) as u64;
        let old_len = self.sheet.rows.get(row).map_or(0, Vec::len);
        let new_cols = (col + 1).saturating_sub(old_len) as u64;
        budget.slots = budget
            .slots
            .saturating_add(new_rows)
            .saturating_add(new_cols);
        budget.cells = budget.cells.saturating_add(1);
        if budget.slots > MAX_GRID_SLOTS || budget.cells > MAX_CELLS {
            return Err(SourceError::TooManyCells);
        }
        if new_rows > 0 {
            self.sheet.rows.resize_with(row + 1, Vec::new);
        }
        if let Some(cells) = self.sheet.rows.get_mut(row) {
            if cells.len() <= col {
                cells.resize(col + 1, RawCell::Empty);
            }
            if let Some(slot) = cells.get_mut(col) {
                if !matches!(slot, RawCell::Empty) {
                    // A cell written twice (malformed files do this): the later value wins and
                    // the earlier one no longer counts.
                    budget.cells = budget.cells.saturating_sub(1);
                }
                *slot = cell;
            }
        }
        Ok(())
    }

    /// Records a merged range (0-based inclusive). Single cells and inverted or out-of-bounds
    /// ranges are ignored.
    pub fn merge(&mut self, first_row: u32, first_col: u32, last_row: u32, last_col: u32) {
        let in_bounds = last_row < MAX_ROWS && last_col < MAX_COLUMNS;
        let proper = first_row <= last_row && first_col <= last_col;
        let single = first_row == last_row && first_col == last_col;
        if in_bounds && proper && !single && self.sheet.merged.len() < MAX_MERGES {
            self.sheet.merged.push(MergedRange {
                first_row,
                first_col,
                last_row,
                last_col,
            });
        }
    }

    /// Whether the sheet has no non-empty cell.
    pub fn is_empty(&self) -> bool {
        self.sheet.rows.is_empty()
    }

    pub fn finish(self) -> RawSheet {
        self.sheet
    }
}

/// Merged ranges kept per sheet; more are dropped (they only guide header detection).
const MAX_MERGES: usize = 100_000;

/// Days from 1970-01-01 to the civil date (proleptic Gregorian), after H. Hinnant.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Excel 1900-system serial of a date and time of day. Dates before 1900-03-01 follow
/// Excel's fictitious 1900-02-29 (serial 60), as Excel itself does.
pub fn excel_serial(year: i64, month: u32, day: u32, seconds_of_day: f64) -> Option<f64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1900..=9999).contains(&year) {
        return None;
    }
    let days = days_from_civil(year, month, day) - days_from_civil(1899, 12, 30);
    let serial = if days < 61 { days - 1 } else { days };
    Some(serial as f64 + seconds_of_day / 86_400.0)
}

/// Parses an ISO 8601 date or date-time (`2023-05-01`, `2023-05-01T08:30:00.000`, with an
/// optional zone that is ignored, as Excel does) into a 1900-system serial.
pub fn iso_to_serial(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let seconds = match time {
        Some(t) => parse_time_of_day(t)?,
        None => 0.0,
    };
    excel_serial(year, month, day, seconds)
}

/// `08:30:00.5` (a trailing `Z` or `+08:00` is ignored) → seconds.
fn parse_time_of_day(text: &str) -> Option<f64> {
    let end = text.find(['Z', '+']).unwrap_or(text.len());
    let core = text.get(..end)?;
    // A `-` after the seconds is a zone offset.
    let core = match core.get(6..).and_then(|rest| rest.find('-')) {
        Some(i) => core.get(..6 + i)?,
        None => core,
    };
    let mut parts = core.split(':');
    let h: f64 = parts.next()?.parse().ok()?;
    let m: f64 = parts.next().unwrap_or("0").parse().ok()?;
    let s: f64 = parts.next().unwrap_or("0").parse().ok()?;
    if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&s) {
        return None;
    }
    Some(h * 3600.0 + m * 60.0 + s)
}

/// An ISO 8601 duration such as ODS's `PT08H30M00S` → fraction of a day.
pub fn iso_duration_to_days(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (day_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut days = 0.0;
    if let Some(d) = day_part.strip_suffix('D') {
        days += d.parse::<f64>().ok()?;
    } else if !day_part.is_empty() {
        return None;
    }
    let mut number = String::new();
    for ch in time_part.chars() {
        match ch {
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                days += value
                    / match ch {
                        'H' => 24.0,
                        'M' => 1_440.0,
                        _ => 86_400.0,
                    };
            }
            _ => number.push(ch),
        }
    }
    number.is_empty().then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_match_excel() {
        assert_eq!(iso_to_serial("1900-01-01"), Some(1.0));
        assert_eq!(iso_to_serial("1900-02-28"), Some(59.0));
        assert_eq!(iso_to_serial("1900-03-01"), Some(61.0));
        assert_eq!(iso_to_serial("2023-01-01"), Some(44927.0));
        assert_eq!(iso_to_serial("2023-01-01T12:00:00.000"), Some(44927.5));
        assert_eq!(iso_to_serial("2023-01-01T12:00:00+08:00"), Some(44927.5));
        assert_eq!(iso_to_serial("2023-13-01"), None);
        assert_eq!(iso_to_serial("abc"), None);
    }

    #[test]
    fn durations_become_day_fractions() {
        assert_eq!(iso_duration_to_days("PT12H00M00S"), Some(0.5));
        assert_eq!(iso_duration_to_days("P1DT06H"), Some(1.25));
        assert_eq!(iso_duration_to_days("PT1X"), None);
    }

    #[test]
    fn sheets_are_anchored_at_a1_and_budgeted() {
        let mut budget = Budget::default();
        let mut sheet = SheetBuilder::new("s");
        sheet.set(&mut budget, 2, 1, RawCell::Number(1.0)).unwrap();
        sheet.set(&mut budget, 0, 0, RawCell::Empty).unwrap();
        let s = sheet.finish();
        assert_eq!(s.rows.len(), 3);
        assert!(s.rows[0].is_empty());
        assert_eq!(s.rows[2], vec![RawCell::Empty, RawCell::Number(1.0)]);
        let mut far = SheetBuilder::new("far");
        for r in 0..1000 {
            if far
                .set(&mut budget, r * 1000, MAX_COLUMNS - 1, RawCell::Bool(true))
                .is_err()
            {
                return;
            }
        }
        panic!("sparse far cells must exhaust the slot budget");
    }
}
