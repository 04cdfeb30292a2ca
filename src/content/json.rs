//! JSON bodies: parse (depth-limited), drop internal-only nodes (JSONPath), then scan every
//! string, every number (its exact text: `arbitrary_precision` keeps a 19-digit card as
//! written) and every object key, and redact values in place.
//!
//! - A value is scanned with its key as context (see `field.rs`): `{"dob": "1984-03-12"}` is a
//!   date of birth. Array elements take the key of their array; the value members of custom
//!   fields and edit history (`value`, `old_value`, `fromString`, `text_value`, …) take the
//!   field's name from a sibling (`name`, `field`, `field_name`, `label`), and a rich-text run
//!   ending in a colon labels the run after it (`[{"text": "DOB: "}, {"text": "1955-04-20"}]`).
//! - Offsets are into the decoded value (the string after unescaping), never into the body.
//! - Keys are scanned (all keys of a document in one pass, one key per line) and reported with
//!   the pointer of the object holding the key and offsets into the key. Keys are never
//!   rewritten (a renamed key changes the document's schema); a key hit whose action is
//!   `Block` blocks the body like any other.
//! - A redacted number becomes a JSON string (`4111111111111111` → `"************1111"`).
//!
//! The tree walk recurses once per nesting level; documents from [`parse`] are at most 127
//! levels deep, so the stack is bounded.

use std::fmt::Write as _;

use serde_json::Value;
use serde_json_path::JsonPath;

pub use super::json_out::to_vec;

use super::field::{merge_tables, FieldBatch};
use super::html;
use super::inline_run::{is_inline_run, is_text_node, InlineRun};
use super::view::View;
use super::{hit, rewrite, rewrite_op, ContentError, Hit, Limits, Location, Policy, Processed};
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// serde_json refuses to nest deeper than this (its recursion limit is 128).
const SERDE_MAX_DEPTH: usize = 127;

/// Parses a JSON body.
///
/// # Errors
/// [`ContentError::InvalidUtf8`], [`ContentError::InvalidJson`] (with serde's line and column,
/// never the input), [`ContentError::TooDeep`] when arrays and objects nest deeper than
/// `limits.max_depth` (at most 127).
pub fn parse(body: &[u8], limits: &Limits) -> Result<Value, ContentError> {
    let limit = limits.max_depth.min(SERDE_MAX_DEPTH);
    let text = std::str::from_utf8(body).map_err(|_| ContentError::InvalidUtf8)?;
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        // serde's messages carry a code and a position only; this one is the depth limit.
        if e.to_string().starts_with("recursion limit exceeded") {
            ContentError::TooDeep { limit }
        } else {
            ContentError::InvalidJson { line: e.line(), column: e.column() }
        }
    })?;
    if deeper_than(&doc, limit) {
        return Err(ContentError::TooDeep { limit });
    }
    Ok(doc)
}

/// Whether arrays/objects nest more than `limit` levels (`[]` is one level).
fn deeper_than(v: &Value, limit: usize) -> bool {
    match v {
        Value::Array(items) => limit == 0 || items.iter().any(|i| deeper_than(i, limit - 1)),
        Value::Object(map) => limit == 0 || map.values().any(|i| deeper_than(i, limit - 1)),
        _ => false,
    }
}

/// Removes every node any of `paths` selects and returns how many were removed. A node
/// selected twice, or inside another selected node, counts once; a path selecting the root is
/// ignored. Nodes are removed in reverse document order, so one removal never shifts another.
///
/// Which nodes: serde_json_path's plain query. Where they are: one walk of the document that
/// records the path of each selected node (by address). The crate's located query builds a
/// path for every node a descendant segment (`$..x`) visits, which was 14% of a vendor request
/// for a 20 KB issue (callgrind); this is the same selection without that.
pub fn drop_selected(doc: &mut Value, paths: &[JsonPath]) -> usize {
    let root = doc as *const Value as usize;
    // Addresses, sorted: a binary search per visited node is cheaper than hashing them.
    let mut selected: Vec<usize> = paths
        .iter()
        .flat_map(|p| p.query(doc).all())
        .map(|v| v as *const Value as usize)
        .filter(|&v| v != root)
        .collect();
    if selected.is_empty() {
        return 0;
    }
    selected.sort_unstable();
    selected.dedup();
    let mut targets = Vec::new();
    outermost_selected(doc, &selected, &mut Vec::new(), &mut targets);
    targets.iter().rev().filter(|t| remove_at(doc, t)).count()
}

