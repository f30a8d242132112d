//! The app in headless Chromium, timed the way a user meets it, next to SheetJS 0.18.5 on the
//! same files in the same browser session (issue 5). A harness that prints figures; it asserts
//! nothing about them.
//!
//! Run with `trunk build --release && cargo bench --features e2e --bench browser` (it measures
//! whatever `dist/` holds, or `PARKCHECK_DIST`; it builds `dist/` only when there is none).
//!
//! - Generates 10,000- and 100,000-row × 20-column XLSX files of enterprises (the generator the
//!   ingest bench uses, `benches/support`) and a 10,000-row file over three years.
//! - Serves `dist/` on loopback with the e2e tests' server (`tests/e2e/support.rs`), plus the
//!   bench-only page `benches/browser/sheetjs.html` (no CSP) with SheetJS from `.tools/`
//!   (`npm install --prefix .tools xlsx@0.18.5` when missing; SheetJS is never shipped).
//! - App load, on a fresh page with empty storage each run: the file is set through WebDriver
//!   on the real `#file-input`; the in-page probe (`benches/browser/probe.js`) starts the clock
//!   on its `change` event and stops it when the frame showing the C1 card and the ranking rows
//!   has been painted. It also records the longest gap between animation frames, the long tasks
//!   meanwhile (responsiveness) and the page's `parkcheck:…` User Timing marks (the stages).
//!   Three ways per run: the reader worker warmed up because the pointer reached the drop zone
//!   (as on the way to the file button; the headline figure), the reader cold (started by the
//!   selection), and a second file on the same page. SheetJS runs on the same file between the
//!   app's runs.
//! - Changes on a loaded file (the year selector; parameter inputs are one line each in
//!   [`changes`]): from the click or edit to the updated screen.
//! - First-visit transfer: gzip (level 9) of `index.html` and every JS, wasm and CSS file it
//!   references.
//! - A native reference: the app's Rust work on the same files (`session::apply`, evaluation,
//!   view model) outside the browser, to tell computing from rendering.
//!
//! Sections can be picked: `cargo bench --features e2e --bench browser -- 10k 100k changes
//! native` (all by default; the transfer sizes always). Reports medians. Figures depend on the
//! machine and its load, which it prints; see README, Figures.

#[allow(dead_code)]
#[path = "../tests/e2e/support.rs"]
mod driver;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use parkcheck::i18n::Lang;
use parkcheck::report;
use parkcheck::session::{Action, Session, apply};
use serde_json::{Value, json};

use driver::{Browser, Site, dist_dir};

/// The SheetJS version the issue compares against.
const SHEETJS: &str = "0.18.5";
/// Runs per measurement (the median is reported).
const RUNS_10K: usize = 5;
const RUNS_100K: usize = 2;
const RUNS_CHANGE: usize = 6;

/// How long one measurement may take before the harness gives up.
const GIVE_UP: Duration = Duration::from_secs(300);

/// The in-page stopwatch.
const PROBE: &str = include_str!("browser/probe.js");

/// A screen update after one user change on a loaded file.
struct Change {
    label: &'static str,
    act: Act,
    /// The CSS selector whose text changes when the screen shows the update.
    watch: &'static str,
    /// The target, for the table.
    target: &'static str,
}

enum Act {
    /// Clicks the first element matching the selector.
    Click(&'static str),
    /// Sets the value of a field as a user's edit does (`input` + `change`), alternating between
    /// two values so every run changes something.
    Input(&'static str, [&'static str; 2]),
}

/// The changes timed on the loaded three-year file. The parameter panel's inputs (`#param-…`)
/// will be one line each, for example
/// `Change { label: "…", act: Act::Input("#param-…", ["3", "4"]), watch: "#class-summary", target: "≤ 150 ms" }`.
fn changes() -> Vec<Change> {
    vec![
        Change {
            label: "year selector",
            // The latest year is selected first, so this alternates between the two latest.
            act: Act::Click(".year-selector .year:not(.selected)"),
            watch: ".results-title",
            target: "≤ 150 ms",
        },
        // A local parameter changed in the parameter panel: a full re-evaluation.
        Change {
            label: "parameter (access threshold 3 ↔ 8)",
            act: Act::Input("#param-mujun-access_threshold", ["3", "8"]),
            watch: ".ranking .filters",
            target: "≤ 150 ms",
        },
        // Not a re-evaluation: the ranking's class filter.
        Change {
            label: "class filter (B ↔ A)",
            act: Act::Input("#class-filter", ["B", "A"]),
            watch: ".filters .muted",
            target: "—",
        },
    ]
}

