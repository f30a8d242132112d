//! Data-driven tests of the city view: every `tests/cases/city/*.toml` names spreadsheet files
//! of `tests/fixtures/city/` (the real files the command line and the browser load), the year,
//! overrides and options, and the expected city JSON (`parkcheck.city/1`) as a subset. The files
//! go through the same path as `parkcheck city`: `ingest::load` → `city::parks_from_file` →
//! `City::evaluate` → `to_city_json`. Expected numbers are worked out from DOMAIN.md's formulas
//! (`tests/cases/gen/city_cases.py` does the arithmetic), not copied from the program.
//!
//! Case format:
//! ```toml
//! description = "…"
//! files = ["park-a-yaan.xlsx"]        # under tests/fixtures/city
//! year = 2023                          # optional
//! overrides = ["mujun.access_threshold=3"]
//! city_benchmarks = false
//! expect_diagnostics = ["city.no_park_facts"]   # every warning or error must be listed
//! expect_text = ["已达标 1 个"]                 # substrings of the Chinese text report
//! [expect]                                      # subset of the JSON
//! ```
//! Numbers match within 1e-4 when |x| ≤ 1 and 0.01 otherwise (`{ approx = x, tol = t }` says
//! otherwise); arrays of objects with an `id`, `label`, `criterion` or `name` match by it,
//! other arrays element by element; `"null"` expects null.
// Native only: these tests read files, which do not exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/subset.rs"]
mod subset;

use std::path::Path;

use parkcheck::city::{self, BenchmarkScope, City, CityDiagnostic, CityOptions, ParkInput};
use parkcheck::diagnostic::Severity;
use parkcheck::ingest::{self, IngestOptions, SourceOptions};
use parkcheck::rules::Override;
use serde_json::Value;

/// The keys that identify an array element in these cases' JSON.
const CITY: subset::Keys = subset::Keys(&["id", "label", "criterion", "name"]);
#[test]
fn city_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/cases/city");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("case directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 4,
        "expected the city cases, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("readable case");
        if let Err(e) = run_case(root, &text) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} city cases failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn run_case(root: &Path, text: &str) -> Result<(), String> {
    let case: toml::Table = text.parse().map_err(|e| format!("case is not TOML: {e}"))?;
    let case = serde_json::to_value(toml::Value::Table(case)).map_err(|e| e.to_string())?;
    let year = case.get("year").and_then(Value::as_i64).map(|y| y as i32);
    let overrides = strings(&case, "overrides")
        .iter()
        .map(|s| Override::parse(s).map_err(|d| d.message.en))
        .collect::<Result<Vec<_>, _>>()?;
    let options = CityOptions {
        benchmarks: if case.get("city_benchmarks").and_then(Value::as_bool) == Some(true) {
            BenchmarkScope::City
        } else {
            BenchmarkScope::Park
        },
    };
    let files = strings(&case, "files");
    if files.is_empty() {
        return Err("a case needs files".into());
    }
    let mut parks: Vec<ParkInput> = Vec::new();
    let mut file_diagnostics: Vec<CityDiagnostic> = Vec::new();
    for file in &files {
        let path = root.join("tests/fixtures/city").join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let ingest_options = IngestOptions {
            default_year: year,
            ..IngestOptions::default()
        };
        let ingested = ingest::load(&bytes, file, &SourceOptions::default(), &ingest_options)
            .map_err(|d| format!("{file} could not be read: {d:?}"))?;
        let (inputs, diags) = city::parks_from_file(file, ingested);
        parks.extend(inputs);
        file_diagnostics.extend(diags);
    }
    let evaluation = City::builtin().evaluate(parks, year, &overrides, options);
    let actual = city::to_city_json(&evaluation, &file_diagnostics);

    let mut errors = Vec::new();
    if actual.get("schema") != Some(&Value::from("parkcheck.city/1")) {
        errors.push(format!("schema: {:?}", actual.get("schema")));
    }
    if let Some(expected) = case.get("expect") {
        subset::compare(expected, &actual, "$", &CITY, None, &mut errors);
    }
    let expected_codes = strings(&case, "expect_diagnostics");
    let all: Vec<&CityDiagnostic> = file_diagnostics
        .iter()
        .chain(&evaluation.diagnostics)
        .collect();
    for code in &expected_codes {
        if !all.iter().any(|d| d.diagnostic.code == *code) {
            errors.push(format!("expected diagnostic {code}"));
        }
    }
    for d in &all {
        let d_ = &d.diagnostic;
        if d_.severity != Severity::Info && !expected_codes.contains(&d_.code) {
            errors.push(format!(
                "unexpected diagnostic {} ({}): {}",
                d_.code,
                d.describe_zh(),
                d_.message.zh
            ));
        }
        if d_.message.zh.is_empty() || d_.message.en.is_empty() {
            errors.push(format!("diagnostic without both languages: {}", d_.code));
        }
        if d_.severity == Severity::Warning && d_.fix.is_none() && d_.code.starts_with("city.") {
            errors.push(format!("city warning without a fix: {}", d_.code));
        }
    }
    let text_out = city::to_city_text_zh(&evaluation, &file_diagnostics);
    for needle in strings(&case, "expect_text") {
        if !text_out.contains(&needle) {
            errors.push(format!("text report lacks {needle:?}"));
        }
    }
    // Every sentence reads in both languages.
    for row in &evaluation.rows {
        if row.sentence.zh.is_empty() || row.sentence.en.is_empty() {
            errors.push(format!("row {} lacks a sentence", row.label));
        }
    }
    if evaluation.goal.sentence.en.is_empty()
        || evaluation
            .closest
            .as_ref()
            .is_some_and(|c| c.sentence.en.is_empty())
    {
        errors.push("goal or closest lacks an English sentence".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  text:\n{text_out}\n  actual: {actual}",
            errors.join("\n  ")
        ))
    }
}
