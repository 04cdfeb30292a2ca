//! Context words: does a detector's word (or exclusion word) stand near a value?
//!
//! Words are matched ASCII case-insensitively as whole words (the bytes either side are not
//! ASCII letters or digits) within `window` bytes before and after the value. This only runs
//! on candidates, never over the whole input.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::packs::Context;

#[derive(Clone, Debug)]
pub struct ContextMatcher {
    window: usize,
    /// Longest word or exclusion, so a word that starts inside the window is seen whole.
    longest: usize,
    words: Option<AhoCorasick>,
    exclude: Option<AhoCorasick>,
    /// Exclusion words only count before the value.
    exclude_before: bool,
    /// Bytes between an exclusion word and the value (at most `window`).
    exclude_window: usize,
    /// Exclusion words that count after the value, within `exclude_after_window` bytes.
    exclude_after: Option<AhoCorasick>,
    exclude_after_window: usize,
    /// `context.exclude.len()`: where `exclude_after` indices start in [`ContextHit::excluded`].
    excluded_before_after: usize,
}

/// What the context check saw around one value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContextHit {
    /// Index into the detector's `context.words` of the nearest word, if any.
    pub word: Option<usize>,
    /// Index into `context.exclude` of an exclusion word found, if any (an `exclude_after`
    /// word counts from `context.exclude.len()`).
    pub excluded: Option<usize>,
}

/// Automata already built, by word list: sibling detectors share their lists (the nine card
/// brands, the phone layouts), and an automaton clones cheaply (it is reference-counted).
#[derive(Default)]
pub struct AutomatonCache(HashMap<Vec<String>, Option<AhoCorasick>>);

impl AutomatonCache {
    fn get(&mut self, words: &[String]) -> Result<Option<AhoCorasick>, aho_corasick::BuildError> {
        if let Some(built) = self.0.get(words) {
            return Ok(built.clone());
        }
        let built = automaton(words)?;
        self.0.insert(words.to_vec(), built.clone());
        Ok(built)
    }
}

impl ContextMatcher {
    #[cfg(test)]
    pub fn build(c: &Context) -> Result<ContextMatcher, aho_corasick::BuildError> {
        Self::build_cached(c, &mut AutomatonCache::default())
    }

    /// [`ContextMatcher::build`], reusing automata of identical word lists from `cache`.
    pub fn build_cached(
        c: &Context,
        cache: &mut AutomatonCache,
    ) -> Result<ContextMatcher, aho_corasick::BuildError> {
        let longest =
            c.words.iter().chain(&c.exclude).chain(&c.exclude_after).map(String::len).max().unwrap_or(0);
        Ok(ContextMatcher {
            window: c.window as usize,
            longest,
            words: cache.get(&c.words)?,
            exclude: cache.get(&c.exclude)?,
            exclude_before: c.exclude_before,
            exclude_window: (c.exclude_window as usize).min(c.window as usize),
            exclude_after: cache.get(&c.exclude_after)?,
            exclude_after_window: (c.exclude_after_window as usize).min(c.window as usize),
            excluded_before_after: c.exclude.len(),
        })
    }

    /// Looks around `hay[start..end]`: a word counts when at most `window` bytes separate it
    /// from the value.
    pub fn check(&self, hay: &[u8], start: usize, end: usize) -> ContextHit {
        let reach = self.window + self.longest;
        let lo = start.saturating_sub(reach);
        let hi = end.saturating_add(reach).min(hay.len());
        let near = |ac: &AhoCorasick, (lo, hi), window, before: usize, clause: bool| {
            nearest_word(ac, hay, (lo, hi), (before, start), end, (window, clause), self.longest)
        };
        // Exclusions within their own (narrower) window; before only: the search stops at the
        // value's end (a word cannot start inside it).
        // Glue words right before the value ("order **number is** 4111…") do not count as
        // distance: the window is measured from where they start.
        // A value listed after another (`test card 4242 … and 5555 …`, `(or 4000 …)`) is measured
        // from the start of the list: the word before the first value names them all.
        let before = if self.exclude.is_some() {
            list_start(hay, glue_start(hay, start), (start, end))
        } else {
            start
        };
        let ex_reach = self.exclude_window + self.longest;
        let ex_lo = before.saturating_sub(ex_reach);
        let ex_hi = if self.exclude_before { end } else { end.saturating_add(ex_reach) }.min(hay.len());
        // An exclusion word counts in the value's own sentence only (`… account number 34123061.
        // The number 020 8145 6023 is …`); a context word may stand in the line or sentence
        // before (`NHS number:` above the value).
        let excluded =
            self.exclude.as_ref().and_then(|ac| near(ac, (ex_lo, ex_hi), self.exclude_window, before, true));
        ContextHit {
            word: self.words.as_ref().and_then(|ac| near(ac, (lo, hi), self.window, start, false)),
            excluded: excluded.or_else(|| self.excluded_after(hay, end)),
        }
    }

