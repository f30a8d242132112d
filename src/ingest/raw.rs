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
    /// The dataset of a full-data share link or `.parkcheck` file (no spreadsheet behind it).
    ShareLink,
}

impl SourceFormat {
    /// What the file is, in words users know.
    pub fn label_zh(self) -> &'static str {
        match self {
            SourceFormat::Csv => "CSV 文本（逗号分隔）",
            SourceFormat::Tsv => "文本（制表符分隔）",
            SourceFormat::Xlsx => "Excel 工作簿（.xlsx）",
            SourceFormat::Xls => "Excel 97-2003 工作簿（.xls）",
            SourceFormat::Ods => "OpenDocument 表格（.ods）",
            SourceFormat::HtmlTable => "网页表格（以 .xls 保存的 HTML）",
            SourceFormat::SpreadsheetMl2003 => "XML 电子表格 2003",
            SourceFormat::Pasted => "粘贴的表格数据",
            SourceFormat::ShareLink => "分享链接中的完整数据",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SourceFormat::Csv => "CSV text (comma-separated)",
            SourceFormat::Tsv => "Text (tab-separated)",
            SourceFormat::Xlsx => "Excel workbook (.xlsx)",
            SourceFormat::Xls => "Excel 97-2003 workbook (.xls)",
            SourceFormat::Ods => "OpenDocument spreadsheet (.ods)",
            SourceFormat::HtmlTable => "HTML table saved as .xls",
            SourceFormat::SpreadsheetMl2003 => "XML Spreadsheet 2003",
            SourceFormat::Pasted => "Pasted cells",
            SourceFormat::ShareLink => "Full data of a share link",
        }
    }
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
