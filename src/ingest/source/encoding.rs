//! Bytes of a text format → `String`: which encoding, how it was decided, and the Info
//! diagnostic that tells the user.
//!
//! Order of evidence: the user's override, a byte-order mark, the NUL-byte pattern of UTF-16,
//! strict UTF-8, a charset declared in markup (`<meta charset>`, `<?xml encoding?>`), then
//! chardetng's guess (GBK/GB18030, Big5, …). Owns only decoding; must not know any table format.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diagnostic::{Diagnostic, Location, Text};

use super::limits::SNIFF_WINDOW;

/// How the encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Override,
    ByteOrderMark,
    NulPattern,
    ValidUtf8,
    Declared,
    Guessed,
}

/// Decoded text and what was used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub evidence: Evidence,
    /// Whether some bytes were not valid in the encoding (replaced by U+FFFD).
    pub had_errors: bool,
}

impl Decoded {
    /// The encoding's name as users know it (`UTF-8`, `GBK`, `Big5`, `UTF-16LE`).
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }

    /// The Info diagnostic naming the encoding (plus a warning when bytes were replaced).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let name = self.name();
        let (how_zh, how_en) = match self.evidence {
            Evidence::Override => ("按您指定的编码", "as you chose"),
            Evidence::ByteOrderMark => ("由文件开头的字节顺序标记确定", "from the byte-order mark"),
            Evidence::NulPattern => ("由字节排列识别", "recognised from the byte pattern"),
            Evidence::ValidUtf8 => ("文件是有效的 UTF-8", "the file is valid UTF-8"),
            Evidence::Declared => ("按文件内声明的字符集", "as declared inside the file"),
            Evidence::Guessed => ("由内容自动识别", "guessed from the content"),
        };
        let mut out = vec![
            Diagnostic::info(
                "source.encoding",
                Location::none(),
                Text::new(
                    format!("文本编码：{name}（{how_zh}）。"),
                    format!("Text encoding: {name} ({how_en})."),
                ),
            )
            .with_fix(Text::new(
                "如果中文显示为乱码，请在“文本编码”中选择正确的编码（如 GBK 或 UTF-8）后重新读取。",
                "If Chinese text looks garbled, choose the right text encoding (e.g. GBK or UTF-8) and read the file again.",
            )),
        ];
        if self.had_errors {
            out.push(
                Diagnostic::warning(
                    "source.encoding_errors",
                    Location::none(),
                    Text::new(
                        format!("部分字节不是有效的 {name} 字符，已替换为“�”。"),
                        format!("Some bytes are not valid {name} and were replaced by \"�\"."),
                    ),
                )
                .with_fix(Text::new(
                    "请在“文本编码”中尝试其他编码（如 GBK、GB18030、Big5 或 UTF-8），或在 Excel 中另存为 .xlsx 后重试。",
                    "Try another text encoding (e.g. GBK, GB18030, Big5 or UTF-8), or save the file as .xlsx in Excel and try again.",
                )),
            );
        }
        out
    }
}

/// Decodes `bytes`. `override_label` (e.g. `"GBK"`) wins when it names a known encoding;
/// otherwise a warning is pushed to `diagnostics` and the encoding is detected.
pub fn decode(
    bytes: &[u8],
    override_label: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Decoded {
    if let Some(label) = override_label.map(str::trim).filter(|l| !l.is_empty()) {
        match Encoding::for_label(label.as_bytes()) {
            Some(encoding) => {
                // A BOM of the chosen encoding is still not content.
                let body = match Encoding::for_bom(bytes) {
                    Some((bom_enc, len)) if bom_enc == encoding => bytes.get(len..).unwrap_or_default(),
                    _ => bytes,
                };
                return run(body, encoding, Evidence::Override);
            }
            None => diagnostics.push(
                Diagnostic::warning(
                    "source.encoding_unknown",
                    Location::none(),
                    Text::new(
                        format!("不认识指定的编码“{label}”，已改为自动识别。"),
                        format!("The chosen encoding \"{label}\" is not known; it was detected automatically instead."),
                    ),
                )
                .with_fix(Text::new("请选择 UTF-8、GBK、GB18030 或 Big5 等常见编码。", "Choose a common encoding such as UTF-8, GBK, GB18030 or Big5.")),
            ),
        }
    }
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return run(
            bytes.get(len..).unwrap_or_default(),
            encoding,
            Evidence::ByteOrderMark,
        );
    }
    if let Some(encoding) = utf16_by_nul_pattern(bytes) {
        return run(bytes, encoding, Evidence::NulPattern);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let ascii = text.is_ascii();
        let declared = if ascii { declared_charset(bytes) } else { None };
        return match declared {
            // Pure ASCII reads the same in every ASCII-compatible charset; report the declared one.
            Some(enc) if enc.is_ascii_compatible() => Decoded {
                text: text.to_string(),
                encoding: enc,
                evidence: Evidence::Declared,
                had_errors: false,
            },
            _ => Decoded {
                text: text.to_string(),
                encoding: UTF_8,
                evidence: Evidence::ValidUtf8,
                had_errors: false,
            },
        };
    }
    if let Some(encoding) = declared_charset(bytes).filter(|e| e.is_ascii_compatible()) {
        return run(bytes, encoding, Evidence::Declared);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    run(bytes, encoding, Evidence::Guessed)
}

fn run(bytes: &[u8], encoding: &'static Encoding, evidence: Evidence) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        evidence,
        had_errors,
    }
}

