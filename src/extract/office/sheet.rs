//! XLSX worksheets: shared strings, cell values read with their references, and the
//! redaction of cell values in place.

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::paragraphs::{Run, Step, Walker};
use super::plan::{Family, Kind};
use super::rewrite::{edit_runs, Edits};
use super::xml::{attr, column_letters, next, reader, unescape, with_preserve, write};
use super::{corrupt, Rewrite};
use crate::extract::{emit, Budget, ExtractError, SegmentSink};

/// The text of every shared string, by index (empty strings kept so indices line up).
pub(super) fn shared_strings(xml: &[u8], budget: &mut Budget) -> Result<Vec<String>, ExtractError> {
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

pub(super) fn extract_sheet(
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

// ---------------------------------------------------------------------------------------------
// XLSX sheet redaction

/// Redacts cell values of a worksheet. Shared strings are redacted in `sharedStrings.xml`;
/// here: inline strings (in place), cached string results of formulas (in place), and numbers
/// whose text changed, which become inline strings (`t="inlineStr"`, `<is><t>…</t></is>`); a
/// numeric formula result that changed is dropped (the formula stays and is recalculated).
pub(super) fn redact_sheet(xml: &[u8], rewrite: &mut Rewrite<'_>) -> Result<Vec<u8>, ExtractError> {
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
