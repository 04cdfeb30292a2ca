//! The Verhoeff check-digit scheme (J. Verhoeff, "Error Detecting Decimal Codes", 1969: the
//! dihedral group D5 multiplication table `d`, the permutation table `p` and the inverse table
//! `inv`), and India's Aadhaar number, which ends in a Verhoeff check digit (UIDAI, "Aadhaar
//! number: 12 digits, first digit 2-9, last digit Verhoeff").

use super::digits::Digits;

/// Multiplication table of the dihedral group D5.
const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Position permutation: row `i mod 8` for the digit `i` places from the right.
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Inverses in D5 (used to compute a check digit).
#[cfg(test)]
const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The running Verhoeff value over `digits` (ASCII), with `offset` added to each digit's
/// position from the right. `None` on a non-digit.
fn checksum(digits: &[u8], offset: usize) -> Option<u8> {
    digits.iter().rev().enumerate().try_fold(0u8, |c, (i, &b)| {
        if !b.is_ascii_digit() {
            return None;
        }
        let permuted = *P.get((i + offset) % 8)?.get(usize::from(b - b'0'))?;
        D.get(usize::from(c))?.get(usize::from(permuted)).copied()
    })
}

/// `digits` (ASCII digits only, at least two) ends in a correct Verhoeff check digit.
pub fn verhoeff_valid(digits: &[u8]) -> bool {
    digits.len() >= 2 && checksum(digits, 0) == Some(0)
}

/// Aadhaar: 12 digits, written plain or as 4-4-4 groups with one space or dash between groups,
/// first digit 2-9, Verhoeff-valid.
pub fn aadhaar_valid(value: &[u8]) -> bool {
    let Some(d) = Digits::grouped(value, &[4, 4, 4], b" -") else {
        return false;
    };
    matches!(d.as_bytes().first(), Some(b'2'..=b'9')) && verhoeff_valid(d.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check digit to append to `digits`.
    fn check_digit(digits: &[u8]) -> u8 {
        let c = checksum(digits, 1).unwrap();
        b'0' + INV[usize::from(c)]
    }

    #[test]
    fn published_verhoeff_vectors() {
        // Wikipedia "Verhoeff algorithm": 236 -> 3; python-stdnum: 1234 -> 0.
        assert_eq!(check_digit(b"236"), b'3');
        assert!(verhoeff_valid(b"2363"));
        assert_eq!(check_digit(b"1234"), b'0');
        assert!(verhoeff_valid(b"12340"));
        assert_eq!(check_digit(b"75872"), b'2');
        assert!(verhoeff_valid(b"758722"));
    }

    /// Row `i` of `P` is row 1 applied `i` times (Verhoeff's construction). Row 4 once read
    /// `…, 7, 6, 8, 0`, which rejected the 30% of valid numbers with a 6, 7 or 8 four places
    /// from the right; the short published vectors never reach row 4, this does.
    #[test]
    fn permutation_rows_are_powers_of_the_first() {
        for i in 2..8 {
            for j in 0..10 {
                assert_eq!(P[i][j], P[1][usize::from(P[i - 1][j])], "P[{i}][{j}]");
            }
        }
        // Check digits from an independent implementation (Python, the table derived as
        // above): 6, 7 and 8 at the fifth place from the right (row 4).
        for valid in [b"436850369130", b"436850379132", b"436850389131"] {
            assert!(aadhaar_valid(valid), "{}", std::str::from_utf8(valid).unwrap());
        }
    }

    #[test]
    fn verhoeff_catches_single_errors_and_transpositions() {
        assert!(!verhoeff_valid(b"2364"));
        assert!(!verhoeff_valid(b"3263"));
        assert!(!verhoeff_valid(b"12430"));
        assert!(!verhoeff_valid(b"2"));
        assert!(!verhoeff_valid(b""));
        assert!(!verhoeff_valid(b"23a3"));
        let base = *b"234123412346";
        for i in 0..base.len() - 1 {
            let mut t = base;
            t.swap(i, i + 1);
            if t != base {
                assert!(!verhoeff_valid(&t), "{}", std::str::from_utf8(&t).unwrap());
            }
        }
    }

    #[test]
    fn published_aadhaar() {
        // python-stdnum in.aadhaar documentation example.
        assert!(aadhaar_valid(b"234123412346"));
        assert!(aadhaar_valid(b"2341 2341 2346"));
        assert!(aadhaar_valid(b"2341-2341-2346"));
    }

    #[test]
    fn aadhaar_mutations_fail() {
        assert!(!aadhaar_valid(b"234123412347")); // check digit changed
        assert!(!aadhaar_valid(b"243123412346")); // transposition
        assert!(!aadhaar_valid(b"23412341234")); // wrong length
        assert!(!aadhaar_valid(b"2341234123460"));
        assert!(!aadhaar_valid(b"2341 2341-2346")); // mixed separators
        assert!(!aadhaar_valid(b"234 12341 2346")); // wrong grouping
        assert!(!aadhaar_valid(b""));
        assert!(!aadhaar_valid("２34123412346".as_bytes()));
    }

    #[test]
    fn aadhaar_first_digit() {
        // Verhoeff-valid 12-digit numbers starting 0 and 1 are still rejected.
        for first in [b'0', b'1'] {
            let mut v = *b"x2341234123y";
            v[0] = first;
            v[11] = check_digit(&v[..11]);
            assert!(verhoeff_valid(&v));
            assert!(!aadhaar_valid(&v));
        }
    }
}
