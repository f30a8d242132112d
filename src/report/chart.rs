//! Chart models: the data behind the inline SVG charts, already scaled and labelled, so the UI
//! only draws rectangles and text. Four charts: the park indicators against their thresholds,
//! the class distribution, the park's 亩均营收 across years, and the score distribution.
//!
//! Every chart carries a text description of its values for screen readers.

use super::{pick, zh_en};
use crate::format;
use crate::i18n::Lang;
use crate::rules::{Evaluation, State};

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// A stable id (`chart-indicators`) for the element and tests.
    pub id: &'static str,
    pub title: String,
    /// The values in words, for `<desc>`.
    pub description: String,
    pub bars: Vec<Bar>,
    /// Where the reference line is drawn (0..1 of the width), with its label.
    pub reference: Option<(f64, String)>,
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value_label: String,
    /// Length as a fraction of the chart width, 0..1.
    pub length: f64,
    /// A CSS hook (`pass`, `fail`, `class-A` …).
    pub class: String,
}

/// The charts for an evaluation; charts without data are left out.
pub fn charts(e: &Evaluation, lang: Lang) -> Vec<BarChart> {
    let mut out = Vec::new();
    out.extend(indicator_chart(e, lang));
    out.extend(class_chart(e, lang));
    out.extend(year_chart(e, lang));
    out.extend(score_chart(e, lang));
    out
}

/// The data criteria as observed ÷ threshold, so criteria of different units share one scale:
/// the reference line is the standard (100%), bars reach up to twice it.
fn indicator_chart(e: &Evaluation, lang: Lang) -> Option<BarChart> {
    const SCALE_MAX: f64 = 2.0;
    let park = e.park.as_ref()?;
    let bars: Vec<Bar> = park
        .criteria
        .iter()
        .filter(|c| !c.self_declared)
        .filter_map(|c| {
            let t = &c.trace;
            let threshold = t.threshold.as_ref()?.value;
            let observed = t.observed?;
            if threshold.is_nan() || threshold <= 0.0 || matches!(t.state, State::NotApplicable) {
                return None;
            }
            let shown = |v: f64| format::in_unit(v, &t.unit, lang);
            Some(Bar {
                label: format!("{} {}", c.id, pick(&c.label, lang)),
                value_label: format!("{} / {}", shown(observed), shown(threshold)),
                length: (observed / threshold / SCALE_MAX).clamp(0.0, 1.0),
                class: t.state.id().to_string(),
            })
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    Some(BarChart {
        id: "chart-indicators",
        title: zh_en(
            lang,
            "园区指标与创建标准",
            "Park indicators against the standards",
        ),
        description: describe(&bars),
        bars,
        reference: Some((1.0 / SCALE_MAX, zh_en(lang, "标准", "standard"))),
    })
}

fn class_chart(e: &Evaluation, lang: Lang) -> Option<BarChart> {
    let m = e.enterprises.as_ref()?;
    let c = &m.counts;
    let counts = [("A", c.a), ("B", c.b), ("C", c.c), ("T", c.t)];
    let max = counts.iter().map(|(_, n)| *n).max().filter(|n| *n > 0)? as f64;
    let bars: Vec<Bar> = counts
        .iter()
        .map(|(id, n)| Bar {
            label: match (*id, lang) {
                ("T", Lang::Zh) => "免评".to_string(),
                ("T", Lang::En) => "Exempt".to_string(),
                (id, Lang::Zh) => format!("{id} 类"),
                (id, Lang::En) => id.to_string(),
            },
            value_label: match lang {
                Lang::Zh => format!("{n} 家"),
                Lang::En => n.to_string(),
            },
            length: *n as f64 / max,
            class: format!("class-{id}"),
        })
        .collect();
    Some(BarChart {
        id: "chart-classes",
        title: zh_en(lang, "企业分类", "Enterprise classes"),
        description: describe(&bars),
        bars,
        reference: None,
    })
}

fn year_chart(e: &Evaluation, lang: Lang) -> Option<BarChart> {
    let park = e.park.as_ref()?;
    let values: Vec<(i32, f64)> = park
        .years
        .iter()
        .filter_map(|y| y.mu_revenue.map(|v| (y.year, v)))
        .collect();
    let max = values.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    if values.is_empty() || max <= 0.0 {
        return None;
    }
    let bars: Vec<Bar> = values
        .iter()
        .map(|(year, v)| Bar {
            label: year.to_string(),
            value_label: format::with_unit(*v, "万元/亩"),
            length: v / max,
            class: "year".into(),
        })
        .collect();
    Some(BarChart {
        id: "chart-years",
        title: zh_en(lang, "园区亩均营业收入", "Park revenue per mu"),
        description: describe(&bars),
        bars,
        reference: None,
    })
}

/// Scores in ten equal bins from 0 to the highest score.
fn score_chart(e: &Evaluation, lang: Lang) -> Option<BarChart> {
    const BINS: usize = 10;
    let m = e.enterprises.as_ref()?;
    let scores: Vec<f64> = m.rows.iter().filter_map(|r| r.score).collect();
    let top = scores.iter().copied().fold(0.0, f64::max);
    if scores.is_empty() || top <= 0.0 {
        return None;
    }
    let width = (top / BINS as f64).max(f64::EPSILON);
    let mut counts = [0usize; BINS];
    for s in &scores {
        let bin = ((s / width) as usize).min(BINS - 1);
        counts[bin] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| Bar {
            label: format!(
                "{}–{}",
                format::grouped(i as f64 * width, 0),
                format::grouped((i + 1) as f64 * width, 0)
            ),
            value_label: match lang {
                Lang::Zh => format!("{n} 家"),
                Lang::En => n.to_string(),
            },
            length: *n as f64 / max,
            class: "score".into(),
        })
        .collect();
    Some(BarChart {
        id: "chart-scores",
        title: zh_en(lang, "综合得分分布", "Score distribution"),
        description: describe(&bars),
        bars,
        reference: None,
    })
}

fn describe(bars: &[Bar]) -> String {
    bars.iter()
        .map(|b| format!("{}: {}", b.label, b.value_label))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, IngestOptions};
    use crate::rules;

    #[test]
    fn the_sample_has_four_charts_with_bars_in_range() {
        let ingested = ingest::interpret(
            &ingest::sample::sample_workbook(),
            &IngestOptions::default(),
        );
        let e = rules::evaluate_all(&ingested.dataset, None, &[]);
        let charts = charts(&e, Lang::Zh);
        let ids: Vec<&str> = charts.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                "chart-indicators",
                "chart-classes",
                "chart-years",
                "chart-scores"
            ]
        );
        for c in &charts {
            assert!(
                c.bars.iter().all(|b| (0.0..=1.0).contains(&b.length)),
                "{}",
                c.id
            );
            assert!(!c.description.is_empty());
        }
        // C2 (18.01% against > 25%) is below the reference line.
        let c2 = charts[0]
            .bars
            .iter()
            .find(|b| b.label.starts_with("C2"))
            .expect("C2 bar");
        assert!(c2.length < 0.5 && c2.class == "fail", "{c2:?}");
        assert!(c2.value_label.contains("18.01%"), "{}", c2.value_label);
        // The class counts add up to the enterprises evaluated or exempt.
        let years = &charts[2];
        assert_eq!(years.bars.len(), 3);
    }
}
