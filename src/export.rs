//! Export of results (issue 6, item 4): an [`Evaluation`] as an XLSX workbook (a 评价结果
//! scorecard sheet and an 企业亩均评价 enterprise sheet) or as CSV (UTF-8 with BOM, CRLF, so
//! Excel and WPS open Chinese text correctly).
//!
//! The city view's workbook ([`city_to_xlsx`]): a summary sheet (year, goal, closest park,
//! packs, the dashboard) and one sheet per park (criteria, then its enterprises as the city
//! ranking has them). Made in the reader worker, like the single park's XLSX.
//!
//! Pure functions from (evaluation, language) to bytes. Cells hold numbers, not display text:
//! shares and growth rates are fractions formatted as percentages with two decimals, money is
//! in 万元 with thousands separators, so a user can compute with the export. Labels come from
//! the evaluation and [`crate::report`]; no arithmetic happens here. Must not depend on the UI.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::city::{BenchmarkScope, CityEvaluation, CityRanking};
use crate::diagnostic::Text;
use crate::i18n::Lang;
use crate::report::{class_label, state_label};
use crate::rules::{Class, Evaluation, ExitStatus, MujunEvaluation, OverallState, ParkEvaluation};

/// The XLSX workbook of `evaluation`, headers in `lang`. Empty only if the XLSX writer fails,
/// which it does not for these fixed sheet names (a test guards it).
pub fn to_xlsx(evaluation: &Evaluation, lang: Lang) -> Vec<u8> {
    build_xlsx(evaluation, lang).unwrap_or_default()
}

/// The enterprise sheet as CSV: UTF-8 with BOM, CRLF line ends, one header row.
pub fn ranking_csv(evaluation: &Evaluation, lang: Lang) -> Vec<u8> {
    let rows = evaluation
        .enterprises
        .as_ref()
        .map(|m| enterprise_table(m, lang))
        .unwrap_or_else(|| Table {
            header: enterprise_header_base(lang),
            rows: Vec::new(),
        });
    csv_bytes(&rows)
}

/// The scorecard as CSV: UTF-8 with BOM, CRLF line ends, one header row, one row per criterion.
pub fn scorecard_csv(evaluation: &Evaluation, lang: Lang) -> Vec<u8> {
    let table = match &evaluation.park {
        Some(p) => scorecard_table(p, lang),
        None => Table {
            header: scorecard_header(lang),
            rows: Vec::new(),
        },
    };
    csv_bytes(&table)
}

/// Sheet names (Chinese in both languages when `lang` is Chinese).
pub fn sheet_names(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Zh => ["评价结果", "企业亩均评价"],
        Lang::En => ["Scorecard", "Enterprises"],
    }
}

/// One cell of an export table.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    /// A fraction shown as a percentage.
    Share(f64),
    /// 万元, thousands separators.
    Money(f64),
    /// Any other figure, two decimals.
    Figure(f64),
    /// A whole number (rank, count).
    Int(u32),
    Empty,
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A number in its unit as a cell: `fraction` as a share, `万元` as money, anything else a
/// figure.
fn in_unit(value: Option<f64>, unit: &str) -> Value {
    match value {
        None => Value::Empty,
        Some(v) if unit == "fraction" || unit == "%" => Value::Share(v),
        Some(v) if unit == "万元" => Value::Money(v),
        Some(v) => Value::Figure(v),
    }
}

fn scorecard_header(lang: Lang) -> Vec<String> {
    let h: [(&str, &str); 10] = [
        ("编号", "Id"),
        ("标准", "Criterion"),
        ("结果", "Result"),
        ("实际值", "Observed"),
        ("比较", "Comparison"),
        ("标准值", "Threshold"),
        ("单位", "Unit"),
        ("差距", "Gap"),
        ("差距单位", "Gap unit"),
        ("说明", "Explanation"),
    ];
    h.iter().map(|(zh, en)| zh_en(lang, zh, en)).collect()
}

