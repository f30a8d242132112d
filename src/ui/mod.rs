//! The browser UI: Yew components that map state to views and events to actions.
//!
//! This is one of only two places (with `main.rs`) allowed to name `yew`, `web_sys`, `gloo` or
//! `wasm_bindgen`. No arithmetic or parsing happens here: components render view models from the
//! pure core and forward events.

mod start;

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};

pub use start::StartScreen;

/// A file the user chose, as bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub name: String,
    pub bytes: std::rc::Rc<Vec<u8>>,
}

/// The root component.
#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::default);
    let loaded = use_state(|| None::<LoadedFile>);
    let error = use_state(|| None::<String>);

    {
        let lang = *lang;
        use_effect_with(lang, move |lang| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
    }

    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    let on_file = {
        let loaded = loaded.clone();
        let error = error.clone();
        Callback::from(move |result: Result<LoadedFile, String>| match result {
            Ok(file) => {
                error.set(None);
                loaded.set(Some(file));
            }
            Err(message) => error.set(Some(message)),
        })
    };

    let l = *lang;
    html! {
        <div class="app">
            <header class="topbar">
                <span class="brand">{ t(l, Key::AppName) }</span>
                <button type="button" class="lang-toggle" onclick={toggle_lang}>
                    { t(l, Key::SwitchLang) }
                </button>
            </header>
            <main>
                <StartScreen lang={l} on_file={on_file} />
                if let Some(message) = &*error {
                    <p class="error" role="alert">{ message }</p>
                }
                if let Some(file) = &*loaded {
                    <section class="loaded" aria-live="polite">
                        <p class="loaded-file">
                            { format!("{}：{}（{} {}）", t(l, Key::LoadedFile), file.name, file.bytes.len(), t(l, Key::Bytes)) }
                        </p>
                        <p>{ t(l, Key::ComingSoon) }</p>
                    </section>
                }
            </main>
        </div>
    }
}
