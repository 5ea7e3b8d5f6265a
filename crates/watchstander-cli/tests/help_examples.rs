//! Every command's `--help` has an Examples section, every example in it runs and succeeds
//! (from the repository root, against the files in `examples/`), and every `--json` flag is
//! documented.

mod common;

use common::{run_example, text, watchstander};

/// The help text of a command path (`[]` for the top level).
fn help(path: &[String]) -> String {
    let out = watchstander().args(path).arg("--help").output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{path:?} --help: {stderr}");
    stdout
}

/// The subcommands a help text lists under `Commands:` (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

/// The example command lines of a help text: the lines after `Examples:` that start with
/// `watchstander`.
fn examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Examples:")
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("watchstander "))
        .map(str::to_string)
        .collect()
}

/// Every command path, depth first, with its help text.
fn all_helps() -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let h = help(&path);
        for s in subcommands(&h) {
            let mut p = path.clone();
            p.push(s);
            todo.push(p);
        }
        out.push((path, h));
    }
    out
}

#[test]
fn every_help_has_examples_and_every_example_runs() {
    let helps = all_helps();
    assert!(
        helps.len() > 50,
        "only {} commands found: is the walk broken?",
        helps.len()
    );
    let mut count = 0;
    for (path, h) in &helps {
        let name = format!("watchstander {}", path.join(" "));
        let ex = examples(h);
        assert!(!ex.is_empty(), "{name} --help has no Examples:\n{h}");
        for line in ex {
            // An example of a command runs that command (or, for a group, one of its own).
            assert!(
                line.starts_with(name.trim_end()),
                "{name}: example of another command: {line}"
            );
            run_example(&line, &format!("{name} --help"));
            count += 1;
        }
    }
    assert!(count > 80, "only {count} examples ran");
}

#[test]
fn every_json_flag_is_documented() {
    for (path, h) in all_helps() {
        let lines: Vec<&str> = h.lines().collect();
        if let Some(i) = lines
            .iter()
            .position(|l| l.trim_start().starts_with("--json"))
        {
            let line = lines[i];
            // Short help puts the description beside the flag, long help on the next line.
            let beside = line.trim_start().trim_start_matches("--json").trim();
            let doc = if beside.is_empty() {
                lines.get(i + 1).copied().unwrap_or("").trim()
            } else {
                beside
            };
            assert!(
                doc.contains("JSON"),
                "watchstander {} --help: --json has no description: {line:?}",
                path.join(" ")
            );
        }
    }
}

#[test]
fn the_help_examples_walk_finds_the_commands_people_know() {
    let paths: Vec<String> = all_helps().into_iter().map(|(p, _)| p.join(" ")).collect();
    for known in [
        "time resolve",
        "schedule shifts",
        "alerts config check",
        "completions",
        "metrics report",
    ] {
        assert!(
            paths.iter().any(|p| p == known),
            "{known} not walked: {paths:?}"
        );
    }
}
