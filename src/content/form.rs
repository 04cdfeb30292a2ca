//! `application/x-www-form-urlencoded` bodies: each `name=value` pair is percent-decoded, the
//! value scanned with its name as context (see `field.rs`) and, when redacted, re-encoded in
//! place; pairs that are not rewritten keep their original bytes. Names are scanned too but
//! never rewritten (as for JSON keys); a name hit that blocks, blocks.
//!
//! Decoding is strict: decoded bytes that are not UTF-8 are an error rather than a lossy
//! conversion (which would shift offsets and corrupt the value on re-encoding). Hit offsets
//! are into the body as received: the span of the encoded bytes of the finding.

use std::ops::Range;

use super::field::FieldScanner;
use super::{hit, rewrite, rewrite_op, ContentError, Hit, Location, Policy, Processed};
use crate::engine::Scratch;
use crate::finding::Finding;

/// One `name=value` pair: raw (encoded) spans in the body.
struct Pair {
    name: Range<usize>,
    value: Range<usize>,
}

pub(crate) fn process(
    body: &[u8],
    policy: &Policy,
    scratch: &mut Scratch,
) -> Result<Processed, ContentError> {
    let pairs = pairs(body);
    let mut field = FieldScanner::default();
    let mut hits = Vec::new();
    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    let (mut name, mut value, mut ops) = (Vec::new(), Vec::new(), Vec::new());
    for p in &pairs {
        percent_decode(&body[p.name.clone()], &mut name);
        percent_decode(&body[p.value.clone()], &mut value);
        let name_str = std::str::from_utf8(&name).map_err(|_| ContentError::InvalidUtf8)?;
        std::str::from_utf8(&value).map_err(|_| ContentError::InvalidUtf8)?;
        let found = field.scan(policy.scanner, scratch, None, &name);
        push_hits(policy, &mut hits, found, &name, &body[p.name.clone()], p.name.start);
        let found = field.scan(policy.scanner, scratch, Some(name_str), &value);
        let first = hits.len();
        push_hits(policy, &mut hits, found, &value, &body[p.value.clone()], p.value.start);
        ops.clear();
        ops.extend(hits[first..].iter().map(|h| rewrite_op(policy, h)));
        if let Some(new) = rewrite(policy, &value, found, &ops) {
            let encoded: String = form_urlencoded::byte_serialize(&new).collect();
            edits.push((p.value.clone(), encoded.into_bytes()));
        }
    }
    Ok(Processed::new(body, splice(body, &edits), hits))
}

fn push_hits(policy: &Policy, hits: &mut Vec<Hit>, found: &[Finding], decoded: &[u8], raw: &[u8], at: usize) {
    for f in found {
        let location =
            Location::Bytes { start: at + raw_offset(raw, f.start), end: at + raw_offset(raw, f.end) };
        hits.push(hit(policy, f, decoded, location));
    }
}

/// The pairs of a form body (empty pieces between `&`s skipped; a piece without `=` is a name
/// with an empty value).
fn pairs(body: &[u8]) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in body.split(|&b| b == b'&') {
        let end = start + piece.len();
        if !piece.is_empty() {
            let eq = memchr::memchr(b'=', piece).map_or(end, |i| start + i);
            out.push(Pair { name: start..eq, value: (eq + 1).min(end)..end });
        }
        start = end + 1;
    }
    out
}

/// `+` is a space, `%XX` a byte; a `%` not followed by two hex digits is itself (as browsers
/// and `form_urlencoded` do).
fn percent_decode(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 0;
    while i < raw.len() {
        let (byte, width) = decode_at(raw, i);
        out.push(byte);
        i += width;
    }
}

fn decode_at(raw: &[u8], i: usize) -> (u8, usize) {
    match raw[i] {
        b'+' => (b' ', 1),
        b'%' => match (raw.get(i + 1).and_then(hex), raw.get(i + 2).and_then(hex)) {
            (Some(h), Some(l)) => (h << 4 | l, 3),
            _ => (b'%', 1),
        },
        b => (b, 1),
    }
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// The offset in `raw` where decoded byte `decoded` starts (or `raw.len()` at the end).
fn raw_offset(raw: &[u8], decoded: usize) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < raw.len() && n < decoded {
        i += decode_at(raw, i).1;
        n += 1;
    }
    i
}

/// `body` with each range replaced; `None` when there is nothing to replace.
fn splice(body: &[u8], edits: &[(Range<usize>, Vec<u8>)]) -> Option<Vec<u8>> {
    if edits.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut cursor = 0;
    for (range, new) in edits {
        out.extend_from_slice(&body[cursor..range.start]);
        out.extend_from_slice(new);
        cursor = range.end;
    }
    out.extend_from_slice(&body[cursor..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(raw: &str) -> String {
        let mut out = Vec::new();
        percent_decode(raw.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decoding() {
        assert_eq!(decoded("a+b%20c%2x%"), "a b c%2x%");
        assert_eq!(decoded("%C3%A9"), "é");
        assert_eq!(raw_offset(b"a%20b+c", 0), 0);
        assert_eq!(raw_offset(b"a%20b+c", 2), 4);
        assert_eq!(raw_offset(b"a%20b+c", 5), 7);
    }

    #[test]
    fn pair_spans() {
        let body = b"a=1&&b&c=x=y&";
        let p: Vec<_> = pairs(body).iter().map(|p| (&body[p.name.clone()], &body[p.value.clone()])).collect();
        assert_eq!(p, [(&b"a"[..], &b"1"[..]), (b"b", b""), (b"c", b"x=y")]);
    }
}
