//! One upstream connection per client connection, for the proxied request itself.
//!
//! A client speaking HTTP/1.1 sends its requests one after the other, so the upstream
//! connection its previous request used is free again when the next one arrives. Keeping that
//! connection with the client connection skips the pooled client's checkout (a lock, a map
//! keyed by origin, a wrapper per request): ~11k of the ~75k instructions an internal
//! pass-through request cost (callgrind). The pooled client is still used when the slot is
//! busy (HTTP/2 clients multiplex requests on one connection) and for scope lookups.
//!
//! When a client connection ends, its upstream connection goes to a short idle list that the
//! next client connection starts from, so clients that open a connection per request do not
//! cost an upstream connect (and TLS handshake) each.
//!
//! A connection idle (kept or listed) for longer than [`MAX_IDLE_AGE`] is closed rather than
//! reused, as the pooled client does: a load balancer or firewall between the gateway and the
//! upstream may have dropped it without a word, and a request sent on it would wait for the
//! response timeout.
//!
//! A kept connection the upstream has closed meanwhile is replaced before sending. A request
//! the closed connection refused without sending it (hyper hands it back) is sent once more on
//! a fresh connection; one that may have reached the upstream is never replayed.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, HOST};
use hyper::{Request, Response, Uri};
use tower_service::Service;

use super::body::Body;
use super::error::GatewayError;
use super::state::Snapshot;
use super::upstream;

/// At most this many upstream connections wait in the idle list.
const MAX_IDLE: usize = 256;

/// An upstream connection unused for longer than this is not reused (hyper-util's pooled
/// client keeps idle connections 90 s; load balancers commonly drop them after 60 s).
pub const MAX_IDLE_AGE: Duration = Duration::from_secs(30);

/// Upstream connections of client connections that ended, with the configuration generation
/// they were opened under. Shared by all client connections; outlives reloads.
#[derive(Clone, Default)]
pub struct IdleUpstreams(Arc<Mutex<Vec<Kept>>>);

/// An upstream connection, the configuration generation it was opened under, and when it was
/// last used.
type Kept = (u64, SendRequest<Body>, Instant);

/// Whether `kept` may carry a request of `generation` now.
fn usable(kept: &Kept, generation: u64, now: Instant) -> bool {
    kept.0 == generation && !kept.1.is_closed() && !stale(kept.2, now)
}

/// Whether a connection last used at `last_used` has idled too long to be reused at `now`.
fn stale(last_used: Instant, now: Instant) -> bool {
    now.saturating_duration_since(last_used) > MAX_IDLE_AGE
}

impl IdleUpstreams {
    /// An open idle connection of `generation`, dropping the closed, outdated or stale ones
    /// met (connections are listed roughly in order of last use; the last listed is tried
    /// first).
    fn pop(&self, generation: u64) -> Option<SendRequest<Body>> {
        let now = Instant::now();
        let mut idle = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Stale connections collect at the front; dropping them here bounds what the list holds.
        let leading = idle.iter().take_while(|k| stale(k.2, now)).count();
        idle.drain(..leading);
        while let Some(kept) = idle.pop() {
            if usable(&kept, generation, now) {
                return Some(kept.1);
            }
        }
        None
    }

    fn push(&self, kept: Kept) {
        let mut idle = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE && !kept.1.is_closed() {
            idle.push(kept);
        }
    }
}

/// The upstream connection of one client connection (put in each of its requests'
/// extensions by the server).
#[derive(Clone)]
pub struct ConnUpstream(Arc<Shared>);

struct Shared {
    slot: Mutex<Slot>,
    idle: IdleUpstreams,
}

/// The client connection ended: its upstream connection can serve another.
impl Drop for Shared {
    fn drop(&mut self) {
        let slot = self.slot.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = slot.kept.take() {
            self.idle.push(kept);
        }
    }
}

#[derive(Default)]
struct Slot {
    busy: bool,
    /// The kept connection and the origin (and configuration generation) it was opened for.
    kept: Option<Kept>,
}

/// Clears `busy` when the request that took the slot ends, however it ends (a timeout drops
/// the future midway).
struct Taken<'a>(&'a ConnUpstream);

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        self.0.lock().busy = false;
    }
}

