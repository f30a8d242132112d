//! The envelope around the wire bytes: `v1` + a kind letter + base64url (no padding) of a body.
//!
//! - `r` (result), `f` (full data) and `c` (a whole city, since the city view): body = varint(n) ‖ raw-deflate(postcard) (n bytes) ‖ the
//!   first 4 bytes of SHA-256 over `v1<kind>` ‖ the deflated bytes. The declared length tells
//!   a cut-off link (`Truncated`) from an altered one (`Corrupted`); the check sum is verified
//!   before anything is inflated, and inflating stops at [`MAX_INFLATED`].
//! - `x` (protected): body = salt (16) ‖ nonce (12) ‖ varint(n) ‖ AES-256-GCM ciphertext with
//!   tag (n bytes), the key from PBKDF2-HMAC-SHA256 over the passphrase. The plaintext is the
//!   inner kind letter (`r`, `f` or `c`) ‖ raw-deflate(postcard); the AAD is `v1x`. The GCM tag is
//!   the integrity check.
//!
//! Frozen like the wire structs: a change here is a new version letter.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::{MAX_INFLATED, Seal, ShareError};

/// The version prefix of every link this code writes.
pub(crate) const VERSION: &str = "v1";

/// PBKDF2-HMAC-SHA256 rounds for protected links. A link travels through chat apps and may be
/// attacked offline for as long as anyone likes, so the key derivation must make each guess
/// expensive: 600,000 is OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. It costs 75 ms
/// natively (`cargo bench --bench share`) and a few times that in wasm, paid once when the link
/// is made and once when it is opened. Frozen for `v1x`: the reader must use the same count.
pub const PBKDF2_ROUNDS: u32 = 600_000;

const CHECK_LEN: usize = 4;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
/// The largest link or file we accept: well above the compressed form of [`MAX_INFLATED`].
pub(crate) const MAX_INPUT: usize = 24 << 20;

/// What a link holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Result,
    Full,
    /// A whole city view (`c`, added with the city view; its wire structs are in `city.rs`).
    City,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Result => 'r',
            Kind::Full => 'f',
            Kind::City => 'c',
        }
    }

    fn from_letter(b: u8) -> Option<Kind> {
        match b {
            b'r' => Some(Kind::Result),
            b'f' => Some(Kind::Full),
            b'c' => Some(Kind::City),
            _ => None,
        }
    }
}

/// Wraps wire bytes into a link fragment (without `#`).
pub(crate) fn wrap(kind: Kind, wire: &[u8], seal: Option<&Seal>) -> String {
    let deflated = deflate(wire);
    match seal {
        None => {
            let prefix = format!("{VERSION}{}", kind.letter());
            let mut body = Vec::with_capacity(deflated.len() + 8);
            push_varint(&mut body, deflated.len());
            body.extend_from_slice(&deflated);
            body.extend_from_slice(&check(&prefix, &deflated));
            format!("{prefix}{}", URL_SAFE_NO_PAD.encode(body))
        }
        Some(seal) => {
            let prefix = format!("{VERSION}x");
            let mut plain = Vec::with_capacity(deflated.len() + 1);
            plain.push(kind.letter() as u8);
            plain.extend_from_slice(&deflated);
            let cipher = cipher(seal.passphrase, &seal.salt);
            let sealed = cipher
                .encrypt(
                    Nonce::from_slice(&seal.nonce),
                    Payload {
                        msg: &plain,
                        aad: prefix.as_bytes(),
                    },
                )
                // AES-GCM encryption fails only for messages over 64 GB.
                .unwrap_or_default();
            let mut body = Vec::with_capacity(sealed.len() + SALT_LEN + NONCE_LEN + 4);
            body.extend_from_slice(&seal.salt);
            body.extend_from_slice(&seal.nonce);
            push_varint(&mut body, sealed.len());
            body.extend_from_slice(&sealed);
            format!("{prefix}{}", URL_SAFE_NO_PAD.encode(body))
        }
    }
}

/// The fragment of a link: what follows the last `#`, or the whole text; surrounding white
/// space (and a chat app's line breaks inside) removed.
pub(crate) fn fragment(link: &str) -> Result<String, ShareError> {
    if link.len() > MAX_INPUT {
        return Err(ShareError::TooLarge);
    }
    let after = link.rsplit_once('#').map_or(link, |(_, f)| f);
    let clean: String = after.chars().filter(|c| !c.is_whitespace()).collect();
    if !clean.starts_with('v') {
        return Err(ShareError::NotALink);
    }
    Ok(clean)
}

/// Whether the link is a protected (`x`) link.
pub(crate) fn is_sealed(link: &str) -> bool {
    fragment(link).is_ok_and(|f| f.starts_with("v1x"))
}

