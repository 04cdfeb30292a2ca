//! Decisions on repeated upstream bodies. Vendors poll: the same ticket comes back unchanged
//! many times a minute, and scanning it again gives the same answer. A vendor body's decision
//! ([`super::inspect::inspect`]) is a pure function of the snapshot (configuration and packs),
//! the principal, its compiled scope rule, the route, the `{case}` parameter, the response's
//! status class, type and encoding, the gateway's own address and the body's bytes, and of the
//! clock only through static case grants that expire. So it is kept under a BLAKE3 digest of
//! all of these ([`KeyBuilder`]) until the first of: the configured TTL (`scan.decision_cache_ttl`),
//! the earliest expiry of the principal's static cases, a reload (each snapshot owns its cache,
//! so a new configuration or pack starts empty).
//!
//! An entry holds what the vendor was sent (the redacted body) and the findings' offsets and
//! keyed fingerprints, never an unredacted value. Bounded in bytes, oldest entry out first.
//! Audit records, anomaly windows and grants are written for every request, hit or miss.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::inspect::Inspected;
use super::state::lock;

/// A cache key: BLAKE3 over every input of a decision, each prefixed by its length. A
/// collision-resistant digest, so two bodies with one key are the same bytes: no raw body
/// needs to be kept to compare.
pub type Key = [u8; 32];

/// A [`Key`] built field by field, each length-prefixed so that no two field lists share an
/// encoding. `Send`: the last, large field can be hashed on another thread.
#[derive(Clone, Default)]
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    pub fn field(&mut self, f: &[u8]) {
        self.0.update(&(f.len() as u64).to_le_bytes());
        self.0.update(f);
    }

    pub fn finish(&self) -> Key {
        self.0.finalize().into()
    }
}

pub struct DecisionCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<Key, Entry>,
    /// Keys in insertion order; may name entries already gone (expired, replaced).
    order: VecDeque<Key>,
    bytes: usize,
}

struct Entry {
    decision: Arc<Inspected>,
    expires: Instant,
    size: usize,
}

impl DecisionCache {
    /// A cache holding at most `max_bytes` (estimated); 0 disables it.
    pub fn new(max_bytes: usize) -> DecisionCache {
        DecisionCache { max_bytes, inner: Mutex::new(Inner::default()) }
    }

    pub fn enabled(&self) -> bool {
        self.max_bytes > 0
    }

    /// The decision stored under `key`, if it has not expired.
    pub fn get(&self, key: &Key, now: Instant) -> Option<Arc<Inspected>> {
        let mut inner = lock(&self.inner);
        match inner.entries.get(key) {
            Some(e) if now < e.expires => Some(e.decision.clone()),
            Some(_) => {
                inner.remove(key);
                None
            }
            None => None,
        }
    }

    /// Stores `decision` until `expires`, evicting the oldest entries past the byte budget.
    /// A decision larger than a quarter of the budget is not kept.
    pub fn insert(&self, key: Key, decision: Arc<Inspected>, expires: Instant) {
        let size = estimated_size(&decision);
        if size > self.max_bytes / 4 {
            return;
        }
        let mut inner = lock(&self.inner);
        inner.remove(&key);
        while inner.bytes + size > self.max_bytes {
            let Some(oldest) = inner.order.pop_front() else { break };
            inner.remove(&oldest);
        }
        inner.bytes += size;
        inner.order.push_back(key);
        inner.entries.insert(key, Entry { decision, expires, size });
    }

