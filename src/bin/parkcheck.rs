//! The ParkCheck command line: the same library as the web app, for scripting and for checking
//! results outside the browser.
//!
//! ```text
//! parkcheck evaluate FILE... [--year Y] [--facts FILE] [--pack ID|FILE]... [--set KEY=VALUE]...
//!                    [--encoding ENC] [--json]
//! parkcheck city FILE... [--year Y] [--pack ID|FILE]... [--set KEY=VALUE]... [--city-benchmarks]
//!                [--encoding ENC] [--passphrase P] [--json] [--xlsx OUT] [--link]
//! parkcheck template (--xlsx OUT | --csv OUT)
//! parkcheck packs
//! parkcheck link FILE... [--result] [--year Y] [--facts FILE] [--set KEY=VALUE]... [--encoding ENC]
//! parkcheck open LINK [--passphrase P] [--json]
//! ```
//!
//! Bad files or arguments print a clear message and exit with status 2; nothing panics.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parkcheck::city::{self, BenchmarkScope, City, CityDiagnostic, CityOptions, ParkInput};
use parkcheck::city_session::{self, LinkContent};
use parkcheck::dataset::{Dataset, ParkFacts};
use parkcheck::diagnostic::{Diagnostic, Severity, has_errors};
use parkcheck::export;
use parkcheck::i18n::Lang;
use parkcheck::ingest::{self, IngestOptions, SourceOptions};
use parkcheck::rules::{self, CompiledPack, Override};
use parkcheck::share::{
    self, CityFileParks, CityState, FullState, Outcome, ResultState, Shared, SourceStamp,
};
use sha2::{Digest, Sha256};

/// Writes to stdout; a closed pipe (`parkcheck … | head`) ends output quietly instead of
/// panicking as `println!` would.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

const USAGE: &str = "\
用法 / usage:
  parkcheck evaluate FILE... [--year Y] [--facts FILE] [--pack ID|FILE]... [--set KEY=VALUE]...
                     [--encoding ENC] [--json]
  parkcheck city FILE... [--year Y] [--pack ID|FILE]... [--set KEY=VALUE]... [--city-benchmarks]
                 [--encoding ENC] [--passphrase P] [--json] [--xlsx OUT] [--link]
  parkcheck template (--xlsx OUT | --csv OUT)
  parkcheck packs
  parkcheck link FILE... [--result] [--year Y] [--facts FILE] [--set KEY=VALUE]... [--encoding ENC]
  parkcheck open LINK [--passphrase P] [--json]

evaluate   读取一个或多个表格文件，按内置或指定规则包评价园区与企业。
           Reads spreadsheet files and evaluates the park and its enterprises.
  --year Y        评价年度（默认：数据中最新年度） / year to evaluate (default: latest)
  --facts FILE    园区信息：.toml/.json 文件，或含“园区信息”表的表格 / park facts
  --pack ID|FILE  规则包：内置 id 或 .toml 文件，替换同类内置包 / a built-in id or a pack file
  --set KEY=VALUE 覆盖参数，如 mujun.access_threshold=3 / override a parameter
  --encoding ENC  文本文件编码，如 GBK / text encoding of CSV files
  --json          输出稳定的 JSON（见 README） / print the stable JSON (see README)
city       全市汇总：每个文件一个园区，或一个含“园区名称”列的工作簿；各园区按同一规则包和参数评价。
           City view: one park per file, or one workbook with a park column; every park is
           evaluated with the same packs and parameters.
  --city-benchmarks  亩均基准按全市所有企业计算（默认各园区分别计算） / city-wide 亩均 benchmarks
  FILE 也可以是 .parkcheck 文件：完整数据链接为一个园区，全市链接为其全部园区（只给一个全市
  链接时沿用其年度、参数和亩均基准） / FILE may be a .parkcheck file: a full-data link is one
  park, a city link all of its parks (alone, it also brings its year, parameters and benchmarks)
  --passphrase P     受保护 .parkcheck 文件的口令 / passphrase of protected .parkcheck files
  --xlsx OUT         另写出 Excel：汇总表加每个园区一张表 / also write the XLSX (summary + one sheet per park)
  --link             只输出全市链接的 #v1c… 部分 / print only the city link's fragment
  其余选项同 evaluate / other options as for evaluate
