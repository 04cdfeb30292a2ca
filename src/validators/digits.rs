//! Digit extraction shared by the numeric validators, and plain Luhn (mod 10).
//!
//! [`Digits`] copies the ASCII digits of a matched value into a stack buffer, skipping the
//! separators people write inside numbers. The Luhn check itself is the `luhn` crate (house
//! rule); the algorithm is ISO/IEC 7812-1 annex B.

use std::fmt;

/// Separators [`Digits::of`] skips: space, dash, dot, slash, parentheses and plus.
pub const SEPARATORS: &[u8] = b" -./()+";

/// Longest input [`Digits::of`] looks at: 32 digits with generous room for separators.
/// Anything longer is rejected before the bytes are walked.
const MAX_INPUT: usize = 128;

/// The ASCII digits of a value, separators skipped, in a fixed stack buffer of 32 bytes.
///
/// `Debug` prints the length only, so a `Digits` can never leak the number into a log.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Digits {
    buf: [u8; 32],
    len: usize,
}

impl Digits {
    /// Most digits a [`Digits`] holds.
    pub const CAPACITY: usize = 32;

    /// The digits of `value`, skipping the separators in [`SEPARATORS`] wherever they are.
    ///
    /// `None` when `value` is longer than 128 bytes, holds more than 32 digits, or holds a byte
    /// that is neither an ASCII digit nor one of those separators (letters, other punctuation,
    /// non-ASCII or invalid UTF-8). A value with no digits gives an empty `Digits`; callers check
    /// the length they need.
    pub fn of(value: &[u8]) -> Option<Digits> {
        if value.len() > MAX_INPUT {
            return None;
        }
        let mut out = Digits { buf: [0; 32], len: 0 };
        for &b in value {
            if b.is_ascii_digit() {
                out.push(b)?;
            } else if !SEPARATORS.contains(&b) {
                return None;
            }
        }
        Some(out)
    }

    /// Exactly `groups` runs of digits, either written together with no separator at all, or
    /// with exactly one separator byte from `seps` between consecutive groups, the same byte
    /// throughout. `grouped(v, &[3, 2, 4], b"- ")` accepts `123456789`, `123-45-6789` and
    /// `123 45 6789`, and rejects `123-45 6789`, `12-345-6789` and ` 123456789`.
    /// With an empty `seps` (or a single group) only the plain form is accepted.
    pub(crate) fn grouped(value: &[u8], groups: &[usize], seps: &[u8]) -> Option<Digits> {
        let total: usize = groups.iter().sum();
        if total > Self::CAPACITY {
            return None;
        }
        let mut out = Digits { buf: [0; 32], len: 0 };
        if value.len() == total {
            for &b in value {
                if !b.is_ascii_digit() {
                    return None;
                }
                out.push(b)?;
            }
            return Some(out);
        }
        if value.len() != total + groups.len().saturating_sub(1) {
            return None;
        }
        let sep = *value.get(*groups.first()?)?;
        if !seps.contains(&sep) {
            return None;
        }
        let mut rest = value;
        for (i, &g) in groups.iter().enumerate() {
            if i > 0 {
                let (&first, tail) = rest.split_first()?;
                if first != sep {
                    return None;
                }
                rest = tail;
            }
            let (group, tail) = rest.split_at_checked(g)?;
            for &b in group {
                if !b.is_ascii_digit() {
                    return None;
                }
                out.push(b)?;
            }
            rest = tail;
        }
        rest.is_empty().then_some(out)
    }

