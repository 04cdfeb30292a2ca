//! [`ContentError`]: why a body could not be decoded or parsed. Every variant carries only
//! limits, coding names and positions, never body bytes, so errors can be logged and audited.
//! [`ContentError::reason`] is the stable code the audit log records.

/// A body that could not be decoded, parsed or scanned. The caller must not forward it
/// (fail closed).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// A `Content-Encoding` this module does not decode. Holds the coding name (sanitised and
    /// cut to 32 characters: it comes from a header).
    #[error("unknown content coding '{0}': only identity, gzip, x-gzip, deflate and br are decoded")]
    UnknownEncoding(String),
    #[error("more than {limit} stacked content codings")]
    TooManyEncodings { limit: usize },
    #[error("decompressed body over the limit of {limit} bytes: raise max_decompressed to accept it")]
    TooLarge { limit: usize },
    #[error("body decompresses more than {limit} times its size (compression bomb?)")]
    Ratio { limit: u64 },
    /// The named coding's data is corrupt or truncated.
    #[error("corrupt or truncated {0} data")]
    Corrupt(&'static str),
    /// serde_json's position of the syntax error (1-based; never the offending text).
    #[error("invalid JSON at line {line}, column {column}")]
    InvalidJson { line: usize, column: usize },
    #[error("JSON nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("body is not valid UTF-8")]
    InvalidUtf8,
    /// `process` was asked to scan a media kind it cannot scan; the caller decides.
    #[error("media type is not scannable")]
    Unscannable,
}

impl ContentError {
    /// A stable snake_case code for the audit log and metrics labels.
    pub fn reason(&self) -> &'static str {
        match self {
            ContentError::UnknownEncoding(_) => "unknown_encoding",
            ContentError::TooManyEncodings { .. } => "too_many_encodings",
            ContentError::TooLarge { .. } => "decompressed_too_large",
            ContentError::Ratio { .. } => "compression_ratio",
            ContentError::Corrupt(_) => "corrupt_encoding",
            ContentError::InvalidJson { .. } => "invalid_json",
            ContentError::TooDeep { .. } => "too_deep",
            ContentError::InvalidUtf8 => "invalid_utf8",
            ContentError::Unscannable => "unscannable",
        }
    }

    /// `UnknownEncoding` for a header token: printable ASCII only, at most 32 characters.
    pub(crate) fn unknown_encoding(name: &str) -> ContentError {
        let clean = name.chars().take(32).map(|c| if c.is_ascii_graphic() { c } else { '?' }).collect();
        ContentError::UnknownEncoding(clean)
    }
}
