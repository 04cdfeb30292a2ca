//! Scanning one value with its field name as context: a JSON key or form key such as `dob`,
//! `card_number` or `patientMRN` is what makes `1984-03-12` a date of birth, so the value is
//! scanned as the text `"<key words>: <value>"` (the key split into words at `_`, `-`, `.`
//! and camelCase humps) and only findings inside the value part are kept, shifted to value
//! offsets. One buffer is reused for every value of a body.
//!
//! Values with several lines may hold a pasted table: [`merge_tables`] adds what its header
//! row makes findings (the one place content uses `extract`, whose table reader it shares).
//!
//! [`FieldBatch`] scans many values in one pass with the same result per value.
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

    fn merge_alone(&mut self, scanner: &Scanner, scratch: &mut Scratch, value: &[u8]) {
        self.alone.clear();
        scanner.scan_with(scratch, value, &mut self.alone);
        add_alone(&mut self.out, &self.alone);
    }
}

/// Adds to a value's labelled findings those of the value scanned alone that overlap none of
/// them, keeping the list sorted by start.
fn add_alone(out: &mut Vec<Finding>, alone: &[Finding]) {
    for a in alone {
        if !out.iter().any(|k| k.overlaps(a)) {
            out.push(*a);
        }
    }
    out.sort_by_key(|f| f.start);
}

/// Many values with their field names, scanned in one batch ([`Scanner::scan_batch`]): the
/// findings of each are those [`FieldScanner::scan`] gives it alone. For documents with
/// hundreds of short values, where the fixed cost of one scan per value dominated.
#[derive(Debug, Default)]
pub(crate) struct FieldBatch {
    /// The texts (`"<key words>: <value>"`), each followed by `\n`.
    text: Vec<u8>,
    segments: Vec<std::ops::Range<usize>>,
    /// Per text: where its value starts in `text`.
    value_at: Vec<usize>,
    /// Per text: its findings in `found` (offsets into the value).
    spans: Vec<std::ops::Range<usize>>,
    found: Vec<Finding>,
    words: Vec<u8>,
    straddled: Vec<usize>,
    alone: Vec<Finding>,
    merged: Vec<Finding>,
}

impl FieldBatch {
    pub fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.value_at.clear();
        self.spans.clear();
        self.found.clear();
    }

    /// How many texts have been added since [`FieldBatch::clear`].
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Adds `value` with `label` as context; it is text number `len()` before the call.
    pub fn push(&mut self, label: Option<&str>, value: &[u8]) {
        let start = self.text.len();
        self.words.clear();
        push_words(&mut self.words, label.unwrap_or(""));
        if !self.words.is_empty() {
            self.text.extend_from_slice(&self.words);
            self.text.extend_from_slice(SEPARATOR);
        }
        self.value_at.push(self.text.len());
        self.text.extend_from_slice(value);
        self.segments.push(start..self.text.len());
        self.text.push(b'\n');
    }

    /// Scans every text added since [`FieldBatch::clear`].
    pub fn scan(&mut self, scanner: &Scanner, scratch: &mut Scratch) {
        let FieldBatch { text, segments, value_at, spans, found, straddled, .. } = self;
        spans.clear();
        spans.resize(segments.len(), 0..0);
        straddled.clear();
        scanner.scan_batch(scratch, text, segments, |i, findings| {
            let (Some(seg), Some(&at)) = (segments.get(i), value_at.get(i)) else { return };
            let at = at - seg.start;
            let from = found.len();
            for f in findings {
                if f.start >= at {
                    found.push(Finding { start: f.start - at, end: f.end - at, ..*f });
                } else if f.end > at {
                    straddled.push(i);
                }
            }
            if let Some(span) = spans.get_mut(i) {
                *span = from..found.len();
            }
        });
        straddled.dedup();
        // As in `FieldScanner::scan`: a finding reaching from the key words into the value may
        // hide one of the value's own, so such values are also scanned alone.
        for k in 0..self.straddled.len() {
            let i = self.straddled[k];
            let (Some(&at), Some(seg)) = (self.value_at.get(i), self.segments.get(i)) else { continue };
            let Some(value) = self.text.get(at..seg.end) else { continue };
            self.alone.clear();
            scanner.scan_with(scratch, value, &mut self.alone);
            let span = self.spans.get(i).cloned().unwrap_or(0..0);
            self.merged.clear();
            self.merged.extend_from_slice(self.found.get(span).unwrap_or_default());
            add_alone(&mut self.merged, &self.alone);
            let from = self.found.len();
            self.found.extend_from_slice(&self.merged);
            if let Some(span) = self.spans.get_mut(i) {
                *span = from..self.found.len();
            }
        }
    }

    /// The findings of text `i` (offsets into its value, sorted, non-overlapping).
    pub fn findings(&self, i: usize) -> &[Finding] {
        self.spans.get(i).and_then(|s| self.found.get(s.clone())).unwrap_or_default()
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
    crate::extract::table_reading(text, scanner, scratch).apply_to(findings);
}

