//! Report view models: an [`Evaluation`] turned into display-ready strings for one language —
//! the park scorecard, the yearly figures and the enterprise ranking.
//!
//! The UI renders these as they are (no arithmetic in components) and tests read them to check
//! what a user sees. Depends on `rules` (results), `format` and `i18n`; never on the UI.

pub mod chart;
pub mod city;
pub mod detail;
pub mod params;
pub mod shared;

pub use chart::{Bar, BarChart, charts};
pub use detail::{DetailView, ItemView, enterprise_detail};
pub use params::{PackPanel, ParamRow, param_panels};
pub use shared::{DiffView, SharedResultView, diff_view, shared_result_view};

use std::rc::Rc;

use crate::dataset::{ChecklistItem, FieldId};
use crate::diagnostic::Text;
use crate::format;
use crate::i18n::Lang;
use crate::rules::{
    Class, CriterionResult, Evaluation, ExitStatus, MujunEvaluation, OverallState, ParkEvaluation,
    Provenance, State,
};

/// The whole result screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultView {
    /// `2023 年度评价` / `Evaluation of 2023`.
    pub title: String,
    /// The packs used: `sichuan-5plus1-park 2021.1 · 5ca0e026af953647`.
    pub packs: Vec<String>,
    /// Parameters changed from the pack defaults (`mujun.access_threshold: 5 → 3`).
    pub overrides: Vec<String>,
    pub park: Option<ParkView>,
    pub ranking: Option<Rc<RankingView>>,
}

/// The park scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkView {
    /// `met`, `not_met` or `not_evaluable` (a CSS hook).
    pub overall_id: &'static str,
    pub overall_label: String,
    pub overall_sentence: String,
    pub cards: Vec<CardView>,
    /// 预警 / 约谈 status of the evaluated year.
    pub warning: String,
    pub interview: String,
    pub reward: Option<String>,
    pub years: Vec<YearView>,
    /// A-class share of enterprises and of land.
    pub context: Option<String>,
}

/// One criterion card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub id: String,
    pub title: String,
    /// `pass`, `near`, `fail`, `not_applicable`, `not_evaluable` (a CSS hook).
    pub state_id: &'static str,
    pub state_label: &'static str,
    pub observed: String,
    /// `> 70%`.
    pub threshold: String,
    /// How far the observed value is from the threshold (`1.00%`, `320.00 万元`); empty when
    /// there is no gap.
    pub gap: String,
    pub sentence: String,
    /// `文件规定 · 雅办发〔2021〕23号 一(二)`, shown on hover or tap.
    pub provenance: String,
    pub self_declared: bool,
    /// Whether a threshold came from a user override.
    pub modified: bool,
    /// The inputs used, for the printed report: `营业收入 12,345（9 行） · …`.
    pub inputs: String,
}

/// One year of park context figures.
#[derive(Debug, Clone, PartialEq)]
pub struct YearView {
    pub year: i32,
    pub mu_revenue: String,
    pub mu_tax: String,
    pub warning: String,
}

/// The enterprise ranking. Its rows are formatted when asked for ([`RankingView::row`]): a
/// screen shows a page of them, and formatting 100,000 rows up front took longer than the rest
/// of the view. Equal when built from the same evaluation, in the same language.
#[derive(Debug, Clone)]
pub struct RankingView {
    /// `参评 9 家：A 类 2、B 类 6、C 类 1 …`.
    pub summary: String,
    pub counts: Vec<(&'static str, usize)>,
    /// Indicator column headers with units and benchmarks.
    pub indicators: Vec<IndicatorHead>,
    pub access_label: String,
    /// Evaluation row indices: evaluated rows by rank, then exempt and out-of-scope rows in
    /// file order.
    order: Vec<usize>,
    evaluation: Rc<Evaluation>,
    lang: Lang,
}

impl PartialEq for RankingView {
    fn eq(&self, other: &RankingView) -> bool {
        Rc::ptr_eq(&self.evaluation, &other.evaluation) && self.lang == other.lang
    }
}

/// One indicator column.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorHead {
    pub label: String,
    pub unit: String,
    pub benchmark: String,
    pub weight: String,
}

