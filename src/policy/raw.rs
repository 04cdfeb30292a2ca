//! The gateway configuration file as written: serde structs with `deny_unknown_fields`, no
//! validation and no environment expansion. [`super::config`] turns these into the validated
//! [`super::Config`]; nothing else reads them. Key names here are the documented format
//! (`examples/demo.toml` is the annotated reference).

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub server: RawServer,
    pub upstream: RawUpstream,
    #[serde(default)]
    pub scan: RawScan,
    pub audit: RawAudit,
    #[serde(default)]
    pub principals: Vec<RawPrincipal>,
    #[serde(default)]
    pub lookups: Vec<RawLookup>,
    #[serde(default)]
    pub scope: Option<RawScope>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub content: RawContent,
    #[serde(default)]
    pub actions: Vec<RawAction>,
    #[serde(default)]
    pub anomaly: Option<RawAnomaly>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServer {
    pub listen: String,
    pub admin_listen: Option<String>,
    pub max_connections: Option<usize>,
    pub max_header_bytes: Option<usize>,
    pub header_read_timeout: Option<String>,
    pub shutdown_grace: Option<String>,
    /// Also accept cleartext HTTP/2 (prior knowledge); default HTTP/1.1 only.
    pub http2: Option<bool>,
    /// Peers (IP addresses) whose `X-Forwarded-For` is kept and extended.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    pub url: String,
    pub ca_file: Option<String>,
    pub connect_timeout: Option<String>,
    pub response_timeout: Option<String>,
    pub total_timeout: Option<String>,
    #[serde(default)]
    pub strip_request_headers: Vec<String>,
    #[serde(default)]
    pub strip_query_params: Vec<String>,
    #[serde(default)]
    pub credentials: BTreeMap<String, RawCredential>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredential {
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScan {
    pub packs: Option<String>,
    pub max_body_bytes: Option<RawSize>,
    pub max_decompressed_bytes: Option<RawSize>,
    pub max_compression_ratio: Option<u64>,
    pub max_json_depth: Option<usize>,
    pub timeout: Option<String>,
    pub unscannable: Option<String>,
    pub block_status: Option<u16>,
    pub documents: Option<bool>,
    pub unredactable: Option<String>,
    pub max_document_depth: Option<usize>,
    pub max_archive_entries: Option<usize>,
    pub decision_cache: Option<RawSize>,
    pub decision_cache_ttl: Option<String>,
}

/// A byte size: an integer, or a string such as `"16MiB"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawSize {
    Bytes(u64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAudit {
    pub path: String,
    pub key: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrincipal {
    pub name: String,
    pub kind: String,
    pub vendor: Option<String>,
    pub tier: Option<u8>,
    pub role: Option<String>,
    pub token: Option<String>,
    pub token_sha256: Option<String>,
    pub credential: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    #[serde(default)]
    pub cases: Vec<RawCase>,
    #[serde(default)]
    pub deny: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub id: RawId,
    pub until: Option<String>,
}

/// A case id: written as a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawId {
    Number(u64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLookup {
    pub var: String,
    pub request: String,
    pub select: String,
    pub ttl: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    pub case: String,
    pub fetch: Option<String>,
    pub rule: Option<String>,
    /// Member of a case (or list item) that holds its id; default `id`.
    pub id: Option<String>,
    #[serde(default)]
    pub grants: Vec<RawGrant>,
    pub grant_ttl: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrant {
    pub kind: String,
    pub select: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub name: String,
    #[serde(default)]
    pub routes: Vec<RawRoute>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub route: String,
    pub kind: Option<String>,
    pub items: Option<String>,
    /// List routes: a count member (e.g. `$.total_count`) rewritten to the items kept.
    pub count: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContent {
    #[serde(default)]
    pub drop: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub category: String,
    pub tiers: Option<Vec<u8>>,
    pub action: String,
    pub redaction: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnomaly {
    pub window: String,
    pub max_distinct_cases: Option<usize>,
    pub max_findings: Option<usize>,
    pub suspend_for: Option<String>,
}
