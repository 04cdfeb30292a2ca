//! CSV and TSV (with the `csv` crate): one segment per non-empty cell, located `:ROW:COL`
//! (both 1-based; the header is row 1), e.g. `export.csv:14:3`. When the first row looks
//! like a header (every cell a short label with a letter in it), a cell's header is its
//! segment's `context`: a column named `dob` or `ssn` is what makes a bare `1984-03-12` or
//! `078051120` a finding, exactly as a JSON key does for its value.
//!
//! [`header_findings`] gives the same header context to callers that report file offsets
//! (the CLI scans a CSV file as text and adds what the headers make findings).
//!
//! Owns reading tables only; rewriting them (redaction) is in `redact.rs`, which uses
//! [`reader`] and [`header`] so both see the same cells.

use super::{emit, Budget, ExtractError, Format, SegmentSink};
use crate::content::field::{push_words, FieldScanner};
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// Header cells longer than this are values, not labels.
const MAX_LABEL: usize = 64;

pub(crate) fn extract(
    format: Format,
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let mut rows = reader(format, bytes);
    let mut headers: Option<Vec<String>> = None;
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    while read(&mut rows, &mut record)? {
        row += 1;
        if row == 1 {
            headers = header(&record);
        }
        let context = if row == 1 { None } else { headers.as_deref() };
        emit_row(&record, row, context, location, budget, sink)?;
    }
    Ok(())
}

fn emit_row(
    record: &csv::ByteRecord,
    row: usize,
    headers: Option<&[String]>,
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    for (col, cell) in record.iter().enumerate() {
        if cell.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let context = headers.and_then(|h| h.get(col)).cloned();
        let text = String::from_utf8_lossy(cell).into_owned();
        emit(budget, sink, format!("{location}:{row}:{}", col + 1), text, context)?;
    }
    Ok(())
}

/// The findings a table's header adds to a plain text scan of it, with byte offsets into
/// `bytes` (the file), for callers that report file offsets (`casegate scan`): every data
/// cell scanned with its column's header as context, and the cells so read (see
/// [`super::TableReading`]). Empty when the first row is not a header. `None` when a cell
/// cannot be located in the file byte for byte (the caller keeps its text scan alone).
pub fn header_findings(
    format: Format,
    bytes: &[u8],
    scanner: &Scanner,
    scratch: &mut Scratch,
) -> Option<super::TableReading> {
    let (mut rows, delimiter) = (reader(format, bytes), delimiter(format, bytes));
    let (mut record, mut field) = (csv::ByteRecord::new(), FieldScanner::default());
    let mut out = super::TableReading::default();
    if !rows.read_byte_record(&mut record).ok()? {
        return Some(out);
    }
    let Some(headers) = header(&record) else { return Some(out) };
    let headers = labels_that_matter(&headers, scanner);
    if headers.iter().all(Option::is_none) {
        return Some(out);
    }
    while rows.read_byte_record(&mut record).ok()? {
        let mut cursor = usize::try_from(record.position()?.byte()).ok()?;
        for (col, cell) in record.iter().enumerate() {
            let raw = Raw::locate(bytes, cursor, cell, delimiter)?;
            cursor = raw.next;
            let Some(&Some(label)) = headers.get(col) else { continue };
            if cell.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if let (true, Some(end)) = (record.len() == headers.len(), raw.source(raw.len)) {
                out.cells.push((raw.start, end));
            }
            for f in field.scan(scanner, scratch, Some(label), cell) {
                let (Some(start), Some(end)) = (raw.source(f.start), raw.source(f.end)) else { continue };
                out.findings.push(Finding { start, end, ..*f });
            }
        }
    }
    Some(out)
}

/// Where a cell's value sits in the file.
struct Raw {
    /// Offset of the value's first byte (after an opening quote).
    start: usize,
    /// For a quoted value with `""` escapes: the source offset of each value byte.
    escaped: Option<Vec<usize>>,
    len: usize,
    /// Offset just past the cell's delimiter.
    next: usize,
}

