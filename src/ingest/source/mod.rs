//! Format readers: bytes of any supported spreadsheet export → [`RawWorkbook`] + diagnostics.
//!
//! Architecture invariant: the format is decided from the bytes (magic numbers, archive
//! entries, content sniffing); the file name is only a hint (delimiter preference, sheet name,
//! a note when its extension disagrees). Every failure is exactly one Error diagnostic with a
//! stable `source.*` code; nothing here panics on user data, and memory stays bounded by
//! [`limits`] for any input. Readers know nothing of headers, canonical fields or units.
//!
//! Date serials: XLSX and XLS keep the serials calamine reports in the workbook's own epoch and
//! set [`RawWorkbook::date_1904`] from calamine's `has_1904_epoch()`; every other reader
//! computes 1900-system serials and leaves `date_1904` false.
//!
//! Modules: [`sniff`] (magic numbers) → [`archive`] (zip checks) / [`cfb`] (compound files) /
//! [`encoding`] (text decoding) → one reader per format ([`xlsx`], [`xls`], [`ods`],
//! [`delimited`], [`html`], [`spreadsheetml`]) writing through [`grid`] under one budget.

mod archive;
mod calamine_cell;
mod cfb;
mod delimited;
mod encoding;
pub mod error;
mod grid;
mod html;
pub mod limits;
mod ods;
mod sniff;
mod spreadsheetml;
mod xls;
mod xlsx;
mod xml;

use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::raw::{RawSheet, RawWorkbook, SourceFormat};

use self::archive::ZipKind;
use self::error::{Foreign, SourceError};
use self::grid::Budget;
use self::limits::{MAX_INPUT_BYTES, SNIFF_WINDOW};
use self::sniff::Family;

/// What the user chose about reading the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceOptions {
    /// Text encoding override for text formats (`"GBK"`, `"UTF-8"`, `"Big5"` …); `None` detects.
    pub encoding: Option<String>,
}

/// Reads any supported file into sheets of raw cells. `file_name` is a hint only.
pub fn read_source(
    bytes: &[u8],
    file_name: &str,
    options: &SourceOptions,
) -> (Option<RawWorkbook>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    match read(bytes, file_name, options, &mut diagnostics) {
        Ok(workbook) => {
            if let Some(note) = extension_note(file_name, workbook.format) {
                diagnostics.insert(0, note);
            }
            (Some(workbook), diagnostics)
        }
        Err(e) => (None, vec![e.to_diagnostic(file_name)]),
    }
}

/// Reads text pasted from a spreadsheet (tab separated; other delimiters are sniffed).
pub fn read_pasted(text: &str) -> (Option<RawWorkbook>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let result = if text.len() > MAX_INPUT_BYTES {
        Err(SourceError::TooLarge { bytes: text.len() })
    } else {
        read_text_table(text, Some('\t'), "粘贴的数据", &mut diagnostics).map(|(sheet, _)| {
            RawWorkbook {
                format: SourceFormat::Pasted,
                encoding: None,
                date_1904: false,
                sheets: vec![sheet],
            }
        })
    };
    match result {
        Ok(workbook) => (Some(workbook), diagnostics),
        Err(e) => (None, vec![e.to_diagnostic("")]),
    }
}

fn read(
    bytes: &[u8],
    file_name: &str,
    options: &SourceOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<RawWorkbook, SourceError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(SourceError::TooLarge { bytes: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(SourceError::Empty);
    }
    let mut budget = Budget::default();
    let workbook = match sniff::family(bytes) {
        Family::Zip => read_zip(bytes, &mut budget, diagnostics)?,
        Family::Compound => read_compound(bytes, &mut budget)?,
        Family::Foreign(what) => return Err(SourceError::Unsupported(what)),
        Family::Text => read_text(bytes, file_name, options, &mut budget, diagnostics)?,
    };
    if workbook.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(SourceError::Empty);
    }
    Ok(workbook)
}

