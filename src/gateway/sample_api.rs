//! A small in-memory, Redmine-shaped ticket API: the upstream of `casegate demo` and of the
//! gateway's hermetic tests (bind a `TcpListener` on `127.0.0.1:0` and call [`SampleApi::serve`]).
//!
//! It owns its seed data ([`seed`]), routing, and the HTTP details a real upstream has and the
//! proxy must cope with: API-key authentication (401), strong `ETag`s and `If-None-Match` (304),
//! gzip when the client accepts it, absolute `content_url`s built from `Host`. Every request is
//! recorded so tests can assert what the proxy forwarded.
//!
//! It must not be used as a real upstream: no TLS, no persistence, one lock around the store.
//! Nothing here depends on the proxy or the policy layer.
//!
//! Routes (all need `X-Redmine-API-Key`): `GET /issues.json` (filters `assigned_to_id`,
//! `status_id` = `open` | `closed` | `*` (default `*`), `offset`, `limit`), `GET|PUT
//! /issues/{id}.json`, `GET /users.json?name=`, `GET /users/current.json`, `GET
//! /attachments/{id}.json`, `GET /attachments/download/{id}/{filename}`, `GET
//! /issue_statuses.json`, `GET /big.json` and `/echo` (any method: the request as JSON).

mod seed;

use std::convert::Infallible;
use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

pub use seed::BIG_FINDINGS;
use seed::{Store, User, SERVICE_USER};

/// Largest request body accepted (PUT and `/echo`).
const MAX_BODY: usize = 1 << 20;
/// How long `serve` waits for open connections after `shutdown` resolves.
const DRAIN: Duration = Duration::from_secs(5);
/// Redmine's default page size.
const DEFAULT_LIMIT: usize = 25;
const JSON: &str = "application/json; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// The sample ticket API. Cheap to share: `new` returns an `Arc`.
pub struct SampleApi {
    api_key: String,
    store: Mutex<Store>,
    /// Pre-rendered `GET /big.json` (immutable).
    big: Bytes,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// One request as the sample API received it (before authentication).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query, e.g. `/issues/1.json?include=journals`.
    pub uri: String,
    /// In arrival order; names lowercase, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl SampleApi {
    /// A sample API seeded with the demo data, accepting `api_key` as `X-Redmine-API-Key`.
    pub fn new(api_key: &str) -> Arc<SampleApi> {
        let big = serde_json::to_vec(&seed::big_issue()).unwrap_or_default();
        Arc::new(SampleApi {
            api_key: api_key.to_string(),
            store: Mutex::new(Store::seeded()),
            big: Bytes::from(big),
            requests: Mutex::new(Vec::new()),
        })
    }

