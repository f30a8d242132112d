//! Units of measure as data: one table of every unit a spreadsheet may state (in a header, a
//! preamble line such as `单位：万元`, a units row or a cell suffix such as `12.3万`), its
//! quantity, its spellings and its exact factor to the canonical unit of DOMAIN.md §1.1.
//!
//! Owns unit lookup and conversion only. It must not depend on headers, mapping or records;
//! callers decide which unit applies where.

use serde::{Deserialize, Serialize};

use super::normalize::{half_width, match_key};
use crate::dataset::FieldKind;

/// What a number measures. Each quantity has one canonical unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Canonical 万元.
    Money,
    /// Canonical 亩.
    Area,
    /// Canonical 吨标准煤.
    Energy,
    /// Canonical 万千瓦时.
    Electricity,
    /// Canonical 人.
    Count,
    /// Canonical 吨.
    Mass,
}

impl Quantity {
    /// The quantity a field of this kind measures; `None` for text, years and flags.
    pub fn of(kind: FieldKind) -> Option<Quantity> {
        match kind {
            FieldKind::Money => Some(Quantity::Money),
            FieldKind::Area => Some(Quantity::Area),
            FieldKind::Energy => Some(Quantity::Energy),
            FieldKind::Electricity => Some(Quantity::Electricity),
            FieldKind::Count => Some(Quantity::Count),
            FieldKind::Mass => Some(Quantity::Mass),
            FieldKind::Text | FieldKind::Year | FieldKind::Bool | FieldKind::FlagText => None,
        }
    }

    /// The canonical unit of the quantity.
    pub fn canonical(self) -> Unit {
        match self {
            Quantity::Money => Unit::WanYuan,
            Quantity::Area => Unit::Mu,
            Quantity::Energy => Unit::Tce,
            Quantity::Electricity => Unit::WanKwh,
            Quantity::Count => Unit::Person,
            Quantity::Mass => Unit::Tonne,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Quantity::Money => "金额",
            Quantity::Area => "面积",
            Quantity::Energy => "能耗",
            Quantity::Electricity => "电量",
            Quantity::Count => "人数",
            Quantity::Mass => "重量",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Quantity::Money => "money",
            Quantity::Area => "area",
            Quantity::Energy => "energy",
            Quantity::Electricity => "electricity",
            Quantity::Count => "headcount",
            Quantity::Mass => "mass",
        }
    }
}

/// A unit the ingest understands. Serialised by its stable id (`yuan`, `square_metre`), which
/// saved mappings and share links carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Yuan,
    ThousandYuan,
    WanYuan,
    MillionYuan,
    YiYuan,
    Mu,
    SquareMetre,
    WanSquareMetre,
    Hectare,
    SquareKilometre,
    Tce,
    KgCe,
    WanTce,
    Kwh,
    Mwh,
    WanKwh,
    YiKwh,
    Person,
    Tonne,
    Kilogram,
    WanTonne,
}

/// One row of the unit table. `value × mul ÷ div` is the value in the canonical unit; keeping
/// the factor as a ratio makes 平方米 → 亩 exactly `× 15 ÷ 10000` (1 亩 = 10000/15 m²).
struct UnitSpec {
    unit: Unit,
    quantity: Quantity,
    symbol: &'static str,
    mul: f64,
    div: f64,
    /// Spellings as `match_key` leaves them (lowercase, half-width, no spaces).
    aliases: &'static [&'static str],
}

