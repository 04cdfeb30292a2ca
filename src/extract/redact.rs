//! Redacted copies that are still valid files: text byte for byte outside the findings; JSON,
//! HTML and XML through the content module's structure-keeping redactors; CSV/TSV cell by cell
//! with their header as context (re-quoted where needed); EML text parts decoded, redacted and
//! re-encoded with their own transfer encoding, headers rewritten in place; ZIP/TAR/GZIP
//! rebuilt with every entry redacted recursively; Office/ODF through `office::redact`.
//!
//! Fail closed: PDF and binaries cannot be redacted ([`Redacted::CannotRedact`]); an entry of
//! such a format inside a container is kept only when scanning it finds nothing, otherwise the
//! whole container cannot be redacted. Errors are the extraction errors (caps, encryption).

use std::io::Write;

use super::{
    archive, embedded, extract_format, mail, mime, office, sniff, table, Budget, ExtractError, Format, Limits,
};
use crate::content::field::FieldScanner;
use crate::content::{self, Action, MediaKind, Policy};
use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;
use crate::packs::Detector;
use crate::redact::{self as ops, Redaction, TokenKey};

/// The outcome of [`redact`].
pub enum Redacted {
    /// The redacted file (a copy of the input when nothing needed redacting).
    Rewritten(Vec<u8>),
    /// The format (or a part inside it holding findings) cannot be safely rewritten.
    CannotRedact(Format),
}

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Redacted::Rewritten(b) => write!(f, "Rewritten(<{} bytes>)", b.len()),
            Redacted::CannotRedact(format) => write!(f, "CannotRedact({format:?})"),
        }
    }
}

/// Writes a redacted copy of `bytes` (sniffed), every finding replaced by `choose(detector)`.
///
/// # Errors
/// The extraction errors: a cap reached, an encrypted or corrupt container, content with no
/// extractor inside a container.
pub fn redact(
    bytes: &[u8],
    limits: &Limits,
    scanner: &Scanner,
    key: &TokenKey,
    choose: &dyn Fn(&Detector) -> Redaction,
) -> Result<Redacted, ExtractError> {
    redact_some(bytes, limits, scanner, key, &|d| Some(choose(d)))
}

/// Like [`redact`], leaving the findings of detectors for which `choose` is `None` as they are
/// (a policy's `allow`).
///
/// # Errors
/// As [`redact`].
pub fn redact_some(
    bytes: &[u8],
    limits: &Limits,
    scanner: &Scanner,
    key: &TokenKey,
    choose: &dyn Fn(&Detector) -> Option<Redaction>,
) -> Result<Redacted, ExtractError> {
    let mut redactor =
        Redactor { scanner, key, choose, scratch: scanner.new_scratch(), field: FieldScanner::default() };
    redactor.format(sniff(bytes), bytes, &mut Budget::new(limits))
}

struct Redactor<'a> {
    scanner: &'a Scanner,
    key: &'a TokenKey,
    choose: &'a dyn Fn(&Detector) -> Option<Redaction>,
    scratch: Scratch,
    field: FieldScanner,
}

