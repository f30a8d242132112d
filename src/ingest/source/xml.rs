//! Small helpers over quick-xml shared by the XML-based readers (SpreadsheetML 2003, ODS):
//! attribute lookup by local name, text and entity content.
//!
//! Owns nothing format-specific; must not know any element of a particular format.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, BytesText};

/// The value of the attribute whose local name (prefix ignored) is `local`.
pub fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The value of the attribute with exactly this qualified name (`office:value`).
pub fn attr_q(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Text content with XML 1.0 line-end normalisation.
pub fn text(t: &BytesText<'_>) -> String {
    t.xml_content(XmlVersion::Implicit1_0).into_owned()
}

/// An entity or character reference as text; unknown entities are kept literally.
pub fn reference(r: &BytesRef<'_>) -> String {
    if let Ok(Some(ch)) = r.resolve_char_ref() {
        return ch.to_string();
    }
    let name = r.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(s) => s.to_string(),
        None => format!("&{name};"),
    }
}
