//! The raw grid that every file format is read into before any interpretation: sheets of cells
//! exactly as the file holds them, plus what was detected about the file.
//!
//! Format readers (`ingest::source`) produce a [`RawWorkbook`]; header detection, column mapping,
//! cell parsing and validation consume it. This module owns only the types; it must not depend on
//! any reader or on the canonical data model.

use serde::{Deserialize, Serialize};

/// The file format as detected from the bytes (never from the file name alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Csv,
    Tsv,
    Xlsx,
    Xls,
    Ods,
    /// An HTML table saved with an `.xls` name (a common government-system export).
    HtmlTable,
    /// SpreadsheetML 2003 XML saved with an `.xls` or `.xml` name.
    SpreadsheetMl2003,
    /// Tab-separated text pasted from a spreadsheet.
    Pasted,
}

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum RawCell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel error value such as `#DIV/0!` or `#N/A`.
    Error(String),
    /// An Excel date serial (days since the workbook's epoch, see [`RawWorkbook::date_1904`]).
    DateSerial(f64),
}

/// A merged range, 0-based inclusive indices into [`RawSheet::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedRange {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet: rows of cells, anchored at A1. `rows[i][j]` is Excel row `i + 1`, column `j`
/// (readers pad leading empty rows and columns so locations never need an offset). Rows may have
/// different lengths; a missing cell is empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<RawCell>>,
    pub merged: Vec<MergedRange>,
}

/// A whole file read into sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawWorkbook {
    pub format: SourceFormat,
    /// The text encoding that was used for text formats (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: Option<String>,
    /// Whether date serials count from 1904 (old Mac Excel) rather than 1900.
    pub date_1904: bool,
    pub sheets: Vec<RawSheet>,
}
