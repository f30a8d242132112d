//! The command line end to end: the real binary on real files.
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn parkcheck(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_parkcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run parkcheck");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_gbk_csv_with_title_rows_evaluates_to_the_worked_example_json() {
    let (code, stdout, stderr) =
        parkcheck(&["evaluate", "tests/fixtures/park-2023-gbk.csv", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["year"], 2023);
    let c1 = &json["park"]["criteria"][0];
    assert_eq!(
        (c1["id"].as_str(), c1["state"].as_str()),
        (Some("C1"), Some("pass"))
    );
    assert!(
        (c1["observed"].as_f64().unwrap_or_default() - 0.8807).abs() < 1e-4,
        "{c1}"
    );
    let top = &json["enterprises"][0];
    assert_eq!(top["name"], "雅安锂电新材料有限公司");
    assert_eq!(top["class"], "A");
    assert!(
        (top["score"].as_f64().unwrap_or_default() - 184.05).abs() < 0.01,
        "{top}"
    );
    let exempt = json["enterprises"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["class"] == "T"));
    assert_eq!(
        exempt.map(|r| r["exit_status"].clone()),
        Some(serde_json::json!("exempt"))
    );
}

#[test]
fn an_override_is_applied_and_recorded() {
    let (code, stdout, stderr) = parkcheck(&[
        "evaluate",
        "tests/fixtures/park-2023-gbk.csv",
        "--set",
        "mujun.access_threshold=3",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["overrides"][0]["key"], "mujun.access_threshold");
}

#[test]
fn bad_files_and_arguments_exit_2_with_a_chinese_message() {
    let (code, _, stderr) = parkcheck(&["evaluate", "tests/fixtures/not-a-spreadsheet.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not-a-spreadsheet.xlsx")
            && stderr
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{stderr}"
    );
    let (code, _, stderr) = parkcheck(&["evaluate", "tests/fixtures/does-not-exist.csv"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = parkcheck(&["evaluate"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = parkcheck(&[
        "evaluate",
        "tests/fixtures/park-2023-gbk.csv",
        "--year",
        "二〇二三",
    ]);
    assert_eq!(code, 2);
    let (code, _, stderr) = parkcheck(&["frobnicate"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_text_report_is_chinese() {
    let (code, stdout, stderr) = parkcheck(&["evaluate", "tests/fixtures/park-2023-gbk.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("评价年度：2023") && stdout.contains("雅安锂电新材料有限公司"),
        "{stdout}"
    );
}

#[test]
fn city_evaluates_three_park_files_to_the_stable_json() {
    let (code, stdout, stderr) = parkcheck(&[
        "city",
        "tests/fixtures/city/park-a-yaan.xlsx",
        "tests/fixtures/city/park-b-mingshan.xlsx",
        "tests/fixtures/city/park-c-hanyuan.xlsx",
        "--year",
        "2023",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["schema"], "parkcheck.city/1");
    assert_eq!(json["year"], 2023);
    assert_eq!(json["goal"]["sentence"], "已达标 1 个，距目标还差 2 个");
    assert_eq!(json["goal"]["target"], 3.0);
    assert_eq!(json["closest"]["park"], "名山经济开发区");
    let statuses: Vec<(&str, &str)> = json["parks"]
        .as_array()
        .map(|parks| {
            parks
                .iter()
                .map(|p| {
                    (
                        p["label"].as_str().unwrap_or_default(),
                        p["status"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        statuses,
        vec![
            ("雅安经济开发区", "clear"),
            ("名山经济开发区", "warning"),
            ("汉源工业园区", "interview"),
        ]
    );
    assert_eq!(json["ranking"]["scope"], "park");
    assert_eq!(json["ranking"]["enterprises"][0]["park"], "雅安经济开发区");
}

#[test]
fn city_reads_one_workbook_with_a_park_column_and_city_benchmarks() {
    let (code, stdout, stderr) = parkcheck(&[
        "city",
        "tests/fixtures/city/city-workbook.xlsx",
        "--city-benchmarks",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["parks"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["benchmark_scope"], "city");
    let top = &json["ranking"]["enterprises"][0];
    assert_eq!(
        (top["name"].as_str(), top["rank"].as_u64()),
        (Some("川西精密制造有限公司"), Some(1))
    );
    assert!(
        (json["ranking"]["benchmarks"]["mu_revenue"]
            .as_f64()
            .unwrap_or_default()
            - 202.857)
            .abs()
            < 0.001,
        "{}",
        json["ranking"]
    );
}

#[test]
fn city_text_report_is_chinese_and_bad_arguments_exit_2() {
    let (code, stdout, stderr) = parkcheck(&["city", "tests/fixtures/city/city-workbook.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("全市园区评价：2023 年，3 个园区")
            && stdout.contains("已达标 1 个，距目标还差 2 个")
            && stdout.contains("约谈"),
        "{stdout}"
    );
    let (code, _, stderr) = parkcheck(&["city"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = parkcheck(&[
        "city",
        "tests/fixtures/city/city-workbook.xlsx",
        "--set",
        "park.c1_min_share=0.5",
    ]);
    assert_eq!(code, 2, "a seed parameter cannot be overridden: {stderr}");
    assert!(stderr.contains("不能覆盖"), "{stderr}");
    let (code, _, stderr) = parkcheck(&["city", "tests/fixtures/city/missing.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn evaluate_warns_when_a_file_holds_several_parks() {
    let (code, stdout, stderr) = parkcheck(&[
        "evaluate",
        "tests/fixtures/city/city-workbook.xlsx",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .map(|d| d.iter().filter_map(|x| x["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(codes.contains(&"city.several_parks"), "{codes:?}");
}

#[test]
fn a_link_made_on_the_command_line_opens_again() {
    let (code, stdout, stderr) = parkcheck(&["link", "tests/fixtures/park-2023-gbk.csv"]);
    assert_eq!(code, 0, "{stderr}");
    let link = stdout.trim();
    assert!(link.starts_with("#v1f"), "{link}");
    let (code, stdout, stderr) = parkcheck(&["open", link, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let full = &json["state"]["full"];
    assert_eq!(full["source"]["name"], "park-2023-gbk.csv");
    assert_eq!(full["source"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(json["pack_changes"], serde_json::json!([]));
    let changed = json["diff"]["enterprises"]
        .as_array()
        .map(|rows| rows.iter().filter(|r| r["changed"] == true).count());
    assert_eq!(changed, Some(0));

    let (code, stdout, stderr) =
        parkcheck(&["link", "tests/fixtures/park-2023-gbk.csv", "--result"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, text, stderr) = parkcheck(&["open", stdout.trim()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.contains("结果链接"), "{text}");
    assert!(text.contains("雅安锂电新材料有限公司"), "{text}");
}

#[test]
fn a_damaged_link_is_explained_in_chinese() {
    let (code, _, stderr) = parkcheck(&["open", "https://example.org/#v1rAAAAAAAA"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("链接"), "{stderr}");
}

#[test]
fn city_makes_a_link_and_an_xlsx_and_takes_parkcheck_files() {
    let three = [
        "tests/fixtures/city/park-a-yaan.xlsx",
        "tests/fixtures/city/park-b-mingshan.xlsx",
        "tests/fixtures/city/park-c-hanyuan.xlsx",
    ];
    let dir = std::env::temp_dir().join(format!("parkcheck-cli-city-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let with = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["city".to_string()];
        args.extend(three.iter().map(|s| s.to_string()));
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |args: &[String]| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        parkcheck(&refs)
    };

    // The city link, as a .parkcheck file, reopens the same city (its benchmarks included).
    let (code, link, stderr) = run(&with(&["--city-benchmarks", "--link"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(link.starts_with("#v1c"), "{link}");
    let city_file = path("全市.parkcheck");
    std::fs::write(
        &city_file,
        parkcheck::share::to_file(link.trim()).expect("file"),
    )
    .expect("write");
    let (_, direct, _) = run(&with(&["--city-benchmarks", "--json"]));
    let (code, reopened, stderr) = parkcheck(&["city", &city_file, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let direct: serde_json::Value = serde_json::from_str(&direct).expect("json");
    let reopened: serde_json::Value = serde_json::from_str(&reopened).expect("json");
    for key in [
        "year",
        "benchmark_scope",
        "goal",
        "closest",
        "parks",
        "ranking",
        "chart",
    ] {
        assert_eq!(reopened[key], direct[key], "{key}");
    }
    let (code, opened, _) = parkcheck(&["open", &city_file]);
    assert_eq!(code, 0);
    assert!(opened.contains("全市链接：3 个园区"), "{opened}");

    // The XLSX: a summary sheet and one per park.
    let xlsx = path("全市.xlsx");
    let (code, _, stderr) = run(&with(&["--xlsx", &xlsx]));
    assert_eq!(code, 0, "{stderr}");
    let book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx");
    use calamine::Reader as _;
    assert_eq!(
        book.sheet_names(),
        [
            "全市汇总",
            "雅安经济开发区",
            "名山经济开发区",
            "汉源工业园区"
        ]
    );

    // A single park's full-data .parkcheck file is one more park; a result link is refused.
    for (flag, name) in [("", "单园区.parkcheck"), ("--result", "结果.parkcheck")] {
        let mut args = vec!["link", "tests/fixtures/park-2023-gbk.csv"];
        if !flag.is_empty() {
            args.push(flag);
        }
        let (code, fragment, stderr) = parkcheck(&args);
        assert_eq!(code, 0, "{stderr}");
        std::fs::write(
            path(name),
            parkcheck::share::to_file(fragment.trim()).expect("file"),
        )
        .expect("write");
    }
    let (code, out, stderr) = run(&with(&[&path("单园区.parkcheck"), "--json"]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["parks"].as_array().map(Vec::len), Some(4));
    let (code, _, stderr) = run(&with(&[&path("结果.parkcheck")]));
    assert_eq!(code, 2);
    assert!(stderr.contains("完整数据链接"), "{stderr}");
    // A damaged city file says what is wrong.
    std::fs::write(path("坏.parkcheck"), b"ParkCheck share file\nv1c\x01\x02").expect("write");
    let (code, _, stderr) = parkcheck(&["city", &path("坏.parkcheck")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("链接"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
