//! Structure-aware scanning cost: `content::process` on a ~20 KB Redmine-like issue (journals
//! with details, custom fields, a few PII values), against a plain byte scan of the same body.
//! The expected hits are asserted before timing, so a faster-but-wrong path cannot look good.
//! Also, when `../shared/corpus/notes_json` exists, every ticket JSON there per iteration; and
//! the same issue as a ~20 KB HTML page and as JSON whose notes are HTML (rich-text bodies,
//! scanned through the rendered-text view).
//!
//! Run: `cargo bench --bench content`.

use std::hint::black_box;
use std::path::Path;

use casegate::content::{self, Action, Limits, MediaKind, Policy};
use casegate::packs::Detector;
use casegate::redact::TokenKey;
use casegate::{Finding, Scanner};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};
use serde_json_path::JsonPath;

const NOTE: &str = "Thanks for the quick turnaround. We re-ran the nightly export at 02:15 UTC and the \
    columns still do not line up with the finance template (build 4.18.2, job 7f3c9a2e). Attaching the \
    log excerpt; the import fails on row 1184 with a duplicate key. Can you check the mapping?";

/// A Redmine issue of about 20 KB: 24 journals (3 private), details with old/new values, and
/// five sensitive values (two private ones are dropped before scanning).
fn redmine_issue() -> Value {
    let mut journals = Vec::new();
    for i in 0..24 {
        let notes = match i {
            5 => format!("{NOTE} Card on file 4111 1111 1111 1111."),
            11 => format!("{NOTE} Reach me at dana.lee@example.org."),
            17 => format!("{NOTE} (internal) SSN 536-22-8726."),
            _ => NOTE.to_string(),
        };
        journals.push(json!({
            "id": 9000 + i,
            "user": {"id": 40 + i % 5, "name": "Support Agent"},
            "notes": notes,
            "created_on": format!("2025-03-{:02}T10:{:02}:00Z", 1 + i % 28, i),
            "private_notes": i % 8 == 1,
            "details": [
                {"property": "attr", "name": "status_id", "old_value": "2", "new_value": "3"},
                {"property": "attr", "name": "done_ratio", "old_value": "40", "new_value": "60"},
            ],
        }));
    }
    json!({"issue": {
        "id": 48213,
        "project": {"id": 12, "name": "Billing"},
        "tracker": {"id": 1, "name": "Bug"},
        "status": {"id": 3, "name": "In progress"},
        "subject": "Export columns misaligned after upgrade",
        "description": format!("{NOTE}\n\nPatient DOB 1984-03-12 was in the sample file."),
        "custom_fields": [
            {"id": 3, "name": "Account", "value": "ACME-4471"},
            {"id": 4, "name": "Date of birth", "value": "1975-12-29"},
        ],
        "created_on": "2025-03-01T09:00:00Z",
        "journals": journals,
    }})
}

/// The notes of [`redmine_issue`] as HTML the way rich-text editors write it: paragraphs,
/// `<br>`, a bold label, `&nbsp;`, and the card split by a `<span>`.
fn html_note(i: usize) -> String {
    let note = NOTE.replace("'", "&#39;");
    match i {
        5 => {
            format!("<p>{note}<br>Card on file 4111 <span style=\"color:#1F497D\">1111</span> 1111 1111.</p>")
        }
        11 => format!(
            "<p>{note} Reach me at <a href=\"mailto:dana.lee@example.org\">dana.lee@example.org</a>.</p>"
        ),
        17 => format!("<p>{note}<br><b>SSN:</b>&nbsp;536-22-8726</p>"),
        _ => format!("<p class=\"MsoNormal\"><span style=\"font-size:11.0pt\">{note}</span><o:p></o:p></p>"),
    }
}

fn html_page() -> String {
    let mut page = String::from("<!DOCTYPE html><html><head><title>Issue 48213</title></head><body>");
    page.push_str("<h1>Export columns misaligned after upgrade</h1><table><tr><th>Account</th><th>Date of birth</th></tr>");
    page.push_str("<tr><td>ACME-4471</td><td>1975-12-29</td></tr></table>");
    for i in 0..48 {
        page.push_str(&format!(
            "<div class=\"journal\" id=\"note-{i}\"><h4>Support Agent</h4>{}</div>\n",
            html_note(i)
        ));
    }
    page.push_str("</body></html>");
    page
}

