//! Share links end to end on the DOMAIN §3 worked example: the compactness targets (spec limits,
//! asserted and printed), round trips, passphrase protection, pack changes and the diff, and the
//! golden links in `tests/cases/share/`.
//!
//! **Golden links are never regenerated for a released version.** Each `*.link` file is a link
//! as some user may hold it; its `*.json` is what it must decode to, forever. If a change breaks
//! one, the change is wrong (or needs a new link version beside v1). New golden files may be
//! added: run with `PARKCHECK_BLESS_SHARE=1` to write the ones that are missing (never overwrites).
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use parkcheck::job::apply_now as apply;
use parkcheck::rules::{Override, PackStamp};
use parkcheck::session::{Action, Session};
use parkcheck::share::{
    self, FullState, Outcome, ResultState, Seal, ShareError, Shared, diff, pack_changes,
    packs_differ,
};

/// Spec limits of issue 6 for the worked example.
const RESULT_LINK_MAX: usize = 600;
const FULL_LINK_MAX: usize = 1_200;

/// The passphrase of the golden protected link.
const GOLDEN_PASSPHRASE: &str = "雅安2023";

fn sample() -> Session {
    apply(&Session::default(), Action::SampleRequested)
}

fn seal(passphrase: &str) -> Seal<'_> {
    Seal {
        passphrase,
        salt: *b"golden-salt-0001",
        nonce: *b"golden-nonce",
    }
}

#[test]
fn the_worked_example_fits_the_length_targets_and_round_trips() {
    let session = sample();
    let result = ResultState::from_session(&session).expect("result");
    let full = FullState::from_session(&session).expect("full");
    let result_link = share::encode_result(&result);
    let full_link = share::encode_full(&full, None);
    println!(
        "worked example: result link {} chars (limit {RESULT_LINK_MAX}), full-data link {} chars \
         (limit {FULL_LINK_MAX})",
        result_link.len(),
        full_link.len()
    );
    assert!(result_link.starts_with("v1r"), "{result_link}");
    assert!(full_link.starts_with("v1f"), "{full_link}");
    assert!(
        result_link.len() <= RESULT_LINK_MAX,
        "{}",
        result_link.len()
    );
    assert!(full_link.len() <= FULL_LINK_MAX, "{}", full_link.len());

    assert_eq!(
        share::decode(&result_link, None),
        Ok(Shared::Result(result))
    );
    assert_eq!(share::decode(&full_link, None), Ok(Shared::Full(full)));
}

#[test]
fn the_result_link_carries_the_scorecard_and_the_ranking() {
    let result = ResultState::from_session(&sample()).expect("result");
    let link = format!(
        "https://example.org/parkcheck/#{}",
        share::encode_result(&result)
    );
    let Ok(Shared::Result(r)) = share::decode(&link, None) else {
        panic!("a result link")
    };
    assert_eq!(r.park_name, "雅安经济技术开发区");
    assert_eq!(r.year, Some(2023));
    let park = r.outcome.park.as_ref().expect("park");
    let c2 = &park.criteria[1];
    assert_eq!((c2.id.as_str(), c2.state.id()), ("C2", "fail"));
    assert_eq!(c2.observed, Some(0.180_075));
    assert_eq!(c2.gap.as_ref().map(|g| g.amount), Some(17_500.0));
    assert_eq!(park.gaps, ["C2"]);
    let ranking = r.outcome.enterprises.as_ref().expect("ranking");
    let top: Vec<(&str, Option<f64>)> = ranking
        .ranked()
        .iter()
        .take(2)
        .map(|e| (e.name.as_str(), e.score))
        .collect();
    assert_eq!(
        top,
        [
            ("雅安锂电新材料有限公司", Some(184.045)),
            ("名山数据服务有限公司", Some(162.064))
        ]
    );
    assert_eq!(
        (ranking.counts.a, ranking.counts.c, ranking.counts.t),
        (2, 1, 1)
    );
}