/// Appends `label` as words: `card_number` → `card number`, `dateOfBirth` → `date Of Birth`,
/// `ABARouting` → `ABA Routing`.
/// Labels without a letter (ASCII or not: `出生日期`, `Дата рождения` are labels), or longer
/// than [`MAX_LABEL`], add nothing.
pub(crate) fn push_words(out: &mut Vec<u8>, label: &str) {
    // Salesforce custom fields end in `__c` (`__pc` on person accounts): `Birthdate__c`.
    // OData annotations name the field before the `@`:
    // `new_dateofbirth@OData.Community.Display.V1.FormattedValue` (Dynamics 365, Graph).
    let label = label.split_once('@').map_or(label, |(field, _)| field);
    let label = label.strip_suffix("__c").or_else(|| label.strip_suffix("__pc")).unwrap_or(label);
    if label.len() > MAX_LABEL || !label.chars().any(char::is_alphabetic) {
        return;
    }
    let start = out.len();
    let mut prev = b' ';
    let bytes = label.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // An acronym ends before the capital that starts the next word: `ABARouting`,
        // `CFMedicalRecordNumber`.
        // `MRNs`, `NPIs` are plurals, not an acronym and a word.
        let plural = bytes.get(i + 1) == Some(&b's') && !bytes.get(i + 2).is_some_and(u8::is_ascii_lowercase);
        let acronym_ends =
            prev.is_ascii_uppercase() && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase) && !plural;
        let space = match b {
            b'_' | b'-' | b'.' | b' ' | b'\t' | b'\n' | b'\r' => true,
            b'A'..=b'Z' if prev.is_ascii_lowercase() || prev.is_ascii_digit() || acronym_ends => {
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
    split_glued(out, start);
}

/// Label words that keys glue onto a qualifier without a separator: `patientmrn`,
/// `cf_providernpi`, `Patientdob__c`, `u_patientbirthdate`.
const GLUED: &[&str] =
    &["mrn", "npi", "dob", "ssn", "nhs", "iban", "phone", "email", "birthdate", "dateofbirth"];

/// Shortest qualifier split off a glued label word (`idea` is not `i dea`, `Mrn` stays whole).
const MIN_QUALIFIER: usize = 4;

/// Splits each word of `out[start..]` that is a qualifier glued to a [`GLUED`] label word.
fn split_glued(out: &mut Vec<u8>, start: usize) {
    // The shortest word that can hold a qualifier and a label word.
    const SHORTEST: usize = MIN_QUALIFIER + 3;
    let mut i = start;
    while i + SHORTEST <= out.len() {
        let end = out[i..].iter().position(|&b| b == b' ').map_or(out.len(), |p| i + p);
        let word = &out[i..end];
        let glued = (word.len() >= SHORTEST)
            .then(|| {
                GLUED.iter().find(|g| {
                    let cut = word.len().saturating_sub(g.len());
                    cut >= MIN_QUALIFIER
                        && word[cut..].eq_ignore_ascii_case(g.as_bytes())
                        && word[..cut].iter().all(u8::is_ascii_alphabetic)
                })
            })
            .flatten();
        match glued {
            Some(g) => {
                out.insert(end - g.len(), b' ');
                i = end + 2;
            }
            None => i = end + 1,
        }
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
        assert_eq!(words("cf_patientmrn"), "cf patient mrn");
        assert_eq!(words("Patientdob__c"), "Patient dob");
        assert_eq!(words("providerNPI"), "provider NPI");
        assert_eq!(words("u_providernpi_2"), "u provider npi 2");
        assert_eq!(words("idea"), "idea");
        assert_eq!(words("mrn"), "mrn");
        assert_eq!(words("phone2Home"), "phone2 Home");
        assert_eq!(words("Geburtsdatum"), "Geburtsdatum");
        assert_eq!(words("Birthdate__c"), "Birthdate");
        assert_eq!(words("Patient_MRN__pc"), "Patient MRN");
        assert_eq!(words("ABARouting"), "ABA Routing");
        assert_eq!(words("CFMedicalRecordNumber"), "CF Medical Record Number");
        assert_eq!(words("PatientMRNs"), "Patient MRNs");
        assert_eq!(words("NPIsOnFile"), "NPIs On File");
        assert_eq!(words("出生日期"), "出生日期");
        assert_eq!(words("Дата рождения"), "Дата рождения");
        assert_eq!(words("12"), "");
        assert_eq!(words("— №"), "");
        assert_eq!(words(""), "");
        assert_eq!(words(&"a".repeat(65)), "");
    }
}
