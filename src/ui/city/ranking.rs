//! The city 亩均 ranking table: every park's enterprises with their park, rank, class, score,
//! indicators and exit status; filter by park and class, search by name; paged like the single
//! park's ranking so tens of thousands of rows stay smooth (only a page of rows is drawn). Rows and order come from
//! [`CityRankingView`] and its `select`.

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report::city::{CityRankingQuery, CityRankingView};
use crate::ui::pager::{self, PAGE};

/// The ranking table (`query` and `page` are kept by the city screen, which starts them again
/// when the parks change).
pub fn city_ranking(
    l: Lang,
    r: &CityRankingView,
    query: &UseStateHandle<CityRankingQuery>,
    page: &UseStateHandle<usize>,
) -> Html {
    let on_park = pager::on_select(query, page, |q, v| q.park = v.parse().ok());
    let on_class = pager::on_select(query, page, |q, v| q.class = v);
    let on_text = pager::on_input(query, page, |q, v| q.text = v);
    let shown = r.select(query);
    let (pages, current) = pager::pages(shown.len(), **page);
    let city_scope = r.scope_id == "city";
    html! {
        <section class="ranking city-ranking" aria-labelledby="city-ranking-title">
            <h3 id="city-ranking-title">{ t(l, Key::CityRanking) }</h3>
            <p class="class-summary" id="city-ranking-summary">{ &r.summary }</p>
            if let Some(b) = &r.benchmarks {
                <p class="muted" id="city-benchmark-values">{ b }</p>
            }
            <div class="filters">
                <label>
                    <span class="visually-hidden">{ t(l, Key::CityPark) }</span>
                    <select id="city-ranking-park" onchange={on_park}>
                        <option value="" selected={query.park.is_none()}>{ t(l, Key::CityFilterAll) }</option>
                        { for r.parks.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={query.park == Some(i)}>{ p }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ t(l, Key::Class) }</span>
                    <select id="city-ranking-class" onchange={on_class}>
                        <option value="" selected={query.class.is_empty()}>{ t(l, Key::AllClasses) }</option>
                        { for ["A", "B", "C", "T"].iter().map(|c| html! {
                            <option value={*c} selected={query.class == *c}>{ *c }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ t(l, Key::SearchName) }</span>
                    <input type="search" id="city-ranking-search" placeholder={t(l, Key::SearchName)}
                        oninput={on_text} value={query.text.clone()} />
                </label>
                <span class="muted" id="city-ranking-shown">{ format!("{} {} / {}", t(l, Key::RowsShown), shown.len(), r.rows.len()) }</span>
            </div>
            <div class="table-scroll">
            <table class="enterprises" id="city-ranking">
                <thead>
                    <tr>
                        <th scope="col">{ t(l, Key::Rank) }</th>
                        <th scope="col">{ t(l, Key::CityPark) }</th>
                        <th scope="col">{ t(l, Key::Enterprise) }</th>
                        <th scope="col">{ t(l, Key::Class) }</th>
                        <th scope="col">{ t(l, Key::Score) }</th>
                        { for r.indicators.iter().map(|i| html! {
                            <th scope="col">{ &i.label }<br/><span class="unit">{ &i.unit }</span></th>
                        }) }
                        <th scope="col">{ t(l, Key::ExitStatus) }</th>
                    </tr>
                    if city_scope {
                        <tr class="benchmarks">
                            <th scope="row" colspan="5">{ t(l, Key::Benchmark) }</th>
                            { for r.indicators.iter().map(|i| html! { <td class="num">{ &i.benchmark }</td> }) }
                            <td></td>
                        </tr>
                    }
                </thead>
                <tbody>
                { for shown.iter().skip(current * PAGE).take(PAGE).filter_map(|&i| r.rows.get(i)).map(|row| html! {
                    <tr class={classes!(row.below_threshold.then_some("below"))}>
                        <td class="num">{ &row.rank }</td>
                        <td class="park">{ &row.park }</td>
                        <th scope="row" class="name">{ &row.name }</th>
                        <td><span class={classes!("class", format!("class-{}", row.class_id))}>{ &row.class_label }</span></td>
                        <td class="num score">{ &row.score }</td>
                        { for row.indicators.iter().map(|v| html! { <td class="num">{ v }</td> }) }
                        <td><span class={classes!("exit-status", format!("exit-{}", row.exit_id))}>{ &row.exit_label }</span></td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
            { pager::pager(l, "city-", pages, current, page) }
        </section>
    }
}
