//! The jobs the page hands to its Web Workers, and their answers ([`Reply`]).
//!
//! - Reading ([`Request`], handled by [`Reader`] in the `parkcheck-reader` worker): read a file,
//!   pasted text or the sample and interpret it with the user's choices. The reader keeps the
//!   last workbook it read, so a changed column mapping re-interprets without parsing again.
//! - Writing ([`Order`], handled by [`make`] in the `parkcheck-writer` worker): templates and
//!   XLSX exports. A worker of its own, fetched on the first order, so that neither the page
//!   nor the reader — which every file waits for — carries the XLSX writer.
//!
//! The workers only move bytes in and out of these pure handlers; native code (tests, tools)
//! calls them directly. Messages travel as bytes ([`encode_request`], [`encode_reply`],
//! [`encode_order`] and their decoders): a request is a small JSON header with a file's bytes
//! appended raw; a reply — often the whole interpreted dataset — is postcard, with every field
//! written ([`crate::serde_skip`]). A message that does not decode is answered with a
//! diagnostic, never a panic.
//!
//! Depends on ingest, and for orders on share, rules, city and export (and, for [`apply_now`],
//! on the session); knows nothing about the browser or the UI.

mod writer;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::raw::RawWorkbook;
use crate::ingest::{self, ColumnOverride, IngestOptions, Ingested, SourceOptions, source};
use crate::serde_skip;
use crate::session::{Action, Session, apply};

pub use writer::{Order, TemplateKind, decode_order, encode_order, make, make_bytes};

/// A request to the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read `input` (unless it is the workbook read last, `input_key` says) and interpret it.
    Read {
        id: u64,
        /// Identifies the input across requests: the same key means the same bytes.
        input_key: u64,
        input: Input,
        encoding: Option<String>,
        mapping: Vec<ColumnOverride>,
    },
    /// Run the reading code once on a small workbook, unasked-for, while the user is still
    /// choosing a file: the first real read then runs on code the engine has already compiled
    /// and warmed. Answered with nothing.
    WarmUp,
}

/// What to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Input {
    File {
        name: String,
        /// Travels after the JSON header, not inside it (see [`encode_request`]).
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    Pasted {
        text: String,
    },
    Sample,
}

/// The reader's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// A stage of request `id` started (sent before the work, so the page can show it).
    Progress { id: u64, stage: Stage },
    /// Request `id` finished: the data, or why the input is not a table at all.
    Read {
        id: u64,
        outcome: Result<Box<ReadOutcome>, Vec<Diagnostic>>,
    },
    /// A file (a template or an export), ready to save.
    File {
        file_name: String,
        mime: String,
        bytes: Vec<u8>,
    },
    /// The warm-up is done (the page ignores it).
    Warm,
    /// A file could not be made (the reason; nothing else is affected).
    FileFailed(Vec<Diagnostic>),
    /// The request could not be understood (a version mismatch between page and worker).
    Failed(Vec<Diagnostic>),
}

/// The stages of reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Decoding the file into cells.
    Reading,
    /// Finding headers, columns, units and reading rows.
    Interpreting,
}

/// A successful read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadOutcome {
    pub ingested: Ingested,
    /// Hex SHA-256 of the input's bytes (empty for the sample).
    pub sha256: String,
    /// Whether the input was a text file, whose encoding the user may choose.
    pub text_file: bool,
}

/// The handler, with the last workbook read.
#[derive(Debug, Default)]
pub struct Reader {
    last: Option<Cached>,
}

#[derive(Debug)]
struct Cached {
    key: (u64, Option<String>),
    raw: RawWorkbook,
    read_diagnostics: Vec<Diagnostic>,
    sha256: String,
    text_file: bool,
}

impl Reader {
    /// Answers one request; `progress` receives the stage replies before the work starts.
    pub fn handle(&mut self, request: Request, progress: &mut dyn FnMut(Reply)) -> Reply {
        match request {
            Request::Read {
                id,
                input_key,
                input,
                encoding,
                mapping,
            } => {
                let key = (input_key, encoding.clone());
                if self.last.as_ref().is_none_or(|c| c.key != key) {
                    progress(Reply::Progress {
                        id,
                        stage: Stage::Reading,
                    });
                    self.last = None;
                    match read(&input, encoding.as_deref()) {
                        Ok((raw, read_diagnostics)) => {
                            self.last = Some(Cached {
                                key,
                                text_file: matches!(input, Input::File { .. })
                                    && raw.encoding.is_some(),
                                sha256: fingerprint(&input),
                                raw,
                                read_diagnostics,
                            })
                        }
                        Err(errors) => {
                            return Reply::Read {
                                id,
                                outcome: Err(errors),
                            };
                        }
                    }
                }
                progress(Reply::Progress {
                    id,
                    stage: Stage::Interpreting,
                });
                let Some(cached) = &self.last else {
                    return Reply::Read {
                        id,
                        outcome: Err(Vec::new()),
                    };
                };
                let options = IngestOptions {
                    mapping,
                    ..IngestOptions::default()
                };
                Reply::Read {
                    id,
                    outcome: Ok(Box::new(ReadOutcome {
                        ingested: ingest::interpret_read(
                            &cached.raw,
                            cached.read_diagnostics.clone(),
                            &options,
                        ),
                        sha256: cached.sha256.clone(),
                        text_file: cached.text_file,
                    })),
                }
            }
            Request::WarmUp => {
                warm_up();
                Reply::Warm
            }
        }
    }

