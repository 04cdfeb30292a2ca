//! Tables pasted inside text: a spreadsheet copied into a ticket note arrives as lines of
//! tab- (or `;`/`,`-) separated cells under a header row (`nhs_number<TAB>name<TAB>dob`). The
//! header is what makes a bare `1994-04-08` a date of birth or `7120121790` an NHS number, as
//! in a CSV file, so each such block is also scanned cell by cell with its header as context.
//!
//! A block is at least two consecutive lines with the same number of delimiters (outside
//! quotes) — at least one tab or `;`, at least two commas (prose often has one), or at least
//! one `|` (markdown tables, whose outer pipes are not cell boundaries) — whose first line is
//! a header by the CSV reader's rule (`table::label`). Under a comma header a row may hold up
//! to three commas more (a value written with an unquoted comma, `June 19, 1940`): its cells
//! are then read under their headers counted from both ends (`add_row`). Rows pasted without
//! their header are read under the column list that ends the line before them, when it names
//! one word per column (`Export without header — order is mrn, last_name, dob`;
//! `column_list`). Columns laid out with runs of spaces
//! (fixed-width exports) are read the same way (`aligned.rs`). Only the findings the header
//! adds are returned, with byte offsets into the text; the caller merges them with its text
//! scan.
//!
//! Rows are lines and cells are split here rather than with the `csv` crate: a pasted block is
//! line-shaped by construction, a reader costs a DFA build per block (measured at ~9% of a
//! scan of the development corpus), and plain cells keep offsets into the text for free. A
//! quoted cell is scanned without its quotes; one with `""` escapes is scanned as written.
//!
//! SQL `INSERT` statements are read the same way, each value under its column (`sql.rs`).
//!
//! A table pasted into a rich-text editor arrives as rows joined by `<br>` rather than
//! newlines (Zendesk `html_body`, Redmine notes written in HTML), or as an HTML `<table>`: a
//! `<br>` and a `</tr>` are read as line breaks and each `<td>`/`<th>` as a `|` before its
//! cell (then the table is read like a markdown one, its `<th>` row as the header), on a copy
//! of the same length so every offset still points into the text.

use super::{aligned, interchange, nacha, sql, table};
use crate::content::field::FieldBatch;
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// Delimiters looked for, with the fewest per line that makes a line a table row.
const DELIMITERS: [(u8, usize); 3] = [(b'\t', 1), (b';', 1), (b',', 2)];

/// Findings that the headers of tables inside `text` (and the column lists of SQL `INSERT`s)
/// add, with offsets into `text`, sorted by start, non-overlapping.
pub fn header_findings_in_text(text: &[u8], scanner: &Scanner, scratch: &mut Scratch) -> Vec<Finding> {
    table_reading(text, scanner, scratch).findings
}

/// What the tables inside a text say: see [`table_reading`].
#[derive(Debug, Default)]
pub struct TableReading {
    /// As [`header_findings_in_text`].
    pub findings: Vec<Finding>,
    /// `(start, end)` of every data cell read under its column header, in a row with as many
    /// cells as the header: that reading decides what the cell holds (see
    /// [`crate::finding::drop_inside_cells`]). Sorted by start.
    pub cells: Vec<(usize, usize)>,
}

impl TableReading {
    /// Applies the reading to `findings` (a plain scan of the same text, sorted): the cells it
    /// decides drop what the plain scan found inside them, then its findings are merged in.
    pub fn apply_to(&self, findings: &mut Vec<Finding>) {
        crate::finding::drop_inside_cells(findings, &self.cells);
        crate::finding::merge_disjoint(findings, &self.findings);
    }
}

/// [`header_findings_in_text`] with the cells whose header reading decides them.
pub fn table_reading(text: &[u8], scanner: &Scanner, scratch: &mut Scratch) -> TableReading {
    let rows = markup_as_rows(text);
    let text = rows.as_deref().unwrap_or(text);
    let (blocks, listed) = blocks_and_listed(text);
    let inserts = sql::may_hold_inserts(text);
    let interchange = interchange::may_hold(text);
    let ach = nacha::may_hold(text);
    if blocks.is_empty() && listed.is_empty() && !inserts && !interchange.any() && !ach {
        return TableReading::default();
    }
    // Every labelled cell of every block (and every value of an SQL INSERT under its column),
    // scanned in one batch.
    let mut cells = Cells::default();
    for (start, end, delimiter) in blocks {
        add_block(text, start, end, delimiter, scanner, &mut cells);
    }
    for (columns, start, end, delimiter) in listed {
        let lines = LineIter { text, at: start, end };
        add_rows(text, lines, &columns, delimiter, scanner, &mut cells);
    }
    let Cells { mut batch, mut at, joins, mut decided } = cells;
    if inserts {
        sql::add_inserts(text, scanner, &mut batch, &mut at);
        sql::add_copies(text, scanner, &mut batch, &mut at);
    }
    if interchange.any() {
        interchange::add_values(text, interchange, &mut batch, &mut at);
    }
    if ach {
        nacha::add_values(text, &mut batch, &mut at);
    }
    batch.scan(scanner, scratch);
    let mut all = Vec::new();
    let mut joins = joins.iter().peekable();
    for (i, &c0) in at.iter().enumerate() {
        let found = batch.findings(i).iter().map(|f| Finding { start: f.start + c0, end: f.end + c0, ..*f });
        match joins.next_if(|(j, _)| *j == i) {
            // A joined cell only adds a value that spans the comma; the cells alone gave the rest.
            Some(&(_, comma)) => all.extend(found.filter(|f| f.start < comma && comma < f.end)),
            None => all.extend(found),
        }
    }
    all.sort_by_key(|f| (f.start, f.end));
    let mut out: Vec<Finding> = Vec::with_capacity(all.len());
    for f in all {
        if out.last().is_none_or(|l| !l.overlaps(&f)) {
            out.push(f);
        }
    }
    decided.sort_unstable();
    decided.dedup();
    TableReading { findings: out, cells: decided }
}

