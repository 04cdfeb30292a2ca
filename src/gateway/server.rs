//! Listening and lifecycle: the client listener (connection limit, header-read timeout, header
//! size limit), the admin listener, hot reload, and graceful shutdown — stop accepting, let
//! in-flight requests finish until the grace deadline, abort the rest, flush the audit log.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

use super::{admin, reload, AuditLog, AuditWriter, BuildError, Gateway, Snapshot};
use crate::policy::{Config, Env};

/// The gateway's own address on a client connection, put in each request's extensions (the
/// vendor path allows findings equal to its IP: see `content::Policy::known`).
#[derive(Clone, Copy, Debug)]
pub struct LocalAddr(pub SocketAddr);

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("cannot open the audit log {path}: {source}")]
    Audit { path: PathBuf, source: std::io::Error },
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

/// A running gateway.
pub struct Running {
    pub addr: SocketAddr,
    pub admin_addr: Option<SocketAddr>,
    pub gateway: Arc<Gateway>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
    writer: AuditWriter,
}

/// Binds the listeners and starts serving. `config_path` enables reload from that file;
/// `env` is used again on reload.
pub async fn start(
    config: Config,
    config_path: Option<PathBuf>,
    env: Arc<dyn Env + Send + Sync>,
) -> Result<Running, StartError> {
    let snapshot = Snapshot::build(config, config_path, 1)?;
    snapshot.warm();
    let audit_path = snapshot.config.audit.path.clone();
    let (audit, writer) =
        AuditLog::open(&audit_path).map_err(|source| StartError::Audit { path: audit_path, source })?;
    let listen = snapshot.config.server.listen;
    let admin_listen = snapshot.config.server.admin_listen;
    let listener =
        TcpListener::bind(listen).await.map_err(|source| StartError::Listen { addr: listen, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: listen, source })?;
    let gateway = Arc::new(Gateway::new(snapshot, audit));
    let (stop, stopped) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut admin_addr = None;
    if let Some(a) = admin_listen {
        let l = TcpListener::bind(a).await.map_err(|source| StartError::Listen { addr: a, source })?;
        admin_addr = Some(l.local_addr().map_err(|source| StartError::Listen { addr: a, source })?);
        tasks.spawn(admin::serve(gateway.clone(), l, stopped.clone()));
    }
    tasks.spawn(reload::watch(gateway.clone(), env, stopped.clone()));
    tasks.spawn(accept_loop(gateway.clone(), listener, stopped));
    tracing::info!(%addr, admin = ?admin_addr, "casegate gateway listening");
    Ok(Running { addr, admin_addr, gateway, stop, tasks, writer })
}

impl Running {
    /// Graceful shutdown: stop accepting, drain in-flight requests until the configured grace,
    /// then flush and close the audit log.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        while self.tasks.join_next().await.is_some() {}
        self.gateway.audit.close().await;
        let writer = self.writer;
        let _ = tokio::task::spawn_blocking(move || writer.finish()).await;
    }

    /// Waits for SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_signal(self) {
        wait_for_signal().await;
        tracing::info!("shutting down: draining connections");
        self.shutdown().await;
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn accept_loop(gateway: Arc<Gateway>, listener: TcpListener, mut stopped: watch::Receiver<bool>) {
    let server = gateway.snapshot.load().config.server.clone();
    let limit = Arc::new(Semaphore::new(server.max_connections));
    let protocols = Protocols::new(&server);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut conns = JoinSet::new();
    loop {
        let permit = tokio::select! {
            _ = stopped.changed() => break,
            p = limit.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
        };
        let (stream, peer) = tokio::select! {
            _ = stopped.changed() => break,
            a = listener.accept() => match a {
                Ok(a) => a,
                Err(e) => { tracing::warn!(error = %e, "accept failed"); continue; }
            },
        };
        let _ = stream.set_nodelay(true);
        let local = stream.local_addr().ok().map(LocalAddr);
        let upstream = super::upstream_conn::ConnUpstream::new(gateway.idle_upstreams.clone());
        let gw = gateway.clone();
        let service = service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            if let Some(local) = local {
                req.extensions_mut().insert(local);
            }
            req.extensions_mut().insert(upstream.clone());
            let gw = gw.clone();
            async move { gw.handle(peer, req).await }
        });
        let conn = protocols.serve(&graceful, TokioIo::new(stream), service);
        let metrics_gw = gateway.clone();
        metrics_gw.metrics.open_connections.inc();
        conns.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            metrics_gw.metrics.open_connections.dec();
            drop(permit);
        });
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    let grace = gateway.snapshot.load().config.server.shutdown_grace;
    if tokio::time::timeout(grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("shutdown grace elapsed; closing remaining connections");
    }
    conns.abort_all();
    while conns.join_next().await.is_some() {}
}

type ConnFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), super::body::BoxError>> + Send>>;

/// HTTP/1.1 only (what ticketing API clients speak; no protocol sniffing per connection), or
/// HTTP/1.1 and cleartext HTTP/2 with `server.http2 = true`.
enum Protocols {
    Http1(hyper::server::conn::http1::Builder),
    Auto(Arc<auto::Builder<TokioExecutor>>),
}

impl Protocols {
    fn new(server: &crate::policy::Server) -> Protocols {
        if server.http2 {
            let mut b = auto::Builder::new(TokioExecutor::new());
            b.http1()
                .timer(TokioTimer::new())
                .header_read_timeout(server.header_read_timeout)
                .max_buf_size(server.max_header_bytes.max(8192));
            b.http2()
                .timer(TokioTimer::new())
                .max_header_list_size(u32::try_from(server.max_header_bytes).unwrap_or(u32::MAX));
            return Protocols::Auto(Arc::new(b));
        }
        let mut b = hyper::server::conn::http1::Builder::new();
        b.timer(TokioTimer::new())
            .header_read_timeout(server.header_read_timeout)
            .max_buf_size(server.max_header_bytes.max(8192));
        Protocols::Http1(b)
    }

    fn serve<S>(
        &self,
        graceful: &hyper_util::server::graceful::GracefulShutdown,
        io: TokioIo<tokio::net::TcpStream>,
        service: S,
    ) -> ConnFuture
    where
        S: hyper::service::Service<
                hyper::Request<hyper::body::Incoming>,
                Response = hyper::Response<super::Body>,
                Error = std::convert::Infallible,
            > + Send
            + 'static,
        S::Future: Send + 'static,
    {
        match self {
            Protocols::Http1(b) => {
                let conn = graceful.watch(b.serve_connection(io, service));
                Box::pin(async move { conn.await.map_err(|e| Box::new(e) as super::body::BoxError) })
            }
            Protocols::Auto(b) => {
                let conn = graceful.watch(b.serve_connection(io, service).into_owned());
                Box::pin(conn)
            }
        }
    }
}
