//! The city dashboard model: one [`ParkRow`] per park (C1–C8 states, verdict, 预警/约谈,
//! 亩均营收 and its growth, A-class share), the city [`Goal`], the [`Closest`] park, and the
//! sort keys ([`SortKey`], [`sort_rows`]) and filters ([`Filter`]) the UI offers, as plain
//! functions of the rows.
//!
//! Reads the parks' evaluations only; every state, gap and sentence of a criterion comes from
//! `rules`. Numbers in sentences go through [`crate::format`].

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::ParkResult;
use crate::diagnostic::Text;
use crate::format;
use crate::rules::{Comparator, OverallState, ParamUse, ParkEvaluation, State};

/// One park on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkRow {
    /// Position in the city's input order (the neutral sort).
    pub index: usize,
    pub label: String,
    pub source: String,
    pub has_facts: bool,
    /// The park criteria (C1–C8 for the built-in pack), in pack order.
    pub criteria: Vec<CriterionCell>,
    pub overall: OverallState,
    /// Criteria not satisfied, largest gap first (as the park's own verdict lists them).
    pub gaps: Vec<String>,
    pub status: WarningStatus,
    /// 亩均营业收入 of the year (万元/亩).
    pub mu_revenue: Option<f64>,
    /// Average yearly growth of 亩均营业收入 from [`ParkRow::growth_since`] to the year: the
    /// figure C4 judges, (m_Y / m_first)^(1 / (Y − first)) − 1.
    pub mu_revenue_growth: Option<f64>,
    /// The earliest year with 亩均营业收入, the start of the growth.
    pub growth_since: Option<i32>,
    /// Share of A-class enterprises among the park's evaluated ones: of the park's own ranking,
    /// or of the city ranking when benchmarks are city-wide.
    pub a_share: Option<f64>,
    /// The verdict and the warning status in one sentence.
    pub sentence: Text,
}

/// One criterion of one park, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionCell {
    pub id: String,
    pub label: Text,
    pub state: State,
    pub observed: Option<f64>,
    /// Unit of `observed` and `threshold` (`fraction` is shown as a percentage).
    pub unit: String,
    pub threshold: Option<f64>,
    /// How `observed` is compared with `threshold`.
    pub comparator: Option<Comparator>,
    /// Shortfall relative to the threshold, for 未达标 and 接近 (0.04 = 4% short).
    pub relative_gap: Option<f64>,
    /// 自评声明: the park's own declaration.
    pub self_declared: bool,
    /// The criterion's own sentence (observed, standard, what it would take).
    pub sentence: Text,
}

/// A park's annual assessment status (雅办发〔2021〕23号 三(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningStatus {
    /// 约谈: 预警 in each of the last years the pack counts (two by default), ending at Y.
    Interview,
    /// 预警 in Y, but not 约谈.
    Warning,
    /// No 预警 in Y.
    Clear,
    /// Y's flag is unknown (a criterion that decides it could not be evaluated).
    Unknown,
}

impl WarningStatus {
    /// The stable machine id (`interview`, `warning`, `clear`, `unknown`).
    pub fn id(self) -> &'static str {
        match self {
            WarningStatus::Interview => "interview",
            WarningStatus::Warning => "warning",
            WarningStatus::Clear => "clear",
            WarningStatus::Unknown => "unknown",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            WarningStatus::Interview => "约谈",
            WarningStatus::Warning => "预警",
            WarningStatus::Clear => "无预警",
            WarningStatus::Unknown => "预警未知",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            WarningStatus::Interview => "Interview",
            WarningStatus::Warning => "Warning",
            WarningStatus::Clear => "No warning",
            WarningStatus::Unknown => "Warning unknown",
        }
    }

    /// Most urgent first: 约谈, 预警, unknown, clear.
    fn urgency(self) -> u8 {
        match self {
            WarningStatus::Interview => 0,
            WarningStatus::Warning => 1,
            WarningStatus::Unknown => 2,
            WarningStatus::Clear => 3,
        }
    }
}

/// The city goal (雅办发〔2021〕23号 一(二): at least 3 provincial key parks by the end of 2023)
/// against the parks that meet the standards now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// The goal as the park pack states it (`city_goal_parks`, with provenance and clause);
    /// `None` when the pack states none.
    pub target: Option<ParamUse>,
    /// Parks whose verdict is 达到创建标准.
    pub met: usize,
    /// Parks evaluated.
    pub parks: usize,
    /// Parks still needed: target − met, at least 0; `None` without a target.
    pub remaining: Option<usize>,
    /// `已达标 2 个，距目标还差 1 个` / `已达标 3 个，已实现目标`.
    pub sentence: Text,
}

