//! Grouped digit runs: card numbers written back to back in one run of digit groups
//! (`4111 1111 1111 1111 5500 0000 0000 0004`, `4111111111111111 5500000000000004`).
//!
//! A regex match reads one value out of such a run: a brand regex whose absorbing tail takes
//! every following group (then the value fails its validator and nothing is reported), or a
//! value from the middle of a longer grouped number (then redacting it can leave digits that
//! form a new value with their neighbours). For a detector whose validator
//! [splits digit runs](crate::validators::Validator::splits_digit_runs), the engine instead
//! looks at the whole run around the match and reports values only when the run splits, at group
//! boundaries, into values that all validate.
//!
//! This module owns finding the run and splitting it. It runs only at a regex match of such a
//! detector and reads at most [`MAX_SIDE`] bytes either side of it: never a pass over the input.

/// How far a run may extend beyond the matched value on each side. Far below the stream
/// carry-over (8 KiB at least), so a streaming scan sees the same run as a slice scan.
pub(super) const MAX_SIDE: usize = 1024;

/// Most digits one piece of a split may hold (the capacity of `validators::Digits`).
const MAX_PIECE_DIGITS: usize = 32;

/// The grouped run around the value at `start..end`: the value extended over digit groups
/// joined to it by a single space, dash or dot (one kind throughout, and the value's own if it has
/// separators). A group that is itself glued to a letter, or joined to further digits by a
/// different separator (`12/29`, `1,200`), belongs to another token and ends the run.
///
/// `None` when the value is not digits with single separators of one kind, or when the run
/// reaches further than [`MAX_SIDE`] (the caller then judges the value alone).
///
/// The same rule trims the value's own last group when punctuation ties it to another token:
/// a brand regex's absorbing tail takes ` 12` from `4111 1111 1111 1111 12/29`, but `12` is
/// the month of the date, so the run is `4111 1111 1111 1111`.
pub(super) fn around(hay: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let value = hay.get(start..end)?;
    let sep = separator(value)?;
    let (left, sep) = extend_left(hay, start, sep)?;
    // An expiry date after the number (`…0161 066/11-25`) does not tie its last group to a
    // date, as `12/29` does in `4111 1111 1111 1111 12/29`.
    let expiry = hay.get(end) == Some(&b'/') && expiry_follows(hay, end + 1);
    let tied =
        |c: u8| hay.get(end) != Some(&b' ') && !expiry && ties_elsewhere(hay, Some(end), Some(end + 1), c);
    if let Some(c) = sep.filter(|&c| tied(c)) {
        let last_sep = value.iter().rposition(|&b| b == c).map(|i| start + i);
        return Some((left, last_sep.filter(|&i| i > left).unwrap_or(end)));
    }
    let (right, _) = extend_right(hay, end, sep)?;
    Some((left, right))
}

/// `Some(Some(b))`: digit groups joined by single `b` bytes (space or dash); `Some(None)`: plain
/// digits; `None`: anything else.
fn separator(value: &[u8]) -> Option<Option<u8>> {
    let mut sep = None;
    let mut after_digit = false;
    for &b in value {
        if b.is_ascii_digit() {
            after_digit = true;
            continue;
        }
        if !is_group_separator(b) || !after_digit || sep.is_some_and(|s| s != b) {
            return None;
        }
        sep = Some(b);
        after_digit = false;
    }
    after_digit.then_some(sep)
}

/// `MM/YY`, `MM-YY`, `MM/YYYY` or `MM-YYYY` (month 01-12) at `at`, not followed by more of a
/// token: a card's expiry written after it.
pub(super) fn expiry_follows(hay: &[u8], at: usize) -> bool {
    let Some(rest) = hay.get(at..) else { return false };
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let month = digits(rest);
    let Some((mm, tail)) = rest.split_at_checked(month) else { return false };
    let valid_month = month == 2 && matches!((mm[0], mm[1]), (b'0', b'1'..=b'9') | (b'1', b'0'..=b'2'));
    let Some((&sep, year)) = tail.split_first() else { return false };
    let year_len = digits(year);
    valid_month
        && matches!(sep, b'/' | b'-')
        && matches!(year_len, 2 | 4)
        && !year.get(year_len).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !(year.get(year_len).is_some_and(|b| matches!(b, b'-' | b'.' | b'/'))
            && digit_at(year, Some(year_len + 1)))
}