/// UTF-16 without a BOM: ASCII characters leave a NUL in every other byte.
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(SNIFF_WINDOW))?;
    if sample.len() < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    let enough = |n: usize| n >= 2 && n * 10 >= pairs;
    if enough(odd) && even * 4 <= odd {
        Some(UTF_16LE)
    } else if enough(even) && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A charset declared near the start of markup: `<meta charset="gbk">`,
/// `content="text/html; charset=gb2312"` or `<?xml version="1.0" encoding="GB2312"?>`.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = bytes.get(..bytes.len().min(SNIFF_WINDOW))?;
    let first = window.iter().position(|b| !b.is_ascii_whitespace())?;
    if window.get(first) != Some(&b'<') {
        return None;
    }
    let lower: Vec<u8> = window.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let mut from = 0;
        while let Some(pos) = find(lower.get(from..)?, key) {
            let start = from + pos + key.len();
            let rest = lower.get(start..)?;
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                })
                .unwrap_or(rest.len());
            if let Some(enc) = rest.get(..end).and_then(Encoding::for_label) {
                // A page that claims UTF-16 was read as bytes, so the claim is wrong.
                if enc != UTF_16LE && enc != UTF_16BE {
                    return Some(enc);
                }
            }
            from = start;
        }
    }
    None
}

/// Position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], label: Option<&str>, expect_name: &str, expect_text: &str) {
        let mut diags = Vec::new();
        let d = decode(bytes, label, &mut diags);
        assert_eq!(d.name(), expect_name);
        assert_eq!(d.text, expect_text);
    }

    #[test]
    fn decides_in_order_of_evidence() {
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,营业收入");
        check(&gbk, None, "GBK", "企业名称,营业收入");
        check(&gbk, Some("gb2312"), "GBK", "企业名称,营业收入");
        check("企业".as_bytes(), None, "UTF-8", "企业");
        check(b"\xEF\xBB\xBFa,b", None, "UTF-8", "a,b");
        check(b"\xFF\xFEa\0,\0b\0", None, "UTF-16LE", "a,b");
        check(b"a\0,\0b\0\n\0", None, "UTF-16LE", "a,b\n");
        check(b"\0a\0,\0b\0\n", None, "UTF-16BE", "a,b\n");
        let (big5, _, _) = encoding_rs::BIG5.encode("企業名稱,營業收入,實繳稅金");
        check(&big5, None, "Big5", "企業名稱,營業收入,實繳稅金");
    }

    #[test]
    fn markup_declares_its_charset() {
        let mut page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                .to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("<td>园区</td>");
        page.extend_from_slice(&gbk);
        let mut diags = Vec::new();
        let d = decode(&page, None, &mut diags);
        assert_eq!(d.name(), "GBK");
        assert_eq!(d.evidence, Evidence::Declared);
        assert!(d.text.ends_with("<td>园区</td>"));
    }

    #[test]
    fn unknown_override_warns_and_detects() {
        let mut diags = Vec::new();
        let d = decode("a".as_bytes(), Some("klingon"), &mut diags);
        assert_eq!(d.name(), "UTF-8");
        assert_eq!(diags[0].code, "source.encoding_unknown");
    }
}
