//! Shared helpers of the CLI tests: the binary, the repository root, and a command-line
//! splitter for the examples in help text and documentation.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The built binary, run from the repository root (where examples name `examples/...`), with
/// colour and terminal width taken out of the environment.
pub fn watchstander() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_watchstander"));
    c.current_dir(repo_root())
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR");
    c
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Splits a shell command line into words: spaces separate, double and single quotes group,
/// a `#` at the start of a word begins a comment.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None if c == '#' && !in_word => break,
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Runs one example command line (`watchstander ...`) and asserts that it succeeds without
/// a panic.
pub fn run_example(line: &str, origin: &str) {
    let words = shell_words(line);
    assert_eq!(
        words.first().map(String::as_str),
        Some("watchstander"),
        "{origin}: not a watchstander command: {line}"
    );
    let out = watchstander().args(&words[1..]).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success(),
        "{origin}: `{line}` exited with {:?}\nstderr: {stderr}\nstdout: {}",
        out.status,
        stdout.chars().take(2000).collect::<String>()
    );
    assert!(!stderr.contains("panicked"), "{origin}: `{line}`: {stderr}");
}