fn is_group_separator(b: u8) -> bool {
    b == b' ' || b == b'-' || b == b'.'
}

fn digit_at(hay: &[u8], i: Option<usize>) -> bool {
    i.and_then(|i| hay.get(i)).is_some_and(u8::is_ascii_digit)
}

/// Whether the byte at `i` (outside a group) ties that group to another token: a letter, digit
/// or `_`, or a joiner other than `sep` that touches a digit (`next` is the byte beyond it).
fn ties_elsewhere(hay: &[u8], i: Option<usize>, next: Option<usize>, sep: u8) -> bool {
    let Some(&b) = i.and_then(|i| hay.get(i)) else { return false };
    let joiner = b != sep && matches!(b, b' ' | b'-' | b'.' | b'/' | b':' | b',');
    b.is_ascii_alphanumeric() || b == b'_' || (joiner && digit_at(hay, next))
}

fn extend_right(hay: &[u8], from: usize, mut sep: Option<u8>) -> Option<(usize, Option<u8>)> {
    let mut end = from;
    loop {
        let Some(&b) = hay.get(end) else { return Some((end, sep)) };
        if !is_group_separator(b) || sep.is_some_and(|s| s != b) || !digit_at(hay, Some(end + 1)) {
            return Some((end, sep));
        }
        let mut group_end = end + 1;
        while hay.get(group_end).is_some_and(u8::is_ascii_digit) {
            group_end += 1;
        }
        if ties_elsewhere(hay, Some(group_end), Some(group_end + 1), b) {
            return Some((end, sep));
        }
        if group_end - from > MAX_SIDE {
            return None;
        }
        end = group_end;
        sep = Some(b);
    }
}

fn extend_left(hay: &[u8], from: usize, mut sep: Option<u8>) -> Option<(usize, Option<u8>)> {
    let mut start = from;
    loop {
        let Some(&b) = start.checked_sub(1).and_then(|i| hay.get(i)) else { return Some((start, sep)) };
        if !is_group_separator(b) || sep.is_some_and(|s| s != b) || !digit_at(hay, start.checked_sub(2)) {
            return Some((start, sep));
        }
        let mut group_start = start - 1;
        while group_start > 0 && hay.get(group_start - 1).is_some_and(u8::is_ascii_digit) {
            group_start -= 1;
        }
        if ties_elsewhere(hay, group_start.checked_sub(1), group_start.checked_sub(2), b) {
            return Some((start, sep));
        }
        if from - group_start > MAX_SIDE {
            return None;
        }
        start = group_start;
        sep = Some(b);
    }
}

/// Reusable buffers for [`split`].
#[derive(Debug, Default)]
pub(crate) struct SplitScratch {
    /// Digit groups of the run.
    groups: Vec<(usize, usize)>,
    /// `back[i]`: the first group of the last piece of a split of groups `..i` (`usize::MAX`:
    /// no split).
    back: Vec<usize>,
    /// The pieces of the last successful split, in order.
    pub pieces: Vec<(usize, usize)>,
}

impl SplitScratch {
    pub fn trim(&mut self) {
        const KEEP: usize = 1 << 12;
        if self.groups.capacity() > KEEP {
            *self = SplitScratch::default();
        }
    }
}

