//! Confirmation: a detector's regex inside one candidate window, then the checks that turn a
//! regex match into a finding (boundaries, already-redacted values, allow-list, validator,
//! context, score). Each check says why it rejected, so `explain` reports the same decisions
//! the scan makes.

use regex_automata::Input;

use super::explain::{Explanation, Outcome};
use super::scratch::{Scratch, Window};
use super::Scanner;
use crate::finding::{DetectorIndex, Finding};
use crate::packs::{Detector, DetectorKind, Trigger};
use crate::redact::is_token;

/// Why a regex match did not become a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reject {
    /// The value touches a letter or digit, or sits inside a longer number.
    Boundary,
    /// The value is already masked, labelled or tokenised.
    AlreadyRedacted,
    AllowListed,
    ValidatorFailed,
    ContextMissing,
    /// An exclusion word of the detector stands near the value.
    Excluded,
    BelowMinScore,
    /// A dictionary term matched with the wrong case or inside a word.
    NotWholeTerm,
}

impl Reject {
    pub fn as_str(self) -> &'static str {
        match self {
            Reject::Boundary => "inside a longer token",
            Reject::AlreadyRedacted => "already redacted",
            Reject::AllowListed => "allow-listed",
            Reject::ValidatorFailed => "validator failed",
            Reject::ContextMissing => "required context word missing",
            Reject::Excluded => "exclusion word nearby",
            Reject::BelowMinScore => "score below minimum",
            Reject::NotWholeTerm => "not a whole-word / case match",
        }
    }
}

/// Runs the detector's regex over every match inside `window`.
pub(super) fn search_window(
    scanner: &Scanner,
    scratch: &mut Scratch,
    hay: &[u8],
    window: Window,
    mut trace: Option<&mut Vec<Explanation>>,
) {
    let detector = scanner.detector(window.detector);
    let DetectorKind::Regex(r) = &detector.kind else { return };
    let end = window.end.min(hay.len());
    // A digit-triggered detector that requires context reports nothing in a window with no
    // context word near it: skip its regex there. (`explain` still searches, to show the
    // rejected candidates.) Most numbers in tickets have no NHS/Aadhaar/SSN word nearby.
    if trace.is_none()
        && detector.context.required
        && is_digit_triggered(detector)
        && !scanner.inner.contexts[window.detector.0 as usize].word_near_range(
            hay,
            window.start.min(end),
            end,
        )
    {
        return;
    }
    let mut input = Input::new(hay).range(window.start.min(end)..end);
    loop {
        let Some((cache, caps)) = scratch.regex_state(scanner, window.detector) else { return };
        let (m_start, m_end, value) = if r.value_group {
            r.regex.search_captures_with(cache, &input, caps);
            let Some(m) = caps.get_match() else { break };
            let v = caps.get_group_by_name("value").map_or(m.range(), |s| s.range());
            (m.start(), m.end(), v)
        } else {
            let Some(m) = r.regex.search_with(cache, &input) else { break };
            (m.start(), m.end(), m.range())
        };
        if !value.is_empty() {
            let verdict = decide(scanner, window.detector, hay, value.start, value.end);
            record(scratch, trace.as_deref_mut(), window.detector, value.start, value.end, verdict);
        }
        // Step past the match; an empty match must still advance (by one byte, then to a
        // character boundary, as `Input::set_start` requires no particular alignment).
        let next = if m_end > m_start { m_end } else { m_end + 1 };
        if next > end {
            break;
        }
        input.set_start(next);
    }
}

/// A dictionary term hit at `start..end`.
#[allow(clippy::too_many_arguments)]
pub(super) fn dictionary_hit(
    scanner: &Scanner,
    scratch: &mut Scratch,
    hay: &[u8],
    index: DetectorIndex,
    term: u32,
    start: usize,
    end: usize,
    trace: Option<&mut Vec<Explanation>>,
) {
    let detector = scanner.detector(index);
    let DetectorKind::Dictionary(dict) = &detector.kind else { return };
    let exact = dict.terms.get(term as usize).is_some_and(|t| hay.get(start..end) == Some(t.as_bytes()));
    let whole = !dict.whole_word || super::context::is_whole_word(hay, start, end);
    let verdict = if (dict.case_insensitive || exact) && whole {
        decide(scanner, index, hay, start, end)
    } else {
        Err(Reject::NotWholeTerm)
    };
    record(scratch, trace, index, start, end, verdict);
}

fn record(
    scratch: &mut Scratch,
    trace: Option<&mut Vec<Explanation>>,
    detector: DetectorIndex,
    start: usize,
    end: usize,
    verdict: Result<Finding, Reject>,
) {
    if let Ok(f) = verdict {
        scratch.candidates.push(f);
    }
    if let Some(t) = trace {
        let outcome = match verdict {
            Ok(f) => Outcome::Reported { score: f.score, validated: f.validated, context: f.context },
            Err(r) => Outcome::Rejected(r),
        };
        t.push(Explanation { detector, start, end, outcome, context_word: None, lost_to: None });
    }
}

