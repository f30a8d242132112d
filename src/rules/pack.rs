//! Rule packs as data: the TOML format (docs/rule-packs.md), its parsing into a typed [`Pack`],
//! structural validation with diagnostics, `extends` for city packs, the built-in packs and the
//! content hash.
//!
//! Owns the *document*. Semantic checks that need to know what a parameter is for (weights that
//! must sum, thresholds in range, options) live in `compile`, which [`load_pack`] runs so that a
//! loaded pack is always compilable. Must not depend on ingest, ui or the evaluator.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sha2::{Digest, Sha256};
use toml::{Table, Value};

use super::compare::Comparator;
use crate::dataset::{FieldId, PlatformLevel};
use crate::diagnostic::{Diagnostic, Location, Severity, Text};

/// Parses, merges (`extends`) and validates a rule pack. Returns the pack when there is no
/// error-level diagnostic; warnings (e.g. an unused parameter) still yield a pack.
pub fn load_pack(text: &str) -> (Option<Pack>, Vec<Diagnostic>) {
    let mut cx = Ctx::default();
    let table = match parse_table(text, &mut cx) {
        Some(t) => t,
        None => return (None, cx.diags),
    };
    let table = match resolve_extends(table, &mut cx) {
        Some(t) => t,
        None => return (None, cx.diags),
    };
    let pack = read_pack(&table, &mut cx);
    let mut diags = cx.diags;
    let Some(pack) = pack else {
        return (None, diags);
    };
    if crate::diagnostic::has_errors(&diags) {
        return (None, diags);
    }
    match super::compile::compile(&pack) {
        Ok(compiled) => diags.extend(compiled.warnings),
        Err(errors) => {
            diags.extend(errors);
            return (None, diags);
        }
    }
    (Some(pack), diags)
}

/// The ids of the built-in packs.
pub const BUILTIN_IDS: [&str; 2] = ["sichuan-5plus1-park", "sichuan-mujun"];

/// The TOML text of a built-in pack.
pub fn builtin_text(id: &str) -> Option<&'static str> {
    match id {
        "sichuan-5plus1-park" => Some(include_str!("packs/sichuan-5plus1-park.toml")),
        "sichuan-mujun" => Some(include_str!("packs/sichuan-mujun.toml")),
        _ => None,
    }
}

/// A built-in pack, loaded. `None` only for an unknown id (a test proves both load cleanly).
pub fn builtin(id: &str) -> Option<Pack> {
    builtin_text(id).and_then(|text| load_pack(text).0)
}

/// A validated rule pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pack {
    pub id: String,
    pub version: String,
    pub kind: PackKind,
    /// Prefix of override keys (`mujun` in `--set mujun.access_threshold=3`).
    pub alias: String,
    pub title: Text,
    /// The documents the pack implements.
    pub source: String,
    /// First day the pack applies (`YYYY-MM-DD`), inclusive.
    pub effective_from: Option<String>,
    /// Last day the pack applies (`YYYY-MM-DD`), inclusive.
    pub effective_to: Option<String>,
    pub params: BTreeMap<String, Param>,
    /// Park criteria (kind `park`).
    pub criteria: Vec<CriterionSpec>,
    /// Enterprise indicators (kind `mujun`), enabled or not.
    pub indicators: Vec<IndicatorSpec>,
}

impl Pack {
    /// sha256 (hex) of the canonical serialisation: the typed pack as compact JSON with sorted
    /// parameters, so comments, whitespace and key order in the TOML do not change it.
    pub fn content_hash(&self) -> String {
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&canonical);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether the pack applies to (some day of) `year`.
    pub fn applies_to_year(&self, year: i32) -> bool {
        let year_of = |d: &Option<String>| d.as_ref().and_then(|s| s.get(..4)?.parse::<i32>().ok());
        year_of(&self.effective_from).is_none_or(|from| year >= from)
            && year_of(&self.effective_to).is_none_or(|to| year <= to)
    }
}

/// What a pack evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackKind {
    /// Park creation standards (C1–C8, warnings, reward).
    Park,
    /// 亩均论英雄 enterprise evaluation.
    Mujun,
}

