//! The vendor response decision, as one synchronous function over a buffered body: decode,
//! classify, scope (check the case or filter the list), drop internal-only content, scan every
//! value and apply the action of each finding. Bodies that are not JSON or text (by content,
//! whatever their declared type) are attachments: extracted, scanned and redacted where the
//! format allows (`extract::inspect_document`); base64 documents inside JSON strings too.
//! No I/O, no async; large bodies and attachments run it on the blocking pool.

use std::net::IpAddr;
use std::time::SystemTime;

use bytes::Bytes;
use serde_json::Value;

use super::error::GatewayError;
use super::state::Snapshot;
use crate::content::{self, Action, Hit, Limits, Location, MediaKind, Policy};
use crate::extract::{self, Format, Unredactable};
use crate::packs::Detector;
use crate::policy::{Act, CompiledRule, Principal, RouteKind, Scope, Unscannable};

/// What the gateway knows about the response it inspects.
pub struct Job<'a> {
    pub snap: &'a Snapshot,
    pub principal: &'a Principal,
    pub kind: &'a RouteKind,
    /// The `{case}` path parameter, if the route has one.
    pub case: Option<&'a str>,
    pub rule: Option<&'a CompiledRule>,
    pub success: bool,
    pub content_type: Option<&'a str>,
    pub content_encoding: Option<&'a str>,
    pub now: SystemTime,
    /// The gateway's own IP address on the caller's connection (see `Policy::known`).
    pub own_ip: Option<IpAddr>,
}

/// The decision on one body.
#[derive(Debug, Default)]
pub struct Inspected {
    /// The body to send (decoded; redacted when `changed`).
    pub body: Bytes,
    pub changed: bool,
    pub blocked: bool,
    pub hits: Vec<Hit>,
    pub dropped: usize,
    pub filtered: usize,
    /// Case ids the response showed (the case, or the list items kept).
    pub cases: Vec<String>,
    /// (grant kind, id) pairs this in-scope case grants.
    pub grants: Vec<(String, String)>,
    /// Passed without scanning because `unscannable = "allow"`.
    pub unscanned: bool,
    /// Attachments replaced by a placeholder (`unredactable = "strip"`).
    pub stripped: usize,
    /// The whole body is a placeholder (text) in place of a stripped attachment.
    pub placeholder: bool,
}

pub fn inspect(job: &Job, body: &[u8]) -> Result<Inspected, GatewayError> {
    let cfg = &job.snap.config;
    let limits = Limits {
        max_decompressed: usize::try_from(cfg.scan.max_decompressed_bytes).unwrap_or(usize::MAX),
        max_ratio: cfg.scan.max_compression_ratio,
        max_depth: cfg.scan.max_json_depth,
    };
    let decoded = content::decode(job.content_encoding, body, &limits).map_err(GatewayError::Unscannable)?;
    let media = content::classify(job.content_type);
    let scoped = matches!(job.kind, RouteKind::Case | RouteKind::List { .. });
    if decoded.is_empty() {
        return Ok(Inspected::default());
    }
    if scoped && job.success && media != MediaKind::Json {
        return Err(GatewayError::UnexpectedType);
    }
    with_policy(job.snap, job.principal, &limits, job.own_ip, |policy| {
        inspect_decoded(job, decoded, media, policy, &limits)
    })
}

/// Calls `f` with the content policy of `principal` under `snap`'s configuration.
pub fn with_policy<T>(
    snap: &Snapshot,
    principal: &Principal,
    limits: &Limits,
    own_ip: Option<IpAddr>,
    f: impl FnOnce(&Policy) -> T,
) -> T {
    let (cfg, tier) = (&snap.config, principal.tier);
    let decide = |d: &Detector| match cfg.actions.decide(d, tier) {
        Act::Allow => Action::Allow,
        Act::Block => Action::Block,
        Act::Redact(op) => Action::Redact(op.unwrap_or(d.redaction)),
    };
    let known: Vec<Vec<u8>> = own_ip.map(|ip| ip.to_string().into_bytes()).into_iter().collect();
    f(&Policy {
        scanner: &snap.scanner,
        key: &snap.key,
        decide: &decide,
        drop: &cfg.drop,
        limits,
        known: &known,
    })
}

