//! Bytes → scan (well-formed findings), stream-vs-slice equivalence, explain, redaction.
//! The checks are `fuzz/checks.rs`, replayed over `fuzz/corpus/scan` by `tests/fuzz_corpus.rs`.
#![no_main]

use std::sync::OnceLock;

use casegate::Scanner;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../checks.rs");
}

fn scanners() -> &'static [Scanner] {
    static S: OnceLock<Vec<Scanner>> = OnceLock::new();
    S.get_or_init(|| checks::scanners(include_str!("../../tests/data/packs/test.toml")))
}

fuzz_target!(|data: &[u8]| {
    // One strict redaction check per input (the replay runs them all): the last byte picks it.
    let pick = data.last().map_or(0, |&b| usize::from(b) % (checks::NON_REVEALING.len() + 1));
    let op = checks::NON_REVEALING.get(pick).copied();
    // The first byte picks the scanner (the replay runs both).
    let all = scanners();
    let scanner = &all[data.first().map_or(0, |&b| usize::from(b) % all.len())];
    checks::check_scan(scanner, data, &checks::cuts_for(data), &[op]);
});
