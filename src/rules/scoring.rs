//! 亩均论英雄 enterprise evaluation for year Y (pack kind `mujun`, DOMAIN §2.2): scope, exempt
//! and veto, indicator values, benchmarks, item and total scores, ranking, classes A/B/C/T, the
//! access threshold and (through `history`) the exit status, and each enterprise's distance to
//! the next class.
//!
//! Hot path: one pass to compute values into a flat cell matrix (no per-row allocation besides
//! the result's name), O(N log N) ranking. Sentences are built on demand, not per row. Must not
//! depend on ingest, ui or the park evaluator.

use std::cmp::Ordering;

use serde::Serialize;

use super::compare::{Comparator, ceil_share, floor_share, holds};
use super::compile::{BenchmarkMethod, CompiledIndicator, MissingPolicy, MujunRules};
use super::history::{BelowHistory, ExitStatus, status_for_run};
use super::pack::{IndicatorGroup, Provenance};
use super::trace::{Gap, InputUsed, ParamUse, State, Trace};
use crate::dataset::{Dataset, EnterpriseRecord, FieldId, RowSource};
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::format;
use crate::i18n::Lang;

/// The enterprise evaluation of year Y.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MujunEvaluation {
    /// Enabled indicators with their benchmarks, in pack order.
    pub indicators: Vec<IndicatorSummary>,
    /// Every enterprise row of year Y, in file order.
    pub rows: Vec<EnterpriseResult>,
    /// Row indices of the evaluated rows by rank (rank 1 first).
    pub ranking: Vec<usize>,
    /// N: rows in scope and not exempt.
    pub evaluated: usize,
    pub counts: ClassCounts,
    /// Whether any scope column (`above_scale`, `new_project`) was present in the source.
    pub scope_columns_present: bool,
    /// The parameters that shaped the result, for the "why" panel.
    pub params: Vec<ParamUse>,
    pub access: ParamUse,
    /// rows.len() × indicators.len(), row-major; read through [`MujunEvaluation::cells`].
    cells: Vec<Cell>,
    /// The item score cap as a multiple of the weight (an item scores at most weight × cap).
    #[serde(skip)]
    item_cap: f64,
}

/// One enabled indicator and its benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSummary {
    pub id: String,
    pub label: Text,
    pub unit: String,
    pub numerator: FieldId,
    pub denominator: FieldId,
    pub weight: f64,
    pub group: IndicatorGroup,
    pub provenance: Provenance,
    pub clause: String,
    pub benchmark_method: BenchmarkMethod,
    /// `None` when no evaluated row had a value (and the method is not fixed).
    pub benchmark: Option<f64>,
    /// Evaluated rows with a value.
    pub rows_with_value: u32,
    /// Whether the benchmark is usable (> 0); otherwise the item scores 0 for every row.
    pub benchmark_usable: bool,
}

/// One enterprise × indicator: inputs, value and item score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Cell {
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// `None` when an input is missing or the denominator ≤ 0.
    pub value: Option<f64>,
    pub score: f64,
}

/// 亩均 class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Class {
    A,
    B,
    C,
    /// 免评 (exempt).
    T,
}

impl Class {
    pub fn id(self) -> &'static str {
        match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
            Class::T => "T",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    pub a: usize,
    pub b: usize,
    pub c: usize,
    pub t: usize,
    pub vetoed: usize,
    pub out_of_scope: usize,
}

/// One enterprise row of year Y.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseResult {
    pub name: String,
    pub credit_code: Option<String>,
    pub source: Option<RowSource>,
    pub in_scope: bool,
    pub exempt: bool,
    pub vetoed: bool,
    pub veto_note: Option<String>,
    /// `None` when out of scope.
    pub class: Option<Class>,
    /// Total score (unrounded); `None` unless evaluated.
    pub score: Option<f64>,
    /// 1-based rank among evaluated rows.
    pub rank: Option<u32>,
    pub land_area: Option<f64>,
    /// The access indicator's value (亩均税收 by default).
    pub access_value: Option<f64>,
    /// 未达准入门槛 in Y; `None` unless evaluated.
    pub below_threshold: Option<bool>,
    /// Consecutive years below, ending at Y.
    pub run_length: u32,
    /// `None` when out of scope.
    pub exit: Option<ExitStatus>,
    /// What it takes to reach the next class.
    pub next: Option<NextClass>,
}

