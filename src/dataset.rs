//! The canonical data model (DOMAIN.md §1): enterprise rows, park facts and the field ids that
//! rule packs, templates, column mappings and share links all refer to.
//!
//! This module owns the *shape* of clean data only. It knows nothing about files, encodings,
//! headers or units (that is `ingest`) and nothing about thresholds or scores (that is `rules`).
//! Every number stored here is already in its canonical unit (万元, 亩, 人, 吨标准煤, 万千瓦时, 吨).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A loaded, cleaned dataset: what ingest produces and what the rules engine consumes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dataset {
    /// One row per enterprise per year, in file order.
    pub enterprises: Vec<EnterpriseRecord>,
    /// Park-level facts (from a park sheet, or entered in the UI).
    pub park: ParkFacts,
    /// The canonical fields that had a mapped column in the source. The rules engine needs this
    /// to tell "the column is absent" (e.g. no `above_scale` column → every row is in scope)
    /// from "this row's cell is empty".
    pub fields_present: BTreeSet<FieldId>,
}

impl Dataset {
    /// The distinct years that have enterprise rows, ascending.
    pub fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self.enterprises.iter().map(|e| e.year).collect();
        set.into_iter().collect()
    }

    /// The latest year with enterprise rows, if any.
    pub fn latest_year(&self) -> Option<i32> {
        self.enterprises.iter().map(|e| e.year).max()
    }

    /// The rows of one year, in file order.
    pub fn rows_of_year(&self, year: i32) -> impl Iterator<Item = &EnterpriseRecord> {
        self.enterprises.iter().filter(move |e| e.year == year)
    }

    /// Whether the source had a column mapped to `field`.
    pub fn has_field(&self, field: FieldId) -> bool {
        self.fields_present.contains(&field)
    }

    /// Adds another file's data (e.g. one file per year): its rows follow ours, its fields join
    /// ours, and its park facts are taken when we have none yet.
    pub fn merge(&mut self, other: Dataset) {
        self.enterprises.extend(other.enterprises);
        self.fields_present.extend(other.fields_present);
        if self.park == ParkFacts::default() {
            self.park = other.park;
        }
    }
}

/// Where a record came from, as the user sees it in Excel: sheet name and 1-based row number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSource {
    pub sheet: String,
    /// 1-based row number as Excel shows it.
    pub row: u32,
}

/// A yes/no field that may also carry the text the user wrote (e.g. `veto` = "重大安全事故").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub value: bool,
    /// The original text when it was more than a plain yes/no, shown as the reason.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub note: Option<String>,
}

impl Flag {
    pub fn yes() -> Flag {
        Flag {
            value: true,
            note: None,
        }
    }

    pub fn no() -> Flag {
        Flag {
            value: false,
            note: None,
        }
    }
}

/// One enterprise in one year. Numeric fields are `None` when the cell was missing or invalid
/// (the diagnostic that explains why lives beside the dataset, not here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseRecord {
    pub name: String,
    pub credit_code: Option<String>,
    pub year: i32,
    pub industry: Option<String>,
    pub leading: Option<bool>,
    pub high_tech: Option<bool>,
    pub above_scale: Option<bool>,
    /// 亩
    pub land_area: Option<f64>,
    /// 万元
    pub revenue: Option<f64>,
    /// 万元; when present it overrides `leading` × `revenue`.
    pub leading_revenue: Option<f64>,
    /// 万元; when present it overrides `high_tech` × `revenue`.
    pub high_tech_revenue: Option<f64>,
    /// 万元; may be negative (refunds).
    pub tax: Option<f64>,
    /// 人
    pub employees: Option<f64>,
    /// 吨标准煤
    pub energy: Option<f64>,
    /// 万元
    pub rd_expense: Option<f64>,
    /// 万元
    pub value_added: Option<f64>,
    /// 万千瓦时
    pub electricity: Option<f64>,
    /// 吨
    pub emissions: Option<f64>,
    pub veto: Option<Flag>,
    pub exempt: Option<Flag>,
    pub new_project: Option<bool>,
    /// The park the enterprise belongs to (园区名称), when one table holds several parks'
    /// enterprises (a city workbook); `None` in a single park's file.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub park: Option<String>,
    /// Where the row came from; `None` for rows entered by hand or decoded from a link.
    #[serde(default, skip_serializing_if = "crate::serde_skip::none")]
    pub source: Option<RowSource>,
}