    /// Serves HTTP/1.1 on `listener` until `shutdown` resolves, then waits (at most 5 s) for open
    /// connections to finish their in-flight requests.
    ///
    /// # Errors
    ///
    /// None today: accept errors (e.g. out of file descriptors) are retried after a short pause.
    pub async fn serve(
        self: Arc<Self>,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => self.spawn_connection(stream, &graceful),
                    // Per-connection or resource errors; back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                },
            }
        }
        drop(listener);
        let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
        Ok(())
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    fn spawn_connection(self: &Arc<Self>, stream: tokio::net::TcpStream, graceful: &GracefulShutdown) {
        let _ = stream.set_nodelay(true);
        let api = Arc::clone(self);
        let service = service_fn(move |req| {
            let api = Arc::clone(&api);
            async move { Ok::<_, Infallible>(api.handle(req).await) }
        });
        let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away mid-request is not an error of the sample API.
            let _ = conn.await;
        });
    }

    async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        self.record(&req);
        let (parts, body) = req.into_parts();
        if !self.authorized(&parts.headers) {
            return unauthorized();
        }
        let reply = match Limited::new(body, MAX_BODY).collect().await {
            Ok(body) => self.dispatch(&parts, &body.to_bytes()),
            Err(_) => Reply::error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large or truncated"),
        };
        reply.into_response(&parts.headers)
    }

    fn record(&self, req: &Request<Incoming>) {
        let headers = req
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let uri = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
        let recorded = RecordedRequest { method: req.method().to_string(), uri, headers };
        lock(&self.requests).push(recorded);
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let given = headers.get("x-redmine-api-key").map(HeaderValue::as_bytes);
        given.is_some_and(|g| constant_time_eq(g, self.api_key.as_bytes()))
    }

    fn dispatch(&self, parts: &Parts, body: &[u8]) -> Reply {
        let path = parts.uri.path();
        let query = parts.uri.query().unwrap_or("");
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let base = base_url(&parts.headers);
        match (&parts.method, segments.as_slice()) {
            (_, ["echo"]) => Reply::json(&echo(parts, body)),
            (&Method::GET, ["issues.json"]) => self.list_issues(query, &base),
            (&Method::GET, ["issues", file]) => {
                json_id(file).map_or_else(not_found, |id| self.issue(id, &base))
            }
            (&Method::PUT, ["issues", file]) => {
                json_id(file).map_or_else(not_found, |id| self.update(id, body))
            }
            (&Method::GET, ["users.json"]) => self.users(query),
            (&Method::GET, ["users", "current.json"]) => self.current_user(),
            (&Method::GET, ["attachments", file]) => {
                json_id(file).map_or_else(not_found, |id| self.attachment(id, &base))
            }
            (&Method::GET, ["attachments", "download", id, _name]) => self.download(id),
            (&Method::GET, ["issue_statuses.json"]) => Reply::json(&seed::statuses()),
            (&Method::GET, ["big.json"]) => Reply::Body { content_type: JSON, body: self.big.clone() },
            _ => not_found(),
        }
    }

    fn list_issues(&self, query: &str, base: &str) -> Reply {
        let filter = match ListFilter::parse(query) {
            Ok(filter) => filter,
            Err(message) => return Reply::error(StatusCode::UNPROCESSABLE_ENTITY, message),
        };
        let store = lock(&self.store);
        let matching: Vec<&Value> = store.issues.values().filter(|i| filter.matches(i)).collect();
        let page = matching.iter().skip(filter.offset).take(filter.limit);
        let issues: Vec<Value> = page.map(|i| render_issue(&store, i, base)).collect();
        Reply::json(&json!({
            "issues": issues,
            "total_count": matching.len(),
            "offset": filter.offset,
            "limit": filter.limit,
        }))
    }

    fn issue(&self, id: u64, base: &str) -> Reply {
        let store = lock(&self.store);
        match store.issues.get(&id) {
            Some(issue) => Reply::json(&json!({ "issue": render_issue(&store, issue, base) })),
            None => not_found(),
        }
    }

    /// Redmine's `PUT /issues/{id}.json`: only `notes` / `private_notes` are applied.
    fn update(&self, id: u64, body: &[u8]) -> Reply {
        let update = match serde_json::from_slice::<IssueUpdate>(body) {
            Ok(update) => update.issue,
            Err(_) => return Reply::error(StatusCode::UNPROCESSABLE_ENTITY, "body must be {\"issue\":{…}}"),
        };
        let mut store = lock(&self.store);
        let journal_id = store.next_journal_id;
        let author = store.user_reference(SERVICE_USER);
        let Some(issue) = store.issues.get_mut(&id) else { return not_found() };
        let Some(notes) = update.notes.filter(|n| !n.is_empty()) else { return Reply::Empty };
        let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
        let journal = json!({
            "id": journal_id,
            "user": author,
            "notes": notes,
            "created_on": now,
            "private_notes": update.private_notes,
            "details": [],
        });
        if let Some(journals) = issue["journals"].as_array_mut() {
            journals.push(journal);
        }
        issue["updated_on"] = json!(now);
        store.next_journal_id += 1;
        Reply::Empty
    }

    /// Redmine matches `name` against login, first and last name (substring, case-insensitive).
    fn users(&self, query: &str) -> Reply {
        let name = query_param(query, "name").unwrap_or_default().to_lowercase();
        let store = lock(&self.store);
        let matches =
            |u: &&User| [u.login, u.firstname, u.lastname].iter().any(|f| f.to_lowercase().contains(&name));
        let users: Vec<Value> = store.users.iter().filter(matches).map(User::summary).collect();
        let total = users.len();
        Reply::json(&json!({ "users": users, "total_count": total, "offset": 0, "limit": DEFAULT_LIMIT }))
    }

    /// The key owner, with its `api_key`: what a vendor must never reach through the proxy.
    fn current_user(&self) -> Reply {
        let store = lock(&self.store);
        let Some(user) = store.user(SERVICE_USER) else { return not_found() };
        Reply::json(&json!({ "user": {
            "id": user.id,
            "login": user.login,
            "admin": user.admin,
            "firstname": user.firstname,
            "lastname": user.lastname,
            "mail": user.mail,
            "created_on": "2025-11-03T10:00:00Z",
            "last_login_on": "2026-03-06T08:00:00Z",
            "api_key": self.api_key,
            "status": 1,
        }}))
    }

    fn attachment(&self, id: u64, base: &str) -> Reply {
        let store = lock(&self.store);
        match store.attachments.get(&id) {
            Some(a) => {
                Reply::json(&json!({ "attachment": a.to_json(base, store.user_reference(a.author_id)) }))
            }
            None => not_found(),
        }
    }

    /// Like Redmine, the file name segment is informative only.
    fn download(&self, id: &str) -> Reply {
        let store = lock(&self.store);
        let found = id.parse::<u64>().ok().and_then(|id| store.attachments.get(&id));
        match found {
            Some(a) => Reply::Body { content_type: TEXT, body: Bytes::from_static(a.content.as_bytes()) },
            None => not_found(),
        }
    }
}

