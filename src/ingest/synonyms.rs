//! The synonym dictionary: the column names (Chinese and English) that real exports use for each
//! canonical field, and the words that mark a column as something else (a ratio, a rank, last
//! year's value) so that fuzzy matching never maps `亩均营业收入` to `revenue`.
//!
//! Pure data plus one lookup of match keys. Must not depend on headers, units or records.

use std::sync::OnceLock;

use super::normalize::match_key;
use crate::dataset::FieldId;

/// Column names per field. The first entry is the field's own label; spellings are folded by
/// `match_key` before comparison, so case, spaces and full-width forms do not matter.
pub const SYNONYMS: &[(FieldId, &[&str])] = &[
    (
        FieldId::Name,
        &[
            "企业名称",
            "单位名称",
            "企业",
            "纳税人名称",
            "企业单位名称",
            "企业(单位)名称",
            "企业全称",
            "公司名称",
            "名称",
            "工业企业名称",
            "市场主体名称",
            "单位详细名称",
            "企业名字",
            "纳税人",
            "enterprise",
            "enterprisename",
            "company",
            "companyname",
            "name",
            "firm",
        ],
    ),
    (
        FieldId::CreditCode,
        &[
            "统一社会信用代码",
            "信用代码",
            "社会信用代码",
            "纳税人识别号",
            "统一代码",
            "税号",
            "纳税识别号",
            "统一社会信用代码(纳税人识别号)",
            "纳税人识别号/统一社会信用代码",
            "组织机构代码",
            "creditcode",
            "uscc",
            "unifiedsocialcreditcode",
            "socialcreditcode",
            "taxid",
            "taxpayerid",
        ],
    ),
    (
        FieldId::Year,
        &[
            "年度",
            "年份",
            "评价年度",
            "统计年度",
            "数据年度",
            "所属年度",
            "年",
            "报告期",
            "统计年份",
            "year",
            "fiscalyear",
        ],
    ),
    (
        FieldId::Industry,
        &[
            "所属行业",
            "行业",
            "国民经济行业",
            "行业代码",
            "行业类别",
            "行业门类",
            "所属产业",
            "产业类别",
            "行业分类",
            "国民经济行业分类",
            "行业名称",
            "industry",
            "sector",
            "industrycode",
        ],
    ),
    (
        FieldId::Leading,
        &[
            "是否主导产业",
            "主导产业",
            "属于主导产业",
            "是否属于主导产业",
            "主导产业企业",
            "是否主导产业企业",
            "leading",
            "leadingindustry",
            "isleading",
        ],
    ),
    (
        FieldId::HighTech,
        &[
            "是否高新技术企业",
            "高新技术企业",
            "高企",
            "是否高企",
            "国家高新技术企业",
            "是否国家高新技术企业",
            "hightech",
            "hightechenterprise",
            "ishightech",
        ],
    ),
    (
        FieldId::AboveScale,
        &[
            "是否规上",
            "规上企业",
            "规模以上",
            "规上",
            "是否规上企业",
            "是否规模以上企业",
            "规模以上工业企业",
            "是否规模以上",
            "abovescale",
            "abovedesignatedsize",
            "isabovescale",
        ],
    ),
    (
        FieldId::LandArea,
        &[
            "用地面积",
            "占地面积",
            "实际用地面积",
            "土地使用权面积",
            "用地",
            "土地面积",
            "实际占地面积",
            "用地规模",
            "宗地面积",
            "占地",
            "实际使用土地面积",
            "土地证面积",
            "总用地面积",
            "使用土地面积",
            "实际用地",
            "landarea",
            "land",
            "landuse",
            "sitearea",
        ],
    ),
    (
        FieldId::Revenue,
        &[
            "营业收入",
            "主营业务收入",
            "销售收入",
            "营收",
            "营业总收入",
            "营业收入总额",
            "主营收入",
            "产品销售收入",
            "营业收入合计",
            "销售总额",
            "销售额",
            "revenue",
            "operatingrevenue",
            "salesrevenue",
            "totalrevenue",
            "sales",
            "turnover",
            "operatingincome",
        ],
    ),
    (
        FieldId::LeadingRevenue,
        &[
            "主导产业营业收入",
            "主导产业收入",
            "主导产业主营业务收入",
            "主导产业销售收入",
            "leadingindustryrevenue",
            "leadingrevenue",
        ],
    ),
    (
        FieldId::HighTechRevenue,
        &[
            "高新技术产业营业收入",
            "高新技术产品收入",
            "高新技术产品销售收入",
            "高新技术产业收入",
            "高新技术产品营业收入",
            "高新技术企业营业收入",
            "hightechrevenue",
            "hightechindustryrevenue",
        ],
    ),
    (
        FieldId::Tax,
        &[
            "实缴税金",
            "税收",
            "实缴税收",
            "税收实际贡献",
            "纳税总额",
            "入库税金",
            "实缴税金总额",
            "税收贡献",
            "实际缴纳税费",
            "缴纳税金",
            "纳税额",
            "税金",
            "已缴税金",
            "实缴税费",
            "税费",
            "入库税收",
            "实际入库税金",
            "税收收入",
            "实缴税额",
            "纳税",
            "tax",
            "taxes",
            "taxpaid",
            "taxespaid",
        ],
    ),
    (
        FieldId::Employees,
        &[
            "年平均职工人数",
            "从业人员",
            "职工人数",
            "从业人员平均人数",
            "从业人员期末人数",
            "从业人数",
            "员工人数",
            "职工",
            "员工数",
            "用工人数",
            "年末从业人员",
            "年平均从业人员",
            "从业人员年平均人数",
            "年末职工人数",
            "平均职工人数",
            "人数",
            "employees",
            "staff",
            "headcount",
            "averageemployees",
            "numberofemployees",
            "workers",
        ],
    ),
    (
        FieldId::Energy,
        &[
            "综合能耗",
            "能源消费量",
            "总用能量",
            "能耗",
            "综合能源消费量",
            "能源消耗量",
            "综合能源消耗量",
            "用能量",
            "能源消费总量",
            "综合能耗总量",
            "energy",
            "energyconsumption",
            "energyuse",
        ],
    ),
    (
        FieldId::RdExpense,
        &[
            "研发经费支出",
            "研发经费",
            "r&d经费",
            "r&d经费支出",
            "研发投入",
            "研究与试验发展经费支出",
            "研发费用",
            "研发支出",
            "科技活动经费支出",
            "研发",
            "研发投入经费",
            "rdexpense",
            "r&dexpenditure",
            "r&dexpense",
            "r&d",
            "rd",
            "researchanddevelopment",
        ],
    ),
    (
        FieldId::ValueAdded,
        &["工业增加值", "增加值", "valueadded", "industrialvalueadded"],
    ),
    (
        FieldId::Electricity,
        &[
            "用电量",
            "工业用电量",
            "总用电量",
            "年用电量",
            "电量",
            "用电",
            "electricity",
            "electricityuse",
            "electricityconsumption",
            "power",
        ],
    ),
    (
        FieldId::Emissions,
        &[
            "主要污染物排放量",
            "排放量",
            "污染物排放量",
            "主要污染物排放",
            "emissions",
            "pollutantemissions",
        ],
    ),
    (
        FieldId::Veto,
        &[
            "一票否决",
            "一票否决事项",
            "是否一票否决",
            "一票否决情况",
            "否决",
            "重大安全事故",
            "重大环保事故",
            "重大安全/环保/质量事故",
            "重大安全环保质量事故",
            "重大事故",
            "veto",
        ],
    ),
    (
        FieldId::Exempt,
        &[
            "免评",
            "是否免评",
            "免予评价",
            "不参与评价",
            "不参评",
            "新建/投产未满2年",
            "投产未满两年",
            "投产未满2年",
            "建设期",
            "免评原因",
            "exempt",
            "exemption",
        ],
    ),
    (
        FieldId::NewProject,
        &[
            "新落户项目",
            "是否新落户项目",
            "新落户",
            "新引进项目",
            "新项目",
            "是否新落户",
            "newproject",
            "isnewproject",
        ],
    ),
    (
        FieldId::Park,
        &[
            "园区名称",
            "所属园区",
            "园区",
            "所在园区",
            "园区全称",
            "所属园区名称",
            "所在园区名称",
            "park",
            "parkname",
            "industrialpark",
        ],
    ),
];

