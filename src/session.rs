//! The working session: what the user has loaded and chosen, and the pure state transitions on
//! it. The UI's reducer only calls [`apply`]; evaluation is derived from the session, never
//! stored beside it.
//!
//! Reading happens elsewhere (a Web Worker in the browser, see [`crate::job`]): an action that
//! needs the input read or re-interpreted leaves a [`Pending`] request in the session; the UI
//! sends it, and the reply comes back as [`Action::Read`]. A reply to anything but the latest
//! request is ignored, which is also how a cancelled read ends. Everything the user chose is
//! plain data ([`Saved`]) that survives a reload.
//!
//! Depends on the ingest types and the rules; never calls a file reader and knows nothing about
//! the browser.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::dataset::ParkFacts;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::raw::SourceFormat;
use crate::ingest::{ColumnOverride, IngestReport, Ingested};
use crate::job::{self, Reply, Request, Stage};
use crate::rules::{self, CompiledPack, Evaluation, Override};
use crate::share::{self, FullState, Shared};

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
    /// The input of the data shown.
    origin: Option<Origin>,
    /// Names the input for the reader's cache: the same key means the same bytes.
    input_key: u64,
    /// The interpreted data, with the user's park facts when they edited them.
    pub ingested: Option<Rc<Ingested>>,
    /// The park facts as the file gave them (for "back to the file's facts").
    file_park: Option<ParkFacts>,
    /// Whether the input is a text file, whose encoding the user may choose.
    text_file: bool,
    /// Why the last input could not be read at all; the previous data stays loaded.
    pub load_errors: Vec<Diagnostic>,
    /// The year to evaluate; `None` means the latest year with data.
    pub year: Option<i32>,
    /// Parameter overrides (`mujun.access_threshold=3`), at most one per key.
    pub overrides: Vec<Override>,
    /// The text encoding the user chose for a text file; `None` detects.
    pub encoding: Option<String>,
    /// Column choices on top of detection.
    pub mapping: Vec<ColumnOverride>,
    /// Park facts as the user edited them; `None` uses the file's.
    pub facts: Option<ParkFacts>,
    /// A rule pack the user loaded; it replaces the built-in pack of the same kind.
    pub custom_pack: Option<CustomPack>,
    /// The read in progress, if any.
    pub pending: Option<Pending>,
    /// The id of the last request made (ids only grow, even across "clear").
    last_id: u64,
}

/// A read the session is waiting for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The request to send (its id is [`Pending::id`]).
    pub request: Rc<Request>,
    pub id: u64,
    /// The stage the reader reported last.
    pub stage: Option<Stage>,
    kind: ReadKind,
    origin: Origin,
    /// The encoding before this read, restored if the new one cannot read the file.
    previous_encoding: Option<String>,
}

/// Why a read was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadKind {
    /// A new input: the year and facts start afresh.
    New,
    /// The same input with other choices (mapping, encoding).
    Refresh,
    /// A saved session: its choices are kept.
    Restore,
}

/// Where an input came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    File {
        name: String,
        #[serde(with = "base64_bytes")]
        bytes: Rc<Vec<u8>>,
    },
    Pasted {
        text: String,
    },
    Sample,
    /// A full-data share link (its `#v1…` fragment; a passphrase link is kept opened, not
    /// sealed, since it never leaves this browser).
    Link {
        fragment: String,
    },
}

/// A rule pack file the user loaded.
#[derive(Debug, Clone)]
pub struct CustomPack {
    pub name: String,
    pub text: Rc<str>,
    /// The compiled pack; `None` when it has errors (see `diagnostics`).
    pub compiled: Option<Rc<CompiledPack>>,
    /// Validation findings, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl PartialEq for CustomPack {
    fn eq(&self, other: &Self) -> bool {
        // The compiled pack is a pure function of the text.
        self.name == other.name && self.text == other.text
    }
}

