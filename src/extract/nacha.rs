//! NACHA (ACH) entry detail records pasted into text. A payroll or vendor-payment file's `6`
//! records carry the receiving bank's routing number and the employee's account number in
//! fixed columns, with no label on the line (`622091000019123456789        0000150000…`).
//! Each line whose record type, transaction code and columns fit goes to the table batch
//! field by field: the routing number (8 digits and its check digit) as a `routing number`,
//! the DFI account as an `account number`; the packs decide as for any labelled cell, so the
//! ABA checksum still applies.
//!
//! Written by hand: ACH crates parse whole files (94-character records between header and
//! control records), while ticket text holds a few entry lines, sometimes with a space typed
//! between fields (`622 091000019 123456789 0000150000 …`), and offsets into the text are
//! what is needed.

use crate::content::field::FieldBatch;

/// Transaction codes of entries to checking (2x) and savings (3x) accounts: credits, debits,
/// prenotes and zero-dollar entries.
fn is_transaction_code(code: &[u8]) -> bool {
    matches!(
        code,
        b"22" | b"23" | b"24" | b"27" | b"28" | b"29" | b"32" | b"33" | b"34" | b"37" | b"38" | b"39"
    )
}

/// Whether some line of `text` reads as an entry detail record.
pub(super) fn may_hold(text: &[u8]) -> bool {
    lines(text).any(|(l0, l1)| entry(text, l0, l1).is_some())
}

/// Adds the routing and account number of every entry line of `text` to `batch` (their
/// offsets to `at`).
pub(super) fn add_values(text: &[u8], batch: &mut FieldBatch, at: &mut Vec<usize>) {
    for (l0, l1) in lines(text) {
        let Some((routing, account)) = entry(text, l0, l1) else { continue };
        for (label, (v0, v1)) in [("routing number", routing), ("account number", account)] {
            if let Some(value) = text.get(v0..v1).filter(|v| !v.is_empty()) {
                batch.push(Some(label), value);
                at.push(v0);
            }
        }
    }
}

/// `(start, end)` of each line that starts with `6`, without its line break. Records start
/// in column 0; one `memmem` pass for `\n6` keeps this cheap on prose, where most lines start
/// otherwise (a per-line loop cost 43 M instructions on 20 MB of ticket text).
fn lines(text: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let first = (text.first() == Some(&b'6')).then_some(0);
    let starts = first.into_iter().chain(memchr::memmem::find_iter(text, b"\n6").map(|i| i + 1));
    starts.map(move |l0| {
        let rest = text.get(l0..).unwrap_or_default();
        let mut l1 = memchr::memchr(b'\n', rest).map_or(text.len(), |i| l0 + i);
        if l1 > l0 && text.get(l1 - 1) == Some(&b'\r') {
            l1 -= 1;
        }
        (l0, l1)
    })
}

/// The routing number and account spans of the entry record `text[l0..l1]`: record type `6`,
/// a transaction code, 9 digits, then the account and a 10-digit amount, either in their
/// fixed columns (account 17 characters, blank-padded) or each after one space.
fn entry(text: &[u8], l0: usize, l1: usize) -> Option<((usize, usize), (usize, usize))> {
    let line = text.get(l0..l1)?;
    if line.first() != Some(&b'6') || !is_transaction_code(line.get(1..3)?) {
        return None;
    }
    let digits = |a: usize, b: usize| line.get(a..b).is_some_and(|f| f.iter().all(u8::is_ascii_digit));
    let spaced = line.get(3) == Some(&b' ');
    let r0 = if spaced { 4 } else { 3 };
    if !digits(r0, r0 + 9) {
        return None;
    }
    let (a0, a1) = if spaced {
        let a0 = r0 + 10;
        if line.get(r0 + 9) != Some(&b' ') {
            return None;
        }
        let len = line.get(a0..)?.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        let amount = a0 + len + 1;
        if len == 0 || line.get(a0 + len) != Some(&b' ') || !digits(amount, amount + 10) {
            return None;
        }
        (a0, a0 + len)
    } else {
        let a0 = r0 + 9;
        let field = line.get(a0..a0 + 17)?;
        let len = field.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        let padded = field.get(len..).is_some_and(|rest| rest.iter().all(|&b| b == b' '));
        if len == 0 || !padded || !digits(a0 + 17, a0 + 27) {
            return None;
        }
        (a0, a0 + len)
    };
    Some(((l0 + r0, l0 + r0 + 9), (l0 + a0, l0 + a1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(&str, &str)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        for (l0, l1) in lines(b) {
            if let Some(((r0, r1), (a0, a1))) = entry(b, l0, l1) {
                out.push((&text[r0..r1], &text[a0..a1]));
            }
        }
        out
    }

    #[test]
    fn fixed_width_entry_records_give_routing_and_account() {
        let file = "101 091000019 1234567890250301\r\n\
                    5220ACME PAYROLL\r\n\
                    622091000019123456789        0000150000EMP0001        DOE JANE              0091000010000001\r\n\
                    632021000021000987654321     0000099500EMP0002        ROE RICHARD           0091000010000002\r\n\
                    820000000200112000040000000000000000002495001234567890";
        assert_eq!(fields(file), vec![("091000019", "123456789"), ("021000021", "000987654321")]);
    }

    #[test]
    fn entry_lines_with_a_space_between_fields() {
        let text = "Entry lines (txn code, routing, account, amount, name):\n\
                    622 089164365 88838721321 0049191026 NAKAMURA BRENT\n\
                    627 085340277 60817250 0621072335 QUINTERO LORRAINE\n  \
                    622 089164365 88838721321 0049191026 (indented: not a record)";
        assert_eq!(fields(text), vec![("089164365", "88838721321"), ("085340277", "60817250")]);
    }

    #[test]
    fn lines_that_only_start_with_six_are_not_entries() {
        for text in [
            "6 tickets closed today",
            "622 people affected, 1000 more to go",
            "6220910000191234567890000150000",
            "612091000019123456789        0000150000",
            "622 091000019 123456789 amount pending",
        ] {
            assert!(fields(text).is_empty(), "{text}");
            assert!(!may_hold(text.as_bytes()), "{text}");
        }
    }
}