fn inspect_decoded(
    job: &Job,
    decoded: std::borrow::Cow<[u8]>,
    media: MediaKind,
    policy: &Policy,
    limits: &Limits,
) -> Result<Inspected, GatewayError> {
    let (cfg, policy) = (&job.snap.config, policy);
    if media == MediaKind::Json {
        return inspect_json(job, &decoded, policy, limits);
    }
    let format = extract::sniff(&decoded);
    if job.content_type.and_then(extract::declared_formats).is_some_and(|f| !f.contains(&format)) {
        return Err(GatewayError::TypeMismatch);
    }
    let declared_table = job.content_type.is_some_and(|ct| {
        let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        matches!(essence.as_str(), "text/csv" | "text/tab-separated-values")
    });
    let textual = matches!(format, Format::Text | Format::Json | Format::Html | Format::Xml)
        || (matches!(format, Format::Csv | Format::Tsv) && !declared_table);
    if media != MediaKind::Unscannable && textual {
        let p = job
            .snap
            .with_scratch(|s| content::process(media, &decoded, policy, s))
            .map_err(GatewayError::Unscannable)?;
        return Ok(Inspected {
            body: p.body.into(),
            changed: p.changed,
            blocked: p.blocked,
            hits: p.hits,
            ..Inspected::default()
        });
    }
    let allow_unscanned = cfg.scan.unscannable == Unscannable::Allow;
    let unscanned = |decoded: std::borrow::Cow<[u8]>| Inspected {
        body: decoded.into_owned().into(),
        unscanned: true,
        ..Inspected::default()
    };
    if format == Format::Binary || !cfg.scan.documents {
        return if allow_unscanned { Ok(unscanned(decoded)) } else { Err(GatewayError::UnscannableType) };
    }
    // An attachment: a document, archive, mail, table, or text served with a non-text type.
    match extract::inspect_document(&decoded, &document_limits(cfg), policy, unredactable(cfg), None) {
        Ok(doc) => Ok(Inspected {
            changed: doc.rewritten.is_some(),
            body: doc.rewritten.unwrap_or_else(|| decoded.into_owned()).into(),
            blocked: doc.blocked,
            hits: doc.hits,
            stripped: doc.stripped.len(),
            placeholder: !doc.stripped.is_empty(),
            ..Inspected::default()
        }),
        Err(_) if allow_unscanned => Ok(unscanned(decoded)),
        Err(e) => Err(GatewayError::Unextractable(e)),
    }
}

/// The caps on one attachment, from `[scan]`.
fn document_limits(cfg: &crate::policy::Config) -> extract::Limits {
    extract::Limits {
        max_total_bytes: cfg.scan.max_decompressed_bytes,
        max_ratio: cfg.scan.max_compression_ratio,
        max_depth: cfg.scan.max_document_depth,
        max_entries: cfg.scan.max_archive_entries,
        max_time: cfg.scan.timeout,
    }
}

fn unredactable(cfg: &crate::policy::Config) -> Unredactable {
    if cfg.scan.strip_unredactable {
        Unredactable::Strip
    } else {
        Unredactable::Block
    }
}

fn inspect_json(job: &Job, body: &[u8], policy: &Policy, limits: &Limits) -> Result<Inspected, GatewayError> {
    let mut doc = content::json::parse(body, limits).map_err(GatewayError::Unscannable)?;
    let mut out = Inspected::default();
    let mut lists = Vec::new();
    if job.success {
        if let Some(scope) = &job.snap.config.scope {
            lists = apply_scope(job, scope, &mut doc, &mut out)?;
        }
    }
    out.dropped = content::json::drop_selected(&mut doc, policy.drop);
    let cfg = &job.snap.config;
    let mut embedded_changed = false;
    if cfg.scan.documents {
        let inner = extract::inspect_embedded(&mut doc, &document_limits(cfg), policy, unredactable(cfg));
        match inner {
            Ok(inner) => {
                embedded_changed = !inner.stripped.is_empty()
                    || inner.hits.iter().any(|h| matches!(h.action, Action::Redact(_)));
                out.stripped = inner.stripped.len();
                out.blocked = inner.blocked;
                out.hits = inner.hits;
            }
            Err(_) if cfg.scan.unscannable == Unscannable::Allow => out.unscanned = true,
            Err((_, e)) => return Err(GatewayError::Unextractable(e)),
        }
    }
    let hits = job.snap.with_scratch(|s| content::json::scan_redact(&mut doc, policy, s));
    out.hits.extend(hits);
    out.blocked |= out.hits.iter().any(|h| matches!(h.action, Action::Block));
    if out.blocked && !lists.is_empty() {
        out.blocked = !remove_blocked_items(&mut doc, &lists, &out.hits, &mut out.filtered);
    }
    if let (RouteKind::List { count: Some(count), .. }, false) = (job.kind, lists.is_empty()) {
        let kept =
            lists.iter().filter_map(|p| doc.pointer(p)).filter_map(Value::as_array).map(Vec::len).sum();
        set_counts(&mut doc, count, kept);
    }
    let redacted = out.hits.iter().any(|h| matches!(h.action, Action::Redact(_)));
    out.changed = redacted || embedded_changed || out.dropped > 0 || out.filtered > 0;
    out.body = if out.changed { content::json::to_vec(&doc, body.len()) } else { body.to_vec() }.into();
    Ok(out)
}

