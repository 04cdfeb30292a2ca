//! The packs' own tests: every `examples.match` must produce a finding of its detector and no
//! `examples.no_match` may, when scanned with the whole loaded pack set (so overlap resolution
//! between detectors is part of what is tested). Run by `casegate packs test` and `cargo test`.

use crate::engine::{Options, ScannerBuilder};
use crate::finding::DetectorIndex;
use crate::packs::PackSet;
use crate::Scanner;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectKind {
    MustMatch,
    NoMatch,
}

/// One example that did not behave.
#[derive(Clone, Debug)]
pub struct ExampleFailure {
    pub detector: String,
    pub kind: ExpectKind,
    pub example: String,
    /// What the scan reported instead: `(detector id, start, end)`.
    pub reported: Vec<(String, usize, usize)>,
}

#[derive(Clone, Debug, Default)]
pub struct ExampleReport {
    pub detectors: usize,
    pub passed: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Runs every example of every detector in `packs`, disabled detectors included.
///
/// # Errors
/// If the scanner cannot be built from `packs`.
pub fn run(packs: &PackSet) -> Result<ExampleReport, crate::Error> {
    let mut all = packs.clone();
    for d in &mut all.detectors {
        d.enabled = true;
    }
    let scanner = ScannerBuilder::new().options(Options::default()).build(all)?;
    let mut report = ExampleReport { detectors: scanner.detectors().len(), ..ExampleReport::default() };
    for (i, d) in scanner.detectors().iter().enumerate() {
        let index = DetectorIndex(i as u32);
        for (kind, list) in
            [(ExpectKind::MustMatch, &d.examples.must_match), (ExpectKind::NoMatch, &d.examples.no_match)]
        {
            for example in list {
                match check(&scanner, index, kind, example) {
                    None => report.passed += 1,
                    Some(f) => report.failures.push(f),
                }
            }
        }
    }
    Ok(report)
}

fn check(scanner: &Scanner, index: DetectorIndex, kind: ExpectKind, example: &str) -> Option<ExampleFailure> {
    let findings = scanner.scan(example.as_bytes());
    let hit = findings.iter().any(|f| f.detector == index);
    if hit == (kind == ExpectKind::MustMatch) {
        return None;
    }
    Some(ExampleFailure {
        detector: scanner.detector(index).id.clone(),
        kind,
        example: example.to_string(),
        reported: findings
            .iter()
            .map(|f| (scanner.detector(f.detector).id.clone(), f.start, f.end))
            .collect(),
    })
}
