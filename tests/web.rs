//! Browser tests (wasm-bindgen-test in headless Chromium): components render into a real DOM.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let host = document.create_element("div").expect("create div");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host
}

#[wasm_bindgen_test]
async fn app_renders_the_start_screen() {
    let host = mount();
    yew::Renderer::<parkcheck::ui::App>::with_root(host.clone()).render();
    yew::scheduler::flush().await;
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("用示例数据试一试"), "{text}");
    assert!(
        text.contains("数据只在您的浏览器中计算，不会上传"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn language_toggle_switches_strings() {
    let host = mount();
    yew::Renderer::<parkcheck::ui::App>::with_root(host.clone()).render();
    yew::scheduler::flush().await;
    let toggle: web_sys::HtmlElement = host
        .query_selector(".lang-toggle")
        .expect("query")
        .expect("toggle exists")
        .dyn_into()
        .expect("html element");
    toggle.click();
    yew::scheduler::flush().await;
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("Try the sample data"), "{text}");
}
