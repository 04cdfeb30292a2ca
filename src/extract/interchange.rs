//! Healthcare interchange pasted into text: HL7 v2 segments (`PID|1||…`) and X12 EDI segments
//! (`NM1*85*2*…*XX*1234567893~`). Their values stand bare; the standard names them by
//! position and qualifier (PID-7 is the birth date, `XX` before an id makes it an NPI, `REF*SY`
//! an SSN). Each value a field names goes to the table batch under the label the standard gives
//! it, and the packs decide as for any labelled cell: validators and value shapes still apply.
//!
//! Hand-written readers: the crates for HL7 and X12 parse whole, well-formed messages into
//! trees, while ticket text holds fragments (a few segments, no `MSH` or `ISA` header, line
//! breaks where `\r` was) and offsets into the text are what is needed.

use crate::content::field::FieldBatch;

/// Segment tags whose presence (followed by `|`) makes a text worth reading as HL7 v2.
const HL7_TAGS: [&[u8; 3]; 9] = [b"MSH", b"PID", b"PV1", b"GT1", b"IN1", b"NK1", b"ORC", b"OBR", b"PD1"];
/// Segment tags whose presence (followed by `*`, with a `~` terminator somewhere) makes a
/// text worth reading as X12.
const X12_TAGS: [&[u8; 3]; 5] = [b"NM1", b"DMG", b"REF", b"PER", b"BPR"];

/// Which interchange formats a text may hold: searched once per text, then handed to
/// [`add_values`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Kinds {
    hl7: bool,
    x12: bool,
}

impl Kinds {
    pub(super) fn any(self) -> bool {
        self.hl7 || self.x12
    }
}

/// Whether `text` may hold HL7 v2 or X12 segments.
pub(super) fn may_hold(text: &[u8]) -> Kinds {
    Kinds { hl7: may_hold_hl7(text), x12: may_hold_x12(text) }
}

fn may_hold_hl7(text: &[u8]) -> bool {
    tag_before_separator(text, b'|', &HL7_TAGS)
}

fn may_hold_x12(text: &[u8]) -> bool {
    memchr::memchr(b'~', text).is_some() && tag_before_separator(text, b'*', &X12_TAGS)
}

/// Whether one of `tags` stands right before a `separator` somewhere in `text`. One pass over
/// the separators (rare in prose) instead of one substring search per tag: on 20 MB of ticket
/// text holding both separators, 104 M instructions for the 11 `memmem` passes this replaced.
fn tag_before_separator(text: &[u8], separator: u8, tags: &[&[u8; 3]]) -> bool {
    memchr::memchr_iter(separator, text)
        .any(|i| i >= 3 && text.get(i - 3..i).is_some_and(|t| tags.iter().any(|tag| t == tag.as_slice())))
}

/// Adds every value an HL7 or X12 segment in `text` names to `batch` (its offset to `at`);
/// `kinds` is [`may_hold`] of `text`.
pub(super) fn add_values(text: &[u8], kinds: Kinds, batch: &mut FieldBatch, at: &mut Vec<usize>) {
    let mut add = |label: &str, (v0, v1): (usize, usize)| {
        if let Some(value) = text.get(v0..v1).filter(|v| !v.is_empty()) {
            batch.push(Some(label), value);
            at.push(v0);
        }
    };
    if kinds.hl7 {
        for (l0, l1) in segments(text, b"\r\n") {
            hl7_segment(text, l0, l1, &mut add);
        }
    }
    if kinds.x12 {
        for (l0, l1) in segments(text, b"~\r\n") {
            x12_segment(text, l0, l1, &mut add);
        }
    }
}

/// The non-empty pieces of `text` between any of the `ends` bytes, leading blanks skipped.
fn segments<'t>(text: &'t [u8], ends: &'t [u8]) -> impl Iterator<Item = (usize, usize)> + 't {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let l0 = at;
            let l1 = text[l0..].iter().position(|b| ends.contains(b)).map_or(text.len(), |i| l0 + i);
            at = l1 + 1;
            let skip = text[l0..l1].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
            if l0 + skip < l1 {
                return Some((l0 + skip, l1));
            }
        }
        None
    })
}

/// `(start, end)` of each piece of `text[s0..s1]` split at `sep`.
fn split(text: &[u8], (s0, s1): (usize, usize), sep: u8) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = Some(s0);
    std::iter::from_fn(move || {
        let p0 = at?;
        let p1 = text[p0..s1].iter().position(|&b| b == sep).map_or(s1, |i| p0 + i);
        at = (p1 < s1).then_some(p1 + 1);
        Some((p0, p1))
    })
}

