//! View models for share links: the read-only view of a result link ([`shared_result_view`])
//! and the side-by-side comparison after recomputing a full-data link with other rules
//! ([`diff_view`]). Display-ready strings, like the rest of the report.

use super::{annual, class_label, exit_label, overall, state_label, zh_en};
use crate::format;
use crate::i18n::Lang;
use crate::rules::{self, Class, ExitStatus};
use crate::share::{CriterionOutcome, Diff, EnterpriseOutcome, ResultState};

/// A result link, read-only.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedResultView {
    pub title: String,
    /// `sichuan-mujun 2022.1 · 3aa034fb51d3fb6e`, one per pack.
    pub packs: Vec<String>,
    pub overrides: Vec<String>,
    pub overall_id: &'static str,
    pub overall_label: String,
    pub annual: String,
    pub cards: Vec<SharedCard>,
    pub summary: String,
    pub rows: Vec<SharedRow>,
}

/// One criterion of a result link.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedCard {
    pub id: String,
    pub title: String,
    pub state_id: &'static str,
    pub state_label: &'static str,
    pub observed: String,
    pub threshold: String,
}

/// One enterprise of a result link.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedRow {
    pub rank: String,
    pub name: String,
    pub class_id: &'static str,
    pub class_label: String,
    pub score: String,
    pub exit_id: &'static str,
    pub exit_label: String,
}

