//! Architecture invariants that a test can check (see ARCHITECTURE.md).
// Native only: these tests read files, run binaries or use proptest, none of which exist in wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Crates that tie code to the browser. Only the UI and the wasm entry may name them.
const BROWSER_CRATES: [&str; 4] = ["yew", "web_sys", "gloo", "wasm_bindgen"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `line` names `krate` in code (a path or a `use`), ignoring comments.
fn names_crate(line: &str, krate: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    let bytes = code.as_bytes();
    let mut start = 0;
    while let Some(pos) = code[start..].find(krate) {
        let at = start + pos;
        let end = at + krate.len();
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let after = &code[end..];
        let after_ok = after.starts_with("::")
            || after.starts_with(';')
            || after.starts_with(" as ")
            || after.starts_with(']')
            || after.starts_with('(');
        if before_ok && after_ok {
            return true;
        }
        start = end;
    }
    false
}

#[test]
fn only_the_ui_and_the_wasm_entry_name_browser_crates() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 5,
        "expected the source tree under {}",
        src.display()
    );
    let mut offences = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "main.rs"
            || rel == "bin/reader.rs"
            || rel == "bin/writer.rs"
            || rel.starts_with("ui/")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            for krate in BROWSER_CRATES {
                if names_crate(line, krate) {
                    offences.push(format!("src/{rel}:{}: names `{krate}`", n + 1));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the pure core must not name browser crates:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_scanner_sees_uses_and_paths_but_not_comments() {
    assert!(names_crate("use yew::prelude::*;", "yew"));
    assert!(names_crate("    let d = gloo::utils::document();", "gloo"));
    assert!(names_crate("#[wasm_bindgen]", "wasm_bindgen"));
    assert!(names_crate("use web_sys;", "web_sys"));
    assert!(!names_crate("// uses yew::prelude", "yew"));
    assert!(!names_crate("let yewish = 1;", "yew"));
}

#[test]
fn trunk_pins_the_wasm_bindgen_of_cargo_lock() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let trunk = std::fs::read_to_string(root.join("Trunk.toml")).expect("Trunk.toml");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let pinned = trunk
        .lines()
        .find_map(|l| l.strip_prefix("wasm_bindgen = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("Trunk.toml pins wasm_bindgen");
    let locked = lock
        .split("\n[[package]]\n")
        .find(|p| p.starts_with("name = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().nth(1))
        .and_then(|l| l.strip_prefix("version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("Cargo.lock has wasm-bindgen");
    assert_eq!(
        pinned, locked,
        "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock"
    );
}

/// `rules` knows nothing about files, headers or units, and `ingest` nothing about thresholds:
/// each may change without the other. The city view sits above both, never below.
#[test]
fn rules_and_ingest_do_not_depend_on_each_other() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offences = Vec::new();
    for (dir, forbidden) in [
        ("rules", "crate::ingest"),
        ("ingest", "crate::rules"),
        ("rules", "crate::city"),
        ("ingest", "crate::city"),
    ] {
        let mut files = Vec::new();
        rust_files(&src.join(dir), &mut files);
        assert!(!files.is_empty(), "src/{dir} has sources");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read source");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if code.contains(forbidden) {
                    offences.push(format!("{}:{}: {forbidden}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The page's bundle stays small because the file readers live only in the reader worker and
/// the XLSX writer only in the writer worker: the session and the UI never call a reader, the
/// reader's handler, the sample workbook or the writer (the UI reaches them through
/// `job::Request` and `job::Order`).
#[test]
fn the_page_never_calls_the_file_readers() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("session.rs")];
    rust_files(&root.join("ui"), &mut files);
    assert_no_calls(
        &files,
        &[
            "source::read",
            "read_source",
            "read_pasted",
            "Reader::default",
            "sample_workbook",
            "template_xlsx",
            "to_xlsx",
            "ingest::load",
            "job::make",
        ],
    );
}

/// Every file read waits for the reader worker to load, so it stays free of the XLSX writer:
/// the reader's side of `job` and its worker never make files (that is `job::writer`'s, in the
/// writer worker).
#[test]
fn the_reader_never_calls_the_writer() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = [root.join("job/mod.rs"), root.join("bin/reader.rs")];
    assert_no_calls(
        &files,
        &[
            "make(",
            "make_bytes",
            "export::",
            "template_xlsx",
            "city_to_xlsx",
        ],
    );
}

/// Fails with every line of `files` (outside unit tests and comments) that names one of
/// `forbidden`.
fn assert_no_calls(files: &[PathBuf], forbidden: &[&str]) {
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("read source");
        // Unit tests may drive reads synchronously; they are not in the bundle.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in shipped.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            // Re-exports name items without calling them.
            if code.trim_start().starts_with("pub use") {
                continue;
            }
            for f in forbidden {
                if code.contains(f) {
                    offences.push(format!("{}:{}: {f}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}