/// A segment's three-character tag (`PID`, `NM1`) followed by `sep`.
fn tag(text: &[u8], l0: usize, l1: usize, sep: u8) -> Option<&[u8]> {
    let t = text.get(l0..l0 + 3)?;
    let ok = l0 + 3 < l1
        && text.get(l0 + 3) == Some(&sep)
        && t[0].is_ascii_uppercase()
        && t[1..].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    ok.then_some(t)
}

/// HL7 v2 fields by segment and position (field 1 follows the tag) whose first component is
/// the value: `PID-7` date of birth, `PID-19` SSN, telephone fields, and the provider fields
/// (`XCN`: PV1-7 attending, -8 referring, -9 consulting, -17 admitting, -52 other doctor;
/// ORC-12 and OBR-16 ordering provider; PD1-4 primary care provider), whose id a US sender
/// fills with the NPI (the NPI check still decides).
fn hl7_field_label(segment: &[u8], field: usize) -> Option<&'static str> {
    Some(match (segment, field) {
        (b"PID", 7) | (b"NK1", 16) | (b"GT1", 8) | (b"IN1", 18) => "date of birth",
        (b"PID", 19) | (b"GT1", 12) | (b"IN2", 2) | (b"NK1", 37) => "SSN",
        (b"PID", 13 | 14) | (b"NK1", 5 | 6) | (b"GT1", 6 | 7) | (b"IN1", 7) => "phone",
        (b"PV1", 7 | 8 | 9 | 17 | 52) | (b"ORC", 12) | (b"OBR", 16) | (b"PD1", 4) => "NPI",
        _ => return None,
    })
}

/// HL7 identifier type codes (table 0203) that name an identifier's kind, wherever they stand
/// in a `CX` (component 5) or `XCN` (component 13) repetition, or in a FHIR `Identifier`'s
/// `type.coding` (see `content::json`).
pub(crate) fn hl7_type_label(code: &[u8]) -> Option<&'static str> {
    Some(match code {
        b"MR" | b"MRN" => "MRN",
        b"SS" => "SSN",
        b"NPI" => "NPI",
        b"NH" | b"NHS" => "NHS number",
        b"DEA" => "DEA number",
        _ => return None,
    })
}

fn hl7_segment(text: &[u8], l0: usize, l1: usize, add: &mut impl FnMut(&str, (usize, usize))) {
    let Some(seg) = tag(text, l0, l1, b'|') else { return };
    if seg == b"MSH" {
        return; // Header fields: applications, times, control ids.
    }
    for (field, span) in split(text, (l0 + 4, l1), b'|').enumerate() {
        let field = field + 1;
        for rep in split(text, span, b'~') {
            let mut comps = split(text, rep, b'^');
            let Some(first) = comps.next().filter(|(a, b)| a < b) else { continue };
            if let Some(label) = hl7_field_label(seg, field) {
                // The whole first component: a timestamp (`196808101200`) is left to the packs'
                // date shapes, which read a compact `YYYYMMDD` only.
                add(label, first);
                continue;
            }
            // `CX`: ID^check digit^scheme^authority^type; `XCN`: ID^family^given^…^type (13th).
            let typed = comps
                .enumerate()
                .find_map(|(i, c)| matches!(i, 3 | 11).then(|| hl7_type_label(&text[c.0..c.1])).flatten());
            if let Some(label) = typed {
                add(label, first);
            }
        }
    }
}

