//! Explain: every candidate the engine looked at and what it decided, for `casegate explain`
//! and for pack authors. It runs the same checks as a scan, recording each verdict.

use super::overlap;
use super::Scanner;
use crate::finding::{DetectorIndex, Finding};

/// What became of one regex match or dictionary hit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Reported { score: f32, validated: bool, context: bool },
    Rejected(super::Reject),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub detector: DetectorIndex,
    pub start: usize,
    pub end: usize,
    pub outcome: Outcome,
    /// The nearest context word found, if any.
    pub context_word: Option<String>,
    /// Set when the candidate passed every check but overlapped a stronger finding.
    pub lost_to: Option<DetectorIndex>,
}

impl Explanation {
    /// Reported and kept after overlap resolution.
    pub fn is_finding(&self) -> bool {
        matches!(self.outcome, Outcome::Reported { .. }) && self.lost_to.is_none()
    }
}

pub(super) fn explain(scanner: &Scanner, hay: &[u8]) -> Vec<Explanation> {
    // Wide spaces are read as ASCII spaces, as by a scan (see `spaces.rs`).
    let mut folded = super::spaces::Folded::default();
    if !folded.fold(&scanner.inner.spaces, hay) {
        return explain_folded(scanner, hay);
    }
    let mut trace = explain_folded(scanner, &folded.text);
    for e in &mut trace {
        (e.start, e.end) = (folded.original(e.start), folded.original(e.end));
    }
    trace
}

fn explain_folded(scanner: &Scanner, hay: &[u8]) -> Vec<Explanation> {
    let mut scratch = scanner.pooled_scratch();
    let scratch = &mut *scratch;
    let mut trace = Vec::new();
    scanner.collect(scratch, hay, Some(&mut trace));
    let mut retry = Vec::new();
    overlap::resolve(&mut scratch.candidates, &mut scratch.resolved, Some(&mut retry));
    scanner.rescue_losers(scratch, hay, &retry, Some(&mut trace));
    scratch.drop_vetoes();
    let kept = std::mem::take(&mut scratch.resolved);
    for e in &mut trace {
        e.context_word = context_word(scanner, hay, e);
        if let Outcome::Reported { .. } = e.outcome {
            let me = |f: &Finding| f.detector == e.detector && f.start == e.start && f.end == e.end;
            if !kept.iter().any(me) {
                // Lost to a kept finding, or else to the excluded value it is a piece of.
                let overlapping = |k: &&Finding| k.start < e.end && e.start < k.end;
                e.lost_to = kept
                    .iter()
                    .find(overlapping)
                    .or_else(|| scratch.vetoes.iter().find(overlapping))
                    .map(|k| k.detector);
            }
        }
    }
    scratch.trim();
    trace.sort_by_key(|e| (e.start, e.end, e.detector));
    trace.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.detector == b.detector);
    trace
}

fn context_word(scanner: &Scanner, hay: &[u8], e: &Explanation) -> Option<String> {
    let d = scanner.detector(e.detector);
    let hit = scanner.inner.contexts[e.detector.0 as usize].check(hay, e.start, e.end);
    hit.word.and_then(|i| d.context.words.get(i)).cloned()
}
