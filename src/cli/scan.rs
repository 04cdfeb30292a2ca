//! `casegate scan`: walk inputs, scan them in parallel (rayon), render in input order.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use casegate::content::{self, json, Action, Limits, MediaKind, Policy};
use casegate::redact::TokenKey;
use casegate::{Finding, Scanner};
use rayon::prelude::*;
use termcolor::BufferWriter;

use super::args::{ColorChoice, Format, ScanArgs};
use super::input::{self, Content};
use super::ordered::{JobOutput, Ordered};
use super::output::{self, JsonHit, Renderer, Summary};
use super::Status;

/// One thing to scan.
struct Job {
    /// Shown in output (as given or as walked).
    display: String,
    /// `None` for stdin.
    path: Option<PathBuf>,
    /// Path relative to its root, for mirroring under `--out`.
    relative: PathBuf,
}

/// What scanning one input produced; its rendered output goes to [`Ordered`].
struct Done<'o, 'w> {
    rendered: JobOutput<'o, 'w>,
    sarif: Vec<serde_json::Value>,
    /// Findings per entity name.
    entities: Vec<(String, usize)>,
    bytes: u64,
    binary: bool,
    error: Option<String>,
}

pub fn run(args: ScanArgs) -> Result<Status> {
    let started = Instant::now();
    let scanner = super::build_scanner(&args.filters)?;
    let stdin = args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        bail!("`-` (stdin) cannot be combined with paths");
    }
    if args.out.is_some() && !args.redact {
        bail!("--out only makes sense with --redact");
    }
    if args.redact && !stdin && args.out.is_none() {
        bail!("--redact with paths needs --out DIR (redacted copies mirror the scanned tree)");
    }
    let key = token_key();
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build()?;
    let color = match args.color {
        ColorChoice::Always => termcolor::ColorChoice::Always,
        ColorChoice::Never => termcolor::ColorChoice::Never,
        ColorChoice::Auto if args.format == Format::Text && std::io::stdout().is_terminal() => {
            termcolor::ColorChoice::Auto
        }
        ColorChoice::Auto => termcolor::ColorChoice::Never,
    };
    let writer = BufferWriter::stdout(color);

    if stdin {
        return scan_stdin(&args, &scanner, &key, &writer, started);
    }
    let (jobs, mut walk_errors) = collect_jobs(&args.paths, args.no_ignore);
    for e in &walk_errors {
        eprintln!("casegate: {e}");
    }
    let progress = progress_bar(&args, jobs.len());
    let renderer = Renderer { scanner: &scanner, format: args.format, show_values: args.show_values };
    let ordered = Ordered::new(&writer);
    let done: Vec<Tally> = pool.install(|| {
        jobs.par_iter()
            .enumerate()
            .map_init(
                || scanner.new_scratch(),
                |scratch, (index, job)| {
                    let d = scan_job(&args, &scanner, scratch, &renderer, ordered.output(index), &key, job);
                    progress.inc(1);
                    let (rendered, error, tally) = d.split();
                    ordered.finish(rendered, error);
                    tally
                },
            )
            .collect()
    });
    progress.finish_and_clear();
    ordered.into_result().context("writing output")?;

    let mut summary = Summary { errors: walk_errors.len(), ..Summary::default() };
    let mut sarif = Vec::new();
    for d in done {
        summary.absorb(&d);
        sarif.extend(d.sarif);
    }
    walk_errors.clear();
    finish(&args, &scanner, sarif, &summary, started)
}

