//! Values written with wide spaces between their groups (U+00A0 from word processors and web
//! forms, U+202F from French typography, `&nbsp;` in HTML bodies, two spaces from PDF text) are
//! found like values with one ASCII space, at offsets of the input as written, by every way of
//! scanning it.

use casegate::redact::{Redaction, TokenKey};
use casegate::Scanner;

fn scanner() -> Scanner {
    Scanner::builtin().unwrap_or_else(|e| panic!("built-in packs do not load: {e}"))
}

/// `(entity, value as written)` of each finding.
fn found(s: &Scanner, text: &str) -> Vec<(String, String)> {
    s.scan(text.as_bytes())
        .iter()
        .map(|f| (s.detector(f.detector).entity.clone(), text[f.start..f.end].to_owned()))
        .collect()
}

const NOTE: &str = "Card: 4111\u{00A0}1111\u{00A0}1111\u{00A0}1111, exp 09/27.\n\
    IBAN\u{00A0}: GB82\u{00A0}WEST\u{00A0}1234\u{00A0}5698\u{00A0}7654\u{00A0}32\n\
    NHS number 943\u{202F}476\u{202F}5919 on file.\n\
    <p>card&nbsp;5500&nbsp;0000&nbsp;0000&nbsp;0004</p>\n";

#[test]
fn grouped_values_with_wide_spaces_are_found_as_written() {
    let s = scanner();
    let got = found(&s, NOTE);
    let want = [
        ("CREDIT_CARD", "4111\u{00A0}1111\u{00A0}1111\u{00A0}1111"),
        ("CREDIT_CARD_EXPIRY", "09/27"),
        ("IBAN_CODE", "GB82\u{00A0}WEST\u{00A0}1234\u{00A0}5698\u{00A0}7654\u{00A0}32"),
        ("UK_NHS", "943\u{202F}476\u{202F}5919"),
        ("CREDIT_CARD", "5500&nbsp;0000&nbsp;0000&nbsp;0004"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(e, v)| (e.to_string(), v.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn double_spaces_between_groups_are_read_as_one() {
    let s = scanner();
    let got = found(&s, "Card on file 4094  0172  3844  5632 exp 09/27, Amex 3798  807714  70174.");
    let cards: Vec<&str> = got.iter().filter(|(e, _)| e == "CREDIT_CARD").map(|(_, v)| v.as_str()).collect();
    assert_eq!(cards, ["4094  0172  3844  5632", "3798  807714  70174"]);
    // Three spaces are a column gap: these are two table cells, not one number.
    assert!(found(&s, "4094   0172   3844   5632").is_empty());
}

#[test]
fn a_wide_space_never_makes_a_failing_number_pass() {
    let s = scanner();
    // Luhn fails: not a card with any separator.
    assert!(found(&s, "card 4111\u{00A0}1111\u{00A0}1111\u{00A0}1112").is_empty());
    // Invalid NHS check digit.
    assert!(found(&s, "NHS number 943\u{00A0}476\u{00A0}5910").is_empty());
}

#[test]
fn batch_stream_and_explain_agree_with_a_scan() {
    let s = scanner();
    let whole = s.scan(NOTE.as_bytes());

    let mut stream = s.stream();
    let mut streamed = Vec::new();
    // Cut inside the first no-break space (between its two bytes) and inside an entity.
    let cut = NOTE.find('\u{00A0}').unwrap_or(0) + 1;
    let amp = NOTE.find("&nbsp;").unwrap_or(0) + 3;
    for piece in [&NOTE.as_bytes()[..cut], &NOTE.as_bytes()[cut..amp], &NOTE.as_bytes()[amp..]] {
        assert!(stream.feed(piece, &mut streamed));
    }
    assert!(stream.finish(&mut streamed));
    assert_eq!(streamed, whole);

    let lines: Vec<&str> = NOTE.lines().collect();
    let mut segments = Vec::new();
    let mut at = 0;
    for l in &lines {
        segments.push(at..at + l.len());
        at += l.len() + 1;
    }
    let mut batched = vec![Vec::new(); lines.len()];
    s.scan_batch(&mut s.new_scratch(), NOTE.as_bytes(), &segments, |i, f| batched[i].extend_from_slice(f));
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(batched[i], s.scan(l.as_bytes()), "line {i}");
        assert!(!batched[i].is_empty(), "line {i} has a value");
    }

    let explained: Vec<(usize, usize)> =
        s.explain(NOTE.as_bytes()).iter().filter(|e| e.is_finding()).map(|e| (e.start, e.end)).collect();
    assert_eq!(explained, whole.iter().map(|f| (f.start, f.end)).collect::<Vec<_>>());
}

#[test]
fn redaction_keeps_the_wide_spaces_and_tokens_ignore_them() {
    let s = scanner();
    let key = TokenKey::new(b"k".to_vec());
    let text = "card 4111\u{00A0}1111\u{00A0}1111\u{00A0}1111 and 5500&nbsp;0000&nbsp;0000&nbsp;0004";
    let out =
        s.redact_with(text.as_bytes(), &s.scan(text.as_bytes()), &key, |_| Some(Redaction::KeepLast(4)));
    assert_eq!(
        String::from_utf8(out).unwrap_or_default(),
        "card ****\u{00A0}****\u{00A0}****\u{00A0}1111 and ****&nbsp;****&nbsp;****&nbsp;0004"
    );
    assert_eq!(
        key.token("CREDIT_CARD", "4111\u{00A0}1111\u{00A0}1111\u{00A0}1111".as_bytes()),
        key.token("CREDIT_CARD", b"4111 1111 1111 1111")
    );
}
