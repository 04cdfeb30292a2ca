//! CSV and TSV (with the `csv` crate): one segment per non-empty cell, located `:ROW:COL`
//! (both 1-based; the header is row 1), e.g. `export.csv:14:3`. When the first row looks
//! like a header (every cell a short label with a letter in it), a cell's header is its
//! segment's `context`: a column named `dob` or `ssn` is what makes a bare `1984-03-12` or
//! `078051120` a finding, exactly as a JSON key does for its value.
//!
//! Owns reading tables only; rewriting them (redaction) is in `redact.rs`, which uses
//! [`reader`] and [`header`] so both see the same cells.

use super::{emit, Budget, ExtractError, Format, SegmentSink};

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

fn label(cell: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(cell).ok()?.trim();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    (letters > 0 && digits <= letters && text.len() <= MAX_LABEL).then(|| text.to_owned())
}
