//! The validated gateway configuration: built once from [`super::raw`] by [`Config::from_raw`],
//! read-only afterwards. Every error names the key it is about.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use serde_json_path::JsonPath;

use super::actions::{Act, ActionRule, Actions};
use super::anomaly::AnomalyConfig;
use super::env::{expand, Env};
use super::principal::{token_digest, Kind, Principal, Principals, StaticCase};
use super::raw::{self, RawConfig, RawId};
use super::route::{Route, RouteKind};
use super::scope::{Grant, Lookup, Scope};
use super::secret::Secret;
use super::template::{check_jsonpath, Template};
use super::units::{duration, instant, size};
#[cfg(test)]
use super::AuthError;
use super::ConfigError;
use crate::finding::Category;
use crate::redact::Redaction;

#[derive(Clone, Debug)]
pub struct Server {
    pub listen: SocketAddr,
    pub admin_listen: Option<SocketAddr>,
    pub max_connections: usize,
    pub max_header_bytes: usize,
    pub header_read_timeout: Duration,
    pub shutdown_grace: Duration,
    pub http2: bool,
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Clone, Debug)]
pub struct Upstream {
    /// `http://host:port` or `https://…`, without a trailing slash.
    pub origin: String,
    /// Path prefix of the upstream URL (`""` or `/redmine`).
    pub base_path: String,
    pub tls: bool,
    pub ca_file: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub response_timeout: Duration,
    pub total_timeout: Duration,
    /// Lower-case header names removed from vendor requests.
    pub strip_headers: Vec<String>,
    /// Query parameter names removed from vendor requests.
    pub strip_query: Vec<String>,
    pub credentials: BTreeMap<String, Vec<(String, Secret)>>,
}

/// What happens to a vendor body that cannot be scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unscannable {
    Block,
    Allow,
}

#[derive(Clone, Debug)]
pub struct ScanLimits {
    pub packs: Option<PathBuf>,
    pub max_body_bytes: u64,
    pub max_decompressed_bytes: u64,
    pub max_compression_ratio: u64,
    pub max_json_depth: usize,
    pub timeout: Duration,
    pub unscannable: Unscannable,
    pub block_status: u16,
    /// Look inside attachments (documents, archives, mail, base64 documents in JSON).
    pub documents: bool,
    /// Findings to redact in a document that cannot be rewritten (PDF): `true` replaces the
    /// document by a placeholder, `false` blocks the response.
    pub strip_unredactable: bool,
    /// Archives/documents nested inside attachments.
    pub max_document_depth: usize,
    /// Entries across all archives of one attachment.
    pub max_archive_entries: usize,
    /// Bytes of vendor decisions kept for repeated bodies (`gateway::decision_cache`); 0: off.
    pub decision_cache_bytes: u64,
    pub decision_cache_ttl: Duration,
}

#[derive(Clone, Debug)]
pub struct Audit {
    pub path: PathBuf,
    pub key: Secret,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub routes: Vec<Route>,
}

/// The whole validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub server: Server,
    pub upstream: Upstream,
    pub scan: ScanLimits,
    pub audit: Audit,
    pub principals: Principals,
    pub lookups: Vec<Lookup>,
    pub scope: Option<Scope>,
    pub roles: HashMap<String, Role>,
    pub drop: Vec<JsonPath>,
    pub actions: Actions,
    pub anomaly: Option<AnomalyConfig>,
}

