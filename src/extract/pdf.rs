//! PDF: the text of every page, one [`Segment`](super::Segment) per page at `#page=N`.
//!
//! Owns reading a PDF under the [`Budget`] with lopdf (object graph, fonts, encodings,
//! content-stream tokens) and turning the text-showing operators (`Tj`, `TJ`, `'`, `"`) into
//! text, with font encodings (simple encodings and `ToUnicode` CMaps) as lopdf decodes them.
//! It must not write PDFs (PDF is not redactable here: callers block or strip), and never lets
//! lopdf inflate anything unbounded or panic out of this module.
//!
//! lopdf has no limits of its own, so three guards run before and around it:
//! - [`guard_streams`] inflates every zlib stream of the raw file into a counting sink under
//!   the budget before lopdf sees the file (lopdf inflates object streams, xref streams and
//!   CMaps while loading, uncapped);
//! - [`guard_nesting`] rejects arrays/dictionaries nested deeper than [`MAX_NESTING`] (lopdf's
//!   parser recurses per level, and a deep enough file overflows the stack: an abort, not a
//!   panic);
//! - page content streams are inflated here ([`decode_stream`]) with a capped reader and the
//!   ratio check, not by lopdf.
//!
//! Encrypted PDFs: lopdf opens those whose user password is empty (owner-password-only
//! "restrictions"): their text is readable by anyone, so it is extracted. Any other encrypted
//! PDF is `Encrypted("pdf")`. Truncated or corrupt files are `Corrupt { format: "pdf" }`.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use flate2::read::ZlibDecoder;
use lopdf::content::Content;
use lopdf::{Document, Encoding, Object, ObjectId};

use super::{emit, Budget, ExtractError, SegmentSink};

const FORMAT: &str = "pdf";
/// Deepest `[`/`<<` nesting accepted (real files stay under ~10).
const MAX_NESTING: usize = 256;
/// A `TJ` adjustment beyond this many thousandths of an em is a word gap.
const TJ_SPACE: f32 = 200.0;

fn corrupt(what: &'static str) -> ExtractError {
    ExtractError::Corrupt { format: FORMAT, what }
}

/// Extracts the text of every page.
pub(crate) fn extract(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    guard_nesting(bytes)?;
    guard_streams(bytes, budget)?;
    let doc = load(bytes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        // Every PDF has a page: none found means a broken page tree, not an empty document.
        return Err(corrupt("no readable page"));
    }
    for (number, page) in pages {
        budget.check_time()?;
        let text = guarded(|| page_text(&doc, page, budget))?;
        if !text.trim().is_empty() {
            emit(budget, sink, format!("{location}#page={number}"), text, None)?;
        }
    }
    Ok(())
}

/// Runs lopdf code, turning a panic into `Corrupt`.
///
/// Last resort, not a habit: lopdf 0.36 unwraps on input-dependent paths (e.g.
/// `Document::decrypt` → `ObjectStream::new(..).ok().unwrap()` when an owner-password-only
/// PDF's object stream does not decrypt to a valid one; see the `pdf_panic_*` regression test
/// in tests/engine/extract_docs.rs). Nothing here holds state across the boundary: the closure owns
/// or only reads its inputs, and the budget stays consistent (charges are monotonic).
fn guarded<T>(f: impl FnOnce() -> Result<T, ExtractError>) -> Result<T, ExtractError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(corrupt("unreadable pdf structure")))
}

fn load(bytes: &[u8]) -> Result<Document, ExtractError> {
    let doc = guarded(|| Document::load_mem(bytes).map_err(|_| corrupt("unreadable pdf structure")))?;
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted(FORMAT));
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// Page text

fn page_text(doc: &Document, page: ObjectId, budget: &mut Budget) -> Result<String, ExtractError> {
    let content = page_content(doc, page, budget)?;
    guard_nesting(&content)?;
    let ops = Content::decode(&content).map_err(|_| corrupt("unreadable content stream"))?;
    let fonts = encodings(doc, page);
    let mut text = PageText::default();
    for op in &ops.operations {
        text.apply(&op.operator, &op.operands, &fonts);
    }
    Ok(text.out)
}

/// The page's content streams, inflated here under the caps and joined.
fn page_content(doc: &Document, page: ObjectId, budget: &mut Budget) -> Result<Vec<u8>, ExtractError> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page) {
        if let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) {
            content.extend(decode_stream(stream, budget)?);
            content.push(b'\n');
        }
    }
    Ok(content)
}

