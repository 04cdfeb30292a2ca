//! Calendar dates as people write them (dates of birth, admission dates): the day must exist in
//! its month in the proleptic Gregorian calendar (leap years: divisible by 4, except centuries
//! not divisible by 400), year 1900..=2099.
//!
//! Accepted layouts (numbers may drop a leading zero except in ISO 8601 `YYYY-MM-DD`):
//! - `YYYY-MM-DD` (ISO 8601), `YYYY/MM/DD`
//! - `MM/DD/YYYY` or `DD/MM/YYYY` (either reading being a real date suffices), `MM/DD/YY`
//!   (the year read as 19YY or 20YY)
//! - `DD.MM.YYYY`, `D. M. YYYY` (Czech, Slovak), `MM-DD-YYYY`
//! - `2 Jan 1981`, `Jan 2, 1981`, `January 2 1981`, `02-Jan-1981`: English month names or
//!   three-letter abbreviations (and `Sept`), any case, an abbreviation optionally followed by `.`

/// Longest accepted text: `September 30, 2000` with room to spare.
const MAX_INPUT: usize = 32;

const MONTHS: [&[u8]; 12] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    /// A run of 1-4 digits: its value and digit count.
    Num(u32, usize),
    /// A month name, 1-12.
    Month(u32),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sep {
    Dash,
    Slash,
    Dot,
    DotSpace,
    Space,
    CommaSpace,
}

fn month_of(word: &[u8]) -> Option<u32> {
    MONTHS.iter().zip(1..).find_map(|(name, m)| {
        let abbrev = name.get(..3)?;
        let hit = word.eq_ignore_ascii_case(name)
            || word.eq_ignore_ascii_case(abbrev)
            || (m == 9 && word.eq_ignore_ascii_case(b"sept"));
        hit.then_some(m)
    })
}

/// Splits `value` into exactly three tokens and the two separators between them.
fn lex(value: &[u8]) -> Option<([Tok; 3], [Sep; 2])> {
    let mut toks = [Tok::Num(0, 0); 3];
    let mut seps = [Sep::Space; 2];
    let mut rest = value;
    for i in 0..3 {
        let run = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let (word, tail) = rest.split_at_checked(run)?;
        rest = tail;
        let tok = if !word.is_empty() && word.iter().all(u8::is_ascii_digit) {
            if word.len() > 4 {
                return None;
            }
            Tok::Num(word.iter().fold(0, |acc, &b| acc * 10 + u32::from(b - b'0')), word.len())
        } else {
            let month = month_of(word)?;
            // An abbreviation may carry a full stop: "Jan." / "Sept.".
            if word.len() <= 4 {
                if let Some(tail) = rest.strip_prefix(b".") {
                    rest = tail;
                }
            }
            Tok::Month(month)
        };
        *toks.get_mut(i)? = tok;
        if i == 2 {
            break;
        }
        let sep_len = rest.iter().take_while(|b| !b.is_ascii_alphanumeric()).count();
        let (sep, tail) = rest.split_at_checked(sep_len)?;
        rest = tail;
        *seps.get_mut(i)? = match sep {
            b"-" => Sep::Dash,
            b"/" => Sep::Slash,
            b"." => Sep::Dot,
            b". " => Sep::DotSpace,
            b" " => Sep::Space,
            b", " => Sep::CommaSpace,
            _ => return None,
        };
    }
    rest.is_empty().then_some((toks, seps))
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// `year`-`month`-`day` exists and the year is 1900..=2099.
fn real_date(year: u32, month: u32, day: u32) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2099).contains(&year) && (1..=days).contains(&day)
}

pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    let Some((toks, seps)) = lex(value) else {
        return false;
    };
    use Sep::*;
    use Tok::*;
    let short = |n: usize| (1..=2).contains(&n);
    match (toks, seps) {
        // YYYY-MM-DD
        ([Num(y, 4), Num(m, 2), Num(d, 2)], [Dash, Dash]) => real_date(y, m, d),
        // YYYY/MM/DD
        ([Num(y, 4), Num(m, ml), Num(d, dl)], [Slash, Slash]) if short(ml) && short(dl) => real_date(y, m, d),
        // MM/DD/YYYY or DD/MM/YYYY
        ([Num(a, al), Num(b, bl), Num(y, 4)], [Slash, Slash]) if short(al) && short(bl) => {
            real_date(y, a, b) || real_date(y, b, a)
        }
        // MM/DD/YY
        ([Num(m, ml), Num(d, dl), Num(yy, 2)], [Slash, Slash]) if short(ml) && short(dl) => {
            real_date(1900 + yy, m, d) || real_date(2000 + yy, m, d)
        }
        // DD.MM.YYYY
        ([Num(d, dl), Num(m, ml), Num(y, 4)], [Dot, Dot] | [DotSpace, DotSpace])
            if short(dl) && short(ml) =>
        {
            real_date(y, m, d)
        }
        // MM-DD-YYYY
        ([Num(m, ml), Num(d, dl), Num(y, 4)], [Dash, Dash]) if short(ml) && short(dl) => real_date(y, m, d),
        // 2 Jan 1981, 02-Jan-1981
        ([Num(d, dl), Month(m), Num(y, 4)], [Space, Space] | [Dash, Dash]) if short(dl) => real_date(y, m, d),
        // Jan 2, 1981 / January 2 1981
        ([Month(m), Num(d, dl), Num(y, 4)], [Space, Space | CommaSpace]) if short(dl) => real_date(y, m, d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_layouts() {
        for d in [
            "1981-01-02",
            "1981/01/02",
            "1981/1/2",
            "01/02/1981",
            "1/2/1981",
            "25/12/1981", // only the DD/MM reading is a date
            "12/25/1981", // only the MM/DD reading is a date
            "12/25/81",
            "02.01.1981",
            "2.1.1981",
            "2. 1. 1981",
            "28. 12. 1981",
            "01-02-1981",
            "2099-12-31",
            "1900-01-01",
        ] {
            assert!(valid(d.as_bytes()), "{d}");
        }
    }

    #[test]
    fn textual_layouts() {
        for d in [
            "2 Jan 1981",
            "02 January 1981",
            "Jan 2, 1981",
            "January 2 1981",
            "january 2, 1981",
            "JAN 2 1981",
            "02-Jan-1981",
            "2-jan-1981",
            "Sept 9, 1981",
            "Sep. 9, 1981",
            "30 Sep 1981",
        ] {
            assert!(valid(d.as_bytes()), "{d}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(valid(b"2000-02-29")); // divisible by 400
        assert!(valid(b"1984-02-29"));
        assert!(!valid(b"1900-02-29")); // century not divisible by 400
        assert!(!valid(b"1981-02-29"));
        assert!(valid(b"02/29/00")); // 2000 reading
        assert!(!valid(b"02/29/01"));
        assert!(valid(b"29 Feb 2024"));
        assert!(!valid(b"29 Feb 2023"));
    }

    #[test]
    fn impossible_dates() {
        for d in [
            "1981-02-30",
            "1981-04-31",
            "1981-13-01",
            "1981-00-10",
            "1981-01-00",
            "1981-01-32",
            "13/13/1981",
            "31.04.1981",
            "31. 4. 1981",
            "2. 1.1981", // mixed separators
            "2.  1. 1981",
            "31 Apr 1981",
            "Feb 30, 1981",
            "1899-12-31", // year range
            "2100-01-01",
            "01/01/1899",
        ] {
            assert!(!valid(d.as_bytes()), "{d}");
        }
    }

    #[test]
    fn layout_errors() {
        for d in [
            "1981-1-2",   // ISO needs two-digit month and day
            "1981-01/02", // mixed separators
            "01/02-1981",
            "01.02/1981",
            "25-12-1981", // dashes are MM-DD-YYYY only
            "25.12.81",   // two-digit years only as MM/DD/YY
            "81-01-02",
            "01/02/981",
            "01/02/19811",
            "2 Jan, 1981",
            "Jan 2,1981",
            "Jan  2 1981",
            "Janu 2 1981",
            "Jan2 1981",
            "2 Foo 1981",
            "1981-01-02 ",
            " 1981-01-02",
            "1981-01-02T00:00",
            "01021981",
            "",
            "1981",
            "2 Jan 1981 3",
            "2 Jän 1981",
        ] {
            assert!(!valid(d.as_bytes()), "{d}");
        }
        assert!(!valid(b"1981-01-0\xff"));
    }
}
