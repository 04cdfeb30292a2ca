//! Per-thread mutable state for scans: candidate windows, findings before and after overlap
//! resolution, and one regex cache per detector. Separate from the compiled [`super::Scanner`]
//! so the scanner stays immutable and shareable; reuse one `Scratch` per thread.

use regex_automata::meta;
use regex_automata::util::captures::Captures;

use super::Scanner;
use crate::finding::{DetectorIndex, Finding};
use crate::packs::DetectorKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub detector: DetectorIndex,
    pub start: usize,
    pub end: usize,
}

/// A dictionary term found by the literal pass, confirmed after the pass.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TermHit {
    pub detector: DetectorIndex,
    pub term: u32,
    pub start: usize,
    pub end: usize,
    /// Index of the segment holding it (0 outside a batched scan).
    pub segment: usize,
}

#[derive(Debug)]
pub struct Scratch {
    pub(crate) windows: Vec<Window>,
    pub(crate) terms: Vec<TermHit>,
    /// A batched scan's `(segment, window index)` pairs, sorted.
    pub(crate) order: Vec<(usize, usize)>,
    /// Per detector: index in `windows` of its last window, for merging adjacent ones.
    open: Vec<Option<usize>>,
    pub(crate) candidates: Vec<Finding>,
    pub(crate) resolved: Vec<Finding>,
    /// Windows to search again after overlap resolution (`Scanner::rescue_losers`).
    pub(crate) retry: Vec<Window>,
    caches: Vec<Option<meta::Cache>>,
    captures: Vec<Option<Captures>>,
    pub(crate) gate: super::gate::GateScratch,
    /// Buffers for splitting grouped digit runs (`super::runs`).
    pub(crate) split: super::runs::SplitScratch,
    /// The last grouped run split, and for which detector: its later values are not split again.
    pub(crate) last_run: Option<(DetectorIndex, (usize, usize))>,
    /// The input with its wide spaces folded, when it has any (`super::spaces`).
    pub(crate) folded: super::spaces::Folded,
    /// One round's findings while a large input is scanned in rounds (`super::stream`).
    pub(crate) round: Vec<Finding>,
}

impl Scratch {
    pub(crate) fn new(scanner: &Scanner) -> Scratch {
        Scratch::for_detectors(scanner.detectors().len())
    }

    /// Empty state for a scanner of `n` detectors (regex caches are created on first use).
    pub(crate) fn for_detectors(n: usize) -> Scratch {
        Scratch {
            windows: Vec::new(),
            terms: Vec::new(),
            order: Vec::new(),
            open: vec![None; n],
            candidates: Vec::new(),
            resolved: Vec::new(),
            retry: Vec::new(),
            caches: (0..n).map(|_| None).collect(),
            captures: (0..n).map(|_| None).collect(),
            gate: super::gate::GateScratch::default(),
            split: super::runs::SplitScratch::default(),
            last_run: None,
            folded: super::spaces::Folded::default(),
            round: Vec::new(),
        }
    }

    pub(crate) fn reset(&mut self, detectors: usize) {
        self.windows.clear();
        self.terms.clear();
        self.order.clear();
        self.candidates.clear();
        self.resolved.clear();
        self.retry.clear();
        self.last_run = None;
        self.open.clear();
        self.open.resize(detectors, None);
        self.caches.resize_with(detectors, || None);
        self.captures.resize_with(detectors, || None);
    }

    /// Releases buffers a large input grew, so a pooled scratch does not pin that memory.
    pub(crate) fn trim(&mut self) {
        const KEEP: usize = 1 << 14;
        for v in [&mut self.candidates, &mut self.resolved, &mut self.round] {
            if v.capacity() > KEEP {
                *v = Vec::new();
            }
        }
        if self.terms.capacity() > KEEP {
            self.terms = Vec::new();
        }
        if self.order.capacity() > KEEP {
            self.order = Vec::new();
        }
        for v in [&mut self.windows, &mut self.retry] {
            if v.capacity() > KEEP {
                *v = Vec::new();
            }
        }
        self.split.trim();
        self.folded.trim();
    }

    /// Adds a candidate window, merging it into the detector's previous one when they touch.
    /// Triggers arrive in input order per detector, so merging with the last one is enough.
    pub(crate) fn add_window(&mut self, detector: DetectorIndex, start: usize, end: usize) {
        let slot = detector.0 as usize;
        if let Some(Some(i)) = self.open.get(slot).copied() {
            if let Some(w) = self.windows.get_mut(i) {
                if start <= w.end && end >= w.start {
                    w.start = w.start.min(start);
                    w.end = w.end.max(end);
                    return;
                }
            }
        }
        if let Some(o) = self.open.get_mut(slot) {
            *o = Some(self.windows.len());
        }
        self.windows.push(Window { detector, start, end });
    }

    /// The regex cache (and captures, when the regex has a `value` group) of a detector.
    pub(crate) fn regex_state(
        &mut self,
        scanner: &Scanner,
        detector: DetectorIndex,
    ) -> Option<(&mut meta::Cache, &mut Captures)> {
        let slot = detector.0 as usize;
        let DetectorKind::Regex(r) = &scanner.detector(detector).kind else { return None };
        let cache = self.caches.get_mut(slot)?.get_or_insert_with(|| r.regex.create_cache());
        let caps = self.captures.get_mut(slot)?.get_or_insert_with(|| r.regex.create_captures());
        Some((cache, caps))
    }
}
