//! Internal principals: streamed pass-through. The body is never buffered or scanned; only
//! hop-by-hop headers and the client's `Authorization` are removed and the principal's
//! credential injected.

use std::net::SocketAddr;

use hyper::body::Incoming;
use hyper::{Request, Response};

use super::body::{self, Body};
use super::error::GatewayError;
use super::state::Snapshot;
use super::upstream_conn::{self, ConnUpstream};
use super::{forward, headers};
use crate::audit::{AuditRecord, Decision};
use crate::policy::Principal;

pub async fn handle(
    snap: &Snapshot,
    principal: &Principal,
    peer: SocketAddr,
    req: Request<Incoming>,
    rec: &mut AuditRecord,
) -> Result<Response<Body>, GatewayError> {
    let conn = req.extensions().get::<ConnUpstream>().cloned();
    let up = forward::upstream_request(snap, principal, peer, req).await?;
    let resp = upstream_conn::send(snap, conn.as_ref(), up).await?;
    let (mut parts, incoming) = resp.into_parts();
    headers::downstream_response(&mut parts.headers);
    rec.decision = Some(Decision::Allow);
    rec.bytes_out = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(Response::from_parts(parts, body::stream(incoming)))
}
