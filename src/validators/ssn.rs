//! US Social Security Numbers and Individual Taxpayer Identification Numbers.
//!
//! SSN rules follow the Social Security Administration's randomization notice (SSA, "Social
//! Security Number Randomization", 2011): the area is never 000, 666 or 900-999, the group
//! never 00, the serial never 0000; numbers made public in advertising
//! (078-05-1120 from the Woolworth wallet insert, 219-09-9999 from an SSA pamphlet) and the
//! common placeholders (123-45-6789, all-same-digit numbers) are rejected.
//!
//! ITIN rules follow the IRS (Publication 1915; IRS ITIN range extensions of 2011 and 2017):
//! 9 in the first digit and a group of 50-65, 70-88, 90-92 or 94-99.
//!
//! Both are written `123-45-6789`, `123 45 6789`, `123.45.6789` or `123456789`; mixing separators
//! is rejected.

use super::digits::Digits;

/// The nine digits in one of the three accepted layouts, with area, group and serial.
fn parts(value: &[u8]) -> Option<(Digits, u32, u32, u32)> {
    let d = Digits::grouped(value, &[3, 2, 4], b"- .")?;
    let area = d.number(0..3)?;
    let group = d.number(3..5)?;
    let serial = d.number(5..9)?;
    Some((d, area, group, serial))
}

/// Numbers that were printed and widely misused, and the textbook placeholder.
const PUBLISHED_INVALID: [&[u8]; 3] = [b"078051120", b"219099999", b"123456789"];

pub fn ssn_valid(value: &[u8]) -> bool {
    let Some((d, area, group, serial)) = parts(value) else {
        return false;
    };
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !d.all_same()
        && !PUBLISHED_INVALID.contains(&d.as_bytes())
}

/// An SSN as speech-to-text writes a spoken one: nine digits in groups of any size joined by
/// single spaces (`7 7 6 5 5 8 4 6 3`, `176 37 80 56`), then the rules of [`ssn_valid`].
pub fn spoken_ssn_valid(value: &[u8]) -> bool {
    Digits::spoken(value, 9).is_some_and(|d| ssn_valid(d.as_bytes()))
}

pub fn itin_valid(value: &[u8]) -> bool {
    let Some((d, area, group, _)) = parts(value) else {
        return false;
    };
    (900..=999).contains(&area) && matches!(group, 50..=65 | 70..=88 | 90..=92 | 94..=99) && !d.all_same()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_ssn_any_grouping_nine_digits() {
        for v in ["5 3 6 2 2 8 7 2 6", "536 22 87 26", "53 622 8726", "536228726"] {
            assert!(spoken_ssn_valid(v.as_bytes()), "{v}");
        }
        // Wrong length, a separator other than one space, or an SSN rule broken (area 666).
        for v in
            ["5 3 6 2 2 8 7 2", "5 3 6 2 2 8 7 2 6 1", "536-22-8726", "536  22 8726", "6 6 6 2 2 8 7 2 6"]
        {
            assert!(!spoken_ssn_valid(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn ssn_structurally_valid() {
        // SSA does not publish live numbers; these are structurally valid by its rules.
        assert!(ssn_valid(b"001-01-0001"));
        assert!(ssn_valid(b"536-22-8726"));
        assert!(ssn_valid(b"536 22 8726"));
        assert!(ssn_valid(b"536228726"));
        assert!(ssn_valid(b"536.22.8726"));
        assert!(!ssn_valid(b"53.622.8726")); // dots in the wrong places
        assert!(ssn_valid(b"899-99-9998"));
        assert!(ssn_valid(b"665-12-3456"));
        assert!(ssn_valid(b"667-12-3456"));
    }

    #[test]
    fn ssn_forbidden_fields() {
        assert!(!ssn_valid(b"000-12-3456"));
        assert!(!ssn_valid(b"666-12-3456"));
        assert!(!ssn_valid(b"900-12-3456"));
        assert!(!ssn_valid(b"999-12-3456"));
        assert!(!ssn_valid(b"536-00-8726"));
        assert!(!ssn_valid(b"536-22-0000"));
    }

    #[test]
    fn ssn_published_invalid_numbers() {
        assert!(!ssn_valid(b"078-05-1120")); // Woolworth wallet card
        assert!(!ssn_valid(b"078051120"));
        assert!(!ssn_valid(b"219-09-9999")); // SSA advertising pamphlet
        assert!(!ssn_valid(b"123-45-6789"));
        assert!(!ssn_valid(b"111-11-1111"));
        assert!(!ssn_valid(b"555 55 5555"));
        assert!(!ssn_valid(b"888888888"));
    }

    #[test]
    fn ssn_layouts() {
        assert!(!ssn_valid(b"53.622.8726")); // dots in the wrong places // mixed separators
        assert!(!ssn_valid(b"53.622.8726")); // dots in the wrong places
        assert!(!ssn_valid(b"53-622-8726")); // separators in the wrong places
        assert!(!ssn_valid(b"5362-28726"));
        assert!(!ssn_valid(b"53.622.8726")); // dots in the wrong places
        assert!(!ssn_valid(b"536--22-8726"));
        assert!(!ssn_valid(b"53622872")); // wrong length
        assert!(!ssn_valid(b"5362287261"));
        assert!(!ssn_valid(b""));
        assert!(!ssn_valid("536-22-872６".as_bytes()));
    }

    #[test]
    fn itin_valid_groups() {
        // IRS: ITINs are 9XX-7X-XXXX, 9XX-8X-XXXX, and since 2011/2017 the 50-65, 90-92 and
        // 94-99 groups.
        for itin in [
            "912-70-1234",
            "900-70-0000",
            "999-88-1234",
            "912 50 1234",
            "912651234",
            "912-90-1234",
            "912-92-1234",
            "912-94-1234",
            "912-99-1234",
        ] {
            assert!(itin_valid(itin.as_bytes()), "{itin}");
            assert!(!ssn_valid(itin.as_bytes()), "{itin}");
        }
    }

    #[test]
    fn itin_invalid_groups_and_areas() {
        for itin in [
            "912-49-1234",
            "912-66-1234",
            "912-69-1234",
            "912-89-1234",
            "912-93-1234",
            "912-00-1234",
            "812-70-1234",
            "999-99-9999",
            "912-70 1234",
            "91270123",
            "",
        ] {
            assert!(!itin_valid(itin.as_bytes()), "{itin}");
        }
    }
}
