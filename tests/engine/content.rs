//! `casegate::content`: media classification, decoding with caps, and structure-aware scanning
//! and redaction of JSON, text, HTML and form bodies, with the built-in packs (what the
//! gateway runs).

use std::borrow::Cow;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use casegate::content::{
    self, json, Action, ContentError, Hit, Limits, Location, MediaKind, Policy, Processed,
};
use casegate::packs::Detector;
use casegate::redact::{Redaction, TokenKey};
use casegate::Scanner;
use serde_json::{json, Value};
use serde_json_path::JsonPath;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

fn key() -> TokenKey {
    TokenKey::new(b"content-test-key".to_vec())
}

const LIMITS: Limits = Limits { max_decompressed: 1 << 20, max_ratio: 100, max_depth: 32 };

/// Each detector's default operator.
fn redact_default(d: &Detector) -> Action {
    Action::Redact(d.redaction)
}

/// Runs `process` with `decide` and `drop` rules.
fn run(kind: MediaKind, body: &[u8], decide: &dyn Fn(&Detector) -> Action, drop: &[&str]) -> Processed {
    let drop: Vec<JsonPath> = drop.iter().map(|p| JsonPath::parse(p).expect("valid JSONPath")).collect();
    let key = key();
    let policy = Policy { scanner: scanner(), key: &key, decide, drop: &drop, limits: &LIMITS, known: &[] };
    content::process(kind, body, &policy, &mut scanner().new_scratch()).expect("processes")
}

fn run_json(doc: &Value, drop: &[&str]) -> (Value, Processed) {
    let p = run(MediaKind::Json, doc.to_string().as_bytes(), &redact_default, drop);
    (serde_json::from_slice(&p.body).expect("output is JSON"), p)
}

fn entity(h: &Hit) -> &str {
    &scanner().detector(h.detector).entity
}

