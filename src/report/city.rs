//! The city view model (issue 7): a [`CityEvaluation`] as display-ready strings in one
//! language — the goal and closest-park sentences, one row per park (C1–C8 states, verdict,
//! 预警/约谈, 亩均营收 and its growth, A-class share), one bar chart per key indicator with the
//! parks against its threshold, the city 亩均 ranking with each enterprise's park, the
//! differences in packs or parameters, and every diagnostic with the park and file it concerns.
//!
//! Owns presentation only: every state, gap, sentence and number comes from [`crate::city`]
//! (and through it from `rules`); numbers are written by [`crate::format`], fixed labels come
//! from the [`crate::i18n`] catalogue. The dashboard's order and filter are the city module's
//! [`SortKey`] and [`Filter`], applied by [`CityView::select`]. Depends on `city`, `rules`,
//! `format` and `i18n`; never on the UI.

use std::rc::Rc;

use super::{
    Bar, BarChart, ParkView, class_label, exit_label, indicator_value, park_view, pick,
    provenance_label,
};
use crate::city::{
    BenchmarkScope, CityDiagnostic, CityEvaluation, CriterionCell, Filter, ParkRow, SortKey,
};
use crate::diagnostic::Severity;
use crate::format;
use crate::i18n::{Key, Lang, t};
use crate::rules::{OverallState, State};

/// The whole city screen below the file list.
#[derive(Debug, Clone, PartialEq)]
pub struct CityView {
    /// `2023 年度全市园区评价（3 个园区）`.
    pub title: String,
    /// The packs every park was evaluated with: `sichuan-5plus1-park 2021.1 · 5ca0e026af953647`.
    pub packs: Vec<String>,
    /// Parameters changed from the pack defaults, the same for every park.
    pub overrides: Vec<String>,
    /// `已达标 1 个，距目标还差 2 个`.
    pub goal: String,
    /// `achieved`, `short` or `none` (no goal in the pack): a CSS hook.
    pub goal_id: &'static str,
    /// Where the goal comes from: `目标 3 个 · 文件规定 · 雅办发〔2021〕23号 一(二)…`.
    pub goal_basis: String,
    /// The park closest to the standards and its largest gap, in one sentence.
    pub closest: Option<String>,
    /// The criteria columns of the dashboard (C1–C8 for the built-in pack).
    pub criteria: Vec<ColumnHead>,
    /// One row per park, in input order (see [`CityView::select`] for the order shown).
    pub rows: Vec<ParkRowView>,
    pub sort_options: Vec<SortOption>,
    pub filter_options: Vec<FilterOption>,
    /// One chart per key indicator: the parks against its threshold.
    pub charts: Vec<BarChart>,
    pub ranking: CityRankingView,
    /// Inputs prepared with other packs or parameters, one sentence each (it names the park).
    pub differences: Vec<String>,
    /// Errors first, then warnings, then notes; each names its park and file.
    pub diagnostics: Vec<CityDiagnosticView>,
    /// `错误 0 · 警告 2 · 提示 9`.
    pub diagnostic_summary: String,
    /// The dashboard rows as the city module has them, for [`CityView::select`].
    keys: Vec<ParkRow>,
}

/// A criterion column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnHead {
    pub id: String,
    pub label: String,
}

/// One park on the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkRowView {
    /// Position in the city's input order.
    pub index: usize,
    pub label: String,
    /// The file(s) the park came from.
    pub source: String,
    pub has_facts: bool,
    /// One cell per criterion column, in column order.
    pub cells: Vec<CellView>,
    /// `met`, `not_met`, `not_evaluable`: a CSS hook.
    pub overall_id: &'static str,
    pub overall_label: &'static str,
    /// `interview`, `warning`, `clear`, `unknown`: a CSS hook.
    pub status_id: &'static str,
    pub status_label: &'static str,
    /// 亩均营业收入 of the year, `310.00` (万元/亩), or `—`.
    pub mu_revenue: String,
    /// Average yearly growth of 亩均营业收入, `11.80%`, or `—`.
    pub growth: String,
    /// What the growth spans: `2021–2023 年均增长`.
    pub growth_title: String,
    /// A-class share of the park's evaluated enterprises, `25.00%`, or `—`.
    pub a_share: String,
    /// The verdict and the warning status in one sentence.
    pub sentence: String,
}

/// One criterion of one park.
#[derive(Debug, Clone, PartialEq)]
pub struct CellView {
    pub id: String,
    /// `pass`, `near`, `fail`, `not_applicable`, `not_evaluable`: a CSS hook.
    pub state_id: &'static str,
    pub state_label: &'static str,
    /// `✓`, `≈`, `✗`, `–`, `?`.
    pub symbol: &'static str,
    /// The observed value (`24.00%`, `1 个`), or empty.
    pub value: String,
    /// The criterion's sentence (observed, standard, what it would take), for a tooltip.
    pub title: String,
}

