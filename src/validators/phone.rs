//! Telephone numbers.
//!
//! NANP (North American Numbering Plan Administrator rules): `NXX-NXX-XXXX` where N is 2-9;
//! neither the area code nor the exchange may be an N11 service code, area code 555 is not
//! assigned. An optional leading `+1` or `1` country code is accepted.
//!
//! E.164 (ITU-T Recommendation E.164 and its list of assigned country codes, "Complement to
//! ITU-T E.164", 2023): a `+` (or `00`, the international call prefix most countries dial
//! instead), an assigned country code, 8 to 15 digits in total.
//!
//! Both accept the separators space, dash, dot and parentheses between digits, and `%2B` for
//! the `+` (a number in a URL query string: `?phone=%2B33612345678`).
//!
//! Any phone ([`any_valid`]), for numbers whose place already says "phone" (a one-letter
//! signature label, a signature cell) but whose country is unknown: E.164 or NANP as above, or
//! a national number of 9 to 12 digits starting with a trunk `0` (`02 704 3708`, `0157/03408894`)
//! or 9 to 10 digits without one (Spain, Portugal `911 155 681`; Italian mobiles `338 638 2491`).

const SEPARATORS: &[u8] = b" -.()";

/// Longest formatted number either validator looks at.
const MAX_INPUT: usize = 32;

/// The digits of `value` (ASCII, `separators` skipped), at most 15; `None` on
/// any other byte, or when `value` does not start with a digit or `(` or does not end with a digit.
fn phone_digits(value: &[u8], separators: &[u8]) -> Option<([u8; 15], usize)> {
    let first = *value.first()?;
    let last = *value.last()?;
    if !(first.is_ascii_digit() || first == b'(') || !last.is_ascii_digit() {
        return None;
    }
    let mut buf = [0u8; 15];
    let mut n = 0;
    for &b in value {
        if b.is_ascii_digit() {
            *buf.get_mut(n)? = b;
            n += 1;
        } else if !separators.contains(&b) {
            return None;
        }
    }
    Some((buf, n))
}

/// `value` without its leading `+`, written as is or percent-encoded (`%2B`).
fn strip_plus(value: &[u8]) -> Option<&[u8]> {
    value.strip_prefix(b"+").or_else(|| value.strip_prefix(b"%2B")).or_else(|| value.strip_prefix(b"%2b"))
}

/// A `NXX` code: first digit 2-9 and not N11.
fn nxx_ok(code: &[u8]) -> bool {
    matches!(code, [b'2'..=b'9', second, third] if !(*second == b'1' && *third == b'1'))
}

pub fn nanp_valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    let (rest, plus_one) = match strip_plus(value) {
        Some([b'1', b' ' | b'-' | b'.', tail @ ..]) => (tail, true),
        Some([b'1', rest @ ..]) => (rest, true),
        Some(_) => return false,
        None => (value, false),
    };
    let Some((buf, n)) = phone_digits(rest, SEPARATORS) else {
        return false;
    };
    let Some(all) = buf.get(..n) else {
        return false;
    };
    let number = match all {
        [b'1', ten @ ..] if !plus_one && ten.len() == 10 => ten,
        ten if ten.len() == 10 => ten,
        _ => return false,
    };
    let (Some(area), Some(exchange)) = (number.get(..3), number.get(3..6)) else {
        return false;
    };
    nxx_ok(area) && area != b"555" && nxx_ok(exchange)
}

/// One-digit country codes.
const CC1: &[u16] = &[1, 7];

/// Two-digit country codes.
const CC2: &[u16] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
    60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// Three-digit country codes, including the non-geographic ones (800 freephone, 808 shared
/// cost, 870 Inmarsat, 878 UPT, 881-883 global services, 888 OCHA, 979 premium rate).
const CC3: &[u16] = &[
    211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235,
    236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256,
    257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353,
    354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 385,
    386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594,
    595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687,
    688, 689, 690, 691, 692, 800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960,
    961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995,
    996, 998,
];

/// The digits start with an assigned country code (country codes are prefix-free).
fn known_country_code(digits: &[u8]) -> bool {
    let prefix = |n: usize| -> Option<u16> {
        let p = digits.get(..n)?;
        Some(p.iter().fold(0u16, |acc, &b| acc * 10 + u16::from(b - b'0')))
    };
    prefix(1).is_some_and(|c| CC1.contains(&c))
        || prefix(2).is_some_and(|c| CC2.contains(&c))
        || prefix(3).is_some_and(|c| CC3.contains(&c))
}

pub fn e164_valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    // `(+34) 650 110 002`: the country code in parentheses (its `)` is a separator).
    let rest = match value.strip_prefix(b"(+") {
        Some(rest) if matches!(rest.iter().position(|&b| b == b')'), Some(1..=3)) => rest,
        Some(_) => return false,
        None => match strip_plus(value).or_else(|| value.strip_prefix(b"00")) {
            Some(rest) => rest,
            None => return false,
        },
    };
    if !rest.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let Some((buf, n)) = phone_digits(rest, SEPARATORS) else {
        return false;
    };
    let Some(digits) = buf.get(..n) else {
        return false;
    };
    (8..=15).contains(&n) && known_country_code(digits)
}

