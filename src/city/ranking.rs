//! The city 亩均 ranking: every park's enterprises in one list, each with its park. With
//! [`BenchmarkScope::City`] the 亩均 pack runs once over all parks' rows together (one set of
//! benchmarks, city-wide ranks and classes); with [`BenchmarkScope::Park`] the list is each
//! park's own ranking, park after park, as its single-park evaluation has it.
//!
//! Scores, ranks and classes come from `rules`; this module only merges the rows and remembers
//! which park each came from.

use serde::Serialize;

use super::input::{ParkData, ParkInput};
use super::{BenchmarkScope, ParkResult};
use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Text};
use crate::rules::scoring::ClassCounts;
use crate::rules::{self, Class, CompiledPack, Evaluation, ExitStatus, MujunEvaluation, Override};

/// Every park's enterprises in one ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityRanking {
    pub scope: BenchmarkScope,
    /// The enabled indicators, in pack order; benchmarks only for the city scope (each park has
    /// its own otherwise, in its evaluation).
    pub indicators: Vec<RankingIndicator>,
    /// City scope: by city rank, then the rows not evaluated (exempt, out of scope) in input
    /// order. Park scope: park by park in input order, each by its own rank.
    pub rows: Vec<RankedEnterprise>,
    /// Rows evaluated (in scope and not exempt), over all parks.
    pub evaluated: usize,
    pub counts: ClassCounts,
    /// The city-wide 亩均 evaluation (city scope only), for the traces of its rows
    /// ([`RankedEnterprise::row`] indexes its rows).
    pub city: Option<Evaluation>,
}

/// One indicator of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingIndicator {
    pub id: String,
    pub label: Text,
    pub unit: String,
    /// The city-wide benchmark (city scope); `None` in the park scope.
    pub benchmark: Option<f64>,
}

/// One enterprise row of the year, with its park.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedEnterprise {
    pub park: String,
    /// Index of the park in [`super::CityEvaluation::parks`].
    pub park_index: usize,
    /// Index of the row in the 亩均 evaluation it comes from: the city's
    /// ([`CityRanking::city`]) in the city scope, the park's own otherwise.
    pub row: usize,
    pub name: String,
    pub credit_code: Option<String>,
    /// Rank in the ranking's scope (city-wide, or within the park); `None` unless evaluated.
    pub rank: Option<u32>,
    pub class: Option<Class>,
    pub score: Option<f64>,
    pub vetoed: bool,
    pub in_scope: bool,
    pub below_threshold: Option<bool>,
    pub exit: Option<ExitStatus>,
    /// Indicator values, aligned with [`CityRanking::indicators`].
    pub values: Vec<Option<f64>>,
    /// Item scores, aligned with [`CityRanking::indicators`].
    pub scores: Vec<f64>,
}

impl CityRanking {
    /// The share of A-class enterprises among a park's evaluated rows in this ranking.
    pub fn a_share(&self, park: &str) -> Option<f64> {
        let (a, n) = self
            .rows
            .iter()
            .filter(|r| r.park == park && r.score.is_some())
            .fold((0usize, 0usize), |(a, n), r| {
                (a + usize::from(r.class == Some(Class::A)), n + 1)
            });
        (n > 0).then(|| a as f64 / n as f64)
    }
}

/// Each park's own ranking, park after park.
pub(crate) fn per_park(results: &[ParkResult]) -> CityRanking {
    let mut rows = Vec::new();
    let mut counts = ClassCounts::default();
    let mut evaluated = 0;
    let mut indicators: Option<Vec<RankingIndicator>> = None;
    for (park_index, result) in results.iter().enumerate() {
        let Some(m) = &result.evaluation.enterprises else {
            continue;
        };
        indicators.get_or_insert_with(|| indicator_list(m, false));
        evaluated += m.evaluated;
        add_counts(&mut counts, &m.counts);
        for i in ranked_order(m) {
            rows.push(ranked(m, i, &result.label, park_index));
        }
    }
    CityRanking {
        scope: BenchmarkScope::Park,
        indicators: indicators.unwrap_or_default(),
        rows,
        evaluated,
        counts,
        city: None,
    }
}

