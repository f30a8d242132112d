//! The enterprise ranking: class counts, then every enterprise with rank, class, score, each
//! indicator, the access figure and the exit status; filter by class, search by name, and the
//! "what would move it up a class" line per row.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report::RankingView;

#[derive(Properties, PartialEq)]
pub struct RankingProps {
    pub lang: Lang,
    pub ranking: Rc<RankingView>,
}

#[component]
pub fn Ranking(props: &RankingProps) -> Html {
    let l = props.lang;
    let r = &props.ranking;
    let class_filter = use_state(String::new);
    let query = use_state(String::new);

    let on_class = {
        let class_filter = class_filter.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            class_filter.set(select.value());
        })
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let rows: Vec<_> = r
        .rows
        .iter()
        .filter(|row| class_filter.is_empty() || row.class_id == class_filter.as_str())
        .filter(|row| query.is_empty() || row.name.contains(query.trim()))
        .collect();
    html! {
        <section class="ranking" aria-labelledby="ranking-title">
            <h3 id="ranking-title">{ t(l, Key::Ranking) }</h3>
            <p class="class-summary" id="class-summary">{ &r.summary }</p>
            <div class="class-bars" aria-hidden="true">
                { for r.counts.iter().filter(|(_, n)| *n > 0).map(|(id, n)| html! {
                    <span class={classes!("bar", format!("class-{id}"))} style={format!("flex-grow:{n}")}>{ format!("{id} {n}") }</span>
                }) }
            </div>
            <div class="filters">
                <label>
                    <span class="visually-hidden">{ t(l, Key::Class) }</span>
                    <select onchange={on_class} id="class-filter">
                        <option value="" selected={class_filter.is_empty()}>{ t(l, Key::AllClasses) }</option>
                        { for ["A", "B", "C", "T"].iter().map(|c| html! {
                            <option value={*c} selected={class_filter.as_str() == *c}>{ *c }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ t(l, Key::SearchName) }</span>
                    <input type="search" id="name-search" placeholder={t(l, Key::SearchName)} oninput={on_query} value={(*query).clone()} />
                </label>
                <span class="muted">{ format!("{} {} / {}", t(l, Key::RowsShown), rows.len(), r.rows.len()) }</span>
                <span class="muted">{ &r.access_label }</span>
            </div>
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
                { for rows.iter().map(|row| html! {
                    <tr class={classes!(row.below_threshold.then_some("below"))}>
                        <td class="num">{ &row.rank }</td>
                        <th scope="row" class="name">
                            { &row.name }
                            if let Some(next) = &row.next { <div class="next">{ next }</div> }
                        </th>
                        <td><span class={classes!("class", format!("class-{}", row.class_id))}>{ &row.class_label }</span></td>
                        <td class="num score">{ &row.score }</td>
                        { for row.indicators.iter().map(|v| html! { <td class="num">{ v }</td> }) }
                        <td><span class={classes!("exit", row.exit_id)}>{ &row.exit_label }</span></td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}