/// One entry of the dashboard's sort menu.
#[derive(Debug, Clone, PartialEq)]
pub struct SortOption {
    /// The stable id, also the `<option>` value (`closeness`).
    pub value: &'static str,
    pub label: &'static str,
    pub key: SortKey,
}

/// One entry of the dashboard's filter menu.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterOption {
    /// The stable id, also the `<option>` value (`met`, `failing:C2`).
    pub value: String,
    pub label: String,
    pub filter: Filter,
}

/// The city 亩均 ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityRankingView {
    /// `park` or `city`: where the benchmarks (and so ranks and classes) come from.
    pub scope_id: &'static str,
    /// `全市统一基准，排名为全市排名；参评 12 家：A 类 3、…`.
    pub summary: String,
    /// The city-wide benchmarks in one line (city scope only).
    pub benchmarks: Option<String>,
    pub indicators: Vec<IndicatorColumn>,
    /// The parks, for the park filter (index = [`CityEnterpriseRow::park_index`]).
    pub parks: Vec<String>,
    /// City scope: by city rank; park scope: park by park, each by its own rank. Rows not
    /// evaluated (exempt, out of scope) follow.
    pub rows: Vec<CityEnterpriseRow>,
}

/// An indicator column of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorColumn {
    pub label: String,
    pub unit: String,
    /// The city-wide benchmark (city scope), else empty.
    pub benchmark: String,
}

/// One enterprise of the city ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityEnterpriseRow {
    pub park: String,
    pub park_index: usize,
    pub rank: String,
    pub name: String,
    pub credit_code: String,
    /// `A`, `B`, `C`, `T`, or empty when out of scope: a CSS hook.
    pub class_id: &'static str,
    pub class_label: String,
    pub score: String,
    pub indicators: Vec<String>,
    pub below_threshold: bool,
    /// `normal`, `warning`, `control`, `exit`, `exempt`, or empty: a CSS hook.
    pub exit_id: &'static str,
    pub exit_label: String,
}

/// What the ranking table shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CityRankingQuery {
    /// One park (an index into [`CityRankingView::parks`]); `None` for all.
    pub park: Option<usize>,
    /// A class id (`A`…`T`); empty for all.
    pub class: String,
    /// Part of the enterprise's name or credit code.
    pub text: String,
}

/// One diagnostic with its park and file.
#[derive(Debug, Clone, PartialEq)]
pub struct CityDiagnosticView {
    /// `error`, `warning`, `info`: a CSS hook.
    pub severity_id: &'static str,
    pub severity_label: &'static str,
    pub code: String,
    /// `园区“甲” 文件 a.xlsx 工作表“企业” 第 5 行`.
    pub place: String,
    pub message: String,
    pub fix: Option<String>,
}

impl CityView {
    /// The rows shown under `filter`, ordered by `sort` (indices into [`CityView::rows`]).
    pub fn select(&self, sort: SortKey, filter: &Filter) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..self.keys.len())
            .filter(|&i| filter.fits(&self.keys[i]))
            .collect();
        // A city has tens of parks: an insertion sort (stable, as `SortKey` asks) is instant
        // here and keeps another instance of the library's sort out of the page's bundle.
        for i in 1..shown.len() {
            let mut j = i;
            while j > 0
                && sort
                    .compare(&self.keys[shown[j - 1]], &self.keys[shown[j]])
                    .is_gt()
            {
                shown.swap(j - 1, j);
                j -= 1;
            }
        }
        shown
    }
}

impl CityRankingView {
    /// The rows shown for `query`, in ranking order (indices into `rows`).
    pub fn select(&self, query: &CityRankingQuery) -> Vec<usize> {
        let text = query.text.trim();
        (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                query.park.is_none_or(|p| r.park_index == p)
                    && (query.class.is_empty() || r.class_id == query.class)
                    && (text.is_empty() || r.name.contains(text) || r.credit_code.contains(text))
            })
            .collect()
    }
}

/// What the city's printed report adds to the screen: every pack with its full hash, and each
/// park's criteria with observed value, threshold and gap.
#[derive(Debug, Clone, PartialEq)]
pub struct CityPrintView {
    /// `sichuan-5plus1-park 2021.1 · SHA-256 5ca0e026…` (the whole hash).
    pub packs: Vec<String>,
    pub parks: Vec<ParkPrintView>,
}

/// One park of the printed report.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkPrintView {
    /// `汉源工业园区 · park-c-hanyuan.xlsx · 未达到创建标准，…`.
    pub heading: String,
    /// The park's scorecard as the single park's report shows it (observed, threshold, gap);
    /// `None` without a park evaluation.
    pub park: Option<Rc<ParkView>>,
}

