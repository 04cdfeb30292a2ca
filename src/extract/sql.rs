//! SQL `INSERT` statements pasted into text: "Bad row in import: INSERT INTO customers (name,
//! email, ssn, dob) VALUES ('Tomas Novak', …, '327-09-7325', '1951-02-23');". The column list
//! is what makes the bare `1951-02-23` a date of birth, as a CSV header is for its column, so
//! each value is also scanned with its column name as context (see `pasted.rs`, which merges
//! these cells with the pasted tables'). A PostgreSQL dump's `COPY name (columns) FROM stdin;`
//! is read the same way: its rows follow, one per line, tab-separated, up to `\.`.
//!
//! Parsed here rather than with an SQL parser: only the shape `INSERT INTO name (columns)
//! VALUES (values)[, (values)…]` matters, any dialect's quoting of names (`"`, `` ` ``,
//! `[]`) and strings (`'…'` with `''` or `\'`), and a statement cut short or malformed simply
//! ends the parse. Keywords in any case.

use super::table;
use crate::content::field::FieldBatch;
use crate::engine::Scanner;

/// Longest column list or single value read; longer ones end the parse.
const MAX_LIST: usize = 8 * 1024;

/// Whether `text` holds an `INSERT INTO` statement or a `COPY … FROM stdin`.
pub(super) fn may_hold_inserts(text: &[u8]) -> bool {
    starts(text).next().is_some() || copy_starts(text).next().is_some()
}

/// Where each `COPY` keyword of a `COPY name (columns) FROM stdin;` ends, and where the rows
/// start (the line after it). Found from the `;` after `stdin` (as pg_dump writes it), read
/// backwards: a search for `stdin` itself stops at every `s` of prose.
fn copy_starts(text: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let space = |b: &u8| b.is_ascii_whitespace();
    let word = |b: &u8| !b.is_ascii_whitespace();
    memchr::memchr_iter(b';', text).filter_map(move |semicolon| {
        let at = semicolon.checked_sub(5)?;
        if !text.get(at..semicolon)?.eq_ignore_ascii_case(b"stdin") {
            return None;
        }
        let rows = semicolon + 1 + memchr::memchr(b'\n', text.get(semicolon + 1..)?)? + 1;
        let from_end = back_over(text, at, MAX_SPACE, space);
        let from = from_end.checked_sub(4)?;
        let close_end = back_over(text, from, MAX_SPACE, space);
        let close = close_end.checked_sub(1)?;
        if !text.get(from..from_end)?.eq_ignore_ascii_case(b"from") || text.get(close) != Some(&b')') {
            return None;
        }
        let list_from = close.saturating_sub(MAX_LIST);
        let open = list_from + memchr::memrchr(b'(', text.get(list_from..close)?)?;
        let name_end = back_over(text, open, MAX_SPACE, space);
        let name_start = back_over(text, name_end, MAX_NAME, word);
        let copy_end = back_over(text, name_start, MAX_SPACE, space);
        let copy = copy_end.checked_sub(4)?;
        let shaped = name_start < name_end && copy_end < name_start;
        (shaped && text.get(copy..copy_end)?.eq_ignore_ascii_case(b"copy")).then_some((copy_end, rows))
    })
}

/// Adds each value of the rows of every `COPY … FROM stdin` in `text` whose column name can
/// matter to `batch`, with that name as its label, and the value's offset to `at`. `\N` is
/// NULL; the rows end at a line `\.` or at the first line without a tab.
pub(super) fn add_copies(text: &[u8], scanner: &Scanner, batch: &mut FieldBatch, at: &mut Vec<usize>) {
    for (from, rows) in copy_starts(text) {
        let mut p = Parser { text, at: from };
        let Some(columns) = p.columns() else { continue };
        let labels = table::labels_that_matter(&columns, scanner);
        if labels.iter().all(Option::is_none) {
            continue;
        }
        let mut l0 = rows;
        while l0 < text.len() {
            let l1 = memchr::memchr(b'\n', &text[l0..]).map_or(text.len(), |i| l0 + i);
            let line = text[l0..l1].strip_suffix(b"\r").unwrap_or(&text[l0..l1]);
            if line == b"\\." || memchr::memchr(b'\t', line).is_none() {
                break;
            }
            let mut c0 = l0;
            for (col, cell) in line.split(|&b| b == b'\t').enumerate() {
                if let Some(&Some(label)) = labels.get(col) {
                    if !cell.is_empty() && cell != b"\\N" {
                        batch.push(Some(label), cell);
                        at.push(c0);
                    }
                }
                c0 += cell.len() + 1;
            }
            l0 = l1 + 1;
        }
    }
}

