//! Attachments through the gateway, hermetic: a scripted upstream serves real fixture files
//! (zip, DOCX, PDF, an encrypted zip, a zip bomb, base64 documents inside JSON) and each test
//! checks what a vendor receives — a redacted copy that is still a valid file, a block, or a
//! placeholder — and that the audit log names the inner location of every finding, never its
//! value.

#![cfg(feature = "gateway")]

use crate::common;

use std::io::{Read, Write};
use std::time::Duration;

use base64::Engine;
use casegate::extract::{self, Limits};
use casegate::{PackSet, Scanner, ScannerBuilder};
use common::gateway::*;
use hyper::StatusCode;
use serde_json::{json, Value};

const CARD: &str = "4111 1111 1111 1111";
const OTHER_CARD: &str = "5555 5555 5555 4444";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn scanner() -> Scanner {
    ScannerBuilder::new().build(PackSet::builtin().unwrap()).unwrap()
}

/// The entities a fresh scan of `bytes` (any format) finds.
fn entities_in(bytes: &[u8]) -> Vec<String> {
    let s = scanner();
    let found = extract::scan(&s, &mut s.new_scratch(), bytes, &Limits::default()).expect("scannable");
    found.iter().map(|l| s.detector(l.finding.detector).entity.clone()).collect()
}

fn typed(content_type: &str) -> Vec<(&'static str, String)> {
    vec![("content-type", content_type.to_string())]
}

/// The vendor's reply for an upstream answering `body` with `content_type`, and the audit log.
async fn vendor_gets(
    content_type: &str,
    body: Vec<u8>,
    edit: impl Fn(String) -> String,
) -> (Reply, Vec<Value>) {
    let h = behind(200, typed(content_type), body, Duration::ZERO, edit).await;
    let r = h.get(Some(VENDOR), "/plain.json").await;
    let lines = h.finish().await;
    (r, lines)
}

fn zip_entry(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a valid zip");
    let mut text = String::new();
    archive.by_name(name).expect("entry kept").read_to_string(&mut text).unwrap();
    text
}