impl EnterpriseRecord {
    /// A numeric field by id; `None` for non-numeric fields and for missing values.
    pub fn number(&self, field: FieldId) -> Option<f64> {
        match field {
            FieldId::LandArea => self.land_area,
            FieldId::Revenue => self.revenue,
            FieldId::LeadingRevenue => self.leading_revenue,
            FieldId::HighTechRevenue => self.high_tech_revenue,
            FieldId::Tax => self.tax,
            FieldId::Employees => self.employees,
            FieldId::Energy => self.energy,
            FieldId::RdExpense => self.rd_expense,
            FieldId::ValueAdded => self.value_added,
            FieldId::Electricity => self.electricity,
            FieldId::Emissions => self.emissions,
            _ => None,
        }
    }

    /// Mutable access to a numeric field by id; `None` for non-numeric fields.
    pub fn number_mut(&mut self, field: FieldId) -> Option<&mut Option<f64>> {
        Some(match field {
            FieldId::LandArea => &mut self.land_area,
            FieldId::Revenue => &mut self.revenue,
            FieldId::LeadingRevenue => &mut self.leading_revenue,
            FieldId::HighTechRevenue => &mut self.high_tech_revenue,
            FieldId::Tax => &mut self.tax,
            FieldId::Employees => &mut self.employees,
            FieldId::Energy => &mut self.energy,
            FieldId::RdExpense => &mut self.rd_expense,
            FieldId::ValueAdded => &mut self.value_added,
            FieldId::Electricity => &mut self.electricity,
            FieldId::Emissions => &mut self.emissions,
            _ => return None,
        })
    }

    /// Whether the row is vetoed (一票否决).
    pub fn is_vetoed(&self) -> bool {
        self.veto.as_ref().is_some_and(|f| f.value)
    }

    /// Whether the row is exempt from evaluation (免评).
    pub fn is_exempt(&self) -> bool {
        self.exempt.as_ref().is_some_and(|f| f.value)
    }

    /// The key that identifies the same enterprise across years: credit code, else exact name.
    pub fn identity(&self) -> &str {
        match &self.credit_code {
            Some(code) if !code.is_empty() => code,
            _ => &self.name,
        }
    }
}

/// The kind of value a canonical field holds, which decides how a cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Year,
    Bool,
    /// Yes/no that may carry a reason text (non-empty text counts as yes).
    FlagText,
    Money,
    Area,
    Count,
    Energy,
    Electricity,
    Mass,
}

/// The stable id of a canonical enterprise field (DOMAIN.md §1.1). These strings appear in rule
/// packs, mappings and share links: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    Name,
    CreditCode,
    Year,
    Industry,
    Leading,
    HighTech,
    AboveScale,
    LandArea,
    Revenue,
    LeadingRevenue,
    HighTechRevenue,
    Tax,
    Employees,
    Energy,
    RdExpense,
    ValueAdded,
    Electricity,
    Emissions,
    Veto,
    Exempt,
    NewProject,
    /// The park of the enterprise, in a table that holds several parks (city view).
    Park,
}

impl FieldId {
    /// Every field, in template column order.
    pub const ALL: [FieldId; 22] = [
        FieldId::Name,
        FieldId::CreditCode,
        FieldId::Year,
        FieldId::Industry,
        FieldId::Leading,
        FieldId::HighTech,
        FieldId::AboveScale,
        FieldId::LandArea,
        FieldId::Revenue,
        FieldId::LeadingRevenue,
        FieldId::HighTechRevenue,
        FieldId::Tax,
        FieldId::Employees,
        FieldId::Energy,
        FieldId::RdExpense,
        FieldId::ValueAdded,
        FieldId::Electricity,
        FieldId::Emissions,
        FieldId::Veto,
        FieldId::Exempt,
        FieldId::NewProject,
        FieldId::Park,
    ];

