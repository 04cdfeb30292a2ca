//! The rendered text of a document, as a reader sees it, mapped back to the bytes it came from:
//! an HTML body or fragment (built by `html::tokenizer`), or the text nodes of a rich-text run
//! (`inline_run`).
//!
//! A value split by markup is one value on screen: `4111 <span>1111</span> 1111 1111` shows a
//! card, `<b>536</b>-22-8726` an SSN, `&#52;111 1111 1111 1111` the same card again. So the
//! scan runs on a view where inline tags take no room, block tags are a line break, cell tags a
//! space, and character references are decoded; each byte of the view is either copied from
//! one place of the body (a *piece*) or a separator standing for markup. Text a reader does
//! not see but a page still carries (attribute values, comments, scripts and styles) is
//! scanned too, each group on its own line after the visible text.
//!
//! A finding in the view is rewritten where its pieces are in the body, never in the markup
//! between them: operators that rewrite character by character (`mask`, `keep_last`, …) put
//! each character's replacement where that character is (a decoded reference is replaced
//! whole), and the others (`label`, `token`, `remove`) write their replacement where the value
//! starts and empty its other pieces.

use std::ops::Range;

use crate::finding::Finding;
use crate::redact::{self, Choice, Redaction, TokenKey};

/// What surrounds a piece in the body, for choosing safe replacement characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text, a quoted attribute value, a comment or raw text.
    Text,
    /// An unquoted attribute value: a space or `>` would end it.
    Unquoted,
}

/// View bytes `view..view + len` come from body bytes `body`: the same bytes, or the decoded
/// text of a character reference (`decoded`), which is replaced only as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    view: usize,
    len: usize,
    body: Range<usize>,
    decoded: bool,
    kind: Kind,
}

/// The rendered text of a document (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct View {
    text: Vec<u8>,
    /// Sorted by `view`, disjoint.
    pieces: Vec<Piece>,
    /// The next piece must not be merged into the last one (see [`Builder::boundary`]).
    sealed: bool,
}

/// How markup between two runs of text renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Nothing: inline elements (`<b>`, `<span>`, …) and zero-width characters.
    None,
    /// A space: unknown elements (`<img>`, `<input>`, custom elements).
    Space,
    /// A tab: table cells, which a reader sees apart (two cells of four digits are not one
    /// number) but on one row.
    Cell,
    /// A line break: block elements and `<br>`.
    Line,
}

impl View {
    /// The text to scan.
    pub(crate) fn text(&self) -> &[u8] {
        &self.text
    }

    /// The body range from the first to the last byte of the view's `start..end` (which may
    /// include markup between its pieces); `start..start` when the range holds no piece.
    pub(crate) fn body_span(&self, start: usize, end: usize) -> Range<usize> {
        let mut parts = self.parts(start, end);
        let Some((first, _)) = parts.next() else { return start..start };
        let last = parts.last().map_or(first.end, |(r, _)| r.end);
        first.start..last
    }

