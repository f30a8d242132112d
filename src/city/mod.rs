//! The city view (issue 7): the economy bureau (经信局) assesses every park on its cultivation
//! list together. Several parks — one file each, or one workbook with a park column — are
//! evaluated for the same year with the same rule packs and parameters, and summed up as a
//! dashboard: one row per park ([`ParkRow`]), the city goal ([`Goal`]), the park closest to the
//! standards ([`Closest`]), chart series ([`Chart`]) and a city-wide 亩均 ranking
//! ([`CityRanking`]).
//!
//! Owns: bringing parks together ([`input`]), evaluating them alike and flagging inputs prepared
//! with other packs or parameters ([`Difference`]), the dashboard model and its sort keys and
//! filters ([`dashboard`]), the chart series ([`chart`]), the city ranking ([`ranking`]) and
//! the command line's JSON and text ([`json`]). Everything is plain data with display-ready
//! sentences in both languages; the UI only lays it out.
//!
//! **Architecture invariant:** this module sits above `rules` and `ingest` and may use both, as
//! well as `dataset`, `diagnostic`, `format` and `i18n`; it never names the browser (`yew`,
//! `web_sys`, `gloo`, `wasm_bindgen`) or the UI. It adds no arithmetic of the standards: every
//! verdict, gap and score comes from `rules`, and the one number it derives (the growth of
//! 亩均营收) is a context figure. Pure: no clock, no files.

pub mod chart;
pub mod dashboard;
pub mod difference;
pub mod input;
pub mod json;
pub mod ranking;

use serde::{Deserialize, Serialize};

pub use chart::{Chart, Point, Series};
pub use dashboard::{
    Closest, CriterionCell, Filter, Goal, ParkRow, SortKey, WarningStatus, sort_rows,
};
pub use difference::{Difference, DifferenceKind};
pub use input::{
    InputSettings, ParkData, ParkInput, parks_from_file, several_parks_warning, split_by_park,
};
pub use json::{to_city_json, to_city_text_zh};
pub use ranking::{CityRanking, RankedEnterprise, RankingIndicator};

use crate::dataset::{Dataset, ParkFacts};
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::normalize::match_key;
use crate::rules::{
    self, AppliedOverride, CompiledPack, Evaluation, Override, PackKind, PackStamp,
};

/// The packs a city is evaluated with. Compile once, evaluate many times.
#[derive(Debug, Clone)]
pub struct City {
    packs: Vec<CompiledPack>,
}

/// Choices that shape a city evaluation (plain data, so the UI can keep it in its state).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CityOptions {
    /// Where the 亩均 benchmarks of the city ranking come from.
    pub benchmarks: BenchmarkScope,
}

/// Where 亩均 benchmarks (and so scores, ranks and classes) are computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkScope {
    /// Each park against its own enterprises, as in a single park's evaluation (the default:
    /// the city ranking lists every park's own ranking, park by park).
    #[default]
    Park,
    /// All parks' enterprises together: one set of benchmarks, one city-wide ranking and
    /// city-wide A/B/C classes.
    City,
}

impl BenchmarkScope {
    /// The stable machine id (`park`, `city`).
    pub fn id(self) -> &'static str {
        match self {
            BenchmarkScope::Park => "park",
            BenchmarkScope::City => "city",
        }
    }
}

/// Everything a city evaluation produced. Never fails: problems are diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityEvaluation {
    /// The year every park was evaluated for; `None` only when no park has any year.
    pub year: Option<i32>,
    /// The packs used (the same for every park).
    pub packs: Vec<PackStamp>,
    /// Parameter overrides that took effect (the same for every park).
    pub overrides: Vec<AppliedOverride>,
    pub options: CityOptions,
    /// Each park's full evaluation, in input order (for drilling down into one park).
    pub parks: Vec<ParkResult>,
    /// One dashboard row per park, in input order (sort with [`sort_rows`]).
    pub rows: Vec<ParkRow>,
    pub goal: Goal,
    /// The park closest to the standards among those that do not meet them yet.
    pub closest: Option<Closest>,
    pub chart: Chart,
    pub ranking: CityRanking,
    /// Inputs prepared with packs or parameters other than the city's.
    pub differences: Vec<Difference>,
    pub diagnostics: Vec<CityDiagnostic>,
}

/// One park's evaluation in the city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkResult {
    pub label: String,
    pub source: String,
    /// Whether the park had any park facts (platforms, factories, checklists).
    pub has_facts: bool,
    pub evaluation: Evaluation,
}

