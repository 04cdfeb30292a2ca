//! JSON Web Tokens in JWS compact serialization (RFC 7519 section 3, RFC 7515 section 7.1):
//! three base64url segments (RFC 4648 section 5, no padding) joined by `.`, the first of which
//! decodes to a JSON object header carrying `"alg"`.
//!
//! The header is decoded into a 512-byte stack buffer (`base64` crate, `URL_SAFE_NO_PAD`,
//! `decode_slice`), so headers longer than 512 bytes are rejected. The payload must be
//! non-empty; the signature may be empty, as in unsecured JWTs (`alg: none`, RFC 7519 6.1).
//! Tokens over 16 KiB are rejected before any work.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

const MAX_INPUT: usize = 16 * 1024;

fn base64url(segment: &[u8]) -> bool {
    segment.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    let mut parts = value.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if header.is_empty() || payload.is_empty() || !base64url(payload) || !base64url(signature) {
        return false;
    }
    let mut buf = [0u8; 512];
    let Ok(n) = URL_SAFE_NO_PAD.decode_slice(header, &mut buf) else {
        return false;
    };
    let json = buf.get(..n).unwrap_or(&[]);
    json.first() == Some(&b'{') && json.windows(5).any(|w| w == b"\"alg\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// jwt.io's default example token (HS256).
    const JWT_IO: &[u8] = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn published_tokens() {
        assert!(valid(JWT_IO));
        // RFC 7519 section 3.1 example (header has a CRLF inside the JSON).
        assert!(valid(b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        // RFC 7519 section 6.1 unsecured JWT: empty signature.
        assert!(valid(b"eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."));
    }

    #[test]
    fn header_must_be_json_with_alg() {
        // {"foo":"bar"} has no alg.
        assert!(!valid(b"eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.c2ln"));
        // "hello world" is not an object.
        assert!(!valid(b"aGVsbG8gd29ybGQ.eyJzdWIiOiIxIn0.c2ln"));
        // Not base64url at all.
        assert!(!valid(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9!.eyJzdWIiOiIxIn0.c2ln"));
        // Padded header.
        assert!(!valid(b"eyJhbGciOiJub25lIn0=.eyJzdWIiOiIxIn0.c2ln"));
        // Standard-alphabet characters are not base64url.
        assert!(!valid(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln+/"));
    }

    #[test]
    fn segment_count_and_mutations() {
        let s = std::str::from_utf8(JWT_IO).unwrap();
        let (header, rest) = s.split_once('.').unwrap();
        assert!(!valid(rest.as_bytes())); // two segments
        assert!(!valid(format!("{s}.abc").as_bytes())); // four segments
        assert!(!valid(format!(".{rest}").as_bytes())); // empty header
        assert!(!valid(format!("{header}..abc").as_bytes())); // empty payload
        assert!(!valid(format!("{}{}", &header[1..], &s[header.len()..]).as_bytes())); // first char lost
        assert!(!valid(format!("{s} ").as_bytes()));
        assert!(!valid(b""));
        assert!(!valid(b".."));
        assert!(!valid(b"\xff.\xff.\xff"));
    }

    #[test]
    fn long_inputs() {
        // A header over 512 decoded bytes does not fit the stack buffer.
        let big_header = "A".repeat(800);
        assert!(!valid(format!("{big_header}.eyJzdWIiOiIxIn0.c2ln").as_bytes()));
        let huge = "a".repeat(MAX_INPUT);
        assert!(!valid(format!("eyJhbGciOiJub25lIn0.{huge}.").as_bytes()));
    }
}
