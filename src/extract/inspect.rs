//! Policy over documents, for the gateway: scan an attachment (or every base64 document inside
//! a JSON body), give each finding its action, and work out what may be sent: the document
//! as is, a redacted copy, nothing (`block`), or — when findings need a rewrite the format does
//! not allow (PDF, images) — a placeholder if the policy says `strip`.
//!
//! Fail closed: anything extraction cannot finish (a cap, encryption, a corrupt file, content
//! with no extractor) is an [`ExtractError`]; nothing here passes unscanned bytes on.

use serde_json::Value;

use super::{embedded, redact_some, scan_into, ExtractError, Format, Limits, Redacted};
use crate::content::{Action, Hit, Location, Policy};
use crate::packs::Detector;

/// What to do with a document whose findings must be redacted but whose format cannot be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unredactable {
    /// Block the whole response.
    Block,
    /// Replace the document by a placeholder saying why.
    Strip,
}

/// The outcome of [`inspect_document`] and [`inspect_embedded`].
#[derive(Debug, Default)]
pub struct Inspection {
    pub hits: Vec<Hit>,
    /// A finding's action is `block`, or a document could not be redacted under
    /// [`Unredactable::Block`]: send nothing.
    pub blocked: bool,
    /// For [`inspect_document`]: the bytes to send instead of the input (redacted copy or
    /// placeholder); `None` when the input may go as it is.
    pub rewritten: Option<Vec<u8>>,
    /// Documents replaced by a placeholder (format of each).
    pub stripped: Vec<Format>,
}

/// Scans `bytes` (sniffed) and applies `policy`; `pointer` is recorded in each hit's location
/// when the document sat in a JSON string.
///
/// # Errors
/// Whatever makes the document unscannable.
pub fn inspect_document(
    bytes: &[u8],
    limits: &Limits,
    policy: &Policy,
    unredactable: Unredactable,
    pointer: Option<&str>,
) -> Result<Inspection, ExtractError> {
    let scanner = policy.scanner;
    let mut located = Vec::new();
    scan_into(scanner, &mut scanner.new_scratch(), bytes, limits, &mut located)?;
    let mut out = Inspection::default();
    for l in &located {
        let d = scanner.detector(l.finding.detector);
        out.hits.push(Hit {
            detector: l.finding.detector,
            location: Location::Inner {
                pointer: pointer.map(str::to_owned),
                inner: l.location.clone(),
                start: l.finding.start,
                end: l.finding.end,
            },
            action: (policy.decide)(d),
            score: l.finding.score,
            validated: l.finding.validated,
            fingerprint: policy.key.fingerprint(&d.entity, l.value().as_bytes()),
        });
    }
    if out.hits.iter().any(|h| h.action == Action::Block) {
        out.blocked = true;
        return Ok(out);
    }
    if !out.hits.iter().any(|h| matches!(h.action, Action::Redact(_))) {
        return Ok(out);
    }
    let choose = |d: &Detector| match (policy.decide)(d) {
        Action::Redact(op) => Some(op),
        Action::Allow | Action::Block => None,
    };
    match redact_some(bytes, limits, scanner, policy.key, &choose)? {
        Redacted::Rewritten(copy) => out.rewritten = Some(copy),
        Redacted::CannotRedact(format) => match unredactable {
            Unredactable::Block => out.blocked = true,
            Unredactable::Strip => {
                out.rewritten = Some(placeholder(format, out.hits.len()).into_bytes());
                out.stripped.push(format);
            }
        },
    }
    Ok(out)
}

/// What replaces a stripped document.
pub fn placeholder(format: Format, findings: usize) -> String {
    format!(
        "[casegate: attachment removed: this {} holds {findings} sensitive finding(s) and cannot be redacted]",
        format.name()
    )
}

/// Finds every base64 document inside the strings of `doc` ([`embedded::decode`]) and applies
/// [`inspect_document`] to each: a redacted document is re-encoded in place, a stripped one
/// replaced by its placeholder text.
///
/// # Errors
/// The first embedded document that is unscannable, with its JSON pointer.
pub fn inspect_embedded(
    doc: &mut Value,
    limits: &Limits,
    policy: &Policy,
    unredactable: Unredactable,
) -> Result<Inspection, (String, ExtractError)> {
    let mut out = Inspection::default();
    embedded::each_string_mut(doc, &mut |s: &mut String, pointer: &str| {
        let Some(found) = embedded::decode(s) else { return Ok(()) };
        let inner = inspect_document(&found.bytes, limits, policy, unredactable, Some(pointer))
            .map_err(|e| (pointer.to_owned(), e))?;
        out.blocked |= inner.blocked;
        out.hits.extend(inner.hits);
        match (inner.rewritten, inner.stripped.is_empty()) {
            (Some(copy), true) => *s = found.encode(&copy),
            (Some(text), false) => *s = String::from_utf8_lossy(&text).into_owned(),
            (None, _) => {}
        }
        out.stripped.extend(inner.stripped);
        Ok(())
    })?;
    Ok(out)
}