#[test]
fn links_open_from_urls_fragments_and_chat_line_breaks() {
    let full = FullState::from_session(&sample()).expect("full");
    let link = share::encode_full(&full, None);
    let broken: String = link
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i % 60 == 59).then_some('\n').into_iter().chain([c]))
        .collect();
    for form in [
        link.clone(),
        format!("#{link}"),
        format!("https://example.org/a/b/index.html#{link}"),
        format!("  {broken}\n"),
    ] {
        assert_eq!(share::decode(&form, None), Ok(Shared::Full(full.clone())));
    }
}

#[test]
fn cut_and_altered_links_say_so() {
    let link = share::encode_result(&ResultState::from_session(&sample()).expect("result"));
    let cut = &link[..link.len() - 7];
    assert_eq!(share::decode(cut, None), Err(ShareError::Truncated));
    let mut altered: Vec<char> = link.chars().collect();
    let i = altered.len() / 2;
    altered[i] = if altered[i] == 'A' { 'B' } else { 'A' };
    let altered: String = altered.into_iter().collect();
    assert_eq!(share::decode(&altered, None), Err(ShareError::Corrupted));
    let wechat = link.replace('_', "%5F");
    if wechat != link {
        assert_eq!(share::decode(&wechat, None), Err(ShareError::BadCharacters));
    }
}

#[test]
fn a_protected_link_opens_only_with_its_passphrase() {
    let full = FullState::from_session(&sample()).expect("full");
    let link = share::encode_full(&full, Some(seal("正确的口令")));
    assert!(link.starts_with("v1x"));
    assert!(share::needs_passphrase(&link));
    assert!(!share::needs_passphrase(&share::encode_full(&full, None)));
    assert_eq!(
        share::decode(&link, None),
        Err(ShareError::PassphraseRequired)
    );
    assert_eq!(
        share::decode(&link, Some("错误的口令")),
        Err(ShareError::WrongPassphrase)
    );
    assert_eq!(
        share::decode(&link, Some("正确的口令")),
        Ok(Shared::Full(full))
    );
}

#[test]
fn a_parkcheck_file_opens_the_same_view() {
    let full = FullState::from_session(&sample()).expect("full");
    let link = share::encode_full(&full, None);
    let file = share::to_file(&format!("https://h/#{link}")).expect("file");
    assert!(file.len() < link.len(), "raw bytes beat base64");
    let back = share::from_file(&file).expect("link");
    assert_eq!(back, link);
    assert_eq!(share::decode(&back, None), Ok(Shared::Full(full)));
}

#[test]
fn a_full_link_recomputes_to_what_the_sender_saw() {
    let full = FullState::from_session(&sample()).expect("full");
    let Ok(Shared::Full(opened)) = share::decode(&share::encode_full(&full, None), None) else {
        panic!("a full link")
    };
    assert!(
        !packs_differ(&opened.packs),
        "{:?}",
        pack_changes(&opened.packs)
    );
    let now = Outcome::from_evaluation(&opened.recompute()).essentials();
    let seen = &opened.seen.as_ref().expect("seen").outcome;
    assert_eq!(seen, &now);
    let d = diff(seen, &now);
    assert!(!d.any_change());
    assert_eq!((d.criteria.len(), d.enterprises.len()), (8, 10));
}

#[test]
fn the_diff_shows_what_other_rules_change() {
    let mut full = FullState::from_session(&sample()).expect("full");
    // The receiver's rules differ: here simulated by a lower access threshold.
    full.overrides = vec![Override {
        key: "mujun.access_threshold".into(),
        value: "3".into(),
    }];
    let seen = full.seen.clone().expect("seen").outcome;
    let now = Outcome::from_evaluation(&full.recompute());
    let d = diff(&seen, &now);
    assert!(d.any_change());
    assert!(
        d.criteria.iter().all(|c| !c.changed),
        "park criteria unchanged"
    );
    let stone = d
        .enterprises
        .iter()
        .find(|e| e.name == "荥经建材有限公司")
        .expect("row");
    assert!(stone.changed);
    assert_eq!(
        stone.link.as_ref().and_then(|r| r.exit).map(|s| s.id()),
        Some("exit")
    );
    assert_eq!(
        stone.now.as_ref().and_then(|r| r.exit).map(|s| s.id()),
        Some("normal")
    );
}