/// One enterprise in the ranking table.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseRow {
    /// The row's index in the evaluation (for the detail panel).
    pub row: usize,
    pub rank: String,
    pub name: String,
    pub credit_code: String,
    /// `A`, `B`, `C`, `T`, or empty when out of scope.
    pub class_id: &'static str,
    pub class_label: String,
    pub score: String,
    pub indicators: Vec<String>,
    pub access: String,
    pub below_threshold: bool,
    /// `normal`, `warning`, `control`, `exit`, `exempt`, or empty (a CSS hook).
    pub exit_id: &'static str,
    pub exit_label: String,
    pub next: Option<String>,
}

/// What the ranking table shows: filters, search and order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RankingQuery {
    /// A class id (`A`…`T`); empty for all.
    pub class: String,
    /// An exit status id (`warning`, `control` …); empty for all.
    pub status: String,
    /// Part of the name or credit code.
    pub text: String,
    pub sort: SortKey,
}

/// The column the ranking is ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// By rank, then the unranked rows in file order.
    #[default]
    Rank,
    /// Highest score first.
    Score,
    Name,
    /// Highest value of this indicator first.
    Indicator(usize),
}

impl RankingView {
    /// How many rows the ranking has.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the ranking has no rows.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Every row, in ranking order (formatting them all: for reports and tests, not screens).
    pub fn rows(&self) -> Vec<EnterpriseRow> {
        self.order.iter().filter_map(|&i| self.row(i)).collect()
    }

    /// The row of evaluation row `row`, formatted.
    pub fn row(&self, row: usize) -> Option<EnterpriseRow> {
        let m = self.evaluation.enterprises.as_ref()?;
        let r = m.rows.get(row)?;
        let lang = self.lang;
        let cells = m.cells(row);
        Some(EnterpriseRow {
            row,
            rank: r.rank.map(|n| n.to_string()).unwrap_or_default(),
            name: r.name.clone(),
            credit_code: r.credit_code.clone().unwrap_or_default(),
            class_id: r.class.map(Class::id).unwrap_or(""),
            class_label: match r.class {
                Some(class) => class_label(class, r.vetoed, lang),
                None => zh_en(lang, "不在范围", "Out of scope"),
            },
            score: r.score.map(format::figure).unwrap_or_default(),
            indicators: m
                .indicators
                .iter()
                .zip(cells)
                .map(|(ind, cell)| {
                    cell.value
                        .map(|v| indicator_value(v, &ind.unit))
                        .unwrap_or_else(|| "—".into())
                })
                .collect(),
            access: r
                .access_value
                .map(format::figure)
                .unwrap_or_else(|| "—".into()),
            below_threshold: r.below_threshold == Some(true),
            exit_id: r.exit.map(ExitStatus::id).unwrap_or(""),
            exit_label: r
                .exit
                .map(|s| exit_label(s, lang).to_string())
                .unwrap_or_default(),
            next: m.next_class_sentence(row).map(|t| pick(&t, lang)),
        })
    }

    /// The rows shown for `query`, in order (evaluation row indices, for [`RankingView::row`]).
    /// Missing values sort last.
    pub fn select(&self, query: &RankingQuery) -> Vec<usize> {
        let Some(m) = self.evaluation.enterprises.as_ref() else {
            return Vec::new();
        };
        let text = query.text.trim();
        let mut shown: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| {
                let Some(r) = m.rows.get(i) else {
                    return false;
                };
                (query.class.is_empty() || r.class.map(Class::id) == Some(query.class.as_str()))
                    && (query.status.is_empty()
                        || r.exit.map(ExitStatus::id) == Some(query.status.as_str()))
                    && (text.is_empty()
                        || r.name.contains(text)
                        || r.credit_code.as_deref().is_some_and(|c| c.contains(text)))
            })
            .collect();
        let score = |i: usize| m.rows.get(i).and_then(|r| r.score);
        let desc = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        match query.sort {
            SortKey::Rank => {}
            SortKey::Score => shown.sort_by(|&a, &b| desc(score(a), score(b))),
            SortKey::Name => shown.sort_by(|&a, &b| {
                let name = |i: usize| m.rows.get(i).map(|r| r.name.as_str());
                name(a).cmp(&name(b))
            }),
            SortKey::Indicator(k) => shown.sort_by(|&a, &b| {
                let v = |i: usize| m.cells(i).get(k).and_then(|c| c.value);
                desc(v(a), v(b))
            }),
        }
        shown
    }
}

