//! `casegate::extract`: sniffing, extraction with locations, header context, redaction that
//! leaves valid files with nothing left to find, and bombs that end in the right
//! "unscannable" error quickly and without large allocations (a per-thread allocation
//! counter checks the peak).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{Cursor, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use casegate::extract::{self, ExtractError, Format, Limits, Located, Redacted, Segment};
use casegate::packs::Detector;
use casegate::redact::TokenKey;
use casegate::Scanner;

// ----------------------------------------------------------------------------------------
// Allocation accounting (per thread, so parallel tests do not disturb each other).

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add_signed(delta);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f`, returning its result, its wall time and the peak of bytes it had allocated.
fn measured<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let start = Instant::now();
    let out = f();
    (out, start.elapsed(), PEAK.with(Cell::get) - base)
}

// ----------------------------------------------------------------------------------------
// Helpers.

const CARD: &str = "4111 1111 1111 1111";
const CARD2: &str = "5555 5555 5555 4444";

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| Scanner::builtin().expect("built-in packs"))
}

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/extract/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn scan(bytes: &[u8]) -> Vec<Located> {
    scan_with(bytes, &Limits::default()).expect("scannable")
}

fn scan_with(bytes: &[u8], limits: &Limits) -> Result<Vec<Located>, ExtractError> {
    extract::scan(scanner(), &mut scanner().new_scratch(), bytes, limits)
}

/// `(location, entity)` of every finding.
fn found(bytes: &[u8]) -> Vec<(String, String)> {
    scan(bytes)
        .iter()
        .map(|l| (l.location.clone(), scanner().detector(l.finding.detector).entity.clone()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(l, e)| (l.to_string(), e.to_string())).collect()
}

fn segments(bytes: &[u8]) -> Vec<Segment> {
    let mut out = Vec::new();
    extract::extract(bytes, &Limits::default(), &mut |s| {
        out.push(s);
        Ok(())
    })
    .expect("extracts");
    out
}

fn redacted(bytes: &[u8]) -> Vec<u8> {
    let key = TokenKey::new(b"extract-test-key".to_vec());
    let choose = |d: &Detector| d.redaction;
    match extract::redact(bytes, &Limits::default(), scanner(), &key, &choose).expect("redacts") {
        Redacted::Rewritten(out) => out,
        Redacted::CannotRedact(f) => panic!("cannot redact {f:?}"),
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip_of(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

// ----------------------------------------------------------------------------------------
// Sniffing.

macro_rules! sniffs {
    ($($name:ident: $bytes:expr => $format:ident;)*) => {$(
        #[test]
        fn $name() {
            let bytes: Vec<u8> = $bytes.into();
            assert_eq!(extract::sniff(&bytes), Format::$format);
        }
    )*};
}

sniffs! {
    sniff_pdf: b"%PDF-1.7\n1 0 obj\n" => Pdf;
    sniff_not_a_pdf: b"PDF-1.7 statement, honest" => Text;
    sniff_pdf_late_magic: b"  %PDF-1.7" => Text;
    sniff_zip_named_txt: data("bundle.zip") => Zip;
    sniff_tar_gz: data("logs.tar.gz") => Gzip;
    sniff_tar: tar_of(&[("a.txt", b"x")]) => Tar;
    sniff_docx: zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")]) => Docx;
    sniff_xlsx: zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<w/>")]) => Xlsx;
    sniff_pptx: zip_of(&[("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>")]) => Pptx;
    sniff_word_dir_without_types: zip_of(&[("word/document.xml", b"<w/>")]) => Zip;
    sniff_odt: odf("text") => Odt;
    sniff_ods: odf("spreadsheet") => Ods;
    sniff_odp: odf("presentation") => Odp;
    sniff_odf_template_is_zip: odf("text-template") => Zip;
    sniff_eml: b"Received: from x\r\nFrom: a@example.com\r\nSubject: hi\r\n\r\nbody" => Eml;
    sniff_mime_version: b"MIME-Version: 1.0\nContent-Type: text/plain\n\nbody" => Eml;
    sniff_header_without_blank_line: b"From: a@example.com\nSubject: hi\n" => Text;
    sniff_html: b"<!DOCTYPE html>\n<html><body>x</body></html>" => Html;
    sniff_html_tag: b"  <HTML lang=en>" => Html;
    sniff_xml_decl: b"<?xml version=\"1.0\"?><a>x</a>" => Xml;
    sniff_xml_tag: b"<record><dob>1984-03-12</dob></record>" => Xml;
    sniff_json: b" {\"a\": [1, 2]}" => Json;
    sniff_json_array: b"[1, 2]" => Json;
    sniff_broken_json: b"{\"a\": [1, 2}" => Text;
    sniff_csv: b"name,dob\nAda,1984-03-12\nBob,1990-01-01\n" => Csv;
    sniff_csv_quoted: b"name,note\n\"Lovelace, Ada\",x\nBob,y\n" => Csv;
    sniff_semicolon_csv: b"name;dob\nAda;1984-03-12\n" => Csv;
    sniff_tsv: b"name\tdob\nAda\t1984-03-12\n" => Tsv;
    sniff_one_line_is_text: b"name,dob\n" => Text;
    sniff_prose_with_commas: b"Hello, world.\nNo commas, really, here, at all.\n" => Text;
    sniff_text: b"plain words\n" => Text;
    sniff_empty: b"" => Text;
    sniff_binary: vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13] => Binary;
    sniff_latin1_is_binary: b"caf\xe9 cr\xe8me" => Binary;
}

/// A zip whose first entry is a stored `mimetype` (what LibreOffice writes).
fn odf(kind: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(format!("application/vnd.oasis.opendocument.{kind}").as_bytes()).unwrap();
    w.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(b"<office:document-content/>").unwrap();
    w.finish().unwrap().into_inner()
}

// ----------------------------------------------------------------------------------------
// Archives.

#[test]
fn zip_fixture_from_the_zip_tool_locates_the_log_line() {
    assert_eq!(found(&data("bundle.zip")), pairs(&[("!/logs/app.log:2", "CREDIT_CARD")]));
}

#[test]
fn tar_gz_fixture_locates_the_log_line() {
    assert_eq!(found(&data("logs.tar.gz")), pairs(&[("!/logs/app.log:2", "CREDIT_CARD")]));
}

#[test]
fn tar_entries_are_located() {
    let tar = tar_of(&[("a/notes.txt", b"fine\nfine\ncard 4111 1111 1111 1111\n"), ("b.txt", b"nothing")]);
    assert_eq!(found(&tar), pairs(&[("!/a/notes.txt:3", "CREDIT_CARD")]));
}

#[test]
fn nested_zip_in_tar_gz_in_zip() {
    let inner = zip_of(&[("deep/card.txt", format!("pay {CARD2}").as_bytes())]);
    let tgz = gzip_of(&tar_of(&[("inner.zip", &inner)]));
    let outer = zip_of(&[("readme.txt", b"hello"), ("export.tar.gz", &tgz)]);
    assert_eq!(found(&outer), pairs(&[("!/export.tar.gz!/inner.zip!/deep/card.txt:1", "CREDIT_CARD")]));
}

#[test]
fn binary_entry_makes_the_archive_unscannable() {
    let z = zip_of(&[("a.txt", b"ok"), ("image.png", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13])]);
    assert_eq!(scan_with(&z, &Limits::default()), Err(ExtractError::Unsupported));
}

#[test]
fn findings_before_an_error_are_kept_by_scan_into() {
    let z = zip_of(&[("a.txt", format!("card {CARD}").as_bytes()), ("b.bin", &[0, 1, 2, 3, 0xff])]);
    let mut out = Vec::new();
    let err = extract::scan_into(scanner(), &mut scanner().new_scratch(), &z, &Limits::default(), &mut out);
    assert_eq!(err, Err(ExtractError::Unsupported));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].value(), CARD);
    assert!(!format!("{:?}", out[0]).contains("4111"), "Debug must not show the value");
}

#[test]
fn corrupt_zip_is_corrupt() {
    let mut z = data("bundle.zip");
    z.truncate(z.len() - 30);
    assert!(matches!(scan_with(&z, &Limits::default()), Err(ExtractError::Corrupt { .. })));
}

// ----------------------------------------------------------------------------------------
// Tables, markup, text.

const CSV: &str = "name,dob,ssn,mrn,note\n\
Ada Lovelace,1984-03-12,289391604,H9260599,card 4111 1111 1111 1111\n\
\"Byron, George\",1990-07-01,130616858,8973835,\"multi\nline\"\n";

#[test]
fn csv_headers_are_context_for_their_columns() {
    let got = found(CSV.as_bytes());
    assert_eq!(
        got,
        pairs(&[
            (":2:2", "DATE_OF_BIRTH"),
            (":2:3", "US_SSN"),
            (":2:4", "MEDICAL_RECORD_NUMBER"),
            (":2:5", "CREDIT_CARD"),
            (":3:2", "DATE_OF_BIRTH"),
            (":3:3", "US_SSN"),
            (":3:4", "MEDICAL_RECORD_NUMBER"),
        ])
    );
    let values: Vec<String> = scan(CSV.as_bytes()).iter().map(|l| l.value().to_owned()).collect();
    assert_eq!(values[..3], ["1984-03-12", "289391604", "H9260599"]);
}

#[test]
fn the_same_values_without_headers_need_context() {
    let headless = "Ada Lovelace,1984-03-12,289391604,H9260599\nBob,1990-07-01,130616858,8973835\n";
    assert_eq!(found(headless.as_bytes()), vec![]);
    let segs = segments(CSV.as_bytes());
    let dob = segs.iter().find(|s| s.location == ":2:2").unwrap();
    assert_eq!(dob.context.as_deref(), Some("dob"));
    assert_eq!(format!("{dob:?}"), "Segment { location: \":2:2\", len: 10 }");
}

#[test]
fn tsv_and_semicolon_csv() {
    assert_eq!(found(b"name\tssn\nAda\t289391604\n"), pairs(&[(":2:2", "US_SSN")]));
    assert_eq!(found(b"name;ssn\nAda;289391604\n"), pairs(&[(":2:2", "US_SSN")]));
}

#[test]
fn xml_element_and_attribute_names_are_context() {
    let xml = b"<?xml version=\"1.0\"?>\n<patients>\n  <patient ssn=\"289391604\">\n    <dob>1984-03-12</dob>\n  </patient>\n</patients>\n";
    assert_eq!(found(xml), pairs(&[(":3", "US_SSN"), (":4", "DATE_OF_BIRTH")]));
}

#[test]
fn html_text_and_attributes() {
    let html = b"<!DOCTYPE html>\n<html><body>\n<p title=\"card 4111 1111 1111 1111\">x</p>\n<p>refund &amp; card 5555 5555 5555 4444</p>\n</body></html>";
    assert_eq!(found(html), pairs(&[(":3", "CREDIT_CARD"), (":4", "CREDIT_CARD")]));
}

#[test]
fn html_values_split_by_tags_are_found_on_their_line() {
    // As the gateway reads an HTML body: inline tags take no room, a newline inside a paragraph
    // is a space (the label keeps its value), a block starts a new segment on its own line.
    let html = b"<!DOCTYPE html>\n<p>one</p>\n<p>card 4111 <b>1111</b> 1111 1111</p>\n<p>SSN\n<i>536</i>-22-8726</p>";
    assert_eq!(found(html), pairs(&[(":3", "CREDIT_CARD"), (":4", "US_SSN")]));
}

#[test]
fn text_lines_are_located() {
    let text = format!("one\n\ntwo\r\ncard {CARD}\r\n");
    assert_eq!(found(text.as_bytes()), pairs(&[(":4", "CREDIT_CARD")]));
}

// ----------------------------------------------------------------------------------------
// Mail.

fn eml() -> String {
    let attachment = base64_lines(format!("name,ssn\nAda,289391604\nBob,refund {CARD2}\n").as_bytes());
    format!(
        "From: Ada <ada@example.com>\r\n\
To: support@example.com\r\n\
Subject: my card {CARD}\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
\r\n\
--outer\r\n\
Content-Type: multipart/alternative; boundary=\"alt\"\r\n\
\r\n\
--alt\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Hello,=20my SSN is 289=\r\n391604 and caf=C3=A9 is fine.\r\n\
--alt\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>card {CARD2}</p></body></html>\r\n\
--alt--\r\n\
--outer\r\n\
Content-Type: text/csv; name=\"export.csv\"\r\n\
Content-Disposition: attachment; filename=\"export.csv\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{attachment}\
--outer--\r\n"
    )
}

fn base64_lines(data: &[u8]) -> String {
    use base64::Engine;
    let s = base64::engine::general_purpose::STANDARD.encode(data);
    s.as_bytes().chunks(76).map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap())).collect()
}

#[test]
fn eml_headers_parts_and_attachments() {
    let mail = eml();
    assert_eq!(extract::sniff(mail.as_bytes()), Format::Eml);
    assert_eq!(
        found(mail.as_bytes()),
        pairs(&[
            ("!/header/From", "EMAIL_ADDRESS"),
            ("!/header/To", "EMAIL_ADDRESS"),
            ("!/header/Subject", "CREDIT_CARD"),
            ("!/text[1]:1", "US_SSN"),
            ("!/html[1]:1", "CREDIT_CARD"),
            ("!/attachment[1]/export.csv:2:2", "US_SSN"),
            ("!/attachment[1]/export.csv:3:2", "CREDIT_CARD"),
        ])
    );
}

// ----------------------------------------------------------------------------------------
// Redaction: valid files afterwards, nothing left to find.

#[test]
fn redacted_csv_stays_csv_with_nothing_left() {
    let out = redacted(CSV.as_bytes());
    assert_eq!(extract::sniff(&out), Format::Csv);
    assert_eq!(found(&out), vec![]);
    let mut rows = csv::ReaderBuilder::new().has_headers(true).from_reader(out.as_slice());
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[1][0], "Byron, George");
    assert_eq!(&records[1][4], "multi\nline");
    assert_eq!(&records[0][1], "[DATE_OF_BIRTH]");
}

#[test]
fn csv_without_findings_is_byte_identical() {
    let csv = b"a,b\n\"quoted\",plain\n";
    assert_eq!(redacted(csv), csv);
}

#[test]
fn redacted_zip_is_a_zip_with_nothing_left() {
    let inner = zip_of(&[("card.txt", format!("pay {CARD2}").as_bytes())]);
    let z = zip_of(&[("logs/app.log", format!("ok\ncard {CARD}\n").as_bytes()), ("inner.zip", &inner)]);
    let out = redacted(&z);
    assert_eq!(extract::sniff(&out), Format::Zip);
    assert_eq!(found(&out), vec![]);
    let segs = segments(&out);
    assert!(segs.iter().any(|s| s.location == "!/logs/app.log:2" && s.text.ends_with("1111")), "{segs:?}");
    let redacted_tgz = redacted(&data("logs.tar.gz"));
    assert_eq!(extract::sniff(&redacted_tgz), Format::Gzip);
    assert_eq!(found(&redacted_tgz), vec![]);
}

#[test]
fn redacted_eml_keeps_its_structure_with_nothing_left() {
    let mail = eml();
    let out = redacted(mail.as_bytes());
    assert_eq!(extract::sniff(&out), Format::Eml);
    assert_eq!(found(&out), vec![]);
    let parsed = mail_parser::MessageParser::default().parse(&out).unwrap();
    assert_eq!(parsed.parts.len(), 5, "same MIME tree");
    assert!(parsed.body_text(0).unwrap().contains("caf\u{e9} is fine"));
    assert_eq!(parsed.attachments().count(), 1);
    let raw = String::from_utf8(out).unwrap();
    assert!(raw.contains("Content-Transfer-Encoding: quoted-printable\r\n"));
    assert!(raw.contains("boundary=\"outer\""));
}

#[test]
fn pdf_and_binary_cannot_be_redacted() {
    let key = TokenKey::new(b"k".to_vec());
    let choose = |d: &Detector| d.redaction;
    let pdf = extract::redact(b"%PDF-1.4\n", &Limits::default(), scanner(), &key, &choose).unwrap();
    assert!(matches!(pdf, Redacted::CannotRedact(Format::Pdf)));
    let bin = extract::redact(&[0u8, 1, 2, 0xff], &Limits::default(), scanner(), &key, &choose).unwrap();
    assert!(matches!(bin, Redacted::CannotRedact(Format::Binary)));
}

// ----------------------------------------------------------------------------------------
// Bombs and traps: the right error, fast, without large allocations.

/// Asserts `bytes` fails with `expected` within the time cap, with under 32 MiB allocated.
/// (How fast is measured by `benches/extract.rs`; a test only holds the documented cap.)
fn bombs(bytes: &[u8], expected: ExtractError) {
    let limits = Limits::default();
    let (result, took, peak) = measured(|| scan_with(bytes, &limits));
    assert_eq!(result.map(|v| v.len()), Err(expected));
    assert!(took < limits.max_time, "took {took:?}");
    assert!(peak < 32 << 20, "peak allocation {} MiB", peak >> 20);
}

/// A zip with one entry of `size` zeros, written in 1 MiB pieces (never held in memory).
fn zeros_zip(size: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(9));
    w.start_file("zeros.txt", options).unwrap();
    let mb = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        w.write_all(&mb).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bomb_is_refused_by_ratio() {
    let bomb = zeros_zip(200 << 20);
    assert!(bomb.len() < 400 << 10, "{} bytes", bomb.len());
    bombs(&bomb, ExtractError::Ratio { limit: 200 });
}

#[test]
fn gzip_bomb_is_refused_by_ratio_while_inflating() {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mb = vec![0u8; 1 << 20];
    for _ in 0..200 {
        e.write_all(&mb).unwrap();
    }
    bombs(&e.finish().unwrap(), ExtractError::Ratio { limit: 200 });
}

#[test]
fn nested_archive_bomb_is_refused_by_depth() {
    let mut z = b"card 4111 1111 1111 1111".to_vec();
    for _ in 0..20 {
        z = zip_of(&[("next.zip", &z)]);
    }
    bombs(&z, ExtractError::TooDeep { limit: 8 });
}

#[test]
fn many_entries_zip_is_refused_by_entry_count() {
    let names: Vec<String> = (0..20_000).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), b"x".as_slice())).collect();
    bombs(&zip_of(&entries), ExtractError::TooManyEntries { limit: 10_000 });
}

#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_owned() } else { format!("lol{}", i - 1) };
        xml += &format!(" <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10));
    }
    xml += "]>\n<lolz>&lol9;</lolz>\n";
    bombs(
        xml.as_bytes(),
        ExtractError::Corrupt { format: "xml", what: "declares entities (never expanded)" },
    );
}

#[test]
fn undeclared_entities_are_scanned_as_written() {
    assert_eq!(found(b"<a>&card; 4111 1111 1111 1111</a>"), pairs(&[(":1", "CREDIT_CARD")]));
}

#[test]
fn encrypted_zip_from_the_zip_tool() {
    bombs(&data("encrypted.zip"), ExtractError::Encrypted("zip"));
}

#[test]
fn total_bytes_cap() {
    let z = zip_of(&[("a.txt", "card 4111 1111 1111 1111\n".repeat(100_000).as_bytes())]);
    let limits = Limits { max_total_bytes: 1 << 20, max_ratio: u64::MAX, ..Limits::default() };
    assert_eq!(scan_with(&z, &limits).map(|v| v.len()), Err(ExtractError::TooLarge { limit: 1 << 20 }));
}

#[test]
fn time_cap() {
    let z = zip_of(&[("a.txt", b"x")]);
    let limits = Limits { max_time: Duration::ZERO, ..Limits::default() };
    assert_eq!(scan_with(&z, &limits).map(|v| v.len()), Err(ExtractError::Timeout(Duration::ZERO)));
}

#[test]
fn reasons_are_stable() {
    assert_eq!(ExtractError::Encrypted("zip").reason(), "encrypted");
    assert_eq!(ExtractError::Ratio { limit: 1 }.reason(), "compression_ratio");
}
