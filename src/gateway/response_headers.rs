//! Response headers a vendor receives are content too: an upstream can put a customer's email
//! in `Content-Disposition` (`filename="jane.doe@example.com-statement.pdf"`) or in a custom
//! header. Every header value is scanned with the same packs and policy as the body (a
//! `redact` rewrites the value, a `block` blocks the response), and `Set-Cookie` is dropped:
//! an upstream session belongs to the injected credential, never to the vendor.
//!
//! Values are scanned as bytes; a redacted value that is no longer a valid header value (it
//! cannot happen with the built-in operators, which write ASCII) removes the header.

use hyper::header::{HeaderMap, HeaderName, HeaderValue, SET_COOKIE};

use crate::content::{self, Hit, Location, MediaKind, Policy};
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
pub fn scan(headers: &mut HeaderMap, policy: &Policy, scratch: &mut Scratch) -> Scanned {
    headers.remove(SET_COOKIE);
    let mut out = Scanned::default();
    let names: Vec<HeaderName> = headers.keys().filter(|n| !SKIP.contains(&n.as_str())).cloned().collect();
    for name in names {
        let values: Vec<HeaderValue> = headers.get_all(&name).iter().cloned().collect();
        let mut rewritten = Vec::with_capacity(values.len());
        let mut changed = false;
        for value in values {
            // A text scan cannot fail; `process` only errors for other media kinds.
            let Ok(p) = content::process(MediaKind::Text, value.as_bytes(), policy, scratch) else {
                rewritten.push(Some(value));
                continue;
            };
            out.blocked |= p.blocked;
            out.hits.extend(p.hits.into_iter().map(|h| located(h, &name)));
            if p.changed {
                changed = true;
                rewritten.push(HeaderValue::from_bytes(&p.body).ok());
            } else {
                rewritten.push(Some(value));
            }
        }
        if changed {
            out.changed = true;
            headers.remove(&name);
            for value in rewritten.into_iter().flatten() {
                headers.append(name.clone(), value);
            }
        }
    }
    out
}

/// A hit in a header value, located `header:<name>` for the audit log.
fn located(mut hit: Hit, name: &HeaderName) -> Hit {
    if let Location::Bytes { start, end } = hit.location {
        hit.location = Location::Inner { pointer: None, inner: format!("header:{name}"), start, end };
    }
    hit
}