/// A diagnostic with the park and file it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityDiagnostic {
    /// The park; `None` for the city as a whole (packs, parameters, year) or a whole file.
    pub park: Option<String>,
    /// The file it came from, when known.
    pub source: Option<String>,
    pub diagnostic: Diagnostic,
}

impl CityDiagnostic {
    /// A diagnostic about a file (ingest's, or the split of a workbook).
    pub fn file(file: &str, diagnostic: Diagnostic) -> CityDiagnostic {
        CityDiagnostic {
            park: None,
            source: Some(file.to_string()),
            diagnostic,
        }
    }

    /// Where it is, in Chinese: `园区“甲” 文件 a.xlsx 工作表“企业” 第 5 行`.
    pub fn describe_zh(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.park {
            parts.push(format!("园区“{p}”"));
        }
        if let Some(s) = &self.source {
            parts.push(format!("文件 {s}"));
        }
        let at = self.diagnostic.location.describe_zh();
        if !at.is_empty() {
            parts.push(at);
        }
        parts.join(" ")
    }
}

/// Diagnostic codes that come out the same for every park (they are about the packs, the
/// parameters or the year): reported once for the city, not once per park.
const CITY_WIDE_CODES: [&str; 5] = [
    "override.unknown_pack",
    "override.rejected",
    "eval.outside_effective_range",
    "eval.duplicate_kind",
    "eval.no_year",
];

impl City {
    /// The built-in packs (`sichuan-5plus1-park`, `sichuan-mujun`).
    pub fn builtin() -> City {
        City {
            packs: rules::builtin_compiled(),
        }
    }

    /// Given packs (at most one of each kind is used, as in [`rules::evaluate`]).
    pub fn new(packs: Vec<CompiledPack>) -> City {
        City { packs }
    }

    /// Evaluates every park for `year` (the latest year with data in any park when `None`) with
    /// this city's packs and `overrides`, and builds the dashboard. Parks with the same label are
    /// merged first; a park without a label is named after its source.
    pub fn evaluate(
        &self,
        parks: Vec<ParkInput>,
        year: Option<i32>,
        overrides: &[Override],
        options: CityOptions,
    ) -> CityEvaluation {
        let mut diagnostics = Vec::new();
        let parks = merge_same_parks(parks, &mut diagnostics);
        let year = year.or_else(|| parks.iter().filter_map(latest_year).max());
        let refs: Vec<&CompiledPack> = self.packs.iter().collect();

        let mut results: Vec<ParkResult> = Vec::with_capacity(parks.len());
        for park in &parks {
            let ParkData::Dataset { dataset, .. } = &park.data;
            let mut evaluation = rules::evaluate(&refs, dataset, year, overrides);
            for d in std::mem::take(&mut evaluation.diagnostics) {
                if CITY_WIDE_CODES.contains(&d.code.as_str()) {
                    let seen = diagnostics
                        .iter()
                        .any(|c: &CityDiagnostic| c.park.is_none() && c.diagnostic == d);
                    if !seen {
                        diagnostics.push(CityDiagnostic {
                            park: None,
                            source: None,
                            diagnostic: d,
                        });
                    }
                } else {
                    diagnostics.push(CityDiagnostic {
                        park: Some(park.label.clone()),
                        source: Some(park.source.clone()),
                        diagnostic: d,
                    });
                }
            }
            park_notes(park, dataset, &evaluation, year, &mut diagnostics);
            results.push(ParkResult {
                label: park.label.clone(),
                source: park.source.clone(),
                has_facts: park.has_facts(),
                evaluation,
            });
        }

        // The packs and overrides are the same for every park; an evaluation of no park at all
        // still names them.
        let (packs, applied) = match results.first() {
            Some(r) => (r.evaluation.packs.clone(), r.evaluation.overrides.clone()),
            None => {
                let e = rules::evaluate(&refs, &Dataset::default(), year, overrides);
                (e.packs, e.overrides)
            }
        };
        let differences = difference::differences(&parks, &packs, &applied);

        let ranking = match options.benchmarks {
            BenchmarkScope::Park => ranking::per_park(&results),
            BenchmarkScope::City => {
                let mujun: Vec<&CompiledPack> = self
                    .packs
                    .iter()
                    .filter(|p| p.pack.kind == PackKind::Mujun)
                    .take(1)
                    .collect();
                let ranking = ranking::city_wide(&parks, &mujun, year, overrides);
                for d in ranking.city.iter().flat_map(|e| &e.diagnostics) {
                    if !diagnostics.iter().any(|c| c.diagnostic == *d) {
                        diagnostics.push(CityDiagnostic {
                            park: None,
                            source: None,
                            diagnostic: d.clone(),
                        });
                    }
                }
                ranking
            }
        };
        let mut rows: Vec<ParkRow> = results
            .iter()
            .enumerate()
            .map(|(i, r)| dashboard::row(i, r))
            .collect();
        if options.benchmarks == BenchmarkScope::City {
            for row in &mut rows {
                row.a_share = ranking.a_share(&row.label);
            }
        }
        let goal = dashboard::goal(&rows, self.city_goal(overrides));
        let closest = dashboard::closest(&rows);
        let chart = chart::chart(&rows);
        CityEvaluation {
            year,
            packs,
            overrides: applied,
            options,
            parks: results,
            rows,
            goal,
            closest,
            chart,
            ranking,
            differences,
            diagnostics,
        }
    }

