//! The command lines shown in README.md and docs/cli.md run and succeed.

mod common;

use common::{repo_root, run_example};

/// The `watchstander ...` lines of the ```sh blocks of a Markdown file.
fn sh_commands(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in markdown.lines() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            in_sh = !in_sh && matches!(lang.trim(), "sh" | "shell" | "bash" | "console");
            continue;
        }
        if in_sh {
            let cmd = t.strip_prefix("$ ").unwrap_or(t);
            if cmd.starts_with("watchstander ") || cmd == "watchstander" {
                out.push(cmd.to_string());
            }
        }
    }
    out
}

fn run_all(file: &str, at_least: usize) {
    let text = std::fs::read_to_string(repo_root().join(file)).unwrap();
    let commands = sh_commands(&text);
    assert!(
        commands.len() >= at_least,
        "{file}: only {} commands found",
        commands.len()
    );
    for c in commands {
        run_example(&c, file);
    }
}

#[test]
fn the_readme_command_lines_run() {
    run_all("README.md", 10);
}

#[test]
fn the_cli_guide_command_lines_run() {
    run_all("docs/cli.md", 8);
}
