//! Content sniffing: the [`Format`] of some bytes from their magic numbers and first lines,
//! never from a file name or a declared media type (a `.txt` that is really a zip is a zip; a
//! "PDF" without `%PDF-` is not a PDF).
//!
//! Owns recognition only: it must not decompress anything. OOXML and ODF are told apart from a
//! plain zip by the zip's central directory (read by the `zip` crate, which only parses the
//! directory) and by the stored `mimetype` first entry ODF requires.

use std::io::Cursor;

use super::Format;

/// How many leading lines decide between CSV, TSV and text.
const TABLE_LINES: usize = 8;
/// Bytes looked at for text-like decisions (a sniff never reads a whole large file).
const HEAD: usize = 64 << 10;

/// The formats a declared media type (a `Content-Type` value) promises, for the media types
/// that name one; `None` for every other type (no promise to check). A body that sniffs as
/// none of them is an error, not a pass: a "PDF" that is not a PDF is not scanned as
/// something else.
pub fn declared_formats(content_type: &str) -> Option<&'static [Format]> {
    const ZIP_FAMILY: &[Format] =
        &[Format::Zip, Format::Docx, Format::Xlsx, Format::Pptx, Format::Odt, Format::Ods, Format::Odp];
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let ooxml = "application/vnd.openxmlformats-officedocument.";
    let odf = "application/vnd.oasis.opendocument.";
    Some(match essence.as_str() {
        "application/pdf" => &[Format::Pdf],
        "application/zip" | "application/x-zip-compressed" => ZIP_FAMILY,
        "application/gzip" | "application/x-gzip" => &[Format::Gzip],
        "application/x-tar" => &[Format::Tar],
        "message/rfc822" => &[Format::Eml],
        e if e == format!("{ooxml}wordprocessingml.document") => &[Format::Docx],
        e if e == format!("{ooxml}spreadsheetml.sheet") => &[Format::Xlsx],
        e if e == format!("{ooxml}presentationml.presentation") => &[Format::Pptx],
        e if e == format!("{odf}text") => &[Format::Odt],
        e if e == format!("{odf}spreadsheet") => &[Format::Ods],
        e if e == format!("{odf}presentation") => &[Format::Odp],
        _ => return None,
    })
}

/// The format of `bytes`, from content only.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if bytes.get(257..262) == Some(b"ustar") {
        return Format::Tar;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    text_kind(bytes)
}

/// OOXML, ODF or a plain zip.
fn zip_kind(bytes: &[u8]) -> Format {
    if let Some(f) = odf_mimetype(bytes) {
        return f;
    }
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Format::Zip;
    };
    let names = || archive.file_names();
    if !names().any(|n| n == "[Content_Types].xml") {
        return Format::Zip;
    }
    for (prefix, format) in [("word/", Format::Docx), ("xl/", Format::Xlsx), ("ppt/", Format::Pptx)] {
        if names().any(|n| n.starts_with(prefix)) {
            return format;
        }
    }
    Format::Zip
}

/// ODF: the first local entry is a stored `mimetype` whose content names the kind (ODF 1.2
/// part 3, 3.3). Read from the local header directly: 30 fixed bytes, then the name, then the
/// data, which is what `file(1)` checks too.
fn odf_mimetype(bytes: &[u8]) -> Option<Format> {
    let name_len = u16::from_le_bytes([*bytes.get(26)?, *bytes.get(27)?]) as usize;
    let extra_len = u16::from_le_bytes([*bytes.get(28)?, *bytes.get(29)?]) as usize;
    let stored = bytes.get(8..10)? == [0, 0];
    if !stored || bytes.get(30..30 + name_len)? != b"mimetype" {
        return None;
    }
    let data = bytes.get(30 + name_len + extra_len..)?;
    let base = b"application/vnd.oasis.opendocument.";
    let rest = data.strip_prefix(base.as_slice())?;
    [(b"text".as_slice(), Format::Odt), (b"spreadsheet", Format::Ods), (b"presentation", Format::Odp)]
        .into_iter()
        .find(|(kind, _)| rest.starts_with(kind) && rest.get(kind.len()).is_none_or(|b| *b != b'-'))
        .map(|(_, f)| f)
}

/// Text-like formats, or [`Format::Binary`].
fn text_kind(bytes: &[u8]) -> Format {
    let head = utf8_head(bytes);
    let Some(head) = head else { return Format::Binary };
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if is_mail(trimmed) {
        return Format::Eml;
    }
    if let Some(f) = markup_kind(trimmed) {
        return f;
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('[')) && parses_as_json(bytes) {
        return Format::Json;
    }
    if let Some(f) = table_kind(head, head.len() < bytes.len()) {
        return f;
    }
    Format::Text
}

