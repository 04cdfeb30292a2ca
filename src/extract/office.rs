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
//! Embedded files (`word/embeddings/…`, ODF `Object 1/`, images) are skipped, not reported:
//! the extraction API has no nested-document hook yet. Password-protected OOXML is an OLE
//! compound file (`D0 CF 11 E0`) holding `EncryptionInfo` + `EncryptedPackage`: it yields
//! `Encrypted("office")`; any other compound file (legacy .doc/.xls) yields `Unsupported`.
//!
//! Redaction rewrites the text nodes of the same parts in place and copies every other zip
//! entry byte for byte (raw, same order, so ODF's stored `mimetype` stays first). See
//! [`distribute`] for how a paragraph's new text is spread over its original runs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{emit, extract_nested, sniff, Budget, ExtractError, Format, SegmentSink};

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
    if !embedded(&mut zip, budget)?.is_empty() {
        // Embedded documents would be copied unredacted: refuse rather than leak.
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
// Zip package under the budget

fn open<'a>(bytes: &'a [u8], budget: &mut Budget) -> Result<Zip<'a>, ExtractError> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(if is_encrypted_ooxml(bytes) {
            ExtractError::Encrypted(FORMAT)
        } else {
            ExtractError::Unsupported
        });
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt("not a readable zip package"))?;
    for _ in 0..zip.len() {
        budget.entry()?;
    }
    Ok(zip)
}

/// Reads one entry through a reader capped by the remaining budget and the ratio limit.
fn read_entry(zip: &mut Zip<'_>, index: usize, budget: &mut Budget) -> Result<Vec<u8>, ExtractError> {
    let entry = zip.by_index(index).map_err(zip_error)?;
    let compressed = entry.compressed_size();
    let ratio_cap = compressed.saturating_mul(budget.limits().max_ratio).max(1 << 20);
    let cap = budget.remaining().min(ratio_cap);
    let mut out = Vec::new();
    entry.take(cap.saturating_add(1)).read_to_end(&mut out).map_err(|_| corrupt("unreadable zip entry"))?;
    let produced = out.len() as u64;
    if produced > cap {
        return Err(if cap == ratio_cap {
            ExtractError::Ratio { limit: budget.limits().max_ratio }
        } else {
            ExtractError::TooLarge { limit: budget.limits().max_total_bytes }
        });
    }
    budget.charge(produced)?;
    budget.check_ratio(compressed, produced)?;
    Ok(out)
}

fn zip_error(e: zip::result::ZipError) -> ExtractError {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            ExtractError::Encrypted(FORMAT)
        }
        _ => corrupt("unreadable zip entry"),
    }
}

fn write_entry(
    zip: &mut Zip<'_>,
    out: &mut ZipWriter<Cursor<Vec<u8>>>,
    index: usize,
    data: &[u8],
) -> Result<(), ExtractError> {
    let entry = zip.by_index_raw(index).map_err(zip_error)?;
    let method = match entry.compression() {
        CompressionMethod::Stored => CompressionMethod::Stored,
        _ => CompressionMethod::Deflated,
    };
    let mut options = SimpleFileOptions::default().compression_method(method);
    if let Some(time) = entry.last_modified() {
        options = options.last_modified_time(time);
    }
    let name = entry.name().to_string();
    drop(entry);
    let failed = |_| corrupt("cannot write the redacted package");
    out.start_file(name, options).map_err(failed)?;
    out.write_all(data).map_err(|_| corrupt("cannot write the redacted package"))
}

fn copy_entry(
    zip: &mut Zip<'_>,
    out: &mut ZipWriter<Cursor<Vec<u8>>>,
    index: usize,
) -> Result<(), ExtractError> {
    let entry = zip.by_index_raw(index).map_err(zip_error)?;
    out.raw_copy_file(entry).map_err(|_| corrupt("cannot copy a zip entry"))
}

// ---------------------------------------------------------------------------------------------
// Which parts to read, in which order

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    /// `w:p`/`a:p` paragraphs, text only inside `w:t`/`a:t`/`t`.
    Ooxml,
    /// `text:p`/`text:h` paragraphs with mixed content.
    Odf,
}

#[derive(Clone, Debug)]
enum Kind {
    /// Paragraph text; `prefix` is the location before `#p=N` or the slide number.
    Body {
        family: Family,
        prefix: String,
        slide: Option<usize>,
    },
    /// ODF `content.xml`: paragraphs located by cell (ODS) or slide (ODP) when inside one.
    OdfContent(Format),
    Properties,
    SharedStrings,
    Sheet {
        name: String,
    },
    XlsxComments,
}

#[derive(Clone, Debug)]
struct Part {
    index: usize,
    kind: Kind,
}

struct Plan {
    parts: Vec<Part>,
    /// XLSX: shared strings by index, read before the sheets.
    shared: Vec<String>,
    sheets: Vec<String>,
}

fn plan(format: Format, zip: &mut Zip<'_>, budget: &mut Budget) -> Result<Plan, ExtractError> {
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut plan = Plan { parts: Vec::new(), shared: Vec::new(), sheets: Vec::new() };
    match format {
        Format::Xlsx => plan_xlsx(zip, &names, budget, &mut plan)?,
        Format::Odt | Format::Ods | Format::Odp => plan_odf(format, &names, &mut plan),
        Format::Docx | Format::Pptx => plan_ooxml(&names, &mut plan),
        _ => return Err(ExtractError::Unsupported),
    }
    plan.parts.sort_by_key(|p| order(&p.kind));
    Ok(plan)
}

