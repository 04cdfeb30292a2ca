//! Building the upstream request from the client's: target URI (with the vendor's stripped
//! query), rewritten headers, injected credential, and the client body streamed through.

use std::net::SocketAddr;

use hyper::body::Incoming;
use hyper::Request;

use super::body::{self, Body};
use super::error::GatewayError;
use super::headers;
use super::state::Snapshot;
use super::upstream;
use crate::policy::{Kind, Principal};

pub fn upstream_request(
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
    Ok(Request::from_parts(parts, body::stream(incoming)))
}
