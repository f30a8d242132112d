//! The parameter panel: every `local` parameter of the packs in use with its pack value and
//! provenance, edited in place (immediate re-evaluation), plus loading a custom rule pack.

use std::rc::Rc;

use gloo::file::File as GlooFile;
use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::i18n::{Key, Lang, t};
use crate::report::PackPanel;
use crate::session::Action;

#[derive(Properties, PartialEq)]
pub struct ParametersProps {
    pub lang: Lang,
    pub panels: Rc<Vec<PackPanel>>,
    /// The custom pack's file name and findings, when one is loaded.
    pub custom: Option<(String, Vec<Diagnostic>, bool)>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Parameters(props: &ParametersProps) -> Html {
    let l = props.lang;
    let reader = use_mut_ref(|| None::<FileReader>);
    let any_modified = props
        .panels
        .iter()
        .flat_map(|p| &p.params)
        .any(|p| p.modified);
    let on_pack_file = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                let name = file.name();
                let on_action = on_action.clone();
                let task = gloo::file::callbacks::read_as_text(&GlooFile::from(file), move |res| {
                    // An unreadable file is reported by the pack loader as an empty pack.
                    on_action.emit(Action::PackLoaded {
                        name,
                        text: res.unwrap_or_default(),
                    });
                });
                *reader.borrow_mut() = Some(task);
            }
            input.set_value("");
        })
    };
    let reset_all = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::ParamsReset))
    };
    let remove_pack = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::PackRemoved))
    };
    html! {
        <details class="parameters" id="parameters" open={any_modified}>
            <summary>
                <strong>{ t(l, Key::Parameters) }</strong>{ " " }
                if any_modified { <span class="tag modified">{ t(l, Key::Modified) }</span> }
                <span class="muted">{ t(l, Key::ParametersHint) }</span>
            </summary>
            { for props.panels.iter().map(|panel| html! {
                <fieldset class="pack-params">
                    <legend>{ &panel.title }<span class="muted">{ format!(" · {}", panel.stamp) }</span></legend>
                    { for panel.params.iter().map(|p| {
                        let id = format!("param-{}", p.key.replace('.', "-"));
                        let key = p.key.clone();
                        let on_action = props.on_action.clone();
                        let on_change = Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            on_action.emit(Action::ParamSet { key: key.clone(), value: input.value() });
                        });
                        let key = p.key.clone();
                        let on_action = props.on_action.clone();
                        let on_reset = Callback::from(move |_: MouseEvent| {
                            on_action.emit(Action::ParamSet { key: key.clone(), value: String::new() });
                        });
                        html! {
                            <div class={classes!("param", p.modified.then_some("is-modified"))}>
                                <label for={id.clone()}>
                                    <span class="param-label">{ &p.label }</span>
                                    <code class="muted">{ &p.key }</code>
                                </label>
                                <input id={id} type={if p.numeric { "number" } else { "text" }} step="any"
                                    value={p.value.clone()} onchange={on_change} />
                                <span class="unit">{ &p.unit }</span>
                                <span class="muted">{ format!("{} {} · {}", t(l, Key::PackDefault), p.default, p.clause) }</span>
                                if p.modified {
                                    <span class="tag modified">{ t(l, Key::Modified) }</span>
                                    <button type="button" class="link" onclick={on_reset}>{ t(l, Key::ResetParam) }</button>
                                }
                            </div>
                        }
                    }) }
                </fieldset>
            }) }
            if any_modified {
                <button type="button" class="button" id="reset-params" onclick={reset_all}>{ t(l, Key::ResetParams) }</button>
            }
            <div class="custom-pack">
                <label for="pack-input" class="button">{ t(l, Key::CustomPack) }</label>
                <input id="pack-input" class="visually-hidden" type="file" accept=".toml,text/plain" onchange={on_pack_file} />
                <span class="muted">{ t(l, Key::CustomPackHint) }</span>
                if let Some((name, diagnostics, ok)) = &props.custom {
                    <p>
                        <strong>{ name }</strong>{ " " }
                        <button type="button" class="link" id="remove-pack" onclick={remove_pack}>{ t(l, Key::RemovePack) }</button>
                    </p>
                    if !ok { <p class="error" role="alert">{ t(l, Key::PackErrors) }</p> }
                    <ul class="diagnostics">
                        { for diagnostics.iter().map(|d| html! {
                            <li class={classes!("diag", d.severity.id())}>
                                <span class="loc">{ d.location.header.clone().unwrap_or_default() }</span>
                                <span class="msg">{ d.message.get(l.tag_short()) }</span>
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </details>
    }
}