fn x12_segment(text: &[u8], l0: usize, l1: usize, add: &mut impl FnMut(&str, (usize, usize))) {
    let Some(seg) = tag(text, l0, l1, b'*') else { return };
    let elements: Vec<(usize, usize)> = split(text, (l0 + 4, l1), b'*').collect();
    let el = |i: usize| elements.get(i.wrapping_sub(1)).map_or(&b""[..], |&(a, b)| &text[a..b]);
    let span = |i: usize| elements.get(i.wrapping_sub(1)).copied();
    let mut put = |label, i| {
        if let Some(s) = span(i).filter(|(a, b)| a < b) {
            add(label, s);
        }
    };
    match seg {
        // NM108 qualifies NM109: XX the NPI, 34 the SSN.
        b"NM1" => match el(8) {
            b"XX" => put("NPI", 9),
            b"34" => put("SSN", 9),
            _ => {}
        },
        b"DMG" if el(1) == b"D8" => put("date of birth", 2),
        b"REF" => match el(1) {
            b"SY" => put("SSN", 2),
            b"EA" => put("medical record number", 2),
            _ => {}
        },
        // PER03/05/07 qualify the number after them.
        b"PER" => {
            for q in [3, 5, 7] {
                match el(q) {
                    b"TE" | b"FX" | b"CP" | b"HP" | b"WP" => put("phone", q + 1),
                    b"EM" => put("email", q + 1),
                    _ => {}
                }
            }
        }
        // BPR06/07 and BPR12/13: DFI qualifier 01 names an ABA routing number; then the account.
        b"BPR" => {
            for (q, id, acct) in [(6, 7, 9), (12, 13, 15)] {
                if el(q) == b"01" {
                    put("routing number", id);
                    put("bank account number", acct);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut add =
            |label: &str, (a, b): (usize, usize)| out.push((label.to_string(), text[a..b].to_string()));
        let t = text.as_bytes();
        for (l0, l1) in segments(t, b"\r\n") {
            hl7_segment(t, l0, l1, &mut add);
        }
        for (l0, l1) in segments(t, b"~\r\n") {
            x12_segment(t, l0, l1, &mut add);
        }
        out
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn hl7_fields_and_typed_identifiers_take_their_names() {
        let msg = "MSH|^~\\&|EPIC|HOSP|||20250504121636||ADT^A01|MSG0001|P|2.5\r\
                   PID|1||M1315414^^^RBCARD^MR~022628379^^^SSA^SS||HOLLINS^DOMINIC^J||19610412|F|||\
                   1 MAIN ST^^BOISE^ID^83702||(208)555-0142|||||ACCT1^^^RBCARD^AN|538156818\r\
                   PV1|1|E|ED^356^B||||1462372941^ESPOSITO^MARISOL^^^^MD^^^^^^NPI\r";
        assert_eq!(
            labelled(msg),
            pairs(&[
                ("MRN", "M1315414"),
                ("SSN", "022628379"),
                ("date of birth", "19610412"),
                ("phone", "(208)555-0142"),
                ("SSN", "538156818"),
                ("NPI", "1462372941"),
            ])
        );
    }

    #[test]
    fn provider_fields_name_their_id_an_npi() {
        let msg = "PID|1||9126858^^^STAUBREY^MR||CASTELLANO^FELICIA||19760222|F\n\
                   PV1|1|O|||||1043881576^KOWALCZYK^BRENT|1234567893^REF^DOC\n\
                   ORC|NW|A1||||||||||1962467592^ORDERING^PAT";
        let npis: Vec<String> =
            labelled(msg).into_iter().filter(|(l, _)| l == "NPI").map(|(_, v)| v).collect();
        assert_eq!(npis, ["1043881576", "1234567893", "1962467592"]);
    }

    #[test]
    fn x12_qualifiers_name_the_element_after_them() {
        let edi = "NM1*85*2*LAKESHORE IMAGING*****XX*1234567893~DMG*D8*19460621*M~REF*SY*741324525~\
                   REF*EI*741324525~NM1*IL*1*DOE*JANE****MI*W123456789~PER*IC*JANE*TE*2085550142*EM*j@x.org~\
                   BPR*I*100*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*55555~";
        assert_eq!(
            labelled(edi),
            pairs(&[
                ("NPI", "1234567893"),
                ("date of birth", "19460621"),
                ("SSN", "741324525"),
                ("phone", "2085550142"),
                ("email", "j@x.org"),
                ("routing number", "011000015"),
                ("bank account number", "123456789"),
                ("routing number", "021000021"),
                ("bank account number", "55555"),
            ])
        );
    }

    #[test]
    fn prose_with_pipes_and_stars_names_nothing() {
        assert!(labelled("Status | open | PID|unknown\nNote*: see REF* above ~ thanks").is_empty());
        assert!(!may_hold(b"a | b | c ~ d").any());
        assert!(may_hold(b"PID|1||123^^^H^MR").any());
    }

    #[test]
    fn a_tag_counts_only_right_before_its_separator() {
        let hl7 = |t: &[u8]| may_hold(t) == Kinds { hl7: true, x12: false };
        let x12 = |t: &[u8]| may_hold(t) == Kinds { hl7: false, x12: true };
        assert!(hl7(b"a | b\nPV1|1|O"));
        assert!(hl7(b"MSH|"));
        assert!(!may_hold(b"PID |1 and PI|D").any());
        assert!(!may_hold(b"|PID").any());
        assert!(x12(b"NM1*85*2*X~"));
        assert!(x12(b"~\nBPR*I*1*C"));
        // X12 needs a segment terminator somewhere.
        assert!(!may_hold(b"NM1*85*2*X").any());
        assert!(!may_hold(b"NM1 *85~ DMG").any());
    }
}