    /// The view cut where markup broke a line (a block tag, a hidden group), not at line
    /// breaks of the text itself (which render as spaces): each block with the body offset of
    /// its first byte, for callers that locate text by its line in the body. Blocks of
    /// whitespace only are left out.
    pub(crate) fn blocks(&self) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        let cuts = memchr::memchr_iter(b'\n', &self.text).filter(|&i| !self.in_piece(i));
        for end in cuts.chain(std::iter::once(self.text.len())) {
            let block = &self.text[from..end];
            if !block.iter().all(u8::is_ascii_whitespace) {
                if let Some((body, _)) = self.parts(from, end).next() {
                    out.push((from..end, body.start));
                }
            }
            from = end + 1;
        }
        out
    }

    /// Whether view byte `i` comes from the body (not a separator standing for markup).
    fn in_piece(&self, i: usize) -> bool {
        let k = self.pieces.partition_point(|p| p.view + p.len <= i);
        self.pieces.get(k).is_some_and(|p| p.view <= i)
    }

    /// The pieces sharing bytes with view `start..end`, each with the body bytes that hold them
    /// (a decoded piece whole, a copied one only where it overlaps).
    fn parts(&self, start: usize, end: usize) -> impl Iterator<Item = (Range<usize>, &Piece)> {
        let first = self.pieces.partition_point(|p| p.view + p.len <= start);
        self.pieces[first..].iter().take_while(move |p| p.view < end).map(move |p| {
            let body = if p.decoded {
                p.body.clone()
            } else {
                let from = start.max(p.view) - p.view;
                let to = end.min(p.view + p.len) - p.view;
                p.body.start + from..p.body.start + to
            };
            (body, p)
        })
    }

    /// What `body` becomes with `choices[i]` applied to `findings[i]` (view offsets, sorted,
    /// disjoint; a finding overlapping the one before is skipped), as body ranges and their
    /// replacements sorted by start (see [`apply`]). `safe` adapts an operator to the kind of
    /// place it writes into.
    pub(crate) fn edits(
        &self,
        body: &[u8],
        findings: &[Finding],
        choices: &[Choice<'_>],
        key: &TokenKey,
        safe: impl Fn(Redaction, Kind) -> Redaction,
    ) -> Vec<Edit> {
        let mut edits: Vec<Edit> = Vec::new();
        let mut cursor = 0;
        for (f, choice) in findings.iter().zip(choices) {
            let Some((op, entity)) = *choice else { continue };
            let Some(value) = self.text.get(f.start..f.end).filter(|_| f.start >= cursor) else { continue };
            cursor = f.end;
            match redact::kept_units(value, op) {
                Some(units) => self.edit_units(body, f.start, &units, op, &safe, &mut edits),
                None => {
                    for (i, (range, piece)) in self.parts(f.start, f.end).enumerate() {
                        let mut out = Vec::new();
                        if i == 0 {
                            redact::replace(&mut out, value, safe(op, piece.kind), entity, key);
                        }
                        edits.push((range, out));
                    }
                }
            }
        }
        // Pieces of the hidden groups come after the visible text in the view but anywhere
        // in the body.
        edits.sort_by_key(|(range, _)| range.start);
        edits
    }

    /// The edits of a character-by-character operator: `units` are the value's units (offsets
    /// from view byte `start`) with whether each is kept. A kept unit keeps its body bytes; a
    /// masked one becomes one mask character where it starts.
    fn edit_units(
        &self,
        body: &[u8],
        start: usize,
        units: &[(Range<usize>, bool)],
        op: Redaction,
        safe: &impl Fn(Redaction, Kind) -> Redaction,
        edits: &mut Vec<Edit>,
    ) {
        let Some(end) = units.last().map(|(u, _)| start + u.end) else { return };
        // The mask character for each kind of piece, encoded once.
        let encode = |kind: Kind| {
            let c = match safe(op, kind) {
                Redaction::Mask(c) => c,
                _ => '*',
            };
            let mut buf = [0u8; 4];
            let len = c.encode_utf8(&mut buf).len();
            (buf, len)
        };
        let (text_mask, unquoted_mask) = (encode(Kind::Text), encode(Kind::Unquoted));
        // `units` are in value offsets: unit `u` is view `start + u`. `next` is the first unit
        // not yet wholly written.
        let mut next = 0;
        for (range, piece) in self.parts(start, end) {
            let (from, to) = (start.max(piece.view), end.min(piece.view + piece.len));
            let (mask, len) = if piece.kind == Kind::Text { &text_mask } else { &unquoted_mask };
            let mask = &mask[..*len];
            let within = units[next..].iter().take_while(|(u, _)| start + u.start < to);
            let mut out = Vec::new();
            if piece.decoded {
                // One reference, replaced whole: kept only if all it stands for is kept.
                if within.clone().all(|(_, keep)| *keep) {
                    out.extend_from_slice(body.get(piece.body.clone()).unwrap_or_default());
                } else {
                    out.extend_from_slice(mask);
                }
            } else {
                for (u, keep) in within {
                    let (u_start, u_end) = (start + u.start, start + u.end);
                    if *keep {
                        let (a, b) = (u_start.max(from) - piece.view, u_end.min(to) - piece.view);
                        let bytes = body.get(piece.body.start + a..piece.body.start + b);
                        out.extend_from_slice(bytes.unwrap_or_default());
                    } else if u_start >= from {
                        // A masked unit that goes on in the next piece is written here once.
                        out.extend_from_slice(mask);
                    }
                }
            }
            next += units[next..].iter().take_while(|(u, _)| start + u.end <= to).count();
            edits.push((range, out));
        }
    }
}

