//! Diagnostics: what the user is told about their input, where it is (as Excel shows it) and what
//! to do about it, in Chinese and English.
//!
//! Every stage that reads user input (files, cells, rule packs, links) reports through this one
//! type and keeps going; nothing here depends on any other module of the crate.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The value or file could not be used; the rest still counts.
    Error,
    /// The value was used but may be wrong (outliers, assumed units, duplicates).
    Warning,
    /// For information (what was detected, what was assumed).
    Info,
}

impl Severity {
    /// A stable id (`error`, `warning`, `info`), also a CSS hook.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        }
    }
}

/// A sentence in both UI languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The sentence in the given language (`"en"` → English, anything else → Chinese).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.zh }
    }
}

/// Where a diagnostic points, as the user sees it in their spreadsheet. Every part is optional:
/// a file-level problem has none, a column problem has no row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub sheet: Option<String>,
    /// 1-based row number as Excel shows it.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub row: Option<u32>,
    /// 0-based column index; shown as a letter (`0` → `A`).
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub column: Option<u32>,
    /// The column's header text as the user wrote it.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub header: Option<String>,
}

impl Location {
    /// No location: the whole file or input.
    pub fn none() -> Location {
        Location::default()
    }

    pub fn sheet(sheet: impl Into<String>) -> Location {
        Location {
            sheet: Some(sheet.into()),
            ..Location::default()
        }
    }

    /// A cell: sheet, 1-based row, 0-based column, header text.
    pub fn cell(sheet: &str, row: u32, column: u32, header: &str) -> Location {
        Location {
            sheet: Some(sheet.to_string()),
            row: Some(row),
            column: Some(column),
            header: (!header.is_empty()).then(|| header.to_string()),
        }
    }

    /// The column letter (`A`, `Z`, `AA`, …).
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(column_letter)
    }

    /// A short description: `工作表“企业” 第 5 行 C 列（营业收入）`.
    pub fn describe_zh(&self) -> String {
        let mut parts = Vec::new();
        if let Some(sheet) = &self.sheet {
            parts.push(format!("工作表“{sheet}”"));
        }
        if let Some(row) = self.row {
            parts.push(format!("第 {row} 行"));
        }
        if let Some(letter) = self.column_letter() {
            match &self.header {
                Some(h) => parts.push(format!("{letter} 列（{h}）")),
                None => parts.push(format!("{letter} 列")),
            }
        } else if let Some(h) = &self.header {
            parts.push(format!("“{h}”列"));
        }
        parts.join(" ")
    }

    /// A short description: `sheet "企业", row 5, column C (营业收入)`.
    pub fn describe_en(&self) -> String {
        let mut parts = Vec::new();
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet \"{sheet}\""));
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(letter) = self.column_letter() {
            match &self.header {
                Some(h) => parts.push(format!("column {letter} ({h})")),
                None => parts.push(format!("column {letter}")),
            }
        } else if let Some(h) = &self.header {
            parts.push(format!("column \"{h}\""));
        }
        parts.join(", ")
    }
}

/// The Excel column letter of a 0-based index.
pub fn column_letter(index: u32) -> String {
    let mut n = index as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable machine code (`cell.not_a_number`), for tests and for grouping in the UI.
    pub code: String,
    pub location: Location,
    pub message: Text,
    /// What the user should do about it.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub fix: Option<Text>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, location: Location, message: Text) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.to_string(),
            location,
            message,
            fix: None,
        }
    }

    pub fn error(code: &str, location: Location, message: Text) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, location, message)
    }

    pub fn warning(code: &str, location: Location, message: Text) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, location, message)
    }

    pub fn info(code: &str, location: Location, message: Text) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, location, message)
    }

    /// Adds the suggested fix.
    pub fn with_fix(mut self, fix: Text) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn locations_read_as_excel_does() {
        let loc = Location::cell("企业", 5, 2, "营业收入");
        assert_eq!(loc.describe_zh(), "工作表“企业” 第 5 行 C 列（营业收入）");
        assert_eq!(
            loc.describe_en(),
            "sheet \"企业\", row 5, column C (营业收入)"
        );
        assert_eq!(Location::none().describe_zh(), "");
    }
}
