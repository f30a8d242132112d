//! Export of results: the XLSX read back with calamine holds the evaluation's numbers under
//! Chinese headers with the intended number formats; the CSV starts with a BOM, ends lines with
//! CRLF and parses back with the `csv` crate.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use parkcheck::export;
use parkcheck::i18n::Lang;
use parkcheck::job::apply_now as apply;
use parkcheck::rules::Evaluation;
use parkcheck::session::{Action, Session};

fn evaluation() -> Evaluation {
    apply(&Session::default(), Action::SampleRequested)
        .evaluate()
        .expect("evaluation")
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = book.worksheet_range(name).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(row: &[Data]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_xlsx_scorecard_holds_the_criteria() {
    let ev = evaluation();
    let bytes = export::to_xlsx(&ev, Lang::Zh);
    assert!(!bytes.is_empty());
    assert_eq!(export::sheet_names(Lang::Zh), ["评价结果", "企业亩均评价"]);
    let rows = sheet(&bytes, "评价结果");
    assert_eq!(text(&rows[0])[..2], ["评价年度", "2023"]);
    assert_eq!(text(&rows[1])[..2], ["总体结论", "未达到创建标准"]);
    let header = rows
        .iter()
        .position(|r| r[0] == Data::String("编号".into()))
        .expect("header");
    assert_eq!(
        text(&rows[header]),
        [
            "编号",
            "标准",
            "结果",
            "实际值",
            "比较",
            "标准值",
            "单位",
            "差距",
            "差距单位",
            "说明"
        ]
    );
    let park = ev.park.as_ref().expect("park");
    for (row, c) in rows[header + 1..].iter().zip(&park.criteria) {
        assert_eq!(row[0].to_string(), c.id);
        assert_eq!(row[2].to_string(), c.trace.state.label_zh());
        match c.trace.observed {
            Some(v) => assert_eq!(number(&row[3]), v, "{}", c.id),
            None => assert_eq!(row[3], Data::Empty),
        }
    }
    let c2 = &rows[header + 2];
    assert_eq!(text(c2)[..3], ["C2", "高新技术产业营业收入占比", "未达标"]);
    assert_eq!((c2[4].to_string(), number(&c2[5])), (">".into(), 0.25));
    assert_eq!(
        (number(&c2[7]), c2[8].to_string()),
        (17_500.0, "万元".into())
    );
}

#[test]
fn the_xlsx_enterprise_sheet_holds_the_ranking() {
    let ev = evaluation();
    let rows = sheet(&export::to_xlsx(&ev, Lang::Zh), "企业亩均评价");
    let m = ev.enterprises.as_ref().expect("ranking");
    let header = text(&rows[0]);
    assert_eq!(
        header[..5],
        ["排名", "企业名称", "统一社会信用代码", "类别", "得分"]
    );
    assert_eq!(header[5], "亩均营业收入（万元/亩）");
    assert_eq!(header[9], "研发投入强度（%）");
    assert_eq!(header[header.len() - 2..], ["未达准入门槛", "退出机制"]);
    assert_eq!(rows.len(), 1 + m.rows.len());
    for (rank, &i) in m.ranking.iter().enumerate() {
        let (row, r) = (&rows[1 + rank], &m.rows[i]);
        assert_eq!(number(&row[0]), (rank + 1) as f64);
        assert_eq!(row[1].to_string(), r.name);
        assert_eq!(Some(number(&row[4])), r.score);
        for (k, cell) in m.cells(i).iter().enumerate() {
            match cell.value {
                Some(v) => assert_eq!(number(&row[5 + k]), v),
                None => assert_eq!(row[5 + k], Data::Empty),
            }
        }
    }
    assert_eq!(
        text(&rows[1])[1..4],
        ["雅安锂电新材料有限公司", "91511803MA62K7LD3M", "A 类"]
    );
    let last = text(&rows[rows.len() - 1]);
    assert_eq!(
        (last[1].as_str(), last[3].as_str()),
        ("天全新能源科技有限公司", "免评")
    );
}

#[test]
fn the_xlsx_formats_shares_as_percent_and_money_with_separators() {
    // The number formats live in the workbook's styles; check that both are declared.
    let bytes = export::to_xlsx(&evaluation(), Lang::Zh);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("read");
    assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
    assert!(styles.contains("#,##0.00"), "{styles}");
}

#[test]
fn english_exports_use_english_headers() {
    let ev = evaluation();
    let rows = sheet(&export::to_xlsx(&ev, Lang::En), "Enterprises");
    assert_eq!(text(&rows[0])[..2], ["Rank", "Enterprise"]);
}

#[test]
fn the_csv_has_a_bom_crlf_and_parses_back() {
    let ev = evaluation();
    let bytes = export::ranking_csv(&ev, Lang::Zh);
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..5],
        ["排名", "企业名称", "统一社会信用代码", "类别", "得分"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let m = ev.enterprises.as_ref().expect("ranking");
    assert_eq!(records.len(), m.rows.len());
    assert_eq!(&records[0][1], "雅安锂电新材料有限公司");
    assert_eq!(&records[0][4], "184.05");
    assert_eq!(&records[0][9], "3.02%");

    let scorecard = export::scorecard_csv(&ev, Lang::Zh);
    assert!(scorecard.starts_with("\u{FEFF}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&scorecard[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 8);
    assert_eq!(
        (&rows[1][0], &rows[1][3], &rows[1][7]),
        ("C2", "18.01%", "17500.00")
    );
}