/// The distance to the next class, holding the benchmarks and the other rows fixed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextClass {
    pub target: Class,
    /// The score of the last row currently in the target class (to be exceeded).
    pub boundary_score: f64,
    /// Points needed to reach the boundary.
    pub needed_points: f64,
    /// The smallest single-indicator change (by relative change) that reaches it, if any.
    pub lever: Option<Lever>,
}

/// One indicator moved from `from` to `to` (indicator units).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lever {
    /// Index into [`MujunEvaluation::indicators`].
    pub indicator: usize,
    pub from: Option<f64>,
    pub to: f64,
}

impl MujunEvaluation {
    /// The cells of row `row` (one per indicator).
    pub fn cells(&self, row: usize) -> &[Cell] {
        let k = self.indicators.len();
        self.cells.get(row * k..(row + 1) * k).unwrap_or(&[])
    }

    /// The trace of one enterprise item: the value against the benchmark (达标 at or above it).
    pub fn item_trace(&self, row: usize, indicator: usize) -> Option<Trace> {
        let ind = self.indicators.get(indicator)?;
        let result = self.rows.get(row)?;
        let cell = *self.cells(row).get(indicator)?;
        let threshold = ind.benchmark.map(|b| ParamUse {
            key: format!("benchmark.{}", ind.id),
            value: b,
            comparator: Some(Comparator::Ge),
            unit: ind.unit.clone(),
            provenance: Provenance::Local,
            clause: format!("{:?}", ind.benchmark_method).to_lowercase(),
            overridden: false,
        });
        let inputs = vec![
            InputUsed::new(ind.numerator.id(), cell.numerator, 1),
            InputUsed::new(ind.denominator.id(), cell.denominator, 1),
        ];
        let mut missing = Vec::new();
        if cell.numerator.is_none() {
            missing.push(ind.numerator.id().to_string());
        }
        if cell.denominator.is_none_or(|d| d <= 0.0) {
            missing.push(ind.denominator.id().to_string());
        }
        let evaluated = result.score.is_some();
        let (state, gap) = match (
            evaluated,
            cell.value,
            ind.benchmark.filter(|_| ind.benchmark_usable),
        ) {
            (false, _, _) => (State::NotApplicable, None),
            (true, None, _) => (State::NotEvaluable, None),
            (true, Some(_), None) => (State::NotApplicable, None),
            (true, Some(v), Some(b)) if holds(Comparator::Ge, v, b) => (State::Pass, None),
            (true, Some(v), Some(b)) => (
                State::Fail,
                Some(Gap {
                    amount: b - v,
                    unit: ind.unit.clone(),
                    alternative: None,
                    relative: (b - v) / b,
                }),
            ),
        };
        let shown = |v: Option<f64>, lang: Lang| {
            v.map(|v| format::in_unit(v, &ind.unit, lang))
                .unwrap_or_else(|| "—".into())
        };
        // An item scores up to weight × cap (40 for weight 20 and cap 2), not up to the weight.
        let max = ind.weight * self.item_cap;
        let sentence = Text::new(
            format!(
                "{}：{}（基准 {}），得分 {} / {}",
                ind.label.zh,
                shown(cell.value, Lang::Zh),
                shown(ind.benchmark, Lang::Zh),
                format::number(cell.score),
                format::number(max)
            ),
            format!(
                "{}: {} (benchmark {}), {} of {} points",
                ind.label.en,
                shown(cell.value, Lang::En),
                shown(ind.benchmark, Lang::En),
                format::number(cell.score),
                format::number(max)
            ),
        );
        Some(Trace {
            state,
            observed: cell.value,
            unit: ind.unit.clone(),
            threshold,
            params: self.params.clone(),
            gap,
            inputs,
            missing: if state == State::NotEvaluable {
                missing
            } else {
                Vec::new()
            },
            sentence,
        })
    }

