//! Wide spaces and other separators a scan reads as one ASCII byte.
//!
//! Word processors, mail clients and web forms put a no-break space (U+00A0) between the
//! groups of a card number, an IBAN or a phone number, French typography a narrow one
//! (U+202F), HTML bodies `&nbsp;`; labels and values are joined the same way
//! (`DOB:&nbsp;03/14/1962`). The regexes, the digit-run trigger, the context windows and the
//! validators all read an ASCII space between groups. Rather than teach each of them every
//! multi-byte separator, a scan of input holding one runs on a copy where each is a single
//! ASCII byte, and findings are mapped back to the input's offsets: a finding that starts at a
//! folded character starts at the original character, one that ends after it ends after the
//! whole character, so an offset never splits a character. Input without any (the common
//! case) costs a few literal searches and no copy.
//!
//! Folded into a space: every Unicode space separator (category Zs) but U+0020 and U+1680
//! (Ogham), `&nbsp;`, `&#160;`, `&#xa0;` in any case, two ASCII spaces between digits (PDF
//! text and aligned forms: `4094  0172  3844  5632`; three or more are a column gap and stay),
//! and the invisible format characters that right-to-left text and web editors put around
//! values: zero-width space, non-joiner and joiner (U+200B–U+200D), the direction marks and
//! embeddings (U+200E, U+200F, U+202A–U+202E), word joiner (U+2060) and direction isolates
//! (U+2066–U+2069), which wrap a number inside Arabic or Hebrew text. They become a space rather than nothing, so a
//! value is never glued to the letters after it.
//!
//! Folded into `-`: a Unicode dash (hyphen, non-breaking hyphen, figure, en and em dash, minus
//! sign) between two digits, as word processors write `5447–0894–1261–2700`.
//!
//! Folded into `@`: the HTML character references `&#64;`, `&#x40;` and `&commat;` (any case),
//! which HTML mail bodies and web forms write for the at sign (`jane&#64;example.org`).
//!
//! Folded into the character they stand for: the escapes `\n`, `\r` and `\t` written out
//! in text (a JSON string logged or pasted without decoding, an iCalendar `DESCRIPTION`:
//! `Patient: …\nDOB: 1980-01-22\nMRN: 721373`), unless the backslash is itself escaped:
//! otherwise a label right after `\n` touches the `n` and is no word.

use std::ops::Range;

/// The wide spaces, UTF-8 encoded: what [`wide_space_len`] decodes (a test holds them equal).
#[cfg(test)]
const SPACES: &[&[u8]] = &[
    "\u{00A0}".as_bytes(),
    "\u{2000}".as_bytes(),
    "\u{2001}".as_bytes(),
    "\u{2002}".as_bytes(),
    "\u{2003}".as_bytes(),
    "\u{2004}".as_bytes(),
    "\u{2005}".as_bytes(),
    "\u{2006}".as_bytes(),
    "\u{2007}".as_bytes(),
    "\u{2008}".as_bytes(),
    "\u{2009}".as_bytes(),
    "\u{200A}".as_bytes(),
    "\u{202F}".as_bytes(),
    "\u{205F}".as_bytes(),
    "\u{3000}".as_bytes(),
    "\u{200B}".as_bytes(),
    "\u{200C}".as_bytes(),
    "\u{200D}".as_bytes(),
    "\u{200E}".as_bytes(),
    "\u{200F}".as_bytes(),
    "\u{202A}".as_bytes(),
    "\u{202B}".as_bytes(),
    "\u{202C}".as_bytes(),
    "\u{202D}".as_bytes(),
    "\u{202E}".as_bytes(),
    "\u{2060}".as_bytes(),
    "\u{2066}".as_bytes(),
    "\u{2067}".as_bytes(),
    "\u{2068}".as_bytes(),
    "\u{2069}".as_bytes(),
];

/// The no-break space in HTML, matched in any case.
const ENTITIES: &[&[u8]] = &[b"&nbsp;", b"&#160;", b"&#xa0;"];

/// Length of the wide space (or invisible format character) `bytes` starts with (0 when
/// none): for the redaction operators, which keep one like any separator, and for tokens,
/// which ignore it.
///
/// Decoded by hand rather than by comparing with each of [`SPACES`]: it runs at every curly
/// quote and accented letter of the input (the table walk cost 2% of a scan).
pub(crate) fn wide_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0x80..=0x8F | 0xAA..=0xAF, ..]
        | [0xE2, 0x81, 0x9F | 0xA0 | 0xA6..=0xA9, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        [b'&', b'#' | b'n' | b'N', ..] => entity_len(bytes, ENTITIES),
        _ => 0,
    }
}

