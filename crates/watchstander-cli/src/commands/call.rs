//! `watchstander call <op> [input.json]` and `watchstander ops`.

use std::path::PathBuf;

use crate::io::{self, Result};

/// Arguments of `call`.
#[derive(clap::Args)]
pub struct Args {
    /// Operation name, e.g. `time.resolve_local` (see `watchstander ops`).
    pub op: String,
    /// JSON input file, or `-` for standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// The result is always JSON; with --json, errors are JSON on standard error too.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `ops`.
#[derive(clap::Args)]
pub struct OpsArgs {
    /// Print the operations as JSON ([{"name", "summary"}]) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let input = io::read_json(&a.input)?;
    io::print_json(&io::call(&a.op, &input)?);
    Ok(())
}

pub fn list(a: OpsArgs) -> Result<()> {
    if a.json {
        let ops: Vec<serde_json::Value> = watchstander::ops::operations()
            .map(|op| serde_json::json!({"name": op.name, "summary": op.summary}))
            .collect();
        io::print_json(&serde_json::Value::Array(ops));
        return Ok(());
    }
    let mut t = io::table(&["operation", "what it does"]);
    for op in watchstander::ops::operations() {
        t.add_row(vec![op.name, op.summary]);
    }
    outln!("{t}");
    Ok(())
}
