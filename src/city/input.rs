//! Parks as the city view receives them: [`ParkInput`] (a label, where it came from, and the
//! park's data), [`split_by_park`] for one table that holds several parks' enterprises, and
//! [`parks_from_file`], which turns one loaded file into its parks (split by the park column,
//! each given its row of a park table).
//!
//! Owns the grouping of rows by park name and the matching of park facts to parks. Reads
//! `Dataset` and `ingest::Ingested`; evaluates nothing.

use crate::dataset::{Dataset, FieldId, ParkFacts};
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::ingest::Ingested;
use crate::ingest::normalize::match_key;
use crate::rules::{Override, PackStamp};

use super::CityDiagnostic;

/// One park as the city view receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkInput {
    /// The park's name as shown (园区名称). Inputs with the same name (after folding case,
    /// spaces and full-width forms) are one park: the city merges them, so a park may come as
    /// one file per year.
    pub label: String,
    /// Where it came from, for diagnostics: the file name, or a description for inputs that
    /// did not come from a file.
    pub source: String,
    pub data: ParkData,
}

impl ParkInput {
    /// A park whose data is a dataset (a file, or one park of a split workbook), without
    /// recorded settings.
    pub fn from_dataset(
        label: impl Into<String>,
        source: impl Into<String>,
        dataset: Dataset,
    ) -> ParkInput {
        ParkInput {
            label: label.into(),
            source: source.into(),
            data: ParkData::Dataset {
                dataset,
                settings: None,
            },
        }
    }

    /// Whether the park has any park facts (a park sheet, a row of a park table, or a form).
    pub fn has_facts(&self) -> bool {
        match &self.data {
            ParkData::Dataset { dataset, .. } => dataset.park != ParkFacts::default(),
        }
    }
}

/// What the city knows about one park.
///
/// Extension point: a park will also be able to come from a result-only snapshot of a single
/// park's evaluation (a share link's `ResultState`), as a second variant. Such a park cannot be
/// evaluated again: its dashboard row is read from the snapshot, the packs and parameters it was
/// evaluated with are compared with the city's (see [`super::Difference`]), and it takes no part
/// in a city-level 亩均 ranking, which needs enterprise rows. Every `match` on this enum is the
/// place where that variant will need its arm.
#[derive(Debug, Clone, PartialEq)]
pub enum ParkData {
    /// Enterprise rows and park facts: evaluated by the city with its packs and parameters.
    Dataset {
        dataset: Dataset,
        /// The packs and parameters the input says it was prepared with (a saved session or a
        /// link that carries its settings); `None` for plain files. When they differ from the
        /// city's, the difference is flagged and the park is still evaluated with the city's, so
        /// that every park is measured the same way.
        settings: Option<InputSettings>,
    },
}

/// The packs and parameter overrides an input was prepared or evaluated with.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct InputSettings {
    pub packs: Vec<PackStamp>,
    pub overrides: Vec<Override>,
}

/// Splits a dataset whose enterprise rows name their park ([`crate::EnterpriseRecord::park`])
/// into one dataset per park, in the order parks first appear. Names are compared folded (case,
/// spaces, full-width forms), and a part is labelled with the first spelling met. Each part keeps
/// the whole's `fields_present`, and gets the dataset's park facts when they name that park.
///
/// Rows without a park name are left out, each with a diagnostic at its row that says how to fix
/// it. A dataset in which no row names a park is returned whole, as one part labelled with its
/// park facts' name (which may be empty).
pub fn split_by_park(dataset: &Dataset) -> (Vec<(String, Dataset)>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if !dataset.enterprises.iter().any(|r| park_name(r).is_some()) {
        return (
            vec![(dataset.park.park_name.clone(), dataset.clone())],
            diagnostics,
        );
    }
    let facts_key = match_key(&dataset.park.park_name);
    let mut keys: Vec<String> = Vec::new();
    let mut parts: Vec<(String, Dataset)> = Vec::new();
    for row in &dataset.enterprises {
        let Some(name) = park_name(row) else {
            diagnostics.push(row_without_park(row));
            continue;
        };
        let key = match_key(name);
        let at = match keys.iter().position(|k| *k == key) {
            Some(at) => at,
            None => {
                let park = if !facts_key.is_empty() && facts_key == key {
                    dataset.park.clone()
                } else {
                    ParkFacts::default()
                };
                keys.push(key);
                parts.push((
                    name.to_string(),
                    Dataset {
                        enterprises: Vec::new(),
                        park,
                        fields_present: dataset.fields_present.clone(),
                    },
                ));
                parts.len() - 1
            }
        };
        parts[at].1.enterprises.push(row.clone());
    }
    (parts, diagnostics)
}

