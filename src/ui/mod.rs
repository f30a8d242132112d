//! The browser UI: Yew components that map state to views and events to actions.
//!
//! This is one of only two places (with `main.rs`) allowed to name `yew`, `web_sys`, `gloo` or
//! `wasm_bindgen`. No arithmetic or parsing happens here: the reducer delegates to
//! [`crate::session::apply`], and components render view models from [`crate::report`].
//! The session is kept in the browser's local storage ([`storage`]) so it survives a reload.

mod charts;
mod city;
mod data_check;
mod detail;
mod download;
mod facts;
mod offline;
mod pager;
mod parameters;
mod print;
mod ranking;
mod scorecard;
mod share;
mod start;
mod storage;
mod timing;
mod worker;

use std::rc::Rc;

use yew::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::i18n::{Key, Lang, t};
use crate::job::{Order, Reply, Stage, TemplateKind};
use crate::report;
use crate::rules::CompiledPack;
use crate::session::{Action, Session, apply};
use crate::share::{self as links, FullState, Outcome, ResultState, Shared};

pub use start::StartScreen;
pub use worker::serve as serve_worker;

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

/// Whether an action replaces the data (so an open detail panel no longer applies).
fn replaces_data(action: &Action) -> bool {
    matches!(
        action,
        Action::FileLoaded { .. } | Action::Pasted(_) | Action::SampleRequested | Action::Cleared
    )
}