/// An issue with its attachments rendered for `base`.
fn render_issue(store: &Store, issue: &Value, base: &str) -> Value {
    let id = issue["id"].as_u64().unwrap_or(0);
    let attachments: Vec<Value> = store
        .attachments
        .values()
        .filter(|a| a.issue_id == id)
        .map(|a| a.to_json(base, store.user_reference(a.author_id)))
        .collect();
    let mut issue = issue.clone();
    issue["attachments"] = Value::Array(attachments);
    issue
}

#[derive(Deserialize)]
struct IssueUpdate {
    issue: IssueChanges,
}

#[derive(Deserialize)]
struct IssueChanges {
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    private_notes: bool,
}

/// The query of `GET /issues.json`.
struct ListFilter {
    assigned_to: Option<u64>,
    /// `None`: any status.
    closed: Option<bool>,
    offset: usize,
    limit: usize,
}

impl ListFilter {
    fn parse(query: &str) -> Result<ListFilter, &'static str> {
        let number = |name| query_param(query, name).map(|v| v.parse::<usize>()).transpose();
        let assigned_to = query_param(query, "assigned_to_id").map(|v| v.parse::<u64>()).transpose();
        let closed = match query_param(query, "status_id").as_deref() {
            None | Some("*") => None,
            Some("open") => Some(false),
            Some("closed") => Some(true),
            Some(_) => return Err("status_id must be open, closed or *"),
        };
        Ok(ListFilter {
            assigned_to: assigned_to.map_err(|_| "assigned_to_id must be a number")?,
            closed,
            offset: number("offset").map_err(|_| "offset must be a number")?.unwrap_or(0),
            limit: number("limit").map_err(|_| "limit must be a number")?.unwrap_or(DEFAULT_LIMIT).min(100),
        })
    }

    fn matches(&self, issue: &Value) -> bool {
        let assignee_ok = self.assigned_to.is_none_or(|id| issue["assigned_to"]["id"].as_u64() == Some(id));
        let status_ok = self.closed.is_none_or(|c| issue["status"]["is_closed"].as_bool() == Some(c));
        assignee_ok && status_ok
    }
}

fn echo(parts: &Parts, body: &[u8]) -> Value {
    let headers: Vec<Value> = parts
        .headers
        .iter()
        .map(|(n, v)| json!([n.as_str(), String::from_utf8_lossy(v.as_bytes())]))
        .collect();
    json!({
        "method": parts.method.as_str(),
        "uri": parts.uri.path_and_query().map_or("/", |p| p.as_str()),
        "headers": headers,
        "body": String::from_utf8_lossy(body),
    })
}

