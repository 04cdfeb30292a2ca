//! Batched scanning: many short texts in one pass, each with the findings it would have alone.
//!
//! A JSON document holds hundreds of values, most a few bytes long (`"2"`, `"status_id"`, a
//! timestamp). Scanned one at a time, each pays the fixed cost of a scan (the literal
//! automaton's start, the digit and colon passes, resetting per-detector state: ~1,100
//! instructions), which was most of the scanning cost of a 20 KB ticket (callgrind). A batch
//! is the texts joined by `\n`: the trigger passes run once over all of it, with every window
//! and term clipped to the text it came from, and confirmation then runs per text on that
//! text alone. Texts without a candidate (most of them) cost nothing more.
//!
//! Why the result equals scanning each text alone: no trigger crosses a `\n` (digit and colon
//! runs stop there, and a batch is refused when a keyword or term holds one), windows and
//! terms are clipped to their text, the digit gate and every confirmation see only that text,
//! and each text's candidates are resolved apart from the others. `tests/engine_batch.rs`
//! checks it against one scan per text on generated input.

use std::ops::Range;

use super::scratch::{Scratch, Window};
use super::{confirm, overlap, Scanner};
use crate::finding::Finding;

impl Scanner {
    /// Scans each `segments[i]` of `hay` as if alone and calls `each(i, findings)` for every
    /// segment with findings (offsets into the segment), in segment order.
    ///
    /// `segments` are sorted, disjoint ranges of `hay`, each with a `\n` (or the end of `hay`)
    /// on either side. When they are not, or a keyword or dictionary term of the scanner holds
    /// a `\n`, each segment is scanned on its own: the same findings, without the saving.
    ///
    /// Wide spaces are read as ASCII spaces, as by [`Scanner::scan_with`].
    pub fn scan_batch(
        &self,
        scratch: &mut Scratch,
        hay: &[u8],
        segments: &[Range<usize>],
        mut each: impl FnMut(usize, &[Finding]),
    ) {
        if !self.batchable(hay, segments) {
            // Each segment folds its own spaces: whether two spaces at a segment's edge fold
            // must not depend on a digit in the next segment.
            let mut out = Vec::new();
            for (i, seg) in segments.iter().enumerate() {
                out.clear();
                if let Some(text) = hay.get(seg.clone()) {
                    self.scan_with(scratch, text, &mut out);
                }
                if !out.is_empty() {
                    each(i, &out);
                }
            }
            return;
        }
        let mut folded = std::mem::take(&mut scratch.folded);
        if folded.fold(&self.inner.spaces, hay) {
            // Segment edges sit at `\n` or the ends of `hay`: never inside a wide space, and
            // two spaces next to one do not fold.
            let moved: Vec<Range<usize>> =
                segments.iter().map(|s| folded.folded(s.start)..folded.folded(s.end)).collect();
            let mut mapped = Vec::new();
            self.scan_batch_plain(scratch, &folded.text, &moved, |i, findings| {
                let (Some(seg), Some(at)) = (segments.get(i), moved.get(i)) else { return };
                let local = |p: usize| folded.original(at.start + p).saturating_sub(seg.start);
                mapped.clear();
                mapped.extend(findings.iter().map(|f| Finding {
                    start: local(f.start),
                    end: local(f.end),
                    ..*f
                }));
                each(i, &mapped);
            });
        } else {
            self.scan_batch_plain(scratch, hay, segments, each);
        }
        scratch.folded = folded;
    }

    /// [`Scanner::scan_batch`] of batchable segments of input whose spaces are folded.
    fn scan_batch_plain(
        &self,
        scratch: &mut Scratch,
        hay: &[u8],
        segments: &[Range<usize>],
        mut each: impl FnMut(usize, &[Finding]),
    ) {
        scratch.reset(self.inner.detectors.len());
        self.find_triggers(scratch, hay, segments);
        let windows = std::mem::take(&mut scratch.windows);
        let terms = std::mem::take(&mut scratch.terms);
        let mut order = std::mem::take(&mut scratch.order);
        // Each segment's windows in the order the passes found them, as a scan of the segment
        // alone would search them.
        order.extend(
            windows.iter().enumerate().map(|(i, w)| (segments.partition_point(|s| s.end <= w.start), i)),
        );
        order.sort_unstable();
        let (mut next_window, mut next_term) = (0, 0);
        loop {
            let segment = match (order.get(next_window), terms.get(next_term)) {
                (None, None) => break,
                (Some(&(w, _)), None) => w,
                (None, Some(t)) => t.segment,
                (Some(&(w, _)), Some(t)) => w.min(t.segment),
            };
            let Some(seg) = segments.get(segment).cloned() else { break };
            let text = hay.get(seg.clone()).unwrap_or_default();
            scratch.candidates.clear();
            scratch.vetoes.clear();
            scratch.retry.clear();
            scratch.last_run = None;
            while let Some(t) = terms.get(next_term).filter(|t| t.segment == segment) {
                if let (Some(start), Some(end)) =
                    (t.start.checked_sub(seg.start), t.end.checked_sub(seg.start))
                {
                    confirm::dictionary_hit(self, scratch, text, t.detector, t.term, start, end, None);
                }
                next_term += 1;
            }
            while let Some(&(_, i)) = order.get(next_window).filter(|o| o.0 == segment) {
                if let Some(w) = windows.get(i).and_then(|w| local(w, &seg)) {
                    confirm::search_window(self, scratch, text, w, None);
                }
                next_window += 1;
            }
            let Scratch { candidates, resolved, retry, .. } = scratch;
            overlap::resolve(candidates, resolved, Some(retry));
            let retry = std::mem::take(&mut scratch.retry);
            self.rescue_losers(scratch, text, &retry, None);
            scratch.retry = retry;
            scratch.drop_vetoes();
            if !scratch.resolved.is_empty() {
                each(segment, &scratch.resolved);
            }
        }
        scratch.windows = windows;
        scratch.terms = terms;
        scratch.order = order;
    }

    /// Whether `segments` can be scanned as one batch (see [`Scanner::scan_batch`]).
    fn batchable(&self, hay: &[u8], segments: &[Range<usize>]) -> bool {
        let newline_at = |i: usize| i == hay.len() || hay.get(i) == Some(&b'\n');
        !self.inner.literals.as_ref().is_some_and(|l| l.has_newline)
            && segments.windows(2).all(|p| p[0].end < p[1].start)
            && segments.iter().all(|s| {
                s.start <= s.end
                    && s.end <= hay.len()
                    && (s.start == 0 || newline_at(s.start - 1))
                    && newline_at(s.end)
            })
    }
}

/// `w` in the coordinates of `seg`, when it lies inside it.
fn local(w: &Window, seg: &Range<usize>) -> Option<Window> {
    let start = w.start.checked_sub(seg.start)?;
    let end = w.end.checked_sub(seg.start)?;
    (start <= end && w.end <= seg.end).then_some(Window { start, end, ..*w })
}