/// A stream's data after its filters: FlateDecode (any number of times, capped) and
/// ASCII85Decode (at most 5:4 larger, 4:1 for `z`); other filters are not expected in content
/// streams and are `Corrupt` rather than silently skipped.
fn decode_stream(stream: &lopdf::Stream, budget: &mut Budget) -> Result<Vec<u8>, ExtractError> {
    let filters: Vec<Vec<u8>> = match stream.filters() {
        Ok(f) => f.into_iter().map(<[u8]>::to_vec).collect(),
        Err(_) if stream.dict.get(b"Filter").is_err() => Vec::new(),
        Err(_) => return Err(corrupt("unreadable stream filter")),
    };
    let mut data = stream.content.clone();
    for filter in filters {
        data = match filter.as_slice() {
            b"FlateDecode" | b"Fl" => inflate(&data, budget)?,
            b"ASCII85Decode" | b"A85" => ascii85(&data)?,
            _ => return Err(corrupt("unsupported content stream filter")),
        };
    }
    Ok(data)
}

/// Inflates a zlib stream through a reader capped by the budget and the ratio limit.
fn inflate(data: &[u8], budget: &mut Budget) -> Result<Vec<u8>, ExtractError> {
    let ratio_cap = (data.len() as u64).saturating_mul(budget.limits().max_ratio).max(1 << 20);
    let cap = budget.remaining().min(ratio_cap);
    let mut out = Vec::new();
    // A truncated or damaged stream still yields what inflated before the damage (lopdf does
    // the same): text up to there is better than none, and the rest is not silently passed.
    let _ = ZlibDecoder::new(data).take(cap.saturating_add(1)).read_to_end(&mut out);
    let produced = out.len() as u64;
    if produced > cap {
        return Err(over_cap(cap == ratio_cap, budget));
    }
    budget.charge(produced)?;
    budget.check_ratio(data.len() as u64, produced)?;
    Ok(out)
}

fn over_cap(ratio: bool, budget: &Budget) -> ExtractError {
    match ratio {
        true => ExtractError::Ratio { limit: budget.limits().max_ratio },
        false => ExtractError::TooLarge { limit: budget.limits().max_total_bytes },
    }
}

/// ASCII85 through lopdf's own decoder (a one-filter stream), whose output is bounded by 4×
/// its input.
fn ascii85(data: &[u8]) -> Result<Vec<u8>, ExtractError> {
    let mut dict = lopdf::Dictionary::new();
    dict.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
    let stream = lopdf::Stream::new(dict, data.to_vec());
    stream.decompressed_content().map_err(|_| corrupt("unreadable ascii85 stream"))
}

/// Font resource name → encoding, for the fonts lopdf can decode.
fn encodings<'a>(doc: &'a Document, page: ObjectId) -> BTreeMap<Vec<u8>, Encoding<'a>> {
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    fonts.into_iter().filter_map(|(name, font)| Some((name, font.get_font_encoding(doc).ok()?))).collect()
}

/// Text of a page being assembled from text operators.
///
/// Lines are told apart by the text position's vertical coordinate: writers such as
/// LibreOffice start every formatting run with its own `BT … Td … ET`, so ending a line at
/// `ET` or at each `Td` would split "4111 1111" + " 1111 1111" apart. A run that continues at
/// the same height joins the text before it; a new height starts a new line.
#[derive(Default)]
struct PageText<'f> {
    out: String,
    font: Option<&'f Encoding<'f>>,
    /// Vertical start of the current line (`Td`/`TD` move relative to it, `Tm` sets it).
    line_y: f32,
    /// Height of the last text shown.
    shown_y: Option<f32>,
}

impl<'f> PageText<'f> {
    fn apply(&mut self, op: &str, operands: &[Object], fonts: &'f BTreeMap<Vec<u8>, Encoding<'f>>) {
        match op {
            "Tf" => self.font = operands.first().and_then(|n| n.as_name().ok()).and_then(|n| fonts.get(n)),
            "BT" => self.line_y = 0.0,
            "Td" | "TD" => self.line_y += operands.get(1).map_or(0.0, number),
            "Tm" => self.line_y = operands.get(5).map_or(0.0, number),
            "T*" => self.line(),
            "Tj" => self.show(operands.first()),
            "TJ" => self.show_array(operands.first()),
            "'" => {
                self.line();
                self.show(operands.first());
            }
            "\"" => {
                self.line();
                self.show(operands.get(2));
            }
            _ => {}
        }
    }

