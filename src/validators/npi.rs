//! US National Provider Identifier: ten digits starting 1 or 2 whose last digit is the Luhn check
//! digit of the first nine prefixed with 80840, the health-industry card issuer prefix (CMS NPI
//! check-digit specification; Luhn per ISO/IEC 7812-1).

use super::digits::Digits;

/// Ten digits, plain or grouped 4-3-3 with spaces or dashes (`1245 319 599`, as people group
/// them when reading one out), first digit 1 or 2, and `80840` + the ten digits passing Luhn
/// (via the `luhn` crate).
pub fn valid(value: &[u8]) -> bool {
    let Some(d) = Digits::grouped(value, &[4, 3, 3], b" -") else {
        return false;
    };
    if !matches!(d.as_bytes().first(), Some(b'1' | b'2')) {
        return false;
    }
    let mut buf = *b"808400000000000";
    for (slot, &b) in buf.iter_mut().skip(5).zip(d.as_bytes()) {
        *slot = b;
    }
    std::str::from_utf8(&buf).is_ok_and(luhn::valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_npis() {
        // CMS check-digit paper example, and the NPPES sample number.
        assert!(valid(b"1234567893"));
        assert!(valid(b"1245319599"));
    }

    #[test]
    fn grouped_four_three_three() {
        assert!(valid(b"1245 319 599"));
        assert!(valid(b"1245-319-599"));
        assert!(!valid(b"1245-319 599")); // mixed separators
        assert!(!valid(b"124 531 9599")); // another grouping
        assert!(!valid(b"1245 319 598")); // check digit
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"1245319598")); // one digit changed
        assert!(!valid(b"1234567894"));
        assert!(!valid(b"1425319599")); // transposition
        assert!(!valid(b"124531959")); // wrong length
        assert!(!valid(b"12453195990"));
        assert!(!valid(b"3245319599")); // first digit must be 1 or 2
        assert!(!valid(b"124-531-9599")); // separators
        assert!(!valid(b""));
        assert!(!valid(b"12453195\xff9"));
    }

    #[test]
    fn first_digit_rule_is_not_just_luhn() {
        // For each leading digit, exactly one final digit makes "80840" + number Luhn-valid;
        // only leading 1 and 2 may be accepted.
        for first in b'0'..=b'9' {
            let accepted = (b'0'..=b'9')
                .filter(|&last| {
                    let mut v = *b"x23456789x";
                    v[0] = first;
                    v[9] = last;
                    valid(&v)
                })
                .count();
            assert_eq!(accepted, usize::from(first == b'1' || first == b'2'), "{}", first as char);
        }
    }
}
