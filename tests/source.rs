//! Format readers end to end: bytes → `RawWorkbook`, for every format, encoding and malformed
//! input the readers promise to handle. Fixtures are generated here, except the BIFF8 `.xls`,
//! LibreOffice `.ods`/`.xls` and encrypted `.xlsx` files in `tests/fixtures/` (made by
//! `tests/fixtures/make_fixtures.py`).
//!
//! Expected sheets are written as text: one line per row, cells separated by `|`, numbers as
//! `n:1.5`, dates as `d:44927`, booleans as `b:true`, errors as `e:#DIV/0!`.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use parkcheck::diagnostic::Severity;
use parkcheck::ingest::raw::{MergedRange, RawCell, RawSheet, RawWorkbook, SourceFormat};
use parkcheck::ingest::source::{SourceOptions, read_pasted, read_source};
use parkcheck::ingest::template::{PARK_SHEET, header, template_csv, template_xlsx};
use parkcheck::{Diagnostic, FieldId};
use rust_xlsxwriter::{Format, Workbook};
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------------------------------------
// Helpers

fn render_cell(cell: &RawCell) -> String {
    match cell {
        RawCell::Empty => String::new(),
        RawCell::Text(t) => t.clone(),
        RawCell::Number(n) => format!("n:{n}"),
        RawCell::Bool(b) => format!("b:{b}"),
        RawCell::Error(e) => format!("e:{e}"),
        RawCell::DateSerial(d) => format!("d:{d}"),
    }
}

fn render(sheet: &RawSheet) -> String {
    sheet
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row.iter().map(render_cell).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells.join("|")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn read(bytes: &[u8], name: &str) -> (Option<RawWorkbook>, Vec<Diagnostic>) {
    read_source(bytes, name, &SourceOptions::default())
}

/// Reads `bytes` and checks format, encoding and every sheet (name, rendered cells).
fn check(
    bytes: &[u8],
    name: &str,
    format: SourceFormat,
    encoding: Option<&str>,
    sheets: &[(&str, &str)],
) -> RawWorkbook {
    let (workbook, diagnostics) = read(bytes, name);
    let Some(workbook) = workbook else {
        panic!("{name}: not read: {diagnostics:#?}")
    };
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{name}: {diagnostics:#?}"
    );
    assert_eq!(workbook.format, format, "{name}");
    assert_eq!(workbook.encoding.as_deref(), encoding, "{name}");
    let got: Vec<(String, String)> = workbook
        .sheets
        .iter()
        .map(|s| (s.name.clone(), render(s)))
        .collect();
    let want: Vec<(String, String)> = sheets
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, want, "{name}");
    if let Some(enc) = encoding {
        let info = diagnostics
            .iter()
            .find(|d| d.code == "source.encoding")
            .expect("encoding info");
        assert_eq!(info.severity, Severity::Info);
        assert!(info.message.zh.contains(enc) && info.message.en.contains(enc));
    }
    workbook
}

/// Reads `bytes` and checks that exactly one diagnostic, an Error with `code`, comes back.
fn check_error(bytes: &[u8], name: &str, code: &str) {
    let started = Instant::now();
    let (workbook, diagnostics) = read(bytes, name);
    assert!(
        workbook.is_none(),
        "{name}: expected {code}, got a workbook"
    );
    assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(
        (d.severity, d.code.as_str()),
        (Severity::Error, code),
        "{name}: {d:#?}"
    );
    assert!(!d.message.zh.is_empty() && !d.message.en.is_empty());
    let fix = d.fix.as_ref().expect("a fix");
    assert!(!fix.zh.is_empty() && !fix.en.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{name}: took {:?}",
        started.elapsed()
    );
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = if bom {
        "\u{FEFF}"
            .encode_utf16()
            .chain(text.encode_utf16())
            .collect::<Vec<_>>()
    } else {
        text.encode_utf16().collect()
    };
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// A zip archive of the given entries (deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A minimal XLSX written by hand from raw worksheet XML (`<sheetData>` content).
fn raw_xlsx(sheets: &[(&str, &str)], workbook_pr: &str) -> Vec<u8> {
    let mut content_types = String::from(
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut sheet_list = String::new();
    let mut rels = String::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, data)) in sheets.iter().enumerate() {
        let n = i + 1;
        content_types.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        sheet_list.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        files.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{data}</worksheet>"#).into_bytes(),
        ));
    }
    content_types.push_str("</Types>");
    let workbook = format!(
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbook_pr}<sheets>{sheet_list}</sheets></workbook>"#
    );
    let root_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb_rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
    ];
    for (name, data) in &files {
        entries.push((name.as_str(), data.as_slice()));
    }
    zip_of(&entries)
}