/// Digits a run may have before its first piece when they are more than one group (a short
/// number written before a card, such as `order 12 4111 1111 1111 1111`): fewer than any card,
/// so they can never be one. A single group before the piece may be longer: an id or an epoch
/// timestamp in milliseconds in front of a card (`1724613893693 4111111111111111`) is another
/// token, and `keep_last` redaction keeps digits only at the far end of the piece.
const MAX_LEAD_DIGITS: usize = 12;
/// The widest group of a grouped number (`3782 822463 10005`): a wider neighbour is another token.
const MAX_GROUP: usize = 6;
/// Digits a run may have after its last piece (`4111 1111 1111 1111 100 USD`). With the 4
/// digits `keep_last:4` leaves of the piece they make at most 12: never a card on rescan.
const MAX_TRAIL_DIGITS: usize = 8;

/// Splits the run `hay[run.0..run.1]` at group boundaries into pieces that each pass `valid`,
/// into `s.pieces`. Returns `false` when no such split exists.
///
/// Every group between the first and the last piece belongs to a piece. Before the first and
/// after the last, a few space-separated groups may be left out (at most [`MAX_LEAD_DIGITS`]
/// and [`MAX_TRAIL_DIGITS`] digits: `4111 1111 1111 1111 100 USD`), unless they continue the
/// piece's grouping: a 4-digit group next to a grouped piece (`9400 4787 7893 2879 2170`), or
/// any group next to a piece not grouped in fours (`3477 283783 26613 4`), makes the whole run
/// one longer number. Dash-joined groups are one token
/// (`4111111111111111-02`): nothing is left out of them.
/// The split leaving out the fewest groups wins; among those, the one whose later pieces are
/// longest (deterministic; real lists rarely allow two).
pub(super) fn split(
    hay: &[u8],
    run: (usize, usize),
    valid: impl Fn(&[u8]) -> bool,
    s: &mut SplitScratch,
) -> bool {
    let SplitScratch { groups, back, pieces } = s;
    pieces.clear();
    groups.clear();
    let Some(bytes) = hay.get(run.0..run.1) else { return false };
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let g = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        groups.push((run.0 + g, run.0 + i));
    }
    let n = groups.len();
    let width = |g: (usize, usize)| g.1 - g.0;
    let grouped = |p: &(usize, usize)| hay[p.0..p.1].iter().any(|b| !b.is_ascii_digit());
    // One forward pass per possible start (at most MAX_LEAD_DIGITS + 1 of them), then every
    // allowed end is a lookup: never a pass per (start, end) pair.
    let mut best: Option<(usize, usize)> = None;
    let mut lead_digits = 0;
    for lo in 0..n {
        if lo > 0 {
            lead_digits += width(groups[lo - 1]);
        }
        if lo > 1 && lead_digits > MAX_LEAD_DIGITS {
            break;
        }
        reach(hay, groups, lo, &valid, back);
        let mut trail_digits = 0;
        for hi in (lo + 1..=n).rev() {
            if hi < n {
                trail_digits += width(groups[hi]);
            }
            if trail_digits > MAX_TRAIL_DIGITS || best.is_some_and(|(l, h)| l + (n - h) <= lo + (n - hi)) {
                break;
            }
            if back[hi - lo] == usize::MAX {
                continue;
            }
            pieces_of(groups, lo, hi, back, pieces);
            // Next to a grouped piece, a leftover continues its grouping when the piece is not in
            // groups of four (`3477 283783 26613 4` is an invoice number, not an Amex and a 4)
            // or the leftover is itself a group of four.
            // A leftover longer than any group of a grouped number (`1724613893693`, a
            // timestamp) is another token.
            let continues = |piece: Option<&(usize, usize)>, leftover: (usize, usize)| {
                piece.is_some_and(|p| {
                    grouped(p)
                        && (width(leftover) == 4 || (!in_fours(hay, *p) && width(leftover) <= MAX_GROUP))
                })
            };
            let continues_first = lo > 0 && continues(pieces.first(), groups[lo - 1]);
            let continues_last = hi < n && continues(pieces.last(), groups[hi]);
            // A dash joins the parts of one token (`4111111111111111-02` is an identifier); only a
            // space separates a card from another number.
            let spaced_first = lo == 0 || hay.get(groups[lo].0 - 1) == Some(&b' ');
            let spaced_last = hi == n || hay.get(groups[hi - 1].1) == Some(&b' ');
            if !continues_first && !continues_last && spaced_first && spaced_last {
                best = Some((lo, hi));
                break;
            }
        }
    }
    pieces.clear();
    let Some((lo, hi)) = best else { return false };
    reach(hay, groups, lo, &valid, back);
    pieces_of(groups, lo, hi, back, pieces);
    true
}