/// The parks of one loaded file. A file whose enterprise rows have a park column is split by it
/// ([`split_by_park`]); each park gets the row of the park table with the same name (or the
/// file's one park sheet, when it names that park), and parks listed in the park table without
/// enterprise rows are kept with their facts only. A file without a park column is one park,
/// named by its park facts, else by the file name without its extension.
///
/// The file's own diagnostics (ingest's) come back first, located by the file name.
pub fn parks_from_file(
    file_name: &str,
    ingested: Ingested,
) -> (Vec<ParkInput>, Vec<CityDiagnostic>) {
    let Ingested {
        dataset,
        parks: park_rows,
        diagnostics: ingest_diagnostics,
        ..
    } = ingested;
    let mut diagnostics: Vec<CityDiagnostic> = ingest_diagnostics
        .into_iter()
        .map(|d| CityDiagnostic::file(file_name, d))
        .collect();
    let has_park_column = dataset.has_field(FieldId::Park)
        && dataset.enterprises.iter().any(|r| park_name(r).is_some());
    if !has_park_column {
        let label = if dataset.park.park_name.trim().is_empty() {
            file_stem(file_name).to_string()
        } else {
            dataset.park.park_name.trim().to_string()
        };
        return (
            vec![ParkInput::from_dataset(label, file_name, dataset)],
            diagnostics,
        );
    }

    let (parts, split_diagnostics) = split_by_park(&dataset);
    diagnostics.extend(
        split_diagnostics
            .into_iter()
            .map(|d| CityDiagnostic::file(file_name, d)),
    );
    // The park table's rows, else the file's one park sheet.
    let facts: Vec<ParkFacts> = if park_rows.is_empty() {
        vec![dataset.park.clone()]
    } else {
        park_rows
    };
    let mut used = vec![false; facts.len()];
    let mut inputs = Vec::with_capacity(parts.len());
    for (label, mut part) in parts {
        let key = match_key(&label);
        if let Some(i) = facts
            .iter()
            .position(|f| !f.park_name.trim().is_empty() && match_key(&f.park_name) == key)
        {
            part.park = facts[i].clone();
            used[i] = true;
        }
        inputs.push(ParkInput::from_dataset(label, file_name, part));
    }
    for (f, used) in facts.into_iter().zip(used) {
        let name = f.park_name.trim().to_string();
        if used || name.is_empty() {
            continue;
        }
        diagnostics.push(CityDiagnostic {
            park: Some(name.clone()),
            source: Some(file_name.to_string()),
            diagnostic: Diagnostic::warning(
                "city.park_without_enterprises",
                Location::none(),
                Text::new(
                    format!("园区信息中有“{name}”，但企业数据中没有该园区的企业；只按园区信息评价，C1、C2、C4 无法评价。"),
                    format!("The park facts list \"{name}\", but no enterprise row names it; it is evaluated on its facts only, and C1, C2 and C4 cannot be evaluated."),
                ),
            )
            .with_fix(Text::new(
                "请核对企业数据“园区名称”列中的写法是否与园区信息一致。",
                "Check that the park column of the enterprise rows spells the park as the park facts do.",
            )),
        });
        let part = Dataset {
            enterprises: Vec::new(),
            park: f,
            fields_present: dataset.fields_present.clone(),
        };
        inputs.push(ParkInput::from_dataset(name, file_name, part));
    }
    (inputs, diagnostics)
}

