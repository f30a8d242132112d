//! The park-facts sheet (DOMAIN.md §1.2): a key/value sheet (`园区名称 | XX园区`,
//! `新建标准化厂房面积（平方米） | 12000`, …) or a one-row table (keys in a header row, values in
//! the row under it), read into [`ParkFacts`]. Platforms are a list (`XX中心（省级）；YY中心
//! （市级）`), checklists are 是/否, years in keys (`2022年预警`, `2020年营业收入`) fill the
//! per-year maps.
//!
//! Owns the park key dictionary and its reading. It must not depend on enterprise mapping or
//! records.

use super::cells::{self, BoolCell, NumberCell};
use super::normalize::{key_without_brackets, match_key, strip_numbering, trim, years_in};
use super::raw::{RawCell, RawSheet};
use super::units::{CellScale, Quantity, Unit, cell_scale, strip_unit, unit_in_header};
use crate::dataset::{ChecklistItem, ParkFacts, Platform, PlatformLevel};
use crate::diagnostic::{Diagnostic, Location, Text};

/// A park fact a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParkKey {
    ParkName,
    County,
    Domain,
    LeadingIndustry,
    KeyFields,
    Platforms(Option<PlatformLevel>),
    NewFactoryArea,
    NewMultistoreyArea,
    Check(ChecklistItem),
    ProvincialReward,
    /// `2022年预警` (the year is in the key).
    Warning,
    /// `2020年营业收入` (park total).
    TotalRevenue,
    /// `2020年用地面积` (park total).
    TotalLand,
}

/// The key dictionary. Keys are compared by `match_key` without brackets, units and numbering.
const PARK_KEYS: &[(ParkKey, &[&str])] = &[
    (
        ParkKey::ParkName,
        &["园区名称", "园区", "园区全称", "parkname", "park"],
    ),
    (
        ParkKey::County,
        &[
            "所在县(区)",
            "所在县区",
            "所在县",
            "县(区)",
            "县区",
            "区县",
            "所在地",
            "所在区县",
            "county",
        ],
    ),
    (
        ParkKey::Domain,
        &["产业领域", "所属领域", "领域", "园区类型", "domain"],
    ),
    (
        ParkKey::LeadingIndustry,
        &["主导产业", "主导产业名称", "leadingindustry"],
    ),
    (
        ParkKey::KeyFields,
        &["重点发展领域", "重点领域", "重点发展方向", "keyfields"],
    ),
    (
        ParkKey::Platforms(None),
        &[
            "创新平台",
            "创新平台名称",
            "省级以上创新平台",
            "研发平台",
            "平台",
            "platforms",
            "innovationplatforms",
        ],
    ),
    (
        ParkKey::Platforms(Some(PlatformLevel::National)),
        &["国家级创新平台", "国家级平台"],
    ),
    (
        ParkKey::Platforms(Some(PlatformLevel::Provincial)),
        &["省级创新平台", "省级平台"],
    ),
    (
        ParkKey::Platforms(Some(PlatformLevel::Municipal)),
        &["市级创新平台", "市级平台"],
    ),
    (
        ParkKey::NewFactoryArea,
        &[
            "新建标准化厂房面积",
            "新建标准厂房面积",
            "标准化厂房面积",
            "newfactoryarea",
        ],
    ),
    (
        ParkKey::NewMultistoreyArea,
        &[
            "其中多层标准化厂房面积",
            "多层标准化厂房面积",
            "其中多层厂房面积",
            "多层厂房面积",
            "新建多层标准化厂房面积",
            "newmultistoreyarea",
        ],
    ),
    (
        ParkKey::Check(ChecklistItem::OperatorModel),
        &[
            "管委会+运营公司",
            "管委会+运营公司或专业运营机构",
            "专业化运营",
            "运营模式",
            "专业运营机构",
        ],
    ),
    (
        ParkKey::Check(ChecklistItem::FinancingService),
        &[
            "融资服务",
            "融资服务(园保贷/供应链金融)",
            "园保贷",
            "供应链金融",
        ],
    ),
    (ParkKey::Check(ChecklistItem::HrService), &["人力资源服务"]),
    (
        ParkKey::Check(ChecklistItem::LivingFacilities),
        &["生活配套", "生活配套设施"],
    ),
    (
        ParkKey::Check(ChecklistItem::QualityOneStop),
        &["质量基础设施一站式服务", "一站式服务"],
    ),
    (
        ParkKey::Check(ChecklistItem::SharedFacilities),
        &[
            "标准厂房/孵化器/仓储物流平台",
            "标准厂房孵化器仓储物流平台",
            "孵化器",
            "仓储物流平台",
        ],
    ),
    (ParkKey::Check(ChecklistItem::ChainMap), &["产业链全景图"]),
    (
        ParkKey::Check(ChecklistItem::EcosystemPathMap),
        &["产业生态发展路径图"],
    ),
    (
        ParkKey::Check(ChecklistItem::EnterpriseDirectory),
        &[
            "重点企业和配套企业名录表",
            "重点企业和配套企业名录",
            "企业名录表",
        ],
    ),
    (
        ParkKey::Check(ChecklistItem::NoMajorIncident),
        &[
            "近三年无重大安全、环保、用地、质量事故",
            "近三年无重大事故",
            "无重大安全环保用地质量事故",
            "无重大事故",
        ],
    ),
    (
        ParkKey::Check(ChecklistItem::NoTwoHighProjects),
        &[
            "无两高项目",
            "未引进两高项目",
            "未引进\"两高\"项目",
            "无\"两高\"项目",
        ],
    ),
    (
        ParkKey::ProvincialReward,
        &["省级奖励资金", "奖励资金", "provincialreward"],
    ),
    (
        ParkKey::Warning,
        &["预警", "预警情况", "是否预警", "warning"],
    ),
    (
        ParkKey::TotalRevenue,
        &[
            "营业收入",
            "园区营业收入",
            "营业收入总额",
            "园区营业收入总额",
            "totalrevenue",
        ],
    ),
    (
        ParkKey::TotalLand,
        &["用地面积", "园区用地面积", "工业用地面积", "totalland"],
    ),
];

