//! User Timing marks and measures: where the page's time goes, named `parkcheck:…`, for the
//! browser's performance tools and the in-browser benchmark (`benches/browser.rs`), which reads
//! them to split a load into its stages. A browser without the Performance API only loses the
//! figures.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = performance, js_name = measure, catch)]
    fn performance_measure(name: &str, start_mark: &str) -> Result<JsValue, JsValue>;
}

/// Runs `work` between User Timing marks, so that its duration is recorded as the measure
/// `name`.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let start = format!("{name}:start");
    mark(&start);
    let out = work();
    let _ = performance_measure(name, &start);
    out
}

/// Records the moment `name`.
pub fn mark(name: &str) {
    let _ = performance_mark(name);
}