fn unit_label(unit: &str, lang: Lang) -> String {
    match unit {
        "fraction" => "%".to_string(),
        "万元" => zh_en(lang, "万元", "10k yuan"),
        other => other.to_string(),
    }
}

fn scorecard_table(park: &ParkEvaluation, lang: Lang) -> Table {
    let text = |t: &crate::diagnostic::Text| t.get(lang.tag_short()).to_string();
    let rows = park
        .criteria
        .iter()
        .map(|c| {
            let t = &c.trace;
            let threshold = t.threshold.as_ref();
            vec![
                Value::Text(c.id.clone()),
                Value::Text(text(&c.label)),
                Value::Text(state_label(t.state, lang).to_string()),
                in_unit(t.observed, &t.unit),
                Value::Text(
                    threshold
                        .and_then(|p| p.comparator)
                        .map(|c| c.symbol().to_string())
                        .unwrap_or_default(),
                ),
                in_unit(
                    threshold.map(|p| p.value),
                    threshold.map_or("", |p| &p.unit),
                ),
                Value::Text(unit_label(&t.unit, lang)),
                t.gap
                    .as_ref()
                    .map_or(Value::Empty, |g| in_unit(Some(g.amount), &g.unit)),
                Value::Text(
                    t.gap
                        .as_ref()
                        .map(|g| unit_label(&g.unit, lang))
                        .unwrap_or_default(),
                ),
                Value::Text(text(&t.sentence)),
            ]
        })
        .collect();
    Table {
        header: scorecard_header(lang),
        rows,
    }
}

fn enterprise_header_base(lang: Lang) -> Vec<String> {
    [
        ("排名", "Rank"),
        ("企业名称", "Enterprise"),
        ("统一社会信用代码", "Credit code"),
        ("类别", "Class"),
        ("得分", "Score"),
    ]
    .iter()
    .map(|(zh, en)| zh_en(lang, zh, en))
    .collect()
}

/// The enterprise table's header: the fixed columns, one per indicator (label and unit), then
/// the access threshold and exit status.
fn enterprise_header<'a>(
    indicators: impl Iterator<Item = (&'a Text, &'a str)>,
    lang: Lang,
) -> Vec<String> {
    let mut header = enterprise_header_base(lang);
    for (label, unit) in indicators {
        let label = label.get(lang.tag_short());
        header.push(if unit.is_empty() {
            label.to_string()
        } else {
            format!("{label}（{}）", unit_label(unit, lang))
        });
    }
    header.extend(
        [
            ("未达准入门槛", "Below access threshold"),
            ("退出机制", "Exit status"),
        ]
        .iter()
        .map(|(zh, en)| zh_en(lang, zh, en)),
    );
    header
}

/// One enterprise's row of an enterprise table, whichever ranking it comes from.
struct EnterpriseCells<'a> {
    rank: Option<u32>,
    name: &'a str,
    credit_code: Option<&'a str>,
    class: Option<Class>,
    vetoed: bool,
    score: Option<f64>,
    /// Indicator values with their units, in header order.
    values: Vec<(Option<f64>, &'a str)>,
    below_threshold: Option<bool>,
    exit: Option<ExitStatus>,
}

impl EnterpriseCells<'_> {
    fn row(self, lang: Lang) -> Vec<Value> {
        let mut row = vec![
            self.rank.map_or(Value::Empty, Value::Int),
            Value::Text(self.name.to_string()),
            Value::Text(self.credit_code.unwrap_or_default().to_string()),
            Value::Text(match self.class {
                Some(c) => class_label(c, self.vetoed, lang),
                None => zh_en(lang, "不在范围", "Out of scope"),
            }),
            self.score.map_or(Value::Empty, Value::Figure),
        ];
        row.extend(self.values.into_iter().map(|(v, unit)| in_unit(v, unit)));
        row.push(Value::Text(match self.below_threshold {
            Some(true) => zh_en(lang, "是", "yes"),
            Some(false) => zh_en(lang, "否", "no"),
            None => String::new(),
        }));
        row.push(Value::Text(
            self.exit
                .map(|s: ExitStatus| match lang {
                    Lang::Zh => s.label_zh().to_string(),
                    Lang::En => s.label_en().to_string(),
                })
                .unwrap_or_default(),
        ));
        row
    }
}