/// The checks that turn a regex match at `start..end` into a finding.
pub(super) fn decide(
    scanner: &Scanner,
    index: DetectorIndex,
    hay: &[u8],
    start: usize,
    end: usize,
) -> Result<Finding, Reject> {
    let d = scanner.detector(index);
    let value = hay.get(start..end).ok_or(Reject::Boundary)?;
    if !on_char_boundary(hay, start) || !on_char_boundary(hay, end) {
        return Err(Reject::Boundary);
    }
    if is_digit_triggered(d) && inside_longer_number(hay, start, end) {
        return Err(Reject::Boundary);
    }
    if looks_redacted(value) {
        return Err(Reject::AlreadyRedacted);
    }
    if is_allow_listed(d, value) {
        return Err(Reject::AllowListed);
    }
    let validated = match d.validator {
        Some(v) if !v.validate(value) => return Err(Reject::ValidatorFailed),
        Some(_) => true,
        None => false,
    };
    let hit = scanner.inner.contexts[index.0 as usize].check(hay, start, end);
    if hit.excluded.is_some() {
        return Err(Reject::Excluded);
    }
    let context = hit.word.is_some();
    if d.context.required && !context {
        return Err(Reject::ContextMissing);
    }
    let score = if context { (d.score + d.context.boost).min(1.0) } else { d.score };
    if score < scanner.inner.options.min_score {
        return Err(Reject::BelowMinScore);
    }
    Ok(Finding { detector: index, start, end, score, validated, context })
}

fn is_digit_triggered(d: &Detector) -> bool {
    matches!(&d.kind, DetectorKind::Regex(r) if matches!(r.trigger, Trigger::Digits { .. }))
}

fn on_char_boundary(hay: &[u8], i: usize) -> bool {
    // A UTF-8 continuation byte (10xxxxxx) never starts a character.
    hay.get(i).is_none_or(|&b| (b as i8) >= -0x40)
}

/// True when the bytes next to `start..end` continue it as a longer number or word:
/// a letter or digit, or a `-`, `.` or `/` that itself touches a digit. A comma does not join:
/// CSV rows put unrelated numbers side by side (`a,4111111111111111,12/29`).
fn inside_longer_number(hay: &[u8], start: usize, end: usize) -> bool {
    let joins = |b: u8| matches!(b, b'-' | b'.' | b'/');
    let digit_at = |i: Option<usize>| i.and_then(|i| hay.get(i)).is_some_and(u8::is_ascii_digit);
    let before = start.checked_sub(1).and_then(|i| hay.get(i)).copied();
    let after = hay.get(end).copied();
    let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    alnum(before)
        || alnum(after)
        || (before.is_some_and(joins) && digit_at(start.checked_sub(2)))
        || (after.is_some_and(joins) && digit_at(Some(end + 1)))
}

/// An already-masked value (`****`, `XXX-XX-1234`, `**** **** **** 4242`: at least three mask
/// characters and at most four other letters/digits), a `[LABEL]` or a casegate token.
fn looks_redacted(value: &[u8]) -> bool {
    if is_token(value) {
        return true;
    }
    if value.len() > 2 && value.first() == Some(&b'[') && value.last() == Some(&b']') {
        let inner = &value[1..value.len() - 1];
        if inner.iter().all(|b| b.is_ascii_uppercase() || *b == b'_' || *b == b' ') {
            return true;
        }
    }
    if value.is_ascii() {
        // The same count without UTF-8 decoding: for ASCII, `char::is_alphanumeric` is
        // `is_ascii_alphanumeric` and the non-ASCII mask characters cannot occur.
        let masks = value.iter().filter(|b| matches!(b, b'*' | b'X' | b'x' | b'#')).count();
        let others = value.iter().filter(|b| b.is_ascii_alphanumeric() && !matches!(b, b'X' | b'x')).count();
        return masks >= 3 && others <= 4;
    }
    let Ok(s) = std::str::from_utf8(value) else { return false };
    let masks = s.chars().filter(|c| matches!(c, '*' | 'X' | 'x' | '#' | '•' | '●')).count();
    let others = s.chars().filter(|c| c.is_alphanumeric() && !matches!(c, 'X' | 'x')).count();
    masks >= 3 && others <= 4
}

fn is_allow_listed(d: &Detector, value: &[u8]) -> bool {
    if !d.allow.values.is_empty() {
        let norm = crate::packs::normalize_value(value);
        if d.allow.values.contains(&norm) {
            return true;
        }
    }
    d.allow.patterns.iter().any(|p| p.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_numbers_and_words_are_boundaries() {
        let hay = b"x 4111111111111111 y";
        assert!(!inside_longer_number(hay, 2, 18));
        assert!(inside_longer_number(b"12-4111111111111111", 3, 19));
        assert!(inside_longer_number(b"4111111111111111.5", 0, 16));
        assert!(!inside_longer_number(b"card 4111111111111111.", 5, 21));
        assert!(inside_longer_number(b"ab4111", 2, 6));
    }

    #[test]
    fn redacted_values() {
        for v in ["**** **** **** 4242", "XXX-XX-XXXX", "[CREDIT_CARD]", "tok_bcdfghjklm", "•••"] {
            assert!(looks_redacted(v.as_bytes()), "{v}");
        }
        for v in ["4242 4242", "XX-12345678", "[a]", "tok_123", "0x1234"] {
            assert!(!looks_redacted(v.as_bytes()), "{v}");
        }
    }
}
