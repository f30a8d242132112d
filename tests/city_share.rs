//! City links, `.parkcheck` city files, single-park links as parks of a city, and the city's
//! XLSX export, natively on the real files of `tests/fixtures/city/`.
//!
//! - A city link recomputes the sender's dashboard, goal, closest park, chart and ranking
//!   (every case of [`CASES`]).
//! - Golden city links (`tests/cases/share/city_*.link`, content in `*.json`) decode to their
//!   recorded content forever; like the v1 golden links they are never regenerated
//!   (`PARKCHECK_BLESS_SHARE=1` writes missing ones only).
//! - Damaged and protected city links say what is wrong in Chinese.
// Native only: these tests read files and use calamine, which do not run in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use calamine::{Data, Reader as _, Xlsx};
use parkcheck::city::{
    BenchmarkScope, City, CityEvaluation, CityOptions, ParkInput, parks_from_file, to_city_json,
};
use parkcheck::city_session::{self, CityAction, CitySession, FileState, GivenLink};
use parkcheck::export;
use parkcheck::i18n::Lang;
use parkcheck::ingest::{self, IngestOptions, SourceOptions};
use parkcheck::job::{Order, Reply, make};
use parkcheck::rules::Override;
use parkcheck::session::{Action, Session};
use parkcheck::share::{
    self, CityFileParks, CityState, FullState, ResultState, Seal, ShareError, Shared, SourceStamp,
};
use sha2::{Digest, Sha256};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/city")
}

/// One fixture file read as the city reads it, with its name and SHA-256.
fn file_parks(name: &str) -> CityFileParks {
    let bytes = std::fs::read(fixture_dir().join(name)).expect("fixture");
    let ingested = ingest::load(
        &bytes,
        name,
        &SourceOptions::default(),
        &IngestOptions::default(),
    )
    .expect("reads");
    CityFileParks {
        file: SourceStamp {
            name: name.to_string(),
            sha256: Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            sample: false,
        },
        parks: parks_from_file(name, ingested).0,
    }
}

/// A city configuration: files, year, overrides, benchmarks.
struct Case {
    name: &'static str,
    files: &'static [&'static str],
    year: Option<i32>,
    overrides: &'static [&'static str],
    benchmarks: BenchmarkScope,
}

const THREE: &[&str] = &[
    "park-a-yaan.xlsx",
    "park-b-mingshan.xlsx",
    "park-c-hanyuan.xlsx",
];

const CASES: [Case; 3] = [
    Case {
        name: "city_three_files",
        files: THREE,
        year: None,
        overrides: &[],
        benchmarks: BenchmarkScope::Park,
    },
    Case {
        name: "city_workbook_city_benchmarks",
        files: &["city-workbook.xlsx"],
        year: Some(2022),
        overrides: &["mujun.access_threshold=3"],
        benchmarks: BenchmarkScope::City,
    },
    Case {
        name: "city_four_parks",
        files: &[
            "park-a-yaan.xlsx",
            "park-b-mingshan.xlsx",
            "park-c-hanyuan.xlsx",
            "park-d-yingjing.csv",
        ],
        year: None,
        overrides: &[],
        benchmarks: BenchmarkScope::City,
    },
];

impl Case {
    fn overrides(&self) -> Vec<Override> {
        self.overrides
            .iter()
            .map(|o| Override::parse(o).expect("override"))
            .collect()
    }

    fn options(&self) -> CityOptions {
        CityOptions {
            benchmarks: self.benchmarks,
        }
    }

    /// The sender's city: its files and evaluation.
    fn sender(&self) -> (Vec<CityFileParks>, CityEvaluation) {
        let files: Vec<CityFileParks> = self.files.iter().map(|f| file_parks(f)).collect();
        let parks: Vec<ParkInput> = files.iter().flat_map(|f| f.parks.clone()).collect();
        let evaluation =
            City::builtin().evaluate(parks, self.year, &self.overrides(), self.options());
        (files, evaluation)
    }

    fn state(&self) -> CityState {
        let (files, evaluation) = self.sender();
        CityState::new(
            files,
            self.year,
            self.overrides(),
            self.options(),
            &evaluation,
        )
    }
}