    /// Exactly `len` digits in groups of any size joined by single spaces, or by a comma and a
    /// space where the speaker paused, as speech-to-text writes a number read out
    /// (`7 7 6 5 5 8 4 6 3`, `2370 22 1 10`, `4 2 2, 2 6, 2 9 3 2`).
    pub(crate) fn spoken(value: &[u8], len: usize) -> Option<Digits> {
        if value.len() > MAX_INPUT {
            return None;
        }
        let mut out = Digits { buf: [0; 32], len: 0 };
        let mut groups = value.split(|&b| b == b' ');
        let last = groups.next_back()?;
        for group in groups {
            let group = group.strip_suffix(b",").unwrap_or(group);
            if group.is_empty() || !group.iter().all(u8::is_ascii_digit) {
                return None;
            }
            group.iter().try_for_each(|&b| out.push(b))?;
        }
        if last.is_empty() || !last.iter().all(u8::is_ascii_digit) {
            return None;
        }
        last.iter().try_for_each(|&b| out.push(b))?;
        (out.len() == len).then_some(out)
    }

    /// Digit runs separated by single separator bytes from `seps`, one kind of separator
    /// throughout, none leading, trailing or doubled (`4111 1111 1111 1111`, `3782-822463-10005`).
    /// At most 32 digits.
    pub(crate) fn separated(value: &[u8], seps: &[u8]) -> Option<Digits> {
        if value.len() > MAX_INPUT {
            return None;
        }
        let mut out = Digits { buf: [0; 32], len: 0 };
        let mut sep: Option<u8> = None;
        let mut prev_digit = false;
        for &b in value {
            if b.is_ascii_digit() {
                out.push(b)?;
                prev_digit = true;
            } else if seps.contains(&b) && prev_digit && sep.unwrap_or(b) == b {
                sep = Some(b);
                prev_digit = false;
            } else {
                return None;
            }
        }
        prev_digit.then_some(out)
    }

    fn push(&mut self, digit: u8) -> Option<()> {
        let slot = self.buf.get_mut(self.len)?;
        *slot = digit;
        self.len += 1;
        Some(())
    }

    /// The digits as ASCII bytes (`b'0'..=b'9'`).
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// The digits as a `&str` (always ASCII digits, so this never fails in practice).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// How many digits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No digits at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The numeric value (0-9) of the digit at `i`; 0 when `i` is out of range.
    pub fn value_at(&self, i: usize) -> u32 {
        self.as_bytes().get(i).map_or(0, |&b| u32::from(b.wrapping_sub(b'0')))
    }

