//! Properties of the share codec: any state (result, full data, city) survives encode → decode
//! unchanged, and no input — arbitrary text, arbitrary file bytes, or a valid link (of any kind,
//! the city's included) cut, altered or extended — makes the decoder panic; a damaged link is
//! always an error, never a different state.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use parkcheck::city::{BenchmarkScope, CityOptions, InputSettings};
use parkcheck::dataset::{Checklist, Flag, ParkFacts, ParkTotals, Platform, PlatformLevel};
use parkcheck::job::apply_now as apply;
use parkcheck::rules::scoring::ClassCounts;
use parkcheck::rules::{Class, Comparator, ExitStatus, OverallState, Override, PackStamp, State};
use parkcheck::session::{Action, Session};
use parkcheck::share::{
    self, CityPark, CityState, CriterionOutcome, EnterpriseOutcome, EnterprisesOutcome, FullState,
    GapOutcome, Outcome, OverrideChange, ParkOutcome, ResultState, Seen, Shared, SourceStamp,
};
use parkcheck::{Dataset, EnterpriseRecord, FieldId};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z_.]{1,12}",
        "\\PC{0,10}",
        prop::sample::select(vec!["有限公司", "万元", "fraction", "C1"]).prop_map(String::from),
    ]
}

/// Finite numbers: short decimals as in spreadsheets, and any finite double.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, d)| m as f64 / 10f64.powi(d as i32)),
        prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
    ]
}

fn opt_number() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(number())
}

fn opt_bool() -> impl Strategy<Value = Option<bool>> {
    prop::option::of(any::<bool>())
}

fn stamp() -> impl Strategy<Value = PackStamp> {
    (
        prop_oneof![
            Just("sichuan-mujun".to_string()),
            Just("sichuan-5plus1-park".to_string()),
            text()
        ],
        text(),
        "[0-9a-f]{16}",
    )
        .prop_map(|(id, version, hash)| PackStamp { id, version, hash })
}

fn criterion() -> impl Strategy<Value = CriterionOutcome> {
    (
        text(),
        prop::sample::select(vec![
            State::Pass,
            State::Near,
            State::Fail,
            State::NotApplicable,
            State::NotEvaluable,
        ]),
        opt_number(),
        text(),
        prop::option::of(prop::sample::select(vec![
            Comparator::Gt,
            Comparator::Ge,
            Comparator::Lt,
            Comparator::Le,
        ])),
        opt_number(),
        text(),
        prop::option::of((number(), text(), opt_number())),
        prop::collection::vec(text(), 0..3),
    )
        .prop_map(
            |(id, state, observed, unit, comparator, threshold, threshold_unit, gap, missing)| {
                CriterionOutcome {
                    id,
                    state,
                    observed,
                    unit,
                    comparator,
                    threshold,
                    threshold_unit,
                    gap: gap.map(|(amount, unit, alternative)| GapOutcome {
                        amount,
                        unit,
                        alternative,
                    }),
                    missing,
                }
            },
        )
}

fn park_outcome() -> impl Strategy<Value = ParkOutcome> {
    (
        prop::collection::vec(criterion(), 0..9),
        prop::sample::select(vec![
            OverallState::Met,
            OverallState::NotMet,
            OverallState::NotEvaluable,
        ]),
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        opt_bool(),
        opt_bool(),
    )
        .prop_map(|(criteria, overall, gaps, warning, interview)| {
            // Gaps name criteria; with duplicate ids the first one is meant.
            let gaps = if criteria.is_empty() {
                Vec::new()
            } else {
                gaps.iter()
                    .map(|i| criteria[i.index(criteria.len())].id.clone())
                    .collect()
            };
            ParkOutcome {
                criteria,
                overall,
                gaps,
                warning,
                interview,
            }
        })
}

fn enterprise_outcome() -> impl Strategy<Value = EnterpriseOutcome> {
    (
        text(),
        prop::option::of(1u32..100_000),
        prop::option::of(prop::sample::select(vec![
            Class::A,
            Class::B,
            Class::C,
            Class::T,
        ])),
        opt_number(),
        prop::option::of(prop::sample::select(vec![
            ExitStatus::Normal,
            ExitStatus::Warning,
            ExitStatus::Control,
            ExitStatus::Exit,
            ExitStatus::Exempt,
        ])),
        any::<bool>(),
    )
        .prop_map(
            |(name, rank, class, score, exit, vetoed)| EnterpriseOutcome {
                name,
                rank,
                class,
                score,
                exit,
                vetoed,
            },
        )
}

