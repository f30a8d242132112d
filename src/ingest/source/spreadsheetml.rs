//! SpreadsheetML 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`, the
//! "XML 表格" that Excel 2003 and many report systems write, often named `.xls`) → sheets.
//!
//! Worksheet/Table/Row/Cell with `ss:Index` (1-based jumps), `ss:MergeAcross`/`ss:MergeDown`
//! (merged ranges) and `Data ss:Type` Number/String/DateTime/Boolean/Error. Rich text inside
//! `ss:Data` (`<Font>`, `<B>`…) is flattened to its text. Owns only this format; must not decode
//! bytes or interpret cell text.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ingest::raw::{RawCell, RawSheet, SourceFormat};

use super::error::SourceError;
use super::grid::{Budget, SheetBuilder, iso_to_serial};
use super::xml::{attr, reference, text};

/// Whether decoded text is a SpreadsheetML 2003 document.
pub fn is_spreadsheetml(head: &str) -> bool {
    head.contains("urn:schemas-microsoft-com:office:spreadsheet") && head.contains("Workbook")
}

struct Cursor {
    row: u32,
    col: u32,
}

struct OpenData {
    kind: String,
    text: String,
}

/// Reads every worksheet.
pub fn read_spreadsheetml(xml: &str, budget: &mut Budget) -> Result<Vec<RawSheet>, SourceError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut sheets = Vec::new();
    let mut sheet: Option<SheetBuilder> = None;
    // Row of the last `<Row>` (so the next one without ss:Index follows it) and the cell cursor.
    let mut next_row: u32 = 0;
    let mut cursor = Cursor { row: 0, col: 0 };
    let mut data: Option<OpenData> = None;
    let mut cell_at: Option<(u32, u32)> = None;
    let corrupt = |e: quick_xml::Error| SourceError::Corrupt {
        format: SourceFormat::SpreadsheetMl2003,
        detail: format!("XML: {e}"),
    };
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            // A truncated or damaged file: keep what was read if there is any.
            Err(e) if sheets.is_empty() && sheet.as_ref().is_none_or(SheetBuilder::is_empty) => {
                return Err(corrupt(e));
            }
            Err(_) => break,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "Worksheet") => {
                if let Some(done) = sheet.take() {
                    sheets.push(done.finish());
                }
                let name = attr(&e, "Name").unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                sheet = Some(SheetBuilder::new(name));
                next_row = 0;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Row" => {
                let row = index_attr(&e).unwrap_or(next_row);
                cursor = Cursor { row, col: 0 };
                next_row = row.saturating_add(1);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Cell" => {
                let col = index_attr(&e).unwrap_or(cursor.col);
                let across = number_attr(&e, "MergeAcross");
                let down = number_attr(&e, "MergeDown");
                if let Some(s) = sheet.as_mut()
                    && (across > 0 || down > 0)
                {
                    s.merge(
                        cursor.row,
                        col,
                        cursor.row.saturating_add(down),
                        col.saturating_add(across),
                    );
                }
                cell_at = Some((cursor.row, col));
                cursor.col = col.saturating_add(across).saturating_add(1);
            }
            Event::Start(e) if e.local_name().as_ref() == "Data" && cell_at.is_some() => {
                data = Some(OpenData {
                    kind: attr(&e, "Type").unwrap_or_default(),
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(d) = data.as_mut() {
                    d.text.push_str(&text(&t));
                }
            }
            Event::CData(t) => {
                if let Some(d) = data.as_mut() {
                    d.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(d) = data.as_mut() {
                    d.text.push_str(&reference(&r));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Data" => {
                if let (Some(d), Some((row, col)), Some(s)) = (data.take(), cell_at, sheet.as_mut())
                {
                    s.set(budget, row, col, convert(&d))?;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Cell" => cell_at = None,
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(done) = sheet.take() {
        sheets.push(done.finish());
    }
    Ok(sheets)
}

fn index_attr(e: &BytesStart<'_>) -> Option<u32> {
    let index: u32 = attr(e, "Index")?.trim().parse().ok()?;
    index.checked_sub(1)
}

fn number_attr(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn convert(data: &OpenData) -> RawCell {
    let t = data.text.as_str();
    match data.kind.as_str() {
        "Number" => match t.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => RawCell::Number(n),
            _ => text_cell(t),
        },
        "DateTime" => iso_to_serial(t).map_or_else(|| text_cell(t), RawCell::DateSerial),
        "Boolean" => match t.trim() {
            "1" | "true" | "TRUE" => RawCell::Bool(true),
            "0" | "false" | "FALSE" => RawCell::Bool(false),
            _ => text_cell(t),
        },
        "Error" => RawCell::Error(t.trim().to_string()),
        _ => text_cell(t),
    }
}

fn text_cell(t: &str) -> RawCell {
    if t.is_empty() {
        RawCell::Empty
    } else {
        RawCell::Text(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::raw::MergedRange;

    #[test]
    fn reads_indexes_merges_and_types() {
        let xml = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <Worksheet ss:Name="企业">
  <Table>
   <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">标题 &amp; 说明</Data></Cell><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>粗</B>体</ss:Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="Number">1234.5</Data></Cell><Cell><Data ss:Type="DateTime">2023-01-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Error">#DIV/0!</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="空"/>
</Workbook>"#;
        assert!(is_spreadsheetml(xml));
        let sheets = read_spreadsheetml(xml, &mut Budget::default()).unwrap();
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(s.name, "企业");
        assert_eq!(
            s.rows[0],
            vec![
                RawCell::Text("标题 & 说明".into()),
                RawCell::Empty,
                RawCell::Text("粗体".into())
            ]
        );
        assert!(s.rows[1].is_empty());
        assert_eq!(
            s.rows[2],
            vec![
                RawCell::Empty,
                RawCell::Number(1234.5),
                RawCell::DateSerial(44927.0),
                RawCell::Bool(true),
                RawCell::Error("#DIV/0!".into())
            ]
        );
        assert_eq!(
            s.merged,
            vec![MergedRange {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 1
            }]
        );
    }
}
