//! Differences between the packs and parameters an input says it was prepared with and those the
//! city evaluates with. A city compares like with like only when every park is measured the
//! same way, so each difference is flagged with a sentence that says what the city did about it.
//!
//! Reads [`super::InputSettings`] and the city's pack stamps and applied overrides; decides
//! nothing else.

use serde::Serialize;

use super::input::{ParkData, ParkInput};
use crate::diagnostic::Text;
use crate::rules::{AppliedOverride, PackStamp, ParamValue};

/// One way an input's settings differ from the city's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub park: String,
    pub kind: DifferenceKind,
    pub sentence: Text,
}

/// What differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DifferenceKind {
    /// A pack of this id in one and not the other, or in another version (hash).
    Pack {
        id: String,
        city: Option<PackStamp>,
        park: Option<PackStamp>,
    },
    /// A parameter overridden in one and not the other, or to another value.
    Parameter {
        key: String,
        city: Option<String>,
        park: Option<String>,
    },
}

/// Whether two stamps name the same pack content. A link keeps the first 16 hex characters of
/// a hash, so a shorter hash matches the start of a longer one.
fn same_pack(a: Option<&PackStamp>, b: Option<&PackStamp>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (short, long) = if a.hash.len() <= b.hash.len() {
                (&a.hash, &b.hash)
            } else {
                (&b.hash, &a.hash)
            };
            !short.is_empty() && long.starts_with(short.as_str())
        }
        _ => false,
    }
}

/// The differences of every input that records its settings.
pub(crate) fn differences(
    parks: &[ParkInput],
    packs: &[PackStamp],
    applied: &[AppliedOverride],
) -> Vec<Difference> {
    let city_overrides: Vec<(String, String)> = applied
        .iter()
        .map(|o| (o.key.clone(), param_text(&o.to)))
        .collect();
    let mut out = Vec::new();
    for park in parks {
        let ParkData::Dataset { settings, .. } = &park.data;
        let Some(settings) = settings else { continue };
        let label = &park.label;
        let mut ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        for p in &settings.packs {
            if !ids.contains(&p.id.as_str()) {
                ids.push(&p.id);
            }
        }
        for id in ids {
            let city = packs.iter().find(|p| p.id == id);
            let theirs = settings.packs.iter().find(|p| p.id == id);
            if same_pack(city, theirs) {
                continue;
            }
            let stamp = |p: Option<&PackStamp>, zh: bool| match p {
                Some(p) => format!("{} {}（{}）", p.id, p.version, p.short_hash()),
                None if zh => "未使用".to_string(),
                None => "none".to_string(),
            };
            out.push(Difference {
                park: label.clone(),
                kind: DifferenceKind::Pack {
                    id: id.to_string(),
                    city: city.cloned(),
                    park: theirs.cloned(),
                },
                sentence: Text::new(
                    format!(
                        "{label}：所附规则包为 {}，全市评价使用 {}；已按全市规则包评价。",
                        stamp(theirs, true),
                        stamp(city, true)
                    ),
                    format!(
                        "{label}: prepared with {}, the city uses {}; evaluated with the city's pack.",
                        stamp(theirs, false),
                        stamp(city, false)
                    )
                    .replace('（', " (")
                    .replace('）', ")"),
                ),
            });
        }
        let theirs: Vec<(String, String)> = settings
            .overrides
            .iter()
            .map(|o| (o.key.clone(), normalise(&o.value)))
            .collect();
        let mut keys: Vec<&str> = city_overrides.iter().map(|(k, _)| k.as_str()).collect();
        for (k, _) in &theirs {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        for key in keys {
            let city = value_of(&city_overrides, key);
            let park_value = value_of(&theirs, key);
            if city == park_value {
                continue;
            }
            let shown = |v: &Option<String>, zh: bool| match v {
                Some(v) => v.clone(),
                None if zh => "规则包默认值".to_string(),
                None => "the pack's value".to_string(),
            };
            out.push(Difference {
                park: label.clone(),
                kind: DifferenceKind::Parameter {
                    key: key.to_string(),
                    city: city.clone(),
                    park: park_value.clone(),
                },
                sentence: Text::new(
                    format!(
                        "{label}：所附参数 {key} 为 {}，全市评价为 {}；已按全市参数评价。",
                        shown(&park_value, true),
                        shown(&city, true)
                    ),
                    format!(
                        "{label}: prepared with {key} = {}, the city uses {}; evaluated with the city's parameters.",
                        shown(&park_value, false),
                        shown(&city, false)
                    ),
                ),
            });
        }
    }
    out
}

fn value_of(list: &[(String, String)], key: &str) -> Option<String> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn param_text(value: &ParamValue) -> String {
    normalise(&value.to_string())
}

/// The same number written two ways (`3`, `3.0`) compares equal.
fn normalise(text: &str) -> String {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => format!("{v}"),
        _ => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::city::input::InputSettings;
    use crate::rules::Override;

    fn stamp(id: &str, hash: &str) -> PackStamp {
        PackStamp {
            id: id.into(),
            version: "1".into(),
            hash: hash.into(),
        }
    }

    #[test]
    fn pack_and_parameter_differences_are_flagged_and_equal_values_are_not() {
        let city_packs = vec![stamp("park", "aaaa"), stamp("mujun", "bbbb")];
        let applied = vec![AppliedOverride {
            key: "mujun.access_threshold".into(),
            pack_id: "mujun".into(),
            from: ParamValue::Number(5.0),
            to: ParamValue::Number(3.0),
        }];
        let with = |label: &str, settings: InputSettings| ParkInput {
            label: label.into(),
            source: format!("{label}.xlsx"),
            data: ParkData::Dataset {
                dataset: Default::default(),
                settings: Some(settings),
            },
        };
        let same = with(
            "同",
            InputSettings {
                packs: city_packs.clone(),
                overrides: vec![Override {
                    key: "mujun.access_threshold".into(),
                    value: "3.0".into(),
                }],
            },
        );
        let other = with(
            "异",
            InputSettings {
                packs: vec![stamp("park", "cccc"), stamp("mujun", "bbbb")],
                overrides: vec![Override {
                    key: "park.c4_near_tolerance".into(),
                    value: "0.02".into(),
                }],
            },
        );
        let plain = ParkInput::from_dataset("文件", "c.xlsx", Default::default());
        let found = differences(&[same, other, plain], &city_packs, &applied);
        let kinds: Vec<(&str, String)> = found
            .iter()
            .map(|d| {
                (
                    d.park.as_str(),
                    match &d.kind {
                        DifferenceKind::Pack { id, .. } => format!("pack {id}"),
                        DifferenceKind::Parameter { key, city, park } => {
                            format!("{key} {city:?} {park:?}")
                        }
                    },
                )
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("异", "pack park".to_string()),
                ("异", "mujun.access_threshold Some(\"3\") None".to_string()),
                (
                    "异",
                    "park.c4_near_tolerance None Some(\"0.02\")".to_string()
                ),
            ]
        );
        assert!(
            found[1].sentence.zh.contains("规则包默认值"),
            "{}",
            found[1].sentence.zh
        );
    }
}
