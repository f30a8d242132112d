//! The sample workbook behind the app's "用示例数据试一试" button: the DOMAIN.md §3 worked
//! example (10 enterprises × 2021–2023) laid out as a park would export it — one sheet per year
//! with a title row, a `填报单位`/`金额单位：万元` preamble, units in the headers, a total row and
//! a footnote — plus a `园区信息` key/value sheet.
//!
//! Pure data; depends only on the raw grid types.

use super::raw::{MergedRange, RawCell, RawSheet, RawWorkbook, SourceFormat};

/// One enterprise of the worked example, with its 2023 figures.
struct Enterprise {
    name: &'static str,
    code: &'static str,
    leading: bool,
    high_tech: bool,
    land: f64,
    revenue: f64,
    tax: f64,
    employees: f64,
    energy: f64,
    rd: f64,
}

const fn e(
    name: &'static str,
    code: &'static str,
    leading: bool,
    high_tech: bool,
    figures: [f64; 6],
) -> Enterprise {
    let [land, revenue, tax, employees, energy, rd] = figures;
    Enterprise {
        name,
        code,
        leading,
        high_tech,
        land,
        revenue,
        tax,
        employees,
        energy,
        rd,
    }
}

/// DOMAIN.md §3, 2023 values: land 亩, revenue 万元, tax 万元, employees, energy tce, R&D 万元.
const ENTERPRISES: [Enterprise; 10] = [
    e(
        "雅安锂电新材料有限公司",
        "91511803MA62K7LD3M",
        true,
        false,
        [120.0, 86000.0, 3200.0, 620.0, 41000.0, 2600.0],
    ),
    e(
        "川西精密制造有限公司",
        "91511802MA62P4QX87",
        true,
        true,
        [45.0, 21000.0, 980.0, 310.0, 5200.0, 900.0],
    ),
    e(
        "雨城铝材科技有限公司",
        "91511802MA6BTC4Y19",
        true,
        false,
        [80.0, 30500.0, 610.0, 280.0, 52000.0, 150.0],
    ),
    e(
        "荥经建材有限公司",
        "91511822MA62H9FN58",
        false,
        false,
        [60.0, 9800.0, 260.0, 150.0, 14000.0, 20.0],
    ),
    e(
        "蒙顶山食品有限公司",
        "91511803MA6AWE2R75",
        false,
        false,
        [30.0, 6200.0, 410.0, 190.0, 1800.0, 60.0],
    ),
    e(
        "名山数据服务有限公司",
        "91511803MA64J8GK2N",
        true,
        true,
        [25.0, 12800.0, 720.0, 140.0, 3900.0, 840.0],
    ),
    e(
        "芦山纺织有限公司",
        "91511826MA62Y3PT0D",
        false,
        false,
        [40.0, 4300.0, 95.0, 260.0, 2100.0, 0.0],
    ),
    e(
        "天全新能源科技有限公司",
        "91511825MA6DCU5H9R",
        true,
        false,
        [50.0, 0.0, 0.0, 35.0, 0.0, 0.0],
    ),
    e(
        "汉源硅业有限公司",
        "91511823MA62N6XW4A",
        true,
        false,
        [150.0, 15000.0, 300.0, 200.0, 90000.0, 30.0],
    ),
    e(
        "宝兴石材有限公司",
        "91511827MA62R0EM6R",
        false,
        false,
        [35.0, 2100.0, 70.0, 60.0, 900.0, 0.0],
    ),
];

/// Revenue and tax as a share of 2023 (DOMAIN §3).
const YEARS: [(i32, f64, f64); 3] = [(2021, 0.80, 0.85), (2022, 0.90, 0.92), (2023, 1.00, 1.00)];

/// 汉源硅业's 2021 tax (an exception in DOMAIN §3).
const HANYUAN_TAX_2021: f64 = 900.0;

const PARK_NAME: &str = "雅安经济技术开发区";

const HEADERS: [&str; 14] = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "是否主导产业",
    "是否高新技术企业",
    "是否规上企业",
    "用地面积（亩）",
    "营业收入",
    "实缴税金",
    "年平均职工人数（人）",
    "综合能耗（吨标准煤）",
    "研发经费支出",
    "一票否决",
    "免评",
];

fn text(s: &str) -> RawCell {
    RawCell::Text(s.to_string())
}

fn yes_no(b: bool) -> RawCell {
    text(if b { "是" } else { "否" })
}