/// Keys that need a year written in them.
fn needs_year(key: ParkKey) -> bool {
    matches!(
        key,
        ParkKey::Warning | ParkKey::TotalRevenue | ParkKey::TotalLand
    )
}

/// The park key a cell text names, with the year written in it (if any).
pub fn park_key(text: &str) -> Option<(ParkKey, Option<i32>)> {
    let years = years_in(text);
    let year = years.first().copied();
    let mut base = strip_unit(strip_numbering(text));
    if let Some(y) = year {
        for form in [format!("{y}年度"), format!("{y}年"), y.to_string()] {
            base = base.replace(&form, "");
        }
    }
    let key = key_without_brackets(&match_key(&base));
    let full = match_key(&base);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(ParkKey, usize)> = None;
    for (k, wk, bare) in folded_keys() {
        if needs_year(*k) && year.is_none() {
            continue;
        }
        if *wk == key || *wk == full || *bare == key {
            return Some((*k, year));
        }
        let contained = wk.chars().count() >= 4 && key.contains(wk.as_str());
        if contained && best.is_none_or(|(_, n)| wk.len() > n) {
            best = Some((*k, wk.len()));
        }
    }
    best.map(|(k, _)| (k, year))
}

/// Every park key spelling folded once: (key, match key, match key without brackets).
fn folded_keys() -> &'static [(ParkKey, String, String)] {
    static TABLE: std::sync::OnceLock<Vec<(ParkKey, String, String)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        PARK_KEYS
            .iter()
            .flat_map(|(k, words)| {
                words.iter().map(move |w| {
                    let wk = match_key(w);
                    let bare = key_without_brackets(&wk);
                    (*k, wk, bare)
                })
            })
            .collect()
    })
}

/// How strongly a sheet looks like park facts: the number of rows whose first filled cell is a
/// park key (key/value layout), and the most park keys in one row (table layout).
pub fn key_hits(sheet: &RawSheet) -> (usize, usize) {
    let mut kv = 0;
    let mut table = 0;
    for row in sheet.rows.iter().take(60) {
        if let Some(RawCell::Text(t)) = row.iter().find(|c| !blank(c))
            && park_key(t).is_some()
        {
            kv += 1;
        }
        let in_row = row
            .iter()
            .filter(|c| matches!(c, RawCell::Text(t) if park_key(t).is_some()))
            .count();
        table = table.max(in_row);
    }
    (kv, table)
}

/// Whether a sheet's name says it holds park facts.
pub fn is_park_sheet_name(name: &str) -> bool {
    let k = match_key(name);
    [
        "园区信息",
        "园区基本情况",
        "园区概况",
        "园区情况",
        "园区基本信息",
        "园区指标",
        "园区数据",
        "parkfacts",
        "park",
    ]
    .iter()
    .any(|w| k.contains(w))
}

