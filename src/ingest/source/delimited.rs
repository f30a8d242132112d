//! Delimited text (CSV, TSV, semicolon or pipe separated, text pasted from a spreadsheet) →
//! one [`RawSheet`]: a small quote-aware tokenizer that reads as Excel does, and the delimiter
//! sniffer.
//!
//! Excel's reading is the reference: a quote opens a quoted field only at the start of a field,
//! `""` inside quotes is a quote, quoted fields may hold delimiters and newlines, `\r\n`, `\r`
//! and `\n` all end a record, and blank lines stay as blank rows so row numbers match. Owns only
//! tokenizing; must not decode bytes or interpret cells (every field is kept as text).

use crate::ingest::raw::{RawCell, RawSheet};

use super::error::SourceError;
use super::grid::{Budget, SheetBuilder};
use super::limits::DELIMITER_SAMPLE_RECORDS;

/// Candidate delimiters, in order of preference on a tie.
pub const CANDIDATES: [char; 4] = [',', '\t', ';', '|'];

/// One parsed record: its fields, and whether the text ended inside a quoted field.
struct Tokenizer<'a> {
    rest: &'a str,
    delimiter: char,
    pub unclosed_quote: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(text: &'a str, delimiter: char) -> Tokenizer<'a> {
        Tokenizer {
            rest: text,
            delimiter,
            unclosed_quote: false,
        }
    }

    /// The next record, or `None` at the end of the text.
    fn next_record(&mut self) -> Option<Vec<String>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = self.rest.char_indices().peekable();
        let mut at_field_start = true;
        let mut in_quotes = false;
        let mut consumed = self.rest.len();
        while let Some((i, ch)) = chars.next() {
            if in_quotes {
                if ch == '"' {
                    if matches!(chars.peek(), Some((_, '"'))) {
                        chars.next();
                        field.push('"');
                    } else {
                        in_quotes = false;
                    }
                } else {
                    field.push(ch);
                }
                continue;
            }
            if ch == '"' && at_field_start {
                in_quotes = true;
                at_field_start = false;
            } else if ch == self.delimiter {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            } else if ch == '\n' || ch == '\r' {
                let mut end = i + 1;
                if ch == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                    end += 1;
                }
                consumed = end;
                break;
            } else {
                field.push(ch);
                at_field_start = false;
            }
        }
        if in_quotes {
            self.unclosed_quote = true;
        }
        fields.push(field);
        self.rest = self.rest.get(consumed..).unwrap_or_default();
        Some(fields)
    }
}

/// Guesses the delimiter: the candidate whose most frequent field count (above one) is shared
/// by the most sampled records. Title rows and `单位：万元` lines have one field and do not
/// count against a candidate. `preferred` wins ties (from the file name or the paste context).
pub fn sniff_delimiter(text: &str, preferred: Option<char>) -> char {
    let mut best = (preferred.unwrap_or(','), 0usize, 0usize);
    let order = preferred
        .into_iter()
        .chain(CANDIDATES.into_iter().filter(|c| Some(*c) != preferred));
    for delimiter in order {
        let mut tokenizer = Tokenizer::new(text, delimiter);
        let mut counts: Vec<usize> = Vec::new();
        while counts.len() < DELIMITER_SAMPLE_RECORDS {
            match tokenizer.next_record() {
                Some(fields) => counts.push(fields.len()),
                None => break,
            }
        }
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for n in counts.iter().copied().filter(|n| *n > 1) {
            match tally.iter_mut().find(|(count, _)| *count == n) {
                Some((_, seen)) => *seen += 1,
                None => tally.push((n, 1)),
            }
        }
        // Most records first, then the wider layout.
        if let Some((width, records)) = tally
            .into_iter()
            .max_by_key(|(width, seen)| (*seen, *width))
            && (records, width) > (best.1, best.2)
        {
            best = (delimiter, records, width);
        }
    }
    best.0
}

/// Result of reading delimited text.
pub struct Delimited {
    pub sheet: RawSheet,
    /// The text ended inside a quoted field (the rest of the file became one cell).
    pub unclosed_quote: bool,
}

/// Reads all of `text` as records separated by `delimiter` into a sheet named `name`.
pub fn read_delimited(
    text: &str,
    delimiter: char,
    name: &str,
    budget: &mut Budget,
) -> Result<Delimited, SourceError> {
    let mut tokenizer = Tokenizer::new(text, delimiter);
    let mut builder = SheetBuilder::new(name);
    let mut row: u32 = 0;
    while let Some(fields) = tokenizer.next_record() {
        for (col, field) in fields.into_iter().enumerate() {
            if !field.is_empty() {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                builder.set(budget, row, col, RawCell::Text(field))?;
            }
        }
        row = row.saturating_add(1);
    }
    Ok(Delimited {
        sheet: builder.finish(),
        unclosed_quote: tokenizer.unclosed_quote,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
        let mut t = Tokenizer::new(text, delimiter);
        std::iter::from_fn(|| t.next_record()).collect()
    }

    #[test]
    fn tokenizes_as_excel_does() {
        let cases: &[(&str, &[&[&str]])] = &[
            ("a,b\r\nc,d\r\n", &[&["a", "b"], &["c", "d"]]),
            ("a,b\rc,d", &[&["a", "b"], &["c", "d"]]),
            ("a\n\nb\n", &[&["a"], &[""], &["b"]]),
            ("\"x,\"\"y\"\"\nz\",2", &[&["x,\"y\"\nz", "2"]]),
            ("5\" pipe,1", &[&["5\" pipe", "1"]]),
            ("\"a\"b,c", &[&["ab", "c"]]),
            ("a,,\n,b", &[&["a", "", ""], &["", "b"]]),
        ];
        for (text, expected) in cases {
            let got = rows(text, ',');
            let expected: Vec<Vec<String>> = expected
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect();
            assert_eq!(got, expected, "input {text:?}");
        }
    }

    #[test]
    fn sniffs_the_consistent_delimiter() {
        let cases = [
            (
                "园区企业数据\n单位：万元\n名称,营收,税收\n甲,1,2\n乙,3,4\n",
                ',',
            ),
            ("名称;营收;税收\n甲;1,5;2,3\n乙;3,1;4,0\n", ';'),
            ("名称\t营收\n\"甲,乙\"\t1\n丙\t2\n", '\t'),
            ("a|b|c\n1|2|3\n", '|'),
            ("\"1,234\"|x\n\"5,678\"|y\n", '|'),
            ("single column\nno delimiter\n", ','),
        ];
        for (text, expected) in cases {
            assert_eq!(sniff_delimiter(text, None), expected, "input {text:?}");
        }
        assert_eq!(sniff_delimiter("one\ntwo", Some('\t')), '\t');
    }
}
