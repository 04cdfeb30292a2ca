// Invariant checks shared, via `include!`, by the fuzz targets (`fuzz/fuzz_targets/*.rs`), the
// corpus replay (`tests/fuzz_corpus.rs`) and the property tests (`tests/properties.rs`), so a
// fuzz crash replays in `cargo test` through exactly the checks that found it. It depends on
// `casegate` and std only, and is included inside a module (`mod checks { include!(..) }`).

use std::ops::Range;

use casegate::packs::{compile_pack, PackSet};
use casegate::redact::{self, Redaction, TokenKey};
use casegate::{Finding, Scanner, ScannerBuilder};

/// Every redaction operator (and a multi-byte mask character).
pub const OPERATORS: [Redaction; 8] = [
    Redaction::Mask('*'),
    Redaction::Mask('•'),
    Redaction::Mask('#'),
    Redaction::Label,
    Redaction::Remove,
    Redaction::Token,
    Redaction::KeepLast(4),
    Redaction::KeepFirst(6),
];

/// The operators that reveal nothing of the value. Only for these can a rescan be required to
/// find nothing in a redacted region: `keep_first`/`keep_last` show part of the value by design
/// (half of an 11-digit number is itself a 5-digit number), and a `tok_...` token is made of
/// characters that are valid in an email local part (`tok_...@example.com`), and `remove` joins
/// the text either side of the value, which can form a new match across the gap.
pub const NON_REVEALING: [Redaction; 4] =
    [Redaction::Mask('*'), Redaction::Mask('•'), Redaction::Mask('#'), Redaction::Label];

fn key() -> TokenKey {
    TokenKey::new(b"casegate-checks".to_vec())
}

fn is_continuation(b: u8) -> bool {
    (0x80..0xC0).contains(&b)
}

/// Findings are in bounds, non-empty, on character boundaries, sorted and non-overlapping.
pub fn check_findings(hay: &[u8], findings: &[Finding]) {
    let text = std::str::from_utf8(hay).ok();
    for f in findings {
        assert!(f.start < f.end && f.end <= hay.len(), "finding {f:?} out of bounds (len {})", hay.len());
        assert!((0.0..=1.0).contains(&f.score), "score out of range: {f:?}");
        match text {
            Some(s) => {
                assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end), "{f:?} splits a char")
            }
            None => {
                assert!(!is_continuation(hay[f.start]), "{f:?} starts on a UTF-8 continuation byte");
                assert!(
                    !matches!(hay.get(f.end), Some(&b) if is_continuation(b)),
                    "{f:?} ends mid-character"
                );
            }
        }
    }
    for w in findings.windows(2) {
        assert!(w[0].end <= w[1].start, "findings unsorted or overlapping: {:?} then {:?}", w[0], w[1]);
    }
}

/// A streaming scan of `hay` fed in pieces cut at `cuts` (ascending, clamped to the input).
pub fn stream_findings(scanner: &Scanner, hay: &[u8], cuts: &[usize]) -> Vec<Finding> {
    let mut stream = scanner.stream();
    let mut out = Vec::new();
    let mut at = 0;
    for &cut in cuts {
        let cut = cut.clamp(at, hay.len());
        assert!(stream.feed(&hay[at..cut], &mut out));
        at = cut;
    }
    assert!(stream.feed(&hay[at..], &mut out));
    assert_eq!(stream.position(), hay.len());
    assert!(stream.finish(&mut out));
    out
}

/// Streaming (fed in pieces at `cuts`) reports exactly what one slice scan reports.
pub fn check_stream_equals_slice(scanner: &Scanner, hay: &[u8], cuts: &[usize]) {
    check_stream_matches(scanner, hay, cuts, &scanner.scan(hay));
}

/// Streaming `hay` (fed in pieces at `cuts`) reports exactly `slice`.
pub fn check_stream_matches(scanner: &Scanner, hay: &[u8], cuts: &[usize], slice: &[Finding]) {
    let stream = stream_findings(scanner, hay, cuts);
    assert_eq!(stream, slice, "stream (cut at {cuts:?}) differs from slice scan");
}

