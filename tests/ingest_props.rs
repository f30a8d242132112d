//! Properties of `interpret` over arbitrary grids: it never panics, every row it reads points
//! back into the sheet, and every diagnostic speaks both languages. Also a size check: 10,000
//! rows × 20 columns are read completely.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use parkcheck::ingest::raw::{MergedRange, RawCell, RawSheet, RawWorkbook, SourceFormat};
use parkcheck::ingest::{IngestOptions, interpret};
use proptest::prelude::*;

/// Cells drawn from what real exports contain: header words, numbers in many forms, yes/no,
/// placeholders, errors, dates, and random text.
fn cell() -> impl Strategy<Value = RawCell> {
    prop_oneof![
        Just(RawCell::Empty),
        prop::sample::select(vec![
            "企业名称",
            "营业收入",
            "税收",
            "用地面积（平方米）",
            "年度",
            "经济指标（元）",
            "合计",
            "单位：万元",
            "是",
            "否",
            "√",
            "—",
            "#DIV/0!",
            "1 234,5",
            "12.3万",
            "1.2亿",
            "12.5%",
            "１２３",
            "2023年",
            "统一社会信用代码",
            "91511800MA62U0001G",
            "注：",
            "序号",
            "(1,200)",
            "一票否决",
            "园区名称",
            "创新平台",
            "2022年预警",
            "亩均税收",
            "1,234.5",
            "",
        ])
        .prop_map(|s| RawCell::Text(s.to_string())),
        any::<f64>().prop_map(RawCell::Number),
        (-1e7f64..1e7).prop_map(RawCell::Number),
        any::<f64>().prop_map(RawCell::DateSerial),
        any::<bool>().prop_map(RawCell::Bool),
        ".{0,12}".prop_map(RawCell::Text),
        "#[A-Z/0!?]{1,6}".prop_map(RawCell::Error),
    ]
}

fn sheet() -> impl Strategy<Value = RawSheet> {
    (
        ".{0,8}",
        prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..14),
        prop::collection::vec((0u32..20, 0u32..10, 0u32..20, 0u32..10), 0..4),
    )
        .prop_map(|(name, rows, merges)| RawSheet {
            name,
            rows,
            // Arbitrary, possibly inverted or out-of-range merges.
            merged: merges
                .into_iter()
                .map(|(first_row, first_col, last_row, last_col)| MergedRange {
                    first_row,
                    first_col,
                    last_row,
                    last_col,
                })
                .collect(),
        })
}

fn options() -> impl Strategy<Value = IngestOptions> {
    (
        prop::option::of(1900i32..2200),
        prop::option::of(0u32..20),
        prop::option::of(0u32..20),
    )
        .prop_map(|(year, first, last)| IngestOptions {
            default_year: year,
            header_rows: match (first, last) {
                (Some(first), Some(last)) => {
                    vec![parkcheck::ingest::HeaderRows {
                        sheet: String::new(),
                        first,
                        last,
                    }]
                }
                _ => Vec::new(),
            },
            ..IngestOptions::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn interpret_never_panics(
        sheets in prop::collection::vec(sheet(), 0..4),
        date_1904 in any::<bool>(),
        options in options(),
    ) {
        let wb = RawWorkbook { format: SourceFormat::Csv, encoding: Some("UTF-8".into()), date_1904, sheets };
        let out = interpret(&wb, &options);
        for r in &out.dataset.enterprises {
            let src = r.source.as_ref().expect("rows read from a sheet say where from");
            let sheet = wb.sheets.iter().find(|s| s.name == src.sheet).expect("the row's sheet");
            prop_assert!(src.row >= 1 && (src.row as usize) <= sheet.rows.len());
            for v in [r.land_area, r.revenue, r.tax, r.employees, r.energy, r.rd_expense].into_iter().flatten() {
                prop_assert!(v.is_finite());
            }
        }
        for d in &out.diagnostics {
            prop_assert!(!d.code.is_empty() && !d.message.zh.is_empty() && !d.message.en.is_empty());
        }
        // The report round-trips as plain data.
        let json = serde_json::to_string(&out.report).expect("serialisable report");
        let back: parkcheck::ingest::IngestReport = serde_json::from_str(&json).expect("deserialisable report");
        prop_assert_eq!(back.sheets.len(), out.report.sheets.len());
    }
}

#[test]
fn ten_thousand_rows_are_read_completely() {
    let headers = [
        "序号",
        "企业名称",
        "统一社会信用代码",
        "年度",
        "所属行业",
        "是否主导产业",
        "是否高新技术企业",
        "是否规上",
        "用地面积（平方米）",
        "营业收入（元）",
        "实缴税金（万元）",
        "年平均职工人数",
        "综合能耗（吨标准煤）",
        "研发经费支出（万元）",
        "工业增加值（万元）",
        "用电量（千瓦时）",
        "主要污染物排放量（吨）",
        "一票否决",
        "免评",
        "新落户项目",
    ];
    let mut rows = vec![
        vec![RawCell::Text("2023年度XX园区企业亩均效益统计表".into())],
        headers.iter().map(|h| RawCell::Text((*h).into())).collect(),
    ];
    for i in 0..10_000 {
        rows.push(vec![
            RawCell::Number(i as f64 + 1.0),
            RawCell::Text(format!("企业{i}有限公司")),
            RawCell::Empty,
            RawCell::Text(format!("{}年", 2021 + i % 3)),
            RawCell::Text("制造业".into()),
            RawCell::Text(if i % 2 == 0 { "是" } else { "否" }.into()),
            RawCell::Text("否".into()),
            RawCell::Text("是".into()),
            RawCell::Text(format!("{},{:03}", 10 + i % 50, i % 1000)),
            RawCell::Number(1.0e7 + i as f64),
            RawCell::Text(format!("{}", 100 + i % 7)),
            RawCell::Number(50.0),
            RawCell::Number(300.5),
            RawCell::Text("12.5".into()),
            RawCell::Number(800.0),
            RawCell::Number(1_200_000.0),
            RawCell::Number(3.0),
            RawCell::Text("否".into()),
            RawCell::Empty,
            RawCell::Text("N".into()),
        ]);
    }
    let wb = RawWorkbook {
        format: SourceFormat::Csv,
        encoding: None,
        date_1904: false,
        sheets: vec![RawSheet {
            name: "Sheet1".into(),
            rows,
            merged: Vec::new(),
        }],
    };
    let start = Instant::now();
    let out = interpret(&wb, &IngestOptions::default());
    let elapsed = start.elapsed();
    println!("10,000 rows × 20 columns: {elapsed:?}");
    assert_eq!(out.dataset.enterprises.len(), 10_000);
    assert_eq!(out.dataset.fields_present.len(), 19);
    let errors: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity == parkcheck::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let first = &out.dataset.enterprises[0];
    assert_eq!(first.year, 2021);
    assert_eq!(first.revenue, Some(1000.0));
    assert_eq!(first.electricity, Some(120.0));
    assert!((first.land_area.unwrap_or_default() - 15.0).abs() < 1e-9);
}