impl Config {
    /// Reads and validates a configuration file; relative paths resolve against its folder.
    pub fn load(path: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Io { path: path.to_path_buf(), message: e.to_string() })?;
        Config::parse(&text, path.parent().unwrap_or(Path::new(".")), env).map_err(|e| e.in_file(path))
    }

    /// Parses configuration text; `base` resolves relative paths.
    pub fn parse(text: &str, base: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax(e.to_string()))?;
        Config::from_raw(raw, base, env)
    }

    pub fn from_raw(raw: RawConfig, base: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
        let x = |key: &str, v: &str| expand(env, key, v);
        let upstream = upstream(raw.upstream, base, &x)?;
        let scope = raw.scope.map(scope).transpose()?;
        let lookups =
            raw.lookups.into_iter().enumerate().map(|(i, l)| lookup(i, l)).collect::<Result<_, _>>()?;
        let roles = roles(raw.roles, scope.is_some())?;
        let config = Config {
            server: server(raw.server, &x)?,
            scan: scan(raw.scan, base, &x)?,
            audit: Audit {
                path: base.join(x("audit.path", &raw.audit.path)?),
                key: Secret::new(x("audit.key", &raw.audit.key)?),
            },
            principals: principals(raw.principals, &x)?,
            lookups,
            scope,
            roles,
            drop: raw
                .content
                .drop
                .iter()
                .enumerate()
                .map(|(i, p)| jsonpath(&format!("content.drop[{i}]"), p))
                .collect::<Result<_, _>>()?,
            actions: actions(raw.actions)?,
            anomaly: raw.anomaly.map(anomaly).transpose()?,
            upstream,
        };
        config.cross_check()?;
        Ok(config)
    }

    /// The upstream credential headers of `name`.
    pub fn credential(&self, name: Option<&str>) -> &[(String, Secret)] {
        name.and_then(|n| self.upstream.credentials.get(n)).map_or(&[], |v| v.as_slice())
    }

    /// Checks that every name refers to something defined.
    fn cross_check(&self) -> Result<(), ConfigError> {
        if self.audit.key.expose().len() < 16 {
            return Err(ConfigError::invalid("audit.key", "use at least 16 bytes of key material"));
        }
        let lookup_vars: Vec<&str> = self.lookups.iter().map(|l| l.var.as_str()).collect();
        for (i, p) in self.principals.iter().enumerate() {
            let key = format!("principals[{i}]");
            if let Some(c) = &p.credential {
                if !self.upstream.credentials.contains_key(c) {
                    return Err(ConfigError::invalid(
                        &format!("{key}.credential"),
                        format!("no credential `{c}` in upstream.credentials"),
                    ));
                }
            }
            if p.kind != Kind::Vendor {
                continue;
            }
            let role = p
                .role
                .as_deref()
                .ok_or_else(|| ConfigError::invalid(&format!("{key}.role"), "a vendor needs a role"))?;
            if !self.roles.contains_key(role) {
                return Err(ConfigError::invalid(&format!("{key}.role"), format!("no role named `{role}`")));
            }
            let defined = |v: &str| p.vars.contains_key(v) || lookup_vars.contains(&v);
            let mut needed: Vec<&str> =
                self.lookups.iter().flat_map(|l| l.request.vars().chain(l.select.vars())).collect();
            if let Some(rule) = self.scope.as_ref().and_then(|s| s.rule.as_ref()) {
                needed.extend(rule.vars());
            }
            if let Some(missing) = needed.into_iter().find(|v| !defined(v)) {
                return Err(ConfigError::invalid(
                    &format!("{key}.vars"),
                    format!("variable `{missing}` is used by scope/lookups but not defined"),
                ));
            }
        }
        Ok(())
    }
}

type Expand<'a> = dyn Fn(&str, &str) -> Result<String, ConfigError> + 'a;

fn server(r: raw::RawServer, x: &Expand) -> Result<Server, ConfigError> {
    let addr = |key: &str, v: &str| -> Result<SocketAddr, ConfigError> {
        x(key, v)?
            .parse()
            .map_err(|_| ConfigError::invalid(key, "not an address; write e.g. \"127.0.0.1:8080\""))
    };
    Ok(Server {
        listen: addr("server.listen", &r.listen)?,
        admin_listen: r.admin_listen.as_deref().map(|a| addr("server.admin_listen", a)).transpose()?,
        max_connections: r.max_connections.unwrap_or(1024).max(1),
        max_header_bytes: r.max_header_bytes.unwrap_or(64 * 1024).max(8192),
        header_read_timeout: duration(
            "server.header_read_timeout",
            r.header_read_timeout.as_deref(),
            Duration::from_secs(10),
        )?,
        shutdown_grace: duration(
            "server.shutdown_grace",
            r.shutdown_grace.as_deref(),
            Duration::from_secs(10),
        )?,
        http2: r.http2.unwrap_or(false),
        trusted_proxies: r
            .trusted_proxies
            .iter()
            .map(|p| {
                p.parse().map_err(|_| ConfigError::invalid("server.trusted_proxies", "not an IP address"))
            })
            .collect::<Result<_, _>>()?,
    })
}