/// Unwraps a link into its kind and wire bytes.
pub(crate) fn unwrap(link: &str, passphrase: Option<&str>) -> Result<(Kind, Vec<u8>), ShareError> {
    let frag = fragment(link)?;
    let unsupported = || ShareError::UnsupportedVersion {
        found: frag.chars().take(3).collect(),
    };
    let rest = frag.strip_prefix(VERSION).ok_or_else(unsupported)?;
    let (&letter, _) = rest.as_bytes().split_first().ok_or(ShareError::Truncated)?;
    if !letter.is_ascii_alphabetic() {
        return Err(unsupported());
    }
    let prefix = &frag[..VERSION.len() + 1];
    let body_text = &rest[1..];
    let body = URL_SAFE_NO_PAD
        .decode(body_text)
        .map_err(|_| bad_base64(body_text))?;
    match letter {
        b'x' => {
            let (salt, rest) = split(&body, SALT_LEN)?;
            let (nonce, rest) = split(rest, NONCE_LEN)?;
            let (n, rest) = read_varint(rest)?;
            let sealed = rest.get(..n).ok_or(ShareError::Truncated)?;
            if rest.len() > n {
                return Err(ShareError::Corrupted);
            }
            let passphrase = passphrase.ok_or(ShareError::PassphraseRequired)?;
            let plain = cipher(passphrase, salt)
                .decrypt(
                    Nonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: prefix.as_bytes(),
                    },
                )
                .map_err(|_| ShareError::WrongPassphrase)?;
            let (&inner, deflated) = plain.split_first().ok_or(ShareError::Malformed)?;
            let kind = Kind::from_letter(inner).ok_or(ShareError::Malformed)?;
            Ok((kind, inflate(deflated)?))
        }
        _ => {
            let kind = Kind::from_letter(letter).ok_or_else(unsupported)?;
            let (n, rest) = read_varint(&body)?;
            let deflated = rest.get(..n).ok_or(ShareError::Truncated)?;
            let sum = &rest[n..];
            if sum.len() < CHECK_LEN {
                return Err(ShareError::Truncated);
            }
            if sum != check(prefix, deflated) {
                return Err(ShareError::Corrupted);
            }
            Ok((kind, inflate(deflated)?))
        }
    }
}

/// `.parkcheck` files start with this line, then the link's prefix (`v1r`) and its body as raw
/// bytes (no base64).
pub(crate) const FILE_MAGIC: &[u8] = b"ParkCheck share file\n";

pub(crate) fn to_file(link: &str) -> Result<Vec<u8>, ShareError> {
    let frag = fragment(link)?;
    let prefix = frag.get(..3).ok_or(ShareError::NotALink)?;
    let body_text = &frag[3..];
    let body = URL_SAFE_NO_PAD
        .decode(body_text)
        .map_err(|_| bad_base64(body_text))?;
    let mut out = Vec::with_capacity(FILE_MAGIC.len() + 3 + body.len());
    out.extend_from_slice(FILE_MAGIC);
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

pub(crate) fn from_file(bytes: &[u8]) -> Result<String, ShareError> {
    if bytes.len() > MAX_INPUT {
        return Err(ShareError::TooLarge);
    }
    let rest = bytes.strip_prefix(FILE_MAGIC).ok_or(ShareError::NotAFile)?;
    let (prefix, body) = split(rest, 3).map_err(|_| ShareError::NotAFile)?;
    let prefix = std::str::from_utf8(prefix).map_err(|_| ShareError::NotAFile)?;
    if !prefix.starts_with('v') || !prefix.is_ascii() {
        return Err(ShareError::NotAFile);
    }
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(body)))
}

/// Why base64 failed, in the user's terms: a length that no link has means it was cut off
/// mid-character; a character outside the alphabet was added by someone; a last character whose
/// spare bits are set was changed.
fn bad_base64(text: &str) -> ShareError {
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if !text.bytes().all(alphabet) {
        return ShareError::BadCharacters;
    }
    if text.len() % 4 == 1 {
        ShareError::Truncated
    } else {
        ShareError::Corrupted
    }
}

fn check(prefix: &str, deflated: &[u8]) -> [u8; CHECK_LEN] {
    let mut h = Sha256::new();
    h.update(prefix.as_bytes());
    h.update(deflated);
    let digest = h.finalize();
    let mut out = [0; CHECK_LEN];
    out.copy_from_slice(&digest[..CHECK_LEN]);
    out
}

fn cipher(passphrase: &str, salt: &[u8]) -> Aes256Gcm {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), salt, PBKDF2_ROUNDS, &mut key);
    Aes256Gcm::new(&key.into())
}