/// Whether `text` has line breaks that a pasted table's rows could use (`\n`, `<br>`, HTML
/// table rows) or an SQL `INSERT`.
pub fn may_hold_rows(text: &[u8]) -> bool {
    memchr::memchr(b'\n', text).is_some()
        || sql::may_hold_inserts(text)
        || interchange::may_hold(text).any()
        || nacha::may_hold(text)
        || memchr::memchr_iter(b'<', text).any(|i| tag(text, i).is_some())
}

/// What a markup tag means to a table read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    /// `<br>`, `</tr>`: a row ends.
    RowEnd,
    /// `<td>`, `<th>`: a cell starts.
    Cell,
    /// `</td>`, `<tr>`, `<table>`, `<tbody>` …: nothing to the table's shape.
    Blank,
}

/// `text` with its markup read as rows (see the module doc): `None` when it has none. Each tag
/// becomes spaces, a cell's tag starts with `|`, a row end's ends with `\n` unless a line
/// break follows it already (HTML serialisers write `<br>\n`: one row end, not a row and an
/// empty line).
fn markup_as_rows(text: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for i in memchr::memchr_iter(b'<', text) {
        let Some((kind, len)) = tag(text, i) else { continue };
        let line_follows = matches!(text.get(i + len..), Some([b'\n', ..] | [b'\r', b'\n', ..]));
        let copy = out.get_or_insert_with(|| text.to_vec());
        let Some(t) = copy.get_mut(i..i + len) else { continue };
        t.fill(b' ');
        match kind {
            Tag::RowEnd if !line_follows => t[len - 1] = b'\n',
            Tag::Cell => t[0] = b'|',
            _ => {}
        }
    }
    out
}

/// The tag starting at `text[i]` if it is one a table is made of (`<br>`, `<br/>`, `<br />`,
/// `<tr>`, `<td class="x">`, `</table>`, …; any case), and its length.
fn tag(text: &[u8], i: usize) -> Option<(Tag, usize)> {
    /// Longest tag read (attributes included); a longer one is left as text.
    const MAX_TAG: usize = 256;
    let rest = text.get(i + 1..)?;
    let closing = rest.first() == Some(&b'/');
    let name_at = usize::from(closing);
    let name_len = rest.get(name_at..)?.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let name = rest.get(name_at..name_at + name_len)?;
    let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
    // The name first: most tags in an HTML body (`<p …>`, `<div …>`) are not a table's, and
    // their attributes need not be read.
    let kind = if is(b"br") || (closing && is(b"tr")) {
        Tag::RowEnd
    } else if !closing && (is(b"td") || is(b"th")) {
        Tag::Cell
    } else if ["td", "th", "tr", "table", "thead", "tbody", "tfoot"].iter().any(|n| is(n.as_bytes())) {
        Tag::Blank
    } else {
        return None;
    };
    let after = rest.get(name_at + name_len..)?;
    let end = match after.first()? {
        b'>' => 0,
        b'/' if after.get(1) == Some(&b'>') => 1,
        b' ' | b'\t' | b'\n' | b'\r' => {
            after.iter().take(MAX_TAG).position(|&b| b == b'>').filter(|&e| !after[..e].contains(&b'<'))?
        }
        _ => return None,
    };
    let len = 1 + name_at + name_len + end + 1;
    Some((kind, len))
}

/// The labelled cells of every table in a text, scanned in one batch: `at[i]` is where cell
/// `i` starts in the text; `joins` holds, for each cell that is two cells joined (see
/// [`add_row`]), its index and where the comma between the two is.
#[derive(Default)]
struct Cells {
    batch: FieldBatch,
    at: Vec<usize>,
    joins: Vec<(usize, usize)>,
    /// See [`TableReading::cells`].
    decided: Vec<(usize, usize)>,
}

/// Adds each data cell of the block `text[start..end]` whose header can matter to `batch`,
/// with that header as its label, and the cell's offset to `at`.
fn add_block(text: &[u8], start: usize, end: usize, delimiter: u8, scanner: &Scanner, out: &mut Cells) {
    let mut lines = LineIter { text, at: start, end };
    let Some((h0, h1)) = lines.next() else { return };
    let Some(headers) = header(&text[h0..h1], delimiter) else { return };
    add_rows(text, lines, &headers, delimiter, scanner, out);
}

/// Adds the cells of the rows `lines` under `headers` (see [`add_row`]).
fn add_rows(
    text: &[u8],
    lines: LineIter<'_>,
    headers: &[String],
    delimiter: u8,
    scanner: &Scanner,
    out: &mut Cells,
) {
    let headers = table::labels_that_matter(headers, scanner);
    if headers.iter().all(Option::is_none) {
        return;
    }
    let mut row = Vec::new();
    for (l0, l1) in lines {
        row.clear();
        if delimiter == aligned::GAP {
            row.extend(aligned::cells(text, l0, l1));
        } else {
            row.extend(cells(text, l0, l1, delimiter));
        }
        // Columns found by alignment are a guess at the layout: their reading adds, never decides.
        add_row(text, &row, &headers, delimiter != aligned::GAP, out);
    }
}

/// Adds each cell of one row that has a label (`headers[column]`) to `batch`, and to
/// `decided` when `decides` and the row has the header's shape.
///
/// A row with `k` more cells than the header has had a value split at an unquoted comma
/// somewhere: the cells before the split sit under their headers counted from the left, those
/// after it counted from the right. Not knowing where it is, a cell is read under both (once
/// when they are the same header), and also joined with the next cell under its left header
/// (the split value itself); the value's own shape and checksum still decide.
fn add_row(
    text: &[u8],
    cells: &[(usize, usize)],
    headers: &[Option<&str>],
    decides: bool,
    Cells { batch, at, joins, decided }: &mut Cells,
) {
    let extra = cells.len().saturating_sub(headers.len());
    for (col, &(c0, c1)) in cells.iter().enumerate() {
        let Some(cell) = text.get(c0..c1).filter(|c| !c.iter().all(u8::is_ascii_whitespace)) else {
            continue;
        };
        let left = headers.get(col).copied().flatten();
        let right = if extra > 0 {
            col.checked_sub(extra).and_then(|j| headers.get(j)).copied().flatten()
        } else {
            None
        };
        for label in [left, right.filter(|r| Some(*r) != left)].into_iter().flatten() {
            batch.push(Some(label), cell);
            at.push(c0);
        }
        // A row shaped like its header has one reading per cell: that reading decides.
        if decides && left.is_some() && cells.len() == headers.len() {
            decided.push((c0, c1));
        }
        // The value split at the comma may be this cell and the next (`December 4, 1999`).
        if let (Some(label), Some(&(_, n1))) = (left.filter(|_| extra > 0), cells.get(col + 1)) {
            if let Some(joined) = text.get(c0..n1) {
                joins.push((at.len(), c1));
                batch.push(Some(label), joined);
                at.push(c0);
            }
        }
    }
}

