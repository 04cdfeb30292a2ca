//! Bytes → `content::json::parse` → `scan_redact` never panics and its output re-parses; the
//! same bytes through `content::process` as JSON, text, HTML and form never panic. Checks in
//! `fuzz/content_checks.rs`, replayed over `fuzz/corpus/json_redact` by `tests/content.rs`.
#![no_main]

use std::sync::OnceLock;

use casegate::Scanner;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../content_checks.rs");
}

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

fuzz_target!(|data: &[u8]| checks::check_json_redact(scanner(), data));
