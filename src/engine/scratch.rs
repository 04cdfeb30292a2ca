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
    /// Validated values an exclusion word rejected: nothing strictly inside one is reported
    /// (see [`Scratch::drop_vetoes`]).
    pub(crate) vetoes: Vec<Finding>,
    /// Per veto (sorted by start), the farthest end of it and the vetoes before it.
    veto_reach: Vec<usize>,
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
            vetoes: Vec::new(),
            veto_reach: Vec::new(),
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
        self.vetoes.clear();
        self.resolved.clear();
        self.retry.clear();
        self.last_run = None;
        self.open.clear();
        self.open.resize(detectors, None);
        self.caches.resize_with(detectors, || None);
        self.captures.resize_with(detectors, || None);
    }

    /// Removes from `resolved` every finding strictly inside a veto: a piece of a value the
    /// text calls something else (`0417 1643 00` inside `the sample IBAN (NL91 ABNA 0417 1643
    /// 00)`). A finding with the veto's own span stays: the exclusion word that rejected one
    /// reading can be the label of another (`MRN 751-867-698` is no SIN, and is an MRN).
    /// Sorted vetoes and a running farthest end make each finding's check two binary searches.
    pub(crate) fn drop_vetoes(&mut self) {
        if self.vetoes.is_empty() {
            return;
        }
        self.vetoes.sort_unstable_by_key(|v| (v.start, v.end));
        self.veto_reach.clear();
        let mut reach = 0;
        for v in &self.vetoes {
            reach = reach.max(v.end);
            self.veto_reach.push(reach);
        }
        let (vetoes, reach) = (&self.vetoes, &self.veto_reach);
        self.resolved.retain(|f| !strictly_inside_veto(vetoes, reach, f));
    }

    /// Releases buffers a large input grew, so a pooled scratch does not pin that memory.
    pub(crate) fn trim(&mut self) {
        const KEEP: usize = 1 << 14;
        for v in [&mut self.candidates, &mut self.vetoes, &mut self.resolved, &mut self.round] {
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

/// Whether `f` lies inside a veto and is not the veto's own span. `vetoes` are sorted by
/// start; `reach[i]` is the farthest end among `vetoes[..=i]`.
pub(crate) fn strictly_inside_veto(vetoes: &[Finding], reach: &[usize], f: &Finding) -> bool {
    // A veto starting before `f` and reaching its end, or one starting with it and ending after.
    let before = vetoes.partition_point(|v| v.start < f.start);
    let through = vetoes.partition_point(|v| v.start <= f.start);
    let covers_from_before = before > 0 && reach.get(before - 1).is_some_and(|&r| r >= f.end);
    let longer_from_same_start =
        vetoes.get(before..through).is_some_and(|same| same.iter().any(|v| v.end > f.end));
    covers_from_before || longer_from_same_start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start: usize, end: usize) -> Finding {
        Finding { detector: DetectorIndex(0), start, end, score: 0.5, validated: true, context: false }
    }

    #[test]
    fn only_pieces_strictly_inside_a_veto_are_dropped() {
        let vetoes = [f(10, 32), f(40, 45)];
        let reach = [32, 45];
        let inside = |start, end| strictly_inside_veto(&vetoes, &reach, &f(start, end));
        assert!(inside(20, 32)); // the tail of the first veto
        assert!(inside(10, 20)); // its head
        assert!(inside(41, 44));
        assert!(!inside(10, 32)); // the veto's own span: another reading of the same value
        assert!(!inside(5, 20)); // straddles its start
        assert!(!inside(30, 41)); // straddles both
        assert!(!inside(33, 39)); // between them
    }

    #[test]
    fn a_piece_of_an_excluded_value_is_not_reported_and_its_own_span_still_can_be() {
        let scanner = crate::Scanner::builtin().expect("built-in packs");
        let text = |s: &str| -> Vec<String> {
            scanner.spans(s.as_bytes()).into_iter().map(|r| s[r].to_string()).collect()
        };
        // The IBAN is excluded as a documentation example; its tail is no phone.
        assert_eq!(text("el IBAN de ejemplo de su ayuda (NL91 ABNA 0417 1643 00)"), Vec::<String>::new());
        // A label that excludes one reading (no SIN after `MRN`) is the other's context.
        assert_eq!(text("MRN E8622808 merged into MRN 751-867-698"), ["E8622808", "751-867-698"]);
    }
}