/// Builds the result screen for `lang`.
pub fn result_view(evaluation: &Rc<Evaluation>, lang: Lang) -> ResultView {
    let title = match (evaluation.year, lang) {
        (Some(y), Lang::Zh) => format!("{y} 年度评价"),
        (Some(y), Lang::En) => format!("Evaluation of {y}"),
        (None, Lang::Zh) => "评价".to_string(),
        (None, Lang::En) => "Evaluation".to_string(),
    };
    let packs = evaluation
        .packs
        .iter()
        .map(|p| format!("{} {} · {}", p.id, p.version, p.short_hash()))
        .collect();
    let overrides = evaluation
        .overrides
        .iter()
        .map(|o| format!("{}: {} → {}", o.key, o.from, o.to))
        .collect();
    ResultView {
        title,
        packs,
        overrides,
        park: evaluation.park.as_ref().map(|p| park_view(p, lang)),
        ranking: evaluation
            .enterprises
            .as_ref()
            .map(|m| Rc::new(ranking_view(m, evaluation, lang))),
    }
}

fn pick(text: &Text, lang: Lang) -> String {
    match lang {
        Lang::Zh => text.zh.clone(),
        Lang::En => text.en.clone(),
    }
}

/// The name of a trace input: a field id (`revenue`, `revenue@2022`) or a park fact
/// (`park.new_factory_area`), in words.
fn input_label(id: &str, lang: Lang) -> String {
    let (base, year) = match id.split_once('@') {
        Some((base, year)) => (base, Some(year)),
        None => (id, None),
    };
    let name = if let Some(fact) = base.strip_prefix("park.") {
        match (ChecklistItem::from_id(fact), fact) {
            (Some(item), _) => zh_en(lang, item.label_zh(), item.label_en()),
            (None, "new_factory_area") => zh_en(lang, "新建标准化厂房面积", "new factory area"),
            (None, "new_multistorey_area") => {
                zh_en(lang, "其中多层厂房面积", "of which multi-storey")
            }
            (None, "platforms") => zh_en(lang, "省级以上创新平台", "innovation platforms"),
            (None, "key_fields") => zh_en(lang, "重点发展领域", "key fields"),
            (None, "provincial_reward") => zh_en(lang, "省级奖励资金", "provincial reward"),
            (None, other) => other.to_string(),
        }
    } else {
        match FieldId::from_id(base) {
            Some(f) => zh_en(lang, f.label_zh(), f.label_en()),
            None => base.to_string(),
        }
    };
    match year {
        Some(y) => format!("{name}@{y}"),
        None => name,
    }
}

fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The label of a criterion or item state.
pub fn state_label(state: State, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => state.label_zh(),
        Lang::En => state.label_en(),
    }
}

fn provenance_label(p: Provenance, lang: Lang) -> &'static str {
    match (p, lang) {
        (_, Lang::Zh) => p.label_zh(),
        (Provenance::Seed, Lang::En) => "Stated in the policy",
        (Provenance::Sourced, Lang::En) => "Published practice",
        (Provenance::Local, Lang::En) => "Local parameter (confirm)",
    }
}

/// The overall verdict: a CSS hook and its label.
fn overall(state: OverallState, lang: Lang) -> (&'static str, String) {
    match state {
        OverallState::Met => (
            "met",
            zh_en(lang, "达到创建标准", "Meets the creation standards"),
        ),
        OverallState::NotMet => (
            "not_met",
            zh_en(
                lang,
                "未达到创建标准",
                "Does not meet the creation standards",
            ),
        ),
        OverallState::NotEvaluable => (
            "not_evaluable",
            zh_en(lang, "尚不能完整评价", "Cannot be fully evaluated yet"),
        ),
    }
}

/// 预警 and 约谈 of the evaluated year, in words.
fn annual(warning: Option<bool>, interview: Option<bool>, lang: Lang) -> (String, String) {
    let warning = match warning {
        Some(true) => zh_en(lang, "本年度预警：是", "Warning this year: yes"),
        Some(false) => zh_en(lang, "本年度预警：否", "Warning this year: no"),
        None => zh_en(lang, "本年度预警：未知", "Warning this year: unknown"),
    };
    let interview = match interview {
        Some(true) => zh_en(
            lang,
            "约谈：连续预警，将约谈所在县（区）分管领导",
            "Interview: warned in consecutive years",
        ),
        Some(false) => zh_en(lang, "约谈：否", "Interview: no"),
        None => zh_en(
            lang,
            "约谈：上一年度预警情况未知",
            "Interview: last year's warning unknown",
        ),
    };
    (warning, interview)
}