/// Raw deflate at the highest level after [`DICTIONARY`], with dynamic or with fixed Huffman
/// codes, whichever is shorter (for a few hundred bytes the dynamic code tables cost more than
/// they save). Any inflater reads both.
fn deflate(wire: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::CompressionStrategy;
    let dynamic = deflate_after_dictionary(wire, CompressionStrategy::Default);
    let fixed = deflate_after_dictionary(wire, CompressionStrategy::Fixed);
    if !fixed.is_empty() && fixed.len() < dynamic.len() {
        fixed
    } else {
        dynamic
    }
}

/// Primes the compressor's window with the dictionary (its output up to a sync flush is thrown
/// away: the reader rebuilds the window itself, see [`inflate`]), then compresses `wire`.
fn deflate_after_dictionary(
    wire: &[u8],
    strategy: miniz_oxide::deflate::core::CompressionStrategy,
) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let flags = create_comp_flags_from_zip_params(10, 0, strategy as i32);
    let mut compressor = CompressorOxide::new(flags);
    let mut primer = vec![0u8; 2 * DICTIONARY.len() + 64];
    let _ = compress(
        &mut compressor,
        DICTIONARY.as_bytes(),
        &mut primer,
        TDEFLFlush::Sync,
    );
    // Deflate never grows data by more than its block headers.
    let mut out = vec![0u8; wire.len() + wire.len() / 8 + 256];
    let (status, _, written) = compress(&mut compressor, wire, &mut out, TDEFLFlush::Finish);
    if status == TDEFLStatus::Done {
        out.truncate(written);
        out
    } else {
        Vec::new()
    }
}

/// The v1 preset dictionary: text that links often hold (pack ids, units, parameter keys, and
/// the words of Sichuan park, platform and enterprise names), so even a first occurrence
/// deflates to a back-reference. **Frozen for v1**: the reader primes its window with exactly
/// these bytes; changing one character breaks every v1 link.
pub(crate) const DICTIONARY: &str = "\
sichuan-5plus1-parksichuan-mujunmujun.access_thresholdpark.revenueland_areatax\
employeesenergyrd_expensefraction万元/亩万元/人万元/吨标准煤示例数据（DOMAIN §3）\
个项分倍年.xlsx.csv\
四川省成都市绵阳市德阳市宜宾市泸州市乐山市眉山市自贡市内江市遂宁市南充市广安市达州市\
巴中市广元市攀枝花市资阳市阿坝州甘孜州凉山州雅安市雨城区名山区荥经县汉源县石棉县天全县\
芦山县宝兴县川西经济技术开发区高新技术产业开发区工业园区产业园集中区\
国家级省级市级工程技术研究中心企业技术中心重点实验室产业创新中心制造业创新中心\
电子信息装备制造食品饮料先进材料能源化工数字经济锂电池新材料新能源精密机械\
硅业铝业材料建材纺织石材茶业农业医药生物环保数据服务\
科技实业发展集团股份有限责任公司有限公司";

/// Inflates behind [`DICTIONARY`]: the window is rebuilt by prefixing the dictionary as one
/// stored (uncompressed) deflate block, and its bytes are dropped from the output.
fn inflate(deflated: &[u8]) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
    let dict = DICTIONARY.as_bytes();
    let len = dict.len() as u16;
    let mut stream = Vec::with_capacity(5 + dict.len() + deflated.len());
    // BFINAL = 0, BTYPE = 00 (stored), then LEN and its complement, little-endian.
    stream.push(0);
    stream.extend_from_slice(&len.to_le_bytes());
    stream.extend_from_slice(&(!len).to_le_bytes());
    stream.extend_from_slice(dict);
    stream.extend_from_slice(deflated);
    let mut out =
        decompress_to_vec_with_limit(&stream, MAX_INFLATED + dict.len()).map_err(|e| {
            match e.status {
                TINFLStatus::HasMoreOutput => ShareError::TooLarge,
                TINFLStatus::FailedCannotMakeProgress => ShareError::Truncated,
                _ => ShareError::Malformed,
            }
        })?;
    out.drain(..dict.len().min(out.len()));
    Ok(out)
}

fn split(bytes: &[u8], n: usize) -> Result<(&[u8], &[u8]), ShareError> {
    if bytes.len() < n {
        return Err(ShareError::Truncated);
    }
    Ok(bytes.split_at(n))
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A LEB128 length of at most 4 bytes (lengths beyond 256 MB are refused as too large).
fn read_varint(bytes: &[u8]) -> Result<(usize, &[u8]), ShareError> {
    let mut n: usize = 0;
    for (i, &b) in bytes.iter().enumerate().take(4) {
        n |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((n, &bytes[i + 1..]));
        }
    }
    if bytes.len() >= 4 {
        Err(ShareError::TooLarge)
    } else {
        Err(ShareError::Truncated)
    }
}