/// What the city view shows, as the stable JSON without the diagnostics (a link does not keep
/// the sheet and row of each enterprise, so row-located notes name no row after a link).
fn shown(city: &CityEvaluation) -> serde_json::Value {
    let mut json = to_city_json(city, &[]);
    if let Some(map) = json.as_object_mut() {
        map.remove("diagnostics");
    }
    json
}

fn recompute(state: &CityState) -> CityEvaluation {
    City::builtin().evaluate(state.inputs(), state.year, &state.overrides, state.options)
}

#[test]
fn a_city_link_recomputes_the_senders_dashboard_and_ranking() {
    for case in &CASES {
        let (files, sent) = case.sender();
        let state = CityState::new(files, case.year, case.overrides(), case.options(), &sent);
        let link = share::encode_city(&state, None);
        println!("{}: city link {} characters", case.name, link.len());
        assert!(link.starts_with("v1c"), "{}", case.name);
        let Ok(Shared::City(opened)) = share::decode(&format!("https://x.org/#{link}"), None)
        else {
            panic!("{}: a city link", case.name)
        };
        assert_eq!(*opened, state, "{}: the state round-trips", case.name);
        let received = recompute(&opened);
        assert_eq!(shown(&received), shown(&sent), "{}", case.name);
        assert!(!received.rows.is_empty());
    }
}

#[test]
fn a_city_link_opened_in_the_city_session_shows_the_same_city() {
    let case = &CASES[1];
    let (_, sent) = case.sender();
    let state = case.state();
    let session = city_session::apply(
        &CitySession::default(),
        CityAction::CityLinkOpened(Box::new(state.clone())),
    );
    assert!(!session.reading());
    assert_eq!(session.year, Some(2022));
    assert_eq!(session.options.benchmarks, BenchmarkScope::City);
    assert_eq!(session.files.len(), 1);
    assert_eq!(session.files[0].name, "city-workbook.xlsx");
    assert_eq!(session.files[0].sha256.len(), 64);
    let result = session.evaluate(&City::builtin()).expect("evaluated");
    assert_eq!(shown(&result.evaluation), shown(&sent));
    // Its own link is the link it was opened from.
    assert_eq!(session.share_state(&result.evaluation), Some(state));
}

#[test]
fn a_parkcheck_city_file_and_a_protected_city_link_open_the_same_state() {
    let state = CityState::new(
        vec![file_parks("park-a-yaan.xlsx")],
        None,
        Vec::new(),
        CityOptions::default(),
        &CASES[0].sender().1,
    );
    let link = share::encode_city(&state, None);
    let file = share::to_file(&link).expect("file");
    let from_file = share::from_file(&file).expect("link");
    assert_eq!(
        share::decode(&from_file, None),
        Ok(Shared::City(Box::new(state.clone())))
    );

    let seal = Seal {
        passphrase: "全市2023",
        salt: *b"city-salt-000001",
        nonce: *b"city-nonce01",
    };
    let sealed = share::encode_city(&state, Some(seal));
    assert!(sealed.starts_with("v1x"));
    assert!(share::needs_passphrase(&sealed));
    assert_eq!(
        share::decode(&sealed, None),
        Err(ShareError::PassphraseRequired)
    );
    assert_eq!(
        share::decode(&sealed, Some("错误")),
        Err(ShareError::WrongPassphrase)
    );
    assert_eq!(
        share::decode(&sealed, Some("全市2023")),
        Ok(Shared::City(Box::new(state)))
    );
}

#[test]
fn a_damaged_city_link_says_what_is_wrong_in_chinese() {
    let link = share::encode_city(&CASES[0].state(), None);
    // Cut at a whole base64 quantum, so that only the declared length tells.
    let cut = &link[..3 + (link.len() - 3) / 8 * 4];
    let changed = {
        let mut chars: Vec<char> = link.chars().collect();
        let i = chars.len() / 3;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        chars.into_iter().collect::<String>()
    };
    for (damaged, code) in [
        (cut.to_string(), "share.truncated"),
        (changed, "share.corrupted"),
        (format!("{link}!"), "share.bad_characters"),
        (link.replacen("v1c", "v1q", 1), "share.unsupported_version"),
    ] {
        let Err(e) = share::decode(&damaged, None) else {
            panic!("{code}: the damaged link opened")
        };
        assert_eq!(e.code(), code);
        let d = e.diagnostic();
        assert!(
            d.message.zh.chars().any(|c| c > '\u{4e00}'),
            "{}",
            d.message.zh
        );
        assert!(d.fix.is_some());
    }
}

