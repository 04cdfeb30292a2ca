//! Extraction + scan throughput (`casegate::extract::scan`), single thread, built-in packs, for a
//! zip of log files, a CSV export with context headers, an EML with a base64 CSV attachment, a
//! JSON ticket with a base64 zip inside, and the LibreOffice-made fixtures of
//! `tests/data/docs` (PDF, DOCX, XLSX, PPTX, ODT: small files, as attachments are, so
//! per-document overhead shows). Each generated input's expected finding count is asserted
//! before timing (fixtures must yield findings), so a faster-but-wrong extractor cannot look
//! good. MB/s are of the input file as given.
//! Run: `cargo bench --bench extract`.

use std::hint::black_box;
use std::io::{Cursor, Write};

use base64::Engine;
use casegate::extract::{self, Limits};
use casegate::Scanner;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LOG_LINE: &str =
    "2024-05-02T10:11:12Z INFO request handled path=/api/v2/tickets/48213 status=200 ms=12";
const CARD_LINE: &str =
    "2024-05-02T10:11:13Z WARN payment retry for card 4111 1111 1111 1111 (customer asked)";

/// `files` log files of ~`lines` lines, one card line every 25 lines.
fn log_zip(files: usize, lines: usize) -> (Vec<u8>, usize) {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut cards = 0;
    for f in 0..files {
        w.start_file(format!("logs/app-{f}.log"), zip::write::SimpleFileOptions::default()).unwrap();
        for i in 0..lines {
            let card = i % 25 == 24;
            cards += card as usize;
            writeln!(w, "{}", if card { CARD_LINE } else { LOG_LINE }).unwrap();
        }
    }
    (w.finish().unwrap().into_inner(), cards)
}

/// A customer export: header row, then `rows` rows with a DOB, an SSN (context from the
/// header only) and a note.
fn csv(rows: usize) -> (Vec<u8>, usize) {
    let mut out = String::from("id,name,dob,ssn,note\n");
    for i in 0..rows {
        out += &format!("{i},Customer {i},1984-03-12,289391604,\"asked about invoice {i}, no change\"\n");
    }
    (out.into_bytes(), rows * 2)
}

fn eml(rows: usize) -> (Vec<u8>, usize) {
    let (attachment, found) = csv(rows);
    let b64 = base64::engine::general_purpose::STANDARD.encode(attachment);
    let mut out = String::from(
        "From: ada@example.com\r\nTo: support@example.com\r\nSubject: export\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
         Please see the attached export.\r\n--b\r\nContent-Type: text/csv\r\n\
         Content-Disposition: attachment; filename=\"export.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    for line in b64.as_bytes().chunks(76) {
        out += std::str::from_utf8(line).unwrap();
        out += "\r\n";
    }
    out += "--b--\r\n";
    (out.into_bytes(), found + 2)
}

/// A ticket whose attachment (the log zip) is inlined as base64.
fn json_with_zip(files: usize, lines: usize) -> (Vec<u8>, usize) {
    let (zip, cards) = log_zip(files, lines);
    let b64 = base64::engine::general_purpose::STANDARD.encode(zip);
    let doc =
        serde_json::json!({"issue": {"id": 1, "attachments": [{"filename": "logs.zip", "content": b64}]}});
    (serde_json::to_vec(&doc).unwrap(), cards)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn bench(c: &mut Criterion) {
    let scanner = Scanner::builtin().expect("built-in packs");
    let limits = Limits::default();
    let mut group = c.benchmark_group("extract+scan");
    group.sample_size(10);
    let generated = [
        ("zip-of-logs", log_zip(40, 5_000)),
        ("csv", csv(100_000)),
        ("eml", eml(50_000)),
        ("json-base64-zip", json_with_zip(10, 5_000)),
    ];
    let fixtures = ["letter.pdf", "letter.docx", "export.xlsx", "deck.pptx", "letter.odt"]
        .map(|name| (name, (fixture(name), 0)));
    for (name, (input, expected)) in generated.into_iter().chain(fixtures) {
        let mut scratch = scanner.new_scratch();
        let found = extract::scan(&scanner, &mut scratch, &input, &limits).expect("scannable");
        if expected > 0 {
            assert_eq!(found.len(), expected, "{name}");
        } else {
            assert!(!found.is_empty(), "{name} holds findings");
        }
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| extract::scan(&scanner, &mut scratch, black_box(&input), &limits).map(|f| f.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
