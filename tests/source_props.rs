#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the format readers: no byte sequence makes `read_source` panic, no string
//! makes `read_pasted` panic, and a refusal is always exactly one Error diagnostic.

use parkcheck::Diagnostic;
use parkcheck::diagnostic::Severity;
use parkcheck::ingest::raw::RawWorkbook;
use parkcheck::ingest::source::{SourceOptions, read_pasted, read_source};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn assert_contract(result: &(Option<RawWorkbook>, Vec<Diagnostic>)) {
    match result {
        (Some(wb), diags) => {
            assert!(
                diags
                    .iter()
                    .all(|d| d.severity != Severity::Error || d.code == "source.sheet_unreadable")
            );
            assert!(wb.sheets.iter().any(|s| !s.rows.is_empty()));
        }
        (None, diags) => {
            assert_eq!(diags.len(), 1);
            assert_eq!(diags[0].severity, Severity::Error);
            assert!(diags[0].code.starts_with("source."));
        }
    }
}

/// Prefixes that steer random bytes into each reader.
const PREFIXES: [&[u8]; 8] = [
    b"",
    b"PK\x03\x04",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"<table><tr><td rowspan=3 colspan=2>",
    b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row><Cell ss:Index=\"",
    b"\xFF\xFE",
    b"\"a\",b;c|d\te\r\n",
    b"<meta charset=gbk>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_bytes_make_read_source_panic(prefix in 0..PREFIXES.len(), body in proptest::collection::vec(any::<u8>(), 0..2048), gbk in any::<bool>()) {
        let bytes = [PREFIXES[prefix], &body].concat();
        let options = SourceOptions { encoding: gbk.then(|| "GBK".to_string()) };
        assert_contract(&read_source(&bytes, "input.xls", &options));
    }

    #[test]
    fn damaged_workbooks_never_panic(
        which in 0..4usize,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let name = ["biff8_merged_header.xls", "libreoffice_merged_header.xls", "libreoffice_merged_header.ods", "libreoffice_error_cell.ods"][which];
        let mut bytes = fixture(name);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        assert_contract(&read_source(&bytes, name, &SourceOptions::default()));
    }

    #[test]
    fn no_text_makes_read_pasted_panic(text in "(?s).{0,600}") {
        let result = read_pasted(&text);
        assert_contract(&result);
    }

    #[test]
    fn spreadsheet_like_text_never_panics(text in "([\"\t,;|\r\n]|[a-z]{1,3}|[企业万元]|<t[dhr][^>]{0,12}>|&[a-z#0-9]{0,6};?){0,200}") {
        assert_contract(&read_pasted(&text));
        assert_contract(&read_source(text.as_bytes(), "x.csv", &SourceOptions::default()));
    }
}