/// Main text first, properties last: findings come out in reading order.
fn order(kind: &Kind) -> u8 {
    match kind {
        Kind::SharedStrings => 0,
        Kind::Sheet { .. } | Kind::OdfContent(_) => 1,
        Kind::Body { slide: Some(_), .. } => 1,
        Kind::Body { prefix, .. } if prefix.is_empty() => 1,
        Kind::Body { .. } | Kind::XlsxComments => 2,
        Kind::Properties => 3,
    }
}

fn index_of(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| n == name)
}

fn is_properties(name: &str) -> bool {
    matches!(name, "docProps/core.xml" | "docProps/app.xml" | "docProps/custom.xml" | "meta.xml")
}

fn plan_ooxml(names: &[String], plan: &mut Plan) {
    for (index, name) in names.iter().enumerate() {
        if let Some(kind) = ooxml_kind(name) {
            plan.parts.push(Part { index, kind });
        }
    }
}

/// DOCX/PPTX parts worth reading (and the XLSX parts that are not cells).
fn ooxml_kind(name: &str) -> Option<Kind> {
    if is_properties(name) {
        return Some(Kind::Properties);
    }
    let body =
        |prefix: &str, slide| Some(Kind::Body { family: Family::Ooxml, prefix: prefix.to_string(), slide });
    match name {
        "word/document.xml" => return body("", None),
        "word/comments.xml" => return body("!comments", None),
        _ => {}
    }
    if let Some(n) = numbered(name, "ppt/slides/slide") {
        return body("", Some(n));
    }
    if name.starts_with("ppt/comments/") && name.ends_with(".xml") {
        return body("!comments", None);
    }
    let root = ["word/", "ppt/", "xl/drawings/", "xl/charts/"].iter().any(|r| name.starts_with(r));
    let skip =
        ["styles", "settings", "fontTable", "webSettings", "numbering", "theme", "presProps", "viewProps"];
    let boring = name.contains("/_rels/") || skip.iter().any(|s| name.contains(s));
    (root && name.ends_with(".xml") && !boring).then(|| Kind::Body {
        family: Family::Ooxml,
        prefix: format!("!{name}"),
        slide: None,
    })
}

/// `ppt/slides/slide12.xml` → 12.
fn numbered(name: &str, stem: &str) -> Option<usize> {
    name.strip_prefix(stem)?.strip_suffix(".xml")?.parse().ok()
}

fn plan_odf(format: Format, names: &[String], plan: &mut Plan) {
    if let Some(index) = index_of(names, "content.xml") {
        plan.parts.push(Part { index, kind: Kind::OdfContent(format) });
    }
    if let Some(index) = index_of(names, "styles.xml") {
        let kind = Kind::Body { family: Family::Odf, prefix: "!styles.xml".to_string(), slide: None };
        plan.parts.push(Part { index, kind });
    }
    if let Some(index) = index_of(names, "meta.xml") {
        plan.parts.push(Part { index, kind: Kind::Properties });
    }
}

fn plan_xlsx(
    zip: &mut Zip<'_>,
    names: &[String],
    budget: &mut Budget,
    plan: &mut Plan,
) -> Result<(), ExtractError> {
    let sheets = workbook_sheets(zip, names, budget)?;
    for (sheet, target) in sheets {
        if let Some(index) = index_of(names, &target) {
            plan.parts.push(Part { index, kind: Kind::Sheet { name: sheet.clone() } });
        }
        plan.sheets.push(sheet);
    }
    if let Some(index) = index_of(names, "xl/sharedStrings.xml") {
        plan.parts.push(Part { index, kind: Kind::SharedStrings });
        let xml = read_entry(zip, index, budget)?;
        plan.shared = shared_strings(&xml, budget)?;
    }
    for (index, name) in names.iter().enumerate() {
        if name.starts_with("xl/comments") && name.ends_with(".xml") {
            plan.parts.push(Part { index, kind: Kind::XlsxComments });
        } else if let Some(kind) = ooxml_kind(name) {
            plan.parts.push(Part { index, kind });
        }
    }
    Ok(())
}

/// Sheet names and their part names, in workbook order (`xl/workbook.xml` + its rels).
fn workbook_sheets(
    zip: &mut Zip<'_>,
    names: &[String],
    budget: &mut Budget,
) -> Result<Vec<(String, String)>, ExtractError> {
    let (Some(wb), Some(rels)) =
        (index_of(names, "xl/workbook.xml"), index_of(names, "xl/_rels/workbook.xml.rels"))
    else {
        return Err(corrupt("xlsx without a workbook"));
    };
    let targets = relationships(&read_entry(zip, rels, budget)?)?;
    let mut sheets = Vec::new();
    for_each_start(&read_entry(zip, wb, budget)?, &mut |e| {
        if e.local_name().as_ref() == b"sheet" {
            let name = attr(e, b"name")?.unwrap_or_default();
            let id = attr(e, b"r:id")?.unwrap_or_default();
            let target = targets.get(&id).map(|t| resolve("xl/", t)).unwrap_or_default();
            sheets.push((name, target));
        }
        Ok(())
    })?;
    Ok(sheets)
}