fn blank(c: &RawCell) -> bool {
    match c {
        RawCell::Empty => true,
        RawCell::Text(t) => trim(t).is_empty(),
        _ => false,
    }
}

/// A key with its value cell and where both are.
struct Entry<'a> {
    key: ParkKey,
    year: Option<i32>,
    key_text: String,
    value: &'a RawCell,
    row: u32,
    column: u32,
}

/// Reads a park sheet into facts (one park: the first row of a table layout).
pub fn read(sheet: &RawSheet, diags: &mut Vec<Diagnostic>) -> ParkFacts {
    read_all(sheet, diags)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Reads every park of a park sheet: one for a key/value sheet, one per data row for a table
/// with the keys in a header row (a city workbook lists its parks that way). The first data row
/// always counts; later rows count when they name a park and fill at least one other key, so a
/// footnote under a one-row table is not read as a park.
pub fn read_all(sheet: &RawSheet, diags: &mut Vec<Diagnostic>) -> Vec<ParkFacts> {
    let (kv, table) = key_hits(sheet);
    let rows = if table > kv {
        table_entries(sheet)
    } else {
        vec![kv_entries(sheet)]
    };
    let mut parks = Vec::with_capacity(rows.len());
    for entries in rows {
        let row = entries.first().map(|e| e.row);
        let mut facts = ParkFacts::default();
        for e in entries {
            apply(&mut facts, &e, &sheet.name, diags);
        }
        if facts.park_name.is_empty() {
            let location = Location {
                row: row.filter(|_| table > kv),
                ..Location::sheet(&sheet.name)
            };
            diags.push(
                Diagnostic::warning(
                    "park.name_missing",
                    location,
                    Text::new(
                        "园区信息表中没有“园区名称”。",
                        "The park sheet has no park name (园区名称).",
                    ),
                )
                .with_fix(Text::new(
                    "请添加一行：园区名称 | 园区全称。",
                    "Add a row: 园区名称 | the park's name.",
                )),
            );
        }
        parks.push(facts);
    }
    parks
}

fn kv_entries(sheet: &RawSheet) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        let mut c = 0;
        while c < row.len() {
            let key = match &row[c] {
                RawCell::Text(t) => park_key(t).map(|k| (k, trim(t).to_string())),
                _ => None,
            };
            let Some(((key, year), key_text)) = key else {
                c += 1;
                continue;
            };
            // The value: the next filled cell that is not itself a key.
            let mut v = c + 1;
            while v < row.len() && blank(&row[v]) {
                v += 1;
            }
            match row.get(v) {
                Some(cell) if !matches!(cell, RawCell::Text(t) if park_key(t).is_some() && !is_free_text_key(key)) =>
                {
                    out.push(Entry {
                        key,
                        year,
                        key_text,
                        value: cell,
                        row: r as u32 + 1,
                        column: v as u32,
                    });
                    c = v + 1;
                }
                _ => c += 1,
            }
        }
    }
    out
}

/// Keys whose values are free text that may happen to look like a key (主导产业 = 装备制造).
fn is_free_text_key(key: ParkKey) -> bool {
    matches!(
        key,
        ParkKey::ParkName
            | ParkKey::County
            | ParkKey::Domain
            | ParkKey::LeadingIndustry
            | ParkKey::KeyFields
            | ParkKey::Platforms(_)
    )
}

/// The entries of a table layout, one list per park row.
fn table_entries(sheet: &RawSheet) -> Vec<Vec<Entry<'_>>> {
    let mut best = (0, 0);
    for (r, row) in sheet.rows.iter().enumerate().take(60) {
        let n = row
            .iter()
            .filter(|c| matches!(c, RawCell::Text(t) if park_key(t).is_some()))
            .count();
        if n > best.1 {
            best = (r, n);
        }
    }
    let (hr, _) = best;
    let Some(header) = sheet.rows.get(hr) else {
        return Vec::new();
    };
    let keys: Vec<(usize, ParkKey, Option<i32>, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(c, cell)| {
            let RawCell::Text(t) = cell else { return None };
            let (key, year) = park_key(t)?;
            Some((c, key, year, trim(t).to_string()))
        })
        .collect();
    let mut out: Vec<Vec<Entry<'_>>> = Vec::new();
    for (vr, values) in sheet.rows.iter().enumerate().skip(hr + 1) {
        let filled = |c: usize| values.get(c).is_some_and(|v| !blank(v));
        if !values.iter().any(|c| !blank(c)) {
            continue;
        }
        if !out.is_empty() {
            let names_a_park = keys
                .iter()
                .any(|(c, k, _, _)| *k == ParkKey::ParkName && filled(*c));
            let other_keys = keys
                .iter()
                .filter(|(c, k, _, _)| *k != ParkKey::ParkName && filled(*c))
                .count();
            if !names_a_park || other_keys == 0 {
                continue;
            }
        }
        let entries = keys
            .iter()
            .filter_map(|(c, key, year, key_text)| {
                values.get(*c).map(|value| Entry {
                    key: *key,
                    year: *year,
                    key_text: key_text.clone(),
                    value,
                    row: vr as u32 + 1,
                    column: *c as u32,
                })
            })
            .collect();
        out.push(entries);
    }
    out
}

