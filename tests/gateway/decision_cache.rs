//! The vendor decision cache: a repeated upstream body gets the same answer without a second
//! scan, with a full audit record; any change of the body, the policy or the principal's
//! static grants is a fresh decision.

use crate::common;

use bytes::Bytes;
use common::gateway::*;
use hyper::StatusCode;
use serde_json::Value;

/// (detector, fingerprint, pointer) of each finding of an audit line, sorted.
fn findings(line: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("detector"), s("fingerprint"), s("json_pointer"))
        })
        .collect();
    out.sort();
    out
}

fn metric(text: &str, outcome: &str) -> u64 {
    let name = format!("casegate_decision_cache_lookups_total{{outcome=\"{outcome}\"}} ");
    text.lines().find_map(|l| l.strip_prefix(&name)).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeated_body_is_answered_from_the_decision_with_a_full_audit_record() {
    let h = Harness::start(|c| c).await;
    let first = h.get(Some(VENDOR), "/issues/1.json").await;
    let second = h.get(Some(VENDOR), "/issues/1.json").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(first.body, second.body, "the same bytes in, the same redacted bytes out");
    assert_no_raw(&second.text());
    assert_eq!(second.header("content-length"), Some(second.body.len().to_string().as_str()));
    assert_ne!(first.header("x-casegate-decision"), second.header("x-casegate-decision"));

    // The body changes upstream (a new public note with a card): a fresh decision.
    let card = "6011 0009 9013 9424";
    let note = format!(r#"{{"issue":{{"notes":"Customer card {card}, please refund"}}}}"#);
    let put = h.send("PUT", Some(INTERNAL), "/issues/1.json", &json_headers_ref(), Bytes::from(note)).await;
    assert!(put.status.is_success(), "{}", put.text());
    let third = h.get(Some(VENDOR), "/issues/1.json").await;
    let text = third.text();
    assert!(!text.contains(card) && text.contains("9424"), "the new note is scanned: {text}");

    let m = h.admin("/metrics").await.text();
    assert_eq!((metric(&m, "hit"), metric(&m, "miss")), (1, 2), "{m}");
    let lines = h.finish().await;
    let vendor: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "vendor").collect();
    assert_eq!(vendor.len(), 3);
    assert!(vendor[0].get("cached").is_none() && vendor[2].get("cached").is_none());
    assert_eq!(vendor[1]["cached"], true);
    for k in ["decision", "route", "cases", "dropped", "filtered", "bytes_in", "bytes_out"] {
        assert_eq!(vendor[0][k], vendor[1][k], "{k}");
    }
    assert_eq!(findings(vendor[0]), findings(vendor[1]), "every finding is audited on a hit");
    assert!(!findings(vendor[1]).is_empty());
    assert!(findings(vendor[2]).len() > findings(vendor[1]).len());
    assert_no_raw(&serde_json::to_string(&lines).unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cached_block_is_still_a_block_with_its_own_decision_id() {
    let h = Harness::start(|c| c).await;
    let first = h.get(Some(VENDOR), "/issues/2.json").await;
    let second = h.get(Some(VENDOR), "/issues/2.json").await;
    assert_problem(&first, StatusCode::FORBIDDEN, "sensitive_content");
    assert_problem(&second, StatusCode::FORBIDDEN, "sensitive_content");
    assert_eq!(first.json()["findings"], second.json()["findings"]);
    assert_ne!(first.json()["decision_id"], second.json()["decision_id"]);
    let lines = h.finish().await;
    assert_eq!(lines[1]["cached"], true);
    assert_eq!(lines[1]["decision"], "block");
    assert_eq!(findings(&lines[0]), findings(&lines[1]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_starts_with_no_decisions() {
    let h = Harness::start(|c| c).await;
    h.reload_to_labelled_cards().await;
    let lines = h.finish().await;
    assert!(lines.iter().all(|l| l.get("cached").is_none()), "no hit across the reload");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_static_grant_that_expires_ends_the_decision_it_allowed() {
    // Case 3 is granted statically until a moment a few seconds away; once it passes, the same
    // upstream bytes must be refused, not served from the decision made while it held.
    let until = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    let stamp = humantime::format_rfc3339_seconds(until + std::time::Duration::from_secs(1)).to_string();
    let h = Harness::start(move |c| {
        c.replace(r#"until = "2030-01-01T00:00:00Z""#, &format!(r#"until = "{stamp}""#))
    })
    .await;
    let first = h.get(Some(VENDOR), "/issues/3.json").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let after = h.get(Some(VENDOR), "/issues/3.json").await;
    assert_problem(&after, StatusCode::FORBIDDEN, "out_of_scope");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_zero_budget_turns_the_cache_off() {
    let h = Harness::start(|c| c.replace("decision_cache = \"32MiB\"", "decision_cache = 0")).await;
    for _ in 0..2 {
        assert_eq!(h.get(Some(VENDOR), "/issues/1.json").await.status, StatusCode::OK);
    }
    let m = h.admin("/metrics").await.text();
    assert_eq!((metric(&m, "hit"), metric(&m, "miss")), (0, 0), "{m}");
    let lines = h.finish().await;
    assert!(lines.iter().all(|l| l.get("cached").is_none()));
}

fn json_headers_ref() -> [(&'static str, &'static str); 1] {
    [("content-type", "application/json")]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_above_the_inline_limit_is_keyed_and_answered_the_same() {
    // 200 notes of ~600 bytes: above the 64 KiB handled on the reactor, so both the key and the
    // inspection run on the blocking pool.
    let notes: Vec<String> = (0..200)
        .map(|i| format!("note {i}: customer card 4111 1111 1111 1111, call back later. {}", "x".repeat(540)))
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({ "notes": notes })).unwrap();
    assert!(body.len() > 100_000);
    let h = behind(200, json_headers(), body, std::time::Duration::ZERO, |c| c).await;
    let first = h.get(Some(VENDOR), "/plain.json").await;
    let second = h.get(Some(VENDOR), "/plain.json").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(first.body, second.body);
    assert!(!second.text().contains("4111 1111 1111 1111") && second.text().contains("1111"));
    let lines = h.finish().await;
    let vendor: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "vendor").collect();
    assert_eq!((vendor[0].get("cached"), &vendor[1]["cached"]), (None, &Value::Bool(true)));
    assert_eq!(findings(vendor[0]).len(), 200);
    assert_eq!(findings(vendor[0]), findings(vendor[1]));
}