/// `(start, end)` of each line of `text[at..end]`, without `\r\n`/`\n`.
struct LineIter<'a> {
    text: &'a [u8],
    at: usize,
    end: usize,
}

impl Iterator for LineIter<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if self.at >= self.end {
            return None;
        }
        let rest = self.text.get(self.at..self.end)?;
        let stop = memchr::memchr(b'\n', rest).map_or(self.end, |i| self.at + i);
        let line = (self.at, if stop > self.at && self.text[stop - 1] == b'\r' { stop - 1 } else { stop });
        self.at = stop + 1;
        Some(line)
    }
}

/// The cells of the line `text[l0..l1]`: split at `delimiter` outside quotes; a quoted cell
/// without `""` escapes is given without its quotes.
fn cells(text: &[u8], l0: usize, l1: usize, delimiter: u8) -> impl Iterator<Item = (usize, usize)> + '_ {
    let (l0, l1) = row_span(text, l0, l1, delimiter);
    let mut at = l0;
    let mut done = l0 > l1;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut quoted = false;
        let mut i = at;
        while i < l1 {
            match text[i] {
                b'"' => quoted = !quoted,
                b if b == delimiter && !quoted => break,
                _ => {}
            }
            i += 1;
        }
        let cell = (at, i);
        done = i >= l1;
        at = i + 1;
        let raw = &text[cell.0..cell.1];
        let inner = raw.len() >= 2 && raw[0] == b'"' && raw[raw.len() - 1] == b'"';
        if inner && memchr::memmem::find(&raw[1..raw.len() - 1], b"\"\"").is_none() {
            return Some((cell.0 + 1, cell.1 - 1));
        }
        Some(cell)
    })
}

/// Whether the run of `lines` rows at `text[start..end]` is a table: two lines at least, the
/// first a header.
fn is_block(text: &[u8], start: usize, end: usize, lines: usize, delimiter: u8) -> bool {
    // Most runs are one line of prose with a comma: they are not tables, and finding where
    // their line ends would cost a pass over it.
    if lines < 2 {
        return false;
    }
    let block = text.get(start..end).unwrap_or_default();
    let first = memchr::memchr(b'\n', block).map_or(block, |i| &block[..i]);
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    is_header(first, delimiter)
}

/// Whether every cell of `line` is a label ([`header`] without building the labels).
fn is_header(line: &[u8], delimiter: u8) -> bool {
    if is_key_value(line, delimiter) {
        return false;
    }
    if delimiter == aligned::GAP {
        return aligned::cells(line, 0, line.len()).all(|(a, b)| table::is_label(&line[a..b]));
    }
    let (a, b) = row_span(line, 0, line.len(), delimiter);
    line.get(a..b).is_some_and(|cells| cells.split(|&b| b == delimiter).all(table::is_label))
}

/// Whether `line` is a form's `Label:<TAB>value` line rather than a header row: its first cell
/// ends with a colon. A block of such lines (`Employee:\tJane Roe` / `Date of Birth:\t…`) is a
/// list of labelled values, which the text scan reads with their labels; read as a table, the
/// first value would be taken for a column header and hide what the labels say.
fn is_key_value(line: &[u8], delimiter: u8) -> bool {
    let first = if delimiter == aligned::GAP {
        aligned::cells(line, 0, line.len()).next().map(|(a, b)| &line[a..b])
    } else {
        line.split(|&b| b == delimiter).next()
    };
    first.is_some_and(|cell| cell.trim_ascii_end().ends_with(b":"))
}

/// The labels of a header line, if every cell is one.
fn header(line: &[u8], delimiter: u8) -> Option<Vec<String>> {
    if is_key_value(line, delimiter) {
        return None;
    }
    if delimiter == aligned::GAP {
        return aligned::cells(line, 0, line.len()).map(|(a, b)| table::label(&line[a..b])).collect();
    }
    let (a, b) = row_span(line, 0, line.len(), delimiter);
    line.get(a..b)?.split(|&b| b == delimiter).map(table::label).collect()
}

/// `(start, end, delimiter)` of every table block in `text` whose first line is a header.
///
/// Only lines holding a delimiter can be rows, so the search jumps from one delimiter byte to
/// the next (`memchr3`) instead of counting every line: the lines skipped in between have no
/// delimiter and close whatever block was open, as one such line would.
#[cfg(test)]
fn blocks(text: &[u8]) -> Vec<(usize, usize, u8)> {
    blocks_and_listed(text).0
}

/// A block of rows with no header line whose columns the line before names
/// ([`column_list`]): the column labels, the rows' start and end, the delimiter.
type Listed = (Vec<String>, usize, usize, u8);

