//! The `casegate serve`, `check-config` binaries as an operator runs them: exit codes, error
//! messages that name the key, SIGHUP reload, SIGTERM drain with the audit log flushed.

#![cfg(all(feature = "gateway", unix))]

use std::io::{BufRead, BufReader};

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casegate::gateway::sample_api::SampleApi;

const BIN: &str = env!("CARGO_BIN_EXE_casegate");
const DEMO: &str = include_str!("../../examples/demo.toml");

#[test]
fn check_config_accepts_the_examples_and_names_the_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, DEMO).unwrap();
    let out = Command::new(BIN).args(["check-config"]).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, DEMO.replace("unscannable = \"block\"", "unscannable = \"maybe\"")).unwrap();
    let out = Command::new(BIN).args(["check-config"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scan.unscannable") && err.contains("bad.toml"), "{err}");

    let out =
        Command::new(BIN).args(["check-config"]).arg(&good).env_remove("CASEGATE_KEY").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "defaults apply when a variable is unset");
    let strict = dir.path().join("strict.toml");
    std::fs::write(&strict, DEMO.replace("${CASEGATE_KEY:-demo-hmac-key-change-me}", "${CASEGATE_KEY}"))
        .unwrap();
    let out =
        Command::new(BIN).args(["check-config"]).arg(&strict).env_remove("CASEGATE_KEY").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CASEGATE_KEY"));
}

fn http_get(addr: &str, path: &str, token: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status = buf.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, buf)
}

#[test]
fn serve_reloads_on_sighup_and_drains_on_sigterm() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let upstream = listener.local_addr().unwrap();
    rt.spawn(SampleApi::new("svc-key").serve(listener, std::future::pending()));

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("casegate.toml");
    let audit = dir.path().join("audit.jsonl");
    std::fs::write(&config, DEMO).unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--config"])
        .arg(&config)
        .env("CASEGATE_UPSTREAM", format!("http://{upstream}"))
        .env("CASEGATE_LISTEN", "127.0.0.1:0")
        .env("CASEGATE_ADMIN_LISTEN", "127.0.0.1:0")
        .env("CASEGATE_AUDIT", &audit)
        .env("REDMINE_API_KEY", "svc-key")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read stderr on a thread so a missing log line fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    let addr = loop {
        let line = rx.recv_timeout(Duration::from_secs(30)).expect("serve did not report its address");
        if let Some(rest) = line.split("addr=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let (status, body) = http_get(&addr, "/issues/1.json", "vendor-demo-token");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("**** **** **** 1111"));

    std::fs::write(&config, DEMO.replace("redaction = \"keep_last:4\"", "redaction = \"label\"")).unwrap();
    Command::new("kill").args(["-HUP", &child.id().to_string()]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, body) = http_get(&addr, "/issues/1.json", "vendor-demo-token");
        if body.contains("[CREDIT_CARD]") {
            break;
        }
        assert!(Instant::now() < deadline, "reload did not take effect: {body}");
        std::thread::sleep(Duration::from_millis(50));
    }

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let log = std::fs::read_to_string(&audit).unwrap();
    assert!(log.lines().count() >= 2, "every request audited and flushed before exit");
    // The sample API's card, in each form it is written (a bare `4111` can occur by chance in
    // a latency or a fingerprint).
    for card in ["4111 1111", "4111-1111", "41111111"] {
        assert!(!log.contains(card), "no raw card digits in the audit log");
    }
}