fn locations(audit: &Value) -> Vec<String> {
    audit["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["location"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_zip_bundle_comes_back_redacted_and_still_a_zip() {
    let (r, audit) = vendor_gets("application/zip", fixture("extract/bundle.zip"), |c| c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let log = zip_entry(&r.body, "logs/app.log");
    assert!(log.contains("payment failed for card") && log.contains("1111"), "{log}");
    assert!(!log.contains(CARD), "{log}");
    assert_eq!(zip_entry(&r.body, "logs/empty.log"), "nothing here\n");
    assert_eq!(r.header("content-length"), Some(r.body.len().to_string().as_str()));
    assert_eq!(audit[0]["decision"], "redact");
    assert_eq!(locations(&audit[0]), vec!["!/logs/app.log:2".to_string()]);
    assert!(!serde_json::to_string(&audit).unwrap().contains(CARD));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_docx_served_as_octet_stream_is_recognised_and_redacted() {
    let original = fixture("docs/letter.docx");
    assert!(entities_in(&original).iter().any(|e| e == "CREDIT_CARD"), "fixture holds a card");
    let (r, audit) = vendor_gets("application/octet-stream", original, |c| c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(extract::sniff(&r.body), extract::Format::Docx);
    let left = entities_in(&r.body);
    assert!(!left.iter().any(|e| e == "CREDIT_CARD" || e == "EMAIL_ADDRESS"), "{left:?}");
    let places = locations(&audit[0]);
    assert!(
        places.iter().any(|l| l.starts_with("#p=")) && places.contains(&"!properties".to_string()),
        "{places:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_with_findings_is_blocked_or_stripped_per_policy() {
    let pdf = fixture("docs/letter.pdf");
    let (r, audit) = vendor_gets("application/pdf", pdf.clone(), |c| c).await;
    assert_problem(&r, StatusCode::FORBIDDEN, "sensitive_content");
    assert!(locations(&audit[0]).iter().any(|l| l.starts_with("#page=1")), "{audit:?}");

    let strip = |c: String| c.replace("unredactable = \"block\"", "unredactable = \"strip\"");
    let (r, audit) = vendor_gets("application/pdf", pdf, strip).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert!(r.text().starts_with("[casegate: attachment removed: this pdf holds"), "{}", r.text());
    assert_eq!(audit[0]["reason"], "attachment_stripped");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_text_file_that_is_really_a_zip_is_scanned_as_a_zip() {
    let (r, _) = vendor_gets("text/plain", fixture("extract/bundle.zip"), |c| c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(!zip_entry(&r.body, "logs/app.log").contains(CARD));
}

#[tokio::test(flavor = "multi_thread")]
async fn unscannable_attachments_fail_closed() {
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bomb.start_file("zeros.txt", zip::write::SimpleFileOptions::default()).unwrap();
    bomb.write_all(&vec![b'0'; 32 << 20]).unwrap();
    let bomb = bomb.finish().unwrap().into_inner();
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("application/zip", fixture("extract/encrypted.zip"), &["encrypted"]),
        ("application/pdf", fixture("docs/letter-encrypted.pdf"), &["encrypted"]),
        ("application/pdf", fixture("docs/letter-truncated.pdf"), &["corrupt_document"]),
        ("application/zip", bomb, &["compression_ratio", "extracted_too_large"]),
        ("application/pdf", format!("not a pdf: {CARD}").into_bytes(), &["declared_type_mismatch"]),
        ("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), &["unscannable_media_type"]),
    ];
    for (content_type, body, reasons) in cases {
        let (r, audit) = vendor_gets(content_type, body, |c| c).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{reasons:?}: {}", r.text());
        let reason = r.json()["reason"].as_str().unwrap_or_default().to_string();
        assert!(reasons.contains(&reason.as_str()), "{reasons:?}: got {reason}");
        assert_eq!(audit[0]["decision"], "block");
        assert_eq!(audit[0]["reason"], reason);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn base64_documents_inside_json_are_redacted_in_place() {
    let b64 = base64::engine::general_purpose::STANDARD;
    let log = format!("boot ok\npayment failed for card {CARD}\n");
    let doc = json!({
        "issue": {"id": 7, "subject": "logs attached"},
        "attachments": [
            {"filename": "app.log", "content": b64.encode(&log)},
            {"filename": "bundle.zip", "content": format!("data:application/zip;base64,{}", b64.encode(fixture("extract/bundle.zip")))},
            {"filename": "hash", "content": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
        ]
    });
    let (r, audit) = vendor_gets("application/json", serde_json::to_vec(&doc).unwrap(), |c| c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let out = r.json();
    let text = b64.decode(out["attachments"][0]["content"].as_str().unwrap()).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.starts_with("boot ok\npayment failed for card ") && !text.contains(CARD), "{text}");
    let url = out["attachments"][1]["content"].as_str().unwrap();
    let zip = b64.decode(url.strip_prefix("data:application/zip;base64,").expect("prefix kept")).unwrap();
    assert!(!zip_entry(&zip, "logs/app.log").contains(CARD));
    assert_eq!(out["attachments"][2], doc["attachments"][2], "a digest is not a document");
    let findings = audit[0]["findings"].as_array().unwrap();
    let place = |f: &Value| {
        (
            f["json_pointer"].as_str().unwrap_or("").to_string(),
            f["location"].as_str().unwrap_or("").to_string(),
        )
    };
    let places: Vec<_> = findings.iter().map(place).collect();
    assert!(places.contains(&("/attachments/0/content".into(), ":2".into())), "{places:?}");
    assert!(places.contains(&("/attachments/1/content".into(), "!/logs/app.log:2".into())), "{places:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_base64_pdf_inside_json_is_blocked_or_replaced_by_a_placeholder() {
    let b64 = base64::engine::general_purpose::STANDARD;
    let doc =
        json!({"attachment": {"filename": "letter.pdf", "content": b64.encode(fixture("docs/letter.pdf"))}});
    let body = serde_json::to_vec(&doc).unwrap();
    let (r, _) = vendor_gets("application/json", body.clone(), |c| c).await;
    assert_problem(&r, StatusCode::FORBIDDEN, "sensitive_content");

    let strip = |c: String| c.replace("unredactable = \"block\"", "unredactable = \"strip\"");
    let (r, audit) = vendor_gets("application/json", body, strip).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let content = r.json()["attachment"]["content"].as_str().unwrap().to_string();
    assert!(content.starts_with("[casegate: attachment removed: this pdf"), "{content}");
    assert_eq!(r.json()["attachment"]["filename"], "letter.pdf");
    assert_eq!(audit[0]["decision"], "redact");
    assert!(!r.text().contains(OTHER_CARD));
}

#[tokio::test(flavor = "multi_thread")]
async fn internal_principals_get_attachments_untouched() {
    let original = fixture("extract/bundle.zip");
    let h = behind(200, typed("application/zip"), original.clone(), Duration::ZERO, |c| c).await;
    let r = h.get(Some(INTERNAL), "/plain.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(&r.body[..], &original[..]);
    h.finish().await;
}
