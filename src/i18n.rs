//! The string catalogue: every fixed UI sentence in zh-CN (the default) and English.
//!
//! Pure data; the UI looks strings up by [`Key`] and never writes literals of its own. Dynamic
//! sentences (gaps, diagnostics) are built by the report and ingest modules as
//! [`crate::diagnostic::Text`] pairs.

use serde::{Deserialize, Serialize};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The other language (for the toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A fixed UI string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// The string for `key` in `lang`.
        pub fn t(lang: Lang, key: Key) -> &'static str {
            match (lang, key) {
                $((Lang::Zh, Key::$key) => $zh, (Lang::En, Key::$key) => $en,)*
            }
        }
    };
}

catalogue! {
    AppName => "园区自评", "ParkCheck";
    Tagline => "对照四川省“5+1”重点特色园区创建标准自评园区，并按“亩均论英雄”为每家企业打分分类，给出与每项标准的准确差距。",
        "Check a park against Sichuan's \"5+1\" key characteristic park creation standards and score every enterprise under 亩均论英雄 (output per mu), with the exact gap to each threshold.";
    Privacy => "数据只在您的浏览器中计算，不会上传", "Your data is computed only in your browser and is never uploaded";
    DropHere => "把表格文件拖到这里", "Drop a spreadsheet here";
    DropFormats => "支持 CSV（任意中文编码）、XLSX、XLS、ODS，以及政府系统导出的网页格式 .xls", "CSV in any Chinese encoding, XLSX, XLS, ODS, and HTML-table .xls exports";
    ChooseFile => "选择文件", "Choose a file";
    TrySample => "用示例数据试一试", "Try the sample data";
    SwitchLang => "English", "中文";
    Reading => "正在读取", "Reading";
    LoadedFile => "已读取文件", "File loaded";
    Bytes => "字节", "bytes";
    ReadFailed => "无法读取该文件，请重试或换一个文件。", "The file could not be read. Try again or choose another file.";
    ComingSoon => "解析与评价功能正在接入。", "Parsing and evaluation are being connected.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        for &key in Key::ALL {
            assert!(!t(Lang::Zh, key).is_empty(), "{key:?} zh");
            assert!(!t(Lang::En, key).is_empty(), "{key:?} en");
        }
    }

    #[test]
    fn the_sample_button_label_is_exact() {
        assert_eq!(t(Lang::Zh, Key::TrySample), "用示例数据试一试");
        assert_eq!(
            t(Lang::Zh, Key::Privacy),
            "数据只在您的浏览器中计算，不会上传"
        );
    }
}
