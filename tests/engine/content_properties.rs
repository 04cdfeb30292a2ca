//! Properties of structure-aware JSON redaction over generated documents (nested objects and
//! arrays whose strings sometimes hold valid cards, emails and SSNs, and numbers that are
//! sometimes card numbers): the output is JSON of the same shape, numbers turn into strings
//! only where redacted, and a rescan finds nothing a redaction was supposed to remove.

use std::sync::OnceLock;

use casegate::content::{self, Action, Hit, Limits, Location, MediaKind, Policy};
use casegate::packs::Detector;
use casegate::redact::{Redaction, TokenKey};
use casegate::Scanner;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

const VALUES: [&str; 8] = [
    "4111 1111 1111 1111",
    "5555-5555-5555-4444",
    "4081003390757938343",
    "jane.doe@example.com",
    "o'brien+tickets@mail.example.org",
    "536-22-8726",
    "078-05-1120",
    "378282246310005",
];
const KEYS: [&str; 8] = ["id", "notes", "body", "a/b", "m~n", "items", "old_value", "x y"];
const NUMBERS: [&str; 5] = ["4111111111111111", "4081003390757938343", "0", "-12.5e3", "1234567890123"];

fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        3 => "[a-z]{1,8}".prop_map(String::from),
        1 => prop::sample::select(&VALUES[..]).prop_map(String::from),
        1 => Just("é🙏".to_string()),
    ];
    // Words are joined with ", ": the engine deliberately does not report two space-separated
    // card numbers in a row (`4111 1111 1111 1111 4111 ...` reads as one long grouped number),
    // which is an engine decision, not what this property is about.
    prop::collection::vec(word, 0..6).prop_map(|w| w.join(", "))
}

/// A rich-text run (an ADF paragraph's `content`): a text cut into text nodes at random
/// places, some bold, with a hard break now and then, so values are split across strings.
fn inline_run() -> impl Strategy<Value = Value> {
    (text(), prop::collection::vec((0usize..48, any::<bool>()), 1..4)).prop_map(|(text, cuts)| {
        let mut at: Vec<usize> = cuts.iter().map(|(c, _)| c % (text.len() + 1)).collect();
        at.retain(|&c| text.is_char_boundary(c));
        at.push(0);
        at.push(text.len());
        at.sort_unstable();
        at.dedup();
        let mut nodes = Vec::new();
        for (i, pair) in at.windows(2).enumerate() {
            let bold = cuts.get(i).is_some_and(|(_, b)| *b);
            let mut node = serde_json::json!({"type": "text", "text": &text[pair[0]..pair[1]]});
            if bold {
                node["marks"] = serde_json::json!([{"type": "strong"}]);
            }
            nodes.push(node);
            if i == 1 {
                nodes.push(serde_json::json!({"type": "hardBreak"}));
            }
        }
        nodes.push(serde_json::json!({"type": "text", "text": "end"}));
        Value::Array(nodes)
    })
}

/// HTML as editors and mail clients write it, and broken: tags inside values, character
/// references, comments and scripts left open, stray `<` and `&`.
fn html_soup() -> impl Strategy<Value = String> {
    const MARKUP: [&str; 26] = [
        "<b>",
        "</b>",
        "<span style=\"color:red\">",
        "</span>",
        "<br>",
        "<p>",
        "</p>",
        "<td>",
        "</td>",
        "<tr>",
        "&nbsp;",
        "&#52;",
        "&amp;",
        "&#x40;",
        "<!--",
        "-->",
        "<a href='mailto:",
        "'>",
        "<",
        "&",
        "<script>",
        "</script>",
        "&shy;",
        "<o:p>",
        "\n",
        "<jane@example.com>",
    ];
    let token = prop_oneof![
        2 => text(),
        3 => prop::sample::select(&MARKUP[..]).prop_map(String::from),
        1 => Just("4111 <span>1111</span> 1111 1111".to_string()),
    ];
    prop::collection::vec(token, 0..24).prop_map(|t| t.concat())
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => text().prop_map(Value::String),
        1 => html_soup().prop_map(Value::String),
        1 => inline_run(),
        1 => prop::sample::select(&NUMBERS[..]).prop_map(|n| Value::Number(n.parse::<Number>().unwrap())),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(&KEYS[..]), inner), 0..5).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())
            }),
        ]
    })
}

/// Operators that reveal nothing (see `fuzz/checks.rs` for why only these can promise a clean
/// rescan).
fn operator() -> impl Strategy<Value = Redaction> {
    prop::sample::select(vec![Redaction::Mask('*'), Redaction::Label, Redaction::Mask('•')])
}

