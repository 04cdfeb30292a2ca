//! Scanning one value with its field name as context: a JSON key or form key such as `dob`,
//! `card_number` or `patientMRN` is what makes `1984-03-12` a date of birth, so the value is
//! scanned as the text `"<key words>: <value>"` (the key split into words at `_`, `-`, `.`
//! and camelCase humps) and only findings inside the value part are kept, shifted to value
//! offsets. One buffer is reused for every value of a body.
//!
//! Values with several lines may hold a pasted table: [`FieldScanner::scan_with_tables`] adds
//! what its header row makes findings (the one place content uses `extract`, whose table
//! reader it shares).
//!
//! A finding that starts in the key part and ends in the value (a pack regex that swallowed
//! the separator) could hide a finding of the value itself, so in that (rare) case the value
//! is also scanned alone and the findings merged.

use crate::engine::{Scanner, Scratch};
use crate::finding::Finding;

/// Longer keys are not used as context (they are not labels, and a hostile document could
/// make every value pay for them). The key itself is still scanned as a key.
const MAX_LABEL: usize = 64;
const SEPARATOR: &[u8] = b": ";

#[derive(Debug, Default)]
pub(crate) struct FieldScanner {
    text: Vec<u8>,
    found: Vec<Finding>,
    alone: Vec<Finding>,
    out: Vec<Finding>,
}

impl FieldScanner {
    /// Findings of `value` (offsets into `value`, sorted, non-overlapping), with `label` as
    /// context.
    pub fn scan(
        &mut self,
        scanner: &Scanner,
        scratch: &mut Scratch,
        label: Option<&str>,
        value: &[u8],
    ) -> &[Finding] {
        self.out.clear();
        self.text.clear();
        push_words(&mut self.text, label.unwrap_or(""));
        if self.text.is_empty() {
            scanner.scan_with(scratch, value, &mut self.out);
            return &self.out;
        }
        self.text.extend_from_slice(SEPARATOR);
        let at = self.text.len();
        self.text.extend_from_slice(value);
        self.found.clear();
        scanner.scan_with(scratch, &self.text, &mut self.found);
        let mut straddled = false;
        for f in &self.found {
            if f.start >= at {
                self.out.push(Finding { start: f.start - at, end: f.end - at, ..*f });
            } else if f.end > at {
                straddled = true;
            }
        }
        if straddled {
            self.merge_alone(scanner, scratch, value);
        }
        &self.out
    }

    /// [`FieldScanner::scan`], plus what the headers of tables pasted into the value add (a
    /// note holding a spreadsheet paste: see `extract::header_findings_in_text`). Only for
    /// values with more than one line.
    pub fn scan_with_tables(
        &mut self,
        scanner: &Scanner,
        scratch: &mut Scratch,
        label: Option<&str>,
        value: &[u8],
    ) -> &[Finding] {
        self.scan(scanner, scratch, label, value);
        if memchr::memchr(b'\n', value).is_some() {
            merge_tables(&mut self.out, value, scanner, scratch);
        }
        &self.out
    }

    fn merge_alone(&mut self, scanner: &Scanner, scratch: &mut Scratch, value: &[u8]) {
        self.alone.clear();
        scanner.scan_with(scratch, value, &mut self.alone);
        for a in &self.alone {
            if !self.out.iter().any(|k| k.overlaps(a)) {
                self.out.push(*a);
            }
        }
        self.out.sort_by_key(|f| f.start);
    }
}

/// Adds to `findings` (sorted, non-overlapping) what table headers inside `text` make findings,
/// where they overlap nothing already found.
pub(crate) fn merge_tables(
    findings: &mut Vec<Finding>,
    text: &[u8],
    scanner: &Scanner,
    scratch: &mut Scratch,
) {
    let extra = crate::extract::header_findings_in_text(text, scanner, scratch);
    crate::finding::merge_disjoint(findings, &extra);
}

/// Appends `label` as words: `card_number` → `card number`, `dateOfBirth` → `date Of Birth`.
/// Labels without an ASCII letter, or longer than [`MAX_LABEL`], add nothing.
pub(crate) fn push_words(out: &mut Vec<u8>, label: &str) {
    if label.len() > MAX_LABEL || !label.bytes().any(|b| b.is_ascii_alphabetic()) {
        return;
    }
    let mut prev = b' ';
    for b in label.bytes() {
        let space = match b {
            b'_' | b'-' | b'.' | b' ' | b'\t' | b'\n' | b'\r' => true,
            b'A'..=b'Z' if prev.is_ascii_lowercase() || prev.is_ascii_digit() => {
                out.push(b' ');
                false
            }
            _ => false,
        };
        match (space, out.last()) {
            (true, Some(b' ') | None) => {}
            (true, _) => out.push(b' '),
            (false, _) => out.push(b),
        }
        prev = b;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(label: &str) -> String {
        let mut out = Vec::new();
        push_words(&mut out, label);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn splits_keys_into_words() {
        assert_eq!(words("card_number"), "card number");
        assert_eq!(words("dateOfBirth"), "date Of Birth");
        assert_eq!(words("date-of-birth"), "date of birth");
        assert_eq!(words("patientMRN"), "patient MRN");
        assert_eq!(words("SSN"), "SSN");
        assert_eq!(words("__dob__"), "dob");
        assert_eq!(words("phone2Home"), "phone2 Home");
        assert_eq!(words("Geburtsdatum"), "Geburtsdatum");
        assert_eq!(words("12"), "");
        assert_eq!(words(""), "");
        assert_eq!(words(&"a".repeat(65)), "");
    }
}
