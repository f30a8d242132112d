//! Column mapping: which canonical field each column holds, in which unit, how sure we are and
//! why. Header texts are matched once per column against the synonym dictionary (exact, then
//! containment, then edit distance), user overrides win, no field is taken by two columns
//! without a diagnostic, and every numeric column gets a unit from its own header, a parent
//! header, a units row, a preamble line or, failing those, the canonical unit (said once).
//!
//! The mapping is plain serde data so the UI can save it and share links can carry it. This
//! module does not read data cells; it must not depend on records or validation.

use serde::{Deserialize, Serialize};

use super::header::HeaderLayout;
use super::normalize::{
    edit_distance_chars, key_flat, key_without_brackets, match_key, strip_numbering,
};
use super::synonyms::{self, NEVER_A_FIELD, NOT_A_FIELD_CUES, Synonym};
use super::units::{PreambleScope, PreambleUnit, Quantity, Unit, strip_unit, unit_in_header};
use crate::dataset::FieldId;
use crate::diagnostic::{Diagnostic, Location, Text};

/// What a column is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnTarget {
    /// The column holds this canonical field.
    Field(FieldId),
    /// The column is not read.
    Ignore,
}

impl ColumnTarget {
    pub fn field(self) -> Option<FieldId> {
        match self {
            ColumnTarget::Field(f) => Some(f),
            ColumnTarget::Ignore => None,
        }
    }
}

/// Where a column's unit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSource {
    /// Chosen by the user.
    Override,
    /// Written in the column's own header (`营业收入(元)`).
    Header,
    /// Written in a parent header above it (`经济指标（元）`).
    ParentHeader,
    /// Written in a units row under the header.
    UnitsRow,
    /// Written in a preamble line (`单位：万元`).
    Preamble,
    /// Not written anywhere: the canonical unit is assumed.
    Assumed,
}

/// One column's mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// 0-based column index (shown as a letter).
    pub column: u32,
    /// The flattened header text (`经济指标（元）/营业收入`).
    pub header: String,
    pub target: ColumnTarget,
    /// The unit the column's numbers are in; `None` for non-numeric fields and ignored columns.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub unit: Option<Unit>,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub unit_source: Option<UnitSource>,
    /// How sure the match is, 0..1 (1 for exact synonyms and user choices).
    pub confidence: f64,
    /// Why, in words (`与“营业收入”同义`).
    pub reason: Text,
}

impl ColumnMap {
    /// Whether the user chose this column's field or unit (rather than detection).
    pub fn chosen_by_user(&self) -> bool {
        self.unit_source == Some(UnitSource::Override) || self.reason == user_reason()
    }
}

/// The reason given for a column the user mapped.
fn user_reason() -> Text {
    Text::new("用户指定", "chosen by the user")
}

/// A user's choice for one column, applied on top of detection. A column is named by its
/// 0-based index or by its header text (which survives column reordering in the next year's
/// file); `sheet` limits the choice to one sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnOverride {
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub sheet: Option<String>,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub column: Option<u32>,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub header: Option<String>,
    /// The field (or ignore); `None` keeps the detected target and only sets the unit.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub target: Option<ColumnTarget>,
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub unit: Option<Unit>,
}

impl ColumnOverride {
    fn applies_to(&self, sheet: &str, column: u32, header: &str, last_part: &str) -> bool {
        if self.sheet.as_deref().is_some_and(|s| s != sheet) {
            return false;
        }
        match (&self.column, &self.header) {
            (Some(c), _) => *c == column,
            (None, Some(h)) => {
                let key = match_key(h);
                !key.is_empty() && (key == match_key(header) || key == match_key(last_part))
            }
            (None, None) => false,
        }
    }
}

/// A header matched to a field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMatch {
    pub field: FieldId,
    pub confidence: f64,
    pub reason: Text,
}

/// The outcome of matching one header.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderMatch {
    Field(FieldMatch),
    /// A serial-number or remarks column.
    NeverAField,
    Unknown,
}

