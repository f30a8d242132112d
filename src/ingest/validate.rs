//! Plausibility rules over clean records: duplicate enterprises within a year, implausible
//! values (亩均营收, land, headcount) and columns whose numbers look like another unit (revenue in
//! 元 under a 万元 header). Thresholds are data in this file.
//!
//! Pure functions over canonical values; they return findings and leave the wording of
//! diagnostics to the caller. Must not depend on headers, mapping or raw cells.

use std::collections::HashMap;

use super::normalize::{half_width, trim};
use super::units::{Quantity, Unit};
use crate::dataset::{EnterpriseRecord, FieldId};

/// Which record a duplicate repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    /// Index of the repeated (later) record.
    pub index: usize,
    /// Index of the first record of the same enterprise and year.
    pub first: usize,
    /// Whether they share a credit code (else the same name).
    pub by_code: bool,
}

/// The name as compared for duplicates: half-width, no spaces.
pub fn name_key(name: &str) -> String {
    half_width(trim(name))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Duplicate enterprises within one year: the same credit code, or else the same name (unless
/// both rows carry different credit codes). Records keep file order; the first one wins.
pub fn duplicates(records: &[EnterpriseRecord]) -> Vec<Duplicate> {
    let mut by_code: HashMap<(i32, &str), usize> = HashMap::new();
    let mut by_name: HashMap<(i32, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let code = r.credit_code.as_deref().filter(|c| !c.is_empty());
        if let Some(code) = code
            && let Some(&first) = by_code.get(&(r.year, code))
        {
            out.push(Duplicate {
                index: i,
                first,
                by_code: true,
            });
            continue;
        }
        let name = name_key(&r.name);
        if let Some(&first) = by_name.get(&(r.year, name.clone())) {
            let other_code = records[first]
                .credit_code
                .as_deref()
                .filter(|c| !c.is_empty());
            let different_codes = matches!((code, other_code), (Some(a), Some(b)) if a != b);
            if !different_codes {
                out.push(Duplicate {
                    index: i,
                    first,
                    by_code: false,
                });
                continue;
            }
        }
        if let Some(code) = code {
            by_code.entry((r.year, code)).or_insert(i);
        }
        by_name.entry((r.year, name)).or_insert(i);
    }
    out
}

/// An implausible value in one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outlier {
    /// The field the warning points at.
    pub field: FieldId,
    pub kind: OutlierKind,
    /// The implausible figure (in the unit of the limit).
    pub value: f64,
    pub limit: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlierKind {
    /// 亩均营业收入 above the limit (万元/亩).
    RevenuePerMu,
    /// 亩均税收 above the limit (万元/亩).
    TaxPerMu,
    /// One enterprise's land above the limit (亩).
    Land,
    /// Headcount above the limit (人).
    Employees,
}

/// Limits beyond which a single enterprise's figure is implausible [local].
pub const MAX_REVENUE_PER_MU: f64 = 100_000.0;
pub const MAX_TAX_PER_MU: f64 = 10_000.0;
pub const MAX_LAND_MU: f64 = 100_000.0;
pub const MAX_EMPLOYEES: f64 = 500_000.0;

/// The implausible values of one record.
pub fn outliers(r: &EnterpriseRecord) -> Vec<Outlier> {
    let mut out = Vec::new();
    if let Some(land) = r.land_area {
        if land > MAX_LAND_MU {
            out.push(Outlier {
                field: FieldId::LandArea,
                kind: OutlierKind::Land,
                value: land,
                limit: MAX_LAND_MU,
            });
        }
        if land > 0.0 {
            if let Some(rev) = r.revenue
                && rev / land > MAX_REVENUE_PER_MU
            {
                out.push(Outlier {
                    field: FieldId::Revenue,
                    kind: OutlierKind::RevenuePerMu,
                    value: rev / land,
                    limit: MAX_REVENUE_PER_MU,
                });
            }
            if let Some(tax) = r.tax
                && tax / land > MAX_TAX_PER_MU
            {
                out.push(Outlier {
                    field: FieldId::Tax,
                    kind: OutlierKind::TaxPerMu,
                    value: tax / land,
                    limit: MAX_TAX_PER_MU,
                });
            }
        }
    }
    if let Some(n) = r.employees
        && n > MAX_EMPLOYEES
    {
        out.push(Outlier {
            field: FieldId::Employees,
            kind: OutlierKind::Employees,
            value: n,
            limit: MAX_EMPLOYEES,
        });
    }
    out
}

/// Per quantity: the column median (canonical unit) above which the numbers look like they are
/// in a smaller unit, and that unit [local].
const MEDIAN_LIMITS: &[(Quantity, f64, Unit)] = &[
    // 100 亿元 for a typical enterprise: the numbers are in 元.
    (Quantity::Money, 1e6, Unit::Yuan),
    // 20000 亩 (13 km²) for a typical enterprise: the numbers are in 平方米.
    (Quantity::Area, 20_000.0, Unit::SquareMetre),
    // 100 万吨标准煤 for a typical enterprise: the numbers are in 千克标准煤.
    (Quantity::Energy, 1e6, Unit::KgCe),
    // 10 亿千瓦时 for a typical enterprise: the numbers are in 千瓦时.
    (Quantity::Electricity, 1e5, Unit::Kwh),
];

/// The median of some values (`None` when empty).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *m;
    if values.len() % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..mid]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// When a column's median (canonical unit) is implausibly large, the unit its numbers look
/// like they are in.
pub fn suspicious_unit(quantity: Quantity, column_median: f64) -> Option<(Unit, f64)> {
    MEDIAN_LIMITS
        .iter()
        .find(|(q, limit, _)| *q == quantity && column_median > *limit)
        .map(|(_, limit, unit)| (*unit, *limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(name: &str, code: Option<&str>, year: i32) -> EnterpriseRecord {
        EnterpriseRecord {
            name: name.into(),
            credit_code: code.map(str::to_string),
            year,
            ..Default::default()
        }
    }

    #[test]
    fn finds_duplicates_by_code_then_name() {
        let records = vec![
            rec("甲公司", Some("A"), 2023),
            rec("甲公司（新名）", Some("A"), 2023),
            rec("乙公司", None, 2023),
            rec("乙 公司", None, 2023),
            rec("丙公司", Some("C1"), 2023),
            rec("丙公司", Some("C2"), 2023),
            rec("甲公司", Some("A"), 2022),
        ];
        let d = duplicates(&records);
        assert_eq!(
            d,
            vec![
                Duplicate {
                    index: 1,
                    first: 0,
                    by_code: true
                },
                Duplicate {
                    index: 3,
                    first: 2,
                    by_code: false
                },
            ]
        );
    }

    #[test]
    fn flags_implausible_values() {
        let mut r = rec("甲", None, 2023);
        r.land_area = Some(0.01);
        r.revenue = Some(5000.0);
        let o = outliers(&r);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].kind, OutlierKind::RevenuePerMu);
        r.land_area = Some(200_000.0);
        assert_eq!(outliers(&r)[0].kind, OutlierKind::Land);
        r.land_area = Some(50.0);
        assert!(outliers(&r).is_empty());
    }

    #[test]
    fn medians_and_suspicious_units() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
        assert_eq!(
            suspicious_unit(Quantity::Money, 3e7).map(|u| u.0),
            Some(Unit::Yuan)
        );
        assert_eq!(suspicious_unit(Quantity::Money, 3e4), None);
        assert_eq!(suspicious_unit(Quantity::Count, 3e9), None);
    }
}
