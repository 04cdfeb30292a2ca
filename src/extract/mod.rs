//! Document and archive extraction: turn attachments (PDF, Office/ODF, CSV, HTML/XML, mail,
//! ZIP/TAR/GZIP) into text segments with a location, so the engine can scan what is inside
//! them; and, where the format allows it, write a redacted copy that is still a valid file.
//!
//! Pure functions over bytes: no file or network I/O, no tokio. Every extractor works under
//! [`Limits`] (total bytes produced, compression ratio, nesting depth, entry count, wall time)
//! and ends in [`ExtractError`] — "unscannable", which callers treat as block for vendors — rather
//! than in unbounded allocation or a panic.
//!
//! Contract shared by every extractor (see `ARCHITECTURE` below):
//! - formats are recognised by content ([`sniff`]), never by name or declared type;
//! - segments are delivered to a sink in document order; a segment's text is UTF-8 and its
//!   location names where it came from in the outer file (`!/logs/app.log:120`, `#page=2`,
//!   `!Sheet1!C14`, `!/attachment[1]/invoice.pdf#page=1`);
//! - `context` carries words that describe the segment (a CSV header, a JSON key, a form
//!   field name) and is scanned as context only, never reported.
//!
//! ARCHITECTURE: `sniff.rs` (magic bytes, OOXML/ODF detection from the zip directory),
//! `limits.rs` (budget shared by nested extractions), `archive.rs` (zip/tar/gzip, recursive),
//! `table.rs` (CSV/TSV), `markup.rs` (HTML/XML text and attributes), `mail.rs` (EML/MIME),
//! `office.rs` (DOCX/XLSX/PPTX/ODF), `pdf.rs`, `scan.rs` (segments → located findings),
//! `redact.rs` (redacted copies where the format allows).

mod limits;

use std::fmt;
use std::time::Duration;

pub use limits::Budget;

/// A format recognised by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// UTF-8 (or mostly text) with no more specific structure.
    Text,
    Json,
    Csv,
    Tsv,
    Html,
    Xml,
    Eml,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    /// OpenDocument text, spreadsheet, presentation.
    Odt,
    Ods,
    Odp,
    Zip,
    Tar,
    Gzip,
    /// Binary data with no extractor (images, executables, …): unscannable.
    Binary,
}

/// Caps on one top-level extraction (nested documents share them).
#[derive(Clone, Debug)]
pub struct Limits {
    /// Total bytes of text and decompressed data produced.
    pub max_total_bytes: u64,
    /// Decompressed / compressed ratio of any one stream or entry.
    pub max_ratio: u64,
    /// Archives/documents inside archives/documents.
    pub max_depth: usize,
    /// Entries across all archives.
    pub max_entries: usize,
    /// Wall time for the whole extraction.
    pub max_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 256 << 20,
            max_ratio: 200,
            max_depth: 8,
            max_entries: 10_000,
            max_time: Duration::from_secs(10),
        }
    }
}

/// A piece of text from inside a file.
#[derive(Clone, PartialEq, Eq)]
pub struct Segment {
    /// Where it is, relative to the outer file: appended to the file's path when reported.
    pub location: String,
    pub text: String,
    /// Words describing the segment (CSV header, field name): context only.
    pub context: Option<String>,
}

impl fmt::Debug for Segment {
    /// Never shows the text (it may hold the values being hunted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segment").field("location", &self.location).field("len", &self.text.len()).finish()
    }
}

/// Why a file could not be (fully) scanned. Every variant is "unscannable".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("encrypted {0}")]
    Encrypted(&'static str),
    #[error("more than {limit} bytes extracted")]
    TooLarge { limit: u64 },
    #[error("compression ratio above {limit}")]
    Ratio { limit: u64 },
    #[error("nested deeper than {limit}")]
    TooDeep { limit: usize },
    #[error("more than {limit} entries")]
    TooManyEntries { limit: usize },
    #[error("extraction took longer than {0:?}")]
    Timeout(Duration),
    #[error("corrupt {format}: {what}")]
    Corrupt { format: &'static str, what: &'static str },
    #[error("no extractor for this content")]
    Unsupported,
}

impl ExtractError {
    /// Stable snake_case reason code for audit logs and CLI output.
    pub fn reason(&self) -> &'static str {
        match self {
            ExtractError::Encrypted(_) => "encrypted",
            ExtractError::TooLarge { .. } => "extracted_too_large",
            ExtractError::Ratio { .. } => "compression_ratio",
            ExtractError::TooDeep { .. } => "too_deep",
            ExtractError::TooManyEntries { .. } => "too_many_entries",
            ExtractError::Timeout(_) => "extract_timeout",
            ExtractError::Corrupt { .. } => "corrupt_document",
            ExtractError::Unsupported => "unsupported_format",
        }
    }
}
