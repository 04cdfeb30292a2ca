//! ICD-10 diagnosis codes (WHO ICD-10; US ICD-10-CM): a chapter letter, two digits, and
//! optionally a dot followed by 1-4 subcategory/extension characters (`J45.909`, `S52.521A`).
//!
//! Every letter except U starts a chapter (WHO reserves U for provisional and special-purpose
//! codes). ICD-10-CM's four categories whose third character is a letter (C4A, D3A, M1A, Z3A)
//! are accepted too. Uppercase only.

/// ICD-10-CM categories with a letter in the third position.
const LETTER_CATEGORIES: [&[u8; 3]; 4] = [b"C4A", b"D3A", b"M1A", b"Z3A"];

fn upper_alnum(b: &u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

pub fn valid(value: &[u8]) -> bool {
    let Some((category, rest)) = value.split_first_chunk::<3>() else {
        return false;
    };
    let [letter, d1, d2] = *category;
    let category_ok =
        (letter.is_ascii_uppercase() && letter != b'U' && d1.is_ascii_digit() && d2.is_ascii_digit())
            || LETTER_CATEGORIES.contains(&category);
    let rest_ok = match rest {
        [] => true,
        [b'.', sub @ ..] => (1..=4).contains(&sub.len()) && sub.iter().all(upper_alnum),
        _ => false,
    };
    category_ok && rest_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes() {
        // WHO ICD-10 and CMS ICD-10-CM tabular list entries.
        for code in [
            "A00", "A00.0", "E11.9", "I10", "J45.909", "F32.A", "S52.521A", "T36.0X1A", "Z99.89", "C4A.0",
            "M1A.071", "O09.529", "Z3A.20",
        ] {
            assert!(valid(code.as_bytes()), "{code}");
        }
    }

    #[test]
    fn invalid_codes() {
        for code in [
            "U07.1", // U is reserved
            "a00",   // lowercase
            "E11.9a",
            "AA0",       // second character must be a digit
            "A0",        // wrong length
            "A000",      // extra characters without a dot
            "E11.",      // dot without characters
            "S52.521AB", // five characters after the dot
            "E11..9",
            "E11-9",
            "E11 .9",
            "C5A.0", // letter third character only in the four CM categories
            "100",
            "",
        ] {
            assert!(!valid(code.as_bytes()), "{code}");
        }
        assert!(!valid("É11.9".as_bytes()));
        assert!(!valid(b"E11.\xff"));
    }
}