/// Length of the first of `entities` that `bytes` starts with, in any case (0 when none).
fn entity_len(bytes: &[u8], entities: &[&[u8]]) -> usize {
    let starts = |s: &[u8]| bytes.get(..s.len()).is_some_and(|b| b.eq_ignore_ascii_case(s));
    entities.iter().find(|s| starts(s)).map_or(0, |s| s.len())
}

/// The at sign in HTML, matched in any case.
const AT_ENTITIES: &[&[u8]] = &[b"&#64;", b"&#x40;", b"&commat;"];

/// Length of the Unicode dash `bytes` starts with (0 when none): hyphen, non-breaking hyphen,
/// figure dash, en and em dash (U+2010–U+2014) and minus sign (U+2212). Between two digits a
/// scan reads one as `-` (word processors turn `5447-0894` into `5447–0894`); tokens ignore
/// it like any separator.
pub(crate) fn dash_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xE2, 0x80, 0x90..=0x94, ..] | [0xE2, 0x88, 0x92, ..] => 3,
        _ => 0,
    }
}

/// Two ASCII spaces, folded into one only between two digits (see [`SpaceFinder::folds`]).
const DOUBLE: &[u8] = b"  ";

/// Finds the spaces a scan folds.
///
/// Not an aho-corasick automaton over the patterns: ticket text holds a double space every
/// ~170 bytes and a curly quote (`E2 80 99`, the lead bytes of most wide spaces) every
/// ~1,000, and an automaton stopping at each cost 13% of a whole scan (cachegrind, 20 MB of
/// the dev corpus). memchr/memmem skip to the few lead bytes and check them in place.
#[derive(Debug)]
pub(crate) struct SpaceFinder {
    double: memchr::memmem::Finder<'static>,
}

impl SpaceFinder {
    pub fn new() -> SpaceFinder {
        SpaceFinder { double: memchr::memmem::Finder::new(DOUBLE) }
    }

    /// Whether `hay` holds anything that [`Folded::fold`] folds.
    pub fn any(&self, hay: &[u8]) -> bool {
        self.folds(hay).next().is_some()
    }

    /// The spans of `hay` folded into one ASCII byte each, with that byte, in order: every
    /// wide space and invisible format character, two ASCII spaces with a digit on either side
    /// (`4094  0172  3844  5632`, from PDFs and aligned forms; three or more spaces are a
    /// column gap and stay), a Unicode dash between two digits (into `-`), and the written-out
    /// escapes `\n`, `\r`, `\t`, `\/`.
    fn folds<'a>(&'a self, hay: &'a [u8]) -> impl Iterator<Item = (Range<usize>, u8)> + 'a {
        let digit = |i: Option<usize>| i.and_then(|i| hay.get(i)).is_some_and(u8::is_ascii_digit);
        let wide = move |i: usize| Some(i..i + wide_space_len(hay.get(i..)?)).filter(|r| !r.is_empty());
        let space = |r: Range<usize>| (r, b' ');
        let dash = move |i: usize| {
            let len = dash_len(hay.get(i..)?);
            (len > 0 && digit(i.checked_sub(1)) && digit(Some(i + len))).then_some((i..i + len, b'-'))
        };
        let at_sign = move |i: usize| {
            let len = entity_len(hay.get(i..)?, AT_ENTITIES);
            (len > 0).then_some((i..i + len, b'@'))
        };
        let lead = memchr::memchr3_iter(b'&', 0xC2, 0xE2, hay)
            .filter_map(move |i| wide(i).map(space).or_else(|| dash(i)).or_else(|| at_sign(i)));
        // Not when the group after them is joined on by a dash, dot or slash: that group starts
        // another token (`ZIP 83777  617-426-1974`, `#598  480.348.8019`).
        let joined_on = move |i: usize| {
            let end = i + hay.get(i..).map_or(0, |g| g.iter().take_while(|b| b.is_ascii_digit()).count());
            hay.get(end).is_some_and(|b| matches!(b, b'-' | b'.' | b'/')) && digit(Some(end + 1))
        };
        let double = self
            .double
            .find_iter(hay)
            .filter(move |&i| digit(i.checked_sub(1)) && digit(Some(i + 2)) && !joined_on(i + 2));
        // The ideographic space (lead byte E3) and the escapes share one search: a third
        // merge of iterators costs more than the byte test.
        let others = memchr::memchr2_iter(0xE3, b'\\', hay).filter_map(move |i| {
            if hay[i] == 0xE3 {
                return wide(i).map(space);
            }
            let to = match hay.get(i + 1)? {
                b'n' => b'\n',
                b'r' => b' ',
                b't' => b'\t',
                b'/' => b'/',
                _ => return None,
            };
            // `\\n` is an escaped backslash followed by the letter n.
            (i == 0 || hay[i - 1] != b'\\').then_some((i..i + 2, to))
        });
        // No two of these overlap (none holds another's first byte), so ordering by start
        // is enough.
        merge(merge(lead, others), double.map(move |i| space(i..i + 2)))
    }
}