    /// Entries held (for tests and the admin view).
    pub fn len(&self) -> usize {
        lock(&self.inner).entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn remove(&mut self, key: &Key) {
        if let Some(e) = self.entries.remove(key) {
            self.bytes -= e.size;
        }
        // Stale keys in `order` are skipped when they reach the front; drop them early when
        // they outnumber the live entries, so `order` stays proportional to the cache.
        if self.order.len() > 2 * self.entries.len() + 64 {
            let entries = &self.entries;
            self.order.retain(|k| entries.contains_key(k));
        }
    }
}

/// Bytes an entry holds, roughly: the body plus each finding's strings and fixed part.
fn estimated_size(d: &Inspected) -> usize {
    let hits: usize = d
        .hits
        .iter()
        .map(|h| {
            let location = match &h.location {
                crate::content::Location::Json { pointer, .. } => pointer.len(),
                crate::content::Location::Bytes { .. } => 0,
                crate::content::Location::Inner { pointer, inner, .. } => {
                    pointer.as_ref().map_or(0, String::len) + inner.len()
                }
            };
            std::mem::size_of_val(h) + h.fingerprint.len() + location
        })
        .sum();
    let strings: usize = d.cases.iter().map(String::len).sum::<usize>()
        + d.grants.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
    d.body.len() + hits + strings + std::mem::size_of::<Inspected>() + 128
}

/// When a decision made at `now` stops holding: after `ttl`, or when the first of the
/// principal's static cases that is still valid expires (a list filtered with it would change).
pub fn expiry(
    now: Instant,
    ttl: Duration,
    principal: &crate::policy::Principal,
    wall: std::time::SystemTime,
) -> Instant {
    let first_case_end = principal
        .cases
        .iter()
        .filter_map(|c| c.until)
        .filter_map(|until| until.duration_since(wall).ok())
        .min();
    now + first_case_end.map_or(ttl, |left| left.min(ttl))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn key(fields: &[&[u8]]) -> Key {
        let mut k = KeyBuilder::default();
        for f in fields {
            k.field(f);
        }
        k.finish()
    }

    fn decision(body: &'static [u8]) -> Arc<Inspected> {
        Arc::new(Inspected { body: Bytes::from_static(body), ..Inspected::default() })
    }

    #[test]
    fn keys_differ_when_any_field_or_its_boundary_differs() {
        assert_eq!(key(&[b"a", b"bc"]), key(&[b"a", b"bc"]));
        assert_ne!(key(&[b"a", b"bc"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"a", b"bc"]), key(&[b"a", b"bd"]));
        assert_ne!(key(&[b"", b"x"]), key(&[b"x"]));
    }

    #[test]
    fn hit_until_expiry_then_miss() {
        let cache = DecisionCache::new(1 << 20);
        let now = Instant::now();
        let k = key(&[b"body"]);
        cache.insert(k, decision(b"redacted"), now + Duration::from_secs(10));
        let hit = cache.get(&k, now + Duration::from_secs(9));
        assert_eq!(hit.map(|d| d.body.clone()), Some(Bytes::from_static(b"redacted")));
        assert!(cache.get(&k, now + Duration::from_secs(10)).is_none());
        assert!(cache.is_empty(), "an expired entry is removed when met");
    }

    #[test]
    fn oldest_entries_leave_first_past_the_budget() {
        static BODY: [u8; 1000] = [b'x'; 1000];
        let one = estimated_size(&decision(&BODY));
        let cache = DecisionCache::new(one * 4);
        let now = Instant::now();
        let later = now + Duration::from_secs(60);
        let keys: Vec<Key> = (0u8..6).map(|i| key(&[&[i]])).collect();
        for k in &keys {
            cache.insert(*k, decision(&BODY), later);
        }
        assert_eq!(cache.len(), 4);
        assert!(cache.get(&keys[0], now).is_none());
        assert!(cache.get(&keys[1], now).is_none());
        assert!(keys[2..].iter().all(|k| cache.get(k, now).is_some()));
    }

    #[test]
    fn replacing_a_key_keeps_the_byte_count_exact() {
        static BODY: [u8; 1000] = [b'x'; 1000];
        let one = estimated_size(&decision(&BODY));
        let cache = DecisionCache::new(one * 4);
        let now = Instant::now();
        let k = key(&[b"same"]);
        for _ in 0..100 {
            cache.insert(k, decision(&BODY), now + Duration::from_secs(60));
        }
        assert_eq!(cache.len(), 1);
        assert_eq!(lock(&cache.inner).bytes, one);
        assert!(lock(&cache.inner).order.len() <= 2 + 64);
    }

    #[test]
    fn a_decision_over_a_quarter_of_the_budget_is_not_kept() {
        static BODY: [u8; 1000] = [b'x'; 1000];
        let cache = DecisionCache::new(2000);
        cache.insert(key(&[b"k"]), decision(&BODY), Instant::now() + Duration::from_secs(60));
        assert!(cache.is_empty());
        let off = DecisionCache::new(0);
        assert!(!off.enabled());
        off.insert(key(&[b"k"]), decision(b"x"), Instant::now() + Duration::from_secs(60));
        assert!(off.is_empty());
    }
}
