//! The digit gate: one multi-pattern regex over every digit-triggered detector, asked once per
//! digit run "which detectors match anywhere near here?" (`which_overlapping_matches`, one
//! forward lazy-DFA pass). Only those detectors get a window. Without it every run of 9+
//! digits cost one regex search per numeric detector, and cost grew with the rule count.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, PatternSet};

use crate::finding::DetectorIndex;

#[derive(Clone, Debug)]
pub struct DigitGate {
    regex: Regex,
    /// Detector of each pattern id.
    detectors: Vec<DetectorIndex>,
}

/// Per-thread state of the gate.
#[derive(Debug)]
pub struct GateScratch {
    cache: meta::Cache,
    set: PatternSet,
}

impl DigitGate {
    /// `None` when the combined regex cannot be built within the size limit; the engine then
    /// falls back to windows for every detector (correct, just slower).
    pub fn build(patterns: &[(DetectorIndex, &str)]) -> Option<DigitGate> {
        if patterns.is_empty() {
            return None;
        }
        let regex = Regex::builder()
            .configure(
                meta::Config::new()
                    .match_kind(regex_automata::MatchKind::All)
                    .nfa_size_limit(Some(32 << 20))
                    .hybrid_cache_capacity(8 << 20),
            )
            .syntax(syntax::Config::new())
            .build_many(&patterns.iter().map(|(_, p)| *p).collect::<Vec<_>>())
            .ok()?;
        Some(DigitGate { regex, detectors: patterns.iter().map(|(d, _)| *d).collect() })
    }

    pub fn scratch(&self) -> GateScratch {
        GateScratch { cache: self.regex.create_cache(), set: PatternSet::new(self.regex.pattern_len()) }
    }

    /// Calls `f` for every detector whose regex matches somewhere in `hay[start..end]`.
    pub fn matching(
        &self,
        scratch: &mut GateScratch,
        hay: &[u8],
        start: usize,
        end: usize,
        mut f: impl FnMut(DetectorIndex),
    ) {
        scratch.set.clear();
        let input = Input::new(hay).range(start..end);
        self.regex.which_overlapping_matches_with(&mut scratch.cache, &input, &mut scratch.set);
        for pid in scratch.set.iter() {
            if let Some(d) = self.detectors.get(pid.as_usize()) {
                f(*d);
            }
        }
    }
}
