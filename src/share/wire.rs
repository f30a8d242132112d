//! The v1 wire structs: what a `#v1…` link carries, field by field, framed by postcard.
//!
//! **Frozen.** Links never rot: a link made today must open in every later version of the app.
//! Never change, reorder, add or remove a field or an enum code here; a new layout is a new
//! version (`v2`, its own structs beside these), and the decoder keeps reading v1. The domain
//! types (`Dataset`, `Evaluation`) are free to change because they never go on the wire
//! directly: `state.rs` converts between them and these structs.
//!
//! Compactness choices (measured on the DOMAIN §3 worked example, see the share tests): numbers
//! are [`Num`] varints; the dataset is stored column-wise per year (a column that is missing in
//! every row is empty), enterprises are named once in an identity table, yes/no fields are
//! packed two bits each, and pack hashes keep their first 8 bytes (enough to tell two packs
//! apart; a link is not a signature).

use serde::{Deserialize, Serialize};

use super::number::Num;

/// The result link: a read-only snapshot of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ResultV1 {
    pub park_name: String,
    pub year: Option<i32>,
    pub packs: Vec<StampV1>,
    pub overrides: Vec<ChangeV1>,
    pub outcome: OutcomeV1,
    /// One name per `outcome.rows` entry.
    pub names: Vec<String>,
}

/// The full-data link: everything needed to recompute and explore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FullV1 {
    pub source: Option<SourceV1>,
    /// The year the user chose (`None`: the latest).
    pub year: Option<i32>,
    pub overrides: Vec<OverrideV1>,
    pub packs: Vec<StampV1>,
    pub data: DatasetV1,
    /// The year the sender's evaluation covered, and what it showed (rows without names: they
    /// are that year's rows of `data`, in order).
    pub seen: Option<(Option<i32>, OutcomeV1)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SourceV1 {
    pub name: String,
    /// Raw SHA-256 of the file (32 bytes), or empty when unknown (the built-in sample).
    pub sha256: Vec<u8>,
    pub sample: bool,
}

/// Pack identity. Built-in ids travel as an index into [`BUILTIN_PACK_IDS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StampV1 {
    pub id: PackIdV1,
    pub version: String,
    /// The first 8 bytes of the pack's SHA-256.
    pub hash: [u8; 8],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum PackIdV1 {
    Builtin(u8),
    Other(String),
}

/// Pack ids that travel as a number. Append only.
pub(crate) const BUILTIN_PACK_IDS: [&str; 2] = ["sichuan-5plus1-park", "sichuan-mujun"];

/// An override as the user wrote it (`mujun.access_threshold`, `3`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OverrideV1 {
    pub key: String,
    pub value: String,
}

/// An override that took effect, as shown on a result (`key: from → to`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ChangeV1 {
    pub key: String,
    pub from: String,
    pub to: String,
}