/// One generated input file.
struct Input {
    label: String,
    path: PathBuf,
    url: String,
    bytes: usize,
    rows: u32,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `.tools/node_modules/xlsx/dist`, after installing SheetJS there if it is missing.
fn ensure_sheetjs() -> PathBuf {
    let package = root().join(".tools/node_modules/xlsx");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .is_some_and(|p| p["version"] == SHEETJS);
    if !installed {
        println!("installing SheetJS {SHEETJS} into .tools/ (the measuring stick; never shipped)");
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(root().join(".tools"))
            .arg(format!("xlsx@{SHEETJS}"))
            .status()
            .expect("npm must be installed to fetch SheetJS");
        assert!(status.success(), "npm install xlsx@{SHEETJS} failed");
    }
    package.join("dist")
}

/// Writes the benchmark files to `target/bench-browser/`.
fn generate(dir: &Path) -> Vec<Input> {
    std::fs::create_dir_all(dir).expect("create target/bench-browser");
    [
        (10_000, &[2023][..], "10,000 rows"),
        (100_000, &[2023][..], "100,000 rows"),
        (10_000, &[2021, 2022, 2023][..], "10,000 rows, 3 years"),
    ]
    .into_iter()
    .map(|(rows, years, label)| {
        let name = format!("enterprises-{rows}-{}y.xlsx", years.len());
        let bytes = support::xlsx(rows, years);
        let path = dir.join(&name);
        std::fs::write(&path, &bytes).expect("write bench file");
        Input {
            label: label.to_string(),
            path,
            url: format!("data/{name}"),
            bytes: bytes.len(),
            rows,
        }
    })
    .collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn field(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

fn ms(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else if v >= 1000.0 {
        format!("{:.2} s", v / 1000.0)
    } else {
        format!("{v:.0} ms")
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The gzip size of `data` at level 9: deflate plus gzip's 18-byte header and trailer.
fn gzip_len(data: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(data, 9).len() + 18
}

/// `index.html` and the JS, wasm and CSS files it references, with raw and gzip sizes.
fn transfer(dist: &Path) -> Vec<(String, usize, usize)> {
    let html = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    let mut files = vec!["index.html".to_string()];
    for attr in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            let value = &value[..value.find('"').unwrap_or(0)];
            let value = value.trim_start_matches("./").to_string();
            let wanted = [".js", ".wasm", ".css"].iter().any(|e| value.ends_with(e));
            if wanted && !files.contains(&value) {
                files.push(value);
            }
        }
    }
    // Anything of these kinds in dist/ that index.html does not name would be a miss here.
    for entry in std::fs::read_dir(dist).expect("read dist/").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let kind = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e));
        if kind && !files.contains(&name) {
            println!("note: dist/{name} is not referenced by index.html; not counted");
        }
    }
    files
        .into_iter()
        .map(|name| {
            let data = std::fs::read(dist.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let gz = gzip_len(&data);
            (name, data.len(), gz)
        })
        .collect()
}

/// What the app does with the file, natively: read + map + evaluate + view model, in ms; or why
/// the app refuses the file.
fn native(input: &Input, runs: usize) -> Result<(f64, f64, f64), String> {
    let bytes = std::rc::Rc::new(std::fs::read(&input.path).expect("bench file"));
    let (mut load, mut eval, mut view) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let session = apply(
            &Session::default(),
            Action::FileLoaded {
                name: "bench.xlsx".into(),
                bytes: bytes.clone(),
            },
        );
        load.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let Some(evaluation) = session.evaluate() else {
            let reasons: Vec<_> = session
                .load_errors
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            return Err(format!("refused ({reasons:?}) after {}", ms(load[0])));
        };
        eval.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        // The view formats the rows a screen shows: the first page.
        let shown = report::result_view(&std::rc::Rc::new(evaluation), Lang::Zh);
        if let Some(ranking) = &shown.ranking {
            let page = ranking.select(&report::RankingQuery::default());
            for &row in page.iter().take(100) {
                std::hint::black_box(ranking.row(row));
            }
        }
        view.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((median(load), median(eval), median(view)))
}

/// How the reader worker stands when the file is selected.
#[derive(Clone, Copy, PartialEq)]
enum Reader {
    /// Not started: the file is the page's first use of it (the worst case).
    Cold,
    /// Started and warmed up because the pointer reached the drop zone, as it does on the way
    /// to the file button or with a dragged file; the harness waits for the warm-up, which
    /// takes less time than choosing a file in a dialog.
    Intent,
}

/// Opens the app afresh, sets `input` on the real file input and times it to results on screen.
async fn app_load(browser: &Browser, site: &Site, input: &Input, reader: Reader) -> Value {
    // A page that finds the previous run's data in storage reads it again when it opens, which
    // would overlap this run: start from empty storage, as a first load does.
    browser.open(&site.base_url).await;
    browser.js("localStorage.clear(); return true").await;
    browser.open(&site.base_url).await;
    let mut warm_up = Value::Null;
    if reader == Reader::Intent {
        browser
            .js("document.querySelector('.dropzone').dispatchEvent(new PointerEvent('pointerenter')); return true")
            .await;
        warm_up = browser
            .js_async(
                "const t0 = performance.now(), done = arguments[0]; \
                 const f = () => performance.getEntriesByName('parkcheck:reader-warm').length \
                   ? done(performance.now() - t0) : setTimeout(f, 5); f()",
            )
            .await;
    }
    arm(browser, json!({ "trigger": "change", "done": "loaded" })).await;
    browser.choose_file(&input.path).await;
    let mut v = result(browser).await;
    v["warmUp"] = warm_up;
    v
}

/// On the page a load left, clears the data and loads `input` again: a second file, read by
/// a reader that has read one before.
async fn app_load_again(browser: &Browser, input: &Input) -> Value {
    browser.click("#clear-data").await;
    arm(browser, json!({ "trigger": "change", "done": "loaded" })).await;
    browser.choose_file(&input.path).await;
    result(browser).await
}

/// One change on the loaded page, timed to the updated screen.
async fn app_change(browser: &Browser, change: &Change, run: usize) -> Value {
    match change.act {
        Act::Click(css) => {
            arm(
                browser,
                json!({ "trigger": "click", "done": { "changed": change.watch } }),
            )
            .await;
            browser.click(css).await;
        }
        Act::Input(css, values) => {
            arm(
                browser,
                json!({ "trigger": "input", "done": { "changed": change.watch } }),
            )
            .await;
            let set = browser
                .client
                .execute(
                    "return parkcheckProbe.setValue(arguments[0], arguments[1])",
                    vec![json!(css), json!(values[(run - 1) % 2])],
                )
                .await
                .expect("set value");
            assert_eq!(set, json!(true), "{css} not found");
        }
    }
    result(browser).await
}

async fn arm(browser: &Browser, spec: Value) {
    browser.js(PROBE).await;
    browser
        .client
        .execute("return parkcheckProbe.arm(arguments[0])", vec![spec])
        .await
        .expect("arm the probe");
}

/// The probe's figures, once the screen shows the result; panics if it never does.
async fn result(browser: &Browser) -> Value {
    let v = browser
        .js_async(&format!(
            "parkcheckProbe.result({}).then(arguments[0])",
            GIVE_UP.as_millis()
        ))
        .await;
    assert!(
        v["timedOut"].is_null(),
        "the page never showed the expected result: {v}"
    );
    v
}

/// SheetJS on the same file in the same browser: `XLSX.read` + `sheet_to_json`, on a fresh page.
async fn sheetjs(browser: &Browser, site: &Site, input: &Input) -> Value {
    browser
        .client
        .goto(&format!("{}bench/sheetjs.html", site.base_url))
        .await
        .expect("open the SheetJS page");
    browser
        .client
        .execute_async(
            "measureSheetJs(arguments[0]).then(arguments[1])",
            vec![json!(input.url)],
        )
        .await
        .expect("SheetJS run")
}

/// One line of progress per run.
fn show_app(label: &str, run: usize, v: &Value) {
    if let Some(message) = v["refused"].as_str() {
        println!(
            "  {label} run {run}: REFUSED after {} (longest frame gap {}): {message}",
            ms(field(v, "total")),
            ms(field(v, "maxFrameGap"))
        );
        return;
    }
    println!(
        "  {label} run {run}: results on screen {} (in DOM {}, laid out {}), longest frame gap {}, \
         longest task {} (long tasks {} ms, {} in all); {} table rows, C1 {}",
        ms(field(v, "total")),
        ms(field(v, "dom")),
        ms(field(v, "layout")),
        ms(field(v, "maxFrameGap")),
        ms(field(v, "longestTask")),
        v["longTasks"],
        ms(field(v, "longTaskSum")),
        v["tableRows"],
        v["c1"],
    );
    if let Some(stages) = v["stages"].as_array().filter(|s| !s.is_empty()) {
        let stages: Vec<&str> = stages.iter().filter_map(Value::as_str).collect();
        println!("    stages (ms since selection): {}", stages.join(", "));
    }
    if let Some(sections) = v["sections"].as_array() {
        let sections: Vec<&str> = sections.iter().filter_map(Value::as_str).collect();
        println!(
            "    {} elements; sections over 100: {}",
            v["nodes"],
            sections.join(", ")
        );
    }
}

/// The sections named on the command line (`cargo bench … -- 10k changes`), or all.
fn wanted(section: &str) -> bool {
    let names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    names.is_empty() || names.iter().any(|n| n == section)
}

/// Loads `input` in the app and in SheetJS `runs` times, alternating, so a burst of load on the
/// machine hits both; returns the table's rows.
async fn compare_loads(
    browser: &Browser,
    site: &Site,
    input: &Input,
    runs: usize,
    target: &str,
) -> Vec<[String; 4]> {
    println!(
        "\n{} (app, then SheetJS {SHEETJS}, {runs} runs):",
        input.label
    );
    let (mut intent, mut cold, mut again, mut sheet) = (vec![], vec![], vec![], vec![]);
    for run in 1..=runs {
        let c = app_load(browser, site, input, Reader::Cold).await;
        show_app("app, reader cold", run, &c);
        let i = app_load(browser, site, input, Reader::Intent).await;
        show_app(
            &format!(
                "app, reader warmed ({} after the pointer)",
                ms(field(&i, "warmUp"))
            ),
            run,
            &i,
        );
        let a = app_load_again(browser, input).await;
        show_app("app, second file", run, &a);
        let s = sheetjs(browser, site, input).await;
        println!(
            "  SheetJS {} run {run}: {} (read {}, sheet_to_json {}), {} rows",
            s["version"].as_str().unwrap_or("?"),
            ms(field(&s, "total")),
            ms(field(&s, "read")),
            ms(field(&s, "toJson")),
            s["rows"]
        );
        assert_eq!(s["rows"], json!(input.rows), "SheetJS read every row");
        intent.push(i);
        cold.push(c);
        again.push(a);
        sheet.push(s);
    }
    let app = intent;
    let mut rows = vec![[
        format!(
            "{}: selection → results on screen (reader warmed)",
            input.label
        ),
        app_median(&app, "total"),
        ms(median_of(&sheet, "total")),
        target.to_string(),
    ]];
    if runs > 0 && !app.iter().any(|v| v["refused"].is_string()) {
        rows.push([
            format!("{}: … of which in the DOM", input.label),
            ms(median_of(&app, "dom")),
            "".into(),
            "".into(),
        ]);
    }
    rows.push([
        format!("{}: longest frame gap while loading", input.label),
        ms(median_of(&app, "maxFrameGap")),
        "".into(),
        "responsive".into(),
    ]);
    rows.push([
        format!("{}: … reader cold (started by the selection)", input.label),
        app_median(&cold, "total"),
        "".into(),
        "".into(),
    ]);
    rows.push([
        format!("{}: … a second file on the same page", input.label),
        app_median(&again, "total"),
        "".into(),
        "".into(),
    ]);
    rows
}

fn median_of(runs: &[Value], key: &str) -> f64 {
    median(runs.iter().map(|v| field(v, key)).collect())
}

/// The app's median, or "refused after …" when it turned the file down.
fn app_median(runs: &[Value], key: &str) -> String {
    if runs.iter().any(|v| v["refused"].is_string()) {
        format!("refused after {}", ms(median_of(runs, "total")))
    } else {
        ms(median_of(runs, key))
    }
}

/// Loads the three-year file, then times each of [`changes`] on it.
async fn time_changes(browser: &Browser, site: &Site, input: &Input) -> Vec<[String; 4]> {
    println!("\n{}, then changes on it:", input.label);
    let load = app_load(browser, site, input, Reader::Intent).await;
    show_app("app load", 1, &load);
    let mut rows = vec![[
        format!(
            "{}: selection → results on screen (reader warmed)",
            input.label
        ),
        app_median(std::slice::from_ref(&load), "total"),
        "".into(),
        "".into(),
    ]];
    for change in changes() {
        let mut runs = vec![];
        for run in 1..=RUNS_CHANGE {
            let v = app_change(browser, &change, run).await;
            println!(
                "  {} run {run}: updated screen {} (in DOM {}, laid out {}), now {:?}",
                change.label,
                ms(field(&v, "total")),
                ms(field(&v, "dom")),
                ms(field(&v, "layout")),
                v["title"].as_str().unwrap_or("?")
            );
            runs.push(v);
        }
        rows.push([
            format!("{}: {} → updated screen", input.label, change.label),
            ms(median_of(&runs, "total")),
            "".into(),
            change.target.to_string(),
        ]);
    }
    rows
}

/// The machine's load average (Linux), printed with the figures: they depend on it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

#[tokio::main]
async fn main() {
    println!(
        "load average (1, 5, 15 min): {} on {} cores",
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let dist = dist_dir();
    let sheetjs_dist = ensure_sheetjs();
    let data_dir = root().join("target/bench-browser");
    println!(
        "dist: {} (index.html written {} min ago)",
        dist.display(),
        std::fs::metadata(dist.join("index.html"))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .map_or(0, |d| d.as_secs() / 60)
    );

    let inputs = generate(&data_dir);
    for input in &inputs {
        println!(
            "input: {} × 20 columns, {:.2} MB, {}",
            input.label,
            input.bytes as f64 / 1e6,
            input.path.display()
        );
    }
    let (ten, hundred, years) = (&inputs[0], &inputs[1], &inputs[2]);

    println!("\nfirst-visit transfer (gzip -9):");
    let files = transfer(dist);
    for (name, raw, gz) in &files {
        println!("  {name:<45} {:>10} raw {:>10} gzip", kb(*raw), kb(*gz));
    }
    let transfer_total: usize = files.iter().map(|f| f.2).sum();
    println!(
        "  {:<45} {:>10}     {:>10} gzip",
        "total",
        "",
        kb(transfer_total)
    );

    if wanted("native") {
        println!("\nnative reference (the app's Rust work on the same file, outside the browser):");
        for (input, runs) in [(ten, 3), (hundred, 1), (years, 3)] {
            match native(input, runs) {
                Ok((load, eval, view)) => println!(
                    "  {:<22} read+map {}  evaluate {}  view model {}  (all {})",
                    input.label,
                    ms(load),
                    ms(eval),
                    ms(view),
                    ms(load + eval + view)
                ),
                Err(refused) => println!("  {:<22} {refused}", input.label),
            }
        }
    }

    let site = Site::serve_dirs(&[
        ("/", dist),
        ("/bench/", &root().join("benches/browser")),
        ("/bench/xlsx/", &sheetjs_dist),
        ("/bench/data/", &data_dir),
    ]);
    let browser = Browser::start().await;
    browser
        .client
        .update_timeouts(TimeoutConfiguration::new(
            Some(GIVE_UP + Duration::from_secs(60)),
            Some(Duration::from_secs(120)),
            None,
        ))
        .await
        .expect("timeouts");

    let mut rows = vec![];
    if wanted("10k") {
        rows.extend(compare_loads(&browser, &site, ten, RUNS_10K, "≤ 400 ms").await);
    }
    if wanted("100k") {
        rows.extend(compare_loads(&browser, &site, hundred, RUNS_100K, "≤ 3 s").await);
    }
    if wanted("changes") {
        rows.extend(time_changes(&browser, &site, years).await);
    }
    browser.close().await;
    rows.push([
        "first-visit transfer (gzip -9: html + js + wasm + css)".into(),
        kb(transfer_total),
        "".into(),
        "≤ 600 KB".into(),
    ]);

    println!(
        "\nmedians ({RUNS_10K} runs for 10,000 rows, {RUNS_100K} for 100,000, {RUNS_CHANGE} per change; \
         load average now {}):\n",
        load_average()
    );
    println!(
        "| {:<62} | {:>20} | {:>14} | {:>10} |",
        "measurement",
        "ParkCheck",
        format!("SheetJS {SHEETJS}"),
        "target"
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(64),
        "-".repeat(22),
        "-".repeat(16),
        "-".repeat(12)
    );
    for [what, app, sheet, target] in rows {
        println!("| {what:<62} | {app:>20} | {sheet:>14} | {target:>10} |");
    }
}