    /// Ends the current line (once: repeated moves make no blank lines).
    fn line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn show(&mut self, string: Option<&Object>) {
        if let (Some(Object::String(bytes, _)), Some(encoding)) = (string, self.font) {
            if let Ok(text) = Document::decode_text(encoding, bytes) {
                self.move_to_line();
                self.out.push_str(&text);
            }
        }
    }

    fn move_to_line(&mut self) {
        if self.shown_y.is_some_and(|y| (y - self.line_y).abs() > 0.5) {
            self.line();
        }
        self.shown_y = Some(self.line_y);
    }

    fn show_array(&mut self, array: Option<&Object>) {
        let Some(Object::Array(items)) = array else { return };
        for item in items {
            match item {
                Object::String(..) => self.show(Some(item)),
                number_like if -number(number_like) > TJ_SPACE && !self.out.ends_with(' ') => {
                    self.out.push(' ')
                }
                _ => {}
            }
        }
    }
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Guards run on the raw file before lopdf parses it.
//
// Hand-written on purpose: they must run *before* any parser that allocates or recurses per
// input level, so they cannot use one. Both are single linear passes over the bytes.

/// Inflates every zlib-looking stream of the raw file into a counting sink, charging the
/// budget, so nothing lopdf inflates while loading can exceed the caps.
fn guard_streams(bytes: &[u8], budget: &mut Budget) -> Result<(), ExtractError> {
    let finder = memchr::memmem::Finder::new(b"stream");
    let mut at = 0;
    while let Some(found) = finder.find(&bytes[at..]) {
        let start = at + found + b"stream".len();
        at = start;
        let Some(body) = stream_body(bytes, start) else { continue };
        if looks_like_zlib(body) {
            let produced = inflated_size(body, budget.remaining())?;
            budget.charge(produced)?;
        }
    }
    Ok(())
}

/// The bytes after `stream` + end of line, or `None` for `endstream` and other non-starts.
fn stream_body(bytes: &[u8], after_keyword: usize) -> Option<&[u8]> {
    let rest = bytes.get(after_keyword..)?;
    match rest {
        [b'\r', b'\n', body @ ..] | [b'\n', body @ ..] | [b'\r', body @ ..] => Some(body),
        _ => None,
    }
}

/// A zlib header: deflate method, header checksum valid.
fn looks_like_zlib(body: &[u8]) -> bool {
    matches!(body, [cmf, flg, ..] if cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0)
}

/// Bytes the zlib stream at the start of `body` inflates to, stopping past `cap`.
fn inflated_size(body: &[u8], cap: u64) -> Result<u64, ExtractError> {
    let mut decoder = ZlibDecoder::new(body).take(cap.saturating_add(1));
    let mut counter = Counter(0);
    // Damaged streams count what inflated before the damage, as lopdf would produce.
    let _ = io::copy(&mut decoder, &mut counter);
    Ok(counter.0)
}

/// A writer that only counts.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Rejects files whose arrays/dictionaries nest deeper than [`MAX_NESTING`], skipping
/// literal strings, comments and stream data (where brackets are just bytes).
fn guard_nesting(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut lexer = Nesting { bytes, at: 0, depth: 0 };
    while lexer.at < bytes.len() {
        lexer.step();
        if lexer.depth > MAX_NESTING {
            return Err(corrupt("objects nested too deep"));
        }
    }
    Ok(())
}

struct Nesting<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Nesting<'_> {
    fn step(&mut self) {
        let rest = &self.bytes[self.at..];
        self.at += match rest {
            [b'[', ..] | [b'<', b'<', ..] => self.open(rest),
            [b']', ..] | [b'>', b'>', ..] => self.close(rest),
            [b'(', ..] => literal_len(rest),
            [b'%', ..] => memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len()),
            [b's', b't', b'r', b'e', b'a', b'm', b'\r' | b'\n', ..] => stream_len(rest),
            _ => 1,
        };
    }

    fn open(&mut self, rest: &[u8]) -> usize {
        self.depth += 1;
        if rest[0] == b'[' {
            1
        } else {
            2
        }
    }

    fn close(&mut self, rest: &[u8]) -> usize {
        self.depth = self.depth.saturating_sub(1);
        if rest[0] == b']' {
            1
        } else {
            2
        }
    }
}

/// Length of the literal string at the start of `rest` (balanced parentheses, `\` escapes).
fn literal_len(rest: &[u8]) -> usize {
    let (mut depth, mut i) = (0usize, 0usize);
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    rest.len()
}

/// Length from `stream` to the end of the next `endstream`.
fn stream_len(rest: &[u8]) -> usize {
    memchr::memmem::find(rest, b"endstream").map_or(rest.len(), |end| end + b"endstream".len())
}