#[test]
fn single_park_links_and_files_become_parks_and_result_links_are_refused() {
    let sample = parkcheck::job::apply_now(&Session::default(), Action::SampleRequested);
    let full = FullState::from_session(&sample).expect("full");
    let full_link = format!("https://x.org/#{}", share::encode_full(&full, None));
    let result_link = share::encode_result(&ResultState::from_session(&sample).expect("result"));
    let file = share::to_file(&share::encode_full(&full, None)).expect("file");
    let city_link = share::encode_city(&CASES[0].state(), None);

    // Pasted together with a city link (and a chat app's line break inside one of them).
    let broken = format!("{}\n{}", &full_link[..40], &full_link[40..]);
    let session = city_session::apply(
        &CitySession::default(),
        CityAction::LinksGiven {
            links: vec![
                GivenLink::Pasted {
                    name: "粘贴的链接 1".into(),
                    text: city_link,
                },
                GivenLink::Pasted {
                    name: "粘贴的链接 2".into(),
                    text: share::split_links(&format!("{broken}\n{result_link}"))[0].clone(),
                },
                GivenLink::Pasted {
                    name: "粘贴的链接 3".into(),
                    text: result_link,
                },
                GivenLink::File {
                    name: "坏文件.parkcheck".into(),
                    bytes: Rc::new(b"not a parkcheck file".to_vec()),
                },
            ],
            passphrase: String::new(),
        },
    );
    // The city link opened the empty city (three files), the full-data link added one park.
    assert_eq!(session.files.len(), 4);
    assert!(
        session
            .files
            .iter()
            .all(|f| matches!(f.state, FileState::Linked { .. }))
    );
    let result = session.evaluate(&City::builtin()).expect("evaluated");
    let labels: Vec<&str> = result
        .evaluation
        .rows
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "雅安经济开发区",
            "名山经济开发区",
            "汉源工业园区",
            "雅安经济技术开发区"
        ]
    );
    assert!(result.evaluation.differences.is_empty(), "same packs");
    // The result link and the bad file are told, each by name, in Chinese with what to do.
    let errors: Vec<(&str, &str)> = session
        .link_errors
        .iter()
        .map(|e| {
            (
                e.source.as_deref().unwrap_or_default(),
                e.diagnostic.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("粘贴的链接 3", "city.result_link"),
            ("坏文件.parkcheck", "share.not_a_file")
        ]
    );
    let refused = &session.link_errors[0].diagnostic;
    assert!(
        refused.message.zh.contains("结果链接"),
        "{}",
        refused.message.zh
    );
    assert!(
        refused
            .fix
            .as_ref()
            .is_some_and(|f| f.zh.contains("完整数据链接")),
        "{refused:?}"
    );

    // A single park's .parkcheck file is a park too.
    let alone = city_session::apply(
        &CitySession::default(),
        CityAction::LinksGiven {
            links: vec![GivenLink::File {
                name: "园区自评.parkcheck".into(),
                bytes: Rc::new(file),
            }],
            passphrase: String::new(),
        },
    );
    let result = alone.evaluate(&City::builtin()).expect("evaluated");
    assert_eq!(result.evaluation.rows.len(), 1);
    assert_eq!(result.evaluation.rows[0].label, "雅安经济技术开发区");
    assert!(result.evaluation.differences.is_empty());

    // A parameter it was made with that the city does not use is flagged; the city's applies.
    let mut changed = full.clone();
    changed.overrides = vec![Override::parse("mujun.access_threshold=3").expect("override")];
    let file_changed = share::to_file(&share::encode_full(&changed, None)).expect("file");
    let city = city_session::apply(
        &CitySession::default(),
        CityAction::CityLinkOpened(Box::new(CASES[0].state())),
    );
    let more = city_session::apply(
        &city,
        CityAction::LinksGiven {
            links: vec![GivenLink::File {
                name: "改参数.parkcheck".into(),
                bytes: Rc::new(file_changed),
            }],
            passphrase: String::new(),
        },
    );
    assert!(more.link_errors.is_empty());
    let result = more.evaluate(&City::builtin()).expect("evaluated");
    assert_eq!(result.evaluation.rows.len(), 4);
    assert_eq!(result.evaluation.differences.len(), 1);
    assert!(
        result.evaluation.differences[0]
            .sentence
            .zh
            .contains("mujun.access_threshold"),
        "{:?}",
        result.evaluation.differences
    );
}