/// An enterprise table of `indicators` (label, unit) and its rows.
fn enterprises<'a>(
    indicators: impl Iterator<Item = (&'a Text, &'a str)>,
    rows: impl Iterator<Item = EnterpriseCells<'a>>,
    lang: Lang,
) -> Table {
    Table {
        header: enterprise_header(indicators, lang),
        rows: rows.map(|r| r.row(lang)).collect(),
    }
}

fn enterprise_table(m: &MujunEvaluation, lang: Lang) -> Table {
    let mut order: Vec<usize> = m.ranking.clone();
    order.extend((0..m.rows.len()).filter(|i| m.rows[*i].rank.is_none()));
    let rows = order
        .into_iter()
        .filter_map(|i| m.rows.get(i).map(|r| (i, r)))
        .map(|(i, r)| EnterpriseCells {
            rank: r.rank,
            name: &r.name,
            credit_code: r.credit_code.as_deref(),
            class: r.class,
            vetoed: r.vetoed,
            score: r.score,
            values: m
                .indicators
                .iter()
                .zip(m.cells(i))
                .map(|(ind, cell)| (cell.value, ind.unit.as_str()))
                .collect(),
            below_threshold: r.below_threshold,
            exit: r.exit,
        });
    enterprises(
        m.indicators.iter().map(|i| (&i.label, i.unit.as_str())),
        rows,
        lang,
    )
}

/// 达到创建标准 / 未达到创建标准 / 尚不能完整评价.
fn verdict_label(state: OverallState, lang: Lang) -> String {
    match state {
        OverallState::Met => zh_en(lang, "达到创建标准", "Meets the creation standards"),
        OverallState::NotMet => zh_en(
            lang,
            "未达到创建标准",
            "Does not meet the creation standards",
        ),
        OverallState::NotEvaluable => {
            zh_en(lang, "尚不能完整评价", "Cannot be fully evaluated yet")
        }
    }
}

/// A label in bold and its value on one row.
fn write_pair(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    value: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, label, &f.bold)?;
    sheet.write_string(row, 1, value)?;
    Ok(())
}

/// The year, the verdict and the scorecard of `evaluation` from `row` on (nothing without a
/// park evaluation); returns the next free row.
fn write_scorecard(
    sheet: &mut Worksheet,
    mut row: u32,
    evaluation: &Evaluation,
    lang: Lang,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let Some(park) = &evaluation.park else {
        return Ok(row);
    };
    let year = evaluation.year.map(|y| y.to_string()).unwrap_or_default();
    write_pair(sheet, row, &zh_en(lang, "评价年度", "Year"), &year, formats)?;
    row += 1;
    write_pair(
        sheet,
        row,
        &zh_en(lang, "总体结论", "Verdict"),
        &verdict_label(park.overall.state, lang),
        formats,
    )?;
    sheet.write_string(row, 2, park.overall.sentence.get(lang.tag_short()))?;
    row += 2;
    write_table(sheet, row, &scorecard_table(park, lang), formats)
}

fn build_xlsx(evaluation: &Evaluation, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let [scorecard_name, enterprise_name] = sheet_names(lang);

    let sheet = workbook.add_worksheet();
    sheet.set_name(scorecard_name)?;
    write_scorecard(sheet, 0, evaluation, lang, &formats)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(9, 60)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(enterprise_name)?;
    if let Some(m) = &evaluation.enterprises {
        write_table(sheet, 0, &enterprise_table(m, lang), &formats)?;
        sheet.set_freeze_panes(1, 2)?;
    }
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 22)?;
    workbook.save_to_buffer()
}

struct Formats {
    bold: Format,
    share: Format,
    money: Format,
    figure: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold().set_background_color("#DDEBF7"),
            share: Format::new().set_num_format("0.00%"),
            money: Format::new().set_num_format("#,##0.00"),
            figure: Format::new().set_num_format("#,##0.00"),
        }
    }
}

