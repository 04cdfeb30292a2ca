//! Response headers a vendor receives are content too: an upstream can put a customer's email
//! in `Content-Disposition` (`filename="jane.doe@example.com-statement.pdf"`) or in a custom
//! header. Every header value is scanned with the same packs and policy as the body (a
//! `redact` rewrites the value, a `block` blocks the response), and `Set-Cookie` is dropped:
//! an upstream session belongs to the injected credential, never to the vendor.
//!
//! Values are scanned as bytes; a redacted value that is no longer a valid header value (it
//! cannot happen with the built-in operators, which write ASCII) removes the header.

use hyper::header::{HeaderMap, HeaderName, HeaderValue, SET_COOKIE};

use crate::content::{self, Hit, Location, Policy};
use crate::engine::Scratch;

/// Headers the gateway itself writes or that carry no upstream free text.
const SKIP: [&str; 5] = ["content-length", "content-encoding", "via", "x-casegate-decision", "date"];

/// What scanning the headers found and did.
#[derive(Debug, Default)]
pub struct Scanned {
    pub hits: Vec<Hit>,
    pub blocked: bool,
    /// A value was rewritten.
    pub changed: bool,
}

/// Scans (and, per the policy, rewrites) every header value in `headers`.
///
/// All values are scanned in one engine call, joined by line breaks (a header value cannot
/// hold one, and no detector matches across one): a call per value cost more than the body
/// scan of a small response.
pub fn scan(headers: &mut HeaderMap, policy: &Policy, scratch: &mut Scratch) -> Scanned {
    headers.remove(SET_COOKIE);
    let mut out = Scanned::default();
    let mut joined = Vec::new();
    // (name, value, start offset in `joined`) of every scanned value, in order.
    let mut values: Vec<(HeaderName, HeaderValue, usize)> = Vec::new();
    for (name, value) in headers.iter() {
        if SKIP.contains(&name.as_str()) || value.as_bytes().contains(&b'\n') {
            continue;
        }
        values.push((name.clone(), value.clone(), joined.len()));
        joined.extend_from_slice(value.as_bytes());
        joined.push(b'\n');
    }
    if values.is_empty() {
        return out;
    }
    let p = content::process_flat(&joined, policy, scratch);
    out.blocked = p.blocked;
    for hit in p.hits {
        let Location::Bytes { start, end } = hit.location else { continue };
        let index = values.partition_point(|v| v.2 <= start).saturating_sub(1);
        let Some((name, _, at)) = values.get(index) else { continue };
        let location = Location::Inner {
            pointer: None,
            inner: format!("header:{name}"),
            start: start - at,
            end: end.saturating_sub(*at),
        };
        out.hits.push(Hit { location, ..hit });
    }
    if !p.changed {
        return out;
    }
    // Redactions write no line break, so the rewritten text splits back into the values.
    out.changed = true;
    let rewritten: Vec<&[u8]> = p.body.split(|&b| b == b'\n').collect();
    let mut touched: Vec<HeaderName> = Vec::new();
    for (i, (name, old, _)) in values.iter().enumerate() {
        if !touched.contains(name) {
            headers.remove(name);
            touched.push(name.clone());
        }
        let new = rewritten.get(i).copied().unwrap_or_default();
        if new == old.as_bytes() {
            headers.append(name.clone(), old.clone());
        } else if let Ok(v) = HeaderValue::from_bytes(new) {
            headers.append(name.clone(), v);
        }
    }
    out
}
