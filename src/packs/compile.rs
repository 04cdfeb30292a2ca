//! Raw pack → validated [`Detector`]s: names parsed into closed enums, regexes compiled once
//! with a size limit, triggers decided. Errors name the file and the detector.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::PatternID;

use super::raw::{RawContext, RawDetector, RawDictionary, RawExamples, RawPack};
use super::{
    Allow, Context, Detector, DetectorKind, Dictionary, Examples, PackError, PackInfo, RegexDetector, Trigger,
};
use crate::finding::{Category, Severity};
use crate::redact::Redaction;
use crate::validators::Validator;

/// Pack regexes are semi-trusted: cap the compiled size so a pathological pattern is an error.
const REGEX_SIZE_LIMIT: usize = 2 << 20;
const DEFAULT_DIGITS_WINDOW: u32 = 8;
/// The longest IPv6 address in text form without an embedded IPv4 part: 8 groups of 4 and 7
/// colons is 39 bytes.
const DEFAULT_COLONS_WINDOW: u32 = 40;
const DEFAULT_KEYWORD_WINDOW: u32 = 128;
const DEFAULT_CONTEXT_WINDOW: u32 = 48;
/// Bytes between a value and an `exclude_after` word by default: room for a parenthesis and
/// one word (`4242 4242 4242 4242 (Stripe test card)`).
const DEFAULT_EXCLUDE_AFTER_WINDOW: u32 = 12;
const DEFAULT_BOOST: f32 = 0.1;
const DEFAULT_SCORE: f32 = 0.5;
/// Windows are bounded so a candidate's confirm cost stays local.
const MAX_WINDOW: u32 = 16 * 1024;
/// Keyword windows up to this wide search without regex-automata's own prefilter (see
/// `Cx::regex`).
const SHORT_WINDOW: u32 = 64;

/// Compiles one pack file.
///
/// # Errors
/// TOML syntax, unknown keys, bad names, regexes that do not compile, out-of-range numbers.
pub fn compile_pack(file: &str, text: &str) -> Result<(PackInfo, Vec<Detector>), PackError> {
    let raw: RawPack =
        toml::from_str(text).map_err(|e| PackError::Toml { file: file.to_string(), source: Box::new(e) })?;
    let info = PackInfo {
        name: raw.pack.name.clone(),
        version: raw.pack.version.clone(),
        file: file.to_string(),
        description: raw.pack.description.clone(),
    };
    let mut out = Vec::with_capacity(raw.detector.len() + raw.dictionary.len());
    for d in raw.detector {
        let id = d.id.clone();
        out.push(Cx { file, id: &id }.detector(d, &info.name)?);
    }
    for d in raw.dictionary {
        let id = d.id.clone();
        out.push(Cx { file, id: &id }.dictionary(d, &info.name)?);
    }
    Ok((info, out))
}

/// Where we are, for error messages.
struct Cx<'a> {
    file: &'a str,
    id: &'a str,
}