fn scan_stdin(
    args: &ScanArgs,
    scanner: &Scanner,
    key: &TokenKey,
    writer: &BufferWriter,
    started: Instant,
) -> Result<Status> {
    let content = match input::read_stdin(args.max_filesize)? {
        Content::Text(bytes) => bytes,
        Content::Binary => {
            eprintln!("casegate: <stdin>: binary input skipped");
            return Ok(Status::Clean);
        }
    };
    let mut findings = scanner.scan(&content);
    add_header_findings(scanner, &mut scanner.new_scratch(), &content, &mut findings);
    let mut summary = Summary {
        files: 1,
        bytes: content.len() as u64,
        files_with_findings: usize::from(!findings.is_empty()),
        ..Summary::default()
    };
    for f in &findings {
        *summary.by_entity.entry(scanner.detector(f.detector).entity.clone()).or_default() += 1;
    }
    let mut sarif = Vec::new();
    if args.redact {
        let mut out = std::io::stdout().lock();
        out.write_all(&scanner.redact(&content, &findings, key))?;
        out.flush()?;
    } else {
        let mut buf = writer.buffer();
        let renderer = Renderer { scanner, format: args.format, show_values: args.show_values };
        renderer.render("<stdin>", &content, &findings, &mut buf, &mut sarif)?;
        writer.print(&buf)?;
    }
    finish(args, scanner, sarif, &summary, started)
}

fn finish(
    args: &ScanArgs,
    scanner: &Scanner,
    sarif: Vec<serde_json::Value>,
    summary: &Summary,
    started: Instant,
) -> Result<Status> {
    if args.format == Format::Sarif && !(args.redact && args.out.is_none()) {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &output::sarif_log(scanner, sarif))?;
        writeln!(out)?;
    }
    if !args.quiet {
        eprintln!("casegate: {}", summary.line(started.elapsed()));
    }
    Ok(if summary.errors > 0 {
        Status::Error
    } else if summary.findings() > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// What the summary and SARIF log keep of a [`Done`] job once its output is printed.
struct Tally {
    sarif: Vec<serde_json::Value>,
    entities: Vec<(String, usize)>,
    bytes: u64,
    binary: bool,
    error: bool,
}

impl<'o, 'w> Done<'o, 'w> {
    /// The output to print, the error line, and what the summary keeps.
    fn split(self) -> (JobOutput<'o, 'w>, Option<String>, Tally) {
        let tally = Tally {
            sarif: self.sarif,
            entities: self.entities,
            bytes: self.bytes,
            binary: self.binary,
            error: self.error.is_some(),
        };
        (self.rendered, self.error, tally)
    }
}

impl Summary {
    fn absorb(&mut self, d: &Tally) {
        self.files += 1;
        self.bytes += d.bytes;
        self.skipped_binary += usize::from(d.binary);
        self.errors += usize::from(d.error);
        self.files_with_findings += usize::from(!d.entities.is_empty());
        for (e, n) in &d.entities {
            *self.by_entity.entry(e.clone()).or_default() += n;
        }
    }
}

fn scan_job<'o, 'w>(
    args: &ScanArgs,
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    renderer: &Renderer<'_>,
    rendered: JobOutput<'o, 'w>,
    key: &TokenKey,
    job: &Job,
) -> Done<'o, 'w> {
    let mut done =
        Done { rendered, sarif: Vec::new(), entities: Vec::new(), bytes: 0, binary: false, error: None };
    let Some(path) = &job.path else { return done };
    if !args.no_archives && scan_document(args, scanner, scratch, renderer, key, job, path, &mut done) {
        return done;
    }
    let content = match input::read_path(path, args.max_filesize) {
        Ok(Content::Text(c)) => c,
        Ok(Content::Binary) => {
            done.binary = true;
            return done;
        }
        Err(e) => {
            done.error = Some(format!("{e:#}"));
            return done;
        }
    };
    done.bytes = content.len() as u64;
    if let Some(shape) = JsonShape::of(path) {
        if let Some(found) = json_hits(scanner, scratch, &content, shape) {
            scan_json_job(args, scanner, scratch, renderer, key, job, &content, shape, &found, &mut done);
            return done;
        }
    }
    if is_html(path, &content) {
        scan_html_job(args, scanner, scratch, renderer, key, job, &content, &mut done);
        return done;
    }
    let mut findings: Vec<Finding> = Vec::new();
    scanner.scan_with(scratch, &content, &mut findings);
    add_header_findings(scanner, scratch, &content, &mut findings);
    done.entities = entity_counts(scanner, &findings);
    if let Err(e) = renderer.render(&job.display, &content, &findings, &mut done.rendered, &mut done.sarif) {
        done.error = Some(format!("{}: {e}", job.display));
    }
    if let (true, Some(out_dir)) = (args.redact, &args.out) {
        if let Err(e) = write_redacted(out_dir, &job.relative, &scanner.redact(&content, &findings, key)) {
            done.error = Some(format!("{}: writing redacted copy: {e:#}", job.display));
        }
    }
    done
}

/// `content::process` with every finding redacted by its detector's default operator (what
/// `--redact` writes), JSON nesting up to the parser's own limit.
fn process_with_defaults(
    kind: MediaKind,
    body: &[u8],
    scanner: &Scanner,
    key: &TokenKey,
    scratch: &mut casegate::Scratch,
) -> Result<content::Processed, content::ContentError> {
    let limits = Limits { max_depth: 127, ..Limits::default() };
    let decide = |d: &casegate::packs::Detector| Action::Redact(d.redaction);
    let policy = Policy { scanner, key, decide: &decide, drop: &[], limits: &limits, known: &[] };
    content::process(kind, body, &policy, scratch)
}

/// Whether a file is HTML: an `.html`/`.htm` name, or HTML by its first bytes.
fn is_html(path: &Path, content: &[u8]) -> bool {
    let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm") || e.eq_ignore_ascii_case("xhtml")
    });
    named || casegate::extract::sniff(content) == casegate::extract::Format::Html
}