/// Words that make a column a derived or different figure (亩均, 增长, 排名, 上年 …). A column
/// containing one is only mapped when a synonym contains the same word.
pub const NOT_A_FIELD_CUES: &[&str] = &[
    "亩均",
    "人均",
    "单位能耗",
    "单位电耗",
    "每亩",
    "增长",
    "增速",
    "增幅",
    "同比",
    "环比",
    "占比",
    "比重",
    "比例",
    "排名",
    "排序",
    "得分",
    "分值",
    "评分",
    "评价结果",
    "等级",
    "档次",
    "强度",
    "上年",
    "去年",
    "上期",
    "同期",
    "预计",
    "目标",
    "计划",
    "率",
    "percapita",
    "permu",
    "perunit",
    "growth",
    "ratio",
    "rank",
    "score",
    "share",
    "lastyear",
    "previous",
    "%",
];

/// Synonyms too generic to be looked for *inside* a longer column name (`企业` in `企业规模`,
/// `研发` in `研发人员数`); they still match a column named exactly so.
pub const EXACT_ONLY: &[&str] = &[
    "企业",
    "名称",
    "纳税人",
    "纳税",
    "年",
    "人数",
    "研发",
    "用电",
    "电量",
    "职工",
    "占地",
    "用地",
    "否决",
    "税费",
    "name",
    "company",
    "enterprise",
    "firm",
    "land",
    "sales",
    "tax",
    "rd",
    "r&d",
    "power",
    "staff",
    "energy",
    "year",
    "leading",
    "hightech",
    "industry",
    "园区",
    "park",
];

