//! Compilation: a validated [`Pack`] → a [`CompiledPack`] whose parameters are resolved into the
//! typed values the evaluator needs, with semantic checks (ranges, weights that must sum,
//! options, field kinds) reported as diagnostics. Also applies `--set` overrides, which only
//! `local` parameters accept, by recompiling a copy of the pack.
//!
//! Owns the meaning of each parameter key. Must not depend on ingest, ui or the evaluator.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::pack::{
    ChecklistItem, CriterionRule, IndicatorGroup, Pack, PackKind, ParamValue, Provenance, pack_diag,
};
use super::trace::ParamUse;
use crate::dataset::{FieldId, FieldKind, PlatformLevel};
use crate::diagnostic::{Diagnostic, Severity, Text};

/// Compiles a pack. Errors make the pack unusable; warnings travel in
/// [`CompiledPack::warnings`].
pub fn compile(pack: &Pack) -> Result<CompiledPack, Vec<Diagnostic>> {
    compile_with(pack, &BTreeSet::new())
}

/// A pack ready to evaluate.
#[derive(Debug, Clone)]
pub struct CompiledPack {
    pub pack: Pack,
    /// Full hex sha256 of the canonical pack ([`Pack::content_hash`]).
    pub hash: String,
    /// Non-fatal findings (unused parameters).
    pub warnings: Vec<Diagnostic>,
    pub(crate) rules: Rules,
}

impl CompiledPack {
    /// The city goal of a park pack (`city_goal_parks`: how many parks of the city should meet
    /// the standards), when the pack states one.
    pub fn city_goal(&self) -> Option<&ParamUse> {
        match &self.rules {
            Rules::Park(p) => p.city_goal.as_ref(),
            Rules::Mujun(_) => None,
        }
    }

    /// Identity of the pack as carried by results.
    pub fn stamp(&self) -> PackStamp {
        PackStamp {
            id: self.pack.id.clone(),
            version: self.pack.version.clone(),
            hash: self.hash.clone(),
        }
    }
}

/// Pack identity carried by every result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackStamp {
    pub id: String,
    pub version: String,
    /// Full hex sha256; [`PackStamp::short_hash`] for display.
    pub hash: String,
}

impl PackStamp {
    /// The first 16 hex characters of the hash.
    pub fn short_hash(&self) -> &str {
        self.hash.get(..16).unwrap_or(&self.hash)
    }
}

/// A parameter override as the user wrote it: `mujun.access_threshold=3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// `<pack alias>.<param key>`.
    pub key: String,
    pub value: String,
}

impl Override {
    /// Parses `KEY=VALUE`.
    pub fn parse(text: &str) -> Result<Override, Box<Diagnostic>> {
        match text.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => Ok(Override {
                key: k.trim().to_string(),
                value: v.trim().to_string(),
            }),
            _ => Err(Box::new(pack_diag(
                Severity::Error,
                "override.syntax",
                "",
                format!("参数覆盖“{text}”应写成 键=值（如 mujun.access_threshold=3）"),
                format!("override \"{text}\" must read KEY=VALUE (e.g. mujun.access_threshold=3)"),
            ))),
        }
    }
}

/// An override that took effect, recorded in the evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedOverride {
    pub key: String,
    pub pack_id: String,
    pub from: ParamValue,
    pub to: ParamValue,
}

