//! Park creation standards (pack kind `park`, DOMAIN §2.1): C1–C8 for year Y with traces and
//! gaps, the overall verdict, the yearly 亩均 figures (rows or `ParkFacts::totals`), annual 预警,
//! 约谈 and the reward.
//!
//! Reads the dataset and the compiled park rules; knows nothing about ingest, ui or 亩均 scoring.

use std::collections::BTreeMap;

use serde::Serialize;

use super::compare::{Comparator, holds};
use super::compile::{CompiledCriterion, CompiledRule, ParkRules};
use super::pack::ChecklistItem;
use super::trace::{Gap, InputUsed, ParamUse, State, Trace, no_year_text};
use crate::dataset::{Dataset, EnterpriseRecord, FieldId, ParkFacts, PlatformLevel};
use crate::diagnostic::Text;
use crate::format;
use crate::i18n::Lang;

/// The park's evaluation for year Y.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkEvaluation {
    pub criteria: Vec<CriterionResult>,
    pub overall: Overall,
    /// Context figures and warning flags per year up to Y, ascending.
    pub years: Vec<YearFigures>,
    /// 约谈: 预警 in each of the last `interview_after` years ending at Y; `None` when a needed
    /// year's flag is unknown.
    pub interview: Option<bool>,
    pub interview_after: ParamUse,
    /// min(reward_share × provincial_reward, reward_cap), when the provincial reward is known.
    pub reward: Option<Reward>,
    /// Share of A-class enterprises and of their land (filled when a 亩均 pack ran too).
    pub context: Option<ClassContext>,
}

/// One criterion's result: identity plus its trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub label: Text,
    pub clause: String,
    /// 自评声明: the park's own declaration, not computed from data.
    pub self_declared: bool,
    pub annual_warning: bool,
    pub trace: Trace,
}

impl CriterionResult {
    pub fn state(&self) -> State {
        self.trace.state
    }
}

/// The overall verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    pub state: OverallState,
    /// Criteria not satisfied, largest gap first (fail/near by relative gap, then not evaluable).
    pub gaps: Vec<String>,
    pub sentence: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverallState {
    /// 达到创建标准: every criterion 达标 or 不适用.
    Met,
    /// Some criterion 未达标 or 接近.
    NotMet,
    /// Nothing failed, but some criterion could not be evaluated.
    NotEvaluable,
}

impl OverallState {
    pub fn id(self) -> &'static str {
        match self {
            OverallState::Met => "met",
            OverallState::NotMet => "not_met",
            OverallState::NotEvaluable => "not_evaluable",
        }
    }
}

/// Where a year's figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureSource {
    Rows,
    Totals,
    None,
}

/// Where a year's 预警 flag came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningSource {
    /// Computed from that year's data (C1–C5 style criteria).
    Computed,
    /// Declared in `ParkFacts::warnings`.
    Declared,
    Unknown,
}

/// One year's context figures and 预警 flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    pub year: i32,
    pub source: FigureSource,
    /// Σ revenue / Σ land (万元/亩).
    pub mu_revenue: Option<f64>,
    /// Σ tax / Σ land (万元/亩); rows only.
    pub mu_tax: Option<f64>,
    pub revenue: Option<f64>,
    pub land: Option<f64>,
    pub warning: Option<bool>,
    pub warning_source: WarningSource,
    /// The annual-warning criteria that were 未达标 that year (computed years).
    pub failing: Vec<String>,
}

/// The one-off reward.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reward {
    pub amount: f64,
    pub provincial_reward: f64,
    pub share: ParamUse,
    pub cap: ParamUse,
    pub capped: bool,
}

/// A-class context figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassContext {
    /// A-class rows / evaluated rows.
    pub a_share_enterprises: Option<f64>,
    /// Land of A-class rows / land of evaluated rows.
    pub a_share_land: Option<f64>,
}

