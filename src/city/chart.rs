//! Chart data for the city dashboard: the parks on each key indicator against its threshold, as
//! plain series the UI draws as SVG bars with a threshold line. One [`Series`] per park
//! criterion whose observed value and threshold are fractions (C1, C2, C4 and C5 in the
//! built-in pack); counts and checklists are not charted.
//!
//! Reads the dashboard rows only; the axis range is computed here so the UI does no arithmetic
//! beyond scaling to pixels.

use serde::Serialize;

use super::dashboard::ParkRow;
use crate::diagnostic::Text;
use crate::format;
use crate::rules::State;

/// The dashboard's chart: one series per charted criterion, in pack order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Chart {
    pub series: Vec<Series>,
}

/// The parks on one indicator against its threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The criterion id (`C1`).
    pub criterion: String,
    pub label: Text,
    /// `fraction`: values and threshold are shares or rates, shown as percentages.
    pub unit: String,
    pub threshold: Option<f64>,
    /// The threshold as written in a legend (`> 70%`).
    pub threshold_text: String,
    /// One point per park, in row order.
    pub points: Vec<Point>,
    /// The axis range: it holds every value, the threshold and 0.
    pub min: f64,
    pub max: f64,
}

/// One park's value on a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub park: String,
    /// `None` when the park's criterion could not be evaluated (no bar; the state says why).
    pub value: Option<f64>,
    pub state: State,
    /// The value as written next to its bar (`18.01%`, `—`).
    pub value_text: String,
}

/// The chart of the rows' fraction criteria.
pub(crate) fn chart(rows: &[ParkRow]) -> Chart {
    let Some(first) = rows.first() else {
        return Chart::default();
    };
    let series = first
        .criteria
        .iter()
        .filter(|c| c.unit == "fraction" && c.threshold.is_some())
        .map(|template| {
            let points: Vec<Point> = rows
                .iter()
                .map(|r| {
                    let cell = r.criteria.iter().find(|c| c.id == template.id);
                    let value = cell.and_then(|c| c.observed);
                    Point {
                        park: r.label.clone(),
                        value,
                        state: cell.map_or(State::NotEvaluable, |c| c.state),
                        value_text: value.map_or_else(|| "—".to_string(), format::percent_short),
                    }
                })
                .collect();
            let values = points
                .iter()
                .filter_map(|p| p.value)
                .chain(template.threshold)
                .filter(|v| v.is_finite());
            let (min, max) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
            Series {
                criterion: template.id.clone(),
                label: template.label.clone(),
                unit: template.unit.clone(),
                threshold: template.threshold,
                threshold_text: template
                    .threshold
                    .map(|t| {
                        let symbol = template.comparator.map_or("", |c| c.symbol());
                        format!("{symbol} {}", format::percent_short(t))
                            .trim()
                            .to_string()
                    })
                    .unwrap_or_default(),
                points,
                min,
                max,
            }
        })
        .collect();
    Chart { series }
}
