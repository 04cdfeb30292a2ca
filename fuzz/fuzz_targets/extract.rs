//! Arbitrary bytes → `casegate::extract::extract` (sniff + every extractor, recursively) and
//! `casegate::extract::redact` under small limits: never panics, never exceeds the byte cap,
//! and a redacted copy is produced or refused with a typed error.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use casegate::extract::{self, Limits};
use casegate::redact::TokenKey;
use casegate::Scanner;
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

const LIMITS: Limits = Limits {
    max_total_bytes: 1 << 20,
    max_ratio: 100,
    max_depth: 3,
    max_entries: 64,
    max_time: Duration::from_secs(2),
};

fuzz_target!(|data: &[u8]| {
    let mut produced = 0u64;
    let _ = extract::extract(data, &LIMITS, &mut |segment| {
        produced += segment.text.len() as u64;
        Ok(())
    });
    assert!(produced <= LIMITS.max_total_bytes);
    let key = TokenKey::new(b"fuzz".to_vec());
    let _ = extract::redact(data, &LIMITS, scanner(), &key, &|d| d.redaction);
});
