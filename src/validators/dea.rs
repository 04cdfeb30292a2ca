//! US DEA registration numbers: two letters and seven digits with the DEA check digit
//! (21 CFR 1301; DEA Diversion Control "Registration number" format): the first letter is the
//! registrant type, the second the first letter of the registrant's surname (or 9 for
//! business names), and the last digit is `(d1+d3+d5 + 2*(d2+d4+d6)) mod 10`.
//!
//! Letters must be uppercase; one space or dash may separate them from the seven digits.

/// Registrant type letters in use (A/B/F/G practitioners, M mid-level, P/R/S/T/U distributors,
/// manufacturers and the rest, X Suboxone/DATA waiver).
const TYPES: &[u8] = b"ABCDEFGHJKLMPRSTUX";

pub fn valid(value: &[u8]) -> bool {
    let [kind, name, digits @ ..] = value else {
        return false;
    };
    // One space or dash may stand between the letters and the digits (`AT 3154995`).
    let digits = match digits {
        [b' ' | b'-', rest @ ..] => rest,
        _ => digits,
    };
    if !TYPES.contains(kind) || !(name.is_ascii_uppercase() || *name == b'9') {
        return false;
    }
    let [d1, d2, d3, d4, d5, d6, d7] = *digits else {
        return false;
    };
    let ds = [d1, d2, d3, d4, d5, d6, d7];
    if !ds.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let [d1, d2, d3, d4, d5, d6, d7] = ds.map(|b| u32::from(b - b'0'));
    (d1 + d3 + d5 + 2 * (d2 + d4 + d6)) % 10 == d7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples() {
        // AB1234563 is the worked example in DEA check-digit descriptions:
        // 1+3+5 = 9, 2*(2+4+6) = 24, 33 -> 3.
        assert!(valid(b"AB1234563"));
        assert!(valid(b"BJ6125341")); // 6+2+3 = 11, 2*(1+5+4) = 20, 31 -> 1
        assert!(valid(b"M91234563")); // business-name registrant uses 9
        assert!(valid(b"AB 1234563") && valid(b"AB-1234563")); // as typed in forms
        assert!(valid(b"XB1234563"));
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"AB1234564")); // check digit changed
        assert!(!valid(b"AB1234653")); // transposition
        assert!(!valid(b"AB2134563")); // transposition across weights
        assert!(!valid(b"AB123456")); // wrong length
        assert!(!valid(b"AB12345633"));
        assert!(!valid(b"IB1234563")); // I is not a registrant type
        assert!(!valid(b"NB1234563"));
        assert!(!valid(b"A11234563")); // second char a digit other than 9
        assert!(!valid(b"ab1234563")); // lowercase
        assert!(!valid(b"AB  1234563")); // two separators
        assert!(!valid(b"AB-1234564")); // separated, check digit changed
        assert!(!valid(b"AB1-234563")); // a separator inside the digits
        assert!(!valid(b"AB_1234563"));
        assert!(!valid(b""));
        assert!(!valid(b"A"));
        assert!(!valid("AÉ1234563".as_bytes()));
    }
}
