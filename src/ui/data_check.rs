//! The data check: what was detected in the file (format, encoding, sheets, header rows, years),
//! how each column maps to a canonical field, and every diagnostic with its location and fix.

use std::rc::Rc;

use yew::prelude::*;

use crate::diagnostic::{Severity, column_letter};
use crate::i18n::{Key, Lang, t};
use crate::ingest::{ColumnTarget, Ingested, SheetRole};
use crate::session::SourceInfo;

#[derive(Properties, PartialEq)]
pub struct DataCheckProps {
    pub lang: Lang,
    pub ingested: Rc<Ingested>,
    pub source: Option<SourceInfo>,
}

#[component]
pub fn DataCheck(props: &DataCheckProps) -> Html {
    let l = props.lang;
    let report = &props.ingested.report;
    let diags = &props.ingested.diagnostics;
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let source_line = match &props.source {
        Some(s) if s.sample => t(l, Key::SampleSource).to_string(),
        Some(s) => s.name.clone(),
        None => String::new(),
    };
    let summary = match l {
        Lang::Zh => format!("{source_line} · 错误 {errors} · 警告 {warnings}"),
        Lang::En => format!("{source_line} · {errors} errors · {warnings} warnings"),
    };
    html! {
        <details class="data-check" open={errors > 0}>
            <summary><strong>{ t(l, Key::DataCheck) }</strong>{ " " }<span class="muted" id="data-summary">{ summary }</span></summary>
            <dl class="detected">
                <dt>{ t(l, Key::Format) }</dt><dd id="detected-format">{ if l == Lang::Zh { report.format.label_zh() } else { report.format.label_en() } }</dd>
                if let Some(enc) = &report.encoding {
                    <dt>{ t(l, Key::Encoding) }</dt><dd id="detected-encoding">{ enc }</dd>
                }
            </dl>
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
                    { for s.columns.iter().map(|c| html! {
                        <tr class={classes!((c.target == ColumnTarget::Ignore).then_some("ignored"))}>
                            <td>{ column_letter(c.column) }</td>
                            <td>{ &c.header }</td>
                            <td title={c.reason.get(l.tag_short()).to_string()}>{ match c.target {
                                ColumnTarget::Field(f) => if l == Lang::Zh { f.label_zh() } else { f.label_en() },
                                ColumnTarget::Ignore => t(l, Key::Ignored),
                            } }</td>
                            <td>{ c.unit.map(|u| u.symbol()).unwrap_or("") }</td>
                            <td>{ format!("{:.0}%", c.confidence * 100.0) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }) }
            <h3>{ t(l, Key::Diagnostics) }</h3>
            if diags.iter().all(|d| d.severity == Severity::Info) && errors == 0 {
                <p class="muted">{ t(l, Key::NoDiagnostics) }</p>
            }
            <ul class="diagnostics">
            { for diags.iter().map(|d| {
                let location = if l == Lang::Zh { d.location.describe_zh() } else { d.location.describe_en() };
                html! {
                    <li class={classes!("diag", match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "info" })}>
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
        </details>
    }
}