/// Where a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Stated in the seed document.
    Seed,
    /// Published practice, with a citation in the clause.
    Sourced,
    /// A default chosen here; users should confirm it and may override it.
    Local,
}

impl Provenance {
    pub fn label_zh(self) -> &'static str {
        match self {
            Provenance::Seed => "文件规定",
            Provenance::Sourced => "公开做法",
            Provenance::Local => "本地参数",
        }
    }
}

/// A parameter value: a number, an option name, or a list of ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Text(s) => f.write_str(s),
            ParamValue::List(l) => f.write_str(&l.join(",")),
        }
    }
}

/// One number (or option) of a pack with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub value: ParamValue,
    pub comparator: Option<Comparator>,
    /// `fraction` (value 0.25 shown as 25%) or a display unit.
    pub unit: String,
    pub provenance: Provenance,
    pub clause: String,
    pub label: Text,
}

/// A park criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionSpec {
    pub id: String,
    pub label: Text,
    pub clause: String,
    /// Counts towards the annual 预警 when 未达标.
    pub annual_warning: bool,
    /// Self-declared by the park (自评声明).
    pub self_declared: bool,
    pub rule: CriterionRule,
}

/// How a criterion is computed. Thresholds name parameters of the pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CriterionRule {
    /// Σ part / Σ total over the year's rows; `part` overrides `part_flag` × `total` per row.
    Share {
        part: FieldId,
        part_flag: Option<FieldId>,
        total: FieldId,
        threshold: String,
    },
    /// Count of park platforms at the given levels.
    Platforms {
        levels: Vec<PlatformLevel>,
        threshold: String,
    },
    /// CAGR of Σ numerator / Σ denominator from the earliest year with data to the year.
    Growth {
        numerator: FieldId,
        denominator: FieldId,
        threshold: String,
        near_tolerance: Option<String>,
    },
    /// new_multistorey_area / new_factory_area.
    Multistorey { threshold: String },
    /// Self-declared items: all `required`, at least `min_any` of `any_of`, and optionally a
    /// count of key fields within bounds.
    Checklist {
        required: Vec<ChecklistItem>,
        any_of: Vec<ChecklistItem>,
        min_any: Option<String>,
        key_fields_min: Option<String>,
        key_fields_max: Option<String>,
        window: Option<String>,
    },
}

/// A 亩均 indicator: numerator / denominator of two numeric fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSpec {
    pub id: String,
    pub label: Text,
    pub unit: String,
    pub numerator: FieldId,
    pub denominator: FieldId,
    pub weight: f64,
    pub group: IndicatorGroup,
    pub enabled: bool,
    pub provenance: Provenance,
    pub clause: String,
    /// Benchmark used when the pack's `benchmark` option is `fixed`.
    pub fixed_benchmark: Option<f64>,
}

/// Unified (province-wide) or local (city-chosen) indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorGroup {
    Unified,
    Local,
}

pub use crate::dataset::ChecklistItem;

