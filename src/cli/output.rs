//! Rendering findings: text (ripgrep-like), JSON Lines (a stable contract), SARIF 2.1.0, and the
//! summary line. Values appear only masked unless `--show-values`.

use std::collections::BTreeMap;
use std::io::Write;

use casegate::redact;
use casegate::{Category, Finding, Scanner};
use serde::Serialize;
use termcolor::{Color, ColorSpec, WriteColor};

use super::args::Format;

/// Where a finding sits in its input, for humans and dashboards.
#[derive(Clone, Copy, Debug)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column.
    pub column: usize,
    /// 1-based column in Unicode code points (SARIF).
    pub char_column: usize,
}

/// Line/column of sorted findings, computed in one forward pass.
pub fn positions(content: &[u8], findings: &[Finding]) -> Vec<Position> {
    let mut out = Vec::with_capacity(findings.len());
    let (mut pos, mut line) = (0usize, 1usize);
    for f in findings {
        let start = f.start.min(content.len());
        if start >= pos {
            line += memchr::memchr_iter(b'\n', &content[pos..start]).count();
            pos = start;
        }
        let line_start = memchr::memrchr(b'\n', &content[..start]).map_or(0, |i| i + 1);
        let prefix = &content[line_start..start];
        let chars = prefix.iter().filter(|&&b| (b as i8) >= -0x40).count();
        out.push(Position { line, column: start - line_start + 1, char_column: chars + 1 });
    }
    out
}

/// A masked rendering of a value: card-like values keep their last four, secrets show nothing.
pub fn preview(scanner: &Scanner, f: &Finding, value: &[u8]) -> String {
    let mut buf = Vec::new();
    preview_into(scanner, f, value, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// [`preview`] into a reused buffer (valid UTF-8 on return).
fn preview_into(scanner: &Scanner, f: &Finding, value: &[u8], out: &mut Vec<u8>) {
    let d = scanner.detector(f.detector);
    let alnum = value.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    let keep = match d.category {
        Category::Secret => 0,
        Category::Pci if alnum >= 12 => 4,
        _ if alnum >= 8 => 2,
        _ => 0,
    };
    out.clear();
    redact::mask_keeping_last(out, value, keep);
    if out.is_ascii() {
        // The common case, byte for byte the same as the general path below.
        for b in out.iter_mut() {
            if matches!(*b, b'\n' | b'\r' | b'\t') {
                *b = b' ';
            }
        }
        if out.len() > 48 {
            out.truncate(45);
            out.extend_from_slice(b"...");
        }
        return;
    }
    let mut s = String::from_utf8_lossy(out).into_owned();
    s = s.replace(['\n', '\r', '\t'], " ");
    if s.chars().count() > 48 {
        s = s.chars().take(45).collect::<String>() + "...";
    }
    out.clear();
    out.extend_from_slice(s.as_bytes());
}

/// Appends `s` as a JSON string, escaped exactly as `serde_json` does.
fn json_str(out: &mut Vec<u8>, s: &[u8]) {
    if s.iter().all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s);
        out.push(b'"');
    } else {
        // Not ASCII-printable: let serde_json escape it (lossy for invalid UTF-8, as before).
        let _ = serde_json::to_writer(&mut *out, &String::from_utf8_lossy(s));
    }
}

/// Appends the decimal digits of `n`.
fn push_usize(out: &mut Vec<u8>, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    entity: &'a str,
    detector: &'a str,
    category: &'a str,
    severity: &'a str,
    score: f32,
    validated: bool,
    preview: &'a str,
    /// For findings of a structure-aware JSON scan: the RFC 6901 pointer of the value (of the
    /// object, for a finding in a key); `start`/`end` are then offsets into the decoded value.
    #[serde(skip_serializing_if = "Option::is_none")]
    json_pointer: Option<&'a str>,
    /// For findings inside an archive or document: where (`!/logs/app.log:120`, `#page=2`,
    /// `!Sheet1!C14`); `start`/`end`/`line`/`column` are then within that segment's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

/// Where a finding sits below the file level: a JSON pointer or an extracted segment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inner<'a> {
    pub pointer: Option<&'a str>,
    pub location: Option<&'a str>,
}

