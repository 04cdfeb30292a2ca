//! Paragraph walker, shared by extraction and redaction: turns a part's events into paragraphs
//! of text runs with their locations; and extraction of each part (sheets go to `sheet.rs`).

use quick_xml::events::{BytesStart, Event};

use super::plan::{Family, Kind, Part, Plan};
use super::sheet::extract_sheet;
use super::xml::{attr, column_letters, next, reader, unescape};
use super::{corrupt, MAX_SPACES};
use crate::extract::{emit, Budget, ExtractError, Format, SegmentSink};

/// One piece of a paragraph's text.
#[derive(Debug)]
pub(super) struct Run {
    pub(super) text: String,
    /// Index of the text event in the paragraph buffer; `None` for a tab, break or ODF
    /// space element (fixed: its text cannot change).
    pub(super) event: Option<usize>,
    /// Index of the enclosing OOXML text element's start tag (for `xml:space`).
    pub(super) start: Option<usize>,
}

#[derive(Debug)]
pub(super) struct Paragraph {
    location: String,
    context: Option<String>,
    pub(super) runs: Vec<Run>,
}

impl Paragraph {
    pub(super) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// How a part is read: which elements are paragraphs and text, and where paragraphs are.
pub(super) struct Walker {
    pub(super) family: Family,
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
pub(super) enum Step {
    /// A paragraph closed (innermost first when nested).
    Paragraph(Paragraph),
    /// The outermost open paragraph closed: buffered events can be flushed.
    Flush,
    /// An ODS cell value held in an attribute (`office:value`): location, text, and the event
    /// index of the cell's start tag.
    CellValue(String, String, usize),
}

impl Walker {
    pub(super) fn new(kind: &Kind) -> Walker {
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

    pub(super) fn in_paragraph(&self) -> bool {
        !self.paragraphs.is_empty()
    }

    fn is_paragraph(&self, local: &[u8]) -> bool {
        self.every_element
            || match self.family {
                // An XLSX comment (`<comment ref="C14">`) holds its runs with no `<p>`: it is the
                // paragraph. A Word comment (`<w:comment w:id="0">`) holds `<w:p>`s: counting it
                // too would number its first paragraph 2.
                Family::Ooxml => {
                    matches!(local, b"p" | b"si")
                        || (local == b"comment" && self.locator.comment_ref.is_some())
                }
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
    pub(super) fn feed(
        &mut self,
        event: &Event<'_>,
        index: usize,
        steps: &mut Vec<Step>,
    ) -> Result<(), ExtractError> {
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

pub(super) fn extract_part(
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