/// Parses a platform level id (`national`, `provincial`, `municipal`, `other`).
pub fn platform_level_from_id(id: &str) -> Option<PlatformLevel> {
    match id {
        "national" => Some(PlatformLevel::National),
        "provincial" => Some(PlatformLevel::Provincial),
        "municipal" => Some(PlatformLevel::Municipal),
        "other" => Some(PlatformLevel::Other),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/// A pack diagnostic: `location.header` holds the key path (`param.c1_min_share.value`).
pub(crate) fn pack_diag(
    severity: Severity,
    code: &str,
    path: &str,
    zh: String,
    en: String,
) -> Diagnostic {
    let location = Location {
        header: (!path.is_empty()).then(|| path.to_string()),
        ..Location::none()
    };
    let (zh, en) = if path.is_empty() {
        (zh, en)
    } else {
        (
            format!("规则包 {path}：{zh}"),
            format!("rule pack {path}: {en}"),
        )
    };
    Diagnostic::new(severity, code, location, Text::new(zh, en))
}

#[derive(Default)]
struct Ctx {
    diags: Vec<Diagnostic>,
}

impl Ctx {
    fn error(&mut self, code: &str, path: &str, zh: String, en: String) {
        self.diags
            .push(pack_diag(Severity::Error, code, path, zh, en));
    }

    fn warn(&mut self, code: &str, path: &str, zh: String, en: String) {
        self.diags
            .push(pack_diag(Severity::Warning, code, path, zh, en));
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

fn parse_table(text: &str, cx: &mut Ctx) -> Option<Table> {
    match text.parse::<Table>() {
        Ok(t) => Some(t),
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1);
            let message = e.message().to_string();
            let mut d = pack_diag(
                Severity::Error,
                "pack.syntax",
                "",
                format!("规则包不是有效的 TOML：{message}"),
                format!("the rule pack is not valid TOML: {message}"),
            );
            d.location.row = line;
            cx.diags.push(d);
            None
        }
    }
}

/// Merges a pack that says `extends = "<built-in id>"` onto that built-in pack: top-level keys
/// replace, `[param.x]` entries and `[[indicator]]`/`[[criterion]]` entries with the same `id`
/// merge field by field, new entries are added.
fn resolve_extends(mut table: Table, cx: &mut Ctx) -> Option<Table> {
    let Some(base_id) = table.remove("extends") else {
        return Some(table);
    };
    let Some(base_id) = base_id.as_str().map(str::to_string) else {
        cx.error(
            "pack.wrong_type",
            "extends",
            "应为内置规则包编号".into(),
            "must be a built-in pack id".into(),
        );
        return None;
    };
    let Some(base_text) = builtin_text(&base_id) else {
        cx.error(
            "pack.extends",
            "extends",
            format!(
                "未知的内置规则包“{base_id}”（可选：{}）",
                BUILTIN_IDS.join("、")
            ),
            format!(
                "unknown built-in pack \"{base_id}\" (known: {})",
                BUILTIN_IDS.join(", ")
            ),
        );
        return None;
    };
    let mut base = base_text.parse::<Table>().ok()?;
    match table.get("id").and_then(Value::as_str) {
        Some(id) if id != base_id => {}
        _ => cx.error(
            "pack.extends",
            "id",
            "扩展规则包需要自己的 id（不能与被扩展的包相同）".into(),
            "a pack that extends another needs its own id".into(),
        ),
    }
    for (key, value) in table {
        match (key.as_str(), base.get_mut(&key), value) {
            ("param", Some(Value::Table(base_params)), Value::Table(params)) => {
                for (name, entry) in params {
                    warn_kept_provenance(
                        base_params.get(&name),
                        &entry,
                        "value",
                        &format!("param.{name}"),
                        cx,
                    );
                    merge_entry(base_params, name, entry);
                }
            }
            ("indicator" | "criterion", Some(Value::Array(base_items)), Value::Array(items)) => {
                for item in items {
                    let id = item.get("id").and_then(Value::as_str).map(str::to_string);
                    let existing = base_items.iter_mut().find(|b| {
                        id.is_some() && b.get("id").and_then(Value::as_str) == id.as_deref()
                    });
                    match (existing, item) {
                        (Some(Value::Table(b)), Value::Table(u)) => {
                            let path = format!("{key}.{}", id.as_deref().unwrap_or_default());
                            let number = if key == "indicator" {
                                "weight"
                            } else {
                                "threshold"
                            };
                            warn_kept_provenance(
                                Some(&Value::Table(b.clone())),
                                &Value::Table(u.clone()),
                                number,
                                &path,
                                cx,
                            );
                            b.extend(u)
                        }
                        (_, item) => base_items.push(item),
                    }
                }
            }
            (_, _, value) => {
                base.insert(key, value);
            }
        }
    }
    Some(base)
}

fn merge_entry(base: &mut Table, name: String, entry: Value) {
    match (base.get_mut(&name), entry) {
        (Some(Value::Table(b)), Value::Table(u)) => b.extend(u),
        (_, entry) => {
            base.insert(name, entry);
        }
    }
}

/// A city pack that changes a seed or sourced value without saying where the new value comes
/// from would keep a provenance that is no longer true.
fn warn_kept_provenance(
    base: Option<&Value>,
    entry: &Value,
    number_key: &str,
    path: &str,
    cx: &mut Ctx,
) {
    let changes_value = entry.get(number_key).is_some();
    let states_provenance = entry.get("provenance").is_some();
    let base_prov = base
        .and_then(|b| b.get("provenance"))
        .and_then(Value::as_str);
    if changes_value && !states_provenance && matches!(base_prov, Some("seed" | "sourced")) {
        cx.warn(
            "pack.provenance_kept",
            path,
            "修改了文件规定或公开做法的数值，但未注明新的来源（provenance/clause）".into(),
            "changes a seed or sourced value without stating its new provenance and clause".into(),
        );
    }
}

const TOP_KEYS: [&str; 11] = [
    "id",
    "version",
    "kind",
    "alias",
    "title",
    "source",
    "effective",
    "param",
    "criterion",
    "indicator",
    "extends",
];

fn read_pack(t: &Table, cx: &mut Ctx) -> Option<Pack> {
    unknown_keys(t, "", &TOP_KEYS, cx);
    let id = req_str(t, "", "id", cx);
    let version = req_str(t, "", "version", cx);
    let kind = match req_str(t, "", "kind", cx).as_deref() {
        Some("park") => Some(PackKind::Park),
        Some("mujun") => Some(PackKind::Mujun),
        Some(other) => {
            cx.error(
                "pack.unknown_value",
                "kind",
                format!("未知的类型“{other}”（park 或 mujun）"),
                format!("unknown kind \"{other}\" (park or mujun)"),
            );
            None
        }
        None => None,
    };
    let alias = opt_str(t, "", "alias", cx);
    let title = match t.get("title") {
        Some(Value::Table(tt)) => {
            unknown_keys(tt, "title", &["zh", "en"], cx);
            Text::new(
                opt_str(tt, "title", "zh", cx).unwrap_or_default(),
                opt_str(tt, "title", "en", cx).unwrap_or_default(),
            )
        }
        Some(_) => {
            wrong_type("title", "{ zh, en } 表", "a { zh, en } table", cx);
            Text::default()
        }
        None => Text::default(),
    };
    let source = opt_str(t, "", "source", cx).unwrap_or_default();
    let (effective_from, effective_to) = match t.get("effective") {
        Some(Value::Table(e)) => {
            unknown_keys(e, "effective", &["from", "to"], cx);
            let from = opt_date(e, "effective", "from", cx);
            let to = opt_date(e, "effective", "to", cx);
            if let (Some(f), Some(to)) = (&from, &to)
                && f > to
            {
                cx.error(
                    "pack.date",
                    "effective",
                    format!("起始日期 {f} 晚于截止日期 {to}"),
                    format!("from {f} is after to {to}"),
                );
            }
            (from, to)
        }
        Some(_) => {
            wrong_type("effective", "{ from, to } 表", "a { from, to } table", cx);
            (None, None)
        }
        None => (None, None),
    };

    let mut params = BTreeMap::new();
    match t.get("param") {
        Some(Value::Table(p)) => {
            for (name, entry) in p {
                let path = join("param", name);
                match entry {
                    Value::Table(e) => {
                        if let Some(param) = read_param(e, &path, cx) {
                            params.insert(name.clone(), param);
                        }
                    }
                    _ => wrong_type(&path, "表", "a table", cx),
                }
            }
        }
        Some(_) => wrong_type("param", "表", "a table", cx),
        None => {}
    }

    let criteria = read_array(t, "criterion", cx, read_criterion);
    let indicators = read_array(t, "indicator", cx, read_indicator);
    check_unique_ids(criteria.iter().map(|c| c.id.as_str()), "criterion", cx);
    check_unique_ids(indicators.iter().map(|c| c.id.as_str()), "indicator", cx);

    let kind = kind?;
    match kind {
        PackKind::Park if !indicators.is_empty() => cx.warn(
            "pack.ignored",
            "indicator",
            "park 类规则包不使用 indicator，已忽略".into(),
            "a park pack does not use indicators; ignored".into(),
        ),
        PackKind::Mujun if !criteria.is_empty() => cx.warn(
            "pack.ignored",
            "criterion",
            "mujun 类规则包不使用 criterion，已忽略".into(),
            "a mujun pack does not use criteria; ignored".into(),
        ),
        _ => {}
    }
    let (criteria, indicators) = match kind {
        PackKind::Park => (criteria, Vec::new()),
        PackKind::Mujun => (Vec::new(), indicators),
    };
    let alias = alias.unwrap_or_else(|| match kind {
        PackKind::Park => "park".to_string(),
        PackKind::Mujun => "mujun".to_string(),
    });
    Some(Pack {
        id: id?,
        version: version?,
        kind,
        alias,
        title,
        source,
        effective_from,
        effective_to,
        params,
        criteria,
        indicators,
    })
}

fn read_array<T>(
    t: &Table,
    key: &str,
    cx: &mut Ctx,
    read: fn(&Table, &str, &mut Ctx) -> Option<T>,
) -> Vec<T> {
    match t.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let path = format!("{key}[{}]", i + 1);
                match item {
                    Value::Table(e) => read(e, &path, cx),
                    _ => {
                        wrong_type(&path, "表", "a table", cx);
                        None
                    }
                }
            })
            .collect(),
        Some(_) => {
            wrong_type(key, "[[表]] 数组", "an array of tables", cx);
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn check_unique_ids<'a>(ids: impl Iterator<Item = &'a str>, path: &str, cx: &mut Ctx) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            cx.error(
                "pack.duplicate_id",
                path,
                format!("编号“{id}”重复"),
                format!("duplicate id \"{id}\""),
            );
        }
    }
}

