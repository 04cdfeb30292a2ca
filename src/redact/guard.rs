//! Guarded redaction: `keep_first`/`keep_last` must not leave characters that, with their
//! neighbours, read as a new finding.
//!
//! `4000000000000002@the.MRN` holds a card (which wins) and an email that lost to it. Keeping
//! the card's last four gives `************0002@the.MRN`, and a rescan of that output finds
//! the email `0002@the.MRN` over the redacted region: the output would leak what a scan of it
//! reports. So after rendering, the neighbourhood of every region that kept characters is
//! rescanned; a region a rescan finding overlaps is masked whole instead, and the output
//! rendered again. Regions that keep nothing (mask, label, token, remove) are never rescanned.

use std::ops::Range;

use super::{replace, Redaction, TokenKey};
use crate::finding::Finding;

/// Rounds of rescan before every region that kept characters is masked whole.
const ROUNDS: usize = 3;

/// What a guarded redaction replaces a finding with: `None` leaves it in place.
pub type Choice<'a> = Option<(Redaction, &'a str)>;

/// Rewrites `input` with `choices[i]` applied to `findings[i]` (sorted by start, non-
/// overlapping; others are skipped as in [`super::apply`]), then masks whole any region whose
/// kept characters `rescan` reports inside a finding. `rescan` returns the spans of the
/// findings of the slice it is given; it is given each such region with `reach` bytes either
/// side (the farthest a detector looks from a value: trigger plus context window), so what it
/// finds there is what a rescan of the whole output finds over the region.
pub fn apply_guarded(
    input: &[u8],
    findings: &[Finding],
    choices: Vec<Choice<'_>>,
    key: &TokenKey,
    reach: usize,
    rescan: impl FnMut(&[u8]) -> Vec<Range<usize>>,
) -> Vec<u8> {
    settle(input, findings, choices, key, reach, rescan).1
}

/// The choices [`apply_guarded`] renders: `choices` with every operator whose kept characters
/// a rescan finds inside a finding turned into a whole mask. For callers that render the
/// redaction themselves (a value split by HTML tags is rewritten piece by piece).
pub fn guard<'a>(
    input: &[u8],
    findings: &[Finding],
    choices: Vec<Choice<'a>>,
    key: &TokenKey,
    reach: usize,
    rescan: impl FnMut(&[u8]) -> Vec<Range<usize>>,
) -> Vec<Choice<'a>> {
    settle(input, findings, choices, key, reach, rescan).0
}

/// The guarded choices and the output they render (rendered once: the last rendering checked
/// is the output).
fn settle<'a>(
    input: &[u8],
    findings: &[Finding],
    mut choices: Vec<Choice<'a>>,
    key: &TokenKey,
    reach: usize,
    mut rescan: impl FnMut(&[u8]) -> Vec<Range<usize>>,
) -> (Vec<Choice<'a>>, Vec<u8>) {
    for _ in 0..ROUNDS {
        let (out, kept) = render(input, findings, &choices, key);
        if kept.is_empty() {
            return (choices, out);
        }
        let exposed = exposed(&out, &kept, reach, &mut rescan);
        if exposed.is_empty() {
            return (choices, out);
        }
        for i in exposed {
            if let Some(Some((op, _))) = choices.get_mut(i) {
                *op = Redaction::Mask('*');
            }
        }
    }
    for (op, _) in choices.iter_mut().flatten() {
        if keeps_characters(*op) {
            *op = Redaction::Mask('*');
        }
    }
    let out = render(input, findings, &choices, key).0;
    (choices, out)
}

/// Whether `op` leaves some of the value's letters or digits in place.
fn keeps_characters(op: Redaction) -> bool {
    matches!(op, Redaction::KeepFirst(n) | Redaction::KeepLast(n) if n > 0)
}