/// Two iterators of `(range, byte)` sorted by start, merged into one sorted by start.
fn merge(
    a: impl Iterator<Item = (Range<usize>, u8)>,
    b: impl Iterator<Item = (Range<usize>, u8)>,
) -> impl Iterator<Item = (Range<usize>, u8)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0.start < x.0.start => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// One folded character: where its ASCII byte is in the copy, and how many bytes the copy is
/// shorter than the input up to and including it.
#[derive(Clone, Copy, Debug)]
struct Fold {
    at: usize,
    /// Its offset in the input.
    original: usize,
    removed_through: usize,
}

/// A copy of an input with its wide spaces folded, and the map back (reused across scans).
#[derive(Debug, Default)]
pub(crate) struct Folded {
    pub text: Vec<u8>,
    folds: Vec<Fold>,
}

impl Folded {
    /// Folds `hay` into `self`; `false` (and `self` left empty) when it holds nothing to fold.
    pub fn fold(&mut self, finder: &SpaceFinder, hay: &[u8]) -> bool {
        self.text.clear();
        self.folds.clear();
        let mut cursor = 0;
        let mut removed = 0;
        for (m, to) in finder.folds(hay) {
            self.text.extend_from_slice(&hay[cursor..m.start]);
            removed += m.len() - 1;
            self.folds.push(Fold { at: self.text.len(), original: m.start, removed_through: removed });
            self.text.push(to);
            cursor = m.end;
        }
        if self.folds.is_empty() {
            return false;
        }
        self.text.extend_from_slice(&hay[cursor..]);
        true
    }

    /// The input offset of offset `p` of the copy: a start at a folded space is the start of
    /// the original character, an end after it is the end of it.
    pub fn original(&self, p: usize) -> usize {
        match self.folds.partition_point(|f| f.at < p) {
            0 => p,
            n => p + self.folds[n - 1].removed_through,
        }
    }

    /// The copy's offset of input offset `o`, which must not fall inside a folded character.
    pub fn folded(&self, o: usize) -> usize {
        match self.folds.partition_point(|f| f.original < o) {
            0 => o,
            n => o - self.folds[n - 1].removed_through,
        }
    }