/// Where each `INSERT INTO` keyword ends (where the table name may start).
///
/// Found from the `) VALUES` that closes the column list, then read backwards: `)` is rare in
/// prose, while a search for `insert into` stops at every `i` and `n` of the text (two memmem
/// passes, upper and lower case, cost 0.5% of a scan of the development corpus).
fn starts(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let space = |b: &u8| b.is_ascii_whitespace();
    let word = |b: &u8| !b.is_ascii_whitespace();
    memchr::memchr_iter(b')', text).filter_map(move |close| {
        let after =
            close + 1 + text.get(close + 1..)?.iter().take(MAX_SPACE).take_while(|b| space(b)).count();
        if !text.get(after..after + 6)?.eq_ignore_ascii_case(b"values") {
            return None;
        }
        let from = close.saturating_sub(MAX_LIST);
        let open = from + memchr::memrchr(b'(', text.get(from..close)?)?;
        let name_end = back_over(text, open, MAX_SPACE, space);
        let name_start = back_over(text, name_end, MAX_NAME, word);
        let into_end = back_over(text, name_start, MAX_SPACE, space);
        let into = into_end.checked_sub(4)?;
        let insert_end = back_over(text, into, MAX_SPACE, space);
        let insert = insert_end.checked_sub(6)?;
        let shaped = name_start < name_end && into_end < name_start && insert_end < into;
        let keywords = text.get(into..into_end)?.eq_ignore_ascii_case(b"into")
            && text.get(insert..insert_end)?.eq_ignore_ascii_case(b"insert");
        (shaped && keywords).then_some(into_end)
    })
}

/// Longest table name and run of spaces read.
const MAX_NAME: usize = 128;
const MAX_SPACE: usize = 64;

/// The start of the run of at most `max` bytes matching `f` that ends at `end`.
fn back_over(text: &[u8], end: usize, max: usize, f: impl Fn(&u8) -> bool) -> usize {
    end - text.get(..end).unwrap_or_default().iter().rev().take(max).take_while(|b| f(b)).count()
}

