//! Payment card numbers (PAN): issuer (IIN) range and the lengths that brand issues, then Luhn.
//!
//! IIN ranges and lengths follow the brands' published acceptance ranges (as collected in the
//! Wikipedia "Payment card number" IIN table): Visa 4; Mastercard 51-55 and 2221-2720; American
//! Express 34, 37; Discover 6011, 644-649, 65, 622126-622925; JCB 3528-3589; Diners Club 300-305,
//! 36, 38-39; UnionPay 62; Maestro 50, 56-69; Mir 2200-2204. The check digit is Luhn
//! (ISO/IEC 7812-1).

use super::digits::{luhn_digits, Digits};

/// Card network a PAN belongs to, by IIN range and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    DinersClub,
    UnionPay,
    Maestro,
    Mir,
}

impl CardBrand {
    pub fn name(self) -> &'static str {
        match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::Discover => "Discover",
            CardBrand::Jcb => "JCB",
            CardBrand::DinersClub => "Diners Club",
            CardBrand::UnionPay => "UnionPay",
            CardBrand::Maestro => "Maestro",
            CardBrand::Mir => "Mir",
        }
    }
}

/// Bit `n` set: length `n` is issued.
const fn lengths(lo: u32, hi: u32) -> u32 {
    (u32::MAX >> (31 - hi)) & (u32::MAX << lo)
}

const fn len(n: u32) -> u32 {
    1 << n
}

/// One IIN range: the first `prefix_len` digits, read as a number, fall in `lo..=hi`.
struct Range {
    prefix_len: usize,
    lo: u32,
    hi: u32,
    brand: CardBrand,
    lengths: u32,
}

const fn r(prefix_len: usize, lo: u32, hi: u32, brand: CardBrand, lengths: u32) -> Range {
    Range { prefix_len, lo, hi, brand, lengths }
}

/// Checked in order; the first range whose prefix and length both match names the brand.
/// Discover's 622126-622925 (co-branded UnionPay cards on the Discover network) comes before
/// UnionPay's 62, and Maestro's broad 50/56-69 comes last as the fallback.
const RANGES: &[Range] = &[
    r(1, 4, 4, CardBrand::Visa, len(13) | len(16) | len(19)),
    r(4, 2200, 2204, CardBrand::Mir, lengths(16, 19)),
    r(4, 2221, 2720, CardBrand::Mastercard, len(16)),
    r(2, 51, 55, CardBrand::Mastercard, len(16)),
    r(2, 34, 34, CardBrand::Amex, len(15)),
    r(2, 37, 37, CardBrand::Amex, len(15)),
    r(4, 3528, 3589, CardBrand::Jcb, lengths(16, 19)),
    r(3, 300, 305, CardBrand::DinersClub, lengths(14, 19)),
    r(2, 36, 36, CardBrand::DinersClub, lengths(14, 19)),
    r(2, 38, 39, CardBrand::DinersClub, lengths(14, 19)),
    r(4, 6011, 6011, CardBrand::Discover, lengths(16, 19)),
    r(3, 644, 649, CardBrand::Discover, lengths(16, 19)),
    r(2, 65, 65, CardBrand::Discover, lengths(16, 19)),
    r(6, 622126, 622925, CardBrand::Discover, lengths(16, 19)),
    r(2, 62, 62, CardBrand::UnionPay, lengths(16, 19)),
    r(2, 50, 50, CardBrand::Maestro, lengths(12, 19)),
    r(2, 56, 69, CardBrand::Maestro, lengths(12, 19)),
];

/// The brand whose IIN range contains `digits` and which issues cards of that length.
/// `digits` must be ASCII digits only (no separators); anything else gives `None`.
pub fn card_brand(digits: &[u8]) -> Option<CardBrand> {
    let n = digits.len();
    if !(12..=19).contains(&n) || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let length_bit = 1u32 << n;
    RANGES.iter().find_map(|range| {
        let prefix = digits.get(..range.prefix_len)?;
        let value = prefix.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
        let hit = (range.lo..=range.hi).contains(&value) && range.lengths & length_bit != 0;
        hit.then_some(range.brand)
    })
}

