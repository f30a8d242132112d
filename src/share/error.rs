//! [`ShareError`]: the one error of the share boundary (links and `.parkcheck` files), with a
//! message in Chinese and English that says what is wrong and what to do.

use crate::diagnostic::{Diagnostic, Location, Text};

/// Why a link or `.parkcheck` file could not be opened. Every input ends in a value or one of
/// these; decoding never panics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text holds no ParkCheck link (no `#v…` fragment).
    NotALink,
    /// The link was made by a newer version of ParkCheck (or an unknown kind of link).
    UnsupportedVersion {
        /// What the link starts with (`v2`, `v1q`, …).
        found: String,
    },
    /// The link contains characters a link cannot have (often added by a chat app or an editor).
    BadCharacters,
    /// The link is shorter than it says it is: it was cut off while copying.
    Truncated,
    /// The link's check sum does not match: a character was changed or lost.
    Corrupted,
    /// The content would unpack to more than [`super::MAX_INFLATED`] bytes, or the input itself
    /// is larger than any link ParkCheck makes.
    TooLarge,
    /// The link is intact but its content does not read as a ParkCheck state.
    Malformed,
    /// The link is protected by a passphrase and none was given.
    PassphraseRequired,
    /// The passphrase is wrong (or the protected link was altered: the two cannot be told apart).
    WrongPassphrase,
    /// The file is not a `.parkcheck` file.
    NotAFile,
}

impl ShareError {
    /// A stable machine code (`share.truncated`), for tests and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ShareError::NotALink => "share.not_a_link",
            ShareError::UnsupportedVersion { .. } => "share.unsupported_version",
            ShareError::BadCharacters => "share.bad_characters",
            ShareError::Truncated => "share.truncated",
            ShareError::Corrupted => "share.corrupted",
            ShareError::TooLarge => "share.too_large",
            ShareError::Malformed => "share.malformed",
            ShareError::PassphraseRequired => "share.passphrase_required",
            ShareError::WrongPassphrase => "share.wrong_passphrase",
            ShareError::NotAFile => "share.not_a_file",
        }
    }

    /// What is wrong, in both languages.
    pub fn message(&self) -> Text {
        match self {
            ShareError::NotALink => Text::new(
                "这不是园区自评的分享链接：链接中没有以 #v 开头的部分",
                "this is not a ParkCheck share link: it has no part starting with #v",
            ),
            ShareError::UnsupportedVersion { found } => Text::new(
                format!("该链接（{found}）由更新版本的园区自评生成，当前版本无法打开"),
                format!("this link ({found}) was made by a newer version of ParkCheck"),
            ),
            ShareError::BadCharacters => Text::new(
                "链接中含有不应出现的字符，可能在转发时被聊天软件或编辑器改动",
                "the link contains characters a link cannot have; a chat app or editor may have changed it",
            ),
            ShareError::Truncated => Text::new(
                "链接不完整：复制或转发时被截断了",
                "the link is incomplete: it was cut off while copying or forwarding",
            ),
            ShareError::Corrupted => Text::new(
                "链接已损坏：校验不通过，有字符被改动或丢失",
                "the link is damaged: its check sum does not match, a character was changed or lost",
            ),
            ShareError::TooLarge => Text::new(
                "链接内容超出允许的大小，已拒绝打开",
                "the link's content is larger than allowed and was not opened",
            ),
            ShareError::Malformed => Text::new(
                "链接完整，但内容无法识别为园区自评的数据",
                "the link is intact but its content is not ParkCheck data",
            ),
            ShareError::PassphraseRequired => Text::new(
                "该链接受口令保护，需要输入口令才能打开",
                "this link is protected by a passphrase",
            ),
            ShareError::WrongPassphrase => Text::new(
                "口令不正确，或受保护的链接已被改动",
                "the passphrase is wrong, or the protected link was altered",
            ),
            ShareError::NotAFile => Text::new(
                "该文件不是园区自评的 .parkcheck 文件",
                "this file is not a ParkCheck .parkcheck file",
            ),
        }
    }

    /// What the user should do about it.
    pub fn fix(&self) -> Text {
        match self {
            ShareError::NotALink
            | ShareError::BadCharacters
            | ShareError::Truncated
            | ShareError::Corrupted => Text::new(
                "请让发送人重新复制完整链接发送；链接太长时请发送 .parkcheck 文件",
                "ask the sender to copy the whole link again; for long links, send the .parkcheck file instead",
            ),
            ShareError::UnsupportedVersion { .. } => Text::new(
                "请刷新页面或使用最新版本的园区自评后再打开",
                "reload the page or use the latest version of ParkCheck, then open the link again",
            ),
            ShareError::TooLarge | ShareError::Malformed => Text::new(
                "请让发送人在园区自评中重新生成链接或 .parkcheck 文件",
                "ask the sender to make the link or .parkcheck file again in ParkCheck",
            ),
            ShareError::PassphraseRequired => Text::new(
                "请向发送人索取口令并输入",
                "ask the sender for the passphrase and enter it",
            ),
            ShareError::WrongPassphrase => Text::new(
                "请核对口令（区分大小写）后重试；仍不行请让发送人重新发送链接",
                "check the passphrase (it is case-sensitive) and try again; if it still fails, ask for the link again",
            ),
            ShareError::NotAFile => Text::new(
                "请选择由园区自评保存的 .parkcheck 文件；表格文件请用“选择文件”读取",
                "choose a .parkcheck file saved by ParkCheck; load spreadsheets with \"Choose a file\"",
            ),
        }
    }

    /// The error as a diagnostic, for the UI's message list.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.code(), Location::none(), self.message()).with_fix(self.fix())
    }
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.zh, m.en)
    }
}

impl std::error::Error for ShareError {}
