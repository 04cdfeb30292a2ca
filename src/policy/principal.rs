//! Principals (who a bearer token stands for) and authentication.
//!
//! Tokens are kept only as SHA-256 digests; a token given in the configuration (usually from
//! the environment) is hashed at load and the text dropped. Authentication hashes the
//! presented token and looks the digest up, so nothing compares secrets byte by byte.

use std::collections::HashMap;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::template::Vars;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Internal,
    Vendor,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Vendor => "vendor",
        }
    }
}

/// A case assigned statically, possibly until some time.
#[derive(Clone, Debug)]
pub struct StaticCase {
    pub id: String,
    pub until: Option<SystemTime>,
}

#[derive(Clone, Debug)]
pub struct Principal {
    pub name: String,
    pub kind: Kind,
    pub vendor: Option<String>,
    /// Risk tier 1..=3 (vendors); internal principals have tier 0.
    pub tier: u8,
    pub role: Option<String>,
    /// Name of the upstream credential injected for this principal.
    pub credential: Option<String>,
    pub not_before: Option<SystemTime>,
    pub not_after: Option<SystemTime>,
    /// `vars` plus the built-ins `principal`, `vendor`, `tier`.
    pub vars: Vars,
    pub cases: Vec<StaticCase>,
    /// Routes this principal may never call, whatever its kind (`GET /users/{user}.json`:
    /// an internal principal holding an admin credential would read API keys there).
    pub deny: Vec<super::Route>,
}

impl Principal {
    /// The deny route matching `method` and `path`; a path that is not canonical (`..`,
    /// `//`, `%2f`) counts as denied when any route is, since it could name a denied one.
    pub fn denied(&self, method: &str, path: &str) -> Option<&str> {
        if self.deny.is_empty() {
            return None;
        }
        if !super::is_canonical(path) {
            return Some("(non-canonical path)");
        }
        self.deny.iter().find(|r| r.matches(method, path).is_some()).map(|r| r.template.as_str())
    }
}

impl Principal {
    /// Whether a static assignment covers `case` at `now`.
    pub fn has_static_case(&self, case: &str, now: SystemTime) -> bool {
        self.cases.iter().any(|c| c.id == case && c.until.is_none_or(|u| now < u))
    }

    fn check_window(&self, now: SystemTime) -> Result<(), AuthError> {
        if self.not_before.is_some_and(|t| now < t) {
            return Err(AuthError::NotYetValid);
        }
        if self.not_after.is_some_and(|t| now >= t) {
            return Err(AuthError::Expired);
        }
        Ok(())
    }
}

/// Why a request was not authenticated. Every variant is a 401; `reason` goes to the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("no bearer token; send `Authorization: Bearer <token>`")]
    Missing,
    #[error("the Authorization header is not a bearer token")]
    Malformed,
    #[error("unknown token")]
    Unknown,
    #[error("this principal's access window has not started")]
    NotYetValid,
    #[error("this principal's access window has ended")]
    Expired,
}

impl AuthError {
    pub fn reason(self) -> &'static str {
        match self {
            AuthError::Missing => "missing_token",
            AuthError::Malformed => "malformed_authorization",
            AuthError::Unknown => "unknown_token",
            AuthError::NotYetValid => "not_yet_valid",
            AuthError::Expired => "expired",
        }
    }
}

/// SHA-256 of a token.
pub fn token_digest(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// All principals, indexed by token digest.
#[derive(Clone, Debug, Default)]
pub struct Principals {
    list: Vec<Principal>,
    by_digest: HashMap<[u8; 32], usize>,
}

impl Principals {
    /// Adds a principal; `false` if the digest is already taken.
    pub(super) fn insert(&mut self, digest: [u8; 32], principal: Principal) -> bool {
        if self.by_digest.contains_key(&digest) {
            return false;
        }
        self.by_digest.insert(digest, self.list.len());
        self.list.push(principal);
        true
    }

    pub fn iter(&self) -> impl Iterator<Item = &Principal> {
        self.list.iter()
    }

    pub fn by_name(&self, name: &str) -> Option<&Principal> {
        self.list.iter().find(|p| p.name == name)
    }

    /// Authenticates an `Authorization` header value at `now`.
    pub fn authenticate(
        &self,
        authorization: Option<&[u8]>,
        now: SystemTime,
    ) -> Result<&Principal, AuthError> {
        let header = authorization.ok_or(AuthError::Missing)?;
        let token = bearer_token(header).ok_or(AuthError::Malformed)?;
        let index = self.by_digest.get(&token_digest(token)).ok_or(AuthError::Unknown)?;
        let principal = self.list.get(*index).ok_or(AuthError::Unknown)?;
        principal.check_window(now)?;
        Ok(principal)
    }
}

fn bearer_token(header: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = header.split_at(header.iter().position(|&b| b == b' ')?);
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return None;
    }
    let token = rest.trim_ascii();
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn principal(not_after: Option<SystemTime>) -> Principal {
        Principal {
            name: "p".into(),
            kind: Kind::Vendor,
            vendor: Some("acme".into()),
            tier: 2,
            role: None,
            credential: None,
            not_before: None,
            not_after,
            vars: Vars::new(),
            cases: vec![StaticCase {
                id: "3".into(),
                until: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(100)),
            }],
            deny: Vec::new(),
        }
    }

    #[test]
    fn denied_routes_and_non_canonical_paths() {
        let mut p = principal(None);
        assert_eq!(p.denied("GET", "/users/current.json"), None);
        p.deny = vec![super::super::Route::parse(
            "deny[0]",
            "GET /users/{user}.json",
            super::super::RouteKind::Plain,
        )
        .unwrap()];
        assert_eq!(p.denied("GET", "/users/current.json"), Some("GET /users/{user}.json"));
        assert_eq!(p.denied("get", "/users/7.json"), Some("GET /users/{user}.json"));
        assert_eq!(p.denied("GET", "/issues/7.json"), None);
        assert_eq!(p.denied("PUT", "/users/7.json"), None);
        assert!(p.denied("GET", "/issues/../users/current.json").is_some());
        assert!(p.denied("GET", "//users/current.json").is_some());
    }

    #[test]
    fn authenticates_by_digest_and_window() {
        let mut ps = Principals::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(50);
        assert!(ps.insert(token_digest(b"s3cret"), principal(Some(now + Duration::from_secs(10)))));
        assert!(!ps.insert(token_digest(b"s3cret"), principal(None)));
        assert_eq!(ps.authenticate(Some(b"Bearer s3cret"), now).unwrap().name, "p");
        assert_eq!(ps.authenticate(Some(b"bearer  s3cret "), now).unwrap().name, "p");
        assert_eq!(ps.authenticate(None, now).unwrap_err(), AuthError::Missing);
        assert_eq!(ps.authenticate(Some(b"Basic czNjcmV0"), now).unwrap_err(), AuthError::Malformed);
        assert_eq!(ps.authenticate(Some(b"Bearer nope"), now).unwrap_err(), AuthError::Unknown);
        let later = now + Duration::from_secs(10);
        assert_eq!(ps.authenticate(Some(b"Bearer s3cret"), later).unwrap_err(), AuthError::Expired);
    }

    #[test]
    fn static_cases_expire() {
        let p = principal(None);
        assert!(p.has_static_case("3", SystemTime::UNIX_EPOCH + Duration::from_secs(99)));
        assert!(!p.has_static_case("3", SystemTime::UNIX_EPOCH + Duration::from_secs(100)));
        assert!(!p.has_static_case("4", SystemTime::UNIX_EPOCH));
    }
}
