//! Redaction: rewrite the input with each finding's span replaced, in one pass.
//!
//! Findings must be sorted by start and must not overlap (what [`crate::Scanner`] returns);
//! an overlapping finding is skipped rather than corrupting the output. Bytes outside findings
//! are copied unchanged (never lossy-decoded), so offsets of the untouched text and its
//! encoding are preserved; replacements are valid UTF-8, so valid UTF-8 input stays valid.

mod guard;
mod operator;
mod token;

pub use guard::{apply_guarded, guard, Choice};
pub use operator::Redaction;
pub use token::{is_token, TokenKey};

use std::ops::Range;

use crate::finding::Finding;

/// Rewrites `input` with every finding replaced as `op(finding)` says.
///
/// `op` returns the operator and the entity name (used by labels and tokens). This is the
/// bare rewrite: [`apply_guarded`] also makes sure that characters kept by `keep_first` /
/// `keep_last` do not form a new finding with their neighbours.
pub fn apply<'a>(
    input: &[u8],
    findings: &[Finding],
    key: &TokenKey,
    mut op: impl FnMut(&Finding) -> (Redaction, &'a str),
) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut cursor = 0;
    for f in findings {
        if f.start < cursor || f.end > input.len() || f.start > f.end {
            continue;
        }
        out.extend_from_slice(&input[cursor..f.start]);
        let (redaction, entity) = op(f);
        replace(&mut out, &input[f.start..f.end], redaction, entity, key);
        cursor = f.end;
    }
    out.extend_from_slice(&input[cursor..]);
    out
}

/// Appends the replacement of `value` to `out`.
pub fn replace(out: &mut Vec<u8>, value: &[u8], redaction: Redaction, entity: &str, key: &TokenKey) {
    match redaction {
        Redaction::Mask(c) => mask(out, value, c, 0, 0),
        Redaction::KeepFirst(n) => mask(out, value, '*', n as usize, 0),
        Redaction::KeepLast(n) => mask(out, value, '*', 0, n as usize),
        Redaction::Label => {
            out.push(b'[');
            out.extend_from_slice(entity.as_bytes());
            out.push(b']');
        }
        Redaction::Token => out.extend_from_slice(key.token(entity, value).as_bytes()),
        Redaction::Remove => {}
    }
}

/// `keep_last:N` without a key (no operator here needs one): what `replace` writes for
/// [`Redaction::KeepLast`].
pub fn mask_keeping_last(out: &mut Vec<u8>, value: &[u8], n: usize) {
    mask(out, value, '*', 0, n);
}

/// Masks letters and digits of `value`, keeping the first `keep_first` and last `keep_last` of
/// them and all punctuation and spaces (`&nbsp;` included, whole). Invalid UTF-8 bytes are
/// masked one mask character per byte.
fn mask(out: &mut Vec<u8>, value: &[u8], c: char, keep_first: usize, keep_last: usize) {
    if value.is_ascii() && c.is_ascii() {
        return mask_ascii(out, value, c as u8, keep_first, keep_last);
    }
    mask_chars(out, value, c, keep_first, keep_last);
}

/// [`mask`] one character at a time.
fn mask_chars(out: &mut Vec<u8>, value: &[u8], c: char, keep_first: usize, keep_last: usize) {
    let mut buf = [0u8; 4];
    let mask_bytes = c.encode_utf8(&mut buf).as_bytes().to_vec();
    for (u, keep) in plan(value, keep_first, keep_last) {
        if keep {
            out.extend_from_slice(u.bytes);
        } else {
            out.extend_from_slice(&mask_bytes);
        }
    }
}

/// Each unit of `value` with whether [`mask`] keeps it: letters and digits are masked but the
/// first `keep_first` and last `keep_last` (at most half of them each, whatever N says, so
/// the whole value is never revealed); other valid characters are kept.
fn plan(value: &[u8], keep_first: usize, keep_last: usize) -> impl Iterator<Item = (Unit<'_>, bool)> {
    let total = units(value).filter(|u| u.alnum).count();
    let keep_first = keep_first.min(total / 2);
    let keep_last = keep_last.min(total / 2);
    let mut seen = 0;
    units(value).map(move |u| {
        let keep = if u.alnum {
            seen += 1;
            seen <= keep_first || seen > total - keep_last
        } else {
            u.valid
        };
        (u, keep)
    })
}

/// For the operators that rewrite a value character by character (`mask`, `keep_first`,
/// `keep_last`): the byte range of each unit of `value` (a character, an invalid byte, or a
/// wide space such as `&nbsp;`) and whether the operator keeps it; a unit not kept becomes
/// one mask character. `None` for the operators that replace the value whole. For callers
/// that write a value's replacement into several places (a value split by HTML tags).
pub fn kept_units(value: &[u8], op: Redaction) -> Option<Vec<(Range<usize>, bool)>> {
    let (keep_first, keep_last) = match op {
        Redaction::Mask(_) => (0, 0),
        Redaction::KeepFirst(n) => (n as usize, 0),
        Redaction::KeepLast(n) => (0, n as usize),
        Redaction::Label | Redaction::Token | Redaction::Remove => return None,
    };
    let mut at = 0;
    let units = plan(value, keep_first, keep_last).map(|(u, keep)| {
        let range = at..at + u.bytes.len();
        at = range.end;
        (range, keep)
    });
    Some(units.collect())
}

