//! quick-xml helpers shared by reading and rewriting: the reader (whitespace kept), events,
//! attributes and text read with errors mapped to `Corrupt`, event writing, column letters.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::corrupt;
use crate::extract::ExtractError;

pub(super) fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    reader
}

pub(super) fn next<'a>(reader: &mut Reader<&'a [u8]>) -> Result<Event<'a>, ExtractError> {
    reader.read_event().map_err(|_| corrupt("malformed xml part"))
}

/// Calls `f` on every start (or empty) element of `xml`.
pub(super) fn for_each_start(
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
pub(super) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, ExtractError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => {
            a.unescape_value().map(|v| Some(v.into_owned())).map_err(|_| corrupt("malformed xml attribute"))
        }
        Ok(None) => Ok(None),
        Err(_) => Err(corrupt("malformed xml attribute")),
    }
}

pub(super) fn unescape(text: &BytesText<'_>) -> Result<String, ExtractError> {
    text.unescape().map(Cow::into_owned).map_err(|_| corrupt("malformed xml text"))
}

/// `3` → `C` (1-based column number to letters).
pub(super) fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = ((col - 1) % 26) as u8;
        out.push(b'A' + rem);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

pub(super) fn write(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), ExtractError> {
    writer.write_event(event).map_err(|_| corrupt("cannot write xml"))
}

/// A copy of `e` with `xml:space="preserve"` (OOXML trims a run's edge spaces without it).
pub(super) fn with_preserve(e: &BytesStart<'_>) -> Result<BytesStart<'static>, ExtractError> {
    let mut out = e.to_owned().into_owned();
    if attr(e, b"xml:space")?.is_none() {
        out.push_attribute(("xml:space", "preserve"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_table() {
        for (n, want) in [(1, "A"), (3, "C"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA")] {
            assert_eq!(column_letters(n), want);
        }
    }
}
