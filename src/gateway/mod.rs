//! The inline gateway: the hyper/tokio adapter over [`crate::policy`] and [`crate::content`].
//!
//! Request flow (see DESIGN.md): [`server`] accepts connections (limits, timeouts, graceful
//! drain) and calls [`Gateway::handle`] for each request, which loads the current [`Snapshot`],
//! authenticates, and dispatches to [`internal`] (streamed pass-through) or [`vendor`] (route,
//! scope, forward, buffer, [`inspect`], redact or block). Every request ends in exactly one
//! audit line and one metrics update, written here.

mod admin;
mod audit_log;
mod body;
mod decision_cache;
pub mod demo;
mod error;
mod forward;
mod headers;
mod inspect;
mod internal;
mod metrics;
mod problem;
pub mod reload;
mod response_headers;
pub mod sample_api;
mod scope_check;
pub mod server;
mod state;
mod upstream;
mod upstream_conn;
mod vendor;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use arc_swap::ArcSwap;
use hyper::body::Incoming;
use hyper::header::AUTHORIZATION;
use hyper::{Request, Response, StatusCode};

pub use audit_log::{AuditLog, AuditWriter};
pub use body::Body;
pub use error::GatewayError;
pub use metrics::Metrics;
pub use state::{BuildError, Runtime, Snapshot};

use crate::audit::{AlertRecord, AuditRecord};
use crate::policy::{Kind, Principal};
use state::PrincipalState;

/// Everything a request handler needs; shared by all connections.
pub struct Gateway {
    pub snapshot: ArcSwap<Snapshot>,
    pub runtime: Runtime,
    pub metrics: Metrics,
    pub audit: AuditLog,
    /// Upstream connections of ended client connections (see `upstream_conn`).
    pub(crate) idle_upstreams: upstream_conn::IdleUpstreams,
}

impl Gateway {
    pub fn new(snapshot: Snapshot, audit: AuditLog) -> Gateway {
        Gateway {
            snapshot: ArcSwap::from_pointee(snapshot),
            runtime: Runtime::default(),
            metrics: Metrics::new(),
            audit,
            idle_upstreams: upstream_conn::IdleUpstreams::default(),
        }
    }

    /// Handles one request end to end; never fails (errors become problem responses).
    pub async fn handle(
        &self,
        peer: SocketAddr,
        req: Request<Incoming>,
    ) -> Result<Response<Body>, Infallible> {
        let started = Instant::now();
        let snap = self.snapshot.load_full();
        let mut rec = AuditRecord {
            ts: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            decision_id: uuid::Uuid::now_v7().to_string(),
            method: req.method().as_str().to_string(),
            ..AuditRecord::default()
        };
        let result = self.dispatch(&snap, peer, req, &mut rec).await;
        let resp = match result {
            Ok(resp) => resp,
            Err(e) => self.rescue(&snap, &e, &mut rec),
        };
        rec.status = resp.status().as_u16();
        rec.latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        self.count(&rec, started);
        self.audit.write(audit_log::Line::Request(Box::new(rec))).await;
        Ok(resp)
    }

    async fn dispatch(
        &self,
        snap: &Arc<Snapshot>,
        peer: SocketAddr,
        req: Request<Incoming>,
        rec: &mut AuditRecord,
    ) -> Result<Response<Body>, GatewayError> {
        let auth = req.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
        let principal = snap.config.principals.authenticate(auth, SystemTime::now())?;
        rec.principal = Some(principal.name.clone());
        rec.kind = Some(principal.kind.as_str());
        rec.vendor = principal.vendor.clone();
        rec.tier = (principal.kind == Kind::Vendor).then_some(principal.tier);
        if let Some(route) = principal.denied(req.method().as_str(), req.uri().path()) {
            rec.route = Some(route.to_string());
            return Err(GatewayError::RouteNotAllowed);
        }
        match principal.kind {
            Kind::Internal => internal::handle(snap, principal, peer, req, rec).await,
            Kind::Vendor => {
                let deadline = snap.config.upstream.total_timeout;
                tokio::time::timeout(deadline, vendor::handle(self, snap, principal, peer, req, rec))
                    .await
                    .map_err(|_| GatewayError::TotalTimeout)?
            }
        }
    }

    fn rescue(&self, snap: &Snapshot, e: &GatewayError, rec: &mut AuditRecord) -> Response<Body> {
        let block_status =
            StatusCode::from_u16(snap.config.scan.block_status).unwrap_or(StatusCode::FORBIDDEN);
        let r = e.rescue(block_status);
        rec.decision = Some(r.decision);
        rec.reason = Some(r.reason);
        if r.status.is_server_error() {
            tracing::warn!(decision_id = %rec.decision_id, reason = r.reason, error = %e, "request failed");
        }
        problem::response(r.status, r.reason, &e.to_string(), &rec.decision_id, &vendor::counts(rec))
    }

    fn count(&self, rec: &AuditRecord, started: Instant) {
        let kind = rec.kind.unwrap_or("unauthenticated");
        let decision = rec.decision.map_or("error", |d| d.as_str());
        self.metrics.requests.get_or_create(&metrics::RequestLabels { kind, decision }).inc();
        if let Some(reason) = rec.reason {
            self.metrics.reasons.get_or_create(&metrics::ReasonLabels { reason }).inc();
        }
        for f in &rec.findings {
            self.metrics
                .findings
                .get_or_create(&metrics::EntityLabels { entity: f.entity.clone(), action: f.action })
                .inc();
        }
        self.metrics
            .latency
            .get_or_create(&metrics::KindLabels { kind })
            .observe(started.elapsed().as_secs_f64());
    }

    /// Feeds the principal's anomaly window; logs and audits an alert when a threshold is crossed.
    async fn anomaly(
        &self,
        snap: &Snapshot,
        p: &Principal,
        state: &Mutex<PrincipalState>,
        cases: &[String],
        findings: usize,
    ) {
        let Some(cfg) = &snap.config.anomaly else { return };
        let alert = state::lock(state).window.record(cfg, Instant::now(), cases, findings);
        let Some(alert) = alert else { return };
        let (count, limit) = match alert {
            crate::policy::Alert::DistinctCases { count, limit }
            | crate::policy::Alert::Findings { count, limit } => (count, limit),
        };
        tracing::warn!(principal = %p.name, alert = alert.kind(), count, limit, "anomaly threshold crossed");
        self.metrics.alerts.inc();
        let line = AlertRecord {
            ts: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            event: "alert",
            principal: p.name.clone(),
            vendor: p.vendor.clone(),
            alert: alert.kind(),
            count,
            limit,
            suspended: cfg.suspend_for.is_some(),
        };
        self.audit.write(audit_log::Line::Alert(line)).await;
    }
}
