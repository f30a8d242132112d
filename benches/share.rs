//! Share-link figures: our link length against lz-string's `compressToEncodedURIComponent` of
//! the same state as JSON (what many web apps put in a URL) and against deflate + base64url of
//! that JSON, for the DOMAIN §3 worked example and a generated park of 200 enterprises × 3
//! years; plus encode and decode times. Run: `cargo bench --bench share`.

use std::time::{Duration, Instant};

use base64::Engine as _;
use parkcheck::dataset::{Flag, Platform, PlatformLevel};
use parkcheck::job::apply_now as apply;
use parkcheck::rules::evaluate_all;
use parkcheck::session::{Action, Session};
use parkcheck::share::{self, FullState, ResultState, Seal, SourceStamp};
use parkcheck::{Dataset, EnterpriseRecord, FieldId, ParkFacts};

/// Deterministic pseudo-random numbers (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() * words.len() as f64) as usize % words.len()]
    }

    /// A figure as a spreadsheet holds it: `digits` significant digits.
    fn figure(&mut self, low: f64, high: f64, decimals: i32) -> f64 {
        let p = 10f64.powi(decimals);
        ((low + self.next() * (high - low)) * p).round() / p
    }
}

/// A park of `n` enterprises × 2021–2023 with names like real ones (place + brand + trade +
/// suffix; brands are not in the link dictionary), credit codes and two-decimal figures.
fn generated_park(n: usize) -> Dataset {
    const PLACES: [&str; 6] = ["雅安", "四川", "名山", "成都", "川西", "荥经"];
    const BRANDS: [&str; 12] = [
        "恒达",
        "鑫源",
        "华兴",
        "金盛",
        "宏远",
        "瑞丰",
        "天成",
        "永泰",
        "中科",
        "蜀能",
        "青衣江",
        "龙腾",
    ];
    const TRADES: [&str; 10] = [
        "新材料",
        "精密机械",
        "食品",
        "建材",
        "电子",
        "化工",
        "茶业",
        "石材",
        "新能源",
        "铝业",
    ];
    const SUFFIX: [&str; 3] = ["有限公司", "有限责任公司", "股份有限公司"];
    const CODE: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let firms: Vec<(String, String, f64, f64)> = (0..n)
        .map(|i| {
            let name = format!(
                "{}{}{}{}{}",
                rng.pick(&PLACES),
                rng.pick(&BRANDS),
                if i % 7 == 0 { "科技" } else { "" },
                rng.pick(&TRADES),
                rng.pick(&SUFFIX)
            );
            let code: String = (0..18)
                .map(|_| CODE[(rng.next() * CODE.len() as f64) as usize % CODE.len()] as char)
                .collect();
            let land = rng.figure(5.0, 200.0, 1);
            let revenue = land * rng.figure(20.0, 600.0, 0);
            (name, code, land, revenue)
        })
        .collect();
    let mut rows = Vec::new();
    for (k, year) in [2021, 2022, 2023].into_iter().enumerate() {
        let growth = [0.8, 0.9, 1.0][k];
        for (name, code, land, revenue) in &firms {
            let revenue = (revenue * growth * 100.0).round() / 100.0;
            rows.push(EnterpriseRecord {
                name: name.clone(),
                credit_code: Some(code.clone()),
                year,
                leading: Some(rng.next() < 0.7),
                high_tech: Some(rng.next() < 0.3),
                above_scale: Some(true),
                land_area: Some(*land),
                revenue: Some(revenue),
                tax: Some((revenue * rng.next() * 6.0).round() / 100.0),
                employees: Some(rng.figure(10.0, 500.0, 0)),
                energy: Some(rng.figure(10.0, 50_000.0, 1)),
                rd_expense: Some((revenue * rng.next() * 5.0).round() / 100.0),
                veto: Some(Flag {
                    value: rng.next() < 0.01,
                    note: None,
                }),
                exempt: Some(Flag {
                    value: rng.next() < 0.02,
                    note: None,
                }),
                ..EnterpriseRecord::default()
            });
        }
    }
    Dataset {
        enterprises: rows,
        park: ParkFacts {
            park_name: "雅安经济技术开发区".into(),
            county: Some("雨城区".into()),
            platforms: vec![Platform {
                name: "四川省锂电材料工程技术研究中心".into(),
                level: PlatformLevel::Provincial,
            }],
            new_factory_area: Some(40_000.0),
            new_multistorey_area: Some(14_000.0),
            ..ParkFacts::default()
        },
        fields_present: [
            FieldId::Name,
            FieldId::CreditCode,
            FieldId::Leading,
            FieldId::HighTech,
            FieldId::AboveScale,
            FieldId::LandArea,
            FieldId::Revenue,
            FieldId::Tax,
            FieldId::Employees,
            FieldId::Energy,
            FieldId::RdExpense,
            FieldId::Veto,
            FieldId::Exempt,
        ]
        .into_iter()
        .collect(),
    }
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(label: &str, result: &ResultState, full: &FullState) {
    let result_link = share::encode_result(result);
    let full_link = share::encode_full(full, None);
    let deflate_b64 = |json: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
            .len()
    };
    println!("{label}");
    for (kind, ours, json) in [
        (
            "result",
            &result_link,
            serde_json::to_string(result).unwrap_or_default(),
        ),
        (
            "full",
            &full_link,
            serde_json::to_string(full).unwrap_or_default(),
        ),
    ] {
        let lz = lz_str::compress_to_encoded_uri_component(json.as_str()).len();
        let df = deflate_b64(&json);
        println!(
            "  {kind:<6} link: ours {:>7} chars | lz-string(JSON) {lz:>7} ({:.2}×) | deflate+base64url(JSON) {df:>7} ({:.2}×) | JSON {:>7} bytes",
            ours.len(),
            lz as f64 / ours.len() as f64,
            df as f64 / ours.len() as f64,
            json.len()
        );
    }
    let file = share::to_file(&full_link).unwrap_or_default();
    println!(
        "  .parkcheck file of the full link: {} bytes; fits a QR code: result {}, full {}",
        file.len(),
        share::qr_svg(&result_link).is_some(),
        share::qr_svg(&full_link).is_some()
    );
    let encode = median(
        || {
            std::hint::black_box(share::encode_full(full, None));
        },
        21,
    );
    let decode = median(
        || {
            std::hint::black_box(share::decode(&full_link, None).ok());
        },
        21,
    );
    println!(
        "  full link: encode {:.2} ms, decode {:.2} ms (median of 21)",
        ms(encode),
        ms(decode)
    );
}