/// The unit table. Order matters only for `Unit::parse_any` (first match wins), so a spelling
/// shared by two quantities (`吨`: mass, and energy where 吨 means 吨标准煤) is listed under the
/// more common reading first.
const UNITS: &[UnitSpec] = &[
    // Money → 万元
    u(
        Unit::Yuan,
        Quantity::Money,
        "元",
        1.0,
        10_000.0,
        &[
            "元",
            "人民币元",
            "元人民币",
            "yuan",
            "rmb",
            "cny",
            "rmbyuan",
        ],
    ),
    u(
        Unit::ThousandYuan,
        Quantity::Money,
        "千元",
        1.0,
        10.0,
        &[
            "千元",
            "千元人民币",
            "thousandyuan",
            "kyuan",
            "1000yuan",
            "rmb1000",
        ],
    ),
    u(
        Unit::WanYuan,
        Quantity::Money,
        "万元",
        1.0,
        1.0,
        &[
            "万元",
            "万",
            "万元人民币",
            "人民币万元",
            "10kyuan",
            "10000yuan",
            "10,000yuan",
            "tenthousandyuan",
            "10thousandyuan",
            "wanyuan",
            "rmb10k",
            "rmb10000",
        ],
    ),
    u(
        Unit::MillionYuan,
        Quantity::Money,
        "百万元",
        100.0,
        1.0,
        &[
            "百万元",
            "百万",
            "millionyuan",
            "mnyuan",
            "rmbmillion",
            "rmbmn",
        ],
    ),
    u(
        Unit::YiYuan,
        Quantity::Money,
        "亿元",
        10_000.0,
        1.0,
        &[
            "亿元",
            "亿",
            "亿元人民币",
            "100millionyuan",
            "hundredmillionyuan",
        ],
    ),
    // Area → 亩
    u(
        Unit::Mu,
        Quantity::Area,
        "亩",
        1.0,
        1.0,
        &["亩", "mu", "市亩"],
    ),
    u(
        Unit::SquareMetre,
        Quantity::Area,
        "平方米",
        15.0,
        10_000.0,
        &[
            "平方米",
            "㎡",
            "m2",
            "m²",
            "m^2",
            "平米",
            "平方",
            "sqm",
            "sq.m",
            "squaremetre",
            "squaremetres",
            "squaremeter",
            "squaremeters",
        ],
    ),
    u(
        Unit::WanSquareMetre,
        Quantity::Area,
        "万平方米",
        15.0,
        1.0,
        &["万平方米", "万㎡", "万m2", "万m²", "万平米"],
    ),
    u(
        Unit::Hectare,
        Quantity::Area,
        "公顷",
        15.0,
        1.0,
        &["公顷", "ha", "hm2", "hm²", "hectare", "hectares"],
    ),
    u(
        Unit::SquareKilometre,
        Quantity::Area,
        "平方公里",
        1_500.0,
        1.0,
        &["平方公里", "平方千米", "km2", "km²", "sqkm"],
    ),
    // Energy → 吨标准煤
    u(
        Unit::Tce,
        Quantity::Energy,
        "吨标准煤",
        1.0,
        1.0,
        &[
            "吨标准煤",
            "吨标煤",
            "tce",
            "吨标准煤当量",
            "t标准煤",
            "吨标准煤(等价值)",
            "吨标准煤(当量值)",
            "tonnesofcoalequivalent",
            "吨",
        ],
    ),
    u(
        Unit::KgCe,
        Quantity::Energy,
        "千克标准煤",
        1.0,
        1_000.0,
        &[
            "千克标准煤",
            "千克标煤",
            "公斤标准煤",
            "公斤标煤",
            "kgce",
            "千克",
            "公斤",
            "kg",
        ],
    ),
    u(
        Unit::WanTce,
        Quantity::Energy,
        "万吨标准煤",
        10_000.0,
        1.0,
        &["万吨标准煤", "万吨标煤", "万tce", "万吨"],
    ),
    // Electricity → 万千瓦时
    u(
        Unit::Kwh,
        Quantity::Electricity,
        "千瓦时",
        1.0,
        10_000.0,
        &["千瓦时", "度", "kwh", "kw·h", "kw.h", "千瓦·时", "千瓦小时"],
    ),
    u(
        Unit::Mwh,
        Quantity::Electricity,
        "兆瓦时",
        1.0,
        10.0,
        &["兆瓦时", "mwh", "mw·h"],
    ),
    u(
        Unit::WanKwh,
        Quantity::Electricity,
        "万千瓦时",
        1.0,
        1.0,
        &[
            "万千瓦时",
            "万度",
            "万kwh",
            "万kw·h",
            "万千瓦·时",
            "万千瓦小时",
        ],
    ),
    u(
        Unit::YiKwh,
        Quantity::Electricity,
        "亿千瓦时",
        10_000.0,
        1.0,
        &["亿千瓦时", "亿度", "亿kwh"],
    ),
    // Headcount → 人
    u(
        Unit::Person,
        Quantity::Count,
        "人",
        1.0,
        1.0,
        &[
            "人",
            "名",
            "个",
            "位",
            "persons",
            "person",
            "people",
            "headcount",
        ],
    ),
    // Mass → 吨
    u(
        Unit::Tonne,
        Quantity::Mass,
        "吨",
        1.0,
        1.0,
        &["吨", "t", "tonne", "tonnes", "ton", "tons"],
    ),
    u(
        Unit::Kilogram,
        Quantity::Mass,
        "千克",
        1.0,
        1_000.0,
        &["千克", "公斤", "kg"],
    ),
    u(
        Unit::WanTonne,
        Quantity::Mass,
        "万吨",
        10_000.0,
        1.0,
        &["万吨"],
    ),
];

