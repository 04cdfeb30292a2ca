//! PDF extraction never panics, aborts (stack overflow, allocation failure) or runs past small
//! caps, whatever the bytes. Seed the corpus with tests/data/docs/*.pdf.
#![no_main]

use casegate::extract::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_total_bytes: 1 << 20,
        max_ratio: 100,
        max_depth: 3,
        max_entries: 64,
        max_time: std::time::Duration::from_secs(2),
    };
    // Inputs that do not start with %PDF- are sniffed as something else: prefix them so the
    // fuzzer spends its time in the PDF reader.
    let mut pdf = data.to_vec();
    if !pdf.starts_with(b"%PDF-") {
        pdf.splice(0..0, b"%PDF-1.7\n".iter().copied());
    }
    let _ = extract::extract(&pdf, &limits, &mut |_| Ok(()));
});
