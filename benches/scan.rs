//! Engine throughput, single thread, built-in packs. Each input's expected findings are
//! asserted before timing, so a faster-but-wrong engine cannot look good.
//!
//! Inputs: the dev corpus (dense ticket text with logs) repeated to ~100 MB; sparse prose;
//! ticket JSON; adversarial inputs (long digit runs, thousands of `@`, one 50 MB line).
//! Run: `cargo bench --bench scan` (set CASEGATE_BENCH_MB to change the corpus size).

use std::hint::black_box;
use std::path::Path;

use casegate::{Finding, Scanner};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn shared(rel: &str) -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(rel);
    std::fs::read(p).ok()
}

fn repeat_to(unit: &[u8], bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + unit.len());
    while out.len() < bytes {
        out.extend_from_slice(unit);
        out.push(b'\n');
    }
    out
}

fn count(scanner: &Scanner, findings: &[Finding], entity: &str) -> usize {
    findings.iter().filter(|f| scanner.detector(f.detector).entity == entity).count()
}

/// Prose with few digits and one valid card and one email every ~2 KB.
fn sparse_prose(bytes: usize) -> (Vec<u8>, usize) {
    let para = "Thanks for getting back to us so quickly. We looked at the export again this morning and \
        the columns still do not line up with the template the finance team uses, so the import keeps \
        failing on their side. Could someone from your integrations group walk us through the mapping? \
        We are happy to share our configuration and a sample file if that helps, and we can make time \
        on Thursday or Friday afternoon. Until then we will keep the nightly sync paused to avoid \
        duplicate records showing up in the ledger. ";
    let unit =
        format!("{}{}{}Card on file 4111 1111 1111 1111, contact dana.lee@example.org.\n", para, para, para);
    let n = bytes / unit.len() + 1;
    (unit.repeat(n).into_bytes(), n)
}

fn bench_inputs(c: &mut Criterion) {
    let scanner = Scanner::builtin().expect("built-in packs compile");
    let mb: usize = std::env::var("CASEGATE_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let mut inputs: Vec<(&str, Vec<u8>)> = Vec::new();

    if let Some(corpus) = shared("corpus.txt") {
        let big = repeat_to(&corpus, mb << 20);
        let f = scanner.scan(&big);
        // The dev corpus has ~3,000 labelled values per copy; a broken engine finds far fewer.
        let copies = big.len() / corpus.len();
        assert!(f.len() >= copies * 2500, "corpus: only {} findings in {copies} copies", f.len());
        inputs.push(("ticket_corpus", big));
    } else {
        eprintln!("../shared/corpus not found: skipping the corpus benchmark");
    }

    let (prose, n) = sparse_prose(mb << 20);
    let f = scanner.scan(&prose);
    assert_eq!(count(&scanner, &f, "CREDIT_CARD"), n, "sparse prose cards");
    assert_eq!(count(&scanner, &f, "EMAIL_ADDRESS"), n, "sparse prose emails");
    inputs.push(("sparse_prose", prose));

    if let Some(json) = json_tickets() {
        let big = repeat_to(&json, 32 << 20);
        assert!(!scanner.scan(&big).is_empty(), "ticket JSON has findings");
        inputs.push(("ticket_json", big));
    }

    // Adversarial: 20 MB of digit runs that are never valid cards (all-same digits fail the
    // card validator); 20 MB of `@` signs; one 50 MB line of prose without a newline.
    let digits = repeat_to(b"0000 0000 0000 0000 0000 0000 0000 0000 0000", 20 << 20);
    assert_eq!(count(&scanner, &scanner.scan(&digits), "CREDIT_CARD"), 0);
    inputs.push(("adversarial_digit_runs", digits));
    let ats = vec![b'@'; 20 << 20];
    assert!(scanner.scan(&ats).is_empty());
    inputs.push(("adversarial_at_signs", ats));
    let (mut line, _) = sparse_prose(50 << 20);
    line.retain(|&b| b != b'\n');
    inputs.push(("adversarial_50mb_line", line));

    let mut group = c.benchmark_group("scan_1thread");
    group.sample_size(10);
    for (name, input) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        let mut scratch = scanner.new_scratch();
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            let mut out = Vec::new();
            b.iter(|| {
                out.clear();
                scanner.scan_with(&mut scratch, black_box(input), &mut out);
                black_box(out.len())
            })
        });
    }
    group.finish();
}

fn json_tickets() -> Option<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/notes_json");
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for p in names.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        out.extend(std::fs::read(p).ok()?);
        out.push(b'\n');
    }
    (!out.is_empty()).then_some(out)
}

fn bench_redact(c: &mut Criterion) {
    let scanner = Scanner::builtin().expect("built-in packs compile");
    let Some(corpus) = shared("corpus.txt") else { return };
    let findings = scanner.scan(&corpus);
    let key = casegate::redact::TokenKey::new(b"bench".to_vec());
    let mut group = c.benchmark_group("redact");
    group.throughput(Throughput::Bytes(corpus.len() as u64));
    group.bench_function("corpus_scan_and_redact", |b| {
        b.iter(|| {
            let f = scanner.scan(black_box(&corpus));
            black_box(scanner.redact(&corpus, &f, &key).len())
        })
    });
    group.bench_function("corpus_redact_only", |b| {
        b.iter(|| black_box(scanner.redact(&corpus, &findings, &key).len()))
    });
    group.finish();
}

/// `Scanner::scan` on a short string (a ticket comment), where per-call setup dominates:
/// the pooled scratch against a fresh `Scratch` per call (what `scan()` did before the pool).
fn bench_short(c: &mut Criterion) {
    let scanner = Scanner::builtin().expect("built-in packs compile");
    let text: &[u8] = b"Hi, please update the card on file to 4111 1111 1111 1111 (exp 12/29) and send \
        the receipt to dana.lee@example.org. My callback number is (415) 555-0132. Ticket #48213, \
        thanks! Best regards, Dana Lee.";
    assert!(text.len() >= 190 && text.len() <= 210, "{}", text.len());
    assert_eq!(scanner.scan(text).len(), 4, "short string findings");
    let mut group = c.benchmark_group("scan_short");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("scan_200b", |b| b.iter(|| black_box(scanner.scan(black_box(text)).len())));
    group.bench_function("scan_200b_fresh_scratch", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            scanner.scan_with(&mut scanner.new_scratch(), black_box(text), &mut out);
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_short, bench_inputs, bench_redact);
criterion_main!(benches);
