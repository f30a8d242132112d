//! The city view in the browser (issue 7): several parks side by side against the creation
//! standards and the city goal. Owns the city screen ([`CityScreen`]: files and links, options,
//! the dashboard with its sort and filter, the charts, the city 亩均 ranking, differences and
//! diagnostics, the share panel with the city link and XLSX export, the printed report) and the
//! top bar's mode switch ([`mode_switch`]: one park / city view).
//!
//! City links opened from the page's address come from the root ([`CityLink`]); links pasted
//! here and `.parkcheck` files chosen in the city's input go to the city session as
//! [`CityAction::LinksGiven`]. The city is kept across reloads as its own link in the browser's
//! storage ([`super::storage::save_city`]). The XLSX export is made by the city's reader worker
//! (`job::Request::CityExport`), so the writer stays out of the page's bundle.
//!
//! The screen keeps its own state ([`crate::city_session`]) and its own reader worker (a second
//! [`WorkerHandle`], independent of the single park's): the files go to it one at a time and
//! nothing is parsed on the page's thread. Evaluation ([`crate::city::City::evaluate`]) and the
//! view model ([`crate::report::city`]) are derived once per settled change of the session; each
//! is timed with a User Timing measure (`parkcheck:city-evaluate`, `parkcheck:city-view`), which
//! the browser's performance tools and the end-to-end benchmark read.

mod files;
mod links;
mod print;
mod ranking;

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::charts::Chart;
use super::share::{ExportKind, LinkKind, SharePanel, seal};
use super::timing::timed;
use super::worker::WorkerHandle;
use crate::city::{BenchmarkScope, City, Filter, SortKey};
use crate::city_session::{self, CityAction, CitySession, GivenLink};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Key, Lang, t};
use crate::job::{Order, Reply};
use crate::report::city::{CityRankingQuery, CityView, city_print_view, city_view};
use crate::share::{self, CityState, PackChange};

/// The city with the built-in packs, compiled on first use and kept for the page's lifetime.
fn builtin_city() -> &'static City {
    thread_local! {
        static CITY: &'static City = Box::leak(Box::new(City::builtin()));
    }
    CITY.with(|city| *city)
}

/// The city session behind the reducer.
#[derive(Default, PartialEq)]
struct State {
    session: CitySession,
}

impl Reducible for State {
    type Action = CityAction;

    fn reduce(self: Rc<Self>, action: CityAction) -> Rc<Self> {
        Rc::new(State {
            session: city_session::apply(&self.session, action),
        })
    }
}

/// 单个园区 / 全市视图: which screen the page shows; `city` holds whether it is the city view.
/// (Plain functions rather than components where nothing is kept between renders: each
/// component costs the page's bundle its own lifecycle code.)
pub fn mode_switch(l: Lang, city_mode: &UseStateHandle<bool>) -> Html {
    let city = **city_mode;
    let choose = |to: bool| {
        let handle = city_mode.clone();
        Callback::from(move |_: MouseEvent| handle.set(to))
    };
    html! {
        <div class="mode-switch" role="group" aria-label={t(l, Key::ModeSwitch)}>
            <button type="button" id="mode-park" class={classes!("mode", (!city).then_some("selected"))}
                aria-pressed={(!city).to_string()} onclick={choose(false)}>{ t(l, Key::ModePark) }</button>
            <button type="button" id="mode-city" class={classes!("mode", city.then_some("selected"))}
                aria-pressed={city.to_string()} onclick={choose(true)}>{ t(l, Key::ModeCity) }</button>
        </div>
    }
}

/// A city link opened from the page's address, handed to the city screen. Two are equal only
/// if they are the same opening (the same link opened twice is opened twice).
#[derive(Debug, Clone)]
pub struct CityLink(pub Rc<CityState>);

