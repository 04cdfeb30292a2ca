//! Office/ODF and PDF extraction and redaction against fixtures written by real tools
//! (tests/data/docs/make-fixtures.sh: LibreOffice and qpdf), plus bombs and damaged files.
//!
//! The LibreOffice round trip converts redacted files with `soffice`; without it the test
//! says so on stderr, and fails when `CASEGATE_REQUIRE_SOFFICE=1` (CI installs LibreOffice).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use casegate::extract::{self, ExtractError, Limits, Redacted, Segment};
use casegate::redact::{Redaction, TokenKey};
use casegate::Scanner;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docs").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn segments_with(bytes: &[u8], limits: &Limits) -> Result<Vec<Segment>, ExtractError> {
    let mut out = Vec::new();
    extract::extract(bytes, limits, &mut |s| {
        out.push(s);
        Ok(())
    })?;
    Ok(out)
}

fn segments(bytes: &[u8]) -> Vec<Segment> {
    segments_with(bytes, &Limits::default()).unwrap_or_else(|e| panic!("extract: {e}"))
}

fn scanner() -> Scanner {
    Scanner::builtin().expect("builtin packs")
}

/// Entities the scanner finds in `text`.
fn entities(scanner: &Scanner, text: &str) -> Vec<String> {
    scanner.scan(text.as_bytes()).iter().map(|f| scanner.detector(f.detector).entity.to_string()).collect()
}

/// `(fixture, location, value that the segment there holds, entity the scanner finds there)`.
macro_rules! at {
    ($file:expr, $loc:expr, $value:expr, $entity:expr) => {
        ($file, $loc, $value, $entity)
    };
}

const CARD: &str = "4111 1111 1111 1111";
const SSN: &str = "536-22-8726";
/// A published sample SSN: extracted, but the scanner rejects it by design.
const SAMPLE_SSN: &str = "078-05-1120";
const EMAIL: &str = "jane.doe@example.com";

const EXPECTED: &[(&str, &str, &str, &str)] = &[
    at!("letter.docx", "#p=2", CARD, "CREDIT_CARD"), // split across runs (bold "4111 1111")
    at!("letter.docx", "#p=3", SSN, "US_SSN"),
    at!("letter.docx", "#p=3", SAMPLE_SSN, ""),
    at!("letter.docx", "#p=4", EMAIL, "EMAIL_ADDRESS"),
    at!("letter.docx", "#p=5", "Date of birth: 1984-03-12", "DATE_OF_BIRTH"),
    at!("letter.docx", "!word/header1.xml#p=1", "owner.header@example.com", "EMAIL_ADDRESS"),
    at!("letter.docx", "!word/footer1.xml#p=1", "219-09-9999", ""),
    at!("letter.docx", "!comments#p=1", "5555 5555 5555 4444", "CREDIT_CARD"),
    at!("letter.docx", "!properties", "Letter to jane.doe@example.com", "EMAIL_ADDRESS"),
    at!("letter.odt", "#p=2", CARD, "CREDIT_CARD"),
    at!("letter.odt", "#p=3", SSN, "US_SSN"),
    at!("letter.odt", "#p=4", "5555 5555 5555 4444", "CREDIT_CARD"), // the annotation
    at!("letter.odt", "#p=5", EMAIL, "EMAIL_ADDRESS"),
    at!("letter.odt", "!styles.xml#p=1", "owner.header@example.com", "EMAIL_ADDRESS"),
    at!("letter.odt", "!styles.xml#p=2", "219-09-9999", ""),
    at!("letter.odt", "!properties", "Letter to jane.doe@example.com", "EMAIL_ADDRESS"),
    at!("export.xlsx", "!Customers", "Customers", ""),
    at!("export.xlsx", "!Customers!B1", "ssn", ""),
    at!("export.xlsx", "!Customers!B14", SSN, "US_SSN"),
    at!("export.xlsx", "!Customers!C14", "378282246310005", "CREDIT_CARD"), // a numeric cell
    at!("export.xlsx", "!Customers!D14", EMAIL, "EMAIL_ADDRESS"),
    at!("export.xlsx", "!Customers!E14", "DOB 1984-03-12", "DATE_OF_BIRTH"),
    at!("export.xlsx", "!Notes!A1", CARD, "CREDIT_CARD"),
    at!("export.xlsx", "!Notes!A2", SAMPLE_SSN, ""),
    at!("export.xlsx", "!properties", "Export for jane.doe@example.com", "EMAIL_ADDRESS"),
    at!("export.ods", "!Customers!B14", SSN, "US_SSN"),
    at!("export.ods", "!Customers!C14", "378282246310005", "CREDIT_CARD"),
    at!("export.ods", "!Customers!D14", EMAIL, "EMAIL_ADDRESS"),
    at!("export.ods", "!Notes!A1", CARD, "CREDIT_CARD"),
    at!("deck.pptx", "#slide=2", SSN, "US_SSN"),
    at!("deck.pptx", "#slide=3", CARD, "CREDIT_CARD"),
    at!("deck.pptx", "#slide=3", EMAIL, "EMAIL_ADDRESS"),
    at!("deck.odp", "#slide=2", SSN, "US_SSN"),
    at!("deck.odp", "#slide=3", CARD, "CREDIT_CARD"),
    at!("letter.pdf", "#page=1", CARD, "CREDIT_CARD"),
    at!("letter.pdf", "#page=1", SSN, "US_SSN"),
    at!("letter.pdf", "#page=1", EMAIL, "EMAIL_ADDRESS"),
    at!("letter.pdf", "#page=1", "Date of birth: 1984-03-12", "DATE_OF_BIRTH"),
    at!("letter.pdf", "#page=1", "owner.header@example.com", "EMAIL_ADDRESS"),
    at!("letter-owner-only.pdf", "#page=1", CARD, "CREDIT_CARD"),
];