impl Goal {
    /// Whether the goal is reached; `None` without a target.
    pub fn achieved(&self) -> Option<bool> {
        self.remaining.map(|r| r == 0)
    }
}

/// The park closest to meeting the standards, and its largest gap.
///
/// Among the parks whose verdict is not 达到创建标准, the closest is the one with
/// 1. the fewest unsatisfied criteria (未达标, 接近 or 无法评价: each still stands between the
///    park and the standards), then
/// 2. the smallest *largest relative gap* among them, where a 未达标 or 接近 criterion's relative
///    gap is its trace's shortfall relative to the threshold (0.04 = 4% short) and a 无法评价
///    criterion counts as larger than any known gap, since its distance is unknown, then
/// 3. the input order, so that ties resolve the same way every time.
///
/// The largest gap shown is that criterion: the one the park would have to close last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closest {
    pub park: String,
    /// Unsatisfied criteria (ids, largest gap first).
    pub unsatisfied: Vec<String>,
    /// The criterion with the largest relative gap (its sentence says what it would take).
    pub largest_gap: Option<CriterionCell>,
    pub sentence: Text,
}

/// Orders of the dashboard rows. Ties keep the input order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The order the parks were given in.
    #[default]
    Input,
    /// By name (code-point order of the label).
    Label,
    /// Parks meeting the standards first, then by closeness as [`Closest`] defines it.
    Closeness,
    /// 约谈 first, then 预警, unknown, no warning.
    Status,
    /// 亩均营业收入, highest first, missing last.
    MuRevenue,
    /// Growth of 亩均营业收入, highest first, missing last.
    Growth,
    /// A-class share, highest first, missing last.
    AShare,
}

impl SortKey {
    /// Compares two rows under this key (then by input order).
    pub fn compare(self, a: &ParkRow, b: &ParkRow) -> Ordering {
        let by = match self {
            SortKey::Input => Ordering::Equal,
            SortKey::Label => a.label.cmp(&b.label),
            SortKey::Closeness => closeness(a).total_cmp_key(&closeness(b)),
            SortKey::Status => a.status.urgency().cmp(&b.status.urgency()),
            SortKey::MuRevenue => desc_missing_last(a.mu_revenue, b.mu_revenue),
            SortKey::Growth => desc_missing_last(a.mu_revenue_growth, b.mu_revenue_growth),
            SortKey::AShare => desc_missing_last(a.a_share, b.a_share),
        };
        by.then(a.index.cmp(&b.index))
    }
}

/// Sorts dashboard rows by `key` (stable; ties keep the input order).
pub fn sort_rows(rows: &mut [ParkRow], key: SortKey) {
    rows.sort_by(|a, b| key.compare(a, b));
}

/// Which rows to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    #[default]
    All,
    /// 达到创建标准.
    Met,
    /// Not (yet) meeting the standards, including cannot-tell.
    NotMet,
    /// 预警 or 约谈 in the year.
    Warned,
    /// 约谈.
    Interview,
    /// The criterion with this id is 未达标 or 接近.
    Failing(String),
    /// Parks without park facts.
    WithoutFacts,
}

