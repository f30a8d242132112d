//! Browser storage of the session: the saved form ([`crate::session::Saved`]) as JSON in
//! `localStorage`, so the working state survives a reload. Nothing leaves the browser.

use crate::session::Saved;

/// The storage key; the saved form carries its own version too.
const KEY: &str = "parkcheck.session.v1";

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The saved session, if there is a readable one.
pub fn load() -> Option<Saved> {
    let text = local_storage()?.get_item(KEY).ok()??;
    Saved::from_json(&text)
}

/// Saves the session; `false` when the browser refused (storage full or disabled). A refused
/// save also drops the older saved session, so a reload never brings back stale data.
pub fn save(saved: &Saved) -> bool {
    let Some(storage) = local_storage() else {
        return false;
    };
    let ok = storage.set_item(KEY, &saved.to_json()).is_ok();
    if !ok {
        let _ = storage.remove_item(KEY);
    }
    ok
}

/// Forgets the saved session ("clear my data"); `true` when nothing is stored afterwards.
pub fn clear() -> bool {
    local_storage().is_none_or(|s| s.remove_item(KEY).is_ok())
}
