//! Data-driven tests of the rules engine: every `tests/cases/rules/*.toml` is an evaluation case
//! (dataset, year, overrides, optional custom pack, expected JSON subset and diagnostics) and
//! every `tests/cases/rules/packs/*.toml` a pack-validation case (pack text, expected diagnostic
//! codes). One test runs them all and reports every failure at once.
//!
//! Expected numbers match within a tolerance: `{ approx = x, tol = t }` states it; a plain
//! number uses the case's `tolerance`, else 1e-4 when |x| ≤ 1 and 0.01 otherwise (so 0.8807
//! means 88.07% to 0.01 pp and 184.05 a score to 0.01).
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/subset.rs"]
mod subset;

use std::path::Path;

use parkcheck::Dataset;
use parkcheck::rules::{
    CompiledPack, Override, builtin_compiled, compile, evaluate, load_pack, to_cli_json, to_text_zh,
};
use serde_json::Value;

/// The keys that identify an array element in these cases' JSON.
const RULES: subset::Keys = subset::Keys(&["id", "name"]);
#[test]
fn rule_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/rules");
    let mut failures = Vec::new();
    let mut count = 0;
    for (path, text) in toml_files(&dir) {
        count += 1;
        if let Err(e) = run_eval_case(&text) {
            failures.push(format!("{}: {e}", path));
        }
    }
    let mut pack_count = 0;
    for (path, text) in toml_files(&dir.join("packs")) {
        pack_count += 1;
        if let Err(e) = run_pack_case(&text) {
            failures.push(format!("{}: {e}", path));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        count + pack_count,
        failures.join("\n\n")
    );
    assert!(
        count >= 30,
        "expected at least 30 evaluation cases, found {count}"
    );
    assert!(pack_count >= 8, "expected pack cases, found {pack_count}");
}

fn toml_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            )
        })
        .collect()
}

fn to_json(v: toml::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Overlays `patch` onto `base` (objects merge recursively; everything else replaces).
fn overlay(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(slot) => overlay(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, patch) => *slot = patch,
    }
}