const PARAM_KEYS: [&str; 7] = [
    "value",
    "comparator",
    "unit",
    "provenance",
    "clause",
    "zh",
    "en",
];

fn read_param(e: &Table, path: &str, cx: &mut Ctx) -> Option<Param> {
    unknown_keys(e, path, &PARAM_KEYS, cx);
    let value = match e.get("value") {
        Some(Value::Integer(i)) => Some(ParamValue::Number(*i as f64)),
        Some(Value::Float(f)) if f.is_finite() => Some(ParamValue::Number(*f)),
        Some(Value::String(s)) => Some(ParamValue::Text(s.clone())),
        Some(Value::Array(a)) => {
            let list: Option<Vec<String>> =
                a.iter().map(|v| v.as_str().map(str::to_string)).collect();
            if list.is_none() {
                wrong_type(
                    &join(path, "value"),
                    "数字、文字或文字列表",
                    "a number, a string or a list of strings",
                    cx,
                );
            }
            list.map(ParamValue::List)
        }
        Some(_) => {
            wrong_type(
                &join(path, "value"),
                "有限的数字、文字或文字列表",
                "a finite number, a string or a list of strings",
                cx,
            );
            None
        }
        None => {
            missing_key(path, "value", cx);
            None
        }
    };
    let comparator = opt_str(e, path, "comparator", cx).and_then(|c| {
        let parsed = Comparator::from_id(&c);
        if parsed.is_none() {
            unknown_value(&join(path, "comparator"), &c, "gt, ge, lt, le", cx);
        }
        parsed
    });
    let unit = opt_str(e, path, "unit", cx).unwrap_or_default();
    let provenance = read_provenance(e, path, cx);
    let clause = read_clause(e, path, cx);
    let label = Text::new(
        opt_str(e, path, "zh", cx).unwrap_or_default(),
        opt_str(e, path, "en", cx).unwrap_or_default(),
    );
    Some(Param {
        value: value?,
        comparator,
        unit,
        provenance: provenance?,
        clause,
        label,
    })
}

