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
}

pub fn run(a: Args) -> Result<()> {
    let input = io::read_json(&a.input)?;
    io::print_json(&io::call(&a.op, &input)?);
    Ok(())
}

pub fn list() -> Result<()> {
    let mut t = io::table(&["operation", "what it does"]);
    for op in watchstander::ops::operations() {
        t.add_row(vec![op.name, op.summary]);
    }
    outln!("{t}");
    Ok(())
}
