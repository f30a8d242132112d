//! Output for the command line: the stable JSON schema ([`to_cli_json`]) and a readable Chinese
//! terminal report ([`to_text_zh`]). Reads an [`Evaluation`] only; computes nothing.
//!
//! The JSON keys listed in docs/rule-packs.md are stable; further keys may be added, none
//! renamed. Shares and growth rates are fractions, scores unrounded. Must not depend on ingest
//! or ui.

use serde_json::{Map, Value, json};

use super::eval::Evaluation;
use super::park::{FigureSource, ParkEvaluation};
use super::scoring::MujunEvaluation;
use super::trace::{State, fmt_number, fmt_percent};
use crate::diagnostic::Diagnostic;

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

fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "severity": match d.severity {
            crate::diagnostic::Severity::Error => "error",
            crate::diagnostic::Severity::Warning => "warning",
            crate::diagnostic::Severity::Info => "info",
        },
        "code": d.code,
        "sheet": d.location.sheet,
        "row": d.location.row,
        "column": d.location.column_letter(),
        "message": d.message.zh,
    })
}

/// A readable Chinese report for the terminal.
pub fn to_text_zh(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let year = evaluation.year.map_or("—".to_string(), |y| y.to_string());
    out.push_str(&format!("评价年度：{year}\n"));
    for p in &evaluation.packs {
        out.push_str(&format!(
            "规则包：{} {}（{}）\n",
            p.id,
            p.version,
            p.short_hash()
        ));
    }
    for o in &evaluation.overrides {
        out.push_str(&format!(
            "已覆盖参数：{} = {}（原为 {}）\n",
            o.key, o.to, o.from
        ));
    }
    if let Some(p) = &evaluation.park {
        out.push('\n');
        out.push_str(&format!("【园区创建标准】{}\n", p.overall.sentence.zh));
        let header = [
            ("编号", 6),
            ("标准", 30),
            ("结果", 10),
            ("实际", 12),
            ("标准值", 10),
        ];
        push_row(&mut out, &header.map(|(s, w)| (s.to_string(), w)));
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
            push_row(
                &mut out,
                &[
                    (c.id.clone(), 6),
                    (label, 30),
                    (c.state().label_zh().to_string(), 10),
                    (super::park::observed_display(&c.trace), 12),
                    (threshold, 10),
                ],
            );
        }
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
                        fmt_number(m),
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
            .filter_map(|y| y.mu_tax.map(|m| format!("{} {}", y.year, fmt_number(m))))
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
                fmt_number(r.amount),
                if r.capped { "（已达上限）" } else { "" }
            ));
        }
        if let Some(c) = &p.context {
            out.push_str(&format!(
                "A 类企业占比：{}；A 类企业用地占比：{}\n",
                c.a_share_enterprises.map_or("—".into(), fmt_percent),
                c.a_share_land.map_or("—".into(), fmt_percent)
            ));
        }
    }
    if let Some(m) = &evaluation.enterprises {
        out.push('\n');
        out.push_str(&format!(
            "【亩均论英雄】参评 {} 家：A 类 {}、B 类 {}、C 类 {}（其中一票否决 {}）、免评 {}、不在范围 {}\n",
            m.evaluated, m.counts.a, m.counts.b, m.counts.c, m.counts.vetoed, m.counts.t, m.counts.out_of_scope
        ));
        let benchmarks: Vec<String> = m
            .indicators
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i.label.zh,
                    i.benchmark
                        .map_or("—".into(), |b| super::trace::fmt_value(b, &i.unit))
                )
            })
            .collect();
        out.push_str(&format!("基准值：{}\n", benchmarks.join("；")));
        let header = [
            ("排名", 6),
            ("企业", 28),
            ("类别", 6),
            ("得分", 10),
            ("准入", 10),
            ("退出机制", 10),
        ];
        push_row(&mut out, &header.map(|(s, w)| (s.to_string(), w)));
        let unranked = m
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rank.is_none())
            .map(|(i, _)| i);
        for i in m.ranking.iter().copied().chain(unranked) {
            let r = &m.rows[i];
            push_row(
                &mut out,
                &[
                    (r.rank.map_or("—".into(), |x| x.to_string()), 6),
                    (r.name.clone(), 28),
                    (
                        r.class.map_or("—", |c| c.id()).to_string()
                            + if r.vetoed { "（否决）" } else { "" },
                        6,
                    ),
                    (r.score.map_or("—".into(), |s| format!("{s:.2}")), 10),
                    (
                        match r.below_threshold {
                            Some(true) => "未达".into(),
                            Some(false) => "达到".into(),
                            None => "—".to_string(),
                        },
                        10,
                    ),
                    (r.exit.map_or("—", |e| e.label_zh()).to_string(), 10),
                ],
            );
        }
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

/// Display width: CJK and other non-ASCII characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn push_row(out: &mut String, cells: &[(String, usize)]) {
    let mut line = String::new();
    for (text, w) in cells {
        line.push_str(text);
        for _ in width(text)..*w {
            line.push(' ');
        }
        line.push(' ');
    }
    out.push_str(line.trim_end());
    out.push('\n');
}
