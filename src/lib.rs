//! casegate: a PII/PHI/PCI content scanner for ticketing data, as a library.
//!
//! Layers, each depending only on the ones before it:
//! - [`validators`]: checksum and structural validators (pure functions);
//! - [`packs`]: the TOML pattern packs, validated and compiled;
//! - [`engine`]: the [`Scanner`] (one candidate pass, local confirmation, overlap resolution),
//!   streaming and explain;
//! - [`redact`]: redaction operators and keyed tokens.
//!
//! The library has no I/O beyond reading pack folders; the CLI is a thin adapter over it.
//!
//! ```
//! let scanner = casegate::Scanner::builtin().unwrap();
//! let text = b"card 4111 1111 1111 1111, thanks";
//! let findings = scanner.scan(text);
//! assert_eq!(scanner.detector(findings[0].detector).entity, "CREDIT_CARD");
//! let key = casegate::redact::TokenKey::new(b"demo-key".to_vec());
//! assert_eq!(scanner.redact(text, &findings, &key), b"card **** **** **** 1111, thanks");
//! ```

pub mod audit;
pub mod content;
pub mod engine;
mod error;
pub mod extract;
pub mod finding;
#[cfg(feature = "gateway")]
pub mod gateway;
pub mod packs;
pub mod policy;
pub mod redact;
pub mod validators;

pub use engine::{Options, Scanner, ScannerBuilder, Scratch, Sink, StreamScanner};
pub use error::Error;
pub use finding::{Category, DetectorIndex, Finding, Severity};
pub use packs::PackSet;
