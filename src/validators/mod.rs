//! Checksum and structural validators: pure, allocation-free functions over the matched bytes.
//!
//! Each validator lives in its own file with its published test vectors. A validator receives
//! the exact bytes a detector matched (separators such as spaces, dashes or dots included) and
//! answers whether the value is structurally and arithmetically valid. Validators never allocate
//! and never panic, whatever the bytes.

use std::fmt;
use std::str::FromStr;

use crate::finding::UnknownName;

mod aba;
mod bic;
mod card;
mod codice_fiscale;
mod date;
mod dea;
mod digits;
mod es_nif;
mod github;
mod iban;
mod icd10;
mod ip;
mod jwt;
mod mbi;
mod nhs;
mod nino;
mod npi;
mod pem;
mod phone;
mod sin;
mod ssn;
mod verhoeff;

pub use card::{card_brand, CardBrand};
pub use digits::Digits;

/// The validators a detector can name in a pack (`validator = "card"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Validator {
    /// Plain Luhn (mod 10) over the digits.
    Luhn,
    /// Payment card: brand IIN range and length for that brand, then Luhn.
    Card,
    /// IBAN: known country, that country's length, mod-97 == 1.
    Iban,
    /// ABA routing number: 9 digits, valid Federal Reserve prefix, 3-7-1 weighted checksum.
    Aba,
    /// [`Validator::Aba`] on nine digits grouped in any way by single spaces (spoken, transcribed).
    AbaSpoken,
    /// US NPI: 10 digits starting 1 or 2, Luhn over the digits prefixed with 80840.
    Npi,
    /// US DEA registration: 2 letters + 7 digits, weighted checksum.
    Dea,
    /// UK NHS number: 10 digits, mod-11 check digit (check digit 10 is invalid).
    Nhs,
    /// India Aadhaar: 12 digits, first digit 2-9, Verhoeff check digit.
    Aadhaar,
    /// US SSN: area not 000/666/900-999, group not 00, serial not 0000, known invalid numbers.
    UsSsn,
    /// [`Validator::UsSsn`] on nine digits grouped in any way by single spaces (spoken, transcribed).
    UsSsnSpoken,
    /// US ITIN: 9xx area with group 50-65, 70-88, 90-92, 94-99.
    UsItin,
    /// Canadian SIN: 9 digits, first digit not 0 or 8, Luhn.
    CaSin,
    /// UK National Insurance number: prefix rules and suffix A-D.
    UkNino,
    /// Spanish NIF/DNI and NIE: mod-23 check letter.
    EsNif,
    /// Italian codice fiscale: 16 characters, odd/even table check character.
    ItCodiceFiscale,
    /// IPv4 dotted quad, each octet 0-255 without leading zeros, not 0.0.0.0.
    Ipv4,
    /// IPv6 in any RFC 5952/4291 text form (parsed by `std::net::Ipv6Addr`).
    Ipv6,
    /// North American number: area and exchange codes 2-9xx, not N11.
    NanpPhone,
    /// International number written with a leading `+`: known country code, 8-15 digits.
    E164Phone,
    /// A phone number of any plan: E.164, NANP, or national (9-12 digits with a trunk 0, 9-10 without).
    AnyPhone,
    /// US Medicare Beneficiary Identifier: 11 characters in the CMS position format.
    UsMbi,
    /// GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`): 30 base62 chars + CRC32 in base62.
    GithubToken,
    /// AWS access key id: known 4-letter prefix then 16 base-32 characters.
    AwsKeyId,
    /// JSON Web Token: header segment decodes (base64url) to a JSON object with `alg`.
    Jwt,
    /// A calendar date that exists, year 1900..=this century (for dates of birth).
    Date,
    /// A compact US date `MMDDYYYY` that exists (UB-04 form locator 10), year 1900..=2099.
    DateMdyCompact,
    /// SWIFT/BIC: 8 or 11 characters, letters 5-6 an ISO 3166 country code.
    Bic,
    /// ICD-10 code: letter, two digits, optional dot and 1-4 characters, a real chapter letter.
    Icd10,
    /// PEM private key block: BEGIN and matching END lines with a base64 body between.
    PemBlock,
}

