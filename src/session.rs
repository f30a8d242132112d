//! The working session: what the user has loaded and chosen, and the pure state transitions on
//! it. The UI's reducer only calls [`apply`]; evaluation is derived from the session, never
//! stored beside it.
//!
//! Depends on ingest and rules; knows nothing about the browser.

use std::rc::Rc;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::{self, IngestOptions, Ingested, SourceOptions};
use crate::rules::{self, Evaluation, Override};

/// Where the current data came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    pub name: String,
    pub bytes: usize,
    /// Hex SHA-256 of the file, printed on reports so a result can be tied to its input.
    pub sha256: String,
    /// Whether this is the built-in sample.
    pub sample: bool,
}

/// The user's working state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub source: Option<SourceInfo>,
    pub ingested: Option<Rc<Ingested>>,
    /// Why the last file could not be read at all; the previous data stays loaded.
    pub load_errors: Vec<Diagnostic>,
    /// The year to evaluate; `None` means the latest year with data.
    pub year: Option<i32>,
    pub overrides: Vec<Override>,
}

/// Something the user did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A file was chosen, dropped or pasted.
    FileLoaded { name: String, bytes: Rc<Vec<u8>> },
    /// Text was pasted from a spreadsheet.
    Pasted(String),
    /// The built-in worked example (DOMAIN.md §3) was requested.
    SampleRequested,
    /// A year was chosen in the year selector.
    YearSelected(i32),
    /// "Clear my data".
    Cleared,
}

/// The next session after `action`. Pure: the same inputs give the same session.
pub fn apply(session: &Session, action: Action) -> Session {
    match action {
        Action::FileLoaded { name, bytes } => {
            let info = SourceInfo {
                name: name.clone(),
                bytes: bytes.len(),
                sha256: sha256_hex(&bytes),
                sample: false,
            };
            let result = ingest::load(
                &bytes,
                &name,
                &SourceOptions::default(),
                &IngestOptions::default(),
            );
            loaded(session, info, result)
        }
        Action::Pasted(text) => {
            let info = SourceInfo {
                name: "粘贴的数据".to_string(),
                bytes: text.len(),
                sha256: sha256_hex(text.as_bytes()),
                sample: false,
            };
            loaded(
                session,
                info,
                ingest::load_pasted(&text, &IngestOptions::default()),
            )
        }
        Action::SampleRequested => {
            let ingested = ingest::interpret(
                &ingest::sample::sample_workbook(),
                &IngestOptions::default(),
            );
            Session {
                source: Some(SourceInfo {
                    name: "示例数据（DOMAIN §3）".into(),
                    bytes: 0,
                    sha256: String::new(),
                    sample: true,
                }),
                ingested: Some(Rc::new(ingested)),
                ..Session::default()
            }
        }
        Action::YearSelected(year) => Session {
            year: Some(year),
            ..session.clone()
        },
        Action::Cleared => Session::default(),
    }
}

impl Session {
    /// The evaluation of the current data, if any data is loaded.
    pub fn evaluate(&self) -> Option<Evaluation> {
        let ingested = self.ingested.as_ref()?;
        Some(rules::evaluate_all(
            &ingested.dataset,
            self.year,
            &self.overrides,
        ))
    }

    /// The years the data covers, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.ingested
            .as_ref()
            .map(|i| i.dataset.years())
            .unwrap_or_default()
    }

    /// Reading diagnostics of the loaded data, most severe first.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self
            .ingested
            .iter()
            .flat_map(|i| i.diagnostics.iter())
            .collect();
        list.sort_by_key(|d| d.severity);
        list
    }

    /// Whether the loaded data has errors (the user can still continue with the valid rows).
    pub fn count(&self, severity: Severity) -> usize {
        self.ingested
            .iter()
            .flat_map(|i| i.diagnostics.iter())
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The session after reading new data: the new data replaces the old, or, when the input is not
/// a table at all, the old data stays and the reasons are shown.
fn loaded(
    session: &Session,
    info: SourceInfo,
    result: Result<Ingested, Vec<Diagnostic>>,
) -> Session {
    match result {
        Ok(ingested) => Session {
            source: Some(info),
            ingested: Some(Rc::new(ingested)),
            ..Session::default()
        },
        Err(errors) => Session {
            load_errors: with_file_name(errors, &info.name),
            ..session.clone()
        },
    }
}

fn with_file_name(mut errors: Vec<Diagnostic>, name: &str) -> Vec<Diagnostic> {
    for d in &mut errors {
        if d.location.sheet.is_none() {
            d.location.sheet = Some(name.to_string());
        }
    }
    errors
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_evaluates_the_latest_year_and_the_year_can_change() {
        let s = apply(&Session::default(), Action::SampleRequested);
        assert_eq!(s.years(), [2021, 2022, 2023]);
        assert_eq!(s.evaluate().and_then(|e| e.year), Some(2023));
        let s = apply(&s, Action::YearSelected(2022));
        assert_eq!(s.evaluate().and_then(|e| e.year), Some(2022));
    }

    #[test]
    fn pasted_cells_are_read_like_a_file() {
        let text = "企业名称\t用地面积（亩）\t营业收入（万元）\t年度\n甲\t10\t1000\t2023\n乙\t5\t800\t2023\n";
        let s = apply(&Session::default(), Action::Pasted(text.into()));
        assert_eq!(
            s.ingested.as_ref().map(|i| i.dataset.enterprises.len()),
            Some(2)
        );
        let s = apply(&s, Action::Pasted(String::new()));
        assert!(!s.load_errors.is_empty(), "empty paste explains itself");
        assert!(s.ingested.is_some(), "and keeps the data");
    }

    #[test]
    fn an_unreadable_file_keeps_the_loaded_data() {
        let s = apply(&Session::default(), Action::SampleRequested);
        let s = apply(
            &s,
            Action::FileLoaded {
                name: "x.xlsx".into(),
                bytes: Rc::new(vec![0, 1, 2, 3]),
            },
        );
        assert!(!s.load_errors.is_empty());
        assert!(s.source.as_ref().is_some_and(|src| src.sample));
        assert!(s.evaluate().is_some());
    }

    #[test]
    fn a_csv_file_is_read_and_fingerprinted() {
        let csv =
            "企业名称,用地面积（亩）,营业收入（万元）,实缴税金（万元）,年度\n甲,10,1000,60,2023\n";
        let s = apply(
            &Session::default(),
            Action::FileLoaded {
                name: "a.csv".into(),
                bytes: Rc::new(csv.as_bytes().to_vec()),
            },
        );
        let source = s.source.as_ref().expect("source");
        assert_eq!(source.sha256.len(), 64);
        assert_eq!(
            s.ingested.as_ref().map(|i| i.dataset.enterprises.len()),
            Some(1)
        );
        assert_eq!(apply(&s, Action::Cleared), Session::default());
    }
}