    /// The trace of the access threshold for one row.
    pub fn access_trace(&self, row: usize) -> Option<Trace> {
        let r = self.rows.get(row)?;
        let state = match r.below_threshold {
            None => State::NotApplicable,
            Some(false) => State::Pass,
            Some(true) if r.access_value.is_none() => State::NotEvaluable,
            Some(true) => State::Fail,
        };
        let unit = self.access.unit.clone();
        let gap = match (state, r.access_value, r.land_area) {
            (State::Fail, Some(v), Some(land)) => Some(Gap {
                amount: (self.access.value - v) * land,
                unit: "万元".into(),
                alternative: None,
                relative: if self.access.value > 0.0 {
                    (self.access.value - v) / self.access.value
                } else {
                    1.0
                },
            }),
            _ => None,
        };
        let status = r
            .exit
            .map(|e| (e.label_zh(), e.label_en()))
            .unwrap_or(("未纳入亩均评价", "not evaluated"));
        let cmp = self.access.comparator.unwrap_or(Comparator::Ge);
        let run = r.run_length;
        let sentence_in = |lang: Lang| {
            let threshold = self.access.display_in(lang);
            let value = r.access_value.map(|v| format::in_unit(v, &unit, lang));
            let zh = lang == Lang::Zh;
            let status = if zh { status.0 } else { status.1 };
            match (state, value, zh) {
                (State::Pass, Some(v), true) => {
                    format!("{v}，{} {threshold} 的准入门槛；{status}", cmp.words_zh())
                }
                (State::Pass, Some(v), false) => {
                    format!(
                        "{v} (access threshold: {} {threshold}); {status}",
                        cmp.words_en()
                    )
                }
                (State::Fail, Some(v), true) => format!(
                    "{v}，{} {threshold} 的准入门槛，连续 {run} 年未达；{status}",
                    cmp.words_failed_zh()
                ),
                (State::Fail, Some(v), false) => format!(
                    "{v}, {} the access threshold of {threshold}, {run} consecutive year(s) below; {status}",
                    cmp.words_failed_en()
                ),
                (State::NotEvaluable, _, true) => format!(
                    "数据缺失，按未达 {threshold} 的准入门槛处理，连续 {run} 年未达；{status}"
                ),
                (State::NotEvaluable, _, false) => format!(
                    "missing, counted as below the access threshold of {threshold}, {run} consecutive year(s) below; {status}"
                ),
                (_, _, true) => format!("准入门槛 {threshold}：{status}"),
                (_, _, false) => format!("access threshold {threshold}: {status}"),
            }
        };
        let sentence = Text::new(sentence_in(Lang::Zh), sentence_in(Lang::En));
        Some(Trace {
            state,
            observed: r.access_value,
            unit,
            threshold: Some(self.access.clone()),
            params: Vec::new(),
            gap,
            inputs: vec![InputUsed::new("land_area", r.land_area, 1)],
            missing: Vec::new(),
            sentence,
        })
    }

    /// The next-class sentence of one row, built on demand.
    pub fn next_class_sentence(&self, row: usize) -> Option<Text> {
        let r = self.rows.get(row)?;
        let next = r.next.as_ref()?;
        let score = r.score?;
        let lever = next
            .lever
            .and_then(|l| self.indicators.get(l.indicator).map(|ind| (l, ind)));
        let (lever_zh, lever_en) = match lever {
            Some((l, ind)) => (
                format!(
                    "；单项最小改变：{}从 {} 提高到 {}",
                    ind.label.zh,
                    l.from
                        .map(|v| format::in_unit(v, &ind.unit, Lang::Zh))
                        .unwrap_or_else(|| "缺失".into()),
                    format::in_unit(l.to, &ind.unit, Lang::Zh)
                ),
                format!(
                    "; smallest single change: {} from {} to {}",
                    ind.label.en,
                    l.from
                        .map(|v| format::in_unit(v, &ind.unit, Lang::En))
                        .unwrap_or_else(|| "missing".into()),
                    format::in_unit(l.to, &ind.unit, Lang::En)
                ),
            ),
            None => (
                "；任何单项指标都无法单独达到".into(),
                "; no single indicator can reach it alone".into(),
            ),
        };
        Some(Text::new(
            format!(
                "得分 {}，进入 {} 类需超过 {}（至少提高 {} 分）{lever_zh}",
                format::number(score),
                next.target.id(),
                format::number(next.boundary_score),
                format::number(next.needed_points)
            ),
            format!(
                "score {}; class {} needs more than {} (at least {} points more){lever_en}",
                format::number(score),
                next.target.id(),
                format::number(next.boundary_score),
                format::number(next.needed_points)
            ),
        ))
    }
}