#[test]
fn values_are_found_at_their_locations() {
    let scanner = scanner();
    for &(file, location, value, entity) in EXPECTED {
        let segs = segments(&fixture(file));
        let hit = segs.iter().find(|s| s.location == location && s.text.contains(value));
        let Some(seg) = hit else {
            let at: Vec<_> = segs.iter().map(|s| s.location.as_str()).collect();
            panic!("{file}: no segment at {location} holds the expected value; locations: {at:?}");
        };
        if !entity.is_empty() {
            let found = entities(&scanner, &seg.text);
            assert!(found.iter().any(|e| e == entity), "{file} {location}: {entity} not in {found:?}");
        }
    }
}

#[test]
fn encrypted_pdf_is_unscannable() {
    assert_eq!(
        segments_with(&fixture("letter-encrypted.pdf"), &Limits::default()),
        Err(ExtractError::Encrypted("pdf"))
    );
    // AES-256 with an empty user password: lopdf 0.36 cannot open it, so it stays encrypted.
    let aes256 = segments_with(&fixture("letter-owner-only-aes256.pdf"), &Limits::default());
    assert_eq!(aes256, Err(ExtractError::Encrypted("pdf")));
}

#[test]
fn truncated_pdf_is_corrupt() {
    let err = segments_with(&fixture("letter-truncated.pdf"), &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { format: "pdf", .. }), "{err:?}");
}

/// Regression: lopdf unwraps while decrypting object streams; a damaged one must end in a
/// clean error (the extractor also guards lopdf with `catch_unwind`).
#[test]
fn pdf_panic_damaged_encrypted_object_stream() {
    let err = segments_with(&fixture("pdf-panic-objstm.pdf"), &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { format: "pdf", .. }), "{err:?}");
}

/// Regression (fuzz crash, pdf target): lopdf 0.36 panics at document.rs:507
/// (`ObjectStream::new(..).ok().unwrap()` in `Document::decrypt`) on this owner-password-only
/// PDF; the extractor's `catch_unwind` turns it into `Corrupt`.
#[test]
fn pdf_panic_lopdf_decrypt_unwrap() {
    let err = segments_with(&fixture("fuzz-pdf-decrypt-unwrap.pdf"), &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { format: "pdf", .. }), "{err:?}");
}

#[test]
fn every_truncation_of_the_pdf_is_an_error_or_text_never_a_panic() {
    let pdf = fixture("letter.pdf");
    for len in (0..pdf.len()).step_by(97) {
        let _ = segments_with(&pdf[..len], &Limits::default());
    }
}

// ---------------------------------------------------------------------------------------------
// Bombs

fn small_limits() -> Limits {
    Limits { max_total_bytes: 4 << 20, ..Limits::default() }
}