    /// The goal of the park pack the parks are evaluated with (the first of its kind), after
    /// the overrides, as every park's evaluation sees it.
    fn city_goal(&self, overrides: &[Override]) -> Option<rules::ParamUse> {
        let park = self.packs.iter().find(|p| p.pack.kind == PackKind::Park)?;
        let (replacement, _, _) = rules::apply_overrides(park, overrides);
        replacement.as_ref().unwrap_or(park).city_goal().cloned()
    }
}

/// The latest year a park has data for (enterprise rows, else park totals).
fn latest_year(park: &ParkInput) -> Option<i32> {
    match &park.data {
        ParkData::Dataset { dataset, .. } => dataset
            .latest_year()
            .or_else(|| dataset.park.totals.keys().next_back().copied()),
    }
}

/// Merges inputs that name the same park (one file per year, say) and names unnamed ones after
/// their source, so that every label is unique.
fn merge_same_parks(parks: Vec<ParkInput>, diags: &mut Vec<CityDiagnostic>) -> Vec<ParkInput> {
    let mut out: Vec<ParkInput> = Vec::with_capacity(parks.len());
    let mut keys: Vec<String> = Vec::with_capacity(parks.len());
    for mut park in parks {
        if park.label.trim().is_empty() {
            park.label = park.source.clone();
        }
        park.label = park.label.trim().to_string();
        let key = match_key(&park.label);
        let Some(at) = keys.iter().position(|k| *k == key) else {
            keys.push(key);
            out.push(park);
            continue;
        };
        let into = &mut out[at];
        let ParkData::Dataset {
            dataset: target, ..
        } = &mut into.data;
        let ParkData::Dataset { dataset, .. } = park.data;
        let facts_conflict = target.park != ParkFacts::default()
            && dataset.park != ParkFacts::default()
            && target.park != dataset.park;
        target.merge(dataset);
        diags.push(CityDiagnostic {
            park: Some(into.label.clone()),
            source: Some(park.source.clone()),
            diagnostic: Diagnostic::info(
                "city.same_park_merged",
                Location::none(),
                Text::new(
                    format!(
                        "{} 与 {} 是同一园区“{}”的数据，已合并（如分年度文件）。",
                        park.source, into.source, into.label
                    ),
                    format!(
                        "{} and {} hold data of the same park \"{}\" and were merged (e.g. one file per year).",
                        park.source, into.source, into.label
                    ),
                ),
            ),
        });
        if facts_conflict {
            diags.push(CityDiagnostic {
                park: Some(into.label.clone()),
                source: Some(park.source.clone()),
                diagnostic: Diagnostic::warning(
                    "city.park_facts_conflict",
                    Location::none(),
                    Text::new(
                        format!(
                            "{} 与 {} 的园区信息不同，使用 {} 中的园区信息。",
                            park.source, into.source, into.source
                        ),
                        format!(
                            "{} and {} state different park facts; those of {} are used.",
                            park.source, into.source, into.source
                        ),
                    ),
                )
                .with_fix(Text::new(
                    "请只在一个文件中填写园区信息，或使两份一致。",
                    "Keep the park facts in one file, or make both the same.",
                )),
            });
        }
        into.source = format!("{}, {}", into.source, park.source);
    }
    out
}

