//! Confirmation: a detector's regex inside one candidate window, then the checks that turn a
//! regex match into a finding (boundaries, already-redacted values, allow-list, validator,
//! context, score). Each check says why it rejected, so `explain` reports the same decisions
//! the scan makes.

use regex_automata::{Anchored, Input};

use super::explain::{Explanation, Outcome};
use super::runs;
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
            if match_allow_listed(detector, hay, m_start, m_end) {
                let verdict = Err(Reject::AllowListed);
                record(scratch, trace.as_deref_mut(), window.detector, value.start, value.end, verdict);
            } else {
                let (start, end) = (value.start, value.end);
                confirm_value(scanner, scratch, hay, window.detector, start, end, trace.as_deref_mut());
            }
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

/// Turns the regex match `start..end` of `index` into a candidate (or a recorded rejection).
/// A value of a detector whose validator splits digit runs is judged with the grouped run
/// around it (see `runs`): when more digit groups are joined to it, or it fails its validator,
/// the run's split into valid values is reported instead, or nothing when there is none.
fn confirm_value(
    scanner: &Scanner,
    scratch: &mut Scratch,
    hay: &[u8],
    index: DetectorIndex,
    start: usize,
    end: usize,
    trace: Option<&mut Vec<Explanation>>,
) {
    let d = scanner.detector(index);
    if let Some(v) = d.validator.filter(|v| v.splits_digit_runs() && is_digit_triggered(d)) {
        if let Some(run) = runs::around(hay, start, end) {
            if run != (start, end) || !hay.get(start..end).is_some_and(|value| v.validate(value)) {
                split_run(scanner, scratch, hay, index, run, (start, end), trace);
                return;
            }
        }
    }
    let mut verdict = decide(scanner, index, hay, start, end);
    if matches!(verdict, Err(Reject::ValidatorFailed)) {
        let prefix = d.validator.zip(hay.get(start..end)).and_then(|(v, value)| v.fixed_length_prefix(value));
        if let Some(len) = prefix {
            let shorter = decide(scanner, index, hay, start, start + len);
            if shorter.is_ok() {
                verdict = shorter;
            }
        }
    }
    if matches!(verdict, Err(Reject::Excluded)) && d.validator.is_some() {
        // A checksum-valid value the text calls something else (`order 4111 …`, `the sample
        // IBAN … (NL91 ABNA 0417 1643 00)`) still holds its span: no reading of a piece of
        // it (`0417 1643 00` as a phone) is reported (see `Scratch::drop_vetoes`).
        scratch.vetoes.push(Finding {
            detector: index,
            start,
            end,
            score: d.score,
            validated: true,
            context: false,
        });
    }
    let end = verdict.as_ref().map_or(end, |f| f.end);
    record(scratch, trace, index, start, end, verdict);
}

/// Reports the pieces of the grouped `run` around the value `value` of `index`, each under the
/// detector (of the same validator) whose regex matches the whole piece, or rejects the value
/// when the run does not split into valid values. A run already split for this detector (the
/// next value of the same run) is skipped.
fn split_run(
    scanner: &Scanner,
    scratch: &mut Scratch,
    hay: &[u8],
    index: DetectorIndex,
    run: (usize, usize),
    value: (usize, usize),
    mut trace: Option<&mut Vec<Explanation>>,
) {
    if scratch.last_run == Some((index, run)) {
        return;
    }
    scratch.last_run = Some((index, run));
    let Some(validator) = scanner.detector(index).validator else { return };
    let mut split = std::mem::take(&mut scratch.split);
    if !runs::split(hay, run, |p| validator.validate(p), &mut split) {
        // The value is the whole run: say why it failed on its own (usually its checksum).
        let verdict =
            if run == value { decide(scanner, index, hay, value.0, value.1) } else { Err(Reject::Boundary) };
        record(scratch, trace, index, value.0, value.1, verdict);
    } else {
        for &(start, end) in &split.pieces {
            match attribute(scanner, scratch, hay, index, start, end) {
                Some(d) => {
                    let verdict = decide_within(scanner, d, hay, start, end, run);
                    record(scratch, trace.as_deref_mut(), d, start, end, verdict);
                }
                None => record(scratch, trace.as_deref_mut(), index, start, end, Err(Reject::Boundary)),
            }
        }
    }
    scratch.split = split;
}