/// A minimal ODS written by hand from `<table:table>` elements.
fn raw_ods(tables: &str, manifest_extra: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry></manifest:manifest>"#
    );
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const MERGED_HEADER: &str = "雅安经济开发区企业数据\n企业名称|2023年||是否高新技术企业|填报日期\n|营业收入（万元）|实缴税金（万元）";

fn merged_header_ranges() -> Vec<MergedRange> {
    let m = |first_row, first_col, last_row, last_col| MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    };
    vec![m(0, 0, 0, 3), m(1, 0, 2, 0), m(1, 1, 1, 2), m(1, 3, 2, 3)]
}

fn sorted(mut ranges: Vec<MergedRange>) -> Vec<MergedRange> {
    ranges.sort_by_key(|r| (r.first_row, r.first_col));
    ranges
}

// ---------------------------------------------------------------------------------------------
// Text formats and encodings

/// (case, bytes, format, encoding, file name, expected rows).
type TextCase = (
    &'static str,
    Vec<u8>,
    SourceFormat,
    &'static str,
    &'static str,
    String,
);

#[test]
fn text_formats_in_every_encoding() {
    let table = "企业名称,营业收入,实缴税金\r\n雅安锂电新材料有限公司,\"86,000\",3200\r\n川西精密制造有限公司,21000,980\r\n";
    let expected = "企业名称|营业收入|实缴税金\n雅安锂电新材料有限公司|86,000|3200\n川西精密制造有限公司|21000|980";
    let gbk_titled = "2023年雅安经济开发区企业数据\r\n单位：万元\r\n".to_string() + table;
    let gbk_expected = format!("2023年雅安经济开发区企业数据\n单位：万元\n{expected}");
    let big5 = "企業名稱,營業收入,實繳稅金\r\n雅安鋰電新材料有限公司,86000,3200\r\n";
    let tsv = "企业名称\t营业收入\t实缴税金\r\n雅安锂电新材料有限公司\t86,000\t3200\r\n川西精密制造有限公司\t21000\t980\r\n";
    let cases: Vec<TextCase> = vec![
        (
            "gbk with title and unit line",
            encode(&gbk_titled, encoding_rs::GBK),
            SourceFormat::Csv,
            "GBK",
            "企业数据.csv",
            gbk_expected,
        ),
        (
            "utf-8 without bom",
            table.as_bytes().to_vec(),
            SourceFormat::Csv,
            "UTF-8",
            "a.csv",
            expected.to_string(),
        ),
        (
            "utf-8 with bom",
            [b"\xEF\xBB\xBF".as_slice(), table.as_bytes()].concat(),
            SourceFormat::Csv,
            "UTF-8",
            "a.csv",
            expected.to_string(),
        ),
        (
            "utf-16le tsv with bom",
            utf16(tsv, false, true),
            SourceFormat::Tsv,
            "UTF-16LE",
            "a.tsv",
            expected.to_string(),
        ),
        (
            "utf-16be with bom",
            utf16(tsv, true, true),
            SourceFormat::Tsv,
            "UTF-16BE",
            "a.txt",
            expected.to_string(),
        ),
        (
            "utf-16le without bom",
            utf16(tsv, false, false),
            SourceFormat::Tsv,
            "UTF-16LE",
            "a.txt",
            expected.to_string(),
        ),
        (
            "utf-16be without bom",
            utf16(tsv, true, false),
            SourceFormat::Tsv,
            "UTF-16BE",
            "a.txt",
            expected.to_string(),
        ),
        (
            "big5",
            encode(big5, encoding_rs::BIG5),
            SourceFormat::Csv,
            "Big5",
            "a.csv",
            "企業名稱|營業收入|實繳稅金\n雅安鋰電新材料有限公司|86000|3200".to_string(),
        ),
        (
            "semicolon with decimal commas",
            "名称;营收;税收\n甲;1,5;2,3\n乙;3,1;4,0\n"
                .as_bytes()
                .to_vec(),
            SourceFormat::Csv,
            "UTF-8",
            "a.csv",
            "名称|营收|税收\n甲|1,5|2,3\n乙|3,1|4,0".to_string(),
        ),
        (
            "pipe",
            "a|b|c\n1|2|3\n".as_bytes().to_vec(),
            SourceFormat::Csv,
            "UTF-8",
            "a.dat",
            "a|b|c\n1|2|3".to_string(),
        ),
        (
            "old mac line ends, embedded newlines, ragged rows, blank line",
            "名称,备注\r\"甲\",\"第一行\r\n第二行\"\r\r乙\r丙,1,2,3\r"
                .as_bytes()
                .to_vec(),
            SourceFormat::Csv,
            "UTF-8",
            "a.csv",
            "名称|备注\n甲|第一行\r\n第二行\n\n乙\n丙|1|2|3".to_string(),
        ),
    ];
    for (case, bytes, format, encoding, name, want) in cases {
        let stem = name.split('.').next().unwrap();
        println!("case: {case}");
        check(
            &bytes,
            name,
            format,
            Some(encoding),
            &[(stem, want.as_str())],
        );
    }
}

