//! Whether serialization leaves empty fields out. Self-describing formats (the JSON of the
//! saved session, of `parkcheck evaluate --json`) leave out absent options and empty lists to
//! stay short and readable, and read them back as defaults. Postcard — the compact binary form
//! in which the reader worker sends its results to the page — has no field names, so it must
//! write every field: [`keeping_every_field`] turns skipping off while it encodes.
//!
//! The predicates are used as `#[serde(skip_serializing_if = "crate::serde_skip::none")]`
//! instead of `Option::is_none`. Depends on nothing.

use std::cell::Cell;

thread_local! {
    static KEEP_EVERY_FIELD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `encode` with every field written, empty or not.
pub fn keeping_every_field<T>(encode: impl FnOnce() -> T) -> T {
    let before = KEEP_EVERY_FIELD.replace(true);
    let out = encode();
    KEEP_EVERY_FIELD.set(before);
    out
}

fn skipping() -> bool {
    !KEEP_EVERY_FIELD.get()
}

/// `skip_serializing_if` for an absent option.
pub fn none<T>(value: &Option<T>) -> bool {
    value.is_none() && skipping()
}

/// `skip_serializing_if` for an empty list.
pub fn empty<T>(value: &[T]) -> bool {
    value.is_empty() && skipping()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_is_off_only_inside_and_restored_after() {
        assert!(none(&None::<u8>) && empty::<u8>(&[]));
        keeping_every_field(|| {
            assert!(!none(&None::<u8>) && !empty::<u8>(&[]));
            keeping_every_field(|| assert!(!none(&None::<u8>)));
            assert!(
                !none(&None::<u8>),
                "a nested call restores what was before it"
            );
        });
        assert!(none(&None::<u8>) && !none(&Some(1)) && !empty(&[1]));
    }
}
