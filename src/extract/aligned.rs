//! Tables laid out with spaces: fixed-width exports and aligned console output, where cells are
//! separated by runs of two or more spaces (`Time   Patient   Ngày sinh   MRN`). A cell may hold
//! single spaces (`Le Minh Tuấn`, `+84 838 279 844`); two or more end it.
//!
//! A block is at least two consecutive lines with the same number of cells, three or more,
//! whose first line is a header by the CSV reader's rule (`table::label`), as for the other
//! delimiters in `pasted.rs`, which reads the block's cells under their headers. Prose with two
//! spaces after a full stop rarely gives two consecutive lines of the same cell count, and a
//! block only adds a column's header as the label of its cells.

/// The delimiter byte `pasted.rs` records for such a block (a run of two or more spaces).
pub(super) const GAP: u8 = b' ';

/// Fewest cells a row of such a table has: two cells split by a gap are too often a phrase.
const MIN_CELLS: usize = 3;

/// `(start, end)` of each cell of `text[l0..l1]`: the runs between gaps of two or more spaces,
/// leading and trailing spaces left out.
pub(super) fn cells(text: &[u8], l0: usize, l1: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let line = text.get(l0..l1).unwrap_or_default();
    let mut i = line.len() - line.trim_ascii_start().len();
    let end = line.len() - (line.len() - line.trim_ascii_end().len());
    std::iter::from_fn(move || {
        if i >= end {
            return None;
        }
        let start = i;
        // A line is short: a plain scan beats building a memmem searcher per cell.
        match line[i..end].windows(2).position(|w| w == b"  ") {
            None => {
                i = end;
                Some((l0 + start, l0 + end))
            }
            Some(gap) => {
                let cell_end = i + gap;
                i = cell_end + line[cell_end..end].iter().take_while(|&&b| b == b' ').count();
                Some((l0 + start, l0 + cell_end))
            }
        }
    })
}

/// `(start, end, GAP)` of every run of at least two consecutive lines with the same number
/// (at least [`MIN_CELLS`]) of space-separated cells. Whether the first line is a header is
/// left to the caller. Only lines holding a double space can be rows: the search jumps from
/// one to the next.
pub(super) fn blocks(
    text: &[u8],
    mut is_block: impl FnMut(usize, usize, usize) -> bool,
) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    // The current run: its start, its cell count, its line count, where its last line ends.
    let mut run: Option<(usize, usize, usize, usize)> = None;
    let mut close = |run: Option<(usize, usize, usize, usize)>, out: &mut Vec<_>| {
        if let Some((start, _, lines, end)) = run {
            if lines >= 2 && is_block(start, end, lines) {
                out.push((start, end, GAP));
            }
        }
    };
    // The last line holding a double space. Most such lines are prose on their own (`end.  Next`):
    // a line's cells are counted only once the next line is a candidate too.
    let mut last: Option<(usize, usize)> = None;
    let finder = memchr::memmem::Finder::new(b"  ");
    let mut pos = 0;
    while let Some(hit) = text.get(pos..).and_then(|rest| finder.find(rest)) {
        let hit = pos + hit;
        let l0 = memchr::memrchr(b'\n', &text[pos..hit]).map_or(pos, |i| pos + i + 1);
        let newline = memchr::memchr(b'\n', &text[hit..]).map_or(text.len(), |i| hit + i);
        let l1 = if newline > l0 && text[newline - 1] == b'\r' { newline - 1 } else { newline };
        pos = newline + 1;
        let prev = last.replace((l0, l1));
        let Some((p0, p1)) = prev.filter(|&(_, p1)| follows_line(text, p1, l0)) else {
            close(run.take(), &mut out);
            continue;
        };
        let n = cells(text, l0, l1).count();
        match run {
            Some((start, count, lines, _)) if n == count => run = Some((start, count, lines + 1, l1)),
            _ => {
                close(run.take(), &mut out);
                run = if n >= MIN_CELLS && cells(text, p0, p1).count() == n {
                    Some((p0, n, 2, l1))
                } else {
                    (n >= MIN_CELLS).then_some((l0, n, 1, l1))
                };
            }
        }
    }
    close(run, &mut out);
    out
}

/// Whether the line starting at `next` is the one right after the line ending at `end`
/// (`\n` or `\r\n` between them).
fn follows_line(text: &[u8], end: usize, next: usize) -> bool {
    matches!(text.get(end..next), Some(b"\n" | b"\r\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell_texts(line: &str) -> Vec<&str> {
        cells(line.as_bytes(), 0, line.len()).map(|(a, b)| &line[a..b]).collect()
    }

    #[test]
    fn cells_split_at_two_or_more_spaces() {
        assert_eq!(
            cell_texts("  Le Minh Tuấn   04/06/2008  +84 838 279 844  "),
            ["Le Minh Tuấn", "04/06/2008", "+84 838 279 844"]
        );
        assert_eq!(cell_texts("one cell only"), ["one cell only"]);
        assert!(cell_texts("   ").is_empty());
    }

    #[test]
    fn runs_of_lines_with_the_same_cell_count() {
        let text = "Hello.  Two  gaps here.\n\nTime   Patient   DOB\n10:15   Le Minh   04/06/2008\r\n10:30   Tran   16/05/2000\nBye  now\n";
        let found = blocks(text.as_bytes(), |_, _, _| true);
        assert_eq!(found.len(), 1, "{found:?}");
        let (s, e, d) = found[0];
        assert_eq!(d, GAP);
        assert_eq!(
            &text[s..e],
            "Time   Patient   DOB\n10:15   Le Minh   04/06/2008\r\n10:30   Tran   16/05/2000"
        );
        // Lines apart from each other are not one run.
        let text = "a  b  c\n\na  b  c\n";
        assert!(blocks(text.as_bytes(), |_, _, _| true).is_empty());
    }
}
