//! Property tests of the rules engine: evaluation never panics on arbitrary finite data, a
//! better indicator value never lowers a score, and class quotas always hold.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use parkcheck::dataset::{Flag, ParkFacts, ParkTotals};
use parkcheck::rules::{Class, evaluate_all};
use parkcheck::{Dataset, EnterpriseRecord, FieldId};
use proptest::prelude::*;

fn num(lo: f64, hi: f64) -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 1 => Just(Some(0.0)), 6 => (lo..hi).prop_map(Some)]
}

fn flag() -> impl Strategy<Value = Option<Flag>> {
    prop_oneof![3 => Just(None), 1 => Just(Some(Flag::yes())), 1 => Just(Some(Flag::no()))]
}

prop_compose! {
    fn any_row()(
        name in "[甲乙丙丁]{1,2}",
        code in proptest::option::of("[AB][0-9]"),
        year in 2020..2024i32,
        bools in proptest::array::uniform4(proptest::option::of(any::<bool>())),
        land in num(-10.0, 500.0),
        revenue in num(-1000.0, 1e6),
        tax in num(-500.0, 1e4),
        employees in num(-5.0, 2000.0),
        energy in num(-5.0, 1e5),
        rd in num(-10.0, 1e4),
        lead_rev in num(-10.0, 1e5),
        veto in flag(),
        exempt in flag(),
    ) -> EnterpriseRecord {
        EnterpriseRecord {
            name,
            credit_code: code,
            year,
            leading: bools[0],
            high_tech: bools[1],
            above_scale: bools[2],
            new_project: bools[3],
            land_area: land,
            revenue,
            leading_revenue: lead_rev,
            tax,
            employees,
            energy,
            rd_expense: rd,
            veto,
            exempt,
            ..EnterpriseRecord::default()
        }
    }
}

prop_compose! {
    fn any_dataset()(
        rows in proptest::collection::vec(any_row(), 0..25),
        scope_cols in any::<bool>(),
        totals in proptest::collection::btree_map(2018..2024i32, (num(-10.0, 1e6), num(-10.0, 1e4)), 0..3),
        warnings in proptest::collection::btree_map(2018..2024i32, any::<bool>(), 0..3),
        factory in num(-10.0, 1e5),
        multi in num(-10.0, 1e5),
        reward in num(-100.0, 5000.0),
    ) -> Dataset {
        let mut fields: std::collections::BTreeSet<FieldId> = FieldId::ALL.into_iter().collect();
        if !scope_cols {
            fields.remove(&FieldId::AboveScale);
            fields.remove(&FieldId::NewProject);
        }
        Dataset {
            enterprises: rows,
            park: ParkFacts {
                totals: totals.into_iter().map(|(y, (revenue, land))| (y, ParkTotals { revenue, land })).collect(),
                warnings,
                new_factory_area: factory,
                new_multistorey_area: multi,
                provincial_reward: reward,
                ..ParkFacts::default()
            },
            fields_present: fields,
        }
    }
}

// Complete, non-negative rows of one year: every indicator has a value.
prop_compose! {
    fn complete_rows()(n in 1..15usize)(
        rows in proptest::collection::vec(
            (1.0..500.0f64, 0.0..1e6f64, 0.0..1e4f64, 1.0..2000.0f64, 1.0..1e5f64, 0.0..1e4f64, any::<bool>()),
            n,
        )
    ) -> Vec<EnterpriseRecord> {
        rows.into_iter().enumerate().map(|(i, (land, revenue, tax, employees, energy, rd, veto))| EnterpriseRecord {
            name: format!("E{i}"),
            year: 2023,
            above_scale: Some(true),
            land_area: Some(land),
            revenue: Some(revenue.max(1.0)),
            tax: Some(tax),
            employees: Some(employees),
            energy: Some(energy),
            rd_expense: Some(rd),
            veto: veto.then(Flag::yes),
            ..EnterpriseRecord::default()
        }).collect()
    }
}

fn with_rows(rows: Vec<EnterpriseRecord>) -> Dataset {
    Dataset {
        enterprises: rows,
        fields_present: FieldId::ALL.into_iter().collect(),
        ..Dataset::default()
    }
}

fn score_of(ds: &Dataset, row: usize) -> f64 {
    evaluate_all(ds, None, &[])
        .enterprises
        .and_then(|m| m.rows.get(row).and_then(|r| r.score))
        .unwrap_or(f64::NAN)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn evaluation_never_panics_and_states_every_criterion(ds in any_dataset(), year in proptest::option::of(2019..2025i32)) {
        let e = evaluate_all(&ds, year, &[]);
        if let Some(p) = &e.park {
            prop_assert_eq!(p.criteria.len(), 8);
            for c in &p.criteria {
                if let Some(v) = c.trace.observed {
                    prop_assert!(v.is_finite(), "{} observed {}", c.id, v);
                }
            }
        }
        if let Some(m) = &e.enterprises {
            for r in &m.rows {
                if let Some(s) = r.score {
                    prop_assert!(s.is_finite() && s >= 0.0);
                }
            }
        }
        let _ = parkcheck::rules::to_cli_json(&e, &[]);
        let _ = parkcheck::rules::to_text_zh(&e);
    }

    #[test]
    fn class_quotas_hold(ds in any_dataset()) {
        let e = evaluate_all(&ds, None, &[]);
        if let Some(m) = &e.enterprises {
            let n = m.evaluated;
            let count = |c: Class| m.rows.iter().filter(|r| r.class == Some(c) && r.score.is_some()).count();
            let (a, b, c) = (count(Class::A), count(Class::B), count(Class::C));
            prop_assert_eq!(a + b + c, n);
            prop_assert!(a * 10 <= 3 * n, "A = {} of {}", a, n);
            prop_assert!(c * 10 >= n, "C = {} of {}", c, n);
            let vetoed = m.rows.iter().filter(|r| r.vetoed).count();
            prop_assert_eq!(c, vetoed.max(n.div_ceil(10)).min(n));
            for r in &m.rows {
                if r.vetoed { prop_assert_eq!(r.class, Some(Class::C)); }
                if r.exempt { prop_assert_eq!(r.class, Some(Class::T)); }
            }
        }
    }

    #[test]
    fn a_better_indicator_never_lowers_the_score(rows in complete_rows(), pick in any::<prop::sample::Index>(), which in 0..4usize, factor in 1.0..3.0f64) {
        let ds = with_rows(rows);
        let i = pick.index(ds.enterprises.len());
        let before = score_of(&ds, i);
        let mut better = ds.clone();
        let r = &mut better.enterprises[i];
        match which {
            0 => r.tax = r.tax.map(|t| t * factor + 1.0),
            1 => r.rd_expense = r.rd_expense.map(|x| x * factor + 1.0),
            2 => r.employees = r.employees.map(|x| x / factor),
            _ => r.energy = r.energy.map(|x| x / factor),
        }
        let after = score_of(&better, i);
        prop_assert!(after >= before - 1e-9 * before.abs().max(1.0), "{} -> {}", before, after);
    }
}
