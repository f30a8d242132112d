//! Sharing: the share panel (result link or full-data link with an optional passphrase, the
//! link's length, a `.parkcheck` file above the URL limit, a QR code for links that fit one,
//! exports), also used by the city view for its city link and XLSX export (`city`), and the
//! read-only view of an opened result link. Links are built and read by
//! [`crate::share`]; this module only shows them and moves them to the clipboard or a file.

use std::rc::Rc;

use base64::Engine as _;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::download::download;
use crate::i18n::{Key, Lang, t};
use crate::report::SharedResultView;
use crate::share;

/// Which link to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Result,
    Full,
    /// The whole city view (the city screen's only kind).
    City,
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Xlsx,
    RankingCsv,
    ScorecardCsv,
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub lang: Lang,
    /// Makes the link fragment (`v1…`) of a kind, with a passphrase for full-data links.
    pub make_link: Callback<(LinkKind, String), Option<String>>,
    pub on_export: Callback<ExportKind>,
    /// The city view's panel: one city link (with a passphrase) and the XLSX export.
    #[prop_or_default]
    pub city: bool,
}

/// The seal of a protected link: `None` inside when `passphrase` is empty (an open link);
/// `None` outside when the browser gives no random numbers (no link is made then).
pub fn seal(passphrase: &str) -> Option<Option<share::Seal<'_>>> {
    if passphrase.is_empty() {
        return Some(None);
    }
    let (mut salt, mut nonce) = ([0u8; 16], [0u8; 12]);
    let crypto = gloo::utils::window().crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut salt).ok()?;
    crypto.get_random_values_with_u8_array(&mut nonce).ok()?;
    Some(Some(share::Seal {
        passphrase,
        salt,
        nonce,
    }))
}