/// An HTML file, scanned as the gateway scans an HTML body: the text a reader sees (a value
/// split by tags or written with character references is one value), attribute values and
/// comments too. Findings are located from the first to the last byte of the value in the
/// file (tags between its pieces included); `--redact` rewrites each value where its
/// characters are and leaves the markup as it was.
#[allow(clippy::too_many_arguments)]
fn scan_html_job(
    args: &ScanArgs,
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    renderer: &Renderer<'_>,
    key: &TokenKey,
    job: &Job,
    content: &[u8],
    done: &mut Done<'_, '_>,
) {
    let processed = match process_with_defaults(MediaKind::Html, content, scanner, key, scratch) {
        Ok(p) => p,
        Err(e) => {
            done.error = Some(format!("{}: {e}", job.display));
            return;
        }
    };
    let findings: Vec<Finding> = processed
        .hits
        .iter()
        .filter_map(|h| match h.location {
            content::Location::Bytes { start, end } => Some(Finding {
                detector: h.detector,
                start,
                end,
                score: h.score,
                validated: h.validated,
                context: false,
            }),
            content::Location::Json { .. } | content::Location::Inner { .. } => None,
        })
        .collect();
    done.entities = entity_counts(scanner, &findings);
    if let Err(e) = renderer.render(&job.display, content, &findings, &mut done.rendered, &mut done.sarif) {
        done.error = Some(format!("{}: {e}", job.display));
    }
    if let (true, Some(out_dir)) = (args.redact, &args.out) {
        if let Err(e) = write_redacted(out_dir, &job.relative, &processed.body) {
            done.error = Some(format!("{}: writing redacted copy: {e:#}", job.display));
        }
    }
}

/// Tables (a CSV/TSV file, or a table pasted into text): adds what a column's header makes a
/// finding (`dob`, `ssn` over bare values) to the text scan, where it overlaps nothing the
/// text scan found. Offsets stay file offsets.
fn add_header_findings(
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    content: &[u8],
    findings: &mut Vec<Finding>,
) {
    use casegate::extract::{self, Format};
    let tables = match extract::sniff(content) {
        format @ (Format::Csv | Format::Tsv) => {
            let Some(tables) = extract::table::header_findings(format, content, scanner, scratch) else {
                return;
            };
            tables
        }
        _ => extract::table_reading(content, scanner, scratch),
    };
    tables.apply_to(findings);
}

/// `.json` (one document) or `.jsonl` (one document per line): scanned structure-aware.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JsonShape {
    Document,
    Lines,
}

