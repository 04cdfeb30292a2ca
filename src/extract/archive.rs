//! ZIP (the `zip` crate), TAR (`tar`) and GZIP (`flate2`), recursively: every entry is
//! sniffed and extracted under the location `!/path/in/archive`; gzip content keeps the
//! location of the `.gz` itself (`logs.tar.gz!/app.log:3`).
//!
//! Bombs: every entry counts against the entry cap before it is read; a zip entry whose
//! declared sizes already break the ratio or byte caps is refused before inflating; all
//! decompression goes through [`read_capped`], which charges every produced byte to the
//! budget, stops one byte past what is still allowed and checks the ratio as it goes, so no
//! entry is ever fully inflated just to find out it was too big. Archives inside archives go
//! one nesting level deeper each ([`super::extract_nested`]).
//!
//! Owns reading archives; writing them back (redaction) is in `redact.rs`, through
//! [`for_each_zip_entry`], [`for_each_tar_entry`] and [`gunzip`].

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::CompressionMethod;

use super::{extract_nested, Budget, ExtractError, SegmentSink};

/// Decompression reads this much at a time between budget checks.
const CHUNK: usize = 64 << 10;

/// One zip entry's metadata, for extraction and for writing a redacted copy.
pub(crate) struct ZipEntry {
    pub name: String,
    pub is_dir: bool,
    pub method: CompressionMethod,
    pub modified: Option<zip::DateTime>,
    pub unix_mode: Option<u32>,
}

pub(crate) fn extract_zip(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    for_each_zip_entry(bytes, budget, &mut |entry, data, budget| match data {
        Some(data) => extract_nested(&data, &entry_location(location, &entry.name), budget, sink),
        None => Ok(()),
    })
}

pub(crate) fn extract_tar(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    for_each_tar_entry(bytes, budget, &mut |header, name, data, budget| {
        if header.entry_type().is_file() {
            extract_nested(&data, &entry_location(location, name), budget, sink)?;
        }
        Ok(())
    })
}

pub(crate) fn extract_gzip(
    bytes: &[u8],
    location: &str,
    budget: &mut Budget,
    sink: &mut SegmentSink,
) -> Result<(), ExtractError> {
    let data = gunzip(bytes, budget)?;
    extract_nested(&data, location, budget, sink)
}

/// `outer!/name`, with the name's leading slashes dropped.
pub(crate) fn entry_location(outer: &str, name: &str) -> String {
    format!("{outer}!/{}", name.trim_start_matches('/'))
}

/// Receives a zip entry and its inflated data (`None` for a directory).
pub(crate) type ZipVisitor<'a> =
    dyn FnMut(ZipEntry, Option<Vec<u8>>, &mut Budget) -> Result<(), ExtractError> + 'a;

/// Receives a tar entry's header, path and data (empty for non-files).
pub(crate) type TarVisitor<'a> =
    dyn FnMut(&tar::Header, &str, Vec<u8>, &mut Budget) -> Result<(), ExtractError> + 'a;

/// Calls `f` with every entry of a zip and its inflated data (`None` for directories), in
/// directory order.
pub(crate) fn for_each_zip_entry(
    bytes: &[u8],
    budget: &mut Budget,
    f: &mut ZipVisitor<'_>,
) -> Result<(), ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    for index in 0..archive.len() {
        budget.entry()?;
        let (entry, data) = read_zip_entry(&mut archive, index, budget)?;
        f(entry, data, budget)?;
    }
    Ok(())
}

fn read_zip_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    budget: &mut Budget,
) -> Result<(ZipEntry, Option<Vec<u8>>), ExtractError> {
    let file = archive.by_index_raw(index).map_err(zip_error)?;
    if file.encrypted() {
        return Err(ExtractError::Encrypted("zip"));
    }
    let entry = ZipEntry {
        name: file.name().to_owned(),
        is_dir: file.is_dir(),
        method: file.compression(),
        modified: file.last_modified(),
        unix_mode: file.unix_mode(),
    };
    if entry.is_dir {
        return Ok((entry, None));
    }
    let (compressed, declared) = (file.compressed_size(), file.size());
    drop(file);
    // Honest bombs are refused from their declared sizes, before inflating anything.
    budget.check_ratio(compressed, declared)?;
    if declared > budget.remaining() {
        return Err(ExtractError::TooLarge { limit: budget.limits().max_total_bytes });
    }
    let file = archive.by_index(index).map_err(zip_error)?;
    let data = read_capped(file.take(declared.saturating_add(1)), budget, |_| compressed)?;
    if data.len() as u64 > declared {
        return Err(ExtractError::Corrupt { format: "zip", what: "entry larger than declared" });
    }
    Ok((entry, Some(data)))
}

fn zip_error(e: ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ExtractError::Encrypted("zip")
        }
        ZipError::UnsupportedArchive(_) => ExtractError::Unsupported,
        _ => ExtractError::Corrupt { format: "zip", what: "unreadable archive" },
    }
}

/// Calls `f` with every tar entry's header, path and data (empty for non-files), in order.
pub(crate) fn for_each_tar_entry(
    bytes: &[u8],
    budget: &mut Budget,
    f: &mut TarVisitor<'_>,
) -> Result<(), ExtractError> {
    let corrupt = |_| ExtractError::Corrupt { format: "tar", what: "unreadable archive" };
    let mut archive = tar::Archive::new(bytes);
    for entry in archive.entries().map_err(corrupt)? {
        budget.entry()?;
        let entry = entry.map_err(corrupt)?;
        let header = entry.header().clone();
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let data = if header.entry_type().is_file() {
            // Tar does not compress: an entry cannot be larger than the archive holding it.
            read_capped(entry, budget, |_| u64::MAX)?
        } else {
            Vec::new()
        };
        f(&header, &name, data, budget)?;
    }
    Ok(())
}

/// Inflates a gzip stream (all members), checking the ratio against the compressed bytes
/// consumed so far.
pub(crate) fn gunzip(bytes: &[u8], budget: &mut Budget) -> Result<Vec<u8>, ExtractError> {
    let total = bytes.len() as u64;
    let decoder = flate2::bufread::MultiGzDecoder::new(bytes);
    read_capped(decoder, budget, |d: &flate2::bufread::MultiGzDecoder<&[u8]>| {
        total - d.get_ref().len() as u64
    })
    .map_err(|e| match e {
        ExtractError::Corrupt { .. } => ExtractError::Corrupt { format: "gzip", what: "bad deflate stream" },
        e => e,
    })
}

/// Reads `reader` to the end in chunks, charging every byte to the budget (so it stops as soon
/// as the total cap is passed) and checking the ratio of bytes produced to `compressed(reader)`
/// (compressed bytes consumed so far, or a whole entry's compressed size) after every chunk.
fn read_capped<R: Read>(
    mut reader: R,
    budget: &mut Budget,
    compressed: impl Fn(&R) -> u64,
) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(ExtractError::Corrupt { format: "archive", what: "unreadable entry data" }),
        };
        budget.charge(n as u64)?;
        out.extend_from_slice(&chunk[..n]);
        budget.check_ratio(compressed(&reader), out.len() as u64)?;
    }
}
