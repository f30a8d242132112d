//! The enterprise detail panel: one enterprise's items traced against their benchmarks, its
//! access threshold and exit status, and what would move it up a class.
//!
//! Built from [`MujunEvaluation`]'s own traces; no scoring happens here.

use super::{class_label, exit_label, input_label, pick, state_label, zh_en};
use crate::format;
use crate::i18n::Lang;
use crate::rules::{Class, MujunEvaluation, Trace};

/// One enterprise, item by item.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    pub name: String,
    pub credit_code: String,
    /// `表“企业”第 5 行` / `sheet 企业, row 5`.
    pub source: String,
    pub class_id: &'static str,
    pub class_label: String,
    pub rank: String,
    pub score: String,
    /// Notes such as the veto reason or why the enterprise is exempt.
    pub notes: Vec<String>,
    pub items: Vec<ItemView>,
    /// The access threshold check.
    pub access: Option<ItemView>,
    pub exit_label: String,
    /// What would move it up a class.
    pub next: Option<String>,
}

/// One traced item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub label: String,
    /// A CSS hook: `pass`, `fail`, `not_evaluable`, `not_applicable`.
    pub state_id: &'static str,
    pub state_label: &'static str,
    /// The inputs as used: `营业收入 1,000 · 用地面积（亩） 10`.
    pub inputs: String,
    pub sentence: String,
}

/// The detail of row `row` of the evaluation (an index into `m.rows`).
pub fn enterprise_detail(m: &MujunEvaluation, row: usize, lang: Lang) -> Option<DetailView> {
    let r = m.rows.get(row)?;
    let items = (0..m.indicators.len())
        .filter_map(|i| {
            let trace = m.item_trace(row, i)?;
            Some(item_view(pick(&m.indicators[i].label, lang), &trace, lang))
        })
        .collect();
    let access = m
        .access_trace(row)
        .map(|t| item_view(zh_en(lang, "准入门槛", "Access threshold"), &t, lang));
    let mut notes = Vec::new();
    if let Some(note) = &r.veto_note {
        notes.push(format!("{}：{note}", zh_en(lang, "一票否决", "Veto")));
    }
    if r.exempt {
        notes.push(zh_en(lang, "本年度免评", "Exempt this year"));
    }
    if !r.in_scope {
        notes.push(zh_en(
            lang,
            "不在评价范围（非规上且非新落户项目）",
            "Out of scope (neither above designated size nor a new project)",
        ));
    }
    Some(DetailView {
        name: r.name.clone(),
        credit_code: r.credit_code.clone().unwrap_or_default(),
        source: r
            .source
            .as_ref()
            .map(|s| match lang {
                Lang::Zh => format!("表“{}”第 {} 行", s.sheet, s.row),
                Lang::En => format!("sheet {}, row {}", s.sheet, s.row),
            })
            .unwrap_or_default(),
        class_id: r.class.map(Class::id).unwrap_or(""),
        class_label: match r.class {
            Some(class) => class_label(class, r.vetoed, lang),
            None => zh_en(lang, "不在范围", "Out of scope"),
        },
        rank: r.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
        score: r.score.map(format::figure).unwrap_or_else(|| "—".into()),
        notes,
        items,
        access,
        exit_label: r
            .exit
            .map(|s| exit_label(s, lang).to_string())
            .unwrap_or_default(),
        next: m.next_class_sentence(row).map(|t| pick(&t, lang)),
    })
}

fn item_view(label: String, trace: &Trace, lang: Lang) -> ItemView {
    let inputs = trace
        .inputs
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                input_label(&i.field, lang),
                i.value.map(format::figure).unwrap_or_else(|| "—".into())
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    ItemView {
        label,
        state_id: trace.state.id(),
        state_label: state_label(trace.state, lang),
        inputs,
        sentence: pick(&trace.sentence, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, IngestOptions};
    use crate::rules;

    #[test]
    fn the_detail_traces_every_item_and_the_access_threshold() {
        let ingested = ingest::interpret(
            &ingest::sample::sample_workbook(),
            &IngestOptions::default(),
        );
        let e = rules::evaluate_all(&ingested.dataset, None, &[]);
        let m = e.enterprises.as_ref().expect("sample has enterprises");
        let first = m.ranking[0];
        let d = enterprise_detail(m, first, Lang::Zh).expect("a row");
        assert_eq!(d.rank, "1");
        assert_eq!(d.items.len(), m.indicators.len());
        assert!(
            d.items[0].inputs.contains("营业收入"),
            "{}",
            d.items[0].inputs
        );
        assert!(
            d.items[0].sentence.contains("基准"),
            "{}",
            d.items[0].sentence
        );
        assert!(d.access.is_some());
        assert!(d.source.contains("第"), "{}", d.source);
        assert!(enterprise_detail(m, m.rows.len(), Lang::Zh).is_none());
        let en = enterprise_detail(m, first, Lang::En).expect("a row");
        assert!(
            en.items[0].inputs.contains("Revenue"),
            "{}",
            en.items[0].inputs
        );
    }
}
