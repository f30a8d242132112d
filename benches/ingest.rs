//! Times ingest on a generated 10,000-row × 20-column enterprise table, as XLSX and as CSV:
//! reading alone (`read_source`) and reading plus header detection, column mapping, cell parsing
//! and validation (`ingest::load`, what the app and the CLI call).
//!
//! Run with `cargo bench --bench ingest`. Prints min and median milliseconds over several
//! iterations. Targets for read + map natively: XLSX ≤ 150 ms, CSV ≤ 50 ms.

use std::time::Instant;

use parkcheck::dataset::{FieldId, FieldKind};
use parkcheck::ingest::source::{SourceOptions, read_source};
use parkcheck::ingest::{self, IngestOptions, template};
use rust_xlsxwriter::Workbook;

const ROWS: u32 = 10_000;
const ITERATIONS: usize = 15;

/// Twenty canonical columns with the template's headers (`营业收入（万元）`, …).
fn fields() -> Vec<FieldId> {
    FieldId::ALL.into_iter().take(20).collect()
}

/// A plausible cell for `field` in data row `row` (1-based), as text or number.
enum Cell {
    Text(String),
    Number(f64),
}

fn cell(field: FieldId, row: u32) -> Cell {
    let r = f64::from(row);
    match field.kind() {
        FieldKind::Text if field == FieldId::Name => {
            Cell::Text(format!("雅安测试企业{row}有限公司"))
        }
        // Codes must be unique per enterprise (shared codes are duplicates); leave them blank.
        FieldKind::Text if field == FieldId::CreditCode => Cell::Text(String::new()),
        FieldKind::Text => Cell::Text(format!("行业{}", row % 17)),
        FieldKind::Year => Cell::Number(2023.0),
        FieldKind::Bool => Cell::Text(if row.is_multiple_of(3) { "是" } else { "否" }.into()),
        FieldKind::FlagText => Cell::Text(String::new()),
        FieldKind::Area => Cell::Number(10.0 + (r % 200.0)),
        FieldKind::Count => Cell::Number(20.0 + (r % 900.0)),
        _ => Cell::Number(100.0 + (r * 7.3) % 50_000.0),
    }
}

fn xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, field) in fields().into_iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string(0, col, template::header(field))
            .expect("header");
        for row in 1..=ROWS {
            match cell(field, row) {
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

fn csv() -> Vec<u8> {
    let fields = fields();
    let mut out = String::new();
    let headers: Vec<String> = fields.iter().map(|f| template::header(*f)).collect();
    out.push_str(&headers.join(","));
    out.push_str("\r\n");
    for row in 1..=ROWS {
        let cells: Vec<String> = fields
            .iter()
            .map(|f| match cell(*f, row) {
                Cell::Text(t) => t,
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn report(label: &str, bytes: &[u8], mut run: impl FnMut() -> usize) {
    let mut times = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let started = Instant::now();
        let rows = run();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(rows >= ROWS as usize, "{label}: only {rows} rows read");
    }
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{label:<16} {:>5.1} MB  {ROWS} rows × 20 columns  min {min:>7.1} ms  median {median:>7.1} ms",
        bytes.len() as f64 / 1_048_576.0
    );
}

fn bench(format: &str, bytes: &[u8], name: &str) {
    let source = SourceOptions::default();
    let options = IngestOptions::default();
    report(&format!("{format} read"), bytes, || {
        let (workbook, diagnostics) = read_source(bytes, name, &source);
        let workbook = workbook.unwrap_or_else(|| panic!("{format}: {diagnostics:?}"));
        workbook.sheets[0].rows.len()
    });
    report(&format!("{format} read+map"), bytes, || {
        let ingested = ingest::load(bytes, name, &source, &options)
            .unwrap_or_else(|d| panic!("{format}: {d:?}"));
        ingested.dataset.enterprises.len()
    });
}

fn main() {
    bench("xlsx", &xlsx(), "bench.xlsx");
    bench("csv", &csv(), "bench.csv");
}