/// A card number: 12-19 digits, optionally grouped with single spaces, dashes or dots (one kind
/// throughout), not all the same digit, in a known brand's range and length, Luhn-valid.
pub fn valid(value: &[u8]) -> bool {
    let Some(d) = Digits::separated(value, b" -.") else {
        return false;
    };
    (12..=19).contains(&d.len()) && !d.all_same() && card_brand(d.as_bytes()).is_some() && luhn_digits(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(s: &str) -> Option<CardBrand> {
        card_brand(s.as_bytes())
    }

    #[test]
    fn published_test_cards_are_valid_with_their_brand() {
        // Test numbers from Stripe, Braintree, Adyen and PayPal sandbox documentation.
        let cases = [
            ("4111111111111111", CardBrand::Visa),
            ("4012888888881881", CardBrand::Visa),
            ("4222222222222", CardBrand::Visa),
            ("5555555555554444", CardBrand::Mastercard),
            ("5105105105105100", CardBrand::Mastercard),
            ("2223003122003222", CardBrand::Mastercard),
            ("378282246310005", CardBrand::Amex),
            ("371449635398431", CardBrand::Amex),
            ("6011111111111117", CardBrand::Discover),
            ("6011000990139424", CardBrand::Discover),
            ("3530111333300000", CardBrand::Jcb),
            ("3566002020360505", CardBrand::Jcb),
            ("36227206271667", CardBrand::DinersClub),
            ("30569309025904", CardBrand::DinersClub),
            ("3056930009020004", CardBrand::DinersClub),
            ("6200000000000005", CardBrand::UnionPay),
            ("6205500000000000004", CardBrand::UnionPay),
            ("6304000000000000", CardBrand::Maestro),
            ("6759649826438453", CardBrand::Maestro),
        ];
        for (pan, want) in cases {
            assert_eq!(brand(pan), Some(want), "{pan}");
            assert!(valid(pan.as_bytes()), "{pan}");
        }
    }

    #[test]
    fn mir_and_range_edges() {
        // Luhn-valid numbers built in the Mir range and at Mastercard's 2-series edges.
        assert_eq!(brand("2200000000000004"), Some(CardBrand::Mir));
        assert!(valid(b"2200000000000004"));
        assert_eq!(brand("2221000000000009"), Some(CardBrand::Mastercard));
        assert_eq!(brand("2720990000000000"), Some(CardBrand::Mastercard));
        assert_eq!(brand("2721000000000000"), None);
        assert_eq!(brand("2220990000000000"), None);
        assert_eq!(brand("2205000000000000"), None);
        assert_eq!(brand("6221260000000000"), Some(CardBrand::Discover));
        assert_eq!(brand("6229260000000000"), Some(CardBrand::UnionPay));
        assert_eq!(brand("6450000000000000"), Some(CardBrand::Discover));
    }

    #[test]
    fn brand_needs_its_length() {
        assert_eq!(brand("411111111111111"), None); // Visa with 15 digits
        assert_eq!(brand("55555555555544"), None); // Mastercard with 14 digits
        assert_eq!(brand("3782822463100050"), None); // Amex with 16 digits
        assert_eq!(brand("353011133330"), None); // JCB with 12 digits
        assert_eq!(brand("501800000000"), Some(CardBrand::Maestro)); // Maestro issues 12
        assert_eq!(brand("11111111111111"), None);
        assert_eq!(brand("4111-1111-1111-1111"), None); // separators are not digits
        assert_eq!(brand(""), None);
    }

    #[test]
    fn separators() {
        assert!(valid(b"4111 1111 1111 1111"));
        assert!(valid(b"4111-1111-1111-1111"));
        assert!(valid(b"3782 822463 10005"));
        assert!(!valid(b"4111 1111-1111 1111"));
        assert!(!valid(b"4111  1111 1111 1111"));
        assert!(valid(b"4111.1111.1111.1111")); // dots, as some European forms print it
        assert!(!valid(b"4111.1111-1111.1111"));
        assert!(!valid(b" 4111111111111111"));
        assert!(!valid(b"4111111111111111-"));
    }

    #[test]
    fn mutations_fail() {
        assert!(!valid(b"4111111111111112")); // one digit changed
        assert!(!valid(b"5555555555555444")); // one digit changed
        assert!(!valid(b"378282246301005")); // transposition
        assert!(!valid(b"41111111111111111")); // wrong length
        assert!(!valid(b"411111111111")); // wrong length
        assert!(!valid(b"1234567812345670")); // Luhn-valid, no brand
        assert!(!valid(b""));
        assert!(!valid(b"4111\xc2\xa01111\xc2\xa01111\xc2\xa01111")); // NBSP
        assert!(!valid("４１１１１１１１１１１１１１１１".as_bytes())); // fullwidth digits
    }

    #[test]
    fn all_same_digits_rejected() {
        // 6666666666666 is 13 digits in Maestro's range and passes Luhn; still a placeholder.
        assert_eq!(brand("6666666666666"), Some(CardBrand::Maestro));
        assert!(luhn_digits(&Digits::of(b"6666666666666").unwrap()));
        assert!(!valid(b"6666666666666"));
        assert!(!valid(b"0000000000000000"));
    }

    #[test]
    fn names() {
        assert_eq!(CardBrand::Amex.name(), "American Express");
        assert_eq!(CardBrand::Jcb.name(), "JCB");
    }
}
