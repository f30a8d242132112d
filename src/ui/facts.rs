//! The park facts form (DOMAIN §1.2): name, county, domain, leading industry, key fields,
//! platforms, new factory areas, the C6–C8 checklist, the provincial reward and earlier years'
//! warnings. Prefilled from the file's park sheet; every change re-evaluates at once.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::dataset::{ChecklistItem, ParkFacts, Platform, PlatformLevel};
use crate::i18n::{Key, Lang, t};
use crate::ingest::cells;
use crate::ingest::park_sheet::split_list;
use crate::ingest::template::DOMAINS;
use crate::session::Action;

#[derive(Properties, PartialEq)]
pub struct FactsFormProps {
    pub lang: Lang,
    pub facts: Rc<ParkFacts>,
    /// Whether the user edited the facts (shows the reset button).
    pub edited: bool,
    /// The years of the data, for earlier years' warnings.
    pub years: Vec<i32>,
    pub on_action: Callback<Action>,
}

/// One control's change to the facts, given the control's value.
type Edit = dyn Fn(&mut ParkFacts, String);

const LEVELS: [(PlatformLevel, Key); 4] = [
    (PlatformLevel::National, Key::LevelNational),
    (PlatformLevel::Provincial, Key::LevelProvincial),
    (PlatformLevel::Municipal, Key::LevelMunicipal),
    (PlatformLevel::Other, Key::LevelOther),
];