fn outcome() -> impl Strategy<Value = Outcome> {
    (
        prop::option::of(park_outcome()),
        prop::option::of((
            prop::array::uniform6(0usize..100_000),
            prop::collection::vec(enterprise_outcome(), 0..12),
        )),
    )
        .prop_map(|(park, enterprises)| Outcome {
            park,
            enterprises: enterprises.map(|([a, b, c, t, vetoed, out_of_scope], rows)| {
                EnterprisesOutcome {
                    counts: ClassCounts {
                        a,
                        b,
                        c,
                        t,
                        vetoed,
                        out_of_scope,
                    },
                    rows,
                }
            }),
        })
}

fn result_state() -> impl Strategy<Value = ResultState> {
    (
        text(),
        prop::option::of(any::<i32>()),
        prop::collection::vec(stamp(), 0..3),
        prop::collection::vec((text(), text(), text()), 0..3),
        outcome(),
    )
        .prop_map(|(park_name, year, packs, overrides, outcome)| ResultState {
            park_name,
            year,
            packs,
            overrides: overrides
                .into_iter()
                .map(|(key, from, to)| OverrideChange { key, from, to })
                .collect(),
            outcome,
        })
}

fn flag() -> impl Strategy<Value = Option<Flag>> {
    prop::option::of((any::<bool>(), prop::option::of(text())))
        .prop_map(|f| f.map(|(value, note)| Flag { value, note }))
}

/// One row; the year and identity are filled in by [`dataset`].
fn record() -> impl Strategy<Value = EnterpriseRecord> {
    (
        prop::option::of(text()),
        (opt_bool(), opt_bool(), opt_bool(), opt_bool()),
        prop::collection::vec(opt_number(), 11),
        (flag(), flag()),
    )
        .prop_map(
            |(industry, (leading, high_tech, above_scale, new_project), n, (veto, exempt))| {
                EnterpriseRecord {
                    industry,
                    leading,
                    high_tech,
                    above_scale,
                    new_project,
                    land_area: n[0],
                    revenue: n[1],
                    leading_revenue: n[2],
                    high_tech_revenue: n[3],
                    tax: n[4],
                    employees: n[5],
                    energy: n[6],
                    rd_expense: n[7],
                    value_added: n[8],
                    electricity: n[9],
                    emissions: n[10],
                    veto,
                    exempt,
                    ..EnterpriseRecord::default()
                }
            },
        )
}

