//! The audit record: one JSON line per gateway request. It names who, which route template,
//! which cases, what was decided and why, and each finding by detector, location and keyed
//! HMAC fingerprint. It never holds a scanned value, a raw path or query string, or a token.

use serde::Serialize;

/// The outcome of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Forwarded unchanged (internal, or vendor content with nothing to redact).
    Allow,
    /// Forwarded with content removed or redacted.
    Redact,
    /// The response was replaced by a problem document because of its content or because it
    /// could not be scanned (fail closed).
    Block,
    /// Refused before or instead of forwarding (authentication, route, scope).
    Deny,
    /// The upstream or the gateway failed; nothing of the body was sent.
    Error,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Redact => "redact",
            Decision::Block => "block",
            Decision::Deny => "deny",
            Decision::Error => "error",
        }
    }
}

/// One finding as audited.
#[derive(Clone, Debug, Serialize)]
pub struct AuditFinding {
    pub detector: String,
    pub entity: String,
    pub category: &'static str,
    /// allow | redact | block
    pub action: &'static str,
    /// JSON pointer of the value, when the body was JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_pointer: Option<String>,
    /// Inside an attachment: where (`!/logs/app.log:120`, `#page=2`, `!Sheet1!C14`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Byte offsets (into the JSON string value, the decoded body, or the attachment segment).
    pub start: usize,
    pub end: usize,
    pub validated: bool,
    /// Keyed HMAC-SHA256 fingerprint of the value (correlates repeats, reveals nothing).
    pub fingerprint: String,
}

/// One request.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AuditRecord {
    /// RFC 3339, UTC.
    pub ts: String,
    pub decision_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    pub method: String,
    /// The matched route template; `None` when no route matched.
    pub route: Option<String>,
    pub cases: Vec<String>,
    pub status: u16,
    pub decision: Option<Decision>,
    /// Stable snake_case reason code (`route_not_allowed`, `out_of_scope`, `invalid_json`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    pub findings: Vec<AuditFinding>,
    /// JSON nodes removed by drop rules; list items removed by scoping.
    pub dropped: usize,
    pub filtered: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub latency_ms: f64,
    /// The body's decision was the one made earlier on the same bytes (`decision_cache`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cached: bool,
}

/// An anomaly alert line, written to the same log with `"event": "alert"`.
#[derive(Clone, Debug, Serialize)]
pub struct AlertRecord {
    pub ts: String,
    pub event: &'static str,
    pub principal: String,
    pub vendor: Option<String>,
    pub alert: &'static str,
    pub count: usize,
    pub limit: usize,
    pub suspended: bool,
}