/// The cells of a sheet as text.
fn sheet_text(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_city_xlsx_has_a_summary_and_one_sheet_per_park() {
    let (_, city) = CASES[0].sender();
    // Made by the writer worker's handler from a city link, as the browser asks for it.
    let link = share::encode_city(&CASES[0].state(), None);
    let reply = make(Order::CityExport {
        fragment: link,
        lang: Lang::Zh,
    });
    let Reply::File {
        file_name, bytes, ..
    } = reply
    else {
        panic!("a file: {reply:?}")
    };
    assert_eq!(file_name, "全市园区评价.xlsx");
    assert_eq!(bytes, export::city_to_xlsx(&city, Lang::Zh));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "全市汇总",
            "雅安经济开发区",
            "名山经济开发区",
            "汉源工业园区"
        ]
    );
    let summary = sheet_text(&mut book, "全市汇总");
    let flat: Vec<&str> = summary.iter().flatten().map(String::as_str).collect();
    assert!(
        flat.contains(&"已达标 1 个，距目标还差 2 个"),
        "{summary:?}"
    );
    let header = summary
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("园区"))
        .expect("dashboard header");
    assert_eq!(&header[2..4], ["C1", "C2"]);
    let mingshan = summary
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("名山经济开发区"))
        .expect("row");
    assert_eq!(mingshan[3], "未达标", "C2 of 名山");
    assert_eq!(mingshan[12], "200", "亩均营收");

    let park = sheet_text(&mut book, "汉源工业园区");
    let c1 = park
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("C1"))
        .expect("C1 row");
    assert_eq!(c1[2], "未达标");
    assert!((c1[3].parse::<f64>().unwrap_or_default() - 0.6).abs() < 1e-9);
    let top = park
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("汉源硅业有限公司"))
        .expect("enterprise row");
    assert_eq!((top[0].as_str(), top[3].as_str()), ("1", "A 类"));

    // A damaged link is told, not exported.
    let reply = make(Order::CityExport {
        fragment: "v1cAAAA".into(),
        lang: Lang::Zh,
    });
    assert!(
        matches!(reply, Reply::FileFailed(ref d) if !d.is_empty()),
        "{reply:?}"
    );
}

#[test]
fn sheet_names_are_valid_and_unique() {
    let (_, mut city) = CASES[0].sender();
    city.parks[0].label = "A/B:[园区]*?很长很长很长很长很长很长很长很长很长很长很长很长很长".into();
    city.parks[1].label = city.parks[0].label.clone();
    let names = export::city_sheet_names(&city, Lang::Zh);
    assert_eq!(names.len(), 4);
    for n in &names {
        assert!(n.chars().count() <= 31, "{n}");
        assert!(!n.chars().any(|c| "[]:*?/\\".contains(c)), "{n}");
    }
    assert_ne!(names[1], names[2]);
    assert!(!export::city_to_xlsx(&city, Lang::En).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Golden city links

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/share")
}

/// The protected golden city link's passphrase.
const GOLDEN_PASSPHRASE: &str = "全市2023";

/// Golden city links: the case they were made from, and the passphrase of a protected one.
const GOLDEN: [(&str, usize, Option<&str>); 3] = [
    ("city_three_files", 0, None),
    ("city_workbook_city_benchmarks", 1, None),
    ("city_three_files_protected", 0, Some(GOLDEN_PASSPHRASE)),
];

/// The salt and nonce of the protected golden city link.
fn golden_seal(passphrase: &str) -> Seal<'_> {
    Seal {
        passphrase,
        salt: *b"golden-salt-0002",
        nonce: *b"golden-nonce",
    }
}

