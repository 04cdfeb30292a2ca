//! Digit runs: the candidate source for every numeric detector, found in one pass.
//!
//! A run is a maximal sequence of ASCII digits where digits joined by one or two separator
//! bytes (` -./()+`) belong to the same run (`4111 1111 1111 1111`, `(555) 123-4567`,
//! `10.0.0.1`). Prose has few digits, so the skip loop tests eight bytes at a time (SWAR)
//! and the per-run work only happens where digits are.

/// Separator bytes that may join the digits of one run.
const fn separators() -> [bool; 256] {
    let mut t = [false; 256];
    let seps = b" -./()+";
    let mut i = 0;
    while i < seps.len() {
        t[seps[i] as usize] = true;
        i += 1;
    }
    t
}
static SEPARATOR: [bool; 256] = separators();
const MAX_JOIN: usize = 2;

/// Calls `f(start, end, digit_count)` for every digit run of `hay`, in order.
pub fn for_each_run(hay: &[u8], mut f: impl FnMut(usize, usize, u32)) {
    let mut i = 0;
    while let Some(start) = next_digit(hay, i) {
        let (end, count) = extend_run(hay, start);
        f(start, end, count);
        i = end;
    }
}

/// End (exclusive) and digit count of the run starting at `start` (a digit).
fn extend_run(hay: &[u8], start: usize) -> (usize, u32) {
    let mut j = start;
    let mut count = 0u32;
    loop {
        while j < hay.len() && hay[j].is_ascii_digit() {
            j += 1;
            count = count.saturating_add(1);
        }
        let end = j;
        let mut k = j;
        while k < hay.len() && k - end < MAX_JOIN && SEPARATOR[hay[k] as usize] {
            k += 1;
        }
        if k > end && k < hay.len() && hay[k].is_ascii_digit() {
            j = k;
        } else {
            return (end, count);
        }
    }
}

/// Position of the first ASCII digit at or after `from`.
#[inline]
fn next_digit(hay: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    // Eight bytes at a time: after XOR with '0', a digit is a byte below 10, and
    // `(x - 10*LO) & !x & HI` is non-zero exactly when some byte of x is below 10.
    while let Some(word) = hay.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let x = u64::from_le_bytes(b) ^ (LO * 0x30);
        if x.wrapping_sub(LO * 10) & !x & HI != 0 {
            break;
        }
        i += 8;
    }
    hay.get(i..)?.iter().position(u8::is_ascii_digit).map(|p| p + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(s: &str) -> Vec<(&str, u32)> {
        let mut out = vec![];
        for_each_run(s.as_bytes(), |a, b, n| out.push((&s[a..b], n)));
        out
    }

    #[test]
    fn joins_grouped_numbers() {
        assert_eq!(runs("card 4111 1111 1111 1111 exp"), vec![("4111 1111 1111 1111", 16)]);
        assert_eq!(runs("call (555) 123-4567."), vec![("555) 123-4567", 10)]);
        assert_eq!(runs("ip 10.0.0.1, x"), vec![("10.0.0.1", 5)]);
    }

    #[test]
    fn letters_and_long_gaps_split_runs() {
        assert_eq!(runs("ab12cd345   678"), vec![("12", 2), ("345", 3), ("678", 3)]);
        assert_eq!(runs("345  678"), vec![("345  678", 6)]);
        assert_eq!(runs("2024-03-21T23:28"), vec![("2024-03-21", 8), ("23", 2), ("28", 2)]);
    }

    #[test]
    fn finds_digits_at_every_offset_of_the_word_loop() {
        for pad in 0..20 {
            let s = format!("{}7{}", "x".repeat(pad), "y".repeat(pad));
            assert_eq!(runs(&s), vec![("7", 1)], "pad {pad}");
        }
        assert_eq!(runs(""), vec![]);
        assert_eq!(runs("no digits at all here, none"), vec![]);
    }

    #[test]
    fn non_ascii_bytes_are_not_digits() {
        assert_eq!(runs("\u{0663}\u{FF11}9"), vec![("9", 1)]);
    }
}