/// Whether the grouped value `hay[p.0..p.1]` is written in groups of four (the last may be
/// shorter: `4111 1111 1111 1111 123`).
fn in_fours(hay: &[u8], p: (usize, usize)) -> bool {
    let mut groups = hay[p.0..p.1].split(|b| !b.is_ascii_digit()).peekable();
    while let Some(g) = groups.next() {
        if g.len() != 4 && (groups.peek().is_some() || g.len() > 4) {
            return false;
        }
    }
    true
}

/// `back[k]`: the first group (relative to `lo`) of the last piece of a split of groups
/// `lo..lo + k` into valid pieces, or `usize::MAX` when there is none.
fn reach(
    hay: &[u8],
    groups: &[(usize, usize)],
    lo: usize,
    valid: &impl Fn(&[u8]) -> bool,
    back: &mut Vec<usize>,
) {
    let n = groups.len() - lo;
    back.clear();
    back.resize(n + 1, usize::MAX);
    back[0] = 0;
    for end in 1..=n {
        let mut digits = 0;
        for first in (0..end).rev() {
            let (a, b) = (groups[lo + first], groups[lo + end - 1]);
            digits += a.1 - a.0;
            if digits > MAX_PIECE_DIGITS {
                break;
            }
            if back[first] != usize::MAX && valid(&hay[a.0..b.1]) {
                back[end] = first;
            }
        }
    }
}