/// A response before content negotiation.
enum Reply {
    /// 200 with a body: gets an `ETag`, honours `If-None-Match`, is gzipped when accepted (JSON).
    Body { content_type: &'static str, body: Bytes },
    /// An error status with a JSON body (no `ETag`, never compressed).
    Error(StatusCode, Bytes),
    /// 204 No Content.
    Empty,
}

impl Reply {
    fn json(value: &Value) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::Body { content_type: JSON, body: Bytes::from(body) },
            Err(_) => Reply::error(StatusCode::INTERNAL_SERVER_ERROR, "could not serialise the response"),
        }
    }

    /// Redmine's error shape: `{"errors":["…"]}`.
    fn error(status: StatusCode, message: &str) -> Reply {
        let body = json!({ "errors": [message] }).to_string();
        Reply::Error(status, Bytes::from(body))
    }

    fn into_response(self, request: &HeaderMap) -> Response<Full<Bytes>> {
        match self {
            Reply::Body { content_type, body } => negotiate(request, content_type, body),
            Reply::Error(status, body) => with_body(status, JSON, body),
            Reply::Empty => with_body(StatusCode::NO_CONTENT, "", Bytes::new()),
        }
    }
}

fn not_found() -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "not found")
}

fn unauthorized() -> Response<Full<Bytes>> {
    let body = Bytes::from_static(br#"{"errors":["a valid X-Redmine-API-Key header is required"]}"#);
    let mut response = with_body(StatusCode::UNAUTHORIZED, JSON, body);
    let challenge = HeaderValue::from_static("Basic realm=\"Redmine API\"");
    response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
    response
}

/// `ETag` / `If-None-Match` and gzip for a 200 body. The gzip variant has its own strong
/// validator (`…-gzip"`), as two encodings of one resource are different representations.
fn negotiate(request: &HeaderMap, content_type: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let gzip = content_type == JSON && accepts_gzip(request);
    let etag =
        format!("\"{:08x}{:x}{}\"", crc32fast::hash(&body), body.len(), if gzip { "-gzip" } else { "" });
    let mut response = if if_none_match(request, &etag) {
        with_body(StatusCode::NOT_MODIFIED, "", Bytes::new())
    } else {
        encoded(content_type, body, gzip)
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::try_from(etag) {
        headers.insert(header::ETAG, value);
    }
    if content_type == JSON {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

fn encoded(content_type: &'static str, body: Bytes, gzip: bool) -> Response<Full<Bytes>> {
    let compressed = if gzip { gzip_bytes(&body).ok() } else { None };
    match compressed {
        Some(compressed) => {
            let mut response = with_body(StatusCode::OK, content_type, Bytes::from(compressed));
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        }
        None => with_body(StatusCode::OK, content_type, body),
    }
}

fn gzip_bytes(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(body)?;
    encoder.finish()
}

/// A response with `Content-Type` (unless empty) and `Content-Length` (unless 204/304).
fn with_body(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let length = body.len() as u64;
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if !content_type.is_empty() {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if status != StatusCode::NO_CONTENT && status != StatusCode::NOT_MODIFIED {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}

/// True when `Accept-Encoding` lists `gzip` (or `x-gzip`) with a non-zero q-value.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let values = headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok());
    values.flat_map(|v| v.split(',')).any(|coding| {
        let mut params = coding.split(';').map(str::trim);
        let name = params.next().unwrap_or("");
        let q_zero = params.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>() == Ok(0.0)));
        (name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip")) && !q_zero
    })
}

/// `If-None-Match` with weak comparison (RFC 9110 §13.1.2): `*` or any listed tag equal to
/// `etag` once `W/` is ignored.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    let values = headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok());
    values
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// `http://<Host>` for absolute URLs in bodies, as Redmine builds them.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// `12.json` → 12.
fn json_id(segment: &str) -> Option<u64> {
    segment.strip_suffix(".json")?.parse().ok()
}

/// The first value of `name` in a URL-encoded query.
fn query_param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The store stays usable after a panic elsewhere: it holds plain data with no invariants that a
/// half-finished update could break beyond the one request that panicked.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