/// A minimal PDF with one page whose content stream is `content` (already filtered).
fn pdf_with_content(content: &[u8], filter: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let objects: [Vec<u8>; 3] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    offsets.push(out.len());
    write!(out, "4 0 obj\n<< /Length {} {filter} >>\nstream\n", content.len()).unwrap();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = out.len();
    write!(out, "xref\n0 5\n0000000000 65535 f \n").unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(out, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").unwrap();
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn pdf_flate_bomb_stops_at_the_caps() {
    let bomb = pdf_with_content(&zlib(&vec![b' '; 64 << 20]), "/Filter /FlateDecode");
    let err = segments_with(&bomb, &small_limits()).unwrap_err();
    assert!(matches!(err, ExtractError::TooLarge { .. } | ExtractError::Ratio { .. }), "{err:?}");
    let err = segments_with(&bomb, &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Ratio { .. }), "{err:?}");
}

#[test]
fn pdf_deep_nesting_is_corrupt_not_a_stack_overflow() {
    let deep = pdf_with_content(&[b"[".repeat(100_000), b"] TJ".to_vec()].concat(), "");
    let err = segments_with(&deep, &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { format: "pdf", .. }), "{err:?}");
}

#[test]
fn pdf_with_plain_content_stream() {
    let pdf = pdf_with_content(b"BT /F1 12 Tf 0 0 Td (078-05-1120) Tj ET", "");
    // No font resources: nothing decodable, no panic, no error.
    assert!(segments_with(&pdf, &Limits::default()).is_ok());
}

/// A zip with `entries` (name, data, deflated?).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn docx_with(document: &[u8]) -> Vec<u8> {
    zip_of(&[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", document)])
}

#[test]
fn docx_zip_bomb_stops_at_the_caps() {
    let body = [
        b"<w:document><w:body><w:p><w:r><w:t>".to_vec(),
        vec![b'a'; 32 << 20],
        b"</w:t></w:r></w:p></w:body></w:document>".to_vec(),
    ]
    .concat();
    let err = segments_with(&docx_with(&body), &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Ratio { .. } | ExtractError::TooLarge { .. }), "{err:?}");
}

#[test]
fn docx_billion_laughs_is_corrupt() {
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"#;
    let err = segments_with(&docx_with(laughs), &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Redaction

fn redact(bytes: &[u8], how: Redaction) -> Vec<u8> {
    let key = TokenKey::new(b"test-key".to_vec());
    match extract::redact(bytes, &Limits::default(), &scanner(), &key, &|_| how) {
        Ok(Redacted::Rewritten(out)) => out,
        other => panic!("redact: {other:?}"),
    }
}

const REDACTED: &[&str] =
    &[CARD, "4111111111111111", SSN, EMAIL, "378282246310005", "5555 5555 5555 4444", "1984-03-12"];

fn assert_clean(file: &str, how: Redaction, text: &str) {
    let scanner = scanner();
    for value in REDACTED {
        assert!(!text.contains(value), "{file} ({how:?}): a redacted value is still in the text");
    }
    let found = entities(&scanner, text);
    assert!(found.is_empty(), "{file} ({how:?}): findings after redaction: {found:?}");
}

#[test]
fn redacted_office_files_have_no_findings() {
    for file in ["letter.docx", "export.xlsx", "letter.odt", "export.ods", "deck.pptx", "deck.odp"] {
        for how in [Redaction::Mask('*'), Redaction::Label, Redaction::Token] {
            let redacted = redact(&fixture(file), how);
            let text: Vec<String> = segments(&redacted).into_iter().map(|s| s.text).collect();
            assert_clean(file, how, &text.join("\n"));
        }
    }
}

#[test]
fn masking_keeps_run_boundaries_and_other_entries() {
    let original = fixture("letter.docx");
    let redacted = redact(&original, Redaction::Mask('*'));
    let xml = entry(&redacted, "word/document.xml");
    // The bold run keeps its own (masked) characters: lengths preserved run by run.
    assert!(xml.contains("<w:b/></w:rPr><w:t>**** ****</w:t>"), "run boundaries moved");
    assert_eq!(names(&original), names(&redacted));
    assert_eq!(entry(&original, "word/styles.xml"), entry(&redacted, "word/styles.xml"));
}

#[test]
fn xlsx_numeric_card_becomes_an_inline_string() {
    let redacted = redact(&fixture("export.xlsx"), Redaction::Label);
    let sheet = entry(&redacted, "xl/worksheets/sheet1.xml");
    let c14 = sheet.split("<c r=\"C14\"").nth(1).and_then(|s| s.split("</c>").next()).unwrap_or_default();
    assert!(c14.contains("t=\"inlineStr\"") && c14.contains("<is><t"), "C14 is not an inline string");
}

#[test]
fn xlsx_with_a_sensitive_sheet_name_is_not_redacted_in_place() {
    // The sheet name is extracted (and found) but lives in xl/workbook.xml, which redaction
    // copies: the copy must be refused, not written with the value in it.
    let original = fixture("export.xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        if file.name() == "xl/workbook.xml" {
            let xml =
                String::from_utf8(data).unwrap().replace("name=\"Notes\"", &format!("name=\"SSN {SSN}\""));
            data = xml.into_bytes();
        }
        entries.push((file.name().to_string(), data));
    }
    let renamed = zip_of(&entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect::<Vec<_>>());
    let text: Vec<String> = segments(&renamed).into_iter().map(|s| s.text).collect();
    assert!(text.iter().any(|t| t.contains(SSN)), "the sheet name is extracted");
    let key = TokenKey::new(b"test-key".to_vec());
    let result = extract::redact(&renamed, &Limits::default(), &scanner(), &key, &|_| Redaction::Label);
    assert!(!matches!(result, Ok(Redacted::Rewritten(_))), "{result:?}");
    // The unchanged fixture still redacts in place.
    assert!(matches!(
        extract::redact(&original, &Limits::default(), &scanner(), &key, &|_| Redaction::Label),
        Ok(Redacted::Rewritten(_))
    ));
}

#[test]
fn documents_with_embedded_objects_are_not_redacted_in_place() {
    // An OLE object (here opaque bytes) is not read: a redacted copy would carry it unread.
    let body =
        format!("<w:document><w:body><w:p><w:r><w:t>card {CARD}</w:t></w:r></w:p></w:body></w:document>");
    let key = TokenKey::new(b"test-key".to_vec());
    let plain = docx_with(body.as_bytes());
    let result = extract::redact(&plain, &Limits::default(), &scanner(), &key, &|_| Redaction::Label);
    assert!(matches!(result, Ok(Redacted::Rewritten(_))), "{result:?}");
    let with_object = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", body.as_bytes()),
        ("word/embeddings/oleObject1.bin", &[0x01, 0x02, 0x03, 0x04, 0x00, 0xFF][..]),
    ]);
    let result = extract::redact(&with_object, &Limits::default(), &scanner(), &key, &|_| Redaction::Label);
    assert!(!matches!(result, Ok(Redacted::Rewritten(_))), "{result:?}");
}

