//! Data-driven ingest tests: every `tests/cases/ingest/*.toml` is a small workbook (sheets of
//! cells, merges, date system), the options, and what must come out (mapping, records, sheets,
//! park facts, diagnostics). One test runs them all through one `check` helper.
//!
//! Case format (all `expect` parts optional):
//! ```toml
//! description = "…"
//! date_1904 = false
//! [[sheets]]
//! name = "Sheet1"
//! merged = ["A1:C1"]
//! rows = [["title"], ["企业名称", "营业收入"], ["甲", 12, { error = "#N/A" }, { date = 45291 }]]
//! [options]                     # IngestOptions as serde reads it
//! [expect]
//! record_count = 1
//! columns = [{ sheet = "Sheet1", header = "营业收入", field = "revenue", unit = "wan_yuan", unit_source = "header", min_confidence = 0.9 }]
//! records = [{ name = "甲", revenue = 12.0, land_area = "none" }]   # subsets, in order
//! sheets = [{ name = "Sheet1", role = "enterprise", year = 2023, header_rows = [2, 2] }]
//! park = { park_name = "…" }     # subset of ParkFacts
//! parks = [{ park_name = "…" }]  # subsets of Ingested::parks (a park sheet listing several)
//! diagnostics = [{ code = "cell.excel_error", at = "Sheet1!C3", severity = "error" }]
//! absent = ["unit.assumed"]      # codes that must not appear
//! ```
//! Every warning and error produced must be listed in `diagnostics` (infos only when listed).
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use parkcheck::diagnostic::{Diagnostic, Severity};
use parkcheck::ingest::raw::{MergedRange, RawCell, RawSheet, RawWorkbook, SourceFormat};
use parkcheck::ingest::{IngestOptions, Ingested, interpret};
use serde::Deserialize;
use serde_json::Value as Json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    #[serde(default)]
    date_1904: bool,
    sheets: Vec<SheetCase>,
    #[serde(default)]
    options: IngestOptions,
    #[serde(default)]
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SheetCase {
    name: String,
    #[serde(default)]
    merged: Vec<String>,
    rows: Vec<Vec<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    record_count: Option<usize>,
    #[serde(default)]
    columns: Vec<ColumnExpect>,
    #[serde(default)]
    records: Vec<toml::Table>,
    #[serde(default)]
    sheets: Vec<toml::Table>,
    park: Option<toml::Table>,
    /// Every park of a park sheet that lists several (`Ingested::parks`), in order.
    parks: Option<Vec<toml::Table>>,
    #[serde(default)]
    diagnostics: Vec<DiagExpect>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    fields_present: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnExpect {
    sheet: Option<String>,
    header: String,
    field: String,
    unit: Option<String>,
    unit_source: Option<String>,
    min_confidence: Option<f64>,
    max_confidence: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiagExpect {
    code: String,
    #[serde(default)]
    at: String,
    severity: Option<String>,
}

fn cell(v: &toml::Value) -> Result<RawCell, String> {
    Ok(match v {
        toml::Value::String(s) if s.is_empty() => RawCell::Empty,
        toml::Value::String(s) => RawCell::Text(s.clone()),
        toml::Value::Integer(i) => RawCell::Number(*i as f64),
        toml::Value::Float(f) => RawCell::Number(*f),
        toml::Value::Boolean(b) => RawCell::Bool(*b),
        toml::Value::Table(t) => match (t.get("error"), t.get("date")) {
            (Some(toml::Value::String(e)), _) => RawCell::Error(e.clone()),
            (_, Some(toml::Value::Integer(d))) => RawCell::DateSerial(*d as f64),
            (_, Some(toml::Value::Float(d))) => RawCell::DateSerial(*d),
            _ => return Err(format!("unknown special cell {t}")),
        },
        other => return Err(format!("unsupported cell {other}")),
    })
}

/// `A1:C2` → a merged range.
fn merge(range: &str) -> Result<MergedRange, String> {
    let (a, b) = range.split_once(':').ok_or(format!("bad range {range}"))?;
    let (c0, r0) = cell_ref(a).ok_or(format!("bad range {range}"))?;
    let (c1, r1) = cell_ref(b).ok_or(format!("bad range {range}"))?;
    Ok(MergedRange {
        first_row: r0.ok_or("row")? - 1,
        first_col: c0.ok_or("col")?,
        last_row: r1.ok_or("row")? - 1,
        last_col: c1.ok_or("col")?,
    })
}

/// `C5` → (column 2, row 5); `C` → column only; `5` → row only.
fn cell_ref(s: &str) -> Option<(Option<u32>, Option<u32>)> {
    let letters: String = s.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let digits = &s[letters.len()..];
    let col = if letters.is_empty() {
        None
    } else {
        Some(
            letters
                .bytes()
                .fold(0u32, |acc, b| acc * 26 + (b - b'A' + 1) as u32)
                - 1,
        )
    };
    let row = if digits.is_empty() {
        None
    } else {
        Some(digits.parse().ok()?)
    };
    Some((col, row))
}

fn workbook(case: &Case) -> Result<RawWorkbook, String> {
    let mut sheets = Vec::new();
    for s in &case.sheets {
        let rows = s
            .rows
            .iter()
            .map(|r| r.iter().map(cell).collect::<Result<Vec<_>, _>>())
            .collect::<Result<Vec<_>, _>>()?;
        let merged = s
            .merged
            .iter()
            .map(|m| merge(m))
            .collect::<Result<Vec<_>, _>>()?;
        sheets.push(RawSheet {
            name: s.name.clone(),
            rows,
            merged,
        });
    }
    Ok(RawWorkbook {
        format: SourceFormat::Xlsx,
        encoding: None,
        date_1904: case.date_1904,
        sheets,
    })
}

fn describe(d: &Diagnostic) -> String {
    let mut at = d.location.sheet.clone().unwrap_or_default();
    if d.location.row.is_some() || d.location.column.is_some() {
        at.push('!');
        if let Some(l) = d.location.column_letter() {
            at.push_str(&l);
        }
        if let Some(r) = d.location.row {
            at.push_str(&r.to_string());
        }
    }
    format!("{:?} {} @ {at:?}: {}", d.severity, d.code, d.message.zh)
}

fn at_matches(d: &Diagnostic, at: &str) -> bool {
    let (sheet, rest) = match at.rsplit_once('!') {
        Some((s, r)) => (s, Some(r)),
        None => (at, None),
    };
    let sheet_ok = if sheet.is_empty() {
        d.location.sheet.is_none()
    } else {
        d.location.sheet.as_deref() == Some(sheet)
    };
    let (col, row) = match rest {
        Some(r) => match cell_ref(r) {
            Some(x) => x,
            None => return false,
        },
        None => (None, None),
    };
    sheet_ok && d.location.column == col && d.location.row == row
}

fn severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

fn json(v: &toml::Value) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

/// Whether `actual` contains `expected`: tables by key (recursively), numbers within 1e-9
/// relative, the string "none" for null, a bool against a flag's `value`.
fn subset(expected: &Json, actual: &Json, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Json::String(s), Json::Null) if s == "none" => {}
        (Json::Object(e), Json::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Json::Null);
                subset(ev, av, &format!("{path}.{k}"), errors);
            }
        }
        (Json::Bool(b), Json::Object(a)) if a.contains_key("value") => {
            if a.get("value") != Some(&Json::Bool(*b)) {
                errors.push(format!("{path}: expected {b}, got {actual}"));
            }
        }
        (Json::Number(e), Json::Number(a)) => {
            let (e, a) = (
                e.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            if (e - a).abs() > 1e-9 * e.abs().max(1.0) {
                errors.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            if e.len() != a.len() {
                errors.push(format!("{path}: expected {} items, got {actual}", e.len()));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"), errors);
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {e}, got {a}")),
    }
}

/// Runs one case; returns what went wrong.
fn check(case: &Case) -> Vec<String> {
    let mut errors = Vec::new();
    let wb = match workbook(case) {
        Ok(wb) => wb,
        Err(e) => return vec![format!("bad case: {e}")],
    };
    let out: Ingested = interpret(&wb, &case.options);
    let x = &case.expect;

    if let Some(n) = x.record_count
        && out.dataset.enterprises.len() != n
    {
        errors.push(format!(
            "record_count: expected {n}, got {} ({:?})",
            out.dataset.enterprises.len(),
            out.dataset
                .enterprises
                .iter()
                .map(|r| (&r.name, r.year))
                .collect::<Vec<_>>()
        ));
    }
    for (i, want) in x.records.iter().enumerate() {
        let Some(rec) = out.dataset.enterprises.get(i) else {
            errors.push(format!("records[{i}]: missing"));
            continue;
        };
        let actual = serde_json::to_value(rec).unwrap_or(Json::Null);
        subset(
            &json(&toml::Value::Table(want.clone())),
            &actual,
            &format!("records[{i}]"),
            &mut errors,
        );
    }
    let first_enterprise = out
        .report
        .sheets
        .iter()
        .find(|s| s.role == parkcheck::ingest::SheetRole::Enterprise);
    for c in &x.columns {
        let sheet = match &c.sheet {
            Some(n) => out.report.sheet(n),
            None => first_enterprise,
        };
        let Some(sheet) = sheet else {
            errors.push(format!("columns: no sheet for {}", c.header));
            continue;
        };
        let Some(m) = sheet.columns.iter().find(|m| m.header == c.header) else {
            errors.push(format!(
                "columns: no column \"{}\" in {:?}",
                c.header,
                sheet.columns.iter().map(|m| &m.header).collect::<Vec<_>>()
            ));
            continue;
        };
        let target = match m.target {
            parkcheck::ingest::ColumnTarget::Field(f) => f.id().to_string(),
            parkcheck::ingest::ColumnTarget::Ignore => "ignore".to_string(),
        };
        if target != c.field {
            errors.push(format!(
                "column \"{}\": expected {}, got {target} ({})",
                c.header, c.field, m.reason.zh
            ));
        }
        let unit = serde_json::to_value(m.unit).unwrap_or(Json::Null);
        if let Some(u) = &c.unit
            && unit != Json::String(u.clone())
        {
            errors.push(format!(
                "column \"{}\": expected unit {u}, got {unit}",
                c.header
            ));
        }
        let source = serde_json::to_value(m.unit_source).unwrap_or(Json::Null);
        if let Some(s) = &c.unit_source
            && source != Json::String(s.clone())
        {
            errors.push(format!(
                "column \"{}\": expected unit source {s}, got {source}",
                c.header
            ));
        }
        if c.min_confidence.is_some_and(|v| m.confidence < v)
            || c.max_confidence.is_some_and(|v| m.confidence > v)
        {
            errors.push(format!(
                "column \"{}\": confidence {} out of range",
                c.header, m.confidence
            ));
        }
    }
    for want in &x.sheets {
        let name = want
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        match out.report.sheet(name) {
            Some(s) => {
                let actual = serde_json::to_value(s).unwrap_or(Json::Null);
                let mut want = want.clone();
                if let Some(toml::Value::Array(hr)) = want.remove("header_rows") {
                    let mut t = toml::Table::new();
                    t.insert(
                        "first".into(),
                        hr.first().cloned().unwrap_or(toml::Value::Integer(0)),
                    );
                    t.insert(
                        "last".into(),
                        hr.get(1).cloned().unwrap_or(toml::Value::Integer(0)),
                    );
                    want.insert("header_rows".into(), toml::Value::Table(t));
                }
                subset(
                    &json(&toml::Value::Table(want)),
                    &actual,
                    &format!("sheet {name}"),
                    &mut errors,
                );
            }
            None => errors.push(format!("sheets: no sheet {name}")),
        }
    }
    if let Some(p) = &x.park {
        let actual = serde_json::to_value(&out.dataset.park).unwrap_or(Json::Null);
        subset(
            &json(&toml::Value::Table(p.clone())),
            &actual,
            "park",
            &mut errors,
        );
    }
    if let Some(parks) = &x.parks {
        let want = toml::Value::Array(parks.iter().cloned().map(toml::Value::Table).collect());
        let actual = serde_json::to_value(&out.parks).unwrap_or(Json::Null);
        subset(&json(&want), &actual, "parks", &mut errors);
    }
    if let Some(fields) = &x.fields_present {
        let actual: Vec<String> = out
            .dataset
            .fields_present
            .iter()
            .map(|f| f.id().to_string())
            .collect();
        let mut want = fields.clone();
        want.sort();
        let mut got = actual.clone();
        got.sort();
        if want != got {
            errors.push(format!("fields_present: expected {want:?}, got {got:?}"));
        }
    }

    // Diagnostics: every expected one present; every warning/error expected.
    let mut used = vec![false; out.diagnostics.len()];
    for want in &x.diagnostics {
        let sev = want.severity.as_deref().and_then(severity);
        let found = out.diagnostics.iter().enumerate().find(|(i, d)| {
            !used[*i]
                && d.code == want.code
                && at_matches(d, &want.at)
                && sev.is_none_or(|s| d.severity == s)
        });
        match found {
            Some((i, _)) => used[i] = true,
            None => errors.push(format!("missing diagnostic {} @ {:?}", want.code, want.at)),
        }
    }
    for (d, used) in out.diagnostics.iter().zip(&used) {
        if !used && d.severity != Severity::Info {
            errors.push(format!("unexpected diagnostic {}", describe(d)));
        }
        if d.message.zh.is_empty() || d.message.en.is_empty() {
            errors.push(format!(
                "diagnostic without both languages: {}",
                describe(d)
            ));
        }
    }
    for code in &x.absent {
        if let Some(d) = out.diagnostics.iter().find(|d| &d.code == code) {
            errors.push(format!("diagnostic that must be absent: {}", describe(d)));
        }
    }
    if !errors.is_empty() {
        errors.push(format!(
            "all diagnostics:\n    {}",
            out.diagnostics
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("\n    ")
        ));
    }
    errors
}

#[test]
fn ingest_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/ingest");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("case directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 25,
        "expected at least 25 cases, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("readable case");
        let case: Case = match toml::from_str(&text) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: cannot parse: {e}"));
                continue;
            }
        };
        let errors = check(&case);
        if !errors.is_empty() {
            failures.push(format!(
                "{name} ({}):\n  {}",
                case.description,
                errors.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
