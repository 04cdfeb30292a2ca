//! Spanish personal tax numbers: the DNI-based NIF (8 digits + check letter) and the NIE for
//! foreigners (X, Y or Z standing for 0, 1, 2, then 7 digits + check letter). The check letter is
//! `TRWAGMYFPDXBNJZSQVHLCKE`[number mod 23] (Real Decreto 1553/2005, Orden INT/2058/2008;
//! Ministerio del Interior, "Cálculo del dígito de control del NIF/NIE").
//!
//! Letters are accepted in either case; a single dash or space may precede the check letter,
//! and follow an NIE's X/Y/Z (`X-1234567-L`, as Spanish forms print it).

const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

pub fn valid(value: &[u8]) -> bool {
    // Number, optional separator, check letter.
    let (number, letter) = match value {
        [number @ .., b'-' | b' ', letter] | [number @ .., letter] => (number, *letter),
        [] => return false,
    };
    // 8 digits, or X/Y/Z (an NIE's letter may be followed by one separator) and 7 digits.
    let (first, digits) = match number {
        [first @ (b'X' | b'Y' | b'Z' | b'x' | b'y' | b'z'), b'-' | b' ', digits @ ..] => (*first, digits),
        [first, digits @ ..] => (*first, digits),
        [] => return false,
    };
    if digits.len() != 7 {
        return false;
    }
    let lead = match first.to_ascii_uppercase() {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        b @ b'0'..=b'9' => u32::from(b - b'0'),
        _ => return false,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = digits.iter().fold(lead, |acc, &b| acc * 10 + u32::from(b - b'0'));
    LETTERS.get((n % 23) as usize) == Some(&letter.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples() {
        // The usual documentation samples for DNI and NIE.
        assert!(valid(b"12345678Z"));
        assert!(valid(b"X1234567L"));
        // Computed with the published table: 23 mod 23 = 0 -> T; Y -> 1, Z -> 2 prefixes.
        assert!(valid(b"00000023T"));
        assert!(valid(b"Y1234567X"));
        assert!(valid(b"Z1234567R"));
    }

    #[test]
    fn separators_and_case() {
        assert!(valid(b"12345678-Z"));
        assert!(valid(b"12345678 Z"));
        assert!(valid(b"12345678z"));
        assert!(valid(b"x1234567l"));
        assert!(valid(b"X1234567-L"));
        assert!(!valid(b"12345678--Z"));
        assert!(!valid(b"12345678.Z"));
        assert!(!valid(b"1234-5678Z"));
        assert!(valid(b"X-1234567L"));
        assert!(valid(b"X-1234567-L"));
        assert!(valid(b"y 1234567 x"));
        assert!(!valid(b"X--1234567L"));
        assert!(!valid(b"1-2345678Z"));
        assert!(!valid(b"X-1234567-M"));
        assert!(!valid(b" 12345678Z"));
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"12345678A")); // wrong letter
        assert!(!valid(b"12345679Z")); // one digit changed
        assert!(!valid(b"12345687Z")); // transposition
        assert!(!valid(b"1234567Z")); // wrong length
        assert!(!valid(b"123456789Z"));
        assert!(!valid(b"X12345678L"));
        assert!(!valid(b"W1234567L")); // not an NIE letter
        assert!(!valid("X1234567Ñ".as_bytes()));
        assert!(!valid(b"123456781")); // check must be a letter
        assert!(!valid(b""));
        assert!(!valid(b"Z"));
        assert!(!valid(b"\xff\xfe"));
    }
}