impl Filter {
    /// Whether `row` is shown under this filter.
    pub fn fits(&self, row: &ParkRow) -> bool {
        match self {
            Filter::All => true,
            Filter::Met => row.overall == OverallState::Met,
            Filter::NotMet => row.overall != OverallState::Met,
            Filter::Warned => matches!(
                row.status,
                WarningStatus::Warning | WarningStatus::Interview
            ),
            Filter::Interview => row.status == WarningStatus::Interview,
            Filter::Failing(id) => row
                .criteria
                .iter()
                .any(|c| c.id == *id && matches!(c.state, State::Fail | State::Near)),
            Filter::WithoutFacts => !row.has_facts,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Building the model (crate-private: `City::evaluate` calls these).

pub(crate) fn row(index: usize, result: &ParkResult) -> ParkRow {
    let evaluation = &result.evaluation;
    let park = evaluation.park.as_ref();
    let criteria: Vec<CriterionCell> = park
        .map(|p| {
            p.criteria
                .iter()
                .map(|c| CriterionCell {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    state: c.state(),
                    observed: c.trace.observed,
                    unit: c.trace.unit.clone(),
                    threshold: c.trace.threshold.as_ref().map(|t| t.value),
                    comparator: c.trace.threshold.as_ref().and_then(|t| t.comparator),
                    relative_gap: c
                        .trace
                        .gap
                        .as_ref()
                        .filter(|_| matches!(c.state(), State::Fail | State::Near))
                        .map(|g| g.relative),
                    self_declared: c.self_declared,
                    sentence: c.trace.sentence.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let overall = park.map_or(OverallState::NotEvaluable, |p| p.overall.state);
    let status = park.map_or(WarningStatus::Unknown, |p| {
        warning_status(p, evaluation.year)
    });
    let (mu_revenue, growth) = park
        .map(|p| mu_revenue_and_growth(p, evaluation.year))
        .unwrap_or((None, None));
    let a_share = park
        .and_then(|p| p.context.as_ref())
        .and_then(|c| c.a_share_enterprises);
    let verdict = park.map_or_else(
        || Text::new("没有园区标准规则包", "no park standards pack"),
        |p| p.overall.sentence.clone(),
    );
    let year = evaluation.year.map(|y| y.to_string()).unwrap_or_default();
    let sentence = Text::new(
        format!(
            "{}：{}；{year} 年{}",
            result.label,
            verdict.zh,
            status.label_zh()
        ),
        format!(
            "{}: {}; {year}: {}",
            result.label,
            verdict.en,
            status.label_en().to_lowercase()
        ),
    );
    ParkRow {
        index,
        label: result.label.clone(),
        source: result.source.clone(),
        has_facts: result.has_facts,
        criteria,
        overall,
        gaps: park.map(|p| p.overall.gaps.clone()).unwrap_or_default(),
        status,
        mu_revenue,
        mu_revenue_growth: growth.map(|(rate, _)| rate),
        growth_since: growth.map(|(_, since)| since),
        a_share,
        sentence,
    }
}

fn warning_status(park: &ParkEvaluation, year: Option<i32>) -> WarningStatus {
    if park.interview == Some(true) {
        return WarningStatus::Interview;
    }
    let flag = park
        .years
        .iter()
        .find(|f| Some(f.year) == year)
        .and_then(|f| f.warning);
    match flag {
        Some(true) => WarningStatus::Warning,
        Some(false) => WarningStatus::Clear,
        None => WarningStatus::Unknown,
    }
}

/// Y's 亩均营业收入 and its average yearly growth since the earliest year that has one.
fn mu_revenue_and_growth(
    park: &ParkEvaluation,
    year: Option<i32>,
) -> (Option<f64>, Option<(f64, i32)>) {
    let Some(y) = year else {
        return (None, None);
    };
    let current = park
        .years
        .iter()
        .find(|f| f.year == y)
        .and_then(|f| f.mu_revenue);
    let first = park
        .years
        .iter()
        .filter(|f| f.year < y)
        .find_map(|f| f.mu_revenue.filter(|m| *m > 0.0).map(|m| (f.year, m)));
    let growth = match (current, first) {
        (Some(m), Some((y0, m0))) if m >= 0.0 => {
            Some(((m / m0).powf(1.0 / f64::from(y - y0)) - 1.0, y0))
        }
        _ => None,
    };
    (current, growth)
}

pub(crate) fn goal(rows: &[ParkRow], target: Option<ParamUse>) -> Goal {
    let met = rows
        .iter()
        .filter(|r| r.overall == OverallState::Met)
        .count();
    let remaining = target
        .as_ref()
        .map(|t| (t.value.max(0.0) as usize).saturating_sub(met));
    let sentence = match (&target, remaining) {
        (Some(_), Some(0)) => Text::new(
            format!("已达标 {met} 个，已实现目标"),
            format!(
                "{met} {} the standards: the goal is reached",
                parks_meet(met)
            ),
        ),
        (Some(t), Some(n)) => Text::new(
            format!("已达标 {met} 个，距目标还差 {n} 个"),
            format!(
                "{met} {} the standards; {n} more needed for the goal of {}",
                parks_meet(met),
                format::number(t.value)
            ),
        ),
        _ => Text::new(
            format!("已达标 {met} 个（规则包未设全市目标）"),
            format!(
                "{met} {} the standards (the pack sets no city goal)",
                parks_meet(met)
            ),
        ),
    };
    Goal {
        target,
        met,
        parks: rows.len(),
        remaining,
        sentence,
    }
}

fn parks_meet(n: usize) -> &'static str {
    if n == 1 { "park meets" } else { "parks meet" }
}

pub(crate) fn closest(rows: &[ParkRow]) -> Option<Closest> {
    let best = rows
        .iter()
        .filter(|r| r.overall != OverallState::Met)
        .min_by(|a, b| SortKey::Closeness.compare(a, b))?;
    let unsatisfied: Vec<&CriterionCell> =
        best.criteria.iter().filter(|c| unsatisfied(c)).collect();
    let largest = unsatisfied
        .iter()
        .copied()
        .max_by(|a, b| gap_of(a).total_cmp(&gap_of(b)))
        .cloned();
    let ids: Vec<String> = best
        .gaps
        .iter()
        .filter(|id| unsatisfied.iter().any(|c| c.id == **id))
        .cloned()
        .collect();
    let n = unsatisfied.len();
    let sentence = match &largest {
        Some(c) => Text::new(
            format!(
                "最接近达标的是{}：还有 {n} 项未满足，最大差距是 {} {}（{}）。{}",
                best.label,
                c.id,
                c.label.zh,
                c.state.label_zh(),
                c.sentence.zh
            ),
            format!(
                "Closest to the standards: {}, with {n} criterion/criteria still unmet; the largest gap is {} {} ({}). {}",
                best.label,
                c.id,
                c.label.en,
                c.state.label_en().to_lowercase(),
                c.sentence.en
            ),
        ),
        None => Text::new(
            format!("最接近达标的是{}。", best.label),
            format!("Closest to the standards: {}.", best.label),
        ),
    };
    Some(Closest {
        park: best.label.clone(),
        unsatisfied: ids,
        largest_gap: largest,
        sentence,
    })
}

fn unsatisfied(c: &CriterionCell) -> bool {
    !c.state.is_satisfied()
}

/// A criterion's relative gap for ordering: unknown distances are larger than any known one.
fn gap_of(c: &CriterionCell) -> f64 {
    match c.state {
        State::NotEvaluable => f64::INFINITY,
        _ => c.relative_gap.unwrap_or(0.0),
    }
}

/// How far a park is from the standards: (met? 0 : 1, unsatisfied criteria, largest relative
/// gap). Smaller is closer.
struct Closeness(bool, usize, f64);

impl Closeness {
    fn total_cmp_key(&self, other: &Closeness) -> Ordering {
        self.0
            .cmp(&other.0)
            .then(self.1.cmp(&other.1))
            .then(self.2.total_cmp(&other.2))
    }
}

fn closeness(row: &ParkRow) -> Closeness {
    let open: Vec<&CriterionCell> = row.criteria.iter().filter(|c| unsatisfied(c)).collect();
    let largest = open.iter().map(|c| gap_of(c)).fold(0.0, f64::max);
    Closeness(row.overall != OverallState::Met, open.len(), largest)
}

fn desc_missing_last(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(id: &str, state: State, gap: Option<f64>) -> CriterionCell {
        CriterionCell {
            id: id.into(),
            label: Text::new(id, id),
            state,
            observed: None,
            unit: "fraction".into(),
            threshold: None,
            comparator: None,
            relative_gap: gap,
            self_declared: false,
            sentence: Text::new(format!("{id} 句"), format!("{id} sentence")),
        }
    }

    fn park(index: usize, label: &str, criteria: Vec<CriterionCell>) -> ParkRow {
        let met = criteria.iter().all(|c| c.state.is_satisfied());
        ParkRow {
            index,
            label: label.into(),
            source: String::new(),
            has_facts: true,
            gaps: criteria
                .iter()
                .filter(|c| !c.state.is_satisfied())
                .map(|c| c.id.clone())
                .collect(),
            criteria,
            overall: if met {
                OverallState::Met
            } else {
                OverallState::NotMet
            },
            status: WarningStatus::Clear,
            mu_revenue: None,
            mu_revenue_growth: None,
            growth_since: None,
            a_share: None,
            sentence: Text::default(),
        }
    }

    #[test]
    fn closest_is_fewest_open_criteria_then_smallest_largest_gap() {
        let rows = vec![
            park(
                0,
                "两项小差距",
                vec![
                    cell("C1", State::Fail, Some(0.01)),
                    cell("C2", State::Fail, Some(0.02)),
                ],
            ),
            park(
                1,
                "一项大差距",
                vec![
                    cell("C1", State::Fail, Some(0.5)),
                    cell("C2", State::Pass, None),
                ],
            ),
            park(
                2,
                "一项小差距",
                vec![
                    cell("C1", State::Pass, None),
                    cell("C2", State::Near, Some(0.1)),
                ],
            ),
            park(
                3,
                "一项未知",
                vec![
                    cell("C1", State::NotEvaluable, None),
                    cell("C2", State::Pass, None),
                ],
            ),
            park(
                4,
                "达标",
                vec![
                    cell("C1", State::Pass, None),
                    cell("C2", State::NotApplicable, None),
                ],
            ),
        ];
        let c = closest(&rows).expect("some park is not met");
        assert_eq!(c.park, "一项小差距");
        assert_eq!(c.largest_gap.as_ref().map(|g| g.id.as_str()), Some("C2"));
        assert!(
            c.sentence
                .zh
                .starts_with("最接近达标的是一项小差距：还有 1 项未满足，最大差距是 C2"),
            "{}",
            c.sentence.zh
        );

        let mut sorted = rows.clone();
        sort_rows(&mut sorted, SortKey::Closeness);
        let order: Vec<&str> = sorted.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            order,
            vec!["达标", "一项小差距", "一项大差距", "一项未知", "两项小差距"]
        );
    }

    #[test]
    fn no_closest_when_every_park_meets_the_standards() {
        let rows = vec![park(0, "甲", vec![cell("C1", State::Pass, None)])];
        assert_eq!(closest(&rows), None);
    }

    #[test]
    fn goal_sentences() {
        let target = ParamUse {
            key: "city_goal_parks".into(),
            value: 3.0,
            comparator: None,
            unit: "个".into(),
            provenance: crate::rules::Provenance::Seed,
            clause: "雅办发〔2021〕23号 一(二)".into(),
            overridden: false,
        };
        let met = |n: usize| -> Vec<ParkRow> {
            (0..4)
                .map(|i| {
                    let state = if i < n { State::Pass } else { State::Fail };
                    park(i, "园", vec![cell("C1", state, Some(0.1))])
                })
                .collect()
        };
        let g = goal(&met(2), Some(target.clone()));
        assert_eq!(g.sentence.zh, "已达标 2 个，距目标还差 1 个");
        assert_eq!((g.remaining, g.achieved()), (Some(1), Some(false)));
        assert_eq!(
            g.sentence.en,
            "2 parks meet the standards; 1 more needed for the goal of 3"
        );
        let g = goal(&met(3), Some(target.clone()));
        assert_eq!(g.sentence.zh, "已达标 3 个，已实现目标");
        assert_eq!(g.achieved(), Some(true));
        let g = goal(&met(4), Some(target));
        assert_eq!((g.met, g.remaining), (4, Some(0)));
        let g = goal(&met(1), None);
        assert_eq!(g.achieved(), None);
        assert!(g.sentence.zh.contains("未设全市目标"));
    }

    #[test]
    fn filters_and_sorts_are_plain_functions_of_rows() {
        let mut a = park(0, "乙", vec![cell("C1", State::Pass, None)]);
        a.mu_revenue = Some(100.0);
        let mut b = park(
            1,
            "甲",
            vec![
                cell("C1", State::Fail, Some(0.2)),
                cell("C2", State::Near, Some(0.1)),
            ],
        );
        b.status = WarningStatus::Interview;
        b.mu_revenue = Some(300.0);
        b.has_facts = false;
        let mut c = park(2, "丙", vec![cell("C1", State::Pass, None)]);
        c.status = WarningStatus::Warning;
        let rows = vec![a, b, c];
        let names = |f: Filter| -> Vec<String> {
            rows.iter()
                .filter(|r| f.fits(r))
                .map(|r| r.label.clone())
                .collect()
        };
        assert_eq!(names(Filter::All).len(), 3);
        assert_eq!(names(Filter::Met), vec!["乙", "丙"]);
        assert_eq!(names(Filter::NotMet), vec!["甲"]);
        assert_eq!(names(Filter::Warned), vec!["甲", "丙"]);
        assert_eq!(names(Filter::Interview), vec!["甲"]);
        assert_eq!(names(Filter::Failing("C2".into())), vec!["甲"]);
        assert_eq!(names(Filter::Failing("C3".into())), Vec::<String>::new());
        assert_eq!(names(Filter::WithoutFacts), vec!["甲"]);

        let order = |key: SortKey| -> Vec<String> {
            let mut sorted = rows.clone();
            sort_rows(&mut sorted, key);
            sorted.into_iter().map(|r| r.label).collect()
        };
        assert_eq!(order(SortKey::Input), vec!["乙", "甲", "丙"]);
        assert_eq!(order(SortKey::MuRevenue), vec!["甲", "乙", "丙"]);
        assert_eq!(order(SortKey::Status), vec!["甲", "丙", "乙"]);
        assert_eq!(order(SortKey::Label), vec!["丙", "乙", "甲"]);
    }
}
