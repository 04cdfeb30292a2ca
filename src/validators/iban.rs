//! International Bank Account Numbers (ISO 13616): a country in the SWIFT IBAN registry, that
//! country's fixed length, and the ISO 7064 MOD 97-10 check (the value moved 4 characters left,
//! letters as 10..35, is 1 mod 97).
//!
//! Lengths are the 89 countries of the SWIFT IBAN Registry (release 100, 2025). Letters are
//! accepted in either case; single spaces (or dashes) may separate groups of any size
//! (`GB82 WEST 1234 5698 7654 32`, `ES11 20850103 972865937595`), and so may a line break
//! (`DE33 7015 0000\n3158 2903 78`: a mail client wrapped the line).

/// `(country, IBAN length)` for every country in the SWIFT IBAN registry.
const LENGTHS: &[([u8; 2], u8)] = &[
    (*b"AD", 24),
    (*b"AE", 23),
    (*b"AL", 28),
    (*b"AT", 20),
    (*b"AZ", 28),
    (*b"BA", 20),
    (*b"BE", 16),
    (*b"BG", 22),
    (*b"BH", 22),
    (*b"BI", 27),
    (*b"BR", 29),
    (*b"BY", 28),
    (*b"CH", 21),
    (*b"CR", 22),
    (*b"CY", 28),
    (*b"CZ", 24),
    (*b"DE", 22),
    (*b"DJ", 27),
    (*b"DK", 18),
    (*b"DO", 28),
    (*b"EE", 20),
    (*b"EG", 29),
    (*b"ES", 24),
    (*b"FI", 18),
    (*b"FK", 18),
    (*b"FO", 18),
    (*b"FR", 27),
    (*b"GB", 22),
    (*b"GE", 22),
    (*b"GI", 23),
    (*b"GL", 18),
    (*b"GR", 27),
    (*b"GT", 28),
    (*b"HN", 28),
    (*b"HR", 21),
    (*b"HU", 28),
    (*b"IE", 22),
    (*b"IL", 23),
    (*b"IQ", 23),
    (*b"IS", 26),
    (*b"IT", 27),
    (*b"JO", 30),
    (*b"KW", 30),
    (*b"KZ", 20),
    (*b"LB", 28),
    (*b"LC", 32),
    (*b"LI", 21),
    (*b"LT", 20),
    (*b"LU", 20),
    (*b"LV", 21),
    (*b"LY", 25),
    (*b"MC", 27),
    (*b"MD", 24),
    (*b"ME", 22),
    (*b"MK", 19),
    (*b"MN", 20),
    (*b"MR", 27),
    (*b"MT", 31),
    (*b"MU", 30),
    (*b"NI", 28),
    (*b"NL", 18),
    (*b"NO", 15),
    (*b"OM", 23),
    (*b"PK", 24),
    (*b"PL", 28),
    (*b"PS", 29),
    (*b"PT", 25),
    (*b"QA", 29),
    (*b"RO", 24),
    (*b"RS", 22),
    (*b"RU", 33),
    (*b"SA", 24),
    (*b"SC", 31),
    (*b"SD", 18),
    (*b"SE", 24),
    (*b"SI", 19),
    (*b"SK", 24),
    (*b"SM", 27),
    (*b"SO", 23),
    (*b"ST", 25),
    (*b"SV", 28),
    (*b"TL", 23),
    (*b"TN", 24),
    (*b"TR", 26),
    (*b"UA", 29),
    (*b"VA", 22),
    (*b"VG", 24),
    (*b"XK", 20),
    (*b"YE", 30),
];

/// Longest IBAN is 34 characters (ISO 13616); this leaves room for the spaces between groups.
const MAX_INPUT: usize = 64;

/// The registry length for `country` (uppercase), if it is a registry country.
fn country_length(country: [u8; 2]) -> Option<usize> {
    LENGTHS.iter().find(|(c, _)| *c == country).map(|&(_, n)| usize::from(n))
}

/// The byte length of the prefix of `value` that is as long as its country's IBAN, when
/// `value` is longer and that prefix ends at a space: a regex whose last group may be short
/// reads `PL82 4205 1981 8783 2196 2603 6414 BIC: …` as one 31-character value, and the
/// IBAN is its first 28 characters. `None` otherwise.
pub fn registry_prefix(value: &[u8]) -> Option<usize> {
    let country = [value.first()?.to_ascii_uppercase(), value.get(1)?.to_ascii_uppercase()];
    let want = country_length(country)?;
    let mut n = 0;
    for (i, &b) in value.iter().enumerate() {
        if !matches!(b, b' ' | b'\r' | b'\n') {
            n += 1;
            if n == want {
                return matches!(value.get(i + 1), Some(b' ' | b'\r' | b'\n')).then_some(i + 1);
            }
        }
    }
    None
}

/// Whether `run` (the bytes between two characters of an IBAN) is one separator: a space, a
/// dash, or a line break with an optional space before it.
fn is_separator(run: &[u8]) -> bool {
    matches!(run, b" " | b"-" | b"\n" | b"\r\n" | b" \n" | b" \r\n")
}

