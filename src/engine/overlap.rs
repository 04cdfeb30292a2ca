//! Overlap resolution: at most one finding per byte.
//!
//! Rule (deterministic): validated beats unvalidated, then the higher score, then the longer
//! span, then the earlier start, then the detector loaded first. Candidates are taken in that
//! order and kept when they overlap nothing kept so far. So a grouped IBAN beats the 16-digit
//! "card" inside it, and a checksum-validated NPI beats an unvalidated phone reading.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::finding::Finding;

/// Resolves `candidates` into `out`, sorted by start. `candidates` is left reordered.
pub fn resolve(candidates: &mut Vec<Finding>, out: &mut Vec<Finding>) {
    out.clear();
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    candidates.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.detector == b.detector);
    if candidates.windows(2).all(|w| w[0].end <= w[1].start) {
        out.extend_from_slice(candidates);
        return;
    }
    candidates.sort_by(priority);
    let mut kept: BTreeMap<usize, Finding> = BTreeMap::new();
    for f in candidates.iter() {
        let clash = kept.range(..f.end).next_back().is_some_and(|(_, k)| k.end > f.start);
        if !clash {
            kept.insert(f.start, *f);
        }
    }
    out.extend(kept.into_values());
}

/// Best first.
pub fn priority(a: &Finding, b: &Finding) -> Ordering {
    b.validated
        .cmp(&a.validated)
        .then(b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal))
        .then(b.len().cmp(&a.len()))
        .then(a.start.cmp(&b.start))
        .then(a.detector.cmp(&b.detector))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::DetectorIndex;

    fn f(d: u32, start: usize, end: usize, score: f32, validated: bool) -> Finding {
        Finding { detector: DetectorIndex(d), start, end, score, validated, context: false }
    }

    #[test]
    fn validated_then_score_then_length_then_order() {
        let mut c = vec![f(0, 0, 10, 0.9, false), f(1, 2, 8, 0.5, true)];
        let mut out = vec![];
        resolve(&mut c, &mut out);
        assert_eq!(out, vec![f(1, 2, 8, 0.5, true)]);

        let mut c = vec![f(0, 0, 10, 0.5, true), f(1, 0, 16, 0.5, true), f(2, 20, 22, 0.1, false)];
        resolve(&mut c, &mut out);
        assert_eq!(out, vec![f(1, 0, 16, 0.5, true), f(2, 20, 22, 0.1, false)]);

        let mut c = vec![f(3, 0, 4, 0.5, false), f(1, 0, 4, 0.5, false)];
        resolve(&mut c, &mut out);
        assert_eq!(out, vec![f(1, 0, 4, 0.5, false)]);
    }

    #[test]
    fn keeps_disjoint_findings_sorted() {
        let mut c = vec![f(0, 10, 12, 0.5, false), f(0, 0, 2, 0.5, false), f(1, 1, 11, 0.1, false)];
        let mut out = vec![];
        resolve(&mut c, &mut out);
        assert_eq!(out, vec![f(0, 0, 2, 0.5, false), f(0, 10, 12, 0.5, false)]);
    }
}