/// A telephone number in some numbering plan (see the module doc).
pub fn any_valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    if strip_plus(value).is_some() || value.starts_with(b"00") || value.starts_with(b"(+") {
        return e164_valid(value);
    }
    if nanp_valid(value) {
        return true;
    }
    // National forms may also separate the area code with one `/` (`089/3972285`).
    if value.iter().filter(|&&b| b == b'/').count() > 1 {
        return false;
    }
    let Some((buf, n)) = phone_digits(value, b" -.()/") else { return false };
    match buf {
        [b'0', second, ..] => (9..=12).contains(&n) && second != b'0',
        _ => (9..=10).contains(&n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_valid_numbers() {
        for n in [
            "0033 7 40 16 84 74",
            "+44 20 7946 0958",
            "(212) 555-0100",
            "802 576 2864",
            "02 704 3708",
            "09 02 52 24 13",
            "0157/03408894",
            "911 155 681",
            "210543113",
            "338-6382491",
            "340 047 2390",
        ] {
            assert!(any_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn any_invalid_numbers() {
        for n in [
            "0000 1234 5678", // 00 then no country code
            "00 12 34 56",    // trunk 0 followed by another 0, too short
            "12 34 56 78",    // 8 digits
            "1234567890123",  // too long without a prefix
            "0123/",
            "/0123456789",
            "02 704 3708 99 11",
            "12/05/2024",
            "",
        ] {
            assert!(!any_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn nanp_valid_numbers() {
        // 555-0100..0199 are NANPA's fictitious-use numbers; 202-456-1111 is the White House.
        for n in [
            "(212) 555-0100",
            "212-555-0100",
            "212.555.0199",
            "2125550100",
            "1-212-555-0100",
            "1 (212) 555-0100",
            "12125550100",
            "+1 212 555 0100",
            "+12025550123",
            "+1 (202) 456-1111",
            "+1-212-555-0100",
            "%2B12125550100",
        ] {
            assert!(nanp_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn nanp_invalid_numbers() {
        for n in [
            "(112) 555-0100", // area starts with 1
            "(012) 555-0100", // area starts with 0
            "(911) 555-0100", // N11 area
            "(411) 555-0100",
            "(555) 555-0100", // area 555
            "(212) 155-0100", // exchange starts with 1
            "(212) 055-0100",
            "(212) 611-0100", // N11 exchange
            "212555010",      // wrong length
            "212555010000",
            "2-212-555-0100", // country code other than 1
            "+2 212 555 0100",
            "+1 2125550100 ",
            "+112125550100", // +1 and then another 1
            "212/555/0100",
            "212-555-0100x12",
            "",
            "+1",
            "(212) ５55-0100",
        ] {
            assert!(!nanp_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn e164_valid_numbers() {
        // ITU / Ofcom / ACMA drama numbers and other published examples.
        for n in [
            "+44 20 7946 0958",
            "+442079460958",
            "+61 2 5550 1234",
            "+1 202 555 0123",
            "+33 1 23 45 67 89",
            "+49 30 901820",
            "+7 495 123-45-67",
            "+353 1 234 5678",
            "+880 1712-345678",
            "+44 (20) 7946 0958",
            "+800 1234 5678",
            "0044 20 7946 0958",
            "0049 30 901820",
            "(+34) 650 110 002",
            "(+44) 20 7946 0958",
            "%2B442079460958",
            "%2b33612345678",
        ] {
            assert!(e164_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn e164_invalid_numbers() {
        for n in [
            "44 20 7946 0958", // no + or 00
            "0 44 20 7946 0958",
            "000 44 20 7946 0958",
            "+0 20 7946 0958",       // country code 0
            "+28 1234 5678",         // 28 is unassigned
            "+259 1234 5678",        // 259 is unassigned
            "+384 1234 5678",        // 384 is unassigned
            "+44 123",               // too short
            "+44 1234 5678 9012 34", // 16 digits
            "+ 44 20 7946 0958",
            "++44 20 7946 0958",
            "+44 20 7946 0958 ",
            "+44/20/7946/0958",
            "+",
            "",
            "+44 20 7946 095８",
            "%2B28 1234 5678",
            "%442079460958",
            "%2C442079460958",
        ] {
            assert!(!e164_valid(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn country_code_tables_are_prefix_free() {
        for &c in CC2 {
            assert!(!CC1.contains(&(c / 10)), "{c}");
        }
        for &c in CC3 {
            assert!(!CC1.contains(&(c / 100)), "{c}");
            assert!(!CC2.contains(&(c / 10)), "{c}");
        }
    }
}