    /// The stable machine id (`land_area`).
    pub fn id(self) -> &'static str {
        self.spec().id
    }

    /// The Chinese column name used in templates and the UI (`用地面积`).
    pub fn label_zh(self) -> &'static str {
        self.spec().zh
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        self.spec().en
    }

    /// What kind of value the field holds.
    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }

    /// The canonical unit as shown to users (`万元`), empty for unitless fields.
    pub fn canonical_unit(self) -> &'static str {
        self.spec().unit
    }

    /// Parses a machine id (`land_area`).
    pub fn from_id(id: &str) -> Option<FieldId> {
        FieldId::ALL.into_iter().find(|f| f.id() == id)
    }

    fn spec(self) -> &'static FieldSpec {
        &FIELD_SPECS[self as usize]
    }
}

impl std::fmt::Display for FieldId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

struct FieldSpec {
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    kind: FieldKind,
    unit: &'static str,
}

/// One table drives ids, labels, kinds and units so they cannot drift apart. Indexed by the
/// `FieldId` discriminant; a test checks the order.
const FIELD_SPECS: [FieldSpec; 22] = [
    spec("name", "企业名称", "Enterprise name", FieldKind::Text, ""),
    spec(
        "credit_code",
        "统一社会信用代码",
        "Unified social credit code",
        FieldKind::Text,
        "",
    ),
    spec("year", "年度", "Year", FieldKind::Year, ""),
    spec("industry", "所属行业", "Industry", FieldKind::Text, ""),
    spec(
        "leading",
        "是否主导产业",
        "Leading industry",
        FieldKind::Bool,
        "",
    ),
    spec(
        "high_tech",
        "是否高新技术企业",
        "High-tech enterprise",
        FieldKind::Bool,
        "",
    ),
    spec(
        "above_scale",
        "是否规上",
        "Above designated size",
        FieldKind::Bool,
        "",
    ),
    spec("land_area", "用地面积", "Land area", FieldKind::Area, "亩"),
    spec("revenue", "营业收入", "Revenue", FieldKind::Money, "万元"),
    spec(
        "leading_revenue",
        "主导产业营业收入",
        "Leading-industry revenue",
        FieldKind::Money,
        "万元",
    ),
    spec(
        "high_tech_revenue",
        "高新技术产业营业收入",
        "High-tech revenue",
        FieldKind::Money,
        "万元",
    ),
    spec("tax", "实缴税金", "Taxes paid", FieldKind::Money, "万元"),
    spec(
        "employees",
        "年平均职工人数",
        "Average employees",
        FieldKind::Count,
        "人",
    ),
    spec(
        "energy",
        "综合能耗",
        "Energy consumption",
        FieldKind::Energy,
        "吨标准煤",
    ),
    spec(
        "rd_expense",
        "研发经费支出",
        "R&D expenditure",
        FieldKind::Money,
        "万元",
    ),
    spec(
        "value_added",
        "工业增加值",
        "Industrial value added",
        FieldKind::Money,
        "万元",
    ),
    spec(
        "electricity",
        "用电量",
        "Electricity use",
        FieldKind::Electricity,
        "万千瓦时",
    ),
    spec(
        "emissions",
        "主要污染物排放量",
        "Main pollutant emissions",
        FieldKind::Mass,
        "吨",
    ),
    spec("veto", "一票否决", "Veto", FieldKind::FlagText, ""),
    spec("exempt", "免评", "Exempt", FieldKind::FlagText, ""),
    spec(
        "new_project",
        "新落户项目",
        "New project",
        FieldKind::Bool,
        "",
    ),
    spec("park", "园区名称", "Park", FieldKind::Text, ""),
];

const fn spec(
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    kind: FieldKind,
    unit: &'static str,
) -> FieldSpec {
    FieldSpec {
        id,
        zh,
        en,
        kind,
        unit,
    }
}