/// What the city tells about one park beyond its evaluation: no park facts, no data for the
/// year. The criteria named are those of the park's own evaluation that read park facts
/// (`park.*` inputs) or enterprise rows, so the sentence holds for any park pack.
fn park_notes(
    park: &ParkInput,
    dataset: &Dataset,
    evaluation: &Evaluation,
    year: Option<i32>,
    diags: &mut Vec<CityDiagnostic>,
) {
    let mut note = |d: Diagnostic| {
        diags.push(CityDiagnostic {
            park: Some(park.label.clone()),
            source: Some(park.source.clone()),
            diagnostic: d,
        })
    };
    if !park.has_facts() {
        let ids = criteria_reading(evaluation, true).join("、");
        note(
            Diagnostic::warning(
                "city.no_park_facts",
                Location::none(),
                Text::new(
                    format!(
                        "“{}”只有企业数据，没有园区信息（创新平台、厂房、自评清单）：{ids} 按未填写评价。",
                        park.label
                    ),
                    format!(
                        "\"{}\" has enterprise rows only, no park facts (platforms, factories, checklists): {ids} are evaluated as not filled in.",
                        park.label
                    ),
                ),
            )
            .with_fix(Text::new(
                "请在该园区的文件中加“园区信息”表；一个工作簿含多个园区时，园区信息表每行填一个园区。",
                "Add a 园区信息 (park facts) sheet to the park's file; in a workbook with several parks, one row per park.",
            )),
        );
    }
    if let Some(y) = year
        && !dataset.enterprises.is_empty()
        && !dataset.enterprises.iter().any(|r| r.year == y)
    {
        let ids = criteria_reading(evaluation, false).join("、");
        note(
            Diagnostic::warning(
                "city.no_rows_in_year",
                Location::none(),
                Text::new(
                    format!(
                        "“{}”没有 {y} 年的企业数据（有 {} 年），{ids} 和亩均评价无法进行。",
                        park.label,
                        years_text(dataset)
                    ),
                    format!(
                        "\"{}\" has no enterprise rows for {y} (it has {}); {ids} and the 亩均 evaluation cannot be done.",
                        park.label,
                        years_text(dataset)
                    ),
                ),
            )
            .with_fix(Text::new(
                format!("请补充该园区 {y} 年的数据，或选择各园区都有数据的年度。"),
                format!("Add the park's {y} data, or choose a year every park has."),
            )),
        );
    }
}

/// The ids of the park criteria that read park facts (`facts`) or enterprise rows (`!facts`),
/// told by the inputs their traces name.
fn criteria_reading(evaluation: &Evaluation, facts: bool) -> Vec<String> {
    let Some(park) = &evaluation.park else {
        return Vec::new();
    };
    park.criteria
        .iter()
        .filter(|c| {
            c.trace
                .inputs
                .iter()
                .map(|i| i.field.as_str())
                .chain(c.trace.missing.iter().map(String::as_str))
                .any(|f| f.starts_with("park.") == facts && (facts || f != "year"))
        })
        .map(|c| c.id.clone())
        .collect()
}