/// The output, and for each finding whose operator kept characters, its index and its
/// region in the output.
fn render(
    input: &[u8],
    findings: &[Finding],
    choices: &[Choice<'_>],
    key: &TokenKey,
) -> (Vec<u8>, Vec<(usize, Range<usize>)>) {
    let mut out = Vec::with_capacity(input.len());
    let mut kept = Vec::new();
    let mut cursor = 0;
    for (i, (f, choice)) in findings.iter().zip(choices).enumerate() {
        let Some((op, entity)) = *choice else { continue };
        if f.start < cursor || f.end > input.len() || f.start > f.end {
            continue;
        }
        out.extend_from_slice(&input[cursor..f.start]);
        let start = out.len();
        replace(&mut out, &input[f.start..f.end], op, entity, key);
        if keeps_characters(op) {
            kept.push((i, start..out.len()));
        }
        cursor = f.end;
    }
    out.extend_from_slice(&input[cursor..]);
    (out, kept)
}

/// Indices of the regions in `kept` (sorted by start) that a rescan of their neighbourhood
/// finds something over. Neighbourhoods that touch are rescanned as one slice.
fn exposed(
    out: &[u8],
    kept: &[(usize, Range<usize>)],
    reach: usize,
    rescan: &mut impl FnMut(&[u8]) -> Vec<Range<usize>>,
) -> Vec<usize> {
    let mut exposed = Vec::new();
    let mut group = 0;
    while group < kept.len() {
        let from = kept[group].1.start.saturating_sub(reach);
        let mut to = kept[group].1.end.saturating_add(reach).min(out.len());
        let mut next = group + 1;
        while next < kept.len() && kept[next].1.start.saturating_sub(reach) <= to {
            to = kept[next].1.end.saturating_add(reach).min(out.len());
            next += 1;
        }
        let hits = rescan(&out[from..to]);
        for (i, region) in &kept[group..next] {
            let overlapped = hits.iter().any(|h| h.start + from < region.end && region.start < h.end + from);
            if overlapped {
                exposed.push(*i);
            }
        }
        group = next;
    }
    exposed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::DetectorIndex;

    fn finding(start: usize, end: usize) -> Finding {
        Finding { detector: DetectorIndex(0), start, end, score: 1.0, validated: true, context: false }
    }

    /// A stand-in scanner: every maximal run of `[0-9a-z@.]` containing an `@`.
    fn emails(hay: &[u8]) -> Vec<Range<usize>> {
        let word = |b: &u8| b.is_ascii_digit() || b.is_ascii_lowercase() || *b == b'@' || *b == b'.';
        let mut spans = Vec::new();
        let mut i = 0;
        while i < hay.len() {
            let end = i + hay[i..].iter().take_while(|b| word(b)).count();
            if hay[i..end].contains(&b'@') {
                spans.push(i..end);
            }
            i = end + 1;
        }
        spans
    }

    fn run(input: &str, spans: &[(usize, usize)], op: Redaction) -> String {
        let fs: Vec<_> = spans.iter().map(|&(s, e)| finding(s, e)).collect();
        let choices = fs.iter().map(|_| Some((op, "CREDIT_CARD"))).collect();
        let out = apply_guarded(input.as_bytes(), &fs, choices, &TokenKey::new(b"k".to_vec()), 64, emails);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn kept_characters_that_join_a_neighbour_into_a_finding_are_masked() {
        assert_eq!(
            run("4000000000000002@the.mrn x", &[(0, 16)], Redaction::KeepLast(4)),
            "****************@the.mrn x"
        );
        assert_eq!(
            run("x mail.me@4000000000000002", &[(10, 26)], Redaction::KeepFirst(4)),
            "x mail.me@****************"
        );
    }

    #[test]
    fn kept_characters_that_stand_apart_stay() {
        assert_eq!(
            run("card 4000000000000002. a@b", &[(5, 21)], Redaction::KeepLast(4)),
            "card ************0002. a@b"
        );
        assert_eq!(
            run("4000000000000002 x 4000000000000002@a.b", &[(0, 16), (19, 35)], Redaction::KeepLast(4)),
            "************0002 x ****************@a.b"
        );
    }

    #[test]
    fn operators_that_keep_nothing_are_not_rescanned() {
        let fs = [finding(0, 16)];
        let choices = vec![Some((Redaction::Label, "X"))];
        let out =
            apply_guarded(b"4000000000000002@a.b", &fs, choices, &TokenKey::new(b"k".to_vec()), 64, |_| {
                panic!("rescanned")
            });
        assert_eq!(out, b"[X]@a.b");
    }

    #[test]
    fn unchosen_findings_stay_in_place() {
        let fs = [finding(0, 4), finding(5, 9)];
        let choices = vec![None, Some((Redaction::Mask('#'), "X"))];
        let out =
            apply_guarded(b"1234 5678", &fs, choices, &TokenKey::new(b"k".to_vec()), 64, |_| Vec::new());
        assert_eq!(out, b"1234 ####");
    }
}