/// Evaluates the 亩均 rules for `year`; without a year no row is evaluated.
pub(crate) fn evaluate_mujun(
    rules: &MujunRules,
    dataset: &Dataset,
    year: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) -> MujunEvaluation {
    let present: Vec<FieldId> = rules
        .scope_fields
        .iter()
        .copied()
        .filter(|f| dataset.has_field(*f))
        .collect();
    let scope_columns_present = !present.is_empty();
    if !scope_columns_present {
        let names: Vec<&str> = rules.scope_fields.iter().map(|f| f.label_zh()).collect();
        diags.push(Diagnostic::warning(
            "mujun.scope_columns_absent",
            Location::none(),
            Text::new(
                format!("数据中没有“{}”列，全部企业均按参评处理", names.join("”“")),
                format!(
                    "no {} column: every enterprise is evaluated",
                    rules
                        .scope_fields
                        .iter()
                        .map(|f| f.id())
                        .collect::<Vec<_>>()
                        .join("/")
                ),
            ),
        ));
    }
    let k = rules.indicators.len();
    // Year Y's rows, and the earlier years' "below threshold" marks.
    let access_ind = &rules.indicators[rules.access_indicator];
    let mut history: Option<BelowHistory> = None;
    let mut year_rows: Vec<&EnterpriseRecord> = Vec::new();
    if let Some(y) = year {
        // One pass: rows usually come as a few years of similar size, so reserve for about a
        // third of them (both grow if not).
        let expected = dataset.enterprises.len() / 3;
        year_rows.reserve(expected);
        let history = history.insert(BelowHistory::with_capacity(y, expected));
        for r in &dataset.enterprises {
            if r.year == y {
                year_rows.push(r);
            } else if r.year < y
                && in_scope(r, &present) == Some(true)
                && !r.is_exempt()
                && is_below(compute_cell(r, access_ind).value, &rules.access)
            {
                history.record_below(r);
            }
        }
    }
    let n_rows = year_rows.len();
    let mut rows: Vec<EnterpriseResult> = Vec::with_capacity(n_rows);
    let mut cells: Vec<Cell> = vec![Cell::default(); n_rows * k];
    let mut evaluated_idx: Vec<usize> = Vec::with_capacity(n_rows);
    let mut counts = ClassCounts::default();
    // Per indicator, over evaluated rows with a value: Σ numerator, Σ denominator, count, and the
    // values themselves when the benchmark is the median.
    let median = rules.benchmark == BenchmarkMethod::Median;
    let mut sums: Vec<(f64, f64, u32)> = vec![(0.0, 0.0, 0); k];
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); if median { k } else { 0 }];

    for (i, row) in year_rows.iter().enumerate() {
        let scope = in_scope(row, &present);
        if scope.is_none() {
            diags.push(row_diag(
                row,
                "mujun.scope_unknown",
                Text::new(
                    format!("“{}”未注明是否规上/新落户项目，未纳入亩均评价", row.name),
                    format!(
                        "\"{}\" states neither above-scale nor new project; not evaluated",
                        row.name
                    ),
                ),
            ));
        }
        let in_scope = scope == Some(true);
        let exempt = in_scope && row.is_exempt();
        let evaluated = in_scope && !exempt;
        let mut missing_labels: Vec<&str> = Vec::new();
        if evaluated {
            for (j, ind) in rules.indicators.iter().enumerate() {
                let cell = compute_cell(row, ind);
                if let (Some(v), Some(a), Some(b)) = (cell.value, cell.numerator, cell.denominator)
                {
                    let sum = &mut sums[j];
                    sum.0 += a;
                    sum.1 += b;
                    sum.2 += 1;
                    if median {
                        values[j].push(v);
                    }
                } else {
                    missing_labels.push(&ind.label.zh);
                }
                cells[i * k + j] = cell;
            }
            evaluated_idx.push(i);
        }
        if !missing_labels.is_empty() {
            diags.push(row_diag(
                row,
                "mujun.missing_value",
                Text::new(
                    format!("“{}”的 {} 无法计算（数据缺失或分母不大于 0）", row.name, missing_labels.join("、")),
                    format!("\"{}\": {} indicator(s) cannot be computed (missing input or denominator ≤ 0)", row.name, missing_labels.len()),
                ),
            ));
        }
        let access_value = if evaluated {
            cells[i * k + rules.access_indicator].value
        } else {
            None
        };
        let below = evaluated.then(|| is_below(access_value, &rules.access));
        if !in_scope {
            counts.out_of_scope += 1;
        }
        if exempt {
            counts.t += 1;
        }
        rows.push(EnterpriseResult {
            name: row.name.clone(),
            credit_code: row.credit_code.clone(),
            source: row.source.clone(),
            in_scope,
            exempt,
            vetoed: evaluated && row.is_vetoed(),
            veto_note: row.veto.as_ref().and_then(|f| f.note.clone()),
            class: exempt.then_some(Class::T),
            score: None,
            rank: None,
            land_area: row.land_area,
            access_value,
            below_threshold: below,
            run_length: 0,
            exit: exempt.then_some(ExitStatus::Exempt),
            next: None,
        });
    }

    // Benchmarks.
    let mut indicators = Vec::with_capacity(k);
    for (j, ind) in rules.indicators.iter().enumerate() {
        let (num, den, n) = sums[j];
        let benchmark = match rules.benchmark {
            BenchmarkMethod::Aggregate => (n > 0 && den > 0.0).then(|| num / den),
            BenchmarkMethod::Median => median_of(&mut values[j]),
            BenchmarkMethod::Fixed => ind.fixed_benchmark,
        };
        let usable = benchmark.is_some_and(|b| b > 0.0 && b.is_finite());
        if !usable && !evaluated_idx.is_empty() {
            diags.push(Diagnostic::warning(
                "mujun.benchmark_not_positive",
                Location::none(),
                Text::new(
                    format!("{}的基准值为 {}，不大于 0，该项所有企业得 0 分", ind.label.zh, benchmark.map_or("—".to_string(), format::number)),
                    format!("the benchmark of {} is {}, not above 0: the item scores 0 for every enterprise", ind.label.en, benchmark.map_or("—".to_string(), format::number)),
                ),
            ));
        }
        indicators.push(IndicatorSummary {
            id: ind.id.clone(),
            label: ind.label.clone(),
            unit: ind.unit.clone(),
            numerator: ind.numerator,
            denominator: ind.denominator,
            weight: ind.weight,
            group: ind.group,
            provenance: ind.provenance,
            clause: ind.clause.clone(),
            benchmark_method: rules.benchmark,
            benchmark,
            rows_with_value: n,
            benchmark_usable: usable,
        });
    }

    // Item scores, row by row (each row's cells are contiguous).
    let cap = rules.score_cap.value;
    let mut score_sums: Vec<(f64, u32)> = vec![(0.0, 0); k];
    for &i in &evaluated_idx {
        for (j, (c, ind)) in cells[i * k..(i + 1) * k]
            .iter_mut()
            .zip(&rules.indicators)
            .enumerate()
        {
            let summary = &indicators[j];
            c.score = match (c.value, summary.benchmark) {
                (Some(v), Some(b)) if summary.benchmark_usable => {
                    let s = ind.weight * (v / b).clamp(0.0, cap);
                    score_sums[j].0 += s;
                    score_sums[j].1 += 1;
                    s
                }
                _ => 0.0,
            };
        }
    }
    // Missing values score the indicator's average when the pack says so.
    let fill: Vec<Option<f64>> = (0..k)
        .map(|j| {
            let (sum, scored) = score_sums[j];
            (rules.missing == MissingPolicy::Average
                && indicators[j].benchmark_usable
                && scored > 0)
                .then(|| sum / f64::from(scored))
        })
        .collect();

    // Totals.
    let factor = rules.score_scale.value / rules.total_weight;
    let any_fill = fill.iter().any(Option::is_some);
    for &i in &evaluated_idx {
        let row_cells = &mut cells[i * k..(i + 1) * k];
        if any_fill {
            for (c, avg) in row_cells.iter_mut().zip(&fill) {
                if let (None, Some(avg)) = (c.value, avg) {
                    c.score = *avg;
                }
            }
        }
        let total: f64 = row_cells.iter().map(|c| c.score).sum::<f64>() * factor;
        rows[i].score = Some(total);
    }

    // Ranking: total desc; tie indicator desc (missing last); credit_code; name.
    // Sorted on integer keys that order like `f64::total_cmp` (ascending key = rank order); the
    // strings are only read to break exact ties.
    let tie = rules.tie_indicator;
    let mut keys: Vec<RankKey> = evaluated_idx
        .iter()
        .map(|&i| RankKey {
            score: !total_order_key(rows[i].score.unwrap_or(f64::NEG_INFINITY)),
            tie: match cells[i * k + tie].value {
                Some(v) => (false, !total_order_key(v)),
                None => (true, 0),
            },
            row: i,
        })
        .collect();
    keys.sort_unstable_by(|a, b| {
        (a.score, a.tie).cmp(&(b.score, b.tie)).then_with(|| {
            let (ra, rb) = (year_rows[a.row], year_rows[b.row]);
            none_last(ra.credit_code.as_deref(), rb.credit_code.as_deref())
                .then_with(|| ra.name.cmp(&rb.name))
                .then_with(|| a.row.cmp(&b.row))
        })
    });
    let ranking: Vec<usize> = keys.into_iter().map(|key| key.row).collect();
    for (pos, &i) in ranking.iter().enumerate() {
        rows[i].rank = Some(pos as u32 + 1);
    }

    // Classes.
    let n = ranking.len();
    let a_quota = floor_share(rules.a_max_share.value, n);
    let c_quota = ceil_share(rules.c_min_share.value, n);
    let mut a_left = a_quota;
    for &i in &ranking {
        if rows[i].vetoed {
            rows[i].class = Some(Class::C);
            counts.vetoed += 1;
        } else if a_left > 0 {
            rows[i].class = Some(Class::A);
            a_left -= 1;
        }
    }
    let mut c_count = counts.vetoed;
    for &i in ranking.iter().rev() {
        if c_count >= c_quota {
            break;
        }
        if rows[i].class.is_none() {
            rows[i].class = Some(Class::C);
            c_count += 1;
        }
    }
    for &i in &ranking {
        match rows[i].class {
            None => {
                rows[i].class = Some(Class::B);
                counts.b += 1;
            }
            Some(Class::A) => counts.a += 1,
            Some(Class::C) => counts.c += 1,
            Some(Class::B | Class::T) => {}
        }
    }

    // Next class: the boundary is the last row of the target class.
    let last_score_of = |class: Class| {
        ranking
            .iter()
            .rev()
            .find(|&&i| rows[i].class == Some(class))
            .and_then(|&i| rows[i].score)
    };
    let boundary_a = last_score_of(Class::A);
    let boundary_b = last_score_of(Class::B);
    for &i in &ranking {
        let target = match rows[i].class {
            Some(Class::B) if !rows[i].vetoed => boundary_a.map(|b| (Class::A, b)),
            Some(Class::C) if !rows[i].vetoed => boundary_b.or(boundary_a).map(|b| {
                (
                    if boundary_b.is_some() {
                        Class::B
                    } else {
                        Class::A
                    },
                    b,
                )
            }),
            _ => None,
        };
        if let (Some((target, boundary)), Some(score)) = (target, rows[i].score) {
            let needed = (boundary - score).max(0.0);
            let lever = cheapest_lever(
                &cells[i * k..(i + 1) * k],
                &indicators,
                rules,
                needed / factor,
            );
            rows[i].next = Some(NextClass {
                target,
                boundary_score: boundary,
                needed_points: needed,
                lever,
            });
        }
    }

    // Exit mechanism across years (rows exist only when there is a year).
    for (i, row) in year_rows.iter().enumerate() {
        let Some(history) = &history else { break };
        let r = &mut rows[i];
        if let Some(below) = r.below_threshold {
            r.run_length = if below {
                history.run_ending_at_y(row.identity())
            } else {
                0
            };
            r.exit = Some(status_for_run(
                r.run_length,
                &rules.run_warning,
                &rules.run_control,
                &rules.run_exit,
            ));
        }
    }

    let params = vec![
        rules.scope.clone(),
        rules.a_max_share.clone(),
        rules.c_min_share.clone(),
        rules.score_cap.clone(),
        rules.score_scale.clone(),
        rules.benchmark_param.clone(),
        rules.missing_param.clone(),
        rules.access.clone(),
        rules.run_warning.clone(),
        rules.run_control.clone(),
        rules.run_exit.clone(),
    ];
    MujunEvaluation {
        indicators,
        rows,
        ranking,
        evaluated: n,
        counts,
        scope_columns_present,
        params,
        access: rules.access.clone(),
        cells,
        item_cap: rules.score_cap.value,
    }
}

