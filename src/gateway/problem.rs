//! RFC 9457 problem documents: every response the gateway makes up itself (401, 403, 413, 502,
//! 504, blocks). A problem names the reason and the decision id; it never carries a value from
//! the request or the upstream body.

use std::collections::BTreeMap;

use bytes::Bytes;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::Serialize;

use super::body::{full, Body};

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    decision_id: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    findings: &'a BTreeMap<String, usize>,
}

/// Builds a problem response. `counts` are findings per entity (for blocks).
pub fn response(
    status: StatusCode,
    reason: &str,
    detail: &str,
    decision_id: &str,
    counts: &BTreeMap<String, usize>,
) -> Response<Body> {
    let title = status.canonical_reason().unwrap_or("Error");
    let doc = Problem {
        kind: format!("https://casegate.dev/problems/{reason}"),
        title,
        status: status.as_u16(),
        detail,
        decision_id,
        reason,
        findings: counts,
    };
    let body = serde_json::to_vec(&doc).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = Response::new(full(Bytes::from(body)));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(decision_id) {
        h.insert("x-casegate-decision", v);
    }
    if status == StatusCode::UNAUTHORIZED {
        h.insert("www-authenticate", HeaderValue::from_static("Bearer realm=\"casegate\""));
    }
    if let Some(len) = resp.body_len() {
        resp.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    resp
}

trait BodyLen {
    fn body_len(&self) -> Option<u64>;
}

impl BodyLen for Response<Body> {
    fn body_len(&self) -> Option<u64> {
        hyper::body::Body::size_hint(self.body()).exact()
    }
}