/// Builds the city's printed report for `lang` (the scorecards of every park).
pub fn city_print_view(city: &CityEvaluation, lang: Lang) -> CityPrintView {
    CityPrintView {
        packs: city
            .packs
            .iter()
            .map(|p| format!("{} {} · SHA-256 {}", p.id, p.version, p.hash))
            .collect(),
        parks: city
            .parks
            .iter()
            .map(|p| {
                let view = p.evaluation.park.as_ref().map(|e| park_view(e, lang));
                let verdict = view
                    .as_ref()
                    .map(|v| format!(" · {}", v.overall_sentence))
                    .unwrap_or_default();
                ParkPrintView {
                    heading: format!("{} · {}{verdict}", p.label, p.source),
                    park: view.map(Rc::new),
                }
            })
            .collect(),
    }
}

/// Builds the city screen for `lang`. `file_diagnostics` are the files' own (reading, splitting
/// by park); they come before the evaluation's.
pub fn city_view(
    city: &CityEvaluation,
    file_diagnostics: &[CityDiagnostic],
    lang: Lang,
) -> CityView {
    let parks = city.rows.len();
    let title = match (city.year, lang) {
        (Some(y), Lang::Zh) => format!("{y} 年度全市园区评价（{parks} 个园区）"),
        (Some(y), Lang::En) => format!("City evaluation of {y} ({parks} parks)"),
        (None, Lang::Zh) => format!("全市园区评价（{parks} 个园区）"),
        (None, Lang::En) => format!("City evaluation ({parks} parks)"),
    };
    let goal = &city.goal;
    let goal_id = match goal.achieved() {
        Some(true) => "achieved",
        Some(false) => "short",
        None => "none",
    };
    let goal_basis = goal
        .target
        .as_ref()
        .map(|t| {
            let n = format::number(t.value);
            let source = format!("{} · {}", provenance_label(t.provenance, lang), t.clause);
            match lang {
                Lang::Zh => format!("目标 {n} 个 · {source}"),
                Lang::En => format!("Goal: {n} parks · {source}"),
            }
        })
        .unwrap_or_default();
    let criteria: Vec<ColumnHead> = city
        .rows
        .first()
        .map(|r| {
            r.criteria
                .iter()
                .map(|c| ColumnHead {
                    id: c.id.clone(),
                    label: pick(&c.label, lang),
                })
                .collect()
        })
        .unwrap_or_default();
    let rows = city
        .rows
        .iter()
        .map(|r| park_row(r, &criteria, city.year, lang))
        .collect();
    // Errors first, then warnings, then notes; in the order met within each.
    let mut diagnostics: Vec<CityDiagnosticView> = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        for d in file_diagnostics.iter().chain(&city.diagnostics) {
            if d.diagnostic.severity == severity {
                diagnostics.push(diagnostic_view(d, lang));
            }
        }
    }
    let count = |s: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity_id == s.id())
            .count()
    };
    let label = |s: Severity| match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    };
    let diagnostic_summary = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|&s| format!("{} {}", label(s), count(s)))
        .collect::<Vec<_>>()
        .join(" · ");
    CityView {
        title,
        packs: city
            .packs
            .iter()
            .map(|p| format!("{} {} · {}", p.id, p.version, p.short_hash()))
            .collect(),
        overrides: city
            .overrides
            .iter()
            .map(|o| format!("{}: {} → {}", o.key, o.from, o.to))
            .collect(),
        goal: pick(&goal.sentence, lang),
        goal_id,
        goal_basis,
        closest: city.closest.as_ref().map(|c| pick(&c.sentence, lang)),
        filter_options: filter_options(&criteria, lang),
        criteria,
        rows,
        sort_options: sort_options(lang),
        charts: charts(city, lang),
        ranking: ranking_view(city, lang),
        differences: city
            .differences
            .iter()
            .map(|d| pick(&d.sentence, lang))
            .collect(),
        diagnostics,
        diagnostic_summary,
        keys: city.rows.clone(),
    }
}