/// `Id` → `Target` of a `.rels` part.
fn relationships(xml: &[u8]) -> Result<HashMap<String, String>, ExtractError> {
    let mut map = HashMap::new();
    for_each_start(xml, &mut |e| {
        if e.local_name().as_ref() == b"Relationship" {
            if let (Some(id), Some(target)) = (attr(e, b"Id")?, attr(e, b"Target")?) {
                map.insert(id, target);
            }
        }
        Ok(())
    })?;
    Ok(map)
}

/// A relationship target relative to `base` (`worksheets/sheet1.xml`) or absolute (`/xl/…`).
fn resolve(base: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{base}{target}"),
    }
}

// ---------------------------------------------------------------------------------------------
// XML helpers

fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    reader
}

fn next<'a>(reader: &mut Reader<&'a [u8]>) -> Result<Event<'a>, ExtractError> {
    reader.read_event().map_err(|_| corrupt("malformed xml part"))
}

/// Calls `f` on every start (or empty) element of `xml`.
fn for_each_start(
    xml: &[u8],
    f: &mut dyn FnMut(&BytesStart<'_>) -> Result<(), ExtractError>,
) -> Result<(), ExtractError> {
    let mut reader = reader(xml);
    loop {
        match next(&mut reader)? {
            Event::Start(e) | Event::Empty(e) => f(&e)?,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An attribute by qualified name, unescaped.
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, ExtractError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => {
            a.unescape_value().map(|v| Some(v.into_owned())).map_err(|_| corrupt("malformed xml attribute"))
        }
        Ok(None) => Ok(None),
        Err(_) => Err(corrupt("malformed xml attribute")),
    }
}

fn unescape(text: &BytesText<'_>) -> Result<String, ExtractError> {
    text.unescape().map(Cow::into_owned).map_err(|_| corrupt("malformed xml text"))
}

/// `3` → `C` (1-based column number to letters).
fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = ((col - 1) % 26) as u8;
        out.push(b'A' + rem);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Paragraph walker: shared by extraction and redaction

/// One piece of a paragraph's text.
#[derive(Debug)]
struct Run {
    text: String,
    /// Index of the text event in the paragraph buffer; `None` for a tab, break or ODF
    /// space element (fixed: its text cannot change).
    event: Option<usize>,
    /// Index of the enclosing OOXML text element's start tag (for `xml:space`).
    start: Option<usize>,
}

#[derive(Debug)]
struct Paragraph {
    location: String,
    context: Option<String>,
    runs: Vec<Run>,
}

impl Paragraph {
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// How a part is read: which elements are paragraphs and text, and where paragraphs are.
struct Walker {
    family: Family,
    /// Every element is its own paragraph (document properties).
    every_element: bool,
    locator: Locator,
    /// Open elements: local name and ODS repeat count (applied when the element closes).
    stack: Vec<(Vec<u8>, u64)>,
    paragraphs: Vec<(usize, Paragraph)>,
    /// Depth of the innermost open OOXML text element and its start event index.
    text_element: Option<(usize, usize)>,
}

/// Where the walker is in the document, for locations.
#[derive(Default)]
struct Locator {
    prefix: String,
    slide: Option<usize>,
    paragraphs: usize,
    /// ODF `content.xml`: the format decides what locations look like.
    odf: Option<Format>,
    sheet: String,
    row: u64,
    col: u64,
    in_cell: bool,
    /// XLSX comments: the `ref` of the current comment.
    comment_ref: Option<String>,
}

impl Locator {
    fn for_kind(kind: &Kind) -> Locator {
        match kind {
            Kind::Body { prefix, slide, .. } => {
                Locator { prefix: prefix.clone(), slide: *slide, ..Locator::default() }
            }
            Kind::OdfContent(format) => Locator { odf: Some(*format), ..Locator::default() },
            _ => Locator::default(),
        }
    }

    /// Tracks ODS tables/rows/cells, ODP pages and XLSX comment cells.
    fn open(&mut self, local: &[u8], e: &BytesStart<'_>) -> Result<(), ExtractError> {
        match local {
            b"table" if self.odf.is_some() => {
                self.sheet = attr(e, b"table:name")?.unwrap_or_default();
                self.row = 0;
            }
            b"table-row" => {
                self.row += 1;
                self.col = 0;
            }
            b"table-cell" | b"covered-table-cell" => {
                self.col += 1;
                self.in_cell = true;
            }
            b"page" if self.odf == Some(Format::Odp) => self.slide = Some(self.slide.unwrap_or(0) + 1),
            b"comment" => self.comment_ref = attr(e, b"ref")?,
            _ => {}
        }
        Ok(())
    }

    /// Applies `number-rows-repeated` / `number-columns-repeated` when the element closes.
    fn close(&mut self, local: &[u8], repeat: u64) {
        match local {
            b"table-row" => self.row = self.row.saturating_add(repeat.saturating_sub(1)),
            b"table-cell" | b"covered-table-cell" => {
                self.col = self.col.saturating_add(repeat.saturating_sub(1));
                self.in_cell = false;
            }
            _ => {}
        }
    }

    fn cell(&self) -> String {
        format!("!{}!{}{}", self.sheet, column_letters(self.col), self.row)
    }

    fn paragraph(&mut self) -> String {
        self.paragraphs += 1;
        if let Some(r) = &self.comment_ref {
            return format!("!comments!{r}");
        }
        if self.odf == Some(Format::Ods) && self.in_cell {
            return self.cell();
        }
        match self.slide {
            Some(n) => format!("{}#slide={n}", self.prefix),
            None => format!("{}#p={}", self.prefix, self.paragraphs),
        }
    }
}

/// What the walker reports.
enum Step {
    /// A paragraph closed (innermost first when nested).
    Paragraph(Paragraph),
    /// The outermost open paragraph closed: buffered events can be flushed.
    Flush,
    /// An ODS cell value held in an attribute (`office:value`): location, text, and the event
    /// index of the cell's start tag.
    CellValue(String, String, usize),
}

impl Walker {
    fn new(kind: &Kind) -> Walker {
        let family = match kind {
            Kind::Body { family, .. } => *family,
            Kind::OdfContent(_) => Family::Odf,
            _ => Family::Ooxml,
        };
        Walker {
            family,
            every_element: matches!(kind, Kind::Properties),
            locator: Locator::for_kind(kind),
            stack: Vec::new(),
            paragraphs: Vec::new(),
            text_element: None,
        }
    }

    fn in_paragraph(&self) -> bool {
        !self.paragraphs.is_empty()
    }

    fn is_paragraph(&self, local: &[u8]) -> bool {
        self.every_element
            || match self.family {
                Family::Ooxml => matches!(local, b"p" | b"si" | b"comment"),
                Family::Odf => matches!(local, b"p" | b"h"),
            }
    }

    /// OOXML: the elements whose character data is document text.
    fn is_text_element(&self, local: &[u8]) -> bool {
        self.family == Family::Ooxml && matches!(local, b"t" | b"delText" | b"instrText")
    }

    /// Elements standing for a character.
    fn separator(&self, local: &[u8], e: &BytesStart<'_>) -> Result<Option<String>, ExtractError> {
        Ok(match (self.family, local) {
            (_, b"tab") => Some("\t".to_string()),
            (Family::Ooxml, b"br" | b"cr") | (Family::Odf, b"line-break") => Some("\n".to_string()),
            (Family::Odf, b"s") => {
                let n = attr(e, b"text:c")?.and_then(|c| c.parse::<usize>().ok()).unwrap_or(1);
                Some(" ".repeat(n.min(MAX_SPACES)))
            }
            _ => None,
        })
    }

    /// ODF elements whose text is not part of the paragraph around them.
    fn ignored(&self) -> bool {
        self.family == Family::Odf
            && self
                .stack
                .iter()
                .rev()
                .take(2)
                .any(|(l, _)| matches!(l.as_slice(), b"creator" | b"date" | b"note-citation"))
    }

    fn start(&mut self, e: &BytesStart<'_>, index: usize, steps: &mut Vec<Step>) -> Result<(), ExtractError> {
        let local = e.local_name().as_ref().to_vec();
        self.locator.open(&local, e)?;
        if let Some(value) = self.cell_value(&local, e)? {
            steps.push(Step::CellValue(self.locator.cell(), value, index));
        }
        if let Some(sep) = self.separator(&local, e)? {
            self.push_run(Run { text: sep, event: None, start: None });
        }
        if self.is_paragraph(&local) {
            let location =
                if self.every_element { "!properties".to_string() } else { self.locator.paragraph() };
            let context = self.every_element.then(|| String::from_utf8_lossy(&local).into_owned());
            self.paragraphs.push((self.stack.len() + 1, Paragraph { location, context, runs: Vec::new() }));
        }
        if self.is_text_element(&local) {
            self.text_element = Some((self.stack.len() + 1, index));
        }
        self.stack.push((local, repeat(e)?));
        Ok(())
    }

    /// ODS numeric, currency, percentage and date cells keep their value in an attribute.
    fn cell_value(&self, local: &[u8], e: &BytesStart<'_>) -> Result<Option<String>, ExtractError> {
        if self.locator.odf != Some(Format::Ods) || local != b"table-cell" {
            return Ok(None);
        }
        Ok(match attr(e, b"office:value")? {
            Some(v) => Some(v),
            None => attr(e, b"office:date-value")?,
        })
    }

    fn end(&mut self, steps: &mut Vec<Step>) {
        let depth = self.stack.len();
        let (local, repeat) = self.stack.pop().unwrap_or_default();
        self.locator.close(&local, repeat);
        if self.text_element.is_some_and(|(d, _)| d == depth) {
            self.text_element = None;
        }
        if self.paragraphs.last().is_some_and(|(d, _)| *d == depth) {
            if local == b"comment" {
                self.locator.comment_ref = None;
            }
            if let Some((_, p)) = self.paragraphs.pop() {
                steps.push(Step::Paragraph(p));
            }
            if self.paragraphs.is_empty() {
                steps.push(Step::Flush);
            }
        }
    }

    fn text(&mut self, text: String, index: usize) {
        let counts = match self.family {
            Family::Ooxml => self.text_element.is_some() || self.every_element,
            Family::Odf => !self.ignored(),
        };
        if counts {
            let start = self.text_element.map(|(_, i)| i);
            self.push_run(Run { text, event: Some(index), start });
        }
    }

    fn push_run(&mut self, run: Run) {
        if let Some((_, p)) = self.paragraphs.last_mut() {
            p.runs.push(run);
        }
    }

    /// Feeds one event; `index` is its position in the caller's buffer.
    fn feed(&mut self, event: &Event<'_>, index: usize, steps: &mut Vec<Step>) -> Result<(), ExtractError> {
        match event {
            Event::Start(e) => self.start(e, index, steps)?,
            Event::Empty(e) => {
                self.start(e, index, steps)?;
                self.end(steps);
            }
            Event::End(_) => self.end(steps),
            Event::Text(t) if self.in_paragraph() => self.text(unescape(t)?, index),
            Event::CData(t) if self.in_paragraph() => {
                let text = std::str::from_utf8(t).map_err(|_| corrupt("malformed xml text"))?;
                self.text(text.to_string(), index)
            }
            _ => {}
        }
        Ok(())
    }
}

/// ODS `table:number-rows-repeated` / `table:number-columns-repeated`, 1 when absent.
fn repeat(e: &BytesStart<'_>) -> Result<u64, ExtractError> {
    for name in [&b"table:number-rows-repeated"[..], b"table:number-columns-repeated"] {
        if let Some(n) = attr(e, name)? {
            return Ok(n.parse().unwrap_or(1));
        }
    }
    Ok(1)
}

// ---------------------------------------------------------------------------------------------
// Extraction

fn extract_part(
    plan: &Plan,
    part: &Part,
    xml: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    match &part.kind {
        Kind::SharedStrings => Ok(()),
        Kind::Sheet { name } => extract_sheet(xml, name, &plan.shared, location, budget, sink),
        kind => extract_paragraphs(kind, xml, location, budget, sink),
    }
}

fn extract_paragraphs(
    kind: &Kind,
    xml: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let mut walker = Walker::new(kind);
    let mut reader = reader(xml);
    let mut steps = Vec::new();
    // An ODS cell value waiting to see whether the cell's paragraph repeats it.
    let mut value: Option<(String, String)> = None;
    loop {
        let event = next(&mut reader)?;
        if matches!(event, Event::Eof) {
            return emit_value(value.take(), location, budget, sink);
        }
        walker.feed(&event, 0, &mut steps)?;
        for step in steps.drain(..) {
            match step {
                Step::Paragraph(p) => {
                    let text = p.text();
                    if value.as_ref().is_some_and(|(at, v)| *at == p.location && *v == text) {
                        value = None;
                    }
                    emit_value(value.take(), location, budget, sink)?;
                    if !text.trim().is_empty() {
                        emit(budget, sink, format!("{location}{}", p.location), text, p.context)?;
                    }
                }
                Step::CellValue(at, v, _) => emit_value(value.replace((at, v)), location, budget, sink)?,
                Step::Flush => {}
            }
        }
    }
}

fn emit_value(
    value: Option<(String, String)>,
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    match value {
        Some((at, v)) => emit(budget, sink, format!("{location}{at}"), v, None),
        None => Ok(()),
    }
}

/// The text of every shared string, by index (empty strings kept so indices line up).
fn shared_strings(xml: &[u8], budget: &mut Budget) -> Result<Vec<String>, ExtractError> {
    let mut walker = Walker::new(&Kind::SharedStrings);
    let mut reader = reader(xml);
    let (mut steps, mut out) = (Vec::new(), Vec::new());
    loop {
        let event = next(&mut reader)?;
        if matches!(event, Event::Eof) {
            return Ok(out);
        }
        walker.feed(&event, 0, &mut steps)?;
        for step in steps.drain(..) {
            if let Step::Paragraph(p) = step {
                budget.check_time()?;
                out.push(p.text());
            }
        }
    }
}

/// One XLSX `<c>` being read.
#[derive(Default)]
struct Cell {
    reference: String,
    kind: String,
    value: String,
    inline: String,
}

/// What part of a cell the sheet reader is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellPart {
    None,
    Value,
    InlineText,
}

fn extract_sheet(
    xml: &[u8],
    sheet: &str,
    shared: &[String],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let mut reader = reader(xml);
    let (mut cell, mut part, mut row, mut col) = (None::<Cell>, CellPart::None, 0u64, 0u64);
    loop {
        match next(&mut reader)? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"row" => (row, col) = (attr(&e, b"r")?.and_then(|r| r.parse().ok()).unwrap_or(row + 1), 0),
                b"c" => {
                    col += 1;
                    cell = Some(start_cell(&e, row, col)?);
                }
                b"v" => part = CellPart::Value,
                b"t" if cell.is_some() => part = CellPart::InlineText,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"c" => col += 1,
            Event::Text(t) => match (&mut cell, part) {
                (Some(c), CellPart::Value) => c.value.push_str(&unescape(&t)?),
                (Some(c), CellPart::InlineText) => c.inline.push_str(&unescape(&t)?),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"v" | b"t" => part = CellPart::None,
                b"c" => {
                    if let Some((at, text)) = cell.take().and_then(|c| cell_text(sheet, c, shared)) {
                        emit(budget, sink, format!("{location}{at}"), text, None)?;
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn start_cell(e: &BytesStart<'_>, row: u64, col: u64) -> Result<Cell, ExtractError> {
    let reference = attr(e, b"r")?.unwrap_or_else(|| format!("{}{row}", column_letters(col)));
    Ok(Cell { reference, kind: attr(e, b"t")?.unwrap_or_default(), ..Cell::default() })
}

/// A cell's location and displayed text: shared strings resolved, booleans and errors skipped.
fn cell_text(sheet: &str, cell: Cell, shared: &[String]) -> Option<(String, String)> {
    let text = match cell.kind.as_str() {
        "s" => shared.get(cell.value.trim().parse::<usize>().ok()?)?.clone(),
        "inlineStr" => cell.inline,
        "b" | "e" => return None,
        _ => cell.value,
    };
    (!text.trim().is_empty()).then(|| (format!("!{sheet}!{}", cell.reference), text))
}

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

// ---------------------------------------------------------------------------------------------
// Redaction

/// What to change in a buffered stretch of events, by event index.
#[derive(Default)]
struct Edits {
    /// New text of a text event.
    text: HashMap<usize, String>,
    /// OOXML text elements that need `xml:space="preserve"` for their new text.
    preserve: Vec<usize>,
    /// ODS cells whose numeric/date value changed: they become string cells.
    to_string: Vec<usize>,
}

fn redact_part(part: &Part, xml: &[u8], rewrite: &mut Rewrite<'_>) -> Result<Vec<u8>, ExtractError> {
    match &part.kind {
        Kind::Sheet { .. } => redact_sheet(xml, rewrite),
        kind => redact_paragraphs(kind, xml, rewrite),
    }
}

fn redact_paragraphs(kind: &Kind, xml: &[u8], rewrite: &mut Rewrite<'_>) -> Result<Vec<u8>, ExtractError> {
    let mut walker = Walker::new(kind);
    let mut reader = reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let (mut buffer, mut steps, mut edits) = (Vec::new(), Vec::new(), Edits::default());
    loop {
        let event = next(&mut reader)?;
        if matches!(event, Event::Eof) {
            flush(&mut writer, &mut buffer, &mut edits)?;
            return Ok(writer.into_inner());
        }
        walker.feed(&event, buffer.len(), &mut steps)?;
        buffer.push(event);
        for step in steps.drain(..) {
            plan_edits(step, walker.family, rewrite, &mut edits);
        }
        if !walker.in_paragraph() {
            flush(&mut writer, &mut buffer, &mut edits)?;
        }
    }
}

fn plan_edits(step: Step, family: Family, rewrite: &mut Rewrite<'_>, edits: &mut Edits) {
    match step {
        Step::Paragraph(p) => {
            let old = p.text();
            let new = rewrite(&old);
            if new != old {
                edit_runs(&p.runs, &new, family, edits);
            }
        }
        Step::CellValue(_, value, start) => {
            if rewrite(&value) != value {
                edits.to_string.push(start);
            }
        }
        Step::Flush => {}
    }
}

fn edit_runs(runs: &[Run], new: &str, family: Family, edits: &mut Edits) {
    for (run, text) in runs.iter().zip(distribute(runs, new)) {
        let Some(event) = run.event else { continue };
        if text == run.text {
            continue;
        }
        let spaced = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
        if let (Family::Ooxml, true, Some(start)) = (family, spaced, run.start) {
            edits.preserve.push(start);
        }
        edits.text.insert(event, text);
    }
}

/// Writes buffered events with their edits applied.
fn flush(
    writer: &mut Writer<Vec<u8>>,
    buffer: &mut Vec<Event<'_>>,
    edits: &mut Edits,
) -> Result<(), ExtractError> {
    for (i, event) in buffer.drain(..).enumerate() {
        let event = match (edits.text.remove(&i), event) {
            (Some(text), _) => Event::Text(BytesText::new(&text).into_owned()),
            (None, Event::Start(e)) if edits.preserve.contains(&i) => Event::Start(with_preserve(&e)?),
            (None, Event::Start(e)) if edits.to_string.contains(&i) => Event::Start(as_string_cell(&e)?),
            (None, Event::Empty(e)) if edits.to_string.contains(&i) => Event::Empty(as_string_cell(&e)?),
            (None, event) => event,
        };
        write(writer, event)?;
    }
    edits.preserve.clear();
    edits.to_string.clear();
    Ok(())
}

fn write(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), ExtractError> {
    writer.write_event(event).map_err(|_| corrupt("cannot write xml"))
}

/// A copy of `e` with `xml:space="preserve"` (OOXML trims a run's edge spaces without it).
fn with_preserve(e: &BytesStart<'_>) -> Result<BytesStart<'static>, ExtractError> {
    let mut out = e.to_owned().into_owned();
    if attr(e, b"xml:space")?.is_none() {
        out.push_attribute(("xml:space", "preserve"));
    }
    Ok(out)
}

/// An ODS cell whose value changed becomes a string cell (its paragraphs are redacted text).
fn as_string_cell(e: &BytesStart<'_>) -> Result<BytesStart<'static>, ExtractError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for a in e.attributes() {
        let a = a.map_err(|_| corrupt("malformed xml attribute"))?;
        match a.key.as_ref() {
            b"office:value" | b"office:date-value" => {}
            b"office:value-type" | b"calcext:value-type" => {
                out.push_attribute((a.key.as_ref(), &b"string"[..]))
            }
            _ => out.push_attribute(a),
        }
    }
    Ok(out)
}

/// Spreads `new` (the rewritten paragraph) over the paragraph's original runs.
///
/// Same length in characters (masking): every run keeps its length, so formatting stays on
/// the same characters. Otherwise (a label or token): the common prefix and suffix stay in
/// their runs, and the whole changed middle goes to the run where the first change starts;
/// the other runs the change covered shrink (possibly to empty). Several findings in one
/// paragraph are one changed middle from the first to the last. Fixed runs (tabs, breaks,
/// ODF spaces) keep their element; text that would land on one moves to the next text run.
fn distribute(runs: &[Run], new: &str) -> Vec<String> {
    let new: Vec<char> = new.chars().collect();
    let lens: Vec<usize> = runs.iter().map(|r| r.text.chars().count()).collect();
    let old_len: usize = lens.iter().sum();
    let map = boundary_map(runs, &new, old_len);
    let mut out = Vec::with_capacity(runs.len());
    let (mut at, mut carry) = (0usize, String::new());
    for (i, len) in lens.iter().enumerate() {
        let from = if i == 0 { 0 } else { map(at) };
        at += len;
        let to = if i + 1 == runs.len() { new.len() } else { map(at) };
        let piece: String = new.get(from..to.max(from)).unwrap_or_default().iter().collect();
        if runs[i].event.is_none() {
            // The element itself stays: carry only text beyond its own character(s).
            carry.push_str(piece.strip_prefix(runs[i].text.as_str()).unwrap_or(&piece));
            out.push(runs[i].text.clone());
        } else {
            out.push(std::mem::take(&mut carry) + &piece);
        }
    }
    if let Some(last) = runs.iter().rposition(|r| r.event.is_some()) {
        out[last].push_str(&carry);
    }
    out
}

/// Maps a run boundary in the old text to one in the new text (see [`distribute`]).
fn boundary_map(runs: &[Run], new: &[char], old_len: usize) -> impl Fn(usize) -> usize {
    let old: Vec<char> = runs.iter().flat_map(|r| r.text.chars()).collect();
    let (prefix, suffix) = if new.len() == old_len {
        (old_len, 0)
    } else {
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old_len.min(new.len()) - prefix;
        let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
        (prefix, suffix)
    };
    let (new_len, middle_end) = (new.len(), new.len() - suffix);
    move |x| {
        if x <= prefix {
            x
        } else if x >= old_len - suffix {
            x + new_len - old_len
        } else {
            middle_end
        }
    }
}

// ---------------------------------------------------------------------------------------------
// XLSX sheet redaction

/// Redacts cell values of a worksheet. Shared strings are redacted in `sharedStrings.xml`;
/// here: inline strings (in place), cached string results of formulas (in place), and numbers
/// whose text changed, which become inline strings (`t="inlineStr"`, `<is><t>…</t></is>`); a
/// numeric formula result that changed is dropped (the formula stays and is recalculated).
fn redact_sheet(xml: &[u8], rewrite: &mut Rewrite<'_>) -> Result<Vec<u8>, ExtractError> {
    let mut reader = reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut cell: Option<Vec<Event<'_>>> = None;
    loop {
        let event = next(&mut reader)?;
        match (&mut cell, event) {
            (_, Event::Eof) => return Ok(writer.into_inner()),
            (None, Event::Start(e)) if e.local_name().as_ref() == b"c" => cell = Some(vec![Event::Start(e)]),
            (None, event) => write(&mut writer, event)?,
            (Some(events), Event::End(e)) if e.local_name().as_ref() == b"c" => {
                events.push(Event::End(e));
                for event in redact_cell(std::mem::take(events), rewrite)? {
                    write(&mut writer, event)?;
                }
                cell = None;
            }
            (Some(events), event) => events.push(event),
        }
    }
}

/// The events of one `<c>…</c>`, redacted.
fn redact_cell<'a>(
    events: Vec<Event<'a>>,
    rewrite: &mut Rewrite<'_>,
) -> Result<Vec<Event<'a>>, ExtractError> {
    let Some(Event::Start(start)) = events.first() else { return Ok(events) };
    let kind = attr(start, b"t")?.unwrap_or_default();
    match kind.as_str() {
        "s" | "b" | "e" => Ok(events),
        "inlineStr" => redact_inline(events, rewrite),
        _ => redact_value(events, &kind, rewrite),
    }
}

/// Inline string runs (`<is><t>`, `<is><r><t>`) redacted like a paragraph.
fn redact_inline<'a>(
    mut events: Vec<Event<'a>>,
    rewrite: &mut Rewrite<'_>,
) -> Result<Vec<Event<'a>>, ExtractError> {
    let mut runs = Vec::new();
    let mut in_t = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = Some(i),
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = None,
            Event::Text(t) if in_t.is_some() => {
                runs.push(Run { text: unescape(t)?, event: Some(i), start: in_t })
            }
            _ => {}
        }
    }
    let old: String = runs.iter().map(|r| r.text.as_str()).collect();
    let new = rewrite(&old);
    if new == old {
        return Ok(events);
    }
    let mut edits = Edits::default();
    edit_runs(&runs, &new, Family::Ooxml, &mut edits);
    for (i, event) in events.iter_mut().enumerate() {
        if let Some(text) = edits.text.remove(&i) {
            *event = Event::Text(BytesText::new(&text).into_owned());
        } else if let (true, Event::Start(e)) = (edits.preserve.contains(&i), &*event) {
            *event = Event::Start(with_preserve(e)?);
        }
    }
    Ok(events)
}

/// A number, date or cached formula string in `<v>`.
fn redact_value<'a>(
    events: Vec<Event<'a>>,
    kind: &str,
    rewrite: &mut Rewrite<'_>,
) -> Result<Vec<Event<'a>>, ExtractError> {
    let Some((v_start, v_end)) = element_span(&events, b"v") else { return Ok(events) };
    let mut old = String::new();
    for event in &events[v_start..v_end] {
        if let Event::Text(t) = event {
            old.push_str(&unescape(t)?);
        }
    }
    let new = rewrite(&old);
    if new == old {
        return Ok(events);
    }
    let has_formula = element_span(&events, b"f").is_some();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + 4);
    for (i, event) in events.into_iter().enumerate() {
        let in_v = i >= v_start && i <= v_end;
        if i == 0 && !has_formula {
            out.push(Event::Start(inline_cell(&event)?));
        } else if !in_v {
            out.push(event);
        } else if has_formula && kind == "str" {
            // A cached string result: new text in place, `<v>` tags kept.
            match i == v_start + 1 {
                true => out.push(Event::Text(BytesText::new(&new).into_owned())),
                false if i == v_start || i == v_end => out.push(event),
                false => {}
            }
        } else if !has_formula && i == v_start {
            out.extend(inline_string(&new));
        }
        // Anything else inside `<v>` is dropped: the old value, or a numeric formula result.
    }
    Ok(out)
}