impl PartialEq for CityLink {
    fn eq(&self, other: &CityLink) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct CityScreenProps {
    pub lang: Lang,
    /// Whether the screen is shown; it stays mounted (drawing nothing) while the single park's
    /// screens are shown, so the files chosen and their reading survive the visit.
    pub shown: bool,
    /// The last city link opened from the page's address.
    #[prop_or_default]
    pub link: Option<CityLink>,
}

#[component]
pub fn CityScreen(props: &CityScreenProps) -> Html {
    let l = props.lang;
    let state = use_reducer(State::default);
    let read_error = use_state(|| None::<String>);
    let sort = use_state(SortKey::default);
    let filter = use_state(|| Filter::All);
    // The file picker's reads in progress and drag state, and the ranking table's filters and
    // page: kept here, so that those parts are plain functions (see `mode_switch`).
    let batches: files::Batches = use_mut_ref(Vec::new);
    let dragging = use_state_eq(|| false);
    let ranking_query = use_state(CityRankingQuery::default);
    let ranking_page = use_state(|| 0usize);
    // The pack changes of the city link opened last (`Some` once one was opened), and why the
    // last export failed.
    let opened = use_state(|| None::<Rc<Vec<PackChange>>>);
    let export_error = use_state(|| None::<Diagnostic>);
    let link_text = use_node_ref();
    let link_passphrase = use_node_ref();
    let reader = {
        let dispatcher = state.dispatcher();
        use_mut_ref(move || {
            WorkerHandle::reader(Rc::new(move |reply: Reply| {
                dispatcher.dispatch(CityAction::Read(Box::new(reply)))
            }))
        })
    };
    let writer = {
        let export_error = export_error.clone();
        use_mut_ref(move || {
            WorkerHandle::saving_writer(Rc::new(move |e| export_error.set(Some(e))))
        })
    };
    let save_failed = use_state_eq(|| false);
    {
        // The city of the last visit (kept as its own link), unless the address brings one.
        let state = state.clone();
        use_effect_with((), move |_| {
            let saved = super::storage::load_city()
                .and_then(|fragment| share::decode(&fragment, None).ok());
            if let Some(share::Shared::City(city)) = saved {
                state.dispatch(CityAction::CityLinkOpened(city));
            }
        });
    }
    {
        // A city link from the page's address replaces the city.
        let state = state.clone();
        let opened = opened.clone();
        use_effect_with(props.link.clone(), move |link| {
            if let Some(CityLink(city)) = link {
                opened.set(Some(Rc::new(share::pack_changes(&city.packs))));
                state.dispatch(CityAction::CityLinkOpened(Box::new(city.as_ref().clone())));
            }
        });
    }
    {
        // The file whose turn it is goes to the reader once; its reply brings the next one.
        let reader = reader.clone();
        let pending = state.session.pending();
        use_effect_with(pending.as_ref().map(|(id, _)| *id), move |_| {
            if let Some((_, request)) = pending {
                reader.borrow_mut().send(&request);
            }
        });
    }
    let result = {
        let state = state.clone();
        use_memo(state.session.revision, move |_| {
            timed("parkcheck:city-evaluate", || {
                state.session.evaluate(builtin_city())
            })
        })
    };
    let view: Rc<Option<CityView>> = {
        let result = result.clone();
        use_memo((state.session.revision, l), move |(_, l)| {
            result.as_ref().as_ref().map(|r| {
                timed("parkcheck:city-view", || {
                    city_view(&r.evaluation, &r.file_diagnostics, *l)
                })
            })
        })
    };
    let printed = {
        let result = result.clone();
        use_memo((state.session.revision, l), move |(_, l)| {
            result
                .as_ref()
                .as_ref()
                .map(|r| city_print_view(&r.evaluation, *l))
        })
    };
    {
        // Saved after every settled change; a failure is shown and the page keeps working.
        let state = state.clone();
        let result = result.clone();
        let save_failed = save_failed.clone();
        use_effect_with(state.session.revision, move |_| {
            let session = &state.session;
            if session.files.is_empty() {
                super::storage::clear_city();
                save_failed.set(false);
            } else if let Some(city) = result
                .as_ref()
                .as_ref()
                .and_then(|r| session.share_state(&r.evaluation))
            {
                save_failed.set(!super::storage::save_city(&share::encode_city(&city, None)));
            }
        });
    }
    {
        // Other parks (files added or removed): the ranking's park filter and page start again.
        let parks: Vec<String> = view
            .as_ref()
            .as_ref()
            .map(|v| v.ranking.parks.clone())
            .unwrap_or_default();
        let query = ranking_query.clone();
        let page = ranking_page.clone();
        use_effect_with(parks, move |_| {
            query.set(CityRankingQuery::default());
            page.set(0);
        });
    }

    if !props.shown {
        // The state above lives on (and files keep being read); only the screen is not drawn.
        return html! {};
    }

    let dispatch = |make: fn(&UseReducerHandle<State>, Event)| {
        let state = state.clone();
        Callback::from(move |e: Event| make(&state, e))
    };
    let on_links = {
        let state = state.clone();
        Callback::from(move |(links, passphrase): (Vec<GivenLink>, String)| {
            state.dispatch(CityAction::LinksGiven { links, passphrase })
        })
    };
    let on_files = {
        let state = state.clone();
        let read_error = read_error.clone();
        let on_links = on_links.clone();
        let passphrase = link_passphrase.clone();
        Callback::from(move |files: files::Chosen| {
            read_error.set(None);
            // `.parkcheck` files are links; the others are read as tables.
            let (links, tables): (Vec<_>, Vec<_>) = files
                .into_iter()
                .partition(|(name, _)| name.to_lowercase().ends_with(".parkcheck"));
            if !links.is_empty() {
                let secret = passphrase
                    .cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default();
                let links = links
                    .into_iter()
                    .map(|(name, bytes)| GivenLink::File { name, bytes })
                    .collect();
                on_links.emit((links, secret));
            }
            if !tables.is_empty() {
                state.dispatch(CityAction::FilesAdded(tables));
            }
        })
    };
    let make_link = {
        let state = state.clone();
        let result = result.clone();
        Callback::from(
            move |(_, passphrase): (LinkKind, String)| -> Option<String> {
                let r = result.as_ref().as_ref()?;
                let city = state.session.share_state(&r.evaluation)?;
                Some(share::encode_city(&city, seal(&passphrase)?))
            },
        )
    };
    let on_intent = {
        let reader = reader.clone();
        Callback::from(move |()| reader.borrow_mut().warm())
    };
    let on_export = {
        let state = state.clone();
        let result = result.clone();
        let writer = writer.clone();
        let export_error = export_error.clone();
        Callback::from(move |_: ExportKind| {
            export_error.set(None);
            let Some(r) = result.as_ref().as_ref() else {
                return;
            };
            if let Some(city) = state.session.share_state(&r.evaluation) {
                writer.borrow_mut().order(&Order::CityExport {
                    fragment: share::encode_city(&city, None),
                    lang: l,
                });
            }
        })
    };
    let on_print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    let on_error = {
        let read_error = read_error.clone();
        Callback::from(move |message: String| read_error.set(Some(message)))
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |id: u64| state.dispatch(CityAction::FileRemoved(id)))
    };
    let on_clear = {
        let state = state.clone();
        let reader = reader.clone();
        Callback::from(move |_: MouseEvent| {
            // Nothing left to read: stop the worker (the next file starts a fresh one).
            reader.borrow_mut().cancel();
            state.dispatch(CityAction::Cleared);
        })
    };
    let on_year = dispatch(|state, e| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        state.dispatch(CityAction::YearSelected(value.parse().ok()));
    });
    let on_benchmarks = dispatch(|state, e| {
        let wide = e.target_unchecked_into::<HtmlInputElement>().checked();
        state.dispatch(CityAction::BenchmarksChosen(if wide {
            BenchmarkScope::City
        } else {
            BenchmarkScope::Park
        }));
    });

    let session = &state.session;
    let years = session.years();
    let (done, total) = session.progress();
    let reading = session.pending().map(|(id, _)| id);
    // Once files are chosen, the introduction makes way for the results.
    let compact = !session.files.is_empty();
    html! {
        <main class="city-main" id="city">
            <section class={classes!("city-start", compact.then_some("compact"))}>
                if !compact {
                    <h2 class="results-title">{ t(l, Key::CityTitle) }</h2>
                    <p class="muted city-intro">{ t(l, Key::CityIntro) }</p>
                }
                { files::file_picker(l, compact, &batches, &dragging, &on_files, &on_error, &on_intent) }
                { links::link_box(l, &link_text, &link_passphrase, &on_links) }
                <p class="privacy">{ t(l, Key::Privacy) }</p>
            </section>
            if let Some(message) = &*read_error {
                <p class="error" role="alert">{ message }</p>
            }
            { links::link_errors(l, &session.link_errors) }
            if let Some(changes) = &*opened {
                { links::opened_notice(l, changes) }
            }
            if *save_failed {
                <p class="notice" role="status" id="city-save-failed">{ t(l, Key::SaveFailed) }</p>
            }
            if let Some(d) = &*export_error {
                <p class="error" role="alert" id="city-export-error">
                    { d.message.get(l.tag_short()) }
                    if let Some(fix) = &d.fix { <span class="fix">{ " " }{ fix.get(l.tag_short()) }</span> }
                </p>
            }
            { files::file_list(l, &session.files, reading, &on_remove, &on_clear) }
            if reading.is_some() {
                <div class="progress" role="status" aria-live="polite" id="city-reading">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{ format!("{} {done} / {total}", t(l, Key::CityReadingFiles)) }</span>
                </div>
            }
            if !session.files.is_empty() {
                <section class="city-options" aria-label={t(l, Key::CityOptions)}>
                    <label>
                        <span>{ t(l, Key::Year) }</span>
                        <select id="city-year" onchange={on_year}>
                            <option value="" selected={session.year.is_none()}>
                                { t(l, Key::CityYearLatest) }
                                if let Some(y) = years.last() { { if l == Lang::Zh { format!("（{y}）") } else { format!(" ({y})") } } }
                            </option>
                            { for years.iter().rev().map(|y| html! {
                                <option value={y.to_string()} selected={session.year == Some(*y)}>{ y }</option>
                            }) }
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" id="city-benchmarks" onchange={on_benchmarks}
                            checked={session.options.benchmarks == BenchmarkScope::City} />
                        <span>{ t(l, Key::CityBenchmarks) }</span>
                    </label>
                </section>
            }
            if let (Some(view), Some(printed)) = (view.as_ref(), printed.as_ref()) {
                { print::print_header(l, printed, &session.files) }
                <div class="city-share-bar">
                    <SharePanel lang={l} make_link={make_link} on_export={on_export} city=true />
                    <button type="button" class="button" id="city-print" onclick={on_print}>{ t(l, Key::Print) }</button>
                </div>
                { dashboard(l, view, &sort, &filter, &ranking_query, &ranking_page) }
                { print::park_criteria(l, printed) }
            }
        </main>
    }
}