/// A figure as typed into the sheet: rounded to the cent, as a statistics clerk would.
fn typed(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn year_sheet(year: i32, revenue_share: f64, tax_share: f64) -> RawSheet {
    let width = HEADERS.len() as u32;
    let mut rows = vec![
        vec![text(&format!(
            "{year}年度{PARK_NAME}工业企业亩均效益评价数据表"
        ))],
        {
            let mut r = vec![text(&format!("填报单位：{PARK_NAME}管委会（盖章）"))];
            r.resize(10, RawCell::Empty);
            r.push(text("金额单位：万元"));
            r
        },
        HEADERS.iter().map(|h| text(h)).collect(),
    ];
    let mut totals = [0.0f64; 6];
    for (i, ent) in ENTERPRISES.iter().enumerate() {
        let revenue = typed(ent.revenue * revenue_share);
        let tax = if year == 2021 && ent.name.starts_with("汉源硅业") {
            HANYUAN_TAX_2021
        } else {
            typed(ent.tax * tax_share)
        };
        let veto = if year == 2023 && ent.name.starts_with("芦山纺织") {
            text("2023年发生重大环保事故")
        } else {
            text("否")
        };
        let exempt = if ent.name.starts_with("天全新能源") {
            text("建设期，投产未满2年")
        } else {
            text("否")
        };
        let figures = [ent.land, revenue, tax, ent.employees, ent.energy, ent.rd];
        for (t, v) in totals.iter_mut().zip(figures) {
            *t += v;
        }
        let mut row = vec![
            RawCell::Number((i + 1) as f64),
            text(ent.name),
            text(ent.code),
            yes_no(ent.leading),
            yes_no(ent.high_tech),
            yes_no(true),
        ];
        row.extend(figures.iter().map(|v| RawCell::Number(*v)));
        row.push(veto);
        row.push(exempt);
        rows.push(row);
    }
    let mut total_row = vec![
        RawCell::Empty,
        text("合计"),
        RawCell::Empty,
        RawCell::Empty,
        RawCell::Empty,
        RawCell::Empty,
    ];
    total_row.extend(totals.iter().map(|v| RawCell::Number(typed(*v))));
    rows.push(total_row);
    rows.push(vec![text(
        "注：营业收入、实缴税金来源于园区统计台账和税务部门数据。",
    )]);
    RawSheet {
        name: format!("{year}年"),
        rows,
        merged: vec![MergedRange {
            first_row: 0,
            first_col: 0,
            last_row: 0,
            last_col: width - 1,
        }],
    }
}

fn park_sheet() -> RawSheet {
    let pairs: [(&str, &str); 19] = [
        ("项目", "内容"),
        ("园区名称", PARK_NAME),
        ("所在县（区）", "名山区"),
        ("产业领域", "先进材料"),
        ("主导产业", "锂电及先进材料"),
        ("重点发展领域", "锂电材料、硅基新材料"),
        (
            "创新平台",
            "四川省锂电材料工程技术研究中心（省级）；雅安市精密制造企业技术中心（市级）",
        ),
        ("新建标准化厂房面积（平方米）", "40000"),
        ("其中：多层标准化厂房面积（平方米）", "14000"),
        ("管委会+运营公司或专业运营机构", "是"),
        ("融资服务（园保贷/供应链金融）", "是"),
        ("人力资源服务", "是"),
        ("生活配套", "是"),
        ("质量基础设施一站式服务", "是"),
        ("标准厂房/孵化器/仓储物流平台", "是"),
        ("产业链全景图", "是"),
        ("产业生态发展路径图", "是"),
        ("重点企业和配套企业名录表", "是"),
        ("近三年无重大安全、环保、用地、质量事故", "是"),
    ];
    let mut rows: Vec<Vec<RawCell>> = pairs
        .iter()
        .map(|(k, v)| {
            let value = match v.parse::<f64>() {
                Ok(n) => RawCell::Number(n),
                Err(_) => text(v),
            };
            vec![text(k), value]
        })
        .collect();
    rows.push(vec![text("未引进“两高”项目"), text("是")]);
    RawSheet {
        name: "园区信息".to_string(),
        rows,
        merged: Vec::new(),
    }
}

/// The worked example of DOMAIN.md §3 as a workbook: sheets `2021年`, `2022年`, `2023年` and
/// `园区信息`.
pub fn sample_workbook() -> RawWorkbook {
    let mut sheets: Vec<RawSheet> = YEARS.iter().map(|&(y, r, t)| year_sheet(y, r, t)).collect();
    sheets.push(park_sheet());
    RawWorkbook {
        format: SourceFormat::Xlsx,
        encoding: None,
        date_1904: false,
        sheets,
    }
}