/// A warning for a single-park evaluation of a dataset whose rows name several parks: they would
/// be evaluated as one park. `None` when the rows name at most one park.
pub fn several_parks_warning(dataset: &Dataset) -> Option<Diagnostic> {
    let mut names: Vec<&str> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for name in dataset.enterprises.iter().filter_map(park_name) {
        let key = match_key(name);
        if !keys.contains(&key) {
            keys.push(key);
            names.push(name);
        }
    }
    (names.len() > 1).then(|| {
        Diagnostic::warning(
            "city.several_parks",
            Location::none(),
            Text::new(
                format!(
                    "企业数据含 {} 个园区（{}），按一个园区评价会把它们合在一起。",
                    names.len(),
                    names.join("、")
                ),
                format!(
                    "The enterprise rows name {} parks ({}); evaluated as one park, they are taken together.",
                    names.len(),
                    names.join(", ")
                ),
            ),
        )
        .with_fix(Text::new(
            "分园区评价请用全市汇总（parkcheck city）。",
            "To evaluate each park, use the city view (parkcheck city).",
        ))
    })
}

/// The park name of a row, trimmed; `None` when empty.
fn park_name(row: &crate::EnterpriseRecord) -> Option<&str> {
    row.park.as_deref().map(str::trim).filter(|n| !n.is_empty())
}

fn row_without_park(row: &crate::EnterpriseRecord) -> Diagnostic {
    let location = match &row.source {
        Some(s) => Location {
            sheet: Some(s.sheet.clone()),
            row: Some(s.row),
            header: Some(FieldId::Park.label_zh().to_string()),
            ..Location::none()
        },
        None => Location::none(),
    };
    Diagnostic::warning(
        "city.row_without_park",
        location,
        Text::new(
            format!(
                "“{}”（{} 年）没有填写园区名称，未计入任何园区。",
                row.name, row.year
            ),
            format!(
                "\"{}\" ({}) names no park and is not counted in any park.",
                row.name, row.year
            ),
        ),
    )
    .with_fix(Text::new(
        "请在“园区名称”列填写该企业所属园区。",
        "Fill in the park of this enterprise in the park column (园区名称).",
    ))
}

/// `雅安经开区.xlsx` → `雅安经开区`; a name without an extension is kept whole.
fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EnterpriseRecord;
    use crate::dataset::RowSource;

    fn row(name: &str, park: Option<&str>) -> EnterpriseRecord {
        EnterpriseRecord {
            name: name.into(),
            year: 2023,
            park: park.map(str::to_string),
            source: Some(RowSource {
                sheet: "企业".into(),
                row: 2,
            }),
            ..EnterpriseRecord::default()
        }
    }

    #[test]
    fn rows_are_grouped_by_folded_park_name_in_order_of_appearance() {
        let dataset = Dataset {
            enterprises: vec![
                row("甲一", Some("甲园区")),
                row("乙一", Some(" 乙园区")),
                row("甲二", Some("甲园区 ")),
                row("无", None),
            ],
            park: ParkFacts {
                park_name: "乙园区".into(),
                county: Some("名山区".into()),
                ..ParkFacts::default()
            },
            ..Dataset::default()
        };
        let (parts, diags) = split_by_park(&dataset);
        let summary: Vec<(&str, Vec<&str>)> = parts
            .iter()
            .map(|(l, d)| {
                (
                    l.as_str(),
                    d.enterprises.iter().map(|r| r.name.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![("甲园区", vec!["甲一", "甲二"]), ("乙园区", vec!["乙一"])]
        );
        assert_eq!(parts[0].1.park, ParkFacts::default());
        assert_eq!(parts[1].1.park.county.as_deref(), Some("名山区"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "city.row_without_park");
        assert_eq!(diags[0].location.row, Some(2));
    }

    #[test]
    fn a_dataset_without_park_names_is_one_part() {
        let dataset = Dataset {
            enterprises: vec![row("甲", None)],
            ..Dataset::default()
        };
        let (parts, diags) = split_by_park(&dataset);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].1, dataset);
        assert!(diags.is_empty());
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("tests/雅安经开区.xlsx"), "雅安经开区");
        assert_eq!(file_stem("园区"), "园区");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }
}