fn main() {
    let session = apply(&Session::default(), Action::SampleRequested);
    let result = ResultState::from_session(&session).expect("sample result");
    let full = FullState::from_session(&session).expect("sample full");
    report(
        "DOMAIN §3 worked example (10 enterprises × 3 years)",
        &result,
        &full,
    );

    let dataset = generated_park(200);
    let evaluation = evaluate_all(&dataset, None, &[]);
    let result = ResultState::from_evaluation(&evaluation, &dataset.park.park_name);
    let source = SourceStamp {
        name: "园区企业数据2021-2023.xlsx".into(),
        sha256: "ab".repeat(32),
        sample: false,
    };
    let full = FullState::new(dataset, None, Vec::new(), Some(source), &evaluation);
    report("generated park (200 enterprises × 3 years)", &result, &full);

    let seal = Seal {
        passphrase: "园区口令",
        salt: [7; 16],
        nonce: [9; 12],
    };
    let start = Instant::now();
    let sealed = share::encode_full(&full, Some(seal));
    let sealing = start.elapsed();
    let start = Instant::now();
    let opened = share::decode(&sealed, Some("园区口令")).is_ok();
    println!(
        "protected link ({} PBKDF2 rounds): seal {:.0} ms, open {:.0} ms (ok: {opened})",
        share::PBKDF2_ROUNDS,
        ms(sealing),
        ms(start.elapsed())
    );
}
