//! The `casegate` binary as users run it: `scan` (formats, exit codes, redaction, folders,
//! stdin), documents and archives, and `serve` / `check-config` as an operator starts them.

#[path = "../common/mod.rs"]
mod common;

mod cli_documents;
mod scan;
mod serve_cli;