fn apply(facts: &mut ParkFacts, e: &Entry, sheet: &str, diags: &mut Vec<Diagnostic>) {
    let text = || cells::text(e.value).filter(|t| !cells::is_placeholder(t));
    match e.key {
        ParkKey::ParkName => facts.park_name = text().unwrap_or_default(),
        ParkKey::County => facts.county = text(),
        ParkKey::Domain => facts.domain = text(),
        ParkKey::LeadingIndustry => facts.leading_industry = text(),
        ParkKey::KeyFields => facts
            .key_fields
            .extend(text().map(|t| split_list(&t)).unwrap_or_default()),
        ParkKey::Platforms(level) => {
            for item in text().map(|t| split_list(&t)).unwrap_or_default() {
                facts.platforms.push(platform(&item, level));
            }
        }
        ParkKey::NewFactoryArea => {
            facts.new_factory_area = number(e, sheet, Quantity::Area, Unit::SquareMetre, diags)
        }
        ParkKey::NewMultistoreyArea => {
            facts.new_multistorey_area = number(e, sheet, Quantity::Area, Unit::SquareMetre, diags)
        }
        ParkKey::ProvincialReward => {
            facts.provincial_reward = number(e, sheet, Quantity::Money, Unit::WanYuan, diags)
        }
        ParkKey::Check(item) => *item.answer_mut(&mut facts.checklist) = boolean(e, sheet, diags),
        ParkKey::Warning => {
            if let (Some(y), Some(b)) = (e.year, boolean(e, sheet, diags)) {
                facts.warnings.insert(y, b);
            }
        }
        ParkKey::TotalRevenue | ParkKey::TotalLand => {
            let Some(y) = e.year else { return };
            let (quantity, unit) = if e.key == ParkKey::TotalRevenue {
                (Quantity::Money, Unit::WanYuan)
            } else {
                (Quantity::Area, Unit::Mu)
            };
            let value = number(e, sheet, quantity, unit, diags);
            let totals = facts.totals.entry(y).or_default();
            if e.key == ParkKey::TotalRevenue {
                totals.revenue = value;
            } else {
                totals.land = value;
            }
        }
    }
}

/// Splits a list written in one cell: `锂电材料、硅基材料；精密制造`.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n', '|'])
        .map(|s| trim(s).to_string())
        .filter(|s| !s.is_empty() && !cells::is_placeholder(s))
        .collect()
}

const LEVEL_WORDS: &[(&str, PlatformLevel)] = &[
    ("国家级", PlatformLevel::National),
    ("省级", PlatformLevel::Provincial),
    ("市级", PlatformLevel::Municipal),
    ("县级", PlatformLevel::Other),
    ("区级", PlatformLevel::Other),
];

/// One platform: `四川省锂电材料工程技术研究中心（省级）` → name without the level note, level
/// from the note, else from the key (`省级创新平台`), else 其他.
fn platform(item: &str, key_level: Option<PlatformLevel>) -> Platform {
    let found = LEVEL_WORDS
        .iter()
        .find(|(w, _)| item.contains(w))
        .map(|(_, l)| *l);
    let level = found.or(key_level).unwrap_or(PlatformLevel::Other);
    let mut name = item.to_string();
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let (Some(a), Some(b)) = (name.find(open), name.rfind(close))
            && a < b
            && LEVEL_WORDS.iter().any(|(w, _)| name[a..b].contains(w))
        {
            name = format!("{}{}", &name[..a], &name[b + close.len_utf8()..]);
        }
    }
    for (w, _) in LEVEL_WORDS {
        if let Some(rest) = name.strip_prefix(w) {
            name = rest.trim_start_matches([':', '：', ' ']).to_string();
        }
    }
    Platform {
        name: trim(&name).to_string(),
        level,
    }
}

