//! Output for the command line: the stable JSON schema ([`to_cli_json`]) and a readable Chinese
//! terminal report ([`to_text_zh`]). Reads an [`Evaluation`] only; computes nothing.
//!
//! The JSON keys listed in docs/rule-packs.md are stable; further keys may be added, none
//! renamed. Shares and growth rates are fractions, scores unrounded. Must not depend on ingest
//! or ui.

use serde_json::{Map, Value, json};

use super::compile::{AppliedOverride, PackStamp};
use super::eval::Evaluation;
use super::park::{FigureSource, ParkEvaluation};
use super::scoring::MujunEvaluation;
use super::trace::State;
use crate::diagnostic::{Diagnostic, Text};
use crate::format;
use crate::i18n::Lang;

/// The stable JSON of an evaluation. `diagnostics` (typically ingest's) come first, followed by
/// the evaluation's own.
pub fn to_cli_json(evaluation: &Evaluation, diagnostics: &[Diagnostic]) -> Value {
    let stamp = evaluation.combined_stamp();
    let packs: Vec<Value> = evaluation
        .packs
        .iter()
        .map(|p| json!({"id": p.id, "version": p.version, "hash": p.hash}))
        .collect();
    let overrides: Vec<Value> = evaluation
        .overrides
        .iter()
        .map(|o| json!({"key": o.key, "pack": o.pack_id, "from": o.from, "to": o.to}))
        .collect();
    let diags: Vec<Value> = diagnostics
        .iter()
        .chain(&evaluation.diagnostics)
        .map(diagnostic_json)
        .collect();
    json!({
        "pack": {"id": stamp.id, "version": stamp.version, "hash": stamp.hash},
        "packs": packs,
        "year": evaluation.year,
        "overrides": overrides,
        "benchmarks": evaluation.enterprises.as_ref().map(|m| {
            m.indicators.iter().map(|i| (i.id.clone(), i.benchmark.map_or(Value::Null, Value::from))).collect::<Map<String, Value>>()
        }),
        "park": evaluation.park.as_ref().map(park_json),
        "enterprises": evaluation.enterprises.as_ref().map(enterprises_json).unwrap_or_default(),
        "diagnostics": diags,
    })
}

fn park_json(p: &ParkEvaluation) -> Value {
    let criteria: Vec<Value> = p
        .criteria
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "state": c.state().id(),
                "observed": c.trace.observed,
                "threshold": c.trace.threshold.as_ref().map(|t| t.value),
                "gap": c.trace.gap.as_ref().map(|g| g.amount),
                "missing": c.trace.missing,
                "sentence": c.trace.sentence.zh,
            })
        })
        .collect();
    let by_year = |f: &dyn Fn(&super::park::YearFigures) -> Option<Value>| -> Map<String, Value> {
        p.years
            .iter()
            .filter_map(|y| f(y).map(|v| (y.year.to_string(), v)))
            .collect()
    };
    json!({
        "overall": p.overall.state.id(),
        "gaps": p.overall.gaps,
        "criteria": criteria,
        "mu_revenue_by_year": by_year(&|y| y.mu_revenue.map(Value::from)),
        "mu_tax_by_year": by_year(&|y| y.mu_tax.map(Value::from)),
        "totals_years": p.years.iter().filter(|y| y.source == FigureSource::Totals).map(|y| y.year).collect::<Vec<_>>(),
        "warnings_by_year": by_year(&|y| Some(y.warning.map_or(Value::Null, Value::from))),
        "interview": p.interview,
        "reward": p.reward.as_ref().map(|r| r.amount),
        "a_share_enterprises": p.context.as_ref().and_then(|c| c.a_share_enterprises),
        "a_share_land": p.context.as_ref().and_then(|c| c.a_share_land),
    })
}

fn enterprises_json(m: &MujunEvaluation) -> Value {
    let rows: Vec<Value> = m
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut indicators = Map::new();
            if r.score.is_some() {
                for (ind, cell) in m.indicators.iter().zip(m.cells(i)) {
                    indicators.insert(
                        ind.id.clone(),
                        json!({"value": cell.value, "score": cell.score}),
                    );
                }
            }
            json!({
                "name": r.name,
                "credit_code": r.credit_code,
                "in_scope": r.in_scope,
                "class": r.class.map(|c| c.id()),
                "score": r.score,
                "rank": r.rank,
                "below_threshold": r.below_threshold,
                "run_length": r.run_length,
                "exit_status": r.exit.map(|e| e.id()),
                "indicators": indicators,
            })
        })
        .collect();
    Value::Array(rows)
}

