//! The park scorecard: the overall verdict, C1–C8 as cards (observed vs threshold, state, the gap
//! sentence, provenance on hover or tap), 预警/约谈, the reward, and the yearly figures.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report::ParkView;

#[derive(Properties, PartialEq)]
pub struct ScorecardProps {
    pub lang: Lang,
    pub park: Rc<ParkView>,
}

#[component]
pub fn Scorecard(props: &ScorecardProps) -> Html {
    let l = props.lang;
    let park = &props.park;
    html! {
        <section class="scorecard" aria-labelledby="scorecard-title">
            <h3 id="scorecard-title">{ t(l, Key::Scorecard) }</h3>
            <div class={classes!("overall", park.overall_id)} id="overall">
                <strong>{ &park.overall_label }</strong>
                <p>{ &park.overall_sentence }</p>
            </div>
            <ul class="cards">
            { for park.cards.iter().map(|c| html! {
                <li class={classes!("card", c.state_id)} id={format!("card-{}", c.id)}>
                    <div class="card-head">
                        <span class="card-id">{ &c.id }</span>
                        <span class="card-title">{ &c.title }</span>
                        <span class={classes!("state", c.state_id)}>{ c.state_label }</span>
                    </div>
                    <div class="card-figures">
                        <span class="observed" title={t(l, Key::Observed)}>{ &c.observed }</span>
                        <span class="threshold">{ format!("{} {}", t(l, Key::Threshold), c.threshold) }</span>
                    </div>
                    <p class="sentence">{ &c.sentence }</p>
                    <p class="provenance">
                        if c.self_declared { <span class="tag">{ t(l, Key::SelfDeclared) }</span> }
                        if c.modified { <span class="tag modified">{ t(l, Key::Modified) }</span> }
                        <span>{ &c.provenance }</span>
                    </p>
                </li>
            }) }
            </ul>
            <p class="annual" id="annual">{ format!("{}；{}", park.warning, park.interview) }</p>
            if let Some(reward) = &park.reward { <p class="reward">{ reward }</p> }
            if let Some(context) = &park.context { <p class="context">{ context }</p> }
            <table class="years">
                <caption>{ t(l, Key::YearFigures) }</caption>
                <thead><tr>
                    <th scope="col">{ t(l, Key::Years) }</th>
                    <th scope="col">{ t(l, Key::MuRevenue) }</th>
                    <th scope="col">{ t(l, Key::MuTax) }</th>
                    <th scope="col">{ t(l, Key::Warning) }</th>
                </tr></thead>
                <tbody>
                { for park.years.iter().map(|y| html! {
                    <tr>
                        <th scope="row">{ y.year }</th>
                        <td class="num">{ &y.mu_revenue }</td>
                        <td class="num">{ &y.mu_tax }</td>
                        <td>{ &y.warning }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </section>
    }
}