/// One park's scorecard for `lang`.
pub fn park_view(park: &ParkEvaluation, lang: Lang) -> ParkView {
    let (overall_id, overall_label) = overall(park.overall.state, lang);
    let last = park.years.last();
    let (warning, interview) = annual(last.and_then(|y| y.warning), park.interview, lang);
    let reward = park.reward.as_ref().map(|r| match lang {
        Lang::Zh => format!(
            "若成功创建：一次性经费激励 {}（省级奖励资金 {} 的 {}{}）",
            format::money_wan(r.amount, lang),
            format::money_wan(r.provincial_reward, lang),
            r.share.display(),
            if r.capped {
                "，已按上限封顶"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "If recognised: one-off incentive {} ({} of the provincial reward {}{})",
            format::money_wan(r.amount, lang),
            r.share.display(),
            format::money_wan(r.provincial_reward, lang),
            if r.capped { ", capped" } else { "" }
        ),
    });
    let years = park
        .years
        .iter()
        .map(|y| YearView {
            year: y.year,
            mu_revenue: y
                .mu_revenue
                .map(format::figure)
                .unwrap_or_else(|| "—".into()),
            mu_tax: y.mu_tax.map(format::figure).unwrap_or_else(|| "—".into()),
            warning: match y.warning {
                Some(true) => zh_en(lang, "预警", "Warning"),
                Some(false) => zh_en(lang, "无", "None"),
                None => "—".into(),
            },
        })
        .collect();
    let context = park.context.as_ref().map(|c| {
        let share = |v: Option<f64>| v.map(format::percent).unwrap_or_else(|| "—".into());
        match lang {
            Lang::Zh => format!(
                "A 类企业占比 {}；A 类企业用地占比 {}",
                share(c.a_share_enterprises),
                share(c.a_share_land)
            ),
            Lang::En => format!(
                "A-class enterprises {}; their share of land {}",
                share(c.a_share_enterprises),
                share(c.a_share_land)
            ),
        }
    });
    ParkView {
        overall_id,
        overall_label,
        overall_sentence: pick(&park.overall.sentence, lang),
        cards: park.criteria.iter().map(|c| card_view(c, lang)).collect(),
        warning,
        interview,
        reward,
        years,
        context,
    }
}

/// A criterion's figure in its unit: `fraction` as a percentage, 万元 as money.
fn figure_in_unit(value: Option<f64>, unit: &str, lang: Lang) -> String {
    match value {
        Some(v) if unit == "fraction" => format::percent(v),
        Some(v) if unit == "万元" => format::money_wan(v, lang),
        Some(v) => format::with_unit(v, format::unit_name(unit, lang)),
        None => "—".to_string(),
    }
}

fn card_view(c: &CriterionResult, lang: Lang) -> CardView {
    let t = &c.trace;
    let observed = figure_in_unit(t.observed, &t.unit, lang);
    let gap = t
        .gap
        .as_ref()
        .map(|g| figure_in_unit(Some(g.amount), &g.unit, lang))
        .unwrap_or_default();
    let threshold = t
        .threshold
        .as_ref()
        .map(|p| match p.comparator {
            Some(cmp) => format!("{} {}", cmp.symbol(), p.display_in(lang)),
            None => p.display_in(lang),
        })
        .unwrap_or_default();
    let provenance = t
        .threshold
        .as_ref()
        .map(|p| format!("{} · {}", provenance_label(p.provenance, lang), p.clause))
        .unwrap_or_else(|| c.clause.clone());
    let modified = t
        .threshold
        .iter()
        .chain(t.params.iter())
        .any(|p| p.overridden);
    CardView {
        id: c.id.clone(),
        title: pick(&c.label, lang),
        state_id: t.state.id(),
        state_label: state_label(t.state, lang),
        observed,
        threshold,
        gap,
        sentence: pick(&t.sentence, lang),
        provenance,
        self_declared: c.self_declared,
        modified,
        inputs: t
            .inputs
            .iter()
            .map(|i| {
                let value = i.value.map(format::figure).unwrap_or_else(|| "—".into());
                match (i.rows, lang) {
                    (0, _) => format!("{} {value}", input_label(&i.field, lang)),
                    (n, Lang::Zh) => format!("{} {value}（{n} 行）", input_label(&i.field, lang)),
                    (n, Lang::En) => format!("{} {value} ({n} rows)", input_label(&i.field, lang)),
                }
            })
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// The label of an 亩均 class.
pub fn class_label(class: Class, vetoed: bool, lang: Lang) -> String {
    match (class, vetoed, lang) {
        (Class::C, true, Lang::Zh) => "C 类（一票否决）".into(),
        (Class::C, true, Lang::En) => "C (veto)".into(),
        (Class::T, _, Lang::Zh) => "免评".into(),
        (Class::T, _, Lang::En) => "Exempt".into(),
        (c, _, Lang::Zh) => format!("{} 类", c.id()),
        (c, _, Lang::En) => c.id().to_string(),
    }
}

fn exit_label(status: ExitStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => status.label_zh(),
        Lang::En => status.label_en(),
    }
}

fn ranking_view(m: &MujunEvaluation, evaluation: &Rc<Evaluation>, lang: Lang) -> RankingView {
    let c = &m.counts;
    let summary = match lang {
        Lang::Zh => format!(
            "参评 {} 家：A 类 {}、B 类 {}、C 类 {}（其中一票否决 {}）；免评 {}；不在评价范围 {}",
            m.evaluated, c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
        ),
        Lang::En => format!(
            "{} evaluated: A {}, B {}, C {} (veto {}); exempt {}; out of scope {}",
            m.evaluated, c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
        ),
    };
    let indicators = m
        .indicators
        .iter()
        .map(|i| IndicatorHead {
            label: pick(&i.label, lang),
            unit: i.unit.clone(),
            benchmark: i
                .benchmark
                .map(|b| indicator_value(b, &i.unit))
                .unwrap_or_else(|| "—".into()),
            weight: format::grouped(i.weight, 0),
        })
        .collect();
    let mut order: Vec<usize> = m.ranking.clone();
    order.extend((0..m.rows.len()).filter(|i| m.rows[*i].rank.is_none()));
    let access_label = match lang {
        Lang::Zh => format!(
            "准入门槛 {} {}",
            m.access.comparator.map(|c| c.symbol()).unwrap_or("≥"),
            m.access.display()
        ),
        Lang::En => format!(
            "Access threshold {} {}",
            m.access.comparator.map(|c| c.symbol()).unwrap_or("≥"),
            m.access.display_in(lang)
        ),
    };
    RankingView {
        summary,
        counts: vec![("A", c.a), ("B", c.b), ("C", c.c), ("T", c.t)],
        indicators,
        access_label,
        order,
        evaluation: evaluation.clone(),
        lang,
    }
}

/// An indicator value in its unit: percentages for `%`, plain figures otherwise.
fn indicator_value(value: f64, unit: &str) -> String {
    if unit == "%" || unit == "fraction" {
        format::percent(value)
    } else {
        format::figure(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, IngestOptions};

    fn sample_evaluation() -> Rc<Evaluation> {
        let ingested = ingest::interpret(
            &ingest::sample::sample_workbook(),
            &IngestOptions::default(),
        );
        Rc::new(crate::rules::evaluate_all(&ingested.dataset, None, &[]))
    }

    fn sample_view(lang: Lang) -> ResultView {
        result_view(&sample_evaluation(), lang)
    }

    #[test]
    fn the_worked_example_reads_as_domain_section_3() {
        let view = sample_view(Lang::Zh);
        assert_eq!(view.title, "2023 年度评价");
        let park = view.park.expect("park");
        let c1 = &park.cards[0];
        assert_eq!(
            (c1.id.as_str(), c1.observed.as_str(), c1.state_id),
            ("C1", "88.07%", "pass")
        );
        let c2 = &park.cards[1];
        assert_eq!((c2.observed.as_str(), c2.state_id), ("18.01%", "fail"));
        assert!(c2.sentence.contains("1.75 亿元"), "{}", c2.sentence);
        let c4 = &park.cards[3];
        assert_eq!((c4.observed.as_str(), c4.state_id), ("11.80%", "pass"));
        let years: Vec<&str> = park.years.iter().map(|y| y.mu_revenue.as_str()).collect();
        assert_eq!(years, ["236.47", "266.03", "295.59"]);

        let rows = view.ranking.expect("ranking").rows();
        let top: Vec<(&str, &str, &str)> = rows
            .iter()
            .take(3)
            .map(|r| (r.name.as_str(), r.score.as_str(), r.class_id))
            .collect();
        assert_eq!(
            top,
            [
                ("雅安锂电新材料有限公司", "184.05", "A"),
                ("名山数据服务有限公司", "162.06", "A"),
                ("川西精密制造有限公司", "145.90", "B")
            ]
        );
        let exempt = rows
            .iter()
            .find(|r| r.name == "天全新能源科技有限公司")
            .expect("exempt row");
        assert_eq!((exempt.class_id, exempt.exit_id), ("T", "exempt"));
        let veto = rows
            .iter()
            .find(|r| r.name == "芦山纺织有限公司")
            .expect("veto row");
        assert_eq!(
            (veto.class_label.as_str(), veto.exit_id),
            ("C 类（一票否决）", "exit")
        );
    }

    #[test]
    fn english_uses_english_labels() {
        let view = sample_view(Lang::En);
        assert_eq!(view.title, "Evaluation of 2023");
        let park = view.park.expect("park");
        assert_eq!(park.cards[0].state_label, "Met");
        assert!(park.overall_label.starts_with("Does not meet"));
    }

    #[test]
    fn the_ranking_filters_searches_and_sorts() {
        let evaluation = sample_evaluation();
        let m = evaluation.enterprises.as_ref().expect("enterprises");
        let view = result_view(&evaluation, Lang::Zh);
        let r = view.ranking.as_ref().expect("ranking");
        let all = r.select(&RankingQuery::default());
        assert_eq!(all.len(), r.len());
        assert_eq!(all.len(), m.rows.len());
        assert_eq!(r.row(all[0]).map(|row| row.rank), Some("1".into()));
        assert_eq!(
            r.rows().iter().map(|row| row.row).collect::<Vec<_>>(),
            all,
            "every row, in ranking order"
        );
        let a = r.select(&RankingQuery {
            class: "A".into(),
            ..RankingQuery::default()
        });
        assert!(
            !a.is_empty()
                && a.iter()
                    .all(|&i| r.row(i).is_some_and(|row| row.class_id == "A"))
        );
        let by_score = r.select(&RankingQuery {
            sort: SortKey::Score,
            ..RankingQuery::default()
        });
        let scores: Vec<f64> = by_score.iter().filter_map(|&i| m.rows[i].score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        let name = m.rows[all[2]].name.clone();
        let found = r.select(&RankingQuery {
            text: name.chars().take(4).collect(),
            ..RankingQuery::default()
        });
        assert!(found.contains(&all[2]));
        let by_tax = r.select(&RankingQuery {
            sort: SortKey::Indicator(1),
            ..RankingQuery::default()
        });
        let tax: Vec<Option<f64>> = by_tax.iter().map(|&i| m.cells(i)[1].value).collect();
        let known: Vec<f64> = tax.iter().flatten().copied().collect();
        assert!(known.windows(2).all(|w| w[0] >= w[1]), "{tax:?}");
        let first_missing = tax.iter().position(Option::is_none).unwrap_or(tax.len());
        assert!(
            tax[first_missing..].iter().all(Option::is_none),
            "missing values sort last"
        );
        assert_eq!(r.row(m.rows.len()), None);
    }

    #[test]
    fn english_sentences_have_no_chinese_outside_names() {
        let view = sample_view(Lang::En);
        let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let park = view.park.as_ref().expect("park");
        let mut texts: Vec<String> = park.cards.iter().map(|c| c.sentence.clone()).collect();
        texts.push(park.overall_sentence.clone());
        texts.extend(
            park.cards
                .iter()
                .map(|c| format!("{} {}", c.observed, c.threshold)),
        );
        texts.extend(park.reward.clone());
        let ranking = view.ranking.as_ref().expect("ranking");
        texts.extend(ranking.rows().into_iter().filter_map(|r| r.next));
        texts.push(ranking.access_label.clone());
        for text in texts {
            assert!(!text.chars().any(is_cjk), "{text}");
        }
    }
}
