//! Redaction of paragraph parts: each outermost paragraph's events are buffered, its text
//! rewritten, and the new text spread over the original runs ([`distribute`]).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::paragraphs::{Run, Step, Walker};
use super::plan::{Family, Kind, Part};
use super::sheet::redact_sheet;
use super::xml::{next, reader, with_preserve, write};
use super::{corrupt, Rewrite};
use crate::extract::ExtractError;

/// What to change in a buffered stretch of events, by event index.
#[derive(Default)]
pub(super) struct Edits {
    /// New text of a text event.
    pub(super) text: HashMap<usize, String>,
    /// OOXML text elements that need `xml:space="preserve"` for their new text.
    pub(super) preserve: Vec<usize>,
    /// ODS cells whose numeric/date value changed: they become string cells.
    to_string: Vec<usize>,
}

pub(super) fn redact_part(
    part: &Part,
    xml: &[u8],
    rewrite: &mut Rewrite<'_>,
) -> Result<Vec<u8>, ExtractError> {
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

pub(super) fn edit_runs(runs: &[Run], new: &str, family: Family, edits: &mut Edits) {
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
}