fn read_provenance(e: &Table, path: &str, cx: &mut Ctx) -> Option<Provenance> {
    match req_str(e, path, "provenance", cx).as_deref() {
        Some("seed") => Some(Provenance::Seed),
        Some("sourced") => Some(Provenance::Sourced),
        Some("local") => Some(Provenance::Local),
        Some(other) => {
            unknown_value(&join(path, "provenance"), other, "seed, sourced, local", cx);
            None
        }
        None => None,
    }
}

fn read_clause(e: &Table, path: &str, cx: &mut Ctx) -> String {
    let clause = opt_str(e, path, "clause", cx).unwrap_or_default();
    if clause.trim().is_empty() {
        cx.warn(
            "pack.no_clause",
            path,
            "未注明出处条款（clause）".into(),
            "states no clause it comes from".into(),
        );
    }
    clause
}

const CRITERION_KEYS: [&str; 21] = [
    "id",
    "kind",
    "zh",
    "en",
    "clause",
    "annual_warning",
    "self_declared",
    "part",
    "part_flag",
    "total",
    "threshold",
    "levels",
    "numerator",
    "denominator",
    "near_tolerance",
    "required",
    "any_of",
    "min_any",
    "key_fields_min",
    "key_fields_max",
    "window",
];

fn read_criterion(e: &Table, path: &str, cx: &mut Ctx) -> Option<CriterionSpec> {
    unknown_keys(e, path, &CRITERION_KEYS, cx);
    let id = req_str(e, path, "id", cx);
    let label = Text::new(
        opt_str(e, path, "zh", cx).unwrap_or_default(),
        opt_str(e, path, "en", cx).unwrap_or_default(),
    );
    let clause = read_clause(e, path, cx);
    let annual_warning = opt_bool(e, path, "annual_warning", cx).unwrap_or(false);
    let self_declared = opt_bool(e, path, "self_declared", cx).unwrap_or(false);
    let kind = req_str(e, path, "kind", cx)?;
    let allowed: &[&str] = match kind.as_str() {
        "share" => &["part", "part_flag", "total", "threshold"],
        "platforms" => &["levels", "threshold"],
        "growth" => &["numerator", "denominator", "threshold", "near_tolerance"],
        "multistorey" => &["threshold"],
        "checklist" => &[
            "required",
            "any_of",
            "min_any",
            "key_fields_min",
            "key_fields_max",
            "window",
        ],
        other => {
            unknown_value(
                &join(path, "kind"),
                other,
                "share, platforms, growth, multistorey, checklist",
                cx,
            );
            return None;
        }
    };
    for key in [
        "part",
        "part_flag",
        "total",
        "threshold",
        "levels",
        "numerator",
        "denominator",
        "near_tolerance",
        "required",
        "any_of",
        "min_any",
        "key_fields_min",
        "key_fields_max",
        "window",
    ] {
        if e.contains_key(key) && !allowed.contains(&key) {
            cx.error(
                "pack.unknown_key",
                &join(path, key),
                format!("“{kind}”类标准不使用此键"),
                format!("not a key of a \"{kind}\" criterion"),
            );
        }
    }
    let rule = match kind.as_str() {
        "share" => CriterionRule::Share {
            part: req_field(e, path, "part", cx)?,
            part_flag: opt_field(e, path, "part_flag", cx),
            total: req_field(e, path, "total", cx)?,
            threshold: req_str(e, path, "threshold", cx)?,
        },
        "platforms" => {
            let levels = str_list(e, path, "levels", cx)
                .into_iter()
                .filter_map(|l| {
                    let level = platform_level_from_id(&l);
                    if level.is_none() {
                        unknown_value(
                            &join(path, "levels"),
                            &l,
                            "national, provincial, municipal, other",
                            cx,
                        );
                    }
                    level
                })
                .collect();
            CriterionRule::Platforms {
                levels,
                threshold: req_str(e, path, "threshold", cx)?,
            }
        }
        "growth" => CriterionRule::Growth {
            numerator: req_field(e, path, "numerator", cx)?,
            denominator: req_field(e, path, "denominator", cx)?,
            threshold: req_str(e, path, "threshold", cx)?,
            near_tolerance: opt_str(e, path, "near_tolerance", cx),
        },
        "multistorey" => CriterionRule::Multistorey {
            threshold: req_str(e, path, "threshold", cx)?,
        },
        _ => {
            let items = |key: &str, cx: &mut Ctx| -> Vec<ChecklistItem> {
                str_list(e, path, key, cx)
                    .into_iter()
                    .filter_map(|i| {
                        let item = ChecklistItem::from_id(&i);
                        if item.is_none() {
                            let known: Vec<&str> = ChecklistItem::ALL.iter().map(|e| e.1).collect();
                            unknown_value(&join(path, key), &i, &known.join(", "), cx);
                        }
                        item
                    })
                    .collect()
            };
            CriterionRule::Checklist {
                required: items("required", cx),
                any_of: items("any_of", cx),
                min_any: opt_str(e, path, "min_any", cx),
                key_fields_min: opt_str(e, path, "key_fields_min", cx),
                key_fields_max: opt_str(e, path, "key_fields_max", cx),
                window: opt_str(e, path, "window", cx),
            }
        }
    };
    Some(CriterionSpec {
        id: id?,
        label,
        clause,
        annual_warning,
        self_declared,
        rule,
    })
}

