//! Rewriting parts of a MIME message in place (for redaction): a part's body is re-encoded
//! with the transfer encoding it had, a header's value is replaced, and everything else of the
//! message is copied byte for byte.
//!
//! Why hand-written: `mail-parser` only reads, and no MIME writer in the dependency tree
//! can re-emit a parsed message without re-serializing (and so changing) all of it. The
//! quoted-printable encoder is RFC 2045 6.7 with soft line breaks at 76; base64 is the
//! `base64` crate, wrapped at 76 columns.

use std::ops::Range;

use base64::Engine;
use mail_parser::{Encoding, Header, MessagePart, MimeHeaders};

/// Replace `range` of the raw message with `bytes`.
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub bytes: Vec<u8>,
}

/// Applies non-overlapping edits (in any order) to `raw`.
pub(crate) fn splice(raw: &[u8], mut edits: Vec<Edit>) -> Vec<u8> {
    edits.sort_by_key(|e| e.range.start);
    let mut out = Vec::with_capacity(raw.len());
    let mut cursor = 0;
    for edit in edits {
        let (Some(before), true) = (raw.get(cursor..edit.range.start), edit.range.end <= raw.len()) else {
            continue;
        };
        out.extend_from_slice(before);
        out.extend_from_slice(&edit.bytes);
        cursor = edit.range.end;
    }
    out.extend_from_slice(raw.get(cursor..).unwrap_or_default());
    out
}

/// The edit replacing a part's body with `decoded`, encoded as the body was.
pub(crate) fn body_edit(raw: &[u8], part: &MessagePart, decoded: &[u8]) -> Edit {
    let range = part.offset_body as usize..part.offset_end as usize;
    let old = raw.get(range.clone()).unwrap_or_default();
    let newline: &[u8] = if memchr::memmem::find(old, b"\r\n").is_some() { b"\r\n" } else { b"\n" };
    let mut bytes = match part.encoding {
        Encoding::Base64 => base64_lines(decoded, newline),
        Encoding::QuotedPrintable => quoted_printable(decoded, newline),
        Encoding::None => decoded.to_vec(),
    };
    // Keep the line break that ended the body before the boundary, if the decoder dropped it.
    for end in [b"\r\n".as_slice(), b"\n"] {
        if old.ends_with(end) && !bytes.ends_with(end) {
            bytes.extend_from_slice(end);
            break;
        }
    }
    Edit { range, bytes }
}

/// The edit replacing a header's value with `value` (RFC 2047-encoded when not ASCII),
/// keeping the whitespace after the colon and the line break.
pub(crate) fn header_edit(raw: &[u8], header: &Header, value: &[u8]) -> Edit {
    let range = header.offset_start as usize..header.offset_end as usize;
    let old = raw.get(range.clone()).unwrap_or_default();
    let lead = old.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let trail = old.len() - old.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let mut bytes = old[..lead].to_vec();
    let value = value.trim_ascii();
    if value.is_ascii() {
        bytes.extend_from_slice(value);
    } else {
        bytes.extend_from_slice(b"=?utf-8?b?");
        bytes.extend_from_slice(base64::engine::general_purpose::STANDARD.encode(value).as_bytes());
        bytes.extend_from_slice(b"?=");
    }
    bytes.extend_from_slice(&old[old.len() - trail..]);
    Edit { range, bytes }
}

/// A text part whose decoded text can be written back as is: UTF-8 or ASCII (or no charset).
pub(crate) fn is_utf8(part: &MessagePart) -> bool {
    let charset = part.content_type().and_then(|c| c.attribute("charset")).unwrap_or("us-ascii");
    ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|c| charset.eq_ignore_ascii_case(c))
}

fn base64_lines(data: &[u8], newline: &[u8]) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = Vec::with_capacity(encoded.len() + encoded.len() / 76 * 2 + 2);
    for line in encoded.as_bytes().chunks(76) {
        out.extend_from_slice(line);
        out.extend_from_slice(newline);
    }
    out
}

/// RFC 2045 6.7: printable ASCII except `=` as is, line breaks as line breaks, trailing
/// whitespace and everything else as `=XX`, soft breaks (`=` + newline) before column 76.
fn quoted_printable(data: &[u8], newline: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 8);
    let mut column = 0;
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        for (j, &b) in line.iter().enumerate() {
            let last = j + 1 == line.len();
            let plain = (b == b' ' || b == b'\t') && !last || (0x21..=0x7e).contains(&b) && b != b'=';
            let width = if plain { 1 } else { 3 };
            if column + width > 75 {
                out.extend_from_slice(b"=");
                out.extend_from_slice(newline);
                column = 0;
            }
            if plain {
                out.push(b);
            } else {
                out.extend_from_slice(format!("={b:02X}").as_bytes());
            }
            column += width;
        }
        if i + 1 < lines.len() {
            out.extend_from_slice(newline);
            column = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_round_trips_through_mail_parser() {
        let text = "caf\u{e9} = ok \nline two with trailing space \n".repeat(5);
        let body = quoted_printable(text.as_bytes(), b"\r\n");
        assert!(body.split(|&b| b == b'\n').all(|l| l.len() <= 77));
        let mut msg =
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                .to_vec();
        msg.extend_from_slice(&body);
        let parsed = mail_parser::MessageParser::default().parse(&msg).unwrap();
        // Line breaks are canonical CRLF in a quoted-printable body.
        assert_eq!(parsed.body_text(0).unwrap(), text.replace('\n', "\r\n"));
    }
}