template   写出空白导入模板 / writes the blank input template
packs      列出内置规则包及其哈希 / lists the built-in rule packs and their hashes
link       生成完整数据链接（--result：结果链接）的 #v1… 部分 / prints a full-data link's
           fragment (--result: a result link), with the built-in packs
open       打开分享链接，输出内容与按当前规则重算的差异 / opens a share link and shows it
           beside the current rules' result (--json: the decoded state as JSON)";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            eprintln!("错误 / error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(CliError::Input(message)) => {
            eprintln!("错误 / error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why the command line stopped.
#[derive(Debug)]
enum CliError {
    /// The arguments are wrong; the usage text is printed.
    Usage(String),
    /// A file or value could not be used; the message says which and why.
    Input(String),
}

fn run(args: Vec<OsString>) -> Result<(), CliError> {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(usage)? {
        Some(lexopt::Arg::Value(v)) => v.to_string_lossy().into_owned(),
        Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h')) | None => {
            outln!("{USAGE}");
            return Ok(());
        }
        Some(other) => {
            return Err(CliError::Usage(format!(
                "未知参数 / unknown argument {other:?}"
            )));
        }
    };
    match command.as_str() {
        "evaluate" => evaluate(EvaluateArgs::parse(&mut parser)?),
        "city" => city(CityArgs::parse(&mut parser)?),
        "template" => template(&mut parser),
        "packs" => packs(),
        "link" => link(EvaluateArgs::parse(&mut parser)?),
        "open" => open(&mut parser),
        "help" => {
            outln!("{USAGE}");
            Ok(())
        }
        other => Err(CliError::Usage(format!(
            "未知命令 / unknown command “{other}”"
        ))),
    }
}

fn usage(e: lexopt::Error) -> CliError {
    CliError::Usage(e.to_string())
}

/// The arguments of `evaluate`, as the user wrote them.
#[derive(Debug, Default)]
struct EvaluateArgs {
    files: Vec<PathBuf>,
    year: Option<i32>,
    facts: Option<PathBuf>,
    packs: Vec<String>,
    overrides: Vec<String>,
    encoding: Option<String>,
    json: bool,
    /// `link --result`: a result link instead of a full-data link.
    result: bool,
}

impl EvaluateArgs {
    fn parse(parser: &mut lexopt::Parser) -> Result<EvaluateArgs, CliError> {
        use lexopt::Arg::{Long, Value};
        let mut args = EvaluateArgs::default();
        while let Some(arg) = parser.next().map_err(usage)? {
            match arg {
                Long("year") => args.year = Some(parse_year(parser)?),
                Long("facts") => args.facts = Some(parser.value().map_err(usage)?.into()),
                Long("pack") => args.packs.push(
                    parser
                        .value()
                        .map_err(usage)?
                        .to_string_lossy()
                        .into_owned(),
                ),
                Long("set") => args.overrides.push(
                    parser
                        .value()
                        .map_err(usage)?
                        .to_string_lossy()
                        .into_owned(),
                ),
                Long("encoding") => {
                    args.encoding = Some(
                        parser
                            .value()
                            .map_err(usage)?
                            .to_string_lossy()
                            .into_owned(),
                    )
                }
                Long("json") => args.json = true,
                Long("result") => args.result = true,
                Value(file) => args.files.push(file.into()),
                other => {
                    return Err(CliError::Usage(format!(
                        "未知参数 / unknown argument {other:?}"
                    )));
                }
            }
        }
        if args.files.is_empty() {
            return Err(CliError::Usage(
                "请给出至少一个数据文件 / give at least one data file".into(),
            ));
        }
        Ok(args)
    }
}

