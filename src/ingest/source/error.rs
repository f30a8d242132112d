//! The one error type of the format readers and its translation into the single user-facing
//! diagnostic each failure produces (stable code, zh + en message, fix).
//!
//! Owns `SourceError` and the wording of fatal source diagnostics. Must not depend on any
//! reader: readers depend on it.

use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::raw::SourceFormat;

use super::limits::{MAX_CELLS, MAX_INPUT_BYTES};

/// What kind of file we recognised but do not read as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    Pdf,
    Image,
    WordDocument,
    Presentation,
    OpenDocumentText,
    Xlsb,
    /// A compressed archive (zip, rar, 7z, gzip) that is not a workbook.
    Archive,
    /// An Office compound file that holds neither a workbook nor an encrypted package.
    OtherOffice,
    /// A web page without any `<table>`.
    HtmlWithoutTable,
    /// An XML document that is not SpreadsheetML 2003.
    OtherXml,
}

impl Foreign {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Foreign::Pdf => ("PDF 文件", "a PDF file"),
            Foreign::Image => ("图片文件", "an image"),
            Foreign::WordDocument => ("Word 文档", "a Word document"),
            Foreign::Presentation => ("PowerPoint 演示文稿", "a PowerPoint presentation"),
            Foreign::OpenDocumentText => ("OpenDocument 文本文档", "an OpenDocument text file"),
            Foreign::Xlsb => (
                "Excel 二进制工作簿（.xlsb）",
                "an Excel binary workbook (.xlsb)",
            ),
            Foreign::Archive => ("压缩包", "a compressed archive"),
            Foreign::OtherOffice => (
                "非表格的 Office 文件",
                "an Office file that is not a workbook",
            ),
            Foreign::HtmlWithoutTable => ("不含表格的网页", "a web page without a table"),
            Foreign::OtherXml => (
                "不是表格的 XML 文件",
                "an XML file that is not a spreadsheet",
            ),
        }
    }
}

/// Why a source could not be read at all. Each variant becomes exactly one Error diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceError {
    /// The input has no content (no bytes, only a BOM, or only whitespace).
    Empty,
    /// The input is larger than [`MAX_INPUT_BYTES`].
    TooLarge { bytes: usize },
    /// More non-empty cells than [`MAX_CELLS`], or cells spread over too large an area.
    TooManyCells,
    /// An archive whose entries would inflate beyond the limits (a zip bomb, or a lying header).
    ZipBomb,
    /// A password-protected (encrypted) workbook.
    Encrypted { format: SourceFormat },
    /// A workbook container that is truncated or damaged.
    Corrupt {
        format: SourceFormat,
        detail: String,
    },
    /// A recognised file type that is not a spreadsheet we read.
    Unsupported(Foreign),
    /// Bytes that match no supported format (binary junk).
    UnknownFormat,
}

fn format_name(format: SourceFormat) -> (&'static str, &'static str) {
    match format {
        SourceFormat::Xlsx => ("Excel 工作簿（.xlsx）", "Excel workbook (.xlsx)"),
        SourceFormat::Xls => (
            "Excel 97-2003 工作簿（.xls）",
            "Excel 97-2003 workbook (.xls)",
        ),
        SourceFormat::Ods => (
            "OpenDocument 表格（.ods）",
            "OpenDocument spreadsheet (.ods)",
        ),
        SourceFormat::Csv => ("CSV 文本", "CSV text"),
        SourceFormat::Tsv => ("制表符分隔文本", "tab-separated text"),
        SourceFormat::HtmlTable => ("网页表格（.xls）", "HTML table (.xls)"),
        SourceFormat::SpreadsheetMl2003 => (
            "XML 表格（SpreadsheetML 2003）",
            "XML spreadsheet (SpreadsheetML 2003)",
        ),
        SourceFormat::Pasted => ("粘贴的表格", "pasted table"),
        SourceFormat::ShareLink => ("分享链接", "share link"),
    }
}

