//! Browser storage of the session: the saved form ([`crate::session::Saved`]) as JSON in
//! `localStorage`, so the working state survives a reload; and the city view's files and
//! choices, kept as the city's own link (`#v1c…` without `#`: compact, versioned, and read by
//! the same decoder). Nothing leaves the browser.

use crate::session::Saved;

/// The storage key; the saved form carries its own version too.
const KEY: &str = "parkcheck.session.v1";

/// The city view's key; the link it holds carries its own version.
const CITY_KEY: &str = "parkcheck.city.v1";

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

/// Stores `value` under `key`; `false` when the browser refused (storage full or disabled). A
/// refused save also drops the older value, so a reload never brings back stale data.
fn set(key: &str, value: &str) -> bool {
    let Some(storage) = local_storage() else {
        return false;
    };
    let ok = storage.set_item(key, value).is_ok();
    if !ok {
        let _ = storage.remove_item(key);
    }
    ok
}

/// Forgets `key`; `true` when nothing is stored under it afterwards.
fn remove(key: &str) -> bool {
    local_storage().is_none_or(|s| s.remove_item(key).is_ok())
}

/// The saved session, if there is a readable one.
pub fn load() -> Option<Saved> {
    Saved::from_json(&get(KEY)?)
}

/// Saves the session; `false` when the browser refused (see [`set`]).
pub fn save(saved: &Saved) -> bool {
    set(KEY, &saved.to_json())
}

/// Forgets the saved session ("clear my data"); `true` when nothing is stored afterwards.
pub fn clear() -> bool {
    remove(KEY)
}

/// The city's saved link fragment, if any.
pub fn load_city() -> Option<String> {
    get(CITY_KEY)
}

/// Saves the city as its link fragment; `false` when the browser refused.
pub fn save_city(fragment: &str) -> bool {
    set(CITY_KEY, fragment)
}

/// Forgets the saved city.
pub fn clear_city() -> bool {
    remove(CITY_KEY)
}
