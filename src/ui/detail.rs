//! The enterprise detail panel: the item-by-item trace of one enterprise, its access threshold,
//! exit status and what would move it up a class. A dialog-like panel closed by its button or
//! Escape.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report::{DetailView, ItemView};

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub lang: Lang,
    pub detail: Rc<DetailView>,
    pub on_close: Callback<()>,
}

#[component]
pub fn Detail(props: &DetailProps) -> Html {
    let l = props.lang;
    let d = &props.detail;
    let close_ref = use_node_ref();
    {
        // Focus moves into the panel so keyboard users land on it.
        let close_ref = close_ref.clone();
        use_effect_with(d.name.clone(), move |_| {
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_key = {
        let cb = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cb.emit(());
            }
        })
    };
    let item_row = |i: &ItemView| {
        html! {
            <tr class={classes!("item", i.state_id)}>
                <th scope="row">{ &i.label }</th>
                <td><span class={classes!("state", i.state_id)}>{ i.state_label }</span></td>
                <td>{ &i.sentence }</td>
                <td class="muted">{ &i.inputs }</td>
            </tr>
        }
    };
    html! {
        <aside class="detail" id="enterprise-detail" role="region" aria-labelledby="detail-title" onkeydown={on_key}>
            <div class="detail-head">
                <h3 id="detail-title">{ format!("{}：{}", t(l, Key::Detail), d.name) }</h3>
                <button type="button" class="button" ref={close_ref} id="close-detail" onclick={on_close}>{ t(l, Key::CloseDetail) }</button>
            </div>
            <p class="detail-summary">
                <span class={classes!("class", format!("class-{}", d.class_id))}>{ &d.class_label }</span>
                { format!(" · {} {} · {} {}", t(l, Key::Rank), d.rank, t(l, Key::Score), d.score) }
                if !d.exit_label.is_empty() { { format!(" · {} {}", t(l, Key::ExitStatus), d.exit_label) } }
            </p>
            <p class="muted">{ format!("{} {}", d.credit_code, d.source) }</p>
            { for d.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            <table class="trace">
                <thead><tr>
                    <th scope="col">{ t(l, Key::Item) }</th>
                    <th scope="col">{ t(l, Key::Result) }</th>
                    <th scope="col">{ t(l, Key::Observed) }</th>
                    <th scope="col">{ t(l, Key::Inputs) }</th>
                </tr></thead>
                <tbody>
                    { for d.items.iter().map(item_row) }
                    if let Some(access) = &d.access { { item_row(access) } }
                </tbody>
            </table>
            if let Some(next) = &d.next {
                <p class="next" id="detail-next"><strong>{ t(l, Key::NextClass) }</strong>{ "：" }{ next }</p>
            }
        </aside>
    }
}
