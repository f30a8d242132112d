//! Benchmark of the city view: 20 parks × 500 enterprises × 3 years (30,000 rows) through
//! `City::evaluate` — every park's standards and 亩均 evaluation, the dashboard, and the city
//! ranking, per park and with city-wide benchmarks. The browser target is ≤ 1 s; the native
//! figure printed here is the median of several runs. Run: `cargo bench --bench city`.

mod support;

use parkcheck::city::{BenchmarkScope, City, CityOptions, ParkInput};
use parkcheck::dataset::{Checklist, ParkFacts, Platform, PlatformLevel};
use parkcheck::{Dataset, FieldId};
use support::cpu::median_times;
use support::random::{Rng, enterprise};

const PARKS: usize = 20;
const ENTERPRISES: usize = 500;

fn park(p: usize, rng: &mut Rng) -> ParkInput {
    let mut rows = Vec::with_capacity(ENTERPRISES * 3);
    for (k, year) in [2021, 2022, 2023].into_iter().enumerate() {
        let growth = 1.0 + 0.05 * k as f64;
        for i in 0..ENTERPRISES {
            rows.push(enterprise(
                rng,
                format!("园区{p:02}企业{i:04}"),
                format!("9151{p:02}00{i:010}"),
                year,
                growth,
            ));
        }
    }
    let yes = Some(true);
    let facts = ParkFacts {
        park_name: format!("园区{p:02}"),
        key_fields: vec!["甲".into(), "乙".into()],
        platforms: vec![Platform {
            name: "平台".into(),
            level: PlatformLevel::Provincial,
        }],
        new_factory_area: Some(100_000.0),
        new_multistorey_area: Some(20_000.0 + rng.next() * 30_000.0),
        checklist: Checklist {
            operator_model: yes,
            financing_service: yes,
            hr_service: yes,
            living_facilities: yes,
            quality_one_stop: yes,
            shared_facilities: yes,
            chain_map: yes,
            ecosystem_path_map: yes,
            enterprise_directory: yes,
            no_major_incident: yes,
            no_two_high_projects: yes,
        },
        ..ParkFacts::default()
    };
    let dataset = Dataset {
        enterprises: rows,
        park: facts,
        fields_present: FieldId::ALL.into_iter().collect(),
    };
    ParkInput::from_dataset(format!("园区{p:02}"), format!("园区{p:02}.xlsx"), dataset)
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let parks: Vec<ParkInput> = (0..PARKS).map(|p| park(p, &mut rng)).collect();
    let city = City::builtin();
    let runs = 9;
    for scope in [BenchmarkScope::Park, BenchmarkScope::City] {
        let options = CityOptions { benchmarks: scope };
        // The inputs are moved into the evaluation, as the UI and CLI hand them over; the copy
        // is made outside the timing.
        let (wall, cpu) = median_times(
            runs,
            || parks.clone(),
            |input| city.evaluate(input, None, &[], options),
        );
        let ms = cpu.as_secs_f64() * 1000.0;
        println!(
            "city of {PARKS} parks × {ENTERPRISES} enterprises × 3 years, {} benchmarks: median cpu {ms:8.2} ms, wall {:8.2} ms (browser target ≤ 1000 ms)",
            scope.id(),
            wall.as_secs_f64() * 1000.0
        );
    }
}