impl Validator {
    /// Every validator with its pack name, for parsing, listing and docs.
    pub const ALL: &'static [(&'static str, Validator)] = &[
        ("luhn", Validator::Luhn),
        ("card", Validator::Card),
        ("iban", Validator::Iban),
        ("aba", Validator::Aba),
        ("aba_spoken", Validator::AbaSpoken),
        ("npi", Validator::Npi),
        ("dea", Validator::Dea),
        ("nhs", Validator::Nhs),
        ("aadhaar", Validator::Aadhaar),
        ("us_ssn", Validator::UsSsn),
        ("us_ssn_spoken", Validator::UsSsnSpoken),
        ("us_itin", Validator::UsItin),
        ("ca_sin", Validator::CaSin),
        ("uk_nino", Validator::UkNino),
        ("es_nif", Validator::EsNif),
        ("it_codice_fiscale", Validator::ItCodiceFiscale),
        ("ipv4", Validator::Ipv4),
        ("ipv6", Validator::Ipv6),
        ("nanp_phone", Validator::NanpPhone),
        ("e164_phone", Validator::E164Phone),
        ("any_phone", Validator::AnyPhone),
        ("us_mbi", Validator::UsMbi),
        ("github_token", Validator::GithubToken),
        ("aws_key_id", Validator::AwsKeyId),
        ("jwt", Validator::Jwt),
        ("date", Validator::Date),
        ("date_mdy_compact", Validator::DateMdyCompact),
        ("bic", Validator::Bic),
        ("icd10", Validator::Icd10),
        ("pem_block", Validator::PemBlock),
    ];

    pub fn name(self) -> &'static str {
        Validator::ALL.iter().find(|(_, v)| *v == self).map(|(n, _)| *n).unwrap_or("unknown")
    }

    /// Values of this kind are written back to back in one grouped digit run
    /// (`4111 1111 1111 1111 5500 0000 0000 0004`), so the engine splits such a run into values
    /// at group boundaries instead of reading one value out of its middle. Cards only: an SSN
    /// or phone number next to more digit groups is part of a longer number.
    pub fn splits_digit_runs(self) -> bool {
        matches!(self, Validator::Card)
    }

    /// Whether a value may be followed by `/` and a number that is not part of it: an IPv4
    /// address and its port, as firewall logs write it (`outside:203.0.113.5/61174`, Cisco
    /// ASA). For other values `/` joins digits into a longer token (`12/25/2024`).
    pub fn allows_slash_suffix(self) -> bool {
        matches!(self, Validator::Ipv4)
    }

    /// Whether a value may be followed by `/` and a card expiry date (`4111…1111/12-27`,
    /// `4111…1111/12/2027`), as people paste a card with its expiry: the date is not part of
    /// the number.
    pub fn allows_expiry_suffix(self) -> bool {
        matches!(self, Validator::Card)
    }

    /// For a format whose length the value itself fixes (an IBAN's country): the length of
    /// the prefix of a failing `value` that has that length and ends at a group boundary,
    /// which the engine judges instead (a regex's last group took the next word).
    pub fn fixed_length_prefix(self, value: &[u8]) -> Option<usize> {
        match self {
            Validator::Iban => iban::registry_prefix(value),
            _ => None,
        }
    }

    /// Whether `value` (the matched bytes, separators included) is valid.
    pub fn validate(self, value: &[u8]) -> bool {
        match self {
            Validator::Luhn => digits::luhn_valid(value),
            Validator::Card => card::valid(value),
            Validator::Iban => iban::valid(value),
            Validator::Aba => aba::valid(value),
            Validator::AbaSpoken => aba::spoken_valid(value),
            Validator::Npi => npi::valid(value),
            Validator::Dea => dea::valid(value),
            Validator::Nhs => nhs::valid(value),
            Validator::Aadhaar => verhoeff::aadhaar_valid(value),
            Validator::UsSsn => ssn::ssn_valid(value),
            Validator::UsSsnSpoken => ssn::spoken_ssn_valid(value),
            Validator::UsItin => ssn::itin_valid(value),
            Validator::CaSin => sin::valid(value),
            Validator::UkNino => nino::valid(value),
            Validator::EsNif => es_nif::valid(value),
            Validator::ItCodiceFiscale => codice_fiscale::valid(value),
            Validator::Ipv4 => ip::ipv4_valid(value),
            Validator::Ipv6 => ip::ipv6_valid(value),
            Validator::NanpPhone => phone::nanp_valid(value),
            Validator::E164Phone => phone::e164_valid(value),
            Validator::AnyPhone => phone::any_valid(value),
            Validator::UsMbi => mbi::valid(value),
            Validator::GithubToken => github::valid(value),
            Validator::AwsKeyId => aws_key_id_valid(value),
            Validator::Jwt => jwt::valid(value),
            Validator::Date => date::valid(value),
            Validator::DateMdyCompact => date::mdy_compact_valid(value),
            Validator::Bic => bic::valid(value),
            Validator::Icd10 => icd10::valid(value),
            Validator::PemBlock => pem::valid(value),
        }
    }
}