    /// The digits `range` read as one decimal number (at most 9 digits, so it fits a `u32`);
    /// `None` when the range is out of bounds or longer than 9.
    pub(crate) fn number(&self, range: std::ops::Range<usize>) -> Option<u32> {
        let slice = self.as_bytes().get(range)?;
        if slice.len() > 9 {
            return None;
        }
        Some(slice.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0'))))
    }

    /// Every digit is the same one (`0000000000`, `4444 4444 4444 4444`); false when empty.
    pub fn all_same(&self) -> bool {
        match self.as_bytes().split_first() {
            Some((first, rest)) => rest.iter().all(|b| b == first),
            None => false,
        }
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digits").field("len", &self.len).finish_non_exhaustive()
    }
}

/// Plain Luhn over the digits of `value` (separators from [`SEPARATORS`] skipped): at least two
/// digits, at most 32, and the `luhn` crate's check passes.
pub fn luhn_valid(value: &[u8]) -> bool {
    match Digits::of(value) {
        Some(d) if d.len() >= 2 => luhn_digits(&d),
        _ => false,
    }
}

/// Luhn over digits already extracted.
pub(crate) fn luhn_digits(d: &Digits) -> bool {
    match std::str::from_utf8(d.as_bytes()) {
        Ok(s) if !s.is_empty() => luhn::valid(s),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_skips_separators() {
        let d = Digits::of(b"4111-1111 1111.1111").unwrap();
        assert_eq!(d.as_bytes(), b"4111111111111111");
        assert_eq!(d.len(), 16);
        assert_eq!(d.value_at(0), 4);
        assert_eq!(d.value_at(1), 1);
        assert_eq!(d.value_at(99), 0);
        assert_eq!(Digits::of(b"+1 (212) 555/0100").unwrap().as_str(), "12125550100");
        assert!(Digits::of(b"").unwrap().is_empty());
        assert!(Digits::of(b" - ").unwrap().is_empty());
    }

    #[test]
    fn of_rejects_other_bytes_and_overflow() {
        assert!(Digits::of(b"4111a1111").is_none());
        assert!(Digits::of(b"4111_1111").is_none());
        assert!(Digits::of("٣٤".as_bytes()).is_none());
        assert!(Digits::of(b"\xff\xfe12").is_none());
        assert!(Digits::of(&[b'1'; 32]).is_some());
        assert!(Digits::of(&[b'1'; 33]).is_none());
        assert!(Digits::of(&[b' '; 129]).is_none());
    }

    #[test]
    fn debug_does_not_print_digits() {
        let d = Digits::of(b"4111111111111111").unwrap();
        let shown = format!("{d:?}");
        assert!(!shown.contains("4111"), "{shown}");
        assert!(shown.contains("16"));
    }

    #[test]
    fn grouped_forms() {
        let g = |v: &[u8]| Digits::grouped(v, &[3, 2, 4], b"- ").map(|d| d.as_str().to_owned());
        assert_eq!(g(b"123456789").as_deref(), Some("123456789"));
        assert_eq!(g(b"123-45-6789").as_deref(), Some("123456789"));
        assert_eq!(g(b"123 45 6789").as_deref(), Some("123456789"));
        assert_eq!(g(b"123-45 6789"), None);
        assert_eq!(g(b"12-345-6789"), None);
        assert_eq!(g(b"123.45.6789"), None);
        assert_eq!(g(b"123--456789"), None);
        assert_eq!(g(b"12345678"), None);
        assert_eq!(g(b"1234567890"), None);
        assert_eq!(g(b""), None);
        assert!(Digits::grouped(b"12 34", &[4], b" ").is_none());
        assert!(Digits::grouped(b"1234", &[], b" ").is_none());
    }

    #[test]
    fn separated_forms() {
        let s = |v: &[u8]| Digits::separated(v, b" -").map(|d| d.len());
        assert_eq!(s(b"4111 1111 1111 1111"), Some(16));
        assert_eq!(s(b"3782-822463-10005"), Some(15));
        assert_eq!(s(b"4111111111111111"), Some(16));
        assert_eq!(s(b"4111 1111-1111 1111"), None);
        assert_eq!(s(b"4111  1111"), None);
        assert_eq!(s(b" 4111"), None);
        assert_eq!(s(b"4111 "), None);
        assert_eq!(s(b""), None);
    }

    #[test]
    fn number_and_all_same() {
        let d = Digits::of(b"078-05-1120").unwrap();
        assert_eq!(d.number(0..3), Some(78));
        assert_eq!(d.number(5..9), Some(1120));
        assert_eq!(d.number(5..10), None);
        assert!(Digits::of(b"111 111 111").unwrap().all_same());
        assert!(!d.all_same());
        assert!(!Digits::of(b"").unwrap().all_same());
    }

    #[test]
    fn luhn_published_vectors() {
        // Wikipedia "Luhn algorithm" example, card test numbers, the Canadian SIN example.
        assert!(luhn_valid(b"79927398713"));
        assert!(luhn_valid(b"4111 1111 1111 1111"));
        assert!(luhn_valid(b"046 454 286"));
        assert!(!luhn_valid(b"79927398710"));
        assert!(!luhn_valid(b"79927398731")); // transposition
        assert!(!luhn_valid(b"4111 1111 1111 1112"));
    }

    #[test]
    fn luhn_rejects_degenerate_input() {
        assert!(!luhn_valid(b""));
        assert!(!luhn_valid(b"0"));
        assert!(!luhn_valid(b" - "));
        assert!(!luhn_valid(b"banana"));
        assert!(!luhn_valid(b"\xff\xfe"));
        assert!(!luhn_valid(&[b'0'; 33]));
    }
}
