//! Structured redaction input (text, spans in any order and range, operator) →
//! `casegate::redact::apply` never panics, and with well-formed spans keeps UTF-8 valid and
//! reveals at most half of a value. Checks in `fuzz/checks.rs`.
//!
//! The structure is decoded by `checks::RedactCase::decode` (operator, argument, up to 15 spans,
//! then the text) rather than by `arbitrary`, so that `tests/fuzz_corpus.rs` replays crash
//! inputs byte for byte without the main crate depending on `arbitrary`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../checks.rs");
}

fuzz_target!(|data: &[u8]| checks::check_redact_case(&checks::RedactCase::decode(data)));