/// `redact_with(op)` on `input`: the output, and where each replacement sits in it. Checks the
/// output is the input with each finding's span replaced by `redact::replace`, nothing else
/// (a `keep_*` value may be masked whole instead, see `redact::apply_guarded`).
pub fn redact_regions(
    scanner: &Scanner,
    input: &[u8],
    findings: &[Finding],
    op: Option<Redaction>,
) -> (Vec<u8>, Vec<Range<usize>>) {
    let key = key();
    let out = scanner.redact_with(input, findings, &key, |_| op);
    let mut expected = Vec::with_capacity(input.len());
    let mut regions = Vec::with_capacity(findings.len());
    let mut cursor = 0;
    for f in findings {
        expected.extend_from_slice(&input[cursor..f.start]);
        let start = expected.len();
        let d = scanner.detector(f.detector);
        let r = op.unwrap_or(d.redaction);
        let value = &input[f.start..f.end];
        let mut replaced = Vec::new();
        redact::replace(&mut replaced, value, r, &d.entity, &key);
        if let Redaction::KeepFirst(_) | Redaction::KeepLast(_) = r {
            if out.get(start..start + replaced.len()) != Some(&replaced[..]) {
                // The guard masked the value whole: its kept characters read as a finding
                // with their neighbours (`redact::apply_guarded`).
                replaced.clear();
                redact::replace(&mut replaced, value, Redaction::Mask('*'), &d.entity, &key);
            }
        }
        expected.extend_from_slice(&replaced);
        // `remove` joins the text either side of the value, which may form a new match across
        // the cut by design; only regions that leave something in place are checked.
        if r != Redaction::Remove {
            regions.push(start..expected.len());
        }
        cursor = f.end;
    }
    expected.extend_from_slice(&input[cursor..]);
    assert!(out == expected, "redaction ({}) changed bytes outside the findings", name(op));
    (out, regions)
}

fn name(op: Option<Redaction>) -> String {
    op.map_or("each detector's own operator".to_string(), |o| o.to_string())
}

/// Redacting with `op` (`None`: each detector's own) copies everything outside the findings
/// unchanged and keeps valid UTF-8 valid.
pub fn check_redaction_output(scanner: &Scanner, input: &[u8], findings: &[Finding], op: Option<Redaction>) {
    let (out, _) = redact_regions(scanner, input, findings, op);
    if std::str::from_utf8(input).is_ok() {
        assert!(std::str::from_utf8(&out).is_ok(), "redaction ({}) produced invalid UTF-8", name(op));
    }
}

/// Redaction invariants for one operator (`None`: each detector's own): valid UTF-8 stays valid;
/// a rescan of the output finds nothing overlapping a redacted region (`remove` cuts are not
/// checked: joining the neighbours may form a new match); redacting the output again leaves every redacted region as it was.
pub fn check_redaction(scanner: &Scanner, input: &[u8], op: Option<Redaction>) {
    check_redaction_of(scanner, input, &scanner.scan(input), op);
}

/// [`check_redaction`] given the findings of `input`.
pub fn check_redaction_of(scanner: &Scanner, input: &[u8], findings: &[Finding], op: Option<Redaction>) {
    let (out, regions) = redact_regions(scanner, input, findings, op);
    if std::str::from_utf8(input).is_ok() {
        assert!(std::str::from_utf8(&out).is_ok(), "redaction ({}) produced invalid UTF-8", name(op));
    }
    let again = scanner.scan(&out);
    for g in &again {
        for r in &regions {
            let hit = if r.is_empty() {
                g.start < r.start && r.start < g.end
            } else {
                g.start < r.end && r.start < g.end
            };
            assert!(
                !hit,
                "after redaction ({}), a rescan finds {} at {}..{} over the redacted region {r:?}",
                name(op),
                scanner.detector(g.detector).id,
                g.start,
                g.end
            );
        }
    }
    let (out2, _) = redact_regions(scanner, &out, &again, op);
    let key = key();
    let mut shift: isize = 0;
    let mut next = again.iter().peekable();
    for r in &regions {
        while let Some(g) = next.next_if(|g| g.end <= r.start) {
            let d = scanner.detector(g.detector);
            let mut replaced = Vec::new();
            redact::replace(&mut replaced, &out[g.start..g.end], op.unwrap_or(d.redaction), &d.entity, &key);
            shift += replaced.len() as isize - g.len() as isize;
        }
        let at = (r.start as isize + shift) as usize;
        assert!(
            out2.get(at..at + r.len()) == Some(&out[r.clone()]),
            "a second redaction ({}) changed the region {r:?}",
            name(op)
        );
    }
}

