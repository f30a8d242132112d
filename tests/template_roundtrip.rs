//! The blank input templates read back without a single problem: the XLSX as generated (with its
//! example row and 园区信息 sheet) and the CSV filled with more rows the way a user would.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use parkcheck::diagnostic::{Diagnostic, Severity};
use parkcheck::ingest::{self, IngestOptions, SourceOptions, template};

fn problems(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info || d.code != "source.encoding")
        .map(|d| {
            format!(
                "{:?} {} {} {}",
                d.severity,
                d.code,
                d.location.describe_zh(),
                d.message.zh
            )
        })
        .collect()
}

#[test]
fn the_xlsx_template_reads_back_with_zero_diagnostics() {
    let bytes = template::template_xlsx();
    let ingested = ingest::load(
        &bytes,
        "模板.xlsx",
        &SourceOptions::default(),
        &IngestOptions::default(),
    )
    .expect("the template is a readable workbook");
    assert_eq!(problems(&ingested.diagnostics), Vec::<String>::new());
    assert!(
        ingested.diagnostics.is_empty(),
        "{:?}",
        ingested.diagnostics
    );
    assert_eq!(ingested.dataset.enterprises.len(), 1, "the example row");
    let row = &ingested.dataset.enterprises[0];
    assert!(row.revenue.is_some() && row.land_area.is_some() && row.tax.is_some());
}

#[test]
fn the_csv_template_filled_with_rows_reads_back_with_zero_problems() {
    let mut text = String::from_utf8(template::template_csv()).expect("utf-8 template");
    let header_columns = text
        .lines()
        .next()
        .map(|l| l.split(',').count())
        .unwrap_or(0);
    for (i, (name, code)) in [
        ("甲科技有限公司", ""),
        ("乙材料有限公司", ""),
        ("丙食品有限公司", ""),
    ]
    .iter()
    .enumerate()
    {
        // name, credit code, year, industry, leading, high-tech, above-scale, land, revenue, …
        let mut cells = vec![
            name.to_string(),
            code.to_string(),
            "2023".into(),
            "制造业".into(),
            "是".into(),
            if i == 0 { "是" } else { "否" }.into(),
            "是".into(),
            format!("{}", 20 + i * 10),
            format!("{}", 5000 + i * 1000),
        ];
        cells.resize(header_columns, String::new());
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let ingested = ingest::load(
        text.as_bytes(),
        "模板.csv",
        &SourceOptions::default(),
        &IngestOptions::default(),
    )
    .expect("the filled template is readable");
    assert_eq!(problems(&ingested.diagnostics), Vec::<String>::new());
    assert_eq!(
        ingested.dataset.enterprises.len(),
        4,
        "example row plus three filled rows"
    );
    assert_eq!(ingested.dataset.enterprises[2].revenue, Some(6000.0));
}