impl SourceError {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            SourceError::Empty => "source.empty",
            SourceError::TooLarge { .. } | SourceError::TooManyCells => "source.too_large",
            SourceError::ZipBomb => "source.zip_bomb",
            SourceError::Encrypted { .. } => "source.encrypted",
            SourceError::Corrupt { .. } => "source.corrupt",
            SourceError::Unsupported(_) => "source.unsupported",
            SourceError::UnknownFormat => "source.unknown_format",
        }
    }

    /// The one Error diagnostic that reports this failure for the file `file_name`.
    pub fn to_diagnostic(&self, file_name: &str) -> Diagnostic {
        let name = if file_name.is_empty() {
            "输入"
        } else {
            file_name
        };
        let name_en = if file_name.is_empty() {
            "the input"
        } else {
            file_name
        };
        let (message, fix) = match self {
            SourceError::Empty => (
                Text::new(
                    format!("文件“{name}”是空的，没有任何内容。"),
                    format!("The file \"{name_en}\" is empty."),
                ),
                Text::new(
                    "请确认选择了正确的文件，并在 Excel 中检查它确实有数据后重试。",
                    "Check that you chose the right file and that it has data in Excel, then try again.",
                ),
            ),
            SourceError::TooLarge { bytes } => (
                Text::new(
                    format!(
                        "文件“{name}”有 {:.1} MB，超过上限 {} MB。",
                        *bytes as f64 / 1_048_576.0,
                        MAX_INPUT_BYTES / 1_048_576
                    ),
                    format!(
                        "The file \"{name_en}\" is {:.1} MB, over the {} MB limit.",
                        *bytes as f64 / 1_048_576.0,
                        MAX_INPUT_BYTES / 1_048_576
                    ),
                ),
                too_large_fix(),
            ),
            SourceError::TooManyCells => (
                Text::new(
                    format!(
                        "文件“{name}”的单元格超过上限（{MAX_CELLS} 个有内容的单元格，或内容分布范围过大）。"
                    ),
                    format!(
                        "The file \"{name_en}\" has too many cells (over {MAX_CELLS} non-empty cells, or cells spread over too large an area)."
                    ),
                ),
                too_large_fix(),
            ),
            SourceError::ZipBomb => (
                Text::new(
                    format!("文件“{name}”解压后会异常巨大（疑似“压缩炸弹”或已损坏），已拒绝读取。"),
                    format!(
                        "The file \"{name_en}\" would inflate to an abnormal size (a suspected zip bomb, or damaged); it was not read."
                    ),
                ),
                Text::new(
                    "请在 Excel 中打开原始数据，只保留需要的工作表，另存为 .xlsx 后重试。",
                    "Open the original data in Excel, keep only the sheets you need, save as .xlsx and try again.",
                ),
            ),
            SourceError::Encrypted { format } => {
                let (zh, en) = format_name(*format);
                (
                    Text::new(
                        format!("文件“{name}”是设置了打开密码的{zh}，无法读取。"),
                        format!(
                            "The file \"{name_en}\" is a password-protected {en} and cannot be read."
                        ),
                    ),
                    Text::new(
                        "请在 Excel 中输入密码打开，通过“文件 → 信息 → 保护工作簿 → 用密码进行加密”清除密码，另存为 .xlsx 后重试。",
                        "Open it in Excel with the password, remove the password (File → Info → Protect Workbook → Encrypt with Password), save as .xlsx and try again.",
                    ),
                )
            }
            SourceError::Corrupt { format, detail } => {
                let (zh, en) = format_name(*format);
                (
                    Text::new(
                        format!("文件“{name}”看起来是{zh}，但已损坏或不完整（{detail}）。"),
                        format!(
                            "The file \"{name_en}\" looks like an {en} but is damaged or incomplete ({detail})."
                        ),
                    ),
                    Text::new(
                        "请重新导出或重新下载该文件；若 Excel 能打开它，请在 Excel 中另存为 .xlsx 后重试。",
                        "Export or download the file again; if Excel can open it, save it as .xlsx in Excel and try again.",
                    ),
                )
            }
            SourceError::Unsupported(what) => {
                let (zh, en) = what.describe();
                (
                    Text::new(
                        format!("文件“{name}”是{zh}，不是可读取的表格。"),
                        format!(
                            "The file \"{name_en}\" is {en}, not a spreadsheet this tool reads."
                        ),
                    ),
                    Text::new(
                        "请提供 Excel（.xlsx/.xls）、WPS、OpenDocument（.ods）或 CSV 表格；可在 Excel 或 WPS 中另存为 .xlsx 后重试。",
                        "Provide an Excel (.xlsx/.xls), WPS, OpenDocument (.ods) or CSV spreadsheet; you can save it as .xlsx in Excel or WPS and try again.",
                    ),
                )
            }
            SourceError::UnknownFormat => (
                Text::new(
                    format!("无法识别文件“{name}”的格式：它不是表格，也不是文本。"),
                    format!(
                        "The format of \"{name_en}\" is not recognised: it is neither a spreadsheet nor text."
                    ),
                ),
                Text::new(
                    "请在 Excel 或 WPS 中打开原始数据，另存为 .xlsx 后重试。",
                    "Open the original data in Excel or WPS, save it as .xlsx and try again.",
                ),
            ),
        };
        Diagnostic::error(self.code(), Location::none(), message).with_fix(fix)
    }
}

fn too_large_fix() -> Text {
    Text::new(
        "请删除无关的工作表、行和列（例如按年度拆分成多个文件），另存为 .xlsx 后重试。",
        "Delete unrelated sheets, rows and columns (for example split the data into one file per year), save as .xlsx and try again.",
    )
}