/// `--year 2023` (a trailing 年 is accepted).
fn parse_year(parser: &mut lexopt::Parser) -> Result<i32, CliError> {
    let text = parser
        .value()
        .map_err(usage)?
        .to_string_lossy()
        .into_owned();
    text.trim()
        .trim_end_matches('年')
        .parse::<i32>()
        .map_err(|_| {
            CliError::Usage(format!(
                "--year 需要年份，如 2023 / --year needs a year such as 2023, got “{text}”"
            ))
        })
}

/// The arguments of `city`, as the user wrote them.
#[derive(Debug, Default)]
struct CityArgs {
    files: Vec<PathBuf>,
    year: Option<i32>,
    packs: Vec<String>,
    overrides: Vec<String>,
    city_benchmarks: bool,
    encoding: Option<String>,
    passphrase: Option<String>,
    json: bool,
    xlsx: Option<PathBuf>,
    link: bool,
}

impl CityArgs {
    fn parse(parser: &mut lexopt::Parser) -> Result<CityArgs, CliError> {
        use lexopt::Arg::{Long, Value};
        let mut args = CityArgs::default();
        let text = |parser: &mut lexopt::Parser| -> Result<String, CliError> {
            Ok(parser
                .value()
                .map_err(usage)?
                .to_string_lossy()
                .into_owned())
        };
        while let Some(arg) = parser.next().map_err(usage)? {
            match arg {
                Long("year") => args.year = Some(parse_year(parser)?),
                Long("pack") => args.packs.push(text(parser)?),
                Long("set") => args.overrides.push(text(parser)?),
                Long("city-benchmarks") => args.city_benchmarks = true,
                Long("encoding") => args.encoding = Some(text(parser)?),
                Long("passphrase") => args.passphrase = Some(text(parser)?),
                Long("json") => args.json = true,
                Long("xlsx") => args.xlsx = Some(text(parser)?.into()),
                Long("link") => args.link = true,
                Value(file) => args.files.push(file.into()),
                other => {
                    return Err(CliError::Usage(format!(
                        "未知参数 / unknown argument {other:?}"
                    )));
                }
            }
        }
        if args.files.is_empty() {
            return Err(CliError::Usage(
                "请给出至少一个数据文件（每个文件一个园区，或一个含“园区名称”列的工作簿） / give at least one data file".into(),
            ));
        }
        Ok(args)
    }
}