/// One diagnostic in the JSON's `diagnostics` list (also used by the city JSON).
pub(crate) fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity.id(),
        "code": d.code,
        "sheet": d.location.sheet,
        "row": d.location.row,
        "column": d.location.column_letter(),
        "message": d.message.zh,
    })
}

/// The terminal report's benchmark list: each indicator (label, unit, benchmark) as
/// `地均营收 300.00 万元/亩`, `—` without a benchmark, joined by `；`; shared with the city report.
pub(crate) fn benchmarks_zh<'a>(
    indicators: impl Iterator<Item = (&'a Text, &'a str, Option<f64>)>,
) -> String {
    indicators
        .map(|(label, unit, benchmark)| {
            format!(
                "{} {}",
                label.zh,
                benchmark.map_or("—".into(), |b| format::in_unit(b, unit, Lang::Zh))
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The terminal report's lines naming the packs used and the parameters overridden; shared
/// with the city report.
pub(crate) fn push_stamps_zh(out: &mut String, packs: &[PackStamp], overrides: &[AppliedOverride]) {
    for p in packs {
        out.push_str(&format!(
            "规则包：{} {}（{}）\n",
            p.id,
            p.version,
            p.short_hash()
        ));
    }
    for o in overrides {
        out.push_str(&format!(
            "已覆盖参数：{} = {}（原为 {}）\n",
            o.key, o.to, o.from
        ));
    }
}

/// A readable Chinese report for the terminal.
pub fn to_text_zh(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let year = evaluation.year.map_or("—".to_string(), |y| y.to_string());
    out.push_str(&format!("评价年度：{year}\n"));
    push_stamps_zh(&mut out, &evaluation.packs, &evaluation.overrides);
    if let Some(p) = &evaluation.park {
        out.push('\n');
        out.push_str(&format!("【园区创建标准】{}\n", p.overall.sentence.zh));
        let mut table = Vec::with_capacity(p.criteria.len());
        for c in &p.criteria {
            let label = if c.self_declared {
                format!("{}（自评声明）", c.label.zh)
            } else {
                c.label.zh.clone()
            };
            let threshold = c
                .trace
                .threshold
                .as_ref()
                .map(|t| format!("{}{}", t.comparator.map_or("", |c| c.symbol()), t.display()))
                .unwrap_or_default();
            table.push(vec![
                c.id.clone(),
                label,
                c.state().label_zh().to_string(),
                super::park::observed_display(&c.trace),
                threshold,
            ]);
        }
        push_table(
            &mut out,
            &["编号", "标准", "结果", "实际", "标准值"],
            &table,
        );
        for c in p.criteria.iter().filter(|c| c.state() != State::Pass) {
            out.push_str(&format!("  · {} {}\n", c.id, c.trace.sentence.zh));
        }
        let series: Vec<String> = p
            .years
            .iter()
            .filter_map(|y| {
                y.mu_revenue.map(|m| {
                    format!(
                        "{} {}{}",
                        y.year,
                        format::number(m),
                        if y.source == FigureSource::Totals {
                            "（园区合计）"
                        } else {
                            ""
                        }
                    )
                })
            })
            .collect();
        out.push_str(&format!(
            "亩均营业收入（万元/亩）：{}\n",
            or_dash(series.join(" → "))
        ));
        let tax: Vec<String> = p
            .years
            .iter()
            .filter_map(|y| {
                y.mu_tax
                    .map(|m| format!("{} {}", y.year, format::number(m)))
            })
            .collect();
        if !tax.is_empty() {
            out.push_str(&format!("亩均税收（万元/亩）：{}\n", tax.join(" → ")));
        }
        let flags: Vec<String> = p
            .years
            .iter()
            .map(|y| {
                format!(
                    "{} {}",
                    y.year,
                    match y.warning {
                        Some(true) => "预警",
                        Some(false) => "无",
                        None => "未知",
                    }
                )
            })
            .collect();
        out.push_str(&format!(
            "年度预警：{}；约谈：{}\n",
            or_dash(flags.join("，")),
            match p.interview {
                Some(true) => "是",
                Some(false) => "否",
                None => "未知",
            }
        ));
        if let Some(r) = &p.reward {
            out.push_str(&format!(
                "创建成功奖励：{} 万元{}\n",
                format::number(r.amount),
                if r.capped { "（已达上限）" } else { "" }
            ));
        }
        if let Some(c) = &p.context {
            out.push_str(&format!(
                "A 类企业占比：{}；A 类企业用地占比：{}\n",
                c.a_share_enterprises
                    .map_or("—".into(), format::percent_short),
                c.a_share_land.map_or("—".into(), format::percent_short)
            ));
        }
    }
    if let Some(m) = &evaluation.enterprises {
        out.push('\n');
        out.push_str(&format!(
            "【亩均论英雄】参评 {} 家：A 类 {}、B 类 {}、C 类 {}（其中一票否决 {}）、免评 {}、不在范围 {}\n",
            m.evaluated, m.counts.a, m.counts.b, m.counts.c, m.counts.vetoed, m.counts.t, m.counts.out_of_scope
        ));
        let benchmarks = benchmarks_zh(
            m.indicators
                .iter()
                .map(|i| (&i.label, i.unit.as_str(), i.benchmark)),
        );
        out.push_str(&format!("基准值：{benchmarks}\n"));
        let unranked = m
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rank.is_none())
            .map(|(i, _)| i);
        let table: Vec<Vec<String>> = m
            .ranking
            .iter()
            .copied()
            .chain(unranked)
            .map(|i| {
                let r = &m.rows[i];
                vec![
                    r.rank.map_or("—".into(), |x| x.to_string()),
                    r.name.clone(),
                    r.class.map_or("—", |c| c.id()).to_string()
                        + if r.vetoed { "（否决）" } else { "" },
                    r.score.map_or("—".into(), |s| format!("{s:.2}")),
                    match r.below_threshold {
                        Some(true) => "未达".into(),
                        Some(false) => "达到".into(),
                        None => "—".to_string(),
                    },
                    r.exit.map_or("—", |e| e.label_zh()).to_string(),
                ]
            })
            .collect();
        push_table(
            &mut out,
            &["排名", "企业", "类别", "得分", "准入", "退出机制"],
            &table,
        );
    }
    if !evaluation.diagnostics.is_empty() {
        out.push_str(&format!("\n提示 {} 条：\n", evaluation.diagnostics.len()));
        for d in &evaluation.diagnostics {
            let at = d.location.describe_zh();
            out.push_str(&format!(
                "  [{}] {}{}\n",
                d.severity.label_zh(),
                if at.is_empty() {
                    String::new()
                } else {
                    format!("{at} ")
                },
                d.message.zh
            ));
        }
    }
    out
}

/// `—` for an empty list.
fn or_dash(text: String) -> String {
    if text.is_empty() { "—".into() } else { text }
}

/// A table whose columns line up in a terminal: each column is as wide as its widest cell in
/// display columns (Chinese characters count two), two spaces between columns.
pub(crate) fn push_table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| format::display_width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(format::display_width(cell));
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format::pad_to_width(cell, *w))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_line_up_in_display_columns() {
        let rows = vec![
            vec![
                "C1".to_string(),
                "主导产业营业收入占比".into(),
                "—".into(),
                ">70%".into(),
            ],
            vec![
                "C6".to_string(),
                "专业化、市场化运营服务体系（自评声明）".into(),
                "0 项".into(),
                "≥3 项".into(),
            ],
            vec![
                "1".to_string(),
                "Acme Ltd".into(),
                "88.07%".into(),
                "x".into(),
            ],
        ];
        let mut out = String::new();
        push_table(&mut out, &["编号", "标准", "实际", "标准值"], &rows);
        // The display column where each cell starts is the same on every line.
        let starts = |line: &str| -> Vec<usize> {
            let mut cols = Vec::new();
            let mut at = 0;
            let mut prev_space = true;
            let mut spaces = 0;
            for c in line.chars() {
                if c == ' ' {
                    spaces += 1;
                } else {
                    if prev_space && (at == 0 || spaces >= 2) {
                        cols.push(at);
                    }
                    spaces = 0;
                }
                prev_space = c == ' ';
                at += format::display_width(&c.to_string());
            }
            cols
        };
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        let first = starts(lines[0]);
        assert_eq!(first.len(), 4, "{out}");
        for line in &lines[1..] {
            assert_eq!(starts(line), first, "{out}");
        }
    }
}