fn park_row(row: &ParkRow, columns: &[ColumnHead], year: Option<i32>, lang: Lang) -> ParkRowView {
    let cells = columns
        .iter()
        .map(|col| match row.criteria.iter().find(|c| c.id == col.id) {
            Some(c) => cell(c, lang),
            None => CellView {
                id: col.id.clone(),
                state_id: State::NotEvaluable.id(),
                state_label: super::state_label(State::NotEvaluable, lang),
                symbol: symbol(State::NotEvaluable),
                value: String::new(),
                title: String::new(),
            },
        })
        .collect();
    let (overall_id, overall_label) = match row.overall {
        OverallState::Met => ("met", t(lang, Key::CityOverallMet)),
        OverallState::NotMet => ("not_met", t(lang, Key::CityOverallNotMet)),
        OverallState::NotEvaluable => ("not_evaluable", t(lang, Key::CityOverallNotEvaluable)),
    };
    let status_label = match lang {
        Lang::Zh => row.status.label_zh(),
        Lang::En => row.status.label_en(),
    };
    let growth_title = match (row.growth_since, year, lang) {
        (Some(from), Some(to), Lang::Zh) => format!("{from}–{to} 年亩均营收年均增长"),
        (Some(from), Some(to), Lang::En) => {
            format!("average yearly growth of revenue per mu, {from}–{to}")
        }
        (_, _, Lang::Zh) => "亩均营收年均增长（需要至少两个年度）".to_string(),
        (_, _, Lang::En) => "average yearly growth of revenue per mu (needs two years)".to_string(),
    };
    ParkRowView {
        index: row.index,
        label: row.label.clone(),
        source: row.source.clone(),
        has_facts: row.has_facts,
        cells,
        overall_id,
        overall_label,
        status_id: row.status.id(),
        status_label,
        mu_revenue: row.mu_revenue.map_or_else(dash, format::figure),
        growth: row.mu_revenue_growth.map_or_else(dash, format::percent),
        growth_title,
        a_share: row.a_share.map_or_else(dash, format::percent),
        sentence: pick(&row.sentence, lang),
    }
}

fn dash() -> String {
    "—".to_string()
}

fn cell(c: &CriterionCell, lang: Lang) -> CellView {
    let value = match c.observed {
        // A criterion that cannot be evaluated shows no figure (a count of 0 declared items
        // would read as a result).
        _ if c.state == State::NotEvaluable => String::new(),
        Some(v) if c.unit == "fraction" => format::percent(v),
        Some(v) => format::in_unit(v, &c.unit, lang),
        None => String::new(),
    };
    CellView {
        id: c.id.clone(),
        state_id: c.state.id(),
        state_label: super::state_label(c.state, lang),
        symbol: symbol(c.state),
        value,
        title: match lang {
            Lang::Zh => format!("{} {}：{}", c.id, c.label.zh, c.sentence.zh),
            Lang::En => format!("{} {}: {}", c.id, c.label.en, c.sentence.en),
        },
    }
}

/// The state as one sign, as the command line's table writes it.
fn symbol(state: State) -> &'static str {
    match state {
        State::Pass => "✓",
        State::Near => "≈",
        State::Fail => "✗",
        State::NotApplicable => "–",
        State::NotEvaluable => "?",
    }
}

fn sort_options(lang: Lang) -> Vec<SortOption> {
    [
        ("input", Key::CitySortInput, SortKey::Input),
        ("closeness", Key::CitySortCloseness, SortKey::Closeness),
        ("status", Key::CitySortStatus, SortKey::Status),
        ("mu_revenue", Key::CitySortMuRevenue, SortKey::MuRevenue),
        ("growth", Key::CitySortGrowth, SortKey::Growth),
        ("a_share", Key::CitySortAShare, SortKey::AShare),
        ("label", Key::CitySortLabel, SortKey::Label),
    ]
    .into_iter()
    .map(|(value, key, sort)| SortOption {
        value,
        label: t(lang, key),
        key: sort,
    })
    .collect()
}

fn filter_options(criteria: &[ColumnHead], lang: Lang) -> Vec<FilterOption> {
    let fixed = |value: &str, key: Key, filter: Filter| FilterOption {
        value: value.to_string(),
        label: t(lang, key).to_string(),
        filter,
    };
    let mut out = vec![
        fixed("all", Key::CityFilterAll, Filter::All),
        fixed("met", Key::CityFilterMet, Filter::Met),
        fixed("not_met", Key::CityFilterNotMet, Filter::NotMet),
        fixed("warned", Key::CityFilterWarned, Filter::Warned),
        fixed("interview", Key::CityFilterInterview, Filter::Interview),
    ];
    out.extend(criteria.iter().map(|c| FilterOption {
        value: format!("failing:{}", c.id),
        label: format!("{} {}", c.id, t(lang, Key::CityFilterFailing)),
        filter: Filter::Failing(c.id.clone()),
    }));
    out.push(fixed(
        "without_facts",
        Key::CityFilterWithoutFacts,
        Filter::WithoutFacts,
    ));
    out
}

/// The element id of a criterion's chart. Ids are `&'static str` in [`BarChart`]; the built-in
/// pack's criteria have their own, any other criterion shares the generic one.
fn chart_id(criterion: &str) -> &'static str {
    match criterion {
        "C1" => "city-chart-c1",
        "C2" => "city-chart-c2",
        "C3" => "city-chart-c3",
        "C4" => "city-chart-c4",
        "C5" => "city-chart-c5",
        "C6" => "city-chart-c6",
        "C7" => "city-chart-c7",
        "C8" => "city-chart-c8",
        _ => "city-chart",
    }
}

