//! Arbitrary bytes → `casegate::extract::extract` (sniff + every extractor, recursively) and
//! `casegate::extract::redact` under small limits (`checks::check_extract`): never panics,
//! never exceeds the byte cap, and a redacted copy is produced or refused with a typed error.
//! Seeds in `fuzz/corpus/extract` are real files of every format (replayed by `cargo test`).
#![no_main]

use std::sync::OnceLock;

use casegate::Scanner;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../checks.rs");
}

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

fuzz_target!(|data: &[u8]| checks::check_extract(scanner(), data));
