//! The upstream HTTP client: pooled hyper client over rustls (webpki roots, plus an optional
//! private CA), connect timeout on the connector, response timeout per request. Also the small
//! JSON fetch used for scope checks and lookups, which runs with the principal's credential.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::header::{HeaderName, HeaderValue, ACCEPT, ACCEPT_ENCODING};
use hyper::{Method, Request, Response, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::body::{empty, Body};
use super::error::GatewayError;
use crate::policy::{Secret, Upstream};

pub type Connector = HttpsConnector<HttpConnector>;
pub type HttpClient = Client<Connector, Body>;

/// Builds the pooled client for `upstream`, and the connector it uses (also used for the
/// per-client-connection upstream connections of `upstream_conn`).
pub fn client(upstream: &Upstream) -> Result<(HttpClient, Connector), std::io::Error> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(ca) = &upstream.ca_file {
        add_pem_roots(&mut roots, ca)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(std::io::Error::other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(upstream.connect_timeout));
    http.set_nodelay(true);
    http.enforce_http(false);
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let client = Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(60))
        .build(connector.clone());
    Ok((client, connector))
}

fn add_pem_roots(roots: &mut rustls::RootCertStore, path: &Path) -> std::io::Result<()> {
    let pem = std::fs::read(path)?;
    let mut added = 0;
    for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
        roots.add(cert?).map_err(std::io::Error::other)?;
        added += 1;
    }
    if added == 0 {
        return Err(std::io::Error::other(format!("no certificate in {}", path.display())));
    }
    Ok(())
}

/// The upstream URI for a request path (`/issues/1.json`) and query.
pub fn uri(upstream: &Upstream, path: &str, query: Option<&str>) -> Result<Uri, GatewayError> {
    let mut s = String::with_capacity(upstream.origin.len() + upstream.base_path.len() + path.len() + 16);
    s.push_str(&upstream.origin);
    s.push_str(&upstream.base_path);
    s.push_str(path);
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        s.push('?');
        s.push_str(q);
    }
    s.parse().map_err(|_| GatewayError::BadRequest("request target"))
}

/// Sends with the response timeout (time to response headers).
pub async fn send(
    client: &HttpClient,
    req: Request<Body>,
    timeout: Duration,
) -> Result<Response<hyper::body::Incoming>, GatewayError> {
    match tokio::time::timeout(timeout, client.request(req)).await {
        Err(_) => Err(GatewayError::UpstreamTimeout),
        Ok(Err(e)) => Err(GatewayError::Upstream(e.to_string())),
        Ok(Ok(resp)) => Ok(resp),
    }
}

/// Reads a body completely, failing with `TooLarge` past `limit` bytes.
pub async fn collect(body: hyper::body::Incoming, limit: u64) -> Result<Bytes, GatewayError> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err(GatewayError::BodyTooLarge)
        }
        Err(e) => Err(GatewayError::Upstream(e.to_string())),
    }
}

/// GETs a JSON document from the upstream with `credential` (scope checks, lookups).
/// Returns the status and the parsed document (`None` for a non-2xx status).
pub async fn fetch_json(
    client: &HttpClient,
    upstream: &Upstream,
    path_and_query: &str,
    credential: &[(String, Secret)],
    limit: u64,
) -> Result<Option<serde_json::Value>, GatewayError> {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    let mut req = Request::new(empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = uri(upstream, path, query)?;
    let h = req.headers_mut();
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    h.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
    insert_credential(h, credential)?;
    let resp = tokio::time::timeout(upstream.response_timeout, async {
        let resp = send(client, req, upstream.response_timeout).await?;
        let status = resp.status();
        let body = collect(resp.into_body(), limit).await?;
        Ok::<_, GatewayError>((status, body))
    })
    .await
    .map_err(|_| GatewayError::UpstreamTimeout)??;
    let (status, body) = resp;
    if !status.is_success() {
        return Ok(None);
    }
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|_| GatewayError::UpstreamInvalid("scope document is not JSON"))
}

/// Adds the credential headers (replacing any of the same name).
pub fn insert_credential(
    h: &mut hyper::HeaderMap,
    credential: &[(String, Secret)],
) -> Result<(), GatewayError> {
    for (name, value) in credential {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| GatewayError::Internal("credential header name"))?;
        let mut value = HeaderValue::from_bytes(value.expose())
            .map_err(|_| GatewayError::Internal("credential header value"))?;
        value.set_sensitive(true);
        h.insert(name, value);
    }
    Ok(())
}
