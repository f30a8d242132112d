//! Links in the city view: the box where share links are pasted (several at once, with the
//! passphrase of protected ones), the notice after a city link was opened, and the messages of
//! links that could not be added. What a link adds is decided by
//! [`crate::city_session::apply`]; this module only gathers the text and must not decode links
//! or build parks itself (that stays in the pure core, tested natively).

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::city::CityDiagnostic;
use crate::city_session::GivenLink;
use crate::i18n::{Key, Lang, t};
use crate::share::{self, PackChange};

/// The paste box: `on_links` gets the links found in the text (each named after
/// [`Key::CityPastedLink`] and its position) and the passphrase typed beside it.
pub fn link_box(
    l: Lang,
    text: &NodeRef,
    passphrase: &NodeRef,
    on_links: &Callback<(Vec<GivenLink>, String)>,
) -> Html {
    let on_add = {
        let text = text.clone();
        let passphrase = passphrase.clone();
        let on_links = on_links.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(area) = text.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let secret = passphrase
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let links: Vec<GivenLink> = share::split_links(&area.value())
                .into_iter()
                .enumerate()
                .map(|(i, text)| GivenLink::Pasted {
                    name: format!("{} {}", t(l, Key::CityPastedLink), i + 1),
                    text,
                })
                .collect();
            if !links.is_empty() {
                area.set_value("");
                on_links.emit((links, secret));
            }
        })
    };
    html! {
        <details class="city-links" id="city-links">
            <summary>{ t(l, Key::CityLinks) }</summary>
            <textarea id="city-link-input" rows="3" ref={text.clone()} placeholder="https://…#v1…" />
            <div class="share-actions">
                <label class="field inline" for="city-link-passphrase">
                    <span>{ t(l, Key::CityLinkPassphrase) }</span>
                    <input id="city-link-passphrase" type="password" autocomplete="off" ref={passphrase.clone()} />
                </label>
                <button type="button" class="button" id="city-add-links" onclick={on_add}>{ t(l, Key::CityAddLinks) }</button>
            </div>
        </details>
    }
}

/// Links that could not be added, each with what to do.
pub fn link_errors(l: Lang, errors: &[CityDiagnostic]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="error" role="alert" id="city-link-error">
            { for errors.iter().map(|e| html! {
                <p>
                    <strong>{ e.source.clone().unwrap_or_default() }</strong>{ "：" }
                    { e.diagnostic.message.get(l.tag_short()) }
                    if let Some(fix) = &e.diagnostic.fix { <span class="fix">{ " " }{ fix.get(l.tag_short()) }</span> }
                </p>
            }) }
        </div>
    }
}

/// After a city link was opened: that the results are recomputed here, and which packs differ
/// from the link's.
pub fn opened_notice(l: Lang, changes: &[PackChange]) -> Html {
    html! {
        <div class="notice" id="city-link-opened">
            <strong>{ t(l, Key::CityLinkOpened) }</strong>
            if !changes.is_empty() {
                <p>{ t(l, Key::CityLinkPacksChanged) }</p>
                <ul>
                    { for changes.iter().map(|c| html! {
                        <li>{ format!("{}: {} {} → {}", c.id, c.link.version, c.link.hash,
                            c.builtin.as_ref().map(|b| format!("{} {}", b.version, b.short_hash())).unwrap_or_else(|| "—".into())) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
