//! Times `read_source` on a generated 10,000-row × 20-column table, as XLSX and as CSV.
//!
//! Run with `cargo bench --bench ingest`. Prints min and median milliseconds over several
//! iterations. Targets for the full read + map are XLSX ≤ 150 ms and CSV ≤ 50 ms (in wasm);
//! the format readers measured here should take well under that natively.

use std::time::Instant;

use parkcheck::ingest::source::{SourceOptions, read_source};
use rust_xlsxwriter::Workbook;

const ROWS: u32 = 10_000;
const COLUMNS: u16 = 20;
const ITERATIONS: usize = 15;

fn header(col: u16) -> String {
    format!("指标{col}（万元）")
}

/// Column 0 is an enterprise name, the rest are numbers with a fractional part.
fn value(row: u32, col: u16) -> f64 {
    f64::from(row) * 1.5 + f64::from(col) * 0.25
}

fn xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for col in 0..COLUMNS {
        sheet.write_string(0, col, header(col)).expect("header");
    }
    for row in 1..=ROWS {
        sheet
            .write_string(row, 0, format!("雅安测试企业{row}有限公司"))
            .expect("name");
        for col in 1..COLUMNS {
            sheet
                .write_number(row, col, value(row, col))
                .expect("number");
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

fn csv() -> Vec<u8> {
    let mut out = String::new();
    let headers: Vec<String> = (0..COLUMNS).map(header).collect();
    out.push_str(&headers.join(","));
    out.push_str("\r\n");
    for row in 1..=ROWS {
        out.push_str(&format!("雅安测试企业{row}有限公司"));
        for col in 1..COLUMNS {
            out.push_str(&format!(",{}", value(row, col)));
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn time(label: &str, bytes: &[u8], name: &str) {
    let options = SourceOptions::default();
    let mut times = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let started = Instant::now();
        let (workbook, diagnostics) = read_source(bytes, name, &options);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let workbook = workbook.unwrap_or_else(|| panic!("{label}: {diagnostics:?}"));
        assert_eq!(workbook.sheets[0].rows.len(), ROWS as usize + 1);
        times.push(elapsed);
    }
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{label:<5} {:>6.1} MB  {ROWS} rows × {COLUMNS} columns  min {min:>7.1} ms  median {median:>7.1} ms",
        bytes.len() as f64 / 1_048_576.0
    );
}

fn main() {
    let xlsx = xlsx();
    let csv = csv();
    time("xlsx", &xlsx, "bench.xlsx");
    time("csv", &csv, "bench.csv");
}
