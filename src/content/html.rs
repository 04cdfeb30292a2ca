//! HTML bodies: only text content and attribute values are scanned; tag names, attribute
//! names and other markup are neither scanned nor rewritten, so redaction keeps the document
//! as well-formed as it was.
//!
//! Why a hand-written tokenizer: the gateway needs byte offsets of every text run and
//! attribute value in the *original* body, to rewrite those bytes and copy everything else
//! untouched; no HTML crate is a dependency, and tree-building parsers re-serialize (changing
//! the markup) instead of giving spans. The tokenizer is forgiving like HTML5: a `<` that does
//! not start a tag is text, comments, CDATA and raw-text elements (`script`, `style`,
//! `textarea`, `title`) are scanned as text, and a construct left open at the end of the body
//! (`<a title="...` with no closing quote) is scanned as text rather than skipped, so nothing
//! escapes the scan.
//!
//! The scan runs once over a copy of the body with every markup byte replaced by a space, so
//! offsets are the body's own and words in neighbouring cells (`<td>SSN</td><td>...`) still act
//! as context. Character references are not decoded (`&#52;111...` is not seen as a card), and
//! a value split by tags (`4111<b>1111</b>1111 1111`) is not found: several spaces stand
//! where the tags were. A finding that spans more than one scanned run is redacted in each
//! run, never in the markup between them.
//!
//! Mask characters that would change the markup (`<`, `>`, `&`, quotes, `=`, `` ` ``, `-`,
//! whitespace) are replaced by `*`, and `remove` in an unquoted attribute value becomes
//! `label` (an empty unquoted value would swallow the next attribute).

use super::{hit, rewrite, rewrite_op, Location, Policy, Processed};
use crate::engine::Scratch;
use crate::finding::Finding;
use crate::redact::Redaction;

/// What kind of run a scanned span is, for choosing safe replacement characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Unquoted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: [&[u8]; 6] = [b"script", b"style", b"textarea", b"title", b"xmp", b"noscript"];

pub(crate) fn process(body: &[u8], policy: &Policy, scratch: &mut Scratch) -> Processed {
    let runs = runs(body);
    let mut visible = vec![b' '; body.len()];
    for r in &runs {
        visible[r.start..r.end].copy_from_slice(&body[r.start..r.end]);
    }
    let mut findings: Vec<Finding> = Vec::new();
    policy.scanner.scan_with(scratch, &visible, &mut findings);
    let mut hits = Vec::with_capacity(findings.len());
    let (mut parts, mut ops) = (Vec::new(), Vec::new());
    for f in &findings {
        let h = hit(policy, f, &visible, Location::Bytes { start: f.start, end: f.end });
        let op = rewrite_op(policy, &h);
        for r in overlapping(&runs, f) {
            parts.push(Finding { start: f.start.max(r.start), end: f.end.min(r.end), ..*f });
            ops.push(op.map(|op| safe(op, r.kind)));
        }
        hits.push(h);
    }
    let rewritten = rewrite(policy, body, &parts, &ops);
    Processed::new(body, rewritten, hits)
}

/// The runs that share bytes with `f` (runs are sorted and disjoint).
fn overlapping<'r>(runs: &'r [Run], f: &Finding) -> impl Iterator<Item = &'r Run> {
    let (start, end) = (f.start, f.end);
    let first = runs.partition_point(|r| r.end <= start);
    runs[first..].iter().take_while(move |r| r.start < end)
}

/// An operator whose output cannot change the markup around a run of `kind`.
fn safe(op: Redaction, kind: Kind) -> Redaction {
    match op {
        Redaction::Mask(c)
            if c.is_whitespace() || matches!(c, '<' | '>' | '&' | '"' | '\'' | '=' | '`' | '-') =>
        {
            Redaction::Mask('*')
        }
        Redaction::Remove if kind == Kind::Unquoted => Redaction::Label,
        op => op,
    }
}

/// The scannable runs of `html`, sorted and disjoint.
fn runs(html: &[u8]) -> Vec<Run> {
    let mut t = Tokenizer { html, at: 0, runs: Vec::new() };
    t.run();
    t.runs
}

struct Tokenizer<'h> {
    html: &'h [u8],
    at: usize,
    runs: Vec<Run>,
}

