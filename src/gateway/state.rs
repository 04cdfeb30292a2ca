//! Gateway state. A [`Snapshot`] is everything compiled from one configuration (policy, scanner,
//! keys): immutable, swapped atomically on reload, and held by a request from start to finish.
//! [`Runtime`] is what outlives reloads: per-principal grants, resolved lookups and anomaly
//! windows, keyed by principal name.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde_json::Value;

use crate::policy::{CompiledRule, Config, Window};
use crate::redact::TokenKey;
use crate::{PackSet, Scanner, Scratch};

/// One compiled configuration.
pub struct Snapshot {
    pub generation: u64,
    pub config: Config,
    pub scanner: Scanner,
    pub client: super::upstream::HttpClient,
    pub connector: super::upstream::Connector,
    pub key: TokenKey,
    /// Scan scratches not in use; a serving snapshot starts with one warmed on the packs'
    /// examples ([`Snapshot::warm`]).
    scratch: Mutex<Vec<Scratch>>,
    /// Vendor decisions on repeated bodies, made under this snapshot only.
    pub decisions: super::decision_cache::DecisionCache,
    /// Files whose change triggers a reload.
    pub sources: Vec<PathBuf>,
}

/// Why a snapshot could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] crate::policy::ConfigError),
    #[error(transparent)]
    Packs(#[from] crate::packs::PackError),
    #[error(transparent)]
    Scanner(#[from] crate::engine::BuildError),
    #[error("upstream TLS: {0}")]
    Tls(std::io::Error),
}

impl Snapshot {
    pub fn build(
        config: Config,
        config_path: Option<PathBuf>,
        generation: u64,
    ) -> Result<Snapshot, BuildError> {
        let packs = match &config.scan.packs {
            Some(dir) => PackSet::from_dir(dir)?,
            None => PackSet::builtin()?,
        };
        let scanner = crate::ScannerBuilder::new().build(packs)?;
        let mut sources: Vec<PathBuf> = config_path.into_iter().collect();
        sources.extend(config.scan.packs.iter().cloned());
        let (client, connector) = super::upstream::client(&config.upstream).map_err(BuildError::Tls)?;
        let decisions = super::decision_cache::DecisionCache::new(
            usize::try_from(config.scan.decision_cache_bytes).unwrap_or(usize::MAX),
        );
        Ok(Snapshot {
            generation,
            client,
            connector,
            key: TokenKey::new(config.audit.key.expose().to_vec()),
            config,
            scanner,
            scratch: Mutex::new(Vec::new()),
            decisions,
            sources,
        })
    }

    /// Puts a scratch warmed on the packs' examples ([`Scanner::warmed_scratch`]) in the pool,
    /// so the first requests do not build regex states. For a snapshot about to serve, not
    /// for `check-config`.
    pub fn warm(&self) {
        let warmed = self.scanner.warmed_scratch();
        lock(&self.scratch).push(warmed);
    }

    /// Borrows a scan scratch (from the pool, or a new one when all are in use) for the
    /// duration of `f`.
    pub fn with_scratch<T>(&self, f: impl FnOnce(&mut Scratch) -> T) -> T {
        let pooled = lock(&self.scratch).pop();
        let mut scratch = pooled.unwrap_or_else(|| self.scanner.new_scratch());
        let out = f(&mut scratch);
        let mut pool = lock(&self.scratch);
        if pool.len() < 64 {
            pool.push(scratch);
        }
        out
    }
}

/// A poisoned lock only means another request panicked mid-update of plain data; keep going.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One principal's state across requests and reloads.
#[derive(Debug, Default)]
pub struct PrincipalState {
    /// (grant kind, id) → expiry.
    pub grants: HashMap<(String, String), Instant>,
    /// Lookup variable → (value, expiry).
    pub lookups: HashMap<String, (Value, Instant)>,
    /// The scope rule compiled for the snapshot generation, valid until the first lookup expires.
    pub rule: Option<(u64, Instant, Arc<CompiledRule>)>,
    pub window: Window,
}

#[derive(Debug, Default)]
pub struct Runtime {
    principals: Mutex<HashMap<String, Arc<Mutex<PrincipalState>>>>,
}

impl Runtime {
    pub fn principal(&self, name: &str) -> Arc<Mutex<PrincipalState>> {
        lock(&self.principals).entry(name.to_string()).or_default().clone()
    }
}