/// One chart per series of the city: a bar per park (length relative to the axis maximum,
/// coloured by the park's state) and the threshold as the reference line.
fn charts(city: &CityEvaluation, lang: Lang) -> Vec<BarChart> {
    city.chart
        .series
        .iter()
        .filter(|s| s.max > 0.0 && s.max.is_finite())
        .map(|s| {
            let bars: Vec<Bar> = s
                .points
                .iter()
                .map(|p| Bar {
                    label: p.park.clone(),
                    value_label: match p.value {
                        Some(_) => p.value_text.clone(),
                        None => super::state_label(p.state, lang).to_string(),
                    },
                    length: p.value.map_or(0.0, |v| (v / s.max).clamp(0.0, 1.0)),
                    class: p.state.id().to_string(),
                })
                .collect();
            let title = match lang {
                Lang::Zh => format!(
                    "{} {}（标准 {}）",
                    s.criterion,
                    pick(&s.label, lang),
                    s.threshold_text
                ),
                Lang::En => format!(
                    "{} {} (standard {})",
                    s.criterion,
                    pick(&s.label, lang),
                    s.threshold_text
                ),
            };
            let description = bars
                .iter()
                .map(|b| format!("{}: {}", b.label, b.value_label))
                .collect::<Vec<_>>()
                .join("; ");
            BarChart {
                id: chart_id(&s.criterion),
                title,
                description,
                bars,
                reference: s
                    .threshold
                    .map(|th| ((th / s.max).clamp(0.0, 1.0), s.threshold_text.clone())),
            }
        })
        .collect()
}

fn ranking_view(city: &CityEvaluation, lang: Lang) -> CityRankingView {
    let r = &city.ranking;
    let c = &r.counts;
    let counts = match lang {
        Lang::Zh => format!(
            "参评 {} 家：A 类 {}、B 类 {}、C 类 {}（其中一票否决 {}）；免评 {}；不在评价范围 {}",
            r.evaluated, c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
        ),
        Lang::En => format!(
            "{} evaluated: A {}, B {}, C {} (veto {}); exempt {}; out of scope {}",
            r.evaluated, c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
        ),
    };
    let summary = match (r.scope, lang) {
        (BenchmarkScope::City, Lang::Zh) => format!("全市统一基准，排名为全市排名；{counts}"),
        (BenchmarkScope::City, Lang::En) => {
            format!("City-wide benchmarks, ranks across the city; {counts}")
        }
        (BenchmarkScope::Park, Lang::Zh) => {
            format!("各园区分别计算基准，排名为园区内排名；{counts}")
        }
        (BenchmarkScope::Park, Lang::En) => {
            format!("Each park's own benchmarks, ranks within the park; {counts}")
        }
    };
    let benchmarks = (r.scope == BenchmarkScope::City).then(|| {
        let list = r
            .indicators
            .iter()
            .map(|i| {
                let value = i
                    .benchmark
                    .map_or_else(dash, |b| format::in_unit(b, &i.unit, lang));
                format!("{} {value}", pick(&i.label, lang))
            })
            .collect::<Vec<_>>();
        match lang {
            Lang::Zh => format!("基准值：{}", list.join("；")),
            Lang::En => format!("Benchmarks: {}", list.join("; ")),
        }
    });
    let indicators = r
        .indicators
        .iter()
        .map(|i| IndicatorColumn {
            label: pick(&i.label, lang),
            unit: match i.unit.as_str() {
                "fraction" => "%".to_string(),
                unit => format::unit_name(unit, lang).to_string(),
            },
            benchmark: i
                .benchmark
                .map(|b| indicator_value(b, &i.unit))
                .unwrap_or_default(),
        })
        .collect();
    let rows = r
        .rows
        .iter()
        .map(|e| CityEnterpriseRow {
            park: e.park.clone(),
            park_index: e.park_index,
            rank: e.rank.map(|n| n.to_string()).unwrap_or_default(),
            name: e.name.clone(),
            credit_code: e.credit_code.clone().unwrap_or_default(),
            class_id: e.class.map(|c| c.id()).unwrap_or(""),
            class_label: match e.class {
                Some(class) => class_label(class, e.vetoed, lang),
                None => super::zh_en(lang, "不在范围", "Out of scope"),
            },
            score: e.score.map(format::figure).unwrap_or_default(),
            indicators: r
                .indicators
                .iter()
                .zip(&e.values)
                .map(|(i, v)| v.map_or_else(dash, |v| indicator_value(v, &i.unit)))
                .collect(),
            below_threshold: e.below_threshold == Some(true),
            exit_id: e.exit.map(|s| s.id()).unwrap_or(""),
            exit_label: e
                .exit
                .map(|s| exit_label(s, lang).to_string())
                .unwrap_or_default(),
        })
        .collect();
    CityRankingView {
        scope_id: r.scope.id(),
        summary,
        benchmarks,
        indicators,
        parks: city.parks.iter().map(|p| p.label.clone()).collect(),
        rows,
    }
}

