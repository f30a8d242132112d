//! The blank input templates users download: an XLSX with notes, drop-downs, one example row
//! and a `园区信息` sheet, and a CSV with the same header and example.
//!
//! Everything is generated from the canonical schema (`FieldId::ALL`, labels, units, kinds) and
//! from [`PARK_FACTS`], so templates cannot drift from what column mapping recognises: each
//! header is the canonical Chinese label with the unit in full-width parentheses
//! (`营业收入（万元）`). Owns only template generation; must not read files.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Note, Workbook, XlsxError,
};

use crate::dataset::{FieldId, FieldKind};

/// Name of the enterprise sheet of the template.
pub const ENTERPRISE_SHEET: &str = "企业数据";
/// Name of the park facts sheet of the template.
pub const PARK_SHEET: &str = "园区信息";
/// Header of the park facts sheet (key / year / value / explanation).
pub const PARK_HEADER: [&str; 4] = ["项目", "年度", "值", "说明"];

/// The header text of a field: `营业收入（万元）`, or the bare label for unitless fields.
pub fn header(field: FieldId) -> String {
    let unit = field.canonical_unit();
    if unit.is_empty() {
        field.label_zh().to_string()
    } else {
        format!("{}（{}）", field.label_zh(), unit)
    }
}

/// How a park fact's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParkFactKind {
    Text,
    /// Several names separated by `；` or `、`.
    List,
    /// 是/否.
    Bool,
    Number,
    /// One of the six 产业领域.
    Domain,
    /// `名称（级别）` entries separated by `；`, level 国家级/省级/市级/其他.
    Platforms,
}

/// One row of the `园区信息` sheet (DOMAIN §1.2).
#[derive(Debug, Clone, Copy)]
pub struct ParkFact {
    /// Stable id, as in the park facts model.
    pub id: &'static str,
    /// The key written in the `项目` column (with the unit in full-width parentheses).
    pub key: &'static str,
    pub kind: ParkFactKind,
    /// Whether the row is given per year (the `年度` column).
    pub by_year: bool,
    /// The explanation in the `说明` column.
    pub note: &'static str,
    /// The example value of the template.
    pub example: &'static str,
}

const fn fact(
    id: &'static str,
    key: &'static str,
    kind: ParkFactKind,
    note: &'static str,
    example: &'static str,
) -> ParkFact {
    ParkFact {
        id,
        key,
        kind,
        by_year: false,
        note,
        example,
    }
}

/// The six 产业领域 of the first-batch list.
pub const DOMAINS: [&str; 6] = [
    "电子信息",
    "装备制造",
    "食品饮料",
    "先进材料",
    "能源化工",
    "数字经济",
];

/// The park facts rows, in template order.
pub const PARK_FACTS: [ParkFact; 23] = [
    fact(
        "park_name",
        "园区名称",
        ParkFactKind::Text,
        "必填。",
        "雅安经济开发区",
    ),
    fact("county", "所在县（区）", ParkFactKind::Text, "", "雨城区"),
    fact(
        "domain",
        "产业领域",
        ParkFactKind::Domain,
        "电子信息、装备制造、食品饮料、先进材料、能源化工、数字经济之一。",
        "先进材料",
    ),
    fact(
        "leading_industry",
        "主导产业",
        ParkFactKind::Text,
        "",
        "锂电材料",
    ),
    fact(
        "key_fields",
        "重点发展领域",
        ParkFactKind::List,
        "2–3 个，用“；”分隔。",
        "锂电正极材料；精密制造",
    ),
    fact(
        "platforms",
        "创新平台",
        ParkFactKind::Platforms,
        "每个写成“名称（国家级/省级/市级/其他）”，用“；”分隔。",
        "四川省锂电材料工程技术研究中心（省级）",
    ),
    fact(
        "new_factory_area",
        "新建标准化厂房面积（平方米）",
        ParkFactKind::Number,
        "",
        "120000",
    ),
    fact(
        "new_multistorey_area",
        "其中多层标准化厂房面积（平方米）",
        ParkFactKind::Number,
        "",
        "40000",
    ),
    fact(
        "operator_model",
        "管委会+运营公司或专业运营机构",
        ParkFactKind::Bool,
        "C6 必备条件。",
        "是",
    ),
    fact(
        "financing_service",
        "融资服务（园保贷/供应链金融）",
        ParkFactKind::Bool,
        "C6。",
        "是",
    ),
    fact(
        "hr_service",
        "人力资源服务",
        ParkFactKind::Bool,
        "C6。",
        "是",
    ),
    fact(
        "living_facilities",
        "生活配套",
        ParkFactKind::Bool,
        "C6。",
        "否",
    ),
    fact(
        "quality_one_stop",
        "质量基础设施一站式服务",
        ParkFactKind::Bool,
        "C6。",
        "是",
    ),
    fact(
        "shared_facilities",
        "标准厂房/孵化器/仓储物流平台",
        ParkFactKind::Bool,
        "C6。",
        "是",
    ),
    fact(
        "chain_map",
        "产业链全景图",
        ParkFactKind::Bool,
        "C7 两图一表。",
        "是",
    ),
    fact(
        "ecosystem_path_map",
        "产业生态发展路径图",
        ParkFactKind::Bool,
        "C7 两图一表。",
        "是",
    ),
    fact(
        "enterprise_directory",
        "重点企业和配套企业名录表",
        ParkFactKind::Bool,
        "C7 两图一表。",
        "是",
    ),
    fact(
        "no_major_incident",
        "近三年无重大安全、环保、用地、质量事故",
        ParkFactKind::Bool,
        "C8。",
        "是",
    ),
    fact(
        "no_two_high_projects",
        "未引进“两高”项目",
        ParkFactKind::Bool,
        "C8。",
        "是",
    ),
    fact(
        "provincial_reward",
        "省级奖励资金（万元）",
        ParkFactKind::Number,
        "",
        "500",
    ),
    ParkFact {
        by_year: true,
        ..fact(
            "warnings",
            "预警",
            ParkFactKind::Bool,
            "往年是否被预警，每年一行，填写“年度”。",
            "否",
        )
    },
    ParkFact {
        by_year: true,
        ..fact(
            "total_revenue",
            "园区营业收入合计（万元）",
            ParkFactKind::Number,
            "仅用于没有企业明细的年度，每年一行。",
            "150000",
        )
    },
    ParkFact {
        by_year: true,
        ..fact(
            "total_land",
            "园区用地面积合计（亩）",
            ParkFactKind::Number,
            "仅用于没有企业明细的年度，每年一行。",
            "635",
        )
    },
];

