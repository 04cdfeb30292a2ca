//! HTML bodies: the text a reader sees is scanned (see [`super::view`]), with attribute values,
//! comments and scripts after it; redaction rewrites only the bytes that text came from, so
//! tag names, attribute names and other markup are never changed and the document stays as
//! well-formed as it was.
//!
//! Mask characters that would change the markup (`<`, `>`, `&`, quotes, `=`, `` ` ``, `-`,
//! whitespace) are replaced by `*`, and `remove` in an unquoted attribute value becomes
//! `label` (an empty unquoted value would swallow the next attribute).

mod tokenizer;

use super::view::{apply, Edit, Kind, View};
use super::{hit, rewrite_op, Location, Policy, Processed};
use crate::engine::Scratch;
use crate::finding::Finding;
use crate::redact::{self, Redaction};

pub(crate) fn process(body: &[u8], policy: &Policy, scratch: &mut Scratch) -> Processed {
    let view = tokenizer::view(body);
    let text = view.text();
    let mut findings: Vec<Finding> = Vec::new();
    policy.scanner.scan_with(scratch, text, &mut findings);
    // A `<table>` renders as tab-separated rows: its header row labels its columns.
    if crate::extract::may_hold_rows(text) {
        super::field::merge_tables(&mut findings, text, policy.scanner, scratch);
    }
    let mut hits = Vec::with_capacity(findings.len());
    let mut ops = Vec::with_capacity(findings.len());
    for f in &findings {
        let span = view.body_span(f.start, f.end);
        let h = hit(policy, f, text, Location::Bytes { start: span.start, end: span.end });
        ops.push(rewrite_op(policy, &h));
        hits.push(h);
    }
    let rewritten = rewrite(policy, &view, body, &findings, &ops);
    // Hidden text is scanned after the visible text; report in document order.
    hits.sort_by_key(|h| match h.location {
        Location::Bytes { start, .. } => start,
        Location::Json { .. } | Location::Inner { .. } => 0,
    });
    Processed::new(body, rewritten, hits)
}

/// The view of an HTML document (for the extractors, which locate its lines).
pub(crate) fn view_of(html: &[u8]) -> View {
    tokenizer::view(html)
}

/// The view of `text` when it is HTML (a JSON string holding a rich-text body), else `None`.
pub(crate) fn markup_view(text: &[u8]) -> Option<View> {
    tokenizer::is_markup(text).then(|| tokenizer::view(text))
}

/// `body` (whose view is `view`) with `findings[i]` (view offsets) rewritten by `ops[i]`,
/// guarded like every redaction (kept characters never form a finding with their
/// neighbours); `None` when no finding is rewritten.
pub(crate) fn rewrite(
    policy: &Policy,
    view: &View,
    body: &[u8],
    findings: &[Finding],
    ops: &[Option<Redaction>],
) -> Option<Vec<u8>> {
    rewrite_edits(policy, view, body, findings, ops).map(|edits| apply(body, &edits))
}

/// [`rewrite`] as the edits it makes (body ranges and replacements, sorted by start).
pub(crate) fn rewrite_edits(
    policy: &Policy,
    view: &View,
    body: &[u8],
    findings: &[Finding],
    ops: &[Option<Redaction>],
) -> Option<Vec<Edit>> {
    if ops.iter().all(Option::is_none) {
        return None;
    }
    let scanner = policy.scanner;
    let choices = findings
        .iter()
        .zip(ops)
        .map(|(f, op)| op.map(|op| (op, scanner.detector(f.detector).entity.as_str())))
        .collect();
    let reach = scanner.rescan_reach();
    let choices = redact::guard(view.text(), findings, choices, policy.key, reach, |hay| scanner.spans(hay));
    Some(view.edits(body, findings, &choices, policy.key, safe))
}

/// An operator whose output cannot change the markup around a piece of `kind`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_mask_characters_are_replaced() {
        assert_eq!(safe(Redaction::Mask('<'), Kind::Text), Redaction::Mask('*'));
        assert_eq!(safe(Redaction::Mask('#'), Kind::Text), Redaction::Mask('#'));
        assert_eq!(safe(Redaction::Remove, Kind::Unquoted), Redaction::Label);
        assert_eq!(safe(Redaction::Remove, Kind::Text), Redaction::Remove);
    }
}