/// In scope when any present scope field is true; `None` when every present scope cell is
/// empty; every row is in scope when no scope column exists.
fn in_scope(row: &EnterpriseRecord, present: &[FieldId]) -> Option<bool> {
    if present.is_empty() {
        return Some(true);
    }
    let mut any_known = false;
    for f in present {
        let v = match f {
            FieldId::AboveScale => row.above_scale,
            FieldId::NewProject => row.new_project,
            FieldId::Leading => row.leading,
            FieldId::HighTech => row.high_tech,
            _ => None,
        };
        match v {
            Some(true) => return Some(true),
            Some(false) => any_known = true,
            None => {}
        }
    }
    any_known.then_some(false)
}

fn compute_cell(row: &EnterpriseRecord, ind: &CompiledIndicator) -> Cell {
    let numerator = row.number(ind.numerator).filter(|v| v.is_finite());
    let denominator = row.number(ind.denominator).filter(|v| v.is_finite());
    let value = match (numerator, denominator) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    Cell {
        numerator,
        denominator,
        value,
        score: 0.0,
    }
}

/// Below the access threshold: the value fails the comparator, or is missing.
fn is_below(value: Option<f64>, access: &ParamUse) -> bool {
    value.is_none_or(|v| !holds(access.comparator.unwrap_or(Comparator::Ge), v, access.value))
}

