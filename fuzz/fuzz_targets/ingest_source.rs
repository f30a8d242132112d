//! Any bytes through `read_source` (and, as text, through `read_pasted`): must never panic, and
//! a refusal is exactly one Error diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parkcheck::diagnostic::Severity;
use parkcheck::ingest::source::{SourceOptions, read_pasted, read_source};

fuzz_target!(|data: &[u8]| {
    let options = SourceOptions {
        encoding: data
            .first()
            .filter(|b| **b == b'G')
            .map(|_| "GBK".to_string()),
    };
    let (workbook, diagnostics) = read_source(data, "fuzz.xls", &options);
    if workbook.is_none() {
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].severity, Severity::Error);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_pasted(text);
    }
});
