//! Zip containers (XLSX, ODS, and zips that are not workbooks): what the archive holds, the
//! zip-bomb checks, and bounded reading of single entries.
//!
//! The checks run before anything is inflated for real: first the central directory (declared
//! sizes, ratios, entry count), then a streaming pass that inflates the entries a reader will
//! parse into a fixed buffer, refusing as soon as an entry inflates past what it declared (a
//! lying header) or the total past [`MAX_INFLATED_TOTAL`]. Memory stays bounded by the buffer.
//! Owns only archive handling; must not parse any sheet.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::ingest::raw::SourceFormat;

use super::error::{Foreign, SourceError};
use super::limits::{
    MAX_INFLATED_TOTAL, MAX_SNIFF_ENTRY, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, ZIP_RATIO_MIN_SIZE,
};

pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// What a zip archive turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Ods,
    Other(Foreign),
}

/// Opens the archive's central directory (nothing is inflated).
pub fn open(bytes: &[u8], likely: SourceFormat) -> Result<Archive<'_>, SourceError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| SourceError::Corrupt {
        format: likely,
        detail: zip_detail(&e),
    })
}

fn zip_detail(e: &ZipError) -> String {
    match e {
        ZipError::Io(_) => "压缩结构读取失败 / zip structure unreadable".to_string(),
        ZipError::InvalidArchive(_) => {
            "压缩目录无效，文件可能被截断 / invalid zip directory, the file may be truncated"
                .to_string()
        }
        other => format!("zip: {other}"),
    }
}

/// Classifies the archive by its entry names (and the ODF `mimetype` entry).
pub fn classify(archive: &mut Archive<'_>) -> ZipKind {
    let names: Vec<String> = archive
        .file_names()
        .flatten()
        .map(|n| n.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("xl/workbook.xml") {
        return ZipKind::Xlsx;
    }
    if has("xl/workbook.bin") {
        return ZipKind::Other(Foreign::Xlsb);
    }
    if has("word/document.xml") {
        return ZipKind::Other(Foreign::WordDocument);
    }
    if has("ppt/presentation.xml") {
        return ZipKind::Other(Foreign::Presentation);
    }
    if has("mimetype") {
        let mime = read_entry(archive, "mimetype", MAX_SNIFF_ENTRY).unwrap_or_default();
        let mime = String::from_utf8_lossy(&mime);
        let mime = mime.trim();
        if mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
            return ZipKind::Ods;
        }
        if mime.starts_with("application/vnd.oasis.opendocument") {
            return ZipKind::Other(Foreign::OpenDocumentText);
        }
    }
    if has("content.xml") && has("META-INF/manifest.xml") {
        // An ODF file without its `mimetype` entry: let the ODS reader decide.
        return ZipKind::Ods;
    }
    ZipKind::Other(Foreign::Archive)
}

/// The zip-bomb and integrity checks. `parsed` selects the entries that will be inflated by a
/// reader (by name); only those are inflated here, into a fixed buffer.
/// Returns, for entries that `parsed` selects and `keep_tail` names, the last [`TAIL`] bytes of
/// their inflated content (the XLSX reader finds merged cells there without a second parse).
pub fn check(
    archive: &mut Archive<'_>,
    format: SourceFormat,
    parsed: impl Fn(&str) -> bool,
    keep_tail: impl Fn(&str) -> bool,
) -> Result<HashMap<String, Vec<u8>>, SourceError> {
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(SourceError::ZipBomb);
    }
    let mut declared_total: u64 = 0;
    let mut selected = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| SourceError::Corrupt {
            format,
            detail: zip_detail(&e),
        })?;
        if entry.encrypted() {
            return Err(SourceError::Encrypted { format });
        }
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        declared_total = declared_total.saturating_add(size);
        if declared_total > MAX_INFLATED_TOTAL
            || (size > ZIP_RATIO_MIN_SIZE && size / compressed > MAX_ZIP_RATIO)
        {
            return Err(SourceError::ZipBomb);
        }
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if parsed(&name) {
            let tail = keep_tail(&name).then(|| name.clone());
            selected.push((i, size, tail));
        }
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let mut inflated_total: u64 = 0;
    let mut tails = HashMap::new();
    for (i, declared, tail_name) in selected {
        let mut tail: Vec<u8> = Vec::new();
        let mut entry = archive.by_index(i).map_err(|e| match e {
            ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
                SourceError::Encrypted { format }
            }
            other => SourceError::Corrupt {
                format,
                detail: zip_detail(&other),
            },
        })?;
        let mut inflated: u64 = 0;
        loop {
            let n = match entry.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                // The zip crate itself stops an entry at its declared size.
                Err(e) if e.to_string().contains("declared uncompressed size") => {
                    return Err(SourceError::ZipBomb);
                }
                Err(_) => {
                    return Err(SourceError::Corrupt {
                        format,
                        detail: "压缩数据损坏或不完整 / damaged or incomplete compressed data"
                            .to_string(),
                    });
                }
            };
            inflated += n as u64;
            inflated_total += n as u64;
            if tail_name.is_some() {
                tail.extend_from_slice(buffer.get(..n).unwrap_or_default());
                if tail.len() > 2 * TAIL {
                    tail.drain(..tail.len() - TAIL);
                }
            }
            if inflated > declared || inflated_total > MAX_INFLATED_TOTAL {
                return Err(SourceError::ZipBomb);
            }
        }
        if let Some(name) = tail_name {
            if tail.len() > TAIL {
                tail.drain(..tail.len() - TAIL);
            }
            tails.insert(name, tail);
        }
    }
    Ok(tails)
}

/// Bytes kept from the end of entries that `check` is asked to keep the tail of.
pub const TAIL: usize = 256 * 1024;

/// Reads one entry, at most `limit` bytes (more → zip bomb). `None` when absent or unreadable.
pub fn read_entry(archive: &mut Archive<'_>, name: &str, limit: u64) -> Option<Vec<u8>> {
    let entry = archive.by_name(name).ok()?;
    let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
    entry.take(limit).read_to_end(&mut out).ok()?;
    Some(out)
}