/// [`blocks`], and the header-less blocks that a column list before them labels.
fn blocks_and_listed(text: &[u8]) -> (Vec<(usize, usize, u8)>, Vec<Listed>) {
    let mut finder = BlockFinder { text, runs: [(0, 0, 0); 3], out: Vec::new(), listed: Vec::new() };
    let mut pos = 0;
    while let Some(hit) = memchr::memchr3(b'\t', b';', b',', text.get(pos..).unwrap_or_default()) {
        let hit = pos + hit;
        let line_start = memchr::memrchr(b'\n', &text[pos..hit]).map_or(pos, |i| pos + i + 1);
        if line_start > pos {
            finder.line(pos, [0; 3]);
        }
        let newline = memchr::memchr(b'\n', &text[hit..]).map_or(text.len(), |i| hit + i);
        let line_end = if newline > line_start && text[newline - 1] == b'\r' { newline - 1 } else { newline };
        finder.line(line_start, delimiter_counts(&text[line_start..line_end]));
        pos = newline + 1;
    }
    if pos < text.len() {
        finder.line(pos, [0; 3]);
    }
    let (mut out, mut listed) = finder.finish();
    if memchr::memchr(b'|', text).is_some() {
        let (pipes, pipes_listed) = pipe_blocks(text);
        out.extend(pipes);
        listed.extend(pipes_listed);
    }
    out.extend(aligned::blocks(text, |start, end, lines| is_block(text, start, end, lines, aligned::GAP)));
    (out, listed)
}

/// Records the run of `lines` rows at `text[start..end]`: a block when its first line is a
/// header, else a listed block when the line before names its `columns()` columns
/// ([`column_list`]).
fn record_run(
    text: &[u8],
    (start, end, lines): (usize, usize, usize),
    delimiter: u8,
    columns: impl FnOnce() -> usize,
    out: &mut Vec<(usize, usize, u8)>,
    listed: &mut Vec<Listed>,
) {
    if is_block(text, start, end, lines, delimiter) {
        out.push((start, end, delimiter));
    } else if lines >= 2 {
        if let Some(names) = column_list(text, start, columns()) {
            listed.push((names, start, end, delimiter));
        }
    }
}

/// Most columns a column list may name.
const MAX_LISTED: usize = 24;

/// The column labels that the line ending just before `start` names: a list of exactly
/// `columns` names separated by commas, either ending the line (`Export without header — order
/// is mrn, last_name, dob, appt` over rows of four cells) or in parentheses (`the records that
/// failed (patient, NHS number, date of birth, clinic date):`). An export pasted without its
/// header row is often introduced that way. At the end of the line each name is one word
/// (`ref_npi`, `dob`, `MRN#`), in parentheses up to four: a sentence that happens to hold
/// commas is not a column list.
fn column_list(text: &[u8], start: usize, columns: usize) -> Option<Vec<String>> {
    if !(2..=MAX_LISTED).contains(&columns) || start == 0 {
        return None;
    }
    let before = text.get(..start - 1)?;
    let before = before.strip_suffix(b"\r").unwrap_or(before);
    let mut line = &before[memchr::memrchr(b'\n', before).map_or(0, |i| i + 1)..];
    // One blank line may stand between the list and the rows.
    if line.iter().all(u8::is_ascii_whitespace) && line.len() < before.len() {
        let above = &before[..before.len() - line.len() - 1];
        let above = above.strip_suffix(b"\r").unwrap_or(above);
        line = &above[memchr::memrchr(b'\n', above).map_or(0, |i| i + 1)..];
    }
    let line = std::str::from_utf8(line).ok()?;
    parenthesized_list(line, columns)
        .or_else(|| trailing_list(line, columns))
        .or_else(|| colon_list(line, columns))
}

/// `Columns, in order: NPI, provider name, DEA number, phone and e-mail`: names of one to
/// four words after the line's last colon, the last two joined by `and` or `&`.
fn colon_list(line: &str, columns: usize) -> Option<Vec<String>> {
    let list = line.get(line.rfind(':')? + 1..)?.trim().trim_end_matches(['.', ';']);
    let mut pieces: Vec<&str> = list.split(',').map(str::trim).collect();
    if let Some(last) = pieces.pop() {
        match last.split_once(" and ").or_else(|| last.split_once(" & ")) {
            Some((a, b)) => pieces.extend([a.trim(), b.trim()]),
            None => pieces.push(last),
        }
    }
    if pieces.len() != columns {
        return None;
    }
    pieces.iter().map(|p| listed_name(p)).collect()
}

/// `… order is mrn, last_name, dob, appt.`: one-word names ending the line.
fn trailing_list(line: &str, columns: usize) -> Option<Vec<String>> {
    let line = line.trim_end().trim_end_matches(['.', ':', ')', ';']);
    let pieces: Vec<&str> = line.split(',').collect();
    if pieces.len() != columns {
        return None;
    }
    let mut names = Vec::with_capacity(columns);
    for (i, piece) in pieces.iter().enumerate() {
        let piece = piece.trim();
        // The first name ends the sentence that introduces the list.
        let name = if i == 0 { piece.rsplit([' ', '(', ':']).next()? } else { piece };
        if !is_column_word(name) {
            return None;
        }
        names.push(name.to_owned());
    }
    Some(names)
}

/// `… (patient, NHS number, date of birth, clinic date):`: the line's last parenthesis, holding
/// names of one to four words.
fn parenthesized_list(line: &str, columns: usize) -> Option<Vec<String>> {
    let open = line.rfind('(')?;
    let inner = line.get(open + 1..)?;
    let inner = inner.get(..inner.find(')')?)?;
    let pieces: Vec<&str> = inner.split(',').map(str::trim).collect();
    if pieces.len() != columns {
        return None;
    }
    pieces.iter().map(|p| listed_name(p)).collect()
}

/// A column name in a list: one to four column words (`NHS number`, `date of birth`).
fn listed_name(piece: &str) -> Option<String> {
    let words = piece.split(' ').count();
    (piece.len() <= 40 && (1..=4).contains(&words) && piece.split(' ').all(is_column_word))
        .then(|| piece.to_owned())
}

fn is_column_word(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-#.".contains(&b))
}

