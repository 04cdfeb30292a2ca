//! Media types: which scanner a `Content-Type` gets. Parameters (`charset`, `boundary`) are
//! ignored; matching is ASCII case-insensitive. Only the header value is read, never the body.

/// How a body is scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// Parsed and scanned value by value (keys as context).
    Json,
    /// Scanned as bytes.
    Text,
    /// Text content and attribute values scanned; markup untouched.
    Html,
    /// `application/x-www-form-urlencoded`: pairs decoded, values scanned, re-encoded.
    Form,
    /// Anything else (images, archives, multipart, a missing header): the caller's policy
    /// decides whether it may pass unscanned.
    Unscannable,
}

/// The scanner for a `Content-Type` header value. A missing header is `Unscannable`: the
/// caller chooses whether to treat such bodies as text.
pub fn classify(content_type: Option<&str>) -> MediaKind {
    let Some(ct) = content_type else { return MediaKind::Unscannable };
    let essence = ct.split(';').next().unwrap_or("").trim();
    let Some((kind, sub)) = essence.split_once('/') else { return MediaKind::Unscannable };
    let (kind, sub) = (kind.trim().to_ascii_lowercase(), sub.trim().to_ascii_lowercase());
    let suffix = |s: &str| sub.rsplit_once('+').is_some_and(|(_, x)| x == s);
    match (kind.as_str(), sub.as_str()) {
        ("application", "json") | ("text", "json") => MediaKind::Json,
        ("application", _) if suffix("json") => MediaKind::Json,
        ("text", "html") | ("application", "xhtml+xml") => MediaKind::Html,
        ("application", "x-www-form-urlencoded") => MediaKind::Form,
        ("text", s) if !s.is_empty() => MediaKind::Text,
        ("application", "xml") | ("application", "javascript") => MediaKind::Text,
        ("application", _) if suffix("xml") => MediaKind::Text,
        _ => MediaKind::Unscannable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        use MediaKind::*;
        let rows: &[(Option<&str>, MediaKind)] = &[
            (Some("application/json"), Json),
            (Some("Application/JSON; charset=utf-8"), Json),
            (Some("application/vnd.api+json"), Json),
            (Some("application/problem+json"), Json),
            (Some("text/json"), Json),
            (Some("text/html; charset=UTF-8"), Html),
            (Some("application/xhtml+xml"), Html),
            (Some("application/x-www-form-urlencoded"), Form),
            (Some("text/plain"), Text),
            (Some("text/csv"), Text),
            (Some("text/markdown"), Text),
            (Some("application/xml"), Text),
            (Some("application/atom+xml"), Text),
            (Some("application/javascript"), Text),
            (Some("image/png"), Unscannable),
            (Some("application/octet-stream"), Unscannable),
            (Some("multipart/form-data; boundary=x"), Unscannable),
            (Some("application/jsonx"), Unscannable),
            (Some("json"), Unscannable),
            (Some(""), Unscannable),
            (Some("text/"), Unscannable),
            (None, Unscannable),
        ];
        for (ct, want) in rows {
            assert_eq!(classify(*ct), *want, "{ct:?}");
        }
    }
}
