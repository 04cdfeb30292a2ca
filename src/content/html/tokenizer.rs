//! A forgiving HTML tokenizer that builds the [`View`] of a document: text runs, tags (by how
//! they render) and the text a page carries but does not show.
//!
//! Why hand-written: the view needs byte offsets of every run in the *original* body, to
//! rewrite those bytes and copy everything else untouched; tree-building parsers re-serialize
//! (changing the markup) instead of giving spans. Like HTML5 it never fails: a `<` that does
//! not start a tag is text; comments, CDATA and raw-text elements (`script`, `style`, …) are
//! scanned as hidden text; and a construct left open at the end of the body (`<a title="...`
//! with no closing quote) is scanned as text rather than skipped, so nothing escapes the scan.

use crate::content::view::{self, Builder, Gap, Kind, View};

/// Elements whose content is raw text up to their end tag; `true` for those whose text shows
/// on the page (and whose character references are decoded).
const RAW_TEXT: [(&[u8], bool); 6] = [
    (b"script", false),
    (b"style", false),
    (b"xmp", false),
    (b"noscript", false),
    (b"textarea", true),
    (b"title", true),
];

/// Elements that render inline: their tags take no room, so `4111<b>1111</b>` reads as one
/// number. Word's `<o:p>` closes a paragraph's last run.
const INLINE: &[&[u8]] = &[
    b"a", b"abbr", b"b", b"bdi", b"bdo", b"big", b"cite", b"code", b"data", b"del", b"dfn", b"em", b"font",
    b"i", b"ins", b"kbd", b"label", b"mark", b"nobr", b"o:p", b"q", b"s", b"samp", b"small", b"span",
    b"strike", b"strong", b"sub", b"sup", b"time", b"tt", b"u", b"var", b"wbr",
];

/// Elements (and `<br>`) that start a new line.
const BLOCK: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"br",
    b"caption",
    b"center",
    b"dd",
    b"details",
    b"dialog",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hr",
    b"html",
    b"legend",
    b"li",
    b"main",
    b"nav",
    b"ol",
    b"option",
    b"p",
    b"pre",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"tfoot",
    b"thead",
    b"tr",
    b"ul",
];

/// The view of `html`.
pub(super) fn view(html: &[u8]) -> View {
    let mut t = Tokenizer { html, at: 0, out: Builder::default() };
    t.run();
    t.out.finish()
}

