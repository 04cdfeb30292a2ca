//! ABA routing transit numbers (US): nine digits, a Federal Reserve routing symbol prefix, and
//! the 3-7-1 weighted check (ABA / Accuity "Key to Routing Numbers"; Federal Reserve routing
//! symbol rules).
//!
//! Prefixes: 00 (US government), 01-12 (Federal Reserve districts), 21-32 (thrift institutions),
//! 61-72 (electronic transactions), 80 (traveler's cheques). The nine digits are written
//! together, or grouped 3-3-3 or 4-4-1 (as printed on cheques) with one space or dash.

use super::digits::Digits;

/// Nine digits, a valid prefix, `3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9)` divisible by 10,
/// and not all zeros.
pub fn valid(value: &[u8]) -> bool {
    // Plain, or grouped 3-3-3 (as typed) or 4-4-1 (as printed on cheques).
    let grouped = |groups: &[usize]| Digits::grouped(value, groups, b" -");
    let Some(d) = grouped(&[9]).or_else(|| grouped(&[3, 3, 3])).or_else(|| grouped(&[4, 4, 1])) else {
        return false;
    };
    let Some(prefix) = d.number(0..2) else {
        return false;
    };
    let prefix_ok = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    let sum: u32 = (0..9).map(|i| d.value_at(i) * [3, 7, 1][i % 3]).sum();
    prefix_ok && sum % 10 == 0 && !d.as_bytes().iter().all(|&b| b == b'0')
}

/// A routing number as speech-to-text writes a spoken one: nine digits in groups of any size
/// joined by single spaces (`2 7 2 2 6 6 6 8 5`, `2370 22 1 10`), then the rules of [`valid`].
pub fn spoken_valid(value: &[u8]) -> bool {
    Digits::spoken(value, 9).is_some_and(|d| valid(d.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_routing_numbers_any_grouping() {
        for v in ["0 2 1 0 0 0 0 2 1", "021 0 000 21", "1210 00 2 48", "0 2 1, 0 0 0, 0 2 1"] {
            assert!(spoken_valid(v.as_bytes()), "{v}");
        }
        // Check digit wrong, eight digits, or dashes (not how a transcript writes pauses).
        for v in [
            "0 2 1 0 0 0 0 2 2",
            "0 2 1 0 0 0 0 2",
            "021-000-021",
            "021,000,021",
            "021  000 021",
            "021 000 021,",
        ] {
            assert!(!spoken_valid(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn published_routing_numbers() {
        // JPMorgan Chase NY, Federal Reserve Bank of Boston, Wells Fargo CA, Bank of America CA,
        // US Treasury, Citibank NY.
        for rtn in ["021000021", "011000015", "121000248", "121000358", "000000518", "021000089"] {
            assert!(valid(rtn.as_bytes()), "{rtn}");
        }
    }

    #[test]
    fn prefix_ranges() {
        // Checksum-valid numbers with prefixes outside the Federal Reserve ranges.
        assert!(!valid(b"130000006")); // 13
        assert!(!valid(b"200000004")); // 20
        assert!(!valid(b"330000000")); // 33
        assert!(!valid(b"900000003")); // 90
        assert!(valid(b"800000006")); // 80
    }

    #[test]
    fn grouped_forms() {
        assert!(valid(b"021 000 021") && valid(b"021-000-021")); // 3-3-3 as typed
        assert!(valid(b"0210-0002-1") && valid(b"0210 0002 1")); // 4-4-1 as on cheques
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"021000022")); // one digit changed
        assert!(!valid(b"012000021")); // transposition
        assert!(!valid(b"02100002")); // wrong length
        assert!(!valid(b"0210000210"));
        assert!(!valid(b"021-000 021")); // mixed separators
        assert!(!valid(b"0210-00021")); // not a known grouping
        assert!(!valid(b"021 000 022")); // grouped, one digit changed
        assert!(!valid(b"000000000")); // all zeros passes the sum
        assert!(!valid(b""));
        assert!(!valid("０21000021".as_bytes()));
    }
}