/// Something the user (or the reader) did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A file was chosen or dropped.
    FileLoaded { name: String, bytes: Rc<Vec<u8>> },
    /// Text was pasted from a spreadsheet.
    Pasted(String),
    /// The built-in worked example (DOMAIN.md §3) was requested.
    SampleRequested,
    /// The reader answered (see [`crate::job`]).
    Read(Box<Reply>),
    /// The user cancelled the read in progress.
    ReadCancelled,
    /// A year was chosen in the year selector.
    YearSelected(i32),
    /// A column's field or unit was chosen in the data check (one choice per sheet that shares
    /// the mapping). Each replaces an earlier choice for the same sheet and column.
    ColumnsChosen(Vec<ColumnOverride>),
    /// All column choices are dropped: detection again.
    MappingReset,
    /// A text encoding was chosen (`None`: detect).
    EncodingChosen(Option<String>),
    /// The park facts form changed.
    FactsEdited(Box<ParkFacts>),
    /// The park facts go back to the file's.
    FactsReset,
    /// A parameter was set (`key` is `alias.param`); an empty value removes the override.
    ParamSet { key: String, value: String },
    /// Every parameter goes back to the pack's value.
    ParamsReset,
    /// A rule pack file was chosen.
    PackLoaded { name: String, text: String },
    /// The custom rule pack is removed: the built-in packs again.
    PackRemoved,
    /// A full-data share link (or `.parkcheck` file) was opened: its data replaces the current
    /// data; `fragment` is the link itself, kept to restore it after a reload.
    LinkOpened {
        state: Box<FullState>,
        fragment: String,
    },
    /// "Clear my data".
    Cleared,
}

/// The next session after `action`. Pure: the same inputs give the same session.
pub fn apply(session: &Session, action: Action) -> Session {
    let mut next = session.clone();
    match action {
        Action::FileLoaded { name, bytes } => {
            next.start_read(Origin::File { name, bytes }, ReadKind::New)
        }
        Action::Pasted(text) => next.start_read(Origin::Pasted { text }, ReadKind::New),
        Action::SampleRequested => next.start_read(Origin::Sample, ReadKind::New),
        Action::Read(reply) => next.read_reply(*reply),
        Action::ReadCancelled => next.pending = None,
        Action::YearSelected(year) => next.year = Some(year),
        Action::ColumnsChosen(choices) => {
            for choice in choices {
                next.mapping.retain(|m| {
                    (&m.sheet, m.column, &m.header)
                        != (&choice.sheet, choice.column, &choice.header)
                });
                next.mapping.push(choice);
            }
            next.refresh();
        }
        Action::MappingReset => {
            next.mapping.clear();
            next.refresh();
        }
        Action::EncodingChosen(encoding) => {
            let previous = std::mem::replace(&mut next.encoding, encoding);
            next.refresh();
            if let Some(p) = &mut next.pending {
                p.previous_encoding = previous;
            }
        }
        Action::FactsEdited(facts) => {
            next.facts = Some((*facts).clone());
            if let Some(ingested) = &mut next.ingested {
                Rc::make_mut(ingested).dataset.park = *facts;
            }
        }
        Action::FactsReset => {
            next.facts = None;
            if let (Some(ingested), Some(park)) = (&mut next.ingested, &next.file_park) {
                Rc::make_mut(ingested).dataset.park = park.clone();
            }
        }
        Action::ParamSet { key, value } => {
            next.overrides.retain(|o| o.key != key);
            let value = value.trim();
            if !value.is_empty() {
                next.overrides.push(Override {
                    key,
                    value: value.to_string(),
                });
            }
        }
        Action::ParamsReset => next.overrides.clear(),
        Action::PackLoaded { name, text } => next.custom_pack = Some(CustomPack::load(name, text)),
        Action::PackRemoved => next.custom_pack = None,
        Action::LinkOpened { state, fragment } => {
            next.open_link(*state, fragment);
        }
        Action::Cleared => {
            return Session {
                last_id: session.last_id,
                ..Session::default()
            };
        }
    }
    next
}

impl Session {
    /// The evaluation of the current data, if any data is loaded.
    pub fn evaluate(&self) -> Option<Evaluation> {
        let ingested = self.ingested.as_ref()?;
        let packs = self.packs();
        let refs: Vec<&CompiledPack> = packs.iter().map(|p| p.as_ref()).collect();
        Some(rules::evaluate(
            &refs,
            &ingested.dataset,
            self.year,
            &self.overrides,
        ))
    }