/// Appends, in document order, the path of every node of `node` in `selected` (sorted
/// addresses) that is not inside another selected node. The trail borrows keys; only the
/// paths of selected nodes are copied.
fn outermost_selected<'a>(
    node: &'a Value,
    selected: &[usize],
    trail: &mut Vec<StepRef<'a>>,
    out: &mut Vec<Vec<Step>>,
) {
    let visit =
        |step: StepRef<'a>, child: &'a Value, trail: &mut Vec<StepRef<'a>>, out: &mut Vec<Vec<Step>>| {
            trail.push(step);
            if selected.binary_search(&(child as *const Value as usize)).is_ok() {
                out.push(trail.iter().map(|s| s.owned()).collect());
            } else if matches!(child, Value::Array(_) | Value::Object(_)) {
                outermost_selected(child, selected, trail, out);
            }
            trail.pop();
        };
    match node {
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                visit(StepRef::Index(i), child, trail, out);
            }
        }
        Value::Object(map) => {
            for (k, child) in map {
                visit(StepRef::Name(k), child, trail, out);
            }
        }
        _ => {}
    }
}

/// A step of the path being walked, borrowing the document's keys.
#[derive(Clone, Copy)]
enum StepRef<'a> {
    Index(usize),
    Name(&'a str),
}

impl StepRef<'_> {
    fn owned(self) -> Step {
        match self {
            StepRef::Index(i) => Step::Index(i),
            StepRef::Name(n) => Step::Name(n.to_string()),
        }
    }
}

/// One step of a normalized path, owned so the document can be mutated afterwards.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

fn remove_at(doc: &mut Value, path: &[Step]) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut node = doc;
    for step in parents {
        let next = match (step, node) {
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i),
            (Step::Name(n), Value::Object(map)) => map.get_mut(n),
            _ => None,
        };
        let Some(next) = next else { return false };
        node = next;
    }
    match (last, node) {
        (Step::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Step::Name(n), Value::Object(map)) => map.shift_remove(n).is_some(),
        _ => false,
    }
}

/// Scans every key, string and number of `doc`, rewrites values whose hits are redacted (or
/// blocked, with the detector's default operator) and returns every hit in document order.
pub fn scan_redact(doc: &mut Value, policy: &Policy, scratch: &mut Scratch) -> Vec<Hit> {
    scan_redact_counted(doc, policy, scratch).0
}

/// [`scan_redact`], also returning how many values were rewritten.
fn scan_redact_counted(doc: &mut Value, policy: &Policy, scratch: &mut Scratch) -> (Vec<Hit>, usize) {
    let mut hits = Vec::new();
    let mut edits: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ops = Vec::new();
    Walker::new(policy.scanner, scratch).run(doc, &mut |e: Event| {
        let first = hits.len();
        if let Some((run, pointers)) = e.run {
            for f in e.findings {
                let (part, at) = run.locate(f);
                let pointer = pointers.get(part).cloned().unwrap_or_default();
                let location = Location::Json { pointer, start: at.start, end: at.end };
                hits.push(hit(policy, f, run.view.text(), location));
            }
            ops.clear();
            ops.extend(hits[first..].iter().map(|h| rewrite_op(policy, h)));
            if let Some(changes) = html::rewrite_edits(policy, &run.view, &run.body, e.findings, &ops) {
                for (part, new) in run.rewritten(&changes) {
                    if let Some(pointer) = pointers.get(part) {
                        edits.push((pointer.clone(), new.into_bytes()));
                    }
                }
            }
            return;
        }
        let scanned = e.view.map_or(e.text.as_bytes(), View::text);
        for f in e.findings {
            let (start, end) = e.offsets(f);
            let location = Location::Json { pointer: e.pointer.to_string(), start, end };
            hits.push(hit(policy, f, scanned, location));
        }
        if e.in_key {
            return;
        }
        ops.clear();
        ops.extend(hits[first..].iter().map(|h| rewrite_op(policy, h)));
        let new = match e.view {
            Some(view) => html::rewrite(policy, view, e.text.as_bytes(), e.findings, &ops),
            None => rewrite(policy, e.text.as_bytes(), e.findings, &ops),
        };
        if let Some(new) = new {
            edits.push((e.pointer.to_string(), new));
        }
    });
    let edited = edits.len();
    for (pointer, new) in edits {
        if let Some(slot) = doc.pointer_mut(&pointer) {
            // Replacements are valid UTF-8 and the untouched bytes come from a `str`.
            *slot = Value::String(
                String::from_utf8(new).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            );
        }
    }
    (hits, edited)
}