    /// An `exclude_after` word starting at most `exclude_after_window` bytes after `end`, in
    /// the value's own clause: a word past a line break or a sentence or list separator
    /// describes the next value (`cc: 4111 …. the test PAN from the docs, 4242 …`).
    fn excluded_after(&self, hay: &[u8], end: usize) -> Option<usize> {
        let ac = self.exclude_after.as_ref()?;
        let hi = end.saturating_add(self.exclude_after_window + self.longest).min(hay.len());
        let input = overlapping_from(ac, hay, end, hi, self.longest)?;
        ac.find_overlapping_iter(input)
            .find(|m| {
                m.start() - end <= self.exclude_after_window
                    && is_whole_word(hay, m.start(), m.end())
                    && hay.get(end..m.start()).is_some_and(|gap| !crosses_clause(gap))
                    && !names_next_number(hay, m.end())
            })
            .map(|m| self.excluded_before_after + m.pattern().as_usize())
    }
}

impl ContextMatcher {
    /// Whether some word stands near enough to *any* value inside `hay[start..end]` to count
    /// for it: a whole-word match within `window` bytes of the range (or inside it). When this
    /// is false, [`ContextMatcher::check`] finds no word for any value in the range.
    pub fn word_near_range(&self, hay: &[u8], start: usize, end: usize) -> bool {
        let Some(ac) = &self.words else { return false };
        let reach = self.window + self.longest;
        let lo = start.saturating_sub(reach);
        let hi = end.saturating_add(reach).min(hay.len());
        let Some(input) = overlapping_from(ac, hay, lo, hi, self.longest) else { return false };
        ac.find_overlapping_iter(input).any(|m| {
            m.end().saturating_add(self.window) >= start
                && m.start() <= end.saturating_add(self.window)
                && is_whole_word(hay, m.start(), m.end())
        })
    }
}

/// Every context and exclusion word of the given contexts, in one automaton: does a label
/// (a field name, a column header) hold any word that some detector looks for?
#[derive(Clone, Debug)]
pub struct AnyWord(Option<AhoCorasick>);

impl AnyWord {
    pub fn build<'a>(
        contexts: impl Iterator<Item = &'a Context>,
    ) -> Result<AnyWord, aho_corasick::BuildError> {
        let mut words: Vec<String> = contexts
            .flat_map(|c| c.words.iter().chain(&c.exclude).chain(&c.exclude_after))
            .cloned()
            .collect();
        words.sort_unstable();
        words.dedup();
        Ok(AnyWord(automaton(&words)?))
    }

    /// Whether one of the words occurs in `text` as a whole word.
    pub fn in_text(&self, text: &[u8]) -> bool {
        self.0
            .as_ref()
            .is_some_and(|ac| ac.find_overlapping_iter(text).any(|m| is_whole_word(text, m.start(), m.end())))
    }
}

fn automaton(words: &[String]) -> Result<Option<AhoCorasick>, aho_corasick::BuildError> {
    if words.is_empty() {
        return Ok(None);
    }
    // No prefilter: these automata only ever search the short span around one candidate,
    // where a Teddy or Rabin-Karp setup per call costs more than the search.
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(words)
        .map(Some)
}

/// Longest run of glue words (with their punctuation) between an exclusion word and the
/// value that is not counted against the exclusion window.
const GLUE_REACH: usize = 24;

