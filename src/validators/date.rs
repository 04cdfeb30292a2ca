//! Calendar dates as people write them (dates of birth, admission dates): the day must exist in
//! its month in the proleptic Gregorian calendar (leap years: divisible by 4, except centuries
//! not divisible by 400), year 1900..=2099.
//!
//! Accepted layouts (numbers may drop a leading zero except in ISO 8601 `YYYY-MM-DD`):
//! - `YYYY-MM-DD` (ISO 8601), `YYYY/MM/DD`
//! - `MM/DD/YYYY` or `DD/MM/YYYY` (either reading being a real date suffices), `MM/DD/YY`
//!   (the year read as 19YY or 20YY)
//! - `DD.MM.YYYY`, `DD.MM.YY` (the year read as 19YY or 20YY), `D. M. YYYY` (Czech, Slovak),
//!   `MM-DD-YYYY`
//! - `2 Jan 1981`, `Jan 2, 1981`, `January 2 1981`, `02-Jan-1981`: English month names or
//!   three-letter abbreviations (and `Sept`), any case, an abbreviation optionally followed by `.`
//! - day and month name in German, French, Spanish, Portuguese, Italian, Dutch, Swedish and
//!   Polish (genitive, as dates are written: `30 marca 1948`): `16. Juli 1950`,
//!   `11 de junio de 1949`, `22 août 1960`; English ordinals `8th December 1985`,
//!   `March 3rd, 1980`, French `1er mai 1990`
//! - month names also in Danish, Norwegian, Finnish, Hungarian, Romanian, Indonesian, Malay,
//!   Czech, Slovak, Turkish, Russian, Ukrainian and Greek (any case, Greek with or without
//!   accents): `14 августа 1975`, `14. elokuuta 1975`, `14 Αυγούστου 1975`; Hungarian year
//!   first: `1975. augusztus 14`
//! - `1975年8月14日` (Japanese, Chinese), `1975년 8월 14일` (Korean), `14 tháng 8 năm 1975`
//!   (Vietnamese)
//! - `YYYY.MM.DD`, `YYYY. M. D` (Korean, Hungarian, Chinese forms)
//! - `YYYYMMDD` (HL7 v2 and other compact records; a compact `DDMMYYYY` is not accepted)
//! - `DD-MM-YYYY` as well as `MM-DD-YYYY` (either reading being a real date suffices), and
//!   `MM DD YYYY` / `DD MM YYYY` with two-digit month and day, and `MM DD YY` (claim forms:
//!   CMS-1500, UB-04)

/// Longest accepted text: `11 de septiembre de 1986` with room to spare.
const MAX_INPUT: usize = 40;

/// English month names; their first three letters are accepted as abbreviations.
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

