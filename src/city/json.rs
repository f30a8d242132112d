//! Output of the city view for the command line: the stable JSON (`"schema":
//! "parkcheck.city/1"`, keys listed in README) and a readable Chinese terminal report. Reads a
//! [`CityEvaluation`] only; computes nothing.
//!
//! Keys are never renamed; new keys may be added (a breaking change would be a new schema id).
//! Shares and growth rates are fractions, scores unrounded.

use serde_json::{Map, Value, json};

use super::{CityDiagnostic, CityEvaluation, DifferenceKind};
use crate::diagnostic::Severity;
use crate::format;
use crate::rules::State;
use crate::rules::json::{benchmarks_zh, diagnostic_json, push_table};

/// The schema id of [`to_city_json`]; it changes only if a key changes meaning.
pub const CITY_SCHEMA: &str = "parkcheck.city/1";

/// The stable JSON of a city evaluation. `diagnostics` (typically the files' own) come first,
/// followed by the evaluation's.
pub fn to_city_json(city: &CityEvaluation, diagnostics: &[CityDiagnostic]) -> Value {
    let packs: Vec<Value> = city
        .packs
        .iter()
        .map(|p| json!({"id": p.id, "version": p.version, "hash": p.hash}))
        .collect();
    let overrides: Vec<Value> = city
        .overrides
        .iter()
        .map(|o| json!({"key": o.key, "pack": o.pack_id, "from": o.from, "to": o.to}))
        .collect();
    let goal = &city.goal;
    let parks: Vec<Value> = city
        .rows
        .iter()
        .map(|r| {
            let criteria: Vec<Value> = r
                .criteria
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "state": c.state.id(),
                        "observed": c.observed,
                        "threshold": c.threshold,
                        "relative_gap": c.relative_gap,
                        "sentence": c.sentence.zh,
                    })
                })
                .collect();
            json!({
                "label": r.label,
                "source": r.source,
                "has_facts": r.has_facts,
                "overall": r.overall.id(),
                "gaps": r.gaps,
                "status": r.status.id(),
                "mu_revenue": r.mu_revenue,
                "mu_revenue_growth": r.mu_revenue_growth,
                "growth_since": r.growth_since,
                "a_share": r.a_share,
                "criteria": criteria,
                "sentence": r.sentence.zh,
            })
        })
        .collect();
    let chart: Vec<Value> = city
        .chart
        .series
        .iter()
        .map(|s| {
            let points: Vec<Value> = s
                .points
                .iter()
                .map(|p| json!({"park": p.park, "value": p.value, "state": p.state.id()}))
                .collect();
            json!({
                "criterion": s.criterion,
                "unit": s.unit,
                "threshold": s.threshold,
                "min": s.min,
                "max": s.max,
                "points": points,
            })
        })
        .collect();
    let ranking = &city.ranking;
    let benchmarks: Map<String, Value> = ranking
        .indicators
        .iter()
        .map(|i| (i.id.clone(), i.benchmark.map_or(Value::Null, Value::from)))
        .collect();
    let enterprises: Vec<Value> = ranking
        .rows
        .iter()
        .map(|r| {
            let mut indicators = Map::new();
            if r.score.is_some() {
                for ((ind, value), score) in ranking.indicators.iter().zip(&r.values).zip(&r.scores)
                {
                    indicators.insert(ind.id.clone(), json!({"value": value, "score": score}));
                }
            }
            json!({
                "park": r.park,
                "name": r.name,
                "credit_code": r.credit_code,
                "in_scope": r.in_scope,
                "rank": r.rank,
                "class": r.class.map(|c| c.id()),
                "score": r.score,
                "below_threshold": r.below_threshold,
                "exit_status": r.exit.map(|e| e.id()),
                "indicators": indicators,
            })
        })
        .collect();
    let differences: Vec<Value> = city
        .differences
        .iter()
        .map(|d| match &d.kind {
            DifferenceKind::Pack { id, city, park } => json!({
                "park": d.park,
                "kind": "pack",
                "id": id,
                "city": city.as_ref().map(|p| p.hash.clone()),
                "input": park.as_ref().map(|p| p.hash.clone()),
                "sentence": d.sentence.zh,
            }),
            DifferenceKind::Parameter { key, city, park } => json!({
                "park": d.park,
                "kind": "parameter",
                "key": key,
                "city": city,
                "input": park,
                "sentence": d.sentence.zh,
            }),
        })
        .collect();
    let diags: Vec<Value> = diagnostics
        .iter()
        .chain(&city.diagnostics)
        .map(|d| {
            let mut v = diagnostic_json(&d.diagnostic);
            if let Some(o) = v.as_object_mut() {
                o.insert("park".into(), json!(d.park));
                o.insert("file".into(), json!(d.source));
            }
            v
        })
        .collect();
    json!({
        "schema": CITY_SCHEMA,
        "year": city.year,
        "packs": packs,
        "overrides": overrides,
        "benchmark_scope": city.options.benchmarks.id(),
        "goal": {
            "target": goal.target.as_ref().map(|t| t.value),
            "provenance": goal.target.as_ref().map(|t| t.provenance),
            "clause": goal.target.as_ref().map(|t| t.clause.clone()),
            "met": goal.met,
            "parks": goal.parks,
            "remaining": goal.remaining,
            "achieved": goal.achieved(),
            "sentence": goal.sentence.zh,
        },
        "closest": city.closest.as_ref().map(|c| json!({
            "park": c.park,
            "unsatisfied": c.unsatisfied,
            "criterion": c.largest_gap.as_ref().map(|g| g.id.clone()),
            "state": c.largest_gap.as_ref().map(|g| g.state.id()),
            "relative_gap": c.largest_gap.as_ref().and_then(|g| g.relative_gap),
            "sentence": c.sentence.zh,
        })),
        "parks": parks,
        "chart": chart,
        "ranking": {
            "scope": ranking.scope.id(),
            "benchmarks": benchmarks,
            "evaluated": ranking.evaluated,
            "counts": {"a": ranking.counts.a, "b": ranking.counts.b, "c": ranking.counts.c, "t": ranking.counts.t},
            "enterprises": enterprises,
        },
        "differences": differences,
        "diagnostics": diags,
    })
}

