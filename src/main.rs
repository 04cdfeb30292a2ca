//! The `casegate` binary: parses arguments, calls the library, maps the result to an exit code
//! (0 clean, 1 findings, 2 error). All the work lives in the library and `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc malloc: a vendor request allocates and frees a JSON tree per
/// response, and glibc's malloc/free were 20% of the gateway's instructions per request
/// (callgrind, internal and vendor paths alike); see the README's gateway section.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("casegate: {err:#}");
            ExitCode::from(2)
        }
    }
}