/// Words that only join a label to its value: "order **number is** 4111…", "ordine
/// **numero** 5111…", "devolución **n.º** 941…" (read as `n`, `.`, `º`). An exclusion word followed by nothing but these (and punctuation) still
/// labels the value, however narrow the exclusion window.
const GLUE: [&str; 22] = [
    "is", "was", "are", "number", "no", "nr", "nbr", "num", "nº", "n°", "n", "º", "numero", "número",
    "nummer", "id", "est", "ist", "es", "è", "é", "de",
];

/// Where the [`GLUE`] words (and the punctuation between them) that end right before `start`
/// begin, at most [`GLUE_REACH`] bytes back; `start` when there are none.
fn glue_start(hay: &[u8], start: usize) -> usize {
    let separator = |b: u8| b.is_ascii_whitespace() || b"#:.=-('\",".contains(&b);
    let limit = start.saturating_sub(GLUE_REACH);
    let mut glue = start;
    let mut i = start;
    loop {
        while i > limit && hay.get(i - 1).is_some_and(|&b| separator(b)) {
            i -= 1;
        }
        let word_end = i;
        while i > limit && hay.get(i - 1).is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80) {
            i -= 1;
        }
        let Some(word) = hay.get(i..word_end).filter(|w| !w.is_empty()) else { return glue };
        let whole = i == 0 || hay.get(i - 1).is_some_and(|&b| !b.is_ascii_alphanumeric() && b < 0x80);
        let is_glue = GLUE.iter().any(|g| g.as_bytes().eq_ignore_ascii_case(word));
        if !whole || !is_glue {
            return glue;
        }
        glue = i;
    }
}

/// Where a list of numbers like the value `v0..v1` that ends right before `start`
/// begins: while `start` is preceded by a list joiner (`and`, `or`, `,`, `/`, `&`, an opening
/// parenthesis) and, before it, a number with at most four digits fewer than the value (digits
/// joined by single spaces, dashes or dots), moves to that number's start. Up to eight numbers;
/// anything else ends the list. `order 1234567 and 4111 …` is no list: the order number is
/// not like the card.
fn list_start(hay: &[u8], start: usize, (v0, v1): (usize, usize)) -> usize {
    let mut at = start;
    // Counted only once a joiner is seen: most values stand alone.
    let mut digits = None;
    for _ in 0..8 {
        let Some(joined) = list_joiner_start(hay, at) else { return at };
        let digits = *digits.get_or_insert_with(|| {
            hay.get(v0..v1).unwrap_or_default().iter().filter(|b| b.is_ascii_digit()).count()
        });
        match number_start(hay, joined) {
            Some((n, d)) if d + 4 >= digits => at = n,
            _ => return at,
        }
    }
    at
}

/// Start of the joiner (with the spaces around it) that ends right before `at`: a whole word
/// `and`/`or`, then (or instead) one of `,` `/` `&` `(` (`4242 … (or 4000 …)`, `4242 …, and
/// 5555 …`).
fn list_joiner_start(hay: &[u8], at: usize) -> Option<usize> {
    let byte = |i: usize| hay.get(i).copied().unwrap_or(0);
    let skip_spaces = |mut i: usize| {
        while i > 0 && byte(i - 1) == b' ' {
            i -= 1;
        }
        i
    };
    let mut i = skip_spaces(at);
    let mut joined = false;
    let mut w = i;
    while w > 0 && byte(w - 1).is_ascii_alphabetic() {
        w -= 1;
    }
    let word = hay.get(w..i).unwrap_or_default();
    if (word.eq_ignore_ascii_case(b"and") || word.eq_ignore_ascii_case(b"or"))
        && (w == 0 || !byte(w - 1).is_ascii_alphanumeric())
    {
        i = skip_spaces(w);
        joined = true;
    }
    if i > 0 && matches!(byte(i - 1), b',' | b'/' | b'&' | b'(') {
        i = skip_spaces(i - 1);
        joined = true;
    }
    joined.then_some(i)
}

/// Start and digit count of the number (4+ digits, groups joined by one space, `-` or `.`)
/// ending at `end`.
fn number_start(hay: &[u8], end: usize) -> Option<(usize, usize)> {
    let mut i = end;
    let mut digits = 0;
    while i > 0 {
        match hay.get(i - 1) {
            Some(b) if b.is_ascii_digit() => {
                digits += 1;
                i -= 1;
            }
            Some(b' ' | b'-' | b'.')
                if i < end && i >= 2 && hay.get(i - 2).is_some_and(u8::is_ascii_digit) =>
            {
                i -= 1;
            }
            _ => break,
        }
    }
    let glued = i > 0 && hay.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
    (digits >= 4 && !glued).then_some((i, digits))
}

