//! calamine's cell values → [`RawCell`], one place for both `Data` (XLS) and `DataRef` (XLSX).
//!
//! Date cells keep their serial in the workbook's own epoch; the readers set
//! [`crate::ingest::raw::RawWorkbook::date_1904`] from calamine's `has_1904_epoch()`, so
//! serials are never shifted here. Owns only this mapping; must not read files.

use calamine::{Data, DataRef, ExcelDateTime};

use crate::ingest::raw::RawCell;

use super::grid::{iso_duration_to_days, iso_to_serial};

fn date(dt: &ExcelDateTime) -> RawCell {
    if dt.is_datetime() {
        RawCell::DateSerial(dt.as_f64())
    } else {
        RawCell::Number(dt.as_f64())
    }
}

fn text(s: &str) -> RawCell {
    if s.is_empty() {
        RawCell::Empty
    } else {
        RawCell::Text(s.to_string())
    }
}

fn iso_date(s: &str) -> RawCell {
    iso_to_serial(s).map_or_else(|| text(s), RawCell::DateSerial)
}

fn iso_duration(s: &str) -> RawCell {
    iso_duration_to_days(s).map_or_else(|| text(s), RawCell::Number)
}

pub fn from_data_ref(value: &DataRef<'_>) -> RawCell {
    match value {
        DataRef::Int(i) => RawCell::Number(*i as f64),
        DataRef::Float(f) => RawCell::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => RawCell::Bool(*b),
        DataRef::DateTime(dt) => date(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => iso_duration(s),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
        DataRef::Empty => RawCell::Empty,
    }
}

pub fn from_data(value: &Data) -> RawCell {
    match value {
        Data::Int(i) => RawCell::Number(*i as f64),
        Data::Float(f) => RawCell::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) => date(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => iso_duration(s),
        Data::Error(e) => RawCell::Error(e.to_string()),
        Data::Empty => RawCell::Empty,
    }
}
