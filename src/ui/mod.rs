//! The browser UI: Yew components that map state to views and events to actions.
//!
//! This is one of only two places (with `main.rs`) allowed to name `yew`, `web_sys`, `gloo` or
//! `wasm_bindgen`. No arithmetic or parsing happens here: the reducer delegates to
//! [`crate::session::apply`], and components render view models from [`crate::report`].

mod data_check;
mod download;
mod ranking;
mod scorecard;
mod start;

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Key, Lang, t};
use crate::report;
use crate::session::{Action, Session, apply};

pub use start::StartScreen;

/// A file the user chose, as bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub name: String,
    pub bytes: Rc<Vec<u8>>,
}

/// The session plus a version that changes on every action, so derived values (the evaluation,
/// the view) are recomputed only when something changed, without comparing datasets.
#[derive(Default, PartialEq)]
struct State {
    session: Session,
    version: u64,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(State {
            session: apply(&self.session, action),
            version: self.version + 1,
        })
    }
}

/// The root component.
#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::default);
    let state = use_reducer(State::default);
    let read_error = use_state(|| None::<String>);

    {
        let lang = *lang;
        use_effect_with(lang, move |lang| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
    }

    let evaluation = {
        let state = state.clone();
        use_memo(state.version, move |_| state.session.evaluate())
    };
    let view = {
        let evaluation = evaluation.clone();
        use_memo((state.version, *lang), move |(_, lang)| {
            evaluation
                .as_ref()
                .as_ref()
                .map(|e| report::result_view(e, *lang))
        })
    };

    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    let on_file = {
        let state = state.clone();
        let read_error = read_error.clone();
        Callback::from(move |result: Result<LoadedFile, String>| match result {
            Ok(file) => {
                read_error.set(None);
                state.dispatch(Action::FileLoaded {
                    name: file.name,
                    bytes: file.bytes,
                });
            }
            Err(message) => read_error.set(Some(message)),
        })
    };
    let on_sample = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SampleRequested))
    };
    let on_paste = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Pasted(text)))
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Cleared))
    };
    let on_year = {
        let state = state.clone();
        Callback::from(move |year: i32| state.dispatch(Action::YearSelected(year)))
    };

    let l = *lang;
    let session = &state.session;
    let loaded = session.ingested.is_some();
    let years = session.years();
    let current_year = evaluation.as_ref().as_ref().and_then(|e| e.year);
    html! {
        <div class="app">
            <header class="topbar">
                <span class="brand">{ t(l, Key::AppName) }</span>
                <div class="topbar-actions">
                    if loaded {
                        <button type="button" class="topbar-button" id="clear-data" onclick={on_clear}>
                            { t(l, Key::ClearData) }
                        </button>
                    }
                    <button type="button" class="topbar-button lang-toggle" onclick={toggle_lang}>
                        { t(l, Key::SwitchLang) }
                    </button>
                </div>
            </header>
            <main>
                <StartScreen lang={l} compact={loaded} on_file={on_file} on_sample={on_sample} on_paste={on_paste} />
                if let Some(message) = &*read_error {
                    <p class="error" role="alert">{ message }</p>
                }
                { for session.load_errors.iter().map(|d| html! {
                    <div class="error" role="alert">
                        <strong>{ d.location.sheet.clone().unwrap_or_default() }</strong>{ "：" }
                        { d.message.get(l.tag_short()) }
                        if let Some(fix) = &d.fix { <div class="fix">{ fix.get(l.tag_short()) }</div> }
                    </div>
                }) }
                if let Some(ingested) = &session.ingested {
                    <data_check::DataCheck lang={l} ingested={ingested.clone()} source={session.source.clone()} />
                }
                if years.len() > 1 {
                    <nav class="year-selector" aria-label={t(l, Key::Year)}>
                        <span>{ t(l, Key::Year) }</span>
                        { for years.iter().rev().map(|&y| {
                            let on_year = on_year.clone();
                            let selected = current_year == Some(y);
                            html! {
                                <button type="button" class={classes!("year", selected.then_some("selected"))}
                                    aria-pressed={selected.to_string()}
                                    onclick={Callback::from(move |_: MouseEvent| on_year.emit(y))}>
                                    { y }
                                </button>
                            }
                        }) }
                    </nav>
                }
                if let Some(view) = view.as_ref() {
                    <section class="results" aria-live="polite">
                        <h2 class="results-title">{ &view.title }</h2>
                        <p class="packs">{ format!("{}：{}", t(l, Key::Packs), view.packs.join("；")) }</p>
                        if let Some(park) = &view.park {
                            <scorecard::Scorecard lang={l} park={Rc::new(park.clone())} />
                        }
                        if let Some(ranking) = &view.ranking {
                            <ranking::Ranking lang={l} ranking={Rc::new(ranking.clone())} />
                        }
                    </section>
                }
            </main>
        </div>
    }
}
