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

/// Each literal's own targets plus those of every other literal found inside it.
fn inherit_substrings(lits: &[(Vec<u8>, Vec<Target>)]) -> Vec<Vec<Target>> {
    let mut out = Vec::with_capacity(lits.len());
    for (key, own) in lits {
        let mut targets = own.clone();
        for (other, theirs) in lits {
            if other.len() >= key.len() {
                continue;
            }
            for at in memchr::memmem::find_iter(key, other) {
                targets.extend(theirs.iter().map(|t| shifted(*t, at as u32)));
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