    pub fn trim(&mut self) {
        const KEEP: usize = 1 << 16;
        if self.text.capacity() > KEEP {
            self.text = Vec::new();
        }
        if self.folds.capacity() > KEEP {
            self.folds = Vec::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> (String, Folded) {
        let mut f = Folded::default();
        let found = f.fold(&SpaceFinder::new(), s.as_bytes());
        let text = if found { String::from_utf8(f.text.clone()).unwrap() } else { s.to_owned() };
        (text, f)
    }

    #[test]
    fn html_at_sign_references_read_as_the_at_sign() {
        let (t, f) = folded("mail jane&#64;example.org or J&#X40;x.io, not &#6;4 nor &commat");
        assert_eq!(t, "mail jane@example.org or J@x.io, not &#6;4 nor &commat");
        let at = t.find('@').unwrap();
        assert_eq!(f.original(at), "mail jane".len());
    }

    #[test]
    fn every_wide_space_becomes_one_ascii_space() {
        let (t, _) = folded("4111\u{00A0}1111\u{202F}1111\u{2009}1111 DOB:&NBSP;x&#160;y&#xA0;z\u{3000}w");
        assert_eq!(t, "4111 1111 1111 1111 DOB: x y z w");
    }

    #[test]
    fn offsets_map_back_to_whole_characters() {
        let s = "card:\u{00A0}4111\u{00A0}1111 end &nbsp;9";
        let (t, f) = folded(s);
        // The copy's "4111 1111" maps to the input's, no-break space included.
        let start = t.find("4111").unwrap();
        let end = start + "4111 1111".len();
        assert_eq!(&s[f.original(start)..f.original(end)], "4111\u{00A0}1111");
        // A span that starts or ends at a folded space takes the whole character.
        let sp = t.find(' ').unwrap();
        assert_eq!(&s[f.original(sp)..f.original(sp + 1)], "\u{00A0}");
        let nine = t.find('9').unwrap();
        assert_eq!(&s[f.original(nine - 1)..f.original(nine + 1)], "&nbsp;9");
        // Every offset outside a folded character goes there and back unchanged.
        let amp = s.find('&').unwrap();
        for (i, _) in s.char_indices().filter(|&(i, _)| i <= amp || i >= amp + "&nbsp;".len()) {
            assert_eq!(f.original(f.folded(i)), i, "offset {i}");
        }
        assert_eq!(f.folded(s.len()), t.len());
    }

    #[test]
    fn wide_space_length_at_the_start() {
        assert_eq!(wide_space_len("\u{00A0}1".as_bytes()), 2);
        assert_eq!(wide_space_len("\u{202F}".as_bytes()), 3);
        assert_eq!(wide_space_len(b"&NbSp;4"), 6);
        assert_eq!(wide_space_len(b"&nbsp"), 0);
        assert_eq!(wide_space_len("\u{2019}".as_bytes()), 0);
        assert_eq!(wide_space_len(b" 1"), 0);
        assert_eq!(wide_space_len(b""), 0);
    }

    #[test]
    fn wide_space_length_agrees_with_the_list() {
        for space in SPACES.iter().chain(ENTITIES) {
            let mut b = space.to_vec();
            b.push(b'7');
            assert_eq!(wide_space_len(&b), space.len(), "{space:?}");
            assert_eq!(wide_space_len(&space[..space.len() - 1]), 0, "{space:?} cut");
        }
        for c in ['\u{00A1}', '\u{2019}', '\u{2010}', '\u{2061}', '\u{3001}', ' ', '&'] {
            assert_eq!(wide_space_len(c.to_string().as_bytes()), 0, "{c:?}");
        }
    }

    #[test]
    fn invisible_characters_and_written_escapes_fold() {
        let s = "MRN:\u{2066}308863\u{2069}.\u{200E}a@b.io\u{200E} x\\nDOB: 1\\\\n 2\\t3\\r\\n4\u{200B}5";
        let (t, f) = folded(s);
        assert_eq!(t, "MRN: 308863 . a@b.io  x\nDOB: 1\\\\n 2\t3 \n4 5");
        let start = t.find("308863").unwrap();
        assert_eq!(&s[f.original(start)..f.original(start + 6)], "308863");
        let dob = t.find("DOB").unwrap();
        assert_eq!(&s[f.original(dob - 1)..f.original(dob + 3)], "\\nDOB");
    }

    #[test]
    fn unicode_dashes_fold_between_digits_only() {
        let s = "5447\u{2013}0894\u{2011}1261\u{2212}2700 \u{2014} order 12\u{2014}x";
        let (t, f) = folded(s);
        assert_eq!(t, "5447-0894-1261-2700 \u{2014} order 12\u{2014}x");
        let end = t.find(' ').unwrap();
        assert_eq!(&s[f.original(0)..f.original(end)], "5447\u{2013}0894\u{2011}1261\u{2212}2700");
        assert_eq!(dash_len("\u{2010}".as_bytes()), 3);
        assert_eq!(dash_len("\u{2015}".as_bytes()), 0);
    }

    #[test]
    fn double_spaces_fold_between_digits_only() {
        let (t, _) = folded("4094  0172  3844  5632 |  x  |  12   34  a");
        assert_eq!(t, "4094 0172 3844 5632 |  x  |  12   34  a");
        let (t, _) = folded("ZIP 83777  617-426-1974, #598  480.348.8019, 12  3/4");
        assert_eq!(t, "ZIP 83777  617-426-1974, #598  480.348.8019, 12  3/4");
    }

    #[test]
    fn input_without_wide_spaces_is_not_copied() {
        let mut f = Folded::default();
        let finder = SpaceFinder::new();
        assert!(!f.fold(&finder, "4111 1111 — ‘quoted’ &amp; ü.  Then  12   34 a".as_bytes()));
        assert!(f.text.is_empty());
        assert!(!finder.any(b"Name  Phone"));
        assert!(finder.any(b"4111  1111"));
    }
}
