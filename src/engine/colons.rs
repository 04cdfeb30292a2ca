//! Colon runs: the candidate source for `colons = N` detectors (IPv6 addresses).
//!
//! A run is a maximal sequence of hex digits, colons and dots. Only runs that hold `::` or at
//! least N colons within their first `window` bytes become windows, so the clock times,
//! `Note:` labels and `key: value` lines that make `:` one of the commonest bytes in tickets
//! cost a `memchr` hit and a short walk, not a regex search. (As an aho-corasick keyword, `:`
//! fired every ~75 bytes of the development corpus and opened a regex window on each.)

/// Whether `b` continues a colon run.
fn in_run(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b':' || b == b'.'
}

/// Calls `f(start, end)` for each colon run of `hay` whose first `window` bytes hold `::` or at
/// least `min` colons; `end` is at most `start + window`. Linear in `hay`: each run is walked
/// once, whatever the number of colons in it.
pub fn for_each_run(hay: &[u8], min: u32, window: usize, mut f: impl FnMut(usize, usize)) {
    let mut done = 0;
    for i in memchr::memchr_iter(b':', hay) {
        if i < done {
            continue;
        }
        let start = hay[..i].iter().rposition(|&b| !in_run(b)).map_or(0, |p| p + 1);
        let end = hay[i..].iter().position(|&b| !in_run(b)).map_or(hay.len(), |p| i + p);
        done = end;
        let head = &hay[start..end.min(start.saturating_add(window))];
        if holds_colons(head, min) {
            f(start, start + head.len());
        }
    }
}

/// Whether `head` holds `::` or at least `min` colons. A plain loop: heads are a window
/// (tens of bytes) long, where building a `memmem` finder per run cost more than the walk.
fn holds_colons(head: &[u8], min: u32) -> bool {
    let mut colons = 0u64;
    let mut prev = 0u8;
    for &b in head {
        if b == b':' {
            if prev == b':' {
                return true;
            }
            colons += 1;
        }
        prev = b;
    }
    colons >= u64::from(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(s: &str, min: u32, window: usize) -> Vec<&str> {
        let mut out = vec![];
        for_each_run(s.as_bytes(), min, window, |a, b| out.push(&s[a..b]));
        out
    }

    #[test]
    fn compressed_or_full_addresses_only() {
        let s = "from 2001:db8::8a2e:370:7334 at 10:30:45, fe80:0:0:0:202:b3ff:fe1e:8329.";
        assert_eq!(runs(s, 7, 40), ["2001:db8::8a2e:370:7334", "fe80:0:0:0:202:b3ff:fe1e:8329."]);
        assert_eq!(runs("Note: call at 10:30:45 or 23:28:43.426Z", 7, 40), Vec::<&str>::new());
        assert_eq!(runs("mac F0:60:72:ee:d7:B8", 5, 40), ["F0:60:72:ee:d7:B8"]);
        assert_eq!(runs("x ::1", 7, 40), ["::1"]);
        assert_eq!(runs("", 7, 40), Vec::<&str>::new());
    }

    #[test]
    fn windows_are_capped_and_runs_walked_once() {
        let long = format!("a{}", ":1".repeat(10_000));
        let got = runs(&long, 7, 40);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].len(), 40);
        assert!(got[0].starts_with('a'));
        // `::` beyond the window does not count.
        assert_eq!(runs(&format!("{}::1", "a:".repeat(30)), 40, 10), Vec::<&str>::new());
    }
}
