//! Times ingest on a generated 10,000-row × 20-column enterprise table, as XLSX and as CSV:
//! reading alone (`read_source`) and reading plus header detection, column mapping, cell parsing
//! and validation (`ingest::load`, what the app and the CLI call).
//!
//! Run with `cargo bench --bench ingest`. Prints min and median milliseconds over several
//! iterations. Targets for read + map natively: XLSX ≤ 150 ms, CSV ≤ 50 ms.

mod support;

use std::time::Instant;

use parkcheck::ingest::source::{SourceOptions, read_source};
use parkcheck::ingest::{self, IngestOptions};

const ROWS: u32 = 10_000;
const ITERATIONS: usize = 15;

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
    // One year: 10,000 enterprises.
    bench("xlsx", &support::xlsx(ROWS, &[2023]), "bench.xlsx");
    bench("csv", &support::csv(ROWS, &[2023]), "bench.csv");
}