/// An IBAN: registry country, its exact length, check digits, alphanumeric BBAN, mod 97 == 1.
/// Spaces (or dashes) are allowed only singly, between characters (not leading, trailing or
/// doubled); letters in either case.
pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    // Compact, upper-cased copy on the stack.
    let mut buf = [0u8; 34];
    let mut n = 0;
    // Separator runs between characters; a leading or trailing one fails.
    let mut run = 0..0;
    for (i, &b) in value.iter().enumerate() {
        if matches!(b, b' ' | b'-' | b'\r' | b'\n') {
            if run.is_empty() {
                run = i..i;
            }
            run.end = i + 1;
            continue;
        }
        if !b.is_ascii_alphanumeric() {
            return false;
        }
        if !run.is_empty() {
            if n == 0 || !value.get(run.clone()).is_some_and(is_separator) {
                return false;
            }
            run = 0..0;
        }
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = b.to_ascii_uppercase();
        n += 1;
    }
    if n == 0 || !run.is_empty() {
        return false; // empty, or a trailing separator
    }
    let Some(iban) = buf.get(..n) else {
        return false;
    };
    let [c0, c1, k0, k1, ..] = *iban else {
        return false;
    };
    if !c0.is_ascii_uppercase() || !c1.is_ascii_uppercase() || !k0.is_ascii_digit() || !k1.is_ascii_digit() {
        return false;
    }
    if country_length([c0, c1]) != Some(n) {
        return false;
    }
    // BBAN first, then country code and check digits; letters count as two digits 10..=35.
    let Some((head, bban)) = iban.split_at_checked(4) else {
        return false;
    };
    let remainder = bban.iter().chain(head).fold(0u32, |acc, &b| {
        if b.is_ascii_digit() {
            (acc * 10 + u32::from(b - b'0')) % 97
        } else {
            (acc * 100 + u32::from(b - b'A') + 10) % 97
        }
    });
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_examples() {
        // Examples printed in the SWIFT IBAN registry.
        for iban in [
            "GB82WEST12345698765432",
            "DE89370400440532013000",
            "FR1420041010050500013M02606",
            "GB29NWBK60161331926819",
            "BE68539007547034",
            "NO9386011117947",
            "CH9300762011623852957",
            "NL91ABNA0417164300",
            "MT84MALT011000012345MTLCAST001S",
            "LC55HEMM000100010012001200023015",
            "SA0380000000608010167519",
            "IT60X0542811101000000123456",
            "BR1800360305000010009795493C1",
            "QA58DOHB00001234567890ABCDEFG",
            "XK051212012345678906",
        ] {
            assert!(valid(iban.as_bytes()), "{iban}");
        }
    }

    #[test]
    fn print_form_and_lowercase() {
        assert!(valid(b"GB82 WEST 1234 5698 7654 32"));
        assert!(valid(b"DE89 3704 0044 0532 0130 00"));
        assert!(valid(b"fr14 2004 1010 0505 0001 3m02 606"));
        assert!(valid(b"gb82west12345698765432"));
        assert!(valid(b"GB82-WEST-1234-5698-7654-32"));
        // Groups of any size, as people type them; a line a mail client wrapped.
        assert!(valid(b"DE89 37040044 0532013000"));
        assert!(valid(b"DE89 3704 0044\n0532 0130 00"));
        assert!(valid(b"DE89 3704 0044 \r\n0532 0130 00"));
    }

    #[test]
    fn registry_prefix_cuts_at_the_country_length() {
        let v = b"PL82 4205 1981 8783 2196 2603 6414 BIC";
        let cut = registry_prefix(v);
        assert_eq!(cut, Some(34));
        assert!(valid(&v[..34]));
        assert_eq!(registry_prefix(b"GB82 WEST 1234 5698 7654 32 AB"), Some(27));
        // Exactly the country length, a cut inside a group, an unknown country: no prefix.
        assert_eq!(registry_prefix(b"GB82 WEST 1234 5698 7654 32"), None);
        assert_eq!(registry_prefix(b"GB82 WEST 1234 5698 7654 3299"), None);
        assert_eq!(registry_prefix(b"QQ82 WEST 1234 5698 7654 32 1"), None);
        assert_eq!(registry_prefix(b"G"), None);
        assert_eq!(registry_prefix(b"DE89 3704 0044 0532 0130 00\n1234"), Some(27));
        assert_eq!(registry_prefix(b"DE89 3704 0044\n0532 0130 00 AB"), Some(27));
    }

    #[test]
    fn bad_spacing() {
        assert!(!valid(b"GB82  WEST 1234 5698 7654 32"));
        assert!(!valid(b" GB82WEST12345698765432"));
        assert!(!valid(b"GB82WEST12345698765432 "));
        assert!(!valid(b"GB82--WEST-1234-5698-7654-32"));
        assert!(!valid(b"GB82WEST12345698765432-"));
        assert!(!valid(b"GB82\tWEST12345698765432"));
        assert!(!valid(b"DE89 3704 0044\n\n0532 0130 00")); // a blank line between
        assert!(!valid(b"DE89 3704 0044\n 0532 0130 00"));
        assert!(!valid(b"\nDE89370400440532013000"));
        assert!(!valid(b"DE89370400440532013000\n"));
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"GB82WEST12345698765433")); // one digit changed
        assert!(!valid(b"GB28WEST12345698765432")); // check digits transposed
        assert!(!valid(b"DE89370400440532031000")); // transposition
        assert!(!valid(b"GB82WEST1234569876543")); // too short for GB
        assert!(!valid(b"GB82WEST123456987654321")); // too long for GB
        assert!(!valid(b"US64SVBKUS6S3300958879")); // not a registry country
        assert!(!valid(b"GBX2WEST12345698765432")); // check digit not a digit
        assert!(!valid(b"G882WEST12345698765432"));
        assert!(!valid(b""));
        assert!(!valid(b"GB"));
        assert!(!valid(b"GB82"));
        assert!(!valid("GB82WEST1234569876543Ä".as_bytes()));
        assert!(!valid(b"GB82WEST12345698765432\xff"));
    }

    #[test]
    fn table_is_the_registry() {
        assert_eq!(LENGTHS.len(), 89);
        assert!(LENGTHS.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
        assert!(LENGTHS.iter().all(|&(_, n)| (15..=34).contains(&n)));
    }
}