const fn u(
    unit: Unit,
    quantity: Quantity,
    symbol: &'static str,
    mul: f64,
    div: f64,
    aliases: &'static [&'static str],
) -> UnitSpec {
    UnitSpec {
        unit,
        quantity,
        symbol,
        mul,
        div,
        aliases,
    }
}

impl Unit {
    fn spec(self) -> &'static UnitSpec {
        // Every variant has a row; a test checks it. Fall back to the first row rather than panic.
        UNITS.iter().find(|s| s.unit == self).unwrap_or(&UNITS[0])
    }

    /// The unit as users write it (`平方米`).
    pub fn symbol(self) -> &'static str {
        self.spec().symbol
    }

    pub fn quantity(self) -> Quantity {
        self.spec().quantity
    }

    /// Whether this is the canonical unit of its quantity.
    pub fn is_canonical(self) -> bool {
        self.quantity().canonical() == self
    }

    /// Converts a value in this unit to the canonical unit of its quantity.
    pub fn to_canonical(self, value: f64) -> f64 {
        let s = self.spec();
        if s.mul == 1.0 && s.div == 1.0 {
            value
        } else {
            value * s.mul / s.div
        }
    }

    /// Converts a value in this unit to another unit of the same quantity (`None` across
    /// quantities).
    pub fn convert(self, value: f64, to: Unit) -> Option<f64> {
        if self.quantity() != to.quantity() {
            return None;
        }
        if self == to {
            return Some(value);
        }
        let (a, b) = (self.spec(), to.spec());
        Some(value * a.mul * b.div / (a.div * b.mul))
    }

    /// The unit a spelling names when the quantity is known (`吨` for energy is 吨标准煤).
    pub fn parse_for(text: &str, quantity: Quantity) -> Option<Unit> {
        let key = match_key(text);
        UNITS
            .iter()
            .find(|s| s.quantity == quantity && s.aliases.contains(&key.as_str()))
            .map(|s| s.unit)
    }

    /// The unit a spelling names, whatever its quantity (first table match).
    pub fn parse_any(text: &str) -> Option<Unit> {
        let key = match_key(text);
        if key.is_empty() {
            return None;
        }
        UNITS
            .iter()
            .find(|s| s.aliases.contains(&key.as_str()))
            .map(|s| s.unit)
    }

    /// Every unit, in table order.
    pub fn all() -> impl Iterator<Item = Unit> {
        UNITS.iter().map(|s| s.unit)
    }
}

/// A unit written somewhere in a column header, as the text that named it. The text is kept
/// because the same spelling can mean different units for different quantities (`吨`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMention {
    pub text: String,
}

impl UnitMention {
    /// The unit this mention names for a quantity, if it names one.
    pub fn for_quantity(&self, quantity: Quantity) -> Option<Unit> {
        Unit::parse_for(&self.text, quantity)
    }

    /// Any unit this mention names (to warn about a unit of the wrong quantity).
    pub fn any(&self) -> Option<Unit> {
        Unit::parse_any(&self.text)
    }
}

/// Splits the pieces of a bracket or a preamble clause that might name a unit:
/// `单位：万元` → `万元`; `亩，含租赁` → `亩`, `含租赁`.
fn unit_pieces(content: &str) -> impl Iterator<Item = &str> {
    content
        .split([',', ';', '、', '，', '；', '|'])
        .map(|p| {
            let p = p.trim();
            let p = p
                .strip_prefix("计量单位")
                .or_else(|| p.strip_prefix("金额单位"))
                .or_else(|| p.strip_prefix("单位"))
                .or_else(|| p.strip_prefix("unit"))
                .or_else(|| p.strip_prefix("Unit"))
                .unwrap_or(p);
            p.trim_start_matches([':', '：', ' ']).trim()
        })
        .filter(|p| !p.is_empty())
}

/// The unit stated in one header part, if any: in brackets (`营业收入(元)`, `用地面积（平方米）`,
/// `【单位：万元】`), after a slash (`营收/亿元`) or as a trailing suffix of two or more CJK
/// characters (`营业收入万元`).
pub fn unit_in_header(part: &str) -> Option<UnitMention> {
    let text = half_width(part);
    let text = text.trim();
    // Bracketed groups, innermost text only.
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '{']) {
        let after = &rest[open + 1..];
        let Some(close) = after.find([')', ']', '}']) else {
            break;
        };
        let content = &after[..close];
        for piece in unit_pieces(content) {
            if Unit::parse_any(piece).is_some() {
                return Some(UnitMention {
                    text: piece.to_string(),
                });
            }
        }
        rest = &after[close + 1..];
    }
    // After the last slash.
    if let Some((_, after)) = text.rsplit_once('/')
        && Unit::parse_any(after).is_some()
    {
        return Some(UnitMention {
            text: after.trim().to_string(),
        });
    }
    // A trailing suffix such as `营业收入万元` (only multi-character CJK spellings, so that
    // `从业人` or `用地亩` guesses are never made from one character).
    let key = match_key(text);
    for spec in UNITS {
        for alias in spec.aliases {
            let is_cjk = alias.chars().all(|c| !c.is_ascii());
            if is_cjk
                && alias.chars().count() >= 2
                && key.len() > alias.len()
                && key.ends_with(alias)
            {
                return Some(UnitMention {
                    text: (*alias).to_string(),
                });
            }
        }
    }
    None
}

