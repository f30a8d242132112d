//! The start screen: product name, what it does, the drop zone and file button, the sample
//! button and the privacy promise.

use gloo::file::File as GlooFile;
use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::LoadedFile;
use crate::i18n::{Key, Lang, t};
use crate::job::TemplateKind;

#[derive(Properties, PartialEq)]
pub struct StartScreenProps {
    pub lang: Lang,
    /// Data is loaded: show a compact bar instead of the full welcome.
    #[prop_or_default]
    pub compact: bool,
    /// Called with the bytes of a chosen or dropped file, or a message when reading failed.
    pub on_file: Callback<Result<LoadedFile, String>>,
    /// Called when the user asks for the sample data.
    pub on_sample: Callback<MouseEvent>,
    /// Called with text pasted from a spreadsheet.
    pub on_paste: Callback<String>,
    /// Called when the user is about to read something (the pointer or the keyboard focus
    /// reaches the drop zone, or the paste box opens), so the reader can start early.
    pub on_intent: Callback<()>,
    /// Called when the user asks for a blank template.
    pub on_template: Callback<TemplateKind>,
}

#[component]
pub fn StartScreen(props: &StartScreenProps) -> Html {
    let l = props.lang;
    // The reader must stay alive until its callback fires; keeping it in state does that.
    let reader = use_mut_ref(|| None::<FileReader>);
    let dragging = use_state(|| false);

    let read_file = {
        let on_file = props.on_file.clone();
        let reader = reader.clone();
        move |file: web_sys::File| {
            let name = file.name();
            let on_file = on_file.clone();
            let failed = t(l, Key::ReadFailed).to_string();
            let task = gloo::file::callbacks::read_as_bytes(&GlooFile::from(file), move |res| {
                on_file.emit(match res {
                    Ok(bytes) => Ok(LoadedFile {
                        name,
                        bytes: std::rc::Rc::new(bytes),
                    }),
                    Err(_) => Err(failed),
                })
            });
            *reader.borrow_mut() = Some(task);
        }
    };

    let on_change = {
        let read_file = read_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_file(file);
            }
            // Clearing the value lets the same file be chosen again after an edit.
            input.set_value("");
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|f| f.get(0))
            {
                read_file(file);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };

    let paste_ref = use_node_ref();
    let on_paste_click = {
        let paste_ref = paste_ref.clone();
        let on_paste = props.on_paste.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() {
                on_paste.emit(area.value());
            }
        })
    };
    let download_xlsx = props.on_template.reform(|_: MouseEvent| TemplateKind::Xlsx);
    let download_csv = props.on_template.reform(|_: MouseEvent| TemplateKind::Csv);

    html! {
        <section class={classes!("start", props.compact.then_some("compact"))}>
            if !props.compact {
                <h1>{ t(l, Key::AppName) }</h1>
                <p class="tagline">{ t(l, Key::Tagline) }</p>
            }
            <div
                class={classes!("dropzone", (*dragging).then_some("dragging"))}
                ondrop={on_drop}
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
                onpointerenter={props.on_intent.reform(|_| ())}
                onfocusin={props.on_intent.reform(|_| ())}
            >
                if !props.compact {
                    <p class="drop-title">{ t(l, Key::DropHere) }</p>
                    <p class="drop-formats">{ t(l, Key::DropFormats) }</p>
                }
                <div class="actions">
                    <input
                        id="file-input"
                        class="visually-hidden"
                        type="file"
                        accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.xml,.htm,.html"
                        onchange={on_change}
                    />
                    <label class="button primary" for="file-input">
                        { t(l, if props.compact { Key::LoadAnother } else { Key::ChooseFile }) }
                    </label>
                    <button type="button" class="button" id="try-sample" onclick={props.on_sample.clone()}>
                        { t(l, Key::TrySample) }
                    </button>
                </div>
            </div>
            if !props.compact {
                <details class="paste" ontoggle={props.on_intent.reform(|_| ())}>
                    <summary>{ t(l, Key::PasteTitle) }</summary>
                    <label for="paste-area" class="visually-hidden">{ t(l, Key::PasteTitle) }</label>
                    <textarea id="paste-area" ref={paste_ref} rows="6" placeholder={t(l, Key::PastePlaceholder)} />
                    <button type="button" class="button" id="read-paste" onclick={on_paste_click}>{ t(l, Key::PasteButton) }</button>
                </details>
                <p class="templates">
                    { t(l, Key::Templates) }
                    <button type="button" class="link" id="template-xlsx" onclick={download_xlsx}>{ t(l, Key::TemplateXlsx) }</button>
                    <button type="button" class="link" id="template-csv" onclick={download_csv}>{ t(l, Key::TemplateCsv) }</button>
                </p>
            }
            <p class="privacy">{ t(l, Key::Privacy) }</p>
        </section>
    }
}