/// The first [`HEAD`] bytes as UTF-8 (cut at a character boundary), if they are text: valid
/// UTF-8 with no NUL and few control characters.
fn utf8_head(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let text = match std::str::from_utf8(head) {
        Ok(s) => s,
        // A multi-byte character cut by the HEAD boundary is fine; anything else is not text.
        Err(e) if e.error_len().is_none() && bytes.len() > HEAD => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let controls = text.bytes().filter(|b| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    (!text.contains('\0') && controls * 100 <= text.len()).then_some(text)
}

/// Headers that start an RFC 5322 message in practice (a mail export, a `.eml` from a client).
const MAIL_HEADERS: [&str; 10] = [
    "from:",
    "received:",
    "mime-version:",
    "return-path:",
    "delivered-to:",
    "message-id:",
    "date:",
    "subject:",
    "to:",
    "x-",
];

/// An RFC 5322 header block: the first line is a known header, every line up to a blank line is
/// `Name: value` or a folded continuation, and the blank line exists.
fn is_mail(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("").to_ascii_lowercase();
    if !MAIL_HEADERS.iter().any(|h| first.starts_with(h)) || first.starts_with("x-") && !first.contains(':') {
        return false;
    }
    let mut names = 0;
    for line in head.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            return names >= 2;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        match line.split_once(':') {
            Some((name, _)) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()) => names += 1,
            _ => return false,
        }
    }
    false
}

fn markup_kind(head: &str) -> Option<Format> {
    let start: String = head.chars().take(16).collect::<String>().to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Some(Format::Html);
    }
    let second = head.as_bytes().get(1).copied().unwrap_or(b' ');
    let tag = head.starts_with('<') && (second.is_ascii_alphabetic() || matches!(second, b'!' | b'?' | b'_'));
    (start.starts_with("<?xml") || tag).then_some(Format::Xml)
}

fn parses_as_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// CSV or TSV: over the first records (at least two), the same delimiter count in every
/// record and at least one delimiter (two columns). Quotes are honoured, so a quoted field
/// may hold delimiters and line breaks. Hand-written rather than the `csv` crate because it
/// must count delimiters for several candidates on a possibly cut head, without parsing.
fn table_kind(head: &str, truncated: bool) -> Option<Format> {
    let mut records = records(head.as_bytes());
    if truncated || records.len() > TABLE_LINES {
        // The last record of a cut head may itself be cut.
        records.pop();
    }
    records.truncate(TABLE_LINES);
    if records.len() < 2 {
        return None;
    }
    for (delimiter, format) in [(b'\t', Format::Tsv), (b',', Format::Csv), (b';', Format::Csv)] {
        let first = count_delimiters(records[0], delimiter);
        if first >= 1 && records.iter().all(|r| count_delimiters(r, delimiter) == first) {
            return Some(format);
        }
    }
    None
}

/// Up to `TABLE_LINES + 1` non-blank records: lines, except that a line break inside quotes
/// does not end one.
fn records(head: &[u8]) -> Vec<&[u8]> {
    let (mut out, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, &b) in head.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                push_record(&mut out, &head[start..i]);
                start = i + 1;
                if out.len() > TABLE_LINES {
                    return out;
                }
            }
            _ => {}
        }
    }
    push_record(&mut out, &head[start..]);
    out
}

fn push_record<'a>(out: &mut Vec<&'a [u8]>, record: &'a [u8]) {
    if !record.iter().all(u8::is_ascii_whitespace) {
        out.push(record);
    }
}

fn count_delimiters(record: &[u8], delimiter: u8) -> usize {
    let mut quoted = false;
    record
        .iter()
        .filter(|&&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == delimiter && !quoted
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_like_formats() {
        assert_eq!(sniff(b"From: a@b.c\r\nSubject: x\r\n\r\nbody"), Format::Eml);
        assert_eq!(sniff(b"<!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(sniff(b"<?xml version='1.0'?><a/>"), Format::Xml);
        assert_eq!(sniff(b"{\"a\": 1}"), Format::Json);
        assert_eq!(sniff(b"{\"a\": "), Format::Text);
        assert_eq!(sniff(b"a,b\n1,2\n"), Format::Csv);
        assert_eq!(declared_formats("Application/PDF; name=x.pdf"), Some(&[Format::Pdf][..]));
        assert!(declared_formats("application/zip").is_some_and(|f| f.contains(&Format::Docx)));
        assert_eq!(declared_formats("text/plain"), None);
        assert_eq!(sniff(b"a\tb\n1\t2\n"), Format::Tsv);
        assert_eq!(sniff(b"a, b c\nno commas here\n"), Format::Text);
        assert_eq!(sniff(b"hello\n"), Format::Text);
        assert_eq!(sniff(b"\x00\x01\x02\xff"), Format::Binary);
        assert_eq!(sniff(b"From: a\nnot a header line\n\nx"), Format::Text);
    }
}