fn pointer(h: &Hit) -> &str {
    match &h.location {
        Location::Json { pointer, .. } => pointer,
        Location::Bytes { .. } | Location::Inner { .. } => panic!("not a JSON hit: {h:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// decode

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn raw_deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
    w.write_all(data).unwrap();
    drop(w);
    out
}

const PLAIN: &[u8] = b"{\"note\": \"card 4111 1111 1111 1111\"} and some more text to compress, more text";

#[test]
fn decode_table() {
    let rows: Vec<(Option<&str>, Vec<u8>)> = vec![
        (None, PLAIN.to_vec()),
        (Some(""), PLAIN.to_vec()),
        (Some("identity"), PLAIN.to_vec()),
        (Some("gzip"), gzip(PLAIN)),
        (Some("x-gzip"), gzip(PLAIN)),
        (Some("GZip"), gzip(PLAIN)),
        (Some("deflate"), zlib(PLAIN)),
        (Some("deflate"), raw_deflate(PLAIN)),
        (Some("br"), brotli(PLAIN)),
        // Applied left to right, so decoded right to left.
        (Some("gzip, br"), brotli(&gzip(PLAIN))),
        (Some("br,gzip"), gzip(&brotli(PLAIN))),
        (Some("deflate, identity, gzip"), gzip(&zlib(PLAIN))),
    ];
    for (coding, body) in rows {
        let out = content::decode(coding, &body, &LIMITS).unwrap_or_else(|e| panic!("{coding:?}: {e}"));
        assert_eq!(&*out, PLAIN, "{coding:?}");
    }
}

#[test]
fn identity_borrows() {
    assert!(matches!(content::decode(Some("identity"), PLAIN, &LIMITS), Ok(Cow::Borrowed(_))));
    assert!(matches!(content::decode(None, PLAIN, &LIMITS), Ok(Cow::Borrowed(_))));
}

#[test]
fn decode_errors() {
    let unknown = content::decode(Some("zstd"), PLAIN, &LIMITS).unwrap_err();
    assert_eq!(unknown, ContentError::UnknownEncoding("zstd".into()));
    assert_eq!(unknown.reason(), "unknown_encoding");
    assert!(matches!(
        content::decode(Some("gzip, compress"), PLAIN, &LIMITS),
        Err(ContentError::UnknownEncoding(_))
    ));
    for coding in ["gzip", "deflate", "br"] {
        let e = content::decode(Some(coding), b"definitely not compressed data!!", &LIMITS).unwrap_err();
        assert!(matches!(e, ContentError::Corrupt(_)), "{coding}: {e:?}");
        assert_eq!(e.reason(), "corrupt_encoding");
    }
    let gz = gzip(PLAIN);
    let truncated = &gz[..gz.len() - 12];
    assert!(matches!(content::decode(Some("gzip"), truncated, &LIMITS), Err(ContentError::Corrupt("gzip"))));
    let mut trailing = gz.clone();
    trailing.extend_from_slice(b"garbage after the member");
    assert!(matches!(content::decode(Some("gzip"), &trailing, &LIMITS), Err(ContentError::Corrupt("gzip"))));
    // Right coding, wrong order: the outer layer is not gzip.
    assert!(content::decode(Some("br, gzip"), &brotli(&gzip(PLAIN)), &LIMITS).is_err());
}

#[test]
fn gzip_bomb_is_refused_fast() {
    let bomb = gzip(&vec![0u8; 100 << 20]);
    assert!(bomb.len() < 1_000_000, "{}", bomb.len());
    let started = Instant::now();
    let big = Limits { max_decompressed: 8 << 20, max_ratio: 1_000_000, max_depth: 32 };
    assert_eq!(content::decode(Some("gzip"), &bomb, &big), Err(ContentError::TooLarge { limit: 8 << 20 }));
    let ratio = Limits { max_decompressed: 1 << 30, max_ratio: 20, max_depth: 32 };
    let e = content::decode(Some("gzip"), &bomb, &ratio).unwrap_err();
    assert_eq!(e, ContentError::Ratio { limit: 20 });
    assert_eq!(e.reason(), "compression_ratio");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    // The ratio is against the received size (at least 1 KiB): small bodies may expand.
    let small = gzip(&[b'a'; 50_000]);
    assert!(content::decode(Some("gzip"), &small, &Limits { max_ratio: 100, ..LIMITS }).is_ok());
}

#[test]
fn size_cap_is_exact() {
    let data = vec![b'x'; 1000];
    let at = |max| Limits { max_decompressed: max, max_ratio: 1000, max_depth: 8 };
    assert!(content::decode(Some("gzip"), &gzip(&data), &at(1000)).is_ok());
    assert_eq!(
        content::decode(Some("gzip"), &gzip(&data), &at(999)),
        Err(ContentError::TooLarge { limit: 999 })
    );
}

// ---------------------------------------------------------------------------------------------
// classify

#[test]
fn classify_table() {
    use MediaKind::*;
    for (ct, want) in [
        (Some("application/json; charset=utf-8"), Json),
        (Some("application/vnd.api+json"), Json),
        (Some("text/html"), Html),
        (Some("application/x-www-form-urlencoded"), Form),
        (Some("text/csv"), Text),
        (Some("image/png"), Unscannable),
        (None, Unscannable),
    ] {
        assert_eq!(content::classify(ct), want, "{ct:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

#[test]
fn nested_card_string_keeps_last_four() {
    let doc =
        json!({"issue": {"id": 7, "description": "Customer card is 4111 1111 1111 1111, please refund"}});
    let (out, p) = run_json(&doc, &[]);
    assert!(p.changed && !p.blocked);
    assert_eq!(out["issue"]["description"], "Customer card is **** **** **** 1111, please refund");
    assert_eq!(out["issue"]["id"], 7);
    let h = &p.hits[0];
    assert_eq!((entity(h), pointer(h)), ("CREDIT_CARD", "/issue/description"));
    assert_eq!(h.location, Location::Json { pointer: "/issue/description".into(), start: 17, end: 36 });
    assert_eq!(h.action, Action::Redact(Redaction::KeepLast(4)));
    assert!(h.validated);
    assert_eq!(h.fingerprint, key().fingerprint("CREDIT_CARD", b"4111 1111 1111 1111"));
}

// The gateway's rewrite goes through the redaction guard: kept digits that would read as an
// email with the text glued to them are masked too, and the JSON still parses.
#[test]
fn kept_digits_glued_to_their_neighbours_are_masked_whole() {
    let doc = json!({"note": "paid with 4111111111111111@pay.example.com today", "card": "4111111111111111"});
    let (out, p) = run_json(&doc, &[]);
    assert!(p.changed && !p.blocked);
    let note = out["note"].as_str().unwrap();
    assert!(note.starts_with("paid with ****************@"), "{note}");
    assert_eq!(out["card"], "************1111", "a card that stands apart keeps its last four");
    let rescan = scanner().scan(note.as_bytes());
    assert!(rescan.iter().all(|f| f.start >= "paid with ****************".len()), "{note}: {rescan:?}");
}

#[test]
fn offsets_are_into_the_decoded_string() {
    // Escapes before the value: offsets count decoded bytes (é is 2 bytes, \n one).
    let body = br#"{"d": "\u00e9\n\"card\" 4111111111111111"}"#;
    let p = run(MediaKind::Json, body, &redact_default, &[]);
    assert_eq!(p.hits[0].location, Location::Json { pointer: "/d".into(), start: 10, end: 26 });
    let out: Value = serde_json::from_slice(&p.body).unwrap();
    assert_eq!(out["d"], "é\n\"card\" ************1111");
}

#[test]
fn card_numbers_stored_as_json_numbers() {
    let body =
        br#"{"payment": {"card_number": 4111111111111111, "pan": 4081003390757938343, "amount": 12.50}}"#;
    let p = run(MediaKind::Json, body, &redact_default, &[]);
    let out: Value = serde_json::from_slice(&p.body).unwrap();
    assert_eq!(out["payment"]["card_number"], "************1111");
    assert_eq!(out["payment"]["pan"], "***************8343");
    // Untouched numbers keep their exact text.
    assert!(String::from_utf8(p.body.clone()).unwrap().contains("\"amount\":12.50"));
    let ptrs: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(ptrs, [("CREDIT_CARD", "/payment/card_number"), ("CREDIT_CARD", "/payment/pan")]);
}

#[test]
fn allowed_numbers_stay_numbers() {
    let body = br#"{"card_number": 4111111111111111}"#;
    let p = run(MediaKind::Json, body, &|_: &Detector| Action::Allow, &[]);
    assert_eq!(p.hits.len(), 1);
    assert!(!p.changed);
    assert_eq!(p.body, body);
}

fn redmine_issue() -> Value {
    json!({"issue": {
        "id": 4242, "subject": "Refund request",
        "description": "Please refund jane.doe@example.com",
        "journals": [
            {"id": 1, "notes": "Public reply", "private_notes": false, "details": []},
            {"id": 2, "notes": "Internal: SSN on file 536-22-8726", "private_notes": true, "details": []},
            {"id": 3, "notes": "", "private_notes": false, "details": [
                {"property": "attr", "name": "description", "old_value": "card 4111 1111 1111 1111", "new_value": "card on file"},
                {"property": "cf", "name": "contact", "old_value": null, "new_value": "bob@example.org"}
            ]},
            {"id": 4, "notes": "also internal", "private_notes": true}
        ]
    }})
}

#[test]
fn redmine_private_journals_are_dropped_and_details_scanned() {
    let (out, p) = run_json(&redmine_issue(), &["$.issue.journals[?@.private_notes == true]"]);
    assert_eq!(p.dropped, 2);
    let ids: Vec<_> = out["issue"]["journals"].as_array().unwrap().iter().map(|j| j["id"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(3)]);
    assert!(!String::from_utf8_lossy(&p.body).contains("536-22-8726"));
    let ptrs: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        ptrs,
        [
            ("EMAIL_ADDRESS", "/issue/description"),
            ("CREDIT_CARD", "/issue/journals/1/details/0/old_value"),
            ("EMAIL_ADDRESS", "/issue/journals/1/details/1/new_value"),
        ]
    );
    assert_eq!(out["issue"]["journals"][1]["details"][0]["old_value"], "card **** **** **** 1111");
    assert_eq!(out["issue"]["journals"][1]["details"][0]["new_value"], "card on file");
}

#[test]
fn zendesk_private_comments_are_dropped() {
    let doc = json!({"comments": [
        {"id": 1, "public": true, "body": "Hello"},
        {"id": 2, "public": false, "body": "agent note: DOB 1984-03-12"},
        {"id": 3, "public": true, "body": "Thanks"},
        {"id": 4, "public": false, "body": "another"},
        {"id": 5, "public": false, "body": "and another"}
    ]});
    let (out, p) = run_json(&doc, &["$.comments[?@.public == false]", "$.comments[1]"]);
    // Comment 2 is selected by both rules and removed once.
    assert_eq!(p.dropped, 3);
    let ids: Vec<_> = out["comments"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(3)]);
    assert!(p.hits.is_empty());
}

#[test]
fn drop_selected_ignores_root_and_nested_duplicates() {
    let mut doc = json!({"a": [{"x": 1}, {"x": 2}], "b": {"c": 1}});
    let paths: Vec<_> = ["$", "$.a[*]", "$.a[0].x", "$.b.c", "$.missing"]
        .iter()
        .map(|p| JsonPath::parse(p).unwrap())
        .collect();
    assert_eq!(json::drop_selected(&mut doc, &paths), 3);
    assert_eq!(doc, json!({"a": [], "b": {}}));
}

#[test]
fn pointers_escape_tilde_and_slash() {
    let doc = json!({"a/b": {"m~n": ["x", "mail jane.doe@example.com"]}});
    let (_, p) = run_json(&doc, &[]);
    assert_eq!(pointer(&p.hits[0]), "/a~1b/m~0n/1");
    // The pointer resolves to the value in the input document.
    assert!(doc.pointer(pointer(&p.hits[0])).is_some());
}

#[test]
fn keys_are_context_for_their_values() {
    for key in ["dob", "date_of_birth", "dateOfBirth", "DOB", "birth_date"] {
        let doc = json!({"patient": {key: "1984-03-12"}});
        let (out, p) = run_json(&doc, &[]);
        let found: Vec<_> = p.hits.iter().map(entity).collect();
        assert_eq!(found, ["DATE_OF_BIRTH"], "{key}");
        assert_eq!(out["patient"][key], "[DATE_OF_BIRTH]", "{key}");
    }
    // The same date under another key is not a date of birth.
    let (_, p) = run_json(&json!({"created_on": "1984-03-12"}), &[]);
    assert!(p.hits.is_empty(), "{:?}", p.hits);
    let (out, p) = run_json(&json!({"mrn": "H9260599", "patient": {"ssn": "536-22-8726"}}), &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(found, [("MEDICAL_RECORD_NUMBER", "/mrn"), ("US_SSN", "/patient/ssn")]);
    assert_eq!(out["mrn"], "[MEDICAL_RECORD_NUMBER]");
}

#[test]
fn custom_field_name_is_context_for_its_value() {
    let doc = json!({"custom_fields": [{"id": 3, "name": "Date of birth", "value": "1984-03-12"}]});
    let (_, p) = run_json(&doc, &[]);
    assert_eq!(
        p.hits.iter().map(|h| (entity(h), pointer(h))).collect::<Vec<_>>(),
        [("DATE_OF_BIRTH", "/custom_fields/0/value")]
    );
}

#[test]
fn edit_history_takes_the_field_name_from_a_sibling() {
    // Redmine journal details, Jira changelog items, Zendesk audit events: the old and the new
    // value of a field named beside them.
    let doc = json!({
        "journals": [{"details": [{"property": "cf", "name": "dob", "old_value": "1962-06-27", "new_value": "1985-10-18"}]}],
        "changelog": {"histories": [{"items": [{"field": "date_of_birth", "fromString": "1962-06-27", "toString": "1985-10-18"}]}]},
        "audits": [{"events": [{"type": "Change", "field_name": "DOB", "value": "1958-12-01", "previous_value": "1961-04-10"}]}],
        "fields": {"customfield_10077": {"label": "Date of birth", "value": "23.03.1967"}}
    });
    let (out, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/journals/0/details/0/old_value"),
            ("DATE_OF_BIRTH", "/journals/0/details/0/new_value"),
            ("DATE_OF_BIRTH", "/changelog/histories/0/items/0/fromString"),
            ("DATE_OF_BIRTH", "/changelog/histories/0/items/0/toString"),
            ("DATE_OF_BIRTH", "/audits/0/events/0/value"),
            ("DATE_OF_BIRTH", "/audits/0/events/0/previous_value"),
            ("DATE_OF_BIRTH", "/fields/customfield_10077/value"),
        ]
    );
    assert_eq!(out["changelog"]["histories"][0]["items"][0]["field"], "date_of_birth");
    // The same dates in the history of another field are not dates of birth.
    let doc = json!({"items": [{"field": "duedate", "fromString": "1962-06-27", "toString": "1985-10-18"}]});
    let (_, p) = run_json(&doc, &[]);
    assert!(p.hits.is_empty(), "{:?}", p.hits);
}

#[test]
fn jira_custom_fields_take_their_names_from_the_names_map() {
    // `GET /rest/api/2/issue/KEY?expand=names`: `fields` keys are ids, `names` spells them.
    let doc = json!({
        "key": "HELP-1",
        "names": {"customfield_10040": "Date of birth", "customfield_10049": "MRN", "customfield_10050": "Due date"},
        "fields": {"customfield_10040": "1958-10-02", "customfield_10049": "5782224", "customfield_10050": "2025-10-02"}
    });
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/fields/customfield_10040"),
            ("MEDICAL_RECORD_NUMBER", "/fields/customfield_10049")
        ]
    );
    // Without the names map the same ids say nothing.
    let doc = json!({"fields": {"customfield_10040": "1958-10-02", "customfield_10049": "5782224"}});
    let (_, p) = run_json(&doc, &[]);
    assert!(p.hits.is_empty(), "{:?}", p.hits);
}

#[test]
fn field_ids_take_the_names_the_document_defines() {
    // Zendesk with sideloaded `ticket_fields`: custom fields and audit events name fields by id.
    let doc = json!({
        "ticket": {"id": 227182, "custom_fields": [
            {"id": 382972278331_u64, "value": "5782224"},
            {"id": 338358053220_u64, "value": "1992-04-23"},
            {"id": 360000000001_u64, "value": "2025-10-02"}
        ]},
        "audits": [{"id": 396171059969_u64, "events": [
            {"id": 1, "type": "Change", "field_name": "338358053220", "value": "1992-04-24", "previous_value": "1992-04-23"}
        ]}],
        "users": [{"id": 360000000001_u64, "name": "Date Of Birth Smith"}],
        "ticket_fields": [
            {"id": 382972278331_u64, "title": "Patient MRN", "type": "integer"},
            {"id": 338358053220_u64, "title": "Patient date of birth", "type": "date"},
            {"id": 360000000001_u64, "title": "Follow-up date", "type": "date"}
        ]
    });
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("MEDICAL_RECORD_NUMBER", "/ticket/custom_fields/0/value"),
            ("DATE_OF_BIRTH", "/ticket/custom_fields/1/value"),
            ("DATE_OF_BIRTH", "/audits/0/events/0/value"),
            ("DATE_OF_BIRTH", "/audits/0/events/0/previous_value"),
        ]
    );
    // Redmine: a journal detail names a custom field by its id.
    let doc = json!({"issue": {
        "custom_fields": [{"id": 7, "name": "Date of birth", "value": "1958-10-02"}, {"id": 8, "name": "Due", "value": "2025-01-01"}],
        "journals": [{"details": [
            {"property": "cf", "name": "7", "old_value": "1958-10-01", "new_value": "1958-10-02"},
            {"property": "cf", "name": "8", "old_value": "2024-12-01", "new_value": "2025-01-01"}
        ]}]
    }});
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/issue/custom_fields/0/value"),
            ("DATE_OF_BIRTH", "/issue/journals/0/details/0/old_value"),
            ("DATE_OF_BIRTH", "/issue/journals/0/details/0/new_value"),
        ]
    );
}

