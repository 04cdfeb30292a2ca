//! UK National Insurance numbers (HMRC National Insurance Manual NIM39110): two prefix letters,
//! six digits, a suffix letter A-D. Neither prefix letter may be D, F, I, Q, U or V; the second
//! may not be O; the prefixes BG, GB, KN, NK, NT, TN and ZZ are not allocated.
//!
//! Uppercase only. The canonical `AB123456C` and the printed `AB 12 34 56 C` are accepted, with
//! at most one space at each group boundary (after the prefix, between digit pairs, before the
//! suffix).

const NEVER_FIRST: &[u8] = b"DFIQUV";
const NEVER_SECOND: &[u8] = b"DFIOQUV";
const UNALLOCATED: [&[u8; 2]; 7] = [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"];

/// Longest accepted layout: `AB 12 34 56 C`.
const MAX_INPUT: usize = 13;

pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    // Groups: prefix (2 letters), three digit pairs, suffix (1 letter); one optional space
    // between consecutive groups.
    let mut compact = [0u8; 9];
    let mut n = 0;
    let mut rest = value;
    for (i, width) in [2usize, 2, 2, 2, 1].into_iter().enumerate() {
        if i > 0 {
            if let Some(tail) = rest.strip_prefix(b" ") {
                rest = tail;
            }
        }
        let Some((group, tail)) = rest.split_at_checked(width) else {
            return false;
        };
        for &b in group {
            let Some(slot) = compact.get_mut(n) else {
                return false;
            };
            *slot = b;
            n += 1;
        }
        rest = tail;
    }
    if !rest.is_empty() {
        return false;
    }
    let [p1, p2, d @ .., suffix] = compact;
    p1.is_ascii_uppercase()
        && p2.is_ascii_uppercase()
        && !NEVER_FIRST.contains(&p1)
        && !NEVER_SECOND.contains(&p2)
        && !UNALLOCATED.contains(&&[p1, p2])
        && d.iter().all(u8::is_ascii_digit)
        && matches!(suffix, b'A'..=b'D')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_layouts() {
        assert!(valid(b"AB123456C"));
        assert!(valid(b"AB 12 34 56 C"));
        assert!(valid(b"AB 123456 C"));
        assert!(valid(b"JG103759A"));
        assert!(valid(b"OA123456D")); // O is allowed first
        assert!(valid(b"CE123456A"));
    }

    #[test]
    fn prefix_rules() {
        assert!(!valid(b"QQ123456C")); // HMRC's documented dummy prefix
        assert!(!valid(b"DA123456C"));
        assert!(!valid(b"FA123456C"));
        assert!(!valid(b"IA123456C"));
        assert!(!valid(b"UA123456C"));
        assert!(!valid(b"VA123456C"));
        assert!(!valid(b"AO123456C")); // O never second
        assert!(!valid(b"AD123456C"));
        for p in ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"] {
            assert!(!valid(format!("{p}123456C").as_bytes()), "{p}");
        }
    }

    #[test]
    fn suffix_and_digits() {
        assert!(!valid(b"AB123456E"));
        assert!(!valid(b"AB123456")); // wrong length (suffix missing)
        assert!(!valid(b"AB1234567C"));
        assert!(!valid(b"AB12345C"));
        assert!(!valid(b"AB12345XC"));
        assert!(!valid(b"AB123456 "));
    }

    #[test]
    fn layout_mutations_fail() {
        assert!(!valid(b"ab123456c")); // lowercase
        assert!(!valid(b"AB  123456C")); // doubled space
        assert!(!valid(b" AB123456C"));
        assert!(!valid(b"AB123456C "));
        assert!(!valid(b"A B123456C")); // space inside a group
        assert!(!valid(b"AB-12-34-56-C"));
        assert!(!valid(b"1B123456C"));
        assert!(!valid(b""));
        assert!(!valid("ÄB123456C".as_bytes()));
    }
}