    /// The packs evaluated: the built-in ones, with the custom pack in place of the built-in
    /// pack of its kind.
    pub fn packs(&self) -> Vec<Rc<CompiledPack>> {
        let mut packs = builtin_packs();
        if let Some(custom) = self.custom_pack.as_ref().and_then(|c| c.compiled.clone()) {
            match packs.iter_mut().find(|p| p.pack.kind == custom.pack.kind) {
                Some(slot) => *slot = custom,
                None => packs.push(custom),
            }
        }
        packs
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

    /// How many reading diagnostics of this severity the loaded data has.
    pub fn count(&self, severity: Severity) -> usize {
        self.ingested
            .iter()
            .flat_map(|i| i.diagnostics.iter())
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether the input is a text file, whose encoding the user may choose.
    pub fn is_text_file(&self) -> bool {
        self.text_file
    }

    /// Everything the user loaded and chose, as plain data to keep across a reload.
    pub fn saved(&self) -> Saved {
        Saved {
            version: Saved::VERSION,
            origin: self.origin.clone(),
            encoding: self.encoding.clone(),
            mapping: self.mapping.clone(),
            facts: self.facts.clone(),
            year: self.year,
            overrides: self.overrides.clone(),
            custom_pack: self.custom_pack.as_ref().map(|c| SavedPack {
                name: c.name.clone(),
                text: c.text.to_string(),
            }),
        }
    }

    /// The session that [`Session::saved`] described; its input is read again (a pending read).
    pub fn restore(saved: Saved) -> Session {
        let mut session = Session {
            year: saved.year,
            overrides: saved.overrides,
            encoding: saved.encoding,
            mapping: saved.mapping,
            facts: saved.facts,
            custom_pack: saved.custom_pack.map(|p| CustomPack::load(p.name, p.text)),
            ..Session::default()
        };
        if let Some(origin) = saved.origin {
            session.start_read(origin, ReadKind::Restore);
        }
        session
    }

    /// Loads a full-data link's dataset and choices; nothing is read (the link holds the data).
    fn open_link(&mut self, state: FullState, fragment: String) {
        self.last_id += 1;
        self.input_key = self.last_id;
        self.pending = None;
        self.load_errors.clear();
        self.encoding = None;
        self.mapping.clear();
        self.facts = None;
        self.text_file = false;
        self.source = state.source.as_ref().map(|s| SourceInfo {
            name: s.name.clone(),
            bytes: 0,
            sha256: s.sha256.clone(),
            sample: s.sample,
        });
        self.year = state.year;
        self.overrides = state.overrides.clone();
        let (dataset, _, _) = state.into_parts();
        self.file_park = Some(dataset.park.clone());
        self.ingested = Some(Rc::new(Ingested {
            report: IngestReport {
                format: SourceFormat::ShareLink,
                encoding: None,
                date_1904: false,
                sheets: Vec::new(),
            },
            diagnostics: Vec::new(),
            parks: Vec::new(),
            dataset,
        }));
        self.origin = Some(Origin::Link { fragment });
    }

    /// Asks for `origin` to be read with the current choices (a new input drops them).
    fn start_read(&mut self, origin: Origin, kind: ReadKind) {
        if let Origin::Link { fragment } = &origin {
            // A link is not read but decoded; a saved one restores with the saved choices.
            if let Ok(Shared::Full(state)) = share::decode(fragment, None) {
                let (year, overrides, facts) =
                    (self.year, self.overrides.clone(), self.facts.clone());
                self.open_link(state, fragment.clone());
                if kind == ReadKind::Restore {
                    self.year = year;
                    self.overrides = overrides;
                    self.facts = facts.clone();
                    if let (Some(facts), Some(ingested)) = (facts, &mut self.ingested) {
                        Rc::make_mut(ingested).dataset.park = facts;
                    }
                }
            }
            return;
        }
        self.last_id += 1;
        if kind != ReadKind::Refresh {
            // A new key: the reader must not reuse the workbook it read last.
            self.input_key = self.last_id;
        }
        let Some(input) = origin.to_input() else {
            return;
        };
        if kind == ReadKind::New {
            self.encoding = None;
            self.mapping.clear();
        }
        let request = Request::Read {
            id: self.last_id,
            input_key: self.input_key,
            input,
            encoding: self.encoding.clone(),
            mapping: self.mapping.clone(),
        };
        self.pending = Some(Pending {
            request: Rc::new(request),
            id: self.last_id,
            stage: None,
            kind,
            origin,
            previous_encoding: self.encoding.clone(),
        });
    }

    /// Re-reads the current input with the current choices.
    fn refresh(&mut self) {
        if let Some(origin) = self.origin.clone() {
            self.start_read(origin, ReadKind::Refresh);
        }
    }

    fn read_reply(&mut self, reply: Reply) {
        if let Reply::Failed(errors) = reply {
            // The reader itself failed: whatever was pending will not be answered.
            self.pending = None;
            self.load_errors = errors;
            return;
        }
        let Some(pending) = self.pending.clone() else {
            return;
        };
        match reply {
            Reply::Progress { id, stage } if id == pending.id => {
                if let Some(p) = &mut self.pending {
                    p.stage = Some(stage);
                }
            }
            Reply::Read { id, outcome } if id == pending.id => {
                self.pending = None;
                match outcome {
                    Ok(outcome) => {
                        let mut ingested = outcome.ingested;
                        self.file_park = Some(ingested.dataset.park.clone());
                        if pending.kind == ReadKind::New {
                            self.year = None;
                            self.facts = None;
                        }
                        if let Some(facts) = &self.facts {
                            ingested.dataset.park = facts.clone();
                        }
                        self.source = Some(pending.origin.source_info(outcome.sha256));
                        self.text_file = outcome.text_file;
                        self.origin = Some(pending.origin);
                        self.ingested = Some(Rc::new(ingested));
                        self.load_errors.clear();
                    }
                    Err(errors) => {
                        self.load_errors = with_file_name(errors, &pending.origin.name());
                        if pending.kind == ReadKind::Refresh {
                            self.encoding = pending.previous_encoding;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

impl Origin {
    /// The name shown for the input.
    pub fn name(&self) -> String {
        match self {
            Origin::File { name, .. } => name.clone(),
            Origin::Pasted { .. } => "粘贴的数据".to_string(),
            Origin::Sample => "示例数据（DOMAIN §3）".to_string(),
            Origin::Link { .. } => "分享链接".to_string(),
        }
    }

    /// The input as the reader takes it; `None` for a link, which is decoded, not read.
    pub fn to_input(&self) -> Option<job::Input> {
        Some(match self {
            Origin::File { name, bytes } => job::Input::File {
                name: name.clone(),
                bytes: bytes.to_vec(),
            },
            Origin::Pasted { text } => job::Input::Pasted { text: text.clone() },
            Origin::Sample => job::Input::Sample,
            Origin::Link { .. } => return None,
        })
    }

    fn source_info(&self, sha256: String) -> SourceInfo {
        SourceInfo {
            name: self.name(),
            bytes: match self {
                Origin::File { bytes, .. } => bytes.len(),
                Origin::Pasted { text } => text.len(),
                Origin::Sample | Origin::Link { .. } => 0,
            },
            sha256,
            sample: matches!(self, Origin::Sample),
        }
    }
}

impl CustomPack {
    /// Loads and compiles a pack file; problems become diagnostics, never a failure.
    pub fn load(name: String, text: String) -> CustomPack {
        let (pack, mut diagnostics) = rules::load_pack(&text);
        let compiled = pack.and_then(|pack| match rules::compile(&pack) {
            Ok(compiled) => {
                diagnostics.extend(compiled.warnings.iter().cloned());
                Some(Rc::new(compiled))
            }
            Err(errors) => {
                diagnostics.extend(errors);
                None
            }
        });
        diagnostics.sort_by_key(|d| d.severity);
        CustomPack {
            name,
            text: text.into(),
            compiled,
            diagnostics,
        }
    }
}

/// The saved form of a session (see [`Session::saved`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// Format version; a saved state of another version is not restored.
    pub version: u32,
    pub origin: Option<Origin>,
    pub encoding: Option<String>,
    pub mapping: Vec<ColumnOverride>,
    pub facts: Option<ParkFacts>,
    pub year: Option<i32>,
    pub overrides: Vec<Override>,
    pub custom_pack: Option<SavedPack>,
}

/// A custom rule pack as saved: its file name and text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedPack {
    pub name: String,
    pub text: String,
}

impl Saved {
    pub const VERSION: u32 = 1;

    /// JSON for browser storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads [`Saved::to_json`]; `None` for anything else (another version, damaged text), in
    /// which case the app starts empty rather than half-restored.
    pub fn from_json(text: &str) -> Option<Saved> {
        serde_json::from_str::<Saved>(text)
            .ok()
            .filter(|s| s.version == Saved::VERSION)
    }
}

/// The built-in packs, compiled once per thread.
fn builtin_packs() -> Vec<Rc<CompiledPack>> {
    thread_local! {
        static BUILTIN: RefCell<Option<Vec<Rc<CompiledPack>>>> = const { RefCell::new(None) };
    }
    BUILTIN.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| rules::builtin_compiled().into_iter().map(Rc::new).collect())
            .clone()
    })
}

fn with_file_name(mut errors: Vec<Diagnostic>, name: &str) -> Vec<Diagnostic> {
    for d in &mut errors {
        if d.location.sheet.is_none() {
            d.location.sheet = Some(name.to_string());
        }
    }
    errors
}

/// Serde for file bytes as base64 text (JSON has no byte strings).
mod base64_bytes {
    use std::rc::Rc;

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Rc<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes.as_slice()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rc<Vec<u8>>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text)
            .map(Rc::new)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::job::{apply_now as apply, settle};

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
        let cleared = apply(&s, Action::Cleared);
        assert!(cleared.ingested.is_none() && cleared.source.is_none());
        assert_eq!(cleared.saved(), Session::default().saved());
    }

    fn csv_session(text: &str) -> Session {
        apply(
            &Session::default(),
            Action::FileLoaded {
                name: "a.csv".into(),
                bytes: Rc::new(text.as_bytes().to_vec()),
            },
        )
    }

    fn revenues(s: &Session) -> Vec<Option<f64>> {
        s.ingested
            .as_ref()
            .map(|i| i.dataset.enterprises.iter().map(|e| e.revenue).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_column_choice_reinterprets_and_a_reset_restores_detection() {
        let s = csv_session("企业名称,用地面积（亩）,销售额,年度\n甲,10,1000,2023\n");
        let unit = ColumnOverride {
            sheet: Some("a".into()),
            column: Some(2),
            target: Some(ingest::ColumnTarget::Field(
                crate::dataset::FieldId::Revenue,
            )),
            unit: Some(ingest::Unit::Yuan),
            ..ColumnOverride::default()
        };
        let sheet = s.ingested.as_ref().map(|i| i.report.sheets[0].name.clone());
        let unit = ColumnOverride { sheet, ..unit };
        let chosen = apply(&s, Action::ColumnsChosen(vec![unit.clone()]));
        assert_eq!(revenues(&chosen), [Some(0.1)], "1000 元 = 0.1 万元");
        // Choosing again for the same column replaces the earlier choice.
        let again = apply(&chosen, Action::ColumnsChosen(vec![unit]));
        assert_eq!(again.mapping.len(), 1);
        let reset = apply(&again, Action::MappingReset);
        assert_eq!(revenues(&reset), revenues(&s));
        assert!(reset.mapping.is_empty());
    }

    #[test]
    fn an_encoding_choice_rereads_the_file_and_a_bad_one_keeps_the_data() {
        let (gbk, _, _) = encoding_rs::GBK
            .encode("企业名称,用地面积（亩）,营业收入（万元）,年度\n甲,10,1000,2023\n");
        let s = apply(
            &Session::default(),
            Action::FileLoaded {
                name: "a.csv".into(),
                bytes: Rc::new(gbk.into_owned()),
            },
        );
        assert!(s.is_text_file());
        assert_eq!(revenues(&s), [Some(1000.0)]);
        let big5 = apply(&s, Action::EncodingChosen(Some("Big5".into())));
        assert_eq!(big5.encoding.as_deref(), Some("Big5"));
        assert_ne!(
            revenues(&big5),
            [Some(1000.0)],
            "misread headers do not map"
        );
        let back = apply(&big5, Action::EncodingChosen(None));
        assert_eq!(revenues(&back), [Some(1000.0)]);
    }

    #[test]
    fn edited_facts_are_evaluated_and_survive_a_mapping_change() {
        let s = apply(&Session::default(), Action::SampleRequested);
        let mut facts = s
            .ingested
            .as_ref()
            .map(|i| i.dataset.park.clone())
            .unwrap_or_default();
        facts.park_name = "新名字园区".into();
        facts.new_multistorey_area = Some(0.0);
        let edited = apply(&s, Action::FactsEdited(Box::new(facts.clone())));
        let park = |s: &Session| {
            let c5 = s.evaluate().and_then(|e| e.park).and_then(|p| {
                p.criteria
                    .into_iter()
                    .find(|c| c.id == "C5")
                    .map(|c| c.trace.state)
            });
            let name = s
                .ingested
                .as_ref()
                .map(|i| i.dataset.park.park_name.clone());
            (name, c5)
        };
        assert_eq!(
            park(&edited),
            (Some("新名字园区".into()), Some(rules::State::Fail))
        );
        let remapped = apply(&edited, Action::MappingReset);
        assert_eq!(park(&remapped), park(&edited));
        let reset = apply(&remapped, Action::FactsReset);
        assert_eq!(park(&reset), park(&s));
        assert_ne!(park(&reset), park(&edited));
    }

    #[test]
    fn a_parameter_is_set_replaced_and_removed() {
        let s = apply(&Session::default(), Action::SampleRequested);
        let set = |s: &Session, v: &str| {
            apply(
                s,
                Action::ParamSet {
                    key: "mujun.access_threshold".into(),
                    value: v.into(),
                },
            )
        };
        let s3 = set(&set(&s, "4"), "3");
        assert_eq!(s3.overrides.len(), 1);
        let applied = s3.evaluate().map(|e| e.overrides).unwrap_or_default();
        assert_eq!(applied.len(), 1);
        assert_eq!(applied[0].to, rules::ParamValue::Number(3.0));
        assert!(set(&s3, " ").overrides.is_empty());
        assert!(apply(&s3, Action::ParamsReset).overrides.is_empty());
    }

    #[test]
    fn a_custom_pack_replaces_the_builtin_of_its_kind_and_a_broken_one_explains_itself() {
        let s = apply(&Session::default(), Action::SampleRequested);
        let text = rules::pack::builtin_text("sichuan-mujun")
            .unwrap_or_default()
            .replacen("value = 5\n", "value = 50\n", 1)
            .replacen("id = \"sichuan-mujun\"", "id = \"my-mujun\"", 1);
        let custom = apply(
            &s,
            Action::PackLoaded {
                name: "my.toml".into(),
                text,
            },
        );
        let ids: Vec<String> = custom.packs().iter().map(|p| p.pack.id.clone()).collect();
        assert_eq!(ids, ["sichuan-5plus1-park", "my-mujun"]);
        let broken = apply(
            &s,
            Action::PackLoaded {
                name: "bad.toml".into(),
                text: "id = ".into(),
            },
        );
        let pack = broken
            .custom_pack
            .as_ref()
            .expect("kept with its diagnostics");
        assert!(pack.compiled.is_none());
        assert!(
            pack.diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
        );
        assert_eq!(broken.packs().len(), 2, "the built-in packs still evaluate");
        assert!(apply(&custom, Action::PackRemoved).custom_pack.is_none());
    }

    #[test]
    fn a_saved_session_restores_to_the_same_evaluation() {
        let mut s = csv_session(
            "企业名称,用地面积（亩）,销售额,实缴税金（万元）,年度\n甲,10,1000,60,2022\n甲,10,1200,70,2023\n",
        );
        let sheet = s.ingested.as_ref().map(|i| i.report.sheets[0].name.clone());
        for action in [
            Action::ColumnsChosen(vec![ColumnOverride {
                sheet,
                column: Some(2),
                target: Some(ingest::ColumnTarget::Field(
                    crate::dataset::FieldId::Revenue,
                )),
                unit: Some(ingest::Unit::Yuan),
                ..ColumnOverride::default()
            }]),
            Action::YearSelected(2022),
            Action::ParamSet {
                key: "mujun.access_threshold".into(),
                value: "3".into(),
            },
        ] {
            s = apply(&s, action);
        }
        let json = s.saved().to_json();
        let restored = settle(Session::restore(
            Saved::from_json(&json).expect("reads back"),
        ));
        // Compared as JSON: option-valued parameters carry NaN, which is never equal to itself.
        let json_of = |s: &Session| serde_json::to_string(&s.evaluate()).unwrap_or_default();
        assert_eq!(json_of(&restored), json_of(&s));
        assert_eq!(restored.saved(), s.saved());
        assert_eq!(restored.source, s.source);
        assert!(Saved::from_json("{\"version\":99}").is_none());
        assert!(Saved::from_json("not json").is_none());
    }

    #[test]
    fn only_the_latest_read_is_taken_and_a_cancelled_read_is_dropped() {
        use crate::job::Reader;
        let pure = crate::session::apply;
        let first = pure(&Session::default(), Action::SampleRequested);
        let first_request = first
            .pending
            .as_ref()
            .map(|p| (*p.request).clone())
            .expect("pending");
        let second = pure(&first, Action::Pasted("企业名称\t营业收入\n甲\t1\n".into()));
        let mut reader = Reader::default();
        let stale = reader.handle(first_request, &mut |_| {});
        let after_stale = pure(&second, Action::Read(Box::new(stale)));
        assert!(
            after_stale.ingested.is_none(),
            "a superseded reply is ignored"
        );
        assert!(after_stale.pending.is_some());
        let cancelled = pure(&after_stale, Action::ReadCancelled);
        assert!(cancelled.pending.is_none() && cancelled.ingested.is_none());
        let request = second
            .pending
            .as_ref()
            .map(|p| (*p.request).clone())
            .expect("pending");
        let late = reader.handle(request, &mut |_| {});
        assert!(
            pure(&cancelled, Action::Read(Box::new(late)))
                .ingested
                .is_none(),
            "too late"
        );
    }

    #[test]
    fn a_full_data_link_opens_with_its_choices_and_survives_a_reload() {
        let s = apply(&Session::default(), Action::SampleRequested);
        let s = apply(
            &s,
            Action::ParamSet {
                key: "mujun.access_threshold".into(),
                value: "8".into(),
            },
        );
        let s = apply(&s, Action::YearSelected(2022));
        let state = share::FullState::from_session(&s).expect("state");
        let fragment = share::encode_full(&state, None);
        let opened = apply(
            &Session::default(),
            Action::LinkOpened {
                state: Box::new(state),
                fragment,
            },
        );
        // Compared as the user sees them: links do not carry the rows' sheet and row numbers.
        let json_of = |s: &Session| {
            s.evaluate()
                .map(|e| {
                    let view = crate::report::result_view(&Rc::new(e), crate::i18n::Lang::Zh);
                    let rows = view.ranking.as_ref().map(|r| r.rows());
                    format!("{:?} {:?} {rows:?}", view.park, view.title)
                })
                .unwrap_or_default()
        };
        assert!(!json_of(&s).is_empty());
        assert_eq!(json_of(&opened), json_of(&s));
        assert!(opened.pending.is_none());
        let restored =
            Session::restore(Saved::from_json(&opened.saved().to_json()).expect("saved"));
        assert_eq!(json_of(&restored), json_of(&s));
    }
}