/// Every finding of `doc`, with the RFC 6901 pointer of its value (or, for a key, of the
/// object holding it); offsets are into the decoded value or key. Used by the `scan` CLI.
pub fn scan(doc: &Value, scanner: &Scanner, scratch: &mut Scratch) -> Vec<(String, Finding)> {
    let mut out = Vec::new();
    scan_each(doc, scanner, scratch, |pointer, _, f, _| out.push((pointer.to_string(), *f)));
    out
}

/// [`scan`] as a callback: `f(pointer, text, finding, in_key)` for every finding in document
/// order, where `text` is the decoded value (or the key, when `in_key`) the finding's offsets
/// are into. For callers that show or mask the value, like the CLI's previews.
pub fn scan_each(
    doc: &Value,
    scanner: &Scanner,
    scratch: &mut Scratch,
    mut f: impl FnMut(&str, &str, &Finding, bool),
) {
    Walker::new(scanner, scratch).run(doc, &mut |e: Event| {
        if let Some((run, pointers)) = e.run {
            for finding in e.findings {
                let (part, at) = run.locate(finding);
                let pointer = pointers.get(part).map_or("", String::as_str);
                f(pointer, run.text(part), &Finding { start: at.start, end: at.end, ..*finding }, false);
            }
            return;
        }
        for finding in e.findings {
            let (start, end) = e.offsets(finding);
            f(e.pointer, e.text, &Finding { start, end, ..*finding }, e.in_key);
        }
    });
}

pub(crate) fn process(
    body: &[u8],
    policy: &Policy,
    scratch: &mut Scratch,
) -> Result<Processed, ContentError> {
    let mut doc = parse(body, policy.limits)?;
    let dropped = drop_selected(&mut doc, policy.drop);
    let (hits, edited) = scan_redact_counted(&mut doc, policy, scratch);
    let rewritten = if dropped > 0 || edited > 0 { Some(to_vec(&doc, body.len())) } else { None };
    Ok(Processed { dropped, ..Processed::new(body, rewritten, hits) })
}

/// What the walk found in one value or key.
struct Event<'a> {
    /// RFC 6901 pointer of the value (of the object, for a key).
    pointer: &'a str,
    text: &'a str,
    /// Sorted, non-overlapping, offsets into `text` (into `view`'s text when there is one);
    /// never empty.
    findings: &'a [Finding],
    in_key: bool,
    /// The rendered text of a value that is HTML, which is what was scanned.
    view: Option<&'a View>,
    /// A rich-text run scanned as one text (`findings` are into its view), with the pointer
    /// of each of its text nodes' strings; `pointer` and `text` are then unused.
    run: Option<(&'a InlineRun, &'a [String])>,
}

impl Event<'_> {
    /// Where finding `f` is in `text` (for HTML, from its first to its last byte).
    fn offsets(&self, f: &Finding) -> (usize, usize) {
        match self.view {
            Some(view) => {
                let span = view.body_span(f.start, f.end);
                (span.start, span.end)
            }
            None => (f.start, f.end),
        }
    }
}

/// Walks a document in order, scanning keys and values.
struct Walker<'s, 'd> {
    scanner: &'s Scanner,
    scratch: &'s mut Scratch,
    /// Every value with its label, scanned in one batch before the walk that emits.
    batch: FieldBatch,
    /// Index in `batch` of the next value the walk reaches.
    next_value: usize,
    /// The values that are HTML, by index in `batch`, with the view that was scanned for
    /// each (in walk order); `next_view` is the first the walk has not reached.
    views: Vec<(usize, View)>,
    next_view: usize,
    /// The rich-text runs, by index in `batch`, in walk order; `next_run` as `next_view`.
    runs: Vec<(usize, InlineRun)>,
    next_run: usize,
    /// The pointers of the text nodes of the run being emitted.
    run_pointers: Vec<String>,
    value_findings: Vec<Finding>,
    /// Where the walk is. The RFC 6901 pointer is only spelled out (into `pointer`) for a
    /// value or key with findings: most values have none.
    path: Vec<StepRef<'d>>,
    pointer: String,
    /// Findings over all keys joined by `\n`, and the walk's position in that text.
    key_findings: Vec<Finding>,
    key_at: usize,
    next_key_finding: usize,
    in_key: Vec<Finding>,
}