/// The example enterprise row (DOMAIN §3, 2023), one value per field in `FieldId::ALL` order.
fn example(field: FieldId) -> Example {
    use Example::{Num, Txt};
    match field {
        FieldId::Name => Txt("雅安锂电新材料有限公司（示例，请替换）"),
        FieldId::CreditCode => Txt("91511800MA62543216"),
        FieldId::Year => Num(2023.0),
        FieldId::Industry => Txt("锂离子电池制造"),
        FieldId::Leading => Txt("是"),
        FieldId::HighTech => Txt("否"),
        FieldId::AboveScale => Txt("是"),
        FieldId::LandArea => Num(120.0),
        FieldId::Revenue => Num(86000.0),
        FieldId::LeadingRevenue
        | FieldId::HighTechRevenue
        | FieldId::ValueAdded
        | FieldId::Emissions
        | FieldId::Park => Txt(""),
        FieldId::Tax => Num(3200.0),
        FieldId::Employees => Num(620.0),
        FieldId::Energy => Num(41000.0),
        FieldId::RdExpense => Num(2600.0),
        FieldId::Electricity => Num(9800.0),
        FieldId::Veto | FieldId::Exempt | FieldId::NewProject => Txt("否"),
    }
}

enum Example {
    Num(f64),
    Txt(&'static str),
}

/// The note on a header cell: what the column holds, its unit and the accepted forms.
pub fn column_note(field: FieldId) -> String {
    let unit = field.canonical_unit();
    let specific = match field {
        FieldId::Name => "必填：企业全称。",
        FieldId::CreditCode => "18 位统一社会信用代码（用于跨年度匹配同一企业）。",
        FieldId::Year => "4 位年份，如 2023；整列留空则使用评价年度。",
        FieldId::Industry => "行业名称或国民经济行业代码。",
        FieldId::LeadingRevenue => "可选：填写后优先于“是否主导产业”×营业收入。",
        FieldId::HighTechRevenue => "可选：填写后优先于“是否高新技术企业”×营业收入。",
        FieldId::Tax => "退税可填负数。",
        FieldId::ValueAdded | FieldId::Emissions => "可选（地方指标）。",
        FieldId::Veto => "发生重大安全、环保、质量事故的填“是”或写明原因。",
        FieldId::Exempt => "新建、投产未满 2 年或建设期企业填“是”或写明原因。",
        FieldId::Park => {
            "可选：一张表汇总多个园区的企业时（市级汇总），填写企业所属园区；单个园区的文件留空。"
        }
        _ => "",
    };
    let forms = match field.kind() {
        FieldKind::Text | FieldKind::Year => String::new(),
        FieldKind::Bool => "填“是”或“否”（也接受 Y/N、√/×、1/0）。".to_string(),
        FieldKind::FlagText => "填“是”/“否”，或直接写明原因；非空文字视为“是”。".to_string(),
        FieldKind::Money => format!(
            "单位：{unit}。可填 86000 或 86,000；单元格自带“万”“亿”（如 1.2亿）时按单元格换算。用元、千元、亿元时请把表头括号改成相应单位，如“{}（元）”。",
            field.label_zh()
        ),
        FieldKind::Area => format!(
            "单位：{unit}。用平方米或公顷时请把表头改为“{}（平方米）”或“（公顷）”。",
            field.label_zh()
        ),
        FieldKind::Count => format!("单位：{unit}，填整数。"),
        FieldKind::Energy => {
            format!("单位：{unit}。用千克标准煤或万吨标准煤时请在表头括号中注明。")
        }
        FieldKind::Electricity => format!(
            "单位：{unit}。用千瓦时（度）时请把表头改为“{}（千瓦时）”。",
            field.label_zh()
        ),
        FieldKind::Mass => format!("单位：{unit}。"),
    };
    let en = if unit.is_empty() {
        field.label_en().to_string()
    } else {
        format!("{} ({unit})", field.label_en())
    };
    format!("{specific}{forms}\n{en}").trim_start().to_string()
}

/// The XLSX template. Generation uses only constants; should rust_xlsxwriter ever fail, the
/// result is empty (a unit test guards that it is not).
pub fn template_xlsx() -> Vec<u8> {
    build_xlsx().unwrap_or_default()
}

fn build_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    let yes_no = DataValidation::new()
        .allow_list_strings(&["是", "否"])?
        .set_error_style(DataValidationErrorStyle::Warning);
    let yes_no_or_reason = DataValidation::new()
        .allow_list_strings(&["是", "否"])?
        .set_error_style(DataValidationErrorStyle::Information);
    let last_row = 5_000;