/// The header text with any stated unit removed, for matching against synonyms:
/// `营业收入(元)` → `营业收入`, `营收/亿元` → `营收`, `营业收入万元` → `营业收入`.
pub fn strip_unit(part: &str) -> String {
    let text = half_width(part);
    let text = text.trim();
    if let Some((before, after)) = text.rsplit_once('/')
        && Unit::parse_any(after).is_some()
        && !before.trim().is_empty()
    {
        return before.trim().to_string();
    }
    let key = match_key(text);
    for spec in UNITS {
        for alias in spec.aliases {
            let is_cjk = alias.chars().all(|c| !c.is_ascii());
            if is_cjk
                && alias.chars().count() >= 2
                && key.len() > alias.len()
                && key.ends_with(alias)
                && let Some(stem) = text.strip_suffix(alias)
            {
                return stem.trim().to_string();
            }
        }
    }
    text.to_string()
}

/// Which columns a preamble unit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreambleScope {
    /// `金额单位：元`: money columns only.
    Money,
    /// `单位：万元`: every column whose quantity the unit measures.
    Any,
}

/// A unit stated in a preamble line (`单位：万元`, `金额单位：元`, `（单位：万元、亩）`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreambleUnit {
    pub mention: UnitMention,
    pub scope: PreambleScope,
}

/// The units a preamble line states, in order. A line without `单位` states none.
pub fn units_in_preamble(line: &str) -> Vec<PreambleUnit> {
    let text = half_width(line);
    let mut found = Vec::new();
    let mut rest: &str = &text;
    while let Some(pos) = rest.find("单位") {
        let before = &rest[..pos];
        let scope = if before.ends_with("金额") {
            PreambleScope::Money
        } else {
            PreambleScope::Any
        };
        let after = rest[pos + "单位".len()..].trim_start();
        let Some(after) = after.strip_prefix([':', '：']) else {
            rest = &rest[pos + "单位".len()..];
            continue;
        };
        let clause_end = after
            .find(['(', ')', ']', ' ', '\n'])
            .unwrap_or(after.len());
        let clause = &after[..clause_end];
        for piece in clause.split([',', ';', '、', '，', '；', '/']) {
            let piece = piece.trim();
            if Unit::parse_any(piece).is_some() {
                found.push(PreambleUnit {
                    mention: UnitMention {
                        text: piece.to_string(),
                    },
                    scope,
                });
            }
        }
        rest = &after[clause_end..];
    }
    found
}

/// How a suffix written in a numeric cell scales the number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellScale {
    /// The cell states its own unit (`12.3万` on a money cell = 12.3 万元; `3200万元`; `120亩`).
    Unit(Unit),
    /// A multiplier of the column's unit (`1.2万` people = 12000 × the column unit).
    Times(f64),
    /// `12.5%`: the number divided by 100.
    Percent,
}