/// Everything the `scan` fuzz target checks on one input: well-formed findings, a reused
/// scratch, streaming, explain, and redaction with `ops` (`None`: each detector's own
/// operator) under the strict invariants, and with every operator under the output invariants.
pub fn check_scan(scanner: &Scanner, data: &[u8], cuts: &[usize], ops: &[Option<Redaction>]) {
    let findings = scanner.scan(data);
    check_findings(data, &findings);
    let mut scratch = scanner.new_scratch();
    let mut reused = Vec::new();
    scanner.scan_with(&mut scratch, data, &mut reused);
    assert_eq!(reused, findings, "scan_with with a reused scratch differs");
    check_stream_matches(scanner, data, cuts, &findings);
    let explained = scanner.explain(data);
    for f in &findings {
        assert!(
            explained
                .iter()
                .any(|e| e.is_finding() && e.detector == f.detector && e.start == f.start && e.end == f.end),
            "explain does not report finding {f:?}"
        );
    }
    for &op in ops {
        check_redaction_of(scanner, data, &findings, op);
    }
    for op in OPERATORS {
        check_redaction_output(scanner, data, &findings, Some(op));
    }
}

/// Piece boundaries for streaming, derived from the input so a crash input replays the same.
pub fn cuts_for(data: &[u8]) -> Vec<usize> {
    let step = data.first().map_or(1, |&b| usize::from(b % 61) + 1);
    (1..=data.len() / step).map(|i| i * step).collect()
}

/// The `pack_load` fuzz target: any text as a pack file never panics; a pack that compiles
/// builds a scanner that scans its own examples and lints without panicking.
pub fn check_pack_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((info, detectors)) = compile_pack("fuzz.toml", text) else { return };
    let set = PackSet { packs: vec![info], detectors };
    let _ = casegate::packs::lint::lint(&set);
    let examples: Vec<String> = set
        .detectors
        .iter()
        .flat_map(|d| d.examples.must_match.iter().chain(&d.examples.no_match))
        .cloned()
        .collect();
    let _ = casegate::packs::examples::run(&set);
    if let Ok(scanner) = ScannerBuilder::new().build(set) {
        for e in examples.iter().take(16) {
            let bytes = &e.as_bytes()[..e.len().min(4096)];
            check_findings(bytes, &scanner.scan(bytes));
        }
    }
}

/// The `redact` fuzz target's input: text, spans (any order, any range) and one operator.
#[derive(Debug)]
pub struct RedactCase {
    pub text: Vec<u8>,
    pub spans: Vec<(usize, usize)>,
    pub op: Redaction,
    pub entity: String,
}

impl RedactCase {
    /// Decodes `[op, arg, n_spans, (start_lo, start_hi, end_lo, end_hi) * n_spans, text...]`.
    pub fn decode(data: &[u8]) -> RedactCase {
        let byte = |i: usize| data.get(i).copied().unwrap_or(0);
        let arg = byte(1);
        let op = match byte(0) % 7 {
            0 => Redaction::Mask(char::from_u32(0x20 + u32::from(arg) * 37).unwrap_or('*')),
            1 => Redaction::KeepLast(arg),
            2 => Redaction::KeepFirst(arg),
            3 => Redaction::Label,
            4 => Redaction::Token,
            5 => Redaction::Remove,
            _ => Redaction::Mask('•'),
        };
        let n = usize::from(byte(2) % 16);
        let spans = (0..n)
            .map(|i| {
                let at = 3 + 4 * i;
                let u = |j: usize| usize::from(byte(at + j));
                (u(0) | u(1) << 8, u(2) | u(3) << 8)
            })
            .collect();
        let text = data.get(3 + 4 * n..).unwrap_or_default().to_vec();
        RedactCase {
            text, spans, op, entity: if arg % 2 == 0 { "CREDIT_CARD".into() } else { "É_Ü".into() }
        }
    }
}