/// Adds each value of every `INSERT` statement in `text` whose column name can matter to
/// `batch`, with that name as its label, and the value's offset to `at`.
pub(super) fn add_inserts(text: &[u8], scanner: &Scanner, batch: &mut FieldBatch, at: &mut Vec<usize>) {
    for from in starts(text) {
        let mut p = Parser { text, at: from };
        let Some(columns) = p.columns() else { continue };
        let labels = table::labels_that_matter(&columns, scanner);
        if labels.iter().all(Option::is_none) {
            continue;
        }
        p.tuples(|_, col, (v0, v1)| {
            if let (Some(&Some(label)), Some(value)) = (labels.get(col), text.get(v0..v1)) {
                if !value.is_empty() {
                    batch.push(Some(label), value);
                    at.push(v0);
                }
            }
        });
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Skips space, then `b` if it is next.
    fn byte(&mut self, b: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    /// Skips space, then the keyword `word` (any case) if it is next.
    fn keyword(&mut self, word: &[u8]) -> bool {
        self.skip_space();
        let found =
            self.text.get(self.at..self.at + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word));
        self.at += if found { word.len() } else { 0 };
        found
    }

    /// The table name and the column list after it: `customers (name, "e-mail", [dob])`.
    fn columns(&mut self) -> Option<Vec<String>> {
        self.skip_space();
        let name = self
            .text
            .get(self.at..)?
            .iter()
            .take(MAX_LIST)
            .position(|&b| b == b'(' || b.is_ascii_whitespace())?;
        if name == 0 {
            return None;
        }
        self.at += name;
        if !self.byte(b'(') {
            return None;
        }
        let len = self.text.get(self.at..)?.iter().take(MAX_LIST).position(|&b| b == b')')?;
        let list = self.text.get(self.at..self.at + len)?;
        self.at += len + 1;
        list.split(|&b| b == b',')
            .map(|c| {
                let c = c.trim_ascii();
                let c = c.strip_prefix(b"[").and_then(|c| c.strip_suffix(b"]")).unwrap_or(c);
                let c = c.strip_prefix(b"\"").and_then(|c| c.strip_suffix(b"\"")).unwrap_or(c);
                let c = c.strip_prefix(b"`").and_then(|c| c.strip_suffix(b"`")).unwrap_or(c);
                let c = c.strip_prefix(b"'").and_then(|c| c.strip_suffix(b"'")).unwrap_or(c);
                table::label(c)
            })
            .collect()
    }

    /// `VALUES (…), (…)`: calls `f(row, column, value span)` for each value of each tuple.
    fn tuples(&mut self, mut f: impl FnMut(usize, usize, (usize, usize))) {
        if !self.keyword(b"values") {
            return;
        }
        let mut row = 0;
        while self.byte(b'(') {
            let mut col = 0;
            while let Some(span) = self.value() {
                f(row, col, span);
                col += 1;
                if !self.byte(b',') {
                    break;
                }
            }
            row += 1;
            if !self.byte(b')') || !self.byte(b',') {
                break;
            }
        }
    }

    /// The next value of a tuple: a quoted string (its inside) or a bare token (`NULL`,
    /// `42`, `now()` up to the next `,` or `)`). `None` at the end of the tuple or input.
    fn value(&mut self) -> Option<(usize, usize)> {
        self.skip_space();
        let start = self.at;
        if self.peek()? == b'\'' {
            let mut i = start + 1;
            loop {
                match self.text.get(i)? {
                    b'\\' => i += 2,
                    b'\'' if self.text.get(i + 1) == Some(&b'\'') => i += 2,
                    b'\'' => break,
                    _ => i += 1,
                }
                if i - start > MAX_LIST {
                    return None;
                }
            }
            self.at = i + 1;
            return Some((start + 1, i));
        }
        let len = self.text.get(start..)?.iter().take(MAX_LIST).position(|&b| b == b',' || b == b')')?;
        let token = self.text.get(start..start + len)?.trim_ascii_end();
        self.at = start + len;
        (!token.is_empty()).then_some((start, start + token.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let text = sql.as_bytes();
        let Some(from) = starts(text).next() else { return (Vec::new(), Vec::new()) };
        let mut p = Parser { text, at: from };
        let Some(columns) = p.columns() else { return (Vec::new(), Vec::new()) };
        let mut rows: Vec<Vec<String>> = Vec::new();
        p.tuples(|row, _, (a, b)| {
            if rows.len() <= row {
                rows.push(Vec::new());
            }
            rows[row].push(sql[a..b].to_owned());
        });
        (columns, rows)
    }

    #[test]
    fn columns_and_rows() {
        let (cols, rows) = parse(
            "x: INSERT INTO app.customers (name, \"e-mail\", `ssn`, [dob]) VALUES \
             ('O''Brien', 'a@b.io', '327-09-7325', '1951-02-23'), (NULL, 'it\\'s', 42 , CURRENT_DATE);",
        );
        assert_eq!(cols, ["name", "e-mail", "ssn", "dob"]);
        assert_eq!(
            rows,
            [
                vec!["O''Brien", "a@b.io", "327-09-7325", "1951-02-23"],
                vec!["NULL", "it\\'s", "42", "CURRENT_DATE"]
            ]
        );
    }

    #[test]
    fn malformed_statements_end_the_parse() {
        assert_eq!(parse("insert into t values (1, 2)").1.len(), 0);
        assert_eq!(
            parse("Insert  Into\nt(a)\tValues (1)"),
            (vec!["a".to_owned()], vec![vec!["1".to_owned()]])
        );
        assert_eq!(parse("we insert it into (a) values (1)").0.len(), 0);
        let (cols, rows) = parse("insert into t (a, b) values ('x");
        assert_eq!(cols, ["a", "b"]);
        assert!(rows.iter().all(Vec::is_empty));
        assert_eq!(parse("INSERT INTO (a) VALUES (1)").0.len(), 0);
        assert_eq!(parse("INSERT INTO t ('id','ssn') VALUES (1, 'x')").0, ["id", "ssn"]);
    }
}