#[test]
fn the_encoding_override_wins() {
    // GBK bytes read as Big5 on request: garbled, but as asked, and reported.
    let bytes = encode("企业名称,营业收入\n甲,1\n", encoding_rs::GBK);
    let options = SourceOptions {
        encoding: Some("GBK".into()),
    };
    let (wb, diags) = read_source(&bytes, "a.csv", &options);
    let wb = wb.unwrap();
    assert_eq!(wb.encoding.as_deref(), Some("GBK"));
    assert_eq!(render(&wb.sheets[0]), "企业名称|营业收入\n甲|1");
    assert!(
        diags
            .iter()
            .any(|d| d.code == "source.encoding" && d.message.zh.contains("指定"))
    );
    let utf8 = "企业名称,营业收入\n".as_bytes();
    let (wb, _) = read_source(
        utf8,
        "a.csv",
        &SourceOptions {
            encoding: Some("gb18030".into()),
        },
    );
    assert_eq!(wb.unwrap().encoding.as_deref(), Some("gb18030"));
}

#[test]
fn an_unclosed_quote_is_read_and_reported() {
    let (wb, diags) = read("a,b\n\"c,d\ne,f\n".as_bytes(), "a.csv");
    assert_eq!(render(&wb.unwrap().sheets[0]), "a|b\nc,d\ne,f\n");
    assert!(
        diags
            .iter()
            .any(|d| d.code == "source.unclosed_quote" && d.severity == Severity::Warning)
    );
}

#[test]
fn pasted_text_is_tab_separated() {
    let (wb, diags) =
        read_pasted("企业名称\t营业收入（万元）\r\n雅安锂电\t\"86,000\"\r\n\"多行\n名称\"\t5\r\n");
    let wb = wb.unwrap();
    assert!(diags.is_empty());
    assert_eq!(wb.format, SourceFormat::Pasted);
    assert_eq!(
        render(&wb.sheets[0]),
        "企业名称|营业收入（万元）\n雅安锂电|86,000\n多行\n名称|5"
    );
    let (wb, diags) = read_pasted("  \n ");
    assert!(wb.is_none());
    assert_eq!(diags[0].code, "source.empty");
}

// ---------------------------------------------------------------------------------------------
// HTML tables and SpreadsheetML 2003