/// Month names in other languages, full forms only, in the case dates are written in (the
/// genitive in Polish, Czech, Slovak, Russian, Ukrainian and Greek; the partitive in Finnish).
/// All lower case; see `month_of` for how a word is compared.
const MONTHS_I18N: &[(&str, u32)] = &[
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Dutch and Swedish
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("augusti", 8),
    ("maj", 5),
    // Polish (genitive)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Danish and Norwegian
    ("marts", 3),
    ("desember", 12),
    // Finnish (partitive, as dates are written: `14. elokuuta 1975`)
    ("tammikuuta", 1),
    ("helmikuuta", 2),
    ("maaliskuuta", 3),
    ("huhtikuuta", 4),
    ("toukokuuta", 5),
    ("kesäkuuta", 6),
    ("heinäkuuta", 7),
    ("elokuuta", 8),
    ("syyskuuta", 9),
    ("lokakuuta", 10),
    ("marraskuuta", 11),
    ("joulukuuta", 12),
    // Hungarian (`1975. augusztus 14.`), with and without accents
    ("január", 1),
    ("február", 2),
    ("március", 3),
    ("marcius", 3),
    ("április", 4),
    ("aprilis", 4),
    ("május", 5),
    ("majus", 5),
    ("június", 6),
    ("junius", 6),
    ("július", 7),
    ("julius", 7),
    ("augusztus", 8),
    ("szeptember", 9),
    ("október", 10),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Indonesian and Malay
    ("maret", 3),
    ("agustus", 8),
    ("mac", 3),
    ("julai", 7),
    ("ogos", 8),
    ("disember", 12),
    // Czech (genitive)
    ("ledna", 1),
    ("února", 2),
    ("března", 3),
    ("dubna", 4),
    ("května", 5),
    ("června", 6),
    ("července", 7),
    ("srpna", 8),
    ("září", 9),
    ("října", 10),
    ("listopadu", 11),
    ("prosince", 12),
    // Slovak (genitive)
    ("januára", 1),
    ("februára", 2),
    ("apríla", 4),
    ("mája", 5),
    ("júna", 6),
    ("júla", 7),
    ("augusta", 8),
    ("septembra", 9),
    ("októbra", 10),
    ("novembra", 11),
    ("decembra", 12),
    // Turkish, with and without its own letters
    ("ocak", 1),
    ("şubat", 2),
    ("subat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("mayis", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("agustos", 8),
    ("eylül", 9),
    ("eylul", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("kasim", 11),
    ("aralık", 12),
    ("aralik", 12),
    // Russian (genitive)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    // Ukrainian (genitive)
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
    // Greek (genitive, written here without accents: see `month_of`)
    ("ιανουαριου", 1),
    ("φεβρουαριου", 2),
    ("μαρτιου", 3),
    ("απριλιου", 4),
    ("μαιου", 5),
    ("ιουνιου", 6),
    ("ιουλιου", 7),
    ("αυγουστου", 8),
    ("σεπτεμβριου", 9),
    ("οκτωβριου", 10),
    ("νοεμβριου", 11),
    ("δεκεμβριου", 12),
];

/// Suffixes of ordinal day numbers: English `1st`..`31st`, French `1er`, Spanish/Portuguese `1º`.
const ORDINALS: [&[u8]; 6] = [b"st", b"nd", b"rd", b"th", b"er", "º".as_bytes()];

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
    let english = MONTHS.iter().zip(1..).find_map(|(name, m)| {
        let abbrev = name.get(..3)?;
        let hit = word.eq_ignore_ascii_case(name)
            || word.eq_ignore_ascii_case(abbrev)
            || (m == 9 && word.eq_ignore_ascii_case(b"sept"));
        hit.then_some(m)
    });
    english.or_else(|| {
        let hit = |w: &[u8]| {
            MONTHS_I18N.iter().find_map(|&(name, m)| w.eq_ignore_ascii_case(name.as_bytes()).then_some(m))
        };
        hit(word).or_else(|| hit(unicode_lower(word)?.as_bytes()))
    })
}

/// A word with a non-ASCII letter in lower case, Greek accents dropped (capitals are written
/// without them: `ΑΥΓΟΥΣΤΟΥ` and `Αυγούστου` are one month); `None` for an ASCII word, which
/// the ASCII case-insensitive comparison already covers. Allocates, but only runs on the
/// words of regex matches.
fn unicode_lower(word: &[u8]) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    let plain = |c: char| match c {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        c => c,
    };
    Some(text.chars().flat_map(char::to_lowercase).map(plain).collect())
}

/// A day or year number, with an ordinal suffix allowed on one or two digits (`8th`, `1er`).
fn number_of(word: &[u8]) -> Option<Tok> {
    let digits = word.iter().take_while(|b| b.is_ascii_digit()).count();
    let (num, suffix) = word.split_at_checked(digits)?;
    let plain = suffix.is_empty() && (1..=4).contains(&digits);
    let ordinal = (1..=2).contains(&digits) && ORDINALS.iter().any(|o| suffix.eq_ignore_ascii_case(o));
    (plain || ordinal).then(|| Tok::Num(value_of(num), digits))
}

/// The value of a run of ASCII digits (at most 8, so it cannot overflow).
fn value_of(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'))
}

/// Splits `value` into exactly three tokens and the two separators between them. A `de`
/// or `of` between them (`11 de junio de 1949`, `3rd of March 1970`) reads as a space.
fn lex(value: &[u8]) -> Option<([Tok; 3], [Sep; 2])> {
    let mut toks = [Tok::Num(0, 0); 3];
    let mut seps = [Sep::Space; 2];
    let mut rest = value;
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
    for i in 0..3 {
        let run = rest.iter().take_while(|b| is_word(b)).count();
        let (word, tail) = rest.split_at_checked(run)?;
        rest = tail;
        let tok = if word.first().is_some_and(u8::is_ascii_digit) {
            number_of(word)?
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
        let sep_len = rest.iter().take_while(|b| !is_word(b)).count();
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
        let connector = [b"de ".as_slice(), b"De ", b"of "].into_iter().find_map(|c| rest.strip_prefix(c));
        if let Some(tail) = connector {
            if seps[i] != Sep::Space {
                return None;
            }
            rest = tail;
        }
    }
    rest.is_empty().then_some((toks, seps))
}

/// `1975年8月14日` (Japanese, Chinese) and `1975년 8월 14일` (Korean, a space allowed after the
/// year and the month): year, month and day each followed by its character.
fn cjk(value: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(value).ok()?;
    let (y, m, d) = if text.contains('年') {
        let (y, rest) = text.split_once('年')?;
        let (m, rest) = rest.split_once('月')?;
        (y, m, rest.strip_suffix('日')?)
    } else {
        let (y, rest) = text.split_once('년')?;
        let (m, rest) = rest.trim_start_matches(' ').split_once('월')?;
        (y, m, rest.trim_start_matches(' ').strip_suffix('일')?)
    };
    let num = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| value_of(s.as_bytes()))
    };
    Some(real_date(num(y, 4..=4)?, num(m, 1..=2)?, num(d, 1..=2)?))
}