/// Writes the header at `row` and the rows below it; returns the next free row.
fn write_table(
    sheet: &mut Worksheet,
    row: u32,
    table: &Table,
    f: &Formats,
) -> Result<u32, XlsxError> {
    for (col, title) in table.header.iter().enumerate() {
        sheet.write_string_with_format(row, col16(col), title, &f.bold)?;
    }
    let mut r = row;
    for values in &table.rows {
        r += 1;
        for (col, value) in values.iter().enumerate() {
            let col = col16(col);
            match value {
                Value::Text(t) if t.is_empty() => {}
                Value::Text(t) => {
                    sheet.write_string(r, col, t)?;
                }
                Value::Share(v) => {
                    sheet.write_number_with_format(r, col, *v, &f.share)?;
                }
                Value::Money(v) => {
                    sheet.write_number_with_format(r, col, *v, &f.money)?;
                }
                Value::Figure(v) => {
                    sheet.write_number_with_format(r, col, *v, &f.figure)?;
                }
                Value::Int(n) => {
                    sheet.write_number(r, col, f64::from(*n))?;
                }
                Value::Empty => {}
            }
        }
    }
    Ok(r + 1)
}

fn col16(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{FEFF}".as_bytes().to_vec());
    let _ = writer.write_record(&table.header);
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(csv_text));
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell as CSV text: shares as `18.01%` (Excel reads them back as percentages), other numbers
/// plain with two decimals (no grouping, so the text stays a number).
fn csv_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Share(v) => format!("{:.2}%", v * 100.0),
        Value::Money(v) | Value::Figure(v) => format!("{v:.2}"),
        Value::Int(n) => n.to_string(),
        Value::Empty => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The city view's export (issue 7 item 4): a summary sheet (goal, closest park, packs, the
// dashboard) and one sheet per park (its criteria and its enterprises' 亩均 results as the city
// ranking has them).

/// The XLSX workbook of a city evaluation, headers in `lang`: the summary sheet first, then one
/// sheet per park in input order. Empty only if the XLSX writer fails.
pub fn city_to_xlsx(city: &CityEvaluation, lang: Lang) -> Vec<u8> {
    build_city_xlsx(city, lang).unwrap_or_default()
}

/// The sheet names of [`city_to_xlsx`]: the summary, then each park's label made a valid and
/// unique Excel sheet name (at most 31 characters, without `[]:*?/\`).
pub fn city_sheet_names(city: &CityEvaluation, lang: Lang) -> Vec<String> {
    let mut names = vec![zh_en(lang, "全市汇总", "City summary")];
    for park in &city.parks {
        let clean: String = park
            .label
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'').trim();
        let base: String = if clean.is_empty() {
            zh_en(lang, "园区", "Park")
        } else {
            clean.chars().take(31).collect()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names
            .iter()
            .any(|x| x.to_lowercase() == name.to_lowercase())
        {
            let suffix = format!("({n})");
            let keep = 31 - suffix.chars().count();
            name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            n += 1;
        }
        names.push(name);
    }
    names
}

fn dashboard_table(city: &CityEvaluation, lang: Lang) -> Table {
    let mut header = vec![
        zh_en(lang, "园区", "Park"),
        zh_en(lang, "来源文件", "Source"),
    ];
    if let Some(first) = city.rows.first() {
        header.extend(first.criteria.iter().map(|c| c.id.clone()));
    }
    header.extend(
        [
            ("总体结论", "Verdict"),
            ("预警/约谈", "Warning status"),
            ("亩均营业收入（万元/亩）", "Revenue per mu (10k yuan/mu)"),
            ("亩均营收年均增长", "Yearly growth of revenue per mu"),
            ("A 类企业占比", "A-class share"),
        ]
        .iter()
        .map(|(zh, en)| zh_en(lang, zh, en)),
    );
    let rows = city
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Value::Text(r.label.clone()), Value::Text(r.source.clone())];
            row.extend(
                r.criteria
                    .iter()
                    .map(|c| Value::Text(state_label(c.state, lang).to_string())),
            );
            row.push(Value::Text(verdict_label(r.overall, lang)));
            row.push(Value::Text(
                match lang {
                    Lang::Zh => r.status.label_zh(),
                    Lang::En => r.status.label_en(),
                }
                .to_string(),
            ));
            row.push(r.mu_revenue.map_or(Value::Empty, Value::Figure));
            row.push(r.mu_revenue_growth.map_or(Value::Empty, Value::Share));
            row.push(r.a_share.map_or(Value::Empty, Value::Share));
            row
        })
        .collect();
    Table { header, rows }
}