#[test]
fn html_table_exports() {
    let page = |charset: &str, body: &str| {
        format!(
            "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"><style>td {{ mso-number-format:General }}</style></head><body>{body}</body></html>"
        )
    };
    let body = "<table border=1><tr><td colspan=\"4\" align=center>园区企业 2023</td></tr>\
        <tr><th rowspan=\"2\">企业名称</th><th colspan=\"2\">2023年</th><th rowspan=2>是否高新技术企业</th></tr>\
        <tr><th>营业收入<br>（万元）</th><th>实缴税金（万元）</th></tr>\
        <tr><td>雅安锂电&nbsp;新材料</td><td x:num=\"86000\">86,000</td><td>3,200</td><td>否</td></tr>\
        <tr><td>&nbsp;</td><td>&#20803;</td><td>&lt;1&gt;</td></tr></table>";
    let want = "园区企业 2023\n企业名称|2023年||是否高新技术企业\n|营业收入\n（万元）|实缴税金（万元）\n雅安锂电 新材料|n:86000|3,200|否\n|元|<1>";
    let gbk = encode(&page("gb2312", body), encoding_rs::GBK);
    let wb = check(
        &gbk,
        "企业.xls",
        SourceFormat::HtmlTable,
        Some("GBK"),
        &[("企业", want)],
    );
    let m = |first_row, first_col, last_row, last_col| MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    };
    assert_eq!(
        sorted(wb.sheets[0].merged.clone()),
        vec![m(0, 0, 0, 3), m(1, 0, 2, 0), m(1, 1, 1, 2), m(1, 3, 2, 3)]
    );
    let utf8 = page(
        "utf-8",
        &format!("{body}<table><tr><td>第二张</td></tr></table>"),
    );
    let (wb, diags) = read(utf8.as_bytes(), "企业.xls");
    let wb = wb.unwrap();
    assert_eq!(wb.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(
        wb.sheets
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["表1", "表2"]
    );
    // The .xls name promised a BIFF workbook: the user is told what it really was.
    assert!(
        diags
            .iter()
            .any(|d| d.code == "source.format" && d.severity == Severity::Info)
    );
}

#[test]
fn spreadsheetml_2003() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="2023年"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">园区企业</Data></Cell></Row>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">企业名称</Data></Cell><Cell><Data ss:Type="String">营业收入（万元）</Data></Cell><Cell><Data ss:Type="String">填报日期</Data></Cell></Row>
  <Row ss:Index="4"><Cell><Data ss:Type="String">雅安锂电</Data></Cell><Cell><Data ss:Type="Number">86000</Data></Cell><Cell><Data ss:Type="DateTime">2024-03-31T00:00:00.000</Data></Cell><Cell ss:Index="5"><Data ss:Type="Error">#N/A</Data></Cell><Cell><Data ss:Type="Boolean">0</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"#;
    let wb = check(
        xml.as_bytes(),
        "export.xls",
        SourceFormat::SpreadsheetMl2003,
        Some("UTF-8"),
        &[(
            "2023年",
            "园区企业\n企业名称|营业收入（万元）|填报日期\n\n雅安锂电|n:86000|d:45382||e:#N/A|b:false",
        )],
    );
    let m = |first_row, first_col, last_row, last_col| MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    };
    assert_eq!(wb.sheets[0].merged, vec![m(0, 0, 0, 2), m(1, 0, 2, 0)]);
    assert!(!wb.date_1904);
}

// ---------------------------------------------------------------------------------------------
// Workbooks