    let sheet = workbook.add_worksheet();
    sheet.set_name(ENTERPRISE_SHEET)?;
    for (i, field) in FieldId::ALL.into_iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, header(field), &bold)?;
        sheet.insert_note(
            0,
            col,
            &Note::new(column_note(field)).set_width(320).set_height(140),
        )?;
        sheet.set_column_width(col, if field == FieldId::Name { 30 } else { 14 })?;
        match field.kind() {
            FieldKind::Bool => {
                sheet.add_data_validation(1, col, last_row, col, &yes_no)?;
            }
            FieldKind::FlagText => {
                sheet.add_data_validation(1, col, last_row, col, &yes_no_or_reason)?;
            }
            _ => {}
        }
        match example(field) {
            Example::Num(n) => sheet.write_number(1, col, n)?,
            Example::Txt("") => sheet,
            Example::Txt(t) => sheet.write_string(1, col, t)?,
        };
    }
    sheet.set_freeze_panes(1, 1)?;

    let park = workbook.add_worksheet();
    park.set_name(PARK_SHEET)?;
    for (col, title) in PARK_HEADER.iter().enumerate() {
        park.write_string_with_format(0, u16::try_from(col).unwrap_or(u16::MAX), *title, &bold)?;
    }
    park.set_column_width(0, 36)?;
    park.set_column_width(1, 8)?;
    park.set_column_width(2, 36)?;
    park.set_column_width(3, 48)?;
    let domains = DataValidation::new().allow_list_strings(&DOMAINS)?;
    let mut row: u32 = 1;
    for f in PARK_FACTS {
        let years: &[u16] = if f.by_year { &[2021, 2022] } else { &[0] };
        for year in years {
            park.write_string(row, 0, f.key)?;
            if *year > 0 {
                park.write_number(row, 1, f64::from(*year))?;
            }
            match f.kind {
                ParkFactKind::Number => {
                    park.write_number(row, 2, f.example.parse::<f64>().unwrap_or(0.0))?
                }
                _ => park.write_string(row, 2, f.example)?,
            };
            match f.kind {
                ParkFactKind::Bool => {
                    park.add_data_validation(row, 2, row, 2, &yes_no)?;
                }
                ParkFactKind::Domain => {
                    park.add_data_validation(row, 2, row, 2, &domains)?;
                }
                _ => {}
            }
            if !f.note.is_empty() {
                park.write_string(row, 3, f.note)?;
            }
            row += 1;
        }
    }
    park.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// The CSV template: UTF-8 with BOM (so Excel shows Chinese correctly), CRLF line ends, the
/// header row and the example row.
pub fn template_csv() -> Vec<u8> {
    let header: Vec<String> = FieldId::ALL.into_iter().map(header).collect();
    let example: Vec<String> = FieldId::ALL
        .into_iter()
        .map(|f| match example(f) {
            Example::Num(n) => format!("{n}"),
            Example::Txt(t) => t.to_string(),
        })
        .collect();
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    for line in [header, example] {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.extend_from_slice(fields.join(",").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