/// Markdown tables (`| name | dob |` over `|---|---|` and rows, outer pipes optional): runs
/// of at least two lines with the same number of `|`, under a header line. Rare in prose, so
/// the line walk only happens in text holding a `|`.
///
/// SQL clients draw rules without pipes between the lines of a result: MySQL's `+----+----+`
/// borders, psql's `-----+-----` under the header. Such lines continue a run instead of ending
/// it (they are then read as a row of dashes, which holds nothing).
fn pipe_blocks(text: &[u8]) -> (Vec<(usize, usize, u8)>, Vec<Listed>) {
    let (mut out, mut listed) = (Vec::new(), Vec::new());
    // The current run: its start, its per-line count, its line count and where its last line ends.
    let mut run: Option<(usize, usize, usize, usize)> = None;
    let close = |run: Option<(usize, usize, usize, usize)>, out: &mut Vec<_>, listed: &mut Vec<Listed>| {
        let Some((start, _, lines, end)) = run else { return };
        let columns = || {
            let first = LineIter { text, at: start, end }.next();
            first.map_or(0, |(l0, l1)| cells(text, l0, l1, b'|').count())
        };
        record_run(text, (start, end, lines), b'|', columns, out, listed);
    };
    // Jump from one line holding a `|` to the next, as `blocks` does: a line skipped in
    // between has none and ends the run.
    let mut pos = 0;
    while let Some(hit) = memchr::memchr(b'|', text.get(pos..).unwrap_or_default()) {
        let hit = pos + hit;
        let l0 = memchr::memrchr(b'\n', &text[pos..hit]).map_or(pos, |i| pos + i + 1);
        if l0 > pos && !only_rules(&text[pos..l0]) {
            close(run.take(), &mut out, &mut listed);
        }
        let newline = memchr::memchr(b'\n', &text[hit..]).map_or(text.len(), |i| hit + i);
        let l1 = if newline > l0 && text[newline - 1] == b'\r' { newline - 1 } else { newline };
        let n = memchr::memchr_iter(b'|', &text[l0..l1]).count();
        match run {
            Some((start, count, lines, _)) if n == count => run = Some((start, count, lines + 1, l1)),
            _ => {
                close(run.take(), &mut out, &mut listed);
                run = Some((l0, n, 1, l1));
            }
        }
        pos = newline + 1;
    }
    close(run, &mut out, &mut listed);
    (out, listed)
}

/// Whether `lines` (whole lines, with their breaks) are table rules only: dashes, with `+`,
/// `=`, `:` and spaces, and at least one dash per line.
fn only_rules(lines: &[u8]) -> bool {
    lines
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .all(|l| l.contains(&b'-') && l.iter().all(|b| b"+-=: \t\r".contains(b)))
        && lines.contains(&b'-')
}

/// The part of the row `text[l0..l1]` that holds its cells: a markdown row's outer `|` (and
/// the spaces around them) are not cell boundaries.
fn row_span(text: &[u8], l0: usize, l1: usize, delimiter: u8) -> (usize, usize) {
    if delimiter != b'|' {
        return (l0, l1);
    }
    let line = text.get(l0..l1).unwrap_or_default();
    let (mut a, mut b) =
        (l0 + (line.len() - line.trim_ascii_start().len()), l1 - (line.len() - line.trim_ascii_end().len()));
    if a < b && text[a] == b'|' {
        a += 1;
    }
    if a < b && text[b - 1] == b'|' {
        b -= 1;
    }
    (a, b)
}

/// Follows, per delimiter, the run of consecutive lines with the same delimiter count.
struct BlockFinder<'a> {
    text: &'a [u8],
    /// Per delimiter: the current run's start, its per-line count, and its line count.
    runs: [(usize, usize, usize); 3],
    out: Vec<(usize, usize, u8)>,
    listed: Vec<Listed>,
}

impl BlockFinder<'_> {
    /// The line starting at `at`, with `counts` delimiters of each kind.
    fn line(&mut self, at: usize, counts: [usize; 3]) {
        for (i, &(delimiter, min)) in DELIMITERS.iter().enumerate() {
            if continues(self.text, self.runs[i], delimiter, min, counts[i]) {
                self.runs[i].2 += 1;
                continue;
            }
            let lines = self.runs[i].2;
            if lines > 0 {
                self.close(i, delimiter, at.saturating_sub(1));
            }
            self.runs[i] = if counts[i] >= min { (at, counts[i], 1) } else { (0, 0, 0) };
        }
    }

    /// Records the run of delimiter `i` ending at `end` when it is a block under a header.
    fn close(&mut self, i: usize, delimiter: u8, end: usize) {
        let (start, count, lines) = self.runs[i];
        record_run(self.text, (start, end, lines), delimiter, || count + 1, &mut self.out, &mut self.listed);
    }

    fn finish(mut self) -> (Vec<(usize, usize, u8)>, Vec<Listed>) {
        for (i, &(delimiter, _)) in DELIMITERS.iter().enumerate() {
            if self.runs[i].2 > 0 {
                self.close(i, delimiter, self.text.len());
            }
        }
        (self.out, self.listed)
    }
}

/// Most extra commas a row of a comma-separated block may hold beyond its header's.
const MAX_EXTRA_COMMAS: usize = 3;

/// Whether a line with `count` delimiters continues `run` (its start, per-line count and line
/// count): it has the run's count, or — commas only, under a header line — a few more, because
/// a value written with an unquoted comma (`June 19, 1940`, `$33,860.48`, `4764,92 €`) splits
/// into two cells; [`add_row`] then reads such a row from both ends.
fn continues(
    text: &[u8],
    (start, run_count, lines): (usize, usize, usize),
    delimiter: u8,
    min: usize,
    count: usize,
) -> bool {
    if count < min || lines == 0 {
        return false;
    }
    if count == run_count {
        return true;
    }
    delimiter == b','
        && count > run_count
        && count - run_count <= MAX_EXTRA_COMMAS
        && text.get(start..).is_some_and(|rest| {
            let first = memchr::memchr(b'\n', rest).map_or(rest, |i| &rest[..i]);
            is_header(first.strip_suffix(b"\r").unwrap_or(first), delimiter)
        })
}

