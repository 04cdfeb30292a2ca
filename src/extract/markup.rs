//! XML (with `quick-xml`): text nodes, CDATA, comments and attribute values become segments
//! located `:LINE` (1-based line where the node starts); the enclosing element's name is the
//! text's context (`<dob>1984-03-12</dob>`) and an attribute's name its value's
//! (`<field name="x" ssn="...">`). HTML is read as the gateway reads an HTML body, through the
//! content module's view: the text a reader sees (a value split by tags is one value), one
//! segment per block, attribute values, comments and scripts as groups of their own.
//!
//! XML entities: only the five predefined ones and numeric character references are decoded;
//! custom entities are never expanded (quick-xml does not, and nothing here does). A document
//! that declares entities (`<!ENTITY` in its DOCTYPE: billion laughs, external entities) is
//! refused as unscannable, since the text a consumer would see cannot be known without
//! expanding them. A reference that cannot be decoded is scanned as written.
//!
//! Malformed markup: from the first parse error on, the rest of the document is scanned as
//! plain text, so nothing escapes the scan.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{emit, Budget, ExtractError, Format, SegmentSink};

pub(crate) fn extract(
    format: Format,
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    if format == Format::Html {
        return html(bytes, location, budget, sink);
    }
    let mut reader = Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut walk = Walk { location, bytes, pos: 0, line: 1, open: Vec::new() };
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(bytes.len());
        let Ok(event) = reader.read_event() else {
            return walk.rest(at, budget, sink);
        };
        if walk.event(event, at, budget, sink)? {
            return Ok(());
        }
    }
}

/// The quick-xml walk of an XML document (HTML goes through the view instead).
struct Walk<'a> {
    location: &'a str,
    bytes: &'a [u8],
    /// Line counting: `line` is the line of byte `pos`.
    pos: usize,
    line: usize,
    /// Names of open elements, for context.
    open: Vec<String>,
}

impl Walk<'_> {
    /// Handles one event; `true` at the end of the document.
    fn event(
        &mut self,
        event: Event,
        at: usize,
        budget: &mut Budget,
        sink: &mut SegmentSink,
    ) -> Result<bool, ExtractError> {
        match event {
            Event::Eof => return Ok(true),
            Event::Start(e) => {
                self.attributes(&e, at, budget, sink)?;
                self.open.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
            }
            Event::Empty(e) => self.attributes(&e, at, budget, sink)?,
            Event::End(_) => {
                self.open.pop();
            }
            Event::Text(t) => {
                let text = t.unescape().unwrap_or_else(|_| String::from_utf8_lossy(&t));
                let context = self.open.last().cloned();
                self.text(text, context, at, budget, sink)?;
            }
            Event::CData(t) => self.text(String::from_utf8_lossy(&t), None, at, budget, sink)?,
            Event::Comment(t) => self.text(String::from_utf8_lossy(&t), None, at, budget, sink)?,
            Event::DocType(t) if memchr::memmem::find(&t, b"<!ENTITY").is_some() => {
                return Err(ExtractError::Corrupt {
                    format: "xml",
                    what: "declares entities (never expanded)",
                });
            }
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        budget.check_time()?;
        Ok(false)
    }

    fn attributes(
        &mut self,
        e: &BytesStart,
        at: usize,
        budget: &mut Budget,
        sink: &mut SegmentSink,
    ) -> Result<(), ExtractError> {
        for attr in e.html_attributes().flatten() {
            let value = attr.unescape_value().unwrap_or_else(|_| String::from_utf8_lossy(&attr.value));
            let name = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
            self.text(value, Some(name), at, budget, sink)?;
        }
        Ok(())
    }

    fn text(
        &mut self,
        text: Cow<str>,
        context: Option<String>,
        at: usize,
        budget: &mut Budget,
        sink: &mut SegmentSink,
    ) -> Result<(), ExtractError> {
        let start = at + text.len() - text.trim_start().len();
        if text.trim().is_empty() {
            return Ok(());
        }
        let line = self.line_at(start);
        let location = format!("{}:{line}", self.location);
        emit(budget, sink, location, text.into_owned(), context)
    }

    /// The 1-based line of byte `at` (positions only move forward).
    fn line_at(&mut self, at: usize) -> usize {
        let at = at.clamp(self.pos, self.bytes.len());
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.pos..at]).count();
        self.pos = at;
        self.line
    }

    /// After a parse error: the rest of the document, from where the failing event started,
    /// as plain text lines.
    fn rest(&mut self, at: usize, budget: &mut Budget, sink: &mut SegmentSink) -> Result<(), ExtractError> {
        let at = at.min(self.bytes.len());
        let first = self.line_at(at);
        for (i, line) in self.bytes[at..].split(|&b| b == b'\n').enumerate() {
            if !line.iter().all(u8::is_ascii_whitespace) {
                let text = String::from_utf8_lossy(line).into_owned();
                emit(budget, sink, format!("{}:{}", self.location, first + i), text, None)?;
            }
        }
        Ok(())
    }
}

/// HTML: the text a reader sees, through the content module's view (the gateway's reading of an
/// HTML body), so a value split by tags or written with character references is one value. One
/// segment per block (a paragraph, a cell row, a line after `<br>`; attribute values, comments
/// and scripts one group each), located at the line of the document where the block starts,
/// in document order.
fn html(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let view = crate::content::html_view(bytes);
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
    let mut blocks: Vec<(usize, String)> = view
        .blocks()
        .into_iter()
        .map(|(range, body_at)| {
            let line = newlines.partition_point(|&n| n < body_at) + 1;
            (line, String::from_utf8_lossy(&view.text()[range]).into_owned())
        })
        .collect();
    // Hidden groups come after the visible text in the view.
    blocks.sort_by_key(|(line, _)| *line);
    for (line, text) in blocks {
        emit(budget, sink, format!("{location}:{line}"), text, None)?;
        budget.check_time()?;
    }
    Ok(())
}
