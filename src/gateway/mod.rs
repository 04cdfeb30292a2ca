//! The inline gateway: the hyper/tokio adapter over the policy layer.

pub mod sample_api;
