//! Business Identifier Codes (SWIFT/BIC, ISO 9362): 4-letter institution code, an ISO 3166-1
//! alpha-2 country code, a 2-character location code, and an optional 3-character branch code.
//! Uppercase only, as SWIFT publishes them.
//!
//! The country list is ISO 3166-1 alpha-2 (249 officially assigned codes) plus XK, which SWIFT
//! uses for Kosovo.

/// Every officially assigned ISO 3166-1 alpha-2 code, then XK.
const COUNTRIES: &[u8] = b"\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET \
FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT \
JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ \
OM \
PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA \
RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ \
VA VC VE VG VI VN VU \
WF WS \
YE YT \
ZA ZM ZW \
XK";

fn known_country(code: [u8; 2]) -> bool {
    COUNTRIES.chunks(3).any(|c| c.get(..2) == Some(code.as_slice()))
}

fn upper_alnum(b: &u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

pub fn valid(value: &[u8]) -> bool {
    if value.len() != 8 && value.len() != 11 {
        return false;
    }
    let Some((head, branch)) = value.split_at_checked(8) else {
        return false;
    };
    let [b1, b2, b3, b4, c1, c2, l1, l2] = *head else {
        return false;
    };
    [b1, b2, b3, b4].iter().all(u8::is_ascii_uppercase)
        && known_country([c1, c2])
        && [l1, l2].iter().all(upper_alnum)
        && branch.iter().all(upper_alnum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_bics() {
        // Deutsche Bank Frankfurt, Barclays London (with branch), Wells Fargo, the ISO 9362 and
        // IBAN-registry examples, and a test BIC (location ending in 0).
        for bic in [
            "DEUTDEFF",
            "DEUTDEFF500",
            "BARCGB22",
            "NWBKGB2LXXX",
            "WFBIUS6S",
            "UNCRITMM",
            "BNPAFRPPXXX",
            "BSCHESMM",
            "RZBAATWW",
            "CHASUS33",
            "DEUTDEF0",
        ] {
            assert!(valid(bic.as_bytes()), "{bic}");
        }
    }

    #[test]
    fn kosovo_and_country_list() {
        assert!(valid(b"RBKOXKPR"));
        let count = COUNTRIES.chunks(3).count();
        assert_eq!(count, 249 + 1);
        assert!(COUNTRIES.chunks(3).all(|c| c[0].is_ascii_uppercase() && c[1].is_ascii_uppercase()));
        let mut codes: Vec<&[u8]> = COUNTRIES.chunks(3).map(|c| &c[..2]).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 250);
    }

    #[test]
    fn invalid_bics() {
        for bic in [
            "DEUTXXFF", // XX is not a country
            "DEUTUKFF", // UK is not the ISO code (GB is)
            "DEU1DEFF", // digit in the institution code
            "deutdeff", // lowercase
            "DeutDEFF",
            "DEUTDEF", // wrong length
            "DEUTDEFF5",
            "DEUTDEFF50",
            "DEUTDEFF5000",
            "DEUTDEFF50-",
            "DEUT DEFF",
            "DEUTDEf0",
            "",
        ] {
            assert!(!valid(bic.as_bytes()), "{bic}");
        }
        assert!(!valid("DEUTDEFFÄ0".as_bytes()));
        assert!(!valid(b"DEUTDEFF\xff\xfe\xfd"));
    }
}