/// Evaluates the park rules for `year`. Without a year (the data has none and none was
/// chosen) the data criteria are 无法评价 with `year` missing, the park-fact criteria are
/// evaluated as usual, and there are no yearly figures.
pub(crate) fn evaluate_park(
    rules: &ParkRules,
    dataset: &Dataset,
    year: Option<i32>,
) -> ParkEvaluation {
    let facts = &dataset.park;
    let Some(y) = year else {
        let criteria: Vec<CriterionResult> = rules
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| evaluate_criterion(c, i, None, &BTreeMap::new(), facts))
            .collect();
        return ParkEvaluation {
            overall: overall(&criteria),
            criteria,
            years: Vec::new(),
            interview: None,
            interview_after: rules.interview_after.clone(),
            reward: reward(rules, facts),
            context: None,
        };
    };
    let aggs = aggregate(rules, dataset, y);
    let criteria: Vec<CriterionResult> = rules
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| evaluate_criterion(c, i, Some(y), &aggs, facts))
        .collect();
    let overall = overall(&criteria);

    // Years with any data up to Y, plus declared warning years.
    let mut years: Vec<i32> = aggs.keys().copied().filter(|yy| *yy <= y).collect();
    years.extend(facts.totals.keys().copied().filter(|yy| *yy <= y));
    years.extend(facts.warnings.keys().copied().filter(|yy| *yy < y));
    years.push(y);
    years.sort_unstable();
    years.dedup();
    let figures: Vec<YearFigures> = years
        .iter()
        .map(|&yy| {
            let agg = aggs.get(&yy);
            let (source, revenue, land) = match agg {
                Some(a) if a.rows > 0 => (
                    FigureSource::Rows,
                    Some(a.mu_revenue.num),
                    Some(a.mu_revenue.den),
                ),
                _ => match facts.totals.get(&yy) {
                    Some(t) if t.revenue.is_some() || t.land.is_some() => {
                        (FigureSource::Totals, t.revenue, t.land)
                    }
                    _ => (FigureSource::None, None, None),
                },
            };
            let mu_revenue = match (revenue, land) {
                (Some(r), Some(l)) if l > 0.0 => Some(r / l),
                _ => None,
            };
            let mu_tax = agg
                .filter(|a| a.rows > 0 && a.mu_tax.den > 0.0)
                .map(|a| a.mu_tax.num / a.mu_tax.den);
            let (warning, warning_source, failing) =
                year_warning(rules, yy, y, &criteria, &aggs, facts);
            YearFigures {
                year: yy,
                source,
                mu_revenue,
                mu_tax,
                revenue,
                land,
                warning,
                warning_source,
                failing,
            }
        })
        .collect();

    let k = rules.interview_after.value.max(1.0) as i32;
    let flags: Vec<Option<bool>> = (0..k)
        .map(|back| {
            figures
                .iter()
                .find(|f| Some(f.year) == y.checked_sub(back))
                .and_then(|f| f.warning)
        })
        .collect();
    let interview = if flags.contains(&Some(false)) {
        Some(false)
    } else if flags.iter().all(|f| *f == Some(true)) {
        Some(true)
    } else {
        None
    };

    ParkEvaluation {
        criteria,
        overall,
        years: figures,
        interview,
        interview_after: rules.interview_after.clone(),
        reward: reward(rules, facts),
        context: None,
    }
}