fn run_eval_case(text: &str) -> Result<(), String> {
    let case: toml::Table = text.parse().map_err(|e| format!("case is not TOML: {e}"))?;
    let case = to_json(toml::Value::Table(case));
    let mut dataset = serde_json::to_value(Dataset::default()).map_err(|e| e.to_string())?;
    if let Some(d) = case.get("dataset") {
        overlay(&mut dataset, d.clone());
    }
    // Enterprise rows: fill `name` defaults are not needed; rows must say name and year.
    let dataset: Dataset = serde_json::from_value(dataset).map_err(|e| format!("dataset: {e}"))?;
    let year = case.get("year").and_then(Value::as_i64).map(|y| y as i32);
    let overrides: Vec<Override> = case
        .get("overrides")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| Override::parse(s).map_err(|d| d.message.en))
                .collect::<Result<_, _>>()
        })
        .transpose()?
        .unwrap_or_default();
    let mut packs: Vec<CompiledPack> = builtin_compiled();
    if let Some(pack_text) = case.get("pack_text").and_then(Value::as_str) {
        let (pack, diags) = load_pack(pack_text);
        let pack = pack.ok_or_else(|| format!("custom pack did not load: {diags:#?}"))?;
        let compiled =
            compile(&pack).map_err(|d| format!("custom pack did not compile: {d:#?}"))?;
        packs.retain(|p| p.pack.kind != pack.kind);
        packs.push(compiled);
    }
    let refs: Vec<&CompiledPack> = packs.iter().collect();
    let evaluation = evaluate(&refs, &dataset, year, &overrides);
    let actual = to_cli_json(&evaluation, &[]);
    let default_tol = case.get("tolerance").and_then(Value::as_f64);
    let mut errors = Vec::new();
    if let Some(expected) = case.get("expect") {
        subset::compare(expected, &actual, "$", &RULES, default_tol, &mut errors);
    }
    let codes: Vec<&str> = evaluation
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    for code in case
        .get("expect_diagnostics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !codes.contains(&code) {
            errors.push(format!("expected diagnostic {code}, got {codes:?}"));
        }
    }
    for code in case
        .get("forbid_diagnostics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if codes.contains(&code) {
            errors.push(format!("unexpected diagnostic {code}"));
        }
    }
    let text_out = to_text_zh(&evaluation);
    for needle in case
        .get("expect_text")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !text_out.contains(needle) {
            errors.push(format!("text report lacks {needle:?}:\n{text_out}"));
        }
    }
    // Every sentence, in every case: a failed comparison never reads "未" + the standard's own
    // words ("未不低于"), and no placeholder number leaks.
    let mut sentences: Vec<String> = Vec::new();
    if let Some(p) = &evaluation.park {
        sentences.push(format!(
            "{} | {}",
            p.overall.sentence.zh, p.overall.sentence.en
        ));
        for c in &p.criteria {
            sentences.push(format!("{} | {}", c.trace.sentence.zh, c.trace.sentence.en));
        }
    }
    if let Some(m) = &evaluation.enterprises {
        for row in 0..m.rows.len() {
            let items = (0..m.indicators.len()).filter_map(|j| m.item_trace(row, j));
            for t in items.chain(m.access_trace(row)) {
                sentences.push(format!("{} | {}", t.sentence.zh, t.sentence.en));
            }
            if let Some(t) = m.next_class_sentence(row) {
                sentences.push(format!("{} | {}", t.zh, t.en));
            }
        }
    }
    for s in &sentences {
        for bad in ["未不", "not at least", "not at most", "2147483648"] {
            if s.contains(bad) {
                errors.push(format!("sentence contains {bad:?}: {s}"));
            }
        }
    }
    // Neither the text report nor the JSON may contain these (e.g. a placeholder number).
    let json_out = actual.to_string();
    for needle in case
        .get("forbid_text")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if text_out.contains(needle) || json_out.contains(needle) {
            errors.push(format!("output contains {needle:?}:\n{text_out}"));
        }
    }
    for (i, expected) in case
        .get("expect_sentences")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let (Some(id), Some(needle)) = (
            expected.get("id").and_then(Value::as_str),
            expected.get("contains").and_then(Value::as_str),
        ) else {
            errors.push(format!("expect_sentences[{i}] needs id and contains"));
            continue;
        };
        let sentence = evaluation
            .park
            .as_ref()
            .and_then(|p| p.criteria.iter().find(|c| c.id == id))
            .map(|c| format!("{} | {}", c.trace.sentence.zh, c.trace.sentence.en));
        match sentence {
            Some(s) if s.contains(needle) => {}
            other => errors.push(format!("sentence of {id} lacks {needle:?}: {other:?}")),
        }
    }
    for (i, expected) in case
        .get("expect_next")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = expected
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let m = evaluation.enterprises.as_ref();
        let row = m.and_then(|m| m.rows.iter().position(|r| r.name == name));
        let (Some(m), Some(row)) = (m, row) else {
            errors.push(format!("expect_next[{i}]: no enterprise {name}"));
            continue;
        };
        let next = &m.rows[row].next;
        let actual_next = serde_json::json!({
            "target": next.as_ref().map(|n| n.target.id()),
            "needed_points": next.as_ref().map(|n| n.needed_points),
            "lever": next.as_ref().and_then(|n| n.lever).map(|l| m.indicators[l.indicator].id.clone()),
            "lever_to": next.as_ref().and_then(|n| n.lever).map(|l| l.to),
            "sentence": m.next_class_sentence(row).map(|t| t.zh),
        });
        let mut want = expected.clone();
        if let Some(o) = want.as_object_mut() {
            o.remove("name");
        }
        subset::compare(
            &want,
            &actual_next,
            &format!("next[{name}]"),
            &RULES,
            default_tol,
            &mut errors,
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n  actual: {}", errors.join("\n  "), actual))
    }
}

fn run_pack_case(text: &str) -> Result<(), String> {
    let case: toml::Table = text.parse().map_err(|e| format!("case is not TOML: {e}"))?;
    let pack_text = case
        .get("pack")
        .and_then(toml::Value::as_str)
        .ok_or("case needs pack = \"\"\"…\"\"\"")?;
    let (pack, diags) = load_pack(pack_text);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    let mut errors = Vec::new();
    for code in case
        .get("expect_codes")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        if !codes.contains(&code) {
            errors.push(format!("expected diagnostic {code}"));
        }
    }
    for needle in case
        .get("expect_paths")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        if !diags
            .iter()
            .any(|d| d.location.header.as_deref() == Some(needle))
        {
            errors.push(format!("expected a diagnostic at {needle}"));
        }
    }
    if let Some(loaded) = case.get("expect_loaded").and_then(toml::Value::as_bool)
        && loaded != pack.is_some()
    {
        errors.push(format!("expected loaded = {loaded}"));
    }
    if let Some(row) = case.get("expect_row").and_then(toml::Value::as_integer)
        && !diags.iter().any(|d| d.location.row == Some(row as u32))
    {
        errors.push(format!("expected a diagnostic on line {row}"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  got: {:#?}",
            errors.join("; "),
            diags
                .iter()
                .map(|d| (&d.code, &d.location.header, &d.message.en))
                .collect::<Vec<_>>()
        ))
    }
}
