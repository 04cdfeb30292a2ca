//! `Content-Encoding` decoding with hard caps: gzip, deflate (zlib-wrapped, or raw as some
//! servers send it) and brotli, stacked codings undone right to left. Output is streamed
//! through a reader bounded by `min(max_decompressed, max_ratio * max(body, 1024)) + 1`
//! bytes, so a bomb costs at most that much memory and time; nothing is allocated from a size
//! the body claims. The ratio is measured against the body as received, across all stages.

use std::borrow::Cow;
use std::io::Read;

use super::{ContentError, Limits};

/// More stacked codings than this is an error (real servers send one).
const MAX_CODINGS: usize = 4;
/// Smallest body size the ratio is computed against, so tiny bodies may expand freely.
const RATIO_FLOOR: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coding {
    Gzip,
    Deflate,
    Brotli,
}

/// Decodes `body` as `content_encoding` says. Identity (or no header) borrows the body.
///
/// # Errors
/// [`ContentError::UnknownEncoding`], [`ContentError::TooManyEncodings`],
/// [`ContentError::TooLarge`], [`ContentError::Ratio`], [`ContentError::Corrupt`].
pub fn decode<'a>(
    content_encoding: Option<&str>,
    body: &'a [u8],
    limits: &Limits,
) -> Result<Cow<'a, [u8]>, ContentError> {
    let codings = codings(content_encoding.unwrap_or(""))?;
    let ratio_cap = (limits.max_ratio as u128 * body.len().max(RATIO_FLOOR) as u128).min(usize::MAX as u128);
    let cap = Cap { size: limits.max_decompressed, ratio: ratio_cap as usize, max_ratio: limits.max_ratio };
    let mut data = Cow::Borrowed(body);
    for coding in codings.into_iter().rev() {
        data = Cow::Owned(decode_one(coding, &data, cap)?);
    }
    Ok(data)
}

/// The codings of a header value, in the order they were applied. Identity tokens are skipped.
fn codings(header: &str) -> Result<Vec<Coding>, ContentError> {
    let mut out = Vec::new();
    for token in header.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let coding = match token.to_ascii_lowercase().as_str() {
            "identity" => continue,
            "gzip" | "x-gzip" => Coding::Gzip,
            "deflate" => Coding::Deflate,
            "br" => Coding::Brotli,
            _ => return Err(ContentError::unknown_encoding(token)),
        };
        if out.len() == MAX_CODINGS {
            return Err(ContentError::TooManyEncodings { limit: MAX_CODINGS });
        }
        out.push(coding);
    }
    Ok(out)
}

#[derive(Clone, Copy, Debug)]
struct Cap {
    size: usize,
    ratio: usize,
    max_ratio: u64,
}

impl Cap {
    fn bytes(&self) -> usize {
        self.size.min(self.ratio)
    }

    /// The error for output that went past [`Cap::bytes`]: whichever limit is the smaller.
    fn exceeded(&self) -> ContentError {
        if self.size <= self.ratio {
            ContentError::TooLarge { limit: self.size }
        } else {
            ContentError::Ratio { limit: self.max_ratio }
        }
    }
}

fn decode_one(coding: Coding, input: &[u8], cap: Cap) -> Result<Vec<u8>, ContentError> {
    match coding {
        Coding::Gzip => read_capped(flate2::read::MultiGzDecoder::new(input), cap, "gzip"),
        Coding::Brotli => read_capped(brotli::Decompressor::new(input, 4096), cap, "br"),
        Coding::Deflate if looks_like_zlib(input) => {
            match read_capped(flate2::read::ZlibDecoder::new(input), cap, "deflate") {
                Err(ContentError::Corrupt(_)) => read_raw_deflate(input, cap),
                other => other,
            }
        }
        Coding::Deflate => read_raw_deflate(input, cap),
    }
}

fn read_raw_deflate(input: &[u8], cap: Cap) -> Result<Vec<u8>, ContentError> {
    read_capped(flate2::read::DeflateDecoder::new(input), cap, "deflate")
}

/// RFC 1950 header: compression method 8, window ≤ 32 KiB, header checksum.
fn looks_like_zlib(input: &[u8]) -> bool {
    match input {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Reads at most `cap.bytes() + 1` bytes: one byte past the cap proves it was exceeded.
fn read_capped(reader: impl Read, cap: Cap, name: &'static str) -> Result<Vec<u8>, ContentError> {
    let limit = cap.bytes();
    let mut out = Vec::new();
    reader
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|_| ContentError::Corrupt(name))?;
    if out.len() > limit {
        return Err(cap.exceeded());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_parsing() {
        assert_eq!(codings("").unwrap(), vec![]);
        assert_eq!(codings(" identity ").unwrap(), vec![]);
        assert_eq!(codings("GZIP, br").unwrap(), vec![Coding::Gzip, Coding::Brotli]);
        assert_eq!(codings("x-gzip,,deflate").unwrap(), vec![Coding::Gzip, Coding::Deflate]);
        assert_eq!(codings("zstd"), Err(ContentError::UnknownEncoding("zstd".into())));
        assert_eq!(codings("gzip,gzip,gzip,gzip,gzip"), Err(ContentError::TooManyEncodings { limit: 4 }));
        let long = "x\u{7}".repeat(40);
        let Err(ContentError::UnknownEncoding(name)) = codings(&long) else { panic!() };
        assert_eq!(name.len(), 32);
        assert!(name.bytes().all(|b| b.is_ascii_graphic()));
    }

    #[test]
    fn zlib_header_check() {
        assert!(looks_like_zlib(&[0x78, 0x9c]));
        assert!(looks_like_zlib(&[0x78, 0x01]));
        assert!(!looks_like_zlib(&[0x78, 0x9d]));
        assert!(!looks_like_zlib(&[0x78]));
    }
}
