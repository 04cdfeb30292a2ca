//! EML / MIME messages (with `mail-parser`, which decodes base64, quoted-printable, RFC 2047
//! headers and charsets): the address and free-text headers, every text and HTML part, and
//! every attachment recursively. Locations: `!/header/Subject`, `!/text[1]:3`, `!/html[1]:12`,
//! `!/attachment[1]/invoice.pdf#page=1` (parts are numbered from 1 per kind, in order).
//!
//! Owns reading messages; `redact.rs` rewrites them through [`roles`] and [`header_text`] so
//! both walk the same parts.

use std::borrow::Cow;

use mail_parser::{Header, HeaderName, HeaderValue, Message, MessageParser, MimeHeaders, PartType};

use super::{emit, extract_format, extract_nested, markup, text, Budget, ExtractError, Format, SegmentSink};

/// What one MIME part is to the scanner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The n-th (1-based) text body part.
    Text(usize),
    /// The n-th HTML body part.
    Html(usize),
    /// The n-th attachment (or inline binary / nested message), with its file name.
    Attachment(usize, String),
    /// A multipart container: its children are parts of their own.
    Container,
}

/// Whether `bytes` is a message whose text is stored as is: a single `text/plain` part (or no
/// Content-Type) in UTF-8 or ASCII, no transfer encoding, no RFC 2047 encoded words in the
/// headers. Scanning such a file as text finds the same values, at their offsets in the file
/// (extraction numbers them inside the body instead), and sees every header, not only the
/// scanned ones. A text file of support notes whose first note is an e-mail is such a file.
pub fn is_verbatim(bytes: &[u8]) -> bool {
    let Ok(message) = parse(bytes) else { return false };
    let [part] = message.parts.as_slice() else { return false };
    let plain_utf8 = match part.content_type() {
        None => true,
        Some(ct) => {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct.subtype().is_none_or(|s| s.eq_ignore_ascii_case("plain"))
                && ct.attribute("charset").is_none_or(|c| {
                    ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|u| c.eq_ignore_ascii_case(u))
                })
        }
    };
    let headers = bytes.get(..part.offset_body as usize).unwrap_or(bytes);
    plain_utf8
        && part.encoding == mail_parser::Encoding::None
        && memchr::memmem::find(headers, b"=?").is_none()
}

pub(crate) fn parse(bytes: &[u8]) -> Result<Message<'_>, ExtractError> {
    MessageParser::default()
        .parse(bytes)
        .ok_or(ExtractError::Corrupt { format: "eml", what: "not a message" })
}

pub(crate) fn extract(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let message = parse(bytes)?;
    for header in message.headers().iter().filter(|h| scanned_header(&h.name)) {
        if let Some(text) = header_text(bytes, header) {
            let name = header.name.as_str().to_owned();
            emit(budget, sink, format!("{location}!/header/{name}"), text.into_owned(), Some(name))?;
        }
    }
    for (part, role) in message.parts.iter().zip(roles(&message)) {
        budget.entry()?;
        match role {
            Role::Text(n) => text::extract(part.contents(), &format!("{location}!/text[{n}]"), budget, sink)?,
            Role::Html(n) => markup::extract(
                Format::Html,
                part.contents(),
                &format!("{location}!/html[{n}]"),
                budget,
                sink,
            )?,
            Role::Attachment(n, name) => {
                let inner = format!("{location}!/attachment[{n}]/{name}");
                budget.charge(part.contents().len() as u64)?;
                match &part.body {
                    PartType::Message(m) => budget.nested(|budget| {
                        extract_format(Format::Eml, m.raw_message(), &inner, budget, sink)
                    })?,
                    _ => extract_nested(part.contents(), &inner, budget, sink)?,
                }
            }
            Role::Container => {}
        }
    }
    Ok(())
}

/// The role of every part of `message`, index for index with `message.parts`.
pub(crate) fn roles(message: &Message) -> Vec<Role> {
    let (mut texts, mut htmls, mut attachments) = (0, 0, 0);
    let mut out = Vec::with_capacity(message.parts.len());
    for (index, part) in message.parts.iter().enumerate() {
        let attached = message.attachments.contains(&(index as u32));
        let role = match &part.body {
            PartType::Multipart(_) => Role::Container,
            PartType::Text(_) if !attached => {
                texts += 1;
                Role::Text(texts)
            }
            PartType::Html(_) if !attached => {
                htmls += 1;
                Role::Html(htmls)
            }
            _ => {
                attachments += 1;
                Role::Attachment(attachments, attachment_name(part.attachment_name()))
            }
        };
        out.push(role);
    }
    out
}

/// An attachment's file name for a location: no path, no `!`, nothing unprintable.
fn attachment_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("unnamed");
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars().map(|c| if c.is_control() || c == '!' { '_' } else { c }).collect()
}

/// Headers that carry people, addresses or free text. Routing and structure headers
/// (`Received`, `Content-Type`, `Message-ID`, `Date`) are not scanned: they hold relay IP
/// addresses and ids in every message, which are not the customer's data.
pub(crate) fn scanned_header(name: &HeaderName) -> bool {
    matches!(
        name,
        HeaderName::Subject
            | HeaderName::From
            | HeaderName::To
            | HeaderName::Cc
            | HeaderName::Bcc
            | HeaderName::ReplyTo
            | HeaderName::Sender
            | HeaderName::Comments
            | HeaderName::Keywords
            | HeaderName::Other(_)
    )
}

/// The text of a header to scan: its decoded value when it was RFC 2047-encoded text (the
/// bool is `true`), else the raw value as written, unfolded (`false`, same offsets as raw
/// after unfolding replaced CRLF+WSP by spaces of the same length).
pub(crate) fn header_text<'a>(bytes: &'a [u8], header: &'a Header) -> Option<Cow<'a, str>> {
    let raw = bytes.get(header.offset_start as usize..header.offset_end as usize)?;
    let raw = std::str::from_utf8(raw).ok()?;
    match &header.value {
        HeaderValue::Text(decoded) if raw.contains("=?") => Some(Cow::Borrowed(decoded.as_ref())),
        _ if raw.contains('\n') => Some(Cow::Owned(raw.replace(['\r', '\n'], " "))),
        _ => Some(Cow::Borrowed(raw)),
    }
}
