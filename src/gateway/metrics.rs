//! Prometheus metrics. Every label comes from a closed set (principal kind, decision, reason
//! codes, entity names of the loaded packs), never from request data.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub kind: &'static str,
    pub decision: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    pub reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct EntityLabels {
    pub entity: String,
    pub action: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: &'static str,
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub reasons: Family<ReasonLabels, Counter>,
    pub findings: Family<EntityLabels, Counter>,
    pub latency: Family<KindLabels, Histogram>,
    pub scan_seconds: Histogram,
    pub bytes_scanned: Counter,
    pub decision_cache: Family<OutcomeLabels, Counter>,
    pub reloads: Family<OutcomeLabels, Counter>,
    pub alerts: Counter,
    pub open_connections: Gauge,
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 18))
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("casegate");
        let m = Metrics {
            requests: Family::default(),
            reasons: Family::default(),
            findings: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            scan_seconds: latency_histogram(),
            bytes_scanned: Counter::default(),
            decision_cache: Family::default(),
            reloads: Family::default(),
            alerts: Counter::default(),
            open_connections: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register("requests", "Requests by principal kind and decision", m.requests.clone());
        registry.register("decision_reasons", "Denials, blocks and errors by reason", m.reasons.clone());
        registry.register("findings", "Findings by entity and action", m.findings.clone());
        registry.register("request_duration_seconds", "Request latency", m.latency.clone());
        registry.register("scan_duration_seconds", "Time spent scanning one body", m.scan_seconds.clone());
        registry.register("scanned_bytes", "Bytes scanned", m.bytes_scanned.clone());
        registry.register(
            "decision_cache_lookups",
            "Vendor body decisions looked up in the cache, by outcome (hit, miss)",
            m.decision_cache.clone(),
        );
        registry.register("config_reloads", "Configuration reloads by outcome", m.reloads.clone());
        registry.register("anomaly_alerts", "Anomaly alerts raised", m.alerts.clone());
        registry.register("open_connections", "Client connections open", m.open_connections.clone());
        Metrics { registry, ..m }
    }

    /// The Prometheus text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