fn city(args: CityArgs) -> Result<(), CliError> {
    let source = SourceOptions {
        encoding: args.encoding.clone(),
    };
    let options = IngestOptions {
        default_year: args.year,
        ..IngestOptions::default()
    };
    let mut files: Vec<CityFileParks> = Vec::new();
    let mut diagnostics: Vec<CityDiagnostic> = Vec::new();
    let mut overrides = parse_overrides(&args.overrides)?;
    let mut year = args.year;
    let mut benchmarks = if args.city_benchmarks {
        BenchmarkScope::City
    } else {
        BenchmarkScope::Park
    };
    for path in &args.files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = read_bytes(path)?;
        if name.to_lowercase().ends_with(".parkcheck") {
            let shared = share::from_file(&bytes)
                .and_then(|link| share::decode(&link, args.passphrase.as_deref()))
                .map_err(|e| in_file(path, share_error(e)))?;
            match city_session::link_content(&name, shared) {
                // One city link alone is the sender's city: its year, parameters and
                // benchmarks, unless given here.
                Ok(LinkContent::City(state)) if args.files.len() == 1 => {
                    year = year.or(state.year);
                    if args.overrides.is_empty() {
                        overrides = state.overrides.clone();
                    }
                    if !args.city_benchmarks {
                        benchmarks = state.options.benchmarks;
                    }
                    files.extend(state.into_files());
                }
                Ok(LinkContent::City(state)) => files.extend(state.into_files_flagged()),
                Ok(LinkContent::Park(f)) => files.push(f),
                Err(d) => {
                    return Err(CliError::Input(format!(
                        "{}: {}{}",
                        path.display(),
                        d.message.zh,
                        fix_suffix(&d)
                    )));
                }
            }
            continue;
        }
        let ingested = ingest_bytes(path, &bytes, &source, &options)?;
        let (parks, diags) = city::parks_from_file(&name, ingested);
        diagnostics.extend(diags);
        files.push(CityFileParks {
            file: SourceStamp {
                name,
                sha256: sha256_hex(&bytes),
                sample: false,
            },
            parks,
        });
    }
    let packs = select_packs(&args.packs)?;
    if args.link && !args.packs.is_empty() {
        return Err(CliError::Usage(
            "链接只记录内置规则包，不能与 --pack 同用 / links use the built-in packs; --pack is not allowed".into(),
        ));
    }
    let city_options = CityOptions { benchmarks };
    let parks: Vec<ParkInput> = files.iter().flat_map(|f| f.parks.clone()).collect();
    let evaluation = City::new(packs).evaluate(parks, year, &overrides, city_options);
    let rejected: Vec<String> = evaluation
        .diagnostics
        .iter()
        .map(|d| &d.diagnostic)
        .filter(|d| d.code.starts_with("override.") && d.severity == Severity::Error)
        .map(|d| format!("{}：{}", d.location.describe_zh(), d.message.zh))
        .collect();
    if !rejected.is_empty() {
        return Err(CliError::Input(rejected.join("\n")));
    }
    if let Some(out) = &args.xlsx {
        std::fs::write(out, export::city_to_xlsx(&evaluation, Lang::Zh)).map_err(|e| {
            CliError::Input(format!(
                "无法写入 {} / cannot write {}: {e}",
                out.display(),
                out.display()
            ))
        })?;
    }
    if args.link {
        let state = CityState::new(
            files,
            args.year.or(year),
            overrides,
            city_options,
            &evaluation,
        );
        outln!("#{}", share::encode_city(&state, None));
    } else if args.json {
        let json = city::to_city_json(&evaluation, &diagnostics);
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into())
        );
    } else {
        out!("{}", city::to_city_text_zh(&evaluation, &diagnostics));
    }
    Ok(())
}

/// An error about a file, prefixed with the file's path.
fn in_file(path: &Path, e: CliError) -> CliError {
    match e {
        CliError::Input(m) => CliError::Input(format!("{}: {m}", path.display())),
        other => other,
    }
}

/// Lower-case hex SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn parse_overrides(texts: &[String]) -> Result<Vec<Override>, CliError> {
    texts
        .iter()
        .map(|text| Override::parse(text).map_err(|d| CliError::Usage(d.message.zh.clone())))
        .collect()
}

fn evaluate(args: EvaluateArgs) -> Result<(), CliError> {
    if args.result {
        return Err(CliError::Usage(
            "--result 只用于 link / --result belongs to link".into(),
        ));
    }
    let Loaded {
        diagnostics,
        evaluation,
        ..
    } = load_and_evaluate(&args)?;
    if args.json {
        let json = rules::to_cli_json(&evaluation, &diagnostics);
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into())
        );
    } else {
        out!("{}", rules::to_text_zh(&evaluation));
        let shown: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        if !shown.is_empty() {
            outln!("\n数据问题（{} 条）：", shown.len());
            for d in shown {
                outln!(
                    "  [{}] {} {}",
                    d.severity.label_zh(),
                    d.location.describe_zh(),
                    d.message.zh
                );
            }
        }
    }
    Ok(())
}

/// The files of a command read into one dataset, and its evaluation.
struct Loaded {
    dataset: Dataset,
    diagnostics: Vec<Diagnostic>,
    evaluation: rules::Evaluation,
    overrides: Vec<Override>,
}