impl<'s, 'd> Walker<'s, 'd> {
    fn new(scanner: &'s Scanner, scratch: &'s mut Scratch) -> Walker<'s, 'd> {
        Walker {
            scanner,
            scratch,
            batch: FieldBatch::default(),
            next_value: 0,
            views: Vec::new(),
            next_view: 0,
            runs: Vec::new(),
            next_run: 0,
            run_pointers: Vec::new(),
            value_findings: Vec::new(),
            path: Vec::new(),
            pointer: String::new(),
            key_findings: Vec::new(),
            key_at: 0,
            next_key_finding: 0,
            in_key: Vec::new(),
        }
    }

    fn run(mut self, doc: &'d Value, emit: &mut dyn FnMut(Event)) {
        let mut keys = Vec::new();
        collect_keys(doc, &mut keys);
        if !keys.is_empty() {
            self.scanner.scan_with(self.scratch, &keys, &mut self.key_findings);
        }
        self.batch.clear();
        let mut ids = FieldIds::new();
        field_definitions(doc, &mut ids);
        let mut found = Found { batch: &mut self.batch, views: &mut self.views, runs: &mut self.runs };
        collect_values(doc, None, &ids, &mut found);
        self.batch.scan(self.scanner, self.scratch);
        self.value(doc, emit);
    }

    fn value(&mut self, v: &'d Value, emit: &mut dyn FnMut(Event)) {
        match v {
            Value::String(s) => self.leaf(s, emit),
            Value::Number(n) => self.leaf(n.as_str(), emit),
            Value::Array(items) if is_inline_run(items) => self.inline_run(items, emit),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(StepRef::Index(i));
                    self.value(item, emit);
                    self.path.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    self.key(k, emit);
                    self.path.push(StepRef::Name(k));
                    self.value(item, emit);
                    self.path.pop();
                }
            }
            Value::Bool(_) | Value::Null => {}
        }
    }

    /// Emits the findings of the next value (scanned in the batch with its label), plus what
    /// a table pasted into a multi-line value adds.
    fn leaf(&mut self, text: &str, emit: &mut dyn FnMut(Event)) {
        if text.is_empty() {
            return;
        }
        let i = self.next_value;
        self.next_value += 1;
        self.value_findings.clear();
        self.value_findings.extend_from_slice(self.batch.findings(i));
        let view = match self.views.get(self.next_view) {
            Some((at, view)) if *at == i => {
                self.next_view += 1;
                Some(view)
            }
            _ => None,
        };
        let scanned = view.map_or(text.as_bytes(), View::text);
        if crate::extract::may_hold_rows(scanned) {
            merge_tables(&mut self.value_findings, scanned, self.scanner, self.scratch);
        }
        if !self.value_findings.is_empty() {
            spell_pointer(&mut self.pointer, &self.path);
            emit(Event {
                pointer: &self.pointer,
                text,
                findings: &self.value_findings,
                in_key: false,
                view,
                run: None,
            });
        }
    }

    /// Emits the findings of a rich-text run (scanned in the batch as one text), then walks its
    /// nodes as usual but for the strings of its text nodes.
    fn inline_run(&mut self, items: &'d [Value], emit: &mut dyn FnMut(Event)) {
        let i = self.next_value;
        self.next_value += 1;
        let run = match self.runs.get_mut(self.next_run) {
            Some((at, run)) if *at == i => {
                self.next_run += 1;
                Some(std::mem::take(run))
            }
            _ => None,
        };
        if let Some(run) = run {
            self.value_findings.clear();
            self.value_findings.extend_from_slice(self.batch.findings(i));
            if crate::extract::may_hold_rows(run.view.text()) {
                merge_tables(&mut self.value_findings, run.view.text(), self.scanner, self.scratch);
            }
            if !self.value_findings.is_empty() {
                self.run_pointers.clear();
                for (n, item) in items.iter().enumerate() {
                    if item.as_object().is_some_and(is_text_node) {
                        self.path.extend([StepRef::Index(n), StepRef::Name("text")]);
                        spell_pointer(&mut self.pointer, &self.path);
                        self.run_pointers.push(self.pointer.clone());
                        self.path.truncate(self.path.len() - 2);
                    }
                }
                emit(Event {
                    pointer: "",
                    text: "",
                    findings: &self.value_findings,
                    in_key: false,
                    view: None,
                    run: Some((&run, &self.run_pointers)),
                });
            }
        }
        for (n, item) in items.iter().enumerate() {
            self.path.push(StepRef::Index(n));
            match item {
                Value::Object(node) => {
                    let text_node = is_text_node(node);
                    for (k, v) in node {
                        self.key(k, emit);
                        if text_node && k == "text" {
                            continue;
                        }
                        self.path.push(StepRef::Name(k));
                        self.value(v, emit);
                        self.path.pop();
                    }
                }
                _ => self.value(item, emit),
            }
            self.path.pop();
        }
    }

    /// Emits the key findings that start inside `key` (the next key of the joined text).
    fn key(&mut self, key: &str, emit: &mut dyn FnMut(Event)) {
        let (start, end) = (self.key_at, self.key_at + key.len());
        self.key_at = end + 1;
        self.in_key.clear();
        while let Some(f) = self.key_findings.get(self.next_key_finding) {
            if f.start >= self.key_at {
                break;
            }
            if f.start >= start && f.start < end {
                self.in_key.push(Finding { start: f.start - start, end: f.end.min(end) - start, ..*f });
            }
            self.next_key_finding += 1;
        }
        if !self.in_key.is_empty() {
            spell_pointer(&mut self.pointer, &self.path);
            emit(Event {
                pointer: &self.pointer,
                text: key,
                findings: &self.in_key,
                in_key: true,
                view: None,
                run: None,
            });
        }
    }
}