/// Matches below this are not used.
pub const MIN_CONFIDENCE: f64 = 0.5;
/// Matches at or above this count as "a known column name" for header detection.
pub const KNOWN_CONFIDENCE: f64 = 0.6;

#[derive(Clone, Copy, PartialEq)]
enum How {
    Exact,
    Contains,
    Abbreviates,
    Close,
}

/// Whether a text looks like a known column name (for header-row scoring).
pub fn is_known_header(text: &str) -> bool {
    match match_parts(&[text.to_string()]) {
        HeaderMatch::Field(m) => m.confidence >= KNOWN_CONFIDENCE,
        HeaderMatch::NeverAField => true,
        HeaderMatch::Unknown => false,
    }
}

/// Matches a header given as its parts (parent first). The column's own (last) part is tried
/// alone and joined with its parents; the best match wins.
pub fn match_parts(parts: &[String]) -> HeaderMatch {
    let Some(last) = parts.last() else {
        return HeaderMatch::Unknown;
    };
    let mut texts = vec![last.clone()];
    if parts.len() > 1 {
        texts.push(parts.concat());
    }
    let mut best: Option<(f64, usize, &Synonym, How)> = None;
    for (i, text) in texts.iter().enumerate() {
        let base = strip_unit(strip_numbering(text));
        let key = match_key(&base);
        let bare = key_without_brackets(&key);
        if i == 0 && NEVER_A_FIELD.contains(&bare.as_str()) {
            return HeaderMatch::NeverAField;
        }
        let flat = key_flat(&key);
        for candidate in [bare, flat] {
            if candidate.is_empty() {
                continue;
            }
            let probe = Probe::new(&candidate);
            for syn in synonyms::all() {
                if let Some((score, how)) = probe.score(syn) {
                    let better = match best {
                        None => true,
                        Some((s, chars, _, _)) => {
                            score > s + 1e-9 || ((score - s).abs() <= 1e-9 && syn.chars > chars)
                        }
                    };
                    if better {
                        best = Some((score, syn.chars, syn, how));
                    }
                }
            }
        }
    }
    match best {
        Some((confidence, _, syn, how)) if confidence >= MIN_CONFIDENCE => {
            HeaderMatch::Field(FieldMatch {
                field: syn.field,
                confidence,
                reason: reason(syn, how),
            })
        }
        _ => HeaderMatch::Unknown,
    }
}

/// A header key prepared once for comparison against every synonym.
struct Probe<'a> {
    key: &'a str,
    chars: Vec<char>,
    /// The derived-figure cues the key contains (usually none).
    cues: Vec<&'static str>,
    exact_only: bool,
}

