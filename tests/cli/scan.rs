//! The real `casegate` binary, run in temp folders, with whole-output comparisons.
//!
//! Hermetic tests load `tests/data/packs` (`--packs`), so their expectations are exact; the
//! `builtin_*` tests check what every user relies on from the default packs.
#![cfg(feature = "cli")]

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use casegate::redact::TokenKey;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_casegate");
const KEY: &str = "cli-test-key";

/// A ticket with multi-byte characters before the values and one value of every test detector.
const TICKET: &str = "Hello\n\
    card é🙏 4111 1111 1111 1111 and mail jane.doe@example.com\n\
    MRN: 4471093 key=sk_test_4eC39HqLyjWDarjt Project Nightjar ssn 536-22-8726\n";

/// The raw values of `TICKET`, in order.
const TICKET_VALUES: [&str; 6] = [
    "4111 1111 1111 1111",
    "jane.doe@example.com",
    "4471093",
    "sk_test_4eC39HqLyjWDarjt",
    "Project Nightjar",
    "536-22-8726",
];

const TICKET_TEXT: &str = "\
t.txt:2:13  CREDIT_CARD  test.card  **** **** **** 1111
t.txt:2:42  EMAIL_ADDRESS  test.email  ****.***@*******.*om
t.txt:3:6  MEDICAL_RECORD_NUMBER  test.mrn  *******
t.txt:3:18  API_KEY  test.apikey  **_****_****************
t.txt:3:43  PROJECT_CODENAME  test.codename  ******* ******ar
t.txt:3:64  US_SSN  test.ssn  ***-**-**26
";

const TICKET_SUMMARY: &str = "casegate: 6 findings in 1 of 1 inputs (143 bytes, T s): API_KEY 1, \
    CREDIT_CARD 1, EMAIL_ADDRESS 1, MEDICAL_RECORD_NUMBER 1, PROJECT_CODENAME 1, US_SSN 1\n";

const CARD_LINE: &str = "pay with card 4111 1111 1111 1111 today\n";

// ---------------------------------------------------------------------------------------------
// Helpers

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    raw_stdout: Vec<u8>,
}

impl Out {
    /// Everything the user sees.
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    fn jsonl(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

/// A temp folder the binary runs in (so displayed paths are relative and stable).
struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Dir {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    fn read(&self, rel: &str) -> String {
        String::from_utf8(std::fs::read(self.path().join(rel)).unwrap()).unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args).current_dir(self.path()).env("CASEGATE_KEY", KEY);
        c
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, b"")
    }

    fn run_stdin(&self, args: &[&str], input: &[u8]) -> Out {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let o = child.wait_with_output().unwrap();
        Out {
            code: o.status.code().expect("exited normally"),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            raw_stdout: o.stdout,
        }
    }
}

fn test_pack() -> String {
    common::test_pack_dir().display().to_string()
}

