//! Replays every file of `fuzz/corpus/<target>/` (seeds and committed crash inputs, named
//! `regress-*`) through the checks the fuzz targets run (`fuzz/checks.rs`), so `cargo test`
//! covers every input the fuzzers ever failed on.

use crate::common;

#[allow(dead_code)]
mod checks {
    include!("../../fuzz/checks.rs");
}

use std::path::{Path, PathBuf};

use casegate::Scanner;

/// Corpus files that fail because of an open bug: skipped by the replays, replayed by the ignored
/// `known_bug_inputs` test until the bug is fixed (then delete the entry).
const KNOWN_BUGS: &[&str] = &[];

fn is_known_bug(path: &Path) -> bool {
    KNOWN_BUGS.iter().any(|k| path.ends_with(k))
}

/// The files of `fuzz/corpus/<target>`, sorted (at least one: an empty corpus is a mistake).
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

/// Runs `check` on every file and fails listing every file that failed, with its message.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let mut failures = Vec::new();
    for (path, data) in corpus(target).into_iter().filter(|(p, _)| !is_known_bug(p)) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)));
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            failures.push(format!("{}: {}", path.display(), msg.unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} corpus inputs fail:\n{}", failures.len(), failures.join("\n"));
}

fn scan_check(scanner: &Scanner, data: &[u8]) {
    let mut ops = vec![None];
    ops.extend(checks::NON_REVEALING.map(Some));
    checks::check_scan(scanner, data, &checks::cuts_for(data), &ops);
}

fn replay_scan(scanner: &Scanner) {
    replay("scan", |data| scan_check(scanner, data));
}

// The `scan` corpus against the hermetic test pack.
#[test]
fn scan_corpus_test_pack() {
    replay_scan(&common::test_scanner());
}

// The `scan` corpus against the built-in packs.
#[test]
fn scan_corpus_builtin_packs() {
    replay_scan(&Scanner::builtin().unwrap());
}

// The `pack_load` corpus: no pack text panics the compiler, linter or a scan of its examples.
#[test]
fn pack_load_corpus() {
    replay("pack_load", checks::check_pack_load);
}

// The `redact` corpus: any spans and operator; well-formed spans keep UTF-8 valid.
#[test]
fn redact_corpus() {
    replay("redact", |data| checks::check_redact_case(&checks::RedactCase::decode(data)));
}

// The corpus inputs of open bugs (`KNOWN_BUGS`), through the full `scan` checks.
#[test]
fn known_bug_inputs() {
    let scanners = [common::test_scanner(), Scanner::builtin().unwrap()];
    for k in KNOWN_BUGS {
        let (target, file) = k.split_once('/').unwrap();
        assert_eq!(target, "scan", "only scan inputs are listed");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target).join(file);
        let data = std::fs::read(&path).unwrap();
        for s in &scanners {
            scan_check(s, &data);
        }
    }
}

// The `extract` corpus (a real file of every format, and any crash input since): extraction and
// redaction never panic and never exceed the byte cap.
#[test]
fn extract_corpus() {
    let scanner = Scanner::builtin().unwrap();
    replay("extract", |data| checks::check_extract(&scanner, data));
}
