//! Content handling for the gateway and the `scan` CLI: decode a body (`Content-Encoding`),
//! pick a scanner for its media type, and scan and redact it with its structure intact (JSON
//! value by value with keys as context, HTML text and attribute values, form pairs, plain
//! text).
//!
//! Pure and synchronous: no tokio, no hyper, no I/O. Everything that can go wrong with a body
//! is a [`ContentError`]; nothing here passes a body through unscanned. Nothing here logs, and
//! no `Debug` output contains a scanned value (hits carry offsets and keyed fingerprints).
//!
//! Actions: `Allow` hits are reported and left alone; `Redact(op)` hits are rewritten with
//! `op`; `Block` hits set [`Processed::blocked`] (the caller replaces the whole body) and are
//! also rewritten with their detector's default operator, so the returned body never holds a
//! blocked value even if a caller forgets to drop it.

mod decode;
mod error;
pub(crate) mod field;
mod form;
mod html;
mod inline_run;
pub mod json;
mod json_out;
mod media;
mod text;
mod view;

use std::fmt;

pub use decode::decode;
pub use error::ContentError;
pub(crate) use html::view_of as html_view;
pub use media::{classify, MediaKind};

use crate::engine::{Scanner, Scratch};
use crate::finding::{DetectorIndex, Finding};
use crate::packs::Detector;
use crate::redact::{self, Redaction, TokenKey};

/// Caps on what a body may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes a body may decompress to.
    pub max_decompressed: usize,
    /// Decompressed size / received size (received counted as at least 1 KiB).
    pub max_ratio: u64,
    /// JSON nesting depth (arrays and objects); at most 127 is enforced whatever this says.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_decompressed: 64 << 20, max_ratio: 100, max_depth: 64 }
    }
}

/// What happens to one finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Report only.
    Allow,
    /// Rewrite the value with this operator.
    Redact(Redaction),
    /// The whole body must not be sent.
    Block,
}

/// Everything `process` needs besides the body.
pub struct Policy<'a> {
    pub scanner: &'a Scanner,
    /// Key for `token` redactions and hit fingerprints.
    pub key: &'a TokenKey,
    /// The action for a detector's findings.
    pub decide: &'a dyn Fn(&Detector) -> Action,
    /// JSON nodes removed before scanning (internal notes and the like).
    pub drop: &'a [serde_json_path::JsonPath],
    pub limits: &'a Limits,
    /// Values this caller already holds, so echoing them discloses nothing: the gateway puts
    /// here the IP address of its own end of the caller's connection (which a ticketing API
    /// writes into the links it returns, such as Redmine's attachment `content_url`). A finding
    /// whose value equals one is reported with [`Action::Allow`]. Never filled from anything the
    /// caller sends, so it cannot be used to ask whether a guessed value is present.
    pub known: &'a [Vec<u8>],
}

impl fmt::Debug for Policy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy").field("drop", &self.drop.len()).field("limits", self.limits).finish()
    }
}

/// Where a hit is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In a JSON document: `pointer` (RFC 6901) names the string or number, and `start..end`
    /// are UTF-8 byte offsets into its decoded text (the string after unescaping, the number's
    /// exact text). For a hit in an object key, `pointer` names the object holding the key and
    /// the offsets are into the key.
    Json { pointer: String, start: usize, end: usize },
    /// Byte offsets into the decoded body (text, HTML, form).
    Bytes { start: usize, end: usize },
    /// Inside a document (an attachment, or a base64 document in a JSON string at `pointer`):
    /// `inner` is the extractor's location (`!/logs/app.log:120`, `#page=2`, `!Sheet1!C14`)
    /// and `start..end` are UTF-8 byte offsets into that segment's text.
    Inner { pointer: Option<String>, inner: String, start: usize, end: usize },
}

/// One finding, with the action taken. Holds no value: only offsets and a keyed fingerprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub detector: DetectorIndex,
    pub location: Location,
    pub action: Action,
    pub score: f32,
    pub validated: bool,
    /// `key.fingerprint(entity, value)`: the same value gives the same fingerprint under one key.
    pub fingerprint: String,
}