fn park_facts() -> impl Strategy<Value = ParkFacts> {
    (
        (
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(
            (
                text(),
                prop::sample::select(vec![
                    PlatformLevel::National,
                    PlatformLevel::Provincial,
                    PlatformLevel::Municipal,
                    PlatformLevel::Other,
                ]),
            ),
            0..3,
        ),
        (opt_number(), opt_number(), opt_number()),
        prop::collection::vec(opt_bool(), 11),
        prop::collection::btree_map(2000i32..2030, any::<bool>(), 0..3),
        prop::collection::btree_map(2000i32..2030, (opt_number(), opt_number()), 0..3),
    )
        .prop_map(
            |(
                (park_name, county, domain, leading_industry),
                key_fields,
                platforms,
                n,
                c,
                warnings,
                totals,
            )| {
                ParkFacts {
                    park_name,
                    county,
                    domain,
                    leading_industry,
                    key_fields,
                    platforms: platforms
                        .into_iter()
                        .map(|(name, level)| Platform { name, level })
                        .collect(),
                    new_factory_area: n.0,
                    new_multistorey_area: n.1,
                    provincial_reward: n.2,
                    checklist: Checklist {
                        operator_model: c[0],
                        financing_service: c[1],
                        hr_service: c[2],
                        living_facilities: c[3],
                        quality_one_stop: c[4],
                        shared_facilities: c[5],
                        chain_map: c[6],
                        ecosystem_path_map: c[7],
                        enterprise_directory: c[8],
                        no_major_incident: c[9],
                        no_two_high_projects: c[10],
                    },
                    warnings,
                    totals: totals
                        .into_iter()
                        .map(|(y, (revenue, land))| (y, ParkTotals { revenue, land }))
                        .collect(),
                }
            },
        )
}

/// A dataset as a full link carries it: rows grouped by ascending year, no row sources.
fn dataset() -> impl Strategy<Value = Dataset> {
    (
        prop::collection::btree_set(-5i32..2100, 0..4),
        prop::collection::vec((text(), prop::option::of("[0-9A-Z]{18}")), 1..5),
        prop::collection::vec((any::<prop::sample::Index>(), record()), 0..16),
        prop::collection::vec(any::<bool>(), FieldId::ALL.len()),
        park_facts(),
    )
        .prop_map(|(years, identities, rows, present, park)| {
            let years: Vec<i32> = years.into_iter().collect();
            let mut enterprises = Vec::new();
            if !years.is_empty() {
                for (i, (who, mut row)) in rows.into_iter().enumerate() {
                    let (name, code) = &identities[who.index(identities.len())];
                    row.name = name.clone();
                    row.credit_code = code.clone();
                    row.year = years[i % years.len()];
                    enterprises.push(row);
                }
            }
            enterprises.sort_by_key(|r| r.year);
            let fields_present: BTreeSet<FieldId> = FieldId::ALL
                .into_iter()
                .zip(present)
                .filter(|(_, p)| *p)
                .map(|(f, _)| f)
                .collect();
            Dataset {
                enterprises,
                park,
                fields_present,
            }
        })
}

fn full_state() -> impl Strategy<Value = FullState> {
    (
        dataset(),
        prop::option::of(any::<i32>()),
        prop::collection::vec((text(), text()), 0..3),
        prop::option::of((
            text(),
            prop_oneof![Just(String::new()), "[0-9a-f]{64}"],
            any::<bool>(),
        )),
        prop::collection::vec(stamp(), 0..3),
        prop::option::of(outcome()),
    )
        .prop_map(
            |(dataset, year, overrides, source, packs, seen)| FullState {
                dataset,
                year,
                overrides: overrides
                    .into_iter()
                    .map(|(key, value)| Override { key, value })
                    .collect(),
                source: source.map(|(name, sha256, sample)| SourceStamp {
                    name,
                    sha256,
                    sample,
                }),
                packs,
                // The seen outcome's rows are the dataset's rows of its year; with no year there
                // are no rows.
                seen: seen.map(|outcome| Seen {
                    year: None,
                    outcome: Outcome {
                        park: outcome.essentials().park,
                        enterprises: outcome.enterprises.map(|e| EnterprisesOutcome {
                            rows: Vec::new(),
                            ..e
                        }),
                    },
                }),
            },
        )
}

fn city_state() -> impl Strategy<Value = CityState> {
    let park = (
        text(),
        0usize..3,
        dataset(),
        prop::option::of((
            prop::collection::vec(stamp(), 0..2),
            prop::collection::vec((text(), text()), 0..2),
        )),
    );
    (
        prop::option::of(any::<i32>()),
        any::<bool>(),
        prop::collection::vec((text(), text()), 0..3),
        prop::collection::vec(stamp(), 0..3),
        prop::collection::vec(
            (
                text(),
                prop_oneof![Just(String::new()), "[0-9a-f]{64}"],
                any::<bool>(),
            ),
            1..3,
        ),
        prop::collection::vec(park, 0..3),
    )
        .prop_map(|(year, wide, overrides, packs, files, parks)| {
            let n = files.len();
            let overrides_of = |list: Vec<(String, String)>| -> Vec<Override> {
                list.into_iter()
                    .map(|(key, value)| Override { key, value })
                    .collect()
            };
            CityState {
                year,
                options: CityOptions {
                    benchmarks: if wide {
                        BenchmarkScope::City
                    } else {
                        BenchmarkScope::Park
                    },
                },
                overrides: overrides_of(overrides),
                packs,
                files: files
                    .into_iter()
                    .map(|(name, sha256, sample)| SourceStamp {
                        name,
                        sha256,
                        sample,
                    })
                    .collect(),
                parks: parks
                    .into_iter()
                    .map(|(label, file, dataset, settings)| CityPark {
                        label,
                        file: file % n,
                        dataset,
                        settings: settings.map(|(packs, overrides)| InputSettings {
                            packs,
                            overrides: overrides_of(overrides),
                        }),
                    })
                    .collect(),
            }
        })
}

/// A city link of the three park fixtures, made once.
fn city_link() -> &'static str {
    static LINK: OnceLock<String> = OnceLock::new();
    LINK.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/city");
        let files: Vec<share::CityFileParks> = [
            "park-a-yaan.xlsx",
            "park-b-mingshan.xlsx",
            "park-c-hanyuan.xlsx",
        ]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).expect("fixture");
            let ingested =
                parkcheck::ingest::load(&bytes, name, &Default::default(), &Default::default())
                    .expect("reads");
            share::CityFileParks {
                file: SourceStamp {
                    name: name.to_string(),
                    sha256: String::new(),
                    sample: false,
                },
                parks: parkcheck::city::parks_from_file(name, ingested).0,
            }
        })
        .collect();
        let parks = files.iter().flat_map(|f| f.parks.clone()).collect();
        let city =
            parkcheck::city::City::builtin().evaluate(parks, None, &[], CityOptions::default());
        share::encode_city(
            &CityState::new(files, None, Vec::new(), CityOptions::default(), &city),
            None,
        )
    })
}

