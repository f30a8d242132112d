//! The parameter panel: every `local` parameter of the packs in use, with its current value,
//! the pack's value, provenance and a "modified" flag — the view the user edits overrides in.
//!
//! Only parameters with local provenance are offered: the rules layer rejects overrides of
//! values stated in the policy, so the panel never offers what cannot take effect.

use super::{pick, zh_en};
use crate::i18n::Lang;
use crate::rules::{CompiledPack, Override, ParamValue, Provenance};

/// The parameters of one pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackPanel {
    pub title: String,
    /// `sichuan-mujun 2022.1 · 3aa034fb51d3fb6e`.
    pub stamp: String,
    pub params: Vec<ParamRow>,
}

/// One overridable parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRow {
    /// The override key, `mujun.access_threshold`; also the input's id suffix.
    pub key: String,
    pub label: String,
    /// The value in effect as the user types it (`0.01`, `median`).
    pub value: String,
    /// The pack's own value.
    pub default: String,
    /// The unit, spelled for the user (`万元/亩`, `小数（0.01 = 1%）`).
    pub unit: String,
    pub numeric: bool,
    /// Where the pack's value comes from.
    pub clause: String,
    /// Whether the user changed it.
    pub modified: bool,
}

/// The panels for `packs` with `overrides` applied.
pub fn param_panels(packs: &[&CompiledPack], overrides: &[Override], lang: Lang) -> Vec<PackPanel> {
    packs
        .iter()
        .map(|c| {
            let pack = &c.pack;
            let params = pack
                .params
                .iter()
                .filter(|(_, p)| p.provenance == Provenance::Local)
                .map(|(key, p)| {
                    let key = format!("{}.{key}", pack.alias);
                    let default = p.value.to_string();
                    let chosen = overrides.iter().find(|o| o.key == key);
                    ParamRow {
                        label: pick(&p.label, lang),
                        value: chosen
                            .map(|o| o.value.clone())
                            .unwrap_or_else(|| default.clone()),
                        modified: chosen.is_some_and(|o| o.value != default),
                        default,
                        unit: match p.unit.as_str() {
                            "fraction" => zh_en(lang, "小数（0.01 = 1%）", "fraction (0.01 = 1%)"),
                            unit => unit.to_string(),
                        },
                        numeric: matches!(p.value, ParamValue::Number(_)),
                        clause: p.clause.clone(),
                        key,
                    }
                })
                .collect();
            PackPanel {
                title: pick(&pack.title, lang),
                stamp: format!("{} {} · {}", pack.id, pack.version, c.stamp().short_hash()),
                params,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn only_local_parameters_are_offered_and_an_override_is_marked() {
        let packs = rules::builtin_compiled();
        let refs: Vec<&CompiledPack> = packs.iter().collect();
        let overrides = [Override {
            key: "mujun.access_threshold".into(),
            value: "3".into(),
        }];
        let panels = param_panels(&refs, &overrides, Lang::Zh);
        assert_eq!(panels.len(), 2);
        let all: Vec<&ParamRow> = panels.iter().flat_map(|p| &p.params).collect();
        assert!(
            all.iter().all(|p| !p.key.ends_with("c1_min_share")),
            "seed values are not offered"
        );
        let access = all
            .iter()
            .find(|p| p.key == "mujun.access_threshold")
            .expect("local parameter");
        assert_eq!((access.value.as_str(), access.default.as_str()), ("3", "5"));
        assert!(access.modified && access.numeric);
        let tolerance = all
            .iter()
            .find(|p| p.key == "park.c4_near_tolerance")
            .expect("local parameter");
        assert!(!tolerance.modified);
        assert!(tolerance.unit.contains("0.01 = 1%"));
    }
}
