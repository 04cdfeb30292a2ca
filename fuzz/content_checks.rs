// Invariant checks for `casegate::content`, shared via `include!` by the fuzz targets
// `json_redact` and `decode` and by `tests/content.rs`, which replays `fuzz/corpus/json_redact`
// and `fuzz/corpus/decode` (seeds and committed crash inputs) through them. Depends on
// `casegate` and std only.

use casegate::content::{self, json, Action, Limits, Location, MediaKind, Policy};
use casegate::packs::Detector;
use casegate::redact::{Redaction, TokenKey};
use casegate::Scanner;

const FUZZ_LIMITS: Limits = Limits { max_decompressed: 64 << 10, max_ratio: 50, max_depth: 32 };

/// Bytes → JSON parse → `scan_redact` never panics; the output serializes and re-parses; hit
/// offsets are on character boundaries of the value they point at. The same bytes through
/// `process` as JSON, text, HTML and form never panic, and masked HTML keeps every `<`/`>`.
pub fn check_json_redact(scanner: &Scanner, data: &[u8]) {
    let pick = data.first().copied().unwrap_or(0);
    let decide = move |d: &Detector| match pick % 4 {
        0 => Action::Redact(d.redaction),
        1 => Action::Redact(Redaction::Label),
        2 => Action::Redact(Redaction::Mask('<')),
        _ => Action::Block,
    };
    let key = TokenKey::new(b"fuzz".to_vec());
    let policy = Policy { scanner, key: &key, decide: &decide, drop: &[], limits: &FUZZ_LIMITS, known: &[] };
    let mut scratch = scanner.new_scratch();
    if let Ok(original) = json::parse(data, &FUZZ_LIMITS) {
        let mut doc = original.clone();
        let hits = json::scan_redact(&mut doc, &policy, &mut scratch);
        for h in &hits {
            let Location::Json { pointer, start, end } = &h.location else { panic!("JSON hit at {h:?}") };
            let node = original.pointer(pointer).unwrap_or_else(|| panic!("{pointer} resolves"));
            if let Some(text) = node.as_str() {
                assert!(start < end && text.is_char_boundary(*start) && text.is_char_boundary(*end), "{h:?}");
            }
        }
        let out = doc.to_string();
        json::parse(out.as_bytes(), &FUZZ_LIMITS).expect("redacted output re-parses");
    }
    for kind in [MediaKind::Json, MediaKind::Text, MediaKind::Html, MediaKind::Form] {
        if let Ok(p) = content::process(kind, data, &policy, &mut scratch) {
            // Masks keep punctuation, and HTML swaps a `<` mask for `*`: markup survives intact.
            if kind == MediaKind::Html && pick % 4 == 2 {
                let count = |b: &[u8], c: u8| b.iter().filter(|&&x| x == c).count();
                assert_eq!(count(&p.body, b'<'), count(data, b'<'), "HTML redaction added or removed a '<'");
                assert_eq!(count(&p.body, b'>'), count(data, b'>'), "HTML redaction added or removed a '>'");
            }
            if kind == MediaKind::Json {
                json::parse(&p.body, &FUZZ_LIMITS).expect("processed JSON re-parses");
            }
        }
    }
}

/// `<coding name>\n<body>` → `decode` with small limits never panics, never returns more than
/// the cap, and every error has a reason code.
pub fn check_decode(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let name = String::from_utf8_lossy(&data[..split]);
    let body = data.get(split + 1..).unwrap_or_default();
    match content::decode(Some(&name), body, &FUZZ_LIMITS) {
        Ok(out) => assert!(out.len() <= FUZZ_LIMITS.max_decompressed.max(body.len())),
        Err(e) => assert!(!e.reason().is_empty() && !e.to_string().is_empty()),
    }
}
