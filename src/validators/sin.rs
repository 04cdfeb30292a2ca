//! Canadian Social Insurance Numbers: nine digits, Luhn-valid (Employment and Social
//! Development Canada, "Social Insurance Number - Code of Practice"). A first digit of 0 is used
//! for fictitious numbers and 8 is not assigned, so both are rejected.
//!
//! Written plain or as 3-3-3 groups with one space or one dash between groups.

use super::digits::{luhn_valid, Digits};

pub fn valid(value: &[u8]) -> bool {
    let Some(d) = Digits::grouped(value, &[3, 3, 3], b" -") else {
        return false;
    };
    !matches!(d.as_bytes().first(), Some(b'0' | b'8')) && luhn_valid(d.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_numbers() {
        // python-stdnum ca.sin documentation example.
        assert!(valid(b"123-456-782"));
        assert!(valid(b"123 456 782"));
        assert!(valid(b"123456782"));
    }

    #[test]
    fn fictitious_example_is_luhn_valid_but_rejected() {
        // 046 454 286 is the SIN used as the worked example (Wikipedia, government samples). It
        // passes Luhn, but a leading 0 marks a fictitious number, so the SIN rule rejects it.
        assert!(luhn_valid(b"046 454 286"));
        assert!(!valid(b"046 454 286"));
        assert!(!valid(b"046454286"));
    }

    #[test]
    fn first_digit_eight() {
        // 800 000 002 passes Luhn.
        assert!(luhn_valid(b"800000002"));
        assert!(!valid(b"800000002"));
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"123-456-783")); // one digit changed
        assert!(!valid(b"123-465-782")); // transposition
        assert!(!valid(b"123-456-78")); // wrong length
        assert!(!valid(b"123-456-7820"));
        assert!(!valid(b"123-456 782")); // mixed separators
        assert!(!valid(b"1234-56-782")); // wrong grouping
        assert!(!valid(b"123.456.782"));
        assert!(!valid(b""));
        assert!(!valid(b"\xff\xfe\xfd"));
    }
}