fn upstream(r: raw::RawUpstream, base: &Path, x: &Expand) -> Result<Upstream, ConfigError> {
    let url = x("upstream.url", &r.url)?;
    let (tls, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(ConfigError::invalid("upstream.url", "must start with http:// or https://"));
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.is_empty() || authority.contains('@') || path.contains('?') {
        return Err(ConfigError::invalid(
            "upstream.url",
            "write a base URL such as https://tickets.example.com/api",
        ));
    }
    let mut credentials = BTreeMap::new();
    for (name, cred) in r.credentials {
        let mut headers = Vec::new();
        for (h, v) in cred.headers {
            let key = format!("upstream.credentials.{name}.headers.{h}");
            if !h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(ConfigError::invalid(&key, "not a header name"));
            }
            headers.push((h.to_ascii_lowercase(), Secret::new(x(&key, &v)?)));
        }
        credentials.insert(name, headers);
    }
    Ok(Upstream {
        origin: format!("{}://{authority}", if tls { "https" } else { "http" }),
        base_path: path.trim_end_matches('/').to_string(),
        tls,
        ca_file: r.ca_file.as_deref().map(|c| x("upstream.ca_file", c).map(|c| base.join(c))).transpose()?,
        connect_timeout: duration(
            "upstream.connect_timeout",
            r.connect_timeout.as_deref(),
            Duration::from_secs(5),
        )?,
        response_timeout: duration(
            "upstream.response_timeout",
            r.response_timeout.as_deref(),
            Duration::from_secs(30),
        )?,
        total_timeout: duration(
            "upstream.total_timeout",
            r.total_timeout.as_deref(),
            Duration::from_secs(60),
        )?,
        strip_headers: r.strip_request_headers.iter().map(|h| h.to_ascii_lowercase()).collect(),
        strip_query: r.strip_query_params,
        credentials,
    })
}

fn scan(r: raw::RawScan, base: &Path, x: &Expand) -> Result<ScanLimits, ConfigError> {
    let unscannable = match r.unscannable.as_deref().unwrap_or("block") {
        "block" => Unscannable::Block,
        "allow" => Unscannable::Allow,
        _ => return Err(ConfigError::invalid("scan.unscannable", "expected block or allow")),
    };
    let strip_unredactable = match r.unredactable.as_deref().unwrap_or("block") {
        "block" => false,
        "strip" => true,
        _ => return Err(ConfigError::invalid("scan.unredactable", "expected block or strip")),
    };
    let block_status = r.block_status.unwrap_or(403);
    if !(400..=599).contains(&block_status) {
        return Err(ConfigError::invalid("scan.block_status", "must be a 4xx or 5xx status"));
    }
    Ok(ScanLimits {
        packs: r.packs.as_deref().map(|p| x("scan.packs", p).map(|p| base.join(p))).transpose()?,
        max_body_bytes: size("scan.max_body_bytes", r.max_body_bytes.as_ref(), 16 << 20)?,
        max_decompressed_bytes: size(
            "scan.max_decompressed_bytes",
            r.max_decompressed_bytes.as_ref(),
            64 << 20,
        )?,
        max_compression_ratio: r.max_compression_ratio.unwrap_or(100).max(1),
        max_json_depth: r.max_json_depth.unwrap_or(64).clamp(2, 128),
        timeout: duration("scan.timeout", r.timeout.as_deref(), Duration::from_secs(2))?,
        unscannable,
        block_status,
        documents: r.documents.unwrap_or(true),
        strip_unredactable,
        max_document_depth: r.max_document_depth.unwrap_or(4).min(32),
        max_archive_entries: r.max_archive_entries.unwrap_or(10_000).max(1),
        decision_cache_bytes: size("scan.decision_cache", r.decision_cache.as_ref(), 32 << 20)?,
        decision_cache_ttl: duration(
            "scan.decision_cache_ttl",
            r.decision_cache_ttl.as_deref(),
            Duration::from_secs(60),
        )?,
    })
}