fn row_diag(row: &EnterpriseRecord, code: &str, message: Text) -> Diagnostic {
    let location = match &row.source {
        Some(s) => Location {
            sheet: Some(s.sheet.clone()),
            row: Some(s.row),
            ..Location::none()
        },
        None => Location::none(),
    };
    Diagnostic::warning(code, location, message)
}

fn median_of(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let m = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[m]
    } else {
        (values[m - 1] + values[m]) / 2.0
    })
}

/// One evaluated row's sort key: ascending order is rank order.
struct RankKey {
    /// Total score, descending.
    score: u64,
    /// Tie indicator, descending, missing last.
    tie: (bool, u64),
    row: usize,
}

/// An unsigned key whose ascending order is the order of [`f64::total_cmp`].
fn total_order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    // Negative values: flip all bits (larger magnitude sorts lower); others: set the sign bit.
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn none_last(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The single indicator whose smallest relative increase lifts the weighted item sum by
/// `needed_items` (raw item points, before scaling), within the score cap.
fn cheapest_lever(
    cells: &[Cell],
    indicators: &[IndicatorSummary],
    rules: &MujunRules,
    needed_items: f64,
) -> Option<Lever> {
    let mut best: Option<(f64, Lever)> = None;
    for (j, (cell, ind)) in cells.iter().zip(indicators).enumerate() {
        let Some(b) = ind.benchmark.filter(|_| ind.benchmark_usable) else {
            continue;
        };
        if ind.weight <= 0.0 {
            continue;
        }
        // A missing value (scored 0 or the average) is replaced by a real one scored by formula.
        let target_item = cell.score + needed_items;
        if target_item > ind.weight * rules.score_cap.value * (1.0 + 1e-12) {
            continue;
        }
        let to = (target_item / ind.weight) * b;
        let cost = match cell.value {
            Some(v) if v > 0.0 => (to - v) / v,
            Some(v) => (to - v).abs() / b,
            None => f64::INFINITY,
        };
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((
                cost,
                Lever {
                    indicator: j,
                    from: cell.value,
                    to,
                },
            ));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_order_like_total_cmp() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            184.05,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
