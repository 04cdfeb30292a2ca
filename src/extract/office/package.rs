//! The zip package under the [`Budget`]: opening it (OLE compound files are refused), reading
//! entries capped by the budget and the compression-ratio limit, and writing the redacted copy.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{corrupt, is_encrypted_ooxml, Zip, CFB_MAGIC, FORMAT};
use crate::extract::{Budget, ExtractError};

pub(super) fn open<'a>(bytes: &'a [u8], budget: &mut Budget) -> Result<Zip<'a>, ExtractError> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(if is_encrypted_ooxml(bytes) {
            ExtractError::Encrypted(FORMAT)
        } else {
            ExtractError::Unsupported
        });
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt("not a readable zip package"))?;
    for _ in 0..zip.len() {
        budget.entry()?;
    }
    Ok(zip)
}

/// Reads one entry through a reader capped by the remaining budget and the ratio limit.
pub(super) fn read_entry(
    zip: &mut Zip<'_>,
    index: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let entry = zip.by_index(index).map_err(zip_error)?;
    let compressed = entry.compressed_size();
    let ratio_cap = compressed.saturating_mul(budget.limits().max_ratio).max(1 << 20);
    let cap = budget.remaining().min(ratio_cap);
    let mut out = Vec::new();
    entry.take(cap.saturating_add(1)).read_to_end(&mut out).map_err(|_| corrupt("unreadable zip entry"))?;
    let produced = out.len() as u64;
    if produced > cap {
        return Err(if cap == ratio_cap {
            ExtractError::Ratio { limit: budget.limits().max_ratio }
        } else {
            ExtractError::TooLarge { limit: budget.limits().max_total_bytes }
        });
    }
    budget.charge(produced)?;
    budget.check_ratio(compressed, produced)?;
    Ok(out)
}

fn zip_error(e: zip::result::ZipError) -> ExtractError {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            ExtractError::Encrypted(FORMAT)
        }
        _ => corrupt("unreadable zip entry"),
    }
}

pub(super) fn write_entry(
    zip: &mut Zip<'_>,
    out: &mut ZipWriter<Cursor<Vec<u8>>>,
    index: usize,
    data: &[u8],
) -> Result<(), ExtractError> {
    let entry = zip.by_index_raw(index).map_err(zip_error)?;
    let method = match entry.compression() {
        CompressionMethod::Stored => CompressionMethod::Stored,
        _ => CompressionMethod::Deflated,
    };
    let mut options = SimpleFileOptions::default().compression_method(method);
    if let Some(time) = entry.last_modified() {
        options = options.last_modified_time(time);
    }
    let name = entry.name().to_string();
    drop(entry);
    let failed = |_| corrupt("cannot write the redacted package");
    out.start_file(name, options).map_err(failed)?;
    out.write_all(data).map_err(|_| corrupt("cannot write the redacted package"))
}

pub(super) fn copy_entry(
    zip: &mut Zip<'_>,
    out: &mut ZipWriter<Cursor<Vec<u8>>>,
    index: usize,
) -> Result<(), ExtractError> {
    let entry = zip.by_index_raw(index).map_err(zip_error)?;
    out.raw_copy_file(entry).map_err(|_| corrupt("cannot copy a zip entry"))
}