impl<'a> Probe<'a> {
    fn new(key: &'a str) -> Probe<'a> {
        Probe {
            key,
            chars: key.chars().collect(),
            cues: NOT_A_FIELD_CUES
                .iter()
                .copied()
                .filter(|c| key.contains(c))
                .collect(),
            exact_only: synonyms::EXACT_ONLY.contains(&key),
        }
    }

    fn score(&self, syn: &Synonym) -> Option<(f64, How)> {
        let key = self.key;
        if key == syn.key {
            return Some((1.0, How::Exact));
        }
        if self.cues.iter().any(|cue| !syn.key.contains(cue)) {
            return None;
        }
        let chars = self.chars.len();
        if syn.contained && key.contains(syn.key.as_str()) {
            let coverage = syn.chars as f64 / chars as f64;
            if coverage >= 0.34 {
                return Some((0.5 + 0.45 * coverage, How::Contains));
            }
        }
        if chars >= 2 && !self.exact_only && chars * 2 >= syn.chars && syn.key.contains(key) {
            return Some((
                0.45 + 0.35 * chars as f64 / syn.chars as f64,
                How::Abbreviates,
            ));
        }
        if chars >= 3 && syn.chars >= 3 && chars.abs_diff(syn.chars) <= 2 {
            let d = edit_distance_chars(&self.chars, &syn.key_chars);
            let sim = 1.0 - d as f64 / chars.max(syn.chars) as f64;
            if d <= 2 && sim >= 0.7 {
                return Some((0.3 + 0.5 * sim, How::Close));
            }
        }
        None
    }
}

fn reason(syn: &Synonym, how: How) -> Text {
    let label = syn.field.label_zh();
    let en = syn.field.label_en();
    match how {
        How::Exact if syn.text == label => {
            Text::new(format!("即“{label}”"), format!("is \"{label}\" ({en})"))
        }
        How::Exact => Text::new(
            format!("与“{}”同义，即“{label}”", syn.text),
            format!("\"{}\" is a synonym of \"{label}\" ({en})", syn.text),
        ),
        How::Contains => Text::new(
            format!("列名包含“{}”，视为“{label}”", syn.text),
            format!("contains \"{}\", read as \"{label}\" ({en})", syn.text),
        ),
        How::Abbreviates => Text::new(
            format!("列名是“{}”的简写，视为“{label}”", syn.text),
            format!("abbreviates \"{}\", read as \"{label}\" ({en})", syn.text),
        ),
        How::Close => Text::new(
            format!("列名与“{}”相近（可能有错别字），视为“{label}”", syn.text),
            format!(
                "close to \"{}\" (a typo?), read as \"{label}\" ({en})",
                syn.text
            ),
        ),
    }
}

/// What the mapper needs to know about the sheet.
pub struct MapContext<'a> {
    pub sheet: &'a str,
    /// 1-based row of the (last) header row, for diagnostics.
    pub header_row: u32,
    pub preamble_units: &'a [PreambleUnit],
    pub overrides: &'a [ColumnOverride],
}