fn diagnostic_view(d: &CityDiagnostic, lang: Lang) -> CityDiagnosticView {
    let diagnostic = &d.diagnostic;
    let place = match lang {
        Lang::Zh => d.describe_zh(),
        Lang::En => {
            let mut parts = Vec::new();
            if let Some(p) = &d.park {
                parts.push(format!("park \"{p}\""));
            }
            if let Some(s) = &d.source {
                parts.push(format!("file {s}"));
            }
            let at = diagnostic.location.describe_en();
            if !at.is_empty() {
                parts.push(at);
            }
            parts.join(", ")
        }
    };
    CityDiagnosticView {
        severity_id: diagnostic.severity.id(),
        severity_label: match lang {
            Lang::Zh => diagnostic.severity.label_zh(),
            Lang::En => diagnostic.severity.label_en(),
        },
        code: diagnostic.code.clone(),
        place,
        message: diagnostic.message.get(lang.tag_short()).to_string(),
        fix: diagnostic
            .fix
            .as_ref()
            .map(|f| f.get(lang.tag_short()).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::city::{City, CityOptions, ParkInput, parks_from_file};
    use crate::ingest::{self, IngestOptions, SourceOptions};

    /// The fixture files read as `parkcheck city` reads them, evaluated for the latest year.
    fn city(files: &[&str], benchmarks: BenchmarkScope) -> (CityEvaluation, Vec<CityDiagnostic>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/city");
        let mut parks: Vec<ParkInput> = Vec::new();
        let mut diagnostics = Vec::new();
        for name in files {
            let bytes = std::fs::read(dir.join(name)).expect("fixture");
            let ingested = ingest::load(
                &bytes,
                name,
                &SourceOptions::default(),
                &IngestOptions::default(),
            )
            .expect("a readable fixture");
            let (p, d) = parks_from_file(name, ingested);
            parks.extend(p);
            diagnostics.extend(d);
        }
        let e = City::builtin().evaluate(parks, None, &[], CityOptions { benchmarks });
        (e, diagnostics)
    }

    const THREE: [&str; 3] = [
        "park-a-yaan.xlsx",
        "park-b-mingshan.xlsx",
        "park-c-hanyuan.xlsx",
    ];

    fn view(files: &[&str], benchmarks: BenchmarkScope, lang: Lang) -> CityView {
        let (e, d) = city(files, benchmarks);
        city_view(&e, &d, lang)
    }

    fn labels(v: &CityView, shown: &[usize]) -> Vec<String> {
        shown.iter().map(|&i| v.rows[i].label.clone()).collect()
    }

    #[test]
    fn three_parks_read_as_the_city_cases_say() {
        let v = view(&THREE, BenchmarkScope::Park, Lang::Zh);
        assert_eq!(v.title, "2023 年度全市园区评价（3 个园区）");
        assert_eq!(v.goal, "已达标 1 个，距目标还差 2 个");
        assert_eq!(v.goal_id, "short");
        assert!(v.goal_basis.starts_with("目标 3 个 · "), "{}", v.goal_basis);
        assert!(
            v.goal_basis.contains("雅办发〔2021〕23号"),
            "{}",
            v.goal_basis
        );
        let closest = v.closest.as_deref().unwrap_or_default();
        assert!(
            closest.starts_with("最接近达标的是名山经济开发区") && closest.contains("C2"),
            "{closest}"
        );
        let ids: Vec<&str> = v.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"]);

        let summary: Vec<(&str, &str, &str, &str, &str, &str)> = v
            .rows
            .iter()
            .map(|r| {
                (
                    r.label.as_str(),
                    r.overall_label,
                    r.status_label,
                    r.mu_revenue.as_str(),
                    r.growth.as_str(),
                    r.a_share.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "雅安经济开发区",
                    "达标",
                    "无预警",
                    "310.00",
                    "11.80%",
                    "25.00%"
                ),
                (
                    "名山经济开发区",
                    "未达标",
                    "预警",
                    "200.00",
                    "11.80%",
                    "25.00%"
                ),
                (
                    "汉源工业园区",
                    "未达标",
                    "约谈",
                    "133.33",
                    "10.10%",
                    "25.00%"
                ),
            ]
        );
        let mingshan_c2 = &v.rows[1].cells[1];
        assert_eq!(
            (
                mingshan_c2.state_id,
                mingshan_c2.symbol,
                mingshan_c2.value.as_str()
            ),
            ("fail", "✗", "24.00%")
        );
        assert!(
            mingshan_c2.title.contains("533.33 万元"),
            "{}",
            mingshan_c2.title
        );
        let hanyuan: Vec<&str> = v.rows[2].cells.iter().map(|c| c.state_id).collect();
        assert_eq!(
            hanyuan,
            [
                "fail", "pass", "fail", "pass", "pass", "pass", "pass", "pass"
            ]
        );
        assert_eq!(v.rows[0].growth_title, "2021–2023 年亩均营收年均增长");
        assert!(v.differences.is_empty());
    }

    #[test]
    fn the_dashboard_sorts_and_filters_with_the_city_keys() {
        let v = view(&THREE, BenchmarkScope::Park, Lang::Zh);
        let all = v.select(SortKey::Input, &Filter::All);
        assert_eq!(
            labels(&v, &all),
            ["雅安经济开发区", "名山经济开发区", "汉源工业园区"]
        );
        let status = v.select(SortKey::Status, &Filter::All);
        assert_eq!(
            labels(&v, &status),
            ["汉源工业园区", "名山经济开发区", "雅安经济开发区"]
        );
        let close = v.select(SortKey::Closeness, &Filter::NotMet);
        assert_eq!(labels(&v, &close), ["名山经济开发区", "汉源工业园区"]);
        let c2 = v.select(SortKey::Input, &Filter::Failing("C2".into()));
        assert_eq!(labels(&v, &c2), ["名山经济开发区"]);
        let interview = v.select(SortKey::Input, &Filter::Interview);
        assert_eq!(labels(&v, &interview), ["汉源工业园区"]);
        assert!(v.select(SortKey::Input, &Filter::WithoutFacts).is_empty());

        // Every option of the menus maps to a key or filter with a distinct value.
        let values: Vec<&str> = v.filter_options.iter().map(|o| o.value.as_str()).collect();
        assert!(values.contains(&"failing:C2") && values.contains(&"all"));
        let mut unique = values.clone();
        unique.dedup();
        assert_eq!(unique.len(), values.len());
        let sorts: Vec<SortKey> = v.sort_options.iter().map(|o| o.key).collect();
        assert_eq!(sorts.len(), 7);
        let c2 = v
            .filter_options
            .iter()
            .find(|o| o.value == "failing:C2")
            .expect("C2 filter");
        assert_eq!(c2.label, "C2 未达标或接近");
    }

    #[test]
    fn one_chart_per_key_indicator_with_the_threshold_line() {
        let v = view(&THREE, BenchmarkScope::Park, Lang::Zh);
        let ids: Vec<&str> = v.charts.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                "city-chart-c1",
                "city-chart-c2",
                "city-chart-c4",
                "city-chart-c5"
            ]
        );
        let c2 = &v.charts[1];
        assert!(
            c2.title.starts_with("C2 ") && c2.title.contains("> 25%"),
            "{}",
            c2.title
        );
        let bars: Vec<(&str, &str, &str)> = c2
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.value_label.as_str(), b.class.as_str()))
            .collect();
        assert_eq!(
            bars,
            [
                ("雅安经济开发区", "77.42%", "pass"),
                ("名山经济开发区", "24%", "fail"),
                ("汉源工业园区", "60%", "pass"),
            ]
        );
        let (at, label) = c2.reference.clone().expect("threshold line");
        assert!((at - 0.25 / 0.774_193_5).abs() < 1e-4, "{at}");
        assert_eq!(label, "> 25%");
        // The longest bar is the axis maximum; 名山's bar ends just short of the line.
        assert!((c2.bars[0].length - 1.0).abs() < 1e-9);
        assert!(c2.bars[1].length < at);
        for chart in &v.charts {
            assert!(chart.bars.iter().all(|b| (0.0..=1.0).contains(&b.length)));
            assert!(!chart.description.is_empty());
        }
    }

    #[test]
    fn the_ranking_names_each_enterprise_s_park() {
        let v = view(&THREE, BenchmarkScope::Park, Lang::Zh);
        let r = &v.ranking;
        assert_eq!(r.scope_id, "park");
        assert!(r.summary.starts_with("各园区分别计算基准"), "{}", r.summary);
        assert!(
            r.summary.contains("参评 12 家：A 类 3、B 类 6、C 类 3"),
            "{}",
            r.summary
        );
        assert_eq!(r.benchmarks, None);
        assert_eq!(r.rows.len(), 12);
        let first = &r.rows[0];
        assert_eq!(
            (
                first.park.as_str(),
                first.rank.as_str(),
                first.name.as_str(),
                first.class_id,
                first.score.as_str()
            ),
            ("雅安经济开发区", "1", "川西精密制造有限公司", "A", "122.68")
        );
        let mingshan = r.select(&CityRankingQuery {
            park: Some(1),
            ..CityRankingQuery::default()
        });
        assert_eq!(mingshan.len(), 4);
        assert!(mingshan.iter().all(|&i| r.rows[i].park == "名山经济开发区"));
        assert_eq!(r.rows[mingshan[0]].name, "名山食品饮料有限公司");
        let a = r.select(&CityRankingQuery {
            class: "A".into(),
            ..CityRankingQuery::default()
        });
        assert_eq!(a.len(), 3);
        let found = r.select(&CityRankingQuery {
            text: "汉源冶金".into(),
            ..CityRankingQuery::default()
        });
        assert_eq!(found.len(), 1);
        assert_eq!(r.rows[found[0]].exit_id, "warning");
    }

    #[test]
    fn city_wide_benchmarks_give_one_ranking_and_the_a_share_from_it() {
        let v = view(&THREE, BenchmarkScope::City, Lang::Zh);
        let r = &v.ranking;
        assert_eq!(r.scope_id, "city");
        assert!(r.summary.starts_with("全市统一基准"), "{}", r.summary);
        let benchmarks = r.benchmarks.as_deref().unwrap_or_default();
        assert!(
            benchmarks.contains("亩均营业收入 202.86 万元/亩"),
            "{benchmarks}"
        );
        let top: Vec<(&str, &str, &str, &str)> = r
            .rows
            .iter()
            .take(3)
            .map(|e| {
                (
                    e.rank.as_str(),
                    e.park.as_str(),
                    e.name.as_str(),
                    e.score.as_str(),
                )
            })
            .collect();
        assert_eq!(
            top,
            [
                ("1", "雅安经济开发区", "川西精密制造有限公司", "182.53"),
                ("2", "雅安经济开发区", "雅安锂电新材料有限公司", "160.42"),
                ("3", "名山经济开发区", "名山食品饮料有限公司", "152.95"),
            ]
        );
        let shares: Vec<&str> = v.rows.iter().map(|r| r.a_share.as_str()).collect();
        assert_eq!(shares, ["50.00%", "25.00%", "0.00%"]);
        assert_eq!(v.goal, "已达标 1 个，距目标还差 2 个");
    }

    #[test]
    fn one_workbook_with_a_park_column_reads_as_the_three_files() {
        let files = view(&THREE, BenchmarkScope::Park, Lang::Zh);
        let workbook = view(&["city-workbook.xlsx"], BenchmarkScope::Park, Lang::Zh);
        assert_eq!(workbook.goal, files.goal);
        assert_eq!(workbook.closest, files.closest);
        let strip = |v: &CityView| -> Vec<ParkRowView> {
            v.rows
                .iter()
                .map(|r| ParkRowView {
                    source: String::new(),
                    ..r.clone()
                })
                .collect()
        };
        assert_eq!(strip(&workbook), strip(&files));
        assert_eq!(workbook.rows[0].source, "city-workbook.xlsx");
    }

    #[test]
    fn diagnostics_name_their_park_and_file() {
        let mut files = THREE.to_vec();
        files.push("park-d-yingjing.csv");
        let v = view(&files, BenchmarkScope::Park, Lang::Zh);
        assert_eq!(v.goal, "已达标 1 个，距目标还差 2 个");
        let no_facts = v
            .diagnostics
            .iter()
            .find(|d| d.code == "city.no_park_facts")
            .expect("the park without facts is flagged");
        assert_eq!(no_facts.severity_id, "warning");
        assert!(
            no_facts.place.contains("园区“park-d-yingjing”")
                && no_facts.place.contains("park-d-yingjing.csv"),
            "{}",
            no_facts.place
        );
        assert!(no_facts.fix.is_some());
        let rank = |id: &str| ["error", "warning", "info"].iter().position(|s| *s == id);
        let ranks: Vec<Option<usize>> = v.diagnostics.iter().map(|d| rank(d.severity_id)).collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "errors first: {ranks:?}"
        );
        assert!(
            v.diagnostic_summary.starts_with("错误 "),
            "{}",
            v.diagnostic_summary
        );
        let d = v
            .rows
            .iter()
            .find(|r| r.label == "park-d-yingjing")
            .expect("row");
        assert!(!d.has_facts);
        assert_eq!(d.growth, "—");
        let c6 = d.cells.iter().find(|c| c.id == "C6").expect("C6");
        assert_eq!((c6.state_id, c6.value.as_str()), ("not_evaluable", ""));
    }

    #[test]
    fn english_has_no_chinese_outside_names() {
        let v = view(&THREE, BenchmarkScope::City, Lang::En);
        assert_eq!(
            v.goal,
            "1 park meets the standards; 2 more needed for the goal of 3"
        );
        let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let mut texts = vec![v.title.clone(), v.goal.clone(), v.ranking.summary.clone()];
        texts.extend(v.sort_options.iter().map(|o| o.label.to_string()));
        texts.extend(v.filter_options.iter().map(|o| o.label.clone()));
        for row in &v.rows {
            texts.push(format!(
                "{} {} {} {}",
                row.overall_label, row.status_label, row.growth_title, row.growth
            ));
            texts.extend(
                row.cells
                    .iter()
                    .map(|c| format!("{} {}", c.state_label, c.value)),
            );
        }
        for text in texts {
            assert!(!text.chars().any(is_cjk), "{text}");
        }
    }
}
