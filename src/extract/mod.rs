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
//! `office/` (DOCX/XLSX/PPTX/ODF: package, plan, paragraphs, sheets, rewrite), `pdf.rs`, `embedded.rs` (base64 documents in JSON
//! strings), `scan.rs` (segments → located findings), `redact.rs` (redacted copies where the
//! format allows), `inspect.rs` (a policy's actions over a document, for the gateway).

mod aligned;
mod archive;
pub mod embedded;
mod inspect;
mod interchange;
mod limits;
mod mail;
mod markup;
mod mime;
mod nacha;
mod office;
mod pasted;
mod pdf;
mod redact;
mod scan;
mod sniff;
mod sql;
pub mod table;
mod text;

use std::fmt;
use std::time::Duration;

pub use inspect::{inspect_document, inspect_embedded, placeholder, Inspection, Unredactable};
pub(crate) use interchange::hl7_type_label;
pub use limits::Budget;
pub use mail::is_verbatim as is_verbatim_mail;
pub use pasted::{header_findings_in_text, may_hold_rows, table_reading, TableReading};
pub use redact::{redact, redact_some, Redacted};
pub use scan::{scan, scan_into, Located};
pub use sniff::{declared_formats, sniff};

/// Where extractors deliver segments; an error from the sink stops the extraction.
pub type SegmentSink<'a> = dyn FnMut(Segment) -> Result<(), ExtractError> + 'a;

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

impl Format {
    /// Lowercase name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
            Format::Xml => "xml",
            Format::Eml => "eml",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Zip => "zip",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::Binary => "binary",
        }
    }

    /// Archives, documents and mail: formats that hold other content, so opening one inside
    /// another goes one nesting level deeper.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            Format::Eml
                | Format::Pdf
                | Format::Docx
                | Format::Xlsx
                | Format::Pptx
                | Format::Odt
                | Format::Ods
                | Format::Odp
                | Format::Zip
                | Format::Tar
                | Format::Gzip
        )
    }
}

/// Sniffs `bytes` and delivers every text segment inside them to `sink`, descending into
/// archive entries, mail attachments and compressed streams, all under one budget.
///
/// # Errors
/// The first cap reached, an encrypted or corrupt container, content with no extractor
/// ([`Format::Binary`], also inside an archive), or the sink's own error.
pub fn extract(bytes: &[u8], limits: &Limits, sink: &mut SegmentSink) -> Result<(), ExtractError> {
    let mut budget = Budget::new(limits);
    extract_format(sniff(bytes), bytes, "", &mut budget, sink)
}

/// Extracts `bytes` known to be `format`; `location` is prefixed to every segment's location.
/// The dispatcher every container calls for what it holds (see [`extract_nested`]).
pub(crate) fn extract_format(
    format: Format,
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    budget.check_time()?;
    match format {
        Format::Text => text::extract(bytes, location, budget, sink),
        Format::Json => {
            text::extract(bytes, location, budget, sink)?;
            embedded::extract_json(bytes, location, budget, sink)
        }
        Format::Csv | Format::Tsv => table::extract(format, bytes, location, budget, sink),
        Format::Html | Format::Xml => markup::extract(format, bytes, location, budget, sink),
        Format::Eml => mail::extract(bytes, location, budget, sink),
        Format::Pdf => pdf::extract(bytes, location, budget, sink),
        Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods | Format::Odp => {
            office::extract(format, bytes, location, budget, sink)
        }
        Format::Zip => archive::extract_zip(bytes, location, budget, sink),
        Format::Tar => archive::extract_tar(bytes, location, budget, sink),
        Format::Gzip => archive::extract_gzip(bytes, location, budget, sink),
        Format::Binary => Err(ExtractError::Unsupported),
    }
}

/// Sniffs content found inside a container and extracts it, one nesting level deeper when it
/// is itself a container.
pub(crate) fn extract_nested(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let format = sniff(bytes);
    if format.is_container() {
        budget.nested(|budget| extract_format(format, bytes, location, budget, sink))
    } else {
        extract_format(format, bytes, location, budget, sink)
    }
}

/// Charges a segment's text to the budget and hands it to the sink.
pub(crate) fn emit(
    budget: &mut Budget,
    sink: &mut SegmentSink,
    location: String,
    text: String,
    context: Option<String>,
) -> Result<(), ExtractError> {
    budget.charge(text.len() as u64)?;
    sink(Segment { location, text, context })
}
