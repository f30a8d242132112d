//! Sheets and years: the year a sheet holds (from its name `2023`/`2023年`/`2023年度`, or its
//! title line `2023年度…统计表`), the fallback year when nothing says, and the roles a sheet can
//! play.
//!
//! Pure functions over names and preamble texts. Must not depend on mapping or records.

use serde::{Deserialize, Serialize};

use super::normalize::years_in;

/// What a sheet was used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetRole {
    /// Enterprise rows.
    Enterprise,
    /// Park facts (DOMAIN §1.2).
    ParkFacts,
    /// Not used.
    Ignored,
}

/// Where a sheet's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// A year column (each row has its own year).
    Column,
    /// The sheet's name (`2023年`).
    SheetName,
    /// The title or preamble above the header (`2023年度…统计表`).
    Title,
    /// `IngestOptions::default_year`.
    Option,
    /// Nothing said; a fallback was used and the user was asked to choose.
    Fallback,
}

/// The year in a sheet name: exactly one four-digit year (`2023`, `2023年`, `2023年度`,
/// `企业数据2023`); `None` for `Sheet1` or `2021-2023`.
pub fn year_from_name(name: &str) -> Option<i32> {
    single(years_in(name))
}

/// The year stated in the title and preamble lines, when they name exactly one.
pub fn year_from_preamble(lines: &[String]) -> Option<i32> {
    let mut years: Vec<i32> = lines.iter().flat_map(|l| years_in(l)).collect();
    years.sort_unstable();
    years.dedup();
    single(years)
}

fn single(years: Vec<i32>) -> Option<i32> {
    match years.as_slice() {
        [y] => Some(*y),
        [first, rest @ ..] if rest.iter().all(|y| y == first) => Some(*first),
        _ => None,
    }
}

/// The year used when nothing in the file or options names one. The evaluation normally
/// concerns the last completed year, so `current_year − 1` when the caller passes today's year;
/// otherwise the latest year named anywhere else in the workbook; otherwise 2023, the target
/// year of the seed plan (雅办发〔2021〕23号: "到2023年").
pub fn fallback_year(current_year: Option<i32>, other_years: &[i32]) -> i32 {
    if let Some(y) = other_years.iter().max() {
        return *y;
    }
    match current_year {
        Some(y) => y - 1,
        None => FALLBACK_YEAR,
    }
}

/// The last-resort evaluation year (see [`fallback_year`]).
pub const FALLBACK_YEAR: i32 = 2023;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_years_from_sheet_names() {
        assert_eq!(year_from_name("2023"), Some(2023));
        assert_eq!(year_from_name("2022年"), Some(2022));
        assert_eq!(year_from_name("2021年度"), Some(2021));
        assert_eq!(year_from_name("企业数据2023"), Some(2023));
        assert_eq!(year_from_name("Sheet1"), None);
        assert_eq!(year_from_name("2021-2023"), None);
    }

    #[test]
    fn reads_years_from_titles() {
        let lines = vec![
            "2023年度XX园区企业亩均效益统计表".to_string(),
            "单位：万元".to_string(),
        ];
        assert_eq!(year_from_preamble(&lines), Some(2023));
        assert_eq!(
            year_from_preamble(&["2022年与2023年对比".to_string()]),
            None
        );
    }

    #[test]
    fn falls_back_sensibly() {
        assert_eq!(fallback_year(Some(2025), &[]), 2024);
        assert_eq!(fallback_year(Some(2025), &[2022]), 2022);
        assert_eq!(fallback_year(None, &[]), FALLBACK_YEAR);
    }
}