/// In a list response, a finding whose action is `block` removes its item rather than the
/// whole list (the vendor still sees the other cases). Returns whether every blocking finding
/// sat inside an item; if one did not, the whole response stays blocked.
fn remove_blocked_items(doc: &mut Value, lists: &[String], hits: &[Hit], filtered: &mut usize) -> bool {
    let mut doomed: Vec<(&str, usize)> = Vec::new();
    for hit in hits.iter().filter(|h| matches!(h.action, Action::Block)) {
        let pointer = match &hit.location {
            Location::Json { pointer, .. } | Location::Inner { pointer: Some(pointer), .. } => pointer,
            _ => return false,
        };
        let item = lists.iter().find_map(|list| {
            let rest = pointer.strip_prefix(list.as_str())?.strip_prefix('/')?;
            let index = rest.split('/').next()?.parse::<usize>().ok()?;
            Some((list.as_str(), index))
        });
        match item {
            Some(i) => doomed.push(i),
            None => return false,
        }
    }
    doomed.sort_unstable();
    doomed.dedup();
    for (list, index) in doomed.into_iter().rev() {
        if let Some(Value::Array(items)) = doc.pointer_mut(list) {
            if index < items.len() {
                items.remove(index);
                *filtered += 1;
            }
        }
    }
    true
}

/// Checks the case or filters the list; returns the JSON pointers of filtered lists.
fn apply_scope(
    job: &Job,
    scope: &Scope,
    doc: &mut Value,
    out: &mut Inspected,
) -> Result<Vec<String>, GatewayError> {
    let in_scope = |case: &mut Value| -> bool {
        let static_ok = scope.case_id(case).is_some_and(|id| job.principal.has_static_case(&id, job.now));
        static_ok || job.rule.is_some_and(|r| r.matches_mut(case))
    };
    match job.kind {
        RouteKind::Case => {
            let ptr = first_pointer(&scope.case, doc)
                .ok_or(GatewayError::UpstreamInvalid("no case in the response"))?;
            let case =
                doc.pointer_mut(&ptr).ok_or(GatewayError::UpstreamInvalid("no case in the response"))?;
            let id = scope.case_id(case);
            if id.as_deref() != job.case || !in_scope(case) {
                return Err(GatewayError::OutOfScope);
            }
            out.cases.extend(id);
            out.grants = scope.granted_ids(doc);
            Ok(Vec::new())
        }
        RouteKind::List { items, .. } => {
            let pointers: Vec<String> =
                items.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
            for ptr in &pointers {
                let Some(Value::Array(list)) = doc.pointer_mut(ptr) else {
                    return Err(GatewayError::UpstreamInvalid("list items are not an array"));
                };
                let before = list.len();
                list.retain_mut(|item| in_scope(item));
                out.filtered += before - list.len();
                out.cases.extend(list.iter().filter_map(|item| scope.case_id(item)));
            }
            Ok(pointers)
        }
        _ => Ok(Vec::new()),
    }
}

/// Rewrites every numeric member `count` selects to `n` (the items the vendor sees).
fn set_counts(doc: &mut Value, count: &serde_json_path::JsonPath, n: usize) {
    let pointers: Vec<String> = count.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
    for ptr in pointers {
        if let Some(slot) = doc.pointer_mut(&ptr).filter(|v| v.is_number()) {
            *slot = Value::from(n);
        }
    }
}

fn first_pointer(path: &serde_json_path::JsonPath, doc: &Value) -> Option<String> {
    path.query_located(doc).locations().next().map(|l| l.to_json_pointer())
}
