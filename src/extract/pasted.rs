//! Tables pasted inside text: a spreadsheet copied into a ticket note arrives as lines of
//! tab- (or `;`/`,`-) separated cells under a header row (`nhs_number<TAB>name<TAB>dob`). The
//! header is what makes a bare `1994-04-08` a date of birth or `7120121790` an NHS number, as
//! in a CSV file, so each such block is also scanned cell by cell with its header as context.
//!
//! A block is at least two consecutive lines with the same number of delimiters (outside
//! quotes) — at least one tab or `;`, at least two commas (prose often has one) — whose first
//! line is a header by [`table::header`]'s rule. Only the findings the header adds are
//! returned, with byte offsets into the text; the caller merges them with its text scan.

use super::table;
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// Delimiters looked for, with the fewest per line that makes a line a table row.
const DELIMITERS: [(u8, usize); 3] = [(b'\t', 1), (b';', 1), (b',', 2)];

/// Findings that the headers of tables inside `text` add (offsets into `text`), sorted by
/// start, non-overlapping.
pub fn header_findings_in_text(text: &[u8], scanner: &Scanner, scratch: &mut Scratch) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for (start, end, delimiter) in blocks(text) {
        let Some(block) = text.get(start..end) else { continue };
        let Some(found) = table::header_findings_with(delimiter, block, scanner, scratch) else { continue };
        for f in found {
            let f = Finding { start: f.start + start, end: f.end + start, ..f };
            if !out.iter().any(|g| g.overlaps(&f)) {
                out.push(f);
            }
        }
    }
    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// `(start, end, delimiter)` of every table block in `text` whose first line is a header.
fn blocks(text: &[u8]) -> Vec<(usize, usize, u8)> {
    // Per delimiter: the current run's start, its per-line count, and its line count.
    let mut runs: [(usize, usize, usize); 3] = [(0, 0, 0); 3];
    let mut out = Vec::new();
    let mut at = 0;
    let close = |runs: &mut [(usize, usize, usize); 3], i: usize, end: usize, out: &mut Vec<_>| {
        let (start, _, lines) = runs[i];
        if lines >= 2 && has_header(&text[start..end], DELIMITERS[i].0) {
            out.push((start, end, DELIMITERS[i].0));
        }
        runs[i] = (0, 0, 0);
    };
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        for (i, &(delimiter, min)) in DELIMITERS.iter().enumerate() {
            let count = count_outside_quotes(line, delimiter);
            let (_, run_count, lines) = runs[i];
            if count >= min && lines > 0 && count == run_count {
                runs[i].2 += 1;
                continue;
            }
            if lines > 0 {
                close(&mut runs, i, at.saturating_sub(1), &mut out);
            }
            if count >= min {
                runs[i] = (at, count, 1);
            }
        }
        at = end + 1;
    }
    for i in 0..DELIMITERS.len() {
        if runs[i].2 > 0 {
            close(&mut runs, i, text.len(), &mut out);
        }
    }
    out
}

fn count_outside_quotes(line: &[u8], delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

fn has_header(block: &[u8], delimiter: u8) -> bool {
    let first = block.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let record = csv::ByteRecord::from(first.split(|&b| b == delimiter).collect::<Vec<_>>());
    table::header(&record).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pasted_blocks_under_a_header() {
        let text =
            b"Hi team,\nsee the export below.\nnhs_number\tname\tdob\n7120121790\tTurner\t1994-04-08\n\
                     4417746818\tWard\t2001-02-03\nThanks, Ada\n";
        let b = blocks(text);
        assert_eq!(b.len(), 1, "{b:?}");
        let (start, end, d) = b[0];
        assert_eq!(d, b'\t');
        let block = std::str::from_utf8(&text[start..end]).unwrap();
        assert!(block.starts_with("nhs_number\t") && block.ends_with("2001-02-03"), "{block:?}");
    }

    #[test]
    fn prose_is_not_a_table() {
        let text = b"Hello, world\nThanks, Ada\nOne comma, two commas, three\n";
        assert!(blocks(text).is_empty());
        // Data rows without a header row: no header context to add.
        assert!(blocks(b"7120121790\t1994-04-08\n4417746818\t2001-02-03\n").is_empty());
    }
}