/// Reads the files and facts of `args` into one dataset and evaluates it with the selected
/// packs and overrides; rejected overrides stop the command.
fn load_and_evaluate(args: &EvaluateArgs) -> Result<Loaded, CliError> {
    let source = SourceOptions {
        encoding: args.encoding.clone(),
    };
    let options = IngestOptions {
        default_year: args.year,
        ..IngestOptions::default()
    };
    let mut dataset = Dataset::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for path in &args.files {
        let (loaded, diags) = read_data_file(path, &source, &options)?;
        dataset.merge(loaded);
        diagnostics.extend(diags);
    }
    if let Some(path) = &args.facts {
        dataset.park = read_facts(path, &source)?;
    }
    diagnostics.extend(city::several_parks_warning(&dataset));

    let packs = select_packs(&args.packs)?;
    let overrides = parse_overrides(&args.overrides)?;
    let refs: Vec<&CompiledPack> = packs.iter().collect();
    let evaluation = rules::evaluate(&refs, &dataset, args.year, &overrides);
    if evaluation.overrides.len() < overrides.len()
        && evaluation
            .diagnostics
            .iter()
            .any(|d| d.code.starts_with("override.") && d.severity == Severity::Error)
    {
        let reasons: Vec<String> = evaluation
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("override."))
            .map(|d| format!("{}：{}", d.location.describe_zh(), d.message.zh))
            .collect();
        return Err(CliError::Input(reasons.join("\n")));
    }
    Ok(Loaded {
        dataset,
        diagnostics,
        evaluation,
        overrides,
    })
}

/// `parkcheck link`: the `#v1…` fragment of a full-data link (or, with `--result`, a result
/// link) of the files, evaluated with the built-in packs.
fn link(args: EvaluateArgs) -> Result<(), CliError> {
    if !args.packs.is_empty() {
        return Err(CliError::Usage(
            "链接只记录内置规则包，不能与 --pack 同用 / links use the built-in packs; --pack is not allowed".into(),
        ));
    }
    let Loaded {
        dataset,
        evaluation,
        overrides,
        ..
    } = load_and_evaluate(&args)?;
    let fragment = if args.result {
        share::encode_result(&ResultState::from_evaluation(
            &evaluation,
            &dataset.park.park_name,
        ))
    } else {
        let source = match args.files.as_slice() {
            [one] => std::fs::read(one).ok().map(|bytes| SourceStamp {
                name: one
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                sha256: sha256_hex(&bytes),
                sample: false,
            }),
            _ => None,
        };
        let state = FullState::new(dataset, args.year, overrides, source, &evaluation);
        share::encode_full(&state, None)
    };
    outln!("#{fragment}");
    Ok(())
}