fn content(state: &CityState) -> serde_json::Value {
    serde_json::json!({ "city": state })
}

#[test]
fn golden_city_links_decode_to_their_recorded_content_and_recompute() {
    bless_missing_golden_files();
    let mut failures = Vec::new();
    for (stem, case, passphrase) in GOLDEN {
        let dir = golden_dir();
        let link = std::fs::read_to_string(dir.join(format!("{stem}.link")))
            .unwrap_or_else(|e| panic!("{stem}.link: {e}"));
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{stem}.json")))
                .unwrap_or_else(|e| panic!("{stem}.json: {e}")),
        )
        .unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        match share::decode(&link, passphrase) {
            Ok(Shared::City(state)) if content(&state) == expected => {
                // The encoder is frozen too: the state makes the same link, byte for byte.
                if share::encode_city(&state, passphrase.map(golden_seal)) != link.trim() {
                    failures.push(format!("{stem}: re-encodes to another link"));
                }
                // With today's packs, it shows what the files show.
                let (_, sent) = CASES[case].sender();
                if shown(&recompute(&state)) != shown(&sent) {
                    failures.push(format!("{stem}: recomputes to another city"));
                }
            }
            Ok(Shared::City(state)) => failures.push(format!(
                "{stem}: decodes to\n{}",
                serde_json::to_string_pretty(&content(&state)).unwrap_or_default()
            )),
            Ok(_) => failures.push(format!("{stem}: not a city link")),
            Err(e) => failures.push(format!("{stem}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Writes golden files that do not exist yet, when `PARKCHECK_BLESS_SHARE=1`. Never overwrites.
fn bless_missing_golden_files() {
    if std::env::var("PARKCHECK_BLESS_SHARE").as_deref() != Ok("1") {
        return;
    }
    for (stem, case, passphrase) in GOLDEN {
        let link_path = golden_dir().join(format!("{stem}.link"));
        if link_path.exists() {
            continue;
        }
        let state = CASES[case].state();
        let link = share::encode_city(&state, passphrase.map(golden_seal));
        let json = serde_json::to_string_pretty(&content(&state)).unwrap_or_default();
        std::fs::write(&link_path, format!("{link}\n")).expect("write link");
        std::fs::write(golden_dir().join(format!("{stem}.json")), json + "\n").expect("write json");
    }
}

#[test]
fn pasted_text_splits_into_its_links_and_keeps_chat_line_breaks_inside_one() {
    let text = "https://a.org/#v1fAAAA\nBBBB\n  #v1cCCCC\r\nv1rDDDD https://b.org/x#v1xEEEE\n";
    assert_eq!(
        share::split_links(text),
        [
            "https://a.org/#v1fAAAABBBB",
            "#v1cCCCC",
            "v1rDDDD",
            "https://b.org/x#v1xEEEE"
        ]
    );
    assert!(share::split_links(" \n ").is_empty());
}

#[test]
fn the_print_view_names_every_park_with_its_criteria_and_whole_pack_hashes() {
    let (_, city) = CASES[0].sender();
    let view = parkcheck::report::city::city_print_view(&city, Lang::Zh);
    assert!(
        view.packs
            .iter()
            .all(|p| p.contains("SHA-256") && p.len() > 64)
    );
    let hanyuan = &view.parks[2];
    assert!(
        hanyuan
            .heading
            .starts_with("汉源工业园区 · park-c-hanyuan.xlsx · 未达到创建标准")
    );
    let c1 = hanyuan
        .park
        .as_ref()
        .and_then(|p| p.cards.first())
        .expect("C1");
    assert_eq!(
        (c1.observed.as_str(), c1.threshold.as_str()),
        ("60.00%", "> 70%")
    );
    assert!(!c1.gap.is_empty(), "C1 has a gap");
}