/// The enterprises of park `park_index` as the city ranking has them (ranks within the park,
/// or city-wide with city benchmarks).
fn city_enterprise_table(ranking: &CityRanking, park_index: usize, lang: Lang) -> Table {
    let rows = ranking
        .rows
        .iter()
        .filter(|r| r.park_index == park_index)
        .map(|r| EnterpriseCells {
            rank: r.rank,
            name: &r.name,
            credit_code: r.credit_code.as_deref(),
            class: r.class,
            vetoed: r.vetoed,
            score: r.score,
            values: r
                .values
                .iter()
                .zip(&ranking.indicators)
                .map(|(v, ind)| (*v, ind.unit.as_str()))
                .collect(),
            below_threshold: r.below_threshold,
            exit: r.exit,
        });
    enterprises(
        ranking
            .indicators
            .iter()
            .map(|i| (&i.label, i.unit.as_str())),
        rows,
        lang,
    )
}

fn build_city_xlsx(city: &CityEvaluation, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let names = city_sheet_names(city, lang);
    let text = |t: &Text| t.get(lang.tag_short()).to_string();

    let sheet = workbook.add_worksheet();
    sheet.set_name(&names[0])?;
    let year = city.year.map(|y| y.to_string()).unwrap_or_default();
    let mut row = 0;
    let mut pairs: Vec<(String, String)> = vec![
        (zh_en(lang, "评价年度", "Year"), year),
        (
            zh_en(lang, "全市目标", "City goal"),
            text(&city.goal.sentence),
        ),
    ];
    if let Some(closest) = &city.closest {
        pairs.push((
            zh_en(lang, "最接近达标", "Closest to the standards"),
            text(&closest.sentence),
        ));
    }
    pairs.push((
        zh_en(lang, "亩均基准", "亩均 benchmarks"),
        match city.options.benchmarks {
            BenchmarkScope::Park => zh_en(lang, "各园区分别计算", "Per park"),
            BenchmarkScope::City => zh_en(lang, "全市统一计算", "City-wide"),
        },
    ));
    for p in &city.packs {
        pairs.push((
            zh_en(lang, "规则包", "Rule pack"),
            format!("{} {} · SHA-256 {}", p.id, p.version, p.hash),
        ));
    }
    for o in &city.overrides {
        pairs.push((
            zh_en(lang, "参数调整", "Parameter changed"),
            format!("{}: {} → {}", o.key, o.from, o.to),
        ));
    }
    for (label, value) in &pairs {
        write_pair(sheet, row, label, value, &formats)?;
        row += 1;
    }
    write_table(sheet, row + 1, &dashboard_table(city, lang), &formats)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 24)?;

    for (i, (park, name)) in city.parks.iter().zip(names.iter().skip(1)).enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        write_pair(
            sheet,
            0,
            &zh_en(lang, "园区", "Park"),
            &park.label,
            &formats,
        )?;
        write_pair(
            sheet,
            1,
            &zh_en(lang, "来源文件", "Source"),
            &park.source,
            &formats,
        )?;
        let next = write_scorecard(sheet, 3, &park.evaluation, lang, &formats)?;
        write_table(
            sheet,
            next + 1,
            &city_enterprise_table(&city.ranking, i, lang),
            &formats,
        )?;
        sheet.set_column_width(1, 28)?;
        sheet.set_column_width(2, 22)?;
        sheet.set_column_width(9, 60)?;
    }
    workbook.save_to_buffer()
}
