//! The enterprise ranking: class counts, then every enterprise with rank, class, score, each
//! indicator, the access figure and the exit status; filter by class, search by name, and the
//! "what would move it up a class" line per row. Large rankings are paged so 10,000+ rows stay
//! smooth; the order and filters are computed by [`RankingView::select`].

use std::rc::Rc;

use yew::prelude::*;

use super::pager::{self, PAGE};
use crate::i18n::{Key, Lang, t};
use crate::report::{RankingQuery, RankingView, SortKey};
use crate::rules::ExitStatus;

#[derive(Properties, PartialEq)]
pub struct RankingProps {
    pub lang: Lang,
    pub ranking: Rc<RankingView>,
    /// The selected row (an evaluation row index), if any.
    pub selected: Option<usize>,
    /// Called with the evaluation row index of a row the user opens.
    pub on_select: Callback<usize>,
}

const STATUSES: [ExitStatus; 5] = [
    ExitStatus::Normal,
    ExitStatus::Warning,
    ExitStatus::Control,
    ExitStatus::Exit,
    ExitStatus::Exempt,
];

#[component]
pub fn Ranking(props: &RankingProps) -> Html {
    let l = props.lang;
    let r = &props.ranking;
    let query = use_state(RankingQuery::default);
    let page = use_state(|| 0usize);

    let on_class = pager::on_select(&query, &page, |q, v| q.class = v);
    let on_status = pager::on_select(&query, &page, |q, v| q.status = v);
    let on_sort = pager::on_select(&query, &page, |q, v| {
        q.sort = match v.as_str() {
            "score" => SortKey::Score,
            "name" => SortKey::Name,
            other => other
                .strip_prefix("ind-")
                .and_then(|k| k.parse().ok())
                .map(SortKey::Indicator)
                .unwrap_or_default(),
        }
    });
    let on_query = pager::on_input(&query, &page, |q, v| q.text = v);
    let shown = use_memo(((*query).clone(), props.ranking.clone()), |(q, r)| {
        r.select(q)
    });
    let (pages, current) = pager::pages(shown.len(), *page);
    let sort_value = match query.sort {
        SortKey::Rank => "rank".to_string(),
        SortKey::Score => "score".to_string(),
        SortKey::Name => "name".to_string(),
        SortKey::Indicator(k) => format!("ind-{k}"),
    };
    html! {
        <section class="ranking" aria-labelledby="ranking-title">
            <h3 id="ranking-title">{ t(l, Key::Ranking) }</h3>
            <p class="class-summary" id="class-summary">{ &r.summary }</p>
            <div class="filters">
                <label>
                    <span class="visually-hidden">{ t(l, Key::Class) }</span>
                    <select onchange={on_class} id="class-filter">
                        <option value="" selected={query.class.is_empty()}>{ t(l, Key::AllClasses) }</option>
                        { for ["A", "B", "C", "T"].iter().map(|c| html! {
                            <option value={*c} selected={query.class == *c}>{ *c }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ t(l, Key::ExitStatus) }</span>
                    <select onchange={on_status} id="status-filter">
                        <option value="" selected={query.status.is_empty()}>{ t(l, Key::AllStatuses) }</option>
                        { for STATUSES.iter().map(|s| html! {
                            <option value={s.id()} selected={query.status == s.id()}>
                                { if l == Lang::Zh { s.label_zh() } else { s.label_en() } }
                            </option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ t(l, Key::SortBy) }</span>
                    <select onchange={on_sort} id="sort-by" value={sort_value.clone()}>
                        <option value="rank" selected={sort_value == "rank"}>{ t(l, Key::Rank) }</option>
                        <option value="score" selected={sort_value == "score"}>{ t(l, Key::Score) }</option>
                        <option value="name" selected={sort_value == "name"}>{ t(l, Key::Enterprise) }</option>
                        { for r.indicators.iter().enumerate().map(|(k, i)| {
                            let v = format!("ind-{k}");
                            html! { <option value={v.clone()} selected={sort_value == v}>{ &i.label }</option> }
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ t(l, Key::SearchName) }</span>
                    <input type="search" id="name-search" placeholder={t(l, Key::SearchName)} oninput={on_query} value={query.text.clone()} />
                </label>
                <span class="muted" id="rows-shown">{ format!("{} {} / {}", t(l, Key::RowsShown), shown.len(), r.len()) }</span>
                <span class="muted">{ &r.access_label }</span>
            </div>
            if pages > 1 || shown.len() < r.len() {
                <p class="print-only" id="printed-page">
                    { format!("{}（{} {}–{} / {}）", t(l, Key::PrintedPage), t(l, Key::RowsShown),
                        (current * PAGE + 1).min(shown.len()), (current * PAGE + PAGE).min(shown.len()), r.len()) }
                </p>
            }
            <div class="table-scroll">
            <table class="enterprises" id="enterprise-table">
                <thead>
                    <tr>
                        <th scope="col">{ t(l, Key::Rank) }</th>
                        <th scope="col">{ t(l, Key::Enterprise) }</th>
                        <th scope="col">{ t(l, Key::Class) }</th>
                        <th scope="col">{ t(l, Key::Score) }</th>
                        { for r.indicators.iter().map(|i| html! {
                            <th scope="col" title={format!("{} {} · {} {}", t(l, Key::Benchmark), i.benchmark, t(l, Key::Weight), i.weight)}>
                                { &i.label }<br/><span class="unit">{ &i.unit }</span>
                            </th>
                        }) }
                        <th scope="col">{ t(l, Key::ExitStatus) }</th>
                    </tr>
                    <tr class="benchmarks">
                        <th scope="row" colspan="4">{ t(l, Key::Benchmark) }</th>
                        { for r.indicators.iter().map(|i| html! { <td class="num">{ &i.benchmark }</td> }) }
                        <td></td>
                    </tr>
                </thead>
                <tbody>
                { for shown.iter().skip(current * PAGE).take(PAGE).filter_map(|&i| r.row(i)).map(|row| {
                    let on_select = props.on_select.clone();
                    let index = row.row;
                    let open = Callback::from(move |_: MouseEvent| on_select.emit(index));
                    let selected = props.selected == Some(row.row);
                    html! {
                        <tr class={classes!(row.below_threshold.then_some("below"), selected.then_some("selected"))}>
                            <td class="num">{ &row.rank }</td>
                            <th scope="row" class="name">
                                <button type="button" class="link row-open" aria-expanded={selected.to_string()} onclick={open}
                                    title={t(l, Key::ShowDetail)}>{ &row.name }</button>
                                if let Some(next) = &row.next { <div class="next">{ next }</div> }
                            </th>
                            <td><span class={classes!("class", format!("class-{}", row.class_id))}>{ &row.class_label }</span></td>
                            <td class="num score">{ &row.score }</td>
                            { for row.indicators.iter().map(|v| html! { <td class="num">{ v }</td> }) }
                            <td><span class={classes!("exit-status", format!("exit-{}", row.exit_id))}>{ &row.exit_label }</span></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            { pager::pager(l, "", pages, current, &page) }
        </section>
    }
}