/// The page's address without its fragment, for the link's base.
fn page_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let l = props.lang;
    let link = use_state(|| None::<(LinkKind, String)>);
    let passphrase = use_state(String::new);
    let copied = use_state(|| false);
    let make = |kind: LinkKind| {
        let make_link = props.make_link.clone();
        let link = link.clone();
        let passphrase = passphrase.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(false);
            let secret = if kind != LinkKind::Result {
                (*passphrase).clone()
            } else {
                String::new()
            };
            link.set(
                make_link
                    .emit((kind, secret))
                    .map(|fragment| (kind, format!("{}#{fragment}", page_url()))),
            );
        })
    };
    let on_passphrase = {
        let passphrase = passphrase.clone();
        Callback::from(move |e: InputEvent| {
            passphrase.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let export = |kind: ExportKind| props.on_export.reform(move |_: MouseEvent| kind);
    let (url, length, too_long, qr) = match &*link {
        Some((_, url)) => {
            let fragment_len = url.split('#').nth(1).map(str::len).unwrap_or(0);
            let qr = (url.len() <= share::URL_LIMIT)
                .then(|| share::qr_svg(url))
                .flatten()
                .map(|svg| {
                    format!(
                        "data:image/svg+xml;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(svg)
                    )
                });
            (
                url.clone(),
                url.len().max(fragment_len),
                url.len() > share::URL_LIMIT,
                qr,
            )
        }
        None => (String::new(), 0, false, None),
    };
    let on_copy = {
        let url = url.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let _ = clipboard.write_text(&url);
            copied.set(true);
        })
    };
    let on_file = {
        let url = url.clone();
        let name = if props.city {
            t(l, Key::CityParkcheckFile)
        } else {
            "园区自评.parkcheck"
        };
        Callback::from(move |_: MouseEvent| {
            if let Ok(bytes) = share::to_file(&url) {
                download(&bytes, name, "application/octet-stream");
            }
        })
    };
    let city = props.city;
    html! {
        <details class="share" id="share">
            <summary><strong>{ t(l, Key::Share) }</strong>{ " " }<span class="muted">{ t(l, Key::ShareHint) }</span></summary>
            <div class="share-actions">
                if city {
                    <button type="button" class="button" id="make-city-link" onclick={make(LinkKind::City)}>{ t(l, Key::CityLink) }</button>
                } else {
                    <button type="button" class="button" id="make-result-link" onclick={make(LinkKind::Result)}>{ t(l, Key::ResultLink) }</button>
                    <button type="button" class="button" id="make-full-link" onclick={make(LinkKind::Full)}>{ t(l, Key::FullLink) }</button>
                }
                <label class="field inline" for="share-passphrase">
                    <span>{ t(l, if city { Key::CityPassphrase } else { Key::Passphrase }) }</span>
                    <input id="share-passphrase" type="password" autocomplete="new-password" value={(*passphrase).clone()} oninput={on_passphrase} />
                </label>
            </div>
            if link.is_some() {
                <div class="share-output">
                    <label for="share-link" class="visually-hidden">{ t(l, Key::Share) }</label>
                    <textarea id="share-link" readonly=true rows="3" value={url.clone()} />
                    <p class="muted" id="share-length">{ format!("{} {}", t(l, Key::LinkLength), length) }</p>
                    <button type="button" class="button" id="copy-link" onclick={on_copy}>
                        { if *copied { t(l, Key::Copied) } else { t(l, Key::CopyLink) } }
                    </button>
                    if too_long {
                        <p class="notice" id="share-too-long">{ t(l, Key::LinkTooLong) }</p>
                        <button type="button" class="button" id="share-file" onclick={on_file}>{ t(l, Key::DownloadParkcheck) }</button>
                    }
                    if let Some(src) = qr {
                        <img class="qr" id="share-qr" src={src} alt={t(l, Key::QrAlt)} width="180" height="180" />
                    }
                </div>
            }
            <div class="share-actions">
                <span>{ t(l, Key::Export) }</span>
                <button type="button" class="button" id="export-xlsx" onclick={export(ExportKind::Xlsx)}>{ t(l, Key::ExportXlsx) }</button>
                if !city {
                    <button type="button" class="button" id="export-ranking-csv" onclick={export(ExportKind::RankingCsv)}>{ t(l, Key::ExportRankingCsv) }</button>
                    <button type="button" class="button" id="export-scorecard-csv" onclick={export(ExportKind::ScorecardCsv)}>{ t(l, Key::ExportScorecardCsv) }</button>
                }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct SharedResultProps {
    pub lang: Lang,
    pub view: Rc<SharedResultView>,
    pub on_close: Callback<MouseEvent>,
}

/// A result link, shown read-only.
#[component]
pub fn SharedResult(props: &SharedResultProps) -> Html {
    let l = props.lang;
    let v = &props.view;
    html! {
        <section class="results shared-result" id="shared-result">
            <p class="notice">{ t(l, Key::SharedReadOnly) }{ " " }
                <button type="button" class="link" id="close-shared" onclick={props.on_close.clone()}>{ t(l, Key::CloseShared) }</button>
            </p>
            <h2 class="results-title">{ &v.title }</h2>
            <p class="packs">{ format!("{}：{}", t(l, Key::Packs), v.packs.join("；")) }</p>
            if !v.overrides.is_empty() {
                <p class="overrides"><span class="tag modified">{ t(l, Key::Modified) }</span>{ " " }{ v.overrides.join("；") }</p>
            }
            <div class={classes!("overall", v.overall_id)} id="overall"><strong>{ &v.overall_label }</strong></div>
            <ul class="cards">
            { for v.cards.iter().map(|c| html! {
                <li class={classes!("card", c.state_id)} id={format!("card-{}", c.id)}>
                    <div class="card-head">
                        <span class="card-id">{ &c.id }</span>
                        <span class="card-title">{ &c.title }</span>
                        <span class={classes!("state", c.state_id)}>{ c.state_label }</span>
                    </div>
                    <div class="card-figures">
                        <span class="observed">{ &c.observed }</span>
                        <span class="threshold">{ format!("{} {}", t(l, Key::Threshold), c.threshold) }</span>
                    </div>
                </li>
            }) }
            </ul>
            <p class="annual">{ &v.annual }</p>
            <p class="class-summary" id="class-summary">{ &v.summary }</p>
            <div class="table-scroll">
            <table class="enterprises" id="enterprise-table">
                <thead><tr>
                    <th scope="col">{ t(l, Key::Rank) }</th>
                    <th scope="col">{ t(l, Key::Enterprise) }</th>
                    <th scope="col">{ t(l, Key::Class) }</th>
                    <th scope="col">{ t(l, Key::Score) }</th>
                    <th scope="col">{ t(l, Key::ExitStatus) }</th>
                </tr></thead>
                <tbody>
                { for v.rows.iter().map(|r| html! {
                    <tr>
                        <td class="num">{ &r.rank }</td>
                        <th scope="row" class="name">{ &r.name }</th>
                        <td><span class={classes!("class", format!("class-{}", r.class_id))}>{ &r.class_label }</span></td>
                        <td class="num score">{ &r.score }</td>
                        <td><span class={classes!("exit-status", format!("exit-{}", r.exit_id))}>{ &r.exit_label }</span></td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}
