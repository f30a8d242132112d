//! Shared by the bench harnesses: a generated enterprise table with the template's first 20
//! canonical columns (`企业名称`, `营业收入（万元）`, …), as XLSX or CSV, that the app and the CLI
//! accept as it is.
//!
//! Each harness uses part of it, hence the `allow`.
#![allow(dead_code)]

pub mod cpu;
pub mod random;

use parkcheck::dataset::{FieldId, FieldKind};
use parkcheck::ingest::template;
use rust_xlsxwriter::Workbook;

/// Twenty canonical columns with the template's headers.
pub fn fields() -> Vec<FieldId> {
    FieldId::ALL.into_iter().take(20).collect()
}

/// A plausible cell, as text or number.
enum Cell {
    Text(String),
    Number(f64),
}

/// The cell for `field` in data row `row` (1-based). The rows cycle through `years`: row r is
/// enterprise ⌈r / years.len()⌉ in year `years[(r − 1) % years.len()]`, so every enterprise
/// appears once per year (with one year, row r is enterprise r). Names, industries and flags
/// follow the enterprise; amounts follow the row, so they change from year to year.
fn cell(field: FieldId, row: u32, years: &[i32]) -> Cell {
    let r = f64::from(row);
    let per_year = years.len().max(1) as u32;
    let enterprise = (row - 1) / per_year + 1;
    match field.kind() {
        FieldKind::Text if field == FieldId::Name => {
            Cell::Text(format!("雅安测试企业{enterprise}有限公司"))
        }
        // Codes must be unique per enterprise (shared codes are duplicates); leave them blank.
        FieldKind::Text if field == FieldId::CreditCode => Cell::Text(String::new()),
        FieldKind::Text => Cell::Text(format!("行业{}", enterprise % 17)),
        FieldKind::Year => Cell::Number(f64::from(
            years
                .get(((row - 1) % per_year) as usize)
                .copied()
                .unwrap_or(2023),
        )),
        FieldKind::Bool => Cell::Text(
            if enterprise.is_multiple_of(3) {
                "是"
            } else {
                "否"
            }
            .into(),
        ),
        FieldKind::FlagText => Cell::Text(String::new()),
        FieldKind::Area => Cell::Number(10.0 + (r % 200.0)),
        FieldKind::Count => Cell::Number(20.0 + (r % 900.0)),
        _ => Cell::Number(100.0 + (r * 7.3) % 50_000.0),
    }
}

/// `rows` data rows under one header row, in one sheet, as XLSX bytes.
pub fn xlsx(rows: u32, years: &[i32]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, field) in fields().into_iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string(0, col, template::header(field))
            .expect("header");
        for row in 1..=rows {
            match cell(field, row, years) {
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) => {
                    sheet.write_string(row, col, t).expect("text");
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, n).expect("number");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

/// The same table as CSV (UTF-8, CRLF).
pub fn csv(rows: u32, years: &[i32]) -> Vec<u8> {
    let fields = fields();
    let mut out = String::new();
    let headers: Vec<String> = fields.iter().map(|f| template::header(*f)).collect();
    out.push_str(&headers.join(","));
    out.push_str("\r\n");
    for row in 1..=rows {
        let cells: Vec<String> = fields
            .iter()
            .map(|f| match cell(*f, row, years) {
                Cell::Text(t) => t,
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}