/// Tabs, semicolons and commas outside quotes in `line`. Lines without quotes (nearly all) are
/// counted with memchr's SIMD counter (`filter().count()` is not vectorised: it cost ~6
/// instructions per byte of every line holding a comma).
fn delimiter_counts(line: &[u8]) -> [usize; 3] {
    if memchr::memchr(b'"', line).is_none() {
        let count = |d: u8| memchr::memchr_iter(d, line).count();
        return [count(b'\t'), count(b';'), count(b',')];
    }
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    counts
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
    fn labelled_value_lines_are_no_table() {
        // `Label:<TAB>value` lines: the first value is no column header for the lines below.
        let text = b"Employee:\tWhitney Fairbanks\nEmployee ID:\tEMP-963640\nDate of Birth:\t11/09/1992\n";
        assert!(blocks(text).is_empty());
        let scanner = Scanner::builtin().unwrap();
        let mut findings = Vec::new();
        scanner.scan_with(&mut scanner.new_scratch(), text, &mut findings);
        let reading = table_reading(text, &scanner, &mut scanner.new_scratch());
        reading.apply_to(&mut findings);
        let values: Vec<&[u8]> = findings.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, [&b"11/09/1992"[..]]);
    }

    #[test]
    fn a_column_list_before_headerless_rows_labels_them() {
        let scanner = Scanner::builtin().unwrap();
        let text = "Export without header \u{2014} order is mrn, last_name, dob, ref_npi.\n\
                    90125974\tThistlewood\t1961-02-03\t1245319599\n\
                    00122885\tEastwood\t**/**/****\t-\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["90125974", "1961-02-03", "1245319599", "00122885"]);
        // A sentence with as many commas is not a column list: its pieces are not single words.
        let prose = "We spoke to Ana, then Bob, and then the bank, about the refund.\n\
                     90125974\tThistlewood\t1961-02-03\t1245319599\n\
                     00122885\tEastwood\t1970-01-01\t-\n";
        assert!(header_findings_in_text(prose.as_bytes(), &scanner, &mut scanner.new_scratch()).is_empty());
        // The list must name as many columns as the rows have.
        assert_eq!(column_list(b"order is mrn, dob\nx\ty\tz\n", 18, 3), None);
        assert_eq!(column_list(b"order is mrn, dob, npi\nx\ty\tz\n", 23, 3).unwrap(), ["mrn", "dob", "npi"]);
        let text = b"Columns, in order: NHS number, date of birth and mobile\n\nx\ty\tz\n";
        let start = text.len() - 6;
        assert_eq!(column_list(text, start, 3).unwrap(), ["NHS number", "date of birth", "mobile"]);
        assert_eq!(column_list(text, start, 4), None);
        // Two blank lines, or a sentence with a colon but no list: no names.
        assert_eq!(column_list(b"Columns: mrn, dob and npi\n\n\nx\ty\tz\n", 29, 3), None);
        assert_eq!(
            column_list(b"Note: the rows below are from the export, see ticket 4\nx\ty\n", 56, 2),
            None
        );
    }

    #[test]
    fn a_parenthesized_column_list_names_rows_without_header() {
        let scanner = Scanner::builtin().unwrap();
        let text = "The records that failed (patient, NHS number, date of birth, clinic date):\n\
                    Anil Kimura\t422 939 9111\t5th April 1956\t11th May 2026\n\
                    Petra Kimura\t713 414 8556\t05.07.1997\t28-Sep-2024\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert!(values.contains(&"5th April 1956") && values.contains(&"05.07.1997"), "{values:?}");
        assert!(!values.contains(&"11th May 2026") && !values.contains(&"28-Sep-2024"), "{values:?}");
        // A parenthesis of prose is no list: more than four words in a piece.
        assert_eq!(column_list(b"(we called the bank twice, then again)\nx\ty\n", 39, 2), None);
        let listed =
            column_list(b"Members (member, member ID, date of birth) - from our export:\nx\ty\tz\n", 62, 3);
        assert_eq!(listed.unwrap(), ["member", "member ID", "date of birth"]);
    }

    #[test]
    fn rows_joined_by_br_tags_are_a_table() {
        let scanner = Scanner::builtin().unwrap();
        let text = "Patients:<br>name\tdob\tmrn<BR/>Maria M\u{fc}ller\t1989-12-04\tE923582483<br />Hana Costa\t01/19/1962\t6076881";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["1989-12-04", "E923582483", "01/19/1962", "6076881"]);
        assert!(may_hold_rows(text.as_bytes()) && !may_hold_rows(b"a <b>bold</b> <brand> word"));
        assert_eq!(markup_as_rows(b"a<br>b<Br />c<bR/>"), Some(b"a   \nb     \nc    \n".to_vec()));
        assert_eq!(markup_as_rows(b"a <brb> <b"), None);
        assert_eq!(markup_as_rows(b"a<br>\nb<br/>\r\nc"), Some(b"a    \nb     \r\nc".to_vec()));
        // Rows that end `<br>\n`, as HTML serialisers write them, are one table too.
        let text = "Roster:<br>\n<br>\nPROVIDER|NPI|DEA<br>\nDr. A|2140151749|GA2268123<br>\nDr. B|2732548930|MA7438749<br>\n";
        let rows = markup_as_rows(text.as_bytes()).unwrap_or_default();
        assert_eq!(pipe_blocks(&rows).0.len(), 1, "{:?}", String::from_utf8_lossy(&rows));
    }

    #[test]
    fn sql_insert_values_are_read_under_their_columns() {
        let scanner = Scanner::builtin().unwrap();
        let text = "Bad row in import: INSERT INTO customers (name, email, dob, patient_mrn) VALUES \
                    ('Tomas Novak', 't@x.io', '1951-02-23', 6076881), ('Ana', 'a@x.io', '14/07/1954', NULL);";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["1951-02-23", "6076881", "14/07/1954"]);
        assert!(may_hold_rows(text.as_bytes()));
        // The same dates under columns that are not dates of birth are not findings.
        let text = "insert into orders (name, created_at) values ('Tomas', '1951-02-23');";
        assert!(header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch()).is_empty());
    }

    #[test]
    fn postgres_copy_rows_are_read_under_their_columns() {
        let scanner = Scanner::builtin().unwrap();
        let text = "-- dump\nCOPY public.patients (id, mrn, name, dob, created_at) FROM stdin;\n\
                    1\t26135861\tK S\t1946-01-22\t2025-01-18\n2\t\\N\tA B\t1961-01-13\t2023-07-18\n\\.\n\
                    3\t49135861\tC D\t1950-02-02\t2023-07-18\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        // The line after `\.` is not a row of the COPY; `created_at` dates are not birth dates.
        assert_eq!(values, ["26135861", "1946-01-22", "1961-01-13"]);
        let prose = "copy the file (a, b) from stdin please;\n1\t1946-01-22\n";
        assert!(header_findings_in_text(prose.as_bytes(), &scanner, &mut scanner.new_scratch()).is_empty());
    }

    #[test]
    fn headers_in_other_scripts_label_their_columns() {
        let scanner = Scanner::builtin().unwrap();
        let text = "時間;病患姓名;出生日期;病歷號碼\n11:00;吳淑芬;1942/1/18;01902631\n\n\
                    Время;Пациент;Дата рождения\n10:00;Иванов;12.03.1961\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["1942/1/18", "01902631", "12.03.1961"]);
    }

    #[test]
    fn columns_aligned_with_spaces_are_tables() {
        let scanner = Scanner::builtin().unwrap();
        let text =
            "Schedule 30/12/2024\nTime   Patient   DOB   MRN\n10:15   Le Minh Tuan   04/06/2008   3341900\n\
                    10:30   Tran Thi Thu   16/05/2000   1524655\nExported  2024-10-18  01:32:08\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["04/06/2008", "3341900", "16/05/2000", "1524655"]);
    }

    #[test]
    fn markdown_tables_are_tables() {
        let scanner = Scanner::builtin().unwrap();
        let text = "Export:\n\n| Patient | MRN | DOB |\n|---|:---:|---|\n| Ines Bianchi | LH-448034 | 1988-10-26 |\n\
                    | Chloe Jansen | 94956037 | 06/06/1988 |\n\nthanks | bye";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(values, ["LH-448034", "1988-10-26", "94956037", "06/06/1988"]);
        // Rows without outer pipes, and a pipe-separated log without a header row.
        let text = "name | dob\n--- | ---\nAna | 1951-02-23\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        assert_eq!(found.iter().map(|f| &text[f.start..f.end]).collect::<Vec<_>>(), ["1951-02-23"]);
        let log = "12:00 | 1951-02-23 | ok\n12:01 | 1962-05-09 | ok\n";
        assert!(header_findings_in_text(log.as_bytes(), &scanner, &mut scanner.new_scratch()).is_empty());
    }

    #[test]
    fn sql_client_results_are_tables() {
        let scanner = Scanner::builtin().unwrap();
        let mysql = "mysql> SELECT id, name, ssn, birth_date, hire_date FROM employees;\n\
                     +-------+-------------+-----------+------------+------------+\n\
                     | id    | name        | ssn       | birth_date | hire_date  |\n\
                     +-------+-------------+-----------+------------+------------+\n\
                     | 55444 | Ngozi Chen  | 628166247 | 1937-07-16 | 2023-12-18 |\n\
                     | 72728 | Rahul Reyes | 422768211 | 1958-06-18 | 2008-01-08 |\n\
                     +-------+-------------+-----------+------------+------------+\n\
                     2 rows in set (0.08 sec)";
        let psql = "app=> SELECT id, name, ssn, birth_date, hire_date FROM employees;\n \
                    id    |    name     |    ssn    | birth_date | hire_date\n\
                    -------+-------------+-----------+------------+------------\n \
                    55444 | Ngozi Chen  | 628166247 | 1937-07-16 | 2023-12-18\n \
                    72728 | Rahul Reyes | 422768211 | 1958-06-18 | 2008-01-08\n\
                    (2 rows)";
        for text in [mysql, psql] {
            let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
            let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
            assert_eq!(values, ["628166247", "1937-07-16", "422768211", "1958-06-18"], "{text}");
        }
        // A rule between two tables does not join them; a blank line ends a run.
        assert!(only_rules(b"+---+---+\n") && only_rules(b"-----+-----\r\n") && only_rules(b"--:--\n---"));
        assert!(!only_rules(b"\n") && !only_rules(b"+ + +\n") && !only_rules(b"----\n\n----\nx\n"));
    }

    #[test]
    fn html_tables_are_tables() {
        let scanner = Scanner::builtin().unwrap();
        // One row per line, and all on one line (a JSON `html_body`); attributes and any case.
        for text in [
            "<table>\n  <tr><th>Name</th><th>Email</th><th>DOB</th></tr>\n  <tr><td>Ana Ruiz</td><td>ana@example.org</td><td>1958-07-16</td></tr>\n  <tr><td>Bo Li</td><td>bo@example.org</td><td>02/18/1979</td></tr>\n</table>",
            "<TABLE class=\"x\"><thead><tr><th>Name</th><th>Email</th><th scope=\"col\">DOB</th></tr></thead><tbody><tr><td>Ana Ruiz</td><td>ana@example.org</td><td>1958-07-16</td></tr><tr><td>Bo Li</td><td>bo@example.org</td><td>02/18/1979</td></tr></tbody></TABLE>",
        ] {
            assert!(may_hold_rows(text.as_bytes()));
            let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
            let values: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
            assert_eq!(values, ["1958-07-16", "02/18/1979"], "{text}");
        }
        // The same dates under an `Appointment` header are not dates of birth.
        let text = "<table><tr><th>Name</th><th>Appointment</th></tr><tr><td>Ana</td><td>1958-07-16</td></tr><tr><td>Bo</td><td>02/18/1979</td></tr></table>";
        assert!(header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch()).is_empty());
        assert_eq!(markup_as_rows(b"<td>a</td>"), Some(b"|   a     ".to_vec()));
        assert_eq!(markup_as_rows(b"<tdx>a</tdx> <table"), None);
    }

    #[test]
    fn rows_with_unquoted_commas_are_read_from_both_ends() {
        let scanner = Scanner::builtin().unwrap();
        // `Oct 3, 2024` splits into two cells: `mrn` is still counted from the left,
        // `provider_npi` from the right.
        let text = "patient_name,Member ID,mrn,appt_date,provider_npi\n\
                    Derek Sullivan,W408478007,00324684,05/11/2000,2708910247\n\
                    Connor Murphy,ZGP342580044,855-720-358,Oct 3, 2024,2851658080\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (scanner.detector(f.detector).entity.as_str(), &text[f.start..f.end]))
            .collect();
        for want in
            [("MEDICAL_RECORD_NUMBER", "855-720-358"), ("US_NPI", "2851658080"), ("US_NPI", "2708910247")]
        {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
        // The date's halves are read under `appt_date` and `mrn`/`provider_npi`: neither is a
        // value, and the appointment date is no date of birth.
        assert!(!got.iter().any(|(e, _)| *e == "DATE_OF_BIRTH"), "{got:?}");
        // A value split at its comma is read whole under the left header of its first half,
        // and that reading adds nothing else: the SSN column's neighbour stays a routing number.
        let text = "emp_id,name,ssn,routing,dob\n\
                    E1,Ana Ruiz,***-**-4001,289409082,1961-02-03\n\
                    E2,Bo Li,***-**-4001,021000021,February 26, 2003\n";
        let found = header_findings_in_text(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (scanner.detector(f.detector).entity.as_str(), &text[f.start..f.end]))
            .collect();
        assert!(got.contains(&("DATE_OF_BIRTH", "February 26, 2003")), "{got:?}");
        assert!(got.contains(&("ABA_ROUTING_NUMBER", "021000021")), "{got:?}");
        assert!(!got.iter().any(|(e, _)| *e == "US_SSN"), "{got:?}");
        // More than three extra commas is prose, not a row.
        let prose = "name,dob,phone\nAna,1958-07-16,555\nWell, so, then, and, also, yes, 1958-07-16\n";
        assert_eq!(blocks(prose.as_bytes()), [(0, 33, b',')]);
    }

    /// The straightforward form of [`blocks`]: every line counted.
    fn blocks_line_by_line(text: &[u8]) -> Vec<(usize, usize, u8)> {
        // Per delimiter: the current run's start, its per-line count, and its line count.
        let mut runs = [(0usize, 0usize, 0usize); 3];
        let mut out = Vec::new();
        let close = |run: (usize, usize, usize), delimiter: u8, end: usize, out: &mut Vec<_>| {
            let (start, _, lines) = run;
            if is_block(text, start, end, lines, delimiter) {
                out.push((start, end, delimiter));
            }
        };
        for (at, end) in (LineIter { text, at: 0, end: text.len() }) {
            let counts = delimiter_counts(&text[at..end]);
            for (i, &(delimiter, min)) in DELIMITERS.iter().enumerate() {
                let lines = runs[i].2;
                if continues(text, runs[i], delimiter, min, counts[i]) {
                    runs[i].2 += 1;
                    continue;
                }
                if lines > 0 {
                    close(runs[i], delimiter, at.saturating_sub(1), &mut out);
                }
                runs[i] = if counts[i] >= min { (at, counts[i], 1) } else { (0, 0, 0) };
            }
        }
        for (i, &(delimiter, _)) in DELIMITERS.iter().enumerate() {
            if runs[i].2 > 0 {
                close(runs[i], delimiter, text.len(), &mut out);
            }
        }
        out
    }

    #[test]
    fn skipping_lines_without_delimiters_finds_the_same_blocks() {
        // Every text over a small alphabet of line shapes, up to 7 lines: header-like and
        // data rows of each delimiter, prose with commas, blank, CRLF and unterminated lines.
        let parts: [&[u8]; 9] = [
            b"ssn\tdob\n",
            b"123-45-6789\t1990-01-01\n",
            b"a;b\n",
            b"1;2\r\n",
            b"name,dob,ssn\n",
            b"x,y,z\n",
            b"Hello, world\n",
            b"\n",
            b"no delimiters",
        ];
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..20_000 {
            let mut text = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            for _ in 0..(r % 8) {
                r /= 8;
                text.extend_from_slice(parts[(r % 9) as usize]);
            }
            assert_eq!(blocks(&text), blocks_line_by_line(&text), "{:?}", String::from_utf8_lossy(&text));
        }
    }

    #[test]
    fn prose_is_not_a_table() {
        let text = b"Hello, world\nThanks, Ada\nOne comma, two commas, three\n";
        assert!(blocks(text).is_empty());
        // Data rows without a header row: no header context to add.
        assert!(blocks(b"7120121790\t1994-04-08\n4417746818\t2001-02-03\n").is_empty());
    }

    #[test]
    fn cells_split_outside_quotes_and_drop_plain_quotes() {
        let line = br#"a,"b,c",,"say ""hi""""#;
        let got: Vec<&[u8]> = cells(line, 0, line.len(), b',').map(|(a, b)| &line[a..b]).collect();
        assert_eq!(got, [&b"a"[..], b"b,c", b"", br#""say ""hi""""#]);
    }

    #[test]
    fn a_cell_read_under_its_header_is_decided_by_that_reading() {
        let scanner = Scanner::builtin().expect("built-in packs");
        let text = "Export:\nclient_ip,agent_version,email\n151.105.31.20,6.1.1.72,ana@corp.example.org\n";
        let mut findings = scanner.scan(text.as_bytes());
        let value = |f: &Finding| text[f.start..f.end].to_string();
        // Alone, the version reads as an address.
        assert!(findings.iter().any(|f| value(f) == "6.1.1.72"));
        let tables = table_reading(text.as_bytes(), &scanner, &mut scanner.new_scratch());
        tables.apply_to(&mut findings);
        let values: Vec<String> = findings.iter().map(value).collect();
        assert_eq!(values, ["151.105.31.20", "ana@corp.example.org"]);
    }
}
