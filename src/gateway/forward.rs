//! Building the upstream request from the client's: target URI (with the vendor's stripped
//! query), rewritten headers, injected credential, and the body.
//!
//! Internal bodies stream through. A vendor's body is buffered (capped at the scan limit) so
//! that the identity parameters named in `strip_query_params` are removed from it too: Rails
//! apps such as Redmine read `key=` from JSON and form bodies as well as from the query, and
//! give it precedence over the injected header.

use std::net::SocketAddr;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::Request;
use serde_json::Value;

use super::body::{self, Body};
use super::error::GatewayError;
use super::headers;
use super::state::Snapshot;
use super::upstream;
use crate::policy::{Kind, Principal};

pub async fn upstream_request(
    snap: &Snapshot,
    principal: &Principal,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Request<Body>, GatewayError> {
    let cfg = &snap.config;
    let vendor = principal.kind == Kind::Vendor;
    let (mut parts, incoming) = req.into_parts();
    let query = match vendor {
        true => headers::strip_query(parts.uri.query(), &cfg.upstream.strip_query),
        false => parts.uri.query().map(str::to_string),
    };
    let uri = upstream::uri(&cfg.upstream, parts.uri.path(), query.as_deref())?;
    let trusted = cfg.server.trusted_proxies.contains(&peer.ip());
    let strip = vendor.then_some(cfg.upstream.strip_headers.as_slice());
    headers::upstream_request(&mut parts.headers, strip, peer, trusted, false);
    upstream::insert_credential(&mut parts.headers, cfg.credential(principal.credential.as_deref()))?;
    parts.uri = uri;
    parts.version = hyper::Version::HTTP_11;
    let body = if vendor && !cfg.upstream.strip_query.is_empty() {
        let raw = upstream::collect(incoming, cfg.scan.max_body_bytes).await.map_err(|e| match e {
            GatewayError::BodyTooLarge => GatewayError::BadRequest("request body too large"),
            _ => GatewayError::BadRequest("request body could not be read"),
        })?;
        let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let cleaned = strip_body_params(content_type, raw, &cfg.upstream.strip_query)?;
        parts.headers.remove(hyper::header::TRANSFER_ENCODING);
        if !cleaned.is_empty() || parts.headers.contains_key(CONTENT_LENGTH) {
            parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(cleaned.len()));
        }
        body::full(cleaned)
    } else {
        body::stream(incoming)
    };
    Ok(Request::from_parts(parts, body))
}

/// Removes top-level JSON members / form fields named in `names` (case-insensitive).
fn strip_body_params(content_type: &str, raw: Bytes, names: &[String]) -> Result<Bytes, GatewayError> {
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let named = |k: &str| names.iter().any(|n| n.eq_ignore_ascii_case(k));
    if raw.is_empty() {
        return Ok(raw);
    }
    if media == "application/json" || media.ends_with("+json") {
        let Ok(mut doc) = serde_json::from_slice::<Value>(&raw) else {
            return Err(GatewayError::BadRequest("request body is not valid JSON"));
        };
        let Value::Object(map) = &mut doc else { return Ok(raw) };
        let before = map.len();
        map.retain(|k, _| !named(k));
        if map.len() == before {
            return Ok(raw);
        }
        return serde_json::to_vec(&doc)
            .map(Bytes::from)
            .map_err(|_| GatewayError::Internal("serialize request"));
    }
    if media == "application/x-www-form-urlencoded" {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(&raw) {
            if !named(&k) {
                out.append_pair(&k, &v);
            }
        }
        return Ok(Bytes::from(out.finish()));
    }
    if media.starts_with("multipart/") {
        // Multipart fields are parameters too; without parsing them we cannot strip `key`.
        return Err(GatewayError::BadRequest("multipart request bodies are not accepted from vendors"));
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_params_leave_json_and_form_bodies() {
        let names = vec!["key".to_string()];
        let out = strip_body_params(
            "application/json",
            Bytes::from_static(br#"{"key":"k","issue":{"notes":"x","key":"inner"}}"#),
            &names,
        )
        .unwrap();
        assert_eq!(&out[..], br#"{"issue":{"notes":"x","key":"inner"}}"#);
        let out = strip_body_params(
            "application/x-www-form-urlencoded; charset=utf-8",
            Bytes::from_static(b"KEY=k&notes=a+b"),
            &names,
        )
        .unwrap();
        assert_eq!(&out[..], b"notes=a+b");
        let same = Bytes::from_static(br#"{"issue":{}}"#);
        assert_eq!(strip_body_params("application/json", same.clone(), &names).unwrap(), same);
        assert!(strip_body_params("application/json", Bytes::from_static(b"{"), &names).is_err());
        assert!(
            strip_body_params("multipart/form-data; boundary=x", Bytes::from_static(b"--x"), &names).is_err()
        );
    }
}