/// A readable Chinese report of a city evaluation for the terminal. `diagnostics` (the files'
/// own) are listed with the evaluation's, warnings and errors only.
pub fn to_city_text_zh(city: &CityEvaluation, diagnostics: &[CityDiagnostic]) -> String {
    let mut out = String::new();
    let year = city.year.map_or("—".to_string(), |y| y.to_string());
    out.push_str(&format!(
        "全市园区评价：{year} 年，{} 个园区\n",
        city.rows.len()
    ));
    crate::rules::json::push_stamps_zh(&mut out, &city.packs, &city.overrides);

    out.push('\n');
    let target = city
        .goal
        .target
        .as_ref()
        .map(|t| {
            format!(
                "（目标 {} 个，{}，{}）",
                format::number(t.value),
                t.provenance.label_zh(),
                t.clause
            )
        })
        .unwrap_or_default();
    out.push_str(&format!("【全市目标】{}{target}\n", city.goal.sentence.zh));
    if let Some(c) = &city.closest {
        out.push_str(&format!("【最接近达标】{}\n", c.sentence.zh));
    }

    out.push('\n');
    let ids: Vec<String> = city
        .rows
        .first()
        .map(|r| r.criteria.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    let mut header: Vec<&str> = vec!["园区"];
    header.extend(ids.iter().map(String::as_str));
    header.extend(["总体", "预警", "亩均营收", "年均增长", "A类占比"]);
    let table: Vec<Vec<String>> = city
        .rows
        .iter()
        .map(|r| {
            let mut line = vec![r.label.clone()];
            line.extend(r.criteria.iter().map(|c| symbol(c.state).to_string()));
            line.push(
                match r.overall {
                    crate::rules::OverallState::Met => "达标",
                    crate::rules::OverallState::NotMet => "未达标",
                    crate::rules::OverallState::NotEvaluable => "无法判断",
                }
                .to_string(),
            );
            line.push(r.status.label_zh().to_string());
            line.push(r.mu_revenue.map_or("—".into(), format::figure));
            line.push(r.mu_revenue_growth.map_or("—".into(), format::percent));
            line.push(r.a_share.map_or("—".into(), format::percent));
            line
        })
        .collect();
    push_table(&mut out, &header, &table);
    out.push_str("图例：✓ 达标  ≈ 接近  ✗ 未达标  - 不适用  ? 无法评价；亩均营收单位 万元/亩\n");
    for r in &city.rows {
        let open: Vec<&super::CriterionCell> = r
            .criteria
            .iter()
            .filter(|c| !c.state.is_satisfied())
            .collect();
        if open.is_empty() {
            continue;
        }
        out.push_str(&format!("{}：\n", r.label));
        for c in open {
            out.push_str(&format!("  · {} {}\n", c.id, c.sentence.zh));
        }
    }

    let ranking = &city.ranking;
    out.push('\n');
    match ranking.scope {
        super::BenchmarkScope::City => {
            let benchmarks = benchmarks_zh(
                ranking
                    .indicators
                    .iter()
                    .map(|i| (&i.label, i.unit.as_str(), i.benchmark)),
            );
            out.push_str(&format!(
                "【亩均排名】全市统一基准，参评 {} 家：A 类 {}、B 类 {}、C 类 {}\n基准值：{}\n",
                ranking.evaluated,
                ranking.counts.a,
                ranking.counts.b,
                ranking.counts.c,
                benchmarks
            ));
        }
        super::BenchmarkScope::Park => out.push_str(&format!(
            "【亩均排名】各园区分别计算基准，排名为园区内排名；参评 {} 家：A 类 {}、B 类 {}、C 类 {}\n",
            ranking.evaluated, ranking.counts.a, ranking.counts.b, ranking.counts.c
        )),
    }
    let table: Vec<Vec<String>> = ranking
        .rows
        .iter()
        .map(|r| {
            vec![
                r.rank.map_or("—".into(), |x| x.to_string()),
                r.park.clone(),
                r.name.clone(),
                r.class.map_or("—", |c| c.id()).to_string()
                    + if r.vetoed { "（否决）" } else { "" },
                r.score.map_or("—".into(), format::figure),
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
        &["排名", "园区", "企业", "类别", "得分", "准入", "退出机制"],
        &table,
    );

    if !city.differences.is_empty() {
        out.push_str("\n【规则包或参数不一致】\n");
        for d in &city.differences {
            out.push_str(&format!("  · {}\n", d.sentence.zh));
        }
    }
    let shown: Vec<&CityDiagnostic> = diagnostics
        .iter()
        .chain(&city.diagnostics)
        .filter(|d| d.diagnostic.severity != Severity::Info)
        .collect();
    if !shown.is_empty() {
        out.push_str(&format!("\n提示 {} 条：\n", shown.len()));
        for d in shown {
            let at = d.describe_zh();
            out.push_str(&format!(
                "  [{}] {}{}{}\n",
                d.diagnostic.severity.label_zh(),
                if at.is_empty() {
                    String::new()
                } else {
                    format!("{at} ")
                },
                d.diagnostic.message.zh,
                d.diagnostic
                    .fix
                    .as_ref()
                    .map(|f| format!("（{}）", f.zh))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// One column per criterion: a one-character state.
fn symbol(state: State) -> &'static str {
    match state {
        State::Pass => "✓",
        State::Near => "≈",
        State::Fail => "✗",
        State::NotApplicable => "-",
        State::NotEvaluable => "?",
    }
}