/// The whole-word match in `hay[lo..hi]` outside the value `start..end`, nearest to it. A word
/// before the value is measured from `before` (at most `start`: where glue words begin), one
/// after it from `end`. With `clause`, a word a sentence end separates from the value does not
/// count (see [`ends_sentence`]).
fn nearest_word(
    ac: &AhoCorasick,
    hay: &[u8],
    (lo, hi): (usize, usize),
    (before, start): (usize, usize),
    end: usize,
    (window, clause): (usize, bool),
    longest: usize,
) -> Option<usize> {
    let input = overlapping_from(ac, hay, lo, hi, longest)?;
    let mut best: Option<(usize, usize)> = None;
    // Overlapping: a longer word that fails the whole-word check (`nhs number` in "NHS
    // numbers") must not hide a shorter one that passes (`nhs`).
    for m in ac.find_overlapping_iter(input) {
        if m.start() < end && m.end() > start {
            continue; // inside the value itself
        }
        if !is_whole_word(hay, m.start(), m.end()) {
            continue;
        }
        let distance = if m.end() <= start { before.saturating_sub(m.end()) } else { m.start() - end };
        if distance > window {
            continue;
        }
        if clause {
            // A period right after a word before the value ends an abbreviation (`Acct. 4111 …`,
            // `ref. …`), not a sentence.
            let gap = if m.end() <= start {
                hay.get(m.end()..before).map(|g| g.strip_prefix(b".").unwrap_or(g))
            } else {
                hay.get(end..m.start())
            };
            if gap.is_some_and(ends_sentence) {
                continue;
            }
        }
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, m.pattern().as_usize()));
        }
    }
    best.map(|(_, p)| p)
}

/// The input for an overlapping search of `hay[lo..hi]`, or `None` when no word occurs there.
///
/// Most candidates have no word near them. A plain (non-overlapping) search answers that
/// first, in the automaton's tight loop rather than the overlapping iterator's resumable one
/// (−85 M of 3.7 G instructions on a 100k-row CSV with an `ssn` column). Its match ends
/// first among all occurrences, so none starts before `end - longest`: the overlapping
/// search starts there.
fn overlapping_from<'h>(
    ac: &AhoCorasick,
    hay: &'h [u8],
    lo: usize,
    hi: usize,
    longest: usize,
) -> Option<aho_corasick::Input<'h>> {
    if lo >= hi {
        return None;
    }
    let first = ac.find(aho_corasick::Input::new(hay).range(lo..hi))?;
    let from = first.end().saturating_sub(longest).max(lo);
    Some(aho_corasick::Input::new(hay).range(from..hi))
}

/// Whether `gap` (between a word and a value) holds a sentence end: `.`, `;`, `!` or `?`
/// before white space.
fn ends_sentence(gap: &[u8]) -> bool {
    gap.windows(2).any(|w| matches!(w, [b'.' | b';' | b'!' | b'?', b' ' | b'\n' | b'\r' | b'\t']))
}

/// Whether the text between a value and a word after it ends the value's clause: a line
/// break or a sentence end (`4111 …. the test PAN from the docs, 4242 …`).
fn crosses_clause(gap: &[u8]) -> bool {
    gap.contains(&b'\n') || ends_sentence(gap)
}

/// Whether a number follows the word ending at `at` (after at most three spaces, colons or
/// `#`): then the word names that number, not the value before it (`4111 … - la tarjeta de
/// prueba 6011 …`).
fn names_next_number(hay: &[u8], at: usize) -> bool {
    let rest = hay.get(at..).unwrap_or_default();
    let skip = rest.iter().take(3).take_while(|b| matches!(b, b' ' | b':' | b'#')).count();
    rest.get(skip).is_some_and(u8::is_ascii_digit)
}