/// Level of an innovation platform (C3 counts 国家级 and 省级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlatformLevel {
    National,
    Provincial,
    Municipal,
    Other,
}

/// An innovation platform of the park (企业技术中心, 工程技术研究中心, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    pub name: String,
    pub level: PlatformLevel,
}

/// Park totals for a year without enterprise rows (DOMAIN §1.2), canonical units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParkTotals {
    /// 万元
    pub revenue: Option<f64>,
    /// 亩
    pub land: Option<f64>,
}

/// The self-declared checklists behind C6–C8. `None` means "not answered" (→ 无法评价).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    // C6 专业化、市场化运营服务体系
    /// 管委会+运营公司 or a professional operator (required).
    pub operator_model: Option<bool>,
    /// 融资服务 (园保贷/供应链金融).
    pub financing_service: Option<bool>,
    /// 人力资源服务.
    pub hr_service: Option<bool>,
    /// 生活配套.
    pub living_facilities: Option<bool>,
    /// 质量基础设施一站式服务.
    pub quality_one_stop: Option<bool>,
    /// 标准厂房/孵化器/仓储物流平台.
    pub shared_facilities: Option<bool>,
    // C7 明确产业定位 (key fields are counted from `ParkFacts::key_fields`)
    /// 产业链全景图.
    pub chain_map: Option<bool>,
    /// 产业生态发展路径图.
    pub ecosystem_path_map: Option<bool>,
    /// 重点企业和配套企业名录表.
    pub enterprise_directory: Option<bool>,
    // C8 绿色安全
    /// No major safety, environmental, land or quality incident in the last 3 years.
    pub no_major_incident: Option<bool>,
    /// No 两高 (high energy use, high emission) project admitted.
    pub no_two_high_projects: Option<bool>,
}

/// One self-declared checklist item of the park facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    OperatorModel,
    FinancingService,
    HrService,
    LivingFacilities,
    QualityOneStop,
    SharedFacilities,
    ChainMap,
    EcosystemPathMap,
    EnterpriseDirectory,
    NoMajorIncident,
    NoTwoHighProjects,
}

impl ChecklistItem {
    pub(crate) const ALL: [(ChecklistItem, &'static str, &'static str, &'static str); 11] = [
        (
            ChecklistItem::OperatorModel,
            "operator_model",
            "管委会+运营公司或专业运营商",
            "management committee with an operating company, or a professional operator",
        ),
        (
            ChecklistItem::FinancingService,
            "financing_service",
            "融资服务（园保贷/供应链金融）",
            "financing services",
        ),
        (
            ChecklistItem::HrService,
            "hr_service",
            "人力资源服务",
            "human-resource services",
        ),
        (
            ChecklistItem::LivingFacilities,
            "living_facilities",
            "生活配套",
            "living facilities",
        ),
        (
            ChecklistItem::QualityOneStop,
            "quality_one_stop",
            "质量基础设施一站式服务",
            "one-stop quality infrastructure services",
        ),
        (
            ChecklistItem::SharedFacilities,
            "shared_facilities",
            "标准厂房/孵化器/仓储物流平台",
            "standard factories, incubators or logistics platforms",
        ),
        (
            ChecklistItem::ChainMap,
            "chain_map",
            "产业链全景图",
            "industry-chain panorama",
        ),
        (
            ChecklistItem::EcosystemPathMap,
            "ecosystem_path_map",
            "产业生态发展路径图",
            "ecosystem development roadmap",
        ),
        (
            ChecklistItem::EnterpriseDirectory,
            "enterprise_directory",
            "重点企业和配套企业名录表",
            "directory of key and supporting enterprises",
        ),
        (
            ChecklistItem::NoMajorIncident,
            "no_major_incident",
            "无重大安全、环保、用地、质量事故",
            "no major safety, environmental, land or quality incident",
        ),
        (
            ChecklistItem::NoTwoHighProjects,
            "no_two_high_projects",
            "未引进“两高”项目",
            "no high-energy, high-emission project admitted",
        ),
    ];

    pub fn from_id(id: &str) -> Option<ChecklistItem> {
        Self::ALL.iter().find(|e| e.1 == id).map(|e| e.0)
    }

    fn entry(self) -> &'static (ChecklistItem, &'static str, &'static str, &'static str) {
        &Self::ALL[self as usize]
    }