fn principals(list: Vec<raw::RawPrincipal>, x: &Expand) -> Result<Principals, ConfigError> {
    let mut out = Principals::default();
    for (i, r) in list.into_iter().enumerate() {
        let key = format!("principals[{i}]");
        let k = |field: &str| format!("{key}.{field}");
        let kind = match r.kind.as_str() {
            "internal" => Kind::Internal,
            "vendor" => Kind::Vendor,
            _ => return Err(ConfigError::invalid(&k("kind"), "expected internal or vendor")),
        };
        let digest = match (&r.token, &r.token_sha256) {
            (Some(t), None) => {
                let t = x(&k("token"), t)?;
                if t.len() < 8 {
                    return Err(ConfigError::invalid(&k("token"), "a token must be at least 8 characters"));
                }
                token_digest(t.as_bytes())
            }
            (None, Some(h)) => hex32(&x(&k("token_sha256"), h)?)
                .ok_or_else(|| ConfigError::invalid(&k("token_sha256"), "expected 64 hex digits"))?,
            _ => return Err(ConfigError::invalid(&key, "give exactly one of token and token_sha256")),
        };
        let tier = match (kind, r.tier) {
            (Kind::Internal, _) => 0,
            (Kind::Vendor, Some(t @ 1..=3)) => t,
            (Kind::Vendor, _) => {
                return Err(ConfigError::invalid(&k("tier"), "a vendor needs tier 1, 2 or 3"))
            }
        };
        let vendor = r.vendor.as_deref().map(|v| x(&k("vendor"), v)).transpose()?;
        if kind == Kind::Vendor && vendor.is_none() {
            return Err(ConfigError::invalid(&k("vendor"), "a vendor principal needs `vendor`"));
        }
        let mut vars = BTreeMap::new();
        for (name, v) in &r.vars {
            vars.insert(name.clone(), Value::String(x(&k(&format!("vars.{name}")), v)?));
        }
        vars.insert("principal".into(), Value::String(r.name.clone()));
        vars.insert("tier".into(), Value::from(tier));
        if let Some(v) = &vendor {
            vars.insert("vendor".into(), Value::String(v.clone()));
        }
        let cases = r
            .cases
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let id = match &c.id {
                    RawId::Number(n) => n.to_string(),
                    RawId::Text(t) => x(&k(&format!("cases[{j}].id")), t)?,
                };
                Ok(StaticCase { id, until: instant(&k(&format!("cases[{j}].until")), c.until.as_deref())? })
            })
            .collect::<Result<_, ConfigError>>()?;
        let deny = r
            .deny
            .iter()
            .enumerate()
            .map(|(j, d)| Route::parse(&k(&format!("deny[{j}]")), d, RouteKind::Plain))
            .collect::<Result<_, ConfigError>>()?;
        let principal = Principal {
            name: r.name.clone(),
            kind,
            vendor,
            tier,
            role: r.role,
            credential: r.credential,
            not_before: instant(&k("not_before"), r.not_before.as_deref())?,
            not_after: instant(&k("not_after"), r.not_after.as_deref())?,
            vars,
            cases,
            deny,
        };
        if out.by_name(&principal.name).is_some() {
            return Err(ConfigError::invalid(&k("name"), format!("duplicate principal `{}`", r.name)));
        }
        if !out.insert(digest, principal) {
            return Err(ConfigError::invalid(&k("token"), "the same token is used by another principal"));
        }
    }
    Ok(out)
}

