//! Which family the bytes belong to, from magic numbers only (the file name is never trusted).
//!
//! Owns the magic numbers and the binary-junk test on decoded text; must not parse anything.

use super::cfb::MAGIC as CFB_MAGIC;
use super::error::Foreign;

/// The container family of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A zip archive (XLSX, ODS, or something else zipped).
    Zip,
    /// An OLE compound file (XLS, an encrypted XLSX, or another Office file).
    Compound,
    /// A known non-spreadsheet file type.
    Foreign(Foreign),
    /// Anything else: treated as text (CSV/TSV, HTML, SpreadsheetML).
    Text,
}

pub fn family(bytes: &[u8]) -> Family {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        Family::Zip
    } else if starts(&CFB_MAGIC) {
        Family::Compound
    } else if starts(b"%PDF") {
        Family::Foreign(Foreign::Pdf)
    } else if starts(b"\x89PNG\r\n\x1a\n")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
    {
        Family::Foreign(Foreign::Image)
    } else if starts(b"Rar!\x1A\x07") || starts(b"7z\xBC\xAF\x27\x1C") || starts(b"\x1F\x8B") {
        Family::Foreign(Foreign::Archive)
    } else {
        Family::Text
    }
}

/// Whether decoded text is really binary: more than 5 % control characters or replacement
/// characters (tab, line ends and form feed are text).
pub fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for ch in text.chars().take(64 * 1024) {
        total += 1;
        let control =
            (ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\u{0C}')) || ch == '\u{FFFD}';
        if control {
            bad += 1;
        }
    }
    bad > 0 && bad * 20 >= total
}
