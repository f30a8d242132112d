//! The sample workbook (the app's "用示例数据试一试") must read back as exactly the DOMAIN.md §3
//! worked example, with no warnings or errors.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use parkcheck::dataset::{FieldId, PlatformLevel};
use parkcheck::diagnostic::Severity;
use parkcheck::ingest::sample::sample_workbook;
use parkcheck::ingest::{IngestOptions, SheetRole, interpret};

/// DOMAIN.md §3, typed independently of `sample.rs`: name, leading, high-tech, land, revenue,
/// tax, employees, energy, R&D (2023).
const TABLE: [(&str, bool, bool, [f64; 7]); 10] = [
    (
        "雅安锂电新材料有限公司",
        true,
        false,
        [120.0, 86000.0, 3200.0, 620.0, 41000.0, 2600.0, 0.0],
    ),
    (
        "川西精密制造有限公司",
        true,
        true,
        [45.0, 21000.0, 980.0, 310.0, 5200.0, 900.0, 0.0],
    ),
    (
        "雨城铝材科技有限公司",
        true,
        false,
        [80.0, 30500.0, 610.0, 280.0, 52000.0, 150.0, 0.0],
    ),
    (
        "荥经建材有限公司",
        false,
        false,
        [60.0, 9800.0, 260.0, 150.0, 14000.0, 20.0, 0.0],
    ),
    (
        "蒙顶山食品有限公司",
        false,
        false,
        [30.0, 6200.0, 410.0, 190.0, 1800.0, 60.0, 0.0],
    ),
    (
        "名山数据服务有限公司",
        true,
        true,
        [25.0, 12800.0, 720.0, 140.0, 3900.0, 840.0, 0.0],
    ),
    (
        "芦山纺织有限公司",
        false,
        false,
        [40.0, 4300.0, 95.0, 260.0, 2100.0, 0.0, 0.0],
    ),
    (
        "天全新能源科技有限公司",
        true,
        false,
        [50.0, 0.0, 0.0, 35.0, 0.0, 0.0, 0.0],
    ),
    (
        "汉源硅业有限公司",
        true,
        false,
        [150.0, 15000.0, 300.0, 200.0, 90000.0, 30.0, 0.0],
    ),
    (
        "宝兴石材有限公司",
        false,
        false,
        [35.0, 2100.0, 70.0, 60.0, 900.0, 0.0, 0.0],
    ),
];

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

#[test]
fn sample_workbook_reads_as_the_worked_example() {
    let out = interpret(&sample_workbook(), &IngestOptions::default());
    let bad: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| format!("{} {}", d.code, d.message.zh))
        .collect();
    assert!(bad.is_empty(), "warnings or errors: {bad:#?}");
    assert_eq!(out.dataset.years(), vec![2021, 2022, 2023]);
    assert_eq!(out.dataset.enterprises.len(), 30);

    for (year, revenue_share, tax_share) in
        [(2021, 0.80, 0.85), (2022, 0.90, 0.92), (2023, 1.0, 1.0)]
    {
        let rows: Vec<_> = out.dataset.rows_of_year(year).collect();
        assert_eq!(rows.len(), 10, "{year}");
        for (row, (name, leading, high_tech, f)) in rows.iter().zip(TABLE) {
            assert_eq!(row.name, name);
            assert_eq!(row.leading, Some(leading), "{name} {year}");
            assert_eq!(row.high_tech, Some(high_tech), "{name} {year}");
            assert_eq!(row.above_scale, Some(true));
            assert!(
                close(row.land_area, f[0]),
                "{name} {year} land {:?}",
                row.land_area
            );
            assert!(
                close(row.revenue, f[1] * revenue_share),
                "{name} {year} revenue {:?}",
                row.revenue
            );
            let tax = if year == 2021 && name == "汉源硅业有限公司" {
                900.0
            } else {
                f[2] * tax_share
            };
            assert!(close(row.tax, tax), "{name} {year} tax {:?}", row.tax);
            assert!(close(row.employees, f[3]));
            assert!(close(row.energy, f[4]));
            assert!(close(row.rd_expense, f[5]));
            let code = row.credit_code.as_deref().unwrap_or_default();
            assert_eq!(
                parkcheck::ingest::credit_code::validate(code),
                Ok(()),
                "{name}"
            );
            assert_eq!(
                row.is_vetoed(),
                year == 2023 && name == "芦山纺织有限公司",
                "{name} {year}"
            );
            assert_eq!(
                row.is_exempt(),
                name == "天全新能源科技有限公司",
                "{name} {year}"
            );
        }
    }
    // Park totals of DOMAIN §3: T = 187700 万元 in 2023, 亩均营收 236.47 → 266.03 → 295.59.
    let total = |y: i32| {
        out.dataset
            .rows_of_year(y)
            .filter_map(|r| r.revenue)
            .sum::<f64>()
    };
    let land: f64 = out
        .dataset
        .rows_of_year(2023)
        .filter_map(|r| r.land_area)
        .sum();
    assert!((total(2023) - 187_700.0).abs() < 1e-6);
    assert!(((total(2021) / land) - 236.47).abs() < 0.005);
    assert!(((total(2022) / land) - 266.03).abs() < 0.005);
    assert!(((total(2023) / land) - 295.59).abs() < 0.005);

    for field in [
        FieldId::Name,
        FieldId::CreditCode,
        FieldId::LandArea,
        FieldId::Revenue,
        FieldId::Veto,
        FieldId::Exempt,
    ] {
        assert!(out.dataset.has_field(field), "{field}");
    }

    let park = &out.dataset.park;
    assert_eq!(park.park_name, "雅安经济技术开发区");
    assert_eq!(park.platforms.len(), 2);
    assert_eq!(
        park.platforms
            .iter()
            .filter(|p| p.level == PlatformLevel::Provincial)
            .count(),
        1
    );
    assert_eq!(park.new_factory_area, Some(40_000.0));
    assert_eq!(park.new_multistorey_area, Some(14_000.0));
    assert_eq!(park.key_fields.len(), 2);
    let c = &park.checklist;
    for answer in [
        c.operator_model,
        c.financing_service,
        c.hr_service,
        c.living_facilities,
        c.quality_one_stop,
        c.shared_facilities,
        c.chain_map,
        c.ecosystem_path_map,
        c.enterprise_directory,
        c.no_major_incident,
        c.no_two_high_projects,
    ] {
        assert_eq!(answer, Some(true));
    }

    let roles: Vec<_> = out
        .report
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.role, s.year))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("2021年", SheetRole::Enterprise, Some(2021)),
            ("2022年", SheetRole::Enterprise, Some(2022)),
            ("2023年", SheetRole::Enterprise, Some(2023)),
            ("园区信息", SheetRole::ParkFacts, None),
        ]
    );
}
