//! The result types every layer shares: a [`Finding`] is a small `Copy` value that names a
//! detector by index and a UTF-8 byte span. It never holds the matched bytes, so a finding can
//! be logged, counted or sent to an audit sink without leaking the value it points at.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Index of a detector inside one compiled [`crate::Scanner`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DetectorIndex(pub u32);

/// One reported span.
///
/// `start..end` are byte offsets into the scanned input and always fall on UTF-8 character
/// boundaries of that input. The `Debug` output contains offsets and flags only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finding {
    pub detector: DetectorIndex,
    pub start: usize,
    pub end: usize,
    /// Confidence in `0.0..=1.0` after validation and context.
    pub score: f32,
    /// A checksum or structural validator confirmed the value.
    pub validated: bool,
    /// A context word of the detector was found near the value.
    pub context: bool,
}

impl Finding {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn overlaps(&self, other: &Finding) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Adds to `base` the findings of `extra` (what a table header makes findings): one that
/// overlaps nothing is added; one that overlaps only findings made without any context word
/// replaces them when it was validated with its header as context (a column `nhs_number` says
/// what `416-357-6290` is better than its shape as a phone number does); otherwise `base`
/// keeps its own. Both sorted by start and without overlaps; `base` stays so. Linear: one
/// walk over both.
pub fn merge_disjoint(base: &mut Vec<Finding>, extra: &[Finding]) {
    if extra.is_empty() {
        return;
    }
    let mut out: Vec<Finding> = Vec::with_capacity(base.len() + extra.len());
    let mut rest = base.drain(..).peekable();
    let mut clashing: Vec<Finding> = Vec::new();
    for f in extra {
        while let Some(b) = rest.next_if(|b| b.end <= f.start) {
            out.push(b);
        }
        if out.last().is_some_and(|l| l.overlaps(f)) {
            continue;
        }
        clashing.clear();
        while let Some(b) = rest.next_if(|b| b.overlaps(f)) {
            clashing.push(b);
        }
        let wins = clashing.is_empty() || (f.context && f.validated && clashing.iter().all(|b| !b.context));
        if wins {
            out.push(*f);
        } else {
            out.append(&mut clashing);
        }
    }
    out.extend(rest);
    *base = out;
}

/// Removes from `base` every finding wholly inside one of `cells`: the data cells of a table
/// that were read under their column header, whose header reading (merged next with
/// [`merge_disjoint`]) decides what they hold. An `agent_version` column holds versions, not
/// IP addresses; the first cell under `name;payout_iban;birth_date` is no birth date for
/// sitting right after that header line. Both sorted by start. Linear.
pub fn drop_inside_cells(base: &mut Vec<Finding>, cells: &[(usize, usize)]) {
    if cells.is_empty() {
        return;
    }
    let mut i = 0;
    base.retain(|f| {
        while cells.get(i).is_some_and(|&(_, end)| end <= f.start) {
            i += 1;
        }
        !cells[i..].iter().take_while(|&&(start, _)| start <= f.start).any(|&(_, end)| f.end <= end)
    });
}

/// What kind of data a detector finds; policy acts per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Pci,
    Phi,
    Pii,
    Secret,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Pci, Category::Phi, Category::Pii, Category::Secret];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Pci => "pci",
            Category::Phi => "phi",
            Category::Pii => "pii",
            Category::Secret => "secret",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Category {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownName::new("category", s, "pci, phi, pii, secret"))
    }
}

/// How bad a leak of the value would be. Ordered: `Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownName::new("severity", s, "low, medium, high, critical"))
    }
}

/// A name that is not one of a closed set (category, severity, validator, operator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{name}' (expected one of: {expected})")]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
    pub expected: &'static str,
}

impl UnknownName {
    pub fn new(kind: &'static str, name: &str, expected: &'static str) -> Self {
        UnknownName { kind, name: name.to_string(), expected }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start: usize, end: usize) -> Finding {
        Finding { detector: DetectorIndex(0), start, end, score: 1.0, validated: true, context: false }
    }

    #[test]
    fn findings_wholly_inside_a_decided_cell_go() {
        let cells = [(10, 20), (30, 40)];
        let mut base = vec![f(0, 5), f(10, 20), f(22, 25), f(31, 35), f(38, 45), f(50, 60)];
        drop_inside_cells(&mut base, &cells);
        let left: Vec<(usize, usize)> = base.iter().map(|f| (f.start, f.end)).collect();
        // Outside every cell, or reaching out of one (38..45), they stay.
        assert_eq!(left, [(0, 5), (22, 25), (38, 45), (50, 60)]);
        let mut untouched = vec![f(12, 14)];
        drop_inside_cells(&mut untouched, &[]);
        assert_eq!(untouched.len(), 1);
    }

    #[test]
    fn a_header_context_finding_replaces_a_contextless_reading_of_the_same_value() {
        let with_header = Finding { detector: DetectorIndex(1), context: true, ..f(10, 22) };
        let mut base = vec![f(0, 5), f(10, 22), Finding { context: true, ..f(30, 40) }];
        merge_disjoint(
            &mut base,
            &[with_header, Finding { detector: DetectorIndex(1), context: true, ..f(30, 40) }],
        );
        let got: Vec<(u32, usize, bool)> = base.iter().map(|x| (x.detector.0, x.start, x.context)).collect();
        assert_eq!(got, [(0, 0, false), (1, 10, true), (0, 30, true)]);
    }

    #[test]
    fn merge_disjoint_keeps_base_and_adds_only_free_spans() {
        let mut base = vec![f(0, 5), f(10, 15), f(30, 40)];
        merge_disjoint(&mut base, &[f(3, 8), f(6, 9), f(8, 10), f(16, 20), f(19, 25), f(35, 36), f(41, 50)]);
        let spans: Vec<(usize, usize)> = base.iter().map(|x| (x.start, x.end)).collect();
        assert_eq!(spans, [(0, 5), (6, 9), (10, 15), (16, 20), (30, 40), (41, 50)]);
    }
}
