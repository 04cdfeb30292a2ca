//! Office documents: OOXML (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS, ODP).
//!
//! Owns reading the zip package under the [`Budget`], walking the XML parts with quick-xml,
//! and turning text runs into [`Segment`]s: runs are joined per paragraph (`w:p`, `a:p`,
//! `text:p`/`text:h`, a shared string `si`, a comment) so a value split across formatting
//! runs is still one string to the scanner. It must not do any I/O, resolve DTDs or external
//! entities (quick-xml never expands custom entities: a billion-laughs part is `Corrupt`), or
//! put document text into errors.
//!
//! Parts read, and the locations they yield (appended to the caller's `location`):
//! - DOCX: `word/document.xml` → `#p=N` (N counts paragraphs, 1-based, nested text-box
//!   paragraphs included); `word/comments.xml` → `!comments#p=N`; headers, footers,
//!   footnotes, endnotes and any other `word/**.xml` with `w:t`/`a:t` text (charts, text
//!   boxes) → `!word/header1.xml#p=N`.
//! - XLSX: cells → `!Sheet1!C14` (shared strings resolved, inline strings, numbers, cached
//!   formula results; formulas themselves are not read); sheet names → `!Sheet1`; comments
//!   → `!comments!C14`; other `xl/**.xml` with `a:t` text (drawings, charts) → `!part#p=N`.
//! - PPTX: `ppt/slides/slideN.xml` → `#slide=N` (N from the part name); comments →
//!   `!comments#p=N`; notes, masters, layouts, charts → `!part#p=N`.
//! - ODT: `content.xml` → `#p=N`; headers/footers in `styles.xml` → `!styles.xml#p=N`;
//!   ODS: `!Sheet1!C14` (paragraphs and numeric/date values of cells); ODP: `#slide=N`.
//! - Document properties (`docProps/*.xml`, `meta.xml`) → `!properties`, the element name as
//!   context.
//!
//! Embedded OOXML files (`word/embeddings/…`) that sniff as a scannable format are extracted
//! as nested documents (`!/word/embeddings/…`). Embeddings that sniff as binary
//! (`oleObject*.bin`) and ODF objects (`Object 1/`) are not read. `redact` refuses a package
//! holding any of these (`Unsupported`: the gateway blocks it) rather than copy it unredacted. Password-protected OOXML is an OLE
//! compound file (`D0 CF 11 E0`) holding `EncryptionInfo` + `EncryptedPackage`: it yields
//! `Encrypted("office")`; any other compound file (legacy .doc/.xls) yields `Unsupported`.
//!
//! Redaction rewrites the text nodes of the same parts in place and copies every other zip
//! entry byte for byte (raw, same order, so ODF's stored `mimetype` stays first). See
//! `rewrite::distribute` for how a paragraph's new text is spread over its original runs.

mod package;
mod paragraphs;
mod plan;
mod rewrite;
mod sheet;
mod xml;

use std::io::Cursor;

use zip::{ZipArchive, ZipWriter};

use super::{emit, extract_nested, sniff, Budget, ExtractError, Format, SegmentSink};
use package::{copy_entry, open, read_entry, write_entry};
use paragraphs::extract_part;
use plan::plan;
use rewrite::redact_part;

const FORMAT: &str = "office";
/// Cap on the spaces one ODF `<text:s text:c="…"/>` expands to (the count is input).
const MAX_SPACES: usize = 256;

type Rewrite<'s> = dyn FnMut(&str) -> String + 's;
type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

