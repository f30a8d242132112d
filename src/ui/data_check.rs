//! The data check: what was detected in the file (format, encoding, sheets, header rows, years),
//! how each column maps to a canonical field, and every diagnostic with its location and fix.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::dataset::FieldId;
use crate::diagnostic::{Severity, column_letter};
use crate::i18n::{Key, Lang, t};
use crate::ingest::units::Quantity;
use crate::ingest::{ColumnMap, ColumnOverride, ColumnTarget, Ingested, SheetRole, Unit};
use crate::session::{Action, SourceInfo};

/// Encodings offered for text files: GB18030 reads GBK and GB2312 too.
const ENCODINGS: [&str; 5] = ["UTF-8", "GB18030", "Big5", "UTF-16LE", "UTF-16BE"];

#[derive(Properties, PartialEq)]
pub struct DataCheckProps {
    pub lang: Lang,
    pub ingested: Rc<Ingested>,
    pub source: Option<SourceInfo>,
    /// The encoding the user chose, when the input is a text file (`Some(None)`: detected).
    pub encoding: Option<Option<String>>,
    /// Whether the user changed the mapping.
    pub mapping_changed: bool,
    pub on_action: Callback<Action>,
}

#[component]
pub fn DataCheck(props: &DataCheckProps) -> Html {
    let l = props.lang;
    let report = &props.ingested.report;
    let report_sheets: Vec<(String, Option<String>)> = report
        .sheets
        .iter()
        .filter(|s| s.role == SheetRole::Enterprise)
        .map(|s| (s.name.clone(), s.same_mapping_as.clone()))
        .collect();
    let report_sheets = &report_sheets;
    let on_encoding = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            on_action.emit(Action::EncodingChosen((!value.is_empty()).then_some(value)));
        })
    };
    let on_reset_mapping = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::MappingReset))
    };
    let diags = &props.ingested.diagnostics;
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    // Grouped by severity, errors first; within a group, in file order.
    let mut by_severity: Vec<_> = diags.iter().collect();
    by_severity.sort_by_key(|d| d.severity);
    let source_line = match &props.source {
        Some(s) if s.sample => t(l, Key::SampleSource).to_string(),
        Some(s) => s.name.clone(),
        None => String::new(),
    };
    let summary = match l {
        Lang::Zh => format!("{source_line} · 错误 {errors} · 警告 {warnings}"),
        Lang::En => format!("{source_line} · {errors} errors · {warnings} warnings"),
    };
    // The mapping tables (a drop-down of every field per column) and the diagnostics are most
    // of the page's elements: they are built when the user opens the check (it opens by
    // itself when there are errors). `opened` is `None` until the user opens or closes it; a
    // toggle that matches what was drawn is the page's own (the `open` attribute set by a
    // render), not the user's.
    let opened = use_state(|| None::<bool>);
    let open = opened.unwrap_or(errors > 0);
    let on_toggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let now = e
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if now != open {
                opened.set(Some(now));
            }
        })
    };
    html! {
        <details class="data-check" {open} ontoggle={on_toggle}>
            <summary><strong>{ t(l, Key::DataCheck) }</strong>{ " " }<span class="muted" id="data-summary">{ summary }</span></summary>
            <dl class="detected">
                <dt>{ t(l, Key::Format) }</dt><dd id="detected-format">{ if l == Lang::Zh { report.format.label_zh() } else { report.format.label_en() } }</dd>
                if let Some(chosen) = &props.encoding {
                    <dt><label for="encoding-choice">{ t(l, Key::Encoding) }</label></dt>
                    <dd>
                        <span id="detected-encoding">{ report.encoding.clone().unwrap_or_default() }</span>{ " " }
                        <select id="encoding-choice" onchange={on_encoding} aria-describedby="encoding-hint">
                            <option value="" selected={chosen.is_none()}>{ t(l, Key::EncodingAuto) }</option>
                            { for ENCODINGS.iter().map(|e| html! {
                                <option value={*e} selected={chosen.as_deref() == Some(*e)}>{ *e }</option>
                            }) }
                        </select>
                        <span class="muted" id="encoding-hint">{ t(l, Key::EncodingHint) }</span>
                    </dd>
                } else if let Some(enc) = &report.encoding {
                    <dt>{ t(l, Key::Encoding) }</dt><dd id="detected-encoding">{ enc }</dd>
                }
            </dl>
            if props.mapping_changed {
                <p><button type="button" class="button" id="reset-mapping" onclick={on_reset_mapping}>{ t(l, Key::ResetMapping) }</button></p>
            }
            <table class="sheets">
                <caption>{ t(l, Key::Sheets) }</caption>
                <thead><tr>
                    <th scope="col">{ t(l, Key::Sheets) }</th>
                    <th scope="col">{ t(l, Key::SheetRole) }</th>
                    <th scope="col">{ t(l, Key::HeaderRows) }</th>
                    <th scope="col">{ t(l, Key::Years) }</th>
                    <th scope="col">{ t(l, Key::RowsRead) }</th>
                </tr></thead>
                <tbody>
                { for report.sheets.iter().map(|s| html! {
                    <tr>
                        <td>{ &s.name }</td>
                        <td>{ t(l, match s.role {
                            SheetRole::Enterprise => Key::RoleEnterprise,
                            SheetRole::ParkFacts => Key::RolePark,
                            SheetRole::Ignored => Key::RoleIgnored,
                        }) }</td>
                        <td>{ s.header_rows.map(|h| if h.first == h.last { h.first.to_string() } else { format!("{}–{}", h.first, h.last) }).unwrap_or_default() }</td>
                        <td>{ s.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、") }</td>
                        <td>{ s.rows_read }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            if open {
            { for report.sheets.iter().filter(|s| s.role == SheetRole::Enterprise && s.same_mapping_as.is_none()).map(|s| html! {
                <table class="mapping">
                    <caption>{ format!("{}（{}）", t(l, Key::Mapping), s.name) }</caption>
                    <thead><tr>
                        <th scope="col">{ t(l, Key::Column) }</th>
                        <th scope="col">{ t(l, Key::Header) }</th>
                        <th scope="col">{ t(l, Key::Field) }</th>
                        <th scope="col">{ t(l, Key::Unit) }</th>
                        <th scope="col">{ t(l, Key::Confidence) }</th>
                    </tr></thead>
                    <tbody>
                    { for s.columns.iter().map(|c| {
                        let group = sheet_group(report_sheets, &s.name);
                        column_row(l, c, group, &props.on_action)
                    }) }
                    </tbody>
                </table>
            }) }
            <h3>{ t(l, Key::Diagnostics) }</h3>
            if errors > 0 {
                <p class="status error-status" role="status">{ t(l, Key::ErrorsRemain) }</p>
            } else if warnings > 0 {
                <p class="status" role="status" id="continue-note">{ t(l, Key::ContinueWithWarnings) }</p>
            }
            if diags.iter().all(|d| d.severity == Severity::Info) && errors == 0 {
                <p class="muted">{ t(l, Key::NoDiagnostics) }</p>
            }
            <ul class="diagnostics">
            { for by_severity.iter().map(|d| {
                let location = if l == Lang::Zh { d.location.describe_zh() } else { d.location.describe_en() };
                html! {
                    <li class={classes!("diag", d.severity.id())}>
                        <span class="sev">{ if l == Lang::Zh { d.severity.label_zh() } else { d.severity.label_en() } }</span>
                        if !location.is_empty() { <span class="loc">{ location }</span> }
                        <span class="msg">{ d.message.get(l.tag_short()) }</span>
                        if let Some(fix) = &d.fix {
                            <span class="fix">{ format!("{}：{}", t(l, Key::Fix), fix.get(l.tag_short())) }</span>
                        }
                    </li>
                }
            }) }
            </ul>
            }
        </details>
    }
}

/// The sheet and the sheets sharing its mapping: a choice applies to all of them.
fn sheet_group(sheets: &[(String, Option<String>)], name: &str) -> Vec<String> {
    sheets
        .iter()
        .filter(|(n, same)| n == name || same.as_deref() == Some(name))
        .map(|(n, _)| n.clone())
        .collect()
}

/// One mapping row: the column, its header, a field drop-down, a unit drop-down for numbers,
/// and the confidence with its reason.
fn column_row(l: Lang, c: &ColumnMap, sheets: Vec<String>, on_action: &Callback<Action>) -> Html {
    let column = c.column;
    let choose = {
        let on_action = on_action.clone();
        move |target: Option<ColumnTarget>, unit: Option<Unit>| {
            on_action.emit(Action::ColumnsChosen(
                sheets
                    .iter()
                    .map(|sheet| ColumnOverride {
                        sheet: Some(sheet.clone()),
                        column: Some(column),
                        header: None,
                        target,
                        unit,
                    })
                    .collect(),
            ))
        }
    };
    let on_field = {
        let choose = choose.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let target = match FieldId::from_id(&select.value()) {
                Some(f) => ColumnTarget::Field(f),
                None => ColumnTarget::Ignore,
            };
            choose(Some(target), None);
        })
    };
    let quantity = c.target.field().and_then(|f| Quantity::of(f.kind()));
    let units: Vec<Unit> = quantity
        .map(|q| Unit::all().filter(|u| u.quantity() == q).collect())
        .unwrap_or_default();
    let on_unit = {
        let units = units.clone();
        let target = c.target;
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let unit = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| units.get(i).copied());
            choose(Some(target), unit);
        })
    };
    let selected_field = c.target.field().map(FieldId::id).unwrap_or("");
    let chosen = c.chosen_by_user();
    let id = format!("map-{}", column_letter(column));
    html! {
        <tr class={classes!((c.target == ColumnTarget::Ignore).then_some("ignored"))}>
            <td>{ column_letter(column) }</td>
            <td><label for={id.clone()}>{ &c.header }</label></td>
            <td>
                <select id={id.clone()} class="field-choice" onchange={on_field} title={c.reason.get(l.tag_short()).to_string()}>
                    <option value="" selected={selected_field.is_empty()}>{ t(l, Key::Ignored) }</option>
                    { for FieldId::ALL.iter().map(|f| html! {
                        <option value={f.id()} selected={f.id() == selected_field}>
                            { if l == Lang::Zh { f.label_zh() } else { f.label_en() } }
                        </option>
                    }) }
                </select>
            </td>
            <td>
                if units.is_empty() {
                    { c.unit.map(|u| u.symbol()).unwrap_or("") }
                } else {
                    <select class="unit-choice" id={format!("{id}-unit")} onchange={on_unit} aria-label={t(l, Key::Unit)}>
                        { for units.iter().enumerate().map(|(i, u)| html! {
                            <option value={i.to_string()} selected={c.unit == Some(*u)}>{ u.symbol() }</option>
                        }) }
                    </select>
                }
            </td>
            <td title={c.reason.get(l.tag_short()).to_string()}>
                { format!("{:.0}%", c.confidence * 100.0) }
                if chosen { <span class="tag modified">{ t(l, Key::ChosenByYou) }</span> }
            </td>
        </tr>
    }
}
