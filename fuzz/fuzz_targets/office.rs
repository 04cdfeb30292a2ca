//! Office/ODF extraction and redaction never panic, and stay within small caps.
//!
//! The first byte picks the shape: the input as a whole file, or the rest of the input as the
//! main XML part of a DOCX, an XLSX sheet (with a shared-strings part), or an ODT's
//! `content.xml` (zipped here so the fuzzer reaches the XML walker instead of the zip reader).
#![no_main]

use std::io::Write;

use casegate::extract::{self, Limits};
use libfuzzer_sys::fuzz_target;

fn limits() -> Limits {
    Limits {
        max_total_bytes: 1 << 20,
        max_ratio: 100,
        max_depth: 3,
        max_entries: 64,
        max_time: std::time::Duration::from_secs(2),
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let _ = w.start_file(*name, stored);
        let _ = w.write_all(data);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

const DOCX_TYPES: &[u8] = br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const XLSX_TYPES: &[u8] = br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const WORKBOOK: &[u8] =
    br#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] =
    br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHARED: &[u8] =
    br#"<sst><si><t>536-22-8726</t></si><si><r><t>4111 1111</t></r><r><t> 1111 1111</t></r></si></sst>"#;

fn document(shape: u8, xml: &[u8]) -> Vec<u8> {
    match shape % 4 {
        0 => xml.to_vec(),
        1 => zip_of(&[("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", xml)]),
        2 => zip_of(&[
            ("[Content_Types].xml", XLSX_TYPES),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/sharedStrings.xml", SHARED),
            ("xl/worksheets/sheet1.xml", xml),
        ]),
        _ => zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", xml)]),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&shape, xml)) = data.split_first() else { return };
    let doc = document(shape, xml);
    let _ = extract::extract(&doc, &limits(), &mut |_| Ok(()));
    static SCANNER: std::sync::OnceLock<Option<casegate::Scanner>> = std::sync::OnceLock::new();
    if let Some(scanner) = SCANNER.get_or_init(|| casegate::Scanner::builtin().ok()) {
        let key = casegate::redact::TokenKey::new(b"fuzz".to_vec());
        let how = if shape & 0x80 == 0 {
            casegate::redact::Redaction::Label
        } else {
            casegate::redact::Redaction::Mask('*')
        };
        let _ = extract::redact(&doc, &limits(), scanner, &key, &|_| how);
    }
});