/// Maps every column of a header layout.
pub fn map_columns(
    layout: &HeaderLayout,
    ctx: &MapContext,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ColumnMap> {
    let mut maps = Vec::with_capacity(layout.columns.len());
    // Whether each column's target was chosen by the user.
    let mut chosen = Vec::with_capacity(layout.columns.len());
    let max_override = ctx
        .overrides
        .iter()
        .filter(|o| o.sheet.as_deref().is_none_or(|s| s == ctx.sheet))
        .filter_map(|o| o.column)
        .max()
        .map_or(0, |c| c as usize + 1);
    let width = layout.columns.len().max(max_override);
    for index in 0..width {
        let (parts, text) = match layout.columns.get(index) {
            Some(col) => (col.parts.clone(), col.text.clone()),
            None => (Vec::new(), String::new()),
        };
        let last_part = parts.last().cloned().unwrap_or_default();
        let (mut target, mut confidence, mut why) = match match_parts(&parts) {
            HeaderMatch::Field(m) => (ColumnTarget::Field(m.field), m.confidence, m.reason),
            HeaderMatch::NeverAField => (
                ColumnTarget::Ignore,
                1.0,
                Text::new(
                    "序号、备注等列不参与计算",
                    "serial-number and remarks columns are not used",
                ),
            ),
            HeaderMatch::Unknown if text.is_empty() => (
                ColumnTarget::Ignore,
                0.0,
                Text::new("列名为空", "the column has no name"),
            ),
            HeaderMatch::Unknown => (
                ColumnTarget::Ignore,
                0.0,
                Text::new("未识别的列名", "unrecognised column name"),
            ),
        };
        let mut user = false;
        let mut unit_override = None;
        for o in ctx.overrides {
            if o.applies_to(ctx.sheet, index as u32, &text, &last_part) {
                if let Some(t) = o.target {
                    target = t;
                    confidence = 1.0;
                    why = user_reason();
                    user = true;
                }
                if o.unit.is_some() {
                    unit_override = o.unit;
                }
            }
        }
        chosen.push(user);
        maps.push((
            ColumnMap {
                column: index as u32,
                header: text,
                target,
                unit: None,
                unit_source: None,
                confidence,
                reason: why,
            },
            parts,
            unit_override,
        ));
    }

    resolve_duplicates(&mut maps, &chosen, ctx, diags);

    let mut out = Vec::with_capacity(maps.len());
    for (mut map, parts, unit_override) in maps {
        if let Some(field) = map.target.field()
            && let Some(quantity) = Quantity::of(field.kind())
        {
            let unit_cell = layout
                .columns
                .get(map.column as usize)
                .and_then(|c| c.unit_cell.clone());
            let (unit, source) = resolve_unit(
                &map,
                field,
                quantity,
                &parts,
                unit_cell.as_deref(),
                unit_override,
                ctx,
                diags,
            );
            map.unit = Some(unit);
            map.unit_source = Some(source);
        } else if map.target == ColumnTarget::Ignore
            && !map.header.is_empty()
            && map.confidence == 0.0
        {
            diags.push(
                Diagnostic::info(
                    "mapping.unmapped",
                    column_location(ctx, &map),
                    Text::new(
                        format!("“{}”列未对应任何字段，已忽略。", map.header),
                        format!("Column \"{}\" matches no field and is ignored.", map.header),
                    ),
                )
                .with_fix(Text::new(
                    "如该列有用，请在“列对应”中为它选择字段。",
                    "If the column is needed, choose its field in the column mapping.",
                )),
            );
        }
        out.push(map);
    }
    out
}

type Pending = (ColumnMap, Vec<String>, Option<Unit>);

/// Keeps one column per field: a user's choice first, then the highest confidence, then the
/// leftmost; the others are ignored with a warning.
fn resolve_duplicates(
    maps: &mut [Pending],
    chosen: &[bool],
    ctx: &MapContext,
    diags: &mut Vec<Diagnostic>,
) {
    for field in FieldId::ALL {
        let holders: Vec<usize> = (0..maps.len())
            .filter(|&i| maps[i].0.target == ColumnTarget::Field(field))
            .collect();
        if holders.len() < 2 {
            continue;
        }
        let keep = holders
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let ka = (chosen[a], maps[a].0.confidence);
                let kb = (chosen[b], maps[b].0.confidence);
                ka.0.cmp(&kb.0)
                    .then(ka.1.partial_cmp(&kb.1).unwrap_or(std::cmp::Ordering::Equal))
                    .then(b.cmp(&a))
            })
            .unwrap_or(holders[0]);
        let kept_header = maps[keep].0.header.clone();
        let kept_letter = crate::diagnostic::column_letter(maps[keep].0.column);
        for &i in &holders {
            if i == keep {
                continue;
            }
            let map = &mut maps[i].0;
            map.target = ColumnTarget::Ignore;
            map.reason = Text::new(
                format!(
                    "与 {kept_letter} 列（{kept_header}）重复，均对应“{}”",
                    field.label_zh()
                ),
                format!(
                    "duplicates column {kept_letter} ({kept_header}), both read as \"{}\"",
                    field.label_en()
                ),
            );
            diags.push(
                Diagnostic::warning(
                    "mapping.duplicate_field",
                    column_location(ctx, map),
                    Text::new(
                        format!(
                            "“{}”列与 {kept_letter} 列（{kept_header}）都像是“{}”；已采用 {kept_letter} 列，忽略本列。",
                            map.header,
                            field.label_zh()
                        ),
                        format!(
                            "Column \"{}\" and column {kept_letter} ({kept_header}) both look like \"{}\"; column {kept_letter} is used and this one ignored.",
                            map.header,
                            field.label_en()
                        ),
                    ),
                )
                .with_fix(Text::new(
                    "如判断有误，请在“列对应”中为这两列重新选择字段。",
                    "If this is wrong, choose the fields of both columns in the column mapping.",
                )),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename the arguments
fn resolve_unit(
    map: &ColumnMap,
    field: FieldId,
    quantity: Quantity,
    parts: &[String],
    unit_cell: Option<&str>,
    unit_override: Option<Unit>,
    ctx: &MapContext,
    diags: &mut Vec<Diagnostic>,
) -> (Unit, UnitSource) {
    let loc = || column_location(ctx, map);
    let mismatch = |unit: Unit, diags: &mut Vec<Diagnostic>| {
        diags.push(
            Diagnostic::warning(
                "unit.mismatch",
                loc(),
                Text::new(
                    format!(
                        "“{}”列写明的单位“{}”不是{}单位，已改按“{}”读取。",
                        map.header,
                        unit.symbol(),
                        quantity.label_zh(),
                        quantity.canonical().symbol()
                    ),
                    format!(
                        "Column \"{}\" states the unit \"{}\", which is not a unit of {}; read as \"{}\" instead.",
                        map.header,
                        unit.symbol(),
                        quantity.label_en(),
                        quantity.canonical().symbol()
                    ),
                ),
            )
            .with_fix(Text::new(
                "请检查列名中的单位或该列对应的字段。",
                "Check the unit in the column name, or the field this column is mapped to.",
            )),
        );
    };
    if let Some(unit) = unit_override {
        if unit.quantity() == quantity {
            return (unit, UnitSource::Override);
        }
        mismatch(unit, diags);
    }
    // The column's own header part first, then its parents (nearest first).
    for (depth, part) in parts.iter().rev().enumerate() {
        let Some(mention) = unit_in_header(part) else {
            continue;
        };
        match mention.for_quantity(quantity) {
            Some(unit) => {
                let source = if depth == 0 {
                    UnitSource::Header
                } else {
                    UnitSource::ParentHeader
                };
                return (unit, source);
            }
            // A parent's unit belongs to other columns (`经济指标（元）` over `从业人员`).
            None if depth == 0 => {
                if let Some(other) = mention.any() {
                    mismatch(other, diags);
                }
            }
            None => {}
        }
    }
    if let Some(text) = unit_cell
        && let Some(unit) = Unit::parse_for(text, quantity)
    {
        return (unit, UnitSource::UnitsRow);
    }
    for p in ctx.preamble_units {
        if p.scope == PreambleScope::Money && quantity != Quantity::Money {
            continue;
        }
        if let Some(unit) = p.mention.for_quantity(quantity) {
            return (unit, UnitSource::Preamble);
        }
    }
    let unit = quantity.canonical();
    diags.push(
        Diagnostic::info(
            "unit.assumed",
            loc(),
            Text::new(
                format!("“{}”列没有写明单位，按“{}”（{}）读取。", map.header, unit.symbol(), field.label_zh()),
                format!(
                    "Column \"{}\" states no unit; read as \"{}\" ({}).",
                    map.header,
                    unit.symbol(),
                    field.label_en()
                ),
            ),
        )
        .with_fix(Text::new(
            format!("如单位不是“{}”，请在列名中写明（如“营业收入（元）”）或在“列对应”中选择单位。", unit.symbol()),
            format!(
                "If the unit is not \"{}\", write it in the column name (e.g. \"营业收入（元）\") or choose it in the column mapping.",
                unit.symbol()
            ),
        )),
    );
    (unit, UnitSource::Assumed)
}

fn column_location(ctx: &MapContext, map: &ColumnMap) -> Location {
    Location::cell(ctx.sheet, ctx.header_row, map.column, &map.header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(header: &str) -> Option<(FieldId, f64)> {
        let parts: Vec<String> = header.split('/').map(str::to_string).collect();
        match match_parts(&parts) {
            HeaderMatch::Field(m) => Some((m.field, m.confidence)),
            _ => None,
        }
    }

    fn f(header: &str) -> Option<FieldId> {
        field_of(header).map(|(f, _)| f)
    }

    #[test]
    fn exact_synonyms_are_certain() {
        assert_eq!(field_of("营业收入"), Some((FieldId::Revenue, 1.0)));
        assert_eq!(field_of("营业收入(万元)"), Some((FieldId::Revenue, 1.0)));
        assert_eq!(
            field_of("1. 营业收入 (万元)"),
            Some((FieldId::Revenue, 1.0))
        );
        assert_eq!(field_of("营收/亿元"), Some((FieldId::Revenue, 1.0)));
        assert_eq!(field_of("企业（单位）名称"), Some((FieldId::Name, 1.0)));
        assert_eq!(field_of("纳税人识别号"), Some((FieldId::CreditCode, 1.0)));
        assert_eq!(field_of("Land Area (mu)"), Some((FieldId::LandArea, 1.0)));
        assert_eq!(field_of("R&D经费支出"), Some((FieldId::RdExpense, 1.0)));
        assert_eq!(field_of("用地(亩)"), Some((FieldId::LandArea, 1.0)));
        assert_eq!(field_of("能耗(吨标煤)"), Some((FieldId::Energy, 1.0)));
        assert_eq!(
            field_of("主导产业营业收入"),
            Some((FieldId::LeadingRevenue, 1.0))
        );
    }

    #[test]
    fn contained_and_close_names_are_less_certain() {
        let (field, c) = field_of("2023年实缴税金").unwrap();
        assert_eq!(field, FieldId::Tax);
        assert!((MIN_CONFIDENCE..1.0).contains(&c));
        assert_eq!(f("营业收人"), Some(FieldId::Revenue));
        assert_eq!(f("Operating Revenue Total"), Some(FieldId::Revenue));
        assert_eq!(f("经济指标（元）/营业收入"), Some(FieldId::Revenue));
    }

    #[test]
    fn derived_columns_are_not_fields() {
        assert_eq!(f("亩均营业收入"), None);
        assert_eq!(f("亩均税收（万元/亩）"), None);
        assert_eq!(f("营业收入增长率"), None);
        assert_eq!(f("上年营业收入"), None);
        assert_eq!(f("研发投入强度(%)"), None);
        assert_eq!(f("企业规模"), None);
        assert_eq!(f("研发人员数"), None);
        assert_eq!(match_parts(&["序号".to_string()]), HeaderMatch::NeverAField);
    }

    #[test]
    fn park_columns_are_recognised_but_not_found_inside_other_names() {
        assert_eq!(field_of("园区名称"), Some((FieldId::Park, 1.0)));
        assert_eq!(field_of("所属园区"), Some((FieldId::Park, 1.0)));
        assert_eq!(field_of("园区"), Some((FieldId::Park, 1.0)));
        assert_eq!(field_of("所属园区（全称）"), Some((FieldId::Park, 1.0)));
        assert_eq!(f("Park Name"), Some(FieldId::Park));
        // `园区` alone is too generic to be looked for inside a longer column name.
        assert_eq!(f("园区面积"), None);
        assert_eq!(f("园区营业收入"), Some(FieldId::Revenue));
        assert_eq!(f("企业名称"), Some(FieldId::Name));
    }

    #[test]
    fn overrides_name_columns_by_index_or_header() {
        let o = ColumnOverride {
            header: Some("营收 ".into()),
            ..Default::default()
        };
        assert!(o.applies_to("S", 3, "营收", "营收"));
        assert!(!o.applies_to("S", 3, "税收", "税收"));
        let o = ColumnOverride {
            column: Some(2),
            sheet: Some("A".into()),
            ..Default::default()
        };
        assert!(o.applies_to("A", 2, "x", "x"));
        assert!(!o.applies_to("B", 2, "x", "x"));
    }

    #[test]
    fn targets_serialise_as_plain_data() {
        let json = serde_json::to_string(&ColumnTarget::Field(FieldId::LandArea)).unwrap();
        assert_eq!(json, r#"{"field":"land_area"}"#);
        assert_eq!(
            serde_json::to_string(&ColumnTarget::Ignore).unwrap(),
            r#""ignore""#
        );
    }
}