/// Index of `<name>` and of its `</name>` among a cell's events (`None` if absent or empty).
fn element_span(events: &[Event<'_>], name: &[u8]) -> Option<(usize, usize)> {
    let start =
        events.iter().position(|e| matches!(e, Event::Start(s) if s.local_name().as_ref() == name))?;
    let end = events
        .iter()
        .skip(start)
        .position(|e| matches!(e, Event::End(s) if s.local_name().as_ref() == name))?;
    Some((start, start + end))
}

/// The cell's start tag with `t="inlineStr"`.
fn inline_cell(event: &Event<'_>) -> Result<BytesStart<'static>, ExtractError> {
    let Event::Start(e) = event else { return Err(corrupt("malformed xml part")) };
    let mut out = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for a in e.attributes() {
        let a = a.map_err(|_| corrupt("malformed xml attribute"))?;
        if a.key.as_ref() != b"t" {
            out.push_attribute(a);
        }
    }
    out.push_attribute(("t", "inlineStr"));
    Ok(out)
}

/// `<is><t xml:space="preserve">text</t></is>`.
fn inline_string(text: &str) -> Vec<Event<'static>> {
    let mut t = BytesStart::new("t");
    t.push_attribute(("xml:space", "preserve"));
    vec![
        Event::Start(BytesStart::new("is")),
        Event::Start(t),
        Event::Text(BytesText::new(text).into_owned()),
        Event::End(quick_xml::events::BytesEnd::new("t")),
        Event::End(quick_xml::events::BytesEnd::new("is")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(parts: &[&str]) -> Vec<Run> {
        parts
            .iter()
            .enumerate()
            .map(|(i, t)| Run { text: t.to_string(), event: (*t != "\t").then_some(i), start: None })
            .collect()
    }

    macro_rules! spread {
        ($runs:expr, $new:expr => $want:expr) => {
            assert_eq!(
                distribute(&runs(&$runs), $new),
                $want.iter().map(|s: &&str| s.to_string()).collect::<Vec<_>>()
            )
        };
    }

    #[test]
    fn distribute_table() {
        // Masking keeps every run's length.
        spread!(["Card ", "4111 1111", " 1111 1111."], "Card **** **** **** ****." => ["Card ", "**** ****", " **** ****."]);
        // A label: the run where the finding starts takes it, the others shrink.
        spread!(["Card ", "4111 1111", " 1111 1111."], "Card [CREDIT_CARD]." => ["Card ", "[CREDIT_CARD]", "."]);
        spread!(["SSN 536-", "22-8726"], "SSN [US_SSN]" => ["SSN [US_SSN]", ""]);
        // Growth at the very end stays in the last run.
        spread!(["a", "b"], "abXYZ" => ["a", "bXYZ"]);
        // A tab keeps its element; text that would land on it moves to the next text run.
        spread!(["x", "\t", "y"], "x[A]" => ["x", "\t", "[A]"]);
        spread!(["a", "\t", "b"], "a\tb" => ["a", "\t", "b"]);
    }

    #[test]
    fn column_letters_table() {
        for (n, want) in [(1, "A"), (3, "C"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA")] {
            assert_eq!(column_letters(n), want);
        }
    }

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
