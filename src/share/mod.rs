//! Share links and `.parkcheck` files (issue 6): a result or the whole dataset, carried in the
//! URL fragment (`#v1…`, never sent to a server), versioned and compact — frozen wire structs
//! ([`wire`](self) v1) framed by postcard, raw deflate, a check sum, base64url.
//!
//! Three kinds:
//! - 结果链接 (result link, [`encode_result`]): a read-only snapshot ([`ResultState`]): park,
//!   year, packs, overrides, the scorecard, verdict, 预警/约谈, class counts and the ranking.
//! - 完整数据链接 (full-data link, [`encode_full`]): the dataset and choices ([`FullState`]) so
//!   the receiver recomputes; optionally protected by a passphrase ([`Seal`]: AES-256-GCM with a
//!   PBKDF2-HMAC-SHA256 key, [`PBKDF2_ROUNDS`]).
//! - 全市链接 (city link, [`encode_city`], `v1c…`): every park of a city view with the city's
//!   choices ([`CityState`], its own frozen wire structs in `city.rs`), so the receiver's city
//!   view recomputes the same dashboard and ranking; optionally sealed like a full-data link.
//!
//! Opening: [`decode`] (a full URL or a bare fragment) → [`Shared`], or a [`ShareError`] that
//! says what is wrong and what to do; [`needs_passphrase`] first for protected links. Then
//! [`pack_changes`] tells whether this app's built-in packs differ from the link's, and
//! [`FullState::recompute`] + [`diff`] put the link's outcome beside the current one. Links over
//! [`URL_LIMIT`] characters travel as a `.parkcheck` file ([`to_file`], [`from_file`]); links
//! that fit a QR code also come as SVG ([`qr_svg`]).
//!
//! Owns the link format only. Pure core: it must not depend on the browser (no yew, web_sys,
//! gloo or wasm_bindgen; the caller supplies random salt and nonce bytes), and decoding never
//! panics on any input: inflating is capped at [`MAX_INFLATED`] bytes.

mod city;
mod diff;
mod envelope;
mod error;
mod number;
mod state;
mod wire;

pub use city::{CityFileParks, CityPark, CityState};
pub use diff::{CriterionDiff, Diff, EnterpriseDiff, PackChange, diff, pack_changes, packs_differ};
pub use envelope::PBKDF2_ROUNDS;
pub use error::ShareError;
pub use state::{
    CriterionOutcome, EnterpriseOutcome, EnterprisesOutcome, FullState, GapOutcome, Outcome,
    OverrideChange, ParkOutcome, ResultState, SIGNIFICANT_DIGITS, Seen, SourceStamp,
};

use envelope::Kind;

/// The most bytes a link may unpack to (against deflate bombs): far above a real dataset
/// (10,000 enterprises × 3 years is about 1 MB of wire bytes).
pub const MAX_INFLATED: usize = 16 << 20;

/// Links longer than this many characters are offered as a `.parkcheck` file instead: chat apps
/// and some browsers cut longer URLs.
pub const URL_LIMIT: usize = 2_000;

/// What a link held.
// One value per opened link: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    /// A result link: show read-only.
    Result(ResultState),
    /// A full-data link: recompute and explore.
    Full(FullState),
    /// A city link (`v1c…`): every park's data and the city's choices; opens the city view.
    City(Box<CityState>),
}

impl Shared {
    /// The packs the link was made with.
    pub fn packs(&self) -> &[crate::rules::PackStamp] {
        match self {
            Shared::Result(r) => &r.packs,
            Shared::Full(f) => &f.packs,
            Shared::City(c) => &c.packs,
        }
    }
}

/// Passphrase protection for a full-data link. `salt` and `nonce` must be fresh random bytes
/// for every link (the browser takes them from `crypto.getRandomValues`); reusing a nonce with
/// the same passphrase and salt breaks AES-GCM.
#[derive(Clone, Copy)]
pub struct Seal<'a> {
    pub passphrase: &'a str,
    pub salt: [u8; 16],
    pub nonce: [u8; 12],
}