/// `14 tháng 8 năm 1975`, optionally after `ngày` (Vietnamese: day, month number, year).
fn vietnamese(value: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(value).ok()?;
    if !text.contains("tháng") {
        return None;
    }
    let text = text.strip_prefix("ngày ").unwrap_or(text);
    let mut words = text.split(' ');
    let num = |s: Option<&str>, lens: std::ops::RangeInclusive<usize>| {
        s.filter(|s| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .map(|s| value_of(s.as_bytes()))
    };
    let day = num(words.next(), 1..=2);
    let month =
        (words.next() == Some("tháng")).then(|| num(words.next().map(|m| m.trim_end_matches(',')), 1..=2));
    let year = (words.next() == Some("năm")).then(|| num(words.next(), 4..=4));
    Some(match (day, month.flatten(), year.flatten(), words.next()) {
        (Some(d), Some(m), Some(y), None) => real_date(y, m, d),
        _ => false,
    })
}

/// `12AUG1951`: day, three-letter English month, four-digit year, nothing between (military,
/// airline and some EHR exports).
fn day_month_year_glued(value: &[u8]) -> Option<bool> {
    let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) || value.len() != digits + 7 {
        return None;
    }
    let (day, rest) = value.split_at(digits);
    let (month, year) = rest.split_at(3);
    if !month.iter().all(u8::is_ascii_alphabetic) || !year.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(month_of(month).is_some_and(|m| real_date(value_of(year), m, value_of(day))))
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

/// `MMDDYYYY` as the UB-04 prints a birth date (`05121952`). Separate from [`valid`], which
/// reads an 8-digit run as `YYYYMMDD` only: a compact date is month first only where the form
/// says so.
pub fn mdy_compact_valid(value: &[u8]) -> bool {
    value.len() == 8
        && value.iter().all(u8::is_ascii_digit)
        && real_date(value_of(&value[4..]), value_of(&value[..2]), value_of(&value[2..4]))
}

pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    if let Some(ok) = cjk(value).or_else(|| vietnamese(value)) {
        return ok;
    }
    if let Ok(compact) = <&[u8; 8]>::try_from(value) {
        if compact.iter().all(u8::is_ascii_digit) {
            return real_date(value_of(&compact[..4]), value_of(&compact[4..6]), value_of(&compact[6..]));
        }
    }
    if let Some(ok) = day_month_year_glued(value) {
        return ok;
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
        // YYYY/MM/DD; YYYY.MM.DD and YYYY. M. D (Korean, Hungarian, Chinese forms)
        ([Num(y, 4), Num(m, ml), Num(d, dl)], [Slash, Slash] | [Dot, Dot] | [DotSpace, DotSpace])
            if short(ml) && short(dl) =>
        {
            real_date(y, m, d)
        }
        // MM/DD/YYYY or DD/MM/YYYY
        ([Num(a, al), Num(b, bl), Num(y, 4)], [Slash, Slash]) if short(al) && short(bl) => {
            real_date(y, a, b) || real_date(y, b, a)
        }
        // MM/DD/YY or DD/MM/YY
        ([Num(a, al), Num(b, bl), Num(yy, 2)], [Slash, Slash]) if short(al) && short(bl) => {
            [1900 + yy, 2000 + yy].into_iter().any(|y| real_date(y, a, b) || real_date(y, b, a))
        }
        // DD.MM.YY (`geb. 22.03.82`, `Data nascita 04.08.49`): only ever read after a
        // birth-date label, as every layout here
        ([Num(d, dl), Num(m, ml), Num(yy, 2)], [Dot, Dot]) if short(dl) && short(ml) => {
            real_date(1900 + yy, m, d) || real_date(2000 + yy, m, d)
        }
        // DD.MM.YYYY
        ([Num(d, dl), Num(m, ml), Num(y, 4)], [Dot, Dot] | [DotSpace, DotSpace])
            if short(dl) && short(ml) =>
        {
            real_date(y, m, d)
        }
        // MM-DD-YYYY or DD-MM-YYYY; `MM DD YYYY` as claim forms print it, two-digit month
        // and day (CMS-1500 box 3: `11 27 1971`)
        ([Num(a, al), Num(b, bl), Num(y, 4)], [Dash, Dash]) if short(al) && short(bl) => {
            real_date(y, a, b) || real_date(y, b, a)
        }
        ([Num(a, 2), Num(b, 2), Num(y, 4)], [Space, Space]) => real_date(y, a, b) || real_date(y, b, a),
        // `MM DD YY` (CMS-1500 box 11a: `09 19 01`), month first as the US form prints it
        ([Num(m, 2), Num(d, 2), Num(yy, 2)], [Space, Space]) => {
            real_date(1900 + yy, m, d) || real_date(2000 + yy, m, d)
        }
        // 2 Jan 1981, 02-Jan-1981, 16. Juli 1950
        ([Num(d, dl), Month(m), Num(y, 4)], [Space | DotSpace, Space] | [Dash, Dash]) if short(dl) => {
            real_date(y, m, d)
        }
        // 1975. augusztus 14 (Hungarian: year, month name, day)
        ([Num(y, 4), Month(m), Num(d, dl)], [DotSpace | Space, Space]) if short(dl) => real_date(y, m, d),
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
            "25.12.81",
            "04.08.49",
            "02.01.1981",
            "2.1.1981",
            "2. 1. 1981",
            "28. 12. 1981",
            "01-02-1981",
            "25-12-1981", // DD-MM-YYYY (Dutch, Danish)
            "11 27 1971", // MM DD YYYY (CMS-1500)
            "09 19 01",   // MM DD YY (CMS-1500)
            "1980.03.12",
            "1980. 3. 12",
            "1975년 8월 14일",
            "1975년8월14일",
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
    fn other_languages_ordinals_and_cjk() {
        for d in [
            "16. Juli 1950",
            "4. Januar 1942",
            "3. März 1960",
            "11 de junio de 1949",
            "25 de setembro de 1985",
            "3rd of March 1970",
            "21 of June 1944",
            "22 août 1960",
            "1er mai 1990",
            "23 novembre 1953",
            "14 aprile 1938",
            "12 mei 2020",
            "30 marca 1948",
            "7 października 1999",
            "3 augusti 1977",
            "8th December 1985",
            "March 3rd, 1980",
            "1975年8月14日",
            "1972年4月6日",
            "14 августа 1975",
            "14 АВГУСТА 1975",
            "3 березня 1961",
            "14 Αυγούστου 1975",
            "14 ΑΥΓΟΥΣΤΟΥ 1975",
            "1 Μαΐου 1980",
            "14. srpna 1975",
            "2. února 1961",
            "14. augusta 1975",
            "17/05/45", // DD/MM/YY
            "05/17/45", // MM/DD/YY
            "12AUG1951",
            "3jan1980",
            "14 Ağustos 1975",
            "14 AGUSTOS 1975",
            "14. elokuuta 1975",
            "1975. augusztus 14",
            "1975. március 3",
            "14 februarie 1975",
            "17 Agustus 1945",
            "14 marts 1975",
            "14 tháng 8 năm 1975",
            "ngày 14 tháng 8, năm 1975",
            "FÉVRIER 3 1981",
            "19690822",
            "20000229",
        ] {
            assert!(valid(d.as_bytes()), "{d}");
        }
        for d in ["19691322", "19690832", "19000229", "22690822", "1969082x"] {
            assert!(!valid(d.as_bytes()), "{d}");
        }
        for d in [
            "31. Juni 1950",       // June has 30 days
            "11 de de junio 1949", // one `de` at a time
            "11-de junio de 1949",
            "32nd December 1985",
            "8xx December 1985",
            "1975年13月14日",
            "75年8月14日",
            "1975年8月14",
            "30 lutego 2000",
            "31 апреля 1975", // April has 30 days
            "14 августб 1975",
            "1975. augusztus 32",
            "14 tháng 13 năm 1975",
            "14 tháng 8 năm 75",
            "14 tháng 8 năm 1975 x",
            "ngày 14 tháng 8",
            "13 27 1971", // neither reading is a date
            "17/17/45",
            "32AUG1951",
            "12AUX1951",
            "12AUG195",
            "123AUG1951",
            "1 27 1971", // spaced numbers need two-digit month and day
            "19 09 01",  // `MM DD YY` is month first
            "9 19 01",
            "1980.13.12",
            "1975년 13월 14일",
        ] {
            assert!(!valid(d.as_bytes()), "{d}");
        }
    }

    #[test]
    fn compact_month_first_dates() {
        for d in ["05121952", "02292000", "12311999"] {
            assert!(mdy_compact_valid(d.as_bytes()), "{d}");
        }
        for d in ["19520512", "13121952", "02292001", "0512195", "051219520", "05-12-1952", "05121852"] {
            assert!(!mdy_compact_valid(d.as_bytes()), "{d}");
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
            "25.12.81 ", // trailing space
            "31.04.81",  // April has 30 days
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
