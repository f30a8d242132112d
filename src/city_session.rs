//! The city view's working state (issue 7): the files the user chose for the city, each read by
//! the reader worker in turn, and the choices that shape the city evaluation (year, where the
//! 亩均 benchmarks come from). The UI's city reducer only calls [`apply`]; the evaluation is
//! derived ([`CitySession::evaluate`]), never stored.
//!
//! Reading happens elsewhere, as for a single park ([`crate::session`]): every file added becomes
//! a request with its own id, which is also its reader cache key ([`crate::job::Request::Read`]'s
//! `input_key`), so files never share a cached workbook. The reader answers one request at a time,
//! so the session offers one at a time ([`CitySession::pending`]: the first file still waiting);
//! its reply comes back as [`CityAction::Read`] and the next file becomes pending. A reply for a
//! file that was removed meanwhile is dropped.
//!
//! Parks also come from share links (issue 7 items 1 and 4): a city link opened from the page's
//! address replaces the whole city ([`CityAction::CityLinkOpened`]: files, year, benchmarks,
//! parameters), and a link or `.parkcheck` file given to the city's input adds its parks
//! ([`CityAction::LinkAdded`]: a single park's full-data link is one park, a city link adds its
//! files). Such files need no reading ([`FileState::Linked`]). A result link is refused with a
//! message: its snapshot cannot be evaluated with the city's packs and parameters. The city's
//! own link is made by [`CitySession::share_state`].
//!
//! Depends on the job protocol, the ingest types, the share states and the city core; never
//! calls a file reader and knows nothing about the browser. Independent of the single-park
//! session.

use std::rc::Rc;

use crate::city::{
    BenchmarkScope, City, CityDiagnostic, CityEvaluation, CityOptions, InputSettings, ParkData,
    ParkInput, parks_from_file,
};
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::Ingested;
use crate::job::{Input, Reply, Request, Stage};
use crate::rules::Override;
use crate::share::{self, CityFileParks, CityState, Shared, SourceStamp};

/// The files of the city and the choices made on them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CitySession {
    /// In the order they were added (the city's input order).
    pub files: Vec<CityFile>,
    /// The year to evaluate; `None` means the latest year with data in any park.
    pub year: Option<i32>,
    pub options: CityOptions,
    /// Parameter overrides for every park (they come with a city link; the city screen has no
    /// parameter panel of its own).
    pub overrides: Vec<Override>,
    /// Why links given to the city by the last action could not be added (damaged, protected,
    /// a result link), one per link.
    pub link_errors: Vec<CityDiagnostic>,
    /// Changes whenever what [`CitySession::evaluate`] gives changes, but only once no file is
    /// waiting to be read: while files are read, the last evaluation stays on screen.
    pub revision: u64,
    /// Something the evaluation depends on changed since the last revision.
    dirty: bool,
    /// The last id given to a file (ids only grow).
    last_id: u64,
}

/// One file of the city.
#[derive(Debug, Clone, PartialEq)]
pub struct CityFile {
    /// The id of its read request and its reader cache key; unique in the session.
    pub id: u64,
    pub name: String,
    /// Size in bytes.
    pub size: usize,
    /// Lower-case hex SHA-256 of the file's bytes once read (for a link's file: as the link
    /// records it); empty when unknown.
    pub sha256: String,
    pub state: FileState,
}

/// Where a file is.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Waiting for the reader: the request to send, and the stage it reported last.
    Waiting {
        request: Rc<Request>,
        stage: Option<Stage>,
    },
    /// Read: the data, and how many parks it holds.
    Read {
        ingested: Rc<Ingested>,
        parks: usize,
    },
    /// Not a table at all: why.
    Failed(Vec<Diagnostic>),
    /// Parks that came with a share link: nothing to read.
    Linked { parks: Rc<Vec<ParkInput>> },
}

/// Something the user (or the reader) did in the city view.
#[derive(Debug, Clone, PartialEq)]
pub enum CityAction {
    /// Files were chosen or dropped (name, bytes), in the order given.
    FilesAdded(Vec<(String, Rc<Vec<u8>>)>),
    /// The reader answered.
    Read(Box<Reply>),
    /// The file with this id is removed.
    FileRemoved(u64),
    /// Every file is removed.
    Cleared,
    /// A year was chosen (`None`: the latest).
    YearSelected(Option<i32>),
    /// Where the 亩均 benchmarks come from.
    BenchmarksChosen(BenchmarkScope),
    /// A city link was opened from the page's address: its files, year, benchmarks and
    /// parameters replace the city's.
    CityLinkOpened(Box<CityState>),
    /// Links or `.parkcheck` files were given to the city's input: their parks are added (a
    /// city link given to an empty city opens it as [`CityAction::CityLinkOpened`] does).
    /// `passphrase` opens protected ones.
    LinksGiven {
        links: Vec<GivenLink>,
        passphrase: String,
    },
}