    /// The machine id (`operator_model`), prefixed `park.` when named as a missing input.
    pub fn id(self) -> &'static str {
        self.entry().1
    }

    pub fn label_zh(self) -> &'static str {
        self.entry().2
    }

    pub fn label_en(self) -> &'static str {
        self.entry().3
    }

    /// Where the park's answer is stored, for readers that fill the checklist.
    pub fn answer_mut(self, c: &mut Checklist) -> &mut Option<bool> {
        match self {
            ChecklistItem::OperatorModel => &mut c.operator_model,
            ChecklistItem::FinancingService => &mut c.financing_service,
            ChecklistItem::HrService => &mut c.hr_service,
            ChecklistItem::LivingFacilities => &mut c.living_facilities,
            ChecklistItem::QualityOneStop => &mut c.quality_one_stop,
            ChecklistItem::SharedFacilities => &mut c.shared_facilities,
            ChecklistItem::ChainMap => &mut c.chain_map,
            ChecklistItem::EcosystemPathMap => &mut c.ecosystem_path_map,
            ChecklistItem::EnterpriseDirectory => &mut c.enterprise_directory,
            ChecklistItem::NoMajorIncident => &mut c.no_major_incident,
            ChecklistItem::NoTwoHighProjects => &mut c.no_two_high_projects,
        }
    }

    /// The park's answer; `None` when not answered.
    pub fn answer(self, c: &Checklist) -> Option<bool> {
        match self {
            ChecklistItem::OperatorModel => c.operator_model,
            ChecklistItem::FinancingService => c.financing_service,
            ChecklistItem::HrService => c.hr_service,
            ChecklistItem::LivingFacilities => c.living_facilities,
            ChecklistItem::QualityOneStop => c.quality_one_stop,
            ChecklistItem::SharedFacilities => c.shared_facilities,
            ChecklistItem::ChainMap => c.chain_map,
            ChecklistItem::EcosystemPathMap => c.ecosystem_path_map,
            ChecklistItem::EnterpriseDirectory => c.enterprise_directory,
            ChecklistItem::NoMajorIncident => c.no_major_incident,
            ChecklistItem::NoTwoHighProjects => c.no_two_high_projects,
        }
    }
}

/// Park-level facts (DOMAIN §1.2). Everything is optional except the park name, which may still
/// be empty while the user fills the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParkFacts {
    pub park_name: String,
    pub county: Option<String>,
    /// 产业领域: 电子信息, 装备制造, 食品饮料, 先进材料, 能源化工, 数字经济.
    pub domain: Option<String>,
    pub leading_industry: Option<String>,
    pub key_fields: Vec<String>,
    pub platforms: Vec<Platform>,
    /// 新建标准化厂房面积, m².
    pub new_factory_area: Option<f64>,
    /// 其中多层标准化厂房面积, m².
    pub new_multistorey_area: Option<f64>,
    pub checklist: Checklist,
    /// 省级奖励资金, 万元.
    pub provincial_reward: Option<f64>,
    /// Prior years' 预警 flags, by year.
    pub warnings: BTreeMap<i32, bool>,
    /// Park totals for years without enterprise rows.
    pub totals: BTreeMap<i32, ParkTotals>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_specs_follow_the_enum_order() {
        for (i, field) in FieldId::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, i);
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.id()));
            assert_eq!(FieldId::from_id(field.id()), Some(field));
        }
    }

    #[test]
    fn identity_prefers_the_credit_code() {
        let mut row = EnterpriseRecord {
            name: "甲".into(),
            ..Default::default()
        };
        assert_eq!(row.identity(), "甲");
        row.credit_code = Some("91511800MA62XXXX0X".into());
        assert_eq!(row.identity(), "91511800MA62XXXX0X");
    }
}