impl JsonShape {
    fn of(path: &Path) -> Option<JsonShape> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(JsonShape::Document),
            "jsonl" | "ndjson" => Some(JsonShape::Lines),
            _ => None,
        }
    }

    /// The documents of `content` with their 1-based line; `None` if one is not JSON.
    fn documents(self, content: &[u8]) -> Option<Vec<(usize, serde_json::Value)>> {
        let limits = Limits { max_depth: 127, ..Limits::default() };
        match self {
            JsonShape::Document => Some(vec![(1, json::parse(content, &limits).ok()?)]),
            JsonShape::Lines => content
                .split(|&b| b == b'\n')
                .enumerate()
                .filter(|(_, line)| !line.trim_ascii().is_empty())
                .map(|(i, line)| json::parse(line, &limits).ok().map(|doc| (i + 1, doc)))
                .collect(),
        }
    }
}

/// Structure-aware findings of a JSON file, or `None` when it does not parse (the caller then
/// scans it as text).
fn json_hits(
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    content: &[u8],
    shape: JsonShape,
) -> Option<JsonFindings> {
    let mut found = JsonFindings::default();
    let limits = casegate::extract::Limits::default();
    for (line, doc) in shape.documents(content)? {
        json::scan_each(&doc, scanner, scratch, |pointer, text, f, _| {
            found.values.push(JsonHit {
                pointer: pointer.to_string(),
                finding: *f,
                text: text.to_string(),
                line,
            });
        });
        let from = found.embedded.len();
        let result =
            casegate::extract::embedded::scan_json(&doc, scanner, scratch, &limits, &mut found.embedded);
        if shape == JsonShape::Lines {
            for l in &mut found.embedded[from..] {
                l.location.insert_str(0, &format!(":{line}"));
            }
        }
        if let Err(e) = result {
            found.error.get_or_insert(e);
        }
    }
    Some(found)
}

/// What a JSON file holds: findings in its values, findings in documents embedded as base64
/// strings, and the first embedded document that could not be scanned.
#[derive(Default)]
struct JsonFindings {
    values: Vec<JsonHit>,
    embedded: Vec<casegate::extract::Located>,
    error: Option<casegate::extract::ExtractError>,
}

#[allow(clippy::too_many_arguments)]
fn scan_json_job(
    args: &ScanArgs,
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    renderer: &Renderer<'_>,
    key: &TokenKey,
    job: &Job,
    content: &[u8],
    shape: JsonShape,
    found: &JsonFindings,
    done: &mut Done<'_, '_>,
) {
    let findings: Vec<Finding> =
        found.values.iter().map(|h| h.finding).chain(found.embedded.iter().map(|l| l.finding)).collect();
    done.entities = entity_counts(scanner, &findings);
    let rendered =
        renderer.render_json(&job.display, &found.values, &mut done.rendered, &mut done.sarif).and_then(
            |()| renderer.render_located(&job.display, &found.embedded, &mut done.rendered, &mut done.sarif),
        );
    if let Err(e) = rendered {
        done.error = Some(format!("{}: {e}", job.display));
    }
    if let Some(e) = &found.error {
        done.error = Some(format!("{}: unscannable embedded document ({}): {e}", job.display, e.reason()));
        return;
    }
    if let (true, Some(out_dir)) = (args.redact, &args.out) {
        let redacted = if found.embedded.is_empty() {
            Ok(redact_json(scanner, scratch, key, content, shape))
        } else {
            redact_embedded(scanner, key, content, shape)
        };
        let written = redacted.and_then(|copy| write_redacted(out_dir, &job.relative, &copy));
        if let Err(e) = written {
            done.error = Some(format!("{}: {e:#}", job.display));
        }
    }
}