fn read_zip(
    bytes: &[u8],
    budget: &mut Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<RawWorkbook, SourceError> {
    let mut zip = archive::open(bytes, SourceFormat::Xlsx)?;
    match archive::classify(&mut zip) {
        ZipKind::Xlsx => {
            let tails = archive::check(
                &mut zip,
                SourceFormat::Xlsx,
                xlsx::parsed_entry,
                xlsx::is_part_with_merges,
            )?;
            let read = xlsx::read_xlsx(bytes, &mut zip, &tails, budget, diagnostics)?;
            Ok(workbook(
                SourceFormat::Xlsx,
                None,
                read.date_1904,
                read.sheets,
            ))
        }
        ZipKind::Ods => {
            archive::check(&mut zip, SourceFormat::Ods, |_| false, |_| false)?;
            let sheets = ods::read_ods(&mut zip, budget)?;
            Ok(workbook(SourceFormat::Ods, None, false, sheets))
        }
        ZipKind::Other(what) => Err(SourceError::Unsupported(what)),
    }
}

fn read_compound(bytes: &[u8], budget: &mut Budget) -> Result<RawWorkbook, SourceError> {
    let Some(cfb) = cfb::Cfb::parse(bytes) else {
        return Err(SourceError::Corrupt {
            format: SourceFormat::Xls,
            detail: "复合文档结构无效 / invalid compound file structure".to_string(),
        });
    };
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(SourceError::Encrypted {
            format: SourceFormat::Xlsx,
        });
    }
    if cfb.has("Workbook") || cfb.has("Book") {
        let read = xls::read_xls(bytes, &cfb, budget)?;
        return Ok(workbook(
            SourceFormat::Xls,
            None,
            read.date_1904,
            read.sheets,
        ));
    }
    if cfb.has("WordDocument") {
        return Err(SourceError::Unsupported(Foreign::WordDocument));
    }
    if cfb.has("PowerPoint Document") {
        return Err(SourceError::Unsupported(Foreign::Presentation));
    }
    Err(SourceError::Unsupported(Foreign::OtherOffice))
}