#[test]
fn xlsx_with_a_two_row_merged_header_anchored_at_a1() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("企业").unwrap();
    let plain = Format::new();
    // The table starts at B3: rows and columns before it must be padded.
    sheet.merge_range(2, 1, 3, 1, "企业名称", &plain).unwrap();
    sheet.merge_range(2, 2, 2, 3, "2023年", &plain).unwrap();
    sheet.write_string(3, 2, "营业收入（万元）").unwrap();
    sheet.write_string(3, 3, "实缴税金（万元）").unwrap();
    sheet.write_string(4, 1, "雅安锂电新材料有限公司").unwrap();
    sheet.write_number(4, 2, 86000).unwrap();
    sheet.write_number(4, 3, 3200.5).unwrap();
    sheet.write_boolean(5, 2, true).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_number_with_format(5, 3, 44927, &date).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let wb = check(
        &bytes,
        "企业.xlsx",
        SourceFormat::Xlsx,
        None,
        &[(
            "企业",
            "\n\n|企业名称|2023年\n||营业收入（万元）|实缴税金（万元）\n|雅安锂电新材料有限公司|n:86000|n:3200.5\n||b:true|d:44927",
        )],
    );
    let m = |first_row, first_col, last_row, last_col| MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    };
    assert_eq!(
        sorted(wb.sheets[0].merged.clone()),
        vec![m(2, 1, 3, 1), m(2, 2, 2, 3)]
    );
    assert!(!wb.date_1904);
}