/// Whether `text` (a JSON string, say) is HTML rather than plain text: it holds a tag of a
/// known element (`<p>`, `</span>`, `<br/>`) or a character reference other than a no-break
/// space (which plain text pasted from HTML keeps and the scan reads anyway).
pub(super) fn is_markup(text: &[u8]) -> bool {
    // memchr: this runs on every JSON string of a vendor response, and most hold neither byte.
    let tag = memchr::memchr_iter(b'<', text).any(|i| {
        let from = i + 1 + usize::from(text.get(i + 1) == Some(&b'/'));
        let len = text[from.min(text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b':')
            .count();
        let name = &text[from.min(text.len())..(from + len).min(text.len())];
        let known = |list: &[&[u8]]| list.iter().any(|n| name.eq_ignore_ascii_case(n));
        let closed = matches!(text.get(from + len), Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'));
        closed && (known(INLINE) || known(BLOCK) || known(&[b"td", b"th", b"img"]))
    });
    tag || memchr::memchr_iter(b'&', text).any(|i| view::decodes(&text[i..]))
}

/// How the tag named `name` renders (unknown elements: a space).
fn gap_of(name: &[u8]) -> Gap {
    let is = |list: &[&[u8]]| list.iter().any(|n| name.eq_ignore_ascii_case(n));
    if is(INLINE) {
        Gap::None
    } else if is(BLOCK) {
        Gap::Line
    } else if is(&[b"td", b"th"]) {
        Gap::Cell
    } else {
        Gap::Space
    }
}

struct Tokenizer<'h> {
    html: &'h [u8],
    at: usize,
    out: Builder,
}

impl Tokenizer<'_> {
    fn run(&mut self) {
        while self.at < self.html.len() {
            let rest = &self.html[self.at..];
            if rest.starts_with(b"<!--") {
                self.hidden_until(self.at + 4, b"-->");
            } else if rest.starts_with(b"<![CDATA[") {
                self.hidden_until(self.at + 9, b"]]>");
            } else if rest.starts_with(b"</") && self.is_tag(self.at + 2) {
                self.end_tag();
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                // Declarations and processing instructions: hidden text (a body is read as
                // source too, so nothing in it goes unscanned).
                self.hidden_until(self.at + 2, b">");
            } else if rest.first() == Some(&b'<') && self.is_tag(self.at + 1) {
                self.start_tag();
            } else {
                self.text();
            }
        }
    }

    /// Text up to the next `<` that is not the current byte.
    fn text(&mut self) {
        let start = self.at;
        let next = memchr::memchr(b'<', &self.html[start + 1..]).map_or(self.html.len(), |i| start + 1 + i);
        self.out.visible(self.html, start, next, true);
        self.at = next;
    }

    /// Content from `from` up to `close` is hidden text of its own; the delimiters are markup.
    /// An unclosed construct is visible text to the end.
    fn hidden_until(&mut self, from: usize, close: &[u8]) {
        match find(&self.html[from..], close) {
            Some(i) => {
                self.out.group();
                self.out.hidden(self.html, from, from + i, false, Kind::Text);
                self.at = from + i + close.len();
            }
            None => self.unterminated(),
        }
    }

    fn unterminated(&mut self) {
        self.out.visible(self.html, self.at, self.html.len(), false);
        self.at = self.html.len();
    }

    fn markup_until_gt(&mut self) {
        match memchr::memchr(b'>', &self.html[self.at..]) {
            Some(i) => self.at += i + 1,
            None => self.unterminated(),
        }
    }

    fn end_tag(&mut self) {
        let name = self.name(self.at + 2);
        // A cell is set apart by the next cell's start tag, so a row reads `a<TAB>b` with no
        // empty cell after its last one (which would make no header of a `<th>` row).
        match gap_of(name) {
            Gap::Cell => {}
            gap => self.out.gap(gap),
        }
        self.markup_until_gt();
    }

    /// Whether a tag name starts at `from`: a letter, then letters, digits, `-`, `_` or `:`
    /// up to a space, `/` or `>`. Anything else after `<` (`<jane@example.com>`,
    /// `<4111…>`) is text: what a mail client shows in angle brackets stays in the scan.
    fn is_tag(&self, from: usize) -> bool {
        let name = self.name(from);
        name.first().is_some_and(u8::is_ascii_alphabetic)
            && !name.contains(&b'.')
            && name.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
    }

    /// The tag name starting at `from`.
    fn name(&self, from: usize) -> &[u8] {
        let html = self.html;
        let len = html[from..].iter().take_while(|&&b| !is_space(b) && !matches!(b, b'/' | b'>')).count();
        &html[from..from + len]
    }

    fn start_tag(&mut self) {
        let open = self.at;
        let name = self.name(open + 1);
        let gap = gap_of(name);
        let raw = RAW_TEXT.iter().find(|(r, _)| name.eq_ignore_ascii_case(r)).copied();
        let Some(end) = self.attributes(open + 1 + name.len()) else {
            self.at = open;
            return self.unterminated();
        };
        self.out.gap(gap);
        self.at = end;
        if let Some((raw, shown)) = raw {
            self.raw_text(raw, shown);
        }
    }

    /// Attributes from `i` to the tag's `>`, each name and value hidden text; returns
    /// the index after the `>`, or `None` when the tag never closes (the caller then scans the
    /// rest as text; nothing of the tag has been added).
    fn attributes(&mut self, mut i: usize) -> Option<usize> {
        let html = self.html;
        let mut values: Vec<(usize, usize, usize, Kind)> = Vec::new();
        loop {
            while i < html.len() && (is_space(html[i]) || html[i] == b'/') {
                i += 1;
            }
            match html.get(i) {
                None => return None,
                Some(b'>') => break,
                Some(_) => {}
            }
            // Attribute name (a stray `=` at the start belongs to the name, as in HTML5).
            let name = i;
            i += 1;
            while i < html.len() && !is_space(html[i]) && !matches!(html[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            while i < html.len() && is_space(html[i]) {
                i += 1;
            }
            if html.get(i) != Some(&b'=') {
                values.push((name, name_end, name_end, Kind::Unquoted));
                values.push((name_end, 0, 0, Kind::Unquoted));
                continue;
            }
            i += 1;
            while i < html.len() && is_space(html[i]) {
                i += 1;
            }
            match html.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let len = memchr::memchr(q, &html[i + 1..])?;
                    values.push((name, name_end, i + 1, Kind::Text));
                    values.push((i + 1 + len, 0, 0, Kind::Text));
                    i += len + 2;
                }
                Some(_) => {
                    let start = i;
                    while i < html.len() && !is_space(html[i]) && html[i] != b'>' {
                        i += 1;
                    }
                    values.push((name, name_end, start, Kind::Unquoted));
                    values.push((i, 0, 0, Kind::Unquoted));
                }
                None => {}
            }
        }
        if !values.is_empty() {
            self.out.group();
        }
        for pair in values.chunks_exact(2) {
            let ((name, name_end, start, kind), (end, ..)) = (pair[0], pair[1]);
            // The name is scanned (and rewritten) like an unquoted value: it is context for
            // the value after it, and the body is read as source too.
            self.out.hidden(html, name, name_end, false, Kind::Unquoted);
            self.out.hidden(html, start, end, true, kind);
        }
        Some(i + 1)
    }

    /// Raw text up to `</name` (case-insensitive); unclosed, to the end. Shown raw text
    /// (`title`, `textarea`) is visible text on its own line; the rest is hidden.
    fn raw_text(&mut self, name: &[u8], shown: bool) {
        let start = self.at;
        let mut i = start;
        let end = loop {
            let Some(j) = find(&self.html[i..], b"</") else { break self.html.len() };
            let tag = i + j + 2;
            let candidate = self.html.get(tag..tag + name.len());
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
                break i + j;
            }
            i = tag;
        };
        if shown {
            self.out.gap(Gap::Line);
            self.out.visible(self.html, start, end, true);
            self.out.gap(Gap::Line);
        } else {
            self.out.group();
            self.out.hidden(self.html, start, end, false, Kind::Text);
        }
        self.at = end;
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

    fn text(html: &str) -> String {
        String::from_utf8(view(html.as_bytes()).text().to_vec()).unwrap()
    }

    #[test]
    fn inline_tags_take_no_room_and_blocks_break_lines() {
        let html = "<p>Card 4111 <span style=\"x\">1111</span> 1111<b>1111</b></p><p>next</p>";
        assert_eq!(text(html), "Card 4111 1111 11111111\nnext\n\nstyle x ");
        assert_eq!(text("<td>SSN</td><td>536-22-8726</td>"), "SSN\t536-22-8726");
        assert_eq!(text("<tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr>"), "a\tb\n1\t2\n");
        assert_eq!(text("DOB?<br>03/14/1962"), "DOB?\n03/14/1962");
        assert_eq!(text("a,1<br>\nb,2<br>\r\nc,3<p>\n\nd"), "a,1\nb,2\nc,3\n\nd");
        assert_eq!(text("a<custom-el>b"), "a b");
    }

    #[test]
    fn hidden_text_is_scanned_after_the_visible_text() {
        assert_eq!(
            text("<a href='mailto:x@y.z' title=y data-z>t</a>"),
            "t\nhref mailto:x@y.z title y data-z "
        );
        assert_eq!(text("<!-- note 1 -->x<![CDATA[y]]>"), "x\n note 1  \ny ");
        assert_eq!(text("<!DOCTYPE html><?xml v?>z"), "z\nDOCTYPE html \nxml v? ");
        assert_eq!(text("<script>if (a<b) x='</p>'</script>w"), "w\nif (a<b) x='</p>' ");
        assert_eq!(text("<title>Re: DOB</title>body"), "Re: DOB\nbody");
        assert_eq!(text("<a =x b = \"v\">"), "\n=x b v ");
    }

    #[test]
    fn markup_is_told_from_text() {
        assert!(is_markup(b"Hi<br>there"));
        assert!(is_markup(b"<p class=x>a</p>"));
        assert!(is_markup(b"R&amp;D"));
        assert!(is_markup(b"a<o:p></o:p>"));
        assert!(!is_markup(b"From: Jane <jane@example.com>"));
        assert!(!is_markup(b"a < b, c > d, <brand>"));
        assert!(!is_markup(b"card&nbsp;4111 & co; x&y;"));
    }

    #[test]
    fn angle_brackets_that_are_no_tag_are_text() {
        assert_eq!(text("From: Jane <jane.doe@example.com>"), "From: Jane <jane.doe@example.com>");
        assert_eq!(text("<b>x</b> <4111 1111> </jane@x>"), "x <4111 1111> </jane@x>");
    }

    #[test]
    fn unfinished_markup_is_text() {
        assert_eq!(text("a < b and c<d"), "a < b and c<d");
        assert_eq!(text("<a title=\"unclosed 4111"), "<a title=\"unclosed 4111");
        assert_eq!(text("x <b"), "x <b");
        assert_eq!(text("<!-- open"), "<!-- open");
        assert_eq!(text("<br/><img src=a.png/>"), "\nsrc a.png/ ");
    }
}
