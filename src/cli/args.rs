//! Command-line arguments (clap derive). Parsing only; `cli::run` validates and dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "casegate", version, about = "PII/PHI/PCI scanner and gateway for ticketing data")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files, folders (recursively) or stdin (`-`) for sensitive data.
    Scan(ScanArgs),
    /// Explain why text does or does not match: every candidate and the decision on it.
    Explain(ExplainArgs),
    /// Work with pattern packs.
    Packs {
        #[command(subcommand)]
        command: PacksCommand,
    },
    /// Run the inline gateway in front of a ticketing API (reloads on SIGHUP or file change).
    #[cfg(feature = "gateway")]
    Serve(ServeArgs),
    /// Validate a gateway configuration (and compile its packs) without serving.
    #[cfg(feature = "gateway")]
    CheckConfig(CheckConfigArgs),
    /// Start a sample ticket API and the gateway in front of it, and print curl commands that
    /// show the internal view next to the vendor view.
    #[cfg(feature = "gateway")]
    Demo(DemoArgs),
}

#[cfg(feature = "gateway")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Gateway configuration (TOML; see examples/demo.toml).
    #[arg(long, short, value_name = "FILE")]
    pub config: PathBuf,
    /// Log filter (tracing EnvFilter syntax); RUST_LOG overrides it.
    #[arg(long, default_value = "info", value_name = "FILTER")]
    pub log: String,
    /// Log as JSON lines instead of text.
    #[arg(long)]
    pub log_json: bool,
}

#[cfg(feature = "gateway")]
#[derive(Debug, clap::Args)]
pub struct CheckConfigArgs {
    /// Gateway configuration to validate.
    #[arg(value_name = "FILE")]
    pub config: PathBuf,
}

#[cfg(feature = "gateway")]
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address of the gateway.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: String,
    /// Address of the admin listener (metrics, health).
    #[arg(long, default_value = "127.0.0.1:9090", value_name = "ADDR")]
    pub admin_listen: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct Filters {
    /// Pack folder replacing the built-in packs (every *.toml in it).
    #[arg(long, value_name = "DIR")]
    pub packs: Option<PathBuf>,
    /// Only these categories (comma-separated: pci, phi, pii, secret).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub categories: Vec<String>,
    /// Only detectors of at least this severity (low, medium, high, critical).
    #[arg(long, default_value = "low", value_name = "LEVEL")]
    pub min_severity: String,
    /// Drop findings scoring below this confidence (0.0-1.0).
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    pub min_score: f32,
    /// Only detectors with these ids or id prefixes (comma-separated, e.g. `pci,pii.email`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub detectors: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files or folders; `-` or nothing reads stdin.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub filters: Filters,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Do not respect .gitignore/.ignore files, and include hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Print raw values in findings (never the default).
    #[arg(long)]
    pub show_values: bool,
    /// Write redacted content: to stdout for stdin, under --out DIR for paths.
    #[arg(long)]
    pub redact: bool,
    /// Folder that mirrors the scanned tree with redacted copies (with --redact).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do not look inside archives and documents (zip, tar, PDF, Office/ODF, mail): skip them
    /// as binary files.
    #[arg(long)]
    pub no_archives: bool,
    /// How deep to descend into archives and documents nested in each other.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub max_depth: usize,
    /// Skip files larger than this many bytes (after decompression).
    #[arg(long, default_value_t = 1 << 30, value_name = "BYTES")]
    pub max_filesize: u64,
    /// No summary line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The text to explain (reads stdin when absent or `-`).
    pub text: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Also list candidates that were rejected.
    #[arg(long, short)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum PacksCommand {
    /// List detectors.
    List {
        #[arg(long, value_name = "DIR")]
        packs: Option<PathBuf>,
    },
    /// Run every example of every detector.
    Test {
        /// Pack folder (default: the built-in packs).
        dir: Option<PathBuf>,
    },
    /// Check packs for problems (missing examples, slow or broad patterns).
    Lint { dir: Option<PathBuf> },
}
