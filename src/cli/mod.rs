//! The CLI adapter: turns arguments into library calls and results into output and exit codes.

pub mod args;
mod explain;
mod input;
mod ordered;
mod output;
mod packs_cmd;
mod scan;
#[cfg(feature = "gateway")]
mod serve;

use anyhow::{Context as _, Result};
use casegate::{Options, PackSet, Scanner, ScannerBuilder};

use args::{Cli, Command, Filters};

/// Exit status, in ripgrep's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean,
    Findings,
    Error,
}

impl From<Status> for std::process::ExitCode {
    fn from(s: Status) -> Self {
        std::process::ExitCode::from(match s {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

pub fn run(cli: Cli) -> Result<Status> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Packs { command } => packs_cmd::run(command),
        #[cfg(feature = "gateway")]
        Command::Serve(args) => serve::serve(args),
        #[cfg(feature = "gateway")]
        Command::CheckConfig(args) => serve::check_config(args),
        #[cfg(feature = "gateway")]
        Command::Demo(args) => serve::demo(args),
    }
}

/// Loads packs (built-in or a folder) and compiles a scanner with the filters.
pub fn build_scanner(f: &Filters) -> Result<Scanner> {
    let packs = load_packs(f.packs.as_deref())?;
    let categories = f
        .categories
        .iter()
        .map(|c| c.trim().parse().map_err(anyhow::Error::from))
        .collect::<Result<Vec<_>>>()
        .context("--categories")?;
    let min_severity = f.min_severity.parse().context("--min-severity")?;
    if !(0.0..=1.0).contains(&f.min_score) {
        anyhow::bail!("--min-score must be between 0.0 and 1.0");
    }
    let options = Options { categories, min_severity, min_score: f.min_score, only: f.detectors.clone() };
    Ok(ScannerBuilder::new().options(options).build(packs)?)
}

pub fn load_packs(dir: Option<&std::path::Path>) -> Result<PackSet> {
    Ok(match dir {
        Some(d) => PackSet::from_dir(d)?,
        None => PackSet::builtin()?,
    })
}

/// A closed stdout (`casegate scan | head`) is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let io = e.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        let json = e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
