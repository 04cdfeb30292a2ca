//! Hermetic gateway tests: the sample ticket API and scripted upstreams on ephemeral loopback
//! ports, the gateway in front, real HTTP in between.

#[path = "../common/mod.rs"]
mod common;

mod decision_cache;
mod gateway_attachments;
mod gateway_tls;
mod proxy;
mod sample_api;