const INDICATOR_KEYS: [&str; 12] = [
    "id",
    "zh",
    "en",
    "unit",
    "numerator",
    "denominator",
    "weight",
    "group",
    "enabled",
    "provenance",
    "clause",
    "fixed_benchmark",
];

fn read_indicator(e: &Table, path: &str, cx: &mut Ctx) -> Option<IndicatorSpec> {
    unknown_keys(e, path, &INDICATOR_KEYS, cx);
    let id = req_str(e, path, "id", cx);
    let label = Text::new(
        opt_str(e, path, "zh", cx).unwrap_or_default(),
        opt_str(e, path, "en", cx).unwrap_or_default(),
    );
    let unit = opt_str(e, path, "unit", cx).unwrap_or_default();
    let numerator = req_field(e, path, "numerator", cx);
    let denominator = req_field(e, path, "denominator", cx);
    let weight = req_num(e, path, "weight", cx);
    let group = match opt_str(e, path, "group", cx).as_deref() {
        None | Some("unified") => Some(IndicatorGroup::Unified),
        Some("local") => Some(IndicatorGroup::Local),
        Some(other) => {
            unknown_value(&join(path, "group"), other, "unified, local", cx);
            None
        }
    };
    let enabled = opt_bool(e, path, "enabled", cx).unwrap_or(true);
    let provenance = read_provenance(e, path, cx);
    let clause = read_clause(e, path, cx);
    let fixed_benchmark = opt_num(e, path, "fixed_benchmark", cx);
    Some(IndicatorSpec {
        id: id?,
        label,
        unit,
        numerator: numerator?,
        denominator: denominator?,
        weight: weight?,
        group: group?,
        enabled,
        provenance: provenance?,
        clause,
        fixed_benchmark,
    })
}

