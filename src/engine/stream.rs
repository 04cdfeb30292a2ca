//! Streaming scans: feed chunks, get findings with absolute offsets, in bounded memory.
//!
//! The buffer holds the unscanned tail plus a carry-over of `2 × overlap` bytes (overlap is
//! derived from the largest detector window), so a value split across chunks is still found
//! and its context words are still seen. After each scan, findings ending in the last
//! `overlap` bytes are deferred to the next round; findings ending before that point were
//! decided by this round and are skipped by the next.

use super::{Scanner, Scratch, Sink};
use crate::finding::Finding;

/// Scan once this much new input has accumulated (plus the carry-over).
const SCAN_EVERY: usize = 1 << 20;

pub struct StreamScanner {
    scanner: Scanner,
    scratch: Scratch,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: usize,
    /// Absolute offset before which everything is decided.
    decided: usize,
    /// Absolute end of the last finding emitted.
    emitted: usize,
    findings: Vec<Finding>,
}

impl StreamScanner {
    pub(super) fn new(scanner: Scanner) -> StreamScanner {
        let scratch = scanner.new_scratch();
        StreamScanner {
            scanner,
            scratch,
            buf: Vec::new(),
            base: 0,
            decided: 0,
            emitted: 0,
            findings: Vec::new(),
        }
    }

    /// Total bytes fed so far.
    pub fn position(&self) -> usize {
        self.base + self.buf.len()
    }

    /// Adds a chunk; findings that are certain are pushed to `sink` with absolute offsets.
    /// Returns `false` if the sink asked to stop.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut impl Sink) -> bool {
        let mut rest = chunk;
        while !rest.is_empty() {
            let room = (2 * self.scanner.overlap() + SCAN_EVERY).saturating_sub(self.buf.len()).max(1);
            let take = room.min(rest.len());
            self.buf.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.buf.len() >= 2 * self.scanner.overlap() + SCAN_EVERY && !self.scan_buffer(false, sink) {
                return false;
            }
        }
        true
    }

    /// Scans what is left; call once at the end of the input.
    pub fn finish(mut self, sink: &mut impl Sink) -> bool {
        self.scan_buffer(true, sink)
    }

    fn scan_buffer(&mut self, last: bool, sink: &mut impl Sink) -> bool {
        let overlap = self.scanner.overlap();
        self.findings.clear();
        self.scanner.scan_with(&mut self.scratch, &self.buf, &mut self.findings);
        let limit = if last { self.buf.len() } else { self.buf.len().saturating_sub(overlap) };
        for f in &self.findings {
            let (start, end) = (self.base + f.start, self.base + f.end);
            if end <= self.decided || start < self.emitted || f.end > limit {
                continue;
            }
            self.emitted = end;
            if !sink.finding(Finding { start, end, ..*f }) {
                return false;
            }
        }
        if !last {
            let keep = (2 * overlap).min(self.buf.len());
            let drop = self.buf.len() - keep;
            self.buf.drain(..drop);
            self.base += drop;
            // Everything ending at or before this round's `limit` was decided by this round;
            // findings that cross it are reported by the next one.
            self.decided = self.base + keep.saturating_sub(overlap);
        }
        true
    }
}