/// Reads the suffix of a numeric cell for a quantity: `万`/`亿` on money are 万元/亿元, on
/// anything else ×10⁴/×10⁸; any spelling of a unit of the same quantity states the cell's unit.
pub fn cell_scale(suffix: &str, quantity: Quantity) -> Option<CellScale> {
    let key = match_key(suffix);
    match key.as_str() {
        "%" => return Some(CellScale::Percent),
        "万" if quantity != Quantity::Money => return Some(CellScale::Times(1e4)),
        "亿" if quantity != Quantity::Money => return Some(CellScale::Times(1e8)),
        _ => {}
    }
    Unit::parse_for(&key, quantity).map(CellScale::Unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_one_table_row_and_is_its_own_alias_reader() {
        let all: Vec<Unit> = Unit::all().collect();
        for unit in &all {
            assert_eq!(all.iter().filter(|u| *u == unit).count(), 1, "{unit:?}");
            assert_eq!(Unit::parse_for(unit.symbol(), unit.quantity()), Some(*unit));
        }
        for q in [
            Quantity::Money,
            Quantity::Area,
            Quantity::Energy,
            Quantity::Electricity,
            Quantity::Count,
            Quantity::Mass,
        ] {
            assert!(q.canonical().is_canonical());
            assert_eq!(q.canonical().to_canonical(12.5), 12.5);
        }
    }

    #[test]
    fn converts_to_canonical_units() {
        assert_eq!(Unit::Yuan.to_canonical(123_456_789.0), 12_345.678_9);
        assert_eq!(Unit::ThousandYuan.to_canonical(12_345.0), 1_234.5);
        assert_eq!(Unit::YiYuan.to_canonical(1.2), 12_000.0);
        assert_eq!(Unit::SquareMetre.to_canonical(20_000.0), 30.0);
        // 1 亩 = 10000/15 m² exactly.
        assert!((Unit::SquareMetre.to_canonical(10_000.0 / 15.0) - 1.0).abs() < 1e-12);
        assert_eq!(Unit::Hectare.to_canonical(2.0), 30.0);
        assert_eq!(Unit::KgCe.to_canonical(41_000_000.0), 41_000.0);
        assert_eq!(Unit::WanTce.to_canonical(4.1), 41_000.0);
        assert_eq!(Unit::Kwh.to_canonical(1_250_000.0), 125.0);
        assert_eq!(Unit::Mu.convert(30.0, Unit::SquareMetre), Some(20_000.0));
        assert_eq!(Unit::Mu.convert(30.0, Unit::Yuan), None);
    }

    #[test]
    fn reads_units_from_headers() {
        let unit = |h: &str| unit_in_header(h).and_then(|m| m.any());
        assert_eq!(unit("营业收入(元)"), Some(Unit::Yuan));
        assert_eq!(unit("用地面积（平方米）"), Some(Unit::SquareMetre));
        assert_eq!(unit("营收/亿元"), Some(Unit::YiYuan));
        assert_eq!(unit("税收(万元)"), Some(Unit::WanYuan));
        assert_eq!(unit("用地面积【单位：公顷】"), Some(Unit::Hectare));
        assert_eq!(unit("用地面积（亩，含租赁）"), Some(Unit::Mu));
        assert_eq!(unit("营业收入万元"), Some(Unit::WanYuan));
        assert_eq!(unit("Revenue (10k yuan)"), Some(Unit::WanYuan));
        assert_eq!(unit("Land area (m2)"), Some(Unit::SquareMetre));
        assert_eq!(unit("企业(单位)名称"), None);
        assert_eq!(unit("年平均职工人数"), None);
        assert_eq!(unit("营业收入"), None);
        let energy =
            unit_in_header("综合能耗（吨）").and_then(|m| m.for_quantity(Quantity::Energy));
        assert_eq!(energy, Some(Unit::Tce));
    }

    #[test]
    fn strips_units_for_matching() {
        assert_eq!(strip_unit("营收/亿元"), "营收");
        assert_eq!(strip_unit("营业收入万元"), "营业收入");
        assert_eq!(strip_unit("营业收入"), "营业收入");
        assert_eq!(strip_unit("年平均职工人数"), "年平均职工人数");
    }

    #[test]
    fn reads_units_from_preamble_lines() {
        let units = units_in_preamble("单位：万元");
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].mention.any(), Some(Unit::WanYuan));
        assert_eq!(units[0].scope, PreambleScope::Any);
        let units = units_in_preamble("填报单位：XX园区管委会");
        assert!(units.is_empty());
        let units = units_in_preamble("金额单位：元");
        assert_eq!(units[0].scope, PreambleScope::Money);
        let units = units_in_preamble("（单位：万元、亩）");
        let found: Vec<_> = units.iter().filter_map(|u| u.mention.any()).collect();
        assert_eq!(found, vec![Unit::WanYuan, Unit::Mu]);
    }

    #[test]
    fn reads_cell_suffixes() {
        assert_eq!(
            cell_scale("万", Quantity::Money),
            Some(CellScale::Unit(Unit::WanYuan))
        );
        assert_eq!(
            cell_scale("亿", Quantity::Money),
            Some(CellScale::Unit(Unit::YiYuan))
        );
        assert_eq!(
            cell_scale("万", Quantity::Count),
            Some(CellScale::Times(1e4))
        );
        assert_eq!(cell_scale("%", Quantity::Money), Some(CellScale::Percent));
        assert_eq!(
            cell_scale("亩", Quantity::Area),
            Some(CellScale::Unit(Unit::Mu))
        );
        assert_eq!(cell_scale("亩", Quantity::Money), None);
        assert_eq!(cell_scale("abc", Quantity::Money), None);
    }
}
