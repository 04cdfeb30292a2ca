//! `casegate scan` on archives and documents: findings carry the inner location, unscannable
//! files are errors that say why, `--no-archives` skips them, and `--redact --out` writes copies
//! whose rescan finds nothing.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_casegate");

fn fixture(rel: &str) -> String {
    format!("{}/tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn findings_inside_archives_and_documents_name_their_location() {
    let (code, out, err) = run(&[
        "scan",
        "--quiet",
        "--format",
        "jsonl",
        &fixture("extract/bundle.zip"),
        &fixture("docs/letter.docx"),
        &fixture("docs/export.xlsx"),
    ]);
    assert_eq!(code, 1, "{err}");
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let at = |path_end: &str, location: &str, entity: &str| {
        rows.iter().any(|r| {
            r["path"].as_str().is_some_and(|p| p.ends_with(path_end))
                && r["location"] == location
                && r["entity"] == entity
        })
    };
    assert!(at("bundle.zip", "!/logs/app.log:2", "CREDIT_CARD"), "{out}");
    assert!(at("letter.docx", "#p=2", "CREDIT_CARD"), "{out}");
    assert!(at("letter.docx", "!comments#p=2", "CREDIT_CARD"), "{out}");
    assert!(at("export.xlsx", "!Customers!B14", "US_SSN"), "{out}");
    assert!(!out.contains("4111"), "previews are masked: {out}");
}

#[test]
fn unscannable_files_are_errors_and_no_archives_skips() {
    let (code, _, err) = run(&["scan", &fixture("extract/encrypted.zip")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("encrypted.zip") && err.contains("unscannable") && err.contains("encrypted"),
        "{err}"
    );
    let (code, out, err) = run(&["scan", "--no-archives", &fixture("docs/letter.docx")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("binary skipped"), "{err}");
}

#[test]
fn redacted_copies_of_documents_rescan_clean() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in ["docs/letter.docx", "docs/export.xlsx", "extract/bundle.zip"] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(fixture(f), input.join(name)).unwrap();
    }
    let out_dir = dir.path().join("out");
    let (code, _, err) =
        run(&["scan", "--quiet", "--redact", "--out", out_dir.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    for name in ["letter.docx", "export.xlsx", "bundle.zip"] {
        let copy = out_dir.join(name);
        assert!(copy.exists(), "{name} was not written: {err}");
        let (code, out, err) = run(&["scan", "--format", "jsonl", copy.to_str().unwrap()]);
        let leftovers: Vec<&str> = out.lines().filter(|l| l.contains("\"validated\":true")).collect();
        assert!(
            leftovers.is_empty(),
            "{name}: validated values left after redaction: {leftovers:?} ({code}, {err})"
        );
    }
}