    /// Answers an encoded request with encoded replies (progress first, then the answer).
    pub fn handle_bytes(&mut self, request: &[u8], send: &mut dyn FnMut(Vec<u8>)) {
        let reply = match decode_request(request) {
            Some(request) => self.handle(request, &mut |r| send(encode_reply(&r))),
            None => Reply::Failed(vec![Diagnostic::error(
                "job.undecodable",
                Location::none(),
                Text::new(
                    "页面与后台读取程序版本不一致，无法读取；请刷新页面后重试",
                    "the page and its background reader are different versions; reload the page and try again",
                ),
            )]),
        };
        send(encode_reply(&reply));
    }
}

/// Runs `action` on `session` and answers any read it asks for at once, on this thread: what
/// the page does with a worker, for native tools and tests.
pub fn apply_now(session: &Session, action: Action) -> Session {
    settle(apply(session, action))
}

/// Answers the session's pending read, if any, at once.
pub fn settle(mut session: Session) -> Session {
    let mut reader = Reader::default();
    while let Some(request) = session.pending.as_ref().map(|p| p.request.clone()) {
        let reply = reader.handle((*request).clone(), &mut |_| {});
        session = apply(&session, Action::Read(Box::new(reply)));
    }
    session
}

/// A request as bytes: the header's length (4 bytes, little-endian), the JSON header, then a
/// file's bytes.
pub fn encode_request(request: &Request) -> Vec<u8> {
    let header = serde_json::to_vec(request).unwrap_or_default();
    let payload: &[u8] = match request {
        Request::Read {
            input: Input::File { bytes, .. },
            ..
        } => bytes,
        _ => &[],
    };
    let mut out = Vec::with_capacity(4 + header.len() + payload.len());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(payload);
    out
}

/// A request from [`encode_request`]'s bytes; `None` when they are not one.
pub fn decode_request(bytes: &[u8]) -> Option<Request> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let header = bytes.get(4..4usize.checked_add(len)?)?;
    let mut request: Request = serde_json::from_slice(header).ok()?;
    if let Request::Read {
        input: Input::File { bytes: file, .. },
        ..
    } = &mut request
    {
        *file = bytes.get(4 + len..)?.to_vec();
    }
    Some(request)
}

/// The first bytes of every reply: the format (postcard of [`Reply`], every field written).
/// Change it whenever a type inside [`Reply`] changes shape, so that a page and a worker of
/// different deployments refuse each other's messages instead of misreading them.
const REPLY_FORMAT: &[u8; 4] = b"pcr1";

/// A reply as bytes: [`REPLY_FORMAT`], then postcard. Compact and quick to decode — the read
/// of a 100,000-row file is tens of megabytes as JSON, whose decoding on the page's thread was
/// the longest pause of a load.
pub fn encode_reply(reply: &Reply) -> Vec<u8> {
    let out = REPLY_FORMAT.to_vec();
    let encoded = serde_skip::keeping_every_field(|| postcard::to_extend(reply, out));
    encoded.unwrap_or_default()
}

/// A reply from [`encode_reply`]'s bytes; `None` when they are not one.
pub fn decode_reply(bytes: &[u8]) -> Option<Reply> {
    postcard::from_bytes(bytes.strip_prefix(REPLY_FORMAT)?).ok()
}

/// A workbook of the template's first 20 columns and 300 rows (`benches/support` makes its
/// like): enough work for the engine to optimise the code a real file goes through.
const WARM_UP_XLSX: &[u8] = include_bytes!("warm-up.xlsx");

/// Reads and interprets [`WARM_UP_XLSX`]: the zip, XML, cell and interpretation code a real
/// file goes through.
fn warm_up() {
    // Engines optimise a function once it has done enough work; one pass over 300 rows is not
    // enough (measured: the first real read stayed ~2× slower than a second one).
    for _ in 0..WARM_UP_PASSES {
        let _ = ingest::load(
            WARM_UP_XLSX,
            "warm-up.xlsx",
            &SourceOptions::default(),
            &IngestOptions::default(),
        );
    }
}

/// How many times [`warm_up`] reads [`WARM_UP_XLSX`].
const WARM_UP_PASSES: usize = 5;

