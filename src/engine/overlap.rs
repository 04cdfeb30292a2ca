//! Overlap resolution: at most one finding per byte.
//!
//! Rule (deterministic): validated beats unvalidated, then the higher score, then the longer
//! span, then the earlier start, then the detector loaded first. Candidates are taken in that
//! order and kept when they overlap nothing kept so far. So a grouped IBAN beats the 16-digit
//! "card" inside it, and a checksum-validated NPI beats an unvalidated phone reading.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::scratch::Window;
use crate::finding::Finding;

/// Resolves `candidates` into `out`, sorted by start. `candidates` is left reordered.
///
/// Candidates only compete with candidates they overlap, so the greedy pass runs per
/// *cluster* (a maximal run of start-sorted candidates chained by overlaps): the result is
/// the same as one global greedy pass, without a global priority sort or search tree.
///
/// When `retry` is given, it receives, for every candidate that lost to a finding of another
/// detector ending before the candidate does, the window `[winner.end, loser.end)` (see
/// `Scanner::rescue_losers`).
pub fn resolve(candidates: &mut Vec<Finding>, out: &mut Vec<Finding>, mut retry: Option<&mut Vec<Window>>) {
    out.clear();
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    candidates.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.detector == b.detector);
    let mut i = 0;
    while i < candidates.len() {
        let mut reach = candidates[i].end;
        let mut j = i + 1;
        while j < candidates.len() && candidates[j].start < reach {
            reach = reach.max(candidates[j].end);
            j += 1;
        }
        if j - i == 1 {
            out.push(candidates[i]);
        } else {
            let from = out.len();
            resolve_cluster(&mut candidates[i..j], out);
            if let Some(r) = retry.as_deref_mut() {
                losers(&candidates[i..j], &out[from..], r);
            }
        }
        i = j;
    }
}

/// The greedy pass over one cluster: best first, kept when it overlaps nothing kept so far.
/// Appends the kept findings to `out` sorted by start.
fn resolve_cluster(cluster: &mut [Finding], out: &mut Vec<Finding>) {
    cluster.sort_by(priority);
    let from = out.len();
    if cluster.len() <= SMALL_CLUSTER {
        for f in cluster.iter() {
            if !out[from..].iter().any(|k| k.overlaps(f)) {
                out.push(*f);
            }
        }
        out[from..].sort_by_key(|k| k.start);
        return;
    }
    let mut kept: BTreeMap<usize, Finding> = BTreeMap::new();
    for f in cluster.iter() {
        let clash = kept.range(..f.end).next_back().is_some_and(|(_, k)| k.end > f.start);
        if !clash {
            kept.insert(f.start, *f);
        }
    }
    out.extend(kept.into_values());
}

/// Above this many candidates a cluster uses a search tree instead of a linear scan.
const SMALL_CLUSTER: usize = 32;

/// Windows to search again for candidates of `cluster` that lost to a finding of another
/// detector which ends before they do. `kept` is the cluster's kept findings, sorted by start.
fn losers(cluster: &[Finding], kept: &[Finding], retry: &mut Vec<Window>) {
    for c in cluster {
        // The kept finding with the greatest start before `c.end` is `c` itself when `c` was
        // kept, else the one it lost to.
        let i = kept.partition_point(|k| k.start < c.end);
        let Some(k) = i.checked_sub(1).and_then(|i| kept.get(i)) else { continue };
        if k != c && k.overlaps(c) && k.end < c.end && k.detector != c.detector {
            retry.push(Window { detector: c.detector, start: k.end, end: c.end });
        }
    }
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
        resolve(&mut c, &mut out, None);
        assert_eq!(out, vec![f(1, 2, 8, 0.5, true)]);

        let mut c = vec![f(0, 0, 10, 0.5, true), f(1, 0, 16, 0.5, true), f(2, 20, 22, 0.1, false)];
        resolve(&mut c, &mut out, None);
        assert_eq!(out, vec![f(1, 0, 16, 0.5, true), f(2, 20, 22, 0.1, false)]);

        let mut c = vec![f(3, 0, 4, 0.5, false), f(1, 0, 4, 0.5, false)];
        resolve(&mut c, &mut out, None);
        assert_eq!(out, vec![f(1, 0, 4, 0.5, false)]);
    }

    #[test]
    fn keeps_disjoint_findings_sorted() {
        let mut c = vec![f(0, 10, 12, 0.5, false), f(0, 0, 2, 0.5, false), f(1, 1, 11, 0.1, false)];
        let mut out = vec![];
        resolve(&mut c, &mut out, None);
        assert_eq!(out, vec![f(0, 0, 2, 0.5, false), f(0, 10, 12, 0.5, false)]);
    }
}