/// A link given to the city's input.
#[derive(Debug, Clone, PartialEq)]
pub enum GivenLink {
    /// Text pasted into the link box (a URL or a fragment); `name` names it in the file list
    /// when the link does not name its file.
    Pasted { name: String, text: String },
    /// A `.parkcheck` file chosen in the city's file input.
    File { name: String, bytes: Rc<Vec<u8>> },
}

/// A city evaluation with the files' own diagnostics (reading, splitting by park, files that
/// could not be read), which come before the evaluation's.
#[derive(Debug, Clone, PartialEq)]
pub struct CityResult {
    pub evaluation: CityEvaluation,
    pub file_diagnostics: Vec<CityDiagnostic>,
}

/// The next city session after `action`. Pure: the same inputs give the same session.
pub fn apply(session: &CitySession, action: CityAction) -> CitySession {
    let mut next = session.clone();
    next.link_errors.clear();
    match action {
        CityAction::FilesAdded(files) => {
            for (name, bytes) in files {
                next.last_id += 1;
                let id = next.last_id;
                let request = Request::Read {
                    id,
                    input_key: id,
                    input: Input::File {
                        name: name.clone(),
                        bytes: bytes.as_ref().clone(),
                    },
                    encoding: None,
                    mapping: Vec::new(),
                };
                next.files.push(CityFile {
                    id,
                    name,
                    size: bytes.len(),
                    sha256: String::new(),
                    state: FileState::Waiting {
                        request: Rc::new(request),
                        stage: None,
                    },
                });
            }
        }
        CityAction::Read(reply) => next.read_reply(*reply),
        CityAction::FileRemoved(id) => {
            next.files.retain(|f| f.id != id);
            next.dirty = true;
        }
        CityAction::Cleared => {
            next.files.clear();
            next.year = None;
            next.dirty = true;
        }
        CityAction::YearSelected(year) => {
            next.year = year;
            next.dirty = true;
        }
        CityAction::BenchmarksChosen(scope) => {
            next.options.benchmarks = scope;
            next.dirty = true;
        }
        CityAction::CityLinkOpened(state) => next.open_city(*state),
        CityAction::LinksGiven { links, passphrase } => {
            for link in links {
                match open_link(link, &passphrase) {
                    Ok((name, shared)) => next.add_link(&name, shared),
                    Err(e) => next.link_errors.push(*e),
                }
            }
        }
    }
    if next.year.is_some_and(|y| !next.years().contains(&y)) && !next.reading() {
        // The file that had this year is gone: back to the latest.
        next.year = None;
    }
    if next.dirty && !next.reading() {
        next.revision += 1;
        next.dirty = false;
    }
    next
}

impl CitySession {
    /// The read to send now: the first file still waiting (id, request). The reader answers one
    /// request at a time, so the others wait their turn.
    pub fn pending(&self) -> Option<(u64, Rc<Request>)> {
        self.files.iter().find_map(|f| match &f.state {
            FileState::Waiting { request, .. } => Some((f.id, request.clone())),
            _ => None,
        })
    }

    /// Whether any file is still waiting to be read.
    pub fn reading(&self) -> bool {
        self.pending().is_some()
    }