/// A finding of a structure-aware JSON scan: offsets are into `text`, the decoded string value
/// (or number text, or key) at `pointer`; `line` is the line of the document in the file (1
/// for a `.json` file, the document's line for `.jsonl`).
pub struct JsonHit {
    pub pointer: String,
    pub finding: Finding,
    pub text: String,
    pub line: usize,
}

/// Renders one input's findings into `out` (text or jsonl) or `sarif` (SARIF results).
pub struct Renderer<'a> {
    pub scanner: &'a Scanner,
    pub format: Format,
    pub show_values: bool,
}

impl Renderer<'_> {
    pub fn render(
        &self,
        path: &str,
        content: &[u8],
        findings: &[Finding],
        out: &mut impl WriteColor,
        sarif: &mut Vec<serde_json::Value>,
    ) -> std::io::Result<()> {
        if self.format == Format::Jsonl {
            return self.jsonl_all(path, content, findings, out);
        }
        let positions = positions(content, findings);
        for (f, p) in findings.iter().zip(&positions) {
            let value = content.get(f.start..f.end).unwrap_or_default();
            let preview = preview(self.scanner, f, value);
            let raw = self.show_values.then(|| String::from_utf8_lossy(value).into_owned());
            self.one(path, f, p, &preview, raw.as_deref(), Inner::default(), out, sarif)?;
        }
        Ok(())
    }

    /// Renders findings of a structure-aware JSON scan. Positions are the document's start
    /// (line of the document, column 1): the file offset of each value is not tracked.
    pub fn render_json(
        &self,
        path: &str,
        hits: &[JsonHit],
        out: &mut impl WriteColor,
        sarif: &mut Vec<serde_json::Value>,
    ) -> std::io::Result<()> {
        for h in hits {
            let f = &h.finding;
            let value = h.text.as_bytes().get(f.start..f.end).unwrap_or_default();
            let preview = preview(self.scanner, f, value);
            let raw = self.show_values.then(|| String::from_utf8_lossy(value).into_owned());
            let p = Position { line: h.line, column: 1, char_column: 1 };
            self.one(
                path,
                f,
                &p,
                &preview,
                raw.as_deref(),
                Inner { pointer: Some(&h.pointer), location: None },
                out,
                sarif,
            )?;
        }
        Ok(())
    }

    /// Renders findings inside an archive or document (see `casegate::extract`).
    pub fn render_located(
        &self,
        path: &str,
        hits: &[casegate::extract::Located],
        out: &mut impl WriteColor,
        sarif: &mut Vec<serde_json::Value>,
    ) -> std::io::Result<()> {
        for h in hits {
            let f = &h.finding;
            let value = h.value().as_bytes();
            let preview = preview(self.scanner, f, value);
            let raw = self.show_values.then(|| h.value().to_string());
            let p = Position { line: h.line, column: h.column, char_column: h.column };
            let inner = Inner { pointer: None, location: Some(&h.location) };
            self.one(path, f, &p, &preview, raw.as_deref(), inner, out, sarif)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn one(
        &self,
        path: &str,
        f: &Finding,
        p: &Position,
        preview: &str,
        raw: Option<&str>,
        inner: Inner<'_>,
        out: &mut impl WriteColor,
        sarif: &mut Vec<serde_json::Value>,
    ) -> std::io::Result<()> {
        match self.format {
            Format::Text => self.text(out, path, f, p, preview, raw, inner),
            Format::Jsonl => self.jsonl(out, path, f, p, preview, raw, inner),
            Format::Sarif => {
                sarif.push(self.sarif_result(path, f, p, preview, inner));
                Ok(())
            }
        }
    }

    /// JSON Lines for all findings of one input, written into one buffer: line/column are
    /// tracked incrementally, the per-detector fields are escaped once, nothing is allocated
    /// per finding. Byte for byte what [`Renderer::jsonl`] (serde) writes.
    fn jsonl_all(
        &self,
        path: &str,
        content: &[u8],
        findings: &[Finding],
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        let mut buf: Vec<u8> = Vec::with_capacity(findings.len().min(1 << 16) * 256);
        let mut head = b"{\"path\":".to_vec();
        json_str(&mut head, path.as_bytes());
        head.extend_from_slice(b",\"start\":");
        // Per detector: `,"entity":..,"detector":..,"category":..,"severity":..,"score":`.
        let mut middle: Vec<Option<Vec<u8>>> = vec![None; self.scanner.detectors().len()];
        let mut preview = Vec::new();
        let (mut pos, mut line, mut line_start) = (0usize, 1usize, 0usize);
        for f in findings {
            let start = f.start.min(content.len());
            if start >= pos {
                let gap = &content[pos..start];
                line += memchr::memchr_iter(b'\n', gap).count();
                if let Some(i) = memchr::memrchr(b'\n', gap) {
                    line_start = pos + i + 1;
                }
                pos = start;
            }
            let slot = f.detector.0 as usize;
            let Some(m) = middle.get_mut(slot) else { continue };
            let m = m.get_or_insert_with(|| {
                let d = self.scanner.detector(f.detector);
                let mut v = b",\"entity\":".to_vec();
                json_str(&mut v, d.entity.as_bytes());
                v.extend_from_slice(b",\"detector\":");
                json_str(&mut v, d.id.as_bytes());
                v.extend_from_slice(b",\"category\":");
                json_str(&mut v, d.category.as_str().as_bytes());
                v.extend_from_slice(b",\"severity\":");
                json_str(&mut v, d.severity.as_str().as_bytes());
                v.extend_from_slice(b",\"score\":");
                v
            });
            let value = content.get(f.start..f.end).unwrap_or_default();
            buf.extend_from_slice(&head);
            push_usize(&mut buf, f.start);
            buf.extend_from_slice(b",\"end\":");
            push_usize(&mut buf, f.end);
            buf.extend_from_slice(b",\"line\":");
            push_usize(&mut buf, line);
            buf.extend_from_slice(b",\"column\":");
            push_usize(&mut buf, start - line_start + 1);
            buf.extend_from_slice(m);
            let score: f32 = (f.score * 1000.0).round() / 1000.0;
            serde_json::to_writer(&mut buf, &score)?;
            buf.extend_from_slice(if f.validated { b",\"validated\":true" } else { b",\"validated\":false" });
            buf.extend_from_slice(b",\"preview\":");
            preview_into(self.scanner, f, value, &mut preview);
            json_str(&mut buf, &preview);
            if self.show_values {
                buf.extend_from_slice(b",\"value\":");
                json_str(&mut buf, value);
            }
            buf.extend_from_slice(b"}\n");
            if buf.len() >= 1 << 20 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        out: &mut impl WriteColor,
        path: &str,
        f: &Finding,
        p: &Position,
        preview: &str,
        raw: Option<&str>,
        inner: Inner<'_>,
    ) -> std::io::Result<()> {
        let d = self.scanner.detector(f.detector);
        out.set_color(ColorSpec::new().set_fg(Some(Color::Magenta)))?;
        write!(out, "{path}{}", inner.location.unwrap_or(""))?;
        out.reset()?;
        write!(out, ":")?;
        out.set_color(ColorSpec::new().set_fg(Some(Color::Green)))?;
        write!(out, "{}", p.line)?;
        out.reset()?;
        write!(out, ":{}  ", p.column)?;
        out.set_color(ColorSpec::new().set_fg(Some(severity_color(d.severity))).set_bold(true))?;
        write!(out, "{}", d.entity)?;
        out.reset()?;
        write!(out, "  {}  {}", d.id, preview)?;
        if let Some(ptr) = inner.pointer {
            write!(out, "  json_pointer={ptr}")?;
        }
        if let Some(v) = raw {
            write!(out, "  value={v:?}")?;
        }
        writeln!(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn jsonl(
        &self,
        out: &mut impl Write,
        path: &str,
        f: &Finding,
        p: &Position,
        preview: &str,
        raw: Option<&str>,
        inner: Inner<'_>,
    ) -> std::io::Result<()> {
        let d = self.scanner.detector(f.detector);
        let row = JsonFinding {
            path,
            start: f.start,
            end: f.end,
            line: p.line,
            column: p.column,
            entity: &d.entity,
            detector: &d.id,
            category: d.category.as_str(),
            severity: d.severity.as_str(),
            score: (f.score * 1000.0).round() / 1000.0,
            validated: f.validated,
            preview,
            json_pointer: inner.pointer,
            location: inner.location,
            value: raw,
        };
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")
    }

    fn sarif_result(
        &self,
        path: &str,
        f: &Finding,
        p: &Position,
        preview: &str,
        inner: Inner<'_>,
    ) -> serde_json::Value {
        let d = self.scanner.detector(f.detector);
        let rule_index = f.detector.0;
        if let Some(location) = inner.location {
            // Offsets are into an extracted segment, not the file: no byte region.
            return serde_json::json!({
                "ruleId": d.id,
                "ruleIndex": rule_index,
                "level": sarif_level(d.severity),
                "message": { "text": format!("{} ({}) found in {}: {}", d.entity, d.id, location, preview) },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": sarif_uri(path) } }
                }],
                "properties": { "score": f.score, "validated": f.validated, "category": d.category.as_str(),
                    "location": location, "segmentStart": f.start, "segmentEnd": f.end }
            });
        }
        if let Some(ptr) = inner.pointer {
            // Offsets are into a decoded JSON value, not the file: no byte region.
            return serde_json::json!({
                "ruleId": d.id,
                "ruleIndex": rule_index,
                "level": sarif_level(d.severity),
                "message": { "text": format!("{} ({}) found at {}: {}", d.entity, d.id, ptr, preview) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": sarif_uri(path) },
                        "region": { "startLine": p.line, "startColumn": p.char_column }
                    }
                }],
                "properties": { "score": f.score, "validated": f.validated, "category": d.category.as_str(),
                    "json_pointer": ptr, "valueStart": f.start, "valueEnd": f.end }
            });
        }
        serde_json::json!({
            "ruleId": d.id,
            "ruleIndex": rule_index,
            "level": sarif_level(d.severity),
            "message": { "text": format!("{} ({}) found: {}", d.entity, d.id, preview) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": sarif_uri(path) },
                    "region": {
                        "startLine": p.line,
                        "startColumn": p.char_column,
                        "byteOffset": f.start,
                        "byteLength": f.end - f.start,
                    }
                }
            }],
            "properties": { "score": f.score, "validated": f.validated, "category": d.category.as_str() }
        })
    }
}