#[test]
fn custom_fields_named_by_a_title_sibling() {
    // Zendesk ticket-field exports name a custom field by `title`; the values are JSON numbers.
    let doc = json!({"custom_fields": [
        {"id": 406926265, "title": "SSN", "value": 120344751},
        {"id": 851591589, "title": "Provider NPI", "value": 1919288963},
        {"id": 301315190, "title": "Related ticket", "value": 1919288963}
    ]});
    let (_, p) = run_json(&doc, &[]);
    assert_eq!(
        p.hits.iter().map(|h| (entity(h), pointer(h))).collect::<Vec<_>>(),
        [("US_SSN", "/custom_fields/0/value"), ("US_NPI", "/custom_fields/1/value")]
    );
}

#[test]
fn value_pairs_take_the_field_name_from_their_key_or_a_sibling() {
    // ServiceNow reference pairs named by their key, Help Scout custom fields (`text`), form
    // answers as `{key, val}`.
    let doc = json!({
        "result": {"u_date_of_birth": {"display_value": "06/17/1946", "value": "1946-06-17"},
                   "u_due_date": {"display_value": "06/17/2026", "value": "2026-06-17"}},
        "customFields": [{"id": 7, "name": "Date of birth", "value": "05/03/1950", "text": "05/03/1950"}],
        "answers": [{"key": "Birth date", "val": "1971-10-19"}, {"key": "Start date", "val": "1971-10-19"}]
    });
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/result/u_date_of_birth/display_value"),
            ("DATE_OF_BIRTH", "/result/u_date_of_birth/value"),
            ("DATE_OF_BIRTH", "/customFields/0/value"),
            ("DATE_OF_BIRTH", "/customFields/0/text"),
            ("DATE_OF_BIRTH", "/answers/0/val"),
        ]
    );
}

