//! Documents carried inside JSON strings: base64 (standard or URL-safe, padded or not, wrapped
//! at a fixed width or not) and `data:<type>;base64,` URLs, as ticketing APIs inline
//! attachments (`"content": "JVBERi0xLjQK…"`). A string is taken for an embedded document only
//! when it is long, every byte is in the base64 alphabet, it decodes, and what it decodes to is
//! recognised ([`sniff`]) as a document, an archive, mail or UTF-8 text; anything else (a hash,
//! an opaque token, an image) is left to the plain text scan of the string.
//!
//! Owns recognising and re-encoding only; scanning and policy are in `inspect.rs`.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

use super::sniff;
use super::{extract_nested, Budget, ExtractError, Format, SegmentSink};
use crate::content::json::push_token;

/// Shorter strings are values, not documents (48 decoded bytes).
const MIN_CHARS: usize = 64;

/// A document decoded from a JSON string, with what it takes to encode a replacement the same
/// way.
pub struct Embedded<'a> {
    /// `data:application/pdf;base64,` or empty.
    prefix: &'a str,
    pub bytes: Vec<u8>,
    pub format: Format,
    url_safe: bool,
    padded: bool,
    /// Line width and line break when the original was wrapped (MIME style).
    wrap: Option<(usize, &'static str)>,
}

impl std::fmt::Debug for Embedded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedded").field("format", &self.format).field("len", &self.bytes.len()).finish()
    }
}

/// Long enough and nothing but base64 (with line breaks): the first test [`decode`] makes.
fn looks_base64(body: &str) -> bool {
    body.len() >= MIN_CHARS && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/-_=\r\n".contains(&b))
}

/// Whether [`decode`] could take `s` for a document: its cheap tests only.
fn may_embed(s: &str) -> bool {
    looks_base64(
        s.strip_prefix("data:")
            .and_then(|r| r.find(";base64,").map(|at| &r[at + ";base64,".len()..]))
            .unwrap_or(s),
    )
}

/// Whether any string of `v` passes [`may_embed`]. The walks below spell a JSON pointer for
/// every string they visit; for the usual document, with no embedded file, this walk spares
/// that (it was 12% of a vendor request's instructions for a 20 KB issue, callgrind).
fn any_may_embed(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => may_embed(s),
        Value::Array(items) => items.iter().any(any_may_embed),
        Value::Object(members) => members.values().any(any_may_embed),
        _ => false,
    }
}

/// The document inside `s`, if `s` is one (see the module doc for the rule).
pub fn decode(s: &str) -> Option<Embedded<'_>> {
    let (prefix, body) = match s.strip_prefix("data:") {
        Some(rest) => {
            let at = rest.find(";base64,")?;
            s.split_at("data:".len() + at + ";base64,".len())
        }
        None => ("", s),
    };
    if !looks_base64(body) {
        return None;
    }
    let wrap = wrapping(body);
    let compact: std::borrow::Cow<str> = if wrap.is_some() || body.contains(['\r', '\n']) {
        body.chars().filter(|c| !matches!(c, '\r' | '\n')).collect::<String>().into()
    } else {
        body.into()
    };
    let url_safe = compact.contains(['-', '_']);
    let padded = compact.ends_with('=');
    let engine = match (url_safe, padded) {
        (false, true) => &STANDARD,
        (false, false) => &STANDARD_NO_PAD,
        (true, true) => &URL_SAFE,
        (true, false) => &URL_SAFE_NO_PAD,
    };
    let bytes = engine.decode(compact.as_bytes()).ok()?;
    let format = sniff(&bytes);
    let recognised = match format {
        Format::Binary => false,
        Format::Text => std::str::from_utf8(&bytes).is_ok(),
        _ => true,
    };
    recognised.then_some(Embedded { prefix, bytes, format, url_safe, padded, wrap })
}

impl Embedded<'_> {
    /// `bytes` encoded the way the original string was (same alphabet, padding, wrapping and
    /// `data:` prefix).
    pub fn encode(&self, bytes: &[u8]) -> String {
        let engine = match (self.url_safe, self.padded) {
            (false, true) => &STANDARD,
            (false, false) => &STANDARD_NO_PAD,
            (true, true) => &URL_SAFE,
            (true, false) => &URL_SAFE_NO_PAD,
        };
        let flat = engine.encode(bytes);
        let mut out = String::with_capacity(self.prefix.len() + flat.len() + flat.len() / 38);
        out.push_str(self.prefix);
        match self.wrap {
            None => out.push_str(&flat),
            Some((width, newline)) => {
                // Base64 is ASCII, so byte chunks are char boundaries.
                for (i, line) in flat.as_bytes().chunks(width).enumerate() {
                    if i > 0 {
                        out.push_str(newline);
                    }
                    out.push_str(std::str::from_utf8(line).unwrap_or_default());
                }
            }
        }
        out
    }
}

