//! Plain text (and JSON, which is scanned as its text): one segment per non-blank line, located
//! `:N` (1-based line number), so a finding in a log file inside a bundle reads
//! `bundle.zip!/logs/app.log:120`. Bytes that are not UTF-8 are replaced (U+FFFD) in the
//! segment only; offsets are into the segment's text, never into the file.
//!
//! Owns line splitting only; it must not interpret the content.

use super::{emit, Budget, ExtractError, SegmentSink};

pub(crate) fn extract(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = String::from_utf8_lossy(line).into_owned();
        emit(budget, sink, format!("{location}:{}", index + 1), text, None)?;
    }
    Ok(())
}
