//! Italian codice fiscale for natural persons (Decreto ministeriale 23 dicembre 1976; Agenzia
//! delle Entrate): 6 letters (surname, name), 2 year digits, a month letter from `ABCDEHLMPRST`,
//! 2 day digits (01-31, or 41-71 for women), a place code (letter + 3 digits), and a check
//! letter computed with the official odd/even conversion tables, sum mod 26.
//!
//! Omocodia: when two people would share a code, digits (from the rightmost) are replaced by
//! `LMNPQRSTUV` standing for 0-9; those letters are accepted in every digit position and the
//! check letter is computed over the characters as written. Uppercase only.

/// Value of a character in an odd position (1st, 3rd, ... 15th): digits 0-9 map like A-J.
const ODD: [u8; 26] =
    [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/// Omocodia letters, standing for the digits 0-9.
const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";

const MONTHS: &[u8] = b"ABCDEHLMPRST";

/// 0-25 for `A`-`Z` and 0-9 for `0`-`9` (the even-position value); `None` for anything else.
fn even_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'Z' => Some(b - b'A'),
        _ => None,
    }
}

/// A digit or an omocodia letter, as its digit value.
fn digit_value(b: u8) -> Option<u32> {
    if b.is_ascii_digit() {
        return Some(u32::from(b - b'0'));
    }
    OMOCODIA.iter().position(|&o| o == b).map(|i| i as u32)
}

pub fn valid(value: &[u8]) -> bool {
    let Ok(cf) = <&[u8; 16]>::try_from(value) else {
        return false;
    };
    let [s1, s2, s3, n1, n2, n3, y1, y2, month, d1, d2, place, p1, p2, p3, check] = *cf;
    let letters_ok = [s1, s2, s3, n1, n2, n3, place].iter().all(u8::is_ascii_uppercase);
    let digits_ok = [y1, y2, p1, p2, p3].iter().all(|&b| digit_value(b).is_some());
    let day = match (digit_value(d1), digit_value(d2)) {
        (Some(a), Some(b)) => a * 10 + b,
        _ => return false,
    };
    let day_ok = matches!(day, 1..=31 | 41..=71);
    if !(letters_ok && digits_ok && day_ok && MONTHS.contains(&month) && check.is_ascii_uppercase()) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in cf.iter().take(15).enumerate() {
        let Some(v) = even_value(b) else {
            return false;
        };
        let v = if i % 2 == 0 { ODD.get(usize::from(v)).copied().unwrap_or(0) } else { v };
        sum += u32::from(v);
    }
    u32::from(check - b'A') == sum % 26
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes() {
        // Agenzia delle Entrate / Wikipedia examples ("Mario Rossi", "Matteo Moretti").
        assert!(valid(b"RSSMRA85T10A562S"));
        assert!(valid(b"MRTMTT25D09F205Z"));
        assert!(valid(b"BNZVCN32S10E573Z"));
    }

    #[test]
    fn omocodia() {
        // RSSMRA85T10A562S with the last place digit 2 replaced by N; check letter recomputed.
        assert!(valid(b"RSSMRA85T10A56NH"));
        assert!(!valid(b"RSSMRA85T10A56NS"));
        // Every digit replaced (computed): 85 -> UR, 10 -> ML, 562 -> RSN.
        assert!(valid(b"RSSMRAURTMLARSNL"));
        // An omocodia letter outside the digit positions' alphabet (A) is not a digit.
        assert!(!valid(b"RSSMRAURTMLARSAL"));
    }

    #[test]
    fn field_rules() {
        // Days are 01-31 (men) or 41-71 (women): 35, 00 and 72 are impossible. F is no month.
        assert!(!valid(b"RSSMRA85T35A562S"));
        assert!(!valid(b"RSSMRA85F10A562S"));
        assert!(!valid(b"RSSMRA85T00A562S"));
        assert!(!valid(b"RSSMRA85T72A562S"));
        assert!(!valid(b"RSS1RA85T10A562S")); // digit in the name
        assert!(!valid(b"RSSMRA85T105562S")); // digit as place letter
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"RSSMRA85T10A562T")); // wrong check letter
        assert!(!valid(b"RSSMRA86T10A562S")); // one digit changed
        assert!(!valid(b"RSSMRA58T10A562S")); // transposition
        assert!(!valid(b"RSSMRA85T10A562")); // wrong length
        assert!(!valid(b"RSSMRA85T10A562SS"));
        assert!(!valid(b"rssmra85t10a562s")); // lowercase
        assert!(!valid(b"RSS MRA 85T10 A562S"));
        assert!(!valid(b""));
        assert!(!valid("RSSMRA85T10A562É".as_bytes()));
    }
}