/// The worked example's result and full-data links, made once.
fn sample_links() -> &'static (String, String) {
    static LINKS: OnceLock<(String, String)> = OnceLock::new();
    LINKS.get_or_init(|| {
        let session = apply(&Session::default(), Action::SampleRequested);
        let result = ResultState::from_session(&session).expect("result");
        let full = FullState::from_session(&session).expect("full");
        (
            share::encode_result(&result),
            share::encode_full(&full, None),
        )
    })
}

/// An edit of a link: replace, delete or insert a character, or cut the end.
#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, char),
    Cut(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let c = prop_oneof![
        prop::sample::select(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                .chars()
                .collect::<Vec<_>>()
        ),
        any::<char>().prop_filter("visible", |c| !c.is_whitespace()),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), c.clone()).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (any::<prop::sample::Index>(), c).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<prop::sample::Index>().prop_map(Edit::Cut),
    ]
}

fn apply_edits(link: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match e {
            Edit::Replace(i, c) if !chars.is_empty() => chars[i.index(n)] = *c,
            Edit::Delete(i) if !chars.is_empty() => {
                chars.remove(i.index(n));
            }
            Edit::Insert(i, c) => chars.insert(i.index(n + 1), *c),
            Edit::Cut(i) => chars.truncate(i.index(n)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #[test]
    fn any_result_state_round_trips(state in result_state()) {
        let link = share::encode_result(&state);
        prop_assert_eq!(share::decode(&link, None), Ok(Shared::Result(state)));
    }

    #[test]
    fn any_full_state_round_trips(state in full_state()) {
        let link = share::encode_full(&state, None);
        prop_assert_eq!(share::decode(&link, None), Ok(Shared::Full(state)));
    }

    #[test]
    fn any_city_state_round_trips(state in city_state()) {
        let link = share::encode_city(&state, None);
        prop_assert_eq!(share::decode(&link, None), Ok(Shared::City(Box::new(state))));
    }

    #[test]
    fn a_damaged_city_link_is_an_error_never_a_panic_or_another_city(
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let link = city_link();
        let damaged = apply_edits(link, &edits);
        prop_assume!(damaged != link);
        let opened = share::decode(&damaged, None);
        prop_assert!(opened.is_err(), "{}", damaged);
        if let Err(e) = opened {
            prop_assert!(!e.message().zh.is_empty() && !e.fix().zh.is_empty());
        }
        let mut file = share::to_file(link).unwrap_or_default();
        let cut = damaged.len() % file.len().max(1);
        file.truncate(cut);
        if let Ok(fragment) = share::from_file(&file) {
            prop_assert!(share::decode(&fragment, None).is_err());
        }
    }

    #[test]
    fn no_text_makes_the_decoder_panic(
        text in prop_oneof![".{0,300}", "v1[rfxc][A-Za-z0-9_-]{0,300}", "#v[0-9][a-z]\\PC{0,50}"],
    ) {
        let _ = share::decode(&text, None);
        let _ = share::decode(&text, Some("口令"));
        let _ = share::needs_passphrase(&text);
        let _ = share::to_file(&text);
    }

    #[test]
    fn no_file_makes_the_reader_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(link) = share::from_file(&bytes) {
            let _ = share::decode(&link, None);
        }
        let mut file = b"ParkCheck share file\nv1r".to_vec();
        file.extend_from_slice(&bytes);
        if let Ok(link) = share::from_file(&file) {
            prop_assert!(share::decode(&link, None).is_err());
        }
    }

    #[test]
    fn a_damaged_link_is_an_error_never_another_state(
        edits in prop::collection::vec(edit(), 1..4),
        full in any::<bool>(),
    ) {
        let (result, full_link) = sample_links();
        let link = if full { full_link } else { result };
        let damaged = apply_edits(link, &edits);
        prop_assume!(&damaged != link);
        prop_assert!(share::decode(&damaged, None).is_err(), "{}", damaged);
    }
}