impl Cx<'_> {
    fn invalid(&self, message: impl Into<String>) -> PackError {
        PackError::Invalid { file: self.file.to_string(), id: self.id.to_string(), message: message.into() }
    }

    /// Compiles a pattern. `prefilter`: whether regex-automata may add its own literal
    /// prefilter. It pays only over long inputs; on the short candidate windows the engine
    /// searches it is pure overhead (a Teddy or Rabin-Karp setup per call: measured ~2.7x the
    /// cost of a 30-byte search without it).
    fn regex(&self, pattern: &str, prefilter: bool) -> Result<Regex, PackError> {
        Regex::builder()
            .configure(
                meta::Config::new()
                    .auto_prefilter(prefilter)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
                    .dfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new())
            .build(pattern)
            .map_err(|e| PackError::Regex {
                file: self.file.to_string(),
                id: self.id.to_string(),
                source: Box::new(e),
            })
    }

    fn common(
        &self,
        id: &str,
        entity: &str,
        category: &str,
        severity: &str,
    ) -> Result<(Category, Severity), PackError> {
        if id.is_empty() || !id.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-')) {
            return Err(self.invalid("id must be non-empty lowercase [a-z0-9._-]"));
        }
        if entity.is_empty()
            || !entity.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(self.invalid(format!("entity '{entity}' must be UPPER_SNAKE_CASE")));
        }
        let category = category.parse().map_err(|e| self.invalid(format!("{e}")))?;
        let severity = severity.parse().map_err(|e| self.invalid(format!("{e}")))?;
        Ok((category, severity))
    }

    fn score(&self, score: Option<f32>, default: f32) -> Result<f32, PackError> {
        let s = score.unwrap_or(default);
        if (0.0..=1.0).contains(&s) {
            Ok(s)
        } else {
            Err(self.invalid(format!("score {s} is outside 0.0..=1.0")))
        }
    }

    fn redaction(&self, r: Option<&str>) -> Result<Redaction, PackError> {
        r.map_or(Ok(Redaction::Label), |r| r.parse().map_err(|e| self.invalid(format!("{e}"))))
    }

    fn window(&self, w: Option<u32>, default: u32) -> Result<u32, PackError> {
        let w = w.unwrap_or(default);
        if w <= MAX_WINDOW {
            Ok(w)
        } else {
            Err(self.invalid(format!("window {w} is over the limit of {MAX_WINDOW} bytes")))
        }
    }

    fn words(&self, what: &str, words: Vec<String>) -> Result<Vec<String>, PackError> {
        if let Some(w) = words.iter().find(|w| w.trim().is_empty()) {
            return Err(self.invalid(format!("empty {what} entry {w:?}")));
        }
        Ok(words)
    }

    fn context(&self, c: RawContext) -> Result<Context, PackError> {
        let window = self.window(c.window, DEFAULT_CONTEXT_WINDOW)?;
        if (c.exclude_before || c.exclude_window.is_some()) && c.exclude.is_empty() {
            return Err(self.invalid("context.exclude_before and exclude_window need context.exclude"));
        }
        let exclude_window = c.exclude_window.unwrap_or(window);
        if exclude_window > window {
            return Err(self.invalid("context.exclude_window must not exceed context.window"));
        }
        if c.exclude_after_window.is_some() && c.exclude_after.is_empty() {
            return Err(self.invalid("context.exclude_after_window needs context.exclude_after"));
        }
        let exclude_after_window = c.exclude_after_window.unwrap_or(DEFAULT_EXCLUDE_AFTER_WINDOW.min(window));
        if exclude_after_window > window {
            return Err(self.invalid("context.exclude_after_window must not exceed context.window"));
        }
        Ok(Context {
            words: self.words("context word", c.words)?,
            window,
            required: c.required,
            boost: self.score(c.boost, DEFAULT_BOOST)?,
            exclude: self.words("exclude word", c.exclude)?,
            exclude_before: c.exclude_before,
            exclude_window,
            exclude_after: self.words("exclude_after word", c.exclude_after)?,
            exclude_after_window,
        })
    }

    fn detector(&self, d: RawDetector, pack: &str) -> Result<Detector, PackError> {
        let (category, severity) = self.common(&d.id, &d.entity, &d.category, &d.severity)?;
        let validator = match &d.validator {
            Some(v) => Some(v.parse::<Validator>().map_err(|e| self.invalid(format!("{e}")))?),
            None => None,
        };
        let context = match d.context {
            Some(c) => self.context(c)?,
            None => Context { window: DEFAULT_CONTEXT_WINDOW, ..Context::default() },
        };
        if context.required && context.words.is_empty() {
            return Err(self.invalid("context.required = true needs context.words"));
        }
        let keywords = self.words("keyword", d.keywords)?;
        let trigger = match (d.digits, d.colons, keywords.is_empty()) {
            (Some(_), None, false) => {
                return Err(self.invalid("give either `digits` or `keywords`, not both"))
            }
            (_, Some(_), _) if d.digits.is_some() || !keywords.is_empty() => {
                return Err(self.invalid("give one of `digits`, `keywords` or `colons`"))
            }
            (Some(0), ..) => return Err(self.invalid("digits must be at least 1")),
            (_, Some(0), _) => return Err(self.invalid("colons must be at least 1")),
            (Some(min), ..) => Trigger::Digits { min, window: self.window(d.window, DEFAULT_DIGITS_WINDOW)? },
            (_, Some(min), _) => {
                Trigger::Colons { min, window: self.window(d.window, DEFAULT_COLONS_WINDOW)? }
            }
            (None, None, false) => {
                Trigger::Keywords { words: keywords, window: self.window(d.window, DEFAULT_KEYWORD_WINDOW)? }
            }
            (None, None, true) if context.required => Trigger::Keywords {
                words: context.words.clone(),
                window: self.window(d.window, context.window)?,
            },
            (None, None, true) => Trigger::Full,
        };
        // Windows around digit runs and narrow keyword windows stay short (they merge only
        // where numbers or keywords are dense, and a prefilter skips nothing there); wide keyword
        // windows merge into long stretches where an inner literal (`@`) skips most bytes.
        let long_searches = match &trigger {
            Trigger::Full => true,
            Trigger::Digits { .. } | Trigger::Colons { .. } => false,
            Trigger::Keywords { window, .. } => *window > SHORT_WINDOW,
        };
        let regex = self.regex(&d.regex, long_searches)?;
        let value_group = regex.group_info().to_index(PatternID::ZERO, "value").is_some();
        let allow = match d.allow {
            Some(a) => Allow {
                values: a.values.iter().map(|v| normalize(v.as_bytes())).collect(),
                patterns: a.patterns.iter().map(|p| self.regex(p, false)).collect::<Result<_, _>>()?,
                matches: a.matches.iter().map(|p| self.regex(p, false)).collect::<Result<_, _>>()?,
            },
            None => Allow::default(),
        };
        Ok(Detector {
            id: d.id.clone(),
            entity: d.entity,
            category,
            severity,
            description: d.description,
            pack: pack.to_string(),
            kind: DetectorKind::Regex(RegexDetector { source: d.regex, regex, value_group, trigger }),
            validator,
            score: self.score(d.score, DEFAULT_SCORE)?,
            redaction: self.redaction(d.redact.as_deref())?,
            enabled: d.enabled.unwrap_or(true),
            context,
            allow,
            examples: examples(d.examples),
        })
    }

    fn dictionary(&self, d: RawDictionary, pack: &str) -> Result<Detector, PackError> {
        let (category, severity) = self.common(&d.id, &d.entity, &d.category, &d.severity)?;
        let terms = self.words("term", d.terms)?;
        if terms.is_empty() {
            return Err(self.invalid("a dictionary needs at least one term"));
        }
        Ok(Detector {
            id: d.id.clone(),
            entity: d.entity,
            category,
            severity,
            description: d.description,
            pack: pack.to_string(),
            kind: DetectorKind::Dictionary(Dictionary {
                terms,
                case_insensitive: d.case_insensitive.unwrap_or(true),
                whole_word: d.whole_word.unwrap_or(true),
            }),
            validator: None,
            score: self.score(d.score, 0.8)?,
            redaction: self.redaction(d.redact.as_deref())?,
            enabled: d.enabled.unwrap_or(true),
            context: Context { window: DEFAULT_CONTEXT_WINDOW, ..Context::default() },
            allow: Allow::default(),
            examples: examples(d.examples),
        })
    }
}

fn examples(e: RawExamples) -> Examples {
    Examples { must_match: e.must_match, no_match: e.no_match }
}

/// Allow-list normal form: separators dropped, ASCII lowercase.
pub(crate) fn normalize(value: &[u8]) -> Vec<u8> {
    value
        .iter()
        .filter(|b| !matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'/'))
        .map(|b| b.to_ascii_lowercase())
        .collect()
}