fn hex32(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn jsonpath(key: &str, text: &str) -> Result<JsonPath, ConfigError> {
    JsonPath::parse(text).map_err(|e| ConfigError::invalid(key, format!("invalid JSONPath: {e}")))
}

fn lookup(i: usize, r: raw::RawLookup) -> Result<Lookup, ConfigError> {
    let key = format!("lookups[{i}]");
    let request = Template::parse(&format!("{key}.request"), &r.request)?;
    if !r.request.starts_with('/') {
        return Err(ConfigError::invalid(
            &format!("{key}.request"),
            "a lookup request is a path starting with `/`",
        ));
    }
    let select = Template::parse(&format!("{key}.select"), &r.select)?;
    check_jsonpath(&format!("{key}.select"), &select)?;
    Ok(Lookup {
        var: r.var,
        request,
        select,
        ttl: duration(&format!("{key}.ttl"), r.ttl.as_deref(), Duration::from_secs(300))?,
    })
}

fn scope(r: raw::RawScope) -> Result<Scope, ConfigError> {
    let rule = r.rule.as_deref().map(|t| Template::parse("scope.rule", t)).transpose()?;
    if let Some(rule) = &rule {
        check_jsonpath("scope.rule", rule)?;
    }
    let fetch = r.fetch.as_deref().map(|t| Template::parse("scope.fetch", t)).transpose()?;
    if fetch.as_ref().is_some_and(|f| f.vars().any(|v| v != "case")) {
        return Err(ConfigError::invalid("scope.fetch", "the fetch path may only use `{case}`"));
    }
    Ok(Scope {
        case: jsonpath("scope.case", &r.case)?,
        fetch,
        rule,
        id: r.id.unwrap_or_else(|| "id".into()),
        grants: r
            .grants
            .iter()
            .enumerate()
            .map(|(i, g)| {
                Ok(Grant {
                    kind: g.kind.clone(),
                    select: jsonpath(&format!("scope.grants[{i}].select"), &g.select)?,
                })
            })
            .collect::<Result<_, ConfigError>>()?,
        grant_ttl: duration("scope.grant_ttl", r.grant_ttl.as_deref(), Duration::from_secs(3600))?,
    })
}

fn roles(list: Vec<raw::RawRole>, has_scope: bool) -> Result<HashMap<String, Role>, ConfigError> {
    let mut out = HashMap::new();
    for (i, r) in list.into_iter().enumerate() {
        let mut routes = Vec::new();
        for (j, rr) in r.routes.iter().enumerate() {
            let key = format!("roles[{i}].routes[{j}]");
            let count = rr.count.as_deref().map(|c| jsonpath(&format!("{key}.count"), c)).transpose()?;
            if count.is_some() && rr.kind.as_deref() != Some("list") {
                return Err(ConfigError::invalid(&format!("{key}.count"), "only list routes take `count`"));
            }
            let kind = match (rr.kind.as_deref().unwrap_or("plain"), &rr.items) {
                ("case", None) => RouteKind::Case,
                ("list", Some(items)) => {
                    RouteKind::List { items: jsonpath(&format!("{key}.items"), items)?, count }
                }
                ("list", None) => {
                    return Err(ConfigError::invalid(&format!("{key}.items"), "a list route needs `items`"))
                }
                ("case_child", None) => RouteKind::CaseChild,
                ("grant", None) => RouteKind::Grant,
                ("plain", None) => RouteKind::Plain,
                (_, Some(_)) => {
                    return Err(ConfigError::invalid(
                        &format!("{key}.items"),
                        "only list routes take `items`",
                    ))
                }
                (other, None) => {
                    return Err(ConfigError::invalid(
                        &format!("{key}.kind"),
                        format!("unknown kind `{other}` (case, list, case_child, grant, plain)"),
                    ))
                }
            };
            let needs_case = matches!(kind, RouteKind::Case | RouteKind::CaseChild);
            let route = Route::parse(&format!("{key}.route"), &rr.route, kind)?;
            if needs_case && !route.params().any(|p| p == "case") {
                return Err(ConfigError::invalid(
                    &format!("{key}.route"),
                    "this kind needs a `{case}` parameter",
                ));
            }
            if !matches!(route.kind, RouteKind::Plain) && !has_scope {
                return Err(ConfigError::invalid(
                    &format!("{key}.kind"),
                    "scoped routes need a [scope] table",
                ));
            }
            routes.push(route);
        }
        if out.insert(r.name.clone(), Role { routes }).is_some() {
            return Err(ConfigError::invalid(&format!("roles[{i}].name"), "duplicate role"));
        }
    }
    Ok(out)
}

fn actions(list: Vec<raw::RawAction>) -> Result<Actions, ConfigError> {
    let mut rules = Vec::new();
    for (i, r) in list.into_iter().enumerate() {
        let key = format!("actions[{i}]");
        let category = match r.category.as_str() {
            "*" => None,
            c => Some(
                c.parse::<Category>()
                    .map_err(|e| ConfigError::invalid(&format!("{key}.category"), e.to_string()))?,
            ),
        };
        let redaction = r
            .redaction
            .as_deref()
            .map(|t| {
                t.parse::<Redaction>()
                    .map_err(|e| ConfigError::invalid(&format!("{key}.redaction"), e.to_string()))
            })
            .transpose()?;
        let act = match (r.action.as_str(), redaction) {
            ("redact", op) => Act::Redact(op),
            ("block", None) => Act::Block,
            ("allow", None) => Act::Allow,
            ("block" | "allow", Some(_)) => {
                return Err(ConfigError::invalid(
                    &format!("{key}.redaction"),
                    "only `redact` takes a redaction",
                ))
            }
            _ => {
                return Err(ConfigError::invalid(&format!("{key}.action"), "expected redact, block or allow"))
            }
        };
        if let Some(t) = r.tiers.iter().flatten().find(|t| !(1..=3).contains(*t)) {
            return Err(ConfigError::invalid(&format!("{key}.tiers"), format!("tier {t} is not 1, 2 or 3")));
        }
        rules.push(ActionRule { category, tiers: r.tiers, act });
    }
    Ok(Actions { rules })
}

fn anomaly(r: raw::RawAnomaly) -> Result<AnomalyConfig, ConfigError> {
    Ok(AnomalyConfig {
        window: duration("anomaly.window", Some(&r.window), Duration::from_secs(600))?,
        max_distinct_cases: r.max_distinct_cases,
        max_findings: r.max_findings,
        suspend_for: r
            .suspend_for
            .as_deref()
            .map(|d| duration("anomaly.suspend_for", Some(d), Duration::ZERO))
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn demo() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo.toml")).unwrap()
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/etc/casegate"), &HashMap::<String, String>::new())
    }

    #[test]
    fn demo_config_is_valid() {
        let c = parse(&demo()).unwrap();
        assert_eq!(c.server.listen.port(), 8080);
        assert_eq!(c.upstream.origin, "http://127.0.0.1:3000");
        assert_eq!(c.scan.max_body_bytes, 16 << 20);
        assert_eq!(c.roles["vendor-agent"].routes.len(), 7);
        assert_eq!(c.audit.path, Path::new("/etc/casegate/casegate-audit.jsonl"));
        let vendor = c.principals.by_name("acme-agent").unwrap();
        assert_eq!((vendor.kind, vendor.tier), (Kind::Vendor, 2));
        assert_eq!(c.credential(vendor.credential.as_deref())[0].0, "x-redmine-api-key");
        assert_eq!(
            (c.scan.decision_cache_bytes, c.scan.decision_cache_ttl),
            (32 << 20, Duration::from_secs(60))
        );
    }

    #[test]
    fn decision_cache_settings_are_checked_by_key() {
        let off = parse(&demo().replace("decision_cache = \"32MiB\"", "decision_cache = 0")).unwrap();
        assert_eq!(off.scan.decision_cache_bytes, 0);
        let err =
            parse(&demo().replace("decision_cache = \"32MiB\"", "decision_cache = \"lots\"")).unwrap_err();
        assert!(err.to_string().contains("scan.decision_cache"), "{err}");
        let err = parse(&demo().replace("decision_cache_ttl = \"60s\"", "decision_cache_ttl = \"soon\""))
            .unwrap_err();
        assert!(err.to_string().contains("scan.decision_cache_ttl"), "{err}");
    }

    #[test]
    fn typos_and_bad_values_name_the_key() {
        let cases = [
            (demo().replace("max_connections", "max_conections"), "max_conections"),
            (demo().replace("tier = 2", "tier = 7"), "principals[1].tier"),
            (demo().replace("\"keep_last:4\"", "\"keep_lats:4\""), "actions[0].redaction"),
            (demo().replace("kind = \"list\"", "kind = \"lists\""), "roles[0].routes[0]"),
            (demo().replace("role = \"vendor-agent\"", "role = \"nobody\""), "principals[1].role"),
            (demo().replace("$.issue.journals[?@.private_notes == true]", "$.issue[?"), "content.drop[0]"),
        ];
        for (text, key) in cases {
            let err = parse(&text).unwrap_err().to_string();
            assert!(err.contains(key), "expected `{key}` in: {err}");
        }
    }

    #[test]
    fn missing_environment_variable_is_named_and_not_echoed() {
        let text = demo().replace("${CASEGATE_KEY:-demo-hmac-key-change-me}", "${CASEGATE_KEY}");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("audit.key") && err.contains("CASEGATE_KEY"), "{err}");
        let env = HashMap::from([("CASEGATE_KEY".to_string(), "a-long-enough-secret-key".to_string())]);
        let c = Config::parse(&text, Path::new("."), &env).unwrap();
        assert_eq!(c.audit.key.expose(), b"a-long-enough-secret-key");
    }

    #[test]
    fn tokens_are_hashed_and_authenticate() {
        let c = parse(&demo()).unwrap();
        let now = humantime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap();
        let p = c.principals.authenticate(Some(b"Bearer vendor-demo-token"), now).unwrap();
        assert_eq!(p.name, "acme-agent");
        let after = humantime::parse_rfc3339("2031-01-01T00:00:00Z").unwrap();
        assert_eq!(
            c.principals.authenticate(Some(b"Bearer vendor-demo-token"), after).unwrap_err(),
            AuthError::Expired
        );
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("vendor-demo-token") && !debug.contains("demo-service-key"),
            "Debug never shows secrets"
        );
        assert!(!debug.contains("demo-hmac-key"));
    }
}