#[test]
fn other_pack_versions_are_reported() {
    let builtin: Vec<PackStamp> = parkcheck::rules::builtin_compiled()
        .iter()
        .map(|p| p.stamp())
        .collect();
    assert!(!packs_differ(&builtin));
    let mut old = builtin.clone();
    old[0].version = "2020.1".into();
    old.push(PackStamp {
        id: "ya-an-local".into(),
        version: "1".into(),
        hash: "00".repeat(8),
    });
    let changes = pack_changes(&old);
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].builtin.as_ref(), Some(&builtin[0]));
    assert_eq!(changes[1].builtin, None);
}

// ---------------------------------------------------------------------------------------------
// Golden links

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/share")
}

/// The golden cases: file stem and passphrase.
const GOLDEN: [(&str, Option<&str>); 3] = [
    ("worked_example_result", None),
    ("worked_example_full", None),
    ("worked_example_full_protected", Some(GOLDEN_PASSPHRASE)),
];

fn content(shared: &Shared) -> serde_json::Value {
    match shared {
        Shared::Result(r) => serde_json::json!({ "result": r }),
        Shared::Full(f) => serde_json::json!({ "full": f }),
        // City golden links have their own test (tests/city_share.rs).
        Shared::City(c) => serde_json::json!({ "city": c }),
    }
}

#[test]
fn golden_links_decode_to_their_recorded_content() {
    bless_missing_golden_files();
    let mut failures = Vec::new();
    for (stem, passphrase) in GOLDEN {
        let dir = golden_dir();
        let link = std::fs::read_to_string(dir.join(format!("{stem}.link")))
            .unwrap_or_else(|e| panic!("{stem}.link: {e}"));
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{stem}.json")))
                .unwrap_or_else(|e| panic!("{stem}.json: {e}")),
        )
        .unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        match share::decode(&link, passphrase) {
            Ok(shared) if content(&shared) == expected => {
                // The encoder is frozen too: the decoded state makes the same link, byte for byte.
                let again = match (&shared, passphrase) {
                    (Shared::Result(r), _) => share::encode_result(r),
                    (Shared::Full(f), p) => share::encode_full(f, p.map(seal)),
                    (Shared::City(c), p) => share::encode_city(c, p.map(seal)),
                };
                if again != link.trim() {
                    failures.push(format!("{stem}: re-encodes to another link"));
                }
            }
            Ok(shared) => failures.push(format!(
                "{stem}: decodes to\n{}",
                serde_json::to_string_pretty(&content(&shared)).unwrap_or_default()
            )),
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
    let session = sample();
    let result = ResultState::from_session(&session).expect("result");
    let full = FullState::from_session(&session).expect("full");
    for (stem, passphrase) in GOLDEN {
        let link_path = golden_dir().join(format!("{stem}.link"));
        if link_path.exists() {
            continue;
        }
        let link = match (stem.contains("result"), passphrase) {
            (true, _) => share::encode_result(&result),
            (false, None) => share::encode_full(&full, None),
            (false, Some(p)) => share::encode_full(&full, Some(seal(p))),
        };
        let shared = share::decode(&link, passphrase).expect("decodes");
        let json = serde_json::to_string_pretty(&content(&shared)).unwrap_or_default();
        std::fs::write(&link_path, format!("{link}\n")).expect("write link");
        std::fs::write(golden_dir().join(format!("{stem}.json")), json + "\n").expect("write json");
    }
}
