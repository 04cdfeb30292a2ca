//! `casegate demo`: the built-in sample ticket API on loopback with the gateway in front of it,
//! configured by `examples/demo.toml` (compiled in), so a new user sees the internal view next
//! to the vendor view with two curl commands.

pub const DEMO_CONFIG: &str = include_str!("../../examples/demo.toml");