/// `scan --packs <test pack> --color never <extra...>`.
fn scan_args(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ["scan", "--packs", &test_pack(), "--color", "never"].map(String::from).into();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn scan(dir: &Dir, extra: &[&str]) -> Out {
    let args = scan_args(extra);
    dir.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn scan_stdin(dir: &Dir, extra: &[&str], input: &[u8]) -> Out {
    let args = scan_args(extra);
    dir.run_stdin(&args.iter().map(String::as_str).collect::<Vec<_>>(), input)
}

/// The summary line with its elapsed time replaced by `T`.
fn summary(stderr: &str) -> String {
    let mut out = String::new();
    for line in stderr.lines() {
        match line.find(" bytes, ") {
            Some(i) => {
                let rest = &line[i + " bytes, ".len()..];
                let j = rest.find(" s").expect("elapsed seconds");
                out += &format!("{}T{}", &line[..i + " bytes, ".len()], &rest[j..]);
            }
            None => out += line,
        }
        out.push('\n');
    }
    out
}

fn sorted_lines(s: &str) -> Vec<&str> {
    let mut v: Vec<_> = s.lines().collect();
    v.sort_unstable();
    v
}

fn token(entity: &str, value: &str) -> String {
    TokenKey::new(KEY.as_bytes().to_vec()).token(entity, value.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Exit codes

// 0 clean, 1 findings: what CI gates and pre-commit hooks branch on.
#[test]
fn exit_codes_clean_and_findings() {
    let d = Dir::new();
    d.write("clean.txt", "nothing to see, order 4111 1111 1111 1112\n").write("hit.txt", CARD_LINE);
    let clean = scan(&d, &["clean.txt"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
    assert_eq!(summary(&clean.stderr), "casegate: 0 findings in 0 of 1 inputs (42 bytes, T s)\n");
    assert_eq!(scan(&d, &["hit.txt"]).code, 1);
}

// 2 on errors, even when other inputs had findings: a missing file must not look clean.
#[test]
fn missing_file_is_an_error() {
    let d = Dir::new();
    d.write("hit.txt", CARD_LINE);
    let o = scan(&d, &["--quiet", "nope.txt", "hit.txt"]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "hit.txt:1:15  CREDIT_CARD  test.card  **** **** **** 1111\n");
    assert_eq!(o.stderr, "casegate: nope.txt: no such file or folder\n");
}

// A broken `--packs` folder is a hard error naming the problem, never a silent empty scan.
#[test]
fn bad_pack_folder_is_an_error() {
    let d = Dir::new();
    d.write("t.txt", CARD_LINE)
        .write("empty/readme.md", "no packs here")
        .write("typo/p.toml", "[pack]\nname = \"p\"\nversion = \"1\"\nnmae = \"x\"\n");
    let cases = [
        ("empty", "empty: no *.toml pack files in this folder"),
        ("missing", "missing: No such file or directory"),
        ("typo", "typo/p.toml: "),
    ];
    for (packs, expected) in cases {
        let o = d.run(&["scan", "--packs", packs, "t.txt"]);
        assert_eq!(o.code, 2, "{packs}: {}", o.all());
        assert_eq!(o.stdout, "", "{packs}");
        assert!(o.stderr.starts_with(&format!("casegate: {expected}")), "{packs}: {}", o.stderr);
    }
    assert!(d.run(&["scan", "--packs", "typo", "t.txt"]).stderr.contains("nmae"), "names the bad key");
}

// Typos in filters and flags are errors (exit 2), never ignored.
#[test]
fn bad_arguments_are_errors() {
    let d = Dir::new();
    d.write("t.txt", CARD_LINE);
    let o = scan(&d, &["--categories", "pci,foo", "t.txt"]);
    assert_eq!((o.code, o.stdout.as_str()), (2, ""));
    assert_eq!(
        o.stderr,
        "casegate: --categories: unknown category 'foo' (expected one of: pci, phi, pii, secret)\n"
    );
    for bad in [
        &["--min-severity", "huge", "t.txt"][..],
        &["--min-score", "1.5", "t.txt"],
        &["--format", "xml", "t.txt"],
        &["--no-such-flag", "t.txt"],
    ] {
        let o = scan(&d, bad);
        assert_eq!((o.code, o.stdout.as_str()), (2, ""), "{bad:?}: {}", o.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Output formats

// Text lines are `path:line:col  ENTITY  detector  preview`, byte columns, values masked.
#[test]
fn text_format_whole_output() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let o = scan(&d, &["t.txt"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, TICKET_TEXT);
    assert_eq!(summary(&o.stderr), TICKET_SUMMARY);
    assert_eq!(scan(&d, &["--quiet", "t.txt"]).stderr, "");
}

// `--show-values` appends the raw value; without it no value appears anywhere.
#[test]
fn text_format_show_values() {
    let d = Dir::new();
    d.write("t.txt", CARD_LINE);
    let o = scan(&d, &["--quiet", "--show-values", "t.txt"]);
    assert_eq!(
        o.stdout,
        "t.txt:1:15  CREDIT_CARD  test.card  **** **** **** 1111  value=\"4111 1111 1111 1111\"\n"
    );
}

// The JSONL contract: fields, byte offsets into the file (after multi-byte text), no values.
#[test]
fn jsonl_contract() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let o = scan(&d, &["--format", "jsonl", "t.txt"]);
    assert_eq!(o.code, 1);
    let rows = o.jsonl();
    assert_eq!(rows.len(), TICKET_VALUES.len());
    let fields = [
        "path", "start", "end", "line", "column", "entity", "detector", "category", "severity", "score",
        "preview",
    ];
    for (row, value) in rows.iter().zip(TICKET_VALUES) {
        for f in fields {
            assert!(row.get(f).is_some(), "missing {f}: {row}");
        }
        assert_eq!(row["path"], "t.txt");
        let (start, end) = (row["start"].as_u64().unwrap() as usize, row["end"].as_u64().unwrap() as usize);
        assert_eq!(&TICKET[start..end], value, "{row}");
        assert!(row.get("value").is_none(), "{row}");
    }
    let first = &rows[0];
    assert_eq!(
        (&first["line"], &first["column"], &first["entity"], &first["detector"]),
        (&Value::from(2), &Value::from(13), &Value::from("CREDIT_CARD"), &Value::from("test.card"))
    );
    assert_eq!((&first["category"], &first["severity"]), (&Value::from("pci"), &Value::from("critical")));
    assert_eq!(
        (&first["score"], &first["preview"]),
        (&Value::from(0.95), &Value::from("**** **** **** 1111"))
    );
    for v in TICKET_VALUES {
        assert!(!o.all().contains(v), "raw value {v:?} leaked: {}", o.all());
    }
}

// `--show-values` is the only way a raw value reaches the output.
#[test]
fn jsonl_show_values() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let rows = scan(&d, &["--format", "jsonl", "--show-values", "t.txt"]).jsonl();
    let values: Vec<_> = rows.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(values, TICKET_VALUES);
}

// SARIF 2.1.0 for code-scanning dashboards: valid JSON, rules, results with regions.
#[test]
fn sarif_format() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let o = scan(&d, &["--format", "sarif", "t.txt"]);
    assert_eq!(o.code, 1);
    let log: Value = serde_json::from_str(&o.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules: Vec<_> = run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(rules, ["test.card", "test.ssn", "test.email", "test.mrn", "test.apikey", "test.codename"]);
    let results = run["results"].as_array().unwrap();
    let got: Vec<_> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (r["ruleId"].as_str().unwrap(), region["startLine"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("test.card", 2),
            ("test.email", 2),
            ("test.mrn", 3),
            ("test.apikey", 3),
            ("test.codename", 3),
            ("test.ssn", 3)
        ]
    );
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 9, "SARIF columns count code points: {region}");
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "t.txt");
    for v in TICKET_VALUES {
        assert!(!o.stdout.contains(v), "raw value {v:?} leaked");
    }
    let clean: Value = serde_json::from_str(&scan(&d, &["--format", "sarif", "-"]).stdout).unwrap();
    assert_eq!(clean["runs"][0]["results"], Value::Array(vec![]));
}

// `casegate scan ... | head` must not turn a closed stdout into an error, in any format.
#[test]
fn closed_stdout_is_not_an_error() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    for format in ["text", "jsonl", "sarif"] {
        let args = scan_args(&["--format", format, "t.txt"]);
        let mut child = d.command(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let mut child = child.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Close the read end before the child writes (it loads packs and scans first). Had the
        // child won the race, its write succeeds and the assertions below hold as well.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(2), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs

// `-` and no path both read stdin, shown as `<stdin>`.
#[test]
fn stdin_input() {
    let d = Dir::new();
    let expected = TICKET_TEXT.replace("t.txt", "<stdin>");
    for args in [&["-"][..], &[]] {
        let o = scan_stdin(&d, args, TICKET.as_bytes());
        assert_eq!((o.code, o.stdout.as_str()), (1, expected.as_str()), "{args:?}");
        assert_eq!(summary(&o.stderr), TICKET_SUMMARY);
    }
    let o = scan(&d, &["-", "t.txt"]);
    assert_eq!(o.code, 2, "`-` with paths: {}", o.stderr);
}

// Folders are walked recursively; .gitignore (without git) and hidden files are honoured,
// and `--no-ignore` scans everything.
#[test]
fn folders_recursive_and_ignore_files() {
    let d = Dir::new();
    d.write("tree/a/b/deep.txt", CARD_LINE)
        .write("tree/top.txt", CARD_LINE)
        .write("tree/ignored.log", CARD_LINE)
        .write("tree/.gitignore", "*.log\n")
        .write("tree/.hidden.txt", CARD_LINE);
    let line = |p: &str| format!("{p}:1:15  CREDIT_CARD  test.card  **** **** **** 1111");
    let o = scan(&d, &["--quiet", "tree"]);
    assert_eq!(o.code, 1);
    assert_eq!(sorted_lines(&o.stdout), [line("tree/a/b/deep.txt"), line("tree/top.txt")]);

    let o = scan(&d, &["tree", "--no-ignore"]);
    let expected = ["tree/.hidden.txt", "tree/a/b/deep.txt", "tree/ignored.log", "tree/top.txt"].map(line);
    assert_eq!(sorted_lines(&o.stdout), expected);
    assert!(summary(&o.stderr).starts_with("casegate: 4 findings in 4 of 5 inputs ("), "{}", o.stderr);
}

// Output is streamed as files finish but always in input order, each file's findings together,
// whatever the thread count; a file whose output is larger than the print piece (1 MiB) comes
// out whole and in place too.
#[test]
fn parallel_output_keeps_input_order() {
    let d = Dir::new();
    for i in 0..40 {
        let lines = if i == 7 { 8_000 } else { 1 + i % 5 };
        d.write(&format!("tree/f{i:02}.txt"), CARD_LINE.repeat(lines));
    }
    let one = scan(&d, &["--quiet", "--format", "jsonl", "--threads", "1", "tree"]);
    assert_eq!(one.code, 1, "{}", one.stderr);
    let paths: Vec<String> =
        one.jsonl().iter().map(|v| v["path"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(paths.len(), 8_000 + (0..40).filter(|&i| i != 7).map(|i| 1 + i % 5).sum::<usize>());
    let mut blocks = paths.clone();
    blocks.dedup();
    let mut sorted = blocks.clone();
    sorted.sort();
    assert_eq!((blocks.len(), &blocks), (40, &sorted), "one block per file, in path order");
    for threads in ["2", "4"] {
        let many = scan(&d, &["--quiet", "--format", "jsonl", "--threads", threads, "tree"]);
        assert!(many.raw_stdout == one.raw_stdout, "--threads {threads} printed another order");
    }
}

// Notes whose first one is an e-mail (`From:`/`To:` headers, a blank line) are still text:
// offsets are file offsets, in a `.txt` file and in a message stored as is without an
// extension. A message with an encoded body is extracted (its values are found decoded).
#[test]
fn text_that_starts_like_a_message_keeps_file_offsets() {
    let d = Dir::new();
    let notes = format!("From: Ann <ann@example.org>\nTo: support@example.org\n\nhello\n\n{CARD_LINE}");
    d.write("notes.txt", &notes).write("maildir-message", &notes);
    let card = notes.find("4111").unwrap_or(usize::MAX);
    for file in ["notes.txt", "maildir-message"] {
        let o = scan(&d, &["--quiet", "--format", "jsonl", file]);
        let cards: Vec<u64> = o
            .jsonl()
            .iter()
            .filter(|v| v["entity"] == "CREDIT_CARD")
            .filter_map(|v| v["start"].as_u64())
            .collect();
        assert_eq!(cards, [card as u64], "{file}: {}", o.stdout);
    }
    let encoded = "From: ann@example.org\nTo: b@example.org\nContent-Transfer-Encoding: base64\n\n\
                   cGF5IHdpdGggY2FyZCA0MTExIDExMTEgMTExMSAxMTExIHRvZGF5Cg==\n";
    d.write("encoded.eml", encoded);
    let o = scan(&d, &["--quiet", "--format", "jsonl", "encoded.eml"]);
    assert!(o.jsonl().iter().any(|v| v["entity"] == "CREDIT_CARD"), "{}", o.stdout);
}

// A file with a NUL byte near the start is skipped (and counted), not scanned.
#[test]
fn binary_files_are_skipped() {
    let d = Dir::new();
    d.write("blob.bin", format!("\0\x01\x02 {CARD_LINE}"));
    let o = scan(&d, &["blob.bin"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    assert_eq!(
        summary(&o.stderr),
        "casegate: 0 findings in 0 of 1 inputs (0 bytes, T s, 1 binary skipped)\n"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

// Gzip files (exported ticket dumps) are decoded and scanned; positions refer to the text.
#[test]
fn gzip_files_are_decoded() {
    let d = Dir::new();
    d.write("dump.txt.gz", gzip(TICKET.as_bytes()));
    let o = scan(&d, &["dump.txt.gz"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, TICKET_TEXT.replace("t.txt", "dump.txt.gz"));
    let o = scan_stdin(&d, &["--quiet"], &gzip(CARD_LINE.as_bytes()));
    assert_eq!(o.stdout, "<stdin>:1:15  CREDIT_CARD  test.card  **** **** **** 1111\n");
}

// Decompression is capped by --max-filesize: a gzip bomb is an error, not a huge allocation.
#[test]
fn gzip_over_the_size_cap_is_an_error() {
    let d = Dir::new();
    d.write("bomb.gz", gzip(&vec![b'a'; 100_000]));
    let o = scan(&d, &["--max-filesize", "1000", "bomb.gz"]);
    assert_eq!(o.code, 2, "{}", o.all());
    assert!(o.stderr.contains("over --max-filesize (1000 bytes)"), "{}", o.stderr);
}

// ---------------------------------------------------------------------------------------------
// Redaction

fn redacted_ticket() -> String {
    format!(
        "Hello\ncard é🙏 **** **** **** 1111 and mail [EMAIL_ADDRESS]\n\
         MRN: {} key= ####### ######## ssn ***-**-****\n",
        token("MEDICAL_RECORD_NUMBER", "4471093")
    )
}

// `--redact` on stdin writes the redacted text, each detector's operator applied, to stdout.
#[test]
fn redact_stdin_to_stdout() {
    let d = Dir::new();
    let o = scan_stdin(&d, &["--redact", "--quiet"], TICKET.as_bytes());
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, redacted_ticket());
    for v in TICKET_VALUES {
        assert!(!o.all().contains(v), "{v:?} survived redaction");
    }
    // Bytes that are not UTF-8 outside findings pass through unchanged.
    let mut input = b"\xff\xfe latin1 caf\xe9 ".to_vec();
    input.extend_from_slice(CARD_LINE.as_bytes());
    let o = scan_stdin(&d, &["--redact", "--quiet"], &input);
    assert_eq!(
        o.raw_stdout,
        [&b"\xff\xfe latin1 caf\xe9 "[..], b"pay with card **** **** **** 1111 today\n"].concat()
    );
}

// `--redact --out DIR` mirrors the scanned tree with redacted copies; the originals stay.
#[test]
fn redact_out_mirrors_the_tree() {
    let d = Dir::new();
    d.write("in/t.txt", TICKET).write("in/sub/deeper/card.txt", CARD_LINE).write("in/clean.txt", "hello\n");
    let o = scan(&d, &["--quiet", "--redact", "--out", "out", "in"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(d.read("out/t.txt"), redacted_ticket());
    assert_eq!(d.read("out/sub/deeper/card.txt"), "pay with card **** **** **** 1111 today\n");
    assert_eq!(d.read("out/clean.txt"), "hello\n");
    assert_eq!(d.read("in/t.txt"), TICKET);
}

// `--redact` with paths needs `--out` (never rewrites files in place); `--out` needs `--redact`.
#[test]
fn redact_argument_errors() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let o = scan(&d, &["--redact", "t.txt"]);
    assert_eq!((o.code, o.stdout.as_str()), (2, ""));
    assert!(o.stderr.contains("--redact with paths needs --out DIR"), "{}", o.stderr);
    assert_eq!(d.read("t.txt"), TICKET);
    assert_eq!(scan(&d, &["--out", "out", "t.txt"]).code, 2);
    assert!(!d.path().join("out").exists());
}

// ---------------------------------------------------------------------------------------------
// Filters and packs

// `--categories` keeps only the detectors of those categories.
#[test]
fn categories_filter() {
    let d = Dir::new();
    d.write("t.txt", TICKET);
    let cases: [(&str, &[&str]); 4] = [
        ("pci", &["CREDIT_CARD"]),
        ("phi", &["MEDICAL_RECORD_NUMBER"]),
        ("pci,secret", &["CREDIT_CARD", "API_KEY"]),
        ("pii", &["EMAIL_ADDRESS", "PROJECT_CODENAME", "US_SSN"]),
    ];
    for (cats, entities) in cases {
        let rows = scan(&d, &["--format", "jsonl", "--categories", cats, "t.txt"]).jsonl();
        let got: Vec<_> = rows.iter().map(|r| r["entity"].as_str().unwrap()).collect();
        assert_eq!(got, entities, "--categories {cats}");
    }
}

// `--packs DIR` replaces the built-in packs: a value only the built-ins know is not found.
#[test]
fn packs_folder_replaces_builtin() {
    let d = Dir::new();
    d.write(
        "only/dict.toml",
        "[pack]\nname = \"only\"\nversion = \"1\"\n\n[[dictionary]]\nid = \"only.word\"\n\
         entity = \"CODEWORD\"\ncategory = \"pii\"\nseverity = \"low\"\nterms = [\"Bluebird\"]\n",
    );
    let o = d.run_stdin(
        &["scan", "--packs", "only", "--quiet", "--color", "never"],
        b"Bluebird card 4111 1111 1111 1111 mail jane.doe@example.com\n",
    );
    assert_eq!((o.code, o.stdout.as_str()), (1, "<stdin>:1:1  CODEWORD  only.word  ******rd\n"));
}

const BAD_PACK: &str = r#"[pack]
name = "bad"
version = "1"

[[detector]]
id = "bad.card"
entity = "CREDIT_CARD"
category = "pci"
severity = "high"
regex = '''[0-9]{16}'''
validator = "card"
digits = 16

[detector.examples]
match = ["4111111111111111", "4111111111111112"]
no_match = ["nothing", "x 5555555555554444 y"]
"#;

// `packs test` passes a good pack (exit 0) and lists every failing example (exit 1).
#[test]
fn packs_test_command() {
    let d = Dir::new();
    let good = d.run(&["packs", "test", &test_pack()]);
    assert_eq!((good.code, good.stdout.as_str()), (0, "23 passed, 0 failed (6 detectors)\n"));
    d.write("bad/bad.toml", BAD_PACK);
    let bad = d.run(&["packs", "test", "bad"]);
    assert_eq!(bad.code, 1);
    assert_eq!(
        bad.stdout,
        "FAIL bad.card: expected a match, got none\n     example: \"4111111111111112\"\n\
         FAIL bad.card: expected no match, but it matched\n     example: \"x 5555555555554444 y\"\n\
         \x20    reported: bad.card@2..18\n\
         2 passed, 2 failed (1 detectors)\n"
    );
}

// `packs lint` flags a detector without examples (an error: exit 1); the test pack is clean.
#[test]
fn packs_lint_command() {
    let d = Dir::new();
    let clean = d.run(&["packs", "lint", &test_pack()]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, "6 detectors, 0 errors, 0 warnings\n"));
    d.write(
        "lint/p.toml",
        "[pack]\nname = \"lint\"\nversion = \"1\"\n\n[[detector]]\nid = \"lint.bare\"\n\
         entity = \"THING\"\ncategory = \"pii\"\nseverity = \"low\"\nregex = '''ZXQ[0-9]{6}'''\n\
         keywords = [\"ZXQ\"]\n",
    );
    let o = d.run(&["packs", "lint", "lint"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stdout,
        "error: lint.bare: no `examples.match`: the detector is untested\n\
         error: lint.bare: no `examples.no_match`: add hard negatives\n\
         1 detectors, 2 errors, 0 warnings\n"
    );
}

// `packs list` prints one aligned row per detector.
#[test]
fn packs_list_command() {
    let d = Dir::new();
    d.write("packs/test.toml", std::fs::read(common::test_pack_dir().join("test.toml")).unwrap());
    let o = d.run(&["packs", "list", "--packs", "packs"]);
    assert_eq!(o.code, 0);
    assert_eq!(
        o.stdout,
        "\
# test 0.1.0 (packs/test.toml)
id                           entity                   categ.  severity  validator          trigger
test.card                    CREDIT_CARD              pci     critical  card               digits>=12
test.ssn                     US_SSN                   pii     high      us_ssn             digits>=9
test.email                   EMAIL_ADDRESS            pii     medium    -                  keywords(1)
test.mrn                     MEDICAL_RECORD_NUMBER    phi     high      -                  keywords(2)
test.apikey                  API_KEY                  secret  critical  -                  keywords(1)
test.codename                PROJECT_CODENAME         pii     low       -                  dictionary(2 terms)
6 detectors in 1 packs
"
    );
}

// `explain` shows the detector and verdict; `--all` also shows the rejected Luhn failure.
#[test]
fn explain_command() {
    let d = Dir::new();
    let text = "card 4111 1111 1111 1112 and 4111111111111111";
    let reported = "29..45  \"4111111111111111\"  CREDIT_CARD (test.card)\n    \
                    validator: card  context word: \"card\"  -> REPORTED score=0.95 validated=true\n";
    let rejected = "5..24  \"4111 1111 1111 1112\"  CREDIT_CARD (test.card)\n    \
                    validator: card  context word: \"card\"  -> rejected: validator failed\n";
    let o = d.run(&["explain", "--packs", &test_pack(), text]);
    assert_eq!((o.code, o.stdout.as_str()), (1, reported));
    let o = d.run(&["explain", "--packs", &test_pack(), "--all", text]);
    assert_eq!((o.code, o.stdout), (1, format!("{rejected}{reported}")));
    let o = d.run(&["explain", "--packs", &test_pack(), "--all", "order 4111 1111 1111 1112"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.ends_with("-> rejected: validator failed\nno findings\n"), "{}", o.stdout);
    let o = d.run_stdin(&["explain", "--packs", &test_pack()], b"nothing here");
    assert_eq!((o.code, o.stdout.as_str()), (0, "no findings (use --all to see rejected candidates)\n"));
    // `-` is stdin too, as for `scan`.
    let o = d.run_stdin(&["explain", "--packs", &test_pack(), "-"], text.as_bytes());
    assert_eq!((o.code, o.stdout.as_str()), (1, reported));
}

// ---------------------------------------------------------------------------------------------
// The built-in packs: what every user relies on

/// Findings of the built-in packs on stdin, as `(entity, category, value)`.
fn builtin_findings(input: &str) -> Vec<(String, String, String)> {
    let d = Dir::new();
    let o = d.run_stdin(&["scan", "--format", "jsonl", "--quiet"], input.as_bytes());
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    o.jsonl()
        .iter()
        .map(|r| {
            let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            let get = |k: &str| r[k].as_str().unwrap().to_string();
            (get("entity"), get("category"), input[s..e].to_string())
        })
        .collect()
}

// The default packs find a Visa number, an email and a GitHub token, and not a Luhn failure.
#[test]
fn builtin_packs_find_common_values() {
    let github = common::github_token("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5");
    let found = |input: &str, entity: Option<&str>, category: &str, value: &str| {
        let got = builtin_findings(input);
        assert!(
            got.iter().any(|(e, c, v)| !matches!(entity, Some(x) if e != x) && c == category && v == value),
            "{value:?} not found in {input:?}: {got:?}"
        );
    };
    found("Hi, my card is 4111 1111 1111 1111, exp 12/29", Some("CREDIT_CARD"), "pci", "4111 1111 1111 1111");
    found("please reply to jane.doe@example.com today", Some("EMAIL_ADDRESS"), "pii", "jane.doe@example.com");
    found(&format!("GITHUB_TOKEN={github}\n"), None, "secret", &github);
    let got = builtin_findings("order 4111 1111 1111 1112 (fails Luhn)");
    assert!(!got.iter().any(|(e, _, _)| e == "CREDIT_CARD"), "{got:?}");
}

// The generated test values are what the tests above assume they are.
#[test]
fn helper_values_are_valid() {
    use casegate::validators::Validator;
    assert_eq!(common::luhn_complete("411111111111111"), "4111111111111111");
    let github = common::github_token("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5");
    assert!(Validator::GithubToken.validate(github.as_bytes()), "{github}");
    assert!(!Validator::GithubToken.validate(github.replace('a', "b").as_bytes()));
}

// ---------------------------------------------------------------------------------------------
// Structure-aware JSON

/// A ticket as an API returns it: escapes and multi-byte text before the values, a card as a
/// JSON number, the MRN under its key (the test pack's MRN needs an `mrn` context word).
const TICKET_JSON: &str = r#"{"ticket": {"id": 7, "comments": [
  {"body": "caf\u00e9 \"card\" 4111 1111 1111 1111, mail jane.doe@example.com"},
  {"body": "no findings here"}],
  "mrn": "4471093", "card_number": 4111111111111111}}
"#;

// `.json` files: `json_pointer` names the value, `start`/`end` are offsets into the decoded
// string, `line`/`column` are the document's start.
#[test]
fn json_files_are_scanned_by_structure() {
    let d = Dir::new();
    d.write("t.json", TICKET_JSON);
    let o = scan(&d, &["--format", "jsonl", "--show-values", "t.json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let rows: Vec<_> = o
        .jsonl()
        .iter()
        .map(|r| {
            (
                r["json_pointer"].as_str().unwrap().to_string(),
                r["entity"].as_str().unwrap().to_string(),
                r["start"].as_u64().unwrap(),
                r["end"].as_u64().unwrap(),
                r["value"].as_str().unwrap().to_string(),
                (r["line"].as_u64().unwrap(), r["column"].as_u64().unwrap()),
            )
        })
        .collect();
    let row = |p: &str, e: &str, s, en, v: &str| (p.to_string(), e.to_string(), s, en, v.to_string(), (1, 1));
    assert_eq!(
        rows,
        [
            row("/ticket/comments/0/body", "CREDIT_CARD", 13, 32, "4111 1111 1111 1111"),
            row("/ticket/comments/0/body", "EMAIL_ADDRESS", 39, 59, "jane.doe@example.com"),
            row("/ticket/mrn", "MEDICAL_RECORD_NUMBER", 0, 7, "4471093"),
            row("/ticket/card_number", "CREDIT_CARD", 0, 16, "4111111111111111"),
        ]
    );
    // The offsets index the decoded value the pointer names.
    let doc: Value = serde_json::from_str(TICKET_JSON).unwrap();
    let body = doc.pointer("/ticket/comments/0/body").unwrap().as_str().unwrap();
    assert_eq!(&body[13..32], "4111 1111 1111 1111");
    let text = scan(&d, &["t.json"]);
    assert!(
        text.stdout.starts_with(
            "t.json:1:1  CREDIT_CARD  test.card  **** **** **** 1111  json_pointer=/ticket/comments/0/body\n"
        ),
        "{}",
        text.stdout
    );
}

// An HTML file is scanned as a reader sees it: a card split by a tag and one written with a
// character reference are found, located from their first to their last byte in the file, and
// `--redact` rewrites their digits without touching the markup.
#[test]
fn html_files_are_scanned_as_rendered() {
    let d = Dir::new();
    let html =
        "<p>card 4111 <span class=\"x\">1111</span> 1111 1111</p>\n<p>also &#52;111 1111 1111 1111</p>\n";
    d.write("t.html", html);
    let rows = scan(&d, &["--format", "jsonl", "--show-values", "t.html"]).jsonl();
    let found: Vec<(u64, u64, &str)> = rows
        .iter()
        .map(|r| (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap(), r["value"].as_str().unwrap()))
        .collect();
    let second = html.find("&#52;").unwrap() as u64;
    assert_eq!(
        found,
        [
            (8, 50, "4111 <span class=\"x\">1111</span> 1111 1111"),
            (second, second + 23, "&#52;111 1111 1111 1111")
        ],
        "{rows:?}"
    );
    let o = scan(&d, &["--redact", "--out", "out", "t.html"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(
        d.read("out/t.html"),
        "<p>card **** <span class=\"x\">****</span> **** 1111</p>\n<p>also **** **** **** 1111</p>\n"
    );
}

// `.jsonl`: one document per line, `line` is the document's line.
#[test]
fn jsonl_files_are_scanned_line_by_line() {
    let d = Dir::new();
    d.write("t.jsonl", "{\"a\": \"x\"}\n\n{\"mrn\": 4471093}\n");
    let rows = scan(&d, &["--format", "jsonl", "t.jsonl"]).jsonl();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0]["json_pointer"], &rows[0]["line"]), (&Value::from("/mrn"), &Value::from(3)));
}

// A `.json` file that is not JSON is scanned as text, with file offsets and no pointer.
#[test]
fn invalid_json_falls_back_to_text() {
    let d = Dir::new();
    d.write("t.json", "{\"note\": \"card 4111 1111 1111 1111\"\n");
    let rows = scan(&d, &["--format", "jsonl", "t.json"]).jsonl();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].get("json_pointer").is_none());
    assert_eq!(
        (&rows[0]["start"], &rows[0]["line"], &rows[0]["column"]),
        (&Value::from(15), &Value::from(1), &Value::from(16))
    );
}

// `--redact --out` rewrites JSON values (a card number becomes a masked string), still JSON.
#[test]
fn redact_json_files() {
    let d = Dir::new();
    d.write("in/t.json", TICKET_JSON).write("in/clean.json", "{ \"a\": 1 }\n");
    let o = scan(&d, &["--quiet", "--redact", "--out", "out", "in"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let out: Value = serde_json::from_str(&d.read("out/t.json")).unwrap();
    assert_eq!(out["ticket"]["card_number"], "************1111");
    assert_eq!(
        out["ticket"]["comments"][0]["body"],
        "café \"card\" **** **** **** 1111, mail [EMAIL_ADDRESS]"
    );
    let token = out["ticket"]["mrn"].as_str().unwrap();
    assert_eq!(token, TokenKey::new(KEY.as_bytes().to_vec()).token("MEDICAL_RECORD_NUMBER", b"4471093"));
    assert_eq!(d.read("out/clean.json"), "{ \"a\": 1 }\n");
}