fn bench_content(c: &mut Criterion) {
    let scanner = Scanner::builtin().expect("built-in packs compile");
    let key = TokenKey::new(b"bench".to_vec());
    let limits = Limits::default();
    let drop = vec![JsonPath::parse("$.issue.journals[?@.private_notes == true]").expect("valid path")];
    let decide = |d: &Detector| Action::Redact(d.redaction);
    let policy =
        Policy { scanner: &scanner, key: &key, decide: &decide, drop: &drop, limits: &limits, known: &[] };
    let mut scratch = scanner.new_scratch();

    let body = serde_json::to_vec_pretty(&redmine_issue()).expect("serializes");
    let p = content::process(MediaKind::Json, &body, &policy, &mut scratch).expect("processes");
    let mut entities: Vec<&str> =
        p.hits.iter().map(|h| scanner.detector(h.detector).entity.as_str()).collect();
    entities.sort_unstable();
    assert_eq!(entities, ["CREDIT_CARD", "DATE_OF_BIRTH", "DATE_OF_BIRTH", "EMAIL_ADDRESS"], "{:?}", p.hits);
    assert_eq!(p.dropped, 3);
    assert!((18_000..24_000).contains(&body.len()), "body is {} bytes", body.len());

    let mut g = c.benchmark_group("content");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("redmine_issue_20k/process_json", |b| {
        b.iter(|| content::process(MediaKind::Json, black_box(&body), &policy, &mut scratch))
    });
    g.bench_function("redmine_issue_20k/plain_scan", |b| {
        let mut out: Vec<Finding> = Vec::new();
        b.iter(|| {
            out.clear();
            scanner.scan_with(&mut scratch, black_box(&body), &mut out);
            out.len()
        })
    });

    let page = html_page().into_bytes();
    let p = content::process(MediaKind::Html, &page, &policy, &mut scratch).expect("processes");
    let mut entities: Vec<&str> =
        p.hits.iter().map(|h| scanner.detector(h.detector).entity.as_str()).collect();
    entities.sort_unstable();
    assert_eq!(
        entities,
        ["CREDIT_CARD", "DATE_OF_BIRTH", "EMAIL_ADDRESS", "EMAIL_ADDRESS", "US_SSN"],
        "{:?}",
        p.hits
    );
    assert!((18_000..24_000).contains(&page.len()), "page is {} bytes", page.len());
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("issue_page_20k/process_html", |b| {
        b.iter(|| content::process(MediaKind::Html, black_box(&page), &policy, &mut scratch))
    });
    g.bench_function("issue_page_20k/plain_scan", |b| {
        let mut out: Vec<Finding> = Vec::new();
        b.iter(|| {
            out.clear();
            scanner.scan_with(&mut scratch, black_box(&page), &mut out);
            out.len()
        })
    });

    let mut issue = redmine_issue();
    if let Some(journals) = issue["issue"]["journals"].as_array_mut() {
        for (i, j) in journals.iter_mut().enumerate() {
            j["notes"] = Value::String(html_note(i));
        }
    }
    let body = serde_json::to_vec_pretty(&issue).expect("serializes");
    let p = content::process(MediaKind::Json, &body, &policy, &mut scratch).expect("processes");
    let mut entities: Vec<&str> =
        p.hits.iter().map(|h| scanner.detector(h.detector).entity.as_str()).collect();
    entities.sort_unstable();
    assert_eq!(
        entities,
        ["CREDIT_CARD", "DATE_OF_BIRTH", "DATE_OF_BIRTH", "EMAIL_ADDRESS", "EMAIL_ADDRESS"],
        "{:?}",
        p.hits
    );
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("redmine_issue_html_notes/process_json", |b| {
        b.iter(|| content::process(MediaKind::Json, black_box(&body), &policy, &mut scratch))
    });

    if let Some(tickets) = shared_tickets() {
        let bytes: usize = tickets.iter().map(Vec::len).sum();
        let hits: usize = tickets
            .iter()
            .map(|t| content::process(MediaKind::Json, t, &policy, &mut scratch).map_or(0, |p| p.hits.len()))
            .sum();
        assert!(hits > tickets.len(), "only {hits} hits in {} tickets", tickets.len());
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("notes_json_{}_tickets/process_json", tickets.len()), |b| {
            b.iter(|| {
                for t in &tickets {
                    let _ = black_box(content::process(MediaKind::Json, t, &policy, &mut scratch));
                }
            })
        });
    }
    g.finish();
}

fn shared_tickets() -> Option<Vec<Vec<u8>>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/notes_json");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Some(files.iter().filter_map(|p| std::fs::read(p).ok()).collect())
}

criterion_group!(benches, bench_content);
criterion_main!(benches);