fn years_text(dataset: &Dataset) -> String {
    dataset
        .years()
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EnterpriseRecord;
    use crate::dataset::FieldId;

    fn dataset(year: i32, revenue: f64) -> Dataset {
        Dataset {
            enterprises: vec![EnterpriseRecord {
                name: "甲一公司".into(),
                year,
                leading: Some(true),
                high_tech: Some(true),
                land_area: Some(10.0),
                revenue: Some(revenue),
                tax: Some(100.0),
                ..EnterpriseRecord::default()
            }],
            fields_present: [FieldId::Name, FieldId::Year, FieldId::Revenue]
                .into_iter()
                .collect(),
            ..Dataset::default()
        }
    }

    #[test]
    fn inputs_naming_the_same_park_are_merged_one_file_per_year() {
        let parks = vec![
            ParkInput::from_dataset("甲园区", "2022.xlsx", dataset(2022, 1000.0)),
            ParkInput::from_dataset(" 甲园区", "2023.xlsx", dataset(2023, 1100.0)),
            ParkInput::from_dataset("", "乙.csv", dataset(2023, 500.0)),
        ];
        let city = City::builtin().evaluate(parks, None, &[], CityOptions::default());
        let labels: Vec<&str> = city.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, vec!["甲园区", "乙.csv"]);
        assert_eq!(city.year, Some(2023));
        assert_eq!(city.rows[0].source, "2022.xlsx, 2023.xlsx");
        // Both years are one park's series: 100 → 110 万元/亩 is 10% growth.
        let growth = city.rows[0].mu_revenue_growth.unwrap_or_default();
        assert!((growth - 0.10).abs() < 1e-12, "{growth}");
        assert!(
            city.diagnostics
                .iter()
                .any(|d| d.diagnostic.code == "city.same_park_merged")
        );
        // The second park has no 2022 row: not a warning, it simply has one year.
        assert!(
            !city
                .diagnostics
                .iter()
                .any(|d| d.diagnostic.code == "city.no_rows_in_year")
        );
    }

    #[test]
    fn a_park_without_rows_in_the_city_year_is_told() {
        let parks = vec![
            ParkInput::from_dataset("甲园区", "a.xlsx", dataset(2023, 1000.0)),
            ParkInput::from_dataset("乙园区", "b.xlsx", dataset(2022, 1000.0)),
        ];
        let city = City::builtin().evaluate(parks, None, &[], CityOptions::default());
        let note = city
            .diagnostics
            .iter()
            .find(|d| d.diagnostic.code == "city.no_rows_in_year");
        let Some(note) = note else {
            panic!("expected city.no_rows_in_year: {:#?}", city.diagnostics)
        };
        assert_eq!(note.park.as_deref(), Some("乙园区"));
        assert!(
            note.diagnostic
                .message
                .zh
                .contains("没有 2023 年的企业数据（有 2022 年）")
        );
        assert!(
            note.diagnostic.message.zh.contains("C1、C2、C4"),
            "{}",
            note.diagnostic.message.zh
        );
        assert!(note.diagnostic.fix.is_some());
    }

    #[test]
    fn no_parks_is_an_empty_city_not_a_failure() {
        let city = City::builtin().evaluate(Vec::new(), None, &[], CityOptions::default());
        assert!(city.rows.is_empty());
        assert_eq!(city.goal.met, 0);
        assert_eq!(city.goal.sentence.zh, "已达标 0 个，距目标还差 3 个");
        assert_eq!(city.closest, None);
        assert_eq!(city.packs.len(), 2);
        let json = to_city_json(&city, &[]);
        assert_eq!(json["schema"], "parkcheck.city/1");
    }

    #[test]
    fn the_goal_comes_from_the_park_pack_in_use_after_overrides() {
        let text = "extends = \"sichuan-5plus1-park\"\nid = \"yaan-park\"\nversion = \"1\"\n\
                    [param.city_goal_parks]\nvalue = 2\nprovenance = \"local\"\nclause = \"本地目标（示例）\"\n";
        let (pack, diags) = rules::load_pack(text);
        let Some(Ok(park_pack)) = pack.as_ref().map(rules::compile) else {
            panic!("the city pack loads: {diags:#?}")
        };
        let mut packs = vec![park_pack];
        packs.extend(
            rules::builtin_compiled()
                .into_iter()
                .filter(|p| p.pack.kind == PackKind::Mujun),
        );
        let city = City::new(packs);
        let parks = || {
            vec![ParkInput::from_dataset(
                "甲园区",
                "a.xlsx",
                dataset(2023, 1000.0),
            )]
        };
        let plain = city.evaluate(parks(), None, &[], CityOptions::default());
        let target = plain.goal.target.as_ref().map(|t| (t.value, t.overridden));
        assert_eq!(target, Some((2.0, false)));
        assert_eq!(plain.goal.sentence.zh, "已达标 0 个，距目标还差 2 个");
        let set: Vec<Override> = Override::parse("park.city_goal_parks=4")
            .into_iter()
            .collect();
        let raised = city.evaluate(parks(), None, &set, CityOptions::default());
        let target = raised.goal.target.as_ref().map(|t| (t.value, t.overridden));
        assert_eq!(target, Some((4.0, true)));
        assert_eq!(raised.overrides.len(), 1);
    }

    #[test]
    fn an_override_applies_to_every_park_and_a_rejected_one_is_reported_once() {
        let parks = vec![
            ParkInput::from_dataset("甲园区", "a.xlsx", dataset(2023, 1000.0)),
            ParkInput::from_dataset("乙园区", "b.xlsx", dataset(2023, 1000.0)),
        ];
        let overrides = [
            Override::parse("mujun.access_threshold=3").map_err(|d| d.code),
            Override::parse("park.c1_min_share=0.5").map_err(|d| d.code),
        ];
        let overrides: Vec<Override> = overrides.into_iter().flatten().collect();
        let city = City::builtin().evaluate(parks, None, &overrides, CityOptions::default());
        assert_eq!(city.overrides.len(), 1);
        for park in &city.parks {
            assert_eq!(park.evaluation.overrides.len(), 1);
        }
        let rejected: Vec<&CityDiagnostic> = city
            .diagnostics
            .iter()
            .filter(|d| d.diagnostic.code == "override.rejected")
            .collect();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].park, None);
    }
}