/// The outcome of [`process`].
pub struct Processed {
    /// The body to send: redacted when `changed`, else a copy of the input.
    pub body: Vec<u8>,
    pub changed: bool,
    pub hits: Vec<Hit>,
    /// Some hit's action was `Block`: the caller must not send `body`.
    pub blocked: bool,
    /// JSON nodes removed by drop rules.
    pub dropped: usize,
}

impl fmt::Debug for Processed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Processed")
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("changed", &self.changed)
            .field("hits", &self.hits)
            .field("blocked", &self.blocked)
            .field("dropped", &self.dropped)
            .finish()
    }
}

/// Scans and redacts an already decoded body of the given kind.
///
/// # Errors
/// JSON that does not parse or nests too deep; a form whose decoded pairs are not UTF-8;
/// [`ContentError::Unscannable`] for [`MediaKind::Unscannable`] (the caller decides).
pub fn process(
    kind: MediaKind,
    body: &[u8],
    policy: &Policy,
    scratch: &mut Scratch,
) -> Result<Processed, ContentError> {
    match kind {
        MediaKind::Json => json::process(body, policy, scratch),
        MediaKind::Text => Ok(text::process(body, policy, scratch, true)),
        MediaKind::Html => Ok(html::process(body, policy, scratch)),
        MediaKind::Form => form::process(body, policy, scratch),
        MediaKind::Unscannable => Err(ContentError::Unscannable),
    }
}

/// Scans and redacts `body` as flat text: every finding of the engine, no structure (not even
/// table headers). For values joined by the caller, such as HTTP header values.
pub fn process_flat(body: &[u8], policy: &Policy, scratch: &mut Scratch) -> Processed {
    text::process(body, policy, scratch, false)
}

impl Processed {
    fn new(body: &[u8], rewritten: Option<Vec<u8>>, hits: Vec<Hit>) -> Processed {
        let blocked = hits.iter().any(|h| h.action == Action::Block);
        let changed = rewritten.is_some();
        Processed { body: rewritten.unwrap_or_else(|| body.to_vec()), changed, hits, blocked, dropped: 0 }
    }
}

/// The hit for a finding of `value[f.start..f.end]`, located by `location`.
fn hit(policy: &Policy, f: &Finding, value: &[u8], location: Location) -> Hit {
    let d = policy.scanner.detector(f.detector);
    let found = value.get(f.start..f.end).unwrap_or_default();
    let known = policy.known.iter().any(|k| k.as_slice() == found);
    Hit {
        detector: f.detector,
        location,
        action: if known { Action::Allow } else { (policy.decide)(d) },
        score: f.score,
        validated: f.validated,
        fingerprint: policy.key.fingerprint(&d.entity, found),
    }
}

/// The operator a hit's action rewrites it with, if any (`Block` uses the detector's default).
fn rewrite_op(policy: &Policy, hit: &Hit) -> Option<Redaction> {
    match hit.action {
        Action::Allow => None,
        Action::Redact(op) => Some(op),
        Action::Block => Some(policy.scanner.detector(hit.detector).redaction),
    }
}

/// Rewrites `text` with the findings whose action asks for it, in one pass; `None` when no
/// finding is rewritten. `findings[i]` goes with `ops[i]`. Kept characters that would read as
/// a finding with their neighbours are masked (see [`redact::apply_guarded`]).
fn rewrite(policy: &Policy, text: &[u8], findings: &[Finding], ops: &[Option<Redaction>]) -> Option<Vec<u8>> {
    if ops.iter().all(Option::is_none) {
        return None;
    }
    let choices = findings
        .iter()
        .zip(ops)
        .map(|(f, op)| op.map(|op| (op, policy.scanner.detector(f.detector).entity.as_str())))
        .collect();
    let scanner = policy.scanner;
    Some(redact::apply_guarded(text, findings, choices, policy.key, scanner.rescan_reach(), |hay| {
        scanner.spans(hay)
    }))
}