fn read(
    input: &Input,
    encoding: Option<&str>,
) -> Result<(RawWorkbook, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (raw, diagnostics) = match input {
        Input::File { name, bytes } => source::read_source(
            bytes,
            name,
            &SourceOptions {
                encoding: encoding.map(str::to_string),
            },
        ),
        Input::Pasted { text } => source::read_pasted(text),
        Input::Sample => (Some(ingest::sample::sample_workbook()), Vec::new()),
    };
    match raw {
        Some(raw) => Ok((raw, diagnostics)),
        None => Err(diagnostics),
    }
}

fn fingerprint(input: &Input) -> String {
    let bytes = match input {
        Input::File { bytes, .. } => bytes.as_slice(),
        Input::Pasted { text } => text.as_bytes(),
        Input::Sample => return String::new(),
    };
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_request(id: u64, input_key: u64, input: Input) -> Request {
        Request::Read {
            id,
            input_key,
            input,
            encoding: None,
            mapping: Vec::new(),
        }
    }

    #[test]
    fn a_read_reports_its_stages_and_a_repeat_skips_the_reading() {
        let mut reader = Reader::default();
        let mut stages = Vec::new();
        let csv = "企业名称,用地面积（亩）,营业收入（万元）,年度\n甲,10,1000,2023\n";
        let input = Input::File {
            name: "a.csv".into(),
            bytes: csv.as_bytes().to_vec(),
        };
        let reply = reader.handle(read_request(1, 7, input.clone()), &mut |r| stages.push(r));
        let Reply::Read {
            id: 1,
            outcome: Ok(out),
        } = reply
        else {
            panic!("read: {reply:?}")
        };
        assert_eq!(out.ingested.dataset.enterprises.len(), 1);
        assert_eq!(out.sha256.len(), 64);
        assert!(out.text_file);
        assert_eq!(stages.len(), 2, "reading, then interpreting");
        stages.clear();
        reader.handle(read_request(2, 7, input), &mut |r| stages.push(r));
        assert_eq!(
            stages,
            [Reply::Progress {
                id: 2,
                stage: Stage::Interpreting
            }],
            "the same input is not read again"
        );
    }

    #[test]
    fn garbage_messages_and_files_are_answered_not_panicked_on() {
        let mut reader = Reader::default();
        let mut out = Vec::new();
        reader.handle_bytes(&[0xff, 0xff, 0xff], &mut |b| out.push(b));
        reader.handle_bytes(&[9, 0, 0, 0, b'{'], &mut |b| out.push(b));
        assert!(
            out.iter()
                .all(|b| matches!(decode_reply(b), Some(Reply::Failed(_))))
        );
        let reply = reader.handle(
            read_request(
                3,
                1,
                Input::File {
                    name: "x.xlsx".into(),
                    bytes: vec![0, 1, 2],
                },
            ),
            &mut |_| {},
        );
        assert!(matches!(reply, Reply::Read { outcome: Err(e), .. } if !e.is_empty()));
    }

    #[test]
    fn the_warm_up_workbook_is_a_real_table() {
        let ingested = ingest::load(
            WARM_UP_XLSX,
            "warm-up.xlsx",
            &SourceOptions::default(),
            &IngestOptions::default(),
        )
        .expect("the warm-up workbook reads");
        assert_eq!(ingested.dataset.enterprises.len(), 300);
        assert_eq!(
            Reader::default().handle(Request::WarmUp, &mut |_| {}),
            Reply::Warm
        );
    }

    /// Every reply the fixtures give (data, diagnostics, refusals) comes back from its bytes
    /// exactly: postcard has no field names, so a field left out would shift every later one.
    #[test]
    fn replies_round_trip_exactly_for_every_fixture() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut inputs = vec![Input::Sample];
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for path in names {
            inputs.push(Input::File {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                bytes: std::fs::read(&path).expect("fixture bytes"),
            });
        }
        assert!(inputs.len() > 10);
        for (i, input) in inputs.into_iter().enumerate() {
            let mut replies = Vec::new();
            let last = Reader::default()
                .handle(read_request(i as u64, 1, input), &mut |r| replies.push(r));
            replies.push(last);
            for reply in replies {
                assert_eq!(decode_reply(&encode_reply(&reply)).as_ref(), Some(&reply));
            }
        }
        assert_eq!(decode_reply(b"pcr0\0"), None, "another format is refused");
    }

    #[test]
    fn messages_round_trip_as_bytes() {
        for input in [
            Input::Sample,
            Input::File {
                name: "a.csv".into(),
                bytes: b"a,b\n1,2\n".to_vec(),
            },
        ] {
            let request = read_request(9, 2, input);
            assert_eq!(decode_request(&encode_request(&request)), Some(request));
        }
        let mut out = Vec::new();
        let mut reader = Reader::default();
        reader.handle_bytes(
            &encode_request(&read_request(4, 1, Input::Sample)),
            &mut |b| out.push(b),
        );
        let last = out.last().and_then(|b| decode_reply(b));
        assert!(
            matches!(&last, Some(Reply::Read { id: 4, outcome: Ok(o) }) if o.ingested.dataset.enterprises.len() > 20),
            "{last:?}"
        );
    }
}
