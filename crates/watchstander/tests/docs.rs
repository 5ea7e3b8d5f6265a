//! Keeps the documentation in step with the code: every error code the core can return is
//! listed in docs/errors.md.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Module names returned by `module()` methods, which are not codes.
const MODULES: &[&str] = &[
    "time",
    "severity",
    "schedule",
    "incident",
    "escalation",
    "alert",
    "runbook",
    "postmortem",
    "metrics",
    "input",
    "internal",
];

/// Codes returned by `code()` methods: string literals on the right of `=>` in error files.
fn codes_in(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| l.split_once("=> \"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once('"').map(|(code, _)| code.to_string()))
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .filter(|c| !MODULES.contains(&c.as_str()))
        .collect()
}

#[test]
fn every_error_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("../../docs/errors.md")).unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut missing = Vec::new();
    let mut seen = 0;
    for f in files.iter().filter(|f| f.ends_with("error.rs")) {
        for code in codes_in(&std::fs::read_to_string(f).unwrap()) {
            seen += 1;
            if !docs.contains(&format!("`{code}`")) {
                missing.push(format!("{code} ({})", f.display()));
            }
        }
    }
    for code in [
        "invalid_input",
        "invalid_json",
        "unknown_operation",
        "internal_error",
        "invalid_timestamp",
    ] {
        if !docs.contains(&format!("`{code}`")) {
            missing.push(code.to_string());
        }
    }
    assert!(seen > 20, "found only {seen} codes: is the scan broken?");
    assert!(
        missing.is_empty(),
        "error codes missing from docs/errors.md: {missing:?}"
    );
}
