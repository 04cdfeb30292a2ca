//! Rich-text runs in JSON: an Atlassian Document Format paragraph (Jira, Confluence) holds its
//! text as a list of nodes, split wherever the formatting changes, with `hardBreak` nodes
//! between lines:
//!
//! ```json
//! [{"type": "text", "text": "Card 4111 "}, {"type": "text", "text": "1111", "marks": [{"type": "strong"}]},
//!  {"type": "text", "text": " 1111 1111"}, {"type": "hardBreak"}, {"type": "text", "text": "mrn,dob"}]
//! ```
//!
//! A reader sees one card; scanned string by string, no string holds one. So such a list is
//! scanned as one text (the [`View`] of its text nodes: a `hardBreak` is a line break, other
//! inline nodes a space), and each finding is rewritten in the strings its characters came
//! from, as in HTML: `keep_last:4` keeps the last four digits of the whole value, a label is
//! written once where the value starts. A finding is reported at the text node where it
//! starts, with offsets into that string (ending at its end if the value goes on in the next).

use std::ops::Range;

use serde_json::Value;

use super::view::{apply, Builder, Edit, Gap, View};
use crate::finding::Finding;

/// The joined text of one run: its view, the text nodes' strings one after another (`body`),
/// and each node's range in `body`, in order.
#[derive(Debug, Default)]
pub(crate) struct InlineRun {
    pub view: View,
    pub body: Vec<u8>,
    pub parts: Vec<Range<usize>>,
}

/// Members an inline node has (ADF: `{"type": "text", "text": …, "marks": […]}`,
/// `{"type": "mention", "attrs": {…}}`, `{"type": "hardBreak"}`). A list whose items carry
/// anything else is a list of records that happen to have a type and a text (Monday's
/// `column_values`, each labelled by its own column), not a run of one text.
const NODE_MEMBERS: [&str; 4] = ["type", "text", "marks", "attrs"];

/// Whether `items` is a run of inline nodes: every item an object with a string `type` and no
/// member but [`NODE_MEMBERS`], at least two of them `text` nodes with a string `text`.
pub(crate) fn is_inline_run(items: &[Value]) -> bool {
    let mut texts = 0;
    for item in items {
        let Value::Object(node) = item else { return false };
        if !node.keys().all(|k| NODE_MEMBERS.contains(&k.as_str())) {
            return false;
        }
        match node.get("type") {
            Some(Value::String(t)) if t == "text" => {
                if !node.get("text").is_some_and(Value::is_string) {
                    return false;
                }
                texts += 1;
            }
            Some(Value::String(_)) => {}
            _ => return false,
        }
    }
    texts >= 2
}

/// Whether `node` (an item of an inline run) is a text node, whose `text` the run scans.
pub(crate) fn is_text_node(node: &serde_json::Map<String, Value>) -> bool {
    matches!(node.get("type"), Some(Value::String(t)) if t == "text")
}

impl InlineRun {
    /// The run of `items` (see [`is_inline_run`]).
    pub fn new(items: &[Value]) -> InlineRun {
        let mut body = Vec::new();
        let mut parts = Vec::new();
        let mut view = Builder::default();
        for item in items {
            let Value::Object(node) = item else { continue };
            match (node.get("type").and_then(Value::as_str), node.get("text")) {
                (Some("text"), Some(Value::String(text))) => {
                    let start = body.len();
                    body.extend_from_slice(text.as_bytes());
                    view.boundary();
                    view.visible(&body, start, body.len(), false);
                    parts.push(start..body.len());
                }
                (Some("hardBreak"), _) => view.gap(Gap::Line),
                _ => view.gap(Gap::Space),
            }
        }
        InlineRun { view: view.finish(), body, parts }
    }

    /// The text node where finding `f` (view offsets) starts, and its offsets in that node's
    /// string (to the string's end when the value goes on in the next node).
    pub fn locate(&self, f: &Finding) -> (usize, Range<usize>) {
        let span = self.view.body_span(f.start, f.end);
        let part =
            self.parts.partition_point(|p| p.end <= span.start).min(self.parts.len().saturating_sub(1));
        let Some(p) = self.parts.get(part) else { return (0, 0..0) };
        let start = span.start.saturating_sub(p.start);
        let end = span.end.min(p.end).saturating_sub(p.start).max(start);
        (part, start..end)
    }

    /// The string of text node `part`.
    pub fn text(&self, part: usize) -> &str {
        let bytes = self.parts.get(part).and_then(|p| self.body.get(p.clone())).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// Each text node `edits` (ranges of `body`, sorted) change, with its new string. Every
    /// edit lies inside one node: the view keeps each node's text in pieces of its own.
    pub fn rewritten(&self, edits: &[Edit]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, part) in self.parts.iter().enumerate() {
            let mine: Vec<Edit> = edits
                .iter()
                .filter(|(r, _)| r.start >= part.start && r.end <= part.end)
                .map(|(r, bytes)| (r.start - part.start..r.end - part.start, bytes.clone()))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let new = apply(self.body.get(part.clone()).unwrap_or_default(), &mine);
            // Replacements are valid UTF-8 and untouched bytes come from a `str`.
            out.push((
                i,
                String::from_utf8(new).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::DetectorIndex;
    use serde_json::json;

    fn finding(start: usize, end: usize) -> Finding {
        Finding { detector: DetectorIndex(0), start, end, score: 1.0, validated: true, context: false }
    }

    #[test]
    fn runs_join_their_text_nodes() {
        let items = json!([
            {"type": "text", "text": "Card 4111 "},
            {"type": "text", "text": "1111", "marks": [{"type": "strong"}]},
            {"type": "text", "text": " 1111 1111"},
            {"type": "hardBreak"},
            {"type": "mention", "attrs": {"text": "@Ana"}},
            {"type": "text", "text": "next"}
        ]);
        let items = items.as_array().unwrap();
        assert!(is_inline_run(items));
        let run = InlineRun::new(items);
        assert_eq!(std::str::from_utf8(run.view.text()).unwrap(), "Card 4111 1111 1111 1111\nnext");
        // `1111 1111` (view 15..24) starts in the third node.
        let f = finding(15, 24);
        assert_eq!(run.locate(&f), (2, 1..10));
        // From the second node on, the value is reported where it starts, to that node's end.
        let f = finding(10, 24);
        assert_eq!(run.locate(&f), (1, 0..4));
    }

    #[test]
    fn other_lists_are_no_runs() {
        assert!(!is_inline_run(json!([{"type": "text", "text": "a"}]).as_array().unwrap()));
        assert!(!is_inline_run(json!(["a", "b"]).as_array().unwrap()));
        assert!(!is_inline_run(json!([{"text": "a"}, {"text": "b"}]).as_array().unwrap()));
        let columns = json!([
            {"id": "text_0", "column": {"title": "DOB"}, "type": "text", "text": "1976-02-08"},
            {"id": "text_1", "column": {"title": "MRN"}, "type": "text", "text": "00588511"}
        ]);
        assert!(!is_inline_run(columns.as_array().unwrap()));
        assert!(!is_inline_run(
            json!([{"type": "text", "text": 1}, {"type": "text", "text": "b"}]).as_array().unwrap()
        ));
    }
}
