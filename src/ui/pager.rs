//! Paging of long tables (the park's and the city's ranking): the page size, the page shown, the
//! previous / next bar, and the filter controls' edits of a table's query, which go back to the
//! first page. Only a page of rows is drawn, so tens of thousands of rows stay smooth.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Key, Lang, t};

/// Rows per page: enough to scan, few enough to render instantly.
pub const PAGE: usize = 100;

/// How many pages `rows` rows make (at least one), and the page to show: `wanted`, or the last
/// page when the rows no longer reach it.
pub fn pages(rows: usize, wanted: usize) -> (usize, usize) {
    let pages = rows.div_ceil(PAGE).max(1);
    (pages, wanted.min(pages - 1))
}

/// The previous / next bar, or nothing for a single page. `prefix` starts the element ids
/// (`""` gives `prev-page`, `page-status`, `next-page`).
pub fn pager(
    l: Lang,
    prefix: &str,
    pages: usize,
    current: usize,
    page: &UseStateHandle<usize>,
) -> Html {
    if pages <= 1 {
        return html! {};
    }
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    html! {
        <nav class="pager" aria-label={t(l, Key::Page)}>
            <button type="button" class="button" id={format!("{prefix}prev-page")} disabled={current == 0}
                onclick={go(current.saturating_sub(1))}>{ t(l, Key::PrevPage) }</button>
            <span id={format!("{prefix}page-status")}>{ format!("{} / {} {}", current + 1, pages, t(l, Key::Page)) }</span>
            <button type="button" class="button" id={format!("{prefix}next-page")} disabled={current + 1 >= pages}
                onclick={go(current + 1)}>{ t(l, Key::NextPage) }</button>
        </nav>
    }
}

/// A `<select>`'s `change` that edits a table's query with `change` and goes back to the first
/// page (the rows shown have changed).
pub fn on_select<Q: Clone + 'static>(
    query: &UseStateHandle<Q>,
    page: &UseStateHandle<usize>,
    change: fn(&mut Q, String),
) -> Callback<Event> {
    let set = edit(query, page, change);
    Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

/// An `<input>`'s `input` that edits a table's query with `change` and goes back to the first
/// page.
pub fn on_input<Q: Clone + 'static>(
    query: &UseStateHandle<Q>,
    page: &UseStateHandle<usize>,
    change: fn(&mut Q, String),
) -> Callback<InputEvent> {
    let set = edit(query, page, change);
    Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

fn edit<Q: Clone + 'static>(
    query: &UseStateHandle<Q>,
    page: &UseStateHandle<usize>,
    change: fn(&mut Q, String),
) -> impl Fn(String) + 'static {
    let (query, page) = (query.clone(), page.clone());
    move |value: String| {
        let mut next = (*query).clone();
        change(&mut next, value);
        query.set(next);
        page.set(0);
    }
}
