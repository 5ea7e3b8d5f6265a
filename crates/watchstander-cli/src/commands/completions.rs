//! `watchstander completions bash|zsh|fish`.

use crate::io::Result;

/// Arguments of `completions`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete for.
    pub shell: Shell,
}

/// Shells with completion scripts.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Shell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

pub fn run(a: Args, mut cmd: clap::Command) -> Result<()> {
    let shell = match a.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "watchstander", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(())
}