/// Members that hold the value of a field named by a sibling or by the key of their object:
/// custom fields (`{"name": "DOB", "value": …}`, Help Scout's `text`, form answers'
/// `{"key": …, "val": …}` and `{"label": …, "content": …}`), edit history (Redmine
/// `old_value`/`new_value`, Jira `fromString`/`toString`, Zendesk `previous_value`) and
/// ServiceNow's reference pairs (`"u_date_of_birth": {"display_value": …, "value": …}`).
/// Typed value members (`text_value`, `number_value`, `date_value` as Asana writes them,
/// `stringValue`) are value members too (see [`is_value_member`]), and so are the members of
/// a typed value's own object (`"date_value": {"date": …}`). Request Tracker lists a custom
/// field's `values`, HaloPSA repeats the value as `display`; members match in PascalCase too
/// (OTRS/Znuny `{"Name": …, "Value": …}`).
const VALUE_MEMBERS: &[&str] = &[
    "value",
    "old_value",
    "new_value",
    "previous_value",
    "from",
    "to",
    "value_from",
    "value_to",
    "fromString",
    "toString",
    "display_value",
    "displayValue",
    "text",
    "val",
    "content",
    "answer",
    "date",
    "date_time",
    "number",
    "values",
    "display",
];

/// Siblings that name the field, in order of preference.
/// `title` and `displayName` name Zendesk and Azure DevOps custom fields in exports,
/// `question` a form answer, `caption` a TOPdesk optional field, `attribute` a Zammad
/// history entry (`{"attribute": "routing number", "value_from": …, "value_to": …}`), SysAid's
/// `keyCaption` the field its `key` (`cust_text1`) only numbers, LiveAgent's `code` a
/// custom field (`{"code": "callback_number", "value": …}`). A name
/// member may be an object that names the field in turn
/// (`{"field": {"key": "date_of_birth", "title": "Födelsedatum"}, "value": …}`; Monday's
/// `{"column": {"title": "Patient DOB"}, "text": …}`).
const NAME_MEMBERS: &[&str] = &[
    "field_name",
    "fieldName",
    "field",
    "name",
    "label",
    "keyCaption",
    "key_caption",
    "key",
    "title",
    "displayName",
    "display_name",
    "question",
    "caption",
    "attribute",
    "code",
    "column",
];

/// Types that prefix a typed value member: `text_value`, `numberValue`, `date_value`.
const VALUE_TYPES: &[&str] = &[
    "text",
    "string",
    "number",
    "date",
    "datetime",
    "date_time",
    "enum",
    "display",
    "raw",
    "formatted",
    "old",
    "new",
    "previous",
    "current",
    "int",
    "integer",
    "long",
    "decimal",
    "double",
    "float",
    "choice",
    "option",
    "custom",
    "field",
];

fn is_value_member(key: &str) -> bool {
    VALUE_MEMBERS.iter().any(|m| is_member(key, m))
        || key
            .strip_suffix("_value")
            .or_else(|| key.strip_suffix("Value"))
            .is_some_and(|kind| VALUE_TYPES.iter().any(|t| t.eq_ignore_ascii_case(kind)))
}

/// The name a name member gives: a non-empty string, or the first name member of an object
/// (one level: a name inside that is not looked into).
fn name_in(v: &Value) -> Option<&str> {
    match v {
        Value::Object(inner) => NAME_MEMBERS.iter().find_map(|n| member(inner, n).and_then(non_empty)),
        _ => non_empty(v),
    }
}

