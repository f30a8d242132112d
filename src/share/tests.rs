//! Unit tests of the share internals: code tables against the frozen wire tables, envelope
//! errors. Property tests and golden links live in `tests/share*.rs`.

use super::state::*;
use super::wire;
use super::*;

#[test]
fn domain_code_tables_follow_the_frozen_wire_tables() {
    let ids: Vec<&str> = STATE_CODES.iter().map(|s| s.id()).collect();
    assert_eq!(ids, wire::STATES);
    let ids: Vec<&str> = OVERALL_CODES.iter().map(|s| s.id()).collect();
    assert_eq!(ids, wire::OVERALL);
    let ids: Vec<&str> = CLASS_CODES.iter().map(|s| s.id()).collect();
    assert_eq!(ids, wire::CLASSES[1..]);
    let ids: Vec<&str> = EXIT_CODES.iter().map(|s| s.id()).collect();
    assert_eq!(ids, wire::EXITS[1..]);
    for (c, id) in COMPARATOR_CODES.iter().zip(&wire::COMPARATORS[1..]) {
        assert_eq!(crate::rules::Comparator::from_id(id), Some(*c));
    }
    for (level, id) in LEVEL_CODES.iter().zip(wire::PLATFORM_LEVELS) {
        let json = serde_json::to_string(level).unwrap_or_default();
        assert_eq!(json, format!("\"{id}\""));
    }
    for id in wire::FIELDS.iter().chain(&wire::NUMERIC_FIELDS) {
        assert!(crate::FieldId::from_id(id).is_some(), "{id}");
    }
    for id in wire::CHECKLIST {
        assert!(crate::dataset::ChecklistItem::from_id(id).is_some(), "{id}");
    }
}

#[test]
fn rounding_keeps_six_significant_digits() {
    assert_eq!(round(0.880_660_628_662_759_7), 0.880_661);
    assert_eq!(round(184.052_7), 184.053);
    assert_eq!(round(17_500.0), 17_500.0);
    assert_eq!(round(0.0), 0.0);
}

fn check(link: &str, expected: ShareError) {
    assert_eq!(decode(link, None).err(), Some(expected), "{link}");
}

#[test]
fn envelope_errors_name_the_problem() {
    check("", ShareError::NotALink);
    check("https://example.org/parkcheck/", ShareError::NotALink);
    check(
        "#v2abc",
        ShareError::UnsupportedVersion {
            found: "v2a".into(),
        },
    );
    check(
        "#v1q",
        ShareError::UnsupportedVersion {
            found: "v1q".into(),
        },
    );
    check("v1", ShareError::Truncated);
    check("v1r", ShareError::Truncated);
    check("v1r!!!!", ShareError::BadCharacters);
    check("v1rA", ShareError::Truncated);
    check(
        "v1\u{00e9}",
        ShareError::UnsupportedVersion {
            found: "v1\u{00e9}".into(),
        },
    );
    check("v1x", ShareError::Truncated);
    assert!(!needs_passphrase("v1rAAAA"));
    assert!(needs_passphrase("https://h/p/#v1xAAAA"));
}

#[test]
fn every_error_speaks_chinese_first_and_english() {
    let all = [
        ShareError::NotALink,
        ShareError::UnsupportedVersion { found: "v2".into() },
        ShareError::BadCharacters,
        ShareError::Truncated,
        ShareError::Corrupted,
        ShareError::TooLarge,
        ShareError::Malformed,
        ShareError::PassphraseRequired,
        ShareError::WrongPassphrase,
        ShareError::NotAFile,
    ];
    for e in all {
        let (m, f) = (e.message(), e.fix());
        assert!(!m.zh.is_empty() && !m.en.is_empty() && !f.zh.is_empty() && !f.en.is_empty());
        assert!(!m.zh.is_ascii(), "{m:?}");
        assert!(e.code().starts_with("share."));
        assert_eq!(e.diagnostic().fix, Some(f));
    }
}

#[test]
fn a_deflate_bomb_is_refused_before_it_fills_memory() {
    // 64 MB of zeros deflates to ~64 KB: a valid, correctly checked link that unpacks too far.
    let zeros = vec![0u8; 64 << 20];
    let link = envelope::wrap(envelope::Kind::Full, &zeros, None);
    assert!(link.len() < 200_000, "{}", link.len());
    check(&link, ShareError::TooLarge);
}

#[test]
fn a_link_whose_content_is_not_a_state_is_malformed() {
    let link = envelope::wrap(envelope::Kind::Result, b"\xff\xff\xff\xff\xff", None);
    check(&link, ShareError::Malformed);
}

#[test]
fn files_carry_the_link_and_other_files_are_refused() {
    let link = envelope::wrap(envelope::Kind::Result, b"hello", None);
    let file = to_file(&link).expect("file");
    assert!(file.starts_with(envelope::FILE_MAGIC));
    assert_eq!(from_file(&file), Ok(link));
    assert_eq!(from_file(b"PK\x03\x04"), Err(ShareError::NotAFile));
    assert_eq!(from_file(envelope::FILE_MAGIC), Err(ShareError::NotAFile));
}

#[test]
fn qr_codes_exist_for_short_links_only() {
    let svg = qr_svg("https://example.org/parkcheck/#v1rAAAA").expect("fits");
    assert!(svg.contains("<svg"));
    assert!(qr_svg(&"A".repeat(5_000)).is_none());
}

#[test]
fn a_seal_never_prints_its_passphrase() {
    let seal = Seal {
        passphrase: "秘密",
        salt: [0; 16],
        nonce: [0; 12],
    };
    assert!(!format!("{seal:?}").contains("秘密"));
}