/// `parkcheck open LINK`: what the link holds and, for a full-data link, the diff against the
/// current rules' result.
fn open(parser: &mut lexopt::Parser) -> Result<(), CliError> {
    use lexopt::Arg::{Long, Value};
    let (mut link, mut passphrase, mut json) = (None, None, false);
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("passphrase") => {
                passphrase = Some(
                    parser
                        .value()
                        .map_err(usage)?
                        .to_string_lossy()
                        .into_owned(),
                )
            }
            Long("json") => json = true,
            Value(v) if link.is_none() => link = Some(v.to_string_lossy().into_owned()),
            other => {
                return Err(CliError::Usage(format!(
                    "未知参数 / unknown argument {other:?}"
                )));
            }
        }
    }
    let link = link.ok_or_else(|| CliError::Usage("请给出链接 / give a link".into()))?;
    // A `.parkcheck` file is opened like the link it carries.
    let link = if link.ends_with(".parkcheck") {
        let bytes = std::fs::read(&link).map_err(|e| {
            CliError::Input(format!("无法读取文件 {link} / cannot read {link}: {e}"))
        })?;
        share::from_file(&bytes).map_err(share_error)?
    } else {
        link
    };
    let shared = share::decode(&link, passphrase.as_deref()).map_err(share_error)?;
    let changes = share::pack_changes(shared.packs());
    let diff = match &shared {
        Shared::Full(full) => full.seen.as_ref().map(|seen| {
            share::diff(
                &seen.outcome,
                &Outcome::from_evaluation(&full.recompute()).essentials(),
            )
        }),
        Shared::Result(_) | Shared::City(_) => None,
    };
    if json {
        let state = match &shared {
            Shared::Result(r) => serde_json::json!({ "result": r }),
            Shared::Full(f) => serde_json::json!({ "full": f }),
            Shared::City(c) => serde_json::json!({ "city": c }),
        };
        let out = serde_json::json!({ "state": state, "pack_changes": changes, "diff": diff });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".into())
        );
        return Ok(());
    }
    for c in &changes {
        outln!(
            "规则包 {} 与本程序内置版本不同：链接 {}，内置 {}",
            c.id,
            c.link.version,
            c.builtin.as_ref().map_or("无", |b| b.version.as_str())
        );
    }
    match &shared {
        Shared::Result(r) => {
            outln!(
                "结果链接：{} {} 年度（只读）",
                r.park_name,
                r.year.map(|y| y.to_string()).unwrap_or_default()
            );
            if let Some(park) = &r.outcome.park {
                for c in &park.criteria {
                    outln!("  {} {}", c.id, c.state.label_zh());
                }
            }
            if let Some(e) = &r.outcome.enterprises {
                for row in e.ranked() {
                    outln!(
                        "  {:>3} {} {} {}",
                        row.rank.map(|n| n.to_string()).unwrap_or_default(),
                        row.name,
                        row.class.map(|c| c.id()).unwrap_or(""),
                        row.score.map(|s| format!("{s:.2}")).unwrap_or_default()
                    );
                }
            }
        }
        Shared::City(state) => {
            outln!(
                "全市链接：{} 个园区，来自 {} 个文件",
                state.parks.len(),
                state.files.len()
            );
            let evaluation = City::builtin().evaluate(
                state.inputs(),
                state.year,
                &state.overrides,
                state.options,
            );
            out!("{}", city::to_city_text_zh(&evaluation, &[]));
        }
        Shared::Full(full) => {
            outln!(
                "完整数据链接：{}，{} 行企业数据",
                full.dataset.park.park_name,
                full.dataset.enterprises.len()
            );
            out!("{}", rules::to_text_zh(&full.recompute()));
            if let Some(d) = diff.filter(|d| d.any_change()) {
                outln!("\n与链接生成时的结果不同：");
                for c in d.criteria.iter().filter(|c| c.changed) {
                    outln!("  {}", c.id);
                }
                for e in d.enterprises.iter().filter(|e| e.changed) {
                    outln!("  {}", e.name);
                }
            }
        }
    }
    Ok(())
}

fn share_error(e: share::ShareError) -> CliError {
    let (m, f) = (e.message(), e.fix());
    CliError::Input(format!("{}（{}） / {} ({})", m.zh, f.zh, m.en, f.en))
}

/// Reads one data file; a file that cannot be read at all stops the command with its reasons.
fn read_data_file(
    path: &Path,
    source: &SourceOptions,
    options: &IngestOptions,
) -> Result<(Dataset, Vec<Diagnostic>), CliError> {
    let ingested = load_file(path, source, options)?;
    Ok((ingested.dataset, ingested.diagnostics))
}

/// Loads one file through ingest; a file that cannot be read at all stops the command with its
/// reasons.
fn load_file(
    path: &Path,
    source: &SourceOptions,
    options: &IngestOptions,
) -> Result<ingest::Ingested, CliError> {
    ingest_bytes(path, &read_bytes(path)?, source, options)
}

/// The bytes of the file at `path`, or why it cannot be read.
fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| {
        CliError::Input(format!(
            "无法读取文件 {} / cannot read {}: {e}",
            path.display(),
            path.display()
        ))
    })
}

/// Reads the bytes of the file at `path` through ingest; a file that cannot be read at all
/// stops the command with its reasons.
fn ingest_bytes(
    path: &Path,
    bytes: &[u8],
    source: &SourceOptions,
    options: &IngestOptions,
) -> Result<ingest::Ingested, CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match ingest::load(bytes, &name, source, options) {
        Ok(ingested) => Ok(ingested),
        Err(diags) => {
            let reasons: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{}: {}{}", path.display(), d.message.zh, fix_suffix(d)))
                .collect();
            Err(CliError::Input(reasons.join("\n")))
        }
    }
}

