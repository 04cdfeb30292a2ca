//! UK NHS numbers: ten digits, the last a modulus-11 check digit over the first nine with
//! weights 10 down to 2 (NHS Data Dictionary, "NHS NUMBER"): check = 11 - (sum mod 11), where 11
//! becomes 0 and 10 means the number is invalid.
//!
//! Written plain or as 3-3-4 groups with one space or one dash between groups
//! (`943 476 5919`, `943-476-5919`). All-same-digit numbers are rejected as placeholders.

use super::digits::Digits;

pub fn valid(value: &[u8]) -> bool {
    let Some(d) = Digits::grouped(value, &[3, 3, 4], b" -") else {
        return false;
    };
    if d.all_same() {
        return false;
    }
    let sum: u32 = (0..9).map(|i| d.value_at(i) * (10 - i as u32)).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d.value_at(9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_numbers() {
        // NHS Data Dictionary / NHS Digital examples.
        assert!(valid(b"943 476 5919"));
        assert!(valid(b"9434765919"));
        assert!(valid(b"943-476-5919"));
        assert!(valid(b"401 023 2137"));
    }

    #[test]
    fn check_digit_special_cases() {
        // Remainder 0 -> check 11 -> 0.
        assert!(valid(b"9434765870"));
        // 123456789x: sum = 10+18+24+28+30+30+28+24+18 = 210, 210 mod 11 = 1, check 10: invalid.
        for last in b'0'..=b'9' {
            let mut v = *b"1234567890";
            v[9] = last;
            assert!(!valid(&v));
        }
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"9434765918")); // one digit changed
        assert!(!valid(b"9434765991")); // transposition
        assert!(!valid(b"943476591")); // wrong length
        assert!(!valid(b"94347659190"));
        assert!(!valid(b"943 476-5919")); // mixed separators
        assert!(!valid(b"9434 765 919")); // wrong grouping
        assert!(!valid(b"943  476 5919"));
        assert!(!valid(b"943.476.5919"));
        assert!(!valid(b""));
        assert!(!valid(b"\xff\xfe"));
    }

    #[test]
    fn all_same_rejected() {
        // 0000000000 and 1111111111 pass the modulus-11 check.
        assert!(!valid(b"0000000000"));
        assert!(!valid(b"1111111111"));
    }
}