/// Body bytes `.0` are replaced by `.1`.
pub(crate) type Edit = (Range<usize>, Vec<u8>);

/// `body` with `edits` (sorted by start) applied; an edit overlapping the one before, or
/// reaching past the end, is skipped.
pub(crate) fn apply(body: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    for (range, bytes) in edits {
        if range.start < at || range.end > body.len() {
            continue;
        }
        out.extend_from_slice(&body[at..range.start]);
        out.extend_from_slice(bytes);
        at = range.end;
    }
    out.extend_from_slice(body.get(at..).unwrap_or_default());
    out
}

/// Builds a [`View`]: visible text in document order, hidden groups after it.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    view: View,
    hidden: View,
    /// The hidden group being filled is on a line of its own already.
    group_open: bool,
    /// The view ends with a line break that stands for markup: a line break that starts the
    /// next text run is the same break (`<br>` and a newline after it render as one).
    broke_line: bool,
}

impl Builder {
    /// Visible text at body `start..end`; character references decoded when `decode`.
    pub(crate) fn visible(&mut self, body: &[u8], mut start: usize, end: usize, decode: bool) {
        if std::mem::take(&mut self.broke_line) {
            let run = body.get(start..end).unwrap_or_default();
            start += [&b"\r\n"[..], b"\n"].iter().find(|nl| run.starts_with(nl)).map_or(0, |nl| nl.len());
        }
        push_text(&mut self.view, body, start, end, decode, Kind::Text);
    }

    /// Text added next starts a new piece even where it continues the last one in the body
    /// and in the view: callers whose body is several strings one after another (the text
    /// nodes of a rich-text run) keep every piece, and so every edit, inside one string.
    pub(crate) fn boundary(&mut self) {
        self.view.sealed = true;
    }

    /// Markup that renders as `gap`.
    pub(crate) fn gap(&mut self, gap: Gap) {
        let byte = match gap {
            Gap::None => return,
            Gap::Space => b' ',
            Gap::Cell => b'\t',
            Gap::Line => b'\n',
        };
        match self.view.text.last() {
            None => {}
            Some(&last) if last == byte || last == b'\n' => {}
            Some(_) => {
                self.view.text.push(byte);
                self.broke_line = byte == b'\n';
            }
        }
    }

    /// Starts a new hidden group (one tag's attributes, a comment, a script).
    pub(crate) fn group(&mut self) {
        self.group_open = false;
    }

    /// Hidden text at body `start..end` in the current group.
    pub(crate) fn hidden(&mut self, body: &[u8], start: usize, end: usize, decode: bool, kind: Kind) {
        if start >= end {
            return;
        }
        self.open_group();
        push_text(&mut self.hidden, body, start, end, decode, kind);
        self.hidden.text.push(b' ');
    }

    fn open_group(&mut self) {
        if !self.group_open {
            self.hidden.text.push(b'\n');
            self.group_open = true;
        }
    }

    pub(crate) fn finish(self) -> View {
        let Builder { mut view, hidden, .. } = self;
        if hidden.pieces.is_empty() {
            return view;
        }
        let shift = view.text.len();
        view.text.extend_from_slice(&hidden.text);
        view.pieces.extend(hidden.pieces.into_iter().map(|p| Piece { view: p.view + shift, ..p }));
        view
    }
}

/// Appends body `start..end` to `view`, decoding character references when `decode`.
fn push_text(view: &mut View, body: &[u8], start: usize, end: usize, decode: bool, kind: Kind) {
    let mut copy_from = start;
    if decode {
        let mut at = start;
        while let Some(i) = body.get(at..end).and_then(|b| memchr::memchr(b'&', b)) {
            let amp = at + i;
            match reference(&body[amp..end]) {
                Some((len, text)) => {
                    copy(view, body, copy_from, amp, kind);
                    if !text.is_empty() {
                        let at_view = view.text.len();
                        view.text.extend_from_slice(text.as_bytes());
                        view.pieces.push(Piece {
                            view: at_view,
                            len: text.len(),
                            body: amp..amp + len,
                            decoded: true,
                            kind,
                        });
                    }
                    at = amp + len;
                    copy_from = at;
                }
                None => at = amp + 1,
            }
        }
    }
    copy(view, body, copy_from, end, kind);
}