impl Redactor<'_> {
    fn format(
        &mut self,
        format: Format,
        bytes: &[u8],
        budget: &mut Budget,
    ) -> Result<Redacted, ExtractError> {
        budget.check_time()?;
        let out = match format {
            Format::Text => self.text(bytes, None),
            Format::Json => match self.json(bytes, budget)? {
                Ok(out) => out,
                Err(format) => return Ok(Redacted::CannotRedact(format)),
            },
            Format::Html => self.content(MediaKind::Html, bytes, "html")?,
            Format::Xml => self.xml(bytes)?,
            Format::Csv | Format::Tsv => self.table(format, bytes)?,
            Format::Eml => return self.mail(bytes, budget),
            Format::Zip => return self.zip(bytes, budget),
            Format::Tar => return self.tar(bytes, budget),
            Format::Gzip => return self.gzip(bytes, budget),
            Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods | Format::Odp => {
                office::redact(format, bytes, budget, &mut |text: &str| self.string(text))?
            }
            Format::Pdf | Format::Binary => return Ok(Redacted::CannotRedact(format)),
        };
        Ok(Redacted::Rewritten(out))
    }

    /// Content found inside a container: redacted; or, for a format that cannot be redacted,
    /// kept as is when scanning it finds nothing.
    fn nested(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Redacted, ExtractError> {
        let format = sniff(bytes);
        let mut run = |budget: &mut Budget| match self.format(format, bytes, budget)? {
            Redacted::CannotRedact(f) if self.has_findings(format, bytes, budget)? => {
                Ok(Redacted::CannotRedact(f))
            }
            Redacted::CannotRedact(_) => Ok(Redacted::Rewritten(bytes.to_vec())),
            done => Ok(done),
        };
        if format.is_container() {
            budget.nested(run)
        } else {
            run(budget)
        }
    }

    fn has_findings(
        &mut self,
        format: Format,
        bytes: &[u8],
        budget: &mut Budget,
    ) -> Result<bool, ExtractError> {
        let mut found = false;
        let (scanner, scratch, field, choose) =
            (self.scanner, &mut self.scratch, &mut self.field, self.choose);
        extract_format(format, bytes, "", budget, &mut |segment| {
            found |= field
                .scan(scanner, scratch, segment.context.as_deref(), segment.text.as_bytes())
                .iter()
                .any(|f| choose(scanner.detector(f.detector)).is_some());
            Ok(())
        })?;
        Ok(found)
    }

    /// `text` with its findings (scanned with `label` as context) replaced, in one pass.
    fn text(&mut self, text: &[u8], label: Option<&str>) -> Vec<u8> {
        let (scanner, choose) = (self.scanner, self.choose);
        let found = self.field.scan(scanner, &mut self.scratch, label, text);
        let kept: Vec<Finding>;
        let found = if found.iter().all(|f| choose(scanner.detector(f.detector)).is_some()) {
            found
        } else {
            kept = found.iter().filter(|f| choose(scanner.detector(f.detector)).is_some()).copied().collect();
            &kept
        };
        ops::apply(text, found, self.key, |f: &Finding| {
            let d = scanner.detector(f.detector);
            (choose(d).unwrap_or(d.redaction), d.entity.as_str())
        })
    }

    fn string(&mut self, text: &str) -> String {
        let out = self.text(text.as_bytes(), None);
        // Replacements are UTF-8, so UTF-8 input stays UTF-8; the fallback never runs.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn content(
        &mut self,
        kind: MediaKind,
        bytes: &[u8],
        format: &'static str,
    ) -> Result<Vec<u8>, ExtractError> {
        let choose = self.choose;
        let decide = |d: &Detector| choose(d).map_or(Action::Allow, Action::Redact);
        let limits = content::Limits::default();
        let policy = Policy {
            scanner: self.scanner,
            key: self.key,
            decide: &decide,
            drop: &[],
            limits: &limits,
            known: &[],
        };
        let processed = content::process(kind, bytes, &policy, &mut self.scratch)
            .map_err(|_| ExtractError::Corrupt { format, what: "does not parse" })?;
        Ok(processed.body)
    }

    /// JSON: documents embedded as base64 strings are redacted first (re-encoded the same way;
    /// `Err(format)` when one cannot be), then every value.
    fn json(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Result<Vec<u8>, Format>, ExtractError> {
        let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return self.content(MediaKind::Json, bytes, "json").map(Ok);
        };
        let (mut changed, mut cannot) = (false, None);
        embedded::each_string_mut(&mut doc, &mut |s: &mut String, _| {
            let Some(found) = embedded::decode(s) else { return Ok(()) };
            match self.nested(&found.bytes, budget)? {
                Redacted::Rewritten(copy) if copy != found.bytes => {
                    *s = found.encode(&copy);
                    changed = true;
                }
                Redacted::Rewritten(_) => {}
                Redacted::CannotRedact(format) => cannot = Some(format),
            }
            Ok::<(), ExtractError>(())
        })?;
        if let Some(format) = cannot {
            return Ok(Err(format));
        }
        let rewritten;
        let body = if changed {
            rewritten = content::json::to_vec(&doc, bytes.len());
            &rewritten[..]
        } else {
            bytes
        };
        self.content(MediaKind::Json, body, "json").map(Ok)
    }

    /// XML is rewritten by the HTML redactor (text and attribute values only, markup kept);
    /// documents declaring entities are refused, as by the extractor.
    fn xml(&mut self, bytes: &[u8]) -> Result<Vec<u8>, ExtractError> {
        if memchr::memmem::find(bytes, b"<!ENTITY").is_some() {
            return Err(ExtractError::Corrupt { format: "xml", what: "declares entities (never expanded)" });
        }
        self.content(MediaKind::Html, bytes, "xml")
    }

    fn table(&mut self, format: Format, bytes: &[u8]) -> Result<Vec<u8>, ExtractError> {
        let mut rows = table::reader(format, bytes);
        let terminator = if memchr::memmem::find(bytes, b"\r\n").is_some() {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .delimiter(table::delimiter(format, bytes))
            .terminator(terminator)
            .flexible(true)
            .from_writer(Vec::with_capacity(bytes.len()));
        let (mut record, mut out) = (csv::ByteRecord::new(), csv::ByteRecord::new());
        let (mut headers, mut row, mut changed) = (None, 0usize, false);
        while table::read(&mut rows, &mut record)? {
            row += 1;
            if row == 1 {
                headers = table::header(&record);
            }
            out.clear();
            for (col, cell) in record.iter().enumerate() {
                let label =
                    if row == 1 { None } else { headers.as_ref().and_then(|h: &Vec<String>| h.get(col)) };
                let redacted = self.text(cell, label.map(String::as_str));
                changed |= redacted != cell;
                out.push_field(&redacted);
            }
            writer.write_byte_record(&out).map_err(|_| table_error())?;
        }
        if !changed {
            return Ok(bytes.to_vec());
        }
        let mut out = writer.into_inner().map_err(|_| table_error())?;
        // The csv reader drops a UTF-8 byte order mark; put it back.
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            out.splice(0..0, *b"\xEF\xBB\xBF");
        }
        Ok(out)
    }

    fn zip(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Redacted, ExtractError> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(bytes.len())));
        let mut refused = None;
        archive::for_each_zip_entry(bytes, budget, &mut |entry, data, budget| {
            let options = zip_options(&entry);
            let Some(data) = data else {
                return writer.add_directory(entry.name.as_str(), options).map_err(|_| zip_write_error());
            };
            let data = match self.nested(&data, budget)? {
                Redacted::Rewritten(out) => out,
                Redacted::CannotRedact(f) => {
                    refused.get_or_insert(f);
                    data
                }
            };
            writer.start_file(entry.name.as_str(), options).map_err(|_| zip_write_error())?;
            writer.write_all(&data).map_err(|_| zip_write_error())
        })?;
        if let Some(f) = refused {
            return Ok(Redacted::CannotRedact(f));
        }
        Ok(Redacted::Rewritten(writer.finish().map_err(|_| zip_write_error())?.into_inner()))
    }

    fn tar(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Redacted, ExtractError> {
        let mut builder = tar::Builder::new(Vec::with_capacity(bytes.len()));
        let mut refused = None;
        archive::for_each_tar_entry(bytes, budget, &mut |header, _name, data, budget| {
            let mut header = header.clone();
            let data = if header.entry_type().is_file() {
                match self.nested(&data, budget)? {
                    Redacted::Rewritten(out) => out,
                    Redacted::CannotRedact(f) => {
                        refused.get_or_insert(f);
                        data
                    }
                }
            } else {
                data
            };
            header.set_size(data.len() as u64);
            header.set_cksum();
            builder.append(&header, data.as_slice()).map_err(|_| tar_write_error())
        })?;
        if let Some(f) = refused {
            return Ok(Redacted::CannotRedact(f));
        }
        Ok(Redacted::Rewritten(builder.into_inner().map_err(|_| tar_write_error())?))
    }

    fn gzip(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Redacted, ExtractError> {
        let data = archive::gunzip(bytes, budget)?;
        let Redacted::Rewritten(out) = self.nested(&data, budget)? else {
            return Ok(Redacted::CannotRedact(sniff(&data)));
        };
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&out).map_err(|_| gzip_write_error())?;
        Ok(Redacted::Rewritten(encoder.finish().map_err(|_| gzip_write_error())?))
    }

    fn mail(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<Redacted, ExtractError> {
        let message = mail::parse(bytes)?;
        let mut edits = Vec::new();
        self.mail_headers(bytes, &message, &mut edits);
        for (part, role) in message.parts.iter().zip(mail::roles(&message)) {
            budget.entry()?;
            let redacted = match (&role, &part.body) {
                (mail::Role::Container, _) => continue,
                (mail::Role::Text(_), _) => Redacted::Rewritten(self.text(part.contents(), None)),
                (mail::Role::Html(_), _) => {
                    Redacted::Rewritten(self.content(MediaKind::Html, part.contents(), "html")?)
                }
                (_, mail_parser::PartType::Message(m)) => {
                    budget.nested(|budget| self.format(Format::Eml, m.raw_message(), budget))?
                }
                _ => self.nested(part.contents(), budget)?,
            };
            let original = match &part.body {
                mail_parser::PartType::Message(m) => m.raw_message(),
                _ => part.contents(),
            };
            match redacted {
                Redacted::CannotRedact(f) => return Ok(Redacted::CannotRedact(f)),
                Redacted::Rewritten(out) if out != original => {
                    if !part.is_text() || mime::is_utf8(part) {
                        edits.push(mime::body_edit(bytes, part, &out));
                    } else {
                        return Ok(Redacted::CannotRedact(Format::Eml));
                    }
                }
                Redacted::Rewritten(_) => {}
            }
        }
        Ok(Redacted::Rewritten(mime::splice(bytes, edits)))
    }

    fn mail_headers(&mut self, bytes: &[u8], message: &mail_parser::Message, edits: &mut Vec<mime::Edit>) {
        for header in message.headers().iter().filter(|h| mail::scanned_header(&h.name)) {
            let Some(text) = mail::header_text(bytes, header) else { continue };
            let out = self.text(text.as_bytes(), Some(header.name.as_str()));
            if out != text.as_bytes() {
                edits.push(mime::header_edit(bytes, header, &out));
            }
        }
    }
}

fn zip_options(entry: &archive::ZipEntry) -> zip::write::SimpleFileOptions {
    let method = match entry.method {
        zip::CompressionMethod::Stored => zip::CompressionMethod::Stored,
        _ => zip::CompressionMethod::Deflated,
    };
    let mut options = zip::write::SimpleFileOptions::default().compression_method(method).large_file(false);
    if let Some(t) = entry.modified {
        options = options.last_modified_time(t);
    }
    if let Some(mode) = entry.unix_mode {
        options = options.unix_permissions(mode);
    }
    options
}

fn table_error() -> ExtractError {
    ExtractError::Corrupt { format: "csv", what: "cannot write redacted table" }
}

fn zip_write_error() -> ExtractError {
    ExtractError::Corrupt { format: "zip", what: "cannot write redacted archive" }
}

fn tar_write_error() -> ExtractError {
    ExtractError::Corrupt { format: "tar", what: "cannot write redacted archive" }
}

fn gzip_write_error() -> ExtractError {
    ExtractError::Corrupt { format: "gzip", what: "cannot write redacted stream" }
}
