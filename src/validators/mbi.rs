//! US Medicare Beneficiary Identifier (CMS, "Understanding the Medicare Beneficiary Identifier
//! (MBI) Format", 2017): 11 characters; position 1 is 1-9, positions 2, 5, 8 and 9 are letters,
//! 3 and 6 letters or digits, 4, 7, 10 and 11 digits. The letters S, L, O, I, B and Z are never
//! used. MBIs carry no check digit.
//!
//! Uppercase only. Written plain or, as CMS prints it, 4-3-4 with dashes (`1EG4-TE5-MK73`).

/// What each of the 11 positions holds.
#[derive(Clone, Copy)]
enum Slot {
    NonZero,
    Alpha,
    AlphaNum,
    Numeric,
}

const LAYOUT: [Slot; 11] = [
    Slot::NonZero,
    Slot::Alpha,
    Slot::AlphaNum,
    Slot::Numeric,
    Slot::Alpha,
    Slot::AlphaNum,
    Slot::Numeric,
    Slot::Alpha,
    Slot::Alpha,
    Slot::Numeric,
    Slot::Numeric,
];

fn mbi_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && !b"SLOIBZ".contains(&b)
}

pub fn valid(value: &[u8]) -> bool {
    let mut chars = [0u8; 11];
    match value.len() {
        11 => {
            for (slot, &byte) in chars.iter_mut().zip(value) {
                *slot = byte;
            }
        }
        13 => {
            // 4-3-4 with dashes.
            let (Some(a), Some(b), Some(c)) = (value.get(..4), value.get(5..8), value.get(9..)) else {
                return false;
            };
            if value.get(4) != Some(&b'-') || value.get(8) != Some(&b'-') {
                return false;
            }
            for (slot, &byte) in chars.iter_mut().zip(a.iter().chain(b).chain(c)) {
                *slot = byte;
            }
        }
        _ => return false,
    }
    chars.iter().zip(LAYOUT).all(|(&b, slot)| match slot {
        Slot::NonZero => (b'1'..=b'9').contains(&b),
        Slot::Alpha => mbi_letter(b),
        Slot::AlphaNum => b.is_ascii_digit() || mbi_letter(b),
        Slot::Numeric => b.is_ascii_digit(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example() {
        // The example MBI in CMS's format specification.
        assert!(valid(b"1EG4-TE5-MK73"));
        assert!(valid(b"1EG4TE5MK73"));
        assert!(valid(b"9AA0AA0AA00"));
        assert!(valid(b"1A11A11AA11"));
    }

    #[test]
    fn position_rules() {
        assert!(!valid(b"0EG4TE5MK73")); // position 1 is 1-9
        assert!(!valid(b"11G4TE5MK73")); // position 2 letter
        assert!(!valid(b"1EGATE5MK73")); // position 4 digit
        assert!(!valid(b"1EG4TE5M173")); // position 9 letter
        assert!(!valid(b"1EG4TE5MKA3")); // position 10 digit
        for banned in [b'S', b'L', b'O', b'I', b'B', b'Z'] {
            let mut v = *b"1EG4TE5MK73";
            v[1] = banned;
            assert!(!valid(&v), "{}", banned as char);
            let mut v = *b"1EG4TE5MK73";
            v[2] = banned;
            assert!(!valid(&v), "{}", banned as char);
        }
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"1EG4-TE5-MK7")); // wrong length
        assert!(!valid(b"1EG4-TE5-MK733"));
        assert!(!valid(b"1EG4TE5MK7"));
        assert!(!valid(b"1EG-4TE5-MK73")); // dashes in the wrong places
        assert!(!valid(b"1EG4 TE5 MK73")); // spaces
        assert!(!valid(b"1EG4-TE5MK73"));
        assert!(!valid(b"1eg4-te5-mk73")); // lowercase
        assert!(!valid(b""));
        assert!(!valid("1ÉG4TE5MK73".as_bytes()));
    }
}
