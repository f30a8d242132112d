//! Any text through the share-link decoder (and, as bytes, through the `.parkcheck` file
//! reader): must never panic. Whatever it accepts must survive another round: re-encoding the
//! decoded state and decoding that gives a state that encodes to the same link (compared as
//! links, since a decoded number may be NaN).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parkcheck::share::{self, Shared};

fuzz_target!(|data: &[u8]| {
    if let Ok(link) = share::from_file(data) {
        let _ = share::decode(&link, None);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = share::needs_passphrase(text);
    let _ = share::to_file(text);
    // Protected links cost a key derivation per try; the fuzzer learns more from the rest.
    if let Ok(shared) = share::decode(text, None) {
        let again = match &shared {
            Shared::Result(r) => share::encode_result(r),
            Shared::Full(f) => share::encode_full(f, None),
        };
        let twice = match share::decode(&again, None) {
            Ok(Shared::Result(r)) => share::encode_result(&r),
            Ok(Shared::Full(f)) => share::encode_full(&f, None),
            Err(e) => panic!("a re-encoded link does not decode: {e}"),
        };
        assert_eq!(twice, again);
    }
});
