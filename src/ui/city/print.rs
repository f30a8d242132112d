//! The city's printed report (A4, `@media print` in `styles/city.css`): a header with the
//! packs (id, version, whole hash), every file with its SHA-256 and the date, and each park's
//! criteria with observed value, threshold and gap. On screen these parts are hidden; the
//! goal line and the dashboard with every park's C1–C8 states come from the screen itself.
//! Figures and sentences come from [`crate::report::city::CityPrintView`].

use yew::prelude::*;

use crate::city_session::CityFile;
use crate::i18n::{Key, Lang, t};
use crate::report::city::CityPrintView;

/// The report's header: title, packs, files with their fingerprints, date.
pub fn print_header(l: Lang, v: &CityPrintView, files: &[CityFile]) -> Html {
    let today = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let today = today.get(..10).unwrap_or_default().to_string();
    html! {
        <header class="print-only print-header" id="city-print-header">
            <h1>{ t(l, Key::CityPrintTitle) }</h1>
            <dl>
                { for v.packs.iter().map(|p| html! {
                    <>
                        <dt>{ t(l, Key::Packs) }</dt>
                        <dd>{ p }</dd>
                    </>
                }) }
                { for files.iter().map(|f| html! {
                    <>
                        <dt>{ t(l, Key::SourceFile) }</dt>
                        <dd>
                            { &f.name }
                            if !f.sha256.is_empty() { <br/><span class="hash">{ format!("SHA-256 {}", f.sha256) }</span> }
                        </dd>
                    </>
                }) }
                <dt>{ t(l, Key::PrintedOn) }</dt>
                <dd>{ today }</dd>
            </dl>
        </header>
    }
}

/// Each park's criteria: observed, threshold, gap and result.
pub fn park_criteria(l: Lang, v: &CityPrintView) -> Html {
    html! {
        <section class="print-only city-print-parks" id="city-print-parks">
            <h3>{ t(l, Key::CityPrintParks) }</h3>
            { for v.parks.iter().map(|p| html! {
                <section class="city-print-park">
                    <h4>{ &p.label }<span class="muted">{ format!(" · {}", p.source) }</span></h4>
                    if !p.verdict.is_empty() { <p>{ &p.verdict }</p> }
                    <table>
                        <thead><tr>
                            <th scope="col">{ t(l, Key::Item) }</th>
                            <th scope="col">{ t(l, Key::Result) }</th>
                            <th scope="col">{ t(l, Key::Observed) }</th>
                            <th scope="col">{ t(l, Key::Threshold) }</th>
                            <th scope="col">{ t(l, Key::Gap) }</th>
                        </tr></thead>
                        <tbody>
                        { for p.cards.iter().map(|c| html! {
                            <tr class={classes!("crit", c.state_id)}>
                                <th scope="row">{ format!("{} {}", c.id, c.title) }</th>
                                <td>{ c.state_label }</td>
                                <td class="num">{ &c.observed }</td>
                                <td>{ &c.threshold }</td>
                                <td class="num">{ &c.gap }</td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                </section>
            }) }
        </section>
    }
}