/// Columns that are never data of any field (serial numbers, remarks).
pub const NEVER_A_FIELD: &[&str] = &[
    "序号", "编号", "备注", "说明", "no", "no.", "#", "序", "排名", "id", "remark", "remarks",
    "note", "notes",
];

/// One synonym, folded for comparison.
#[derive(Debug, Clone)]
pub struct Synonym {
    pub field: FieldId,
    /// As written in the table, for the human reason.
    pub text: &'static str,
    /// As `match_key` folds it.
    pub key: String,
    /// Character count of `key`.
    pub chars: usize,
    /// `key` split into characters (for edit distance).
    pub key_chars: Vec<char>,
    /// Whether the synonym may be found inside a longer column name.
    pub contained: bool,
}

/// Every synonym, folded once per process.
pub fn all() -> &'static [Synonym] {
    static TABLE: OnceLock<Vec<Synonym>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut out = Vec::new();
        for (field, words) in SYNONYMS {
            for text in *words {
                let key = match_key(text);
                let chars = key.chars().count();
                let contained = chars >= 2 && !EXACT_ONLY.contains(&key.as_str());
                let key_chars = key.chars().collect();
                out.push(Synonym {
                    field: *field,
                    text,
                    key,
                    chars,
                    key_chars,
                    contained,
                });
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_label_first() {
        for field in FieldId::ALL {
            let entry = SYNONYMS.iter().find(|(f, _)| *f == field);
            let Some((_, words)) = entry else {
                panic!("no synonyms for {field}")
            };
            assert_eq!(words.first(), Some(&field.label_zh()), "{field}");
        }
    }

    #[test]
    fn no_synonym_belongs_to_two_fields() {
        let table = all();
        for a in table {
            for b in table {
                assert!(
                    a.key != b.key || a.field == b.field,
                    "{} is ambiguous",
                    a.text
                );
            }
        }
    }
}
