//! `casegate packs lint`: what a reviewer would flag in a pack before it ships.
//!
//! Errors: detectors without examples, regexes that match the empty string. Warnings: the
//! whole-input slow path, Unicode classes where ASCII was meant, keywords or digit triggers so
//! short they fire everywhere, and regexes that match ordinary prose (pathologically broad).

use regex_automata::Input;

use super::{Detector, DetectorKind, PackSet, Trigger};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

#[derive(Clone, Debug)]
pub struct Lint {
    pub level: Level,
    pub detector: String,
    pub message: String,
}

/// Ordinary ticket prose with numbers that no detector should find much in.
const PROSE: &str = "Hello team, the export job failed again last night at 02:14 after 3 retries. \
    We upgraded to version 4.2.1 on Monday and the queue has 1200 items. Please advise when \
    the fix for ticket 58213 ships; our manager asked twice. Thanks, Dana from Operations.";

pub fn lint(packs: &PackSet) -> Vec<Lint> {
    let mut out = Vec::new();
    for d in &packs.detectors {
        lint_detector(d, &mut |level, message: String| {
            out.push(Lint { level, detector: d.id.clone(), message })
        });
    }
    out.sort_by(|a, b| b.level.cmp(&a.level).then(a.detector.cmp(&b.detector)));
    out
}

fn lint_detector(d: &Detector, emit: &mut impl FnMut(Level, String)) {
    if d.examples.must_match.is_empty() {
        emit(Level::Error, "no `examples.match`: the detector is untested".into());
    }
    if d.examples.no_match.is_empty() {
        emit(Level::Error, "no `examples.no_match`: add hard negatives".into());
    }
    if d.context.required && d.context.boost > 0.0 && d.score + d.context.boost > 1.0 {
        emit(Level::Warning, "score + context.boost exceeds 1.0 (capped)".into());
    }
    let DetectorKind::Regex(r) = &d.kind else { return };
    if r.regex.is_match(Input::new("").anchored(regex_automata::Anchored::Yes)) {
        emit(Level::Error, "regex matches the empty string".into());
    }
    if mentions_unicode_class(&r.source) {
        emit(Level::Warning, "Unicode \\d, \\w or \\b: use [0-9], (?-u:\\w), (?-u:\\b) for ASCII".into());
    }
    match &r.trigger {
        Trigger::Full => emit(
            Level::Warning,
            "no keywords, digits or required context: scans the whole input (slow path)".into(),
        ),
        Trigger::Digits { min, .. } if *min < 4 => {
            emit(Level::Warning, format!("digits = {min} fires on almost every number"))
        }
        Trigger::Keywords { words, .. } => {
            for w in words.iter().filter(|w| w.len() < 3 && w.bytes().all(|b| b.is_ascii_alphanumeric())) {
                emit(Level::Warning, format!("keyword {w:?} is short and will fire often"));
            }
        }
        _ => {}
    }
    let hits = r.regex.find_iter(PROSE.as_bytes()).count();
    if hits > 3 {
        emit(Level::Warning, format!("regex matches {hits} times in ordinary prose: pathologically broad"));
    }
}

/// `\d`, `\w`, `\b` outside a `(?-u:...)` group (a heuristic on the source text).
fn mentions_unicode_class(source: &str) -> bool {
    let stripped = source.replace("(?-u:\\d)", "").replace("(?-u:\\w)", "").replace("(?-u:\\b)", "");
    if source.starts_with("(?-u)") {
        return false;
    }
    stripped.contains("\\d") || stripped.contains("\\w") || stripped.contains("\\b")
}