/// The redacted copy of a JSON document holding base64 documents with findings: each
/// document redacted (still a valid file, re-encoded the same way), then every value.
fn redact_embedded(scanner: &Scanner, key: &TokenKey, content: &[u8], shape: JsonShape) -> Result<Vec<u8>> {
    use casegate::extract::{self, Limits, Redacted};
    if shape == JsonShape::Lines {
        anyhow::bail!("cannot write a redacted copy: base64 documents inside JSON lines (not copied)");
    }
    let choose = |d: &casegate::packs::Detector| d.redaction;
    match extract::redact(content, &Limits::default(), scanner, key, &choose) {
        Ok(Redacted::Rewritten(copy)) => Ok(copy),
        Ok(Redacted::CannotRedact(f)) => {
            anyhow::bail!(
                "cannot write a redacted copy: an embedded {} cannot be redacted (not copied)",
                f.name()
            )
        }
        Err(e) => anyhow::bail!("cannot redact an embedded document ({}): {e}", e.reason()),
    }
}

/// The redacted copy of a JSON file: documents with findings re-serialized compactly (each
/// detector's default operator), the others copied byte for byte.
fn redact_json(
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    key: &TokenKey,
    content: &[u8],
    shape: JsonShape,
) -> Vec<u8> {
    let mut one = |doc: &[u8]| match process_with_defaults(MediaKind::Json, doc, scanner, key, scratch) {
        Ok(p) => p.body,
        // Parsed once already; should it fail now, fall back to text redaction.
        Err(_) => scanner.redact(doc, &scanner.scan(doc), key),
    };
    match shape {
        JsonShape::Document => one(content),
        JsonShape::Lines => {
            let mut out = Vec::with_capacity(content.len());
            for (i, line) in content.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                if line.trim_ascii().is_empty() {
                    out.extend_from_slice(line);
                } else {
                    out.extend_from_slice(&one(line));
                }
            }
            out
        }
    }
}

/// Archives and documents (zip, tar, PDF, Office/ODF, mail), recognised by content: scanned
/// through `casegate::extract`, findings reported with their inner location. Returns `false`
/// (nothing done) for every other file, which is then read as text as before; gzip keeps its
/// own path so its findings keep line numbers of the decompressed text.
#[allow(clippy::too_many_arguments)]
fn scan_document(
    args: &ScanArgs,
    scanner: &Scanner,
    scratch: &mut casegate::Scratch,
    renderer: &Renderer<'_>,
    key: &TokenKey,
    job: &Job,
    path: &Path,
    done: &mut Done<'_, '_>,
) -> bool {
    use casegate::extract::{self, Format, Limits, Redacted};
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let mut head = [0u8; 8192];
    let n = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    let sniffed = extract::sniff(&head[..n]);
    // A zip's directory is at its end: the head alone cannot tell a DOCX from a ZIP.
    let is_zip_family = head[..n].starts_with(b"PK\x03\x04");
    let extractable = is_zip_family || (sniffed.is_container() && sniffed != Format::Gzip);
    if !extractable {
        return false;
    }
    let size = file.metadata().map_or(0, |m| m.len());
    if size > args.max_filesize {
        done.error = Some(format!(
            "{}: larger than --max-filesize ({} bytes): not scanned",
            job.display, args.max_filesize
        ));
        return true;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            done.error = Some(format!("{}: cannot read: {e}", job.display));
            return true;
        }
    };
    // The head may have been too short to see a zip's directory: sniff the whole file.
    let format = if is_zip_family { extract::sniff(&bytes) } else { sniffed };
    if !format.is_container() || format == Format::Gzip {
        return false;
    }
    // Text that starts like a message is scanned as text, so offsets stay file offsets: in a
    // file named as text (notes whose first one is an e-mail), or when the message stores its
    // text as is. Mail extraction is for `.eml` files, mail exports without an extension and
    // messages with encoded parts.
    if format == Format::Eml && (named_as_text(path) || extract::is_verbatim_mail(&bytes)) {
        return false;
    }
    done.bytes = bytes.len() as u64;
    let limits = Limits { max_depth: args.max_depth, ..Limits::default() };
    let mut hits = Vec::new();
    let result = extract::scan_into(scanner, scratch, &bytes, &limits, &mut hits);
    let findings: Vec<Finding> = hits.iter().map(|h| h.finding).collect();
    done.entities = entity_counts(scanner, &findings);
    if let Err(e) = renderer.render_located(&job.display, &hits, &mut done.rendered, &mut done.sarif) {
        done.error = Some(format!("{}: {e}", job.display));
    }
    if let Err(e) = result {
        done.error = Some(format!("{}: unscannable {} ({}): {e}", job.display, format.name(), e.reason()));
        return true;
    }
    if let (true, Some(out_dir)) = (args.redact, &args.out) {
        let choose = |d: &casegate::packs::Detector| d.redaction;
        match extract::redact(&bytes, &limits, scanner, key, &choose) {
            Ok(Redacted::Rewritten(copy)) => {
                if let Err(e) = write_redacted(out_dir, &job.relative, &copy) {
                    done.error = Some(format!("{}: writing redacted copy: {e:#}", job.display));
                }
            }
            Ok(Redacted::CannotRedact(_)) if hits.is_empty() => {
                if let Err(e) = write_redacted(out_dir, &job.relative, &bytes) {
                    done.error = Some(format!("{}: writing copy: {e:#}", job.display));
                }
            }
            Ok(Redacted::CannotRedact(f)) => {
                done.error =
                    Some(format!("{}: cannot write a redacted {} (not copied)", job.display, f.name()));
            }
            Err(e) => done.error = Some(format!("{}: cannot redact ({}): {e}", job.display, e.reason())),
        }
    }
    true
}