impl fmt::Display for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Validator {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Validator::ALL.iter().find(|(n, _)| *n == s).map(|(_, v)| *v).ok_or_else(|| {
            UnknownName::new(
                "validator",
                s,
                "see `casegate packs validators` or README (luhn, card, iban, ...)",
            )
        })
    }
}

/// AWS access key ids: a known prefix, then 16 characters of the base-32 alphabet `A-Z2-7`.
fn aws_key_id_valid(value: &[u8]) -> bool {
    const PREFIXES: [&[u8]; 9] =
        [b"AKIA", b"ASIA", b"AGPA", b"AIDA", b"AROA", b"AIPA", b"ANPA", b"ANVA", b"APKA"];
    value.len() == 20
        && PREFIXES.iter().any(|p| value.starts_with(p))
        && value[4..].iter().all(|&b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs no validator may panic on, and none may accept.
    fn nasty_inputs() -> Vec<Vec<u8>> {
        let mut inputs = vec![
            Vec::new(),
            b"\xff\xfe".to_vec(),
            vec![b'9'; 10_000],
            vec![b'0'; 10_000],
            b" -./()+".repeat(1_000),
            b" -./()+".to_vec(),
            b":".repeat(100),
            b".".repeat(3),
            b"----------".to_vec(),
            b"-----BEGIN PRIVATE KEY-----".to_vec(),
            b"ghp_".to_vec(),
            b"github_pat_".to_vec(),
            b"+".to_vec(),
            b"+1".to_vec(),
            vec![0u8; 64],
            "٠١٢٣٤٥٦٧٨٩".as_bytes().to_vec(),
            "１２３４５６７８９０".as_bytes().to_vec(),
            vec![b'A'; 1 << 20],
        ];
        // Every single byte.
        inputs.extend((0..=255u8).map(|b| vec![b]));
        // A 10 MB value.
        inputs.push(vec![b'1'; 10 * 1024 * 1024]);
        inputs
    }

    #[test]
    fn no_validator_panics_or_accepts_garbage() {
        for input in nasty_inputs() {
            for &(name, v) in Validator::ALL {
                assert!(
                    !v.validate(&input),
                    "{name} accepted {:?}",
                    String::from_utf8_lossy(&input[..input.len().min(40)])
                );
            }
        }
    }

    #[test]
    fn no_validator_panics_on_truncations_and_byte_flips() {
        // Every prefix and a byte flip at every position of one valid value per validator.
        for &(_, v) in Validator::ALL {
            for sample in SAMPLES.iter().map(|(_, s)| *s) {
                for end in 0..=sample.len() {
                    let _ = v.validate(&sample[..end]);
                }
                for i in 0..sample.len() {
                    let mut flipped = sample.to_vec();
                    flipped[i] ^= 0x80;
                    let _ = v.validate(&flipped);
                }
            }
        }
    }

    /// One published valid value per validator, through the public dispatch.
    const SAMPLES: &[(Validator, &[u8])] = &[
        (Validator::Luhn, b"79927398713"),
        (Validator::Card, b"4111 1111 1111 1111"),
        (Validator::Iban, b"GB82 WEST 1234 5698 7654 32"),
        (Validator::Aba, b"021000021"),
        (Validator::AbaSpoken, b"0 2 1 0 0 0 0 2 1"),
        (Validator::Npi, b"1245319599"),
        (Validator::Dea, b"AB1234563"),
        (Validator::Nhs, b"943 476 5919"),
        (Validator::Aadhaar, b"2341 2341 2346"),
        (Validator::UsSsn, b"536-22-8726"),
        (Validator::UsSsnSpoken, b"536 22 87 26"),
        (Validator::UsItin, b"912-70-1234"),
        (Validator::CaSin, b"123-456-782"),
        (Validator::UkNino, b"AB 12 34 56 C"),
        (Validator::EsNif, b"12345678Z"),
        (Validator::ItCodiceFiscale, b"RSSMRA85T10A562S"),
        (Validator::Ipv4, b"192.0.2.1"),
        (Validator::Ipv6, b"2001:db8::1"),
        (Validator::NanpPhone, b"(212) 555-0100"),
        (Validator::E164Phone, b"+44 20 7946 0958"),
        (Validator::AnyPhone, b"02 704 3708"),
        (Validator::UsMbi, b"1EG4-TE5-MK73"),
        (Validator::GithubToken, b"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"),
        (Validator::AwsKeyId, b"AKIAIOSFODNN7EXAMPLE"),
        (Validator::Jwt, b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        (Validator::Date, b"Jan 2, 1981"),
        (Validator::DateMdyCompact, b"05121952"),
        (Validator::Bic, b"DEUTDEFF500"),
        (Validator::Icd10, b"J45.909"),
        (Validator::PemBlock, b"-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQmK\nc2ludGhldGljIHRlc3Qga2V5IG1hdGVyaWFs==\n-----END PRIVATE KEY-----\n"),
    ];

    #[test]
    fn every_validator_has_a_sample_and_accepts_it() {
        assert_eq!(SAMPLES.len(), Validator::ALL.len());
        for &(name, v) in Validator::ALL {
            let (_, sample) =
                SAMPLES.iter().find(|(s, _)| *s == v).unwrap_or_else(|| panic!("no sample for {name}"));
            assert!(v.validate(sample), "{name}");
        }
    }

    #[test]
    fn names_round_trip() {
        for &(name, v) in Validator::ALL {
            assert_eq!(v.name(), name);
            assert_eq!(v.to_string(), name);
            assert_eq!(name.parse::<Validator>().ok(), Some(v));
        }
        assert!("luhn10".parse::<Validator>().is_err());
    }

    #[test]
    fn aws_key_ids() {
        // The AWS documentation example access key id.
        assert!(aws_key_id_valid(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(aws_key_id_valid(b"ASIAIOSFODNN7EXAMPLE"));
        assert!(!aws_key_id_valid(b"AKIAIOSFODNN7EXAMPL"));
        assert!(!aws_key_id_valid(b"AKIAIOSFODNN8EXAMPLE")); // 8 is not base-32
        assert!(!aws_key_id_valid(b"AKIAiosfodnn7example"));
        assert!(!aws_key_id_valid(b"AXXAIOSFODNN7EXAMPLE"));
    }
}
