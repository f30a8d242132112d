//! The city's printed report (A4, `@media print` in `styles/city.css`): a header with the
//! packs (id, version, whole hash), every file with its SHA-256 and the date, and each park's
//! criteria with observed value, threshold and gap (the single park's `CriteriaTable`). On screen these parts are hidden; the
//! goal line and the dashboard with every park's C1–C8 states come from the screen itself.
//! Figures and sentences come from [`crate::report::city::CityPrintView`]; this module must not
//! compute or format any figure itself.

use yew::prelude::*;

use crate::city_session::CityFile;
use crate::i18n::{Key, Lang, t};
use crate::report::city::CityPrintView;
use crate::ui::print::{CriteriaTable, today};

/// The report's header: title, packs, files with their fingerprints, date.
pub fn print_header(l: Lang, v: &CityPrintView, files: &[CityFile]) -> Html {
    let today = today();
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

/// Each park's criteria: the single park's printed criteria table, one per park, headed by the
/// park, its file and its verdict.
pub fn park_criteria(l: Lang, v: &CityPrintView) -> Html {
    html! {
        <section class="print-only city-print-parks" id="city-print-parks">
            <h3>{ t(l, Key::CityPrintParks) }</h3>
            { for v.parks.iter().filter_map(|p| p.park.as_ref().map(|park| html! {
                <CriteriaTable lang={l} park={park.clone()} heading={AttrValue::from(p.heading.clone())} />
            })) }
        </section>
    }
}