/// The member `name` of `map`, or its PascalCase spelling (OTRS/Znuny and Request Tracker
/// write `{"Name": "ABARouting", "Value": "…"}`).
fn member<'a>(map: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    // A walk over the (few) members rather than a formatted key: no allocation per lookup on
    // the vendor path, where most lookups miss.
    map.get(name).or_else(|| map.iter().find(|(k, _)| is_member(k, name)).map(|(_, v)| v))
}

/// Whether `key` is `name` or its PascalCase spelling (`Value` for `value`).
fn is_member(key: &str, name: &str) -> bool {
    match (key.as_bytes().split_first(), name.as_bytes().split_first()) {
        (Some((k, k_rest)), Some((n, n_rest))) => k.to_ascii_lowercase() == *n && k_rest == n_rest,
        _ => false,
    }
}

fn non_empty(v: &Value) -> Option<&str> {
    v.as_str().filter(|name| !name.is_empty())
}

/// The label a member's value is scanned with: its key, except that a value member
/// ([`is_value_member`]) takes the field's name from a sibling ([`NAME_MEMBERS`]:
/// `{"field": "date_of_birth", "fromString": "1962-06-27"}`) or, without one, from the key
/// holding its object (`parent`: `{"u_birth_date": {"value": "1962-06-27"}}`).
///
/// A name that is a field id (`{"field_name": "360012345678", "value": …}`,
/// `{"property": "cf", "name": "7", "new_value": …}`), or no name beside an `id`
/// (`{"id": 360012345678, "value": …}`), takes the name the document's own field definitions
/// give that id ([`field_definitions`]).
fn member_label<'a>(
    key: &'a str,
    map: &'a serde_json::Map<String, Value>,
    parent: Option<&'a str>,
    ids: &FieldIds<'a>,
) -> &'a str {
    if !is_value_member(key) {
        return key;
    }
    let defined = |id: &str| ids.get(id).copied();
    let named =
        NAME_MEMBERS.iter().filter(|n| !is_member(key, n)).find_map(|n| member(map, n).and_then(name_in));
    match named {
        Some(name) if is_id(name) => defined(name),
        Some(name) => Some(name),
        None => map.get("id").and_then(id_text).and_then(|id| defined(&id)),
    }
    .or_else(|| identifier_label(map))
    .or(parent)
    .unwrap_or(key)
}

/// Field ids → the names a document's own field definitions give them.
type FieldIds<'d> = std::collections::HashMap<String, &'d str>;

/// Lists of field definitions (`{"id": …, "title"/"name": …}`) a document may carry for its
/// own opaque field ids: Zendesk's sideloaded `ticket_fields`, Redmine's `custom_fields` (which
/// its journal details name by id), `user_fields`, generic `fields` lists. Only arrays under
/// these keys count: a user's or a project's id must not name a field.
const DEFINITION_LISTS: &[&str] = &[
    "ticket_fields",
    "custom_fields",
    "customFields",
    "fields",
    "field_definitions",
    "user_fields",
    "organization_fields",
];

/// Members that name a field in its definition.
const DEFINITION_NAMES: &[&str] = &["title", "name", "label", "display_name", "displayName", "raw_title"];

/// Collects `id → name` from every definition list of `v` ([`DEFINITION_LISTS`]).
fn field_definitions<'d>(v: &'d Value, out: &mut FieldIds<'d>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| field_definitions(i, out)),
        Value::Object(map) => {
            for (k, item) in map {
                if let (true, Value::Array(defs)) = (DEFINITION_LISTS.iter().any(|d| is_member(k, d)), item) {
                    for def in defs.iter().filter_map(Value::as_object) {
                        let id = def.get("id").and_then(id_text);
                        let name = DEFINITION_NAMES.iter().find_map(|n| member(def, n).and_then(non_empty));
                        if let (Some(id), Some(name)) = (id, name.filter(|n| !is_id(n))) {
                            out.entry(id).or_insert(name);
                        }
                    }
                }
                field_definitions(item, out);
            }
        }
        _ => {}
    }
}

/// An id written as a JSON number or a non-empty string.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.as_str().to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Whether a name is only digits: a field id, not a field's name.
fn is_id(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())
}