#[test]
fn xlsx_sheet_per_year_errors_and_1904() {
    let year = |v: &str| {
        format!(
            r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c><c r="B1" t="inlineStr"><is><t>营业收入</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2"><v>{v}</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="e"><v>#N/A</v></c></row></sheetData>"#
        )
    };
    let (a, b, c) = (year("1"), year("2"), year("3"));
    let bytes = raw_xlsx(&[("2021", &a), ("2022年", &b), ("2023年度", &c)], "");
    let row = |v: &str| format!("企业名称|营业收入\n甲|n:{v}|e:#DIV/0!|e:#N/A");
    let wb = check(
        &bytes,
        "历年.xlsx",
        SourceFormat::Xlsx,
        None,
        &[
            ("2021", &row("1")),
            ("2022年", &row("2")),
            ("2023年度", &row("3")),
        ],
    );
    assert!(!wb.date_1904);

    // A date in a 1904 workbook keeps its own serial and the flag says which epoch.
    let styles = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    let sheet = r#"<sheetData><row r="1"><c r="A1" s="1"><v>43465</v></c></row></sheetData>"#;
    let plain = raw_xlsx(&[("s", sheet)], r#"<workbookPr date1904="1"/>"#);
    // Add the styles part so the cell is a date.
    let mut archive = zip::ZipArchive::new(Cursor::new(plain)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "xl/_rels/workbook.xml.rels" {
            let text = String::from_utf8(data).unwrap().replace(
                "</Relationships>",
                r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
            );
            data = text.into_bytes();
        }
        entries.push((name, data));
    }
    entries.push(("xl/styles.xml".into(), styles.as_bytes().to_vec()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let wb = check(
        &zip_of(&refs),
        "mac.xlsx",
        SourceFormat::Xlsx,
        None,
        &[("s", "d:43465")],
    );
    assert!(wb.date_1904);
}

#[test]
fn xlsx_cells_far_from_a1_stay_cheap() {
    let sheet = r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>"#;
    let bytes = raw_xlsx(&[("far", sheet)], "");
    let started = Instant::now();
    let (wb, diags) = read(&bytes, "far.xlsx");
    let wb = wb.unwrap_or_else(|| panic!("{diags:#?}"));
    let rows = &wb.sheets[0].rows;
    assert_eq!(rows.len(), 1_048_576);
    assert_eq!(rows[1_048_575].len(), 16_384);
    assert_eq!(rows[1_048_575][16_383], RawCell::Number(2.0));
    assert!(started.elapsed() < Duration::from_secs(5));

    // Many such rows exceed the slot budget instead of allocating gigabytes.
    let many: String = (1..=400)
        .map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#))
        .collect();
    let bytes = raw_xlsx(&[("far", &format!("<sheetData>{many}</sheetData>"))], "");
    check_error(&bytes, "far.xlsx", "source.too_large");
}

#[test]
fn xls_biff8_from_two_writers() {
    for name in ["biff8_merged_header.xls", "libreoffice_merged_header.xls"] {
        let wb = check(
            &fixture(name),
            name,
            SourceFormat::Xls,
            None,
            &[
                (
                    "2023年",
                    &format!(
                        "{MERGED_HEADER}\n雅安锂电新材料有限公司|n:86000|n:3200.5|否|d:45382\n川西精密制造有限公司|n:21000|n:980|是|d:45382\n|b:true"
                    ),
                ),
                ("园区信息", "园区名称||雅安经济开发区"),
            ],
        );
        assert_eq!(
            sorted(wb.sheets[0].merged.clone()),
            merged_header_ranges(),
            "{name}"
        );
        assert!(!wb.date_1904);
    }
    // The same dates in a 1904 workbook: the serial is the workbook's own, the flag tells.
    let wb = read(&fixture("biff8_date1904.xls"), "mac.xls").0.unwrap();
    assert!(wb.date_1904);
    assert_eq!(
        wb.sheets[0].rows[3][4],
        RawCell::DateSerial(45382.0 - 1462.0)
    );
}

#[test]
fn ods_from_libreoffice_and_by_hand() {
    // LibreOffice turns the XLS boolean into the formula TRUE() with the float value 1.
    let wb = check(
        &fixture("libreoffice_merged_header.ods"),
        "a.ods",
        SourceFormat::Ods,
        None,
        &[
            (
                "2023年",
                &format!(
                    "{MERGED_HEADER}\n雅安锂电新材料有限公司|n:86000|n:3200.5|否|d:45382\n川西精密制造有限公司|n:21000|n:980|是|d:45382\n|n:1"
                ),
            ),
            ("园区信息", "园区名称||雅安经济开发区"),
        ],
    );
    assert_eq!(sorted(wb.sheets[0].merged.clone()), merged_header_ranges());
    check(
        &fixture("libreoffice_error_cell.ods"),
        "err.ods",
        SourceFormat::Ods,
        None,
        &[(
            "err",
            "企业名称|营业收入|比率\n甲|n:100|e:#DIV/0!\n乙|n:1234.5|n:617.25",
        )],
    );
    // Repeats: empty repeats only move the cursor, content repeats are placed; trailing
    // repeated empty rows (LibreOffice pads to 1,048,576) cost nothing.
    let tables = r#"<table:table table:name="表">
        <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c</text:p><office:annotation><text:p>comment</text:p></office:annotation></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="percentage" office:value="0.125" table:number-columns-repeated="2" table:number-columns-spanned="1"/><table:table-cell office:value-type="date" office:date-value="2023-01-01"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="currency" office:value="5"><text:p>¥5</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
        <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        </table:table>"#;
    let wb = check(
        &raw_ods(tables, ""),
        "hand.ods",
        SourceFormat::Ods,
        None,
        &[(
            "表",
            "||a  b\nc\nn:0.125|n:0.125|d:44927|b:true\nn:0.125|n:0.125|d:44927|b:true\nn:5",
        )],
    );
    assert_eq!(
        wb.sheets[0].merged,
        vec![MergedRange {
            first_row: 3,
            first_col: 0,
            last_row: 4,
            last_col: 1
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Malformed inputs: exactly one Error each, quickly, never a panic

#[test]
fn malformed_inputs_give_one_clear_error() {
    let xlsx = raw_xlsx(
        &[(
            "s",
            r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#,
        )],
        "",
    );
    let truncated = xlsx[..xlsx.len() / 2].to_vec();
    // Damage the middle of the deflated worksheet: the CRC or the inflater catches it.
    let mut damaged = xlsx.clone();
    let at = find(&damaged, b"xl/worksheets/sheet1.xml").unwrap() + 40;
    for b in &mut damaged[at..at + 16] {
        *b ^= 0x5A;
    }
    let mut junk = Vec::with_capacity(4096);
    let mut state: u32 = 12345;
    for _ in 0..4096 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((state >> 16) as u8);
    }
    junk[0] = 0x01;
    let empty_sheets = raw_xlsx(&[("s", "<sheetData/>")], "");
    let encrypted_ods = raw_ods(
        "<table:table/>",
        r#"<manifest:encryption-data manifest:checksum-type="SHA1"/>"#,
    );
    let docx = zip_of(&[
        ("word/document.xml", b"<w:document/>"),
        ("[Content_Types].xml", b"<Types/>"),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", Vec::new(), "source.empty"),
        ("bom-only.csv", b"\xEF\xBB\xBF".to_vec(), "source.empty"),
        ("blank.csv", b"  \r\n\t\r\n".to_vec(), "source.empty"),
        ("no-data.xlsx", empty_sheets, "source.empty"),
        (
            "huge.csv",
            vec![b'a'; 50 * 1024 * 1024 + 1],
            "source.too_large",
        ),
        ("junk.xlsx", junk, "source.unknown_format"),
        ("truncated.xlsx", truncated, "source.corrupt"),
        ("damaged.xlsx", damaged, "source.corrupt"),
        (
            "bad-cfb.xls",
            [b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".as_slice(), &[0u8; 600]].concat(),
            "source.corrupt",
        ),
        (
            "secret.xlsx",
            fixture("encrypted_password_parkcheck.xlsx"),
            "source.encrypted",
        ),
        ("secret.ods", encrypted_ods, "source.encrypted"),
        (
            "report.pdf.xlsx",
            b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            "source.unsupported",
        ),
        ("letter.xlsx", docx, "source.unsupported"),
        (
            "page.xls",
            b"<!DOCTYPE html><html><body><p>no data</p></body></html>".to_vec(),
            "source.unsupported",
        ),
    ];
    for (name, bytes, code) in cases {
        check_error(&bytes, name, code);
    }
    // The encrypted workbook's message says what to do in Excel.
    let d = &read(&fixture("encrypted_password_parkcheck.xlsx"), "secret.xlsx").1[0];
    assert!(d.fix.as_ref().unwrap().zh.contains("另存为 .xlsx"));
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Sets the declared uncompressed size of every entry (local headers and central directory).
fn declare_size(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 30 <= zip.len() {
        if zip[i..i + 4] == *b"PK\x03\x04" {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            i += 30;
        } else if zip[i..i + 4] == *b"PK\x01\x02" {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            i += 46;
        } else {
            i += 1;
        }
    }
    zip
}

#[test]
fn zip_bombs_are_refused_before_inflating() {
    let zeros = vec![b' '; 8 * 1024 * 1024];
    let sheet = [br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.as_slice(), &zeros, b"</sheetData></worksheet>"].concat();
    let honest = raw_xlsx(&[("s", "<sheetData/>")], "");
    // Replace the worksheet by 8 MB of whitespace: ~8 KB deflated, a ratio of about 1000.
    let mut archive = zip::ZipArchive::new(Cursor::new(honest)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().unwrap().to_string();
        entries.push((
            name.clone(),
            if name.ends_with("sheet1.xml") {
                sheet.clone()
            } else {
                data
            },
        ));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let ratio_bomb = zip_of(&refs);
    assert!(ratio_bomb.len() < 100 * 1024);
    check_error(&ratio_bomb, "bomb.xlsx", "source.zip_bomb");
    // Declaring 3.9 GB per entry: refused from the directory alone.
    check_error(
        &declare_size(ratio_bomb.clone(), 0xF000_0000),
        "declared.xlsx",
        "source.zip_bomb",
    );
    // Declaring 1 KB while inflating to 8 MB (a lying header): refused while streaming.
    check_error(
        &declare_size(ratio_bomb, 1024),
        "liar.xlsx",
        "source.zip_bomb",
    );
}

#[test]
fn too_many_cells_are_refused() {
    // Just over the 2.5 M cell limit: 250,001 rows of 10 cells.
    let line = "1,2,3,4,5,6,7,8,9,10\n";
    let csv = line.repeat(250_001);
    check_error(csv.as_bytes(), "big.csv", "source.too_large");
    // An ODS row repeated a million times with content is counted before it is placed.
    let tables = r#"<table:table table:name="t"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100"/></table:table-row></table:table>"#;
    check_error(&raw_ods(tables, ""), "repeat.ods", "source.too_large");
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn templates_read_back_with_recognisable_headers() {
    let headers: Vec<String> = FieldId::ALL.into_iter().map(header).collect();
    assert!(headers.contains(&"营业收入（万元）".to_string()));
    assert!(headers.contains(&"用地面积（亩）".to_string()));
    assert!(headers.contains(&"企业名称".to_string()));

    let xlsx = template_xlsx();
    let (wb, diags) = read(&xlsx, "模板.xlsx");
    let wb = wb.unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(wb.sheets.len(), 2);
    let enterprise = &wb.sheets[0];
    let first: Vec<String> = enterprise.rows[0].iter().map(render_cell).collect();
    assert_eq!(first, headers);
    assert_eq!(enterprise.rows.len(), 2, "header and one example row");
    assert_eq!(wb.sheets[1].name, PARK_SHEET);
    assert_eq!(render_cell(&wb.sheets[1].rows[1][0]), "园区名称");
    // One note per column and the 是/否 drop-downs are in the package.
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/comments1.xml").unwrap(),
        &mut comments,
    )
    .unwrap();
    assert_eq!(comments.matches("<comment ").count(), FieldId::ALL.len());
    assert!(comments.contains("单位：万元"));
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    let bool_columns = FieldId::ALL
        .iter()
        .filter(|f| {
            matches!(
                f.kind(),
                parkcheck::dataset::FieldKind::Bool | parkcheck::dataset::FieldKind::FlagText
            )
        })
        .count();
    assert_eq!(sheet.matches("<dataValidation ").count(), bool_columns);
    assert_eq!(sheet.matches("是,否").count(), bool_columns);
}

#[test]
fn the_csv_template_reads_back() {
    let (wb, _) = read(&template_csv(), "模板.csv");
    let sheet = &wb.unwrap().sheets[0];
    let headers: Vec<String> = FieldId::ALL.into_iter().map(header).collect();
    assert_eq!(
        sheet.rows[0].iter().map(render_cell).collect::<Vec<_>>(),
        headers
    );
    assert_eq!(sheet.rows.len(), 2);
    let code = render_cell(&sheet.rows[1][1]);
    assert!(credit_code_is_valid(&code), "{code}");
}

/// GB 32100-2015 check digit.
fn credit_code_is_valid(code: &str) -> bool {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let values: Option<Vec<usize>> = code.chars().map(|c| CHARS.find(c)).collect();
    let Some(values) = values.filter(|v| v.len() == 18) else {
        return false;
    };
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31 == values[17]
}

#[test]
fn hostile_xls_records_are_neutralised() {
    let original = fixture("biff8_merged_header.xls");
    // A DIMENSIONS record claiming 4 billion rows would make calamine reserve terabytes.
    let at = find(&original, &[0x00, 0x02, 0x0E, 0x00]).expect("a DIMENSIONS record");
    let mut lying = original.clone();
    lying[at + 4..at + 8].copy_from_slice(&0u32.to_le_bytes());
    lying[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    lying[at + 12..at + 14].copy_from_slice(&0u16.to_le_bytes());
    lying[at + 14..at + 16].copy_from_slice(&u16::MAX.to_le_bytes());
    let (wb, diags) = read(&lying, "lying.xls");
    let wb = wb.unwrap_or_else(|| panic!("{diags:#?}"));
    let (plain, _) = read(&original, "plain.xls");
    assert_eq!(wb.sheets, plain.unwrap().sheets);

    // One RK (number) cell moved to IV65536 spreads the sheet over 16.7 million dense slots.
    let at = find(&original, &[0x7E, 0x02, 0x0A, 0x00]).expect("an RK record");
    let mut far = original;
    far[at + 4..at + 6].copy_from_slice(&u16::MAX.to_le_bytes());
    far[at + 6..at + 8].copy_from_slice(&255u16.to_le_bytes());
    check_error(&far, "far.xls", "source.too_large");
}