// ---------------------------------------------------------------------------------------------
// Small typed getters; each reports its own problem and returns None.

fn unknown_keys(t: &Table, path: &str, allowed: &[&str], cx: &mut Ctx) {
    for key in t.keys() {
        if !allowed.contains(&key.as_str()) {
            cx.error(
                "pack.unknown_key",
                &join(path, key),
                format!("未知的键“{key}”（可用：{}）", allowed.join("、")),
                format!("unknown key \"{key}\" (known: {})", allowed.join(", ")),
            );
        }
    }
}

fn wrong_type(path: &str, zh: &str, en: &str, cx: &mut Ctx) {
    cx.error(
        "pack.wrong_type",
        path,
        format!("应为{zh}"),
        format!("must be {en}"),
    );
}

fn missing_key(path: &str, key: &str, cx: &mut Ctx) {
    cx.error(
        "pack.missing_key",
        &join(path, key),
        "缺少此键".into(),
        "is missing".into(),
    );
}

fn unknown_value(path: &str, value: &str, known: &str, cx: &mut Ctx) {
    cx.error(
        "pack.unknown_value",
        path,
        format!("未知的值“{value}”（可用：{known}）"),
        format!("unknown value \"{value}\" (known: {known})"),
    );
}

fn opt_str(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<String> {
    match t.get(key)? {
        Value::String(s) => Some(s.clone()),
        _ => {
            wrong_type(&join(path, key), "文字", "a string", cx);
            None
        }
    }
}

fn req_str(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<String> {
    required(t, path, key, cx, opt_str)
}

/// Reads a key that must be present: a missing key is reported, a present one is read by `read`
/// (which reports a wrong type itself).
fn required<T>(
    t: &Table,
    path: &str,
    key: &str,
    cx: &mut Ctx,
    read: fn(&Table, &str, &str, &mut Ctx) -> Option<T>,
) -> Option<T> {
    if !t.contains_key(key) {
        missing_key(path, key, cx);
        return None;
    }
    read(t, path, key, cx)
}

fn opt_bool(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<bool> {
    match t.get(key)? {
        Value::Boolean(b) => Some(*b),
        _ => {
            wrong_type(&join(path, key), "true 或 false", "true or false", cx);
            None
        }
    }
}

fn opt_num(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<f64> {
    match t.get(key)? {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => {
            wrong_type(&join(path, key), "有限的数字", "a finite number", cx);
            None
        }
    }
}

fn req_num(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<f64> {
    required(t, path, key, cx, opt_num)
}

fn str_list(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Vec<String> {
    match t.get(key) {
        None => Vec::new(),
        Some(Value::Array(a)) => match a
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
        {
            Some(list) => list,
            None => {
                wrong_type(&join(path, key), "文字列表", "a list of strings", cx);
                Vec::new()
            }
        },
        Some(_) => {
            wrong_type(&join(path, key), "文字列表", "a list of strings", cx);
            Vec::new()
        }
    }
}

fn opt_field(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<FieldId> {
    let id = opt_str(t, path, key, cx)?;
    let field = FieldId::from_id(&id);
    if field.is_none() {
        cx.error(
            "pack.unknown_field",
            &join(path, key),
            format!("未知的字段编号“{id}”"),
            format!("unknown field id \"{id}\""),
        );
    }
    field
}

fn req_field(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<FieldId> {
    required(t, path, key, cx, opt_field)
}

fn opt_date(t: &Table, path: &str, key: &str, cx: &mut Ctx) -> Option<String> {
    let text = match t.get(key)? {
        Value::Datetime(d) => d.to_string(),
        Value::String(s) => s.clone(),
        _ => {
            wrong_type(
                &join(path, key),
                "日期（YYYY-MM-DD）",
                "a date (YYYY-MM-DD)",
                cx,
            );
            return None;
        }
    };
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let month: u32 = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u32 = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
    if !shape_ok || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        cx.error(
            "pack.date",
            &join(path, key),
            format!("“{text}”不是 YYYY-MM-DD 日期"),
            format!("\"{text}\" is not a YYYY-MM-DD date"),
        );
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_load_without_diagnostics() {
        for id in BUILTIN_IDS {
            let text = builtin_text(id).unwrap_or_default();
            let (pack, diags) = load_pack(text);
            assert!(diags.is_empty(), "{id}: {diags:#?}");
            assert_eq!(pack.map(|p| p.id), Some(id.to_string()));
        }
    }

    #[test]
    fn the_hash_ignores_comments_whitespace_and_key_order() {
        let text = builtin_text("sichuan-mujun").unwrap_or_default();
        let a = load_pack(text).0.map(|p| p.content_hash());
        let reordered = format!(
            "# a comment\n\n{}",
            text.replacen(
                "version = \"2022.1\"\nkind = \"mujun\"",
                "kind   =  \"mujun\"\nversion = \"2022.1\"",
                1
            )
        );
        let b = load_pack(&reordered).0.map(|p| p.content_hash());
        assert!(a.is_some());
        assert_eq!(a, b);
        let changed = text.replacen("value = 5\n", "value = 4\n", 1);
        let c = load_pack(&changed).0.map(|p| p.content_hash());
        assert_ne!(a, c);
    }
}