/// The pieces of the split of groups `lo..hi` that `back` (from [`reach`] at `lo`) records.
fn pieces_of(
    groups: &[(usize, usize)],
    lo: usize,
    hi: usize,
    back: &[usize],
    pieces: &mut Vec<(usize, usize)>,
) {
    pieces.clear();
    let mut end = hi - lo;
    while end > 0 {
        let first = back[end];
        pieces.push((groups[lo + first].0, groups[lo + end - 1].1));
        end = first;
    }
    pieces.reverse();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validators::Validator;

    fn run<'a>(s: &'a str, value: &str) -> Option<&'a str> {
        let start = s.find(value).expect("value in text");
        around(s.as_bytes(), start, start + value.len()).map(|(a, b)| &s[a..b])
    }

    fn pieces(s: &str) -> Option<Vec<&str>> {
        let mut scratch = SplitScratch::default();
        split(s.as_bytes(), (0, s.len()), |v| Validator::Card.validate(v), &mut scratch)
            .then(|| scratch.pieces.iter().map(|&(a, b)| &s[a..b]).collect())
    }

    #[test]
    fn runs_extend_over_groups_of_one_separator() {
        let two = "x 4111 1111 1111 1111 5500 0000 0000 0004 y";
        assert_eq!(run(two, "4111 1111 1111 1111"), Some("4111 1111 1111 1111 5500 0000 0000 0004"));
        assert_eq!(run(two, "5500 0000 0000 0004"), Some("4111 1111 1111 1111 5500 0000 0000 0004"));
        assert_eq!(
            run("a 4111111111111111 5500000000000004.", "4111111111111111"),
            Some("4111111111111111 5500000000000004")
        );
        // Another separator kind ends the run.
        assert_eq!(run("4111-1111-1111-1111 5500", "4111-1111-1111-1111"), Some("4111-1111-1111-1111"));
        // A group tied to a date, an amount or a word belongs to that token.
        assert_eq!(run("4111111111111111 12/29", "4111111111111111"), Some("4111111111111111"));
        assert_eq!(run("4111111111111111 1,200", "4111111111111111"), Some("4111111111111111"));
        assert_eq!(run("2024-03-21 4111111111111111", "4111111111111111"), Some("4111111111111111"));
        assert_eq!(run("4111111111111111 12ab", "4111111111111111"), Some("4111111111111111"));
        assert_eq!(run("card 4111111111111111 exp", "4111111111111111"), Some("4111111111111111"));
        // ... also when a brand regex's absorbing tail took it into the value.
        assert_eq!(run("4111 1111 1111 1111 12/29", "4111 1111 1111 1111 12"), Some("4111 1111 1111 1111"));
        assert_eq!(
            run("x 4111 1111 1111 1111 12. y", "4111 1111 1111 1111 12"),
            Some("4111 1111 1111 1111 12")
        );
        // Not digits with single separators of one kind: no run.
        assert_eq!(run("4111 1111-1111 1111", "4111 1111-1111 1111"), None);
        assert_eq!(run("4111  1111", "4111  1111"), None);
        assert_eq!(run("a1b", "a1b"), None);
    }

    #[test]
    fn runs_have_a_bounded_reach() {
        let long = format!("4111111111111111{}", " 1234".repeat(MAX_SIDE / 5 + 2));
        assert_eq!(around(long.as_bytes(), 0, 16), None);
        let short = format!("4111111111111111{}", " 1234".repeat(MAX_SIDE / 5 - 1));
        assert_eq!(around(short.as_bytes(), 0, 16), Some((0, short.len())));
    }

    #[test]
    fn splits_back_to_back_cards_only() {
        assert_eq!(
            pieces("4111 1111 1111 1111 5500 0000 0000 0004"),
            Some(vec!["4111 1111 1111 1111", "5500 0000 0000 0004"])
        );
        assert_eq!(
            pieces("4111111111111111 3782 822463 10005"),
            Some(vec!["4111111111111111", "3782 822463 10005"])
        );
        assert_eq!(pieces("4111 1111 1111 1111"), Some(vec!["4111 1111 1111 1111"]));
        // A few digits before or after a card are another number (`100 USD`, `2 times`)...
        assert_eq!(pieces("4111 1111 1111 1111 100"), Some(vec!["4111 1111 1111 1111"]));
        assert_eq!(pieces("4111111111111111 100"), Some(vec!["4111111111111111"]));
        assert_eq!(pieces("4111111111111111 2024"), Some(vec!["4111111111111111"]));
        assert_eq!(pieces("12 4111 1111 1111 1111 2"), Some(vec!["4111 1111 1111 1111"]));
        // One longer group before a card is an id or a timestamp, not part of it.
        assert_eq!(pieces("1724613893693 3782 822463 10005"), Some(vec!["3782 822463 10005"]));
        assert_eq!(pieces("1724613893693 4111 1111 1111 1111"), Some(vec!["4111 1111 1111 1111"]));
        assert_eq!(pieces("1737259478 3583814819520993"), Some(vec!["3583814819520993"]));
        // ... unless they continue its grouping, or are too many: then it is a longer number.
        assert_eq!(pieces("9400 4787 7893 2879 2170"), None);
        assert_eq!(pieces("2024 4111 1111 1111 1111"), None);
        assert_eq!(pieces("123 456 789 012 34 4111111111111111"), None);
        assert_eq!(pieces("4111 1111 1111 1111 123456789"), None);
        assert_eq!(pieces("4111111111111111-02"), None);
        assert_eq!(pieces("4111-1111-1111-1111-02"), None);
        assert_eq!(pieces("3477 283783 26613 4"), None);
        assert_eq!(pieces("6545682204014108 0000 0000 0003"), None);
        assert_eq!(pieces(""), None);
    }
}