/// The same rule for ASCII values, without per-character decoding (the common case).
fn mask_ascii(out: &mut Vec<u8>, value: &[u8], c: u8, keep_first: usize, keep_last: usize) {
    if memchr::memchr(b'&', value).is_some() {
        // Maybe `&nbsp;` between groups: its letters are a space, not part of the value.
        return mask_chars(out, value, c as char, keep_first, keep_last);
    }
    let total = value.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    let keep_first = keep_first.min(total / 2);
    let keep_last = keep_last.min(total / 2);
    let mut seen = 0;
    out.extend(value.iter().map(|&b| {
        if !b.is_ascii_alphanumeric() {
            return b;
        }
        seen += 1;
        if seen <= keep_first || seen > total - keep_last {
            b
        } else {
            c
        }
    }));
}

struct Unit<'a> {
    bytes: &'a [u8],
    alnum: bool,
    valid: bool,
}

/// Splits bytes into characters; each invalid byte is its own (non-valid) unit, and an
/// `&nbsp;` entity is one (a space).
fn units(mut value: &[u8]) -> impl Iterator<Item = Unit<'_>> {
    std::iter::from_fn(move || {
        let first = *value.first()?;
        let space = crate::engine::spaces::wide_space_len(value);
        if space > 0 {
            let (bytes, rest) = value.split_at(space);
            value = rest;
            return Some(Unit { bytes, alnum: false, valid: true });
        }
        let width = match first {
            0x00..=0x7F => 1,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        let ch = value.get(..width).and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.chars().next());
        let (len, unit) = match ch {
            Some(c) => (width, Unit { bytes: &value[..width], alnum: c.is_alphanumeric(), valid: true }),
            None => (1, Unit { bytes: &value[..1], alnum: false, valid: false }),
        };
        value = &value[len..];
        Some(unit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::DetectorIndex;

    fn finding(start: usize, end: usize) -> Finding {
        Finding { detector: DetectorIndex(0), start, end, score: 1.0, validated: true, context: false }
    }

    fn run(input: &str, spans: &[(usize, usize)], r: Redaction) -> String {
        let fs: Vec<_> = spans.iter().map(|&(s, e)| finding(s, e)).collect();
        let out = apply(input.as_bytes(), &fs, &TokenKey::new(b"k".to_vec()), |_| (r, "CREDIT_CARD"));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keep_last_keeps_separators_and_last_digits() {
        let s = "card 4111 1111 1111 1234 ok";
        assert_eq!(run(s, &[(5, 24)], Redaction::KeepLast(4)), "card **** **** **** 1234 ok");
        assert_eq!(run(s, &[(5, 24)], Redaction::KeepFirst(6)), "card 4111 11** **** **** ok");
    }

    #[test]
    fn keep_never_reveals_more_than_half() {
        assert_eq!(run("123456", &[(0, 6)], Redaction::KeepLast(10)), "***456");
    }

    #[test]
    fn label_token_remove_and_mask() {
        assert_eq!(run("x 4111 y", &[(2, 6)], Redaction::Label), "x [CREDIT_CARD] y");
        assert_eq!(run("x 4111 y", &[(2, 6)], Redaction::Remove), "x  y");
        assert_eq!(run("é4111é", &[(2, 6)], Redaction::Mask('#')), "é####é");
        let t = run("x 4111 y", &[(2, 6)], Redaction::Token);
        assert!(is_token(&t.as_bytes()[2..16]), "{t}");
    }

    #[test]
    fn multibyte_values_stay_valid_utf8() {
        let s = "name: Jürgen Ø";
        let out = run(s, &[(6, s.len())], Redaction::Mask('•'));
        assert_eq!(out, "name: •••••• •");
    }

    #[test]
    fn wide_spaces_are_kept_like_separators() {
        let s = "4111\u{00A0}1111\u{00A0}1111\u{00A0}1234";
        assert_eq!(
            run(s, &[(0, s.len())], Redaction::KeepLast(4)),
            "****\u{00A0}****\u{00A0}****\u{00A0}1234"
        );
        let s = "4111&nbsp;1111&NBSP;1111&#160;1234";
        assert_eq!(run(s, &[(0, s.len())], Redaction::KeepLast(4)), "****&nbsp;****&NBSP;****&#160;1234");
        assert_eq!(run("a&b", &[(0, 3)], Redaction::Mask('*')), "*&*");
    }

    #[test]
    fn overlapping_and_out_of_range_findings_are_skipped() {
        assert_eq!(run("abcdef", &[(0, 3), (2, 5), (4, 99)], Redaction::Label), "[CREDIT_CARD]def");
    }

    #[test]
    fn invalid_utf8_inside_a_span_is_masked_per_byte() {
        let fs = [finding(0, 3)];
        let out = apply(b"a\xffb", &fs, &TokenKey::new(b"k".to_vec()), |_| (Redaction::Mask('*'), "X"));
        assert_eq!(out, b"***");
    }
}