/// One 亩均 evaluation over all parks' enterprise rows together. `packs` holds the 亩均 pack;
/// overrides addressed to other packs are left out (the parks' evaluations report them).
/// Diagnostics that concern the whole ranking (not a row, which the park's own evaluation
/// reports) are returned in the evaluation.
pub(crate) fn city_wide(
    parks: &[ParkInput],
    packs: &[&CompiledPack],
    year: Option<i32>,
    overrides: &[Override],
) -> CityRanking {
    let mut merged = Dataset::default();
    // For every enterprise row of the merged dataset, the park it came from.
    let mut park_of: Vec<usize> = Vec::new();
    let mut labels: Vec<&str> = Vec::with_capacity(parks.len());
    for (i, park) in parks.iter().enumerate() {
        let ParkData::Dataset { dataset, .. } = &park.data;
        merged
            .enterprises
            .extend(dataset.enterprises.iter().cloned());
        merged
            .fields_present
            .extend(dataset.fields_present.iter().copied());
        park_of.extend(std::iter::repeat_n(i, dataset.enterprises.len()));
        labels.push(&park.label);
    }
    let aliases: Vec<&str> = packs.iter().map(|p| p.pack.alias.as_str()).collect();
    let overrides: Vec<Override> = overrides
        .iter()
        .filter(|o| {
            o.key
                .split_once('.')
                .is_some_and(|(alias, _)| aliases.contains(&alias))
        })
        .cloned()
        .collect();
    let mut evaluation = rules::evaluate(packs, &merged, year, &overrides);
    // Row diagnostics repeat what each park's own evaluation says about the same row.
    evaluation
        .diagnostics
        .retain(|d: &Diagnostic| d.location.row.is_none());
    // The year's rows in merged order are the 亩均 evaluation's rows in order.
    let year_parks: Vec<usize> = match evaluation.year {
        Some(y) => merged
            .enterprises
            .iter()
            .zip(&park_of)
            .filter(|(r, _)| r.year == y)
            .map(|(_, p)| *p)
            .collect(),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    let (indicators, evaluated, counts) = match &evaluation.enterprises {
        Some(m) => {
            for i in ranked_order(m) {
                let park_index = year_parks.get(i).copied().unwrap_or_default();
                let label = labels.get(park_index).copied().unwrap_or_default();
                rows.push(ranked(m, i, label, park_index));
            }
            (indicator_list(m, true), m.evaluated, m.counts)
        }
        None => (Vec::new(), 0, ClassCounts::default()),
    };
    CityRanking {
        scope: BenchmarkScope::City,
        indicators,
        rows,
        evaluated,
        counts,
        city: Some(evaluation),
    }
}

fn indicator_list(m: &MujunEvaluation, with_benchmarks: bool) -> Vec<RankingIndicator> {
    m.indicators
        .iter()
        .map(|i| RankingIndicator {
            id: i.id.clone(),
            label: i.label.clone(),
            unit: i.unit.clone(),
            benchmark: i.benchmark.filter(|_| with_benchmarks),
        })
        .collect()
}

/// Evaluated rows by rank, then the others in file order.
fn ranked_order(m: &MujunEvaluation) -> impl Iterator<Item = usize> + '_ {
    let unranked = (0..m.rows.len()).filter(|&i| m.rows[i].rank.is_none());
    m.ranking.iter().copied().chain(unranked)
}

fn ranked(m: &MujunEvaluation, i: usize, park: &str, park_index: usize) -> RankedEnterprise {
    let r = &m.rows[i];
    let cells = m.cells(i);
    RankedEnterprise {
        park: park.to_string(),
        park_index,
        row: i,
        name: r.name.clone(),
        credit_code: r.credit_code.clone(),
        rank: r.rank,
        class: r.class,
        score: r.score,
        vetoed: r.vetoed,
        in_scope: r.in_scope,
        below_threshold: r.below_threshold,
        exit: r.exit,
        values: cells.iter().map(|c| c.value).collect(),
        scores: cells.iter().map(|c| c.score).collect(),
    }
}

fn add_counts(total: &mut ClassCounts, more: &ClassCounts) {
    total.a += more.a;
    total.b += more.b;
    total.c += more.c;
    total.t += more.t;
    total.vetoed += more.vetoed;
    total.out_of_scope += more.out_of_scope;
}