fn copy(view: &mut View, body: &[u8], start: usize, end: usize, kind: Kind) {
    let Some(bytes) = body.get(start..end).filter(|b| !b.is_empty()) else { return };
    let at_view = view.text.len();
    view.text.extend_from_slice(bytes);
    let sealed = std::mem::take(&mut view.sealed);
    match view.pieces.last_mut() {
        Some(last)
            if !sealed
                && !last.decoded
                && last.kind == kind
                && last.body.end == start
                && last.view + last.len == at_view =>
        {
            last.len += bytes.len();
            last.body.end = end;
        }
        _ => view.pieces.push(Piece {
            view: at_view,
            len: bytes.len(),
            body: start..end,
            decoded: false,
            kind,
        }),
    }
}

/// Whether `s` starts with a character reference the view decodes.
pub(crate) fn decodes(s: &[u8]) -> bool {
    reference(s).is_some()
}

/// The character reference `s` starts with (`&#52;`, `&#x34;`, `&amp;`, `&eacute;`): its
/// length and the text it stands for. Only references closed by `;` are read (a bare `&copy`
/// is left as written). No-break spaces stay as written: the scan and the mask operators read
/// `&nbsp;` as a space already, and keeping it keeps the body's own spelling. Soft hyphens
/// decode to nothing (they do not render).
fn reference(s: &[u8]) -> Option<(usize, &'static str)> {
    const LONGEST: usize = 33;
    let semi = memchr::memchr(b';', &s[..s.len().min(LONGEST + 2)])?;
    let name = std::str::from_utf8(&s[1..semi]).ok()?;
    let text: &'static str = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        match code {
            0xA0 => return None,
            0xAD => "",
            _ => ascii(code)?,
        }
    } else {
        match name {
            "nbsp" | "NonBreakingSpace" => return None,
            "shy" => "",
            _ => quick_xml::escape::resolve_html5_entity(name)?,
        }
    };
    Some((semi + 1, text))
}

/// The printable ASCII character `code` stands for (numeric references elsewhere are left as
/// written: the scan reads none of them as part of a value).
fn ascii(code: u32) -> Option<&'static str> {
    const PRINTABLE: &str = concat!(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`",
        "abcdefghijklmnopqrstuvwxyz{|}~"
    );
    let i = usize::try_from(code.checked_sub(0x20)?).ok()?;
    PRINTABLE.get(i..i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(parts: &[(&str, bool)]) -> (Vec<u8>, View) {
        // Builds a body from visible runs separated by `<i>` tags (zero width).
        let mut body = Vec::new();
        let mut b = Builder::default();
        for (text, decode) in parts {
            let start = body.len();
            body.extend_from_slice(text.as_bytes());
            b.visible(&body, start, body.len(), *decode);
            body.extend_from_slice(b"<i>");
        }
        (body, b.finish())
    }

    #[test]
    fn references_are_decoded_and_mapped() {
        let (body, view) = view_of(&[("&#52;111 &#x31;111&amp;&nbsp;x&shy;y &copy &bogus; &eacute;", true)]);
        assert_eq!(std::str::from_utf8(view.text()).unwrap(), "4111 1111&&nbsp;xy &copy &bogus; é");
        // `1111` starts at view 5 (the decoded `&#x31;` piece) and ends at view 9.
        let span = view.body_span(5, 9);
        assert_eq!(&body[span], b"&#x31;111");
    }

    #[test]
    fn ascii_table_is_exact() {
        for code in 0x20..0x7F_u32 {
            assert_eq!(ascii(code).unwrap().as_bytes(), [code as u8]);
        }
        assert_eq!(ascii(0x1F), None);
        assert_eq!(ascii(0x7F), None);
    }
}