/// Whether the file name says text (`.txt`, `.log`, `.md`, `.csv`, …).
fn named_as_text(path: &Path) -> bool {
    const TEXT: [&str; 10] = ["txt", "text", "log", "md", "markdown", "csv", "tsv", "jsonl", "ndjson", "out"];
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| TEXT.iter().any(|t| e.eq_ignore_ascii_case(t)))
}

/// Findings per entity name, counted per detector first (no allocation per finding).
fn entity_counts(scanner: &Scanner, findings: &[Finding]) -> Vec<(String, usize)> {
    let mut per_detector = vec![0usize; scanner.detectors().len()];
    for f in findings {
        if let Some(n) = per_detector.get_mut(f.detector.0 as usize) {
            *n += 1;
        }
    }
    let mut out: Vec<(String, usize)> = Vec::new();
    for (d, &n) in scanner.detectors().iter().zip(&per_detector) {
        if n == 0 {
            continue;
        }
        match out.iter_mut().find(|(e, _)| *e == d.entity) {
            Some((_, total)) => *total += n,
            None => out.push((d.entity.clone(), n)),
        }
    }
    out
}

fn write_redacted(out_dir: &Path, relative: &Path, bytes: &[u8]) -> Result<()> {
    let target = out_dir.join(relative);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&target, bytes).with_context(|| target.display().to_string())
}

/// Expands paths into files (folders walked, honouring ignore files unless `no_ignore`).
fn collect_jobs(paths: &[PathBuf], no_ignore: bool) -> (Vec<Job>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(format!("{}: no such file or folder", root.display()));
            continue;
        }
        if root.is_file() {
            let name = root.file_name().map(PathBuf::from).unwrap_or_else(|| root.clone());
            jobs.push(Job { display: root.display().to_string(), path: Some(root.clone()), relative: name });
            continue;
        }
        // Sorted by name, so the output order is the same on every machine and every run.
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(!no_ignore)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let relative = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                    jobs.push(Job {
                        display: e.path().display().to_string(),
                        path: Some(e.path().to_path_buf()),
                        relative,
                    });
                }
                Ok(_) => {}
                Err(err) => errors.push(err.to_string()),
            }
        }
    }
    (jobs, errors)
}

fn progress_bar(args: &ScanArgs, files: usize) -> indicatif::ProgressBar {
    if args.no_progress || args.quiet || files < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// The token key for `--redact` with the `token` operator: `CASEGATE_KEY`, or a random key for
/// this run (tokens are then stable within the run only).
fn token_key() -> TokenKey {
    if let Ok(k) = std::env::var("CASEGATE_KEY") {
        if !k.is_empty() {
            return TokenKey::new(k.into_bytes());
        }
    }
    let mut random = [0u8; 32];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = std::io::Read::read_exact(&mut f, &mut random);
    }
    TokenKey::new(random.to_vec())
}
