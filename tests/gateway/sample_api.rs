//! The sample ticket API on an ephemeral port, driven by a hyper client: authentication, shapes,
//! gzip, conditional requests, updates, recording, and that every planted sensitive value is
//! detected by the built-in packs.
#![cfg(feature = "gateway")]

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use casegate::gateway::sample_api::{SampleApi, BIG_FINDINGS};
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tokio::sync::oneshot;

const KEY: &str = "test-service-key";

struct Server {
    api: Arc<SampleApi>,
    addr: SocketAddr,
    client: Client<HttpConnector, Full<Bytes>>,
    _stop: oneshot::Sender<()>,
}

struct Reply {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn start() -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let api = SampleApi::new(KEY);
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(Arc::clone(&api).serve(listener, async move {
        let _ = stopped.await;
    }));
    let client = Client::builder(TokioExecutor::new()).build_http();
    Server { api, addr, client, _stop: stop }
}

impl Server {
    async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut req = Request::builder().method(method).uri(format!("http://{}{path}", self.addr));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req.body(Full::new(Bytes::from(body.to_string()))).unwrap();
        let res = self.client.request(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        Reply { status: parts.status, headers: parts.headers, body }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, &[("x-redmine-api-key", KEY)], "").await
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn entities(text: &str) -> Vec<String> {
    let scanner = casegate::Scanner::builtin().unwrap();
    let findings = scanner.scan(text.as_bytes());
    findings.iter().map(|f| scanner.detector(f.detector).entity.to_string()).collect()
}

#[tokio::test]
async fn requests_without_the_key_get_401_and_are_recorded() {
    let server = start().await;
    for headers in [&[][..], &[("x-redmine-api-key", "wrong")][..]] {
        let reply = server.send(Method::GET, "/issues/1.json", headers, "").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.header("content-type").unwrap().starts_with("application/json"));
        assert!(reply.json()["errors"].is_array());
        assert!(!String::from_utf8_lossy(&reply.body).contains("4111"));
    }
    let recorded = server.api.requests();
    assert_eq!(recorded.len(), 2);
    assert_eq!((recorded[1].method.as_str(), recorded[1].uri.as_str()), ("GET", "/issues/1.json"));
    assert_eq!(recorded[1].header("X-Redmine-API-Key"), Some("wrong"));
}