fn read_text(
    bytes: &[u8],
    file_name: &str,
    options: &SourceOptions,
    budget: &mut Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<RawWorkbook, SourceError> {
    let decoded = encoding::decode(bytes, options.encoding.as_deref(), diagnostics);
    let text = decoded.text.trim_end_matches('\0');
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    if sniff::looks_binary(text) {
        return Err(SourceError::UnknownFormat);
    }
    let encoding_name = Some(decoded.name().to_string());
    let head: String = text.trim_start().chars().take(SNIFF_WINDOW).collect();
    let stem = file_stem(file_name);
    let (format, sheets) = if head.starts_with('<') && spreadsheetml::is_spreadsheetml(&head) {
        (
            SourceFormat::SpreadsheetMl2003,
            spreadsheetml::read_spreadsheetml(text, budget)?,
        )
    } else if head.starts_with('<') && html::has_table(text) {
        (
            SourceFormat::HtmlTable,
            html::read_html(text, stem, budget)?,
        )
    } else if head.starts_with("<?xml") {
        return Err(SourceError::Unsupported(Foreign::OtherXml));
    } else if head.starts_with('<') && looks_like_html(&head) {
        return Err(SourceError::Unsupported(Foreign::HtmlWithoutTable));
    } else {
        let preferred = match extension(file_name).as_str() {
            "tsv" | "tab" | "txt" => Some('\t'),
            "csv" => Some(','),
            _ => None,
        };
        let name = if stem.is_empty() { "Sheet1" } else { stem };
        let (sheet, delimiter) = read_text_table_with(text, preferred, name, budget, diagnostics)?;
        let format = if delimiter == '\t' {
            SourceFormat::Tsv
        } else {
            SourceFormat::Csv
        };
        (format, vec![sheet])
    };
    diagnostics.extend(decoded.diagnostics());
    Ok(workbook(format, encoding_name, false, sheets))
}

fn looks_like_html(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<div",
        "<p>",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// Delimited text with a fresh budget (pasted text).
fn read_text_table(
    text: &str,
    preferred: Option<char>,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(RawSheet, char), SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    read_text_table_with(text, preferred, name, &mut Budget::default(), diagnostics)
}

fn read_text_table_with(
    text: &str,
    preferred: Option<char>,
    name: &str,
    budget: &mut Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(RawSheet, char), SourceError> {
    let delimiter = delimited::sniff_delimiter(text, preferred);
    let read = delimited::read_delimited(text, delimiter, name, budget)?;
    if read.unclosed_quote {
        diagnostics.push(
            Diagnostic::warning(
                "source.unclosed_quote",
                Location::sheet(name),
                Text::new(
                    "文本中有一个引号没有闭合，从它开始到文件末尾都被读成了同一个单元格。",
                    "A quote in the text is never closed; everything from it to the end of the file was read as one cell.",
                ),
            )
            .with_fix(Text::new(
                "请检查最后读到的几行，删除或补全多余的英文引号（\"）后重试，或在 Excel 中另存为 .xlsx。",
                "Check the last rows read, remove or close the stray double quote (\") and try again, or save as .xlsx in Excel.",
            )),
        );
    }
    if read.sheet.rows.is_empty() {
        return Err(SourceError::Empty);
    }
    Ok((read.sheet, delimiter))
}

fn workbook(
    format: SourceFormat,
    encoding: Option<String>,
    date_1904: bool,
    sheets: Vec<RawSheet>,
) -> RawWorkbook {
    RawWorkbook {
        format,
        encoding,
        date_1904,
        sheets,
    }
}

/// The file name without directories and extension (`数据/2023.csv` → `2023`).
fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rfind('.') {
        Some(dot) if dot > 0 => base.get(..dot).unwrap_or(base),
        _ => base,
    }
}

fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rfind('.') {
        Some(dot) => base.get(dot + 1..).unwrap_or_default().to_ascii_lowercase(),
        None => String::new(),
    }
}

/// An Info note when the extension promises another format than the content (an `.xls` that is
/// a web page, a `.csv` that is really an `.xlsx`).
fn extension_note(file_name: &str, format: SourceFormat) -> Option<Diagnostic> {
    let ext = extension(file_name);
    let expected: &[SourceFormat] = match ext.as_str() {
        "xlsx" | "xlsm" => &[SourceFormat::Xlsx],
        "xls" => &[SourceFormat::Xls],
        "ods" => &[SourceFormat::Ods],
        "csv" | "txt" | "tsv" | "tab" => &[SourceFormat::Csv, SourceFormat::Tsv],
        "htm" | "html" => &[SourceFormat::HtmlTable],
        "xml" => &[SourceFormat::SpreadsheetMl2003],
        _ => return None,
    };
    if expected.contains(&format) {
        return None;
    }
    let (zh, en) = match format {
        SourceFormat::Xlsx => ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
        SourceFormat::Xls => (
            "Excel 97-2003 工作簿（.xls）",
            "an Excel 97-2003 workbook (.xls)",
        ),
        SourceFormat::Ods => (
            "OpenDocument 表格（.ods）",
            "an OpenDocument spreadsheet (.ods)",
        ),
        SourceFormat::Csv => ("逗号等分隔的文本（CSV）", "delimited text (CSV)"),
        SourceFormat::Tsv => ("制表符分隔的文本", "tab-separated text"),
        SourceFormat::HtmlTable => ("网页表格（HTML）", "an HTML table"),
        SourceFormat::SpreadsheetMl2003 => (
            "XML 表格（SpreadsheetML 2003）",
            "an XML spreadsheet (SpreadsheetML 2003)",
        ),
        SourceFormat::Pasted | SourceFormat::ShareLink => return None,
    };
    Some(
        Diagnostic::info(
            "source.format",
            Location::none(),
            Text::new(
                format!("文件扩展名是 .{ext}，但内容实际是{zh}，已按实际格式读取。"),
                format!("The file is named .{ext} but its content is {en}; it was read as such."),
            ),
        )
        .with_fix(Text::new(
            "无需处理；如读取结果不对，请在 Excel 中打开后另存为 .xlsx 再试。",
            "Nothing to do; if the result looks wrong, open the file in Excel, save it as .xlsx and try again.",
        )),
    )
}
