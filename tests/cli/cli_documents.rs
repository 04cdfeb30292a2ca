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
    assert!(at("letter.docx", "!comments#p=1", "CREDIT_CARD"), "{out}");
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

#[test]
fn csv_headers_are_context_and_offsets_stay_file_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "name,dob,ssn,notes\n\
               Jane Roe,1984-03-12,536228726,\"called about \"\"card\"\" 4111 1111 1111 1111\"\n\
               \"Roe, John\",1990-01-02,n/a,none\n";
    let path = dir.path().join("export.csv");
    std::fs::write(&path, csv).unwrap();
    let (code, out, err) = run(&["scan", "--quiet", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let spans: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            (r["entity"].as_str().unwrap(), &csv[s..e])
        })
        .collect();
    // A bare date and a bare 9-digit number are findings only because of their column.
    assert!(spans.contains(&("DATE_OF_BIRTH", "1984-03-12")), "{spans:?}");
    assert!(spans.contains(&("DATE_OF_BIRTH", "1990-01-02")), "{spans:?}");
    assert!(spans.contains(&("US_SSN", "536228726")), "{spans:?}");
    assert!(spans.contains(&("CREDIT_CARD", "4111 1111 1111 1111")), "{spans:?}");
    let row2 = rows.iter().find(|r| r["entity"] == "US_SSN").unwrap();
    assert_eq!((row2["line"].as_u64(), row2["column"].as_u64()), (Some(2), Some(21)));
}

#[test]
fn base64_documents_inside_json_files_are_scanned_and_redacted() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let dir = tempfile::tempdir().unwrap();
    let (src, out_dir) = (dir.path().join("src"), dir.path().join("out"));
    std::fs::create_dir(&src).unwrap();
    let zip = std::fs::read(fixture("extract/bundle.zip")).unwrap();
    let doc = serde_json::json!({
        "ticket": 7,
        "attachments": [{"name": "bundle.zip", "content": b64.encode(&zip)}]
    });
    std::fs::write(src.join("ticket.json"), serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let src_arg = src.to_str().unwrap();
    let (code, out, err) = run(&["scan", "--quiet", "--format", "jsonl", src_arg]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains(r#""location":"!/attachments/0/content!/logs/app.log:2""#), "{out}");

    let (code, _, err) = run(&["scan", "--quiet", "--redact", "--out", out_dir.to_str().unwrap(), src_arg]);
    assert_eq!(code, 1, "{err}");
    let copy: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("ticket.json")).unwrap()).unwrap();
    let inner = b64.decode(copy["attachments"][0]["content"].as_str().unwrap()).unwrap();
    assert!(inner.starts_with(b"PK"), "still a zip");
    let (code, out, err) = run(&["scan", "--quiet", "--format", "jsonl", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "the redacted copy rescans clean: {out}{err}");
}

#[test]
fn tables_pasted_into_text_files_use_their_header() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Hi team, export below.\npatient_id;mrn;dob\nP-1;21535200;10 May 1955\nP-2;0563773;1998-05-10\nThanks\n";
    let path = dir.path().join("note.txt");
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = run(&["scan", "--quiet", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let spans: Vec<(String, String)> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|r| {
            let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            (r["entity"].as_str().unwrap().to_string(), text[s..e].to_string())
        })
        .collect();
    for want in [
        ("MEDICAL_RECORD_NUMBER", "21535200"),
        ("DATE_OF_BIRTH", "10 May 1955"),
        ("DATE_OF_BIRTH", "1998-05-10"),
    ] {
        assert!(spans.contains(&(want.0.to_string(), want.1.to_string())), "{want:?} not in {spans:?}");
    }
}