/// The detector whose regex matches exactly `hay[start..end]` on its own: `prefer` if it does,
/// else the first active digit detector with the same validator.
fn attribute(
    scanner: &Scanner,
    scratch: &mut Scratch,
    hay: &[u8],
    prefer: DetectorIndex,
    start: usize,
    end: usize,
) -> Option<DetectorIndex> {
    let piece = hay.get(start..end)?;
    let validator = scanner.detector(prefer).validator;
    std::iter::once(prefer)
        .chain(scanner.inner.run_detectors.iter().copied().filter(|&d| d != prefer))
        .filter(|&d| scanner.detector(d).validator == validator)
        .find(|&d| matches_whole(scanner, scratch, d, piece))
}

/// Whether the detector's regex, run on `piece` alone, matches it whole (its value group, if
/// it has one, spanning all of it).
fn matches_whole(scanner: &Scanner, scratch: &mut Scratch, index: DetectorIndex, piece: &[u8]) -> bool {
    let DetectorKind::Regex(r) = &scanner.detector(index).kind else { return false };
    let Some((cache, caps)) = scratch.regex_state(scanner, index) else { return false };
    let input = Input::new(piece).anchored(Anchored::Yes);
    let whole = 0..piece.len();
    if r.value_group {
        r.regex.search_captures_with(cache, &input, caps);
        caps.get_group_by_name("value").is_some_and(|s| s.range() == whole)
    } else {
        r.regex.search_with(cache, &input).is_some_and(|m| m.range() == whole)
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
    decide_within(scanner, index, hay, start, end, (start, end))
}

/// [`decide`] for a value that is one piece of the grouped digit run `run`: the longer-number
/// check applies to the run's ends, not to the joins between its pieces.
fn decide_within(
    scanner: &Scanner,
    index: DetectorIndex,
    hay: &[u8],
    start: usize,
    end: usize,
    run: (usize, usize),
) -> Result<Finding, Reject> {
    let d = scanner.detector(index);
    let value = hay.get(start..end).ok_or(Reject::Boundary)?;
    if !on_char_boundary(hay, start) || !on_char_boundary(hay, end) {
        return Err(Reject::Boundary);
    }
    if is_digit_triggered(d) {
        let slash_suffix = hay.get(run.1) == Some(&b'/')
            && d.validator.is_some_and(|v| {
                v.allows_slash_suffix() || (v.allows_expiry_suffix() && runs::expiry_follows(hay, run.1 + 1))
            });
        if joined_before(hay, run.0) || (!slash_suffix && joined_after(hay, run.1)) {
            return Err(Reject::Boundary);
        }
    }
    if looks_redacted(value) || masked_before(hay, start) {
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
    let score = if context { boosted(d.score, d.context.boost) } else { d.score };
    if score < scanner.inner.options.min_score {
        return Err(Reject::BelowMinScore);
    }
    Ok(Finding { detector: index, start, end, score, validated, context })
}

/// `score + boost`, capped at 1, rounded to thousandths: in `f32`, `0.6 + 0.1` is `0.70000005`,
/// which would outrank a detector scored `0.7` and break the tie that the longer span should
/// win (overlap resolution compares scores exactly).
fn boosted(score: f32, boost: f32) -> f32 {
    ((score + boost).min(1.0) * 1000.0).round() / 1000.0
}

fn is_digit_triggered(d: &Detector) -> bool {
    matches!(&d.kind, DetectorKind::Regex(r) if matches!(r.trigger, Trigger::Digits { .. }))
}

fn on_char_boundary(hay: &[u8], i: usize) -> bool {
    // A UTF-8 continuation byte (10xxxxxx) never starts a character.
    hay.get(i).is_none_or(|&b| (b as i8) >= -0x40)
}

/// True when the bytes before `start` continue a value as a longer number or word: a letter
/// or digit, or a `-`, `.` or `/` that itself touches a digit. A comma does not join: CSV rows
/// put unrelated numbers side by side (`a,4111111111111111,12/29`).
fn joined_before(hay: &[u8], start: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| hay.get(i)).copied();
    is_word_byte(before) || (before.is_some_and(joins) && digit_at(hay, start.checked_sub(2)))
}

/// [`joined_before`] for the bytes after `end`.
/// A short letter-and-digit suffix after a dash joins too: `903-321-5582-Y8` is a part number,
/// not a phone (but `4111…1111-jane@corp.com` is a card and an e-mail).
fn joined_after(hay: &[u8], end: usize) -> bool {
    let after = hay.get(end).copied();
    is_word_byte(after) || (after.is_some_and(joins) && digit_at(hay, Some(end + 1))) || code_suffix(hay, end)
}

/// `-` and 2-4 letters and digits (both kinds) ending the token at `at`: a revision or variant
/// suffix (`-Y8`, `-R6A`).
fn code_suffix(hay: &[u8], at: usize) -> bool {
    if hay.get(at) != Some(&b'-') {
        return false;
    }
    let Some(rest) = hay.get(at + 1..) else { return false };
    let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let suffix = &rest[..len];
    (2..=4).contains(&len)
        && suffix.iter().any(u8::is_ascii_digit)
        && suffix.iter().any(u8::is_ascii_alphabetic)
        && !matches!(rest.get(len), Some(b'@' | b'_' | b'-'))
}

fn joins(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'/')
}