/// Never prints the passphrase (a `Seal` may end up in a log or a panic message).
impl std::fmt::Debug for Seal<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seal")
            .field("passphrase", &"…")
            .field("salt", &self.salt)
            .field("nonce", &self.nonce)
            .finish()
    }
}

// Encoding cannot fail: postcard only fails on types it cannot frame (none here) or on a full
// fixed buffer (`to_allocvec` grows), so `unwrap_or_default` never takes the default.

/// The result link's fragment (`v1r…`, without `#`).
pub fn encode_result(state: &ResultState) -> String {
    let wire = postcard::to_allocvec(&state::result_to_wire(state)).unwrap_or_default();
    envelope::wrap(Kind::Result, &wire, None)
}

/// The full-data link's fragment (`v1f…`, or `v1x…` when sealed; without `#`).
pub fn encode_full(state: &FullState, seal: Option<Seal<'_>>) -> String {
    let wire = postcard::to_allocvec(&state::full_to_wire(state)).unwrap_or_default();
    envelope::wrap(Kind::Full, &wire, seal.as_ref())
}

/// The city link's fragment (`v1c…`, or `v1x…` when sealed; without `#`).
pub fn encode_city(state: &CityState, seal: Option<Seal<'_>>) -> String {
    let wire = postcard::to_allocvec(&city::city_to_wire(state)).unwrap_or_default();
    envelope::wrap(Kind::City, &wire, seal.as_ref())
}

/// Opens a link: a full URL (`https://host/path/#v1…`), a fragment (`#v1…`) or the bare
/// `v1…`; white space inside (line breaks added by chat apps) is ignored. `passphrase` is used
/// only by protected links.
pub fn decode(link: &str, passphrase: Option<&str>) -> Result<Shared, ShareError> {
    let (kind, bytes) = envelope::unwrap(link, passphrase)?;
    match kind {
        Kind::Result => {
            let wire = read_all(&bytes)?;
            state::result_from_wire(wire).map(Shared::Result)
        }
        Kind::Full => {
            let wire = read_all(&bytes)?;
            state::full_from_wire(wire).map(Shared::Full)
        }
        Kind::City => {
            let wire = read_all(&bytes)?;
            city::city_from_wire(wire).map(|c| Shared::City(Box::new(c)))
        }
    }
}

/// The links in a text that may hold several, one per line or separated by spaces. A link
/// starts with a URL (`http…`) or a fragment (`#v…`, `v1…`); other pieces belong to the link
/// before them (chat apps break long links into lines).
pub fn split_links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split_whitespace() {
        let starts = piece.starts_with("http")
            || piece.starts_with('#')
            || piece.starts_with("v1")
            || piece.contains("#v");
        match out.last_mut() {
            Some(last) if !starts => last.push_str(piece),
            _ => out.push(piece.to_string()),
        }
    }
    out
}

/// Whether the link is protected and [`decode`] needs a passphrase.
pub fn needs_passphrase(link: &str) -> bool {
    envelope::is_sealed(link)
}

/// The `.parkcheck` file of a link: a magic line, the link's prefix, its body as raw bytes.
pub fn to_file(link: &str) -> Result<Vec<u8>, ShareError> {
    envelope::to_file(link)
}

/// The link fragment stored in a `.parkcheck` file, for [`decode`] and [`needs_passphrase`].
pub fn from_file(bytes: &[u8]) -> Result<String, ShareError> {
    envelope::from_file(bytes)
}

/// The link as a QR code in SVG, or `None` when it does not fit one (about 2,900 characters at
/// the lowest error correction). Pass the whole URL, as a phone should open it.
pub fn qr_svg(link: &str) -> Option<String> {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::L).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

/// Postcard bytes → a wire struct, with nothing left over.
fn read_all<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, ShareError> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Ok(value),
        _ => Err(ShareError::Malformed),
    }
}

#[cfg(test)]
mod tests;
