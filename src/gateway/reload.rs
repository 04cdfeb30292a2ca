//! Hot reload: on SIGHUP, or when the configuration file or a pack file changes (polled once a
//! second by modification time — portable, and cheap for a handful of files), the configuration
//! is loaded, validated and compiled into a new [`Snapshot`] and swapped in atomically. A
//! request keeps the snapshot it started with. An invalid configuration is logged with its
//! error and counted, and the old snapshot keeps serving.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use super::metrics::OutcomeLabels;
use super::{Gateway, Snapshot};
use crate::policy::{Config, Env};

const POLL: Duration = Duration::from_secs(1);

pub async fn watch(
    gateway: Arc<Gateway>,
    env: Arc<dyn Env + Send + Sync>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut stamps = stamps(&gateway.snapshot.load().sources);
    let mut hup = hangup();
    loop {
        let signalled = tokio::select! {
            _ = stopped.changed() => return,
            _ = tokio::time::sleep(POLL) => false,
            _ = next_hangup(&mut hup) => true,
        };
        let now = stamps_of(&gateway);
        if signalled || now != stamps {
            stamps = now;
            // Compiling packs and warming a scratch takes ~0.1-0.2 s of CPU: off the workers,
            // which keep serving requests on the current snapshot meanwhile.
            let (g, e) = (gateway.clone(), env.clone());
            if tokio::task::spawn_blocking(move || reload(&g, e.as_ref())).await.is_err() {
                tracing::error!("configuration reload task failed; the current configuration keeps serving");
            }
        }
    }
}

/// Reloads now; returns whether the new configuration was taken.
pub fn reload(gateway: &Gateway, env: &dyn Env) -> bool {
    let current = gateway.snapshot.load();
    let Some(path) = current.sources.first().cloned() else { return false };
    let built = Config::load(&path, env).map_err(|e| e.to_string()).and_then(|c| {
        let snap =
            Snapshot::build(c, Some(path.clone()), current.generation + 1).map_err(|e| e.to_string())?;
        snap.warm();
        Ok(snap)
    });
    match built {
        Ok(snap) => {
            if snap.config.server.listen != current.config.server.listen {
                tracing::warn!("server.listen changed; it takes effect on restart");
            }
            let generation = snap.generation;
            gateway.snapshot.store(Arc::new(snap));
            gateway.metrics.reloads.get_or_create(&OutcomeLabels { outcome: "success" }).inc();
            tracing::info!(generation, "configuration reloaded");
            true
        }
        Err(e) => {
            gateway.metrics.reloads.get_or_create(&OutcomeLabels { outcome: "rejected" }).inc();
            tracing::error!(error = %e, "configuration rejected; still serving the previous one");
            false
        }
    }
}

fn stamps_of(gateway: &Gateway) -> Vec<Option<SystemTime>> {
    stamps(&gateway.snapshot.load().sources)
}

/// Modification times of the sources; for a folder, of every file in it.
fn stamps(sources: &[PathBuf]) -> Vec<Option<SystemTime>> {
    let mut out = Vec::new();
    for s in sources {
        out.push(std::fs::metadata(s).and_then(|m| m.modified()).ok());
        if let Ok(dir) = std::fs::read_dir(s) {
            let mut entries: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
            entries.sort();
            out.extend(entries.iter().map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok()));
        }
    }
    out
}

#[cfg(unix)]
type Hangup = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangup = ();

#[cfg(unix)]
fn hangup() -> Hangup {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok()
}

#[cfg(unix)]
async fn next_hangup(h: &mut Hangup) {
    match h {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}

#[cfg(not(unix))]
fn hangup() -> Hangup {}

#[cfg(not(unix))]
async fn next_hangup(_: &mut Hangup) {
    std::future::pending().await
}
