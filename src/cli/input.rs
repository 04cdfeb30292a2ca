//! Reading one input: files (memory-mapped when large), stdin, gzip members; skipping binaries;
//! enforcing the size cap.

use std::io::Read;
use std::ops::Deref;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// What was read from one input.
pub enum Content {
    Text(Bytes),
    /// Binary file (a NUL byte near the start): skipped, like ripgrep does.
    Binary,
}

/// Input bytes, owned or mapped.
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BINARY_SNIFF: usize = 8192;
/// Files at least this large are memory-mapped: no copy, no page zeroing.
const MMAP_FROM: u64 = 8 << 20;

pub fn read_path(path: &Path, max: u64) -> Result<Content> {
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max {
        bail!("{}: larger than --max-filesize ({max} bytes): not scanned", path.display());
    }
    if size >= MMAP_FROM {
        // SAFETY: the map is read-only and private to this process. If another process
        // truncates the file while we scan it, reading the lost pages raises SIGBUS; ripgrep
        // accepts the same trade-off for large files, and we only map regular files.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            if !map.starts_with(&GZIP_MAGIC) {
                return Ok(classify(Bytes::Mapped(map)));
            }
        }
    }
    read_all(file, size, max).with_context(|| path.display().to_string())
}

pub fn read_stdin(max: u64) -> Result<Content> {
    read_all(std::io::stdin().lock(), 0, max).context("<stdin>")
}

fn read_all(reader: impl Read, size_hint: u64, max: u64) -> Result<Content> {
    // Sized up front: growing a large buffer by doubling costs a copy per step.
    let mut bytes = Vec::with_capacity(size_hint.min(max).saturating_add(1) as usize);
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes).context("read failed")?;
    if bytes.len() as u64 > max {
        bail!("larger than --max-filesize ({max} bytes): not scanned");
    }
    if bytes.starts_with(&GZIP_MAGIC) {
        bytes = gunzip(&bytes, max)?;
    }
    Ok(classify(Bytes::Owned(bytes)))
}

fn classify(bytes: Bytes) -> Content {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF)];
    if memchr::memchr(0, head).is_some() {
        return Content::Binary;
    }
    Content::Text(bytes)
}

/// Decompresses every gzip member, refusing to grow past `max` bytes (a gzip bomb is an error,
/// not a truncated scan).
fn gunzip(bytes: &[u8], max: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .context("gzip: corrupt or truncated stream")?;
    if out.len() as u64 > max {
        bail!("gzip: decompressed size over --max-filesize ({max} bytes): not scanned");
    }
    Ok(out)
}