/// min(reward_share × provincial_reward, reward_cap), when the provincial reward is known.
fn reward(rules: &ParkRules, facts: &ParkFacts) -> Option<Reward> {
    facts.provincial_reward.filter(|p| p.is_finite()).map(|p| {
        let raw = rules.reward_share.value * p;
        let capped = !holds(Comparator::Le, raw, rules.reward_cap.value);
        Reward {
            amount: if capped {
                rules.reward_cap.value
            } else {
                raw.max(0.0)
            },
            provincial_reward: p,
            share: rules.reward_share.clone(),
            cap: rules.reward_cap.clone(),
            capped,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Aggregation: one pass over the rows up to Y.

#[derive(Debug, Clone, Copy, Default)]
struct Ratio {
    num: f64,
    den: f64,
    rows: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct ShareAgg {
    part: f64,
    total: f64,
    rows: u32,
    /// Rows whose part could not be told (no part value and no flag): counted as not qualifying.
    unknown_part: u32,
    /// Rows without the total field.
    no_total: u32,
}

#[derive(Debug, Clone, Default)]
struct YearAgg {
    rows: u32,
    /// Indexed like the criteria; only share criteria fill theirs.
    shares: Vec<ShareAgg>,
    /// Indexed like the criteria; only growth criteria fill theirs.
    growth: Vec<Ratio>,
    mu_revenue: Ratio,
    mu_tax: Ratio,
}

fn add_ratio(r: &mut Ratio, num: Option<f64>, den: Option<f64>) {
    if let (Some(n), Some(d)) = (num, den) {
        r.num += n;
        r.den += d;
        r.rows += 1;
    }
}

/// A criterion that reads enterprise rows, with what it reads.
enum RowRule {
    Share {
        part: FieldId,
        flag: Option<FieldId>,
        total: FieldId,
    },
    Growth {
        numerator: FieldId,
        denominator: FieldId,
    },
}

fn aggregate(rules: &ParkRules, dataset: &Dataset, y: i32) -> BTreeMap<i32, YearAgg> {
    let n = rules.criteria.len();
    // Only share and growth criteria read rows: list them once instead of matching every
    // criterion for every row.
    let row_rules: Vec<(usize, RowRule)> = rules
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.rule {
            CompiledRule::Share {
                part, flag, total, ..
            } => Some((
                i,
                RowRule::Share {
                    part: *part,
                    flag: *flag,
                    total: *total,
                },
            )),
            CompiledRule::Growth {
                numerator,
                denominator,
                ..
            } => Some((
                i,
                RowRule::Growth {
                    numerator: *numerator,
                    denominator: *denominator,
                },
            )),
            _ => None,
        })
        .collect();
    // Rows come grouped by year in practice: remember the last year's slot instead of a map
    // lookup per row.
    let mut slots: Vec<(i32, YearAgg)> = Vec::new();
    let mut last = usize::MAX;
    for row in dataset.enterprises.iter().filter(|r| r.year <= y) {
        if slots.get(last).is_none_or(|(yy, _)| *yy != row.year) {
            last = match slots.iter().position(|(yy, _)| *yy == row.year) {
                Some(p) => p,
                None => {
                    let fresh = YearAgg {
                        shares: vec![ShareAgg::default(); n],
                        growth: vec![Ratio::default(); n],
                        ..YearAgg::default()
                    };
                    slots.push((row.year, fresh));
                    slots.len() - 1
                }
            };
        }
        let agg = &mut slots[last].1;
        agg.rows += 1;
        add_ratio(&mut agg.mu_revenue, row.revenue, row.land_area);
        add_ratio(&mut agg.mu_tax, row.tax, row.land_area);
        for (i, rule) in &row_rules {
            match *rule {
                RowRule::Share { part, flag, total } => {
                    add_share(&mut agg.shares[*i], row, part, flag, total)
                }
                RowRule::Growth {
                    numerator,
                    denominator,
                } => add_ratio(
                    &mut agg.growth[*i],
                    row.number(numerator),
                    row.number(denominator),
                ),
            }
        }
    }
    slots.into_iter().collect()
}

fn flag_value(row: &EnterpriseRecord, field: FieldId) -> Option<bool> {
    match field {
        FieldId::Leading => row.leading,
        FieldId::HighTech => row.high_tech,
        FieldId::AboveScale => row.above_scale,
        FieldId::NewProject => row.new_project,
        FieldId::Veto => row.veto.as_ref().map(|f| f.value),
        FieldId::Exempt => row.exempt.as_ref().map(|f| f.value),
        _ => None,
    }
}

fn add_share(
    s: &mut ShareAgg,
    row: &EnterpriseRecord,
    part: FieldId,
    flag: Option<FieldId>,
    total: FieldId,
) {
    let Some(t) = row.number(total) else {
        s.no_total += 1;
        return;
    };
    let p = match (row.number(part), flag.and_then(|f| flag_value(row, f))) {
        (Some(p), _) => p,
        (None, Some(true)) => t,
        (None, Some(false)) => 0.0,
        (None, None) => {
            s.unknown_part += 1;
            0.0
        }
    };
    s.part += p;
    s.total += t;
    s.rows += 1;
}

// ---------------------------------------------------------------------------------------------
// Criteria

/// One criterion for year `year`; criteria computed from enterprise rows or yearly totals are
/// 无法评价 when there is no year.
fn evaluate_criterion(
    c: &CompiledCriterion,
    i: usize,
    year: Option<i32>,
    aggs: &BTreeMap<i32, YearAgg>,
    facts: &ParkFacts,
) -> CriterionResult {
    let trace = match (&c.rule, year) {
        (CompiledRule::Share { threshold, .. }, None)
        | (CompiledRule::Growth { threshold, .. }, None) => no_year_trace(c, threshold),
        (
            CompiledRule::Share {
                part,
                flag,
                total,
                threshold,
            },
            Some(y),
        ) => share_trace(
            c,
            aggs.get(&y).map(|a| a.shares[i]),
            *part,
            *flag,
            *total,
            threshold,
        ),
        (CompiledRule::Platforms { levels, threshold }, _) => {
            platforms_trace(c, levels, threshold, facts)
        }
        (
            CompiledRule::Growth {
                numerator,
                denominator,
                threshold,
                tolerance,
            },
            Some(y),
        ) => growth_trace(
            c,
            i,
            y,
            aggs,
            facts,
            *numerator,
            *denominator,
            threshold,
            tolerance.as_ref(),
        ),
        (CompiledRule::Multistorey { threshold }, _) => multistorey_trace(c, threshold, facts),
        (
            CompiledRule::Checklist {
                required,
                any_of,
                min_any,
                key_min,
                key_max,
                window,
            },
            _,
        ) => checklist_trace(
            c,
            required,
            any_of,
            min_any.as_ref(),
            key_min.as_ref(),
            key_max.as_ref(),
            window.as_ref(),
            facts,
        ),
    };
    CriterionResult {
        id: c.id.clone(),
        label: c.label.clone(),
        clause: c.clause.clone(),
        self_declared: c.self_declared,
        annual_warning: c.annual_warning,
        trace,
    }
}

fn empty_trace(state: State, unit: &str, threshold: Option<ParamUse>) -> Trace {
    Trace {
        state,
        observed: None,
        unit: unit.to_string(),
        threshold,
        params: Vec::new(),
        gap: None,
        inputs: Vec::new(),
        missing: Vec::new(),
        sentence: Text::default(),
    }
}

fn not_evaluable(
    c: &CompiledCriterion,
    threshold: Option<ParamUse>,
    unit: &str,
    missing: Vec<String>,
    inputs: Vec<InputUsed>,
) -> Trace {
    let mut t = empty_trace(State::NotEvaluable, unit, threshold);
    let (zh, en) = input_labels(&missing);
    t.sentence = Text::new(
        format!("{}：无法评价，缺少{}", c.label.zh, zh.join("、")),
        format!("{}: cannot evaluate, missing {}", c.label.en, en.join("; ")),
    );
    t.missing = missing;
    t.inputs = inputs;
    t
}

/// The user's names of missing inputs (`revenue@2022` → “2022 年营业收入”, `park.chain_map` →
/// “产业链全景图”); unknown ids are shown as they are.
fn input_labels(ids: &[String]) -> (Vec<String>, Vec<String>) {
    ids.iter()
        .map(|id| {
            let (name, year) = match id.split_once('@') {
                Some((name, year)) => (name, Some(year)),
                None => (id.as_str(), None),
            };
            let (zh, en) = if let Some(f) = FieldId::from_id(name) {
                (f.label_zh(), f.label_en())
            } else if let Some(item) = name.strip_prefix("park.").and_then(ChecklistItem::from_id) {
                (item.label_zh(), item.label_en())
            } else {
                match name {
                    "park.new_factory_area" => ("新建标准化厂房面积", "new standard factory area"),
                    "park.new_multistorey_area" => {
                        ("其中多层标准化厂房面积", "multi-storey part of it")
                    }
                    "park.key_fields" => ("重点发展领域", "key fields"),
                    "park.platforms" => ("创新平台", "innovation platforms"),
                    other => (other, other),
                }
            };
            match year {
                Some(y) => (quote_zh(&format!("{y} 年{zh}")), format!("{en} ({y})")),
                None => (quote_zh(zh), en.to_string()),
            }
        })
        .unzip()
}

/// “text”, with quotation marks inside turned into the inner pair (‘两高’).
fn quote_zh(text: &str) -> String {
    format!("“{}”", text.replace('“', "‘").replace('”', "’"))
}

/// A data criterion without a year: `year` is the missing input, and the sentence says how to
/// supply it.
fn no_year_trace(c: &CompiledCriterion, threshold: &ParamUse) -> Trace {
    let mut t = not_evaluable(
        c,
        Some(threshold.clone()),
        "fraction",
        vec![FieldId::Year.id().to_string()],
        Vec::new(),
    );
    let why = no_year_text();
    t.sentence = Text::new(
        format!("{}：无法评价。{}", c.label.zh, why.zh),
        format!("{}: cannot evaluate. {}", c.label.en, why.en),
    );
    t
}

/// Δ extra qualifying amount so that part/total reaches r (adding raises both), and the
/// equivalent shrink of the non-qualifying part.
fn share_gap(r: f64, part: f64, total: f64) -> (f64, Option<f64>) {
    let extra = ((r * total - part) / (1.0 - r)).max(0.0);
    let shrink = (r > 0.0).then(|| ((total - part) - part * (1.0 - r) / r).max(0.0));
    (extra, shrink)
}

fn compare_state(threshold: &ParamUse, observed: f64) -> State {
    if holds(
        threshold.comparator.unwrap_or(Comparator::Ge),
        observed,
        threshold.value,
    ) {
        State::Pass
    } else {
        State::Fail
    }
}

fn relative_shortfall(threshold: f64, observed: f64) -> f64 {
    if threshold.abs() > 0.0 {
        ((threshold - observed) / threshold.abs()).max(0.0)
    } else {
        (threshold - observed).abs()
    }
}

fn share_trace(
    c: &CompiledCriterion,
    agg: Option<ShareAgg>,
    part: FieldId,
    flag: Option<FieldId>,
    total: FieldId,
    threshold: &ParamUse,
) -> Trace {
    let agg = agg.unwrap_or_default();
    let mut inputs = vec![
        InputUsed::new(part.id(), Some(agg.part), agg.rows),
        InputUsed::new(total.id(), Some(agg.total), agg.rows),
    ];
    if agg.unknown_part > 0 {
        inputs.push(InputUsed::new(
            flag.map_or(part.id(), FieldId::id),
            None,
            agg.unknown_part,
        ));
    }
    if agg.rows == 0 || agg.total <= 0.0 {
        return not_evaluable(
            c,
            Some(threshold.clone()),
            "fraction",
            vec![total.id().to_string()],
            inputs,
        );
    }
    if agg.unknown_part == agg.rows {
        let mut missing = vec![part.id().to_string()];
        if let Some(f) = flag {
            missing.push(f.id().to_string());
        }
        return not_evaluable(c, Some(threshold.clone()), "fraction", missing, inputs);
    }
    let observed = agg.part / agg.total;
    let state = compare_state(threshold, observed);
    let cmp = threshold.comparator.unwrap_or(Comparator::Ge);
    let unknown_note = if agg.unknown_part > 0 {
        Text::new(
            format!("（{} 行未注明，按不计入处理）", agg.unknown_part),
            format!(
                " ({} rows unmarked, counted as not qualifying)",
                agg.unknown_part
            ),
        )
    } else {
        Text::default()
    };
    let part_zh = part.label_zh();
    let mut t = empty_trace(state, "fraction", Some(threshold.clone()));
    t.observed = Some(observed);
    t.inputs = inputs;
    if state == State::Pass {
        t.sentence = fraction_met(c, observed, cmp, threshold, &unknown_note);
    } else {
        let (extra, shrink) = share_gap(threshold.value, agg.part, agg.total);
        t.gap = Some(Gap {
            amount: extra,
            unit: "万元".into(),
            alternative: shrink,
            relative: relative_shortfall(threshold.value, observed),
        });
        // Exactly at a strict threshold the equality gap is 0: say that any increase is needed
        // (and leave out "or about 0 less other revenue").
        let at_boundary = super::compare::approx_eq(observed, threshold.value);
        let shrink = shrink.filter(|_| !at_boundary);
        let shrink_zh = shrink
            .map(|s| {
                format!(
                    "（或其他营收减少约 {}）",
                    format::money_wan_short(s, Lang::Zh)
                )
            })
            .unwrap_or_default();
        let shrink_en = shrink
            .map(|s| {
                format!(
                    " (or about {} less other revenue)",
                    format::money_wan_short(s, Lang::En)
                )
            })
            .unwrap_or_default();
        let (extra_zh, extra_en) = if at_boundary {
            (
                "（恰好等于标准，任意增加即可）".to_string(),
                "any".to_string(),
            )
        } else {
            (
                format!("约 {}", format::money_wan_short(extra, Lang::Zh)),
                format!("about {}", format::money_wan_short(extra, Lang::En)),
            )
        };
        t.sentence = fraction_short_of(
            c,
            observed,
            cmp,
            threshold,
            Text::new(
                format!("还需增加{part_zh}{extra_zh}{shrink_zh}{}", unknown_note.zh),
                format!(
                    "{extra_en} more {} needed{shrink_en}{}",
                    part.label_en().to_lowercase(),
                    unknown_note.en
                ),
            ),
        );
    }
    t
}

/// The sentence of a fraction criterion that is met: `高新技术产业营收占比 30.00%，超过 25% 的标准，
/// 达标`, then `note`.
fn fraction_met(
    c: &CompiledCriterion,
    observed: f64,
    cmp: Comparator,
    threshold: &ParamUse,
    note: &Text,
) -> Text {
    let observed = format::percent_short(observed);
    let standard = threshold.display();
    Text::new(
        format!(
            "{} {observed}，{} {standard} 的标准，达标{}",
            c.label.zh,
            cmp.words_zh(),
            note.zh
        ),
        format!(
            "{} is {observed} (standard: {} {standard}): met{}",
            c.label.en,
            cmp.words_en(),
            note.en
        ),
    )
}

/// The sentence of a fraction criterion that is not met: `高新技术产业营收占比 18.01%，低于 25%
/// 的标准；`, then `remedy` (what it takes).
fn fraction_short_of(
    c: &CompiledCriterion,
    observed: f64,
    cmp: Comparator,
    threshold: &ParamUse,
    remedy: Text,
) -> Text {
    let observed = format::percent_short(observed);
    let standard = threshold.display();
    Text::new(
        format!(
            "{} {observed}，{} {standard} 的标准；{}",
            c.label.zh,
            cmp.words_failed_zh(),
            remedy.zh
        ),
        format!(
            "{} is {observed}, {} the standard of {standard}; {}",
            c.label.en,
            cmp.words_failed_en(),
            remedy.en
        ),
    )
}

fn platforms_trace(
    c: &CompiledCriterion,
    levels: &[PlatformLevel],
    threshold: &ParamUse,
    facts: &ParkFacts,
) -> Trace {
    let count = facts
        .platforms
        .iter()
        .filter(|p| levels.contains(&p.level))
        .count() as f64;
    let state = compare_state(threshold, count);
    let mut t = empty_trace(state, "个", Some(threshold.clone()));
    t.observed = Some(count);
    t.inputs = vec![InputUsed::new("park.platforms", Some(count), 0)];
    let cmp = threshold.comparator.unwrap_or(Comparator::Ge);
    if state == State::Pass {
        t.sentence = Text::new(
            format!(
                "{} {} 个，{} {} 个的标准，达标",
                c.label.zh,
                count,
                cmp.words_zh(),
                format::number(threshold.value)
            ),
            format!(
                "{}: {} (standard: {} {}): met",
                c.label.en,
                count,
                cmp.words_en(),
                format::number(threshold.value)
            ),
        );
    } else {
        let need =
            (threshold.value - count).max(0.0) + if cmp == Comparator::Gt { 1.0 } else { 0.0 };
        t.gap = Some(Gap {
            amount: need,
            unit: "个".into(),
            alternative: None,
            relative: relative_shortfall(threshold.value.max(1.0), count),
        });
        t.sentence = Text::new(
            format!(
                "{} {} 个，{} {} 个的标准；还需建成 {} 个省级以上创新平台",
                c.label.zh,
                count,
                cmp.words_failed_zh(),
                format::number(threshold.value),
                format::number(need)
            ),
            format!(
                "{}: {}, {} the standard of {}; {} more provincial-or-higher platform(s) needed",
                c.label.en,
                count,
                cmp.words_failed_en(),
                format::number(threshold.value),
                format::number(need)
            ),
        );
    }
    t
}

/// The growth series: per year, (numerator, denominator, source) from rows or totals.
fn growth_series(
    i: usize,
    y: i32,
    aggs: &BTreeMap<i32, YearAgg>,
    facts: &ParkFacts,
    numerator: FieldId,
    denominator: FieldId,
) -> BTreeMap<i32, (f64, f64, u32)> {
    let mut series = BTreeMap::new();
    for (&yy, a) in aggs.range(..=y) {
        let r = a.growth[i];
        if r.rows > 0 && r.den > 0.0 {
            series.insert(yy, (r.num, r.den, r.rows));
        }
    }
    // Park totals carry revenue and land only.
    if numerator == FieldId::Revenue && denominator == FieldId::LandArea {
        for (&yy, t) in facts.totals.range(..=y) {
            if let (Some(rev), Some(land)) = (t.revenue, t.land)
                && land > 0.0
            {
                series.entry(yy).or_insert((rev, land, 0));
            }
        }
    }
    series
}

#[allow(clippy::too_many_arguments)] // one criterion's full context; a struct would only rename it
fn growth_trace(
    c: &CompiledCriterion,
    i: usize,
    y: i32,
    aggs: &BTreeMap<i32, YearAgg>,
    facts: &ParkFacts,
    numerator: FieldId,
    denominator: FieldId,
    threshold: &ParamUse,
    tolerance: Option<&ParamUse>,
) -> Trace {
    let series = growth_series(i, y, aggs, facts, numerator, denominator);
    let mut inputs: Vec<InputUsed> = Vec::new();
    for (yy, (num, den, rows)) in &series {
        inputs.push(InputUsed::new(
            format!("{}@{yy}", numerator.id()),
            Some(*num),
            *rows,
        ));
        inputs.push(InputUsed::new(
            format!("{}@{yy}", denominator.id()),
            Some(*den),
            *rows,
        ));
    }
    let first = series.iter().next().map(|(k, v)| (*k, *v));
    let last = series.get(&y).copied();
    let (Some((y0, (n0, d0, _))), Some((ny, dy, _))) = (first, last) else {
        let missing = vec![
            format!("{}@{y}", numerator.id()),
            format!("{}@{y}", denominator.id()),
        ];
        let mut t = not_evaluable(c, Some(threshold.clone()), "fraction", missing, inputs);
        t.params = tolerance.cloned().into_iter().collect();
        return t;
    };
    let (m0, my) = (n0 / d0, ny / dy);
    if y0 == y || m0 <= 0.0 {
        let missing = if y0 == y {
            vec![
                format!("{}@{}", numerator.id(), y.saturating_sub(1)),
                format!("{}@{}", denominator.id(), y.saturating_sub(1)),
            ]
        } else {
            vec![format!("{}@{y0}", numerator.id())]
        };
        let mut t = not_evaluable(c, Some(threshold.clone()), "fraction", missing, inputs);
        t.params = tolerance.cloned().into_iter().collect();
        t.sentence = Text::new(
            format!(
                "{}：无法评价，需要至少两个年度的亩均数据（目前最早 {y0} 年）",
                c.label.zh
            ),
            format!(
                "{}: cannot evaluate, needs per-mu figures for at least two years (earliest: {y0})",
                c.label.en
            ),
        );
        return t;
    }
    let years = f64::from(y) - f64::from(y0);
    let observed = if my <= 0.0 {
        -1.0
    } else {
        (my / m0).powf(1.0 / years) - 1.0
    };
    let cmp = threshold.comparator.unwrap_or(Comparator::Ge);
    let mut state = compare_state(threshold, observed);
    if state == State::Fail
        && let Some(tol) = tolerance
        && holds(cmp, observed, threshold.value - tol.value)
    {
        state = State::Near;
    }
    let mut t = empty_trace(state, "fraction", Some(threshold.clone()));
    t.observed = Some(observed);
    t.inputs = inputs;
    t.params = tolerance.cloned().into_iter().collect();
    let span = format!("{y0}–{y}");
    if state == State::Pass {
        t.sentence = Text::new(
            format!(
                "{} {}（{span}，{} → {} 万元/亩），{} {} 的标准，达标",
                c.label.zh,
                format::percent_short(observed),
                format::number(m0),
                format::number(my),
                cmp.words_zh(),
                threshold.display()
            ),
            format!(
                "{} is {} ({span}, {} → {} 10k yuan/mu; standard: {} {}): met",
                c.label.en,
                format::percent_short(observed),
                format::number(m0),
                format::number(my),
                cmp.words_en(),
                threshold.display()
            ),
        );
    } else {
        let needed_m = m0 * (1.0 + threshold.value).powf(years);
        let extra_revenue = ((needed_m - my) * dy).max(0.0);
        t.gap = Some(Gap {
            amount: extra_revenue,
            unit: "万元".into(),
            alternative: Some(needed_m),
            relative: relative_shortfall(threshold.value, observed),
        });
        let near_zh = if state == State::Near {
            "，在“左右”容差内，接近"
        } else {
            ""
        };
        let near_en = if state == State::Near {
            ", within the tolerance for \"about\": near"
        } else {
            ""
        };
        t.sentence = Text::new(
            format!(
                "{} {}（{span}），{} {} 的标准{near_zh}；{y} 年亩均营收需达到 {} 万元/亩（现为 {}），相当于增加营收约 {}",
                c.label.zh,
                format::percent_short(observed),
                cmp.words_failed_zh(),
                threshold.display(),
                format::number(needed_m),
                format::number(my),
                format::money_wan_short(extra_revenue, Lang::Zh)
            ),
            format!(
                "{} is {} ({span}), {} the standard of {}{near_en}; revenue per mu in {y} would need to be {} 10k yuan/mu (now {}), about {} more revenue",
                c.label.en,
                format::percent_short(observed),
                cmp.words_failed_en(),
                threshold.display(),
                format::number(needed_m),
                format::number(my),
                format::money_wan_short(extra_revenue, Lang::En)
            ),
        );
    }
    t
}

fn multistorey_trace(c: &CompiledCriterion, threshold: &ParamUse, facts: &ParkFacts) -> Trace {
    let inputs = vec![
        InputUsed::new("park.new_factory_area", facts.new_factory_area, 0),
        InputUsed::new("park.new_multistorey_area", facts.new_multistorey_area, 0),
    ];
    let Some(total) = facts.new_factory_area else {
        return not_evaluable(
            c,
            Some(threshold.clone()),
            "fraction",
            vec!["park.new_factory_area".into()],
            inputs,
        );
    };
    if total <= 0.0 {
        let mut t = empty_trace(State::NotApplicable, "fraction", Some(threshold.clone()));
        t.inputs = inputs;
        t.sentence = Text::new(
            format!("{}：无新建标准化厂房，不适用", c.label.zh),
            format!("{}: no new standard factories, not applicable", c.label.en),
        );
        return t;
    }
    let Some(part) = facts.new_multistorey_area else {
        return not_evaluable(
            c,
            Some(threshold.clone()),
            "fraction",
            vec!["park.new_multistorey_area".into()],
            inputs,
        );
    };
    let observed = part / total;
    let state = compare_state(threshold, observed);
    let cmp = threshold.comparator.unwrap_or(Comparator::Ge);
    let mut t = empty_trace(state, "fraction", Some(threshold.clone()));
    t.observed = Some(observed);
    t.inputs = inputs;
    if state == State::Pass {
        t.sentence = fraction_met(c, observed, cmp, threshold, &Text::default());
    } else {
        let (extra, shrink) = share_gap(threshold.value, part, total);
        t.gap = Some(Gap {
            amount: extra,
            unit: "平方米".into(),
            alternative: shrink,
            relative: relative_shortfall(threshold.value, observed),
        });
        let shrink_zh = shrink
            .map(|s| format!("（或单层厂房减少约 {} 平方米）", format::number(s)))
            .unwrap_or_default();
        let shrink_en = shrink
            .map(|s| {
                format!(
                    " (or about {} m² less single-storey space)",
                    format::number(s)
                )
            })
            .unwrap_or_default();
        t.sentence = fraction_short_of(
            c,
            observed,
            cmp,
            threshold,
            Text::new(
                format!(
                    "还需新增多层标准化厂房约 {} 平方米{shrink_zh}",
                    format::number(extra)
                ),
                format!(
                    "about {} m² more multi-storey factory space needed{shrink_en}",
                    format::number(extra)
                ),
            ),
        );
    }
    t
}

#[allow(clippy::too_many_arguments)] // the checklist's own parameters, each optional
fn checklist_trace(
    c: &CompiledCriterion,
    required: &[ChecklistItem],
    any_of: &[ChecklistItem],
    min_any: Option<&ParamUse>,
    key_min: Option<&ParamUse>,
    key_max: Option<&ParamUse>,
    window: Option<&ParamUse>,
    facts: &ParkFacts,
) -> Trace {
    let checklist = &facts.checklist;
    let mut missing: Vec<String> = Vec::new();
    let mut unmet_zh: Vec<String> = Vec::new();
    let mut unmet_en: Vec<String> = Vec::new();
    let mut inputs = Vec::new();
    let mut definite_fail = false;
    let mut shortfall = 0.0;
    let mut considered = 0.0;
    for item in required {
        let answer = item.answer(checklist);
        inputs.push(InputUsed::new(
            format!("park.{}", item.id()),
            answer.map(|b| f64::from(u8::from(b))),
            0,
        ));
        considered += 1.0;
        match answer {
            Some(true) => {}
            Some(false) => {
                definite_fail = true;
                shortfall += 1.0;
                unmet_zh.push(format!("未满足{}", quote_zh(item.label_zh())));
                unmet_en.push(format!("“{}” not met", item.label_en()));
            }
            None => missing.push(format!("park.{}", item.id())),
        }
    }
    let mut observed = None;
    let mut threshold = None;
    if let Some(min) = min_any {
        let yes = any_of
            .iter()
            .filter(|i| i.answer(checklist) == Some(true))
            .count() as f64;
        let unknown: Vec<&ChecklistItem> = any_of
            .iter()
            .filter(|i| i.answer(checklist).is_none())
            .collect();
        for item in any_of {
            inputs.push(InputUsed::new(
                format!("park.{}", item.id()),
                item.answer(checklist).map(|b| f64::from(u8::from(b))),
                0,
            ));
        }
        considered += min.value;
        observed = Some(yes);
        threshold = Some(min.clone());
        if yes < min.value {
            if yes + unknown.len() as f64 >= min.value {
                missing.extend(unknown.iter().map(|i| format!("park.{}", i.id())));
            } else {
                definite_fail = true;
                shortfall += min.value - yes;
                unmet_zh.push(format!(
                    "服务项目仅 {yes} 项（需至少 {} 项）",
                    format::number(min.value)
                ));
                unmet_en.push(format!(
                    "only {yes} services (at least {} needed)",
                    format::number(min.value)
                ));
            }
        }
    }
    if key_min.is_some() || key_max.is_some() {
        let count = facts
            .key_fields
            .iter()
            .filter(|f| !f.trim().is_empty())
            .count() as f64;
        inputs.push(InputUsed::new("park.key_fields", Some(count), 0));
        if observed.is_none() {
            observed = Some(count);
            threshold = key_min.cloned();
        }
        considered += 1.0;
        if count == 0.0 {
            missing.push("park.key_fields".into());
        } else {
            let lo = key_min.map_or(0.0, |p| p.value);
            let hi = key_max.map_or(f64::INFINITY, |p| p.value);
            if count < lo || count > hi {
                definite_fail = true;
                shortfall += if count < lo { lo - count } else { count - hi };
                unmet_zh.push(format!(
                    "重点发展领域 {count} 个（应为 {}–{} 个）",
                    format::number(lo),
                    format::number(hi)
                ));
                unmet_en.push(format!(
                    "{count} key field(s) ({}–{} required)",
                    format::number(lo),
                    format::number(hi)
                ));
            }
        }
    }
    if observed.is_none() {
        observed = Some(
            required
                .iter()
                .filter(|i| i.answer(checklist) == Some(true))
                .count() as f64,
        );
    }
    let params: Vec<ParamUse> = [min_any, key_min, key_max, window]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let window_zh = window
        .map(|w| format!("（近 {} 年）", format::number(w.value)))
        .unwrap_or_default();
    let window_en = window
        .map(|w| format!(" (last {} years)", format::number(w.value)))
        .unwrap_or_default();
    let state = if definite_fail {
        State::Fail
    } else if !missing.is_empty() {
        State::NotEvaluable
    } else {
        State::Pass
    };
    let mut t = empty_trace(state, "项", threshold);
    t.observed = observed;
    t.inputs = inputs;
    t.params = params;
    match state {
        State::Pass => {
            t.sentence = Text::new(
                format!("{}{window_zh}：自评声明均已满足，达标", c.label.zh),
                format!("{}{window_en}: all declared, met", c.label.en),
            );
        }
        State::Fail => {
            t.gap = Some(Gap {
                amount: shortfall,
                unit: "项".into(),
                alternative: None,
                relative: if considered > 0.0 {
                    shortfall / considered
                } else {
                    1.0
                },
            });
            t.sentence = Text::new(
                format!("{}{window_zh}：{}", c.label.zh, unmet_zh.join("；")),
                format!("{}{window_en}: {}", c.label.en, unmet_en.join("; ")),
            );
        }
        _ => {
            let (zh, en) = input_labels(&missing);
            t.sentence = Text::new(
                format!("{}：无法评价，尚未填写{}", c.label.zh, zh.join("、")),
                format!(
                    "{}: cannot evaluate, not yet answered: {}",
                    c.label.en,
                    en.join("; ")
                ),
            );
        }
    }
    t.missing = missing;
    t
}

fn overall(criteria: &[CriterionResult]) -> Overall {
    let mut short: Vec<&CriterionResult> = criteria
        .iter()
        .filter(|c| matches!(c.state(), State::Fail | State::Near))
        .collect();
    short.sort_by(|a, b| {
        let ra = a.trace.gap.as_ref().map_or(0.0, |g| g.relative);
        let rb = b.trace.gap.as_ref().map_or(0.0, |g| g.relative);
        let fail = |c: &CriterionResult| c.state() == State::Fail;
        fail(b).cmp(&fail(a)).then(rb.total_cmp(&ra))
    });
    let unknown: Vec<&CriterionResult> = criteria
        .iter()
        .filter(|c| c.state() == State::NotEvaluable)
        .collect();
    let state = if !short.is_empty() {
        OverallState::NotMet
    } else if !unknown.is_empty() {
        OverallState::NotEvaluable
    } else {
        OverallState::Met
    };
    let gaps: Vec<String> = short
        .iter()
        .chain(unknown.iter())
        .map(|c| c.id.clone())
        .collect();
    let list_zh: Vec<String> = short
        .iter()
        .chain(unknown.iter())
        .map(|c| format!("{} {}（{}）", c.id, c.label.zh, c.state().label_zh()))
        .collect();
    let list_en: Vec<String> = short
        .iter()
        .chain(unknown.iter())
        .map(|c| format!("{} {} ({})", c.id, c.label.en, c.state().label_en()))
        .collect();
    let sentence = match state {
        OverallState::Met => Text::new("达到创建标准", "Meets the creation standards"),
        OverallState::NotMet => Text::new(
            format!("未达到创建标准，差距依次为：{}", list_zh.join("；")),
            format!(
                "Does not meet the creation standards; gaps, largest first: {}",
                list_en.join("; ")
            ),
        ),
        OverallState::NotEvaluable => Text::new(
            format!("尚无法判断是否达到创建标准：{}", list_zh.join("；")),
            format!(
                "Cannot yet tell whether the standards are met: {}",
                list_en.join("; ")
            ),
        ),
    };
    Overall {
        state,
        gaps,
        sentence,
    }
}

/// The 预警 flag of year `yy`: declared flags win for earlier years; Y and years without a
/// declaration are computed from that year's data (park facts such as platforms are current).
fn year_warning(
    rules: &ParkRules,
    yy: i32,
    y: i32,
    criteria_y: &[CriterionResult],
    aggs: &BTreeMap<i32, YearAgg>,
    facts: &ParkFacts,
) -> (Option<bool>, WarningSource, Vec<String>) {
    if yy < y
        && let Some(flag) = facts.warnings.get(&yy)
    {
        return (Some(*flag), WarningSource::Declared, Vec::new());
    }
    let has_data = aggs.get(&yy).is_some_and(|a| a.rows > 0) || facts.totals.contains_key(&yy);
    if !has_data {
        return (None, WarningSource::Unknown, Vec::new());
    }
    let results: Vec<CriterionResult> = if yy == y {
        criteria_y
            .iter()
            .filter(|c| c.annual_warning)
            .cloned()
            .collect()
    } else {
        rules
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.annual_warning)
            .map(|(i, c)| evaluate_criterion(c, i, Some(yy), aggs, facts))
            .collect()
    };
    let failing: Vec<String> = results
        .iter()
        .filter(|c| c.state() == State::Fail)
        .map(|c| c.id.clone())
        .collect();
    if !failing.is_empty() {
        (Some(true), WarningSource::Computed, failing)
    } else if results.iter().any(|c| c.state() == State::NotEvaluable) {
        (None, WarningSource::Computed, failing)
    } else {
        (Some(false), WarningSource::Computed, failing)
    }
}

/// Display helper shared with the text report: the observed value of a trace in its unit.
pub(crate) fn observed_display(t: &Trace) -> String {
    t.observed
        .map(|v| format::in_unit(v, &t.unit, Lang::Zh))
        .unwrap_or_else(|| "—".to_string())
}