/// The read-only view of a result link.
pub fn shared_result_view(r: &ResultState, lang: Lang) -> SharedResultView {
    let titles = criterion_titles(lang);
    let title = match (r.year, lang) {
        (Some(y), Lang::Zh) => format!("{} · {y} 年度评价（分享的结果）", r.park_name),
        (Some(y), Lang::En) => format!("{} · evaluation of {y} (shared result)", r.park_name),
        (None, Lang::Zh) => format!("{}（分享的结果）", r.park_name),
        (None, Lang::En) => format!("{} (shared result)", r.park_name),
    };
    let park = r.outcome.park.as_ref();
    let (overall_id, overall_label) = park
        .map(|p| overall(p.overall, lang))
        .unwrap_or(("not_evaluable", String::new()));
    let (warning, interview) = annual(
        park.and_then(|p| p.warning),
        park.and_then(|p| p.interview),
        lang,
    );
    let cards = park
        .map(|p| {
            p.criteria
                .iter()
                .map(|c| SharedCard {
                    title: titles
                        .iter()
                        .find(|(id, _)| *id == c.id)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default(),
                    id: c.id.clone(),
                    state_id: c.state.id(),
                    state_label: state_label(c.state, lang),
                    observed: shown(c.observed, &c.unit, lang),
                    threshold: match (c.comparator, c.threshold) {
                        (Some(cmp), Some(t)) => {
                            format!(
                                "{} {}",
                                cmp.symbol(),
                                shown(Some(t), &c.threshold_unit, lang)
                            )
                        }
                        _ => String::new(),
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let (summary, rows) = match &r.outcome.enterprises {
        Some(e) => {
            let c = &e.counts;
            let summary = match lang {
                Lang::Zh => format!(
                    "A 类 {}、B 类 {}、C 类 {}（其中一票否决 {}）；免评 {}；不在评价范围 {}",
                    c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
                ),
                Lang::En => format!(
                    "A {}, B {}, C {} (veto {}); exempt {}; out of scope {}",
                    c.a, c.b, c.c, c.vetoed, c.t, c.out_of_scope
                ),
            };
            let mut ordered: Vec<&EnterpriseOutcome> = e.ranked();
            ordered.extend(e.rows.iter().filter(|r| r.rank.is_none()));
            (summary, ordered.into_iter().map(|r| row(r, lang)).collect())
        }
        None => (String::new(), Vec::new()),
    };
    SharedResultView {
        title,
        packs: r
            .packs
            .iter()
            .map(|p| format!("{} {} · {}", p.id, p.version, p.short_hash()))
            .collect(),
        overrides: r
            .overrides
            .iter()
            .map(|o| format!("{}: {} → {}", o.key, o.from, o.to))
            .collect(),
        overall_id,
        overall_label,
        annual: format!("{warning}；{interview}"),
        cards,
        summary,
        rows,
    }
}

/// What changed after recomputing a full-data link with this app's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffView {
    /// Changed criteria and enterprises only: (what, in the link, now).
    pub rows: Vec<(String, String, String)>,
}

/// The changed rows of a diff, in words.
pub fn diff_view(d: &Diff, lang: Lang) -> DiffView {
    let criterion = |c: Option<&CriterionOutcome>| {
        c.map(|c| {
            format!(
                "{} {}",
                state_label(c.state, lang),
                shown(c.observed, &c.unit, lang)
            )
        })
        .unwrap_or_else(|| "—".into())
    };
    let enterprise = |e: Option<&EnterpriseOutcome>| {
        e.map(|e| {
            let r = row(e, lang);
            format!("{} · {} · {}", r.class_label, r.score, r.exit_label)
        })
        .unwrap_or_else(|| "—".into())
    };
    let mut rows: Vec<(String, String, String)> = d
        .criteria
        .iter()
        .filter(|c| c.changed)
        .map(|c| {
            (
                c.id.clone(),
                criterion(c.link.as_ref()),
                criterion(c.now.as_ref()),
            )
        })
        .collect();
    rows.extend(d.enterprises.iter().filter(|e| e.changed).map(|e| {
        (
            e.name.clone(),
            enterprise(e.link.as_ref()),
            enterprise(e.now.as_ref()),
        )
    }));
    DiffView { rows }
}

fn row(r: &EnterpriseOutcome, lang: Lang) -> SharedRow {
    SharedRow {
        rank: r.rank.map(|n| n.to_string()).unwrap_or_default(),
        name: r.name.clone(),
        class_id: r.class.map(Class::id).unwrap_or(""),
        class_label: match r.class {
            Some(class) => class_label(class, r.vetoed, lang),
            None => zh_en(lang, "不在范围", "Out of scope"),
        },
        score: r.score.map(format::figure).unwrap_or_default(),
        exit_id: r.exit.map(ExitStatus::id).unwrap_or(""),
        exit_label: r
            .exit
            .map(|s| exit_label(s, lang).to_string())
            .unwrap_or_default(),
    }
}

/// A value in its unit for a card: shares as percentages, others with their unit.
fn shown(value: Option<f64>, unit: &str, lang: Lang) -> String {
    match value {
        Some(v) if unit == "fraction" => format::percent(v),
        Some(v) => format::with_unit(v, format::unit_name(unit, lang)),
        None => "—".into(),
    }
}

/// Criterion titles from this app's built-in park pack (a result link carries ids only).
fn criterion_titles(lang: Lang) -> Vec<(String, String)> {
    rules::builtin_compiled()
        .iter()
        .flat_map(|p| p.pack.criteria.iter())
        .map(|c| {
            (
                c.id.clone(),
                match lang {
                    Lang::Zh => c.label.zh.clone(),
                    Lang::En => c.label.en.clone(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::apply_now;
    use crate::session::{Action, Session};
    use crate::share;

    #[test]
    fn a_result_link_reads_like_the_result() {
        let s = apply_now(&Session::default(), Action::SampleRequested);
        let state = share::ResultState::from_session(&s).expect("result");
        let decoded = match share::decode(&share::encode_result(&state), None) {
            Ok(share::Shared::Result(r)) => r,
            other => panic!("{other:?}"),
        };
        let view = shared_result_view(&decoded, Lang::Zh);
        assert!(view.title.contains("2023"), "{}", view.title);
        let c2 = view.cards.iter().find(|c| c.id == "C2").expect("C2");
        assert_eq!(c2.observed, "18.01%");
        assert_eq!(c2.title, "高新技术产业营业收入占比");
        assert_eq!(c2.state_id, "fail");
        assert!(view.rows[0].name.contains("雅安锂电"), "{:?}", view.rows[0]);
        assert!(
            view.rows[0].score.starts_with("184.0"),
            "{}",
            view.rows[0].score
        );
        assert!(view.summary.contains("A 类 2"), "{}", view.summary);
    }
}