#[component]
pub fn FactsForm(props: &FactsFormProps) -> Html {
    let l = props.lang;
    let facts = props.facts.clone();
    // Every control edits a copy of the facts and sends the whole record: one action, one
    // re-evaluation, no partial state in the component.
    let edit = {
        let on_action = props.on_action.clone();
        let facts = facts.clone();
        move |change: Rc<Edit>| {
            let on_action = on_action.clone();
            let facts = facts.clone();
            Callback::from(move |e: Event| {
                let value = match e.target_dyn_into::<HtmlSelectElement>() {
                    Some(select) => select.value(),
                    None => e.target_unchecked_into::<HtmlInputElement>().value(),
                };
                let mut next = (*facts).clone();
                change(&mut next, value);
                on_action.emit(Action::FactsEdited(Box::new(next)));
            })
        }
    };
    let text_field = |id: &str, key: Key, value: String, set: fn(&mut ParkFacts, String)| {
        html! {
            <label class="field" for={id.to_string()}>
                <span>{ t(l, key) }</span>
                <input id={id.to_string()} type="text" value={value}
                    onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| set(f, v.trim().to_string())))} />
            </label>
        }
    };
    let number_field = |id: &str,
                        key: Key,
                        value: Option<f64>,
                        set: fn(&mut ParkFacts, Option<f64>)| {
        html! {
            <label class="field" for={id.to_string()}>
                <span>{ t(l, key) }</span>
                <input id={id.to_string()} type="number" min="0" step="any" inputmode="decimal"
                    value={value.map(|v| v.to_string()).unwrap_or_default()}
                    onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| set(f, cells::typed_number(&v).filter(|v| *v >= 0.0))))} />
            </label>
        }
    };
    let answer = |v: Option<bool>| match v {
        None => "",
        Some(true) => "yes",
        Some(false) => "no",
    };
    let add_platform = {
        let on_action = props.on_action.clone();
        let facts = facts.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*facts).clone();
            next.platforms.push(Platform {
                name: String::new(),
                level: PlatformLevel::Provincial,
            });
            on_action.emit(Action::FactsEdited(Box::new(next)));
        })
    };
    let reset = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::FactsReset))
    };
    let latest = props.years.last().copied();
    let prior_years: Vec<i32> = latest.map(|y| (y - 2..y).collect()).unwrap_or_default();

    html! {
        <details class="facts" id="facts" open={props.edited}>
            <summary>
                <strong>{ t(l, Key::Facts) }</strong>{ " " }
                <span class="muted">{ if props.edited { t(l, Key::FactsFromYou) } else { t(l, Key::FactsHint) } }</span>
            </summary>
            <div class="form-grid">
                { text_field("fact-park-name", Key::ParkName, facts.park_name.clone(), |f, v| f.park_name = v) }
                { text_field("fact-county", Key::County, facts.county.clone().unwrap_or_default(), |f, v| f.county = (!v.is_empty()).then_some(v)) }
                <label class="field" for="fact-domain">
                    <span>{ t(l, Key::Domain) }</span>
                    <select id="fact-domain" onchange={edit(Rc::new(|f: &mut ParkFacts, v: String| f.domain = (!v.is_empty()).then_some(v)))}>
                        <option value="" selected={facts.domain.is_none()}>{ t(l, Key::NotSelected) }</option>
                        { for DOMAINS.iter().map(|d| html! {
                            <option value={*d} selected={facts.domain.as_deref() == Some(*d)}>{ *d }</option>
                        }) }
                    </select>
                </label>
                { text_field("fact-leading", Key::LeadingIndustry, facts.leading_industry.clone().unwrap_or_default(), |f, v| f.leading_industry = (!v.is_empty()).then_some(v)) }
                { text_field("fact-key-fields", Key::KeyFields, facts.key_fields.join("、"), |f, v| f.key_fields = split_list(&v)) }
                { number_field("fact-new-factory", Key::NewFactoryArea, facts.new_factory_area, |f, v| f.new_factory_area = v) }
                { number_field("fact-new-multistorey", Key::NewMultistoreyArea, facts.new_multistorey_area, |f, v| f.new_multistorey_area = v) }
                { number_field("fact-reward", Key::ProvincialReward, facts.provincial_reward, |f, v| f.provincial_reward = v) }
            </div>
            <fieldset class="platforms">
                <legend>{ t(l, Key::Platforms) }</legend>
                { for facts.platforms.iter().enumerate().map(|(i, p)| html! {
                    <div class="platform-row">
                        <input type="text" id={format!("platform-{i}-name")} aria-label={t(l, Key::PlatformName)}
                            placeholder={t(l, Key::PlatformName)} value={p.name.clone()}
                            onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| if let Some(p) = f.platforms.get_mut(i) { p.name = v.trim().to_string() }))} />
                        <select id={format!("platform-{i}-level")} aria-label={t(l, Key::PlatformLevel)}
                            onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| {
                                if let (Some(p), Some(level)) = (f.platforms.get_mut(i), v.parse::<usize>().ok().and_then(|k| LEVELS.get(k))) {
                                    p.level = level.0;
                                }
                            }))}>
                            { for LEVELS.iter().enumerate().map(|(k, (level, key))| html! {
                                <option value={k.to_string()} selected={p.level == *level}>{ t(l, *key) }</option>
                            }) }
                        </select>
                        <button type="button" class="link" onclick={{
                            let on_action = props.on_action.clone();
                            let facts = facts.clone();
                            Callback::from(move |_: MouseEvent| {
                                let mut next = (*facts).clone();
                                if i < next.platforms.len() {
                                    next.platforms.remove(i);
                                }
                                on_action.emit(Action::FactsEdited(Box::new(next)));
                            })
                        }}>{ t(l, Key::Remove) }</button>
                    </div>
                }) }
                <button type="button" class="button" id="add-platform" onclick={add_platform}>{ t(l, Key::AddPlatform) }</button>
            </fieldset>
            <fieldset class="checklist">
                <legend>{ t(l, Key::Checklist) }</legend>
                { for ChecklistItem::ALL.iter().map(|(item, id, zh, en)| {
                    let item = *item;
                    html! {
                        <label class="field" for={format!("check-{id}")}>
                            <span>{ if l == Lang::Zh { *zh } else { *en } }</span>
                            <select id={format!("check-{id}")} onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| {
                                *item.answer_mut(&mut f.checklist) = match v.as_str() { "yes" => Some(true), "no" => Some(false), _ => None };
                            }))}>
                                { for [("", Key::Unanswered), ("yes", Key::Yes), ("no", Key::No)].iter().map(|(v, key)| html! {
                                    <option value={*v} selected={answer(item.answer(&facts.checklist)) == *v}>{ t(l, *key) }</option>
                                }) }
                            </select>
                        </label>
                    }
                }) }
            </fieldset>
            if !prior_years.is_empty() {
                <fieldset class="warnings">
                    <legend>{ t(l, Key::PriorWarnings) }</legend>
                    { for prior_years.iter().map(|&y| html! {
                        <label class="field" for={format!("warned-{y}")}>
                            <span>{ y }</span>
                            <select id={format!("warned-{y}")} onchange={edit(Rc::new(move |f: &mut ParkFacts, v: String| {
                                match v.as_str() {
                                    "yes" => { f.warnings.insert(y, true); }
                                    "no" => { f.warnings.insert(y, false); }
                                    _ => { f.warnings.remove(&y); }
                                }
                            }))}>
                                { for [("", Key::Unanswered), ("yes", Key::Yes), ("no", Key::No)].iter().map(|(v, key)| html! {
                                    <option value={*v} selected={answer(facts.warnings.get(&y).copied()) == *v}>{ t(l, *key) }</option>
                                }) }
                            </select>
                        </label>
                    }) }
                </fieldset>
            }
            if props.edited {
                <button type="button" class="button" id="reset-facts" onclick={reset}>{ t(l, Key::ResetFacts) }</button>
            }
        </details>
    }
}