/// The kind a FHIR `Identifier` names for its `value`: a `type.coding` code of HL7 table 0203
/// (`MR`, `SS`, `NPI`, `NH`), the type's `text`, or a `system` URI that says it
/// (`http://hl7.org/fhir/sid/us-npi`, `https://fhir.nhs.uk/Id/nhs-number`: its words carry
/// the kind).
fn identifier_label(map: &serde_json::Map<String, Value>) -> Option<&str> {
    let kind = map.get("type").and_then(|t| {
        let codings = t.get("coding").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        codings
            .iter()
            .find_map(|c| c.get("code").and_then(Value::as_str))
            .and_then(|code| crate::extract::hl7_type_label(code.as_bytes()))
            .or_else(|| t.get("text").and_then(non_empty))
    });
    kind.or_else(|| {
        map.get("system").and_then(non_empty).filter(|s| s.contains("/sid/") || s.contains("/Id/"))
    })
}

/// Rich text split into runs (Slack blocks, Atlassian document format, Draft.js):
/// `[{"text": "Phone: "}, {"text": "139-0040-0327"}]`. A run whose text ends in a colon is
/// the label of the run after it, as it is when the runs are read as one line.
fn run_label(item: &Value) -> Option<&str> {
    let text = match item {
        Value::String(s) => s.as_str(),
        Value::Object(map) => match map.get("text") {
            Some(Value::String(s)) => s.as_str(),
            _ => return None,
        },
        _ => return None,
    };
    let label = text.trim_end().strip_suffix([':', '\u{ff1a}'])?;
    let label = label.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end();
    (!label.is_empty()).then_some(label)
}

/// Adds every non-empty string and number of `v` to `batch`, in walk order, with its label
/// (array elements take the label of their array, or that of the rich-text run before them).
///
/// A string that is HTML is added as its rendered text (see `html::View`), and its view kept
/// in `views` with its index in `batch`.
fn collect_values<'d>(v: &'d Value, label: Option<&'d str>, ids: &FieldIds<'d>, found: &mut Found<'_>) {
    match v {
        Value::String(s) if !s.is_empty() => match html::markup_view(s.as_bytes()) {
            Some(view) => {
                found.batch.push(label, view.text());
                found.views.push((found.batch.len() - 1, view));
            }
            None => found.batch.push(label, s.as_bytes()),
        },
        Value::Number(n) if !n.as_str().is_empty() => found.batch.push(label, n.as_str().as_bytes()),
        Value::Array(items) if is_inline_run(items) => {
            let run = InlineRun::new(items);
            found.batch.push(label, run.view.text());
            found.runs.push((found.batch.len() - 1, run));
            for item in items {
                let Value::Object(node) = item else { continue };
                let text_node = is_text_node(node);
                for (k, member) in node {
                    if !(text_node && k == "text") {
                        collect_values(member, Some(member_label(k, node, label, ids)), ids, found);
                    }
                }
            }
        }
        Value::Array(items) => {
            let mut previous: Option<&str> = None;
            for item in items {
                collect_values(item, previous.or(label), ids, found);
                previous = run_label(item);
            }
        }
        Value::Object(map) => {
            let names = field_names(map);
            for (k, item) in map {
                match (names, item) {
                    (Some(names), Value::Object(fields)) if k == "fields" => {
                        for (field, value) in fields {
                            let named = names.get(field).and_then(non_empty);
                            let label = named.unwrap_or_else(|| member_label(field, fields, Some(k), ids));
                            collect_values(value, Some(label), ids, found);
                        }
                    }
                    _ => collect_values(item, Some(member_label(k, map, label, ids)), ids, found),
                }
            }
        }
        _ => {}
    }
}

/// Where [`collect_values`] puts what it collects: every value's text in `batch`, and the views
/// of values that are HTML and the rich-text runs, each with its index in `batch`.
struct Found<'a> {
    batch: &'a mut FieldBatch,
    views: &'a mut Vec<(usize, View)>,
    runs: &'a mut Vec<(usize, InlineRun)>,
}

/// Jira's `names` map (`?expand=names`), which gives each key of the issue's `fields` its
/// display name: `"customfield_10040": "Date of birth"`. The walk order is unchanged; only
/// the labels of those fields are.
fn field_names(map: &serde_json::Map<String, Value>) -> Option<&serde_json::Map<String, Value>> {
    map.get("fields")?.as_object()?;
    map.get("names")?.as_object()
}

/// Every object key of `v` in walk order, each followed by `\n`.
fn collect_keys(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_keys(i, out)),
        Value::Object(map) => {
            for (k, item) in map {
                out.extend_from_slice(k.as_bytes());
                out.push(b'\n');
                collect_keys(item, out);
            }
        }
        _ => {}
    }
}