#[test]
fn odf_mimetype_stays_first_and_stored() {
    let redacted = redact(&fixture("letter.odt"), Redaction::Mask('*'));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(redacted)).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!((first.name(), first.compression()), ("mimetype", zip::CompressionMethod::Stored));
}

fn names(zip: &[u8]) -> Vec<String> {
    zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap().file_names().map(str::to_string).collect()
}

fn entry(zip: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut out).unwrap();
    out
}

// ---------------------------------------------------------------------------------------------
// LibreOffice round trip

fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if found {
        return Some(PathBuf::from("soffice"));
    }
    eprintln!("!!! soffice (LibreOffice) is not installed: the LibreOffice round trip of redacted files was NOT run");
    assert!(
        std::env::var("CASEGATE_REQUIRE_SOFFICE").as_deref() != Ok("1"),
        "CASEGATE_REQUIRE_SOFFICE=1 but soffice is not installed"
    );
    None
}

/// Converts `input` with LibreOffice headless; returns the converted file's bytes.
fn convert(soffice: &Path, dir: &Path, input: &str, to: &str, ext: &str) -> Vec<u8> {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let status = Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(dir.join(input))
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "soffice failed on {input}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let out = dir.join(Path::new(input).with_extension(ext));
    std::fs::read(&out).unwrap_or_else(|e| panic!("soffice wrote no {}: {e}", out.display()))
}

#[test]
fn libreoffice_opens_redacted_files() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    for how in [Redaction::Mask('*'), Redaction::Label] {
        for file in ["letter.docx", "export.xlsx", "letter.odt"] {
            std::fs::write(dir.path().join(file), redact(&fixture(file), how)).unwrap();
        }
        let pdf = convert(&soffice, dir.path(), "letter.docx", "pdf", "pdf");
        let text: Vec<String> = segments(&pdf).into_iter().map(|s| s.text).collect();
        assert!(text.join("\n").contains("Dear customer"), "converted docx lost its text");
        assert_clean("letter.docx → pdf", how, &text.join("\n"));
        let pdf = convert(&soffice, dir.path(), "letter.odt", "pdf", "pdf");
        let text: Vec<String> = segments(&pdf).into_iter().map(|s| s.text).collect();
        assert_clean("letter.odt → pdf", how, &text.join("\n"));
        // CSV of the first sheet: the numeric card cell must not come back as digits.
        let csv = convert(&soffice, dir.path(), "export.xlsx", "csv", "csv");
        let csv = String::from_utf8_lossy(&csv);
        assert!(csv.contains("Jane Doe"), "converted xlsx lost its text");
        assert_clean("export.xlsx → csv", how, &csv);
    }
}
