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
//! Depends on the job protocol, the ingest types and the city core; never calls a file reader and
//! knows nothing about the browser. Independent of the single-park session.

use std::rc::Rc;

use crate::city::{
    BenchmarkScope, City, CityDiagnostic, CityEvaluation, CityOptions, ParkInput, parks_from_file,
};
use crate::diagnostic::Diagnostic;
use crate::ingest::Ingested;
use crate::job::{Input, Reply, Request, Stage};

/// The files of the city and the choices made on them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CitySession {
    /// In the order they were added (the city's input order).
    pub files: Vec<CityFile>,
    /// The year to evaluate; `None` means the latest year with data in any park.
    pub year: Option<i32>,
    pub options: CityOptions,
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
            .filter_map(|f| match &f.state {
                FileState::Read { ingested, .. } => Some(ingested.dataset.years()),
                _ => None,
            })
            .flatten()
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
                FileState::Failed(errors) => file_diagnostics.extend(
                    errors
                        .iter()
                        .map(|d| CityDiagnostic::file(&file.name, d.clone())),
                ),
                FileState::Waiting { .. } => {}
            }
        }
        any.then(|| CityResult {
            evaluation: city.evaluate(parks, self.year, &[], self.options),
            file_diagnostics,
        })
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