#[tokio::test]
async fn issue_has_redmine_shape_with_journals_and_attachments() {
    let server = start().await;
    let reply = server.get("/issues/1.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(reply.header("content-length"), Some(reply.body.len().to_string().as_str()));
    let etag = reply.header("etag").unwrap();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "strong ETag: {etag}");
    let issue = &reply.json()["issue"];
    assert_eq!(issue["assigned_to"]["id"], 5);
    assert_eq!(issue["assigned_to"]["name"], "Acme Agent");
    assert_eq!(issue["status"]["is_closed"], false);
    assert!(issue["closed_on"].is_null());
    assert_eq!(issue["project"]["name"], "Customer Support");
    let journals = issue["journals"].as_array().unwrap();
    assert!(journals
        .iter()
        .any(|j| j["private_notes"] == true && j["notes"].as_str().unwrap().contains("42%")));
    let detail = &journals[0]["details"][0];
    assert!(detail["old_value"].as_str().unwrap().contains("5500 0000 0000 0004"));
    let fields = issue["custom_fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["name"] == "Internal cost" && f["value"] == "1200"));
    let attachment = &issue["attachments"][0];
    assert_eq!(attachment["id"], 10);
    let url = format!("http://{}/attachments/download/10/statement.txt", server.addr);
    assert_eq!(attachment["content_url"], url.as_str());
}

#[tokio::test]
async fn missing_issue_and_unknown_route_are_404() {
    let server = start().await;
    for path in ["/issues/99.json", "/issues/abc.json", "/nope", "/attachments/download/99/x.txt"] {
        assert_eq!(server.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn issue_list_pages_and_filters() {
    let server = start().await;
    let all = server.get("/issues.json").await.json();
    assert_eq!(all["total_count"], 5);
    assert_eq!((all["offset"].clone(), all["limit"].clone()), (0.into(), 25.into()));
    assert!(all["issues"][0]["journals"].is_array());
    let acme_open = server.get("/issues.json?assigned_to_id=5&status_id=open").await.json();
    let ids: Vec<u64> =
        acme_open["issues"].as_array().unwrap().iter().map(|i| i["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 2]);
    let page = server.get("/issues.json?offset=1&limit=2").await.json();
    assert_eq!(page["issues"].as_array().unwrap().len(), 2);
    assert_eq!(page["total_count"], 5);
    assert_eq!(server.get("/issues.json?limit=x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn closed_issue_is_marked_closed() {
    let server = start().await;
    let issue = &server.get("/issues/5.json").await.json()["issue"];
    assert_eq!(issue["status"]["is_closed"], true);
    assert!(issue["closed_on"].is_string());
    assert_eq!(issue["assigned_to"]["id"], 5);
}

#[tokio::test]
async fn users_lookup_and_current_user() {
    let server = start().await;
    let users = server.get("/users.json?name=acme.agent").await.json();
    assert_eq!(users["users"][0]["id"], 5);
    assert_eq!(users["users"][0]["login"], "acme.agent");
    assert_eq!(users["users"].as_array().unwrap().len(), 1);
    let current = server.get("/users/current.json").await.json();
    assert_eq!(current["user"]["api_key"], KEY);
}

#[tokio::test]
async fn attachments_and_download() {
    let server = start().await;
    let meta = server.get("/attachments/10.json").await.json();
    assert_eq!(meta["attachment"]["filename"], "statement.txt");
    let download = server.get("/attachments/download/10/statement.txt").await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(meta["attachment"]["filesize"].as_u64(), Some(download.header_len()));
    assert!(String::from_utf8(download.body).unwrap().contains("Card: 4111-1111-1111-1111"));
}

impl Reply {
    fn header_len(&self) -> u64 {
        self.header("content-length").unwrap().parse().unwrap()
    }
}

#[tokio::test]
async fn statuses_and_echo() {
    let server = start().await;
    let statuses = server.get("/issue_statuses.json").await.json();
    assert!(statuses["issue_statuses"].as_array().unwrap().iter().any(|s| s["is_closed"] == true));
    let headers = [("x-redmine-api-key", KEY), ("x-extra", "1")];
    let echo = server.send(Method::POST, "/echo?a=b", &headers, "hello").await.json();
    assert_eq!((echo["method"].as_str(), echo["uri"].as_str()), (Some("POST"), Some("/echo?a=b")));
    assert!(echo["headers"].as_array().unwrap().iter().any(|h| h[0] == "x-extra" && h[1] == "1"));
    assert_eq!(echo["body"], "hello");
}

#[tokio::test]
async fn gzip_when_accepted() {
    let server = start().await;
    let plain = server.get("/issues/1.json").await;
    let headers = [("x-redmine-api-key", KEY), ("accept-encoding", "br, gzip;q=0.8")];
    let zipped = server.send(Method::GET, "/issues/1.json", &headers, "").await;
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert_eq!(zipped.header("vary"), Some("Accept-Encoding"));
    assert_eq!(zipped.header_len(), zipped.body.len() as u64);
    assert_eq!(gunzip(&zipped.body), plain.body);
    assert_ne!(zipped.header("etag"), plain.header("etag"));
    let refused = [("x-redmine-api-key", KEY), ("accept-encoding", "gzip;q=0")];
    let refused = server.send(Method::GET, "/issues/1.json", &refused, "").await;
    assert_eq!(refused.header("content-encoding"), None);
    let text = [("x-redmine-api-key", KEY), ("accept-encoding", "gzip")];
    let text = server.send(Method::GET, "/attachments/download/10/statement.txt", &text, "").await;
    assert_eq!(text.header("content-encoding"), None);
}

#[tokio::test]
async fn if_none_match_gives_304() {
    let server = start().await;
    let first = server.get("/issues/1.json").await;
    let etag = first.header("etag").unwrap().to_string();
    let weak = format!("W/{etag}");
    for tag in [etag.as_str(), weak.as_str(), "\"other\", *"] {
        let headers = [("x-redmine-api-key", KEY), ("if-none-match", tag)];
        let again = server.send(Method::GET, "/issues/1.json", &headers, "").await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{tag}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
    }
    let headers = [("x-redmine-api-key", KEY), ("if-none-match", "\"stale\"")];
    assert_eq!(server.send(Method::GET, "/issues/1.json", &headers, "").await.status, StatusCode::OK);
}

#[tokio::test]
async fn put_appends_a_journal_and_changes_the_etag() {
    let server = start().await;
    let before = server.get("/issues/3.json").await;
    let headers = [("x-redmine-api-key", KEY), ("content-type", "application/json")];
    let body = r#"{"issue":{"notes":"Vendor note","private_notes":false}}"#;
    let put = server.send(Method::PUT, "/issues/3.json", &headers, body).await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);
    assert!(put.body.is_empty());
    let after = server.get("/issues/3.json").await;
    assert_ne!(after.header("etag"), before.header("etag"));
    let journals = after.json()["issue"]["journals"].as_array().unwrap().clone();
    let last = journals.last().unwrap();
    assert_eq!((last["notes"].as_str(), last["private_notes"].as_bool()), (Some("Vendor note"), Some(false)));
    assert!(last["id"].as_u64().unwrap() > 6);
    let bad = server.send(Method::PUT, "/issues/3.json", &headers, "not json").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = server.send(Method::PUT, "/issues/99.json", &headers, body).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn big_issue_is_about_20_kb_with_30_journals() {
    let server = start().await;
    let big = server.get("/big.json").await;
    assert!((15_000..25_000).contains(&big.body.len()), "{} bytes", big.body.len());
    let issue = &big.json()["issue"];
    assert_eq!(issue["journals"].as_array().unwrap().len(), 30);
    let found = entities(&unescaped_strings(issue));
    assert_eq!(found.len(), BIG_FINDINGS, "{found:?}");
}

/// Every string in `value`, one per line: what a JSON-aware scanner sees.
fn unescaped_strings(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s}\n"),
        Value::Array(items) => items.iter().map(unescaped_strings).collect(),
        Value::Object(map) => map.values().map(unescaped_strings).collect(),
        _ => String::new(),
    }
}

macro_rules! planted {
    ($($name:ident: $path:expr => [$($entity:expr),*];)*) => {$(
        #[tokio::test]
        async fn $name() {
            let server = start().await;
            let reply = server.get($path).await;
            let text = match reply.header("content-type") {
                Some(t) if t.starts_with("application/json") => unescaped_strings(&reply.json()),
                _ => String::from_utf8(reply.body).unwrap(),
            };
            let found = entities(&text);
            for entity in [$($entity),*] {
                assert!(found.iter().any(|e| e == entity), "{entity} not found in {}: {found:?}", $path);
            }
        }
    )*};
}

planted! {
    planted_issue_1: "/issues/1.json" => ["CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER"];
    planted_issue_2: "/issues/2.json" => ["GITHUB_TOKEN"];
    planted_issue_3: "/issues/3.json" => ["EMAIL_ADDRESS"];
    planted_issue_4: "/issues/4.json" => ["IBAN_CODE", "EMAIL_ADDRESS"];
    planted_issue_5: "/issues/5.json" => ["EMAIL_ADDRESS"];
    planted_statement: "/attachments/download/10/statement.txt" => ["CREDIT_CARD"];
}

#[test]
fn both_cards_of_issue_1_are_found() {
    let cards = entities("4111 1111 1111 1111 and 5500 0000 0000 0004");
    assert_eq!(cards, ["CREDIT_CARD", "CREDIT_CARD"]);
}
