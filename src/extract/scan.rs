//! Segments → located findings. Each segment is scanned with its `context` (a CSV header, an
//! XML element or attribute name, a mail header name) as a field label, the way the content
//! module scans a JSON value under its key: the same `FieldScanner`, so a column `dob` makes
//! `1984-03-12` a date of birth here exactly as a key `dob` does in a JSON body.
//!
//! Owns turning segments into [`Located`] findings; it never logs, and a [`Located`]'s
//! `Debug` output holds no value.

use std::fmt;

use super::{extract, ExtractError, Limits, Segment};
use crate::content::field::FieldScanner;
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// A finding inside an extracted segment.
#[derive(Clone, PartialEq)]
pub struct Located {
    /// The segment's location inside the file (`!/logs/app.log:120`, `:14:3`): appended to the
    /// file's path when reported.
    pub location: String,
    /// Offsets into the segment's text, not into the file.
    pub finding: Finding,
    /// 1-based line and byte column of the finding's start inside the segment text (segments
    /// are mostly one line, so usually line 1).
    pub line: usize,
    pub column: usize,
    value: String,
}

impl Located {
    /// The matched text, for masked previews (`--show-values` only shows it as is).
    pub fn value(&self) -> &str {
        &self.value
    }

    fn new(segment: &Segment, finding: Finding) -> Located {
        let text = segment.text.as_bytes();
        let before = text.get(..finding.start).unwrap_or_default();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        Located {
            location: segment.location.clone(),
            finding,
            line: memchr::memchr_iter(b'\n', before).count() + 1,
            column: finding.start - line_start + 1,
            value: segment.text.get(finding.start..finding.end).unwrap_or_default().to_owned(),
        }
    }
}

impl fmt::Debug for Located {
    /// Never shows the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Located")
            .field("location", &self.location)
            .field("finding", &self.finding)
            .field("line", &self.line)
            .field("column", &self.column)
            .finish()
    }
}

/// Extracts `bytes` (sniffed) and scans every segment.
///
/// # Errors
/// Whatever makes the file unscannable ([`ExtractError`]); use [`scan_into`] to keep the
/// findings made before the error.
pub fn scan(
    scanner: &Scanner,
    scratch: &mut Scratch,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<Located>, ExtractError> {
    let mut out = Vec::new();
    scan_into(scanner, scratch, bytes, limits, &mut out)?;
    Ok(out)
}

/// Like [`scan`], appending to `out`, which keeps what was found before an error.
///
/// # Errors
/// As [`scan`].
pub fn scan_into(
    scanner: &Scanner,
    scratch: &mut Scratch,
    bytes: &[u8],
    limits: &Limits,
    out: &mut Vec<Located>,
) -> Result<(), ExtractError> {
    let mut field = FieldScanner::default();
    extract(bytes, limits, &mut |segment: Segment| {
        let found = field.scan(scanner, scratch, segment.context.as_deref(), segment.text.as_bytes());
        out.extend(found.iter().map(|f| Located::new(&segment, *f)));
        Ok(())
    })
}