    /// How many files are read (or failed) out of all.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .files
            .iter()
            .filter(|f| !matches!(f.state, FileState::Waiting { .. }))
            .count();
        (done, self.files.len())
    }

    /// The years the read files cover, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .files
            .iter()
            .flat_map(|f| match &f.state {
                FileState::Read { ingested, .. } => ingested.dataset.years(),
                FileState::Linked { parks } => parks
                    .iter()
                    .flat_map(|p| {
                        let ParkData::Dataset { dataset, .. } = &p.data;
                        dataset.years()
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The city evaluation of the files read so far, with `city`'s packs; `None` when no file
    /// has been read (or every one failed).
    pub fn evaluate(&self, city: &City) -> Option<CityResult> {
        let mut parks: Vec<ParkInput> = Vec::new();
        let mut file_diagnostics: Vec<CityDiagnostic> = Vec::new();
        let mut any = false;
        for file in &self.files {
            match &file.state {
                FileState::Read { ingested, .. } => {
                    any = true;
                    let (inputs, diagnostics) =
                        parks_from_file(&file.name, ingested.as_ref().clone());
                    parks.extend(inputs);
                    file_diagnostics.extend(diagnostics);
                }
                FileState::Linked { parks: linked } => {
                    any = true;
                    parks.extend(linked.iter().cloned());
                }
                FileState::Failed(errors) => file_diagnostics.extend(
                    errors
                        .iter()
                        .map(|d| CityDiagnostic::file(&file.name, d.clone())),
                ),
                FileState::Waiting { .. } => {}
            }
        }
        any.then(|| CityResult {
            evaluation: city.evaluate(parks, self.year, &self.overrides, self.options),
            file_diagnostics,
        })
    }

    /// The city's link: every read or linked file with its parks, the year, the benchmarks and
    /// the parameters; `evaluation` is what the sender sees (for the packs). `None` while files
    /// are still read or when no file gave a park.
    pub fn share_state(&self, evaluation: &CityEvaluation) -> Option<CityState> {
        if self.reading() {
            return None;
        }
        let files: Vec<CityFileParks> = self
            .files
            .iter()
            .filter_map(|f| {
                let parks = match &f.state {
                    FileState::Read { ingested, .. } => {
                        parks_from_file(&f.name, ingested.as_ref().clone()).0
                    }
                    FileState::Linked { parks } => parks.as_ref().clone(),
                    _ => return None,
                };
                Some(CityFileParks {
                    file: SourceStamp {
                        name: f.name.clone(),
                        sha256: f.sha256.clone(),
                        sample: false,
                    },
                    parks,
                })
            })
            .collect();
        if files.iter().all(|f| f.parks.is_empty()) {
            return None;
        }
        Some(CityState::new(
            files,
            self.year,
            self.overrides.clone(),
            self.options,
            evaluation,
        ))
    }

    /// Adds the parks of an opened link named `name`.
    fn add_link(&mut self, name: &str, shared: Shared) {
        match link_content(name, shared) {
            Ok(LinkContent::City(state)) if self.files.is_empty() => self.open_city(*state),
            Ok(LinkContent::City(state)) => {
                for f in state.into_files_flagged() {
                    self.add_linked(f);
                }
            }
            Ok(LinkContent::Park(f)) => self.add_linked(f),
            Err(d) => self.link_errors.push(CityDiagnostic::file(name, *d)),
        }
    }

    /// Replaces the city with a city link's files and choices.
    fn open_city(&mut self, state: CityState) {
        self.files.clear();
        self.year = state.year;
        self.options = state.options;
        self.overrides = state.overrides.clone();
        for f in state.into_files() {
            self.add_linked(f);
        }
        self.dirty = true;
    }

    /// Adds a file of parks that came with a link.
    fn add_linked(&mut self, f: CityFileParks) {
        self.last_id += 1;
        self.files.push(CityFile {
            id: self.last_id,
            size: 0,
            name: f.file.name,
            sha256: f.file.sha256,
            state: FileState::Linked {
                parks: Rc::new(f.parks),
            },
        });
        self.dirty = true;
    }

    fn read_reply(&mut self, reply: Reply) {
        let Some((pending, _)) = self.pending() else {
            return;
        };
        let Some(file) = self.files.iter_mut().find(|f| f.id == pending) else {
            return;
        };
        match reply {
            Reply::Progress { id, stage } if id == file.id => {
                if let FileState::Waiting { stage: s, .. } = &mut file.state {
                    *s = Some(stage);
                }
            }
            Reply::Read { id, outcome } if id == file.id => {
                file.state = match outcome {
                    Ok(outcome) => {
                        file.sha256 = outcome.sha256;
                        let ingested = outcome.ingested;
                        let parks = count_parks(&file.name, &ingested);
                        FileState::Read {
                            ingested: Rc::new(ingested),
                            parks,
                        }
                    }
                    Err(errors) => FileState::Failed(errors),
                };
                self.dirty = true;
            }
            // The reader itself failed: the file it was reading will not be answered.
            Reply::Failed(errors) => {
                file.state = FileState::Failed(errors);
                self.dirty = true;
            }
            // Replies to removed files, and templates (never asked for here).
            _ => {}
        }
    }
}

/// What a link brings to a city.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkContent {
    /// A city link: its files, parks and choices.
    City(Box<CityState>),
    /// A single park's full-data link: the park (with the packs and parameters the link was
    /// made with, so that differences are flagged) and the file it came from.
    Park(CityFileParks),
}

/// What the link named `name` (a file's name, or a pasted link's) brings to a city, or why it
/// cannot be a part of one (a result link). The browser's city session and the command line
/// both take links through here.
pub fn link_content(name: &str, shared: Shared) -> Result<LinkContent, Box<Diagnostic>> {
    match shared {
        Shared::City(state) => Ok(LinkContent::City(state)),
        Shared::Full(full) => {
            let file = match &full.source {
                Some(s) if !s.name.is_empty() => s.clone(),
                _ => SourceStamp {
                    name: name.to_string(),
                    sha256: String::new(),
                    sample: false,
                },
            };
            let settings = InputSettings {
                packs: full.packs.clone(),
                overrides: full.overrides.clone(),
            };
            let park_name = full.dataset.park.park_name.trim().to_string();
            let park = ParkInput {
                label: if park_name.is_empty() {
                    file_stem(&file.name)
                } else {
                    park_name
                },
                source: file.name.clone(),
                data: ParkData::Dataset {
                    dataset: full.dataset,
                    settings: Some(settings),
                },
            };
            Ok(LinkContent::Park(CityFileParks {
                file,
                parks: vec![park],
            }))
        }
        Shared::Result(result) => Err(Box::new(result_link_refused(&result.park_name))),
    }
}

/// Opens a link given to the city: its name (the file's, or the pasted link's) and content, or
/// why it cannot be opened (located by that name).
fn open_link(link: GivenLink, passphrase: &str) -> Result<(String, Shared), Box<CityDiagnostic>> {
    let (name, fragment) = match link {
        GivenLink::Pasted { name, text } => (name, Ok(text)),
        GivenLink::File { name, bytes } => {
            let fragment = share::from_file(&bytes);
            (name, fragment)
        }
    };
    let passphrase = (!passphrase.is_empty()).then_some(passphrase);
    match fragment.and_then(|f| share::decode(&f, passphrase)) {
        Ok(shared) => Ok((name, shared)),
        Err(e) => Err(Box::new(CityDiagnostic::file(&name, e.diagnostic()))),
    }
}

/// Why a result link cannot be a park of the city, and what to send instead.
fn result_link_refused(park: &str) -> Diagnostic {
    Diagnostic::error(
        "city.result_link",
        Location::none(),
        Text::new(
            format!(
                "“{park}”的结果链接只是评价结果的快照，不含企业数据，无法按全市统一的规则包和参数重新评价，也不能参加全市亩均排名，未加入。"
            ),
            format!(
                "the result link of \"{park}\" is a snapshot of results without enterprise data: it cannot be evaluated with the city's packs and parameters nor join the city 亩均 ranking, so it was not added."
            ),
        ),
    )
    .with_fix(Text::new(
        "请让该园区发送“完整数据链接”或 .parkcheck 文件（在分享中选择“完整数据链接”），或直接发送其数据表格。",
        "ask the park for a full-data link or .parkcheck file (Share → full-data link), or for its spreadsheet.",
    ))
}

/// A file name without its extension (`甲园区.xlsx` → `甲园区`).
fn file_stem(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// How many parks a read file holds (as the city will split it).
fn count_parks(name: &str, ingested: &Ingested) -> usize {
    parks_from_file(name, ingested.clone()).0.len()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::job::Reader;

    fn fixture(name: &str) -> (String, Rc<Vec<u8>>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/city")
            .join(name);
        (
            name.to_string(),
            Rc::new(std::fs::read(path).expect("fixture")),
        )
    }

    /// Answers every pending read with one reader, as the worker does, one at a time.
    fn settle(mut session: CitySession, reader: &mut Reader) -> CitySession {
        while let Some((_, request)) = session.pending() {
            let mut progress = Vec::new();
            let reply = reader.handle((*request).clone(), &mut |r| progress.push(r));
            for p in progress {
                session = apply(&session, CityAction::Read(Box::new(p)));
            }
            session = apply(&session, CityAction::Read(Box::new(reply)));
        }
        session
    }

    const THREE: [&str; 3] = [
        "park-a-yaan.xlsx",
        "park-b-mingshan.xlsx",
        "park-c-hanyuan.xlsx",
    ];

    #[test]
    fn files_are_read_one_at_a_time_with_their_own_ids_and_cache_keys() {
        let added = apply(
            &CitySession::default(),
            CityAction::FilesAdded(THREE.iter().map(|n| fixture(n)).collect()),
        );
        assert_eq!(added.files.len(), 3);
        assert_eq!(added.revision, 0, "nothing to show while files wait");
        let keys: Vec<(u64, u64)> = added
            .files
            .iter()
            .filter_map(|f| match &f.state {
                FileState::Waiting { request, .. } => match request.as_ref() {
                    Request::Read { id, input_key, .. } => Some((*id, *input_key)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(keys, [(1, 1), (2, 2), (3, 3)]);
        assert_eq!(added.pending().map(|(id, _)| id), Some(1));

        // One reply moves the queue on; the evaluation waits until every file is in.
        let mut reader = Reader::default();
        let (_, request) = added.pending().expect("pending");
        let reply = reader.handle((*request).clone(), &mut |_| {});
        let one = apply(&added, CityAction::Read(Box::new(reply.clone())));
        assert_eq!(one.pending().map(|(id, _)| id), Some(2));
        assert_eq!(one.progress(), (1, 3));
        assert_eq!(one.revision, 0);
        // A repeated (stale) reply changes nothing.
        assert_eq!(apply(&one, CityAction::Read(Box::new(reply))), one);

        let done = settle(one, &mut reader);
        assert!(!done.reading());
        assert_eq!(done.revision, 1);
        assert_eq!(done.years(), [2021, 2022, 2023]);
        let result = done.evaluate(&City::builtin()).expect("evaluated");
        assert_eq!(
            result.evaluation.goal.sentence.zh,
            "已达标 1 个，距目标还差 2 个"
        );
        let labels: Vec<&str> = result
            .evaluation
            .rows
            .iter()
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(labels, ["雅安经济开发区", "名山经济开发区", "汉源工业园区"]);
    }

    #[test]
    fn options_removal_and_failures_change_the_evaluation() {
        let mut reader = Reader::default();
        let mut files: Vec<(String, Rc<Vec<u8>>)> = THREE.iter().map(|n| fixture(n)).collect();
        files.push(("broken.xlsx".to_string(), Rc::new(vec![0, 1, 2, 3])));
        let session = settle(
            apply(&CitySession::default(), CityAction::FilesAdded(files)),
            &mut reader,
        );
        assert!(matches!(session.files[3].state, FileState::Failed(_)));
        let city = City::builtin();
        let result = session.evaluate(&city).expect("evaluated");
        assert!(
            result
                .file_diagnostics
                .iter()
                .any(|d| d.source.as_deref() == Some("broken.xlsx")),
            "the broken file is reported by name"
        );

        let wide = apply(&session, CityAction::BenchmarksChosen(BenchmarkScope::City));
        assert_eq!(wide.revision, session.revision + 1);
        let ranking = wide.evaluate(&city).expect("evaluated").evaluation.ranking;
        assert_eq!(ranking.scope, BenchmarkScope::City);
        assert_eq!(
            ranking.rows[0].score.map(|s| (s * 100.0).round()),
            Some(18253.0)
        );

        let earlier = apply(&wide, CityAction::YearSelected(Some(2022)));
        assert_eq!(
            earlier.evaluate(&city).map(|r| r.evaluation.year),
            Some(Some(2022))
        );
        let fewer = apply(&earlier, CityAction::FileRemoved(session.files[0].id));
        let rows = fewer.evaluate(&city).expect("evaluated").evaluation.rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(fewer.year, Some(2022), "the year is still in the data");

        let cleared = apply(&fewer, CityAction::Cleared);
        assert!(cleared.files.is_empty() && cleared.evaluate(&city).is_none());
        assert!(cleared.revision > fewer.revision);
    }

    #[test]
    fn a_reply_for_a_removed_file_is_dropped_and_a_failed_reader_fails_one_file() {
        let added = apply(
            &CitySession::default(),
            CityAction::FilesAdded(THREE.iter().map(|n| fixture(n)).collect()),
        );
        let mut reader = Reader::default();
        let (first, request) = added.pending().expect("pending");
        let removed = apply(&added, CityAction::FileRemoved(first));
        let reply = reader.handle((*request).clone(), &mut |_| {});
        let after = apply(&removed, CityAction::Read(Box::new(reply)));
        assert_eq!(after, removed, "the removed file's reply is dropped");

        let failed = apply(
            &after,
            CityAction::Read(Box::new(Reply::Failed(Vec::new()))),
        );
        assert!(matches!(failed.files[0].state, FileState::Failed(_)));
        assert!(matches!(failed.files[1].state, FileState::Waiting { .. }));
    }

    #[test]
    fn the_workbook_with_a_park_column_counts_its_parks() {
        let mut reader = Reader::default();
        let session = settle(
            apply(
                &CitySession::default(),
                CityAction::FilesAdded(vec![fixture("city-workbook.xlsx")]),
            ),
            &mut reader,
        );
        assert!(matches!(
            session.files[0].state,
            FileState::Read { parks: 3, .. }
        ));
        let result = session.evaluate(&City::builtin()).expect("evaluated");
        assert_eq!(
            result.evaluation.goal.sentence.zh,
            "已达标 1 个，距目标还差 2 个"
        );
    }
}