/// The root component.
#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::default);
    let city_mode = use_state(|| false);
    let state = use_reducer(|| State {
        session: storage::load().map(Session::restore).unwrap_or_default(),
        version: 0,
    });
    let read_error = use_state(|| None::<String>);
    let save_failed = use_state(|| false);
    let selected = use_state(|| None::<usize>);
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| {
            offline::register(Callback::from(move |_| update_ready.set(true)));
        });
    }
    let link_error = use_state(|| None::<Diagnostic>);
    let reader = {
        let dispatcher = state.dispatcher();
        use_mut_ref(move || {
            worker::WorkerHandle::reader(Rc::new(move |reply: Reply| {
                dispatcher.dispatch(Action::Read(Box::new(reply)))
            }))
        })
    };
    let writer = {
        let link_error = link_error.clone();
        use_mut_ref(move || {
            worker::WorkerHandle::saving_writer(Rc::new(move |e| link_error.set(Some(e))))
        })
    };
    // Share links: a result link shown read-only, a full-data link's comparison with the
    // current rules, and a protected link waiting for its passphrase.
    let shared_result = use_state(|| None::<Rc<ResultState>>);
    let link_diff = use_state(|| None::<Rc<Option<links::Diff>>>);
    let waiting_link = use_state(|| None::<String>);
    let city_link = use_state(|| None::<city::CityLink>);
    let open_link: Rc<dyn Fn(String, Option<String>)> = {
        let dispatcher = state.dispatcher();
        let shared_result = shared_result.clone();
        let link_diff = link_diff.clone();
        let link_error = link_error.clone();
        let waiting_link = waiting_link.clone();
        let city_mode = city_mode.clone();
        let city_link = city_link.clone();
        Rc::new(move |fragment: String, passphrase: Option<String>| {
            if passphrase.is_none() && links::needs_passphrase(&fragment) {
                city_mode.set(false);
                waiting_link.set(Some(fragment));
                return;
            }
            match links::decode(&fragment, passphrase.as_deref()) {
                Ok(Shared::Full(full)) => {
                    waiting_link.set(None);
                    link_error.set(None);
                    shared_result.set(None);
                    link_diff.set(Some(Rc::new(compare_with_current(&full))));
                    dispatcher.dispatch(Action::LinkOpened {
                        state: Box::new(full),
                        fragment,
                    });
                }
                Ok(Shared::Result(result)) => {
                    waiting_link.set(None);
                    link_error.set(None);
                    shared_result.set(Some(Rc::new(result)));
                }
                // A city link opens the city view with its parks.
                Ok(Shared::City(state)) => {
                    waiting_link.set(None);
                    link_error.set(None);
                    city_link.set(Some(city::CityLink(Rc::new(*state))));
                    city_mode.set(true);
                }
                Err(e) => {
                    // Shown on the single park's screen, with the passphrase form.
                    city_mode.set(false);
                    link_error.set(Some(e.diagnostic()));
                }
            }
        })
    };
    {
        // A link opens the page: its fragment holds the data (never sent to a server).
        let open_link = open_link.clone();
        use_effect_with((), move |_| {
            let open = move || {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                if hash.starts_with("#v") {
                    open_link(hash, None);
                }
            };
            open();
            // A link pasted into the address bar of an open page changes only the fragment.
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    open()
                });
            move || drop(listener)
        });
    }
    {
        // A read the session asks for goes to the reader worker once.
        let reader = reader.clone();
        let pending = state
            .session
            .pending
            .as_ref()
            .map(|p| (p.id, p.request.clone()));
        use_effect_with(pending.as_ref().map(|(id, _)| *id), move |_| {
            if let Some((_, request)) = pending {
                reader.borrow_mut().send(&request);
            }
        });
    }

    {
        let lang = *lang;
        use_effect_with(lang, move |lang| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
    }
    {
        // Saved after every change, once the change is on screen (saving a large file takes
        // longer than showing it, and the user waits for the screen, not for the storage); a
        // newer change replaces a save that has not run yet. A failure (storage full, file too
        // large) is shown, and the page keeps working with the data in memory.
        let state = state.clone();
        let save_failed = save_failed.clone();
        let scheduled = use_mut_ref(|| None::<gloo::render::AnimationFrame>);
        use_effect_with(state.version, move |_| {
            let save = move || {
                let ok = if state.session.source.is_some() || state.session.custom_pack.is_some() {
                    timing::timed("parkcheck:save", || storage::save(&state.session.saved()))
                } else {
                    storage::clear()
                };
                save_failed.set(!ok);
            };
            // The frame that shows the change is painted before the next task runs.
            let frame = gloo::render::request_animation_frame(move |_| {
                gloo::timers::callback::Timeout::new(0, save).forget();
            });
            *scheduled.borrow_mut() = Some(frame);
        });
    }

    let evaluation = {
        let state = state.clone();
        use_memo(state.version, move |_| {
            timing::timed("parkcheck:evaluate", || {
                state.session.evaluate().map(Rc::new)
            })
        })
    };
    let view = {
        let evaluation = evaluation.clone();
        use_memo((state.version, *lang), move |(_, lang)| {
            evaluation
                .as_ref()
                .as_ref()
                .map(|e| timing::timed("parkcheck:view", || report::result_view(e, *lang)))
        })
    };
    let charts = {
        let evaluation = evaluation.clone();
        use_memo((state.version, *lang), move |(_, lang)| {
            evaluation
                .as_ref()
                .as_ref()
                .map(|e| report::charts(e, *lang))
                .unwrap_or_default()
        })
    };
    let panels = {
        let state = state.clone();
        use_memo((state.version, *lang), move |(_, lang)| {
            let packs = state.session.packs();
            let refs: Vec<&CompiledPack> = packs.iter().map(|p| p.as_ref()).collect();
            report::param_panels(&refs, &state.session.overrides, *lang)
        })
    };

    let on_action = {
        let state = state.clone();
        let selected = selected.clone();
        let read_error = read_error.clone();
        Callback::from(move |action: Action| {
            if replaces_data(&action) {
                selected.set(None);
                read_error.set(None);
            }
            if matches!(action, Action::Cleared) {
                storage::clear();
            }
            state.dispatch(action);
        })
    };
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    let on_file = {
        let on_action = on_action.clone();
        let read_error = read_error.clone();
        let open_link = open_link.clone();
        let link_error = link_error.clone();
        Callback::from(move |result: Result<LoadedFile, String>| match result {
            Ok(file) if file.name.to_lowercase().ends_with(".parkcheck") => {
                match links::from_file(&file.bytes) {
                    Ok(fragment) => open_link(fragment, None),
                    Err(e) => link_error.set(Some(e.diagnostic())),
                }
            }
            Ok(file) => on_action.emit(Action::FileLoaded {
                name: file.name,
                bytes: file.bytes,
            }),
            Err(message) => read_error.set(Some(message)),
        })
    };
    let send = |action: fn() -> Action| {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action()))
    };
    let on_sample = send(|| Action::SampleRequested);
    let on_clear = send(|| Action::Cleared);
    let on_paste = {
        let on_action = on_action.clone();
        Callback::from(move |text: String| on_action.emit(Action::Pasted(text)))
    };
    let on_year = {
        let on_action = on_action.clone();
        Callback::from(move |year: i32| on_action.emit(Action::YearSelected(year)))
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |row: usize| {
            selected.set(if *selected == Some(row) {
                None
            } else {
                Some(row)
            })
        })
    };
    let on_close_detail = {
        let selected = selected.clone();
        Callback::from(move |_: ()| selected.set(None))
    };
    let on_cancel = {
        let reader = reader.clone();
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            reader.borrow_mut().cancel();
            on_action.emit(Action::ReadCancelled);
        })
    };
    let on_template = {
        let writer = writer.clone();
        Callback::from(move |kind: TemplateKind| writer.borrow_mut().order(&Order::Template(kind)))
    };
    // The reader starts when the user is about to read (see `StartScreen::on_intent`), or
    // when a file is dragged over any part of the page.
    let on_intent = {
        let reader = reader.clone();
        Callback::from(move |()| reader.borrow_mut().warm())
    };
    {
        let on_intent = on_intent.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "dragenter", move |_| {
                    on_intent.emit(())
                });
            move || drop(listener)
        });
    }
    let make_link = {
        let state = state.clone();
        Callback::from(
            move |(kind, passphrase): (share::LinkKind, String)| -> Option<String> {
                let session = &state.session;
                match kind {
                    share::LinkKind::Result => {
                        ResultState::from_session(session).map(|r| links::encode_result(&r))
                    }
                    share::LinkKind::Full => {
                        let full = FullState::from_session(session)?;
                        let seal = share::seal(&passphrase)?;
                        Some(links::encode_full(&full, seal))
                    }
                    // Made by the city screen's own panel.
                    share::LinkKind::City => None,
                }
            },
        )
    };
    let on_export = {
        let state = state.clone();
        let writer = writer.clone();
        let evaluation = evaluation.clone();
        let lang = *lang;
        Callback::from(move |kind: share::ExportKind| {
            let Some(e) = evaluation.as_ref().as_ref() else {
                return;
            };
            let csv = "text/csv;charset=utf-8";
            match kind {
                share::ExportKind::RankingCsv => {
                    download::download(
                        &export::ranking_csv(e, lang),
                        t(lang, Key::ExportRankingFile),
                        csv,
                    );
                }
                share::ExportKind::ScorecardCsv => {
                    download::download(
                        &export::scorecard_csv(e, lang),
                        t(lang, Key::ExportScorecardFile),
                        csv,
                    );
                }
                share::ExportKind::Xlsx => {
                    if let Some(full) = FullState::from_session(&state.session) {
                        writer.borrow_mut().order(&Order::Export {
                            fragment: links::encode_full(&full, None),
                            custom_pack: state
                                .session
                                .custom_pack
                                .as_ref()
                                .map(|c| c.text.to_string()),
                            lang,
                        });
                    }
                }
            }
        })
    };
    let on_close_shared = {
        let shared_result = shared_result.clone();
        Callback::from(move |_: MouseEvent| shared_result.set(None))
    };
    let passphrase_ref = use_node_ref();
    let on_open_protected = {
        let waiting_link = waiting_link.clone();
        let open_link = open_link.clone();
        let passphrase_ref = passphrase_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(fragment), Some(input)) = (
                (*waiting_link).clone(),
                passphrase_ref.cast::<web_sys::HtmlInputElement>(),
            ) {
                open_link(fragment, Some(input.value()));
            }
        })
    };
    let on_print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });

    let l = *lang;
    let session = &state.session;
    let loaded = session.ingested.is_some();
    let years = session.years();
    let evaluation = evaluation.as_ref().clone();
    let current_year = evaluation.as_ref().and_then(|e| e.year);
    let detail = evaluation
        .as_ref()
        .and_then(|e| e.enterprises.as_ref())
        .zip(*selected)
        .and_then(|(m, row)| report::enterprise_detail(m, row, l))
        .map(Rc::new);
    html! {
        <div class="app">
            <header class="topbar">
                <span class="brand">{ t(l, Key::AppName) }</span>
                { city::mode_switch(l, &city_mode) }
                <div class="topbar-actions">
                    if view.is_some() {
                        <button type="button" class="topbar-button" id="print" onclick={on_print}>
                            { t(l, Key::Print) }
                        </button>
                    }
                    if loaded || session.custom_pack.is_some() {
                        <button type="button" class="topbar-button" id="clear-data" onclick={on_clear}>
                            { t(l, Key::ClearData) }
                        </button>
                    }
                    <button type="button" class="topbar-button lang-toggle" onclick={toggle_lang}>
                        { t(l, Key::SwitchLang) }
                    </button>
                </div>
            </header>
            <city::CityScreen lang={l} shown={*city_mode} link={(*city_link).clone()} />
            if !*city_mode {
            <main>
                <StartScreen lang={l} compact={loaded} on_file={on_file} on_sample={on_sample} on_paste={on_paste} on_intent={on_intent} on_template={on_template} />
                if let Some(pending) = &session.pending {
                    <div class="progress" role="status" aria-live="polite" id="reading">
                        <span class="spinner" aria-hidden="true"></span>
                        <span>{ t(l, match pending.stage {
                            None | Some(Stage::Reading) => Key::StageReading,
                            Some(Stage::Interpreting) => Key::StageInterpreting,
                        }) }</span>
                        <button type="button" class="button" id="cancel-read" onclick={on_cancel}>{ t(l, Key::Cancel) }</button>
                    </div>
                }
                if let Some(message) = &*read_error {
                    <p class="error" role="alert">{ message }</p>
                }
                if *update_ready {
                    <p class="notice" role="status" id="update-ready">
                        { t(l, Key::UpdateReady) }{ " " }
                        <button type="button" class="button" onclick={Callback::from(|_: MouseEvent| offline::apply_update())}>{ t(l, Key::UpdateNow) }</button>
                    </p>
                }
                if let Some(d) = &*link_error {
                    <div class="error" role="alert" id="link-error">
                        { d.message.get(l.tag_short()) }
                        if let Some(fix) = &d.fix { <div class="fix">{ fix.get(l.tag_short()) }</div> }
                    </div>
                }
                if waiting_link.is_some() {
                    <div class="notice" id="link-passphrase-form">
                        <label for="link-passphrase">{ t(l, Key::LinkNeedsPassphrase) }</label>{ " " }
                        <input id="link-passphrase" type="password" ref={passphrase_ref} />{ " " }
                        <button type="button" class="button" id="open-link" onclick={on_open_protected}>{ t(l, Key::OpenLink) }</button>
                    </div>
                }
                if let Some(diff) = &*link_diff {
                    <div class="notice" id="link-opened">
                        <strong>{ t(l, Key::LinkOpened) }</strong>
                        if let Some(diff) = diff.as_ref() {
                            <p>{ t(l, Key::LinkPacksChanged) }</p>
                            { diff_table(l, diff) }
                        }
                    </div>
                }
                if *save_failed {
                    <p class="notice" role="status" id="save-failed">{ t(l, Key::SaveFailed) }</p>
                }
                { for session.load_errors.iter().map(|d| html! {
                    <div class="error" role="alert">
                        <strong>{ d.location.sheet.clone().unwrap_or_default() }</strong>{ "：" }
                        { d.message.get(l.tag_short()) }
                        if let Some(fix) = &d.fix { <div class="fix">{ fix.get(l.tag_short()) }</div> }
                    </div>
                }) }
                if let Some(ingested) = &session.ingested {
                    <data_check::DataCheck lang={l} ingested={ingested.clone()} source={session.source.clone()}
                        encoding={session.is_text_file().then(|| session.encoding.clone())}
                        mapping_changed={!session.mapping.is_empty()} on_action={on_action.clone()} />
                    <facts::FactsForm lang={l} facts={Rc::new(ingested.dataset.park.clone())}
                        edited={session.facts.is_some()} years={years.clone()} on_action={on_action.clone()} />
                }
                if loaded {
                    <parameters::Parameters lang={l} panels={panels.clone()}
                        custom={session.custom_pack.as_ref().map(|c| (c.name.clone(), c.diagnostics.clone(), c.compiled.is_some()))}
                        on_action={on_action.clone()} />
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
                if let Some(result) = &*shared_result {
                    <share::SharedResult lang={l} view={Rc::new(report::shared_result_view(result, l))} on_close={on_close_shared} />
                } else if let Some(view) = view.as_ref() {
                    <section class="results" aria-live="polite">
                        <print::PrintHeader lang={l} source={session.source.clone()} packs={evaluation.as_ref().map(|e| e.packs.clone()).unwrap_or_default()}
                            park_name={session.ingested.as_ref().map(|i| i.dataset.park.park_name.clone()).unwrap_or_default()} />
                        <h2 class="results-title">{ &view.title }</h2>
                        <p class="packs">{ format!("{}：{}", t(l, Key::Packs), view.packs.join("；")) }</p>
                        if !view.overrides.is_empty() {
                            <p class="overrides" id="overrides"><span class="tag modified">{ t(l, Key::Modified) }</span>{ " " }{ view.overrides.join("；") }</p>
                        }
                        <share::SharePanel lang={l} make_link={make_link} on_export={on_export} />
                        if let Some(park) = &view.park {
                            <scorecard::Scorecard lang={l} park={Rc::new(park.clone())} />
                        }
                        if !charts.is_empty() {
                            <section class="charts" aria-labelledby="charts-title">
                                <h3 id="charts-title">{ t(l, Key::Charts) }</h3>
                                <div class="chart-grid">
                                    { for charts.iter().map(|c| html! { <charts::Chart chart={c.clone()} /> }) }
                                </div>
                            </section>
                        }
                        if let Some(park) = &view.park {
                            <print::CriteriaTable lang={l} park={Rc::new(park.clone())} />
                        }
                        if let Some(detail) = detail {
                            <detail::Detail lang={l} detail={detail} on_close={on_close_detail} />
                        }
                        if let Some(ranking) = &view.ranking {
                            <ranking::Ranking lang={l} ranking={ranking.clone()}
                                selected={*selected} on_select={on_select} />
                        }
                    </section>
                }
            </main>
            }
        </div>
    }
}

/// For a full-data link made with other packs: what the sender saw beside what this app's rules
/// give; `None` when the packs are the same (the numbers are then the link's).
fn compare_with_current(full: &FullState) -> Option<links::Diff> {
    if !links::packs_differ(&full.packs) {
        return None;
    }
    let seen = full.seen.as_ref()?;
    let now = Outcome::from_evaluation(&full.recompute()).essentials();
    Some(links::diff(&seen.outcome, &now))
}

/// The changed rows of a link's diff.
fn diff_table(l: Lang, diff: &links::Diff) -> Html {
    let view = report::diff_view(diff, l);
    if view.rows.is_empty() {
        return html! { <p>{ t(l, Key::NoDifferences) }</p> };
    }
    html! {
        <table class="diff" id="link-diff">
            <thead><tr>
                <th scope="col">{ t(l, Key::Item) }</th>
                <th scope="col">{ t(l, Key::InTheLink) }</th>
                <th scope="col">{ t(l, Key::Now) }</th>
            </tr></thead>
            <tbody>
            { for view.rows.iter().map(|(what, then, now)| html! {
                <tr><th scope="row">{ what }</th><td>{ then }</td><td>{ now }</td></tr>
            }) }
            </tbody>
        </table>
    }
}