fn number(
    e: &Entry,
    sheet: &str,
    quantity: Quantity,
    target: Unit,
    diags: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let loc = location(e, sheet);
    let header_unit = unit_in_header(&e.key_text)
        .and_then(|m| m.for_quantity(quantity))
        .unwrap_or(target);
    let (value, suffix) = match cells::number(e.value) {
        NumberCell::Empty | NumberCell::Placeholder => return None,
        NumberCell::Number { value, suffix } => (value, suffix),
        _ => {
            diags.push(
                Diagnostic::error(
                    "cell.not_a_number",
                    loc,
                    Text::new(
                        format!("“{}”的值不是数字，按缺失处理。", e.key_text),
                        format!(
                            "The value of \"{}\" is not a number; treated as missing.",
                            e.key_text
                        ),
                    ),
                )
                .with_fix(Text::new("请填写数字。", "Enter a number.")),
            );
            return None;
        }
    };
    let unit = match suffix.as_deref().map(|s| cell_scale(s, quantity)) {
        None => header_unit,
        Some(Some(CellScale::Unit(u))) => u,
        Some(Some(CellScale::Times(k))) => return header_unit.convert(value * k, target),
        Some(_) => {
            diags.push(Diagnostic::error(
                "cell.unknown_unit",
                loc,
                Text::new(
                    format!("“{}”的单位无法识别，按缺失处理。", e.key_text),
                    format!(
                        "The unit of \"{}\" is not recognised; treated as missing.",
                        e.key_text
                    ),
                ),
            ));
            return None;
        }
    };
    unit.convert(value, target).filter(|v| v.is_finite())
}

fn boolean(e: &Entry, sheet: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
    match cells::boolean(e.value) {
        BoolCell::Value(b) => Some(b),
        BoolCell::Empty => None,
        BoolCell::ExcelError | BoolCell::Invalid => {
            diags.push(
                Diagnostic::error(
                    "cell.not_a_bool",
                    location(e, sheet),
                    Text::new(
                        format!("“{}”应填“是”或“否”，按未回答处理。", e.key_text),
                        format!(
                            "\"{}\" should be 是 or 否; treated as not answered.",
                            e.key_text
                        ),
                    ),
                )
                .with_fix(Text::new(
                    "请填写“是”或“否”。",
                    "Enter 是 (yes) or 否 (no).",
                )),
            );
            None
        }
    }
}

fn location(e: &Entry, sheet: &str) -> Location {
    Location::cell(sheet, e.row, e.column, &e.key_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_with_units_numbering_and_years() {
        assert_eq!(park_key("园区名称"), Some((ParkKey::ParkName, None)));
        assert_eq!(
            park_key("1. 新建标准化厂房面积（平方米）"),
            Some((ParkKey::NewFactoryArea, None))
        );
        assert_eq!(
            park_key("其中：多层标准化厂房面积(㎡)"),
            Some((ParkKey::NewMultistoreyArea, None))
        );
        assert_eq!(park_key("2022年预警"), Some((ParkKey::Warning, Some(2022))));
        assert_eq!(
            park_key("2020年营业收入（万元）"),
            Some((ParkKey::TotalRevenue, Some(2020)))
        );
        assert_eq!(park_key("营业收入"), None);
        assert_eq!(
            park_key("省级创新平台"),
            Some((ParkKey::Platforms(Some(PlatformLevel::Provincial)), None))
        );
        assert_eq!(
            park_key("是否建立管委会+运营公司模式"),
            Some((ParkKey::Check(ChecklistItem::OperatorModel), None))
        );
    }

    #[test]
    fn reads_platform_lists() {
        let p = platform("四川省锂电材料工程技术研究中心（省级）", None);
        assert_eq!(
            p,
            Platform {
                name: "四川省锂电材料工程技术研究中心".into(),
                level: PlatformLevel::Provincial
            }
        );
        let p = platform("国家级：XX企业技术中心", None);
        assert_eq!(
            p,
            Platform {
                name: "XX企业技术中心".into(),
                level: PlatformLevel::National
            }
        );
        let p = platform("YY中心", Some(PlatformLevel::Municipal));
        assert_eq!(p.level, PlatformLevel::Municipal);
        assert_eq!(
            split_list("锂电材料、硅基材料；精密制造"),
            vec!["锂电材料", "硅基材料", "精密制造"]
        );
    }
}