fn digit_at(hay: &[u8], i: Option<usize>) -> bool {
    i.and_then(|i| hay.get(i)).is_some_and(u8::is_ascii_digit)
}

fn is_word_byte(b: Option<u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
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

/// Whether the value starting at `start` is the visible tail of a value masked in the middle:
/// mask characters (`*`, `•`, `●`) right before it that themselves follow a letter or digit
/// (`k*****a@comcast.net` is no address `a@comcast.net`). Mask characters after a space or at
/// the start are markup (`**4111 …**` is Markdown bold).
fn masked_before(hay: &[u8], start: usize) -> bool {
    let mut i = start;
    let mut masks = 0;
    loop {
        let before = hay.get(..i).unwrap_or_default();
        let width = if before.ends_with(b"*") {
            1
        } else if before.ends_with("•".as_bytes()) || before.ends_with("●".as_bytes()) {
            3
        } else {
            break;
        };
        i -= width;
        masks += 1;
    }
    masks >= 2 && i.checked_sub(1).and_then(|j| hay.get(j)).is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether the whole regex match `hay[start..end]` is allow-listed (`allow.matches`).
fn match_allow_listed(d: &Detector, hay: &[u8], start: usize, end: usize) -> bool {
    !d.allow.matches.is_empty()
        && hay.get(start..end).is_some_and(|m| d.allow.matches.iter().any(|p| p.is_match(m)))
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

    fn inside_longer_number(hay: &[u8], start: usize, end: usize) -> bool {
        joined_before(hay, start) || joined_after(hay, end)
    }

    #[test]
    fn longer_numbers_and_words_are_boundaries() {
        let hay = b"x 4111111111111111 y";
        assert!(!inside_longer_number(hay, 2, 18));
        assert!(inside_longer_number(b"12-4111111111111111", 3, 19));
        assert!(inside_longer_number(b"4111111111111111.5", 0, 16));
        assert!(!inside_longer_number(b"card 4111111111111111.", 5, 21));
        assert!(inside_longer_number(b"ab4111", 2, 6));
        assert!(inside_longer_number(b"903-321-5582-Y8", 0, 12));
        assert!(!inside_longer_number(b"903-321-5582- next", 0, 12));
        assert!(!inside_longer_number(b"4111111111111111-jane@corp.com", 0, 16));
        assert!(!inside_longer_number(b"903-321-5582-ext", 0, 12));
    }

    #[test]
    fn expiry_after_a_card() {
        for s in ["/12-27", "/01/2027", "/10-30 next", "/06/31.", "/11-25\n"] {
            assert!(runs::expiry_follows(s.as_bytes(), 1), "{s}");
        }
        for s in ["/13-27", "/1-27", "/12-2", "/12-273", "/12-27x", "/12-27-1", "/12.27", "/1234", "/"] {
            assert!(!runs::expiry_follows(s.as_bytes(), 1), "{s}");
        }
    }

    #[test]
    fn boosted_scores_tie_with_equal_plain_scores() {
        assert_eq!(boosted(0.6, 0.1), 0.7);
        assert_eq!(boosted(0.85, 0.1), 0.95);
        assert_eq!(boosted(0.95, 0.1), 1.0);
    }

    #[test]
    fn tails_of_values_masked_in_the_middle() {
        let tail = |s: &str, v: &str| masked_before(s.as_bytes(), s.find(v).unwrap());
        assert!(tail("on file: k*****a@comcast.net /", "a@comcast.net"));
        assert!(tail("d••••n@icloud.com", "n@icloud.com"));
        // Markdown bold, a lone asterisk, or nothing visible before the mask: a real value.
        assert!(!tail("card **4111 1111 1111 1111**", "4111"));
        assert!(!tail("see footnote*a@corp.com", "a@corp.com"));
        assert!(!tail("*****a@corp.com", "a@corp.com"));
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