fn fix_suffix(d: &Diagnostic) -> String {
    d.fix
        .as_ref()
        .map(|f| format!("（{}）", f.zh))
        .unwrap_or_default()
}

/// Park facts from a `.toml`/`.json` file or from the park sheet of a spreadsheet.
fn read_facts(path: &Path, source: &SourceOptions) -> Result<ParkFacts, CliError> {
    let bad = |e: String| {
        CliError::Input(format!(
            "园区信息文件 {} 无法使用 / facts file unusable: {e}",
            path.display()
        ))
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "toml" => {
            let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            toml::from_str(&text).map_err(|e| bad(e.to_string()))
        }
        "json" => {
            let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            serde_json::from_str(&text).map_err(|e| bad(e.to_string()))
        }
        _ => {
            let (dataset, diags) = read_data_file(path, source, &IngestOptions::default())?;
            if dataset.park == ParkFacts::default() && has_errors(&diags) {
                return Err(bad("没有找到园区信息表 / no park-facts sheet found".into()));
            }
            Ok(dataset.park)
        }
    }
}

/// The built-in packs, with each `--pack` replacing the built-in pack of its kind.
fn select_packs(specs: &[String]) -> Result<Vec<CompiledPack>, CliError> {
    let mut packs = rules::builtin_compiled();
    for spec in specs {
        let (pack, diags) = match rules::builtin(spec) {
            Some(pack) => (Some(pack), Vec::new()),
            None => {
                let text = std::fs::read_to_string(spec).map_err(|e| {
                    CliError::Input(format!("规则包“{spec}”既不是内置 id，也无法读取为文件 / not a built-in pack id nor a readable file: {e}"))
                })?;
                rules::load_pack(&text)
            }
        };
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.location.describe_zh(), d.message.zh))
            .collect();
        let pack = match pack {
            Some(pack) if errors.is_empty() => pack,
            _ => {
                return Err(CliError::Input(format!(
                    "规则包 {spec} 有误 / pack has errors:\n{}",
                    errors.join("\n")
                )));
            }
        };
        let compiled = rules::compile(&pack).map_err(|diags| {
            let list: Vec<String> = diags.iter().map(|d| d.message.zh.clone()).collect();
            CliError::Input(format!(
                "规则包 {spec} 无法编译 / cannot compile:\n{}",
                list.join("\n")
            ))
        })?;
        packs.retain(|p| p.pack.kind != compiled.pack.kind);
        packs.push(compiled);
    }
    Ok(packs)
}

fn template(parser: &mut lexopt::Parser) -> Result<(), CliError> {
    use lexopt::Arg::Long;
    let mut written = false;
    while let Some(arg) = parser.next().map_err(usage)? {
        let (bytes, out) = match arg {
            Long("xlsx") => (
                ingest::template::template_xlsx(),
                parser.value().map_err(usage)?,
            ),
            Long("csv") => (
                ingest::template::template_csv(),
                parser.value().map_err(usage)?,
            ),
            other => {
                return Err(CliError::Usage(format!(
                    "未知参数 / unknown argument {other:?}"
                )));
            }
        };
        let out = PathBuf::from(out);
        std::fs::write(&out, bytes).map_err(|e| {
            CliError::Input(format!("无法写入 {} / cannot write: {e}", out.display()))
        })?;
        outln!("已写出模板 / template written: {}", out.display());
        written = true;
    }
    if written {
        Ok(())
    } else {
        Err(CliError::Usage("请指定 --xlsx OUT 或 --csv OUT".into()))
    }
}

fn packs() -> Result<(), CliError> {
    for compiled in rules::builtin_compiled() {
        let stamp = compiled.stamp();
        outln!(
            "{}\t{}\t{}\t{}",
            stamp.id,
            stamp.version,
            stamp.short_hash(),
            compiled.pack.title.zh
        );
    }
    Ok(())
}