/// `redact::apply` never panics on any spans; with sorted, non-overlapping spans on character
/// boundaries (what a scan returns) valid UTF-8 stays valid and mask operators keep the
/// character count.
pub fn check_redact_case(case: &RedactCase) {
    let key = key();
    let finding = |(start, end): (usize, usize)| Finding {
        detector: casegate::DetectorIndex(0),
        start,
        end,
        score: 1.0,
        validated: false,
        context: false,
    };
    let raw: Vec<Finding> = case.spans.iter().map(|&s| finding(s)).collect();
    let _ = redact::apply(&case.text, &raw, &key, |_| (case.op, case.entity.as_str()));

    let Ok(text) = std::str::from_utf8(&case.text) else { return };
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut spans: Vec<(usize, usize)> =
        case.spans.iter().map(|&(a, b)| (floor(a.min(b)), floor(a.max(b)))).collect();
    spans.sort_unstable();
    let mut clean: Vec<Finding> = Vec::new();
    for (s, e) in spans {
        if s < e && !matches!(clean.last(), Some(l) if l.end > s) {
            clean.push(finding((s, e)));
        }
    }
    let out = redact::apply(&case.text, &clean, &key, |_| (case.op, case.entity.as_str()));
    let out = String::from_utf8(out).expect("redacting valid UTF-8 at char boundaries stays valid UTF-8");
    if matches!(case.op, Redaction::Mask(_) | Redaction::KeepLast(_) | Redaction::KeepFirst(_)) {
        assert_eq!(out.chars().count(), text.chars().count(), "masking keeps one character per character");
    }
    if let Redaction::KeepLast(_) | Redaction::KeepFirst(_) = case.op {
        for f in &clean {
            let value = &text[f.start..f.end];
            let mut replaced = Vec::new();
            redact::replace(&mut replaced, value.as_bytes(), case.op, &case.entity, &key);
            let shown =
                String::from_utf8(replaced).expect("valid").chars().filter(|c| c.is_alphanumeric()).count();
            let total = value.chars().filter(|c| c.is_alphanumeric()).count();
            assert!(shown <= total / 2, "{} reveals {shown} of {total} characters", case.op);
        }
    }
}

/// Scanners the scan checks run against: the hermetic test pack and, when it loads, the
/// built-in packs (their loading is tested by `tests/packs.rs`).
pub fn scanners(test_pack_toml: &str) -> Vec<Scanner> {
    let test = PackSet::from_sources([("test.toml".to_string(), test_pack_toml.to_string())])
        .expect("the test pack compiles");
    let mut v = vec![ScannerBuilder::new().build(test).expect("the test pack builds a scanner")];
    if let Ok(s) = Scanner::builtin() {
        v.push(s);
    }
    v
}

/// Small caps for the `extract` target and its corpus replay.
pub const EXTRACT_LIMITS: casegate::extract::Limits = casegate::extract::Limits {
    max_total_bytes: 1 << 20,
    max_ratio: 100,
    max_depth: 3,
    max_entries: 64,
    max_time: std::time::Duration::from_secs(2),
};

/// Any bytes through `extract` (sniff + every extractor, recursively) and `redact`: no panic,
/// never more text than the byte cap, a redacted copy or a typed refusal.
pub fn check_extract(scanner: &Scanner, data: &[u8]) {
    let mut produced = 0u64;
    let _ = casegate::extract::extract(data, &EXTRACT_LIMITS, &mut |segment| {
        produced += segment.text.len() as u64;
        Ok(())
    });
    assert!(produced <= EXTRACT_LIMITS.max_total_bytes, "{produced} bytes past the cap");
    let key = TokenKey::new(b"fuzz".to_vec());
    let _ = casegate::extract::redact(data, &EXTRACT_LIMITS, scanner, &key, &|d| d.redaction);
}