impl Raw {
    /// Finds `cell` (as the csv reader unescaped it) at `at` in `bytes`, checking every byte.
    fn locate(bytes: &[u8], at: usize, cell: &[u8], delimiter: u8) -> Option<Raw> {
        let at = if at == 0 && bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { at };
        if bytes.get(at) != Some(&b'"') {
            let end = at + cell.len();
            (bytes.get(at..end)? == cell).then_some(())?;
            return Some(Raw { start: at, escaped: None, len: cell.len(), next: end + 1 });
        }
        let (mut map, mut i) = (Vec::with_capacity(cell.len()), at + 1);
        for &b in cell {
            if bytes.get(i) == Some(&b'"') && b == b'"' && bytes.get(i + 1) == Some(&b'"') {
                i += 1;
            }
            (bytes.get(i) == Some(&b)).then_some(())?;
            map.push(i);
            i += 1;
        }
        (bytes.get(i) == Some(&b'"')).then_some(())?;
        let plain = map.last().is_none_or(|&last| last + 1 - (at + 1) == cell.len());
        let next = i + 1 + usize::from(bytes.get(i + 1) == Some(&delimiter));
        Some(Raw { start: at + 1, escaped: (!plain).then_some(map), len: cell.len(), next })
    }

    /// The file offset of value offset `k` (`k == len` is the end).
    fn source(&self, k: usize) -> Option<usize> {
        match &self.escaped {
            None => (k <= self.len).then_some(self.start + k),
            Some(map) if k == self.len => map.last().map(|&last| last + 1).or(Some(self.start)),
            Some(map) => map.get(k).copied(),
        }
    }
}

/// A reader for `bytes` with the format's delimiter, every row read as data (headers are
/// decided by [`header`]) and rows of any length accepted.
pub(crate) fn reader(format: Format, bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter(format, bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// Reads the next record; `false` at the end.
pub(crate) fn read(
    rows: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
) -> Result<bool, ExtractError> {
    rows.read_byte_record(record)
        .map_err(|_| ExtractError::Corrupt { format: "csv", what: "unreadable record" })
}

/// `\t` for TSV; for CSV `;` when the first line has more of them than commas (European
/// exports), else `,`.
pub(crate) fn delimiter(format: Format, bytes: &[u8]) -> u8 {
    if format == Format::Tsv {
        return b'\t';
    }
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first.iter().filter(|&&b| b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The first row's cells as labels, if it is a header row: every cell non-empty, at most
/// [`MAX_LABEL`] bytes, UTF-8, with a letter and no more digits than letters.
pub(crate) fn header(record: &csv::ByteRecord) -> Option<Vec<String>> {
    record.iter().map(label).collect()
}

/// Per column, its label if it can add a finding ([`Scanner::label_matters`]); `None` for a
/// header such as `name` or `amount`: the text scan already found what its column holds.
pub(crate) fn labels_that_matter<'a>(labels: &'a [String], scanner: &Scanner) -> Vec<Option<&'a str>> {
    let mut words = Vec::new();
    labels
        .iter()
        .map(|label| {
            words.clear();
            push_words(&mut words, label);
            scanner.label_matters(&words).then_some(label.as_str())
        })
        .collect()
}

pub(crate) fn label(cell: &[u8]) -> Option<String> {
    label_text(cell).map(str::to_owned)
}

/// Whether `cell` reads as a column label ([`label`] without the copy, for deciding whether a
/// line is a header at all).
pub(crate) fn is_label(cell: &[u8]) -> bool {
    label_text(cell).is_some()
}

/// `cell` trimmed, when it is UTF-8 of at most `MAX_LABEL` bytes with a letter and no more
/// digits than letters.
fn label_text(cell: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(cell).ok()?.trim();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    (letters > 0 && digits <= letters && text.len() <= MAX_LABEL).then_some(text)
}