#[test]
fn typed_values_and_field_objects_take_the_field_name() {
    // Asana custom fields (`text_value`, `number_value`, `date_value: {date}`), fields named by
    // an object (`{"field": {"key", "title"}}`), form answers as `{label, content}`, Zammad
    // history (`attribute`, `value_from`, `value_to`), TOPdesk optional fields (`caption`).
    let doc = json!({
        "custom_fields": [
            {"gid": "1", "name": "Birth date", "type": "date", "date_value": {"date": "1941-08-22", "date_time": null}},
            {"gid": "2", "name": "Start date", "type": "date", "date_value": {"date": "1941-08-22"}},
            {"gid": "3", "name": "Chart # (MRN)", "type": "number", "number_value": 500055}
        ],
        "items": [{"field": {"id": 723, "key": "date_of_birth", "title": "Födelsedatum"}, "value": "12 april 1997"}],
        "answers": [{"label": "Patient MRN", "content": "M6803538"}],
        "history": [{"object": "User", "attribute": "routing number", "value_from": "611743963", "value_to": "625601321"}],
        "customFields": [{"id": 47, "caption": "SSN", "type": "Number", "value": 710798509}]
    });
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/custom_fields/0/date_value/date"),
            ("MEDICAL_RECORD_NUMBER", "/custom_fields/2/number_value"),
            ("DATE_OF_BIRTH", "/items/0/value"),
            ("MEDICAL_RECORD_NUMBER", "/answers/0/content"),
            ("ABA_ROUTING_NUMBER", "/history/0/value_from"),
            ("ABA_ROUTING_NUMBER", "/history/0/value_to"),
            ("US_SSN", "/customFields/0/value"),
        ]
    );
}

