//! Helpers shared by the integration tests: the hermetic test pack and valid test values.
#![allow(dead_code)]

use std::path::PathBuf;

#[cfg(feature = "gateway")]
pub mod gateway;

use casegate::{PackSet, Scanner, ScannerBuilder};

/// `tests/data/packs`: the hermetic test pack (card, ssn, email, mrn, api key, dictionary).
pub fn test_pack_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs")
}

pub fn test_packs() -> PackSet {
    PackSet::from_dir(&test_pack_dir()).expect("tests/data/packs loads")
}

pub fn test_scanner() -> Scanner {
    ScannerBuilder::new().build(test_packs()).expect("test pack builds a scanner")
}

/// `prefix` (ASCII digits) followed by its Luhn check digit.
pub fn luhn_complete(prefix: &str) -> String {
    let sum: u32 = prefix
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    format!("{prefix}{}", (10 - sum % 10) % 10)
}

/// A classic GitHub token (`ghp_` + 30 characters + base62 CRC-32) that passes the validator.
pub fn github_token(entropy: &str) -> String {
    const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    assert_eq!(entropy.len(), 30);
    let mut n = crc32fast::hash(entropy.as_bytes());
    let mut check = [b'0'; 6];
    for slot in check.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    format!("ghp_{entropy}{}", std::str::from_utf8(&check).unwrap())
}
