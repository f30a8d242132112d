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

/// A saved session is restored on start: its input is sent to the reader worker. Here (the
/// test runner serves no worker) the reader cannot start, which must be reported in Chinese
/// while the page stays usable.
#[wasm_bindgen_test]
async fn a_reader_that_cannot_start_is_reported_and_the_page_keeps_working() {
    let storage = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .expect("local storage");
    let saved = parkcheck::session::Saved {
        version: parkcheck::session::Saved::VERSION,
        origin: Some(parkcheck::session::Origin::Sample),
        ..Default::default()
    };
    storage
        .set_item("parkcheck.session.v1", &saved.to_json())
        .expect("store");
    let host = mount();
    yew::Renderer::<parkcheck::ui::App>::with_root(host.clone()).render();
    let mut text = String::new();
    for _ in 0..50 {
        sleep(100).await;
        yew::scheduler::flush().await;
        text = host.text_content().unwrap_or_default();
        if text.contains("后台读取程序") {
            break;
        }
    }
    let _ = storage.remove_item("parkcheck.session.v1");
    assert!(text.contains("后台读取程序"), "{text}");
    assert!(
        text.contains("用示例数据试一试"),
        "the start screen is still there: {text}"
    );
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What the reader worker does, run in wasm in the browser: everything that works natively
/// must work here too (the XLSX writer once asked the system clock, which wasm in a browser
/// does not have, and panicked in the worker).
#[wasm_bindgen_test]
fn the_reader_makes_templates_exports_and_warms_up_in_wasm() {
    use parkcheck::job::{Order, Reader, Reply, Request, TemplateKind, make};
    let mut reader = Reader::default();
    for kind in [TemplateKind::Xlsx, TemplateKind::Csv] {
        let reply = make(Order::Template(kind));
        assert!(
            matches!(&reply, Reply::File { bytes, .. } if bytes.len() > 100),
            "{kind:?}: {reply:?}"
        );
    }
    assert_eq!(reader.handle(Request::WarmUp, &mut |_| {}), Reply::Warm);
    let session = parkcheck::job::apply_now(
        &parkcheck::session::Session::default(),
        parkcheck::session::Action::SampleRequested,
    );
    let fragment = parkcheck::share::FullState::from_session(&session)
        .map(|state| parkcheck::share::encode_full(&state, None))
        .expect("the sample makes a full-data link");
    let reply = make(Order::Export {
        fragment,
        custom_pack: None,
        lang: parkcheck::i18n::Lang::Zh,
    });
    assert!(
        matches!(&reply, Reply::File { bytes, .. } if bytes.starts_with(b"PK")),
        "{reply:?}"
    );
}