/// Applies the overrides addressed to this pack (by alias). Returns the pack to evaluate (the
/// same one when nothing applies), what was applied, and diagnostics for rejected overrides.
/// Overrides for other aliases are left for the caller to report.
pub fn apply_overrides(
    compiled: &CompiledPack,
    overrides: &[Override],
) -> (Option<CompiledPack>, Vec<AppliedOverride>, Vec<Diagnostic>) {
    let mut pack = compiled.pack.clone();
    let mut applied = Vec::new();
    let mut diags = Vec::new();
    let mut touched = BTreeSet::new();
    for o in overrides {
        let Some((alias, key)) = o.key.split_once('.') else {
            continue;
        };
        if alias != pack.alias {
            continue;
        }
        let reject = |zh: String, en: String| {
            pack_diag(Severity::Error, "override.rejected", &o.key, zh, en)
        };
        let Some(param) = pack.params.get(key) else {
            let known: Vec<String> = pack
                .params
                .iter()
                .filter(|(_, p)| p.provenance == Provenance::Local)
                .map(|(k, _)| format!("{alias}.{k}"))
                .collect();
            diags.push(reject(
                format!(
                    "规则包 {} 没有此参数（可覆盖：{}）",
                    pack.id,
                    known.join("、")
                ),
                format!(
                    "pack {} has no such parameter (overridable: {})",
                    pack.id,
                    known.join(", ")
                ),
            ));
            continue;
        };
        if param.provenance != Provenance::Local {
            diags.push(reject(
                format!(
                    "该参数来源为“{}”，不能覆盖；只有本地参数可以覆盖",
                    param.provenance.label_zh()
                ),
                "only parameters with local provenance can be overridden".to_string(),
            ));
            continue;
        }
        let to = match &param.value {
            ParamValue::Number(_) => match o.value.parse::<f64>() {
                Ok(v) if v.is_finite() => ParamValue::Number(v),
                _ => {
                    diags.push(reject(
                        format!("“{}”不是数字", o.value),
                        format!("\"{}\" is not a number", o.value),
                    ));
                    continue;
                }
            },
            ParamValue::Text(_) => ParamValue::Text(o.value.clone()),
            ParamValue::List(_) => {
                ParamValue::List(o.value.split(',').map(|s| s.trim().to_string()).collect())
            }
        };
        let mut trial = pack.clone();
        if let Some(p) = trial.params.get_mut(key) {
            p.value = to.clone();
        }
        let mut trial_touched = touched.clone();
        trial_touched.insert(key.to_string());
        match compile_with(&trial, &trial_touched) {
            Ok(_) => {
                applied.push(AppliedOverride {
                    key: o.key.clone(),
                    pack_id: pack.id.clone(),
                    from: param.value.clone(),
                    to,
                });
                pack = trial;
                touched = trial_touched;
            }
            Err(errors) => {
                let why: Vec<String> = errors.iter().map(|d| d.message.zh.clone()).collect();
                let why_en: Vec<String> = errors.iter().map(|d| d.message.en.clone()).collect();
                diags.push(reject(
                    format!("覆盖值不可用：{}", why.join("；")),
                    format!("the value is not usable: {}", why_en.join("; ")),
                ));
            }
        }
    }
    if applied.is_empty() {
        return (None, applied, diags);
    }
    match compile_with(&pack, &touched) {
        Ok(mut c) => {
            // Results carry the identity of the pack as published; overrides are listed beside it.
            c.hash = compiled.hash.clone();
            (Some(c), applied, diags)
        }
        Err(errors) => {
            diags.extend(errors);
            (None, Vec::new(), diags)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compiled forms (crate-private: the evaluator reads them)

// One value per compiled pack: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub(crate) enum Rules {
    Park(ParkRules),
    Mujun(MujunRules),
}

#[derive(Debug, Clone)]
pub(crate) struct ParkRules {
    pub criteria: Vec<CompiledCriterion>,
    pub interview_after: ParamUse,
    pub reward_share: ParamUse,
    pub reward_cap: ParamUse,
    /// How many parks of a city should meet the standards (the city view's goal); optional, so
    /// a pack written for one park needs none.
    pub city_goal: Option<ParamUse>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledCriterion {
    pub id: String,
    pub label: Text,
    pub clause: String,
    pub annual_warning: bool,
    pub self_declared: bool,
    pub rule: CompiledRule,
}

// One value per criterion (eight in a pack): boxing the checklist would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub(crate) enum CompiledRule {
    Share {
        part: FieldId,
        flag: Option<FieldId>,
        total: FieldId,
        threshold: ParamUse,
    },
    Platforms {
        levels: Vec<PlatformLevel>,
        threshold: ParamUse,
    },
    Growth {
        numerator: FieldId,
        denominator: FieldId,
        threshold: ParamUse,
        tolerance: Option<ParamUse>,
    },
    Multistorey {
        threshold: ParamUse,
    },
    Checklist {
        required: Vec<ChecklistItem>,
        any_of: Vec<ChecklistItem>,
        min_any: Option<ParamUse>,
        key_min: Option<ParamUse>,
        key_max: Option<ParamUse>,
        window: Option<ParamUse>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkMethod {
    /// Σ numerator / Σ denominator over the evaluated rows that have both.
    Aggregate,
    /// Median of the rows' values.
    Median,
    /// The indicator's `fixed_benchmark`.
    Fixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// A missing value scores 0.
    Zero,
    /// A missing value scores the average item score of the rows that have it.
    Average,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledIndicator {
    pub id: String,
    pub label: Text,
    pub unit: String,
    pub numerator: FieldId,
    pub denominator: FieldId,
    pub weight: f64,
    pub group: IndicatorGroup,
    pub provenance: Provenance,
    pub clause: String,
    pub fixed_benchmark: Option<f64>,
}

#[derive(Debug, Clone)]
pub(crate) struct MujunRules {
    /// Enabled indicators only, in pack order.
    pub indicators: Vec<CompiledIndicator>,
    pub scope_fields: Vec<FieldId>,
    pub scope: ParamUse,
    pub a_max_share: ParamUse,
    pub c_min_share: ParamUse,
    pub score_cap: ParamUse,
    pub score_scale: ParamUse,
    pub benchmark: BenchmarkMethod,
    pub benchmark_param: ParamUse,
    pub missing: MissingPolicy,
    pub missing_param: ParamUse,
    pub access: ParamUse,
    pub access_indicator: usize,
    pub tie_indicator: usize,
    pub run_warning: ParamUse,
    pub run_control: ParamUse,
    pub run_exit: ParamUse,
    pub total_weight: f64,
}

// ---------------------------------------------------------------------------------------------

/// What a numeric parameter must look like.
#[derive(Clone, Copy)]
enum Need {
    /// A fraction in [0, 1); 1 would make the share gap undefined.
    ShareThreshold,
    /// A fraction in [0, 1].
    Fraction,
    /// A growth rate above −100%.
    Rate,
    /// A whole number ≥ 0.
    Count,
    /// A whole number ≥ 1.
    PositiveCount,
    /// A number > 0.
    Positive,
    /// A number ≥ 0.
    NonNegative,
}

struct Resolver<'p> {
    pack: &'p Pack,
    overridden: &'p BTreeSet<String>,
    used: BTreeSet<String>,
    errors: Vec<Diagnostic>,
}

impl<'p> Resolver<'p> {
    fn error(&mut self, code: &str, path: &str, zh: String, en: String) {
        self.errors
            .push(pack_diag(Severity::Error, code, path, zh, en));
    }

    fn param(&mut self, key: &str, referrer: &str) -> Option<&'p super::pack::Param> {
        self.used.insert(key.to_string());
        let found = self.pack.params.get(key);
        if found.is_none() {
            self.error(
                "pack.unknown_param",
                referrer,
                format!("引用的参数“{key}”不存在（需要 [param.{key}]）"),
                format!(
                    "refers to parameter \"{key}\", which is not defined (needs [param.{key}])"
                ),
            );
        }
        found
    }

    fn number(&mut self, key: &str, referrer: &str, need: Need) -> Option<ParamUse> {
        let param = self.param(key, referrer)?;
        let path = format!("param.{key}.value");
        let ParamValue::Number(value) = param.value else {
            self.error(
                "pack.wrong_type",
                &path,
                "应为数字".into(),
                "must be a number".into(),
            );
            return None;
        };
        let fraction = param.unit == "fraction";
        let (ok, zh, en): (bool, &str, &str) = match need {
            Need::ShareThreshold => (
                fraction && (0.0..1.0).contains(&value),
                "应为 0 到 1 之间的小数（unit = \"fraction\"，70% 写作 0.70）",
                "must be a fraction in [0, 1) with unit = \"fraction\" (70% is 0.70)",
            ),
            Need::Fraction => (
                fraction && (0.0..=1.0).contains(&value),
                "应为 0 到 1 之间的小数（unit = \"fraction\"）",
                "must be a fraction in [0, 1] with unit = \"fraction\"",
            ),
            Need::Rate => (
                fraction && value > -1.0 && value <= 10.0,
                "应为大于 -1 的小数增长率（unit = \"fraction\"，7% 写作 0.07）",
                "must be a growth rate above -1 with unit = \"fraction\" (7% is 0.07)",
            ),
            Need::Count => (
                value >= 0.0 && value.fract() == 0.0,
                "应为非负整数",
                "must be a whole number ≥ 0",
            ),
            Need::PositiveCount => (
                value >= 1.0 && value.fract() == 0.0,
                "应为正整数",
                "must be a whole number ≥ 1",
            ),
            Need::Positive => (value > 0.0, "应大于 0", "must be greater than 0"),
            Need::NonNegative => (value >= 0.0, "不能为负数", "must not be negative"),
        };
        if !ok {
            self.error(
                "pack.out_of_range",
                &path,
                format!("数值 {value} 超出范围：{zh}"),
                format!("value {value} is out of range: {en}"),
            );
            return None;
        }
        Some(ParamUse {
            key: key.to_string(),
            value,
            comparator: param.comparator,
            unit: param.unit.clone(),
            provenance: param.provenance,
            clause: param.clause.clone(),
            overridden: self.overridden.contains(key),
        })
    }

    /// A threshold also needs a comparator.
    fn threshold(&mut self, key: &str, referrer: &str, need: Need) -> Option<ParamUse> {
        let p = self.number(key, referrer, need)?;
        if p.comparator.is_none() {
            self.error(
                "pack.missing_key",
                &format!("param.{key}.comparator"),
                "用作标准的参数需要比较方式（gt/ge/lt/le）".into(),
                "a parameter used as a threshold needs a comparator (gt/ge/lt/le)".into(),
            );
            return None;
        }
        Some(p)
    }

    fn choice(&mut self, key: &str, choices: &[&str]) -> Option<(String, ParamUse)> {
        let param = self.param(key, "param")?;
        let path = format!("param.{key}.value");
        let ParamValue::Text(value) = &param.value else {
            self.error(
                "pack.wrong_type",
                &path,
                format!("应为以下之一：{}", choices.join("、")),
                format!("must be one of: {}", choices.join(", ")),
            );
            return None;
        };
        if !choices.is_empty() && !choices.contains(&value.as_str()) {
            self.error(
                "pack.unknown_value",
                &path,
                format!("未知的选项“{value}”（可用：{}）", choices.join("、")),
                format!("unknown option \"{value}\" (known: {})", choices.join(", ")),
            );
            return None;
        }
        let usage = ParamUse {
            key: key.to_string(),
            value: f64::NAN,
            comparator: None,
            unit: String::new(),
            provenance: param.provenance,
            clause: param.clause.clone(),
            overridden: self.overridden.contains(key),
        };
        Some((value.clone(), usage))
    }

    fn numeric_field(&mut self, field: FieldId, path: &str) {
        let numeric = matches!(
            field.kind(),
            FieldKind::Money
                | FieldKind::Area
                | FieldKind::Count
                | FieldKind::Energy
                | FieldKind::Electricity
                | FieldKind::Mass
        );
        if !numeric {
            self.error(
                "pack.field_kind",
                path,
                format!("字段“{field}”不是数值字段"),
                format!("field \"{field}\" is not numeric"),
            );
        }
    }

    /// Warnings for parameters nothing refers to.
    fn unused(&self) -> Vec<Diagnostic> {
        self.pack
            .params
            .keys()
            .filter(|k| !self.used.contains(*k))
            .map(|k| {
                pack_diag(
                    Severity::Warning,
                    "pack.unused_param",
                    &format!("param.{k}"),
                    "未被任何规则使用".into(),
                    "is not used by any rule".into(),
                )
            })
            .collect()
    }
}

fn compile_with(
    pack: &Pack,
    overridden: &BTreeSet<String>,
) -> Result<CompiledPack, Vec<Diagnostic>> {
    let mut r = Resolver {
        pack,
        overridden,
        used: BTreeSet::new(),
        errors: Vec::new(),
    };
    let rules = match pack.kind {
        PackKind::Park => compile_park(&mut r).map(Rules::Park),
        PackKind::Mujun => compile_mujun(&mut r).map(Rules::Mujun),
    };
    match rules {
        Some(rules) if r.errors.is_empty() => {
            let warnings = r.unused();
            Ok(CompiledPack {
                pack: pack.clone(),
                hash: pack.content_hash(),
                warnings,
                rules,
            })
        }
        _ => {
            if r.errors.is_empty() {
                r.error(
                    "pack.invalid",
                    "",
                    "规则包不完整".into(),
                    "the pack is incomplete".into(),
                );
            }
            Err(r.errors)
        }
    }
}

fn compile_park(r: &mut Resolver) -> Option<ParkRules> {
    if r.pack.criteria.is_empty() {
        r.error(
            "pack.missing_key",
            "criterion",
            "park 类规则包至少需要一条 [[criterion]]".into(),
            "a park pack needs at least one [[criterion]]".into(),
        );
    }
    let mut criteria = Vec::new();
    for (i, spec) in r.pack.criteria.iter().enumerate() {
        let path = format!("criterion[{}]", i + 1);
        let rule = match &spec.rule {
            CriterionRule::Share {
                part,
                part_flag,
                total,
                threshold,
            } => {
                r.numeric_field(*part, &format!("{path}.part"));
                r.numeric_field(*total, &format!("{path}.total"));
                if let Some(flag) = part_flag
                    && flag.kind() != FieldKind::Bool
                {
                    r.error(
                        "pack.field_kind",
                        &format!("{path}.part_flag"),
                        format!("字段“{flag}”不是是/否字段"),
                        format!("field \"{flag}\" is not a yes/no field"),
                    );
                }
                r.threshold(
                    threshold,
                    &format!("{path}.threshold"),
                    Need::ShareThreshold,
                )
                .map(|t| CompiledRule::Share {
                    part: *part,
                    flag: *part_flag,
                    total: *total,
                    threshold: t,
                })
            }
            CriterionRule::Platforms { levels, threshold } => {
                if levels.is_empty() {
                    r.error(
                        "pack.missing_key",
                        &format!("{path}.levels"),
                        "需要至少一个平台级别".into(),
                        "needs at least one platform level".into(),
                    );
                }
                r.threshold(threshold, &format!("{path}.threshold"), Need::Count)
                    .map(|t| CompiledRule::Platforms {
                        levels: levels.clone(),
                        threshold: t,
                    })
            }
            CriterionRule::Growth {
                numerator,
                denominator,
                threshold,
                near_tolerance,
            } => {
                r.numeric_field(*numerator, &format!("{path}.numerator"));
                r.numeric_field(*denominator, &format!("{path}.denominator"));
                let tolerance = near_tolerance
                    .as_ref()
                    .map(|k| r.number(k, &format!("{path}.near_tolerance"), Need::Fraction));
                let tolerance = match tolerance {
                    Some(None) => return None,
                    Some(t) => t,
                    None => None,
                };
                r.threshold(threshold, &format!("{path}.threshold"), Need::Rate)
                    .map(|t| CompiledRule::Growth {
                        numerator: *numerator,
                        denominator: *denominator,
                        threshold: t,
                        tolerance,
                    })
            }
            CriterionRule::Multistorey { threshold } => r
                .threshold(
                    threshold,
                    &format!("{path}.threshold"),
                    Need::ShareThreshold,
                )
                .map(|t| CompiledRule::Multistorey { threshold: t }),
            CriterionRule::Checklist {
                required,
                any_of,
                min_any,
                key_fields_min,
                key_fields_max,
                window,
            } => {
                let opt = |key: &Option<String>,
                           name: &str,
                           need: Need,
                           r: &mut Resolver|
                 -> Result<Option<ParamUse>, ()> {
                    match key {
                        Some(k) => r
                            .number(k, &format!("{path}.{name}"), need)
                            .map(Some)
                            .ok_or(()),
                        None => Ok(None),
                    }
                };
                let min_any = opt(min_any, "min_any", Need::Count, r).ok()?;
                let key_min = opt(key_fields_min, "key_fields_min", Need::Count, r).ok()?;
                let key_max = opt(key_fields_max, "key_fields_max", Need::Count, r).ok()?;
                let window = opt(window, "window", Need::PositiveCount, r).ok()?;
                if let Some(m) = &min_any
                    && m.value > any_of.len() as f64
                {
                    r.error(
                        "pack.out_of_range",
                        &format!("param.{}.value", m.key),
                        format!("要求 {} 项，但 any_of 只列出 {} 项", m.value, any_of.len()),
                        format!(
                            "requires {} items but any_of lists only {}",
                            m.value,
                            any_of.len()
                        ),
                    );
                }
                if let (Some(lo), Some(hi)) = (&key_min, &key_max)
                    && lo.value > hi.value
                {
                    r.error(
                        "pack.out_of_range",
                        &format!("{path}.key_fields_min"),
                        "最少数量大于最多数量".into(),
                        "minimum exceeds maximum".into(),
                    );
                }
                if required.is_empty() && any_of.is_empty() && key_min.is_none() {
                    r.error(
                        "pack.missing_key",
                        &path,
                        "清单标准没有任何条目".into(),
                        "a checklist criterion lists no items".into(),
                    );
                }
                Some(CompiledRule::Checklist {
                    required: required.clone(),
                    any_of: any_of.clone(),
                    min_any,
                    key_min,
                    key_max,
                    window,
                })
            }
        };
        if let Some(rule) = rule {
            criteria.push(CompiledCriterion {
                id: spec.id.clone(),
                label: spec.label.clone(),
                clause: spec.clause.clone(),
                annual_warning: spec.annual_warning,
                self_declared: spec.self_declared,
                rule,
            });
        }
    }
    let interview_after = r.number("interview_after", "param", Need::PositiveCount);
    let reward_share = r.number("reward_share", "param", Need::Fraction);
    let reward_cap = r.number("reward_cap", "param", Need::NonNegative);
    let city_goal = if r.pack.params.contains_key("city_goal_parks") {
        Some(r.threshold("city_goal_parks", "param", Need::PositiveCount)?)
    } else {
        None
    };
    Some(ParkRules {
        criteria,
        interview_after: interview_after?,
        reward_share: reward_share?,
        reward_cap: reward_cap?,
        city_goal,
    })
}

fn compile_mujun(r: &mut Resolver) -> Option<MujunRules> {
    let mut indicators = Vec::new();
    for (i, spec) in r.pack.indicators.iter().enumerate() {
        let path = format!("indicator[{}]", i + 1);
        r.numeric_field(spec.numerator, &format!("{path}.numerator"));
        r.numeric_field(spec.denominator, &format!("{path}.denominator"));
        if spec.weight < 0.0 {
            r.error(
                "pack.out_of_range",
                &format!("{path}.weight"),
                "权重不能为负数".into(),
                "a weight must not be negative".into(),
            );
        }
        if spec.enabled {
            indicators.push(CompiledIndicator {
                id: spec.id.clone(),
                label: spec.label.clone(),
                unit: spec.unit.clone(),
                numerator: spec.numerator,
                denominator: spec.denominator,
                weight: spec.weight,
                group: spec.group,
                provenance: spec.provenance,
                clause: spec.clause.clone(),
                fixed_benchmark: spec.fixed_benchmark,
            });
        }
    }
    let unified_total = r.number("unified_weight_total", "param", Need::NonNegative);
    let local_total = r.number("local_weight_total", "param", Need::NonNegative);
    let local_min = r.number("local_min_count", "param", Need::Count);
    let local_max = r.number("local_max_count", "param", Need::Count);
    let sum = |g: IndicatorGroup| {
        indicators
            .iter()
            .filter(|i| i.group == g)
            .map(|i| i.weight)
            .sum::<f64>()
    };
    let local_count = indicators
        .iter()
        .filter(|i| i.group == IndicatorGroup::Local)
        .count();
    if let Some(u) = &unified_total {
        let s = sum(IndicatorGroup::Unified);
        if !super::compare::approx_eq(s, u.value) {
            r.error(
                "pack.weights",
                "indicator",
                format!("启用的统一指标权重合计为 {s}，应为 {}", u.value),
                format!(
                    "enabled unified indicator weights sum to {s}, must be {}",
                    u.value
                ),
            );
        }
    }
    if let (Some(t), Some(lo), Some(hi)) = (&local_total, &local_min, &local_max)
        && local_count > 0
    {
        if (local_count as f64) < lo.value || (local_count as f64) > hi.value {
            r.error(
                "pack.local_count",
                "indicator",
                format!(
                    "启用了 {local_count} 个地方指标，应为 {}–{} 个",
                    lo.value, hi.value
                ),
                format!(
                    "{local_count} local indicators enabled, must be {}–{}",
                    lo.value, hi.value
                ),
            );
        }
        let s = sum(IndicatorGroup::Local);
        if !super::compare::approx_eq(s, t.value) {
            r.error(
                "pack.weights",
                "indicator",
                format!("启用的地方指标权重合计为 {s}，应为 {}", t.value),
                format!(
                    "enabled local indicator weights sum to {s}, must be {}",
                    t.value
                ),
            );
        }
    }
    let total_weight: f64 = indicators.iter().map(|i| i.weight).sum();
    if indicators.is_empty() || total_weight <= 0.0 {
        r.error(
            "pack.weights",
            "indicator",
            "没有启用权重大于 0 的指标".into(),
            "no enabled indicator with a positive weight".into(),
        );
    }

    let scope = r.param("scope_fields", "param").cloned();
    let mut scope_fields = Vec::new();
    if let Some(p) = &scope {
        match &p.value {
            ParamValue::List(ids) => {
                for id in ids {
                    match FieldId::from_id(id) {
                        Some(f) if f.kind() == FieldKind::Bool => scope_fields.push(f),
                        Some(_) => r.error(
                            "pack.field_kind",
                            "param.scope_fields.value",
                            format!("字段“{id}”不是是/否字段"),
                            format!("field \"{id}\" is not a yes/no field"),
                        ),
                        None => r.error(
                            "pack.unknown_field",
                            "param.scope_fields.value",
                            format!("未知的字段编号“{id}”"),
                            format!("unknown field id \"{id}\""),
                        ),
                    }
                }
            }
            _ => r.error(
                "pack.wrong_type",
                "param.scope_fields.value",
                "应为字段编号列表".into(),
                "must be a list of field ids".into(),
            ),
        }
    }
    let a_max_share = r.threshold("a_max_share", "param", Need::Fraction);
    let c_min_share = r.threshold("c_min_share", "param", Need::Fraction);
    let score_cap = r.number("score_cap", "param", Need::Positive);
    let score_scale = r.number("score_scale", "param", Need::Positive);
    let benchmark = r.choice("benchmark", &["aggregate", "median", "fixed"]);
    let missing = r.choice("missing", &["zero", "average"]);
    let access = r.threshold("access_threshold", "param", Need::NonNegative);
    let ids: Vec<String> = indicators.iter().map(|i| i.id.clone()).collect();
    let indicator_ref = |key: &str, r: &mut Resolver| -> Option<usize> {
        let (id, _) = r.choice(key, &[])?;
        let pos = ids.iter().position(|i| *i == id);
        if pos.is_none() {
            r.error(
                "pack.unknown_value",
                &format!("param.{key}.value"),
                format!("“{id}”不是已启用的指标（可用：{}）", ids.join("、")),
                format!(
                    "\"{id}\" is not an enabled indicator (known: {})",
                    ids.join(", ")
                ),
            );
        }
        pos
    };
    let access_indicator = indicator_ref("access_indicator", r);
    let tie_indicator = indicator_ref("tie_indicator", r);
    let run_warning = r.number("run_warning", "param", Need::PositiveCount);
    let run_control = r.number("run_control", "param", Need::PositiveCount);
    let run_exit = r.number("run_exit", "param", Need::PositiveCount);
    if let (Some(w), Some(c), Some(e)) = (&run_warning, &run_control, &run_exit)
        && !(w.value <= c.value && c.value <= e.value)
    {
        r.error(
            "pack.out_of_range",
            "param.run_exit",
            "连续年数应满足 预警 ≤ 重点管控 ≤ 清退".into(),
            "run lengths must satisfy warning ≤ control ≤ exit".into(),
        );
    }
    let (benchmark_name, benchmark_param) = benchmark?;
    let benchmark = match benchmark_name.as_str() {
        "median" => BenchmarkMethod::Median,
        "fixed" => BenchmarkMethod::Fixed,
        _ => BenchmarkMethod::Aggregate,
    };
    if benchmark == BenchmarkMethod::Fixed {
        for (i, spec) in indicators.iter().enumerate() {
            if spec.fixed_benchmark.is_none() {
                r.error(
                    "pack.missing_key",
                    &format!("indicator.{}.fixed_benchmark", spec.id),
                    format!(
                        "基准值算法为 fixed，但第 {} 个启用指标没有 fixed_benchmark",
                        i + 1
                    ),
                    format!(
                        "benchmark is fixed but enabled indicator {} has no fixed_benchmark",
                        i + 1
                    ),
                );
            }
        }
    }
    let (missing_name, missing_param) = missing?;
    let missing = if missing_name == "average" {
        MissingPolicy::Average
    } else {
        MissingPolicy::Zero
    };
    let mut scope_use = ParamUse {
        key: "scope_fields".into(),
        value: f64::NAN,
        comparator: None,
        unit: String::new(),
        provenance: Provenance::Local,
        clause: String::new(),
        overridden: r.overridden.contains("scope_fields"),
    };
    if let Some(p) = &scope {
        scope_use.provenance = p.provenance;
        scope_use.clause = p.clause.clone();
    }
    scope?;
    Some(MujunRules {
        indicators,
        scope_fields,
        scope: scope_use,
        a_max_share: a_max_share?,
        c_min_share: c_min_share?,
        score_cap: score_cap?,
        score_scale: score_scale?,
        benchmark,
        benchmark_param,
        missing,
        missing_param,
        access: access?,
        access_indicator: access_indicator?,
        tie_indicator: tie_indicator?,
        run_warning: run_warning?,
        run_control: run_control?,
        run_exit: run_exit?,
        total_weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_parameters_accept_overrides() {
        let pack = super::super::pack::builtin("sichuan-mujun");
        let compiled = pack.as_ref().map(compile);
        let Some(Ok(compiled)) = compiled else {
            panic!("built-in pack must compile")
        };
        let set = |s: &str| Override::parse(s).map_err(|d| d.code);
        let overrides = [
            set("mujun.access_threshold=3"),
            set("mujun.run_control=5"),
            set("mujun.a_max_share=0.5"),
        ];
        let overrides: Vec<Override> = overrides.into_iter().flatten().collect();
        let (new, applied, diags) = apply_overrides(&compiled, &overrides);
        assert_eq!(applied.len(), 1);
        assert_eq!(applied[0].to, ParamValue::Number(3.0));
        assert_eq!(
            diags
                .iter()
                .filter(|d| d.code == "override.rejected")
                .count(),
            2
        );
        let Some(Rules::Mujun(m)) = new.map(|c| c.rules) else {
            panic!("mujun rules expected")
        };
        assert_eq!(m.access.value, 3.0);
        assert!(m.access.overridden);
        assert!(Override::parse("nonsense").is_err());
    }

    #[test]
    fn the_park_pack_states_the_city_goal_with_its_clause() {
        let compiled = super::super::pack::builtin("sichuan-5plus1-park").map(|p| compile(&p));
        let Some(Ok(compiled)) = compiled else {
            panic!("built-in pack must compile")
        };
        let goal = compiled.city_goal().cloned();
        assert_eq!(goal.as_ref().map(|g| g.value), Some(3.0));
        assert_eq!(goal.as_ref().map(|g| g.provenance), Some(Provenance::Seed));
        assert!(goal.is_some_and(|g| g.clause.contains("一(二)")));
    }
}
