//! Pattern packs: loading, validating and compiling the TOML files of `patterns/`.
//!
//! `raw` holds the file shapes; this module turns them into [`Detector`]s once (regexes
//! compiled with a size limit, names parsed into closed enums, triggers decided) so nothing
//! downstream re-validates. The format is documented in `patterns/FORMAT.md`.

mod compile;
mod error;
pub mod examples;
pub mod lint;
mod raw;

use std::path::Path;

use regex_automata::meta::Regex;

pub use compile::compile_pack;
pub(crate) use compile::normalize as normalize_value;
pub use error::PackError;

use crate::finding::{Category, Severity};
use crate::redact::Redaction;
use crate::validators::Validator;

/// The default packs, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("pci.toml", include_str!("../../patterns/pci.toml")),
    ("pii.toml", include_str!("../../patterns/pii.toml")),
    ("phi.toml", include_str!("../../patterns/phi.toml")),
    ("secrets.toml", include_str!("../../patterns/secrets.toml")),
];

/// A set of loaded packs: every detector in load order.
#[derive(Clone, Debug, Default)]
pub struct PackSet {
    pub packs: Vec<PackInfo>,
    pub detectors: Vec<Detector>,
}

#[derive(Clone, Debug)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub file: String,
    pub description: Option<String>,
}

/// One validated detector.
#[derive(Clone, Debug)]
pub struct Detector {
    pub id: String,
    pub entity: String,
    pub category: Category,
    pub severity: Severity,
    pub description: Option<String>,
    /// Name of the pack it came from.
    pub pack: String,
    pub kind: DetectorKind,
    pub validator: Option<Validator>,
    pub score: f32,
    pub redaction: Redaction,
    pub enabled: bool,
    pub context: Context,
    pub allow: Allow,
    pub examples: Examples,
}

#[derive(Clone, Debug)]
pub enum DetectorKind {
    Regex(RegexDetector),
    Dictionary(Dictionary),
}

#[derive(Clone, Debug)]
pub struct RegexDetector {
    pub source: String,
    pub regex: Regex,
    /// The regex has a `(?P<value>...)` group: the finding is that group.
    pub value_group: bool,
    pub trigger: Trigger,
}

#[derive(Clone, Debug)]
pub struct Dictionary {
    pub terms: Vec<String>,
    pub case_insensitive: bool,
    pub whole_word: bool,
}

/// How the engine finds candidates for a regex detector (see FORMAT.md, "Triggers").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    Digits {
        min: u32,
        window: u32,
    },
    Keywords {
        words: Vec<String>,
        window: u32,
    },
    /// Runs of hex digits, colons and dots (`2001:db8::8a2e:370:7334`) that hold `::` or at
    /// least `min` colons within their first `window` bytes. Values start where the run starts.
    Colons {
        min: u32,
        window: u32,
    },
    /// No prefilter: the regex runs over the whole input.
    Full,
}

#[derive(Clone, Debug, Default)]
pub struct Context {
    pub words: Vec<String>,
    pub window: u32,
    pub required: bool,
    pub boost: f32,
    pub exclude: Vec<String>,
    /// Exclusion words count only before the value (`version 1.2.3.4`), not after it (an
    /// address at the end of a line followed by one that starts `version …`).
    pub exclude_before: bool,
    /// Bytes between an exclusion word and the value (at most `window`, which it defaults to):
    /// `Case 621874430` is a case number, `case 12 … SSN 289391604` need not be.
    pub exclude_window: u32,
    /// Words that drop the finding when they follow the value within `exclude_after_window`
    /// bytes, whatever `exclude_before` says: `4242 4242 4242 4242 (Stripe test card)`.
    pub exclude_after: Vec<String>,
    pub exclude_after_window: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Allow {
    /// Normalised (separators removed, ASCII-lowercased) values.
    pub values: Vec<Vec<u8>>,
    pub patterns: Vec<Regex>,
    /// Regexes over the whole match of the detector's regex (the label or name around the
    /// `value` group included): `token_ttl=86400s` names no secret, though `86400s` alone
    /// could be one.
    pub matches: Vec<Regex>,
}

#[derive(Clone, Debug, Default)]
pub struct Examples {
    pub must_match: Vec<String>,
    pub no_match: Vec<String>,
}

impl PackSet {
    /// The packs compiled into the binary.
    ///
    /// # Errors
    /// Only if a shipped pack is broken, which `cargo test` catches before release.
    pub fn builtin() -> Result<PackSet, PackError> {
        PackSet::from_sources(BUILTIN.iter().map(|(f, s)| (f.to_string(), s.to_string())))
    }

    /// Every `*.toml` file in `dir` (not recursive), in file-name order.
    ///
    /// # Errors
    /// An unreadable folder or file, or any pack error, naming the file.
    pub fn from_dir(dir: &Path) -> Result<PackSet, PackError> {
        let io = |e| PackError::Io { path: dir.display().to_string(), source: e };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(PackError::Empty { path: dir.display().to_string() });
        }
        let mut sources = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| PackError::Io { path: path.display().to_string(), source: e })?;
            sources.push((path.display().to_string(), text));
        }
        PackSet::from_sources(sources)
    }

    /// Parses and compiles `(file name, TOML text)` pairs.
    ///
    /// # Errors
    /// The first pack error, naming the file and detector.
    pub fn from_sources(sources: impl IntoIterator<Item = (String, String)>) -> Result<PackSet, PackError> {
        let mut set = PackSet::default();
        for (file, text) in sources {
            let (info, detectors) = compile_pack(&file, &text)?;
            set.push(info, detectors)?;
        }
        Ok(set)
    }

    fn push(&mut self, info: PackInfo, detectors: Vec<Detector>) -> Result<(), PackError> {
        if let Some(p) = self.packs.iter().find(|p| p.name == info.name) {
            return Err(PackError::DuplicatePack {
                name: info.name,
                first: p.file.clone(),
                second: info.file,
            });
        }
        for d in &detectors {
            if let Some(prev) = self.detectors.iter().find(|p| p.id == d.id) {
                return Err(PackError::DuplicateId {
                    id: d.id.clone(),
                    first: prev.pack.clone(),
                    second: info.file.clone(),
                });
            }
        }
        self.packs.push(info);
        self.detectors.extend(detectors);
        Ok(())
    }
}
