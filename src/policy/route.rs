//! Route allow-lists: `METHOD /path/{param}.json` templates matched against a request.
//!
//! Matching works on the raw request path. Paths that could be read differently by the
//! upstream than by this matcher (dot segments, empty segments, encoded slashes or dots,
//! backslashes) never match, so a vendor cannot reach `/users/current.json` through
//! `/issues/1.json/../../users/current.json` or `%2e%2e`.

use std::collections::BTreeMap;

use serde_json_path::JsonPath;

use super::ConfigError;

/// What a route returns, which decides how scoping applies to it.
#[derive(Clone, Debug)]
pub enum RouteKind {
    /// The response is one case; it must be in scope.
    Case,
    /// The response holds a list of cases at `items`; out-of-scope items are removed, and a
    /// `count` member (the upstream's total) is rewritten so it does not reveal how many
    /// cases exist beyond the vendor's.
    List { items: JsonPath, count: Option<JsonPath> },
    /// A sub-resource of `{case}`: the case is fetched and checked before forwarding.
    CaseChild,
    /// `{param}` must be an id the principal was granted by an in-scope case.
    Grant,
    /// No case involved.
    Plain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    prefix: String,
    param: Option<String>,
    suffix: String,
}

/// One allowed route.
#[derive(Clone, Debug)]
pub struct Route {
    /// As written (`GET /issues/{case}.json`): the audit log's route label.
    pub template: String,
    pub method: String,
    segments: Vec<Segment>,
    pub kind: RouteKind,
}

/// Path parameters of a matched route.
pub type Params = BTreeMap<String, String>;

impl Route {
    pub fn parse(key: &str, text: &str, kind: RouteKind) -> Result<Route, ConfigError> {
        let (method, path) = text
            .trim()
            .split_once(' ')
            .ok_or_else(|| ConfigError::invalid(key, "write a route as `METHOD /path/{param}`"))?;
        let method = method.to_ascii_uppercase();
        let path = path.trim();
        if !path.starts_with('/') {
            return Err(ConfigError::invalid(key, "route path must start with `/`"));
        }
        let segments = path[1..].split('/').map(|s| parse_segment(key, s)).collect::<Result<_, _>>()?;
        Ok(Route { template: format!("{method} {path}"), method, segments, kind })
    }

    /// Names of the path parameters.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| s.param.as_deref())
    }

    /// Matches `method` and the raw `path` (no query); returns the parameters.
    pub fn matches(&self, method: &str, path: &str) -> Option<Params> {
        if !method.eq_ignore_ascii_case(&self.method) || !is_canonical(path) {
            return None;
        }
        let mut parts = path[1..].split('/');
        let mut params = Params::new();
        for seg in &self.segments {
            let part = parts.next()?;
            let middle = part.strip_prefix(seg.prefix.as_str())?.strip_suffix(seg.suffix.as_str())?;
            match &seg.param {
                None if middle.is_empty() => {}
                None => return None,
                Some(_) if middle.is_empty() => return None,
                Some(name) => {
                    params.insert(name.clone(), middle.to_string());
                }
            }
        }
        parts.next().is_none().then_some(params)
    }
}

fn parse_segment(key: &str, s: &str) -> Result<Segment, ConfigError> {
    let Some(open) = s.find('{') else {
        return Ok(Segment { prefix: s.to_string(), param: None, suffix: String::new() });
    };
    let close = s
        .find('}')
        .filter(|&c| c > open + 1)
        .ok_or_else(|| ConfigError::invalid(key, format!("bad parameter in path segment `{s}`")))?;
    let suffix = &s[close + 1..];
    if suffix.contains('{') {
        return Err(ConfigError::invalid(key, "one parameter per path segment"));
    }
    Ok(Segment {
        prefix: s[..open].to_string(),
        param: Some(s[open + 1..close].to_string()),
        suffix: suffix.to_string(),
    })
}

/// A path every component reads the same way.
pub fn is_canonical(path: &str) -> bool {
    if !path.starts_with('/') || path.contains('\\') || path.contains("//") {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%2e", "%5c", "%00", ";"].iter().any(|bad| lower.contains(bad)) {
        return false;
    }
    path[1..].split('/').all(|seg| seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(t: &str) -> Route {
        Route::parse("k", t, RouteKind::Case).unwrap()
    }

    #[test]
    fn matches_parameters_with_suffix() {
        let r = route("GET /issues/{case}.json");
        let p = r.matches("GET", "/issues/42.json").unwrap();
        assert_eq!(p["case"], "42");
        assert!(r.matches("POST", "/issues/42.json").is_none());
        assert!(r.matches("GET", "/issues/42.xml").is_none());
        assert!(r.matches("GET", "/issues/.json").is_none());
        assert!(r.matches("GET", "/issues/42.json/extra").is_none());
        assert!(r.matches("GET", "/issues").is_none());
    }

    #[test]
    fn traversal_and_encoded_tricks_never_match() {
        let r = route("GET /attachments/download/{attachment}/{filename}");
        assert!(r.matches("GET", "/attachments/download/10/a.txt").is_some());
        for bad in [
            "/attachments/download/10/..",
            "/attachments/download/../../users/current.json",
            "/attachments/download/10/%2e%2e",
            "/attachments/download/10%2F..%2Fx/a",
            "/attachments//download/10/a.txt",
            "/attachments/download/10/a.txt;x=1",
        ] {
            assert!(r.matches("GET", bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn bad_templates_are_errors() {
        assert!(Route::parse("k", "/issues.json", RouteKind::Plain).is_err());
        assert!(Route::parse("k", "GET issues.json", RouteKind::Plain).is_err());
        assert!(Route::parse("k", "GET /a/{}.json", RouteKind::Plain).is_err());
        assert!(Route::parse("k", "GET /a/{x}{y}", RouteKind::Plain).is_err());
    }
}