#[test]
fn custom_fields_of_rt_znuny_sysaid_liveagent_and_halopsa_take_their_names() {
    // Request Tracker `values` arrays, OTRS/Znuny PascalCase `{"Name", "Value"}` with an acronym
    // glued to the next word, SysAid `keyCaption` over a numbered `key`, LiveAgent `code`,
    // HaloPSA `display` next to `value`.
    let doc = json!({
        "CustomFields": [{"id": "8", "name": "NHS number", "type": "customfield", "values": [9434765919_u64]}],
        "DynamicField": [{"Name": "ABARouting", "Value": "021000021"}],
        "info": [{"key": "cust_text1", "value": 3546190, "valueCaption": null, "keyCaption": "Hospital number"}],
        "custom_fields": [{"code": "callback_number", "value": 2125550143_u64}],
        "customfields": [{"id": 140, "name": "CFMedicalRecordNumber", "value": "JH602667", "display": "JH602667"}]
    });
    let (_, p) = run_json(&doc, &[]);
    let mut found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("ABA_ROUTING_NUMBER", "/DynamicField/0/Value"),
            ("MEDICAL_RECORD_NUMBER", "/customfields/0/display"),
            ("MEDICAL_RECORD_NUMBER", "/customfields/0/value"),
            ("MEDICAL_RECORD_NUMBER", "/info/0/value"),
            ("PHONE_NUMBER", "/custom_fields/0/value"),
            ("UK_NHS", "/CustomFields/0/values/0"),
        ]
    );
}

#[test]
fn fhir_identifiers_and_monday_columns_take_their_names() {
    // A FHIR `Identifier` names its kind by a table-0203 code or by its `system` URI; a Monday
    // column value by the `title` of its nested `column`. An identifier of no known kind (a
    // visit number under an OID) stays unlabelled.
    let doc = json!({
        "identifier": [
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
             "system": "urn:oid:2.16.840.1.113883.19.4254", "value": "2355842"},
            {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1245319599"},
            {"system": "urn:oid:2.16.840.1.113883.19.5", "value": "4471203"}
        ],
        "column_values": [{"id": "text_0", "column": {"title": "Patient DOB"}, "type": "text", "text": "1976-02-08"}]
    });
    let (_, p) = run_json(&doc, &[]);
    let mut found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/column_values/0/text"),
            ("MEDICAL_RECORD_NUMBER", "/identifier/0/value"),
            ("US_NPI", "/identifier/1/value"),
        ]
    );
}

#[test]
fn a_rich_text_run_ending_in_a_colon_labels_the_next_run() {
    // Slack blocks and Atlassian document format split one line into runs.
    let doc = json!({"elements": [
        {"type": "text", "text": "Date of birth: "}, {"type": "text", "text": "1955-04-20"},
        {"type": "text", "text": " / Appointment: "}, {"type": "text", "text": "2025-04-20"}
    ]});
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(found, [("DATE_OF_BIRTH", "/elements/1/text")]);
}

#[test]
fn odata_annotations_name_their_field_and_are_not_addresses() {
    // Dynamics 365 exports annotate a field with `field@OData.Community.Display.V1.FormattedValue`.
    let doc = json!({"value": [{
        "new_dateofbirth": "1998-08-19",
        "new_dateofbirth@OData.Community.Display.V1.FormattedValue": "8/19/1998",
        "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser"
    }]});
    let (_, p) = run_json(&doc, &[]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), pointer(h))).collect();
    assert_eq!(
        found,
        [
            ("DATE_OF_BIRTH", "/value/0/new_dateofbirth"),
            ("DATE_OF_BIRTH", "/value/0/new_dateofbirth@OData.Community.Display.V1.FormattedValue"),
        ]
    );
}

#[test]
fn keys_are_scanned_but_not_rewritten() {
    let doc = json!({"watchers": {"jane.doe@example.com": true, "x": "y"}});
    let (out, p) = run_json(&doc, &[]);
    assert_eq!(p.hits.len(), 1);
    assert_eq!(p.hits[0].location, Location::Json { pointer: "/watchers".into(), start: 0, end: 20 });
    assert_eq!(out, doc);
    assert!(!p.changed);
    // A key hit that blocks, blocks.
    let p = run(MediaKind::Json, doc.to_string().as_bytes(), &|_: &Detector| Action::Block, &[]);
    assert!(p.blocked);
}

#[test]
fn block_sets_blocked_and_still_redacts_the_body() {
    let doc = json!({"a": "ssn 536-22-8726", "b": "mail jane.doe@example.com"});
    let decide = |d: &Detector| if d.entity == "US_SSN" { Action::Block } else { Action::Allow };
    let p = run(MediaKind::Json, doc.to_string().as_bytes(), &decide, &[]);
    assert!(p.blocked);
    let actions: Vec<_> = p.hits.iter().map(|h| (entity(h), h.action)).collect();
    assert_eq!(actions, [("US_SSN", Action::Block), ("EMAIL_ADDRESS", Action::Allow)]);
    let out: Value = serde_json::from_slice(&p.body).unwrap();
    assert_eq!(out["a"], "ssn ***-**-8726");
    assert_eq!(out["b"], "mail jane.doe@example.com");
}

#[test]
fn unchanged_json_is_returned_byte_for_byte() {
    let body = b"{ \"a\" : [1, 2.0e3, \"x\"] }";
    let p = run(MediaKind::Json, body, &redact_default, &[]);
    assert!(!p.changed && p.hits.is_empty());
    assert_eq!(p.body, body);
}

#[test]
fn json_errors_fail_closed() {
    let key = key();
    let decide = redact_default;
    let policy =
        Policy { scanner: scanner(), key: &key, decide: &decide, drop: &[], limits: &LIMITS, known: &[] };
    let mut scratch = scanner().new_scratch();
    let mut go = |b: &[u8]| content::process(MediaKind::Json, b, &policy, &mut scratch).unwrap_err();
    assert!(matches!(go(b"{\"card\": \"4111 1111 1111 1111\""), ContentError::InvalidJson { .. }));
    assert_eq!(go(b"\"\xc3\x28\"").reason(), "invalid_utf8");
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    assert_eq!(go(deep.as_bytes()), ContentError::TooDeep { limit: 32 });
    assert_eq!(go(deep.as_bytes()).reason(), "too_deep");
    assert_eq!(
        content::process(MediaKind::Unscannable, b"x", &policy, &mut scratch).unwrap_err().reason(),
        "unscannable"
    );
}