fn corrupt(what: &'static str) -> ExtractError {
    ExtractError::Corrupt { format: FORMAT, what }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// Extracts the text of an OOXML or ODF document as located segments.
pub(crate) fn extract(
    format: Format,
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let mut zip = open(bytes, budget)?;
    let plan = plan(format, &mut zip, budget)?;
    for sheet in &plan.sheets {
        emit(budget, sink, format!("{location}!{sheet}"), sheet.clone(), Some("sheet name".to_string()))?;
    }
    for part in &plan.parts {
        let xml = read_entry(&mut zip, part.index, budget)?;
        extract_part(&plan, part, &xml, location, budget, sink)?;
    }
    extract_embedded(&mut zip, location, budget, sink)
}

/// Writes a copy of the document whose text nodes went through `rewrite`.
pub(crate) fn redact(
    format: Format,
    bytes: &[u8],
    budget: &mut Budget,
    rewrite: &mut Rewrite<'_>,
) -> Result<Vec<u8>, ExtractError> {
    let mut zip = open(bytes, budget)?;
    let plan = plan(format, &mut zip, budget)?;
    if has_embedded_objects(&zip) {
        // Embedded documents and objects would be copied unredacted: refuse rather than leak.
        return Err(ExtractError::Unsupported);
    }
    if plan.sheets.iter().any(|name| rewrite(name) != *name) {
        // A sheet name holding a finding: `xl/workbook.xml` is copied as it is, and renaming a
        // sheet would break the formulas that refer to it. Refuse rather than leak.
        return Err(ExtractError::Unsupported);
    }
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for index in 0..zip.len() {
        match plan.parts.iter().find(|p| p.index == index) {
            Some(part) => {
                let xml = read_entry(&mut zip, index, budget)?;
                let new = redact_part(part, &xml, rewrite)?;
                budget.charge(new.len() as u64)?;
                write_entry(&mut zip, &mut out, index, &new)?;
            }
            None => copy_entry(&mut zip, &mut out, index)?,
        }
    }
    let cursor = out.finish().map_err(|_| corrupt("cannot write the redacted package"))?;
    Ok(cursor.into_inner())
}

/// True for an OLE compound file holding an encrypted OOXML package (what Office writes for a
/// password-protected DOCX/XLSX/PPTX), so a sniffer can report it as encrypted.
///
/// Hand-written rather than a compound-file parser: the stream names sit UTF-16LE in the
/// directory sectors, and finding `EncryptionInfo` there is all this needs.
pub(crate) fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
    bytes.starts_with(&CFB_MAGIC) && memchr::memmem::find(bytes, NAME).is_some()
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

// ---------------------------------------------------------------------------------------------
// Embedded documents

/// Embedded documents (`word/embeddings/…`) that sniff as something scannable.
fn embedded(zip: &mut Zip<'_>, budget: &mut Budget) -> Result<Vec<(String, Vec<u8>)>, ExtractError> {
    let names: Vec<(usize, String)> = zip.file_names().map(str::to_string).enumerate().collect();
    let mut out = Vec::new();
    for (index, name) in names {
        if name.contains("/embeddings/") {
            let bytes = read_entry(zip, index, budget)?;
            if sniff(&bytes) != Format::Binary {
                out.push((name, bytes));
            }
        }
    }
    Ok(out)
}

/// Whether the package holds embedded documents or objects: OOXML embeddings (an `.xlsx`, or
/// an OLE container `oleObject1.bin` that may hold a spreadsheet) and ODF objects (`Object
/// 1/content.xml`, `ObjectReplacements/Object 1`). Redaction rewrites none of them.
fn has_embedded_objects(zip: &Zip<'_>) -> bool {
    zip.file_names().any(|name| {
        name.contains("/embeddings/")
            || name.starts_with("Object ")
            || name.starts_with("ObjectReplacements/")
    })
}

fn extract_embedded(
    zip: &mut Zip<'_>,
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    for (name, bytes) in embedded(zip, budget)? {
        extract_nested(&bytes, &format!("{location}!/{name}"), budget, sink)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypted_ooxml_compound_file() {
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend_from_slice(&[0; 504]);
        cfb.extend_from_slice(b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0");
        let mut budget = Budget::new(&super::super::Limits::default());
        let mut sink = |_| Ok(());
        assert_eq!(
            extract(Format::Docx, &cfb, "", &mut budget, &mut sink),
            Err(ExtractError::Encrypted("office"))
        );
        assert!(is_encrypted_ooxml(&cfb));
        let legacy = CFB_MAGIC.to_vec();
        assert_eq!(
            extract(Format::Docx, &legacy, "", &mut budget, &mut sink),
            Err(ExtractError::Unsupported)
        );
    }
}
