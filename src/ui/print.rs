//! The printed report's extra parts: a header with the park, the packs (id, version, full
//! hash), the file name and its SHA-256 fingerprint and the date, and the table of every
//! criterion with its inputs, observed value, threshold, gap, provenance and result (also the
//! city report's table for each park). The print stylesheet shows
//! them and hides the controls.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report::ParkView;
use crate::rules::PackStamp;
use crate::session::SourceInfo;

#[derive(Properties, PartialEq)]
pub struct PrintHeaderProps {
    pub lang: Lang,
    pub source: Option<SourceInfo>,
    pub packs: Vec<PackStamp>,
    pub park_name: String,
}

/// Today's date as the printed reports show it (`2026-11-27`, UTC).
pub fn today() -> String {
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    now.get(..10).unwrap_or_default().to_string()
}

#[component]
pub fn PrintHeader(props: &PrintHeaderProps) -> Html {
    let l = props.lang;
    let today = today();
    html! {
        <header class="print-only print-header">
            <h1>{ format!("{} · {}", t(l, Key::PrintTitle), props.park_name) }</h1>
            <dl>
                { for props.packs.iter().map(|p| html! {
                    <>
                        <dt>{ t(l, Key::Packs) }</dt>
                        <dd>{ format!("{} {} · SHA-256 {}", p.id, p.version, p.hash) }</dd>
                    </>
                }) }
                if let Some(source) = &props.source {
                    <dt>{ t(l, Key::SourceFile) }</dt>
                    <dd>{ &source.name }</dd>
                    if !source.sha256.is_empty() {
                        <dt>{ t(l, Key::FileFingerprint) }</dt>
                        <dd class="hash">{ &source.sha256 }</dd>
                    }
                }
                <dt>{ t(l, Key::PrintedOn) }</dt>
                <dd>{ today }</dd>
            </dl>
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct CriteriaTableProps {
    pub lang: Lang,
    pub park: Rc<ParkView>,
    /// The table's heading; the catalogue's 评价明细 when `None` (the city names each park).
    #[prop_or_default]
    pub heading: Option<AttrValue>,
}

/// Every criterion with inputs, observed value, threshold, gap, provenance and result (shown
/// in print; the city's report has one per park).
#[component]
pub fn CriteriaTable(props: &CriteriaTableProps) -> Html {
    let l = props.lang;
    html! {
        <section class="print-only criteria-detail">
            <h3>{ props.heading.clone().unwrap_or_else(|| t(l, Key::Criteria).into()) }</h3>
            <table>
                <thead><tr>
                    <th scope="col">{ t(l, Key::Item) }</th>
                    <th scope="col">{ t(l, Key::Inputs) }</th>
                    <th scope="col">{ t(l, Key::Observed) }</th>
                    <th scope="col">{ t(l, Key::Threshold) }</th>
                    <th scope="col">{ t(l, Key::Gap) }</th>
                    <th scope="col">{ t(l, Key::Provenance) }</th>
                    <th scope="col">{ t(l, Key::Result) }</th>
                </tr></thead>
                <tbody>
                { for props.park.cards.iter().map(|c| html! {
                    <tr class={classes!("crit", c.state_id)}>
                        <th scope="row">{ format!("{} {}", c.id, c.title) }</th>
                        <td>{ &c.inputs }</td>
                        <td class="num fig">{ &c.observed }</td>
                        <td class="fig">{ &c.threshold }</td>
                        <td class="num fig">{ &c.gap }</td>
                        <td>{ &c.provenance }</td>
                        <td>{ format!("{} · {}", c.state_label, c.sentence) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </section>
    }
}
