//! Benchmark of the rules engine: both built-in packs over synthetic datasets of 10,000 and
//! 100,000 enterprises × 3 years (targets: ≤ 10 ms and ≤ 100 ms natively). Packs are compiled
//! once; the figure is the median of several evaluations. Run: `cargo bench --bench rules`.

mod support;

use std::time::{Duration, Instant};

use parkcheck::rules::{CompiledPack, builtin_compiled, evaluate};
use parkcheck::{Dataset, FieldId};
use support::cpu::median_times;
use support::random::{Rng, enterprise};

fn dataset(enterprises: usize) -> Dataset {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rows = Vec::with_capacity(enterprises * 3);
    for year in [2021, 2022, 2023] {
        for i in 0..enterprises {
            rows.push(enterprise(
                &mut rng,
                format!("企业{i:06}"),
                format!("91511800{i:010}"),
                year,
                1.0,
            ));
        }
    }
    Dataset {
        enterprises: rows,
        fields_present: FieldId::ALL.into_iter().collect(),
        ..Dataset::default()
    }
}

/// Median wall time and median thread CPU time.
fn measure(packs: &[&CompiledPack], ds: &Dataset, runs: usize) -> (Duration, Duration) {
    median_times(runs, || (), |()| evaluate(packs, ds, None, &[]))
}

fn main() {
    let start = Instant::now();
    let packs = builtin_compiled();
    println!("compile both built-in packs: {:?}", start.elapsed());
    let refs: Vec<&CompiledPack> = packs.iter().collect();
    for (n, target_ms, runs) in [(10_000usize, 10.0, 21), (100_000, 100.0, 7)] {
        let ds = dataset(n);
        let (wall, cpu) = measure(&refs, &ds, runs);
        let ms = cpu.as_secs_f64() * 1000.0;
        println!(
            "evaluate {n:>7} enterprises × 3 years: median cpu {ms:8.2} ms, wall {:8.2} ms (target ≤ {target_ms} ms) {}",
            wall.as_secs_f64() * 1000.0,
            if ms <= target_ms { "ok" } else { "OVER" }
        );
    }
}
