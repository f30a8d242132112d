//! Evaluation: runs compiled packs (park and/or 亩均) over a dataset for one year and gathers
//! everything into one [`Evaluation`], which never fails: problems become states and
//! diagnostics. Chooses the year (latest by default), applies overrides, checks each pack's
//! effective range, and links the two packs (A-class context figures for the park).
//!
//! Must not depend on ingest or ui.

use serde::Serialize;

use super::compile::{
    AppliedOverride, CompiledPack, Override, PackStamp, Rules, apply_overrides, compile,
};
use super::pack::{BUILTIN_IDS, builtin, pack_diag};
use super::park::{ClassContext, ParkEvaluation, evaluate_park};
use super::scoring::{Class, MujunEvaluation, evaluate_mujun};
use super::trace::no_year_text;
use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Location, Severity, Text};

/// Evaluates the built-in packs (`sichuan-5plus1-park` and `sichuan-mujun`) for `year` (the
/// latest year with data when `None`).
pub fn evaluate_all(dataset: &Dataset, year: Option<i32>, overrides: &[Override]) -> Evaluation {
    let packs = builtin_compiled();
    let refs: Vec<&CompiledPack> = packs.iter().collect();
    evaluate(&refs, dataset, year, overrides)
}

/// The built-in packs, compiled (compile once and reuse for repeated evaluations).
pub fn builtin_compiled() -> Vec<CompiledPack> {
    BUILTIN_IDS
        .iter()
        .filter_map(|id| builtin(id))
        .filter_map(|p| compile(&p).ok())
        .collect()
}

/// Evaluates the given packs (at most one of each kind is used) for `year`.
pub fn evaluate(
    packs: &[&CompiledPack],
    dataset: &Dataset,
    year: Option<i32>,
    overrides: &[Override],
) -> Evaluation {
    let mut diagnostics = Vec::new();
    let year = year
        .or_else(|| dataset.latest_year())
        .or_else(|| dataset.park.totals.keys().next_back().copied());
    if year.is_none() {
        diagnostics.push(Diagnostic::warning(
            "eval.no_year",
            Location::none(),
            Text::new(
                format!(
                    "数据中没有任何年度的企业数据或园区合计，无法评价；{}",
                    no_year_text().zh
                ),
                format!(
                    "the data has no year with enterprise rows or park totals; {}",
                    no_year_text().en
                ),
            ),
        ));
    }

    for o in overrides {
        let alias = o.key.split_once('.').map(|(a, _)| a);
        if !packs.iter().any(|p| Some(p.pack.alias.as_str()) == alias) {
            let known: Vec<&str> = packs.iter().map(|p| p.pack.alias.as_str()).collect();
            diagnostics.push(pack_diag(
                Severity::Error,
                "override.unknown_pack",
                &o.key,
                format!("没有别名为该前缀的规则包（可用：{}）", known.join("、")),
                format!("no pack has this prefix (known: {})", known.join(", ")),
            ));
        }
    }

    let mut stamps = Vec::new();
    let mut applied: Vec<AppliedOverride> = Vec::new();
    let mut park: Option<ParkEvaluation> = None;
    let mut enterprises: Option<MujunEvaluation> = None;
    for compiled in packs {
        let (replacement, mut done, diags) = apply_overrides(compiled, overrides);
        diagnostics.extend(diags);
        let pack = replacement.as_ref().unwrap_or(compiled);
        if let Some(y) = year
            && !pack.pack.applies_to_year(y)
        {
            diagnostics.push(Diagnostic::warning(
                "eval.outside_effective_range",
                Location::none(),
                Text::new(
                    format!(
                        "规则包 {} 的适用期为 {}–{}，不含 {y} 年；结果仅供参考",
                        pack.pack.id,
                        pack.pack.effective_from.as_deref().unwrap_or("…"),
                        pack.pack.effective_to.as_deref().unwrap_or("…")
                    ),
                    format!(
                        "pack {} applies {}–{}, not to {y}; for reference only",
                        pack.pack.id,
                        pack.pack.effective_from.as_deref().unwrap_or("…"),
                        pack.pack.effective_to.as_deref().unwrap_or("…")
                    ),
                ),
            ));
        }
        let used = match &pack.rules {
            Rules::Park(rules) if park.is_none() => {
                park = Some(evaluate_park(rules, dataset, year));
                true
            }
            Rules::Mujun(rules) if enterprises.is_none() => {
                enterprises = Some(evaluate_mujun(rules, dataset, year, &mut diagnostics));
                true
            }
            _ => false,
        };
        if used {
            stamps.push(pack.stamp());
            applied.append(&mut done);
        } else {
            diagnostics.push(pack_diag(
                Severity::Warning,
                "eval.duplicate_kind",
                "",
                format!("已有同类规则包，{} 未使用", pack.pack.id),
                format!(
                    "a pack of the same kind is already used; {} ignored",
                    pack.pack.id
                ),
            ));
        }
    }

    if let (Some(p), Some(m)) = (&mut park, &enterprises) {
        p.context = Some(class_context(m));
    }
    Evaluation {
        year,
        packs: stamps,
        overrides: applied,
        park,
        enterprises,
        diagnostics,
    }
}

/// Everything one evaluation produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The evaluated year; `None` only when the data has no year at all.
    pub year: Option<i32>,
    /// The packs used, in the order given.
    pub packs: Vec<PackStamp>,
    /// Parameter overrides that took effect.
    pub overrides: Vec<AppliedOverride>,
    pub park: Option<ParkEvaluation>,
    pub enterprises: Option<MujunEvaluation>,
    /// Rule-stage diagnostics (scope, missing values, benchmarks, overrides, pack range).
    pub diagnostics: Vec<Diagnostic>,
}

impl Evaluation {
    /// One identity for the whole result: the single pack, or the packs joined with `+` and a
    /// hash over their hashes.
    pub fn combined_stamp(&self) -> PackStamp {
        match self.packs.as_slice() {
            [one] => one.clone(),
            many => {
                use sha2::{Digest, Sha256};
                let mut h = Sha256::new();
                for p in many {
                    h.update(p.hash.as_bytes());
                    h.update(b"\n");
                }
                PackStamp {
                    id: many
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join("+"),
                    version: many
                        .iter()
                        .map(|p| p.version.as_str())
                        .collect::<Vec<_>>()
                        .join("+"),
                    hash: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
                }
            }
        }
    }
}

fn class_context(m: &MujunEvaluation) -> ClassContext {
    let evaluated = m.ranking.len();
    let a_share_enterprises = (evaluated > 0).then(|| m.counts.a as f64 / evaluated as f64);
    let (mut land_a, mut land_all) = (0.0, 0.0);
    for &i in &m.ranking {
        if let Some(land) = m.rows[i].land_area.filter(|l| *l > 0.0) {
            land_all += land;
            if m.rows[i].class == Some(Class::A) {
                land_a += land;
            }
        }
    }
    ClassContext {
        a_share_enterprises,
        a_share_land: (land_all > 0.0).then(|| land_a / land_all),
    }
}