/// Everything below the options: the goal, the park table, the charts, the ranking, the
/// differences and the diagnostics.
fn dashboard(
    l: Lang,
    v: &CityView,
    sort: &UseStateHandle<SortKey>,
    filter: &UseStateHandle<Filter>,
    ranking_query: &UseStateHandle<CityRankingQuery>,
    ranking_page: &UseStateHandle<usize>,
) -> Html {
    let on_sort = {
        let sort = sort.clone();
        let options = v.sort_options.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(o) = options.iter().find(|o| o.value == value) {
                sort.set(o.key);
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        let options = v.filter_options.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let chosen = options
                .iter()
                .find(|o| o.value == value)
                .map_or(Filter::All, |o| o.filter.clone());
            filter.set(chosen);
        })
    };
    let shown = v.select(**sort, filter);
    let problems = v
        .diagnostics
        .iter()
        .any(|d| d.severity_id == "error" || d.severity_id == "warning");
    html! {
        <section class="results city-results" id="city-results" aria-live="polite">
            <h2 class="results-title" id="city-title">{ &v.title }</h2>
            <p class="packs">{ format!("{}：{}", t(l, Key::Packs), v.packs.join("；")) }</p>
            if !v.overrides.is_empty() {
                <p class="overrides"><span class="tag modified">{ t(l, Key::Modified) }</span>{ " " }{ v.overrides.join("；") }</p>
            }
            <div class={classes!("city-summary", v.goal_id)}>
                <p class="city-label">{ t(l, Key::CityGoal) }</p>
                <p class="city-goal" id="city-goal">{ &v.goal }</p>
                if !v.goal_basis.is_empty() {
                    <p class="muted goal-basis">{ &v.goal_basis }</p>
                }
                if let Some(closest) = &v.closest {
                    <p class="city-label">{ t(l, Key::CityClosest) }</p>
                    <p class="city-closest" id="city-closest">{ closest }</p>
                }
            </div>
            if !v.differences.is_empty() {
                <section class="notice city-differences" id="city-differences">
                    <h3>{ t(l, Key::CityDifferences) }</h3>
                    <ul>{ for v.differences.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                </section>
            }
            <section class="city-dashboard" aria-labelledby="city-dashboard-title">
                <h3 id="city-dashboard-title">{ t(l, Key::CityDashboard) }</h3>
                <div class="filters">
                    <label>
                        <span>{ t(l, Key::SortBy) }</span>
                        <select id="city-sort" onchange={on_sort}>
                            { for v.sort_options.iter().map(|o| html! {
                                <option value={o.value} selected={**sort == o.key}>{ o.label }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ t(l, Key::CityFilter) }</span>
                        <select id="city-filter" onchange={on_filter}>
                            { for v.filter_options.iter().map(|o| html! {
                                <option value={o.value.clone()} selected={**filter == o.filter}>{ &o.label }</option>
                            }) }
                        </select>
                    </label>
                    <span class="muted" id="city-shown">{ format!("{} {} / {}", t(l, Key::RowsShown), shown.len(), v.rows.len()) }</span>
                </div>
                <div class="table-scroll">
                <table class="city-table" id="city-table">
                    <thead>
                        <tr>
                            <th scope="col" class="park">{ t(l, Key::CityPark) }</th>
                            { for v.criteria.iter().map(|c| html! {
                                <th scope="col" class="crit-head" title={c.label.clone()}>{ &c.id }</th>
                            }) }
                            <th scope="col">{ t(l, Key::CityOverall) }</th>
                            <th scope="col">{ t(l, Key::CityStatus) }</th>
                            <th scope="col" class="num">{ t(l, Key::CityMuRevenue) }<br/><span class="unit">{ crate::format::unit_name("万元/亩", l) }</span></th>
                            <th scope="col" class="num">{ t(l, Key::CityGrowth) }</th>
                            <th scope="col" class="num">{ t(l, Key::CityAShare) }</th>
                        </tr>
                    </thead>
                    <tbody>
                    { for shown.iter().filter_map(|&i| v.rows.get(i)).map(|row| html! {
                        <tr key={row.index} data-park={row.label.clone()} title={row.sentence.clone()}>
                            <th scope="row" class="park">
                                <span class="park-name">{ &row.label }</span>
                                if !row.has_facts { <span class="tag no-facts">{ t(l, Key::CityNoFacts) }</span> }
                                <span class="muted park-source">{ &row.source }</span>
                            </th>
                            { for row.cells.iter().map(|c| html! {
                                <td class={classes!("crit", c.state_id)} data-state={c.state_id} title={c.title.clone()}>
                                    <span class="sym" aria-hidden="true">{ c.symbol }</span>
                                    <span class="visually-hidden">{ c.state_label }</span>
                                    if !c.value.is_empty() { <span class="val">{ &c.value }</span> }
                                </td>
                            }) }
                            <td class="overall-cell" data-overall={row.overall_id}><span class={classes!("overall-tag", row.overall_id)}>{ row.overall_label }</span></td>
                            <td class={classes!("status-cell", row.status_id)} data-status={row.status_id}>{ row.status_label }</td>
                            <td class="num mu-revenue">{ &row.mu_revenue }</td>
                            <td class="num growth" title={row.growth_title.clone()}>{ &row.growth }</td>
                            <td class="num a-share">{ &row.a_share }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
                <p class="muted legend">{ t(l, Key::CityLegend) }</p>
                <p class="muted legend" id="city-criteria-key">
                    { v.criteria.iter().map(|c| format!("{} {}", c.id, c.label)).collect::<Vec<_>>().join(" · ") }
                </p>
            </section>
            if !v.charts.is_empty() {
                <section class="charts city-charts" aria-labelledby="city-charts-title">
                    <h3 id="city-charts-title">{ t(l, Key::CityCharts) }</h3>
                    <div class="chart-grid">
                        { for v.charts.iter().map(|c| html! { <Chart chart={c.clone()} /> }) }
                    </div>
                </section>
            }
            { ranking::city_ranking(l, &v.ranking, ranking_query, ranking_page) }
            if !v.diagnostics.is_empty() {
                <details class="data-check city-diagnostics" id="city-diagnostics" open={problems}>
                    <summary>{ format!("{}：{}", t(l, Key::CityDiagnostics), v.diagnostic_summary) }</summary>
                    <ul class="diagnostics">
                        { for v.diagnostics.iter().map(|d| html! {
                            <li class={classes!("diag", d.severity_id)} data-code={d.code.clone()}>
                                <span class="sev">{ d.severity_label }</span>
                                <span class="loc">{ &d.place }</span>
                                <span class="msg">{ &d.message }</span>
                                if let Some(fix) = &d.fix { <span class="fix">{ fix }</span> }
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </section>
    }
}
