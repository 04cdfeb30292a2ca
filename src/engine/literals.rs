//! The literal pass: every keyword of every keyword-triggered detector and every dictionary
//! term, in one aho-corasick automaton (ASCII case-insensitive, leftmost-longest).
//!
//! Leftmost-longest reports one match per position, so a literal that is a substring of another
//! (`pass` inside `password`) would be hidden by the longer one. At build time each literal
//! therefore inherits the targets of every literal it contains, with that literal's offset, so
//! one hit triggers everything the shorter literals would have.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::finding::DetectorIndex;
use crate::packs::{Detector, DetectorKind, Trigger};

/// What a literal hit means for one detector.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// Search `detector`'s regex within `window` bytes of `[hit+offset, hit+offset+len)`.
    Keyword { detector: DetectorIndex, offset: u32, len: u32, window: u32 },
    /// The dictionary term of `term` spans `[hit+offset, hit+offset+len)`.
    Term { detector: DetectorIndex, term: u32, offset: u32, len: u32 },
}

#[derive(Clone, Debug)]
pub struct Literals {
    pub automaton: AhoCorasick,
    /// Targets per automaton pattern id.
    pub targets: Vec<Vec<Target>>,
    /// Whether a literal holds a line break (then a batched scan cannot use `\n` between
    /// texts: see `Scanner::scan_batch`).
    pub has_newline: bool,
}

impl Literals {
    /// Builds the automaton over the active detectors, or `None` when there are no literals.
    pub fn build(
        detectors: &[Detector],
        active: &[bool],
    ) -> Result<Option<Literals>, aho_corasick::BuildError> {
        let mut lits: Vec<(Vec<u8>, Vec<Target>)> = Vec::new();
        let mut add = |lit: &str, target: Target| {
            let key = lit.as_bytes().to_ascii_lowercase();
            match lits.iter_mut().find(|(k, _)| *k == key) {
                Some((_, t)) => t.push(target),
                None => lits.push((key, vec![target])),
            }
        };
        for (i, d) in detectors.iter().enumerate() {
            if !active[i] {
                continue;
            }
            let detector = DetectorIndex(i as u32);
            match &d.kind {
                DetectorKind::Regex(r) => {
                    if let Trigger::Keywords { words, window } = &r.trigger {
                        for w in words {
                            add(
                                w,
                                Target::Keyword { detector, offset: 0, len: w.len() as u32, window: *window },
                            );
                        }
                    }
                }
                DetectorKind::Dictionary(dict) => {
                    for (t, term) in dict.terms.iter().enumerate() {
                        add(
                            term,
                            Target::Term { detector, term: t as u32, offset: 0, len: term.len() as u32 },
                        );
                    }
                }
            }
        }
        if lits.is_empty() {
            return Ok(None);
        }
        let targets = inherit_substrings(&lits);
        let has_newline = lits.iter().any(|(k, _)| k.contains(&b'\n'));
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(lits.iter().map(|(k, _)| k))?;
        Ok(Some(Literals { automaton, targets, has_newline }))
    }
}

/// Fewest bytes a literal's end and another's start must share for the first to stand in for
/// the second (see [`inherit_substrings`]).
const MIN_OVERLAP: usize = 3;

/// Each literal's own targets plus those of every other literal found inside it, and the
/// keyword targets of every literal that starts inside it and runs past its end: leftmost-
/// longest reports `fecha de nac` and resumes after it, so `nacimiento`, which starts at its
/// `nac`, would never be seen (measured: `pii.dob.answer` never fired on `fecha de
/// nacimiento?`). The window is placed where that literal would start; the detector's regex
/// decides as for any window. Dictionary terms need their exact span and are not inherited
/// this way; nor are overlaps shorter than [`MIN_OVERLAP`] bytes (`pass` would stand in for
/// every literal starting `ss`).
fn inherit_substrings(lits: &[(Vec<u8>, Vec<Target>)]) -> Vec<Vec<Target>> {
    let mut out = Vec::with_capacity(lits.len());
    for (key, own) in lits {
        let mut targets = own.clone();
        for (other, theirs) in lits {
            if other.len() < key.len() {
                for at in memchr::memmem::find_iter(key, other) {
                    targets.extend(theirs.iter().map(|t| shifted(*t, at as u32)));
                }
            }
            // Starting inside `key` (not at its start: a literal that matched in full would have
            // been the longer match) and running past its end.
            let longest = key.len().saturating_sub(1).min(other.len().saturating_sub(1));
            for k in (MIN_OVERLAP..=longest).filter(|&k| key.ends_with(&other[..k])) {
                let at = (key.len() - k) as u32;
                targets.extend(
                    theirs.iter().filter(|t| matches!(t, Target::Keyword { .. })).map(|t| shifted(*t, at)),
                );
            }
        }
        out.push(targets);
    }
    out
}

fn shifted(t: Target, by: u32) -> Target {
    match t {
        Target::Keyword { detector, offset, len, window } => {
            Target::Keyword { detector, offset: offset + by, len, window }
        }
        Target::Term { detector, term, offset, len } => {
            Target::Term { detector, term, offset: offset + by, len }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword(d: u32, len: usize) -> Target {
        Target::Keyword { detector: DetectorIndex(d), offset: 0, len: len as u32, window: 10 }
    }

    fn keyword_offsets(targets: &[Target], d: u32) -> Vec<u32> {
        targets
            .iter()
            .filter_map(|t| match *t {
                Target::Keyword { detector, offset, .. } if detector == DetectorIndex(d) => Some(offset),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_literal_stands_in_for_those_inside_it_and_those_starting_inside_it() {
        let lits = vec![
            (b"fecha de nac".to_vec(), vec![keyword(1, 12)]),
            (b"nacimiento".to_vec(), vec![keyword(2, 10)]),
            (b"de".to_vec(), vec![keyword(3, 2)]),
            (b"pass".to_vec(), vec![keyword(4, 4)]),
            (b"ssn".to_vec(), vec![keyword(5, 3)]),
        ];
        let targets = inherit_substrings(&lits);
        // `nacimiento` starts at the `nac` of `fecha de nac`: its window goes where it would start.
        assert_eq!(keyword_offsets(&targets[0], 2), [9]);
        assert_eq!(keyword_offsets(&targets[0], 3), [6], "contained: `de` at 6");
        // Overlaps shorter than three bytes do not count (`pass` / `ssn` share `ss`).
        assert!(keyword_offsets(&targets[3], 5).is_empty());
        // A literal starting where another starts is no partial overlap.
        assert!(keyword_offsets(&targets[1], 1).is_empty());
    }
}