fn severity_color(s: casegate::Severity) -> Color {
    match s {
        casegate::Severity::Critical | casegate::Severity::High => Color::Red,
        casegate::Severity::Medium => Color::Yellow,
        casegate::Severity::Low => Color::Cyan,
    }
}

fn sarif_level(s: casegate::Severity) -> &'static str {
    match s {
        casegate::Severity::Critical | casegate::Severity::High => "error",
        casegate::Severity::Medium => "warning",
        casegate::Severity::Low => "note",
    }
}

fn sarif_uri(path: &str) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.replace('\\', "/").replace(' ', "%20")
}

/// The whole SARIF 2.1.0 log.
pub fn sarif_log(scanner: &Scanner, results: Vec<serde_json::Value>) -> serde_json::Value {
    let rules: Vec<_> = scanner
        .detectors()
        .iter()
        .map(|d| {
            serde_json::json!({
                "id": d.id,
                "name": d.entity,
                "shortDescription": { "text": d.description.clone().unwrap_or_else(|| format!("{} ({})", d.entity, d.category)) },
                "defaultConfiguration": { "level": sarif_level(d.severity) },
                "properties": { "category": d.category.as_str(), "severity": d.severity.as_str(), "pack": d.pack, "tags": ["security", d.category.as_str()] }
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "casegate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/casegate/casegate",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

/// Totals for the summary line.
#[derive(Default)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub skipped_binary: usize,
    pub errors: usize,
    pub bytes: u64,
    pub by_entity: BTreeMap<String, usize>,
}

impl Summary {
    pub fn findings(&self) -> usize {
        self.by_entity.values().sum()
    }

    pub fn line(&self, elapsed: std::time::Duration) -> String {
        let mut s = format!(
            "{} findings in {} of {} inputs ({} bytes, {:.3} s",
            self.findings(),
            self.files_with_findings,
            self.files,
            self.bytes,
            elapsed.as_secs_f64()
        );
        if self.skipped_binary > 0 {
            s += &format!(", {} binary skipped", self.skipped_binary);
        }
        if self.errors > 0 {
            s += &format!(", {} errors", self.errors);
        }
        s.push(')');
        if !self.by_entity.is_empty() {
            let parts: Vec<_> = self.by_entity.iter().map(|(e, n)| format!("{e} {n}")).collect();
            s += &format!(": {}", parts.join(", "));
        }
        s
    }
}