#[test]
fn cli_scan_reports_pointers_and_value_offsets() {
    let doc: Value =
        serde_json::from_str(r#"{"a": ["x", "card 4111 1111 1111 1111"], "ssn": "536-22-8726"}"#).unwrap();
    let found = json::scan(&doc, scanner(), &mut scanner().new_scratch());
    let got: Vec<_> = found.iter().map(|(p, f)| (p.as_str(), f.start, f.end)).collect();
    assert_eq!(got, [("/a/1", 5, 24), ("/ssn", 0, 11)]);
}

// ---------------------------------------------------------------------------------------------
// text, HTML, form

#[test]
fn text_is_scanned_as_bytes() {
    let body = "é card 4111 1111 1111 1111\n".as_bytes();
    let p = run(MediaKind::Text, body, &redact_default, &[]);
    assert_eq!(String::from_utf8(p.body).unwrap(), "é card **** **** **** 1111\n");
    assert_eq!(p.hits[0].location, Location::Bytes { start: 8, end: 27 });
}

#[test]
fn html_text_and_attributes_are_redacted_markup_is_not() {
    let body = "<div data-mail=\"jane.doe@example.com\"><p>card <b>4111 1111 1111 1111</b></p>\
        <input value=536-22-8726></div>";
    let p = run(MediaKind::Html, body.as_bytes(), &redact_default, &[]);
    let out = String::from_utf8(p.body).unwrap();
    assert_eq!(
        out,
        "<div data-mail=\"****.***@*******.***\"><p>card <b>**** **** **** 1111</b></p>\
         <input value=***-**-8726></div>"
    );
    let spans: Vec<_> = p.hits.iter().map(|h| (entity(h), h.location.clone())).collect();
    assert_eq!(spans[1], ("CREDIT_CARD", Location::Bytes { start: 49, end: 68 }));
}

#[test]
fn html_unsafe_masks_are_replaced_and_bracketed_addresses_are_text() {
    // `<jane.doe@example.com>` is no tag (a mail client shows it): it is scanned as text.
    let decide = |_: &Detector| Action::Redact(Redaction::Mask('<'));
    let body = b"<a href=\"mailto:jane.doe@example.com\">x</a><jane.doe@example.com>";
    let p = run(MediaKind::Html, body, &decide, &[]);
    assert_eq!(p.hits.len(), 2);
    assert_eq!(
        String::from_utf8(p.body).unwrap(),
        "<a href=\"mailto:****.***@*******.***\">x</a><****.***@*******.***>"
    );
}

#[test]
fn html_values_split_by_inline_tags_are_found_and_redacted_where_they_are() {
    // What a reader sees is one card and one SSN; the tags between their digits stay as written.
    let body = "<p>Card 4111 <span style=\"color:red\">1111</span> 1111 <b>1111</b>, \
        SSN <b>536</b>-22-8726</p>";
    let p = run(MediaKind::Html, body.as_bytes(), &redact_default, &[]);
    let out = String::from_utf8(p.body).unwrap();
    assert_eq!(
        out,
        "<p>Card **** <span style=\"color:red\">****</span> **** <b>1111</b>, \
         SSN <b>***</b>-**-8726</p>"
    );
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), h.location.clone())).collect();
    let card = body.find("4111").unwrap();
    let card_end = body.find("</b>,").unwrap();
    assert_eq!(found[0], ("CREDIT_CARD", Location::Bytes { start: card, end: card_end }));
    assert_eq!(found[1].0, "US_SSN");
}

#[test]
fn json_strings_holding_html_are_scanned_as_rendered() {
    let doc = json!({
        "html_body": "<p>Card 4111 <span style=\"x\">1111</span> 1111 1111<br>DOB:</b>&nbsp;03/14/1962</p>",
        "plain": "From: Jane <jane.doe@example.com>",
    });
    let (out, p) = run_json(&doc, &[]);
    assert_eq!(
        out["html_body"],
        "<p>Card **** <span style=\"x\">****</span> **** 1111<br>DOB:</b>&nbsp;[DATE_OF_BIRTH]</p>"
    );
    assert_eq!(out["plain"], "From: Jane <****.***@*******.***>");
    let card = p.hits.iter().find(|h| entity(h) == "CREDIT_CARD").expect("the split card is found");
    let html = doc["html_body"].as_str().unwrap();
    let (start, end) = (html.find("4111").unwrap(), html.find("<br>").unwrap());
    assert_eq!(card.location, Location::Json { pointer: "/html_body".into(), start, end });
}

#[test]
fn adf_paragraphs_are_scanned_as_one_text() {
    // Jira splits a paragraph's text where the formatting changes; a reader sees one card.
    let doc = json!({"body": {"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "Card 4111 "},
        {"type": "text", "text": "1111", "marks": [{"type": "strong"}]},
        {"type": "text", "text": " 1111 1111, thanks"},
        {"type": "hardBreak"},
        {"type": "text", "text": "DOB: ", "marks": [{"type": "strong"}]},
        {"type": "text", "text": "1955-04-20"}
    ]}]}});
    let (out, p) = run_json(&doc, &[]);
    let texts: Vec<&str> = out["body"]["content"][0]["content"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["text"].as_str())
        .collect();
    // keep_last:4 keeps the last four digits of the whole card, not four per node.
    assert_eq!(texts, ["Card **** ", "****", " **** 1111, thanks", "DOB: ", "[DATE_OF_BIRTH]"]);
    let found: Vec<_> = p.hits.iter().map(|h| (entity(h), h.location.clone())).collect();
    let at = |node: usize, start: usize, end: usize| Location::Json {
        pointer: format!("/body/content/0/content/{node}/text"),
        start,
        end,
    };
    assert_eq!(found, [("CREDIT_CARD", at(0, 5, 10)), ("DATE_OF_BIRTH", at(5, 0, 10))]);
    // The marks and node types are walked as before: nothing else changed.
    assert_eq!(
        out["body"]["content"][0]["content"][1]["marks"],
        doc["body"]["content"][0]["content"][1]["marks"]
    );
}

#[test]
fn adf_rows_joined_by_hard_breaks_are_a_table() {
    // A CSV pasted into Jira: one text node per row. Under its header, 7120121 is an MRN.
    let doc = json!({"content": [
        {"type": "text", "text": "mrn,name,dob"},
        {"type": "hardBreak"},
        {"type": "text", "text": "7120121,Turner,1994-04-08"}
    ]});
    let (_, p) = run_json(&doc, &[]);
    let entities: Vec<_> = p.hits.iter().map(entity).collect();
    assert_eq!(entities, ["MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH"]);
    assert!(p.hits.iter().all(|h| pointer(h) == "/content/2/text"));
}

