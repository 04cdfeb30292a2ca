//! The gateway test harness: the built-in sample ticket API (or a scripted upstream that
//! answers every request the same way) on an ephemeral loopback port, the gateway in front,
//! real HTTP in between, and the audit log read back after a flushing shutdown.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use casegate::gateway::sample_api::SampleApi;
use casegate::gateway::server::{self, Running};
use casegate::policy::Config;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::{Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tokio::net::TcpListener;

pub const DEMO: &str = include_str!("../../examples/demo.toml");
pub const KEY: &str = "demo-service-key";
pub const VENDOR: &str = "vendor-demo-token";
pub const INTERNAL: &str = "internal-demo-token";

/// Raw sensitive values of the sample data that a vendor must never receive.
pub const RAW: [&str; 6] = [
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "5500 0000 0000 0004",
    "jane.doe@example.com",
    "INTERNAL: refund approved",
    "margin 42%",
];

pub struct Harness {
    pub gw: Option<Running>,
    pub api: Arc<SampleApi>,
    pub audit: PathBuf,
    pub config_path: PathBuf,
    pub env: Arc<HashMap<String, String>>,
    _dir: tempfile::TempDir,
    pub client: Client<HttpConnector, Full<Bytes>>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn upstream_api() -> (Arc<SampleApi>, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let api = SampleApi::new(KEY);
    tokio::spawn(api.clone().serve(listener, std::future::pending()));
    (api, addr)
}

impl Harness {
    pub async fn start(edit: impl Fn(String) -> String) -> Harness {
        let (api, addr) = upstream_api().await;
        Harness::start_with(api, addr, edit).await
    }

    pub async fn start_with(
        api: Arc<SampleApi>,
        upstream: SocketAddr,
        edit: impl Fn(String) -> String,
    ) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit.jsonl");
        let env = Arc::new(HashMap::from([
            ("CASEGATE_UPSTREAM".to_string(), format!("http://{upstream}")),
            ("CASEGATE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("CASEGATE_ADMIN_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("CASEGATE_AUDIT".to_string(), audit.display().to_string()),
            ("REDMINE_API_KEY".to_string(), KEY.to_string()),
        ]));
        let config_path = dir.path().join("casegate.toml");
        std::fs::write(&config_path, edit(DEMO.to_string())).unwrap();
        let config = Config::load(&config_path, env.as_ref()).unwrap();
        let gw = server::start(config, Some(config_path.clone()), env.clone()).await.unwrap();
        let client = Client::builder(TokioExecutor::new()).build_http();
        Harness { gw: Some(gw), api, audit, config_path, env, _dir: dir, client }
    }

    pub fn running(&self) -> &Running {
        self.gw.as_ref().unwrap()
    }

    pub async fn get(&self, token: Option<&str>, path: &str) -> Reply {
        self.send("GET", token, path, &[], Bytes::new()).await
    }

    pub async fn send(
        &self,
        method: &str,
        token: Option<&str>,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(format!("http://{}{path}", self.running().addr));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self.client.request(req.body(Full::new(body)).unwrap()).await.unwrap();
        let (parts, body) = resp.into_parts();
        Reply { status: parts.status, headers: parts.headers, body: body.collect().await.unwrap().to_bytes() }
    }

    pub async fn admin(&self, path: &str) -> Reply {
        let uri = format!("http://{}{path}", self.running().admin_addr.unwrap());
        let resp = self.client.get(uri.parse().unwrap()).await.unwrap();
        let (parts, body) = resp.into_parts();
        Reply { status: parts.status, headers: parts.headers, body: body.collect().await.unwrap().to_bytes() }
    }

    /// Reads case 1 as the vendor (cards keep their last 4), then reloads a configuration that
    /// labels cards instead, reads it again and checks the label; returns that configuration.
    pub async fn reload_to_labelled_cards(&self) -> String {
        assert!(self.get(Some(VENDOR), "/issues/1.json").await.text().contains("**** **** **** 1111"));
        let labelled = DEMO.replace("redaction = \"keep_last:4\"", "redaction = \"label\"");
        std::fs::write(&self.config_path, &labelled).unwrap();
        assert!(casegate::gateway::reload::reload(&self.running().gateway, self.env.as_ref()));
        let text = self.get(Some(VENDOR), "/issues/1.json").await.text();
        assert!(text.contains("[CREDIT_CARD]") && !text.contains("**** **** **** 1111"), "{text}");
        labelled
    }

    /// Shuts down (flushing the audit log) and returns its lines.
    pub async fn finish(mut self) -> Vec<Value> {
        self.gw.take().unwrap().shutdown().await;
        let text = std::fs::read_to_string(&self.audit).unwrap();
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

pub fn assert_no_raw(text: &str) {
    for raw in RAW {
        assert!(!text.contains(raw), "raw value {raw:?} leaked in: {text}");
    }
    assert!(!text.contains("4111111111111111"));
}

pub fn assert_problem(r: &Reply, status: StatusCode, reason: &str) {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], status.as_u16());
    assert_eq!(p["reason"], reason, "{p}");
    assert!(p["decision_id"].as_str().is_some_and(|d| !d.is_empty()));
}

pub async fn scripted(
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
) -> SocketAddr {
    use hyper::service::service_fn;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let headers = Arc::new(headers);
    let body = Bytes::from(body);
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let (headers, body) = (headers.clone(), body.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |_req| {
                    let (headers, body) = (headers.clone(), body.clone());
                    async move {
                        tokio::time::sleep(delay).await;
                        let mut resp = hyper::Response::builder().status(status);
                        for (k, v) in headers.iter() {
                            resp = resp.header(*k, v.as_str());
                        }
                        Ok::<_, std::convert::Infallible>(resp.body(Full::new(body)).unwrap())
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    addr
}

/// The gateway in front of a scripted upstream, with a plain vendor route `GET /plain.json`.
pub async fn behind(
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
    edit: impl Fn(String) -> String,
) -> Harness {
    let addr = scripted(status, headers, body, delay).await;
    let (api, _) = upstream_api().await;
    Harness::start_with(api, addr, move |c| {
        edit(c.replace(
            "{ route = \"GET /issue_statuses.json\", kind = \"plain\" },",
            "{ route = \"GET /issue_statuses.json\", kind = \"plain\" },\n  { route = \"GET /plain.json\", kind = \"plain\" },",
        ))
    })
    .await
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn json_headers() -> Vec<(&'static str, String)> {
    vec![("content-type", "application/json".to_string())]
}
