//! The writer's orders: blank templates and XLSX exports of a park or a city, made from a
//! link's state with the built-in packs (or a custom one). Answered with [`Reply::File`] or
//! [`Reply::FileFailed`]. Pure: the `parkcheck-writer` worker only moves bytes.
//!
//! Must not be called by the reader: the reader's bundle stays free of the XLSX writer.

use serde::{Deserialize, Serialize};

use super::Reply;
use crate::diagnostic::{Diagnostic, Location, Text};
use crate::export;
use crate::i18n::Lang;
use crate::ingest;
use crate::rules;
use crate::share::{self, Shared};

/// The media type of the XLSX files the writer makes.
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Order {
    /// A blank template.
    Template(TemplateKind),
    /// The results of a full-data link's state as XLSX. `custom_pack` is the text of a pack
    /// that replaces the built-in one.
    Export {
        fragment: String,
        custom_pack: Option<String>,
        lang: Lang,
    },
    /// A city link's state as XLSX: a summary sheet and one sheet per park, evaluated with the
    /// built-in packs.
    CityExport { fragment: String, lang: Lang },
}

/// A blank template to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateKind {
    Xlsx,
    Csv,
}

/// Makes the file `order` asks for.
pub fn make(order: Order) -> Reply {
    match order {
        Order::Template(TemplateKind::Xlsx) => Reply::File {
            file_name: "园区自评导入模板.xlsx".into(),
            mime: XLSX_MIME.into(),
            bytes: ingest::template::template_xlsx(),
        },
        Order::Template(TemplateKind::Csv) => Reply::File {
            file_name: "园区自评导入模板.csv".into(),
            mime: "text/csv;charset=utf-8".into(),
            bytes: ingest::template::template_csv(),
        },
        Order::Export {
            fragment,
            custom_pack,
            lang,
        } => export_xlsx(&fragment, custom_pack.as_deref(), lang),
        Order::CityExport { fragment, lang } => export_city_xlsx(&fragment, lang),
    }
}

/// An order as bytes (JSON: orders are small).
pub fn encode_order(order: &Order) -> Vec<u8> {
    serde_json::to_vec(order).unwrap_or_default()
}

/// An order from [`encode_order`]'s bytes; `None` when they are not one.
pub fn decode_order(bytes: &[u8]) -> Option<Order> {
    serde_json::from_slice(bytes).ok()
}

/// Answers an encoded order with an encoded reply.
pub fn make_bytes(order: &[u8]) -> Vec<u8> {
    let reply = match decode_order(order) {
        Some(order) => make(order),
        None => Reply::FileFailed(vec![Diagnostic::error(
            "job.undecodable",
            Location::none(),
            Text::new(
                "页面与后台程序版本不一致，无法生成文件；请刷新页面后重试",
                "the page and its background worker are different versions; reload the page and try again",
            ),
        )]),
    };
    super::encode_reply(&reply)
}

/// The XLSX export of a full-data link's state, evaluated with the built-in packs or the custom
/// one in their place.
fn export_xlsx(fragment: &str, custom_pack: Option<&str>, lang: Lang) -> Reply {
    let state = match share::decode(fragment, None) {
        Ok(Shared::Full(state)) => state,
        Ok(_) => return Reply::FileFailed(Vec::new()),
        Err(e) => return Reply::FileFailed(vec![e.diagnostic()]),
    };
    let mut packs = rules::builtin_compiled();
    if let Some(custom) = custom_pack
        .and_then(|text| rules::load_pack(text).0)
        .and_then(|pack| rules::compile(&pack).ok())
    {
        match packs.iter_mut().find(|p| p.pack.kind == custom.pack.kind) {
            Some(slot) => *slot = custom,
            None => packs.push(custom),
        }
    }
    let refs: Vec<&rules::CompiledPack> = packs.iter().collect();
    let (dataset, year, overrides) = state.into_parts();
    let evaluation = rules::evaluate(&refs, &dataset, year, &overrides);
    Reply::File {
        file_name: match lang {
            Lang::Zh => "园区自评结果.xlsx".into(),
            Lang::En => "parkcheck-results.xlsx".into(),
        },
        mime: XLSX_MIME.into(),
        bytes: export::to_xlsx(&evaluation, lang),
    }
}

/// The XLSX export of a city link's state, evaluated with the built-in packs.
fn export_city_xlsx(fragment: &str, lang: Lang) -> Reply {
    let state = match share::decode(fragment, None) {
        Ok(Shared::City(state)) => state,
        Ok(_) => return Reply::FileFailed(Vec::new()),
        Err(e) => return Reply::FileFailed(vec![e.diagnostic()]),
    };
    let evaluation = crate::city::City::builtin().evaluate(
        state.inputs(),
        state.year,
        &state.overrides,
        state.options,
    );
    Reply::File {
        file_name: match lang {
            Lang::Zh => "全市园区评价.xlsx".into(),
            Lang::En => "parkcheck-city.xlsx".into(),
        },
        mime: XLSX_MIME.into(),
        bytes: export::city_to_xlsx(&evaluation, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_make_files_and_bad_orders_are_answered() {
        for kind in [TemplateKind::Xlsx, TemplateKind::Csv] {
            let order = Order::Template(kind);
            assert_eq!(decode_order(&encode_order(&order)), Some(order.clone()));
            let reply = super::super::decode_reply(&make_bytes(&encode_order(&order)));
            assert!(
                matches!(&reply, Some(Reply::File { bytes, .. }) if bytes.len() > 100),
                "{reply:?}"
            );
        }
        let reply = super::super::decode_reply(&make_bytes(b"{not json"));
        assert!(matches!(reply, Some(Reply::FileFailed(d)) if !d.is_empty()));
        let reply = make(Order::Export {
            fragment: "#v1-damaged".into(),
            custom_pack: None,
            lang: Lang::Zh,
        });
        assert!(matches!(reply, Reply::FileFailed(d) if !d.is_empty()));
    }
}