pub fn is_whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    let word = |i: usize| hay.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let first_alnum = hay.get(start).is_some_and(u8::is_ascii_alphanumeric);
    let last_alnum = end > 0 && hay.get(end - 1).is_some_and(u8::is_ascii_alphanumeric);
    // A lower-case letter followed by a capital is a camelCase word break (`nhsNumber`,
    // `patientMRN`): the words of an identifier count as words.
    let camel = |i: usize| {
        hay.get(i).is_some_and(u8::is_ascii_lowercase) && hay.get(i + 1).is_some_and(u8::is_ascii_uppercase)
    };
    // A boundary only matters on the side where the word itself ends in a letter or digit
    // (`#` in "chart #" needs no boundary after it).
    (!first_alnum || start == 0 || !word(start - 1) || camel(start - 1))
        && (!last_alnum || !word(end) || camel(end - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(words: &[&str], exclude: &[&str], window: u32) -> ContextMatcher {
        ContextMatcher::build(&Context {
            words: words.iter().map(|s| s.to_string()).collect(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
            window,
            required: false,
            boost: 0.1,
            exclude_before: false,
            exclude_window: u32::MAX,
            exclude_after: Vec::new(),
            exclude_after_window: 0,
        })
        .unwrap()
    }

    #[test]
    fn exclude_after_words_count_only_right_after_the_value() {
        let c = ContextMatcher::build(&Context {
            exclude: vec!["order".to_string()],
            exclude_before: true,
            exclude_window: 3,
            exclude_after: vec!["test card".to_string()],
            exclude_after_window: 12,
            window: 48,
            ..Context::default()
        })
        .unwrap();
        let excluded = |s: &str, v: &str| excluded_at(&c, s, v);
        let pan = "4242 4242 4242 4242";
        assert_eq!(excluded("logged 4242 4242 4242 4242 (Stripe test card)", pan), Some(1));
        assert_eq!(excluded("order 4242 4242 4242 4242 paid", pan), Some(0));
        // Too far after, before the value, or not a whole word: not excluded.
        assert_eq!(excluded("4242 4242 4242 4242 was charged; the test card failed", pan), None);
        assert_eq!(excluded("test card failed, then 4242 4242 4242 4242 went through", pan), None);
        assert_eq!(excluded("4242 4242 4242 4242 (latest cards)", pan), None);
        // A word in the next clause or on the next line belongs to the next value.
        assert_eq!(excluded("cc: 4242 4242 4242 4242. the test card from the docs", pan), None);
        assert_eq!(excluded("4242 4242 4242 4242 - la test card 6011 1111 1111 1117", pan), None);
        assert_eq!(excluded("4242 4242 4242 4242 - Stripe test card", pan), Some(1));
        assert_eq!(excluded("4242 4242 4242 4242\n4) test card 4012", pan), None);
        assert_eq!(excluded("4242 4242 4242 4242; test card", pan), None);
        assert_eq!(excluded("4242 4242 4242 4242, a test card", pan), Some(1));
    }

    /// The exclusion `c` finds for the first `v` in `s`.
    fn excluded_at(c: &ContextMatcher, s: &str, v: &str) -> Option<usize> {
        let start = s.find(v).unwrap();
        c.check(s.as_bytes(), start, start + v.len()).excluded
    }

    #[test]
    fn exclusion_words_before_the_value_count_in_its_sentence_only() {
        let c = ContextMatcher::build(&Context {
            exclude: vec!["account".to_string()],
            exclude_before: true,
            exclude_window: 24,
            window: 48,
            ..Context::default()
        })
        .unwrap();
        let excluded = |s: &str, v: &str| excluded_at(&c, s, v);
        let phone = "020 8145 6023";
        assert_eq!(excluded("account number 34123061.\nThe number 020 8145 6023 is new", phone), None);
        assert_eq!(excluded("account closed; 020 8145 6023 is new", phone), None);
        assert_eq!(excluded("account on file 020 8145 6023", phone), Some(0));
        // An abbreviation's period is no sentence end.
        assert_eq!(excluded("account. 020 8145 6023", phone), Some(0));
        assert_eq!(excluded("account no. 020 8145 6023", phone), Some(0));
    }

    #[test]
    fn finds_words_before_and_after_case_insensitively() {
        let c = ctx(&["dob", "date of birth"], &[], 20);
        let s = b"Patient DOB: 1981-01-02";
        assert_eq!(c.check(s, 13, 23).word, Some(0));
        let s = b"1981-01-02 is the Date of Birth";
        assert_eq!(c.check(s, 0, 10).word, Some(1));
    }

    #[test]
    fn respects_window_and_whole_words() {
        let c = ctx(&["dob"], &[], 5);
        assert_eq!(c.check(b"DOB: ........ 1981", 14, 18).word, None);
        assert_eq!(c.check(b"adobe 1981", 6, 10).word, None);
    }

    #[test]
    fn camel_case_identifiers_hold_words() {
        let c = ctx(&["nhs", "mrn"], &[], 20);
        assert_eq!(c.check(b"nhsNumber: '7264239020'", 12, 22).word, Some(0));
        assert_eq!(c.check(b"patientMRN = 123456", 13, 19).word, Some(1));
        assert_eq!(c.check(b"nhsnumber 7264239020", 10, 20).word, None);
        assert_eq!(c.check(b"NHSNUMBER 7264239020", 10, 20).word, None);
    }

    #[test]
    fn exclusion_words() {
        let c = ctx(&[], &["tracking"], 30);
        assert_eq!(c.check(b"Tracking number: 4665", 17, 21).excluded, Some(0));
        assert_eq!(c.check(b"4665 tracking", 0, 4).excluded, Some(0));
    }

    #[test]
    fn exclusion_words_reach_over_glue_words_only() {
        let mut c = ctx(&[], &["order", "ordine", "loyalty"], 30);
        c.exclude_window = 3;
        let excluded = |s: &str| {
            let v = s.find('4').unwrap_or(0);
            c.check(s.as_bytes(), v, s.len()).excluded.is_some()
        };
        assert!(excluded("order 4111111111111111"));
        assert!(excluded("Order number is 4111111111111111"));
        assert!(excluded("ordine numero: 4111111111111111"));
        assert!(excluded("loyalty nº 4111111111111111"));
        // Other words between: the order is not what the number is.
        assert!(!excluded("order shipped, card 4111111111111111"));
        assert!(!excluded("order paid with 4111111111111111"));
        assert!(!excluded("order number is one thing, the card is 4111111111111111"));
    }

    #[test]
    fn an_exclusion_word_before_a_list_names_every_number_in_it() {
        let mut c = ctx(&[], &["test card", "test cards", "order"], 30);
        c.exclude_window = 3;
        c.exclude_before = true;
        let ex = |s: &str, v: &str| excluded_at(&c, s, v).is_some();
        let s = "tested w/ test card 3782 822463 10005 and 2223003122003222 (declines as expected)";
        assert!(ex(s, "2223003122003222"));
        let s = "test cards 4242 4242 4242 4242, 4000 0566 5566 5556 / 5555 5555 5555 4444 all decline";
        assert!(ex(s, "4000 0566 5566 5556") && ex(s, "5555 5555 5555 4444"));
        assert!(ex("use test card 4242424242424242 (or 4000056655665556) in staging", "4000056655665556"));
        // A word between ends the list; so does a first number unlike the value.
        assert!(!ex("test card 4242424242424242 and real card 4111 1111 1111 1111", "4111 1111 1111 1111"));
        assert!(!ex("order 1234567 and 4111 1111 1111 1111", "4111 1111 1111 1111"));
        assert!(!ex("order CLM1234567890 and 4111111111111111", "4111111111111111"));
    }

    #[test]
    fn exclusion_words_before_only() {
        let mut c = ctx(&["ip"], &["version"], 10);
        c.exclude_before = true;
        assert_eq!(c.check(b"version 1.2.3.4", 8, 15).excluded, Some(0));
        c.exclude_window = 4;
        assert_eq!(c.check(b"version is 1.2.3.4", 11, 18).excluded, Some(0));
        // Glue words between do not count against the window; other words do.
        assert_eq!(c.check(b"version was 1.2.3.4", 12, 19).excluded, Some(0));
        assert_eq!(c.check(b"version then 1.2.3.4", 13, 20).excluded, None);
        let s = b"ip 10.40.164.198\nversion 3.19.1.386";
        assert_eq!(c.check(s, 3, 16), ContextHit { word: Some(0), excluded: None });
    }
}