/// Extracts the documents embedded in the strings of a JSON file, each located
/// `!<pointer>` (RFC 6901) followed by its own inner location. A file that does not parse
/// has none (its text is scanned as text anyway).
pub(crate) fn extract_json(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(bytes) else { return Ok(()) };
    each_string(&doc, &mut |s, pointer| match decode(s) {
        Some(found) => extract_nested(&found.bytes, &format!("{location}!{pointer}"), budget, sink),
        None => Ok(()),
    })
}

/// Scans the documents embedded in the strings of a parsed JSON document (the CLI's view of a
/// `.json` file), appending findings located `!<pointer>` + their inner location.
///
/// # Errors
/// The first embedded document that is unscannable; findings made before it are kept.
pub fn scan_json(
    doc: &serde_json::Value,
    scanner: &crate::engine::Scanner,
    scratch: &mut crate::engine::Scratch,
    limits: &super::Limits,
    out: &mut Vec<super::Located>,
) -> Result<(), ExtractError> {
    each_string(doc, &mut |s, pointer| {
        let Some(found) = decode(s) else { return Ok(()) };
        let from = out.len();
        let result = super::scan_into(scanner, scratch, &found.bytes, limits, out);
        for l in &mut out[from..] {
            l.location.insert_str(0, &format!("!{pointer}"));
        }
        result
    })
}

/// Calls `f` with every string in `v` that [`decode`] could take, and its JSON pointer.
pub(crate) fn each_string<E>(
    v: &serde_json::Value,
    f: &mut dyn FnMut(&str, &str) -> Result<(), E>,
) -> Result<(), E> {
    if !any_may_embed(v) {
        return Ok(());
    }
    fn go<E>(
        v: &serde_json::Value,
        pointer: &mut String,
        f: &mut dyn FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        use serde_json::Value;
        let len = pointer.len();
        match v {
            Value::String(s) if may_embed(s) => f(s, pointer)?,
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    push_index(pointer, i);
                    go(item, pointer, f)?;
                    pointer.truncate(len);
                }
            }
            Value::Object(members) => {
                for (k, item) in members {
                    push_token(pointer, k);
                    go(item, pointer, f)?;
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }
    go(v, &mut String::new(), f)
}

/// Calls `f` with every string in `v` that [`decode`] could take (to rewrite it), and its JSON
/// pointer.
pub(crate) fn each_string_mut<E>(
    v: &mut serde_json::Value,
    f: &mut dyn FnMut(&mut String, &str) -> Result<(), E>,
) -> Result<(), E> {
    if !any_may_embed(v) {
        return Ok(());
    }
    fn go<E>(
        v: &mut serde_json::Value,
        pointer: &mut String,
        f: &mut dyn FnMut(&mut String, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        use serde_json::Value;
        let len = pointer.len();
        match v {
            Value::String(s) if may_embed(s) => f(s, pointer)?,
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    push_index(pointer, i);
                    go(item, pointer, f)?;
                    pointer.truncate(len);
                }
            }
            Value::Object(members) => {
                for (k, item) in members.iter_mut() {
                    push_token(pointer, k);
                    go(item, pointer, f)?;
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }
    go(v, &mut String::new(), f)
}

fn push_index(pointer: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{i}");
}

/// The line width and line break of wrapped base64: every line but the last the same width.
fn wrapping(body: &str) -> Option<(usize, &'static str)> {
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines = body.trim_end_matches(['\r', '\n']).split(newline);
    let width = lines.next()?.len();
    let rest: Vec<&str> = lines.collect();
    let (last, full) = rest.split_last()?;
    let regular = width > 0 && last.len() <= width && full.iter().all(|l| l.len() == width);
    regular.then_some((width, newline))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str =
        "2026-11-02 payment failed for card 4111 1111 1111 1111, customer asked to retry later\n";

    #[test]
    fn text_round_trips_in_every_spelling() {
        for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
            let s = engine.encode(LOG.as_bytes());
            let e = decode(&s).expect("embedded text");
            assert_eq!(e.bytes, LOG.as_bytes());
            assert_eq!(e.encode(LOG.as_bytes()), s);
        }
    }

    #[test]
    fn data_urls_and_wrapped_lines_are_kept() {
        let flat = STANDARD.encode(LOG.repeat(3).as_bytes());
        let wrapped: Vec<&str> =
            flat.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
        let s = format!("data:text/plain;base64,{}", wrapped.join("\r\n"));
        let e = decode(&s).expect("embedded");
        assert_eq!(e.bytes, LOG.repeat(3).as_bytes());
        assert_eq!(e.encode(&e.bytes), s);
    }

    #[test]
    fn values_that_are_not_documents_are_left_alone() {
        let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert!(decode(digest).is_none(), "hex digest decodes to binary");
        assert!(decode(&STANDARD.encode([0u8, 1, 2, 250, 251, 252].repeat(20))).is_none());
        assert!(decode("short").is_none());
        assert!(decode(&"the customer wrote a long note here ".repeat(4)).is_none());
        assert!(
            decode("data:text/plain,not base64 at all but long enough to be considered xxxxxxxxxx").is_none()
        );
    }
}