impl Tokenizer<'_> {
    fn run(&mut self) {
        while self.at < self.html.len() {
            let rest = &self.html[self.at..];
            if rest.starts_with(b"<!--") {
                self.until(self.at + 4, b"-->");
            } else if rest.starts_with(b"<![CDATA[") {
                self.until(self.at + 9, b"]]>");
            } else if rest.starts_with(b"<!")
                || rest.starts_with(b"<?")
                || (rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic))
            {
                // Declarations, processing instructions and end tags carry no text.
                self.markup_until_gt();
            } else if rest.first() == Some(&b'<') && rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                self.start_tag();
            } else {
                self.text();
            }
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        if start >= end {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.end == start && last.kind == kind => last.end = end,
            _ => self.runs.push(Run { start, end, kind }),
        }
    }

    /// Text up to the next `<` that is not the current byte.
    fn text(&mut self) {
        let start = self.at;
        let next = memchr::memchr(b'<', &self.html[start + 1..]).map_or(self.html.len(), |i| start + 1 + i);
        self.push(start, next, Kind::Text);
        self.at = next;
    }

    /// Content from `from` up to `close` is scanned as text; the delimiters are markup. An
    /// unclosed construct is text to the end.
    fn until(&mut self, from: usize, close: &[u8]) {
        match find(&self.html[from..], close) {
            Some(i) => {
                self.push(from, from + i, Kind::Text);
                self.at = from + i + close.len();
            }
            None => self.unterminated(),
        }
    }

    fn unterminated(&mut self) {
        self.push(self.at, self.html.len(), Kind::Text);
        self.at = self.html.len();
    }

    fn markup_until_gt(&mut self) {
        match memchr::memchr(b'>', &self.html[self.at..]) {
            Some(i) => self.at += i + 1,
            None => self.unterminated(),
        }
    }

    fn start_tag(&mut self) {
        let open = self.at;
        let name_start = open + 1;
        let mut i = name_start;
        while i < self.html.len() && !is_space(self.html[i]) && !matches!(self.html[i], b'/' | b'>') {
            i += 1;
        }
        let name = &self.html[name_start..i];
        let Some(end) = self.attributes(i) else {
            self.at = open;
            return self.unterminated();
        };
        self.at = end;
        if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
            self.raw_text(raw);
        }
    }

    /// Attributes from `i` to the tag's `>`; returns the index after it, or `None` when the
    /// tag never closes (its runs are then discarded: the caller scans the rest as text).
    fn attributes(&mut self, mut i: usize) -> Option<usize> {
        let html = self.html;
        let kept = self.runs.len();
        loop {
            while i < html.len() && (is_space(html[i]) || html[i] == b'/') {
                i += 1;
            }
            match html.get(i) {
                None => {
                    self.runs.truncate(kept);
                    return None;
                }
                Some(b'>') => return Some(i + 1),
                Some(_) => {}
            }
            // Attribute name (a stray `=` at the start belongs to the name, as in HTML5).
            i += 1;
            while i < html.len() && !is_space(html[i]) && !matches!(html[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            while i < html.len() && is_space(html[i]) {
                i += 1;
            }
            if html.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < html.len() && is_space(html[i]) {
                i += 1;
            }
            match html.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let Some(len) = memchr::memchr(q, &html[i + 1..]) else {
                        self.runs.truncate(kept);
                        return None;
                    };
                    self.push(i + 1, i + 1 + len, Kind::Text);
                    i += len + 2;
                }
                Some(_) => {
                    let start = i;
                    while i < html.len() && !is_space(html[i]) && html[i] != b'>' {
                        i += 1;
                    }
                    self.push(start, i, Kind::Unquoted);
                }
                None => {}
            }
        }
    }

    /// Raw text up to `</name` (case-insensitive); unclosed, to the end.
    fn raw_text(&mut self, name: &[u8]) {
        let start = self.at;
        let mut i = start;
        while let Some(j) = find(&self.html[i..], b"</") {
            let tag = i + j + 2;
            let candidate = self.html.get(tag..tag + name.len());
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
                self.push(start, i + j, Kind::Text);
                self.at = i + j;
                return;
            }
            i = tag;
        }
        self.unterminated();
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<&str> {
        runs(html.as_bytes()).iter().map(|r| &html[r.start..r.end]).collect()
    }

    #[test]
    fn tokenizer_runs() {
        assert_eq!(texts("<p class=\"a\">Hi <b>you</b></p>"), ["a", "Hi ", "you"]);
        assert_eq!(texts("<a href='x' title=y data-z>t</a>"), ["x", "y", "t"]);
        assert_eq!(texts("a < b and c<d"), ["a < b and c<d"]);
        assert_eq!(texts("<!-- note 1 -->x<![CDATA[y]]>"), [" note 1 ", "x", "y"]);
        assert_eq!(texts("<!DOCTYPE html><?xml v?>z"), ["z"]);
        assert_eq!(texts("<script>if (a<b) x='</p>'</script>w"), ["if (a<b) x='</p>'", "w"]);
        assert_eq!(texts("<STYLE>p{}</style >"), ["p{}"]);
        assert_eq!(texts("<a title=\"unclosed 4111"), ["<a title=\"unclosed 4111"]);
        assert_eq!(texts("x <b"), ["x <b"]);
        assert_eq!(texts("<!-- open"), ["<!-- open"]);
        assert_eq!(texts("<br/><img src=a.png/>"), ["a.png/"]);
        assert_eq!(texts("<a =x b = \"v\">"), ["v"]);
    }

    #[test]
    fn unsafe_mask_characters_are_replaced() {
        assert_eq!(safe(Redaction::Mask('<'), Kind::Text), Redaction::Mask('*'));
        assert_eq!(safe(Redaction::Mask('#'), Kind::Text), Redaction::Mask('#'));
        assert_eq!(safe(Redaction::Remove, Kind::Unquoted), Redaction::Label);
        assert_eq!(safe(Redaction::Remove, Kind::Text), Redaction::Remove);
    }
}