impl ConnUpstream {
    pub fn new(idle: IdleUpstreams) -> ConnUpstream {
        ConnUpstream(Arc::new(Shared { slot: Mutex::new(Slot::default()), idle }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept (or an idle) connection for `generation`, marking the slot busy; `Err` when
    /// it is busy.
    fn take(&self, generation: u64) -> Result<Option<SendRequest<Body>>, ()> {
        let kept = {
            let mut slot = self.lock();
            if slot.busy {
                return Err(());
            }
            slot.busy = true;
            slot.kept.take().filter(|k| usable(k, generation, Instant::now())).map(|k| k.1)
        };
        Ok(kept.or_else(|| self.0.idle.pop(generation)))
    }

    fn keep(&self, generation: u64, sender: SendRequest<Body>) {
        self.lock().kept = Some((generation, sender, Instant::now()));
    }
}

/// Sends `req` (absolute URI) to the upstream with the response timeout, on the client
/// connection's own upstream connection when there is one to use, else on the pooled client.
pub async fn send(
    snap: &Snapshot,
    conn: Option<&ConnUpstream>,
    req: Request<Body>,
) -> Result<Response<hyper::body::Incoming>, GatewayError> {
    let timeout = snap.config.upstream.response_timeout;
    let Some(conn) = conn else { return upstream::send(&snap.client, req, timeout).await };
    let Ok(kept) = conn.take(snap.generation) else {
        return upstream::send(&snap.client, req, timeout).await;
    };
    let _taken = Taken(conn);
    match tokio::time::timeout(timeout, send_kept(snap, conn, kept, req)).await {
        Err(_) => Err(GatewayError::UpstreamTimeout),
        Ok(result) => result,
    }
}

async fn send_kept(
    snap: &Snapshot,
    conn: &ConnUpstream,
    kept: Option<SendRequest<Body>>,
    req: Request<Body>,
) -> Result<Response<hyper::body::Incoming>, GatewayError> {
    let uri = req.uri().clone();
    let mut req = origin_form(req)?;
    let (mut sender, mut fresh) = match kept {
        Some(s) => (s, false),
        None => (connect(snap, &uri).await?, true),
    };
    if sender.ready().await.is_err() && !fresh {
        sender = connect(snap, &uri).await?;
        fresh = true;
        sender.ready().await.map_err(upstream_error)?;
    }
    let resp = match sender.try_send_request(req).await {
        Ok(resp) => resp,
        Err(mut e) => match e.take_message() {
            // Refused before anything was written: safe to send on a new connection, once.
            Some(unsent) if !fresh => {
                req = unsent;
                sender = connect(snap, &uri).await?;
                sender.ready().await.map_err(upstream_error)?;
                sender.send_request(req).await.map_err(upstream_error)?
            }
            _ => return Err(upstream_error(e.into_error())),
        },
    };
    conn.keep(snap.generation, sender);
    Ok(resp)
}

/// Opens a connection to the upstream of `uri` (through the same connector as the pooled
/// client: connect timeout, TLS) and spawns its driver.
async fn connect(snap: &Snapshot, uri: &Uri) -> Result<SendRequest<Body>, GatewayError> {
    let mut connector = snap.connector.clone();
    let io = connector.call(uri.clone()).await.map_err(|e| GatewayError::Upstream(e.to_string()))?;
    let (sender, driver) = http1::handshake(io).await.map_err(upstream_error)?;
    tokio::spawn(async move {
        if let Err(e) = driver.await {
            tracing::debug!(error = %e, "upstream connection ended with an error");
        }
    });
    Ok(sender)
}

/// `req` with an origin-form target (`/issues/1.json?x=1`) and a `Host` header for its
/// authority, as the pooled client sends it.
fn origin_form(mut req: Request<Body>) -> Result<Request<Body>, GatewayError> {
    let uri = req.uri().clone();
    if let Some(authority) = uri.authority() {
        let host = HeaderValue::from_str(authority.as_str())
            .map_err(|_| GatewayError::Internal("upstream authority"))?;
        req.headers_mut().insert(HOST, host);
    }
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    *req.uri_mut() = target.parse().map_err(|_| GatewayError::BadRequest("request target"))?;
    Ok(req)
}

fn upstream_error(e: hyper::Error) -> GatewayError {
    GatewayError::Upstream(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_idle_longer_than_the_limit_is_not_reused() {
        let now = Instant::now();
        let ago = |secs| now.checked_sub(Duration::from_secs(secs)).unwrap_or(now);
        assert!(!stale(now, now));
        assert!(!stale(ago(MAX_IDLE_AGE.as_secs() - 1), now));
        assert!(stale(ago(MAX_IDLE_AGE.as_secs() + 1), now));
        // A clock read earlier than `last_used` (another thread stamped it) is not stale.
        assert!(!stale(now + Duration::from_secs(1), now));
    }
}