/// What an evaluation showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OutcomeV1 {
    pub park: Option<ParkOutcomeV1>,
    pub enterprises: Option<EnterprisesV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ParkOutcomeV1 {
    pub criteria: Vec<CriterionV1>,
    /// [`OVERALL`] code.
    pub overall: u8,
    /// Indices into `criteria`, largest gap first.
    pub gaps: Vec<u8>,
    /// Tri-states ([`tri`]): 预警 of the year, 约谈.
    pub warning: u8,
    pub interview: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CriterionV1 {
    pub id: String,
    /// [`STATES`] code.
    pub state: u8,
    pub observed: Num,
    pub unit: String,
    /// [`COMPARATORS`] code, 0 when there is no threshold comparator.
    pub comparator: u8,
    pub threshold: Num,
    pub threshold_unit: String,
    pub gap: Option<GapV1>,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct GapV1 {
    pub amount: Num,
    pub unit: String,
    pub alternative: Num,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EnterprisesV1 {
    /// A, B, C, T, vetoed, out of scope.
    pub counts: [u32; 6],
    /// Every row of the year, in file order.
    pub rows: Vec<RowOutcomeV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RowOutcomeV1 {
    /// Bits 0–2: [`CLASSES`] code; bits 3–5: [`EXITS`] code; bit 6: vetoed.
    pub flags: u8,
    /// 0 when not ranked.
    pub rank: u32,
    pub score: Num,
}

/// The dataset, column-wise per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DatasetV1 {
    /// Bit i set: the source had a column for [`FIELDS`]`[i]`.
    pub fields_present: u32,
    pub park: ParkV1,
    /// Each distinct (name, credit code) once, in order of first appearance.
    pub identities: Vec<IdentityV1>,
    pub years: Vec<YearV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IdentityV1 {
    pub name: String,
    pub credit_code: Option<String>,
}

/// One year's rows. Every column is either empty (missing in every row) or one entry per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct YearV1 {
    pub year: i32,
    /// Identity index of each row as a step from the previous row's index + 1 (zigzag), so the
    /// usual "same enterprises in the same order" is a run of zeros.
    pub who: Vec<i64>,
    pub industry: Vec<Option<String>>,
    /// Tri-states of leading, high_tech, above_scale, new_project (2 bits each, in that order).
    pub flags: Vec<u8>,
    /// Tri-states of veto and exempt (2 bits each).
    pub marks: Vec<u8>,
    /// The texts behind veto/exempt marks: (row, 0 veto | 1 exempt, text).
    pub notes: Vec<(u32, u8, String)>,
    /// Numeric columns in [`NUMERIC_FIELDS`] order.
    pub numbers: Vec<Vec<Num>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ParkV1 {
    pub name: String,
    pub county: Option<String>,
    pub domain: Option<String>,
    pub leading_industry: Option<String>,
    pub key_fields: Vec<String>,
    /// (name, [`PLATFORM_LEVELS`] code).
    pub platforms: Vec<(String, u8)>,
    pub new_factory_area: Num,
    pub new_multistorey_area: Num,
    /// Tri-states of [`CHECKLIST`] items, 2 bits each.
    pub checklist: u32,
    pub provincial_reward: Num,
    pub warnings: Vec<(i32, bool)>,
    /// (year, revenue, land).
    pub totals: Vec<(i32, Num, Num)>,
}

// ---------------------------------------------------------------------------------------------
// Frozen code tables: the position of an entry is its code. Append only. The tables of enum
// codes are compiled for the test that ties the domain enums' order to them.

/// Field ids by bit of `fields_present`.
pub(crate) const FIELDS: [&str; 22] = [
    "name",
    "credit_code",
    "year",
    "industry",
    "leading",
    "high_tech",
    "above_scale",
    "land_area",
    "revenue",
    "leading_revenue",
    "high_tech_revenue",
    "tax",
    "employees",
    "energy",
    "rd_expense",
    "value_added",
    "electricity",
    "emissions",
    "veto",
    "exempt",
    "new_project",
    // Appended with the city view. v1 carries whether the source had a park column, not the
    // rows' park names: a city workbook is split into one dataset per park before sharing.
    "park",
];

/// Numeric columns of [`YearV1::numbers`], by position.
pub(crate) const NUMERIC_FIELDS: [&str; 11] = [
    "land_area",
    "revenue",
    "leading_revenue",
    "high_tech_revenue",
    "tax",
    "employees",
    "energy",
    "rd_expense",
    "value_added",
    "electricity",
    "emissions",
];

/// Checklist item ids by 2-bit slot of [`ParkV1::checklist`].
pub(crate) const CHECKLIST: [&str; 11] = [
    "operator_model",
    "financing_service",
    "hr_service",
    "living_facilities",
    "quality_one_stop",
    "shared_facilities",
    "chain_map",
    "ecosystem_path_map",
    "enterprise_directory",
    "no_major_incident",
    "no_two_high_projects",
];

/// Platform levels by code.
#[cfg(test)]
pub(crate) const PLATFORM_LEVELS: [&str; 4] = ["national", "provincial", "municipal", "other"];

/// Criterion states by code.
#[cfg(test)]
pub(crate) const STATES: [&str; 5] = ["pass", "near", "fail", "not_applicable", "not_evaluable"];

/// Overall verdicts by code.
#[cfg(test)]
pub(crate) const OVERALL: [&str; 3] = ["met", "not_met", "not_evaluable"];

/// Comparators by code; code 0 is "none".
#[cfg(test)]
pub(crate) const COMPARATORS: [&str; 5] = ["", "gt", "ge", "lt", "le"];

/// Classes by code; code 0 is "none" (out of scope).
#[cfg(test)]
pub(crate) const CLASSES: [&str; 5] = ["", "A", "B", "C", "T"];

/// Exit statuses by code; code 0 is "none".
#[cfg(test)]
pub(crate) const EXITS: [&str; 6] = ["", "normal", "warning", "control", "exit", "exempt"];

/// Tri-state code of an optional yes/no: 0 unknown, 1 no, 2 yes.
pub(crate) fn tri(value: Option<bool>) -> u8 {
    match value {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

/// The optional yes/no of a tri-state code; `Err` for 3.
pub(crate) fn untri(code: u8) -> Result<Option<bool>, ()> {
    match code {
        0 => Ok(None),
        1 => Ok(Some(false)),
        2 => Ok(Some(true)),
        _ => Err(()),
    }
}
