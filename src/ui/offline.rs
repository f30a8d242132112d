//! Offline use: registers the service worker (`sw.js`, written at build time by
//! `tools/service_worker.py`) and says when a new version of the app is waiting, so the user
//! can switch to it when it suits them instead of mid-task.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration};
use yew::Callback;

fn container() -> ServiceWorkerContainer {
    gloo::utils::window().navigator().service_worker()
}

/// Registers the service worker; `on_update` fires when a new version is installed and waiting.
/// Failures (no service worker support, a file:// page) are silent: the app works online.
pub fn register(on_update: Callback<()>) {
    wasm_bindgen_futures::spawn_local(async move {
        let container = container();
        let Ok(registration) = JsFuture::from(container.register("./sw.js")).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        let notify = {
            let registration = registration.clone();
            let container = container.clone();
            move || {
                // Only an update: the first install has no page controlled by an older version.
                if registration.waiting().is_some() && container.controller().is_some() {
                    on_update.emit(());
                }
            }
        };
        notify();
        let on_found = {
            let registration = registration.clone();
            Closure::<dyn FnMut()>::new(move || {
                if let Some(installing) = registration.installing() {
                    let notify = notify.clone();
                    let on_state = Closure::<dyn FnMut()>::new(notify);
                    installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                    // Lives as long as the page.
                    on_state.forget();
                }
            })
        };
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

/// Switches to the waiting version: it takes over, and the page reloads into it.
pub fn apply_update() {
    wasm_bindgen_futures::spawn_local(async {
        let container = container();
        let reload = Closure::<dyn FnMut()>::new(|| {
            let _ = gloo::utils::window().location().reload();
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        if let Ok(registration) = JsFuture::from(container.get_registration()).await
            && let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>()
            && let Some(waiting) = registration.waiting()
        {
            let _ = waiting.post_message(&"skip-waiting".into());
        }
    });
}