#[test]
fn html_table_headers_label_their_columns() {
    // Bare values in cells: the header row makes 7120121 an MRN and 1994-04-08 a birth date.
    let body = b"<table><tr><th>mrn</th><th>name</th><th>dob</th></tr>\
        <tr><td>7120121</td><td>Turner</td><td>1994-04-08</td></tr></table>";
    let p = run(MediaKind::Html, body, &redact_default, &[]);
    let entities: Vec<_> = p.hits.iter().map(entity).collect();
    assert_eq!(entities, ["MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH"]);
    let out = String::from_utf8(p.body).unwrap();
    assert!(out.contains("<td>[MEDICAL_RECORD_NUMBER]</td><td>Turner</td><td>[DATE_OF_BIRTH]</td>"), "{out}");
}

#[test]
fn html_keep_last_counts_digits_across_pieces() {
    // Keeping the last four must not keep four per piece: only `1234` survives.
    let decide = |_: &Detector| Action::Redact(Redaction::KeepLast(4));
    let body = b"card 4000<i>0000</i>0000<i>0002</i> ok";
    let p = run(MediaKind::Html, body, &decide, &[]);
    assert_eq!(String::from_utf8(p.body).unwrap(), "card ****<i>****</i>****<i>0002</i> ok");
}

#[test]
fn html_label_and_token_are_written_once_where_the_value_starts() {
    let body = b"<p>SSN <b>536</b>-22-8726 and <b>536</b>-22-8726</p>";
    let label = |_: &Detector| Action::Redact(Redaction::Label);
    let p = run(MediaKind::Html, body, &label, &[]);
    assert_eq!(String::from_utf8(p.body).unwrap(), "<p>SSN <b>[US_SSN]</b> and <b>[US_SSN]</b></p>");
    let token = |_: &Detector| Action::Redact(Redaction::Token);
    let out = String::from_utf8(run(MediaKind::Html, body, &token, &[]).body).unwrap();
    // The same value split the same way gives the same token, and no digit is left.
    let tokens: Vec<&str> = out.split("<b>").skip(1).map(|s| s.split("</b>").next().unwrap()).collect();
    assert_eq!(tokens.len(), 2);
    assert!(tokens[0].starts_with("tok_") && tokens[0] == tokens[1], "{out}");
    assert!(!out.contains("8726"), "{out}");
}

#[test]
fn html_character_references_are_read_as_the_characters_they_stand_for() {
    let body = "<p>card &#52;111&nbsp;1111&nbsp;1111&nbsp;&#x31;111, mail jane.doe&#64;gmail&period;com, \
        n&eacute; le 12/03/1961</p>";
    let p = run(MediaKind::Html, body.as_bytes(), &redact_default, &[]);
    let out = String::from_utf8(p.body).unwrap();
    let entities: Vec<_> = p.hits.iter().map(entity).collect();
    assert_eq!(entities, ["CREDIT_CARD", "EMAIL_ADDRESS", "DATE_OF_BIRTH"], "{out}");
    // A reference is replaced whole: masked as one character, or kept as written.
    assert!(out.starts_with("<p>card ****&nbsp;****&nbsp;****&nbsp;&#x31;111, mail "), "{out}");
    assert!(!out.contains("jane") && !out.contains("1961"), "{out}");
}

#[test]
fn html_block_tags_are_line_breaks() {
    // A question and its answer on two lines of the page: the answer is a date of birth.
    let body = b"<div>What is your date of birth?</div><div>03/14/1962</div>";
    let p = run(MediaKind::Html, body, &redact_default, &[]);
    let entities: Vec<_> = p.hits.iter().map(entity).collect();
    assert_eq!(entities, ["DATE_OF_BIRTH"]);
    // Cells of one row are apart: two four-digit cells are not one number.
    let body = b"<table><tr><td>4111 1111</td><td>1111 1111</td></tr></table>";
    assert!(run(MediaKind::Html, body, &redact_default, &[]).hits.is_empty());
}

#[test]
fn form_values_are_decoded_scanned_and_reencoded() {
    let body = b"name=Jane&dob=1984-03-12&card=4111+1111+1111+1111&note=caf%C3%A9";
    let p = run(MediaKind::Form, body, &redact_default, &[]);
    assert_eq!(
        String::from_utf8(p.body).unwrap(),
        "name=Jane&dob=%5BDATE_OF_BIRTH%5D&card=****+****+****+1111&note=caf%C3%A9"
    );
    let spans: Vec<_> = p.hits.iter().map(|h| (entity(h), h.location.clone())).collect();
    assert_eq!(
        spans,
        [
            ("DATE_OF_BIRTH", Location::Bytes { start: 14, end: 24 }),
            ("CREDIT_CARD", Location::Bytes { start: 30, end: 49 })
        ]
    );
    let key = key();
    let decide = redact_default;
    let policy =
        Policy { scanner: scanner(), key: &key, decide: &decide, drop: &[], limits: &LIMITS, known: &[] };
    let e = content::process(MediaKind::Form, b"a=%ff", &policy, &mut scanner().new_scratch()).unwrap_err();
    assert_eq!(e, ContentError::InvalidUtf8);
}

// ---------------------------------------------------------------------------------------------
// What must never leak

#[test]
fn debug_output_holds_no_values() {
    let doc = json!({"card_number": "4111 1111 1111 1111", "mail": "jane.doe@example.com"});
    let (_, p) = run_json(&doc, &[]);
    let debug = format!("{p:?}");
    assert!(!debug.contains("1111 1111") && !debug.contains("jane"), "{debug}");
    let e = json::parse(b"{\"ssn\": 536-22-8726 }", &LIMITS).unwrap_err();
    assert!(!format!("{e:?} {e}").contains("536"));
}

// ---------------------------------------------------------------------------------------------
// Fuzz corpus replay: every seed and committed crash input of the content fuzz targets.