/// Writes the RFC 6901 pointer of `path` into `out`.
fn spell_pointer(out: &mut String, path: &[StepRef<'_>]) {
    out.clear();
    for step in path {
        match *step {
            StepRef::Index(i) => {
                let _ = write!(out, "/{i}");
            }
            StepRef::Name(k) => push_token(out, k),
        }
    }
}

/// Appends `/token` with RFC 6901 escaping (`~` → `~0`, `/` → `~1`).
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former `drop_selected`, on serde_json_path's located query: the oracle.
    fn drop_selected_located(doc: &mut Value, paths: &[JsonPath]) -> usize {
        let step = |e: &serde_json_path::PathElement<'_>| match e {
            serde_json_path::PathElement::Index(i) => Step::Index(*i),
            serde_json_path::PathElement::Name(n) => Step::Name((*n).to_string()),
        };
        let mut targets: Vec<Vec<Step>> = Vec::new();
        for path in paths {
            for location in path.query_located(doc).locations() {
                if !location.is_empty() {
                    targets.push(location.iter().map(step).collect());
                }
            }
        }
        targets.sort_unstable();
        targets.dedup();
        let mut outermost: Vec<Vec<Step>> = Vec::new();
        for t in targets {
            if !outermost.last().is_some_and(|a| t.starts_with(a)) {
                outermost.push(t);
            }
        }
        outermost.iter().rev().filter(|t| remove_at(doc, t)).count()
    }

    #[test]
    fn drop_selected_matches_the_located_query() {
        let docs = [
            serde_json::json!({"issue": {"journals": [
                {"id": 1, "private_notes": true, "details": [{"name": "x", "private_notes": true}]},
                {"id": 2, "private_notes": false},
                {"id": 3, "private_notes": true, "custom_fields": [{"name": "Internal cost", "value": "9"}]},
            ], "custom_fields": [{"name": "Internal cost", "value": "1"}, {"name": "Tier", "value": "2"}]}}),
            serde_json::json!([{"a": [{"a": [1, 2, {"a": 3}]}]}, {"b": {"a": null}}, [[{"a": "x"}]]]),
            serde_json::json!({"a": 1, "b": [], "c": {}, "d": "s", "e/f": {"~": [true, false]}}),
        ];
        let paths = [
            vec![
                "$.issue.journals[?@.private_notes == true]",
                "$..custom_fields[?@.name == 'Internal cost']",
            ],
            vec!["$..a", "$..[0]", "$"],
            vec!["$..*", "$.e/f"],
            vec!["$..[?@.private_notes == true]", "$.issue.journals[1:]", "$..details"],
            vec!["$[*]", "$..a[?@ > 1]", "$..['~'][0]"],
        ];
        for doc in &docs {
            for set in &paths {
                let compiled: Vec<JsonPath> = set.iter().filter_map(|p| JsonPath::parse(p).ok()).collect();
                let (mut new, mut old) = (doc.clone(), doc.clone());
                let n = drop_selected(&mut new, &compiled);
                let o = drop_selected_located(&mut old, &compiled);
                assert_eq!((n, &new), (o, &old), "{set:?} on {doc}");
            }
        }
    }

    fn limits(max_depth: usize) -> Limits {
        Limits { max_depth, ..Limits::default() }
    }

    #[test]
    fn depth_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(nested(3).as_bytes(), &limits(3)).is_ok());
        assert_eq!(parse(nested(4).as_bytes(), &limits(3)), Err(ContentError::TooDeep { limit: 3 }));
        assert!(parse(nested(127).as_bytes(), &limits(500)).is_ok());
        assert_eq!(parse(nested(128).as_bytes(), &limits(500)), Err(ContentError::TooDeep { limit: 127 }));
        assert_eq!(parse(nested(5000).as_bytes(), &limits(500)), Err(ContentError::TooDeep { limit: 127 }));
        assert!(parse(b"\"x\"", &limits(0)).is_ok());
    }

    #[test]
    fn parse_errors_carry_no_input() {
        let e = parse(b"{\"ssn\": 536-22-8726}", &limits(8)).unwrap_err();
        assert!(matches!(e, ContentError::InvalidJson { line: 1, .. }), "{e:?}");
        assert!(!e.to_string().contains("536"));
        assert_eq!(parse(b"\"\xff\"", &limits(8)), Err(ContentError::InvalidUtf8));
        assert!(matches!(parse(b"{} x", &limits(8)), Err(ContentError::InvalidJson { .. })));
        assert!(matches!(parse(b"", &limits(8)), Err(ContentError::InvalidJson { .. })));
    }

    #[test]
    fn pointer_escaping() {
        let mut p = String::new();
        push_token(&mut p, "a/b~c");
        push_token(&mut p, "");
        assert_eq!(p, "/a~1b~0c/");
    }
}