/// Same keys in the same order, same array lengths; a leaf may differ only if it was a string
/// or a number that became a string at a redacted pointer.
fn same_shape(before: &Value, after: &Value, pointer: &str, redacted: &[String]) -> Result<(), String> {
    match (before, after) {
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| same_shape(x, y, &format!("{pointer}/{i}"), redacted)),
        (Value::Object(a), Value::Object(b)) if a.keys().eq(b.keys()) => {
            a.iter().zip(b.values()).try_for_each(|((k, x), y)| {
                let token = k.replace('~', "~0").replace('/', "~1");
                same_shape(x, y, &format!("{pointer}/{token}"), redacted)
            })
        }
        (x, y) if x == y => Ok(()),
        (Value::String(_) | Value::Number(_), Value::String(_)) if redacted.iter().any(|p| p == pointer) => {
            Ok(())
        }
        // A value split across the text nodes of a rich-text run is reported at the node where
        // it starts and rewritten in every node it spans.
        (Value::String(_), Value::String(_)) if redacted.iter().any(|p| same_run(p, pointer)) => Ok(()),
        (x, y) => Err(format!("{pointer}: {x} became {y}")),
    }
}

/// Whether `a` and `b` point at the `text` of two nodes of the same array (`…/3/text`).
fn same_run(a: &str, b: &str) -> bool {
    let run =
        |p: &str| p.strip_suffix("/text").and_then(|p| p.rsplit_once('/')).map(|(run, _)| run.to_string());
    run(a).is_some() && run(a) == run(b)
}

fn pointer_of(h: &Hit) -> &str {
    match &h.location {
        Location::Json { pointer, .. } => pointer,
        Location::Bytes { .. } | Location::Inner { .. } => "",
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn redacted_json_keeps_its_shape_and_rescans_clean(doc in document(), op in operator()) {
        let key = TokenKey::new(b"prop".to_vec());
        let limits = Limits { max_depth: 16, ..Limits::default() };
        let decide = move |_: &Detector| Action::Redact(op);
        let policy = Policy { scanner: scanner(), key: &key, decide: &decide, drop: &[], limits: &limits, known: &[] };
        let mut scratch = scanner().new_scratch();
        let body = serde_json::to_vec(&doc).unwrap();
        let p = content::process(MediaKind::Json, &body, &policy, &mut scratch).unwrap();
        let out: Value = serde_json::from_slice(&p.body).map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
        let redacted: Vec<String> = p.hits.iter().map(|h| pointer_of(h).to_string()).collect();
        same_shape(&doc, &out, "", &redacted).map_err(TestCaseError::fail)?;
        prop_assert_eq!(p.changed, !p.hits.is_empty());
        if !p.changed {
            prop_assert_eq!(&p.body, &body);
        }
        let again = content::process(MediaKind::Json, &p.body, &policy, &mut scratch).unwrap();
        for h in &again.hits {
            let was = p.hits.iter().any(|o| o.detector == h.detector && pointer_of(o) == pointer_of(h));
            prop_assert!(!was, "rescan found {:?} again at {}", scanner().detector(h.detector).id, pointer_of(h));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// HTML redaction never touches markup (as many `<` and `>` after as before), its output
    /// is UTF-8, and no value it redacted is found again (same detector, same keyed
    /// fingerprint of the value).
    #[test]
    fn redacted_html_keeps_its_markup_and_rescans_clean(html in html_soup(), op in operator()) {
        let key = TokenKey::new(b"prop".to_vec());
        let limits = Limits::default();
        let decide = move |_: &Detector| Action::Redact(op);
        let policy = Policy { scanner: scanner(), key: &key, decide: &decide, drop: &[], limits: &limits, known: &[] };
        let mut scratch = scanner().new_scratch();
        let p = content::process(MediaKind::Html, html.as_bytes(), &policy, &mut scratch).unwrap();
        let out = String::from_utf8(p.body.clone()).map_err(|e| TestCaseError::fail(format!("not UTF-8: {e}")))?;
        let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
        prop_assert_eq!(count(&out, '<'), count(&html, '<'), "{} -> {}", html, out);
        prop_assert_eq!(count(&out, '>'), count(&html, '>'), "{} -> {}", html, out);
        let again = content::process(MediaKind::Html, &p.body, &policy, &mut scratch).unwrap();
        for h in &again.hits {
            let was = p.hits.iter().any(|o| o.detector == h.detector && o.fingerprint == h.fingerprint);
            prop_assert!(!was, "{} found again in {}", scanner().detector(h.detector).id, out);
        }
    }
}

// The generated documents really contain values to redact (the property is not vacuous).
#[test]
fn generated_documents_contain_findings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut with_hits = 0;
    for _ in 0..64 {
        let doc = document().new_tree(&mut runner).unwrap().current();
        let found = content::json::scan(&doc, scanner(), &mut scanner().new_scratch());
        with_hits += usize::from(!found.is_empty());
    }
    assert!(with_hits >= 16, "only {with_hits} of 64 generated documents have findings");
    let mut with_hits = 0;
    for _ in 0..64 {
        let html = html_soup().new_tree(&mut runner).unwrap().current();
        let mut found = Vec::new();
        scanner().scan_with(&mut scanner().new_scratch(), html.as_bytes(), &mut found);
        with_hits += usize::from(!found.is_empty());
    }
    assert!(with_hits >= 16, "only {with_hits} of 64 generated HTML documents have findings");
}