#[allow(dead_code)]
mod checks {
    include!("../../fuzz/content_checks.rs");
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn fuzz_corpus_json_redact() {
    for data in corpus("json_redact") {
        checks::check_json_redact(scanner(), &data);
    }
}

#[test]
fn fuzz_corpus_decode() {
    for data in corpus("decode") {
        checks::check_decode(&data);
    }
}

#[test]
fn a_table_pasted_into_a_note_gets_its_header_as_context() {
    // A spreadsheet copied into a journal note: the header row is what makes the bare date a
    // date of birth and the bare number an NHS number; redaction keeps the table's shape.
    let note = "Export below.\nnhs_number\tname\tdob\n7120121790\tTurner\t1994-04-08\n\
                4417746818\tWard\t2001-02-03\nThanks";
    let (out, p) = run_json(&json!({"journals": [{"notes": note}]}), &[]);
    let found: Vec<&str> = p.hits.iter().map(entity).collect();
    assert_eq!(found, ["UK_NHS", "DATE_OF_BIRTH", "UK_NHS", "DATE_OF_BIRTH"], "{:?}", p.hits);
    let text = out["journals"][0]["notes"].as_str().unwrap();
    for raw in ["7120121790", "1994-04-08", "4417746818", "2001-02-03"] {
        assert!(!text.contains(raw), "{raw} left in {text:?}");
    }
    assert_eq!(text.lines().count(), note.lines().count());
    assert!(text.contains("\tTurner\t") && text.starts_with("Export below.\nnhs_number\tname\tdob\n"));
    // A column header outranks a shape: under `nhs_number`, `416-357-6290` is an NHS number
    // (mod 11 valid), not the phone number it also looks like.
    let (_, p) = run_json(&json!({"notes": "nhs_number;surname\n416-357-6290;Osborne\n"}), &[]);
    let found: Vec<&str> = p.hits.iter().map(entity).collect();
    assert_eq!(found, ["UK_NHS"], "{:?}", p.hits);
    // The same lines without the header row are numbers without context: not findings.
    let bare = "7120121790\tTurner\t1994-04-08\n4417746818\tWard\t2001-02-03";
    let (_, p) = run_json(&json!({"notes": bare}), &[]);
    assert!(p.hits.iter().all(|h| entity(h) != "DATE_OF_BIRTH"), "{:?}", p.hits);
}

#[test]
fn hl7_and_x12_pasted_into_a_note_are_read_by_field() {
    // Interchange names its values by position and qualifier, not by words in the text:
    // PID-3 typed `MR`, PID-7 and `DMG*D8` birth dates, `REF*SY` and PID-19 SSNs, `XX` NPIs.
    let note = "ADT from the interface:\nPID|1||M1315414^^^RBCARD^MR||HOLLINS^DOMINIC^J||19610412|F\
                |||||||||||538156818\nPV1|1|E|ED^356^B||||1245319599^ESPOSITO^MARISOL^^^^MD^^^^^^NPI\n\n\
                837 excerpt: NM1*85*2*LAKESHORE IMAGING*****XX*1679576722~DMG*D8*19460621*M~\
                REF*SY*741324525~REF*EI*741324526~";
    let (out, p) = run_json(&json!({"notes": note}), &[]);
    let mut found: Vec<&str> = p.hits.iter().map(entity).collect();
    found.sort_unstable();
    assert_eq!(
        found,
        ["DATE_OF_BIRTH", "DATE_OF_BIRTH", "MEDICAL_RECORD_NUMBER", "US_NPI", "US_NPI", "US_SSN", "US_SSN"],
        "{:?}",
        p.hits
    );
    let text = out["notes"].as_str().unwrap();
    for raw in ["M1315414", "19610412", "538156818", "1245319599", "1679576722", "19460621", "741324525"] {
        assert!(!text.contains(raw), "{raw} left in {text:?}");
    }
    // `REF*EI` is an employer id: not an SSN, left as it is.
    assert!(text.contains("REF*EI*741324526~"), "{text}");
}

#[test]
fn only_headers_that_name_something_get_their_column_rescanned() {
    // The labelled rescan of a column is skipped when its header holds no keyword, context
    // or exclusion word (`surname`, `status`): what such a column holds is still found by the
    // text scan, and a header that does matter still lends its context.
    let s = scanner();
    for label in ["dob", "nhs number", "card number", "ssn", "phone", "col 2"] {
        assert!(s.label_matters(label.as_bytes()), "{label}");
    }
    for label in ["surname", "status", "qty", ""] {
        assert!(!s.label_matters(label.as_bytes()), "{label}");
    }
    let note = "surname\tstatus\tdob\nWard\tjane.ward@example.org 4111 1111 1111 1111\t2001-02-03\n\
                Osborne\tok\t1994-04-08";
    let (_, p) = run_json(&json!({"notes": note}), &[]);
    let found: Vec<&str> = p.hits.iter().map(entity).collect();
    assert_eq!(found, ["EMAIL_ADDRESS", "CREDIT_CARD", "DATE_OF_BIRTH", "DATE_OF_BIRTH"], "{:?}", p.hits);
}

#[test]
fn known_values_are_reported_as_allowed_and_left_in_place() {
    let key = key();
    let decide = redact_default;
    let known = vec![b"192.0.2.10".to_vec()];
    let policy =
        Policy { scanner: scanner(), key: &key, decide: &decide, drop: &[], limits: &LIMITS, known: &known };
    let mut scratch = scanner().new_scratch();
    let body = br#"{"url": "http://192.0.2.10/a.txt", "note": "from 192.0.2.77"}"#;
    let p = content::process(MediaKind::Json, body, &policy, &mut scratch).unwrap();
    let out: Value = serde_json::from_slice(&p.body).unwrap();
    assert_eq!(out["url"], "http://192.0.2.10/a.txt");
    assert_ne!(out["note"], "from 192.0.2.77", "an address not in `known` is still redacted");
    let actions: Vec<_> = p.hits.iter().map(|h| (entity(h), h.action)).collect();
    assert_eq!(actions.len(), 2, "both are reported (audit), one allowed: {actions:?}");
    assert_eq!(actions[0], ("IP_ADDRESS", Action::Allow));
}
